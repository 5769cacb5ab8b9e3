// tensor.pad with static and dynamic low/high padding, round-tripped through iree-opt in
// custom and generic form.
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
// CHECK: %{{.*}} = tensor.pad %{{.*}} low[1, 2] high[1, 2] {
// CHECK: ^{{.*}}(%{{.*}}: index, %{{.*}}: index):
// CHECK: tensor.yield %{{.*}} : f32
// CHECK: } : tensor<4x4xf32> to tensor<6x8xf32>
// CHECK: %{{.*}} = tensor.pad %{{.*}} low[%{{.*}}, 0] high[0, 1] {
// CHECK: ^{{.*}}(%{{.*}}: index, %{{.*}}: index):
// CHECK: tensor.yield %{{.*}} : f32
// CHECK: } : tensor<4x4xf32> to tensor<?x5xf32>
func.func @f(%t: tensor<4x4xf32>, %v: f32, %n: index) -> (tensor<6x8xf32>, tensor<?x5xf32>) {
  %0 = tensor.pad %t low[1, 2] high[1, 2] {
  ^bb0(%i: index, %j: index):
    tensor.yield %v : f32
  } : tensor<4x4xf32> to tensor<6x8xf32>
  %1 = tensor.pad %t low[%n, 0] high[0, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %v : f32
  } : tensor<4x4xf32> to tensor<?x5xf32>
  func.return %0, %1 : tensor<6x8xf32>, tensor<?x5xf32>
}
