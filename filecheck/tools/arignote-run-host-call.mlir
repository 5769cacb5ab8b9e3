// RUN: arignote-run %s -i rand:3 | filecheck %s
// RUN: arignote-run %s -i rand:3 --device emu | filecheck %s
// RUN: arignote-run %s -i rand:3 --check | filecheck %s --check-prefix=CHECKED

// A program with a host callback runs on the host and on the emulator: the described
// callback `print:[message, attrs]` is rebuilt from its name (no Python program needed).

// CHECK: x shape = (3,)
// CHECK-NEXT: out0: float64[3] = [
// CHECKED: x shape = (3,)
// CHECKED: check out0: ok
func.func @f(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tt.host_call "print:[\"x\",[\"shape\"]]"(%x) : (tensor<?xf64>) -> tensor<?xf64>
  %z = tt.exp %y : tensor<?xf64>
  func.return %z : tensor<?xf64>
}
