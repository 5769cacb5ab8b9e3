// RUN: arignote-opt %s --split-input-file --verify-diagnostics
// tensor.empty takes one size per dynamic dim (upstream MLIR's verifier; xDSL 0.74's does
// not check, and one-shot-bufferize made an invalid memref.alloc from it: IR fuzzer,
// seed 606 case 185).

func.func @f() -> tensor<?xf32> {
  // expected-error @+1 {{'tensor.empty' incorrect number of dynamic sizes, has 0, expected 1}}
  %e = tensor.empty() : tensor<?xf32>
  func.return %e : tensor<?xf32>
}

// -----

func.func @f(%n: index) -> tensor<4xf32> {
  // expected-error @+1 {{'tensor.empty' incorrect number of dynamic sizes, has 1, expected 0}}
  %e = tensor.empty(%n) : tensor<4xf32>
  func.return %e : tensor<4xf32>
}
