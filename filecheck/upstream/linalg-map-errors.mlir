// RUN: arignote-opt %s --split-input-file --verify-diagnostics

func.func @shape(%a: tensor<4xf32>, %c: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{expected the inputs' shapes to match the init's tensor<8xf32>, got tensor<4xf32>}}
  %0 = linalg.map { math.absf } ins(%a : tensor<4xf32>) outs(%c : tensor<8xf32>)
  func.return %0 : tensor<8xf32>
}

// -----

func.func @args(%a: tensor<8xf32>, %c: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{expected block arguments of the inputs' and init's element types (f32, f32), got (f32)}}
  %0 = linalg.map ins(%a : tensor<8xf32>) outs(%c : tensor<8xf32>)
    (%x: f32) {
      linalg.yield %x : f32
    }
  func.return %0 : tensor<8xf32>
}

// -----

func.func @yield(%a: tensor<8xf32>, %c: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{expected the body to yield one f32, got (f32, f32)}}
  %0 = linalg.map ins(%a : tensor<8xf32>) outs(%c : tensor<8xf32>)
    (%x: f32, %y: f32) {
      linalg.yield %x, %y : f32, f32
    }
  func.return %0 : tensor<8xf32>
}

// -----

func.func @result(%a: memref<8xf32>, %c: memref<8xf32>) {
  // expected-error @+1 {{expected one result for a tensor init and none for a memref}}
  %0 = "linalg.map"(%a, %c) ({
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }) : (memref<8xf32>, memref<8xf32>) -> tensor<8xf32>
  func.return
}

// -----

func.func @outs(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{linalg.map expects one outs operand (the init)}}
  %0 = linalg.map { math.absf } ins(%a : tensor<8xf32>) outs(%a, %a : tensor<8xf32>, tensor<8xf32>)
  func.return %0 : tensor<8xf32>
}

// -----

func.func @unknown(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{unknown operation 'math.nosuch' in linalg.map's short form}}
  %0 = linalg.map { math.nosuch } ins(%a : tensor<8xf32>) outs(%a : tensor<8xf32>)
  func.return %0 : tensor<8xf32>
}
