// memref.cast between static, dynamic and unranked memrefs and memref.memory_space_cast
// (xDSL has no custom form for them: read in upstream's, printed generic), round-tripped
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
// CHECK: %{{.*}} = "memref.cast"(%{{.*}}) : (memref<4xf32>) -> memref<?xf32>
// CHECK: %{{.*}} = "memref.cast"(%{{.*}}) : (memref<?xf32>) -> memref<4xf32>
// CHECK: %{{.*}} = "memref.cast"(%{{.*}}) : (memref<4xf32>) -> memref<*xf32>
// CHECK: %{{.*}} = "memref.cast"(%{{.*}}) : (memref<*xf32>) -> memref<4xf32>
// CHECK: %{{.*}} = "memref.memory_space_cast"(%{{.*}}) : (memref<4xf32, 1 : i64>) -> memref<4xf32>
func.func @f(%m: memref<4xf32>, %u: memref<*xf32>, %g: memref<4xf32, 1>) {
  %0 = memref.cast %m : memref<4xf32> to memref<?xf32>
  %1 = memref.cast %0 : memref<?xf32> to memref<4xf32>
  %2 = memref.cast %m : memref<4xf32> to memref<*xf32>
  %3 = memref.cast %u : memref<*xf32> to memref<4xf32>
  %4 = memref.memory_space_cast %g : memref<4xf32, 1> to memref<4xf32>
  func.return
}
