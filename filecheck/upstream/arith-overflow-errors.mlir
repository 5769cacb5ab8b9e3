// RUN: arignote-opt %s --split-input-file --verify-diagnostics

func.func @float(%a: f32) -> i16 {
  // expected-error @+1 {{operand and result must be signless integers (or vectors/tensors of them), got f32}}
  %0 = "arith.trunci"(%a) : (f32) -> i16
  func.return %0 : i16
}

// -----

func.func @shape(%a: vector<4xi32>) -> vector<2xi16> {
  // expected-error @+1 {{vector<4xi32> and vector<2xi16> do not have the same shape}}
  %0 = arith.trunci %a : vector<4xi32> to vector<2xi16>
  func.return %0 : vector<2xi16>
}

// -----

func.func @kind(%a: vector<4xi32>) -> tensor<4xi64> {
  // expected-error @+1 {{vector<4xi32> and tensor<4xi64> do not have the same shape}}
  %0 = arith.extsi %a : vector<4xi32> to tensor<4xi64>
  func.return %0 : tensor<4xi64>
}

// -----

func.func @narrower(%a: vector<4xi32>) -> vector<4xi16> {
  // expected-error @+1 {{Destination bit-width must be larger than the input bit-width}}
  %0 = arith.extui %a : vector<4xi32> to vector<4xi16>
  func.return %0 : vector<4xi16>
}

// -----

func.func @wider(%a: i8) -> i16 {
  // expected-error @+1 {{Destination bit-width must be smaller than the input bit-width}}
  %0 = arith.trunci %a overflow<nsw> : i8 to i16
  func.return %0 : i16
}
