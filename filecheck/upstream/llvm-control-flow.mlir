// llvm.br, cond_br with block arguments, call, unreachable and an internal function,
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

// CHECK-LABEL: llvm.func @callee
// CHECK-LABEL: llvm.func @f
// CHECK: llvm.cond_br %{{.*}}, ^{{.*}}(%{{.*}} : i32), ^{{.*}}
// CHECK: ^{{.*}}(%{{.*}}: i32):
// CHECK: %{{.*}} = llvm.call @callee(%{{.*}}) : (i32) -> i32
// CHECK: llvm.br ^{{.*}}
// CHECK: ^{{.*}}:
// CHECK: llvm.return %{{.*}} : i32
// CHECK-LABEL: llvm.func internal @g
// CHECK: llvm.unreachable
llvm.func @callee(i32) -> i32
llvm.func @f(%c: i1, %a: i32) -> i32 {
  llvm.cond_br %c, ^bb1(%a : i32), ^bb2
^bb1(%x: i32):
  %r = llvm.call @callee(%x) : (i32) -> i32
  llvm.br ^bb2
^bb2:
  llvm.return %a : i32
}
llvm.func internal @g() {
  llvm.unreachable
}
