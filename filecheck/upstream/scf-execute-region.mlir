// scf.execute_region: with an empty body (xDSL printed `{ }`, a region without blocks
// for upstream), with results and several blocks, with attributes (xDSL dropped them) and
// upstream's no_inline; round-tripped through iree-opt in custom and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt | iree-opt | filecheck %s --check-prefix=UP

// CHECK: scf.execute_region {
// CHECK-NEXT: scf.yield
// CHECK-NEXT: }
// CHECK: scf.execute_region -> i32 {
// CHECK: cf.cond_br
// CHECK: scf.yield %{{.*}} : i32
// CHECK: scf.yield %{{.*}} : i32
// CHECK: scf.execute_region -> i32 no_inline {
// CHECK: } {note = "kept"}
// CHECK: scf.execute_region -> (i32, f32) {
// UP: scf.execute_region {
// UP-NEXT: scf.yield
// UP: scf.execute_region -> i32 no_inline {
func.func @f(%c: i1) -> i32 {
  scf.execute_region {
    scf.yield
  }
  %r = scf.execute_region -> i32 {
    %x = arith.constant 1 : i32
    cf.cond_br %c, ^a, ^b
  ^a:
    scf.yield %x : i32
  ^b:
    %y = arith.constant 2 : i32
    scf.yield %y : i32
  }
  %s = scf.execute_region -> i32 no_inline {
    %x = arith.constant 3 : i32
    scf.yield %x : i32
  } {note = "kept"}
  %t:2 = scf.execute_region -> (i32, f32) {
    %x = arith.constant 4 : i32
    %y = arith.constant 4.0 : f32
    scf.yield %x, %y : i32, f32
  }
  func.return %r : i32
}
