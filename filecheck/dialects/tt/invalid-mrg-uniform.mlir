// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Every verifier diagnostic of tt.mrg_uniform (one per chunk).

func.func @f(%s: tensor<?x4xi32>) {
  %t, %u = tt.mrg_uniform %s : tensor<?x4xi32> -> tensor<3xf32>
  func.return
}
// CHECK: error: 'tt.mrg_uniform' state must be tensor<Nx6xi32> (6 int32 words per stream), got tensor<?x4xi32>

// -----
func.func @f(%s: tensor<?x6xi64>) {
  %t, %u = tt.mrg_uniform %s : tensor<?x6xi64> -> tensor<3xf32>
  func.return
}
// CHECK: error: 'tt.mrg_uniform' state must be tensor<Nx6xi32> (6 int32 words per stream), got tensor<?x6xi64>

// -----
func.func @f(%s: tensor<0x6xi32>) {
  %t, %u = tt.mrg_uniform %s : tensor<0x6xi32> -> tensor<3xf32>
  func.return
}
// CHECK: error: 'tt.mrg_uniform' state has no streams (tensor<0x6xi32>)

// -----
func.func @f(%s: tensor<?x6xi32>) {
  %t, %u = "tt.mrg_uniform"(%s) : (tensor<?x6xi32>) -> (tensor<2x6xi32>, tensor<3xf32>)
  func.return
}
// CHECK: error: 'tt.mrg_uniform' result 0 (the new state) must have the state's type tensor<?x6xi32>, got tensor<2x6xi32>

// -----
func.func @f(%s: tensor<?x6xi32>) {
  %t, %u = tt.mrg_uniform %s : tensor<?x6xi32> -> tensor<3xi32>
  func.return
}
// CHECK: error: 'tt.mrg_uniform' samples must have a floating-point element type (f16, f32, f64), got tensor<3xi32>

// -----
func.func @f(%s: tensor<?x6xi32>, %n: index) {
  %t, %u = tt.mrg_uniform %s sizes(%n) : tensor<?x6xi32> -> tensor<?x?xf32>
  func.return
}
// CHECK: error: 'tt.mrg_uniform' expected 2 size operand(s) for the dynamic dims of tensor<?x?xf32>, got 1
