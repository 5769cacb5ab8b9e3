// The dialect resources the module uses are printed after it, as xdsl-opt does (they
// were dropped), and survive a second round trip.
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | arignote-opt | filecheck %s

// CHECK: arith.constant dense_resource<blob1> : tensor<2xi32>
// CHECK: {-#
// CHECK-NEXT: dialect_resources: {
// CHECK-NEXT: builtin: {
// CHECK-NEXT: blob1: "0x040000000100000002000000"
func.func @f() -> tensor<2xi32> {
  %c = arith.constant dense_resource<blob1> : tensor<2xi32>
  func.return %c : tensor<2xi32>
}
{-#
  dialect_resources: {
    builtin: {
      blob1: "0x040000000100000002000000"
    }
  }
#-}
