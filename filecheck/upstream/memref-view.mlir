// memref.view of a byte buffer with static and dynamic result sizes, round-tripped through
// iree-opt in custom and generic form.
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
// CHECK: %{{.*}} = arith.constant 0 : index
// CHECK: %{{.*}} = memref.view %{{.*}}[%{{.*}}][] : memref<2048xi8> to memref<64x4xf32>
// CHECK: %{{.*}} = memref.view %{{.*}}[%{{.*}}][%{{.*}}] : memref<2048xi8> to memref<?x4xf32>
func.func @f(%buf: memref<2048xi8>, %n: index) {
  %c0 = arith.constant 0 : index
  %0 = memref.view %buf[%c0][] : memref<2048xi8> to memref<64x4xf32>
  %1 = memref.view %buf[%c0][%n] : memref<2048xi8> to memref<?x4xf32>
  func.return
}
