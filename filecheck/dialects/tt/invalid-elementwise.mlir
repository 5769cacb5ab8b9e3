// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Generated (one chunk per diagnostic): every verifier diagnostic of every elementwise
// tt op -- each operand's element kind, operands of different types (element type or
// shape: no implicit broadcasting), and a result type the operands do not give.  Each
// CHECK names the file:line:col of the op and the whole message.

func.func @f(%a: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.neg' operand must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = tt.neg %a : tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.neg' result type tensor<3x?xi32> must be tensor<?x3xi32> for operand type tensor<?x3xi32>
  %r = "tt.neg"(%a) : (tensor<?x3xi32>) -> tensor<3x?xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.abs' operand must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = tt.abs %a : tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.abs' result type tensor<3x?xi32> must be tensor<?x3xi32> for operand type tensor<?x3xi32>
  %r = "tt.abs"(%a) : (tensor<?x3xi32>) -> tensor<3x?xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.exp' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.exp %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.exp' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.exp"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.log' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.log %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.log' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.log"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.log1p' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.log1p %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.log1p' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.log1p"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.sqrt' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.sqrt %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.sqrt' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.sqrt"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.sin' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.sin %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.sin' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.sin"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.cos' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.cos %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.cos' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.cos"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.tanh' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.tanh %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.tanh' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.tanh"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.sigmoid' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.sigmoid %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.sigmoid' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.sigmoid"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.not' operand must have an integer or boolean element type (i1, i8-i64, ui8-ui64), got tensor<4xf32>
  %r = tt.not %a : tensor<4xf32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.not' result type tensor<3x?xi32> must be tensor<?x3xi32> for operand type tensor<?x3xi32>
  %r = "tt.not"(%a) : (tensor<?x3xi32>) -> tensor<3x?xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.expm1' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.expm1 %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.expm1' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.expm1"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.erf' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.erf %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.erf' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.erf"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.softplus' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.softplus %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.softplus' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.softplus"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.floor' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.floor %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.floor' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.floor"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.ceil' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.ceil %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.ceil' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.ceil"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.round' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.round %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.round' result type tensor<3x?xf32> must be tensor<?x3xf32> for operand type tensor<?x3xf32>
  %r = "tt.round"(%a) : (tensor<?x3xf32>) -> tensor<3x?xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.sign' operand must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = tt.sign %a : tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.sign' result type tensor<3x?xi32> must be tensor<?x3xi32> for operand type tensor<?x3xi32>
  %r = "tt.sign"(%a) : (tensor<?x3xi32>) -> tensor<3x?xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.isnan' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.isnan %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.isnan' result type tensor<?x3xf16> must be tensor<?x3xi1> for operand type tensor<?x3xf32>
  %r = "tt.isnan"(%a) : (tensor<?x3xf32>) -> tensor<?x3xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.isinf' operand must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = tt.isinf %a : tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.isinf' result type tensor<?x3xf16> must be tensor<?x3xi1> for operand type tensor<?x3xf32>
  %r = "tt.isinf"(%a) : (tensor<?x3xf32>) -> tensor<?x3xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.add' lhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.add"(%a, %a) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>, %b: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.add' rhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.add"(%a, %b) : (tensor<4xi32>, tensor<4xi1>) -> tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xi32>, %b: tensor<?x4xf16>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.add' operands must have the same type, got lhs tensor<?x4xi32> and rhs tensor<?x4xf16> (broadcast explicitly with tt.broadcast)
  %r = "tt.add"(%a, %b) : (tensor<?x4xi32>, tensor<?x4xf16>) -> tensor<?x4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xi32>, %b: tensor<4x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.add' operands must have the same type, got lhs tensor<4x1xi32> and rhs tensor<4x3xi32> (broadcast explicitly with tt.broadcast)
  %r = "tt.add"(%a, %b) : (tensor<4x1xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.add' result type must be tensor<4xi32> for operands tensor<4xi32>, got tensor<4xf16>
  %r = "tt.add"(%a, %a) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.sub' lhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.sub"(%a, %a) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>, %b: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.sub' rhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.sub"(%a, %b) : (tensor<4xi32>, tensor<4xi1>) -> tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xi32>, %b: tensor<?x4xf16>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.sub' operands must have the same type, got lhs tensor<?x4xi32> and rhs tensor<?x4xf16> (broadcast explicitly with tt.broadcast)
  %r = "tt.sub"(%a, %b) : (tensor<?x4xi32>, tensor<?x4xf16>) -> tensor<?x4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xi32>, %b: tensor<4x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.sub' operands must have the same type, got lhs tensor<4x1xi32> and rhs tensor<4x3xi32> (broadcast explicitly with tt.broadcast)
  %r = "tt.sub"(%a, %b) : (tensor<4x1xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.sub' result type must be tensor<4xi32> for operands tensor<4xi32>, got tensor<4xf16>
  %r = "tt.sub"(%a, %a) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.mul' lhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.mul"(%a, %a) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>, %b: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.mul' rhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.mul"(%a, %b) : (tensor<4xi32>, tensor<4xi1>) -> tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xi32>, %b: tensor<?x4xf16>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.mul' operands must have the same type, got lhs tensor<?x4xi32> and rhs tensor<?x4xf16> (broadcast explicitly with tt.broadcast)
  %r = "tt.mul"(%a, %b) : (tensor<?x4xi32>, tensor<?x4xf16>) -> tensor<?x4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xi32>, %b: tensor<4x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.mul' operands must have the same type, got lhs tensor<4x1xi32> and rhs tensor<4x3xi32> (broadcast explicitly with tt.broadcast)
  %r = "tt.mul"(%a, %b) : (tensor<4x1xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.mul' result type must be tensor<4xi32> for operands tensor<4xi32>, got tensor<4xf16>
  %r = "tt.mul"(%a, %a) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.true_div' lhs must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = "tt.true_div"(%a, %a) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xf32>, %b: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.true_div' rhs must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = "tt.true_div"(%a, %b) : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xf32>, %b: tensor<?x4xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.true_div' operands must have the same type, got lhs tensor<?x4xf32> and rhs tensor<?x4xf64> (broadcast explicitly with tt.broadcast)
  %r = "tt.true_div"(%a, %b) : (tensor<?x4xf32>, tensor<?x4xf64>) -> tensor<?x4xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xf32>, %b: tensor<4x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.true_div' operands must have the same type, got lhs tensor<4x1xf32> and rhs tensor<4x3xf32> (broadcast explicitly with tt.broadcast)
  %r = "tt.true_div"(%a, %b) : (tensor<4x1xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.true_div' result type must be tensor<4xf32> for operands tensor<4xf32>, got tensor<4xf16>
  %r = "tt.true_div"(%a, %a) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.int_div' lhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.int_div"(%a, %a) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>, %b: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.int_div' rhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.int_div"(%a, %b) : (tensor<4xi32>, tensor<4xi1>) -> tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xi32>, %b: tensor<?x4xf16>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.int_div' operands must have the same type, got lhs tensor<?x4xi32> and rhs tensor<?x4xf16> (broadcast explicitly with tt.broadcast)
  %r = "tt.int_div"(%a, %b) : (tensor<?x4xi32>, tensor<?x4xf16>) -> tensor<?x4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xi32>, %b: tensor<4x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.int_div' operands must have the same type, got lhs tensor<4x1xi32> and rhs tensor<4x3xi32> (broadcast explicitly with tt.broadcast)
  %r = "tt.int_div"(%a, %b) : (tensor<4x1xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.int_div' result type must be tensor<4xi32> for operands tensor<4xi32>, got tensor<4xf16>
  %r = "tt.int_div"(%a, %a) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.mod' lhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.mod"(%a, %a) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>, %b: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.mod' rhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.mod"(%a, %b) : (tensor<4xi32>, tensor<4xi1>) -> tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xi32>, %b: tensor<?x4xf16>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.mod' operands must have the same type, got lhs tensor<?x4xi32> and rhs tensor<?x4xf16> (broadcast explicitly with tt.broadcast)
  %r = "tt.mod"(%a, %b) : (tensor<?x4xi32>, tensor<?x4xf16>) -> tensor<?x4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xi32>, %b: tensor<4x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.mod' operands must have the same type, got lhs tensor<4x1xi32> and rhs tensor<4x3xi32> (broadcast explicitly with tt.broadcast)
  %r = "tt.mod"(%a, %b) : (tensor<4x1xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.mod' result type must be tensor<4xi32> for operands tensor<4xi32>, got tensor<4xf16>
  %r = "tt.mod"(%a, %a) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.pow' lhs must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = "tt.pow"(%a, %a) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xf32>, %b: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.pow' rhs must have a floating-point element type (f16, f32, f64), got tensor<4xi32>
  %r = "tt.pow"(%a, %b) : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xf32>, %b: tensor<?x4xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.pow' operands must have the same type, got lhs tensor<?x4xf32> and rhs tensor<?x4xf64> (broadcast explicitly with tt.broadcast)
  %r = "tt.pow"(%a, %b) : (tensor<?x4xf32>, tensor<?x4xf64>) -> tensor<?x4xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xf32>, %b: tensor<4x3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.pow' operands must have the same type, got lhs tensor<4x1xf32> and rhs tensor<4x3xf32> (broadcast explicitly with tt.broadcast)
  %r = "tt.pow"(%a, %b) : (tensor<4x1xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.pow' result type must be tensor<4xf32> for operands tensor<4xf32>, got tensor<4xf16>
  %r = "tt.pow"(%a, %a) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.maximum' lhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.maximum"(%a, %a) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>, %b: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.maximum' rhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.maximum"(%a, %b) : (tensor<4xi32>, tensor<4xi1>) -> tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xi32>, %b: tensor<?x4xf16>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.maximum' operands must have the same type, got lhs tensor<?x4xi32> and rhs tensor<?x4xf16> (broadcast explicitly with tt.broadcast)
  %r = "tt.maximum"(%a, %b) : (tensor<?x4xi32>, tensor<?x4xf16>) -> tensor<?x4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xi32>, %b: tensor<4x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.maximum' operands must have the same type, got lhs tensor<4x1xi32> and rhs tensor<4x3xi32> (broadcast explicitly with tt.broadcast)
  %r = "tt.maximum"(%a, %b) : (tensor<4x1xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.maximum' result type must be tensor<4xi32> for operands tensor<4xi32>, got tensor<4xf16>
  %r = "tt.maximum"(%a, %a) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.minimum' lhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.minimum"(%a, %a) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>, %b: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.minimum' rhs must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.minimum"(%a, %b) : (tensor<4xi32>, tensor<4xi1>) -> tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xi32>, %b: tensor<?x4xf16>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.minimum' operands must have the same type, got lhs tensor<?x4xi32> and rhs tensor<?x4xf16> (broadcast explicitly with tt.broadcast)
  %r = "tt.minimum"(%a, %b) : (tensor<?x4xi32>, tensor<?x4xf16>) -> tensor<?x4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xi32>, %b: tensor<4x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.minimum' operands must have the same type, got lhs tensor<4x1xi32> and rhs tensor<4x3xi32> (broadcast explicitly with tt.broadcast)
  %r = "tt.minimum"(%a, %b) : (tensor<4x1xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.minimum' result type must be tensor<4xi32> for operands tensor<4xi32>, got tensor<4xf16>
  %r = "tt.minimum"(%a, %a) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.and' lhs must have an integer or boolean element type (i1, i8-i64, ui8-ui64), got tensor<4xf32>
  %r = "tt.and"(%a, %a) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>, %b: tensor<4xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.and' rhs must have an integer or boolean element type (i1, i8-i64, ui8-ui64), got tensor<4xf32>
  %r = "tt.and"(%a, %b) : (tensor<4xi32>, tensor<4xf32>) -> tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xi32>, %b: tensor<?x4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.and' operands must have the same type, got lhs tensor<?x4xi32> and rhs tensor<?x4xi1> (broadcast explicitly with tt.broadcast)
  %r = "tt.and"(%a, %b) : (tensor<?x4xi32>, tensor<?x4xi1>) -> tensor<?x4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xi32>, %b: tensor<4x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.and' operands must have the same type, got lhs tensor<4x1xi32> and rhs tensor<4x3xi32> (broadcast explicitly with tt.broadcast)
  %r = "tt.and"(%a, %b) : (tensor<4x1xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.and' result type must be tensor<4xi32> for operands tensor<4xi32>, got tensor<4xf16>
  %r = "tt.and"(%a, %a) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.or' lhs must have an integer or boolean element type (i1, i8-i64, ui8-ui64), got tensor<4xf32>
  %r = "tt.or"(%a, %a) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>, %b: tensor<4xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.or' rhs must have an integer or boolean element type (i1, i8-i64, ui8-ui64), got tensor<4xf32>
  %r = "tt.or"(%a, %b) : (tensor<4xi32>, tensor<4xf32>) -> tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xi32>, %b: tensor<?x4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.or' operands must have the same type, got lhs tensor<?x4xi32> and rhs tensor<?x4xi1> (broadcast explicitly with tt.broadcast)
  %r = "tt.or"(%a, %b) : (tensor<?x4xi32>, tensor<?x4xi1>) -> tensor<?x4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xi32>, %b: tensor<4x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.or' operands must have the same type, got lhs tensor<4x1xi32> and rhs tensor<4x3xi32> (broadcast explicitly with tt.broadcast)
  %r = "tt.or"(%a, %b) : (tensor<4x1xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.or' result type must be tensor<4xi32> for operands tensor<4xi32>, got tensor<4xf16>
  %r = "tt.or"(%a, %a) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.xor' lhs must have an integer or boolean element type (i1, i8-i64, ui8-ui64), got tensor<4xf32>
  %r = "tt.xor"(%a, %a) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>, %b: tensor<4xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.xor' rhs must have an integer or boolean element type (i1, i8-i64, ui8-ui64), got tensor<4xf32>
  %r = "tt.xor"(%a, %b) : (tensor<4xi32>, tensor<4xf32>) -> tensor<4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xi32>, %b: tensor<?x4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.xor' operands must have the same type, got lhs tensor<?x4xi32> and rhs tensor<?x4xi1> (broadcast explicitly with tt.broadcast)
  %r = "tt.xor"(%a, %b) : (tensor<?x4xi32>, tensor<?x4xi1>) -> tensor<?x4xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xi32>, %b: tensor<4x3xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.xor' operands must have the same type, got lhs tensor<4x1xi32> and rhs tensor<4x3xi32> (broadcast explicitly with tt.broadcast)
  %r = "tt.xor"(%a, %b) : (tensor<4x1xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  func.return
}

// -----

func.func @f(%a: tensor<4xi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.xor' result type must be tensor<4xi32> for operands tensor<4xi32>, got tensor<4xf16>
  %r = "tt.xor"(%a, %a) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.shl' lhs must have an integer element type (i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.shl"(%a, %a) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xi64>, %b: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.shl' rhs must have an integer element type (i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.shl"(%a, %b) : (tensor<4xi64>, tensor<4xi1>) -> tensor<4xi64>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xi64>, %b: tensor<?x4xi8>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.shl' operands must have the same type, got lhs tensor<?x4xi64> and rhs tensor<?x4xi8> (broadcast explicitly with tt.broadcast)
  %r = "tt.shl"(%a, %b) : (tensor<?x4xi64>, tensor<?x4xi8>) -> tensor<?x4xi64>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xi64>, %b: tensor<4x3xi64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.shl' operands must have the same type, got lhs tensor<4x1xi64> and rhs tensor<4x3xi64> (broadcast explicitly with tt.broadcast)
  %r = "tt.shl"(%a, %b) : (tensor<4x1xi64>, tensor<4x3xi64>) -> tensor<4x3xi64>
  func.return
}

// -----

func.func @f(%a: tensor<4xi64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.shl' result type must be tensor<4xi64> for operands tensor<4xi64>, got tensor<4xf16>
  %r = "tt.shl"(%a, %a) : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.shr' lhs must have an integer element type (i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.shr"(%a, %a) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xi64>, %b: tensor<4xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.shr' rhs must have an integer element type (i8-i64, ui8-ui64), got tensor<4xi1>
  %r = "tt.shr"(%a, %b) : (tensor<4xi64>, tensor<4xi1>) -> tensor<4xi64>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xi64>, %b: tensor<?x4xi8>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.shr' operands must have the same type, got lhs tensor<?x4xi64> and rhs tensor<?x4xi8> (broadcast explicitly with tt.broadcast)
  %r = "tt.shr"(%a, %b) : (tensor<?x4xi64>, tensor<?x4xi8>) -> tensor<?x4xi64>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xi64>, %b: tensor<4x3xi64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.shr' operands must have the same type, got lhs tensor<4x1xi64> and rhs tensor<4x3xi64> (broadcast explicitly with tt.broadcast)
  %r = "tt.shr"(%a, %b) : (tensor<4x1xi64>, tensor<4x3xi64>) -> tensor<4x3xi64>
  func.return
}

// -----

func.func @f(%a: tensor<4xi64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.shr' result type must be tensor<4xi64> for operands tensor<4xi64>, got tensor<4xf16>
  %r = "tt.shr"(%a, %a) : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xsi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.eq' lhs must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<4xsi32>
  %r = "tt.eq"(%a, %a) : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xf64>, %b: tensor<4xsi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.eq' rhs must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<4xsi32>
  %r = "tt.eq"(%a, %b) : (tensor<4xf64>, tensor<4xsi32>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xf64>, %b: tensor<?x4xi8>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.eq' operands must have the same type, got lhs tensor<?x4xf64> and rhs tensor<?x4xi8> (broadcast explicitly with tt.broadcast)
  %r = "tt.eq"(%a, %b) : (tensor<?x4xf64>, tensor<?x4xi8>) -> tensor<?x4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xf64>, %b: tensor<4x3xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.eq' operands must have the same type, got lhs tensor<4x1xf64> and rhs tensor<4x3xf64> (broadcast explicitly with tt.broadcast)
  %r = "tt.eq"(%a, %b) : (tensor<4x1xf64>, tensor<4x3xf64>) -> tensor<4x3xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.eq' result type must be tensor<4xi1> for operands tensor<4xf64>, got tensor<4xf16>
  %r = "tt.eq"(%a, %a) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xsi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.ne' lhs must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<4xsi32>
  %r = "tt.ne"(%a, %a) : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xf64>, %b: tensor<4xsi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.ne' rhs must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<4xsi32>
  %r = "tt.ne"(%a, %b) : (tensor<4xf64>, tensor<4xsi32>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xf64>, %b: tensor<?x4xi8>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.ne' operands must have the same type, got lhs tensor<?x4xf64> and rhs tensor<?x4xi8> (broadcast explicitly with tt.broadcast)
  %r = "tt.ne"(%a, %b) : (tensor<?x4xf64>, tensor<?x4xi8>) -> tensor<?x4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xf64>, %b: tensor<4x3xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.ne' operands must have the same type, got lhs tensor<4x1xf64> and rhs tensor<4x3xf64> (broadcast explicitly with tt.broadcast)
  %r = "tt.ne"(%a, %b) : (tensor<4x1xf64>, tensor<4x3xf64>) -> tensor<4x3xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.ne' result type must be tensor<4xi1> for operands tensor<4xf64>, got tensor<4xf16>
  %r = "tt.ne"(%a, %a) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xsi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.lt' lhs must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<4xsi32>
  %r = "tt.lt"(%a, %a) : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xf64>, %b: tensor<4xsi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.lt' rhs must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<4xsi32>
  %r = "tt.lt"(%a, %b) : (tensor<4xf64>, tensor<4xsi32>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xf64>, %b: tensor<?x4xi8>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.lt' operands must have the same type, got lhs tensor<?x4xf64> and rhs tensor<?x4xi8> (broadcast explicitly with tt.broadcast)
  %r = "tt.lt"(%a, %b) : (tensor<?x4xf64>, tensor<?x4xi8>) -> tensor<?x4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xf64>, %b: tensor<4x3xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.lt' operands must have the same type, got lhs tensor<4x1xf64> and rhs tensor<4x3xf64> (broadcast explicitly with tt.broadcast)
  %r = "tt.lt"(%a, %b) : (tensor<4x1xf64>, tensor<4x3xf64>) -> tensor<4x3xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.lt' result type must be tensor<4xi1> for operands tensor<4xf64>, got tensor<4xf16>
  %r = "tt.lt"(%a, %a) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xsi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.le' lhs must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<4xsi32>
  %r = "tt.le"(%a, %a) : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xf64>, %b: tensor<4xsi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.le' rhs must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<4xsi32>
  %r = "tt.le"(%a, %b) : (tensor<4xf64>, tensor<4xsi32>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xf64>, %b: tensor<?x4xi8>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.le' operands must have the same type, got lhs tensor<?x4xf64> and rhs tensor<?x4xi8> (broadcast explicitly with tt.broadcast)
  %r = "tt.le"(%a, %b) : (tensor<?x4xf64>, tensor<?x4xi8>) -> tensor<?x4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xf64>, %b: tensor<4x3xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.le' operands must have the same type, got lhs tensor<4x1xf64> and rhs tensor<4x3xf64> (broadcast explicitly with tt.broadcast)
  %r = "tt.le"(%a, %b) : (tensor<4x1xf64>, tensor<4x3xf64>) -> tensor<4x3xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.le' result type must be tensor<4xi1> for operands tensor<4xf64>, got tensor<4xf16>
  %r = "tt.le"(%a, %a) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xsi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.gt' lhs must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<4xsi32>
  %r = "tt.gt"(%a, %a) : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xf64>, %b: tensor<4xsi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.gt' rhs must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<4xsi32>
  %r = "tt.gt"(%a, %b) : (tensor<4xf64>, tensor<4xsi32>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xf64>, %b: tensor<?x4xi8>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.gt' operands must have the same type, got lhs tensor<?x4xf64> and rhs tensor<?x4xi8> (broadcast explicitly with tt.broadcast)
  %r = "tt.gt"(%a, %b) : (tensor<?x4xf64>, tensor<?x4xi8>) -> tensor<?x4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xf64>, %b: tensor<4x3xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.gt' operands must have the same type, got lhs tensor<4x1xf64> and rhs tensor<4x3xf64> (broadcast explicitly with tt.broadcast)
  %r = "tt.gt"(%a, %b) : (tensor<4x1xf64>, tensor<4x3xf64>) -> tensor<4x3xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.gt' result type must be tensor<4xi1> for operands tensor<4xf64>, got tensor<4xf16>
  %r = "tt.gt"(%a, %a) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%a: tensor<4xsi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.ge' lhs must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<4xsi32>
  %r = "tt.ge"(%a, %a) : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xf64>, %b: tensor<4xsi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.ge' rhs must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<4xsi32>
  %r = "tt.ge"(%a, %b) : (tensor<4xf64>, tensor<4xsi32>) -> tensor<4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<?x4xf64>, %b: tensor<?x4xi8>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.ge' operands must have the same type, got lhs tensor<?x4xf64> and rhs tensor<?x4xi8> (broadcast explicitly with tt.broadcast)
  %r = "tt.ge"(%a, %b) : (tensor<?x4xf64>, tensor<?x4xi8>) -> tensor<?x4xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4x1xf64>, %b: tensor<4x3xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.ge' operands must have the same type, got lhs tensor<4x1xf64> and rhs tensor<4x3xf64> (broadcast explicitly with tt.broadcast)
  %r = "tt.ge"(%a, %b) : (tensor<4x1xf64>, tensor<4x3xf64>) -> tensor<4x3xi1>
  func.return
}

// -----

func.func @f(%a: tensor<4xf64>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.ge' result type must be tensor<4xi1> for operands tensor<4xf64>, got tensor<4xf16>
  %r = "tt.ge"(%a, %a) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf16>
  func.return
}

// -----

func.func @f(%c: tensor<3xi1>, %a: tensor<3xsi32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.where' true value must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<3xsi32>
  %r = "tt.where"(%c, %a, %a) : (tensor<3xi1>, tensor<3xsi32>, tensor<3xsi32>) -> tensor<3xsi32>
  func.return
}

// -----

func.func @f(%c: tensor<3xi1>, %a: tensor<3xf32>, %b: tensor<3xbf16>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.where' false value must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<3xbf16>
  %r = "tt.where"(%c, %a, %b) : (tensor<3xi1>, tensor<3xf32>, tensor<3xbf16>) -> tensor<3xf32>
  func.return
}

// -----

func.func @f(%c: tensor<3xui1>, %a: tensor<3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.where' condition must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<3xui1>
  %r = "tt.where"(%c, %a, %a) : (tensor<3xui1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  func.return
}

// -----

func.func @f(%c: tensor<3xi32>, %a: tensor<3xf32>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.where' condition must be tensor<3xi1> for values of type tensor<3xf32>, got tensor<3xi32>
  %r = "tt.where"(%c, %a, %a) : (tensor<3xi32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  func.return
}

// -----

func.func @f(%a: tensor<3xsi8>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.cast' operand must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<3xsi8>
  %r = tt.cast %a : tensor<3xsi8> to tensor<3xf32>
  func.return
}

// -----

func.func @f(%a: tensor<2x3xi1>) {
  // CHECK: invalid-elementwise.mlir:[[# @LINE + 1]]:3: error: 'tt.cast' result shape must equal operand shape, got tensor<2x3xi1> to tensor<3x2xf32>
  %r = tt.cast %a : tensor<2x3xi1> to tensor<3x2xf32>
  func.return
}
