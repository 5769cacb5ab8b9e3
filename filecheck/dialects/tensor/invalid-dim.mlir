// RUN: arignote-opt %s --split-input-file --verify-diagnostics
// tensor.dim / memref.dim with a constant index out of the operand's rank (upstream
// MLIR refuses it; it used to verify and fail with an IndexError when run).

func.func @f(%x: tensor<?xf32>) -> index {
  %c2 = arith.constant 2 : index
  // expected-error @+1 {{'tensor.dim' index 2 is out of range for tensor<?xf32>}}
  %d = tensor.dim %x, %c2 : tensor<?xf32>
  func.return %d : index
}

// -----

func.func @f(%x: memref<?x4xf32>) -> index {
  %c5 = arith.constant 5 : index
  // expected-error @+1 {{'memref.dim' index 5 is out of range for memref<?x4xf32>}}
  %d = memref.dim %x, %c5 : memref<?x4xf32>
  func.return %d : index
}
