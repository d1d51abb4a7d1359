; Syntactic properties of Python code. An entity has property X when a @property.X capture
; lies inside its span; its complexity is 1 plus the @complexity captures inside it.

(if_statement) @property.if @complexity
(elif_clause) @property.if @complexity
(if_statement alternative: (else_clause)) @property.if-else
(if_statement alternative: (elif_clause)) @property.if-else
(conditional_expression) @property.if @complexity
[(for_statement) (while_statement)] @property.loop @complexity
(for_in_clause) @complexity
(try_statement) @property.try
(except_clause) @property.exception @complexity
(with_statement) @property.wrapper
(try_statement) @property.wrapper
(return_statement) @property.return
(raise_statement) @property.raise
(binary_operator) @property.binary-op
(boolean_operator) @property.bool-op @complexity
(not_operator) @property.unary-op
(unary_operator) @property.unary-op
(comparison_operator) @property.comparison
(assignment) @property.assignment
(augmented_assignment) @property.assignment
(call) @property.call
(subscript) @property.indexing
[(list_comprehension) (set_comprehension) (dictionary_comprehension) (generator_expression)] @property.comprehension
(lambda) @property.lambda
[(yield)] @property.yield
(await) @property.await
[(import_statement) (import_from_statement)] @property.import
(decorator) @property.decorator
