// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[X:.*]]: tensor<?xf32>, %[[S:.*]]: tensor<f32>)
func.func @elementwise(%x: tensor<?xf32>, %s: tensor<f32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  // CHECK: %[[SB:.*]] = tt.broadcast %[[S]] dims [] sizes(%{{.*}}) : tensor<f32> -> tensor<?xf32>
  // GENERIC: "tt.broadcast"(%{{.*}}, %{{.*}}) <{dims = array<i64>}> : (tensor<f32>, index) -> tensor<?xf32>
  %sb = tt.broadcast %s dims [] sizes(%n) : tensor<f32> -> tensor<?xf32>
  // CHECK: %[[M:.*]] = tt.mul %[[SB]], %[[X]] : tensor<?xf32>
  // GENERIC: "tt.mul"(%{{.*}}, %{{.*}}) : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %m = tt.mul %sb, %x : tensor<?xf32>
  // CHECK: tt.add %[[X]], %[[M]] : tensor<?xf32>
  %y = tt.add %x, %m : tensor<?xf32>
  func.return %y : tensor<?xf32>
}
