// llvm.alloca, load/store with upstream's <alignment = 4> (xDSL printed {alignment = 4 :
// i64}, which upstream rejects) and getelementptr inbounds (upstream's noWrapFlags; xDSL lost
// inbounds both ways), round-tripped through iree-opt in custom and generic form.
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
// CHECK: %{{.*}} = llvm.mlir.constant(1) : i64
// CHECK: %{{.*}} = llvm.alloca %{{.*}} x f32 {alignment = 4 : i64} : (i64) -> !llvm.ptr
// CHECK: llvm.store %{{.*}}, %{{.*}} <alignment = 4> : f32, !llvm.ptr
// CHECK: %{{.*}} = llvm.getelementptr inbounds %{{.*}}[%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK: %{{.*}} = llvm.getelementptr %{{.*}}[1, 2] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<4 x f32>
// CHECK: %{{.*}} = llvm.load %{{.*}} <alignment = 4> : !llvm.ptr -> f32
// CHECK: %{{.*}} = llvm.load %{{.*}} : !llvm.ptr -> f32
// CHECK: %{{.*}} = llvm.fadd %{{.*}}, %{{.*}} : f32
// CHECK: llvm.return %{{.*}} : f32
llvm.func @f(%p: !llvm.ptr, %i: i64, %v: f32) -> f32 {
  %c1 = llvm.mlir.constant(1 : i64) : i64
  %a = llvm.alloca %c1 x f32 {alignment = 4 : i64} : (i64) -> !llvm.ptr
  llvm.store %v, %a <alignment = 4> : f32, !llvm.ptr
  %g = llvm.getelementptr inbounds %p[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  %h = llvm.getelementptr %p[1, 2] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<4 x f32>
  %x = llvm.load %g <alignment = 4> : !llvm.ptr -> f32
  %y = llvm.load %a : !llvm.ptr -> f32
  %s = llvm.fadd %x, %y : f32
  llvm.return %s : f32
}
