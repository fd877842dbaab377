; Function definitions, for naming the function that encloses a marker.
(function_definition
  declarator: (_) @function.declarator
  body: (compound_statement) @function.body) @function.definition
