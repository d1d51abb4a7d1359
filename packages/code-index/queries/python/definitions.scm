; Definitions of Python files. Captures on the same @definition.* node merge into one entity:
;   @definition.class / .function / .variable  the definition (a function nested in a class is a method)
;   @definition                                 any definition, to attach captures to it without a kind
;   @name @body @doc @decorator @base           its name, body (the signature ends where it starts),
;                                               docstring, decorators and base classes
;   @outer                                      a wrapper whose span the entity takes (decorators)
;   @owner                                      for a function declared outside its type (a Go method's
;                                               receiver type): the type it is a method of
;   (several @doc nodes in one match, e.g. a run of line comments, make one docstring)
;   (module-level variables and the module docstring: root-definitions.scm)

(class_definition
  name: (identifier) @name
  body: (block) @body) @definition.class

(class_definition
  superclasses: (argument_list [(identifier) (attribute)] @base)) @definition.class

(class_definition
  body: (block . (expression_statement (string) @doc))) @definition.class

(function_definition
  name: (identifier) @name
  body: (block) @body) @definition.function

(function_definition
  body: (block . (expression_statement (string) @doc))) @definition.function

(decorated_definition
  (decorator) @decorator
  definition: (_) @definition) @outer

(class_definition
  body: (block
    (expression_statement
      (assignment left: (identifier) @name)) @definition.variable))
