// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Every verifier diagnostic of libcall.gemm.

func.func @f(%a: tensor<4x8xf32>, %b: tensor<9x16xf32>, %c: tensor<4x16xf32>) {
  %d = libcall.gemm ins(%a, %b : tensor<4x8xf32>, tensor<9x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  func.return
}
// CHECK: invalid.mlir:5:3: error: 'libcall.gemm' inner dimensions differ: op(A) is 4x8, op(B) is 9x16 (A tensor<4x8xf32>, B tensor<9x16xf32>)

// -----
func.func @f(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x15xf32>) {
  %d = libcall.gemm ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x15xf32>) -> tensor<4x15xf32>
  func.return
}
// CHECK: error: 'libcall.gemm' C is 4x15, expected 4x16 for op(A) 4x8 times op(B) 8x16

// -----
func.func @f(%a: tensor<8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) {
  %d = libcall.gemm ins(%a, %b : tensor<8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  func.return
}
// CHECK: error: 'libcall.gemm' A must be a matrix (rank 2), got tensor<8xf32>

// -----
func.func @f(%a: tensor<4x8xf64>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) {
  %d = libcall.gemm ins(%a, %b : tensor<4x8xf64>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  func.return
}
// CHECK: error: 'libcall.gemm' A has element type f64, expected f32 like C

// -----
func.func @f(%a: tensor<4x8xi32>, %b: tensor<8x16xi32>, %c: tensor<4x16xi32>) {
  %d = libcall.gemm ins(%a, %b : tensor<4x8xi32>, tensor<8x16xi32>) outs(%c : tensor<4x16xi32>) -> tensor<4x16xi32>
  func.return
}
// CHECK: error: 'libcall.gemm' element type must be f16, f32 or f64, got tensor<4x16xi32>

// -----
func.func @f(%a: tensor<4x8xf32>, %b: memref<8x16xf32>, %c: tensor<4x16xf32>) {
  %d = libcall.gemm ins(%a, %b : tensor<4x8xf32>, memref<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  func.return
}
// CHECK: error: 'libcall.gemm' operands must be all tensors or all memrefs, got tensor<4x8xf32>, memref<8x16xf32>, tensor<4x16xf32>

// -----
func.func @f(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>, %v: tensor<4xf32>) {
  %d = libcall.gemm ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) bias(%v : tensor<4xf32>) -> tensor<4x16xf32>
  func.return
}
// CHECK: error: 'libcall.gemm' bias must be a vector of 16 f32 (one per column of C), got tensor<4xf32>

// -----
func.func @f(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) {
  %d = libcall.gemm ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) epilogue = gelu -> tensor<4x16xf32>
  func.return
}
// CHECK: error: 'libcall.gemm' unknown epilogue 'gelu' (expected one of none, relu)

// -----
func.func @f(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) {
  "libcall.gemm"(%a, %b, %c) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> : (tensor<4x8xf32>, tensor<8x16xf32>, tensor<4x16xf32>) -> ()
  func.return
}
// CHECK: error: 'libcall.gemm' on tensors the result type must be C's type tensor<4x16xf32>

// -----
func.func @f(%a: memref<4x8xf32>, %b: memref<8x16xf32>, %c: memref<4x16xf32>, %t: tensor<4x16xf32>) {
  %d = "libcall.gemm"(%a, %b, %c) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> : (memref<4x8xf32>, memref<8x16xf32>, memref<4x16xf32>) -> tensor<4x16xf32>
  func.return
}
// CHECK: error: 'libcall.gemm' on memrefs the op has no result (C is overwritten)

// -----
func.func @f(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) {
  %d = libcall.gemm ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x17xf32>
  func.return
}
// CHECK: error: libcall.gemm: the result type must be C's type tensor<4x16xf32>, got tensor<4x17xf32>
