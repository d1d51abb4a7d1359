; Definitions of Python files. Captures on the same @definition.* node merge into one entity:
;   @definition.class / .function / .variable  the definition (a function nested in a class is a method)
;   @definition                                 any definition, to attach captures to it without a kind
;   @name @body @doc @decorator @base           its name, body (the signature ends where it starts),
;                                               docstring, decorators and base classes
;   @outer                                      a wrapper whose span the entity takes (decorators)
;   @module.doc                                 the module docstring

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

(module
  (expression_statement
    (assignment left: (identifier) @name)) @definition.variable)

; Module variables assigned under a module-level if/elif/else/try/except (e.g. feature switches).
(module
  [(if_statement consequence: (block (expression_statement (assignment left: (identifier) @name)) @definition.variable))
   (if_statement alternative: (else_clause body: (block (expression_statement (assignment left: (identifier) @name)) @definition.variable)))
   (if_statement alternative: (elif_clause consequence: (block (expression_statement (assignment left: (identifier) @name)) @definition.variable)))
   (try_statement body: (block (expression_statement (assignment left: (identifier) @name)) @definition.variable))
   (try_statement (except_clause (block (expression_statement (assignment left: (identifier) @name)) @definition.variable)))
   (try_statement (else_clause body: (block (expression_statement (assignment left: (identifier) @name)) @definition.variable)))])

(class_definition
  body: (block
    (expression_statement
      (assignment left: (identifier) @name)) @definition.variable))

(module . (expression_statement (string) @module.doc))
