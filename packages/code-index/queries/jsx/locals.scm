; JSX (JavaScript and TSX): text and attribute names are not references.

(jsx_text) @lex.exclude
(jsx_attribute (property_identifier) @lex.exclude)
