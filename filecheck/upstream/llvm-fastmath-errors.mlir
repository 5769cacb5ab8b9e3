// RUN: arignote-opt %s --split-input-file --verify-diagnostics

llvm.func @f(%a: f32) -> i1 {
  // expected-error @+1 {{unknown llvm.fcmp predicate 'less'}}
  %0 = llvm.fcmp "less" %a, %a : f32
  llvm.return %0 : i1
}

// -----

llvm.func @g(%a: f32) -> f32 {
  // expected-error @+1 {{1 operands but 2 operand types in (f32, f32) -> f32}}
  %0 = llvm.intr.sqrt(%a) : (f32, f32) -> f32
  llvm.return %0 : f32
}

// -----

llvm.func @h(%a: f32) -> f32 {
  // expected-error @+1 {{fastmathFlags must be an #llvm.fastmath, got 1 : i64}}
  %0 = llvm.fadd %a, %a {fastmathFlags = 1} : f32
  llvm.return %0 : f32
}
