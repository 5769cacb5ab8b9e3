// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Every verifier diagnostic of the structural tt ops (one per chunk).

func.func @f(%x: tensor<?x3xf32>) {
  %d = tt.dim %x axis 2 : tensor<?x3xf32>
  func.return
}
// CHECK: error: 'tt.dim' axis 2 is out of range for tensor<?x3xf32>

// -----
func.func @f(%x: tensor<3xi64>) {
  %d = tt.to_index %x : tensor<3xi64>
  func.return
}
// CHECK: error: 'tt.to_index' operand must be a rank-0 integer tensor, got tensor<3xi64>

// -----
func.func @f(%x: tensor<?x3xf32>) {
  %r = "tt.reduce"(%x) <{kind = "mean", axes = array<i64: 0>}> : (tensor<?x3xf32>) -> tensor<3xf32>
  func.return
}
// CHECK: error: 'tt.reduce' unknown kind 'mean' (one of sum, prod, max, min, all, any, argmax, argmin)

// -----
func.func @f(%x: tensor<?x3xf32>) {
  %r = "tt.reduce"(%x) <{kind = "sum", axes = array<i64: 1, 0>}> : (tensor<?x3xf32>) -> tensor<f32>
  func.return
}
// CHECK: error: 'tt.reduce' axes [1, 0] must be strictly increasing dims of tensor<?x3xf32>

// -----
func.func @f(%x: tensor<?x3xf32>) {
  %r = "tt.reduce"(%x) <{kind = "all", axes = array<i64: 0>}> : (tensor<?x3xf32>) -> tensor<3xf32>
  func.return
}
// CHECK: error: 'tt.reduce' operand must have an integer or boolean element type (i1, i8-i64, ui8-ui64), got tensor<?x3xf32>

// -----
func.func @f(%x: tensor<?x3xf32>) {
  %r = "tt.reduce"(%x) <{kind = "argmax", axes = array<i64: 0, 1>}> : (tensor<?x3xf32>) -> tensor<i64>
  func.return
}
// CHECK: error: 'tt.reduce' argmax takes exactly one axis, got [0, 1]

// -----
func.func @f(%x: tensor<?x3xf32>) {
  %r = "tt.reduce"(%x) <{kind = "sum", axes = array<i64: 0>}> : (tensor<?x3xf32>) -> tensor<4xf32>
  func.return
}
// CHECK: error: 'tt.reduce' result type must be tensor<3xf32>, got tensor<4xf32>

// -----
func.func @f(%x: tensor<2x3xf32>) {
  %r = tt.reshape %x : tensor<2x3xf32> -> tensor<7xf32>
  func.return
}
// CHECK: error: 'tt.reshape' tensor<2x3xf32> has 6 elements, tensor<7xf32> has 7

// -----
func.func @f(%x: tensor<2x3xf32>) {
  %r = "tt.transpose"(%x) <{perm = array<i64: 0, 0>}> : (tensor<2x3xf32>) -> tensor<2x2xf32>
  func.return
}
// CHECK: error: 'tt.transpose' perm [0, 0] is not a permutation of the dims of tensor<2x3xf32>

// -----
func.func @f(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  %r = tt.concatenate %a, %b axis 0 : tensor<2x3xf32>, tensor<2x4xf32> -> tensor<4x3xf32>
  func.return
}
// CHECK: error: 'tt.concatenate' operands differ in dim 1 (not the axis): tensor<2x3xf32>, tensor<2x4xf32>

// -----
func.func @f(%a: tensor<i64>, %b: tensor<f32>) {
  %r = "tt.arange"(%a, %a, %b) : (tensor<i64>, tensor<i64>, tensor<f32>) -> tensor<?xi64>
  func.return
}
// CHECK: error: 'tt.arange' start, stop and step must be rank-0 tensors of one type, got tensor<i64>, tensor<i64>, tensor<f32>

// -----
func.func @f(%x: tensor<?xf32>) {
  %r = tt.slice %x [0] [2] [0] : tensor<?xf32> -> tensor<2xf32>
  func.return
}
// CHECK: error: 'tt.slice' a step of 0 is invalid

// -----
func.func @f(%x: tensor<?xf32>) {
  %r = tt.slice %x [0] [2] [1] : tensor<?xf32> -> tensor<3xf32>
  func.return
}
// CHECK: error: tt.slice: the result type is tensor<2xf32> for these operands, not tensor<3xf32>

