// RUN: not arignote-opt %s --split-input-file -p select-libcall-providers 2>&1 | filecheck %s
// Every diagnostic of select-libcall-providers.

func.func @on_tensors(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %d = libcall.gemm ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  func.return %d : tensor<4x16xf32>
}
// CHECK: select-libcall-providers-invalid.mlir:5:3: error: select-libcall-providers: 'libcall.gemm' works on tensors; providers are chosen for buffers (run select-libcall-providers after one-shot-bufferize)

// -----
func.func @mixed(%a: memref<4x8xf32>, %b: memref<8x16xf32, 1>, %c: memref<4x16xf32, 1>) {
  libcall.gemm ins(%a, %b : memref<4x8xf32>, memref<8x16xf32, 1>) outs(%c : memref<4x16xf32, 1>)
  func.return
}
// CHECK: select-libcall-providers-invalid.mlir:12:3: error: select-libcall-providers: 'libcall.gemm' mixes host and device buffers: A (memref<4x8xf32>) in host memory; B (memref<8x16xf32, 1 : i64>), C (memref<4x16xf32, 1 : i64>) in device memory (space 1); one provider needs all of them in one place (buffer-placement copies them)

// -----
func.func @space(%x: memref<2x3x4x4xf32, 3>, %y: memref<2x3x2x2xf32, 3>) {
  libcall.pool2d max ins(%x : memref<2x3x4x4xf32, 3>) outs(%y : memref<2x3x2x2xf32, 3>) window [2, 2] strides [2, 2] padding [0, 0]
  func.return
}
// CHECK: error: select-libcall-providers: 'libcall.pool2d' input (memref<2x3x4x4xf32, 3 : i64>) is in memory space 3, which no provider serves (expected the default space, host memory, or 1, device memory)

// -----
func.func @wrong_provider(%a: memref<4x4xf32>) {
  libcall.gemm ins(%a, %a : memref<4x4xf32>, memref<4x4xf32>) outs(%a : memref<4x4xf32>) {provider = "cublas"}
  func.return
}
// CHECK: error: select-libcall-providers: 'libcall.gemm' has provider 'cublas', which cannot run it on host buffers (providers for host buffers: cpu-blas, cpu-numpy, kernel)

// -----
func.func @unknown_provider(%x: memref<2x3x4x4xf32, 1>, %y: memref<2x3x4x4xf32, 1>) {
  libcall.softmax ins(%x : memref<2x3x4x4xf32, 1>) outs(%y : memref<2x3x4x4xf32, 1>) axis 1 {provider = "cpu-numpy"}
  func.return
}
// CHECK: error: select-libcall-providers: 'libcall.softmax' has provider 'cpu-numpy', which cannot run it on device buffers (providers for device buffers: kernel)

// -----
// An unknown option value is refused before any IR is read.
// RUN: not arignote-opt %s -p 'select-libcall-providers{libraries=cuda}' 2>&1 | filecheck %s --check-prefix=OPTION
// OPTION: select-libcall-providers: unknown libraries='cuda' (expected one of all, none, auto, cublas, cudnn)
