// A linalg.generic with two results reads back what it prints: `-> (T, U)` (xDSL 0.74's
// parser took the parenthesis for a function type; tt's argmax/take reductions make such
// generics, so the linalg stage of a training step did not parse again).
// RUN: arignote-opt %s | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s

// CHECK: %{{.*}}, %{{.*}} = linalg.generic {{.*}} ins(%x : tensor<?xi64>) outs(%a, %b : tensor<i64>, tensor<i64>) {
// CHECK: } -> (tensor<i64>, tensor<i64>)
// CHECK: } -> tensor<i64>
func.func @f(%x: tensor<?xi64>, %a: tensor<i64>, %b: tensor<i64>) -> (tensor<i64>, tensor<i64>, tensor<i64>) {
  %r:2 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>, affine_map<(d0) -> ()>], iterator_types = ["reduction"]} ins(%x : tensor<?xi64>) outs(%a, %b : tensor<i64>, tensor<i64>) {
  ^bb0(%in: i64, %m: i64, %s: i64):
    %0 = arith.maxsi %in, %m : i64
    %1 = arith.addi %in, %s : i64
    linalg.yield %0, %1 : i64, i64
  } -> (tensor<i64>, tensor<i64>)
  %one = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>], iterator_types = ["reduction"]} ins(%x : tensor<?xi64>) outs(%a : tensor<i64>) {
  ^bb0(%in: i64, %m: i64):
    %0 = arith.maxsi %in, %m : i64
    linalg.yield %0 : i64
  } -> tensor<i64>
  func.return %r#0, %r#1, %one : tensor<i64>, tensor<i64>, tensor<i64>
}
