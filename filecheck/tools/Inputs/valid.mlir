func.func @f(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = tt.exp %x : tensor<?xf32>
  func.return %y : tensor<?xf32>
}
