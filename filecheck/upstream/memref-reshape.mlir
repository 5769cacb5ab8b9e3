// memref.collapse_shape and memref.expand_shape with output_shape, round-tripped through
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
// CHECK: %{{.*}} = memref.collapse_shape %{{.*}} {{\[\[}}0, 1]] : memref<4x8xf32> into memref<32xf32>
// CHECK: %{{.*}} = memref.expand_shape %{{.*}} {{\[\[}}0 : i64, 1 : i64]] output_shape [4, 8] : memref<32xf32> into memref<4x8xf32>
func.func @f(%m: memref<4x8xf32>, %n: memref<32xf32>) {
  %0 = memref.collapse_shape %m [[0, 1]] : memref<4x8xf32> into memref<32xf32>
  %1 = memref.expand_shape %n [[0, 1]] output_shape [4, 8] : memref<32xf32> into memref<4x8xf32>
  func.return
}
