// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Bad input that makes xDSL raise (rather than report) becomes a diagnostic with
// file:line:col, never a traceback.

func.func @f() {
  // CHECK: dependency-errors.mlir:[[# @LINE + 1]]:34: error: cannot parse this (OverflowError: float too large to pack with e format)
  %0 = arith.constant 1.0e10 : f16
  func.return
}
// CHECK-NOT: Traceback
