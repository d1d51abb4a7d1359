; Test cases of JavaScript, TypeScript and TSX test files (jest, vitest, mocha, node:test):
;   @test.group  describe()/suite() blocks (they qualify the names inside)
;   @test.case   it()/test() calls         @test.name  the name string

(call_expression
  function: [(identifier) @_function (member_expression object: (identifier) @_function)]
  arguments: (arguments . [(string (string_fragment) @test.name) (template_string) @test.name])
  (#match? @_function "^(describe|suite|context)$")) @test.group

(call_expression
  function: [(identifier) @_function (member_expression object: (identifier) @_function)]
  arguments: (arguments . [(string (string_fragment) @test.name) (template_string) @test.name])
  (#match? @_function "^(it|test|bench)$")) @test.case
