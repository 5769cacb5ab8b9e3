// The guide's example (docs/guide.md): the row sums of exp(x * x + y).
func.func @f(%x: tensor<?x4xf32>, %y: tensor<?x4xf32>) -> tensor<?xf32> {
  %xx = tt.mul %x, %x : tensor<?x4xf32>
  %s = tt.add %xx, %y : tensor<?x4xf32>
  %e = tt.exp %s : tensor<?x4xf32>
  %r = tt.reduce sum %e axes [1] : tensor<?x4xf32> -> tensor<?xf32>
  func.return %r : tensor<?xf32>
}
