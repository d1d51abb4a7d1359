; Imports of Python files; one match is one binding:
;   @import          the statement        @import.source    the module as written (dotted or relative)
;   @import.name     the imported name    @import.alias     the local name, when aliased
;   @import.wildcard `*`
; A match with only @import.source is `import a.b` (binds `a`, or the alias to `a.b`).

(import_statement
  name: (dotted_name) @import.source) @import

(import_statement
  name: (aliased_import
    name: (dotted_name) @import.source
    alias: (identifier) @import.alias)) @import

(import_from_statement
  module_name: (_) @import.source
  name: (dotted_name) @import.name) @import

(import_from_statement
  module_name: (_) @import.source
  name: (aliased_import
    name: (dotted_name) @import.name
    alias: (identifier) @import.alias)) @import

(import_from_statement
  module_name: (_) @import.source
  (wildcard_import) @import.wildcard) @import
