// RUN: not arignote-opt %s --split-input-file -p convert-libcall-to-loops 2>&1 | filecheck %s
// Every diagnostic of convert-libcall-to-loops.

func.func @on_tensors(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %d = libcall.gemm ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) {provider = "kernel"} -> tensor<4x16xf32>
  func.return %d : tensor<4x16xf32>
}
// CHECK: convert-libcall-to-loops-invalid.mlir:5:3: error: convert-libcall-to-loops: 'libcall.gemm' works on tensors; the generated kernel is a loop nest over buffers (run convert-libcall-to-loops after one-shot-bufferize)

// -----

func.func @direct_strided(%x: memref<1x1x8x8xf32>, %w: memref<1x1x3x3xf32>, %y: memref<1x1x6x3xf32>) {
  libcall.conv2d ins(%x, %w : memref<1x1x8x8xf32>, memref<1x1x3x3xf32>) outs(%y : memref<1x1x6x3xf32>) strides [1, 2] padding [0, 0, 0, 0] dilation [1, 1] {provider = "cpu-direct"}
  func.return
}
// CHECK: convert-libcall-to-loops-invalid.mlir:[[# @LINE - 3]]:3: error: convert-libcall-to-loops: 'libcall.conv2d' has provider 'cpu-direct', which cannot run it: a stride along the width (the schedule loads contiguous input columns)
