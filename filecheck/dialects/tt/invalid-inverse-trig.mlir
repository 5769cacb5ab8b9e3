// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// The diagnostics of the inverse trigonometric tt ops (one per chunk, with file:line):
// the element kind (floats only), the result type, atan2's operand types.

func.func @f(%x: tensor<?xi32>) {
  // CHECK: invalid-inverse-trig.mlir:[[# @LINE + 1]]:3: error: 'tt.asin' operand must have a floating-point element type (f16, f32, f64), got tensor<?xi32>
  %r = tt.asin %x : tensor<?xi32>
  func.return
}

// -----
func.func @f(%x: tensor<?xf32>) {
  // CHECK: invalid-inverse-trig.mlir:[[# @LINE + 1]]:3: error: 'tt.acosh' result type tensor<?xf64> must be tensor<?xf32> for operand type tensor<?xf32>
  %r = "tt.acosh"(%x) : (tensor<?xf32>) -> tensor<?xf64>
  func.return
}

// -----
func.func @f(%x: tensor<?xi64>) {
  // CHECK: invalid-inverse-trig.mlir:[[# @LINE + 1]]:3: error: 'tt.atan2' lhs must have a floating-point element type (f16, f32, f64), got tensor<?xi64>
  %r = tt.atan2 %x, %x : tensor<?xi64>
  func.return
}

// -----
func.func @f(%x: tensor<?xf32>, %y: tensor<3xf32>) {
  // CHECK: invalid-inverse-trig.mlir:[[# @LINE + 1]]:3: error: 'tt.atan2' operands must have the same type, got lhs tensor<?xf32> and rhs tensor<3xf32> (broadcast explicitly with tt.broadcast)
  %r = "tt.atan2"(%x, %y) : (tensor<?xf32>, tensor<3xf32>) -> tensor<?xf32>
  func.return
}
