; Syntactic properties of Python code. A capture @property.X.Y gives the entities whose span
; holds it the properties has-X and has-Y; @complexity.X.Y does the same and is also a decision
; point: an entity's complexity is 1 plus the @complexity and @complexity.* captures inside it.
; One capture per node: each capture is a cost per node on the native binding.

; One match per if_statement (however many elif/else clauses): the query yields one match per
; distinct set of captures, and the alternative itself is not captured.
(if_statement !alternative) @complexity.if
(if_statement alternative: (_)) @complexity.if.if-else
(elif_clause) @complexity.if
(conditional_expression) @complexity.if
[(for_statement) (while_statement)] @complexity.loop
(for_in_clause) @complexity
(try_statement) @property.try.wrapper
(except_clause) @complexity.exception
(with_statement) @property.wrapper
(return_statement) @property.return
(raise_statement) @property.raise
(binary_operator) @property.binary-op
(boolean_operator) @complexity.bool-op
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
