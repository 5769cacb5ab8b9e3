// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// The libcall ops other than gemm (gemm.mlir): custom syntax round trip, generic form.

// CHECK-LABEL: func.func @conv
func.func @conv(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %y: tensor<2x4x6x6xf32>, %b: tensor<4xf32>) -> tensor<4x3x3x3xf32> {
  // CHECK: %[[Y:.*]] = libcall.conv2d ins(%{{.*}}, %{{.*}} : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%{{.*}} : tensor<2x4x6x6xf32>) bias(%{{.*}} : tensor<4xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip epilogue = relu -> tensor<2x4x6x6xf32>
  // GENERIC: "libcall.conv2d"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, flip = true, epilogue = "relu", operandSegmentSizes = array<i32: 1, 1, 1, 1>}>
  %0 = libcall.conv2d ins(%x, %w : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%y : tensor<2x4x6x6xf32>) bias(%b : tensor<4xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip epilogue = relu -> tensor<2x4x6x6xf32>
  // CHECK: libcall.conv2d_backward_data ins(%[[Y]], %{{.*}} : tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>) outs(%{{.*}} : tensor<2x3x8x8xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<2x3x8x8xf32>
  // GENERIC: "libcall.conv2d_backward_data"(%{{.*}}, %{{.*}}, %{{.*}}) <{strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, flip = false}>
  %1 = libcall.conv2d_backward_data ins(%0, %w : tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>) outs(%x : tensor<2x3x8x8xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] -> tensor<2x3x8x8xf32>
  // CHECK: libcall.conv2d_backward_filter ins(%{{.*}}, %[[Y]] : tensor<2x3x8x8xf32>, tensor<2x4x6x6xf32>) outs(%{{.*}} : tensor<4x3x3x3xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip -> tensor<4x3x3x3xf32>
  %2 = libcall.conv2d_backward_filter ins(%x, %0 : tensor<2x3x8x8xf32>, tensor<2x4x6x6xf32>) outs(%w : tensor<4x3x3x3xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip -> tensor<4x3x3x3xf32>
  func.return %2 : tensor<4x3x3x3xf32>
}

// CHECK-LABEL: func.func @conv_on_memrefs
func.func @conv_on_memrefs(%x: memref<?x3x?x?xf64>, %w: memref<4x3x5x1xf64>, %y: memref<?x4x?x?xf64>) {
  // CHECK: libcall.conv2d ins(%{{.*}}, %{{.*}} : memref<?x3x?x?xf64>, memref<4x3x5x1xf64>) outs(%{{.*}} : memref<?x4x?x?xf64>) strides [2, 1] padding [1, 2, 0, 0] dilation [1, 3]
  // CHECK-NOT: ->
  libcall.conv2d ins(%x, %w : memref<?x3x?x?xf64>, memref<4x3x5x1xf64>) outs(%y : memref<?x4x?x?xf64>) strides [2, 1] padding [1, 2, 0, 0] dilation [1, 3]
  func.return
}

// CHECK-LABEL: func.func @pool
func.func @pool(%x: tensor<2x4x7x7xf32>, %p: tensor<2x4x4x4xf32>) -> tensor<2x4x7x7xf32> {
  // CHECK: %[[P:.*]] = libcall.pool2d max ins(%{{.*}} : tensor<2x4x7x7xf32>) outs(%{{.*}} : tensor<2x4x4x4xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<2x4x4x4xf32>
  // GENERIC: "libcall.pool2d"(%{{.*}}, %{{.*}}) <{mode = "max", window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>}>
  %0 = libcall.pool2d max ins(%x : tensor<2x4x7x7xf32>) outs(%p : tensor<2x4x4x4xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<2x4x4x4xf32>
  // CHECK: %[[G:.*]] = libcall.pool2d_backward max ins(%{{.*}}, %[[P]], %[[P]] : tensor<2x4x7x7xf32>, tensor<2x4x4x4xf32>, tensor<2x4x4x4xf32>) outs(%{{.*}} : tensor<2x4x7x7xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<2x4x7x7xf32>
  // GENERIC: "libcall.pool2d_backward"({{.*}}) <{mode = "max", {{.*}}operandSegmentSizes = array<i32: 1, 1, 1, 1>}>
  %1 = libcall.pool2d_backward max ins(%x, %0, %0 : tensor<2x4x7x7xf32>, tensor<2x4x4x4xf32>, tensor<2x4x4x4xf32>) outs(%x : tensor<2x4x7x7xf32>) window [2, 2] strides [2, 2] padding [0, 0] -> tensor<2x4x7x7xf32>
  // CHECK: libcall.pool2d_backward average_exc_pad ins(%[[P]] : tensor<2x4x4x4xf32>) outs(%[[G]] : tensor<2x4x7x7xf32>) window [3, 3] strides [2, 2] padding [1, 1] -> tensor<2x4x7x7xf32>
  // GENERIC: "libcall.pool2d_backward"({{.*}}) <{mode = "average_exc_pad", {{.*}}operandSegmentSizes = array<i32: 0, 0, 1, 1>}>
  %2 = libcall.pool2d_backward average_exc_pad ins(%0 : tensor<2x4x4x4xf32>) outs(%1 : tensor<2x4x7x7xf32>) window [3, 3] strides [2, 2] padding [1, 1] -> tensor<2x4x7x7xf32>
  func.return %2 : tensor<2x4x7x7xf32>
}

// CHECK-LABEL: func.func @batched_and_softmax
func.func @batched_and_softmax(%a: memref<?x4x8xf16>, %b: memref<?x16x8xf16>, %c: memref<?x4x16xf16>, %v: memref<16xf16>, %s: tensor<?x10xf32>) -> tensor<?x10xf32> {
  // CHECK: libcall.batched_gemm ins(%{{.*}}, %{{.*}} : memref<?x4x8xf16>, memref<?x16x8xf16>) outs(%{{.*}} : memref<?x4x16xf16>) bias(%{{.*}} : memref<16xf16>) transpose_b alpha = 0.5 beta = 1.0 epilogue = relu {provider = "cpu-blas"}
  libcall.batched_gemm ins(%a, %b : memref<?x4x8xf16>, memref<?x16x8xf16>) outs(%c : memref<?x4x16xf16>) bias(%v : memref<16xf16>) transpose_b alpha = 0.5 beta = 1.0 epilogue = relu {provider = "cpu-blas"}
  // CHECK: %[[S:.*]] = libcall.softmax ins(%{{.*}} : tensor<?x10xf32>) outs(%{{.*}} : tensor<?x10xf32>) axis 1 -> tensor<?x10xf32>
  // GENERIC: "libcall.softmax"(%{{.*}}, %{{.*}}) <{axis = 1 : i64}>
  %0 = libcall.softmax ins(%s : tensor<?x10xf32>) outs(%s : tensor<?x10xf32>) axis 1 -> tensor<?x10xf32>
  // CHECK: libcall.log_softmax ins(%[[S]] : tensor<?x10xf32>) outs(%[[S]] : tensor<?x10xf32>) axis 0 -> tensor<?x10xf32>
  %1 = libcall.log_softmax ins(%0 : tensor<?x10xf32>) outs(%0 : tensor<?x10xf32>) axis 0 -> tensor<?x10xf32>
  func.return %1 : tensor<?x10xf32>
}
