// arith casts between integers, floats and index (sitofp, uitofp, fptosi, fptoui, extf,
// truncf, bitcast, index_cast), round-tripped through iree-opt in custom and generic form.
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
// CHECK: %{{.*}} = arith.sitofp %{{.*}} : i32 to f32
// CHECK: %{{.*}} = arith.fptosi %{{.*}} : f32 to i32
// CHECK: %{{.*}} = arith.extf %{{.*}} : f32 to f64
// CHECK: %{{.*}} = arith.truncf %{{.*}} : f32 to f16
// CHECK: %{{.*}} = arith.bitcast %{{.*}} : f32 to i32
// CHECK: %{{.*}} = arith.uitofp %{{.*}} : i32 to f32
// CHECK: %{{.*}} = arith.index_cast %{{.*}} : i32 to index
// CHECK: %{{.*}} = arith.index_cast %{{.*}} : index to i64
// CHECK: %{{.*}} = arith.fptoui %{{.*}} : f32 to i32
// CHECK: %{{.*}} = arith.bitcast %{{.*}} : i32 to i32
func.func @f(%a: i32, %x: f32, %h: f16, %i: index) -> (f32, i32, f64, f16, i32, f32, index, i64, i32, i32) {
  %0 = arith.sitofp %a : i32 to f32
  %1 = arith.fptosi %x : f32 to i32
  %2 = arith.extf %x : f32 to f64
  %3 = arith.truncf %x : f32 to f16
  %4 = arith.bitcast %x : f32 to i32
  %5 = arith.uitofp %a : i32 to f32
  %6 = arith.index_cast %a : i32 to index
  %7 = arith.index_cast %i : index to i64
  %8 = arith.fptoui %x : f32 to i32
  %9 = arith.bitcast %4 : i32 to i32
  func.return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : f32, i32, f64, f16, i32, f32, index, i64, i32, i32
}
