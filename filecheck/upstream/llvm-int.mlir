// llvm integer arithmetic with and without overflow flags, icmp and select, round-tripped
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

// CHECK-LABEL: llvm.func @f
// CHECK: %{{.*}} = llvm.add %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = llvm.mul %{{.*}}, %{{.*}} overflow<nsw,nuw> : i32
// CHECK: %{{.*}} = llvm.udiv %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = llvm.urem %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = llvm.or %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = llvm.shl %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = llvm.ashr %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = llvm.select %{{.*}}, %{{.*}}, %{{.*}} : i1, i32
llvm.func @f(%a: i32, %b: i32) -> i32 {
  %0 = llvm.add %a, %b : i32
  %1 = llvm.sub %0, %b overflow<nsw> : i32
  %2 = llvm.mul %1, %a overflow<nsw, nuw> : i32
  %3 = llvm.sdiv %2, %b : i32
  %4 = llvm.udiv %3, %b : i32
  %5 = llvm.srem %4, %b : i32
  %6 = llvm.urem %5, %b : i32
  %7 = llvm.and %6, %a : i32
  %8 = llvm.or %7, %a : i32
  %9 = llvm.xor %8, %a : i32
  %10 = llvm.shl %9, %b : i32
  %11 = llvm.lshr %10, %b : i32
  %12 = llvm.ashr %11, %b : i32
  %13 = llvm.icmp "slt" %12, %a : i32
  %14 = llvm.select %13, %12, %a : i1, i32
  llvm.return %14 : i32
}
