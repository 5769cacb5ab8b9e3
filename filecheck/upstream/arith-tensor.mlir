// arith ops on tensors with dynamic dimensions, cmpf giving a tensor of i1, round-tripped
// through iree-opt.
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
// CHECK: %{{.*}} = arith.muli %{{.*}}, %{{.*}} : tensor<?xi32>
// CHECK: %{{.*}} = arith.addf %{{.*}}, %{{.*}} : tensor<4x?xf32>
// CHECK: %{{.*}} = arith.cmpf olt, %{{.*}}, %{{.*}} : tensor<4x?xf32>
func.func @f(%a: tensor<?xi32>, %x: tensor<4x?xf32>) -> (tensor<?xi32>, tensor<4x?xf32>, tensor<4x?xi1>) {
  %0 = arith.muli %a, %a : tensor<?xi32>
  %1 = arith.addf %x, %x : tensor<4x?xf32>
  %2 = arith.cmpf olt, %x, %1 : tensor<4x?xf32>
  func.return %0, %1, %2 : tensor<?xi32>, tensor<4x?xf32>, tensor<4x?xi1>
}
