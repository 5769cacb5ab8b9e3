// cf.switch with a default and two cases carrying arguments, round-tripped through iree-opt
// in custom and generic form.
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
// CHECK: cf.switch %{{.*}} : i32, [
// CHECK: default: ^{{.*}}(%{{.*}} : f32),
// CHECK: 0: ^{{.*}},
// CHECK: 42: ^{{.*}}(%{{.*}} : f32)
// CHECK: ]
// CHECK: ^{{.*}}(%{{.*}}: f32):
// CHECK: ^{{.*}}:
// CHECK: %{{.*}} = arith.constant 0.000000e+00 : f32
func.func @f(%v: i32, %a: f32) -> f32 {
  cf.switch %v : i32, [
    default: ^bb1(%a : f32),
    0: ^bb2,
    42: ^bb1(%a : f32)
  ]
^bb1(%x: f32):
  func.return %x : f32
^bb2:
  %z = arith.constant 0.0 : f32
  func.return %z : f32
}
