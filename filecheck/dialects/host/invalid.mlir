// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// Every diagnostic of host.call (one per chunk).

func.func @f(%x: memref<?xf32>) {
  // CHECK: invalid.mlir:[[# @LINE + 1]]:3: error: 'host.call' the callback name must not be empty
  %y = host.call ""(%x) : (memref<?xf32>) -> memref<?xf32>
  func.return
}

// -----
func.func @f(%x: memref<?xf32>) {
  // CHECK: error: 'host.call' "print:[]" operands and results must be all tensors or all memrefs, got memref<?xf32>, tensor<?xf32>
  %y = host.call "print:[]"(%x) : (memref<?xf32>) -> tensor<?xf32>
  func.return
}

// -----
func.func @f(%x: memref<?xf32>) {
  // CHECK: error: 'host.call' "print:[]" result #0 must be a tensor or memref, got f32
  %y = host.call "print:[]"(%x) : (memref<?xf32>) -> f32
  func.return
}

// -----
func.func @f(%x: memref<?xindex>) {
  // CHECK: error: 'host.call' "print:[]" operand #0 must have a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64), got memref<?xindex>
  host.call "print:[]"(%x) : (memref<?xindex>) -> ()
  func.return
}

// -----
func.func @f(%x: memref<4xf32, strided<[2]>>) {
  // CHECK: error: 'host.call' "print:[]" operand #0 must be an identity-layout (row-major, contiguous) buffer, got memref<4xf32, strided<[2]>>
  host.call "print:[]"(%x) : (memref<4xf32, strided<[2]>>) -> ()
  func.return
}

// -----
func.func @f(%x: memref<4xf32, 1 : i64>) {
  // CHECK: error: 'host.call' "print:[]" operand #0 must be a host buffer (default memory space), got memref<4xf32, 1 : i64>; buffer-placement copies device buffers to the host
  host.call "print:[]"(%x) : (memref<4xf32, 1 : i64>) -> ()
  func.return
}
