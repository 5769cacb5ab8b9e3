// RUN: arignote-opt %s --split-input-file --verify-diagnostics

func.func @bounds(%n: index) {
  // expected-error @+1 {{expected 2 bounds (one per induction variable), got 1}}
  scf.parallel (%i, %j) = (%n) to (%n, %n) step (%n, %n) {
  }
  func.return
}

// -----

func.func @results(%n: index, %z: f32) {
  // expected-error @+1 {{expected result types (f32) of the init values, got (i32)}}
  %r = scf.parallel (%i) = (%n) to (%n) step (%n) init (%z) -> i32 {
    scf.reduce(%z : f32) {
    ^bb0(%a: f32, %b: f32):
      scf.reduce.return %a : f32
    }
  }
  func.return
}
