; The replacement text of every macro definition, searched for marker calls
; that the scanner cannot give a site of their own.
(preproc_def value: (preproc_arg) @macro.body)
(preproc_function_def value: (preproc_arg) @macro.body)
