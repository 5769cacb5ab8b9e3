// scf.index_switch with results and cases, and without results with an empty default
// region (upstream elides its implicit scf.yield; xDSL read no block), round-tripped.
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
// CHECK: %{{.*}} = scf.index_switch %{{.*}} -> f32
// CHECK: scf.yield %{{.*}} : f32
// CHECK: %{{.*}} = arith.negf %{{.*}} : f32
// CHECK: default {
// CHECK: scf.yield %{{.*}} : f32
// CHECK: case 1 {
// CHECK: default {
func.func @f(%i: index, %a: f32) -> f32 {
  %r = scf.index_switch %i -> f32
  case 0 {
    scf.yield %a : f32
  }
  case 5 {
    %b = arith.negf %a : f32
    scf.yield %b : f32
  }
  default {
    %c = arith.constant 0.0 : f32
    scf.yield %c : f32
  }
  scf.index_switch %i
  case 1 {
    scf.yield
  }
  default {
  }
  func.return %r : f32
}
