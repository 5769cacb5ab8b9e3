// RUN: arignote-opt %s -p convert-tt-to-linalg | filecheck %s
// A broadcast constant folded into an elementwise op still has its size checked against
// the other operands' (the IR fuzzer's seed 404 case 14269: a splat of size 0 times a
// size-3 tensor silently gave 3 products).  A splat of the same size value needs no check.

// CHECK-LABEL: func.func @zero_splat
func.func @zero_splat(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %h = tt.constant dense<0.5> : tensor<f32>
  %hb = tt.broadcast %h dims [] sizes(%c0) : tensor<f32> -> tensor<?xf32>
  // CHECK: %[[N:.*]] = tensor.dim %{{.*}}, %{{.*}}
  // CHECK: %[[EQ:.*]] = arith.cmpi eq, %{{.*}}, %[[N]] : index
  // CHECK: cf.assert %[[EQ]], "tt.mul at {{.*}}: operand shapes differ in dim 0
  %r = tt.mul %hb, %x : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// CHECK-LABEL: func.func @same_size_splat
func.func @same_size_splat(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %h = tt.constant dense<0.5> : tensor<f32>
  %hb = tt.broadcast %h dims [] sizes(%n) : tensor<f32> -> tensor<?xf32>
  // CHECK-NOT: cf.assert
  // CHECK: linalg.generic
  %r = tt.mul %hb, %x : tensor<?xf32>
  func.return %r : tensor<?xf32>
}
