// RUN: arignote-opt %s --split-input-file --verify-diagnostics

llvm.func @ordering(%p: !llvm.ptr) -> f32 {
  // expected-error @+1 {{unknown atomic ordering 'sometimes'}}
  %0 = llvm.load %p atomic sometimes <alignment = 4> : !llvm.ptr -> f32
  llvm.return %0 : f32
}

// -----

llvm.func @prop(%p: !llvm.ptr) -> f32 {
  // expected-error @+1 {{unexpected property 'nontemporal' (expected one of alignment)}}
  %0 = llvm.load %p <nontemporal> : !llvm.ptr -> f32
  llvm.return %0 : f32
}

// -----

llvm.func @trunc(%a: i16) -> i32 {
  // expected-error @+1 {{invalid cast opcode for cast from i16 to i32}}
  %0 = llvm.trunc %a : i16 to i32
  llvm.return %0 : i32
}
