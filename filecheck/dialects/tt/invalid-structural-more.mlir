// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// The rest of the structural tt ops' diagnostics (one per chunk, with the op's
// file:line): element kinds, result types in the generic form and in the custom form
// (where the parser derives the result type from the operands), operand counts of the
// custom forms, attribute values, static shapes that cannot work (out-of-bounds slices,
// filters or pooling windows larger than the padded input, reshapes no size can fit).

// == tt.dim, tt.to_index
func.func @f(%x: tensor<?x3xsi32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.dim' operand must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<?x3xsi32>
  %d = tt.dim %x axis 0 : tensor<?x3xsi32>
  func.return
}

// -----
func.func @f(%x: tensor<i1>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.to_index' operand must have an integer element type (i8-i64, ui8-ui64), got tensor<i1>
  %i = tt.to_index %x : tensor<i1>
  func.return
}

// -----
func.func @f(%x: tensor<f32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.to_index' operand must have an integer element type (i8-i64, ui8-ui64), got tensor<f32>
  %i = tt.to_index %x : tensor<f32>
  func.return
}

// == tt.constant, tt.broadcast
// -----
func.func @f() {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:{{[0-9]+}}: error: tt.constant expects a dense elements attribute
  %c = tt.constant 1.0 : f32
  func.return
}

// -----
func.func @f() {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.constant' result must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<2xsi8>
  %c = tt.constant dense<[1, 2]> : tensor<2xsi8>
  func.return
}

// -----
func.func @f(%x: tensor<3xsi16>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.broadcast' operand must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<3xsi16>
  %b = tt.broadcast %x dims [1] : tensor<3xsi16> -> tensor<2x3xsi16>
  func.return
}

// == tt.reduce
// -----
func.func @f(%x: tensor<?x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:{{[0-9]+}}: error: tt.reduce: the result type is tensor<?xf32> for these operands, not tensor<3xf32>
  %r = tt.reduce sum %x axes [1] : tensor<?x3xf32> -> tensor<3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:{{[0-9]+}}: error: tt.reduce: the result type is tensor<?xi64> for these operands, not tensor<?xf32>
  %r = tt.reduce argmin %x axes [1] : tensor<?x3xf32> -> tensor<?xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.reduce' axes [0, 2] must be strictly increasing dims of tensor<?x3xf32>
  %r = "tt.reduce"(%x) <{kind = "max", axes = array<i64: 0, 2>}> : (tensor<?x3xf32>) -> tensor<f32>
  func.return
}

// -----
func.func @f(%x: tensor<?x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.reduce' axes [] must be strictly increasing dims of tensor<?x3xf32>
  %r = "tt.reduce"(%x) <{kind = "sum", axes = array<i64>}> : (tensor<?x3xf32>) -> tensor<?x3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x3xsi8>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.reduce' operand must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<?x3xsi8>
  %r = "tt.reduce"(%x) <{kind = "max", axes = array<i64: 0>}> : (tensor<?x3xsi8>) -> tensor<3xsi8>
  func.return
}

// -----
func.func @f(%x: tensor<?x3xi1>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.reduce' max needs a numeric operand, got tensor<?x3xi1> (cast first)
  %r = "tt.reduce"(%x) <{kind = "max", axes = array<i64: 0>}> : (tensor<?x3xi1>) -> tensor<3xi1>
  func.return
}

// -----
func.func @f(%x: tensor<?x3xi8>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.reduce' any needs an i1 operand, got tensor<?x3xi8>
  %r = "tt.reduce"(%x) <{kind = "any", axes = array<i64: 1>}> : (tensor<?x3xi8>) -> tensor<?xi8>
  func.return
}

// -----
func.func @f(%x: tensor<?x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.reduce' argmin takes exactly one axis, got [0, 1]
  %r = "tt.reduce"(%x) <{kind = "argmin", axes = array<i64: 0, 1>}> : (tensor<?x3xf32>) -> tensor<i64>
  func.return
}

// -----
func.func @f(%x: tensor<?x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.reduce' result type must be tensor<1x3xf32>, got tensor<3xf32>
  %r = "tt.reduce"(%x) <{kind = "min", axes = array<i64: 0>, keepdims}> : (tensor<?x3xf32>) -> tensor<3xf32>
  func.return
}

// == tt.reshape
// -----
func.func @f(%x: tensor<2x3xsi32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.reshape' operand must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<2x3xsi32>
  %r = tt.reshape %x : tensor<2x3xsi32> -> tensor<6xsi32>
  func.return
}

// -----
func.func @f(%x: tensor<?x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.reshape' expected 1 size operand(s) for the dynamic dims of tensor<?xf32>, got 0
  %r = tt.reshape %x : tensor<?x3xf32> -> tensor<?xf32>
  func.return
}

