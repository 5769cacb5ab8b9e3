// --verify-diagnostics is mlir-opt's check of expected-* annotations by default;
// --xdsl-verify-diagnostics gives it xdsl-opt's meaning: the diagnostic is printed to
// stdout as xdsl-opt prints it, and the exit code is 0.
// RUN: arignote-opt %s --split-input-file --verify-diagnostics --xdsl-verify-diagnostics | filecheck %s
// RUN: not arignote-opt %s --split-input-file --verify-diagnostics 2>&1 | filecheck %s --check-prefix=MLIR
// (the switch alone changes nothing: the invalid chunk is an error)
// RUN: not arignote-opt %s --split-input-file --xdsl-verify-diagnostics 2>&1 | filecheck %s --check-prefix=ALONE

func.func @f(%a: i32) -> i32 {
  %b = arith.addi %a, %a : i32
  func.return %a, %b : i32, i32
}

// -----

func.func @g(%a: i32) -> i32 {
  func.return %a : i32
}

// CHECK: Expected arguments to have the same types as the function output types: expected [i32], got [i32, i32]
// CHECK-NEXT: "builtin.module"() ({
// CHECK: "func.return"(%a, %b) : (i32, i32) -> ()
// CHECK-NEXT: ^^^^^^^^^^^^^---
// CHECK-NEXT: | Operation does not verify: Expected arguments to have the same types
// CHECK: {{//}} -----
// CHECK-NEXT: builtin.module {
// CHECK-NEXT: func.func @g

// MLIR: xdsl-verify-diagnostics.mlir:11:3: error: unexpected error: 'func.return' Expected arguments
// ALONE: xdsl-verify-diagnostics.mlir:11:3: error: 'func.return' Expected arguments
// ALONE-NOT: Operation does not verify
