// RUN: not arignote-opt %s -p one-shot-bufferize 2>&1 | filecheck %s
// Ops on tensors without a bufferization rule are reported with their location.

func.func @unknown(%x: tensor<4xf32>) -> tensor<2xf32> {
  %s = tensor.extract_slice %x[0] [2] [1] : tensor<4xf32> to tensor<2xf32>
  func.return %s : tensor<2xf32>
}
// CHECK: one-shot-bufferize-invalid.mlir:5:3: error: one-shot-bufferize: 'tensor.extract_slice' cannot be bufferized (no bufferization rule for it)