// -----
func.func @f(%x: tensor<2x3xf32>, %n: index) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.reshape' tensor<2x3xf32> has 6 elements, which no size of the dynamic dims of tensor<?x4xf32> gives (its static dims hold 4 elements each)
  %r = tt.reshape %x sizes(%n) : tensor<2x3xf32> -> tensor<?x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x5xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.reshape' tensor<3x4xf32> has 12 elements, which no size of the dynamic dims of tensor<?x5xf32> gives (its static dims hold 5 elements each)
  %r = tt.reshape %x : tensor<?x5xf32> -> tensor<3x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<2x3xf32>, %n: index) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.reshape' tensor<2x3xf32> has 6 elements, which no size of the dynamic dims of tensor<?x0xf32> gives (its static dims hold 0 elements each)
  %r = tt.reshape %x sizes(%n) : tensor<2x3xf32> -> tensor<?x0xf32>
  func.return
}

// == tt.transpose
// -----
func.func @f(%x: tensor<2x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:{{[0-9]+}}: error: tt.transpose: the result type is tensor<3x2xf32> for these operands, not tensor<2x3xf32>
  %t = tt.transpose %x perm [1, 0] : tensor<2x3xf32> -> tensor<2x3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<2x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.transpose' result type must be tensor<3x2xf32>, got tensor<3x2xf64>
  %t = "tt.transpose"(%x) <{perm = array<i64: 1, 0>}> : (tensor<2x3xf32>) -> tensor<3x2xf64>
  func.return
}

// -----
func.func @f(%x: tensor<2x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.transpose' perm [0, 1, 2] is not a permutation of the dims of tensor<2x3xf32>
  %t = "tt.transpose"(%x) <{perm = array<i64: 0, 1, 2>}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<2x3xsi32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.transpose' operand must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<2x3xsi32>
  %t = "tt.transpose"(%x) <{perm = array<i64: 1, 0>}> : (tensor<2x3xsi32>) -> tensor<3x2xsi32>
  func.return
}

// == tt.concatenate
// -----
func.func @f(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:23: error: tt.concatenate takes 2 operand(s) with one type each, got 2 operand(s) and 1 type(s)
  %c = tt.concatenate %a, %b axis 0 : tensor<2x3xf32> -> tensor<4x3xf32>
  func.return
}

// -----
func.func @f(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.concatenate' axis 2 is out of range for tensor<2x3xf32>
  %c = tt.concatenate %a, %b axis 2 : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  func.return
}

// -----
func.func @f(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.concatenate' result type must be tensor<4x3xf32>, got tensor<5x3xf32>
  %c = tt.concatenate %a, %b axis 0 : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<5x3xf32>
  func.return
}

// -----
func.func @f(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.concatenate' operand 1 is tensor<3xf32>; all operands need the rank and element type of tensor<2x3xf32>
  %c = tt.concatenate %a, %b axis 0 : tensor<2x3xf32>, tensor<3xf32> -> tensor<5x3xf32>
  func.return
}

// -----
func.func @f(%a: tensor<2xsi8>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.concatenate' operand 0 must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<2xsi8>
  %c = tt.concatenate %a, %a axis 0 : tensor<2xsi8>, tensor<2xsi8> -> tensor<4xsi8>
  func.return
}

// == tt.arange
// -----
func.func @f(%a: tensor<i64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:18: error: tt.arange (start, stop, step) takes 3 operand(s) with one type each, got 2 operand(s) and 2 type(s)
  %r = tt.arange %a, %a : tensor<i64>, tensor<i64> -> tensor<?xi64>
  func.return
}

// -----
func.func @f(%a: tensor<i64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:{{[0-9]+}}: error: tt.arange: the result type is tensor<?xi64> for these operands, not tensor<5xi64>
  %r = tt.arange %a, %a, %a : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<5xi64>
  func.return
}

// -----
func.func @f(%a: tensor<f32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.arange' result type must be tensor<?xf32>, got tensor<?xf64>
  %r = "tt.arange"(%a, %a, %a) : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<?xf64>
  func.return
}

// -----
func.func @f(%a: tensor<i1>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.arange' start must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<i1>
  %r = "tt.arange"(%a, %a, %a) : (tensor<i1>, tensor<i1>, tensor<i1>) -> tensor<?xi1>
  func.return
}

