// Fast-math flags on llvm float ops and intrinsics in upstream's custom form
// (`llvm.fadd %a, %b fastmath<fast> : f32`), round-tripped through iree-opt in custom and
// generic form; xDSL's spelling in the attribute dictionary is still read.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt | filecheck %s --check-prefix=UP
// RUN: sed 's/fastmath<arcp>/{fastmathFlags = #llvm.fastmath<arcp>}/' %s | arignote-opt | filecheck %s

// CHECK: llvm.fadd %{{.*}}, %{{.*}} fastmath<fast> : f32
// CHECK: llvm.fmul %{{.*}}, %{{.*}} fastmath<nnan,ninf> : f32
// CHECK: llvm.fsub %{{.*}}, %{{.*}} : f32
// CHECK: llvm.fdiv %{{.*}}, %{{.*}} fastmath<contract> : f32
// CHECK: llvm.fneg %{{.*}} fastmath<nsz> : f32
// CHECK: llvm.frem %{{.*}}, %{{.*}} : f32
// CHECK: llvm.fcmp "olt" %{{.*}}, %{{.*}} fastmath<fast> : f32
// CHECK: llvm.intr.sqrt(%{{.*}}) fastmath<afn> : (f32) -> f32
// CHECK: llvm.intr.tanh(%{{.*}}) fastmath<fast> : (f32) -> f32
// CHECK: llvm.intr.maximum(%{{.*}}, %{{.*}}) fastmath<nnan> : (f32, f32) -> f32
// CHECK: llvm.intr.powi(%{{.*}}, %{{.*}}) fastmath<reassoc> : (f32, i32) -> f32
// CHECK: llvm.intr.fma(%{{.*}}, %{{.*}}, %{{.*}}) : (f32, f32, f32) -> f32
// CHECK: llvm.fadd %{{.*}}, %{{.*}} fastmath<arcp> : vector<4xf32>
// UP: llvm.fadd %arg0, %arg1 fastmath<fast> : f32
// UP: llvm.fcmp "olt" %{{.*}}, %arg1 fastmath<fast> : f32
// UP: llvm.intr.sqrt(%{{.*}}) fastmath<afn> : (f32) -> f32
llvm.func @f(%a: f32, %b: f32, %v: vector<4xf32>, %n: i32) -> f32 {
  %0 = llvm.fadd %a, %b fastmath<fast> : f32
  %1 = llvm.fmul %0, %b fastmath<nnan, ninf> : f32
  %2 = llvm.fsub %1, %b : f32
  %3 = llvm.fdiv %2, %b fastmath<contract> : f32
  %4 = llvm.fneg %3 fastmath<nsz> : f32
  %5 = llvm.frem %4, %b : f32
  %6 = llvm.fcmp "olt" %5, %b fastmath<fast> : f32
  %8 = llvm.intr.sqrt(%5) fastmath<afn> : (f32) -> f32
  %9 = llvm.intr.tanh(%8) fastmath<fast> : (f32) -> f32
  %10 = llvm.intr.maximum(%8, %9) fastmath<nnan> : (f32, f32) -> f32
  %11 = llvm.intr.powi(%10, %n) fastmath<reassoc> : (f32, i32) -> f32
  %12 = llvm.intr.fma(%11, %a, %b) : (f32, f32, f32) -> f32
  %13 = llvm.fadd %v, %v fastmath<arcp> : vector<4xf32>
  llvm.return %12 : f32
}
