// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Each verifier diagnostic of the tt dialect names the op, the operand and the types,
// with the file:line:col of the op.

func.func @f(%a: tensor<4xi32>) {
  %r = "tt.exp"(%a) : (tensor<4xi32>) -> tensor<4xi32>
  func.return
}
// CHECK: invalid.mlir:6:3: error: 'tt.exp' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>

// -----
func.func @f(%a: f32) {
  %r = "tt.neg"(%a) : (f32) -> f32
  func.return
}
// CHECK: invalid.mlir:13:3: error: 'tt.neg' operand 'input' at position 0 does not verify: f32 should be of base attribute tensor

// -----
func.func @f(%a: tensor<4xf32>) {
  %r = "tt.neg"(%a) : (tensor<4xf32>) -> tensor<5xf32>
  func.return
}
// CHECK: error: 'tt.neg' result type tensor<5xf32> must be tensor<4xf32> for operand type tensor<4xf32>

// -----
func.func @f(%a: tensor<3xf32>, %b: tensor<4xf32>) {
  %r = "tt.add"(%a, %b) : (tensor<3xf32>, tensor<4xf32>) -> tensor<3xf32>
  func.return
}
// CHECK: error: 'tt.add' operands must have the same type, got lhs tensor<3xf32> and rhs tensor<4xf32> (broadcast explicitly with tt.broadcast)

// -----
func.func @f(%a: tensor<3xf32>) {
  %r = "tt.add"(%a, %a) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf64>
  func.return
}
// CHECK: error: 'tt.add' result type must be tensor<3xf32> for operands tensor<3xf32>, got tensor<3xf64>

// -----
func.func @f(%a: tensor<3xi1>) {
  %r = "tt.add"(%a, %a) : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  func.return
}
// CHECK: error: 'tt.add' lhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<3xi1>

// -----
func.func @f(%a: tensor<3xf32>) {
  %r = "tt.and"(%a, %a) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  func.return
}
// CHECK: error: 'tt.and' lhs must have an integer or boolean element type (i1, i8-i64, ui8-ui64), got tensor<3xf32>

// -----
func.func @f(%a: tensor<3xf32>) {
  %r = "tt.lt"(%a, %a) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  func.return
}
// CHECK: error: 'tt.lt' result type must be tensor<3xi1> for operands tensor<3xf32>, got tensor<3xf32>

// -----
func.func @f(%c: tensor<3xi1>, %a: tensor<3xf32>, %b: tensor<3xf64>) {
  %r = "tt.where"(%c, %a, %b) : (tensor<3xi1>, tensor<3xf32>, tensor<3xf64>) -> tensor<3xf32>
  func.return
}
// CHECK: error: 'tt.where' true and false values must have the same type, got tensor<3xf32> and tensor<3xf64>

// -----
func.func @f(%c: tensor<4xi1>, %a: tensor<3xf32>) {
  %r = "tt.where"(%c, %a, %a) : (tensor<4xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  func.return
}
// CHECK: error: 'tt.where' condition must be tensor<3xi1> for values of type tensor<3xf32>, got tensor<4xi1>

// -----
func.func @f(%c: tensor<3xi1>, %a: tensor<3xf32>) {
  %r = "tt.where"(%c, %a, %a) : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf16>
  func.return
}
// CHECK: error: 'tt.where' result type must be tensor<3xf32>, got tensor<3xf16>

// -----
func.func @f(%a: tensor<3xf32>) {
  %r = "tt.cast"(%a) : (tensor<3xf32>) -> tensor<4xi32>
  func.return
}
// CHECK: error: 'tt.cast' result shape must equal operand shape, got tensor<3xf32> to tensor<4xi32>

// -----
func.func @f(%a: tensor<3xf32>) {
  %r = "tt.cast"(%a) : (tensor<3xf32>) -> tensor<3xsi32>
  func.return
}
// CHECK: error: 'tt.cast' result must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<3xsi32>

// -----
func.func @f() {
  %r = "tt.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<?xf32>
  func.return
}
// CHECK: error: 'tt.constant' a constant must have a static shape, got tensor<?xf32>

// -----
func.func @f() {
  %r = "tt.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  func.return
}
// CHECK: error: 'tt.constant' value type tensor<2xf32> must equal result type tensor<3xf32>

// -----
func.func @f(%a: tensor<3xf32>) {
  %r = tt.broadcast %a dims [1] : tensor<3xf32> -> tensor<2x3xf64>
  func.return
}
// CHECK: error: 'tt.broadcast' result element type must equal the operand's, got tensor<3xf32> -> tensor<2x3xf64>

// -----
func.func @f(%a: tensor<3xf32>) {
  %r = tt.broadcast %a dims [0, 1] : tensor<3xf32> -> tensor<2x3xf32>
  func.return
}
// CHECK: error: 'tt.broadcast' dims [0, 1] must name one result dim per operand dim (1) for tensor<3xf32> -> tensor<2x3xf32>

// -----
func.func @f(%a: tensor<3x1xf32>) {
  %r = tt.broadcast %a dims [1, 0] : tensor<3x1xf32> -> tensor<3x3xf32>
  func.return
}
// CHECK: error: 'tt.broadcast' dims [1, 0] must be strictly increasing result dims in [0, 2) for tensor<3x1xf32> -> tensor<3x3xf32>

// -----
func.func @f(%a: tensor<3xf32>) {
  %r = tt.broadcast %a dims [0] : tensor<3xf32> -> tensor<4xf32>
  func.return
}
// CHECK: error: 'tt.broadcast' operand dim 0 of size 3 cannot become result dim 0 of size 4 (only size-1 dims expand) for tensor<3xf32> -> tensor<4xf32>

// -----
func.func @f(%a: tensor<f32>) {
  %r = tt.broadcast %a dims [] : tensor<f32> -> tensor<?xf32>
  func.return
}
// CHECK: error: 'tt.broadcast' expected 1 size operand(s) for the dynamic new/expanded dims of tensor<?xf32>, got 0
