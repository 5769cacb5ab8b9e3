// RUN: not arignote-run %s --check -i 2 -i 3 2>&1 | filecheck %s
// Found by the IR fuzzer (issue 12): `arignote-run --check` evaluating an op whose result
// does not fit in memory (12 TiB; the compiled code drops the dead op) failed with a bare
// MemoryError from NumPy; now an error naming the op, its line and the size.

// CHECK: error: {{.*}}fuzz-reference-too-large.mlir:[[# @LINE + 2]]:{{[0-9]+}}: error: the NumPy reference cannot evaluate 'tt.broadcast': Unable to allocate {{.*}} shape (3, 1099511627776)
func.func @f(%a: tensor<f32>, %n: index) -> tensor<f32> {
  %r = tt.broadcast %a dims [] sizes(%n) : tensor<f32> -> tensor<?x1099511627776xf32>
  func.return %a : tensor<f32>
}
