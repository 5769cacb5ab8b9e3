// RUN: not arignote-run %s --check -i 2 -i 3 2>&1 | filecheck %s
// Found by the IR fuzzer (issue 12, seed 404 case 13333): a result type with more elements
// than NumPy can index made `arignote-run --check`'s reference fail inside NumPy
// ("ValueError: iterator is too large"); the type is refused before NumPy is called.

// CHECK: error: {{.*}}fuzz-reference-too-large-static.mlir:[[# @LINE + 2]]:{{[0-9]+}}: error: the NumPy reference cannot evaluate 'tt.broadcast': a result of type tensor<?x1099511627776x9223372036854775807xf32> has {{[0-9]+}} elements
func.func @f(%a: tensor<f32>, %n: index) -> tensor<f32> {
  %r = tt.broadcast %a dims [] sizes(%n) : tensor<f32> -> tensor<?x1099511627776x9223372036854775807xf32>
  func.return %a : tensor<f32>
}
