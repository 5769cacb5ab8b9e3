// scf.while with one carried value and with before/after regions of different types,
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
// CHECK: %{{.*}} = arith.constant 0 : i32
// CHECK: %{{.*}} = scf.while (%{{.*}} = %{{.*}}) : (i32) -> i32 {
// CHECK: scf.condition(%{{.*}}) %{{.*}} : i32
// CHECK: ^{{.*}}(%{{.*}}: i32):
// CHECK: scf.yield %{{.*}} : i32
// CHECK: %{{.*}} = arith.cmpi ne, %{{.*}}, %{{.*}} : i32
// CHECK: scf.condition(%{{.*}}) %{{.*}}, %{{.*}} : i32, f32
// CHECK: ^{{.*}}(%{{.*}}: i32, %{{.*}}: f32):
func.func @f(%n: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %r = scf.while (%i = %c0) : (i32) -> i32 {
    %cond = arith.cmpi slt, %i, %n : i32
    scf.condition(%cond) %i : i32
  } do {
  ^bb0(%j: i32):
    %next = arith.addi %j, %c1 : i32
    scf.yield %next : i32
  }
  %u:2 = scf.while (%a = %c0, %b = %n) : (i32, i32) -> (i32, f32) {
    %t = arith.cmpi ne, %a, %b : i32
    %f = arith.sitofp %a : i32 to f32
    scf.condition(%t) %a, %f : i32, f32
  } do {
  ^bb0(%x: i32, %y: f32):
    scf.yield %x, %x : i32, i32
  }
  func.return %r : i32
}
