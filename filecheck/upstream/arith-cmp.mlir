// arith.cmpi and arith.cmpf with the predicates not covered elsewhere (eq, ne, sle, ugt,
// uge; ueq, one, uno, ord, true, false) and cmpf fast-math, round-tripped through iree-opt.
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
// CHECK: %{{.*}} = arith.cmpi eq, %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.cmpi ne, %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.cmpi sle, %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.cmpi ugt, %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.cmpi uge, %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.cmpf ueq, %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = arith.cmpf one, %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = arith.cmpf uno, %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = arith.cmpf ord, %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = arith.cmpf true, %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = arith.cmpf false, %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = arith.cmpf oge, %{{.*}}, %{{.*}} fastmath<nnan> : f32
func.func @f(%a: i32, %b: i32, %x: f32, %y: f32) -> (i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1) {
  %0 = arith.cmpi eq, %a, %b : i32
  %1 = arith.cmpi ne, %a, %b : i32
  %2 = arith.cmpi sle, %a, %b : i32
  %3 = arith.cmpi ugt, %a, %b : i32
  %4 = arith.cmpi uge, %a, %b : i32
  %5 = arith.cmpf ueq, %x, %y : f32
  %6 = arith.cmpf one, %x, %y : f32
  %7 = arith.cmpf uno, %x, %y : f32
  %8 = arith.cmpf ord, %x, %y : f32
  %9 = arith.cmpf true, %x, %y : f32
  %10 = arith.cmpf false, %x, %y : f32
  %11 = arith.cmpf oge, %x, %y fastmath<nnan> : f32
  func.return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11 : i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1
}
