// RUN: arignote-opt %s --split-input-file --verify-diagnostics
// Dominance: an operand must be defined before its use (in its block or an enclosing
// one).  An op using its own result used to pass the verifier and then crash
// one-shot-bufferize (KeyError) and fuse-elementwise (IndexError).

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'tt.abs' operand #0 does not dominate this use}}
  %r = tt.abs %r : tensor<4xf32>
  func.return %r : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'tt.abs' operand #0 does not dominate this use}}
  %a = tt.abs %b : tensor<4xf32>
  %b = tt.abs %x : tensor<4xf32>
  func.return %a : tensor<4xf32>
}
