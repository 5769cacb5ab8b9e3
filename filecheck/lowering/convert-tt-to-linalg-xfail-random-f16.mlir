// RUN: arignote-opt %s -p convert-tt-to-linalg | filecheck %s
// XFAIL: *
// Known bug (convert-tt-to-linalg): tt.random normal with f16 results evaluates
// Box-Muller (log, sqrt, cos) in f16; the NumPy reference (tt_reference.random) computes
// it in float64 and rounds, so results differ by up to 1.7% relative, 0.005 absolute
// (0.5376 vs 0.5327 for state [12345, 678, 5, 0], element 16 of a 3x2x3 tensor) and fail
// arignote-run --check (rtol 1e-2, atol 1e-3).  Compute in f32 and truncate.  Remove the
// XFAIL when fixed.

// CHECK-LABEL: func.func @normal_f16
func.func @normal_f16(%st: tensor<4xi32>) -> tensor<3x2x3xf16> {
  // CHECK: math.log %{{.*}} : f32
  // CHECK: math.sqrt %{{.*}} : f32
  // CHECK: math.cos %{{.*}} : f32
  // CHECK: arith.truncf %{{.*}} : f32 to f16
  %r = tt.random normal %st : tensor<4xi32> -> tensor<3x2x3xf16>
  func.return %r : tensor<3x2x3xf16>
}
