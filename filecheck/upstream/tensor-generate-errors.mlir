// RUN: arignote-opt %s --split-input-file --verify-diagnostics

func.func @extents(%d: index) -> tensor<?x?xf32> {
  // expected-error @+1 {{must have as many index operands as dynamic extents in the result type (1 operands, 2 dynamic extents in tensor<?x?xf32>)}}
  %t = tensor.generate %d {
  ^bb0(%i: index, %j: index):
    %c = arith.constant 0.0 : f32
    tensor.yield %c : f32
  } : tensor<?x?xf32>
  func.return %t : tensor<?x?xf32>
}

// -----

func.func @args() -> tensor<2x2xf32> {
  // expected-error @+1 {{must have one 'index' block argument per dimension of tensor<2x2xf32> (got (index))}}
  %t = tensor.generate {
  ^bb0(%i: index):
    %c = arith.constant 0.0 : f32
    tensor.yield %c : f32
  } : tensor<2x2xf32>
  func.return %t : tensor<2x2xf32>
}

// -----

func.func @yield() -> tensor<2xf32> {
  // expected-error @+1 {{body must be terminated with a `tensor.yield` of one f32 (the element type), got (i32)}}
  %t = tensor.generate {
  ^bb0(%i: index):
    %c = arith.constant 0 : i32
    tensor.yield %c : i32
  } : tensor<2xf32>
  func.return %t : tensor<2xf32>
}

// -----

func.func @not_tensor() {
  %t = tensor.generate {
  ^bb0(%i: index):
    %c = arith.constant 0.0 : f32
    tensor.yield %c : f32
  // (reported at the type)
  // expected-error @+1 {{tensor.generate expects a tensor type, got memref<2xf32>}}
  } : memref<2xf32>
  func.return
}