// -----
func.func @f(%a: tensor<1xi64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.arange' start, stop and step must be rank-0 tensors of one type, got tensor<1xi64>, tensor<1xi64>, tensor<1xi64>
  %r = "tt.arange"(%a, %a, %a) : (tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?xi64>
  func.return
}

// == tt.slice
// -----
func.func @f(%x: tensor<?x4xsi32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.slice' operand must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<?x4xsi32>
  %s = tt.slice %x [0, 0] [1, 1] [1, 1] : tensor<?x4xsi32> -> tensor<1x1xsi32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %o: index) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.slice' offsets has a wrong number of dynamic operands
  %s = "tt.slice"(%x, %o) <{static_offsets = array<i64: 0, 0>, static_sizes = array<i64: 1, 1>, static_steps = array<i64: 1, 1>, operandSegmentSizes = array<i32: 1, 1, 0, 0>}> : (tensor<?x4xf32>, index) -> tensor<1x1xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %n: index) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.slice' sizes has a wrong number of dynamic operands
  %s = "tt.slice"(%x, %n, %n) <{static_offsets = array<i64: 0, 0>, static_sizes = array<i64: -9223372036854775808, 1>, static_steps = array<i64: 1, 1>, operandSegmentSizes = array<i32: 1, 0, 2, 0>}> : (tensor<?x4xf32>, index, index) -> tensor<?x1xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %t: index) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.slice' steps has a wrong number of dynamic operands
  %s = "tt.slice"(%x, %t) <{static_offsets = array<i64: 0, 0>, static_sizes = array<i64: 1, 1>, static_steps = array<i64: 1, 1>, operandSegmentSizes = array<i32: 1, 0, 0, 1>}> : (tensor<?x4xf32>, index) -> tensor<1x1xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.slice' the size -2 of dim 1 is negative (slice of tensor<?x4xf32>)
  %s = "tt.slice"(%x) <{static_offsets = array<i64: 0, 0>, static_sizes = array<i64: 1, -2>, static_steps = array<i64: 1, 1>, operandSegmentSizes = array<i32: 1, 0, 0, 0>}> : (tensor<?x4xf32>) -> tensor<1x2xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.slice' the slice of dim 1 [offset 3, size 2, step 1] reads indices 3 to 4, out of bounds for dim 1 of tensor<?x4xf32>
  %s = tt.slice %x [0, 3] [1, 2] [1, 1] : tensor<?x4xf32> -> tensor<1x2xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.slice' the slice of dim 1 [offset 1, size 3, step -1] reads indices -1 to 1, out of bounds for dim 1 of tensor<?x4xf32>
  %s = tt.slice %x [0, 1] [1, 3] [1, -1] : tensor<?x4xf32> -> tensor<1x3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>) {
  // a dynamic dim: only a negative first index is known to be out of bounds
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.slice' the slice of dim 0 [offset -1, size 2, step 1] reads indices -1 to 0, out of bounds for dim 0 of tensor<?x4xf32>
  %s = tt.slice %x [-1, 0] [2, 4] [1, 1] : tensor<?x4xf32> -> tensor<2x4xf32>
  func.return
}

// == tt.update_slice
// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<1x2xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:{{[0-9]+}}: error: tt.update_slice: the result type is tensor<?x4xf32> for these operands, not tensor<1x4xf32>
  %u = tt.update_slice set %x, %y [0, 0] [1, 2] [1, 1] : tensor<?x4xf32>, tensor<1x2xf32> -> tensor<1x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<1x2xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_slice' result type must be tensor<?x4xf32>, got tensor<?x4xf64>
  %u = "tt.update_slice"(%x, %y) <{mode = "set", static_offsets = array<i64: 0, 0>, static_sizes = array<i64: 1, 2>, static_steps = array<i64: 1, 1>, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0>}> : (tensor<?x4xf32>, tensor<1x2xf32>) -> tensor<?x4xf64>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<1x2xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_slice' offsets, sizes and steps need 2 entries each for tensor<?x4xf32>
  %u = "tt.update_slice"(%x, %y) <{mode = "add", static_offsets = array<i64: 0>, static_sizes = array<i64: 1, 2>, static_steps = array<i64: 1, 1>, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0>}> : (tensor<?x4xf32>, tensor<1x2xf32>) -> tensor<?x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<1x2xf32>, %o: index) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_slice' offsets has a wrong number of dynamic operands
  %u = "tt.update_slice"(%x, %y, %o) <{mode = "add", static_offsets = array<i64: 0, 0>, static_sizes = array<i64: 1, 2>, static_steps = array<i64: 1, 1>, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>}> : (tensor<?x4xf32>, tensor<1x2xf32>, index) -> tensor<?x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<1x2xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_slice' a step of 0 is invalid
  %u = tt.update_slice add %x, %y [0, 0] [1, 2] [1, 0] : tensor<?x4xf32>, tensor<1x2xf32> -> tensor<?x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<1x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_slice' the slice of tensor<?x4xf32> with sizes 1x2 is tensor<1x2xf32>, got tensor<1x3xf32>
  %u = tt.update_slice add %x, %y [0, 0] [1, 2] [1, 1] : tensor<?x4xf32>, tensor<1x3xf32> -> tensor<?x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<1x2xf64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_slice' the slice of tensor<?x4xf32> with sizes 1x2 is tensor<1x2xf32>, got tensor<1x2xf64>
  %u = tt.update_slice set %x, %y [0, 0] [1, 2] [1, 1] : tensor<?x4xf32>, tensor<1x2xf64> -> tensor<?x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<1x2xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_slice' the slice of dim 1 [offset 3, size 2, step 1] reads indices 3 to 4, out of bounds for dim 1 of tensor<?x4xf32>
  %u = tt.update_slice set %x, %y [0, 3] [1, 2] [1, 1] : tensor<?x4xf32>, tensor<1x2xf32> -> tensor<?x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<1x2xsi32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_slice' update must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<1x2xsi32>
  %u = tt.update_slice set %x, %y [0, 0] [1, 2] [1, 1] : tensor<?x4xf32>, tensor<1x2xsi32> -> tensor<?x4xf32>
  func.return
}

