// cf.br and cf.cond_br with block arguments, round-tripped through iree-opt in custom and
// generic form.
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
// CHECK: cf.br ^{{.*}}(%{{.*}} : i32)
// CHECK: ^{{.*}}(%{{.*}}: i32):
// CHECK: cf.cond_br %{{.*}}, ^{{.*}}(%{{.*}}, %{{.*}} : i32, i32), ^{{.*}}
// CHECK: ^{{.*}}(%{{.*}}: i32, %{{.*}}: i32):
// CHECK: %{{.*}} = arith.addi %{{.*}}, %{{.*}} : i32
// CHECK: ^{{.*}}:
func.func @f(%c: i1, %a: i32, %b: i32) -> i32 {
  cf.br ^bb1(%a : i32)
^bb1(%x: i32):
  cf.cond_br %c, ^bb2(%x, %b : i32, i32), ^bb3
^bb2(%y: i32, %z: i32):
  %s = arith.addi %y, %z : i32
  func.return %s : i32
^bb3:
  func.return %b : i32
}
