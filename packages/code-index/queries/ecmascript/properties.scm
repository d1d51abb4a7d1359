; Syntactic properties of JavaScript, TypeScript and TSX (see python/properties.scm for the captures).

(if_statement !alternative) @complexity.if
(if_statement alternative: (else_clause)) @complexity.if.if-else
(ternary_expression) @complexity.if
(switch_case) @complexity.if
[(for_statement) (for_in_statement) (while_statement) (do_statement)] @complexity.loop
(try_statement) @property.try.wrapper
(catch_clause) @complexity.exception
(return_statement) @property.return
(throw_statement) @property.raise
(binary_expression operator: ["&&" "||" "??"]) @complexity.bool-op
(binary_expression operator: ["+" "-" "*" "/" "%" "**" "&" "|" "^" "<<" ">>" ">>>"]) @property.binary-op
(binary_expression operator: ["<" ">" "<=" ">=" "==" "===" "!=" "!==" "instanceof" "in"]) @property.comparison
[(unary_expression) (update_expression)] @property.unary-op
[(assignment_expression) (augmented_assignment_expression)] @property.assignment
(variable_declarator value: (_)) @property.assignment
[(call_expression) (new_expression)] @property.call
(subscript_expression) @property.indexing
[(arrow_function) (function_expression)] @property.lambda
(yield_expression) @property.yield
(await_expression) @property.await
(import_statement) @property.import
(decorator) @property.decorator
