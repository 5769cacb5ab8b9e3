// RUN: arignote-run %s --check --dim 3 2>&1 | filecheck %s
// RUN: arignote-run %s --check --dim 3 --device emu 2>&1 | filecheck %s
// Found by the IR fuzzer (issue 12, seed 404 case 17834): softmax / log_softmax of an empty
// tensor failed in the NumPy reference (np.max of a zero-size axis has no identity); the
// result is the empty tensor, as the compiled code gives.

// CHECK: check out0: ok
// CHECK: check out1: ok
// CHECK: out0: float64[0, 3] = []
func.func @softmax_axis0(%x: tensor<0x?xf64>) -> (tensor<0x?xf64>, tensor<0x?xf64>) {
  %s0 = tt.softmax %x axis 0 : tensor<0x?xf64>
  %s1 = tt.log_softmax %x axis 1 : tensor<0x?xf64>
  func.return %s0, %s1 : tensor<0x?xf64>, tensor<0x?xf64>
}
