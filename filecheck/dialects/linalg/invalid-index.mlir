// RUN: arignote-opt %s --split-input-file --verify-diagnostics
// linalg.index must name a loop of its enclosing linalg op (upstream MLIR's verifier;
// xDSL 0.74's does not check it, and fuse-elementwise failed with an IndexError on
// `linalg.index 2` of a 2-loop generic: IR fuzzer, seed 404 case 17067).

func.func @f(%t: tensor<?x?xf32>, %n: index) -> tensor<?x?xf32> {
  %e0 = tensor.empty(%n, %n) : tensor<?x?xf32>
  %g = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%e0 : tensor<?x?xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    // expected-error @+1 {{'linalg.index' expected dim (2) to be lower than the number of loops (2) of the enclosing LinalgOp}}
    %j = linalg.index 2 : index
    %v = tensor.extract %t[%i, %j] : tensor<?x?xf32>
    linalg.yield %v : f32
  } -> tensor<?x?xf32>
  func.return %g : tensor<?x?xf32>
}

// -----

func.func @f() -> index {
  // expected-error @+1 {{'linalg.index' expected parent op with LinalgOp interface}}
  %i = linalg.index 0 : index
  func.return %i : index
}
