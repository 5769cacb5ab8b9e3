// scf.if with results and an else region, and without results with and without else,
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

// CHECK-LABEL: func.func @f
// CHECK: %{{.*}}, %{{.*}} = scf.if %{{.*}} -> (f32, f32) {
// CHECK: %{{.*}} = arith.addf %{{.*}}, %{{.*}} : f32
// CHECK: scf.yield %{{.*}}, %{{.*}} : f32, f32
// CHECK: } else {
// CHECK: scf.yield %{{.*}}, %{{.*}} : f32, f32
// CHECK: scf.if %{{.*}} {
// CHECK: memref.store %{{.*}}, %{{.*}}[] : memref<f32>
// CHECK: scf.if %{{.*}} {
// CHECK: memref.store %{{.*}}, %{{.*}}[] : memref<f32>
// CHECK: } else {
// CHECK: memref.store %{{.*}}, %{{.*}}[] : memref<f32>
func.func @f(%c: i1, %a: f32, %b: f32, %m: memref<f32>) -> (f32, f32) {
  %r:2 = scf.if %c -> (f32, f32) {
    %s = arith.addf %a, %b : f32
    scf.yield %s, %a : f32, f32
  } else {
    scf.yield %b, %b : f32, f32
  }
  scf.if %c {
    memref.store %a, %m[] : memref<f32>
  }
  scf.if %c {
    memref.store %a, %m[] : memref<f32>
  } else {
    memref.store %b, %m[] : memref<f32>
  }
  func.return %r#0, %r#1 : f32, f32
}