// == tt.take, tt.update_take
// -----
func.func @f(%x: tensor<?x4xf32>, %i: tensor<?xi64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:{{[0-9]+}}: error: tt.take: the result type is tensor<?x4xf32> for these operands, not tensor<?xf32>
  %t = tt.take %x [%i] axis 0 : tensor<?x4xf32>, tensor<?xi64> -> tensor<?xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %i: tensor<2x3xi64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.take' result type must be tensor<?x2x3xf32>, got tensor<?x6xf32>
  %t = "tt.take"(%x, %i) <{axis = 1 : i64}> : (tensor<?x4xf32>, tensor<2x3xi64>) -> tensor<?x6xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xsi8>, %i: tensor<?xi64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.take' operand must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<?x4xsi8>
  %t = tt.take %x [%i] axis 0 : tensor<?x4xsi8>, tensor<?xi64> -> tensor<?x4xsi8>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %i: tensor<?xi64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.take' 1 index tensor(s) at axis 2 do not fit tensor<?x4xf32>
  %t = "tt.take"(%x, %i) <{axis = 2 : i64}> : (tensor<?x4xf32>, tensor<?xi64>) -> tensor<?x4x?xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<?x4xf32>, %i: tensor<?xi64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:{{[0-9]+}}: error: tt.update_take: the result type is tensor<?x4xf32> for these operands, not tensor<3x4xf32>
  %u = tt.update_take set %x, %y [%i] axis 0 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xi64> -> tensor<3x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<?x4xf32>, %i: tensor<?xi64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_take' result type must be tensor<?x4xf32>, got tensor<?x4xf16>
  %u = "tt.update_take"(%x, %y, %i) <{axis = 0 : i64, mode = "set"}> : (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xi64>) -> tensor<?x4xf16>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<?x4xf32>, %i: tensor<?xi64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_take' mode must be set or add, got 'max'
  %u = tt.update_take max %x, %y [%i] axis 0 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xi64> -> tensor<?x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<?xf32>, %i: tensor<?xi64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_take' 2 index tensor(s) at axis 1 do not fit tensor<?x4xf32>
  %u = tt.update_take add %x, %y [%i, %i] axis 1 : tensor<?x4xf32>, tensor<?xf32>, tensor<?xi64> -> tensor<?x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<?x4xf64>, %i: tensor<?xi64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_take' update must be tensor<?x4xf32> (what tt.take reads), got tensor<?x4xf64>
  %u = tt.update_take add %x, %y [%i] axis 0 : tensor<?x4xf32>, tensor<?x4xf64>, tensor<?xi64> -> tensor<?x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<?x4xf32>, %i: tensor<?xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_take' index 0 must have an integer element type (i8-i64, ui8-ui64), got tensor<?xf32>
  %u = tt.update_take add %x, %y [%i] axis 0 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xf32> -> tensor<?x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<?x4xsi32>, %i: tensor<?xi64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_take' update must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<?x4xsi32>
  %u = tt.update_take add %x, %y [%i] axis 0 : tensor<?x4xf32>, tensor<?x4xsi32>, tensor<?xi64> -> tensor<?x4xf32>
  func.return
}

// == tt.matmul, tt.batched_matmul
// -----
func.func @f(%a: tensor<2x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:18: error: tt.matmul takes 2 operand(s) with one type each, got 3 operand(s) and 3 type(s)
  %m = tt.matmul %a, %a, %a : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  func.return
}

// -----
func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:{{[0-9]+}}: error: tt.matmul: the result type is tensor<2x4xf32> for these operands, not tensor<4x2xf32>
  %m = tt.matmul %a, %b : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<4x2xf32>
  func.return
}

// -----
func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.matmul' result type must be tensor<2x4xf32>, got tensor<2x4xf64>
  %m = "tt.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf64>
  func.return
}

// -----
func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x4xi32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.matmul' rhs must have a floating-point element type (f16, f32, f64), got tensor<3x4xi32>
  %m = "tt.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xi32>) -> tensor<2x4xf32>
  func.return
}

