// RUN: arignote-opt %s --split-input-file --verify-diagnostics

func.func @count(%u: tensor<32xf32>, %s: tensor<2xi64>) -> tensor<4x4xf32> {
  // expected-error @+1 {{source and result tensor should have the same number of elements}}
  %0 = tensor.reshape %u(%s) : (tensor<32xf32>, tensor<2xi64>) -> tensor<4x4xf32>
  func.return %0 : tensor<4x4xf32>
}

// -----

func.func @rank(%u: tensor<32xf32>, %s: tensor<3xi64>) -> tensor<?x?xf32> {
  // expected-error @+1 {{length of shape operand differs from the result's tensor rank}}
  %0 = tensor.reshape %u(%s) : (tensor<32xf32>, tensor<3xi64>) -> tensor<?x?xf32>
  func.return %0 : tensor<?x?xf32>
}

// -----

func.func @element(%u: tensor<32xf32>, %s: tensor<1xi64>) -> tensor<32xi32> {
  // expected-error @+1 {{element types of source and result tensor types should be the same}}
  %0 = tensor.reshape %u(%s) : (tensor<32xf32>, tensor<1xi64>) -> tensor<32xi32>
  func.return %0 : tensor<32xi32>
}
