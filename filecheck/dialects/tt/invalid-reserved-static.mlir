// RUN: not arignote-opt %s 2>&1 | filecheck %s
// A static slice value equal to the dynamic marker (-2^63) is refused by the parser; it
// used to be taken for a dynamic operand and crash (StopIteration in tt._mix).

func.func @f(%x: tensor<8xf32>) -> tensor<1xf32> {
  // CHECK: invalid-reserved-static.mlir:[[# @LINE + 1]]:28: error: the static value -9223372036854775808 is reserved for dynamic values (write an SSA value instead)
  %r = tt.slice %x [7] [1] [-9223372036854775808] : tensor<8xf32> -> tensor<1xf32>
  func.return %r : tensor<1xf32>
}
