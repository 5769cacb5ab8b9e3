// RUN: arignote-opt %s -p select-libcall-providers | filecheck %s
// RUN: arignote-opt %s -p select-libcall-providers,select-libcall-providers | filecheck %s
// RUN: arignote-opt %s -p 'select-libcall-providers{libraries=none}' | filecheck %s --check-prefix=NONE
// RUN: arignote-opt %s -p 'select-libcall-providers{libraries=cudnn}' | filecheck %s --check-prefix=CUDNN

// libraries=none / cudnn: host buffers keep their providers (NONE, CUDNN lines below),
// device ops whose library is missing get the generated kernel.
// NONE-LABEL: func.func @host
// NONE: libcall.gemm {{.*}} {provider = "cpu-blas"}
// NONE-LABEL: func.func @device
// NONE: libcall.gemm {{.*}} {provider = "kernel"}
// NONE: libcall.conv2d {{.*}} {provider = "kernel"}
// NONE: libcall.pool2d_backward average_exc_pad {{.*}} {provider = "kernel"}
// NONE-LABEL: func.func @kept
// NONE: {provider = "cpu-numpy"}
// NONE: {provider = "kernel"}
// CUDNN-LABEL: func.func @device
// CUDNN: libcall.gemm {{.*}} {provider = "kernel"}
// CUDNN: libcall.conv2d {{.*}} {provider = "cudnn"}
// CUDNN: libcall.pool2d_backward average_exc_pad {{.*}} {provider = "kernel"}

