// arith.constant of integers, floats (incl. a hex infinity and bf16), index, i1, and
// dense vector and tensor constants, round-tripped through iree-opt.
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
// CHECK: %{{.*}} = arith.constant 42 : i32
// CHECK: %{{.*}} = arith.constant -1.500000e+00 : f32
// CHECK: %{{.*}} = arith.constant 7 : index
// CHECK: %{{.*}} = arith.constant true
// CHECK: %{{.*}} = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : vector<4xf32>
// CHECK: %{{.*}} = arith.constant dense<{{\[\[}}1, 2], [3, 4]]> : tensor<2x2xi32>
// CHECK: %{{.*}} = arith.constant 0x7ff0000000000000 : f64
// CHECK: %{{.*}} = arith.constant -9223372036854775808 : i64
// CHECK: %{{.*}} = arith.constant 1.000000e+00 : bf16
func.func @f() -> (i32, f32, index, i1, vector<4xf32>, tensor<2x2xi32>, f64, i64, bf16) {
  %0 = arith.constant 42 : i32
  %1 = arith.constant -1.5 : f32
  %2 = arith.constant 7 : index
  %3 = arith.constant true
  %4 = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : vector<4xf32>
  %5 = arith.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>
  %6 = arith.constant 0x7FF0000000000000 : f64
  %7 = arith.constant -9223372036854775808 : i64
  %8 = arith.constant 1.0 : bf16
  func.return %0, %1, %2, %3, %4, %5, %6, %7, %8 : i32, f32, index, i1, vector<4xf32>, tensor<2x2xi32>, f64, i64, bf16
}
