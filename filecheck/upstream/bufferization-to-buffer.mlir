// bufferization.to_buffer and to_tensor (with restrict writable), round-tripped through
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
// CHECK: %{{.*}} = bufferization.to_buffer %{{.*}} : tensor<4xf32> to memref<4xf32>
// CHECK: %{{.*}} = bufferization.to_tensor %{{.*}} : memref<4xf32> to tensor<4xf32>
// CHECK: %{{.*}} = bufferization.to_tensor %{{.*}} restrict writable : memref<4xf32> to tensor<4xf32>
func.func @f(%t: tensor<4xf32>, %m: memref<4xf32>) -> (memref<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = bufferization.to_buffer %t : tensor<4xf32> to memref<4xf32>
  %1 = bufferization.to_tensor %m : memref<4xf32> to tensor<4xf32>
  %2 = bufferization.to_tensor %m restrict writable : memref<4xf32> to tensor<4xf32>
  func.return %0, %1, %2 : memref<4xf32>, tensor<4xf32>, tensor<4xf32>
}