// -----
func.func @f(%a: tensor<2x3x4xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:26: error: tt.batched_matmul takes 2 operand(s) with one type each, got 1 operand(s) and 1 type(s)
  %m = tt.batched_matmul %a : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:{{[0-9]+}}: error: tt.batched_matmul: the result type is tensor<2x3x5xf32> for these operands, not tensor<3x5xf32>
  %m = tt.batched_matmul %a, %b : tensor<2x3x4xf32>, tensor<2x4x5xf32> -> tensor<3x5xf32>
  func.return
}

// -----
func.func @f(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.batched_matmul' operands must have rank 3, got tensor<3x4xf32> and tensor<4x5xf32>
  %m = "tt.batched_matmul"(%a, %b) : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  func.return
}

// -----
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf16>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.batched_matmul' element types differ: tensor<2x3x4xf32> and tensor<2x4x5xf16>
  %m = "tt.batched_matmul"(%a, %b) : (tensor<2x3x4xf32>, tensor<2x4x5xf16>) -> tensor<2x3x5xf32>
  func.return
}

// -----
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<2x5x5xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.batched_matmul' inner dims differ: tensor<2x3x4xf32> and tensor<2x5x5xf32>
  %m = "tt.batched_matmul"(%a, %b) : (tensor<2x3x4xf32>, tensor<2x5x5xf32>) -> tensor<2x3x5xf32>
  func.return
}

// -----
func.func @f(%a: tensor<?x3x4xf32>, %b: tensor<2x4x5xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.batched_matmul' result type must be tensor<2x3x5xf32>, got tensor<?x3x5xf32>
  %m = "tt.batched_matmul"(%a, %b) : (tensor<?x3x4xf32>, tensor<2x4x5xf32>) -> tensor<?x3x5xf32>
  func.return
}

// -----
func.func @f(%a: tensor<2x3x4xi64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.batched_matmul' lhs must have a floating-point element type (f16, f32, f64), got tensor<2x3x4xi64>
  %m = "tt.batched_matmul"(%a, %a) : (tensor<2x3x4xi64>, tensor<2x3x4xi64>) -> tensor<2x3x4xi64>
  func.return
}

// == tt.conv2d and its gradients
// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d' element types differ: tensor<1x3x8x8xf32> and tensor<4x3x3x3xf64>
  %y = tt.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf64> -> tensor<1x4x6x6xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xi32>, %w: tensor<4x3x3x3xi32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d' input must have a floating-point element type (f16, f32, f64), got tensor<1x3x8x8xi32>
  %y = tt.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x3x8x8xi32>, tensor<4x3x3x3xi32> -> tensor<1x4x6x6xi32>
  func.return
}

// -----
func.func @f(%x: tensor<?x3x4x8xf32>, %w: tensor<4x3x5x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d' the filters' height 5 (dilation 1, so 5) is larger than the input's 4 padded by 0 + 0 (tensor<?x3x4x8xf32>, tensor<4x3x5x3xf32>)
  %y = tt.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<?x3x4x8xf32>, tensor<4x3x5x3xf32> -> tensor<?x4x0x6xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x3x8x4xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d' the filters' width 3 (dilation 2, so 5) is larger than the input's 4 padded by 0 + 0 (tensor<?x3x8x4xf32>, tensor<4x3x3x3xf32>)
  %y = tt.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 2] : tensor<?x3x8x4xf32>, tensor<4x3x3x3xf32> -> tensor<?x4x6x0xf32>
  func.return
}

// -----
func.func @f(%gy: tensor<1x4x6x6xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_input' strides and dilation take 2 values, padding 4 (top, bottom, left, right)
  %gx = tt.conv2d_grad_input %gy, %w strides [1, 1] padding [0, 0] dilation [1, 1] : tensor<1x4x6x6xf32>, tensor<4x3x3x3xf32> -> tensor<1x3x8x8xf32>
  func.return
}

// -----
func.func @f(%gy: tensor<1x4x6x6xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_input' strides and dilation must be >= 1 and padding >= 0
  %gx = tt.conv2d_grad_input %gy, %w strides [1, 1] padding [0, 0, -1, 0] dilation [1, 1] : tensor<1x4x6x6xf32>, tensor<4x3x3x3xf32> -> tensor<1x3x8x8xf32>
  func.return
}

// -----
func.func @f(%gy: tensor<?x4x6x6xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_input' expected 1 size operand(s) for the dynamic dims of tensor<?x3x8x8xf32>, got 0
  %gx = tt.conv2d_grad_input %gy, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<?x4x6x6xf32>, tensor<4x3x3x3xf32> -> tensor<?x3x8x8xf32>
  func.return
}

// -----
func.func @f(%gy: tensor<1x4x6x6xi32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_input' output gradient must have a floating-point element type (f16, f32, f64), got tensor<1x4x6x6xi32>
  %gx = tt.conv2d_grad_input %gy, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x4x6x6xi32>, tensor<4x3x3x3xf32> -> tensor<1x3x8x8xf32>
  func.return
}

