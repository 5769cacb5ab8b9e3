// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Every verifier and parser diagnostic of libcall.pool2d and libcall.pool2d_backward.

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %y: tensor<2x3x4x4xf32>) {
  %r = libcall.pool2d avg ins(%x : tensor<2x3x8x8xf32>) outs(%y : tensor<2x3x4x4xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<2x3x4x4xf32>
  func.return
}
// CHECK: error: 'libcall.pool2d' unknown mode 'avg' (expected one of max, sum, average_inc_pad, average_exc_pad)

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %y: tensor<2x3x4x4xf32>) {
  %r = libcall.pool2d max ins(%x : tensor<2x3x8x8xf32>) outs(%y : tensor<2x3x4x4xf32>) window [2, 2, 1] strides [2, 2] padding [0, 0] -> tensor<2x3x4x4xf32>
  func.return
}
// CHECK: error: 'libcall.pool2d' window, strides and padding take 2 values each; got window [2, 2, 1], strides [2, 2], padding [0, 0]

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %y: tensor<2x3x4x4xf32>) {
  %r = libcall.pool2d max ins(%x : tensor<2x3x8x8xf32>) outs(%y : tensor<2x3x4x4xf32>) window [2, 2] strides [0, 2] padding [0, 0] -> tensor<2x3x4x4xf32>
  func.return
}
// CHECK: error: 'libcall.pool2d' window and strides must be >= 1, padding >= 0; got window [2, 2], strides [0, 2], padding [0, 0]

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %y: tensor<2x3x5x5xf32>) {
  %r = libcall.pool2d max ins(%x : tensor<2x3x8x8xf32>) outs(%y : tensor<2x3x5x5xf32>) window [2, 2] strides [2, 2] padding [2, 0] -> tensor<2x3x5x5xf32>
  func.return
}
// CHECK: error: 'libcall.pool2d' padding [2, 0] must be smaller than the window [2, 2]

// -----
func.func @f(%x: tensor<8xf32>, %y: tensor<4xf32>) {
  %r = libcall.pool2d max ins(%x : tensor<8xf32>) outs(%y : tensor<4xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<4xf32>
  func.return
}
// CHECK: error: 'libcall.pool2d' input needs at least 2 dims, got tensor<8xf32>

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %y: tensor<6x4x4xf32>) {
  %r = libcall.pool2d max ins(%x : tensor<2x3x8x8xf32>) outs(%y : tensor<6x4x4xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<6x4x4xf32>
  func.return
}
// CHECK: error: 'libcall.pool2d' output must have the rank of input: input tensor<2x3x8x8xf32>, output tensor<6x4x4xf32>

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %y: tensor<2x4x4x4xf32>) {
  %r = libcall.pool2d max ins(%x : tensor<2x3x8x8xf32>) outs(%y : tensor<2x4x4x4xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<2x4x4x4xf32>
  func.return
}
// CHECK: error: 'libcall.pool2d' output differs from input in leading dim 1: input tensor<2x3x8x8xf32>, output tensor<2x4x4x4xf32>

// -----
func.func @f(%x: tensor<?x3x7x8xf32>, %y: tensor<?x3x5x4xf32>) {
  %r = libcall.pool2d sum ins(%x : tensor<?x3x7x8xf32>) outs(%y : tensor<?x3x5x4xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<?x3x5x4xf32>
  func.return
}
// CHECK: error: 'libcall.pool2d' output height is 5, expected (n + 2p - w) // s + 1 = 3 (ignore_border) or 4 (not ignore_border) for input height 7, window 2, stride 2, padding 0 (input tensor<?x3x7x8xf32>, output tensor<?x3x5x4xf32>)

// -----
func.func @f(%x: tensor<?x3x7x8xf32>, %y: tensor<?x3x4x3xf32>) {
  %r = libcall.pool2d sum ins(%x : tensor<?x3x7x8xf32>) outs(%y : tensor<?x3x4x3xf32>) window [2, 2] strides [2, 2] padding [1, 1] -> tensor<?x3x4x3xf32>
  func.return
}
// CHECK: error: 'libcall.pool2d' output width is 3, expected (n + 2p - w) // s + 1 = 5 (ignore_border) for input width 8, window 2, stride 2, padding 1 (input tensor<?x3x7x8xf32>, output tensor<?x3x4x3xf32>)

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %g: tensor<2x3x4x4xf32>) {
  %r = "libcall.pool2d_backward"(%g, %x) <{mode = "max", window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>, operandSegmentSizes = array<i32: 0, 0, 1, 1>}> : (tensor<2x3x4x4xf32>, tensor<2x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  func.return
}
// CHECK: error: 'libcall.pool2d_backward' mode max needs the input and the forward output: ins(%x, %y, %dy : ...)

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %g: tensor<2x3x4x4xf32>) {
  %r = "libcall.pool2d_backward"(%x, %g, %g, %x) <{mode = "sum", window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>, operandSegmentSizes = array<i32: 1, 1, 1, 1>}> : (tensor<2x3x8x8xf32>, tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>, tensor<2x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  func.return
}
// CHECK: error: 'libcall.pool2d_backward' mode sum takes only the output gradient: ins(%dy : ...)

// -----
func.func @f(%x: tensor<2x3x8x9xf32>, %g: tensor<2x3x4x4xf32>, %dx: tensor<2x3x8x8xf32>) {
  %r = libcall.pool2d_backward max ins(%x, %g, %g : tensor<2x3x8x9xf32>, tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>) outs(%dx : tensor<2x3x8x8xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<2x3x8x8xf32>
  func.return
}
// CHECK: error: 'libcall.pool2d_backward' input tensor<2x3x8x9xf32> must have the shape of the input gradient tensor<2x3x8x8xf32>

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %g: tensor<2x3x4x4xf32>) {
  %r = libcall.pool2d_backward max ins(%g : tensor<2x3x4x4xf32>) outs(%x : tensor<2x3x8x8xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<2x3x8x8xf32>
  func.return
}
// CHECK: error: libcall.pool2d_backward max takes 3 input(s): ins(%x, %y, %dy : ...)

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %g: tensor<2x3x4x4xf32>) {
  %r = libcall.pool2d_backward average_inc_pad ins(%x, %g, %g : tensor<2x3x8x8xf32>, tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>) outs(%x : tensor<2x3x8x8xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<2x3x8x8xf32>
  func.return
}
// CHECK: error: libcall.pool2d_backward average_inc_pad takes 1 input(s): ins(%dy : ...)
