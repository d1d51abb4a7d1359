; TypeScript and TSX parameters, members and type-only names.

(required_parameter pattern: (identifier) @local.definition)
(optional_parameter pattern: (identifier) @local.definition)
(public_field_definition name: (_) @lex.exclude)
(property_signature name: (_) @lex.exclude)
(method_signature name: (_) @lex.exclude)
(enum_body (property_identifier) @lex.exclude)
(enum_assignment name: (_) @lex.exclude)
(type_parameter name: (_) @local.definition)
