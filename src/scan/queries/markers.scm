; Every identifier spelled like a marker macro. Comments and string literals
; hold no identifier nodes, and a #define body is one opaque preproc_arg, so
; neither can match; which matches are calls is decided in extract.ts, where
; the argument list is split on the call's own tokens (a C type as a macro
; argument makes tree-sitter produce ERROR nodes around it).
((identifier) @marker.macro
  (#any-of? @marker.macro "trace_mark" "evmarker"))
