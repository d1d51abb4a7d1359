; Syntactic properties of Go code (see python/properties.scm for the captures).

(if_statement !alternative) @complexity.if
(if_statement alternative: (_)) @complexity.if.if-else
(for_statement) @complexity.loop
[(expression_case) (type_case) (communication_case)] @complexity.switch
(binary_expression operator: ["&&" "||"]) @complexity.bool-op
(binary_expression operator: ["==" "!=" "<" "<=" ">" ">="]) @property.comparison
(binary_expression operator: ["+" "-" "*" "/" "%" "&" "|" "^" "<<" ">>" "&^"]) @property.binary-op
(unary_expression) @property.unary-op
(return_statement) @property.return
(call_expression) @property.call
[(assignment_statement) (short_var_declaration) (inc_statement) (dec_statement)] @property.assignment
(index_expression) @property.indexing
(func_literal) @property.lambda
(defer_statement) @property.defer
[(go_statement) (send_statement) (select_statement)] @property.concurrency
(import_declaration) @property.import