// -----
func.func @f(%gy: tensor<1x4x6x6xf64>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_input' element types differ: output gradient tensor<1x4x6x6xf64>, result (input) tensor<1x3x8x8xf32>, filters tensor<4x3x3x3xf32>
  %gx = tt.conv2d_grad_input %gy, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x4x6x6xf64>, tensor<4x3x3x3xf32> -> tensor<1x3x8x8xf32>
  func.return
}

// -----
func.func @f(%gy: tensor<1x4x6x6xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_input' result (input) has 5 channels, filters expect 3 (tensor<1x5x8x8xf32>, tensor<4x3x3x3xf32>)
  %gx = tt.conv2d_grad_input %gy, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x4x6x6xf32>, tensor<4x3x3x3xf32> -> tensor<1x5x8x8xf32>
  func.return
}

// -----
func.func @f(%gy: tensor<1x4x1x6xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_input' the filters' height 3 (dilation 1, so 3) is larger than the input's 2 padded by 0 + 0 (tensor<1x3x2x8xf32>, tensor<4x3x3x3xf32>)
  %gx = tt.conv2d_grad_input %gy, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x4x1x6xf32>, tensor<4x3x3x3xf32> -> tensor<1x3x2x8xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x4x6x6xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_filter' strides and dilation take 2 values, padding 4 (top, bottom, left, right)
  %gw = tt.conv2d_grad_filter %x, %gy strides [1, 1] padding [0, 0, 0, 0] dilation [1] : tensor<1x3x8x8xf32>, tensor<1x4x6x6xf32> -> tensor<4x3x3x3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x4x6x6xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_filter' strides and dilation must be >= 1 and padding >= 0
  %gw = tt.conv2d_grad_filter %x, %gy strides [1, 1] padding [0, 0, 0, 0] dilation [0, 1] : tensor<1x3x8x8xf32>, tensor<1x4x6x6xf32> -> tensor<4x3x3x3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x4x6x6xf32>, %n: index) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_filter' expected 0 size operand(s) for the dynamic dims of tensor<4x3x3x3xf32>, got 1
  %gw = tt.conv2d_grad_filter %x, %gy strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] sizes(%n) : tensor<1x3x8x8xf32>, tensor<1x4x6x6xf32> -> tensor<4x3x3x3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x4x6x6xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_filter' result must have a floating-point element type (f16, f32, f64), got tensor<4x3x3x3xi32>
  %gw = tt.conv2d_grad_filter %x, %gy strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x3x8x8xf32>, tensor<1x4x6x6xf32> -> tensor<4x3x3x3xi32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x4x6x6xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_filter' element types differ: output gradient tensor<1x4x6x6xf32>, input tensor<1x3x8x8xf32>, result (filters) tensor<4x3x3x3xf16>
  %gw = tt.conv2d_grad_filter %x, %gy strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x3x8x8xf32>, tensor<1x4x6x6xf32> -> tensor<4x3x3x3xf16>
  func.return
}

// -----
func.func @f(%x: tensor<1x5x8x8xf32>, %gy: tensor<1x4x6x6xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_filter' input has 5 channels, result (filters) expect 3 (tensor<1x5x8x8xf32>, tensor<4x3x3x3xf32>)
  %gw = tt.conv2d_grad_filter %x, %gy strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x5x8x8xf32>, tensor<1x4x6x6xf32> -> tensor<4x3x3x3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x2x8xf32>, %gy: tensor<1x4x1x6xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.conv2d_grad_filter' the filters' height 3 (dilation 1, so 3) is larger than the input's 2 padded by 0 + 0 (tensor<1x3x2x8xf32>, tensor<4x3x3x3xf32>)
  %gw = tt.conv2d_grad_filter %x, %gy strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x3x2x8xf32>, tensor<1x4x1x6xf32> -> tensor<4x3x3x3xf32>
  func.return
}

// == tt.pool2d, tt.pool2d_grad
// -----
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d' result type must be tensor<1x3x4x4xf32>, got tensor<1x3x4x3xf32>
  %p = tt.pool2d sum %x window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<1x3x8x8xf32> -> tensor<1x3x4x3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d' window and strides must be >= 1, padding >= 0
  %p = tt.pool2d max %x window [2, 0] strides [2, 2] padding [0, 0] ignore_border : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xi32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d' input must have a floating-point element type (f16, f32, f64), got tensor<1x3x8x8xi32>
  %p = tt.pool2d max %x window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<1x3x8x8xi32> -> tensor<1x3x4x4xi32>
  func.return
}

