// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Each diagnostic of tt.cumsum, tt.cumprod and tt.argsort (one per chunk, with its
// file:line): element kind, axis, result type (generic form, and the custom form's
// written type for tt.argsort).

func.func @f(%x: tensor<?xi1>) {
  // CHECK: invalid-scan-sort.mlir:[[# @LINE + 1]]:3: error: 'tt.cumsum' operand must have a numeric element type (f16, f32, f64, i8-i64, ui8-ui64), got tensor<?xi1>
  %s = tt.cumsum %x axis 0 : tensor<?xi1>
  func.return
}

// -----
func.func @f(%x: tensor<?x5xf32>) {
  // CHECK: invalid-scan-sort.mlir:[[# @LINE + 1]]:3: error: 'tt.cumprod' axis 2 is out of range for tensor<?x5xf32>
  %s = tt.cumprod %x axis 2 : tensor<?x5xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?x5xf32>) {
  // CHECK: invalid-scan-sort.mlir:[[# @LINE + 1]]:3: error: 'tt.cumsum' result type must be tensor<?x5xf32>, got tensor<?x5xf64>
  %s = "tt.cumsum"(%x) <{axis = 1 : i64}> : (tensor<?x5xf32>) -> tensor<?x5xf64>
  func.return
}

// -----
func.func @f(%x: tensor<?x5xsi8>) {
  // CHECK: invalid-scan-sort.mlir:[[# @LINE + 1]]:3: error: 'tt.argsort' operand must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<?x5xsi8>
  %s = "tt.argsort"(%x) <{axis = 1 : i64}> : (tensor<?x5xsi8>) -> tensor<?x5xi64>
  func.return
}

// -----
func.func @f(%x: tensor<?x5xf32>) {
  // CHECK: invalid-scan-sort.mlir:[[# @LINE + 1]]:3: error: 'tt.argsort' axis -1 is out of range for tensor<?x5xf32>
  %s = tt.argsort %x axis -1 : tensor<?x5xf32> -> tensor<?x5xi64>
  func.return
}

// -----
func.func @f(%x: tensor<?x5xf32>) {
  // CHECK: invalid-scan-sort.mlir:[[# @LINE + 1]]:3: error: 'tt.argsort' result type must be tensor<?x5xi64>, got tensor<?x5xi32>
  %s = "tt.argsort"(%x) <{axis = 1 : i64}> : (tensor<?x5xf32>) -> tensor<?x5xi32>
  func.return
}

// -----
func.func @f(%x: tensor<?x5xf32>) {
  // CHECK: invalid-scan-sort.mlir:[[# @LINE + 1]]:{{[0-9]+}}: error: tt.argsort: the result type is tensor<?x5xi64> for these operands, not tensor<?x5xf32>
  %s = tt.argsort %x axis 1 : tensor<?x5xf32> -> tensor<?x5xf32>
  func.return
}
