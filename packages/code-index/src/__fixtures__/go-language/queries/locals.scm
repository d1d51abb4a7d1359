; Scopes and local bindings of Go files (see python/locals.scm for the captures).

[(function_declaration) (method_declaration) (func_literal)] @local.scope

(parameter_declaration name: (identifier) @local.definition)
(variadic_parameter_declaration name: (identifier) @local.definition)
(short_var_declaration left: (expression_list (identifier) @local.definition))
(range_clause left: (expression_list (identifier) @local.definition))
(var_spec name: (identifier) @local.definition)
(const_spec name: (identifier) @local.definition)
(type_switch_statement alias: (expression_list (identifier) @local.definition))

; Struct literal keys name fields, not variables.
(keyed_element key: (literal_element (identifier) @lex.exclude))
(labeled_statement label: (label_name) @lex.exclude)
[(interpreted_string_literal) (raw_string_literal) (rune_literal) (comment) (package_clause) (import_declaration)] @lex.exclude
