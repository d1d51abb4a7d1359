; Definitions that start at the root node, with the captures of definitions.scm. This file is
; run in its own pass that starts patterns only at the root (max start depth 0): the pass visits
; just the nodes these patterns reach, where in the one pass over the whole tree a pattern rooted
; at `module` would be carried through every node of the file.
;   @module.doc                                 the module docstring

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

(module . (expression_statement (string) @module.doc))
