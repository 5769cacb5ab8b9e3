// memref.alloc/alloca with static and dynamic sizes, a memory space and upstream's
// `alignment = 64` (xDSL printed {alignment = 64 : i64}, which upstream rejects), and
// memref.dealloc, round-tripped through iree-opt in custom and generic form.
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
// CHECK: %{{.*}} = memref.alloc() : memref<4x8xf32>
// CHECK: %{{.*}} = memref.alloc(%{{.*}}) : memref<?x8xf32>
// CHECK: %{{.*}} = memref.alloc(%{{.*}}, %{{.*}}) alignment = 64 : memref<?x?xi32>
// CHECK: %{{.*}} = memref.alloc() : memref<16xf32, 1 : i64>
// CHECK: %{{.*}} = memref.alloca() : memref<4xf64>
// CHECK: %{{.*}} = memref.alloca(%{{.*}}) : memref<?xi8>
// CHECK: memref.dealloc %{{.*}} : memref<4x8xf32>
// CHECK: memref.dealloc %{{.*}} : memref<?x8xf32>
// CHECK: memref.dealloc %{{.*}} : memref<?x?xi32>
// CHECK: memref.dealloc %{{.*}} : memref<16xf32, 1 : i64>
func.func @f(%n: index, %m: index) {
  %0 = memref.alloc() : memref<4x8xf32>
  %1 = memref.alloc(%n) : memref<?x8xf32>
  %2 = memref.alloc(%n, %m) alignment = 64 : memref<?x?xi32>
  %3 = memref.alloc() : memref<16xf32, 1>
  %4 = memref.alloca() : memref<4xf64>
  %5 = memref.alloca(%n) : memref<?xi8>
  memref.dealloc %0 : memref<4x8xf32>
  memref.dealloc %1 : memref<?x8xf32>
  memref.dealloc %2 : memref<?x?xi32>
  memref.dealloc %3 : memref<16xf32, 1>
  func.return
}
