// Integer math ops absi, ctlz, cttz, ctpop, ipowi (scalar and vector), round-tripped through
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
// CHECK: %{{.*}} = math.absi %{{.*}} : i32
// CHECK: %{{.*}} = math.ctlz %{{.*}} : i32
// CHECK: %{{.*}} = math.cttz %{{.*}} : i32
// CHECK: %{{.*}} = math.ctpop %{{.*}} : i32
// CHECK: %{{.*}} = math.ipowi %{{.*}}, %{{.*}} : i32
// CHECK: %{{.*}} = math.absi %{{.*}} : vector<4xi16>
func.func @f(%a: i32, %b: i32, %v: vector<4xi16>) -> (i32, i32, i32, i32, i32, vector<4xi16>) {
  %0 = math.absi %a : i32
  %1 = math.ctlz %a : i32
  %2 = math.cttz %a : i32
  %3 = math.ctpop %a : i32
  %4 = math.ipowi %a, %b : i32
  %5 = math.absi %v : vector<4xi16>
  func.return %0, %1, %2, %3, %4, %5 : i32, i32, i32, i32, i32, vector<4xi16>
}
