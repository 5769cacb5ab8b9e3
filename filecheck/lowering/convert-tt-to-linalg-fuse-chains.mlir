// RUN: arignote-opt %s -p "convert-tt-to-linalg{fuse-chains=true}" --split-input-file | filecheck %s

// convert-tt-to-linalg{fuse-chains=true}: an elementwise op whose operand was made by
// an elementwise op converted before it, and read by nothing else, takes that op's body
// in: a chain becomes one generic, its inputs the chain's inputs (each once).

// CHECK-LABEL: func.func @chain
// CHECK: %[[E:.*]] = tensor.empty
// CHECK: linalg.generic {{.*}} ins(%a, %b : tensor<?xf32>, tensor<?xf32>) outs(%[[E]] : tensor<?xf32>)
// CHECK-NEXT: ^{{.*}}(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[A]], %[[B]] : f32
// CHECK-NEXT: %[[C:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[M]], %[[C]] : f32
// CHECK-NEXT: %[[T:.*]] = math.tanh %[[S]] : f32
// CHECK-NEXT: %[[U:.*]] = arith.subf %[[T]], %[[A]] : f32
// CHECK-NEXT: linalg.yield %[[U]] : f32
// CHECK-NOT: linalg.generic
func.func @chain(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %one = tt.constant dense<1.0> : tensor<f32>
  %c0 = arith.constant 0 : index
  %n = tensor.dim %a, %c0 : tensor<?xf32>
  %m = tt.mul %a, %b : tensor<?xf32>
  %c = tt.broadcast %one dims [] sizes(%n) : tensor<f32> -> tensor<?xf32>
  %s = tt.add %m, %c : tensor<?xf32>
  %t = tt.tanh %s : tensor<?xf32>
  %u = tt.sub %t, %a : tensor<?xf32>
  func.return %u : tensor<?xf32>
}

// -----

// Two chains meeting: the second operand's body is moved in after the first's; a cast
// changes the element type of the init.

// CHECK-LABEL: func.func @two_chains
// CHECK: linalg.generic {{.*}} ins(%a, %b : tensor<4xf32>, tensor<4xf32>) outs(%{{.*}} : tensor<4xf64>)
// CHECK-NEXT: ^{{.*}}(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f64):
// CHECK-NEXT: %[[X:.*]] = math.exp %[[A]] : f32
// CHECK-NEXT: %[[Y:.*]] = math.sin %[[B]] : f32
// CHECK-NEXT: %[[Z:.*]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK-NEXT: %[[W:.*]] = arith.extf %[[Z]] : f32 to f64
// CHECK-NEXT: linalg.yield %[[W]] : f64
// CHECK-NOT: linalg.generic
func.func @two_chains(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf64> {
  %x = tt.exp %a : tensor<4xf32>
  %y = tt.sin %b : tensor<4xf32>
  %z = tt.mul %x, %y : tensor<4xf32>
  %w = tt.cast %z : tensor<4xf32> to tensor<4xf64>
  func.return %w : tensor<4xf64>
}

// -----

// A value read twice (by two ops, or returned too) stays a generic of its own: taking it
// in would compute it twice.  An op reading one value twice takes it in once.

// CHECK-LABEL: func.func @shared
// CHECK: %[[X:.*]] = linalg.generic {{.*}} ins(%a : tensor<4xf32>)
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<4xf32>)
// CHECK: math.sin
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<4xf32>)
// CHECK: math.cos
// CHECK: linalg.generic {{.*}} ins(%a : tensor<4xf32>)
// CHECK-NEXT: ^{{.*}}(%[[A:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S:.*]] = math.sqrt %[[A]] : f32
// CHECK-NEXT: %[[Q:.*]] = arith.mulf %[[S]], %[[S]] : f32
// CHECK-NEXT: linalg.yield %[[Q]] : f32
func.func @shared(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %x = tt.exp %a : tensor<4xf32>
  %y = tt.sin %x : tensor<4xf32>
  %z = tt.cos %x : tensor<4xf32>
  %s = tt.sqrt %a : tensor<4xf32>
  %q = tt.mul %s, %s : tensor<4xf32>
  func.return %y, %z, %q : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
