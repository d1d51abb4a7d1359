; Imports of Go files (see python/imports.scm for the captures). Go packages are not resolved to
; files (moduleSystem 'none'): an import is recorded with its path, and a named one binds its name.

(import_spec
  name: (package_identifier) @import.namespace
  path: (interpreted_string_literal (interpreted_string_literal_content) @import.source)) @import

(import_spec
  !name
  path: (interpreted_string_literal (interpreted_string_literal_content) @import.source)) @import
