; Scopes, local bindings and lexing exclusions shared by JavaScript, TypeScript and TSX
; (see python/locals.scm for the captures).

[(function_declaration) (generator_function_declaration) (function_expression)
 (generator_function) (arrow_function) (method_definition)] @local.scope

(arrow_function parameter: (identifier) @local.definition)
(object_pattern (shorthand_property_identifier_pattern) @local.definition)
(object_pattern (pair_pattern value: (identifier) @local.definition))
(array_pattern (identifier) @local.definition)
(rest_pattern (identifier) @local.definition)
(assignment_pattern left: (identifier) @local.definition)
(variable_declarator name: (identifier) @local.definition)
(catch_clause parameter: (identifier) @local.definition)
(for_in_statement left: (identifier) @local.definition)

(pair key: (_) @lex.exclude)
(export_specifier alias: (_) @lex.exclude)
(statement_identifier) @lex.exclude
[(string) (template_string) (comment) (regex)] @lex.exclude
(template_substitution) @lex.include
