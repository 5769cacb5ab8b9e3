// tensor.from_elements (1-d, 2-d, 0-d) and tensor.splat with a dynamic size, round-tripped
// through iree-opt in custom and generic form.
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
// CHECK: %{{.*}} = tensor.from_elements %{{.*}}, %{{.*}} : tensor<2xf32>
// CHECK: %{{.*}} = tensor.from_elements %{{.*}}, %{{.*}} : tensor<2x1xf32>
// CHECK: %{{.*}} = tensor.from_elements %{{.*}} : tensor<i32>
// CHECK: %{{.*}} = arith.constant 5 : index
// CHECK: %{{.*}} = tensor.splat %{{.*}}[%{{.*}}] : tensor<3x?xf32>
func.func @f(%a: f32, %b: f32, %i: i32) -> (tensor<2xf32>, tensor<2x1xf32>, tensor<i32>, tensor<3x?xf32>) {
  %0 = tensor.from_elements %a, %b : tensor<2xf32>
  %1 = tensor.from_elements %a, %b : tensor<2x1xf32>
  %2 = tensor.from_elements %i : tensor<i32>
  %c = arith.constant 5 : index
  %3 = tensor.splat %a[%c] : tensor<3x?xf32>
  func.return %0, %1, %2, %3 : tensor<2xf32>, tensor<2x1xf32>, tensor<i32>, tensor<3x?xf32>
}
