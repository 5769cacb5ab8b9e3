// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Every diagnostic of tt.host_call (one per chunk).

func.func @f(%x: tensor<?xf32>) {
  // CHECK: invalid-host-call.mlir:[[# @LINE + 1]]:3: error: 'tt.host_call' the callback name must not be empty
  %y = tt.host_call ""(%x) : (tensor<?xf32>) -> tensor<?xf32>
  func.return
}

// -----
func.func @f(%x: memref<?xf32>) {
  // CHECK: error: 'tt.host_call' "print:[]" operand #0 must be a tensor, got memref<?xf32>
  %y = tt.host_call "print:[]"(%x) : (memref<?xf32>) -> tensor<?xf32>
  func.return
}

// -----
func.func @f(%x: tensor<?xf32>) {
  // CHECK: error: 'tt.host_call' "print:[]" result #1 must be a tensor, got index
  %y:2 = tt.host_call "print:[]"(%x) : (tensor<?xf32>) -> (tensor<?xf32>, index)
  func.return
}

// -----
func.func @f(%x: tensor<3xsi32>) {
  // CHECK: error: 'tt.host_call' "print:[]" operand #0 must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got tensor<3xsi32>
  %y = tt.host_call "print:[]"(%x) : (tensor<3xsi32>) -> tensor<3xsi32>
  func.return
}

// -----
func.func @f(%x: tensor<3xf32>) {
  // CHECK: invalid-host-call.mlir:[[# @LINE + 1]]:38: error: 1 operand(s) but 2 operand type(s)
  %y = tt.host_call "print:[]"(%x) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  func.return
}