// -----
func.func @f(%x: tensor<?xf32>, %y: tensor<3xf32>) {
  %r = "tt.update_slice"(%x, %y) <{mode = "mul", static_offsets = array<i64: 0>, static_sizes = array<i64: 3>, static_steps = array<i64: 1>, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0>}> : (tensor<?xf32>, tensor<3xf32>) -> tensor<?xf32>
  func.return
}
// CHECK: error: 'tt.update_slice' mode must be set or add, got 'mul'

// -----
func.func @f(%x: tensor<?x2xf32>, %i: tensor<?xf32>) {
  %r = "tt.take"(%x, %i) <{axis = 0 : i64}> : (tensor<?x2xf32>, tensor<?xf32>) -> tensor<?x2xf32>
  func.return
}
// CHECK: error: 'tt.take' index 0 must have an integer element type (i8-i64, ui8-ui64), got tensor<?xf32>

// -----
func.func @f(%x: tensor<?x2xf32>, %i: tensor<?xi64>) {
  %r = "tt.take"(%x, %i, %i, %i) <{axis = 0 : i64}> : (tensor<?x2xf32>, tensor<?xi64>, tensor<?xi64>, tensor<?xi64>) -> tensor<?xf32>
  func.return
}
// CHECK: error: 'tt.take' 3 index tensor(s) at axis 0 do not fit tensor<?x2xf32>

// -----
func.func @f(%x: tensor<?x2xf32>, %y: tensor<?x3xf32>, %i: tensor<?xi64>) {
  %r = tt.update_take add %x, %y [%i] axis 0 : tensor<?x2xf32>, tensor<?x3xf32>, tensor<?xi64> -> tensor<?x2xf32>
  func.return
}
// CHECK: error: 'tt.update_take' update must be tensor<?x2xf32> (what tt.take reads), got tensor<?x3xf32>

// -----
func.func @f(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  %r = "tt.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  func.return
}
// CHECK: error: 'tt.matmul' inner dims differ: tensor<2x3xf32> and tensor<4x5xf32>

// -----
func.func @f(%a: tensor<2x3xi32>) {
  %r = "tt.matmul"(%a, %a) : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
  func.return
}
// CHECK: error: 'tt.matmul' lhs must have a floating-point element type (f16, f32, f64), got tensor<2x3xi32>

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  %r = tt.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip : tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32> -> tensor<1x4x6x6xf32>
  func.return
}
// CHECK: error: 'tt.conv2d' input has 3 channels, filters expect 2 (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>)

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  %r = tt.conv2d %x, %w strides [0, 1] padding [0, 0, 0, 0] dilation [1, 1] flip : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  func.return
}
// CHECK: error: 'tt.conv2d' strides and dilation must be >= 1 and padding >= 0

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  %r = tt.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x7x7xf32>
  func.return
}
// CHECK: error: 'tt.conv2d' result type must be tensor<1x4x6x6xf32>, got tensor<1x4x7x7xf32>

// -----
func.func @f(%x: tensor<1x3x8x8xf32>) {
  %r = tt.pool2d mean %x window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}
// CHECK: error: 'tt.pool2d' unknown mode 'mean' (one of max, sum, average_inc_pad, average_exc_pad)

// -----
func.func @f(%x: tensor<1x3x8x8xf32>) {
  %r = tt.pool2d max %x window [2, 2] strides [2, 2] padding [1, 1] : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}
// CHECK: error: 'tt.pool2d' padding needs ignore_border (as in Theano)

// -----
func.func @f(%x: tensor<?x5xi32>) {
  %r = tt.softmax %x axis 1 : tensor<?x5xi32>
  func.return
}
// CHECK: error: 'tt.softmax' operand must have a floating-point element type (f16, f32, f64), got tensor<?x5xi32>

// -----
func.func @f(%s: tensor<2xi32>) {
  %r = tt.random uniform %s : tensor<2xi32> -> tensor<3xf32>
  func.return
}
// CHECK: error: 'tt.random' state must be tensor<4xi32> (key, counter), got tensor<2xi32>

// -----
func.func @f(%s: tensor<4xi32>) {
  %r = tt.random poisson %s : tensor<4xi32> -> tensor<3xf32>
  func.return
}
// CHECK: error: 'tt.random' unknown distribution 'poisson' (uniform or normal)
