// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Verifier and parser diagnostics of libcall.batched_gemm and libcall.softmax/log_softmax,
// and those every libcall op shares (layout, result, element type).

// -----
func.func @f(%a: tensor<4x8xf32>, %b: tensor<3x8x16xf32>, %c: tensor<3x4x16xf32>) {
  %d = libcall.batched_gemm ins(%a, %b : tensor<4x8xf32>, tensor<3x8x16xf32>) outs(%c : tensor<3x4x16xf32>) -> tensor<3x4x16xf32>
  func.return
}
// CHECK: error: 'libcall.batched_gemm' A must be a batch of matrices (rank 3), got tensor<4x8xf32>

// -----
func.func @f(%a: tensor<2x4x8xf32>, %b: tensor<3x8x16xf32>, %c: tensor<3x4x16xf32>) {
  %d = libcall.batched_gemm ins(%a, %b : tensor<2x4x8xf32>, tensor<3x8x16xf32>) outs(%c : tensor<3x4x16xf32>) -> tensor<3x4x16xf32>
  func.return
}
// CHECK: error: 'libcall.batched_gemm' batch sizes differ: A tensor<2x4x8xf32>, B tensor<3x8x16xf32>, C tensor<3x4x16xf32>

// -----
func.func @f(%a: tensor<3x4x8xf32>, %b: tensor<3x8x16xf32>, %c: tensor<3x4x16xf32>) {
  %d = libcall.batched_gemm ins(%a, %b : tensor<3x4x8xf32>, tensor<3x8x16xf32>) outs(%c : tensor<3x4x16xf32>) transpose_a -> tensor<3x4x16xf32>
  func.return
}
// CHECK: error: 'libcall.batched_gemm' inner dimensions differ: op(A) is 8x4, op(B) is 8x16 (A tensor<3x4x8xf32>, B tensor<3x8x16xf32>)

// -----
func.func @f(%x: tensor<4x10xf32>, %y: tensor<4x10xf32>) {
  %r = libcall.softmax ins(%x : tensor<4x10xf32>) outs(%y : tensor<4x10xf32>) axis 2 -> tensor<4x10xf32>
  func.return
}
// CHECK: error: 'libcall.softmax' axis 2 is out of range for input tensor<4x10xf32>

// -----
func.func @f(%x: tensor<4x10xf32>, %y: tensor<4x11xf32>) {
  %r = libcall.log_softmax ins(%x : tensor<4x10xf32>) outs(%y : tensor<4x11xf32>) axis 1 -> tensor<4x11xf32>
  func.return
}
// CHECK: error: 'libcall.log_softmax' output tensor<4x11xf32> must have the shape of the input tensor<4x10xf32>

// -----
func.func @f(%x: tensor<4x10xf16>, %y: tensor<4x10xf32>) {
  %r = libcall.softmax ins(%x : tensor<4x10xf16>) outs(%y : tensor<4x10xf32>) axis 1 -> tensor<4x10xf32>
  func.return
}
// CHECK: error: 'libcall.softmax' input has element type f16, expected f32 like output

// -----
func.func @f(%x: tensor<4x10xf32>, %y: tensor<4x10xf32>) {
  %r = libcall.softmax ins(%x, %x : tensor<4x10xf32>, tensor<4x10xf32>) outs(%y : tensor<4x10xf32>) axis 1 -> tensor<4x10xf32>
  func.return
}
// CHECK: error: libcall.softmax takes 1 input(s): ins(%x : ...)

// -----
func.func @f(%x: memref<4x10xf32, strided<[20, 1]>>, %y: memref<4x10xf32>) {
  libcall.softmax ins(%x : memref<4x10xf32, strided<[20, 1]>>) outs(%y : memref<4x10xf32>) axis 1
  func.return
}
// CHECK: error: 'libcall.softmax' input must be an identity-layout (row-major, contiguous) buffer, got memref<4x10xf32, strided<[20, 1]>>

// -----
func.func @f(%x: tensor<4x10xf32>, %y: tensor<4x10xf32>) {
  "libcall.softmax"(%x, %y) <{axis = 1 : i64}> : (tensor<4x10xf32>, tensor<4x10xf32>) -> ()
  func.return
}
// CHECK: error: 'libcall.softmax' on tensors the result type must be output's type tensor<4x10xf32>

// -----
func.func @f(%x: memref<2x3x8x8xf32>, %y: memref<2x3x4x4xf32>) {
  %r = "libcall.pool2d"(%x, %y) <{mode = "max", window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>}> : (memref<2x3x8x8xf32>, memref<2x3x4x4xf32>) -> tensor<2x3x4x4xf32>
  func.return
}
// CHECK: error: 'libcall.pool2d' on memrefs the op has no result (output is overwritten)

// -----
func.func @f(%x: memref<2x3x8x8xi32>, %y: memref<2x3x4x4xi32>) {
  libcall.pool2d max ins(%x : memref<2x3x8x8xi32>) outs(%y : memref<2x3x4x4xi32>) window [2, 2] strides [2, 2] padding [0, 0]
  func.return
}
// CHECK: error: 'libcall.pool2d' element type must be f16, f32 or f64, got memref<2x3x4x4xi32>
