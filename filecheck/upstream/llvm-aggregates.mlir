// llvm struct insertvalue/extractvalue, mlir.undef, mlir.zero, mlir.poison and freeze,
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
// CHECK: %{{.*}} = llvm.mlir.undef : !llvm.struct<(i32, f32)>
// CHECK: %{{.*}} = llvm.insertvalue %{{.*}}, %{{.*}}[0] : !llvm.struct<(i32, f32)>
// CHECK: %{{.*}} = llvm.insertvalue %{{.*}}, %{{.*}}[1] : !llvm.struct<(i32, f32)>
// CHECK: %{{.*}} = llvm.extractvalue %{{.*}}[0] : !llvm.struct<(i32, f32)>
// CHECK: %{{.*}} = llvm.mlir.zero : !llvm.ptr
// CHECK: %{{.*}} = llvm.mlir.poison : i32
// CHECK: %{{.*}} = llvm.freeze %{{.*}} : i32
// CHECK: llvm.return %{{.*}} : !llvm.struct<(i32, f32)>
llvm.func @f(%a: i32, %x: f32) -> !llvm.struct<(i32, f32)> {
  %u = llvm.mlir.undef : !llvm.struct<(i32, f32)>
  %0 = llvm.insertvalue %a, %u[0] : !llvm.struct<(i32, f32)>
  %1 = llvm.insertvalue %x, %0[1] : !llvm.struct<(i32, f32)>
  %2 = llvm.extractvalue %1[0] : !llvm.struct<(i32, f32)>
  %z = llvm.mlir.zero : !llvm.ptr
  %p = llvm.mlir.poison : i32
  %f = llvm.freeze %p : i32
  llvm.return %1 : !llvm.struct<(i32, f32)>
}
