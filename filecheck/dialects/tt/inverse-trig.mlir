// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s --print-op-generic | arignote-opt | filecheck %s
// RUN: arignote-opt %s | arignote-opt | filecheck %s

// The inverse trigonometric and hyperbolic tt ops round-trip in custom and generic form.

// CHECK-LABEL: func.func @inverse_trig
func.func @inverse_trig(%x: tensor<?xf32>, %y: tensor<3x?xf64>) {
  // CHECK: tt.asin %{{.*}} : tensor<?xf32>
  %a = tt.asin %x : tensor<?xf32>
  // CHECK: tt.acos %{{.*}} : tensor<?xf32>
  %b = tt.acos %x : tensor<?xf32>
  // CHECK: tt.atan %{{.*}} : tensor<3x?xf64>
  %c = tt.atan %y : tensor<3x?xf64>
  // CHECK: tt.asinh %{{.*}} : tensor<?xf32>
  %d = tt.asinh %x : tensor<?xf32>
  // CHECK: tt.acosh %{{.*}} : tensor<?xf32>
  %e = tt.acosh %x : tensor<?xf32>
  // CHECK: tt.atanh %{{.*}} : tensor<3x?xf64>
  %f = tt.atanh %y : tensor<3x?xf64>
  // CHECK: tt.atan2 %{{.*}}, %{{.*}} : tensor<3x?xf64>
  %g = tt.atan2 %y, %y : tensor<3x?xf64>
  func.return
}
