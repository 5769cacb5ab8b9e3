// memref.load/store on ranked and 0-d memrefs and upstream's nontemporal(true) (xDSL
// printed it in the attribute dictionary), round-tripped through iree-opt.
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
// CHECK: %{{.*}} = memref.load %{{.*}}[%{{.*}}, %{{.*}}] : memref<4x?xf32>
// CHECK: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<4x?xf32>
// CHECK: %{{.*}} = memref.load %{{.*}}[] : memref<f32>
// CHECK: memref.store %{{.*}}, %{{.*}}[] : memref<f32>
// CHECK: %{{.*}} = memref.load %{{.*}}[%{{.*}}, %{{.*}}] nontemporal(true) : memref<4x?xf32>
func.func @f(%m: memref<4x?xf32>, %s: memref<f32>, %i: index, %j: index) -> f32 {
  %v = memref.load %m[%i, %j] : memref<4x?xf32>
  memref.store %v, %m[%j, %i] : memref<4x?xf32>
  %w = memref.load %s[] : memref<f32>
  memref.store %w, %s[] : memref<f32>
  %x = memref.load %m[%i, %j] nontemporal(true) : memref<4x?xf32>
  func.return %v : f32
}
