// linalg.matmul on float memrefs and integer tensors (the integer body uses muli/addi),
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
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : memref<4x8xf32>, memref<8x2xf32>) outs(%{{.*}} : memref<4x2xf32>)
// CHECK: %{{.*}} = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x8xi32>, tensor<8x2xi32>) outs(%{{.*}} : tensor<4x2xi32>) -> tensor<4x2xi32>
func.func @f(%a: memref<4x8xf32>, %b: memref<8x2xf32>, %c: memref<4x2xf32>, %x: tensor<4x8xi32>, %y: tensor<8x2xi32>, %z: tensor<4x2xi32>) -> tensor<4x2xi32> {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x2xf32>) outs(%c : memref<4x2xf32>)
  %0 = linalg.matmul ins(%x, %y : tensor<4x8xi32>, tensor<8x2xi32>) outs(%z : tensor<4x2xi32>) -> tensor<4x2xi32>
  func.return %0 : tensor<4x2xi32>
}
