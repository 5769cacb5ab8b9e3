// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Every verifier diagnostic of tt.scan and tt.if (one per chunk).

func.func @f(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %s: tensor<f64>) {
  %r = tt.scan %n seqs(%s : tensor<f64>) states(%h0 : tensor<1x?xf64>) taps [[-1]] -> (tensor<?x?xf64>) {
  ^bb0(%a: tensor<f64>, %b: tensor<?xf64>):
    tt.yield %b : tensor<?xf64>
  }
  func.return
}
// CHECK: error: {{.*}}sequence 0 must have rank >= 1

// -----
func.func @f(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %s: tensor<f64>) {
  %r = tt.scan %n states(%h0 : tensor<1x?xf64>) taps [[0]] -> (tensor<?x?xf64>) {
  ^bb0(%b: tensor<?xf64>):
    tt.yield %b : tensor<?xf64>
  }
  func.return
}
// CHECK: error: {{.*}}the taps of state 0 must be distinct and negative, got {{\[}}0{{\]}}

// -----
func.func @f(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %s: tensor<f64>) {
  %r = tt.scan %n states(%s : tensor<f64>) taps [[-1]] -> (tensor<?xf64>) {
  ^bb0(%b: tensor<f64>):
    tt.yield %b : tensor<f64>
  }
  func.return
}
// CHECK: error: {{.*}}state 0 must have rank >= 1 (its initial rows), got tensor<f64>

// -----
func.func @f(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %s: tensor<f64>) {
  %r = tt.scan %n states(%h0 : tensor<1x?xf64>) taps [[-2,-1]] -> (tensor<?x?xf64>) {
  ^bb0(%a: tensor<?xf64>, %b: tensor<?xf64>):
    tt.yield %b : tensor<?xf64>
  }
  func.return
}
// CHECK: error: {{.*}}state 0 has taps {{\[}}-2, -1{{\]}} and so needs 2 initial rows, got tensor<1x?xf64>

// -----
func.func @f(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %s: tensor<f64>) {
  %r = tt.scan %n seqs(%x : tensor<?x?xf64>) states(%h0 : tensor<1x?xf64>) taps [[-1]] -> (tensor<?x?xf64>) {
  ^bb0(%b: tensor<?xf64>):
    tt.yield %b : tensor<?xf64>
  }
  func.return
}
// CHECK: error: {{.*}}the body has 1 block arguments, the operands imply 2 (sequence rows, state taps, constants)

// -----
func.func @f(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %s: tensor<f64>) {
  %r = tt.scan %n seqs(%x : tensor<?x?xf64>) states(%h0 : tensor<1x?xf64>) taps [[-1]] -> (tensor<?x?xf64>) {
  ^bb0(%a: tensor<?xf64>, %b: tensor<?xf32>):
    tt.yield %a : tensor<?xf64>
  }
  func.return
}
// CHECK: error: {{.*}}block argument 1 has type tensor<?xf32>, its operand implies tensor<?xf64>

// -----
func.func @f(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %s: tensor<f64>) {
  %r = tt.scan %n states(%h0 : tensor<1x?xf64>) taps [[-1]] -> (tensor<?x?xf64>) {
  ^bb0(%b: tensor<?xf64>):
    %c = tt.neg %b : tensor<?xf64>
  }
  func.return
}
// CHECK: error: {{.*}}the body must end with tt.yield

// -----
func.func @f(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %s: tensor<f64>) {
  %r = tt.scan %n states(%h0 : tensor<1x?xf64>) taps [[-1]] -> (tensor<?x?xf64>) {
  ^bb0(%b: tensor<?xf64>):
    tt.yield %b, %b : tensor<?xf64>, tensor<?xf64>
  }
  func.return
}
// CHECK: error: {{.*}}the body yields 2 values, expected 1 (1 states, 0 outputs)

// -----
func.func @f(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %s: tensor<f64>) {
  %r = tt.scan %n states(%h0 : tensor<1x?xf64>) taps [[-1]] until -> (tensor<?x?xf64>) {
  ^bb0(%b: tensor<?xf64>):
    tt.yield %b, %b : tensor<?xf64>, tensor<?xf64>
  }
  func.return
}
// CHECK: error: {{.*}}the until condition must be tensor<i1>, got tensor<?xf64>

// -----
func.func @f(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %s: tensor<f64>) {
  %r = tt.scan %n states(%h0 : tensor<1x?xf64>) taps [[-1]] -> (tensor<?x?xf64>) {
  ^bb0(%b: tensor<?xf64>):
    %c = tt.cast %b : tensor<?xf64> to tensor<?xf32>
    tt.yield %c : tensor<?xf32>
  }
  func.return
}
// CHECK: error: {{.*}}yield operand 0 (the new value of state 0) has type tensor<?xf32>, the state's rows are tensor<?xf64>

