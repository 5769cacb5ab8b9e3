// scf.for over i32 bounds (the `: i32` form) with one and two iter_args, round-tripped
// through iree-opt in custom and generic form.
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
// CHECK: %{{.*}} = arith.constant 0 : i32
// CHECK: %{{.*}} = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (i32) : i32 {
// CHECK: %{{.*}} = arith.addi %{{.*}}, %{{.*}} : i32
// CHECK: scf.yield %{{.*}} : i32
// CHECK: %{{.*}} = arith.constant 0 : i64
// CHECK: %{{.*}}, %{{.*}} = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (i32, i64) : i32 {
// CHECK: scf.yield %{{.*}}, %{{.*}} : i32, i64
func.func @f(%lb: i32, %ub: i32, %st: i32) -> (i32, i64) {
  %c0 = arith.constant 0 : i32
  %r = scf.for %i = %lb to %ub step %st iter_args(%a = %c0) -> (i32) : i32 {
    %s = arith.addi %a, %i : i32
    scf.yield %s : i32
  }
  %z = arith.constant 0 : i64
  %w:2 = scf.for %i = %lb to %ub step %st iter_args(%a = %c0, %b = %z) -> (i32, i64) : i32 {
    scf.yield %a, %b : i32, i64
  }
  func.return %r, %w#1 : i32, i64
}
