; Go definitions that start at the root node (see python/root-definitions.scm): package-level
; constants and variables, and the package doc comment.

(source_file (const_declaration (const_spec name: (identifier) @name) @definition.variable))
(source_file (var_declaration (var_spec name: (identifier) @name) @definition.variable))

(source_file . (comment)+ @module.doc . (package_clause))
