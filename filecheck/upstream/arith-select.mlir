// arith.select with a scalar condition and with a vector of i1 as the condition (upstream's
// two-type form; xDSL 0.74 requires an i1), on scalars, vectors and tensors.
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
// CHECK: %{{.*}} = arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<4xi1>, vector<4xf32>
// CHECK: %{{.*}} = arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK: %{{.*}} = arith.select %{{.*}}, %{{.*}}, %{{.*}} : tensor<3xi32>
func.func @f(%c: i1, %a: f32, %b: f32, %v: vector<4xi1>, %x: vector<4xf32>, %t: tensor<3xi32>) -> (f32, vector<4xf32>, vector<4xf32>, tensor<3xi32>) {
  %0 = arith.select %c, %a, %b : f32
  %1 = arith.select %v, %x, %x : vector<4xi1>, vector<4xf32>
  %2 = arith.select %c, %x, %x : vector<4xf32>
  %3 = arith.select %c, %t, %t : tensor<3xi32>
  func.return %0, %1, %2, %3 : f32, vector<4xf32>, vector<4xf32>, tensor<3xi32>
}
