// RUN: arignote-opt %s -p convert-tt-to-linalg | filecheck %s

// The inverse trigonometric tt ops become elementwise generics around the math op of the
// same name (libm / libdevice calls, or the float32 atan polynomial, further down).
// CHECK-LABEL: func.func @inverse_trig
// CHECK: linalg.generic
// CHECK: math.asin %{{.*}} : f32
// CHECK: linalg.generic
// CHECK: math.acos %{{.*}} : f32
// CHECK: linalg.generic
// CHECK: math.atan %{{.*}} : f32
// CHECK: linalg.generic
// CHECK: math.asinh %{{.*}} : f32
// CHECK: linalg.generic
// CHECK: math.acosh %{{.*}} : f32
// CHECK: linalg.generic
// CHECK: math.atanh %{{.*}} : f32
// CHECK: linalg.generic
// CHECK-NEXT: ^{{.*}}(%[[Y:.*]]: f32, %[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[R:.*]] = math.atan2 %[[Y]], %[[X]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @inverse_trig(%x: tensor<?xf32>, %y: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %a = tt.asin %x : tensor<?xf32>
  %b = tt.acos %x : tensor<?xf32>
  %c = tt.atan %x : tensor<?xf32>
  %d = tt.asinh %x : tensor<?xf32>
  %e = tt.acosh %x : tensor<?xf32>
  %f = tt.atanh %x : tensor<?xf32>
  %g = tt.atan2 %y, %x : tensor<?xf32>
  func.return %a, %b, %c, %d, %e, %f, %g : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}
