// Used by ../verify-diagnostics.mlir: each chunk's annotations disagree with what runs.
llvm.func @missing(%p: !llvm.ptr, %x: f32) {
  // expected-error @+1 {{this message is never produced}}
  %0 = llvm.atomicrmw fadd %p, %x monotonic : !llvm.ptr, f32
  llvm.return
}
// -----
llvm.func @unexpected(%p: !llvm.ptr, %x: f32) {
  %0 = llvm.atomicrmw fsub %p, %x monotonic : !llvm.ptr, f32
  llvm.return
}
// -----
llvm.func @wrong_line(%p: !llvm.ptr, %x: f32) {
  // expected-error {{unknown operation 'fsub'}}
  %0 = llvm.atomicrmw fsub %p, %x monotonic : !llvm.ptr, f32
  llvm.return
}
// -----
llvm.func @wrong_severity(%p: !llvm.ptr, %x: f32) {
  // expected-warning @+1 {{unknown operation 'fsub'}}
  %0 = llvm.atomicrmw fsub %p, %x monotonic : !llvm.ptr, f32
  llvm.return
}
