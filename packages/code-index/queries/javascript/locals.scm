; JavaScript-only parameters and class members.

(formal_parameters (identifier) @local.definition)
(field_definition property: (_) @lex.exclude)