// Host buffers (the default memory space): CPU providers.
// CHECK-LABEL: func.func @host
func.func @host(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>,
                %a3: memref<?x?x?xf64>, %c3: memref<?x?x?xf64>,
                %x: memref<?x3x8x8xf32>, %w: memref<4x3x3x3xf32>, %y: memref<?x4x6x6xf32>,
                %p: memref<?x4x3x3xf32>, %s: memref<?x10xf32>) {
  // CHECK: libcall.gemm {{.*}} {provider = "cpu-blas"}
  libcall.gemm ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  // CHECK: libcall.batched_gemm {{.*}} {provider = "cpu-blas"}
  libcall.batched_gemm ins(%a3, %a3 : memref<?x?x?xf64>, memref<?x?x?xf64>) outs(%c3 : memref<?x?x?xf64>) transpose_b
  // CHECK: libcall.conv2d {{.*}} {provider = "cpu-direct"}
  libcall.conv2d ins(%x, %w : memref<?x3x8x8xf32>, memref<4x3x3x3xf32>) outs(%y : memref<?x4x6x6xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip
  // A stride along the width: cpu-direct does not serve it, the next host provider does.
  // CHECK: libcall.conv2d {{.*}} strides [2, 2] {{.*}} {provider = "cpu-im2col"}
  libcall.conv2d ins(%x, %w : memref<?x3x8x8xf32>, memref<4x3x3x3xf32>) outs(%p : memref<?x4x3x3xf32>) strides [2, 2] padding [0, 0, 0, 0] dilation [1, 1]
  // CHECK: libcall.conv2d_backward_data {{.*}} {provider = "cpu-im2col"}
  libcall.conv2d_backward_data ins(%y, %w : memref<?x4x6x6xf32>, memref<4x3x3x3xf32>) outs(%x : memref<?x3x8x8xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip
  // CHECK: libcall.conv2d_backward_filter {{.*}} {provider = "cpu-im2col"}
  libcall.conv2d_backward_filter ins(%x, %y : memref<?x3x8x8xf32>, memref<?x4x6x6xf32>) outs(%w : memref<4x3x3x3xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip
  // CHECK: libcall.pool2d max {{.*}} {provider = "kernel"}
  libcall.pool2d max ins(%y : memref<?x4x6x6xf32>) outs(%p : memref<?x4x3x3xf32>) window [2, 2] strides [2, 2] padding [0, 0]
  // CHECK: libcall.pool2d_backward max {{.*}} {provider = "cpu-numpy"}
  libcall.pool2d_backward max ins(%y, %p, %p : memref<?x4x6x6xf32>, memref<?x4x3x3xf32>, memref<?x4x3x3xf32>) outs(%y : memref<?x4x6x6xf32>) window [2, 2] strides [2, 2] padding [0, 0]
  // CHECK: libcall.softmax {{.*}} {provider = "cpu-numpy"}
  libcall.softmax ins(%s : memref<?x10xf32>) outs(%s : memref<?x10xf32>) axis 1
  // CHECK: libcall.log_softmax {{.*}} {provider = "cpu-numpy"}
  libcall.log_softmax ins(%s : memref<?x10xf32>) outs(%s : memref<?x10xf32>) axis 1
  func.return
}

// Device buffers (memory space 1): cuBLAS and cuDNN, generated kernels for pooling and
// softmax (the cuDNN frontend's Python API has neither) and for what the libraries do not
// serve: a gemm with a bias or relu epilogue, a float64 convolution.
// CHECK-LABEL: func.func @device
func.func @device(%a: memref<?x?xf32, 1>, %c: memref<?x?xf32, 1>,
                  %x: memref<?x3x8x8xf32, 1>, %w: memref<4x3x3x3xf32, 1>, %y: memref<?x4x6x6xf32, 1>,
                  %p: memref<?x4x3x3xf32, 1>, %x64: memref<1x1x3x3xf64, 1>,
                  %w64: memref<1x1x3x3xf64, 1>, %y64: memref<1x1x1x1xf64, 1>) {
  // CHECK: libcall.gemm {{.*}} {provider = "cublas"}
  libcall.gemm ins(%a, %a : memref<?x?xf32, 1>, memref<?x?xf32, 1>) outs(%c : memref<?x?xf32, 1>)
  // CHECK: libcall.conv2d {{.*}} {provider = "cudnn"}
  libcall.conv2d ins(%x, %w : memref<?x3x8x8xf32, 1>, memref<4x3x3x3xf32, 1>) outs(%y : memref<?x4x6x6xf32, 1>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1]
  // CHECK: libcall.pool2d_backward average_exc_pad {{.*}} {provider = "kernel"}
  libcall.pool2d_backward average_exc_pad ins(%p : memref<?x4x3x3xf32, 1>) outs(%y : memref<?x4x6x6xf32, 1>) window [2, 2] strides [2, 2] padding [0, 0]
  // CHECK: libcall.gemm {{.*}} epilogue = relu {provider = "kernel"}
  libcall.gemm ins(%a, %a : memref<?x?xf32, 1>, memref<?x?xf32, 1>) outs(%c : memref<?x?xf32, 1>) epilogue = relu
  // CHECK: libcall.conv2d {{.*}} : memref<1x1x3x3xf64, 1 : i64>{{.*}} {provider = "kernel"}
  libcall.conv2d ins(%x64, %w64 : memref<1x1x3x3xf64, 1>, memref<1x1x3x3xf64, 1>) outs(%y64 : memref<1x1x1x1xf64, 1>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1]
  func.return
}

// A provider chosen by hand is kept when it fits the buffers.
// CHECK-LABEL: func.func @kept
func.func @kept(%a: memref<4x4xf64>) {
  // CHECK: libcall.gemm {{.*}} {provider = "cpu-numpy"}
  libcall.gemm ins(%a, %a : memref<4x4xf64>, memref<4x4xf64>) outs(%a : memref<4x4xf64>) {provider = "cpu-numpy"}
  // CHECK: libcall.gemm {{.*}} {provider = "kernel"}
  libcall.gemm ins(%a, %a : memref<4x4xf64>, memref<4x4xf64>) outs(%a : memref<4x4xf64>) {provider = "kernel"}
  func.return
}
