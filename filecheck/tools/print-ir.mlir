// RUN: arignote-opt %s -p convert-tt-to-linalg,cse,cse --print-ir-after-all 2>&1 >/dev/null | filecheck %s --check-prefix=AFTER
// RUN: arignote-opt %s -p convert-tt-to-linalg,cse,cse --print-ir-before=cse 2>&1 >/dev/null | filecheck %s --check-prefix=BEFORE
// RUN: arignote-opt %s -p convert-tt-to-linalg,cse,cse --print-ir-after-change 2>&1 >/dev/null | filecheck %s --check-prefix=CHANGE
// RUN: arignote-opt %s -p 'tt-to-cpu{stop=linalg}' --time-passes --pass-statistics 2>&1 >/dev/null | filecheck %s --check-prefix=TIME
// RUN: arignote-opt %s -p convert-tt-to-linalg --print-ir-after-all --time-passes 2>/dev/null | filecheck %s --check-prefix=IR
// RUN: not arignote-opt %s -p convert-tt-to-linalg,select-libcall-providers --print-ir-after-failure 2>&1 | filecheck %s --check-prefix=FAIL
// The IR dumps, timing and statistics go to stderr; stdout holds only the final IR.

func.func @f(%x: tensor<4xf32>, %y: tensor<4x4xf32>) -> (tensor<4xf32>, tensor<4x4xf32>) {
  %e = "tt.exp"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %m = "tt.matmul"(%y, %y) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  func.return %e, %m : tensor<4xf32>, tensor<4x4xf32>
}

// AFTER: // -----// IR Dump After convert-tt-to-linalg //----- //
// AFTER: linalg.generic
// AFTER: // -----// IR Dump After cse //----- //
// AFTER: // -----// IR Dump After cse //----- //
// AFTER-NOT: IR Dump

// BEFORE-NOT: IR Dump Before convert-tt-to-linalg
// BEFORE: // -----// IR Dump Before cse //----- //
// BEFORE: // -----// IR Dump Before cse //----- //

// the second cse changes nothing: no dump after it
// CHANGE: // -----// IR Dump After convert-tt-to-linalg //----- //
// CHANGE: // -----// IR Dump After cse //----- //
// CHANGE-NOT: IR Dump

// TIME: ===- Pass statistics: convert-tt-to-linalg -===
// TIME-NEXT: operations: 4 -> {{[0-9]+}}
// TIME: Execution time report
// TIME: Total Execution Time: {{[0-9.]+}} seconds
// TIME: {{[0-9.]+}} (100.0%)  tt-to-cpu
// TIME-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)    merge-slices
// TIME-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)    outline-tt-loops
// TIME-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)    convert-tt-to-linalg
// TIME: Total

// IR-NOT: IR Dump
// IR-NOT: Execution time
// IR: func.func @f
// IR: linalg.generic

// FAIL: // -----// IR Dump After select-libcall-providers Failed //----- //
// FAIL: libcall.gemm
// FAIL: error: select-libcall-providers: 'libcall.gemm' works on tensors
