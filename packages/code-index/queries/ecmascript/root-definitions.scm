; Definitions shared by JavaScript, TypeScript and TSX that start at the root node (see
; python/root-definitions.scm): run in a pass that starts patterns only at the root.

(program
  (lexical_declaration
    (variable_declarator name: (identifier) @name)) @definition.variable)

(program
  (variable_declaration
    (variable_declarator name: (identifier) @name)) @definition.variable)

(program
  (export_statement
    declaration: (lexical_declaration
      (variable_declarator name: (identifier) @name)) @definition.variable))
