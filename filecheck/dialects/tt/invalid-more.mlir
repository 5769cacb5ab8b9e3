// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// More verifier diagnostics of the tt ops (one per chunk): operand counts, ranks, element
// types, attribute arities, and result types that do not fit (generic form where the
// custom syntax cannot express the mistake).

// CHECK: error: 'tt.broadcast' expected 2 size operand(s) for the dynamic new/expanded dims of tensor<?x?xf32>, got 1
func.func @f(%a: tensor<f32>, %n: index) {
  %r = "tt.broadcast"(%a, %n) <{dims = array<i64>}> : (tensor<f32>, index) -> tensor<?x?xf32>
  func.return
}

// -----

// CHECK: error: 'tt.dim' result must be tensor<i64>, got tensor<i32>
func.func @f(%x: tensor<?x3xf32>) {
  %d = "tt.dim"(%x) <{axis = 0 : i64}> : (tensor<?x3xf32>) -> tensor<i32>
  func.return
}

// -----

// CHECK: error: 'tt.reduce' all needs an i1 operand, got tensor<?x3xi32>
func.func @f(%x: tensor<?x3xi32>) {
  %r = "tt.reduce"(%x) <{kind = "all", axes = array<i64: 0>}> : (tensor<?x3xi32>) -> tensor<3xi1>
  func.return
}

// -----

// CHECK: error: 'tt.reduce' sum needs a numeric operand, got tensor<?x3xi1> (cast first)
func.func @f(%x: tensor<?x3xi1>) {
  %r = "tt.reduce"(%x) <{kind = "sum", axes = array<i64: 0>}> : (tensor<?x3xi1>) -> tensor<3xi1>
  func.return
}

// -----

// CHECK: error: 'tt.reshape' element types differ: tensor<2x3xf32> -> tensor<6xf64>
func.func @f(%x: tensor<2x3xf32>) {
  %r = "tt.reshape"(%x) : (tensor<2x3xf32>) -> tensor<6xf64>
  func.return
}

// -----

// CHECK: error: 'tt.concatenate' needs at least one operand
func.func @f() {
  %c = "tt.concatenate"() <{axis = 0 : i64}> : () -> tensor<?x3xf32>
  func.return
}

// -----

// CHECK: error: 'tt.concatenate' operand 1 is tensor<?x3xf64>; all operands need the rank and element type of tensor<?x3xf32>
func.func @f(%x: tensor<?x3xf32>, %y: tensor<?x3xf64>) {
  %c = "tt.concatenate"(%x, %y) <{axis = 0 : i64}> : (tensor<?x3xf32>, tensor<?x3xf64>) -> tensor<?x3xf32>
  func.return
}

// -----

// CHECK: error: 'tt.slice' offsets, sizes and steps need 2 entries each for tensor<?x4xf32>
func.func @f(%x: tensor<?x4xf32>, %o: index, %n: index) {
  %s = "tt.slice"(%x, %o, %n) <{static_offsets = array<i64: -9223372036854775808>, static_sizes = array<i64: -9223372036854775808>, static_steps = array<i64: 1>, operandSegmentSizes = array<i32: 1, 1, 1, 0>}> : (tensor<?x4xf32>, index, index) -> tensor<?x4xf32>
  func.return
}

// -----

// CHECK: error: 'tt.slice' the slice of tensor<?x4xf32> with sizes ?x2 is tensor<?x2xf32>, got tensor<?x3xf32>
func.func @f(%x: tensor<?x4xf32>, %o: index, %n: index) {
  %s = "tt.slice"(%x, %o, %n) <{static_offsets = array<i64: -9223372036854775808, 0>, static_sizes = array<i64: -9223372036854775808, 2>, static_steps = array<i64: 1, 1>, operandSegmentSizes = array<i32: 1, 1, 1, 0>}> : (tensor<?x4xf32>, index, index) -> tensor<?x3xf32>
  func.return
}

// -----

// CHECK: error: 'tt.take' needs at least one index tensor
func.func @f(%x: tensor<?x4xf32>) {
  %t = "tt.take"(%x) <{axis = 0 : i64}> : (tensor<?x4xf32>) -> tensor<?x4xf32>
  func.return
}

// -----

// CHECK: error: 'tt.take' index tensors must have one type (broadcast them first), got tensor<?xi64>, tensor<?xi32>
func.func @f(%x: tensor<?x4xf32>, %v: tensor<?xi64>, %w: tensor<?xi32>) {
  %t = "tt.take"(%x, %v, %w) <{axis = 0 : i64}> : (tensor<?x4xf32>, tensor<?xi64>, tensor<?xi32>) -> tensor<?xf32>
  func.return
}

// -----

// CHECK: error: 'tt.update_take' needs at least one index tensor
func.func @f(%x: tensor<?x4xf32>, %z: tensor<?x4xf32>) {
  %u = "tt.update_take"(%x, %z) <{axis = 0 : i64, mode = "set"}> : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  func.return
}

// -----

