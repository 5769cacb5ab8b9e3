// RUN: not timeout 60 arignote-opt %s 2>&1 | filecheck %s
// A string literal left open at the end of the file: a clean error, quickly (xDSL 0.74's
// string regex backtracks exponentially on it, so arignote checks literals first).

func.func @f(%x: i1) {
  // CHECK: unterminated-string.mlir:[[# @LINE + 1]]:17: error: string literal not closed on its line
  cf.assert %x, "this message is long and never terminated, as a file cut short would leave it