// linalg.transpose and linalg.broadcast, round-tripped through iree-opt in custom and
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
// CHECK: %{{.*}} = linalg.transpose ins(%{{.*}}:tensor<4x8xf32>) outs(%{{.*}}:tensor<8x4xf32>) permutation = [1, 0]
// CHECK: %{{.*}} = linalg.broadcast ins(%{{.*}}:tensor<8xf32>) outs(%{{.*}}:tensor<4x8xf32>) dimensions = [0]
func.func @f(%a: tensor<4x8xf32>, %b: tensor<8x4xf32>, %v: tensor<8xf32>, %o: tensor<4x8xf32>) -> (tensor<8x4xf32>, tensor<4x8xf32>) {
  %0 = linalg.transpose ins(%a : tensor<4x8xf32>) outs(%b : tensor<8x4xf32>) permutation = [1, 0]
  %1 = linalg.broadcast ins(%v : tensor<8xf32>) outs(%o : tensor<4x8xf32>) dimensions = [0]
  func.return %0, %1 : tensor<8x4xf32>, tensor<4x8xf32>
}