// CHECK: error: 'tt.update_take' index tensors must have one type, got tensor<?xi64>, tensor<?xi32>
func.func @f(%x: tensor<?x4xf32>, %z: tensor<?xf32>, %v: tensor<?xi64>, %w: tensor<?xi32>) {
  %u = "tt.update_take"(%x, %z, %v, %w) <{axis = 0 : i64, mode = "add"}> : (tensor<?x4xf32>, tensor<?xf32>, tensor<?xi64>, tensor<?xi32>) -> tensor<?x4xf32>
  func.return
}

// -----

// CHECK: error: 'tt.matmul' operands must have rank 2, got tensor<2x3x4xf32> and tensor<4x5xf32>
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) {
  %r = "tt.matmul"(%a, %b) : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  func.return
}

// -----

// CHECK: error: 'tt.matmul' element types differ: tensor<3x4xf32> and tensor<4x5xf64>
func.func @f(%a: tensor<3x4xf32>, %b: tensor<4x5xf64>) {
  %r = "tt.matmul"(%a, %b) : (tensor<3x4xf32>, tensor<4x5xf64>) -> tensor<3x5xf32>
  func.return
}

// -----

// CHECK: error: 'tt.batched_matmul' batch dims differ: tensor<2x3x4xf32> and tensor<3x4x5xf32>
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<3x4x5xf32>) {
  %r = "tt.batched_matmul"(%a, %b) : (tensor<2x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x5xf32>
  func.return
}

// -----

// CHECK: error: 'tt.conv2d' strides and dilation take 2 values, padding 4 (top, bottom, left, right)
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  %y = "tt.conv2d"(%x, %w) <{strides = array<i64: 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, flip}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  func.return
}

// -----

// CHECK: error: 'tt.conv2d' input (NCHW) and filters (OIHW) must have rank 4, got tensor<3x8x8xf32> and tensor<4x3x3x3xf32>
func.func @f(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  %y = "tt.conv2d"(%x, %w) <{strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, flip}> : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  func.return
}

// -----

// CHECK: error: 'tt.conv2d_grad_input' operands and result must have rank 4
func.func @f(%gy: tensor<1x4x6x6xf32>, %w: tensor<4x3x3x3xf32>) {
  %gx = "tt.conv2d_grad_input"(%gy, %w) <{strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, flip}> : (tensor<1x4x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<3x8x8xf32>
  func.return
}

// -----

// CHECK: error: 'tt.conv2d_grad_input' the output gradient tensor<1x4x5x6xf32> does not fit conv2d(tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) = tensor<1x4x6x6xf32>
func.func @f(%gy: tensor<1x4x5x6xf32>, %w: tensor<4x3x3x3xf32>) {
  %gx = "tt.conv2d_grad_input"(%gy, %w) <{strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, flip}> : (tensor<1x4x5x6xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  func.return
}

// -----

// CHECK: error: 'tt.conv2d_grad_filter' operands and result must have rank 4
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x4x6x6xf32>) {
  %gw = "tt.conv2d_grad_filter"(%x, %gy) <{strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, flip}> : (tensor<1x3x8x8xf32>, tensor<1x4x6x6xf32>) -> tensor<4x3x3xf32>
  func.return
}

// -----

// CHECK: error: 'tt.conv2d_grad_filter' the output gradient tensor<1x4x6x5xf32> does not fit conv2d(tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) = tensor<1x4x6x6xf32>
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x4x6x5xf32>) {
  %gw = "tt.conv2d_grad_filter"(%x, %gy) <{strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, flip}> : (tensor<1x3x8x8xf32>, tensor<1x4x6x5xf32>) -> tensor<4x3x3x3xf32>
  func.return
}

// -----

// CHECK: error: 'tt.pool2d' window, strides and padding take 2 values each
func.func @f(%x: tensor<1x3x8x8xf32>) {
  %p = "tt.pool2d"(%x) <{mode = "max", window = array<i64: 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>, ignore_border}> : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  func.return
}

// -----

// CHECK: error: 'tt.pool2d' padding [2, 0] must be smaller than the window [2, 2]
func.func @f(%x: tensor<1x3x8x8xf32>) {
  %p = "tt.pool2d"(%x) <{mode = "max", window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 2, 0>, ignore_border}> : (tensor<1x3x8x8xf32>) -> tensor<1x3x6x4xf32>
  func.return
}

// -----

// CHECK: error: 'tt.pool2d' input needs at least 2 dims, got tensor<8xf32>
func.func @f(%x: tensor<8xf32>) {
  %p = "tt.pool2d"(%x) <{mode = "max", window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>, ignore_border}> : (tensor<8xf32>) -> tensor<4xf32>
  func.return
}

// -----

// CHECK: error: 'tt.pool2d_grad' the output gradient tensor<1x3x4x3xf32> does not fit pool2d(tensor<1x3x8x8xf32>) = tensor<1x3x4x4xf32>
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x3x4x3xf32>) {
  %g = "tt.pool2d_grad"(%x, %gy) <{mode = "max", window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>, ignore_border}> : (tensor<1x3x8x8xf32>, tensor<1x3x4x3xf32>) -> tensor<1x3x8x8xf32>
  func.return
}
