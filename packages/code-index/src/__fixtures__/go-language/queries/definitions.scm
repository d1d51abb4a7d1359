; Definitions of Go files, with the captures of python/definitions.scm, plus:
;   @owner   the receiver type of a method: a function declared outside its type is a method of it
;            (kind method, qualified name Type.name), wherever the type is defined.
; Package-level constants and variables and the package doc start at the root: root-definitions.scm.

(function_declaration
  name: (identifier) @name
  body: (block) @body) @definition.function

(method_declaration
  receiver: (parameter_list
    (parameter_declaration
      type: [(type_identifier) @owner
             (pointer_type (type_identifier) @owner)
             (generic_type type: (type_identifier) @owner)
             (pointer_type (generic_type type: (type_identifier) @owner))]))
  name: (field_identifier) @name
  body: (block) @body) @definition.function

(type_declaration
  (type_spec
    name: (type_identifier) @name
    type: [(struct_type) (interface_type)] @body) @definition.class) @outer

; Interface methods and struct fields are members of their type.
(interface_type
  (method_elem name: (field_identifier) @name) @definition.function)

(field_declaration name: (field_identifier) @name @definition.variable)

; Doc comments: the run of line comments right above a declaration.
((comment)+ @doc . [(function_declaration) (method_declaration)] @definition)
((comment)+ @doc . (type_declaration (type_spec) @definition))
((comment)+ @doc . (const_declaration (const_spec) @definition))
((comment)+ @doc . (var_declaration (var_spec) @definition))
