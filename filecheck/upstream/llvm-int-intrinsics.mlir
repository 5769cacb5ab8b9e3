// llvm integer intrinsics (smax, umin, ctpop; abs, which upstream prints only in generic
// form — our custom form was rejected) and float ones (minnum, copysign, floor, fabs),
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

// CHECK-LABEL: llvm.func @f
// CHECK: %{{.*}} = llvm.intr.smax(%{{.*}}, %{{.*}}) : (i32, i32) -> i32
// CHECK: %{{.*}} = llvm.intr.umin(%{{.*}}, %{{.*}}) : (i32, i32) -> i32
// CHECK: %{{.*}} = llvm.intr.ctpop(%{{.*}}) : (i32) -> i32
// CHECK: %{{.*}} = "llvm.intr.abs"(%{{.*}}) <{is_int_min_poison = false}> : (i32) -> i32
// CHECK: %{{.*}} = llvm.intr.minnum(%{{.*}}, %{{.*}}) : (f32, f32) -> f32
// CHECK: %{{.*}} = llvm.intr.copysign(%{{.*}}, %{{.*}}) : (f32, f32) -> f32
// CHECK: %{{.*}} = llvm.intr.floor(%{{.*}}) : (f32) -> f32
// CHECK: %{{.*}} = llvm.intr.fabs(%{{.*}}) : (f32) -> f32
// CHECK: llvm.return %{{.*}} : i32
llvm.func @f(%a: i32, %b: i32, %x: f32, %y: f32) -> i32 {
  %0 = llvm.intr.smax(%a, %b) : (i32, i32) -> i32
  %1 = llvm.intr.umin(%0, %b) : (i32, i32) -> i32
  %2 = llvm.intr.ctpop(%1) : (i32) -> i32
  %3 = "llvm.intr.abs"(%2) <{is_int_min_poison = false}> : (i32) -> i32
  %4 = llvm.intr.minnum(%x, %y) : (f32, f32) -> f32
  %5 = llvm.intr.copysign(%x, %y) : (f32, f32) -> f32
  %6 = llvm.intr.floor(%x) : (f32) -> f32
  %7 = llvm.intr.fabs(%x) : (f32) -> f32
  llvm.return %3 : i32
}
