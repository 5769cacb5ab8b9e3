// tensor.concat of static and dynamic operands, round-tripped through iree-opt in custom and
// generic form.
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
// CHECK: %{{.*}} = tensor.concat dim(0) %{{.*}}, %{{.*}} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<5x4xf32>
// CHECK: %{{.*}} = tensor.concat dim(0) %{{.*}}, %{{.*}} : (tensor<2x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
func.func @f(%a: tensor<2x4xf32>, %b: tensor<3x4xf32>, %c: tensor<?x4xf32>) -> (tensor<5x4xf32>, tensor<?x4xf32>) {
  %0 = tensor.concat dim(0) %a, %b : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<5x4xf32>
  %1 = tensor.concat dim(0) %a, %c : (tensor<2x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  func.return %0, %1 : tensor<5x4xf32>, tensor<?x4xf32>
}
