// tensor.collapse_shape, expand_shape (static and dynamic output_shape) and tensor.reshape
// to a dynamic shape (xDSL 0.74's verifier rejected it: it multiplies the dynamic marker in),
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
// CHECK: %{{.*}} = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1]] : tensor<4x8xf32> into tensor<32xf32>
// CHECK: %{{.*}} = tensor.expand_shape %{{.*}} {{\[\[}}0 : i64, 1 : i64]] output_shape [4, 8] : tensor<32xf32> into tensor<4x8xf32>
// CHECK: %{{.*}} = tensor.reshape %{{.*}}(%{{.*}}) : (tensor<32xf32>, tensor<2xi64>) -> tensor<?x?xf32>
// CHECK: %{{.*}} = tensor.expand_shape %{{.*}} {{\[\[}}0 : i64], [1 : i64, 2 : i64]] output_shape [%{{.*}}, 2, 4] : tensor<?x8xf32> into tensor<?x2x4xf32>
func.func @f(%t: tensor<4x8xf32>, %u: tensor<32xf32>, %s: tensor<2xi64>, %d: tensor<?x8xf32>, %n: index) -> (tensor<32xf32>, tensor<4x8xf32>, tensor<?x?xf32>, tensor<?x2x4xf32>) {
  %0 = tensor.collapse_shape %t [[0, 1]] : tensor<4x8xf32> into tensor<32xf32>
  %1 = tensor.expand_shape %u [[0, 1]] output_shape [4, 8] : tensor<32xf32> into tensor<4x8xf32>
  %2 = tensor.reshape %u(%s) : (tensor<32xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %3 = tensor.expand_shape %d [[0], [1, 2]] output_shape [%n, 2, 4] : tensor<?x8xf32> into tensor<?x2x4xf32>
  func.return %0, %1, %2, %3 : tensor<32xf32>, tensor<4x8xf32>, tensor<?x?xf32>, tensor<?x2x4xf32>
}
