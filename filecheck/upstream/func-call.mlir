// func.call of a definition and of private declarations, with zero, one and two results,
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

// CHECK-LABEL: func.func private @ext
// CHECK-LABEL: func.func @callee
// CHECK-LABEL: func.func @caller
// CHECK: %{{.*}} = func.call @callee(%{{.*}}) : (i32) -> i32
// CHECK: %{{.*}}, %{{.*}} = func.call @ext(%{{.*}}, %{{.*}}) : (i32, f32) -> (i32, f32)
// CHECK: func.call @nothing() : () -> ()
// CHECK-LABEL: func.func private @nothing
func.func private @ext(i32, f32) -> (i32, f32)
func.func @callee(%a: i32) -> i32 {
  func.return %a : i32
}
func.func @caller(%a: i32, %b: f32) -> (i32, f32) {
  %0 = func.call @callee(%a) : (i32) -> i32
  %1:2 = func.call @ext(%0, %b) : (i32, f32) -> (i32, f32)
  func.call @nothing() : () -> ()
  func.return %1#0, %1#1 : i32, f32
}
func.func private @nothing()
