// RUN: arignote-opt %s --split-input-file --verify-diagnostics -p select-libcall-providers | filecheck %s
// RUN: not arignote-opt %S/Inputs/verify-diagnostics-wrong.mlir --split-input-file --verify-diagnostics 2>&1 | filecheck %s --check-prefix=WRONG
// --verify-diagnostics: every diagnostic matches an expected-* annotation of its line,
// every annotation is matched; a chunk without diagnostics prints its IR as usual.

// A verifier error on the annotation's own line.
llvm.func @same_line(%p: !llvm.ptr, %x: f32) {
  %0 = llvm.atomicrmw fsub %p, %x monotonic : !llvm.ptr, f32 // expected-error {{unknown operation 'fsub'}}
  llvm.return
}

// -----
// @+N, and a pass diagnostic.
func.func @next_line(%a: memref<4x8xf32>, %b: memref<8x16xf32, 1>, %c: memref<4x16xf32, 1>) {
  // expected-error @+1 {{mixes host and device buffers}}
  libcall.gemm ins(%a, %b : memref<4x8xf32>, memref<8x16xf32, 1>) outs(%c : memref<4x16xf32, 1>)
  func.return
}

// -----
// @above skips other annotation lines; a regular expression.
func.func @above(%h: memref<4x4xf32>) {
  libcall.softmax ins(%h : memref<4x4xf32>) outs(%h : memref<4x4xf32>) axis 0 {provider = "cudnn"}
  // expected-error-re @above {{has provider 'cu[a-z]+', which cannot run it on host buffers}}
  func.return
}

// -----
// CHECK: func.func @fine
func.func @fine(%a: memref<4x4xf32>) {
  libcall.gemm ins(%a, %a : memref<4x4xf32>, memref<4x4xf32>) outs(%a : memref<4x4xf32>)
  func.return
}

// WRONG: verify-diagnostics-wrong.mlir:3: error: expected error containing "this message is never produced" on line 4 was not produced
// WRONG: verify-diagnostics-wrong.mlir:9:3: error: unexpected error: 'llvm.atomicrmw' unknown operation 'fsub'
// WRONG: verify-diagnostics-wrong.mlir:15:3: error: unexpected error: 'llvm.atomicrmw' unknown operation 'fsub'
// WRONG: verify-diagnostics-wrong.mlir:14: error: expected error containing "unknown operation 'fsub'" on line 14 was not produced
// WRONG: verify-diagnostics-wrong.mlir:21:3: error: unexpected error: 'llvm.atomicrmw' unknown operation 'fsub'
// WRONG: verify-diagnostics-wrong.mlir:20: error: expected warning containing "unknown operation 'fsub'" on line 21 was not produced