// -----
func.func @f(%x: tensor<?x1x5xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d' the window [3, 3] (strides [1, 1]) does not fit dim 1 of tensor<?x1x5xf32> padded by 0 on each side: the output size would be -1
  %p = tt.pool2d max %x window [3, 3] strides [1, 1] padding [0, 0] ignore_border : tensor<?x1x5xf32> -> tensor<?x1x3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x3x4x4xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d_grad' unknown mode 'median' (one of max, sum, average_inc_pad, average_exc_pad)
  %g = tt.pool2d_grad median %x, %gy window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<1x3x8x8xf32>, tensor<1x3x4x4xf32> -> tensor<1x3x8x8xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x3x4x4xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d_grad' window, strides and padding take 2 values each
  %g = tt.pool2d_grad max %x, %gy window [2, 2] strides [2, 2, 2] padding [0, 0] ignore_border : tensor<1x3x8x8xf32>, tensor<1x3x4x4xf32> -> tensor<1x3x8x8xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x3x4x4xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d_grad' window and strides must be >= 1, padding >= 0
  %g = tt.pool2d_grad max %x, %gy window [2, 2] strides [2, 0] padding [0, 0] ignore_border : tensor<1x3x8x8xf32>, tensor<1x3x4x4xf32> -> tensor<1x3x8x8xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x3x5x5xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d_grad' padding needs ignore_border (as in Theano)
  %g = tt.pool2d_grad average_exc_pad %x, %gy window [2, 2] strides [2, 2] padding [1, 1] : tensor<1x3x8x8xf32>, tensor<1x3x5x5xf32> -> tensor<1x3x8x8xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x3x5x5xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d_grad' padding [0, 2] must be smaller than the window [2, 2]
  %g = tt.pool2d_grad average_inc_pad %x, %gy window [2, 2] strides [2, 2] padding [0, 2] ignore_border : tensor<1x3x8x8xf32>, tensor<1x3x5x5xf32> -> tensor<1x3x8x8xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x3x4x4xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d_grad' result type must be tensor<1x3x8x8xf32>, got tensor<1x3x4x4xf32>
  %g = tt.pool2d_grad max %x, %gy window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<1x3x8x8xf32>, tensor<1x3x4x4xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x3x4x4xf64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d_grad' the output gradient tensor<1x3x4x4xf64> does not fit pool2d(tensor<1x3x8x8xf32>) = tensor<1x3x4x4xf32>
  %g = tt.pool2d_grad max %x, %gy window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<1x3x8x8xf32>, tensor<1x3x4x4xf64> -> tensor<1x3x8x8xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xi32>, %gy: tensor<1x3x4x4xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d_grad' input must have a floating-point element type (f16, f32, f64), got tensor<1x3x8x8xi32>
  %g = tt.pool2d_grad max %x, %gy window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<1x3x8x8xi32>, tensor<1x3x4x4xf32> -> tensor<1x3x8x8xi32>
  func.return
}

// -----
func.func @f(%x: tensor<8xf32>, %gy: tensor<4xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d_grad' input needs at least 2 dims, got tensor<8xf32>
  %g = tt.pool2d_grad max %x, %gy window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<8xf32>, tensor<4xf32> -> tensor<8xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x5x1xf32>, %gy: tensor<1x3x2x1xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.pool2d_grad' the window [2, 6] (strides [2, 2]) does not fit dim 3 of tensor<1x3x5x1xf32> padded by 1 on each side: the output size would be -1
  %g = tt.pool2d_grad max %x, %gy window [2, 6] strides [2, 2] padding [0, 1] ignore_border : tensor<1x3x5x1xf32>, tensor<1x3x2x1xf32> -> tensor<1x3x5x1xf32>
  func.return
}

// == tt.softmax, tt.log_softmax
// -----
func.func @f(%x: tensor<?x5xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.softmax' axis 2 is out of range for tensor<?x5xf32>
  %s = tt.softmax %x axis 2 : tensor<?x5xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x5xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.softmax' result type must be tensor<?x5xf32>, got tensor<?x5xf64>
  %s = "tt.softmax"(%x) <{axis = 1 : i64}> : (tensor<?x5xf32>) -> tensor<?x5xf64>
  func.return
}

// -----
func.func @f(%x: tensor<?x5xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.log_softmax' axis -1 is out of range for tensor<?x5xf32>
  %s = tt.log_softmax %x axis -1 : tensor<?x5xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x5xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.log_softmax' result type must be tensor<?x5xf32>, got tensor<5x?xf32>
  %s = "tt.log_softmax"(%x) <{axis = 1 : i64}> : (tensor<?x5xf32>) -> tensor<5x?xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x5xi64>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.log_softmax' operand must have a floating-point element type (f16, f32, f64), got tensor<?x5xi64>
  %s = tt.log_softmax %x axis 1 : tensor<?x5xi64>
  func.return
}

// == tt.random
// -----
func.func @f(%s: tensor<4xi32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.random' expected 2 size operand(s) for the dynamic dims of tensor<?x?xf32>, got 0
  %r = tt.random uniform %s : tensor<4xi32> -> tensor<?x?xf32>
  func.return
}

// -----
func.func @f(%s: tensor<4xsi32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.random' state must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<4xsi32>
  %r = tt.random uniform %s : tensor<4xsi32> -> tensor<3xf32>
  func.return
}

