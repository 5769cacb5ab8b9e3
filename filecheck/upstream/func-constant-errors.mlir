// RUN: arignote-opt %s --split-input-file --verify-diagnostics

func.func @undefined() -> ((i32) -> i32) {
  // expected-error @+1 {{reference to undefined function @nowhere}}
  %c = func.constant @nowhere : (i32) -> i32
  func.return %c : (i32) -> i32
}

// -----

func.func private @g(i32) -> i32
func.func @mismatch() -> ((i64) -> i64) {
  // expected-error @+1 {{reference to function @g with mismatched type: the function is (i32) -> i32, the result (i64) -> i64}}
  %c = func.constant @g : (i64) -> i64
  func.return %c : (i64) -> i64
}

// -----

func.func @not_a_function_type() {
  // expected-error @+1 {{func.constant expects a function type, got i32}}
  %c = func.constant @not_a_function_type : i32
  func.return
}

// -----

"memref.global"() <{sym_name = "buf", sym_visibility = "private", type = memref<4xf32>, initial_value}> : () -> ()
func.func @not_a_function() -> (() -> ()) {
  // expected-error @+1 {{@buf is a 'memref.global', not a function}}
  %c = func.constant @buf : () -> ()
  func.return %c : () -> ()
}
