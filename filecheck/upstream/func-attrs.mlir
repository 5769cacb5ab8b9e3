// func.func argument, result and function attributes, nested visibility and a private
// declaration, round-tripped through iree-opt.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s > %t.up
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt | iree-opt > %t.custom
// RUN: cmp %t.up %t.custom
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt > %t.generic
// RUN: cmp %t.up %t.generic

// CHECK: func.func @args(%{{.*}}: memref<?xf32> {llvm.noalias}, %{{.*}}: i32 {test.flag = 3 : i64}) -> (i32 {test.res}) attributes {test.fn = "x"} {
// CHECK: func.func nested @nested_vis() {
// CHECK: func.func private @priv_decl(i32) -> i32 attributes {llvm.emit_c_interface}
func.func @args(%a: memref<?xf32> {llvm.noalias}, %b: i32 {test.flag = 3 : i64}) -> (i32 {test.res}) attributes {test.fn = "x"} {
  func.return %b : i32
}
func.func nested @nested_vis() {
  func.return
}
func.func private @priv_decl(i32) -> i32 attributes {llvm.emit_c_interface}
