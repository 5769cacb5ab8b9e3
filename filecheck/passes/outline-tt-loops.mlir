// RUN: arignote-opt %s -p outline-tt-loops | filecheck %s

// tt.scan / tt.if regions become private functions (arguments and results resident),
// called by loop.scan / loop.if; nested loops are outlined innermost first.

// CHECK-LABEL: func.func @f(
// CHECK: %[[H:.*]] = loop.scan @f_scan0(%{{.*}}) states(%{{.*}} : tensor<1x?xf64>) taps {{\[\[}}-1{{\]\]}} consts(%{{.*}} : tensor<?xf64>) -> (tensor<?x?xf64>)
// CHECK: loop.if %{{.*}} : tensor<i1> then @f_then0 else @f_else0 args(%{{.*}} : tensor<?x?xf64>) -> (tensor<?x?xf64>)
// CHECK-NOT: tt.scan
// CHECK-NOT: tt.if
// CHECK: func.func private @f_then0(%{{.*}}: tensor<?x?xf64> {arignote.resident}) -> (tensor<?x?xf64> {arignote.resident})
// CHECK: func.func private @f_else0(
// CHECK: tt.neg
// CHECK: func.func private @f_scan0(%[[HP:.*]]: tensor<?xf64> {arignote.resident}, %[[W:.*]]: tensor<?xf64> {arignote.resident}) -> (tensor<?xf64> {arignote.resident})
// CHECK-NEXT: %[[M:.*]] = tt.mul %[[HP]], %[[W]] : tensor<?xf64>
// CHECK-NEXT: func.return %[[M]] : tensor<?xf64>
func.func @f(%n: index, %h0: tensor<1x?xf64>, %w: tensor<?xf64>, %c: tensor<i1>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  %h = tt.scan %n states(%h0 : tensor<1x?xf64>) taps [[-1]] consts(%w : tensor<?xf64>) -> (tensor<?x?xf64>) {
  ^bb0(%hp: tensor<?xf64>, %w2: tensor<?xf64>):
    %m = tt.mul %hp, %w2 : tensor<?xf64>
    tt.yield %m : tensor<?xf64>
  }
  %r = tt.if %c args(%h : tensor<?x?xf64>) -> (tensor<?x?xf64>) {
  ^bb0(%a: tensor<?x?xf64>):
    tt.yield %a : tensor<?x?xf64>
  } else {
  ^bb0(%a: tensor<?x?xf64>):
    %b = tt.neg %a : tensor<?x?xf64>
    tt.yield %b : tensor<?x?xf64>
  }
  func.return %h, %r : tensor<?x?xf64>, tensor<?x?xf64>
}

// CHECK-LABEL: func.func @nested(
// CHECK: loop.scan @nested_scan1(
// CHECK: func.func private @nested_scan1(
// CHECK: loop.scan @nested_scan0(
// CHECK: func.func private @nested_scan0(
func.func @nested(%n: index, %s0: tensor<1xf64>) -> tensor<?xf64> {
  %r = tt.scan %n states(%s0 : tensor<1xf64>) taps [[-1]] consts(%s0 : tensor<1xf64>) -> (tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %i0: tensor<1xf64>):
    %c3 = arith.constant 3 : index
    %in = tt.scan %c3 states(%i0 : tensor<1xf64>) taps [[-1]] -> (tensor<?xf64>) {
    ^bb1(%b: tensor<f64>):
      %d = tt.add %b, %b : tensor<f64>
      tt.yield %d : tensor<f64>
    }
    tt.yield %a : tensor<f64>
  }
  func.return %r : tensor<?xf64>
}
