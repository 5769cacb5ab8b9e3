// arith on vectors: binary ops and the int<->float casts (xDSL 0.74 restricts sitofp/fptosi
// to scalars), round-tripped through iree-opt.
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
// CHECK: %{{.*}} = arith.addi %{{.*}}, %{{.*}} : vector<4xi32>
// CHECK: %{{.*}} = arith.mulf %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK: %{{.*}} = arith.sitofp %{{.*}} : vector<4xi32> to vector<4xf32>
// CHECK: %{{.*}} = arith.fptosi %{{.*}} : vector<4xf32> to vector<4xi32>
// CHECK: %{{.*}} = arith.extf %{{.*}} : vector<4xf32> to vector<4xf64>
func.func @f(%a: vector<4xi32>, %b: vector<4xi32>, %x: vector<4xf32>, %y: vector<4xf32>) -> (vector<4xi32>, vector<4xf32>, vector<4xf32>, vector<4xi32>, vector<4xf64>) {
  %0 = arith.addi %a, %b : vector<4xi32>
  %1 = arith.mulf %x, %y : vector<4xf32>
  %2 = arith.sitofp %a : vector<4xi32> to vector<4xf32>
  %3 = arith.fptosi %x : vector<4xf32> to vector<4xi32>
  %4 = arith.extf %x : vector<4xf32> to vector<4xf64>
  func.return %0, %1, %2, %3, %4 : vector<4xi32>, vector<4xf32>, vector<4xf32>, vector<4xi32>, vector<4xf64>
}
