// RUN: arignote-opt %s --split-input-file | filecheck %s
// tensor.dim / memref.dim with a constant index outside the operand's rank is valid IR:
// upstream MLIR's verifier accepts it (LLVM 17 on: the result is undefined) and so does
// xDSL's; the compiler refuses to compile it (tests/test_verify.py).

// CHECK: tensor.dim %x, %c2 : tensor<?xf32>
func.func @f(%x: tensor<?xf32>) -> index {
  %c2 = arith.constant 2 : index
  %d = tensor.dim %x, %c2 : tensor<?xf32>
  func.return %d : index
}

// -----

// CHECK: memref.dim %x, %c5 : memref<?x4xf32>
func.func @f(%x: memref<?x4xf32>) -> index {
  %c5 = arith.constant 5 : index
  %d = memref.dim %x, %c5 : memref<?x4xf32>
  func.return %d : index
}
