// tensor.generate (upstream's), round-tripped through iree-opt in custom and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s

// CHECK-LABEL: func.func @f
// CHECK: %{{.*}} = tensor.generate %{{.*}} {
// CHECK-NEXT: ^{{.*}}(%[[I:.*]]: index, %{{.*}}: index):
// CHECK: tensor.yield %{{.*}} : f32
// CHECK-NEXT: } : tensor<?x3xf32>
// CHECK: %{{.*}} = tensor.generate {
// CHECK: } : tensor<2xi32>
func.func @f(%d: index) -> (tensor<?x3xf32>, tensor<2xi32>) {
  %t = tensor.generate %d {
  ^bb0(%i: index, %j: index):
    %s = arith.addi %i, %j : index
    %v = arith.index_cast %s : index to i32
    %w = arith.sitofp %v : i32 to f32
    tensor.yield %w : f32
  } : tensor<?x3xf32>
  %u = tensor.generate {
  ^bb0(%i: index):
    %v = arith.index_cast %i : index to i32
    tensor.yield %v : i32
  } : tensor<2xi32>
  func.return %t, %u : tensor<?x3xf32>, tensor<2xi32>
}
