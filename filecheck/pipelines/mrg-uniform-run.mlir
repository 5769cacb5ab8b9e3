// RUN: arignote-run %s --check --device cpu --seed 3 -i rand:5x6 -i 7 | filecheck %s
// RUN: arignote-run %s --check --device emu --seed 3 -i rand:5x6 -i 7 | filecheck %s
// tt.mrg_uniform compiled (native code, and PTX on the emulator) against its NumPy
// reference on random states, chained so the second draw starts from the first's state;
// the states compare exactly.

// CHECK: check out0: ok (rtol 0, atol 0)
// CHECK: check out1: ok
// CHECK: check out2: ok (rtol 0, atol 0)
// CHECK: check out3: ok
// CHECK: check out4: ok
func.func @draw(%s: tensor<?x6xi32>, %n: index) -> (tensor<?x6xi32>, tensor<?x3xf64>, tensor<?x6xi32>, tensor<7xf32>, tensor<2x2xf16>) {
  %t, %u = tt.mrg_uniform %s sizes(%n) : tensor<?x6xi32> -> tensor<?x3xf64>
  %t2, %v = tt.mrg_uniform %t : tensor<?x6xi32> -> tensor<7xf32>
  %t3, %w = tt.mrg_uniform %t2 : tensor<?x6xi32> -> tensor<2x2xf16>
  func.return %t, %u, %t2, %v, %w : tensor<?x6xi32>, tensor<?x3xf64>, tensor<?x6xi32>, tensor<7xf32>, tensor<2x2xf16>
}
