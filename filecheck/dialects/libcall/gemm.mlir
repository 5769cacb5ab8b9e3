// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @on_tensors
func.func @on_tensors(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>, %v: tensor<16xf32>) -> tensor<4x16xf32> {
  // CHECK: %[[D:.*]] = libcall.gemm ins(%{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x16xf32>) outs(%{{.*}} : tensor<4x16xf32>) alpha = 2.0 beta = 0.5 -> tensor<4x16xf32>
  // GENERIC: "libcall.gemm"(%{{.*}}, %{{.*}}, %{{.*}}) <{alpha = 2.000000e+00 : f64, beta = 5.000000e-01 : f64, {{.*}}operandSegmentSizes = array<i32: 1, 1, 1, 0>{{.*}}}> : (tensor<4x8xf32>, tensor<8x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  %d = libcall.gemm ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) alpha = 2.0 beta = 0.5 -> tensor<4x16xf32>
  // CHECK: libcall.gemm ins({{.*}}) outs(%[[D]] : tensor<4x16xf32>) bias(%{{.*}} : tensor<16xf32>) alpha = 1.0 beta = 0.0 epilogue = relu -> tensor<4x16xf32>
  %e = libcall.gemm ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%d : tensor<4x16xf32>) bias(%v : tensor<16xf32>) epilogue = relu -> tensor<4x16xf32>
  func.return %e : tensor<4x16xf32>
}

// CHECK-LABEL: func.func @on_memrefs
func.func @on_memrefs(%a: memref<?x?xf64>, %b: memref<?x?xf64>, %c: memref<?x?xf64>) {
  // CHECK: libcall.gemm ins(%{{.*}}, %{{.*}} : memref<?x?xf64>, memref<?x?xf64>) outs(%{{.*}} : memref<?x?xf64>) transpose_a transpose_b alpha = 1.0 beta = 0.0
  // CHECK-NOT: ->
  libcall.gemm ins(%a, %b : memref<?x?xf64>, memref<?x?xf64>) outs(%c : memref<?x?xf64>) transpose_a transpose_b
  func.return
}
