// llvm integer, float and pointer casts (sext, zext nneg, trunc — whose generic overflowFlags
// upstream prints as an integer, which xDSL rejected —, sitofp, fptosi, bitcast, ptrtoint,
// inttoptr, addrspacecast, uitofp), round-tripped through iree-opt in custom and generic form.
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
// CHECK: %{{.*}} = llvm.sext %{{.*}} : i32 to i64
// CHECK: %{{.*}} = llvm.zext %{{.*}} : i32 to i64
// CHECK: %{{.*}} = llvm.trunc %{{.*}} : i64 to i16
// CHECK: %{{.*}} = llvm.sitofp %{{.*}} : i32 to f64
// CHECK: %{{.*}} = llvm.fptosi %{{.*}} : f32 to i32
// CHECK: %{{.*}} = llvm.bitcast %{{.*}} : f32 to i32
// CHECK: %{{.*}} = llvm.ptrtoint %{{.*}} : !llvm.ptr to i64
// CHECK: %{{.*}} = llvm.inttoptr %{{.*}} : i64 to !llvm.ptr
// CHECK: %{{.*}} = llvm.addrspacecast %{{.*}} : !llvm.ptr<1> to !llvm.ptr
// CHECK: %{{.*}} = llvm.uitofp %{{.*}} : i32 to f32
// CHECK: %{{.*}} = llvm.zext nneg %{{.*}} : i32 to i64
// CHECK: llvm.return %{{.*}} : i64
llvm.func @f(%a: i32, %x: f32, %p: !llvm.ptr, %q: !llvm.ptr<1>) -> i64 {
  %0 = llvm.sext %a : i32 to i64
  %1 = llvm.zext %a : i32 to i64
  %2 = llvm.trunc %0 : i64 to i16
  %3 = llvm.sitofp %a : i32 to f64
  %4 = llvm.fptosi %x : f32 to i32
  %7 = llvm.bitcast %x : f32 to i32
  %8 = llvm.ptrtoint %p : !llvm.ptr to i64
  %9 = llvm.inttoptr %8 : i64 to !llvm.ptr
  %10 = llvm.addrspacecast %q : !llvm.ptr<1> to !llvm.ptr
  %11 = llvm.uitofp %a : i32 to f32
  %12 = llvm.zext nneg %a : i32 to i64
  llvm.return %1 : i64
}
