; JavaScript-only definitions (the TypeScript grammar wraps these nodes differently).

(class_declaration
  (class_heritage [(identifier) (member_expression)] @base)) @definition.class

(class_body
  (field_definition property: (property_identifier) @name) @definition.variable)
