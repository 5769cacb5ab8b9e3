// tensor.extract_slice and tensor.insert_slice with static, dynamic and strided slices and
// a rank-reducing slice, round-tripped through iree-opt in custom and generic form.
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
// CHECK: %{{.*}} = tensor.extract_slice %{{.*}}[2, 4] [4, 4] [1, 1] : tensor<8x16xf32> to tensor<4x4xf32>
// CHECK: %{{.*}} = tensor.extract_slice %{{.*}}[%{{.*}}, 0] [%{{.*}}, 16] [1, 1] : tensor<8x16xf32> to tensor<?x16xf32>
// CHECK: %{{.*}} = tensor.insert_slice %{{.*}} into %{{.*}}[0, %{{.*}}] [4, 4] [2, 1] : tensor<4x4xf32> into tensor<8x16xf32>
// CHECK: %{{.*}} = tensor.extract_slice %{{.*}}[%{{.*}}, 0] [1, 16] [1, 1] : tensor<8x16xf32> to tensor<16xf32>
func.func @f(%t: tensor<8x16xf32>, %u: tensor<4x4xf32>, %i: index, %n: index) -> (tensor<4x4xf32>, tensor<?x16xf32>, tensor<8x16xf32>, tensor<16xf32>) {
  %0 = tensor.extract_slice %t[2, 4] [4, 4] [1, 1] : tensor<8x16xf32> to tensor<4x4xf32>
  %1 = tensor.extract_slice %t[%i, 0] [%n, 16] [1, 1] : tensor<8x16xf32> to tensor<?x16xf32>
  %2 = tensor.insert_slice %u into %t[0, %i] [4, 4] [2, 1] : tensor<4x4xf32> into tensor<8x16xf32>
  %3 = tensor.extract_slice %t[%i, 0] [1, 16] [1, 1] : tensor<8x16xf32> to tensor<16xf32>
  func.return %0, %1, %2, %3 : tensor<4x4xf32>, tensor<?x16xf32>, tensor<8x16xf32>, tensor<16xf32>
}
