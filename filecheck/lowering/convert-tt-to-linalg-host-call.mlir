// RUN: arignote-opt %s -p convert-tt-to-linalg | filecheck %s

// tt.host_call becomes host.call on the same tensors (same callback, attributes and
// location).

// CHECK-LABEL: func.func @print_then_scale
// CHECK: %[[Y:.*]] = host.call "print:[\22x\22,[\22__str__\22]]"(%{{.*}}) {tag} : (tensor<?xf32>) -> tensor<?xf32>
// CHECK: linalg.generic {{.*}} ins(%[[Y]], %[[Y]] : tensor<?xf32>, tensor<?xf32>)
// CHECK-NOT: tt.
func.func @print_then_scale(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = tt.host_call "print:[\"x\",[\"__str__\"]]"(%x) {tag} : (tensor<?xf32>) -> tensor<?xf32>
  %z = tt.add %y, %y : tensor<?xf32>
  func.return %z : tensor<?xf32>
}

// CHECK-LABEL: func.func @draw
// CHECK: %[[S:[^,]*]], %[[U:.*]] = host.call "random:{}"(%{{.*}}, %{{.*}}) : (tensor<?xi64>, tensor<1xi64>) -> (tensor<?xi64>, tensor<?xf64>)
// CHECK: func.return %[[S]], %[[U]]
func.func @draw(%s: tensor<?xi64>, %n: tensor<1xi64>) -> (tensor<?xi64>, tensor<?xf64>) {
  %r:2 = tt.host_call "random:{}"(%s, %n) : (tensor<?xi64>, tensor<1xi64>) -> (tensor<?xi64>, tensor<?xf64>)
  func.return %r#0, %r#1 : tensor<?xi64>, tensor<?xf64>
}

// An unused call stays (it has effects).
// CHECK-LABEL: func.func @unused
// CHECK: host.call "local:f#0.0"(%{{.*}}) : (tensor<3xi32>) -> tensor<3xi32>
func.func @unused(%a: tensor<3xi32>) {
  %r = tt.host_call "local:f#0.0"(%a) : (tensor<3xi32>) -> tensor<3xi32>
  func.return
}
