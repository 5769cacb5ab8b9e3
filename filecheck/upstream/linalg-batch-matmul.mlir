// linalg.batch_matmul on tensors and memrefs, round-tripped through iree-opt in custom
// and generic form (the generic form carries upstream's indexing maps and body).
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt | filecheck %s --check-prefix=UP
// RUN: arignote-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK: linalg.batch_matmul ins(%{{.*}}, %{{.*}} : tensor<2x3x4xf32>, tensor<2x4x5xf32>) outs(%{{.*}} : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
// CHECK: linalg.batch_matmul ins(%{{.*}}, %{{.*}} : memref<?x3x4xi32>, memref<?x4x5xi32>) outs(%{{.*}} : memref<?x3x5xi32>)
// UP: linalg.batch_matmul ins(%arg0, %arg1 : tensor<2x3x4xf32>, tensor<2x4x5xf32>) outs(%arg2 : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
// GENERIC: "linalg.batch_matmul"(%{{.*}}, %{{.*}}, %{{.*}}) <{operandSegmentSizes = array<i32: 2, 1>, indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]}> ({
// GENERIC: ^{{.*}}(%[[A:[0-9a-z_]+]]: f32, %[[B:[0-9a-z_]+]]: f32, %[[C:[0-9a-z_]+]]: f32):
// GENERIC:   %[[P:.*]] = "arith.mulf"(%[[A]], %[[B]])
// GENERIC:   %[[S:.*]] = "arith.addf"(%[[C]], %[[P]])
// GENERIC:   "linalg.yield"(%[[S]])
// GENERIC: "arith.muli"
// GENERIC: "arith.addi"
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>, %c: tensor<2x3x5xf32>,
             %m: memref<?x3x4xi32>, %n: memref<?x4x5xi32>, %o: memref<?x3x5xi32>) -> tensor<2x3x5xf32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x3x4xf32>, tensor<2x4x5xf32>) outs(%c : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  linalg.batch_matmul ins(%m, %n : memref<?x3x4xi32>, memref<?x4x5xi32>) outs(%o : memref<?x3x5xi32>)
  func.return %0 : tensor<2x3x5xf32>
}
