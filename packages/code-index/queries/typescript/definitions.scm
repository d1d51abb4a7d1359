; TypeScript and TSX definitions: abstract classes, interfaces, enums, type aliases, fields.

(class_declaration
  (class_heritage (extends_clause value: [(identifier) (member_expression)] @base))) @definition.class

(abstract_class_declaration
  name: (_) @name
  body: (class_body) @body) @definition.class

(abstract_class_declaration
  (class_heritage (extends_clause value: [(identifier) (member_expression)] @base))) @definition.class

(interface_declaration
  name: (_) @name
  body: (interface_body) @body) @definition.class

(interface_declaration
  (extends_type_clause type: (_) @base)) @definition.class

(enum_declaration
  name: (_) @name
  body: (enum_body) @body) @definition.class

(type_alias_declaration
  name: (_) @name) @definition.variable

(class_body
  (public_field_definition name: (property_identifier) @name) @definition.variable)

((comment) @doc
  .
  [(abstract_class_declaration) (interface_declaration) (enum_declaration) (type_alias_declaration)] @definition
  (#match? @doc "^/\\*\\*"))
