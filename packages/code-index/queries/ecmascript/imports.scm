; Imports and exports of JavaScript, TypeScript and TSX (see python/imports.scm for the captures):
;   @import.default   local name of a default import     @import.namespace  local name of `* as x` / require()
;   @import.reexport  the statement re-exports (export ... from)
;   @import.dynamic   import("m")
;   @export @export.name @export.alias   `export { a as b }` without `from`
;   @export.default   the local name `export default` exports
; A match with only @import.source (import "m", require("m")) is a side-effect import.

(import_statement
  (import_clause (identifier) @import.default)
  source: (string (string_fragment) @import.source)) @import

(import_statement
  (import_clause (namespace_import (identifier) @import.namespace))
  source: (string (string_fragment) @import.source)) @import

(import_statement
  (import_clause
    (named_imports
      (import_specifier name: (_) @import.name alias: (_)? @import.alias)))
  source: (string (string_fragment) @import.source)) @import

(import_statement
  source: (string (string_fragment) @import.source)) @import

(export_statement
  (export_clause
    (export_specifier name: (_) @import.name alias: (_)? @import.alias))
  source: (string (string_fragment) @import.source)) @import @import.reexport

(export_statement
  "*" @import.wildcard
  source: (string (string_fragment) @import.source)) @import @import.reexport

(export_statement
  (namespace_export (_) @import.namespace)
  source: (string (string_fragment) @import.source)) @import @import.reexport

(variable_declarator
  name: (identifier) @import.namespace
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @import.source)))
  (#eq? @_require "require")) @import

(variable_declarator
  name: (object_pattern (shorthand_property_identifier_pattern) @import.name)
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @import.source)))
  (#eq? @_require "require")) @import

(variable_declarator
  name: (object_pattern (pair_pattern key: (_) @import.name value: (identifier) @import.alias))
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @import.source)))
  (#eq? @_require "require")) @import

((call_expression
  function: (identifier) @_require
  arguments: (arguments . (string (string_fragment) @import.source))) @import
  (#eq? @_require "require"))

(call_expression
  function: (import)
  arguments: (arguments . (string (string_fragment) @import.source))) @import @import.dynamic

(export_statement
  (export_clause
    (export_specifier name: (_) @export.name alias: (_)? @export.alias))
  !source) @export

(export_statement
  "default"
  value: (identifier) @export.default) @export

(export_statement
  "default"
  declaration: (_ name: (_) @export.default)) @export
