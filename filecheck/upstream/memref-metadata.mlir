// memref.extract_strided_metadata, extract_aligned_pointer_as_index and assume_alignment,
// round-tripped through iree-opt in custom and generic form.
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
// CHECK: %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} = memref.extract_strided_metadata %{{.*}} : memref<4x?xf32> -> memref<f32>, index, index, index, index, index
// CHECK: %{{.*}} = "memref.extract_aligned_pointer_as_index"(%{{.*}}) : (memref<4x?xf32>) -> index
// CHECK: %{{.*}} = memref.assume_alignment %{{.*}}, 16 : memref<4x?xf32>
func.func @f(%m: memref<4x?xf32>) -> index {
  %base, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %m : memref<4x?xf32> -> memref<f32>, index, index, index, index, index
  %p = memref.extract_aligned_pointer_as_index %m : memref<4x?xf32> -> index
  %a = memref.assume_alignment %m, 16 : memref<4x?xf32>
  func.return %p : index
}
