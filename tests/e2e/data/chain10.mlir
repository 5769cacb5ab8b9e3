// Ten chained elementwise tt ops with a broadcast (issue 2's acceptance program).
func.func @chain10(%x: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf32>
  %bb = tt.broadcast %b dims [1] sizes(%n) : tensor<?xf32> -> tensor<?x?xf32>
  %1 = tt.add %x, %bb : tensor<?x?xf32>
  %2 = tt.neg %1 : tensor<?x?xf32>
  %3 = tt.mul %2, %1 : tensor<?x?xf32>
  %4 = tt.exp %3 : tensor<?x?xf32>
  %5 = tt.sin %x : tensor<?x?xf32>
  %6 = tt.mul %4, %5 : tensor<?x?xf32>
  %7 = tt.tanh %1 : tensor<?x?xf32>
  %8 = tt.sub %6, %7 : tensor<?x?xf32>
  %9 = tt.sigmoid %8 : tensor<?x?xf32>
  %10 = tt.maximum %9, %x : tensor<?x?xf32>
  func.return %10 : tensor<?x?xf32>
}
