// RUN: arignote-opt %s -p fold-gemm-transposes | filecheck %s

// A plain transpose feeding A: the gemm reads %a itself with transpose_a; a transposing
// generic fused with elementwise math is recomputed on swapped loop dims (reading %a
// contiguously, into an empty of the swapped sizes) and feeds the gemm transposed.
// CHECK-LABEL: func.func @f
// CHECK-SAME: (%[[A:.*]]: tensor<?x?xf32>, %[[B:.*]]: tensor<?x?xf32>, %[[V:.*]]: tensor<?xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[AD1:.*]] = tensor.dim %[[A]], %[[C1]] : tensor<?x?xf32>
// CHECK-DAG: %[[AD0:.*]] = tensor.dim %[[A]], %[[C0]] : tensor<?x?xf32>
// CHECK-NOT: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK: libcall.gemm ins(%[[A]], %[[B]] : tensor<?x?xf32>, tensor<?x?xf32>) outs(%{{.*}} : tensor<?x?xf32>) transpose_a alpha = 1.0 beta = 0.0
// CHECK: %[[E:.*]] = tensor.empty(%[[AD0]], %[[AD1]]) : tensor<?x?xf32>
// CHECK-NEXT: %[[R:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[V]] : tensor<?x?xf32>, tensor<?xf32>) outs(%[[E]] : tensor<?x?xf32>)
// CHECK: arith.maximumf
// CHECK: libcall.gemm ins(%[[R]], %[[B]] : tensor<?x?xf32>, tensor<?x?xf32>) outs(%{{.*}} : tensor<?x?xf32>) transpose_a alpha = 1.0 beta = 0.0
func.func @f(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %v: tensor<?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = arith.constant 0 : index
  %2 = tensor.dim %b, %0 : tensor<?x?xf32>
  %3 = arith.constant 1 : index
  %4 = tensor.dim %b, %3 : tensor<?x?xf32>
  %5 = tensor.dim %a, %3 : tensor<?x?xf32>
  %6 = tensor.dim %a, %0 : tensor<?x?xf32>
  %7 = tensor.empty(%5, %6) : tensor<?x?xf32>
  %8 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<?x?xf32>) outs(%7 : tensor<?x?xf32>) {
  ^bb0(%9: f32, %10: f32):
    linalg.yield %9 : f32
  } -> tensor<?x?xf32>
  %12 = tensor.empty(%5, %4) : tensor<?x?xf32>
  %13 = libcall.gemm ins(%8, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%12 : tensor<?x?xf32>) alpha = 1.0 beta = 0.0 -> tensor<?x?xf32>
  %15 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a, %v : tensor<?x?xf32>, tensor<?xf32>) outs(%7 : tensor<?x?xf32>) {
  ^bb0(%16: f32, %17: f32, %18: f32):
    %19 = arith.addf %16, %17 : f32
    %20 = arith.constant 0.000000e+00 : f32
    %21 = arith.maximumf %19, %20 : f32
    linalg.yield %21 : f32
  } -> tensor<?x?xf32>
  %22 = libcall.gemm ins(%15, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%12 : tensor<?x?xf32>) alpha = 1.0 beta = 0.0 -> tensor<?x?xf32>
  func.return %13, %22 : tensor<?x?xf32>, tensor<?x?xf32>
}

// B transposed, and a flag that is already set flips back.
// CHECK-LABEL: func.func @b_operand
// CHECK-SAME: (%[[A:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<5x3xf32>)
// CHECK-NEXT: %[[C:.*]] = tensor.empty() : tensor<4x5xf32>
// CHECK-NEXT: %{{.*}} = libcall.gemm ins(%[[A]], %[[B]] : tensor<4x3xf32>, tensor<5x3xf32>) outs(%[[C]] : tensor<4x5xf32>) transpose_b alpha = 1.0 beta = 0.0
// CHECK: libcall.gemm ins(%[[A]], %[[A]] : tensor<4x3xf32>, tensor<4x3xf32>) outs(%{{.*}} : tensor<3x3xf32>) transpose_a alpha = 1.0 beta = 0.0
func.func @b_operand(%a: tensor<4x3xf32>, %b: tensor<5x3xf32>) -> (tensor<4x5xf32>, tensor<3x3xf32>) {
  %e = tensor.empty() : tensor<3x5xf32>
  %bt = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%b : tensor<5x3xf32>) outs(%e : tensor<3x5xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  } -> tensor<3x5xf32>
  %c = tensor.empty() : tensor<4x5xf32>
  %r = libcall.gemm ins(%a, %bt : tensor<4x3xf32>, tensor<3x5xf32>) outs(%c : tensor<4x5xf32>) alpha = 1.0 beta = 0.0 -> tensor<4x5xf32>
  %e2 = tensor.empty() : tensor<3x4xf32>
  %at = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<4x3xf32>) outs(%e2 : tensor<3x4xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  } -> tensor<3x4xf32>
  %c2 = tensor.empty() : tensor<3x3xf32>
  %r2 = libcall.gemm ins(%a, %at : tensor<4x3xf32>, tensor<3x4xf32>) outs(%c2 : tensor<3x3xf32>) transpose_a transpose_b alpha = 1.0 beta = 0.0 -> tensor<3x3xf32>
  func.return %r, %r2 : tensor<4x5xf32>, tensor<3x3xf32>
}

// Kept: a transpose with another use, a generic that reads its input straight, and a
// fused generic that reads more inputs straight than transposed.
// CHECK-LABEL: func.func @kept
// CHECK-COUNT-3: linalg.generic
// CHECK-NOT: transpose_a
// CHECK: func.return
func.func @kept(%a: tensor<3x3xf32>, %b: tensor<3x3xf32>) -> (tensor<3x3xf32>, tensor<3x3xf32>, tensor<3x3xf32>, tensor<3x3xf32>) {
  %e = tensor.empty() : tensor<3x3xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<3x3xf32>) outs(%e : tensor<3x3xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  } -> tensor<3x3xf32>
  %r1 = libcall.gemm ins(%t, %b : tensor<3x3xf32>, tensor<3x3xf32>) outs(%e : tensor<3x3xf32>) alpha = 1.0 beta = 0.0 -> tensor<3x3xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<3x3xf32>) outs(%e : tensor<3x3xf32>) {
  ^bb0(%x: f32, %y: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  } -> tensor<3x3xf32>
  %r2 = libcall.gemm ins(%s, %b : tensor<3x3xf32>, tensor<3x3xf32>) outs(%e : tensor<3x3xf32>) alpha = 1.0 beta = 0.0 -> tensor<3x3xf32>
  %m = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<3x3xf32>, tensor<3x3xf32>) outs(%e : tensor<3x3xf32>) {
  ^bb0(%x: f32, %z: f32, %y: f32):
    %p = arith.mulf %x, %z : f32
    linalg.yield %p : f32
  } -> tensor<3x3xf32>
  %r3 = libcall.gemm ins(%m, %b : tensor<3x3xf32>, tensor<3x3xf32>) outs(%e : tensor<3x3xf32>) alpha = 1.0 beta = 0.0 -> tensor<3x3xf32>
  func.return %r1, %r2, %r3, %t : tensor<3x3xf32>, tensor<3x3xf32>, tensor<3x3xf32>, tensor<3x3xf32>
}
