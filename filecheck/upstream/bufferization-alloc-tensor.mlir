// bufferization.alloc_tensor with a dynamic size and with copy, and bufferization.clone,
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
// CHECK: %{{.*}} = bufferization.alloc_tensor(%{{.*}}) : tensor<?xf32>
// CHECK: %{{.*}} = bufferization.alloc_tensor() copy(%{{.*}}) : tensor<?xf32>
// CHECK: %{{.*}} = bufferization.clone %{{.*}} : memref<?xf32> to memref<?xf32>
func.func @f(%n: index, %t: tensor<?xf32>, %m: memref<?xf32>) -> (tensor<?xf32>, tensor<?xf32>, memref<?xf32>) {
  %0 = bufferization.alloc_tensor(%n) : tensor<?xf32>
  %1 = bufferization.alloc_tensor() copy(%t) : tensor<?xf32>
  %2 = bufferization.clone %m : memref<?xf32> to memref<?xf32>
  func.return %0, %1, %2 : tensor<?xf32>, tensor<?xf32>, memref<?xf32>
}
