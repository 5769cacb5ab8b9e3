// tensor.empty with a dynamic size, tensor.cast to static and unranked, tensor.dim,
// round-tripped through iree-opt in custom and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s > %t.up
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt | iree-opt > %t.custom
// RUN: cmp %t.up %t.custom
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt > %t.generic
// RUN: cmp %t.up %t.generic

// CHECK-LABEL: func.func @f
// CHECK: %{{.*}} = tensor.empty(%{{.*}}) : tensor<?x4xf32>
// CHECK: %{{.*}} = tensor.cast %{{.*}} : tensor<?x4xf32> to tensor<8x4xf32>
// CHECK: %{{.*}} = arith.constant 0 : index
// CHECK: %{{.*}} = tensor.dim %{{.*}}, %{{.*}} : tensor<?x4xf32>
// CHECK: %{{.*}} = tensor.cast %{{.*}} : tensor<?x4xf32> to tensor<*xf32>
func.func @f(%n: index, %t: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<8x4xf32>, index, tensor<*xf32>) {
  %0 = tensor.empty(%n) : tensor<?x4xf32>
  %1 = tensor.cast %t : tensor<?x4xf32> to tensor<8x4xf32>
  %c0 = arith.constant 0 : index
  %2 = tensor.dim %t, %c0 : tensor<?x4xf32>
  %3 = tensor.cast %t : tensor<?x4xf32> to tensor<*xf32>
  func.return %0, %1, %2, %3 : tensor<?x4xf32>, tensor<8x4xf32>, index, tensor<*xf32>
}
