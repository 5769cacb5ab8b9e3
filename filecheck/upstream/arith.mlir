// Upstream arith ops xDSL lacks or restricts, round-tripped: arignote -> upstream ->
// arignote, in custom and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt | filecheck %s --check-prefix=UP

// CHECK: arith.index_castui %{{.*}} : i32 to index
// CHECK: arith.cmpf olt, %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : vector<4xi32>
// CHECK: arith.index_castui %{{.*}} : tensor<3xindex> to tensor<3xi64>
// CHECK: arith.index_castui %{{.*}} : index to i64
// CHECK: arith.index_cast %{{.*}} : vector<2xi32> to vector<2xindex>
// CHECK: arith.cmpf oeq, %{{.*}}, %{{.*}} : f32
// UP: arith.index_castui %arg0 : i32 to index
// UP: arith.cmpf olt, %arg1, %arg1 : vector<4xf32>
// UP: arith.cmpi slt, %arg2, %arg2 : vector<4xi32>
func.func @f(%a: i32, %v: vector<4xf32>, %w: vector<4xi32>, %t: tensor<3xindex>, %u: vector<2xi32>, %s: f32)
    -> (index, vector<4xi1>, vector<4xi1>, tensor<3xi64>, i64, vector<2xindex>, i1) {
  %0 = arith.index_castui %a : i32 to index
  %1 = arith.cmpf olt, %v, %v : vector<4xf32>
  %2 = arith.cmpi slt, %w, %w : vector<4xi32>
  %3 = arith.index_castui %t : tensor<3xindex> to tensor<3xi64>
  %4 = arith.index_castui %0 : index to i64
  %5 = arith.index_cast %u : vector<2xi32> to vector<2xindex>
  %6 = arith.cmpf oeq, %s, %s : f32
  func.return %0, %1, %2, %3, %4, %5, %6 : index, vector<4xi1>, vector<4xi1>, tensor<3xi64>, i64, vector<2xindex>, i1
}
