// RUN: not arignote-opt %s --split-input-file 2>&1 | filecheck %s
// The verifiers of the ops arignote adds to the llvm dialect.

llvm.func @f(%i: i32) {
  %a = llvm.fptosi %i : i32 to i32
  llvm.return
}
// CHECK: invalid.mlir:5:3: error: 'llvm.fptosi' invalid cast from i32 to i32

// -----
llvm.func @f(%x: f32) {
  %a = llvm.uitofp %x : f32 to f64
  llvm.return
}
// CHECK: invalid.mlir:12:3: error: 'llvm.uitofp' invalid cast from f32 to f64

// -----
llvm.func @f(%v: vector<4xf32>) {
  %a = llvm.fptoui %v : vector<4xf32> to vector<8xi32>
  llvm.return
}
// CHECK: invalid.mlir:19:3: error: 'llvm.fptoui' operand and result shapes differ: vector<4xf32> to vector<8xi32>

// -----
llvm.func @f(%i: i64) {
  %a = llvm.addrspacecast %i : i64 to !llvm.ptr
  llvm.return
}
// CHECK: invalid.mlir:26:3: error: 'llvm.addrspacecast' operand and result must be !llvm.ptr types

// -----
llvm.func @f(%p: !llvm.ptr, %x: f32) {
  %0 = llvm.atomicrmw fsub %p, %x monotonic : !llvm.ptr, f32
  llvm.return
}
// CHECK: invalid.mlir:[[# @LINE - 3]]:3: error: 'llvm.atomicrmw' unknown operation 'fsub' (expected one of add, fadd, max, min, fmax, fmin, xchg)
