; Definitions shared by JavaScript, TypeScript and TSX (see python/definitions.scm for the captures).

(function_declaration
  name: (identifier) @name
  body: (statement_block) @body) @definition.function

(generator_function_declaration
  name: (identifier) @name
  body: (statement_block) @body) @definition.function

(method_definition
  name: (_) @name
  body: (statement_block) @body) @definition.function

; const f = () => {}, const f = function () {}: the declaration is the entity.
(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)])) @definition.function

(variable_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)])) @definition.function

(class_declaration
  name: (_) @name
  body: (class_body) @body) @definition.class

(export_statement
  declaration: (_) @definition) @outer

((comment) @doc
  .
  [(function_declaration) (generator_function_declaration) (class_declaration)
   (lexical_declaration) (variable_declaration) (method_definition)] @definition
  (#match? @doc "^/\\*\\*"))

((comment) @doc
  .
  (export_statement declaration: (_) @definition)
  (#match? @doc "^/\\*\\*"))

(decorator) @decorator
