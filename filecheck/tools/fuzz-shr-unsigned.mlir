// RUN: arignote-run %s -i 200 -i 9 --check | filecheck %s
// RUN: arignote-run %s -i 200 -i 3 --check | filecheck %s --check-prefix=IN-RANGE
// Found by the IR fuzzer (issue 12): the NumPy reference of tt.shr on an unsigned type
// failed (OverflowError: -1 out of bounds for uint8) when the shift is out of range; an
// unsigned value shifted right by its width or more is 0 (a logical shift, no sign).

// CHECK: check out0: ok
// CHECK: out0: uint8[] = 0
// IN-RANGE: check out0: ok
// IN-RANGE: out0: uint8[] = 25
func.func @f(%a: tensor<ui8>, %b: tensor<ui8>) -> tensor<ui8> {
  %r = tt.shr %a, %b : tensor<ui8>
  func.return %r : tensor<ui8>
}
