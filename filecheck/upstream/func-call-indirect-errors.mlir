// RUN: arignote-opt %s --split-input-file --verify-diagnostics

func.func @count(%f: (i32) -> i32, %a: i32) -> i32 {
  // expected-error @+1 {{2 arguments but 1 argument types in (i32) -> i32}}
  %r = func.call_indirect %f(%a, %a) : (i32) -> i32
  func.return %r : i32
}

// -----

func.func @mismatch(%f: (i32) -> i32, %a: i32) -> i64 {
  // expected-error @+1 {{the callee's type (i32) -> i32 does not match the call: arguments (i32), results (i64)}}
  %r = "func.call_indirect"(%f, %a) : ((i32) -> i32, i32) -> i64
  func.return %r : i64
}
