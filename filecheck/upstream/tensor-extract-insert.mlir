// tensor.extract and tensor.insert on ranked and 0-d tensors, round-tripped through
// iree-opt in custom and generic form.
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
// CHECK: %{{.*}} = tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<4x?xf32>
// CHECK: %{{.*}} = tensor.insert %{{.*}} into %{{.*}}[%{{.*}}, %{{.*}}] : tensor<4x?xf32>
// CHECK: %{{.*}} = tensor.extract %{{.*}}[] : tensor<f32>
func.func @f(%t: tensor<4x?xf32>, %i: index, %j: index, %v: f32, %s: tensor<f32>) -> (f32, tensor<4x?xf32>, f32) {
  %0 = tensor.extract %t[%i, %j] : tensor<4x?xf32>
  %1 = tensor.insert %v into %t[%j, %i] : tensor<4x?xf32>
  %2 = tensor.extract %s[] : tensor<f32>
  func.return %0, %1, %2 : f32, tensor<4x?xf32>, f32
}
