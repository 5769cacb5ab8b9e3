// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s | arignote-opt | filecheck %s

// tt.mrg_uniform (Theano's MRG31k3p draws) round-trips in custom and generic form:
// result 0 is the new state (the state's type), result 1 the samples.

// CHECK-LABEL: func.func @dynamic
func.func @dynamic(%s: tensor<?x6xi32>, %n: index, %m: index) -> (tensor<?x6xi32>, tensor<?x?xf32>) {
  // CHECK: %{{.*}}, %{{.*}} = tt.mrg_uniform %{{.*}} sizes(%{{.*}}, %{{.*}}) : tensor<?x6xi32> -> tensor<?x?xf32>
  %t, %u = tt.mrg_uniform %s sizes(%n, %m) : tensor<?x6xi32> -> tensor<?x?xf32>
  func.return %t, %u : tensor<?x6xi32>, tensor<?x?xf32>
}

// CHECK-LABEL: func.func @static
func.func @static(%s: tensor<4x6xi32>) -> (tensor<4x6xi32>, tensor<2x1x3xf64>, tensor<f16>) {
  // CHECK: tt.mrg_uniform %{{.*}} : tensor<4x6xi32> -> tensor<2x1x3xf64>
  // CHECK: tt.mrg_uniform %{{.*}} : tensor<4x6xi32> -> tensor<f16>
  %t, %u = tt.mrg_uniform %s : tensor<4x6xi32> -> tensor<2x1x3xf64>
  %t2, %h = tt.mrg_uniform %t : tensor<4x6xi32> -> tensor<f16>
  func.return %t2, %u, %h : tensor<4x6xi32>, tensor<2x1x3xf64>, tensor<f16>
}
