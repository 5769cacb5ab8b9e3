// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Every verifier and parser diagnostic of the libcall convolution ops.

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %y: tensor<2x4x6x6xf32>) {
  %r = libcall.conv2d ins(%x, %w : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%y : tensor<2x4x6x6xf32>) strides [1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<2x4x6x6xf32>
  func.return
}
// CHECK: error: 'libcall.conv2d' strides and dilation take 2 values, padding 4 (top, bottom, left, right); got strides [1], padding [0, 0, 0, 0], dilation [1, 1]

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %y: tensor<2x4x6x6xf32>) {
  %r = libcall.conv2d ins(%x, %w : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%y : tensor<2x4x6x6xf32>) strides [0, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<2x4x6x6xf32>
  func.return
}
// CHECK: error: 'libcall.conv2d' strides and dilation must be >= 1 and padding >= 0; got strides [0, 1], padding [0, 0, 0, 0], dilation [1, 1]

// -----
func.func @f(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %y: tensor<2x4x6x6xf32>) {
  %r = libcall.conv2d ins(%x, %w : tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%y : tensor<2x4x6x6xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<2x4x6x6xf32>
  func.return
}
// CHECK: error: 'libcall.conv2d' input must have rank 4 (NCHW), got tensor<3x8x8xf32>

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf64>, %y: tensor<2x4x6x6xf32>) {
  %r = libcall.conv2d ins(%x, %w : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf64>) outs(%y : tensor<2x4x6x6xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<2x4x6x6xf32>
  func.return
}
// CHECK: error: 'libcall.conv2d' filters has element type f64, expected f32 like output

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %y: tensor<3x4x6x6xf32>) {
  %r = libcall.conv2d ins(%x, %w : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%y : tensor<3x4x6x6xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<3x4x6x6xf32>
  func.return
}
// CHECK: error: 'libcall.conv2d' batch sizes differ: input tensor<2x3x8x8xf32>, output tensor<3x4x6x6xf32>

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x5x3x3xf32>, %y: tensor<2x4x6x6xf32>) {
  %r = libcall.conv2d ins(%x, %w : tensor<2x3x8x8xf32>, tensor<4x5x3x3xf32>) outs(%y : tensor<2x4x6x6xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<2x4x6x6xf32>
  func.return
}
// CHECK: error: 'libcall.conv2d' input has 3 channels, filters expect 5 (input tensor<2x3x8x8xf32>, filters tensor<4x5x3x3xf32>)

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %y: tensor<2x5x6x6xf32>) {
  %r = libcall.conv2d ins(%x, %w : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%y : tensor<2x5x6x6xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<2x5x6x6xf32>
  func.return
}
// CHECK: error: 'libcall.conv2d' filters have 4 output channels, output has 5 (filters tensor<4x3x3x3xf32>, output tensor<2x5x6x6xf32>)

// -----
func.func @f(%x: tensor<2x3x4x8xf32>, %w: tensor<4x3x3x3xf32>, %y: tensor<2x4x?x6xf32>) {
  %r = libcall.conv2d ins(%x, %w : tensor<2x3x4x8xf32>, tensor<4x3x3x3xf32>) outs(%y : tensor<2x4x?x6xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [2, 1] -> tensor<2x4x?x6xf32>
  func.return
}
// CHECK: error: 'libcall.conv2d' the dilated filter height 5 exceeds the padded input height 4 (input tensor<2x3x4x8xf32>, filters tensor<4x3x3x3xf32>)

// -----
func.func @f(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %y: tensor<?x4x5x6xf32>) {
  %r = libcall.conv2d ins(%x, %w : tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%y : tensor<?x4x5x6xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<?x4x5x6xf32>
  func.return
}
// CHECK: error: 'libcall.conv2d' output height is 5, expected (8 + 0 + 0 - 1*(3-1) - 1) // 1 + 1 = 6 (input tensor<?x3x8x8xf32>, filters tensor<4x3x3x3xf32>, output tensor<?x4x5x6xf32>)

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %y: tensor<2x4x6x6xf32>, %b: tensor<5xf32>) {
  %r = libcall.conv2d ins(%x, %w : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%y : tensor<2x4x6x6xf32>) bias(%b : tensor<5xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<2x4x6x6xf32>
  func.return
}
// CHECK: error: 'libcall.conv2d' bias must be a vector of 4 f32 (one per output channel), got tensor<5xf32>

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %y: tensor<2x4x6x6xf32>) {
  %r = libcall.conv2d ins(%x, %w : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%y : tensor<2x4x6x6xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] epilogue = tanh -> tensor<2x4x6x6xf32>
  func.return
}
// CHECK: error: 'libcall.conv2d' unknown epilogue 'tanh' (expected one of none, relu)

// -----
func.func @f(%dy: tensor<2x4x6x6xf32>, %w: tensor<4x3x3x3xf32>, %dx: tensor<2x5x8x8xf32>) {
  %r = libcall.conv2d_backward_data ins(%dy, %w : tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>) outs(%dx : tensor<2x5x8x8xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<2x5x8x8xf32>
  func.return
}
// CHECK: error: 'libcall.conv2d_backward_data' input gradient has 5 channels, filters expect 3 (input gradient tensor<2x5x8x8xf32>, filters tensor<4x3x3x3xf32>)

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %dy: tensor<2x4x7x6xf32>, %dw: tensor<4x3x3x3xf32>) {
  %r = libcall.conv2d_backward_filter ins(%x, %dy : tensor<2x3x8x8xf32>, tensor<2x4x7x6xf32>) outs(%dw : tensor<4x3x3x3xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip -> tensor<4x3x3x3xf32>
  func.return
}
// CHECK: error: 'libcall.conv2d_backward_filter' output gradient height is 7, expected (8 + 0 + 0 - 1*(3-1) - 1) // 1 + 1 = 6 (input tensor<2x3x8x8xf32>, filter gradient tensor<4x3x3x3xf32>, output gradient tensor<2x4x7x6xf32>)

// -----
func.func @f(%dy: tensor<2x4x6x6xf32>, %w: tensor<4x3x3x3xf32>, %dx: tensor<2x3x8x8xf32>, %b: tensor<4xf32>) {
  %r = libcall.conv2d_backward_data ins(%dy, %w : tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>) outs(%dx : tensor<2x3x8x8xf32>) bias(%b : tensor<4xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<2x3x8x8xf32>
  func.return
}
// CHECK: error: libcall.conv2d_backward_data takes no bias and no epilogue

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %y: tensor<2x4x6x6xf32>) {
  %r = libcall.conv2d ins(%x : tensor<2x3x8x8xf32>) outs(%y : tensor<2x4x6x6xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<2x4x6x6xf32>
  func.return
}
// CHECK: error: libcall.conv2d takes 2 input(s): ins(%x, %w : ...)

// -----
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %y: tensor<2x4x6x6xf32>) {
  %r = libcall.conv2d ins(%x, %w : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%y : tensor<2x4x6x6xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<2x4x6x7xf32>
  func.return
}
// CHECK: error: libcall.conv2d: the result type must be the destination's type tensor<2x4x6x6xf32>, got tensor<2x4x6x7xf32>
