// Integer overflow flags (upstream's `overflowFlags` property) on arith.addi/subi/muli/
// shli/trunci, and the integer width casts on vectors and tensors, round-tripped through
// iree-opt in custom and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt | filecheck %s --check-prefix=UP
// RUN: arignote-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK: arith.addi %{{.*}}, %{{.*}} overflow<nsw> : i32
// CHECK: arith.subi %{{.*}}, %{{.*}} overflow<nsw,nuw> : i32
// CHECK: arith.muli %{{.*}}, %{{.*}} overflow<nuw> : i32
// CHECK: arith.shli %{{.*}}, %{{.*}} overflow<nsw> : i32
// CHECK: arith.trunci %{{.*}} overflow<nsw,nuw> : i32 to i16
// CHECK: arith.trunci %{{.*}} : i32 to i8
// CHECK: arith.extsi %{{.*}} : vector<4xi32> to vector<4xi64>
// CHECK: arith.extui %{{.*}} : tensor<2xi8> to tensor<2xi32>
// CHECK: arith.trunci %{{.*}} : vector<4xi32> to vector<4xi8>
// UP: arith.addi %arg0, %arg1 overflow<nsw> : i32
// UP: arith.trunci %{{.*}} overflow<nsw, nuw> : i32 to i16
// UP: arith.trunci %{{.*}} : i32 to i8
// UP: arith.extsi %arg2 : vector<4xi32> to vector<4xi64>
// GENERIC: "arith.trunci"(%{{.*}}) <{overflowFlags = #arith.overflow<nsw,nuw>}> : (i32) -> i16
// GENERIC: "arith.trunci"(%{{.*}}) <{overflowFlags = #arith.overflow<none>}> : (i32) -> i8
func.func @f(%a: i32, %b: i32, %v: vector<4xi32>, %t: tensor<2xi8>)
    -> (i16, i8, vector<4xi64>, tensor<2xi32>, vector<4xi8>) {
  %0 = arith.addi %a, %b overflow<nsw> : i32
  %1 = arith.subi %0, %b overflow<nsw, nuw> : i32
  %2 = arith.muli %1, %b overflow<nuw> : i32
  %3 = arith.shli %2, %b overflow<nsw> : i32
  %4 = arith.trunci %3 overflow<nsw, nuw> : i32 to i16
  %5 = arith.trunci %3 : i32 to i8
  %6 = arith.extsi %v : vector<4xi32> to vector<4xi64>
  %7 = arith.extui %t : tensor<2xi8> to tensor<2xi32>
  %8 = arith.trunci %v : vector<4xi32> to vector<4xi8>
  func.return %4, %5, %6, %7, %8 : i16, i8, vector<4xi64>, tensor<2xi32>, vector<4xi8>
}
