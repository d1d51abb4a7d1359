; Scopes and local bindings of Python files:
;   @local.scope       a node that opens a scope (names bound inside stay inside)
;   @local.definition  an identifier bound in its innermost scope (not a reference)
;   @lex.exclude       a span whose identifiers are not references (strings, comments, keyword names)
;   @lex.include       a span inside an excluded one whose identifiers are references (f-string fields)

[(function_definition) (lambda)
 (list_comprehension) (set_comprehension) (dictionary_comprehension) (generator_expression)] @local.scope

(parameters (identifier) @local.definition)
(lambda_parameters (identifier) @local.definition)
(default_parameter name: (identifier) @local.definition)
(typed_parameter . (identifier) @local.definition)
(typed_default_parameter name: (identifier) @local.definition)
(list_splat_pattern (identifier) @local.definition)
(dictionary_splat_pattern (identifier) @local.definition)

(assignment left: (identifier) @local.definition)
(augmented_assignment left: (identifier) @local.definition)
(for_statement left: (identifier) @local.definition)
(for_in_clause left: (identifier) @local.definition)
; Patterns appear only where names are bound, at any depth: `for i, (p, q) in ...`.
(pattern_list (identifier) @local.definition)
(tuple_pattern (identifier) @local.definition)
(list_pattern (identifier) @local.definition)
(as_pattern alias: (as_pattern_target (identifier) @local.definition))
(as_pattern alias: (as_pattern_target (tuple (identifier) @local.definition)))
(named_expression name: (identifier) @local.definition)
(global_statement (identifier) @local.global)
(nonlocal_statement (identifier) @local.global)

(keyword_argument name: (identifier) @lex.exclude)
[(string) (comment) (future_import_statement)] @lex.exclude
(interpolation) @lex.include
