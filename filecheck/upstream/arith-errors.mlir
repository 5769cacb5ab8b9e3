// RUN: arignote-opt %s --split-input-file --verify-diagnostics

func.func @both_int(%a: i32) -> i64 {
  // expected-error @+1 {{operand type 'i32' and result type 'i64' are cast incompatible}}
  %0 = arith.index_castui %a : i32 to i64
  func.return %0 : i64
}

// -----

func.func @shape(%a: vector<4xi32>) -> vector<2xindex> {
  // expected-error @+1 {{vector<4xi32> and vector<2xindex> do not have the same shape}}
  %0 = "arith.index_castui"(%a) : (vector<4xi32>) -> vector<2xindex>
  func.return %0 : vector<2xindex>
}

// -----

func.func @float(%a: f32) -> index {
  // expected-error @+1 {{operand and result must be integers or indices (or vectors/tensors of them), got f32}}
  %0 = "arith.index_cast"(%a) : (f32) -> index
  func.return %0 : index
}

// -----

func.func @cmp_shape(%a: vector<4xf32>) -> i1 {
  // expected-error @+1 {{result type i1 is not i1 of the operands' shape (expected vector<4xi1>)}}
  %0 = "arith.cmpf"(%a, %a) <{predicate = 4 : i64}> : (vector<4xf32>, vector<4xf32>) -> i1
  func.return %0 : i1
}

// -----

func.func @cmpi_shape(%a: tensor<2xi32>) -> tensor<3xi1> {
  // expected-error @+1 {{result type tensor<3xi1> is not i1 of the operands' shape (expected tensor<2xi1>)}}
  %0 = "arith.cmpi"(%a, %a) <{predicate = 2 : i64}> : (tensor<2xi32>, tensor<2xi32>) -> tensor<3xi1>
  func.return %0 : tensor<3xi1>
}