// -----
func.func @f(%s: tensor<4xi32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.random' result must have a floating-point element type (f16, f32, f64), got tensor<3xi32>
  %r = tt.random normal %s : tensor<4xi32> -> tensor<3xi32>
  func.return
}

// == the custom forms: one written type per operand, every type a ranked tensor
// -----
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:18: error: tt.conv2d takes 2 operand(s) with one type each, got 1 operand(s) and 1 type(s)
  %y = tt.conv2d %x strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x3x8x8xf32> -> tensor<1x4x6x6xf32>
  func.return
}

// -----
func.func @f(%gy: tensor<1x4x6x6xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:30: error: tt.conv2d_grad_input takes 2 operand(s) with one type each, got 3 operand(s) and 2 type(s)
  %gx = tt.conv2d_grad_input %gy, %w, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x4x6x6xf32>, tensor<4x3x3x3xf32> -> tensor<1x3x8x8xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %gy: tensor<1x4x6x6xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:31: error: tt.conv2d_grad_filter takes 2 operand(s) with one type each, got 2 operand(s) and 1 type(s)
  %gw = tt.conv2d_grad_filter %x, %gy strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x3x8x8xf32> -> tensor<4x3x3x3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:22: error: tt.pool2d takes 1 operand(s) with one type each, got 1 operand(s) and 2 type(s)
  %p = tt.pool2d max %x window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<1x3x8x8xf32>, tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:27: error: tt.pool2d_grad takes 2 operand(s) with one type each, got 1 operand(s) and 1 type(s)
  %g = tt.pool2d_grad max %x window [2, 2] strides [2, 2] padding [0, 0] ignore_border : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  func.return
}

// -----
func.func @f(%x: tensor<2x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:19: error: tt.reshape takes 1 operand(s) with one type each, got 1 operand(s) and 2 type(s)
  %r = tt.reshape %x : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<6xf32>
  func.return
}

// -----
func.func @f(%x: tensor<2x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:21: error: tt.transpose takes 1 operand(s) with one type each, got 1 operand(s) and 2 type(s)
  %t = tt.transpose %x perm [1, 0] : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<3x2xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:{{[0-9]+}}: error: tt.take needs at least one index tensor
  %t = tt.take %x [] axis 0 : tensor<?x3xf32>, tensor<?xi64> -> tensor<?x3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x4xf32>, %y: tensor<1x2xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.update_slice' the size -1 of dim 0 is negative (slice of tensor<?x4xf32>)
  %u = "tt.update_slice"(%x, %y) <{mode = "set", static_offsets = array<i64: 0, 0>, static_sizes = array<i64: -1, 2>, static_steps = array<i64: 1, 1>, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0>}> : (tensor<?x4xf32>, tensor<1x2xf32>) -> tensor<?x4xf32>
  func.return
}

// -----
// The custom form derives the result type from the operands and attributes: when those
// are wrong, the verifier's diagnostic comes first (not "the result type is ...").
func.func @f(%x: tensor<?x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.reduce' axes [5] must be strictly increasing dims of tensor<?x3xf32>
  %r = tt.reduce sum %x axes [5] : tensor<?x3xf32> -> tensor<?xf32>
  func.return
}

// -----
func.func @f(%x: tensor<2x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.transpose' perm [0, 0] is not a permutation of the dims of tensor<2x3xf32>
  %t = tt.transpose %x perm [0, 0] : tensor<2x3xf32> -> tensor<2x2xf32>
  func.return
}

// -----
func.func @f(%a: tensor<3xf32>, %b: tensor<3x5xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:3: error: 'tt.matmul' operands must have rank 2, got tensor<3xf32> and tensor<3x5xf32>
  %m = tt.matmul %a, %b : tensor<3xf32>, tensor<3x5xf32> -> tensor<3x5xf32>
  func.return
}

// -----
func.func @f(%x: f32) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:20: error: expected a ranked tensor type, got f32
  %e = tt.exp %x : f32
  func.return
}

// -----
func.func @f(%x: f32) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:36: error: expected a ranked tensor type, got f32
  %r = tt.reduce sum %x axes [0] : f32 -> f32
  func.return
}

// -----
func.func @f(%x: tensor<?x3xf32>, %i: i64) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:50: error: expected a ranked tensor type, got i64
  %t = tt.take %x [%i] axis 0 : tensor<?x3xf32>, i64 -> tensor<?x3xf32>
  func.return
}

// -----
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:123: error: expected a ranked tensor type, got memref<1x4x6x6xf32>
  %y = tt.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> memref<1x4x6x6xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?xf32>) {
  // CHECK: invalid-structural-more.mlir:[[# @LINE + 1]]:34: error: expected a ranked tensor type, got tensor<*xf32>
  %s = tt.slice %x [0] [1] [1] : tensor<*xf32> -> tensor<1xf32>
  func.return
}
