// memref.atomic_rmw with float and integer kinds (read in upstream's custom form, printed
// generic; the kind is upstream's integer), round-tripped through iree-opt.
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
// CHECK: %{{.*}} = "memref.atomic_rmw"(%{{.*}}, %{{.*}}, %{{.*}}) <{kind = 0 : i64}> : (f32, memref<8xf32>, index) -> f32
// CHECK: %{{.*}} = "memref.atomic_rmw"(%{{.*}}, %{{.*}}, %{{.*}}) <{kind = 6 : i64}> : (i32, memref<8xi32>, index) -> i32
// CHECK: %{{.*}} = "memref.atomic_rmw"(%{{.*}}, %{{.*}}, %{{.*}}) <{kind = 3 : i64}> : (f32, memref<8xf32>, index) -> f32
func.func @f(%m: memref<8xf32>, %n: memref<8xi32>, %i: index, %v: f32, %w: i32) -> (f32, i32) {
  %0 = memref.atomic_rmw addf %v, %m[%i] : (f32, memref<8xf32>) -> f32
  %1 = memref.atomic_rmw maxs %w, %n[%i] : (i32, memref<8xi32>) -> i32
  %2 = memref.atomic_rmw assign %v, %m[%i] : (f32, memref<8xf32>) -> f32
  func.return %0, %1 : f32, i32
}
