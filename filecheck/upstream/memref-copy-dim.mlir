// memref.copy, memref.dim and memref.rank (copy and rank read in upstream's custom form,
// printed generic as xDSL does), round-tripped through iree-opt.
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
// CHECK: "memref.copy"(%{{.*}}, %{{.*}}) : (memref<?x4xf32>, memref<?x4xf32>) -> ()
// CHECK: %{{.*}} = arith.constant 0 : index
// CHECK: %{{.*}} = memref.dim %{{.*}}, %{{.*}} : memref<?x4xf32>
// CHECK: %{{.*}} = "memref.rank"(%{{.*}}) : (memref<?x4xf32>) -> index
func.func @f(%a: memref<?x4xf32>, %b: memref<?x4xf32>) -> (index, index) {
  memref.copy %a, %b : memref<?x4xf32> to memref<?x4xf32>
  %c0 = arith.constant 0 : index
  %d = memref.dim %a, %c0 : memref<?x4xf32>
  %r = memref.rank %a : memref<?x4xf32>
  func.return %d, %r : index, index
}
