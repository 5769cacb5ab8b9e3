// RUN: arignote-opt %s --split-input-file --verify-diagnostics

func.func @select_cond(%c: vector<2xi1>, %x: vector<4xf32>) -> vector<4xf32> {
  // expected-error @+1 {{expected the condition to be i1 or i1 of the operands' shape (vector<4xi1>), got vector<2xi1>}}
  %0 = arith.select %c, %x, %x : vector<2xi1>, vector<4xf32>
  func.return %0 : vector<4xf32>
}

// -----

func.func @select_types(%c: i1, %x: f32) -> f32 {
  // expected-error @+1 {{expected one or two types after ':', got 3}}
  %0 = arith.select %c, %x, %x : i1, f32, f32
  func.return %0 : f32
}

// -----

func.func @sitofp_kind(%x: f32) -> f32 {
  // expected-error @+1 {{expected a integer to float cast (or of vectors/tensors), got f32 to f32}}
  %0 = arith.sitofp %x : f32 to f32
  func.return %0 : f32
}

// -----

func.func @fptoui_kind(%x: i32) -> i32 {
  // expected-error @+1 {{expected a float to integer cast (or of vectors/tensors), got i32 to i32}}
  %0 = arith.fptoui %x : i32 to i32
  func.return %0 : i32
}

// -----

func.func @cast_shape(%x: vector<4xi32>) -> vector<2xf32> {
  // expected-error @+1 {{vector<4xi32> and vector<2xf32> do not have the same shape}}
  %0 = arith.uitofp %x : vector<4xi32> to vector<2xf32>
  func.return %0 : vector<2xf32>
}
