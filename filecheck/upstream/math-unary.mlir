// Unary math ops on f32 (exp, log, sqrt with fast-math, rsqrt, tanh, sin, cos, absf, floor,
// ceil, erf, log1p, expm1, roundeven, trunc) and exp2 on a vector, round-tripped through
// iree-opt in custom and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s > %t.up
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt | iree-opt > %t.custom
// RUN: cmp %t.up %t.custom
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt > %t.generic
// RUN: cmp %t.up %t.generic

// CHECK-LABEL: func.func @f
// CHECK: %{{.*}} = math.exp %{{.*}} : f32
// CHECK: %{{.*}} = math.sqrt %{{.*}} fastmath<afn> : f32
// CHECK: %{{.*}} = math.tanh %{{.*}} : f32
// CHECK: %{{.*}} = math.cos %{{.*}} : f32
// CHECK: %{{.*}} = math.floor %{{.*}} : f32
// CHECK: %{{.*}} = math.erf %{{.*}} : f32
// CHECK: %{{.*}} = math.expm1 %{{.*}} : f32
// CHECK: %{{.*}} = math.roundeven %{{.*}} : f32
func.func @f(%x: f32, %v: vector<4xf64>) -> (f32, vector<4xf64>) {
  %0 = math.exp %x : f32
  %1 = math.log %0 : f32
  %2 = math.sqrt %1 fastmath<afn> : f32
  %3 = math.rsqrt %2 : f32
  %4 = math.tanh %3 : f32
  %5 = math.sin %4 : f32
  %6 = math.cos %5 : f32
  %7 = math.absf %6 : f32
  %8 = math.floor %7 : f32
  %9 = math.ceil %8 : f32
  %10 = math.erf %9 : f32
  %11 = math.log1p %10 : f32
  %12 = math.expm1 %11 : f32
  %13 = math.exp2 %v : vector<4xf64>
  %14 = math.roundeven %12 : f32
  %15 = math.trunc %14 : f32
  func.return %15, %13 : f32, vector<4xf64>
}
