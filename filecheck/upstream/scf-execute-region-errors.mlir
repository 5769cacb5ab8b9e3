// RUN: arignote-opt %s --split-input-file --verify-diagnostics

func.func @args() {
  // expected-error @+1 {{region cannot have any arguments}}
  "scf.execute_region"() ({
  ^bb0(%x: i32):
    scf.yield
  }) : () -> ()
  func.return
}

// -----

func.func @empty() {
  // expected-error @+1 {{region needs to have at least one block}}
  "scf.execute_region"() ({
  }) : () -> ()
  func.return
}
