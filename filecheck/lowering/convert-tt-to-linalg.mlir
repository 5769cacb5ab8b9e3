// RUN: arignote-opt %s -p convert-tt-to-linalg --split-input-file | filecheck %s

// An elementwise op becomes an all-parallel linalg.generic with identity maps and a
// tensor.empty init sized from the operands; the body is the scalar op.
// CHECK-LABEL: func.func @add
// CHECK-SAME: (%[[A:.*]]: tensor<?x4xf32>, %[[B:.*]]: tensor<?x4xf32>)
func.func @add(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // CHECK-DAG: %[[DA:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x4xf32>
  // CHECK-DAG: %[[DB:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?x4xf32>
  // Two dynamic sizes from different values are checked on the host:
  // CHECK: %[[EQ:.*]] = arith.cmpi eq, %[[DA]], %[[DB]] : index
  // CHECK: cf.assert %[[EQ]], "tt.add at {{.*}}convert-tt-to-linalg.mlir:{{[0-9]+}}:3: operand shapes differ in dim 0 (input dimension mismatch)"
  // CHECK: %[[E:.*]] = tensor.empty(%[[DA]]) : tensor<?x4xf32>
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[B]] : tensor<?x4xf32>, tensor<?x4xf32>) outs(%[[E]] : tensor<?x4xf32>)
  // CHECK: arith.addf
  // CHECK-NOT: tt.
  %r = tt.add %a, %b : tensor<?x4xf32>
  func.return %r : tensor<?x4xf32>
}

// -----
// The same operand twice, or sizes that are the same value: no check.
// CHECK-LABEL: func.func @same_sizes
func.func @same_sizes(%x: tensor<?xf32>) -> tensor<?xf32> {
  // CHECK-NOT: cf.assert
  // CHECK: arith.mulf
  // CHECK-NOT: cf.assert
  // CHECK: math.exp
  %m = tt.mul %x, %x : tensor<?xf32>
  %e = tt.exp %m : tensor<?xf32>
  %r = tt.sub %e, %x : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----
// A broadcast is a copy generic whose input map drops new dims and zeroes expanded ones.
// CHECK-LABEL: func.func @broadcast
func.func @broadcast(%r: tensor<1x?xf32>, %v: tensor<3xf32>, %n: index) -> (tensor<?x?xf32>, tensor<?x3xf32>) {
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>]
  // CHECK-NEXT: ^{{.*}}(%[[IN:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT: linalg.yield %[[IN]] : f32
  %a = tt.broadcast %r dims [0, 1] sizes(%n) : tensor<1x?xf32> -> tensor<?x?xf32>
  // CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>]
  %b = tt.broadcast %v dims [1] sizes(%n) : tensor<3xf32> -> tensor<?x3xf32>
  func.return %a, %b : tensor<?x?xf32>, tensor<?x3xf32>
}

// -----
// A splat constant operand (possibly broadcast) is not an input: its scalar is
// materialised in the body, and the constant and its broadcast disappear.
// CHECK-LABEL: func.func @splat
// CHECK-SAME: (%[[X:.*]]: tensor<?xf32>)
func.func @splat(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  // CHECK-NOT: tt.constant
  // CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<?xf32>)
  // CHECK: %[[H:.*]] = arith.constant 5.000000e-01 : f32
  // CHECK: arith.mulf %[[H]], %{{.*}} : f32
  %h = tt.constant dense<0.5> : tensor<f32>
  %hb = tt.broadcast %h dims [] sizes(%n) : tensor<f32> -> tensor<?xf32>
  %r = tt.mul %hb, %x : tensor<?xf32>
  func.return %r : tensor<?xf32>
}

// -----
// A non-splat constant becomes an arith.constant tensor.
// CHECK-LABEL: func.func @dense_constant
func.func @dense_constant() -> tensor<3xi32> {
  // CHECK: arith.constant dense<[1, 2, 3]> : tensor<3xi32>
  %k = tt.constant dense<[1, 2, 3]> : tensor<3xi32>
  %r = tt.neg %k : tensor<3xi32>
  func.return %r : tensor<3xi32>
}

// -----
// NumPy semantics in the scalar bodies.
// CHECK-LABEL: func.func @semantics
func.func @semantics(%a: tensor<4xf32>, %i: tensor<4xi32>, %p: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi32>, tensor<4xi32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi8>, tensor<4xf32>) {
  // float ne is unordered (true on NaN)
  // CHECK: arith.cmpf une
  %ne = tt.ne %a, %a : tensor<4xf32>
  // i1 compares unsigned
  // CHECK: arith.cmpi ult
  %lt = tt.lt %p, %p : tensor<4xi1>
  // integer floor division never traps: the divisor is made safe, x // 0 == 0
  // CHECK: arith.floordivsi
  // CHECK: arith.select
  %d = tt.int_div %i, %i : tensor<4xi32>
  // CHECK: arith.remsi
  %m = tt.mod %i, %i : tensor<4xi32>
  // float mod is fmod then adjusted to the divisor's sign
  // CHECK: arith.remf
  // CHECK: math.copysign
  %fm = tt.mod %a, %a : tensor<4xf32>
  // casts to i1 compare with zero
  // CHECK: arith.cmpf une
  %b = tt.cast %a : tensor<4xf32> to tensor<4xi1>
  // CHECK: arith.fptosi
  %c = tt.cast %a : tensor<4xf32> to tensor<4xi8>
  // maximum propagates NaN
  // CHECK: arith.maximumf
  %mx = tt.maximum %a, %a : tensor<4xf32>
  func.return %ne, %lt, %d, %m, %fm, %b, %c, %mx : tensor<4xi1>, tensor<4xi1>, tensor<4xi32>, tensor<4xi32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi8>, tensor<4xf32>
}
