// func.call_indirect of a func.constant (upstream's op; xDSL 0.74 lacks it), round-tripped
// through iree-opt in custom and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s > %t.up
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt | iree-opt > %t.custom
// RUN: cmp %t.up %t.custom
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt > %t.generic
// RUN: cmp %t.up %t.generic

// CHECK-LABEL: func.func private @g
// CHECK-LABEL: func.func @f
// CHECK: %{{.*}} = func.constant @g : (i32) -> i32
// CHECK: %{{.*}} = func.call_indirect %{{.*}}(%{{.*}}) : (i32) -> i32
func.func private @g(i32) -> i32
func.func @f(%a: i32) -> i32 {
  %c = func.constant @g : (i32) -> i32
  %r = func.call_indirect %c(%a) : (i32) -> i32
  func.return %r : i32
}
