// RUN: arignote-opt %s --split-input-file --verify-diagnostics

func.func @k(%a: tensor<2x3x4xf32>, %b: tensor<2x6x5xf32>, %c: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  // expected-error @+1 {{the k dimension differs between the operands: tensor<2x3x4xf32>, tensor<2x6x5xf32>, tensor<2x3x5xf32>}}
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x3x4xf32>, tensor<2x6x5xf32>) outs(%c : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  func.return %0 : tensor<2x3x5xf32>
}

// -----

func.func @batch(%a: tensor<2x3x4xf32>, %b: tensor<7x4x5xf32>, %c: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  // expected-error @+1 {{the batch dimension differs between the operands}}
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x3x4xf32>, tensor<7x4x5xf32>) outs(%c : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  func.return %0 : tensor<2x3x5xf32>
}

// -----

func.func @rank(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<3x5xf32>) -> tensor<3x5xf32> {
  // expected-error @+1 {{operands must be rank-3 tensors or memrefs, got tensor<3x4xf32>}}
  %0 = linalg.batch_matmul ins(%a, %b : tensor<3x4xf32>, tensor<4x5xf32>) outs(%c : tensor<3x5xf32>) -> tensor<3x5xf32>
  func.return %0 : tensor<3x5xf32>
}

// -----

func.func @count(%a: tensor<2x3x4xf32>, %c: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  // expected-error @+1 {{expects 2 inputs and 1 output, got 1 and 1}}
  %0 = "linalg.batch_matmul"(%a, %c) <{operandSegmentSizes = array<i32: 1, 1>}> ({
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }) : (tensor<2x3x4xf32>, tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  func.return %0 : tensor<2x3x5xf32>
}