// -----
func.func @f(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %s: tensor<f64>) {
  %r = tt.scan %n states(%h0 : tensor<1x?xf64>) taps [[-1]] -> (tensor<?xf64>) {
  ^bb0(%b: tensor<?xf64>):
    tt.yield %b : tensor<?xf64>
  }
  func.return
}
// CHECK: error: {{.*}}result 0 has type tensor<?xf64>, expected tensor<?x?xf64>

// -----
func.func @f(%n: index, %x: tensor<?x?xf64>, %h0: tensor<1x?xf64>, %s: tensor<f64>) {
  %r = tt.scan %n  -> (tensor<?xf64>) {
  ^bb0:
    %c = tt.constant dense<1.0> : tensor<2xf64>
    %d = tensor.cast %c : tensor<2xf64> to tensor<?xf64>
    tt.yield %d : tensor<?xf64>
  }
  func.return
}
// CHECK: error: {{.*}}result 0 has type tensor<?xf64>, yield operand 0 implies tensor<?x?xf64>

// -----
// the custom form reads the condition as a tensor<i1>; the generic form reaches the verifier
func.func @f(%c: tensor<f32>, %x: tensor<?xf64>) {
  %r = tt.if %c args(%x : tensor<?xf64>) -> (tensor<?xf64>) {
  ^bb0(%a: tensor<?xf64>):
    tt.yield %a : tensor<?xf64>
  } else {
  ^bb0(%a: tensor<?xf64>):
    tt.yield %a : tensor<?xf64>
  }
  func.return
}
// CHECK: error: operand is used with type tensor<i1>, but has been previously used or defined with type tensor<f32>

// -----
func.func @f(%c: tensor<f32>, %x: tensor<?xf64>) {
  %r = "tt.if"(%c, %x) ({
  ^bb0(%a: tensor<?xf64>):
    "tt.yield"(%a) : (tensor<?xf64>) -> ()
  }, {
  ^bb0(%a: tensor<?xf64>):
    "tt.yield"(%a) : (tensor<?xf64>) -> ()
  }) : (tensor<f32>, tensor<?xf64>) -> tensor<?xf64>
  func.return
}
// CHECK: error: {{.*}}the condition must be tensor<i1>, got tensor<f32>

// -----
func.func @f(%c: tensor<i1>, %x: tensor<?xf64>) {
  %r = tt.if %c args(%x : tensor<?xf64>) -> (tensor<?xf64>) {
  ^bb0(%a: tensor<?xf32>):
    tt.yield %a : tensor<?xf32>
  } else {
  ^bb0(%a: tensor<?xf64>):
    tt.yield %a : tensor<?xf64>
  }
  func.return
}
// CHECK: error: {{.*}}the then region's block arguments have types (tensor<?xf32>), the args are (tensor<?xf64>)

// -----
func.func @f(%c: tensor<i1>, %x: tensor<?xf64>) {
  %r = tt.if %c args(%x : tensor<?xf64>) -> (tensor<?xf64>) {
  ^bb0(%a: tensor<?xf64>):
    %b = tt.neg %a : tensor<?xf64>
  } else {
  ^bb0(%a: tensor<?xf64>):
    tt.yield %a : tensor<?xf64>
  }
  func.return
}
// CHECK: error: {{.*}}the then region must end with tt.yield

// -----
func.func @f(%c: tensor<i1>, %x: tensor<?xf64>) {
  %r = tt.if %c args(%x : tensor<?xf64>) -> (tensor<?xf64>) {
  ^bb0(%a: tensor<?xf64>):
    tt.yield %a : tensor<?xf64>
  } else {
  ^bb0(%a: tensor<?xf64>):
    tt.yield %a, %a : tensor<?xf64>, tensor<?xf64>
  }
  func.return
}
// CHECK: error: {{.*}}the else region yields (tensor<?xf64>, tensor<?xf64>), the results are (tensor<?xf64>)

// -----
func.func @f(%a: tensor<f64>) -> tensor<f64> {
  tt.yield %a : tensor<f64>
}
// CHECK: error: {{.*}}tt.yield{{.*}}expects parent op

// -----
func.func @f(%n: index, %h0: tensor<1x?xf64>) {
  %r = "tt.scan"(%n, %h0) <{taps = [], operandSegmentSizes = array<i32: 1, 0, 1, 0>}> ({
  ^bb0(%b: tensor<?xf64>):
    "tt.yield"(%b) : (tensor<?xf64>) -> ()
  }) : (index, tensor<1x?xf64>) -> tensor<?x?xf64>
  func.return
}
// CHECK: error: {{.*}}1 states but 0 tap lists
