// Integer arith ops (add/sub/mul, signed and unsigned division and remainder, ceil/floor
// division, bitwise, shifts, min/max) on i32 and index, round-tripped through iree-opt:
// upstream -> arignote -> upstream in custom and generic form prints what upstream printed.
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
// CHECK: %{{.*}} = arith.addi %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.muli %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.divui %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.remui %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.ceildivui %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.andi %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.xori %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.shrsi %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.minsi %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.minui %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = arith.addi %{{.*}}, %{{.*}} : index
func.func @f(%a: i32, %b: i32, %i: index) -> (i32, index) {
  %0 = arith.addi %a, %b : i32
  %1 = arith.subi %0, %b : i32
  %2 = arith.muli %1, %a : i32
  %3 = arith.divsi %2, %b : i32
  %4 = arith.divui %3, %b : i32
  %5 = arith.remsi %4, %b : i32
  %6 = arith.remui %5, %b : i32
  %7 = arith.ceildivsi %6, %b : i32
  %8 = arith.ceildivui %7, %b : i32
  %9 = arith.floordivsi %8, %b : i32
  %10 = arith.andi %9, %a : i32
  %11 = arith.ori %10, %a : i32
  %12 = arith.xori %11, %a : i32
  %13 = arith.shli %12, %b : i32
  %14 = arith.shrsi %13, %b : i32
  %15 = arith.shrui %14, %b : i32
  %16 = arith.minsi %15, %a : i32
  %17 = arith.maxsi %16, %a : i32
  %18 = arith.minui %17, %a : i32
  %19 = arith.maxui %18, %a : i32
  %20 = arith.addi %i, %i : index
  func.return %19, %20 : i32, index
}
