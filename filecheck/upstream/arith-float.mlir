// Float arith ops with and without fast-math flags (addf..remf, negf, the four min/max
// flavours), round-tripped through iree-opt in custom and generic form.
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
// CHECK: %{{.*}} = arith.addf %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = arith.subf %{{.*}}, %{{.*}} fastmath<nnan> : f32
// CHECK: %{{.*}} = arith.mulf %{{.*}}, %{{.*}} fastmath<fast> : f32
// CHECK: %{{.*}} = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = arith.remf %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = arith.negf %{{.*}} : f32
// CHECK: %{{.*}} = arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = arith.minimumf %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = arith.maxnumf %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = arith.minnumf %{{.*}}, %{{.*}} fastmath<nsz,arcp> : f32
// CHECK: %{{.*}} = arith.addf %{{.*}}, %{{.*}} : f64
func.func @f(%a: f32, %b: f32, %c: f64) -> (f32, f64) {
  %0 = arith.addf %a, %b : f32
  %1 = arith.subf %0, %b fastmath<nnan> : f32
  %2 = arith.mulf %1, %a fastmath<fast> : f32
  %3 = arith.divf %2, %b : f32
  %4 = arith.remf %3, %b : f32
  %5 = arith.negf %4 : f32
  %6 = arith.maximumf %5, %a : f32
  %7 = arith.minimumf %6, %a : f32
  %8 = arith.maxnumf %7, %a : f32
  %9 = arith.minnumf %8, %a fastmath<nsz, arcp> : f32
  %10 = arith.addf %c, %c : f64
  func.return %9, %10 : f32, f64
}
