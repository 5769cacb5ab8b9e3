// memref.subview with static, dynamic and strided slices and strided layouts, round-tripped
// through iree-opt in custom and generic form.
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
// CHECK: %{{.*}} = memref.subview %{{.*}}[2, 4] [4, 8] [1, 1] : memref<8x16xf32> to memref<4x8xf32, strided<[16, 1], offset: 36>>
// CHECK: %{{.*}} = memref.subview %{{.*}}[%{{.*}}, 0] [%{{.*}}, 16] [1, 1] : memref<8x16xf32> to memref<?x16xf32, strided<[16, 1], offset: ?>>
// CHECK: %{{.*}} = memref.subview %{{.*}}[0, 0] [4, 4] [2, 2] : memref<8x16xf32> to memref<4x4xf32, strided<[32, 2]>>
func.func @f(%m: memref<8x16xf32>, %i: index, %n: index) {
  %0 = memref.subview %m[2, 4] [4, 8] [1, 1] : memref<8x16xf32> to memref<4x8xf32, strided<[16, 1], offset: 36>>
  %1 = memref.subview %m[%i, 0] [%n, 16] [1, 1] : memref<8x16xf32> to memref<?x16xf32, strided<[16, 1], offset: ?>>
  %2 = memref.subview %m[0, 0] [4, 4] [2, 2] : memref<8x16xf32> to memref<4x4xf32, strided<[32, 2]>>
  func.return
}
