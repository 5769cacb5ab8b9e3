// RUN: not arignote-opt %s -p convert-libcall-to-loops 2>&1 | filecheck %s
// Every diagnostic of convert-libcall-to-loops.

func.func @on_tensors(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %d = libcall.gemm ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) {provider = "kernel"} -> tensor<4x16xf32>
  func.return %d : tensor<4x16xf32>
}
// CHECK: convert-libcall-to-loops-invalid.mlir:5:3: error: convert-libcall-to-loops: 'libcall.gemm' works on tensors; the generated kernel is a loop nest over buffers (run convert-libcall-to-loops after one-shot-bufferize)
