// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s | arignote-opt | filecheck %s

// tt.scan, tt.if and tt.yield round-trip in custom and generic form.

// CHECK-LABEL: func.func @rnn
func.func @rnn(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %w: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  // CHECK: %[[H:.*]], %[[Y:.*]] = tt.scan %{{.*}} seqs(%{{.*}} : tensor<?x?xf64>) states(%{{.*}} : tensor<1x?xf64>) taps {{\[\[}}-1{{\]\]}} consts(%{{.*}} : tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  // CHECK-NEXT: ^{{.*}}(%[[XT:.*]]: tensor<?xf64>, %[[HP:.*]]: tensor<?xf64>, %{{.*}}: tensor<?x?xf64>):
  // CHECK: tt.yield %{{.*}}, %{{.*}} : tensor<?xf64>, tensor<?xf64>
  %h, %y = tt.scan %n seqs(%x : tensor<?x?xf64>) states(%h0 : tensor<1x?xf64>) taps [[-1]] consts(%w : tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  ^bb0(%xt: tensor<?xf64>, %hp: tensor<?xf64>, %w2: tensor<?x?xf64>):
    %s = tt.add %xt, %hp : tensor<?xf64>
    %t = tt.tanh %s : tensor<?xf64>
    tt.yield %t, %s : tensor<?xf64>, tensor<?xf64>
  }
  func.return %h, %y : tensor<?x?xf64>, tensor<?x?xf64>
}

// CHECK-LABEL: func.func @fib_until
func.func @fib_until(%n: index, %f0: tensor<2xi64>, %lim: tensor<i64>) -> tensor<?xi64> {
  // CHECK: tt.scan %{{.*}} states(%{{.*}} : tensor<2xi64>) taps {{\[\[}}-2,-1{{\]\]}} consts(%{{.*}} : tensor<i64>) until -> (tensor<?xi64>)
  // CHECK: tt.yield %{{.*}}, %{{.*}} : tensor<i64>, tensor<i1>
  %f = tt.scan %n states(%f0 : tensor<2xi64>) taps [[-2,-1]] consts(%lim : tensor<i64>) until -> (tensor<?xi64>) {
  ^bb0(%a: tensor<i64>, %b: tensor<i64>, %l: tensor<i64>):
    %c = tt.add %a, %b : tensor<i64>
    %stop = tt.gt %c, %l : tensor<i64>
    tt.yield %c, %stop : tensor<i64>, tensor<i1>
  }
  func.return %f : tensor<?xi64>
}

// CHECK-LABEL: func.func @cond
func.func @cond(%c: tensor<i1>, %x: tensor<?xf32>) -> tensor<?xf32> {
  // CHECK: tt.if %{{.*}} args(%{{.*}} : tensor<?xf32>) -> (tensor<?xf32>) {
  // CHECK: tt.yield %{{.*}} : tensor<?xf32>
  // CHECK: } else {
  // CHECK: tt.neg
  %r = tt.if %c args(%x : tensor<?xf32>) -> (tensor<?xf32>) {
  ^bb0(%a: tensor<?xf32>):
    tt.yield %a : tensor<?xf32>
  } else {
  ^bb0(%a: tensor<?xf32>):
    %b = tt.neg %a : tensor<?xf32>
    tt.yield %b : tensor<?xf32>
  }
  func.return %r : tensor<?xf32>
}
