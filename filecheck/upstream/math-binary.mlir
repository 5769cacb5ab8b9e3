// math.powf, atan2, copysign (fast-math), fma and fpowi, round-tripped through iree-opt in
// custom and generic form.
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
// CHECK: %{{.*}} = math.powf %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = math.atan2 %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = math.copysign %{{.*}}, %{{.*}} fastmath<nnan> : f32
// CHECK: %{{.*}} = math.fma %{{.*}}, %{{.*}}, %{{.*}} : f32
// CHECK: %{{.*}} = math.fpowi %{{.*}}, %{{.*}} : f32, i32
func.func @f(%x: f32, %y: f32, %z: f32, %n: i32) -> (f32, f32, f32, f32, f32) {
  %0 = math.powf %x, %y : f32
  %1 = math.atan2 %x, %y : f32
  %2 = math.copysign %x, %y fastmath<nnan> : f32
  %3 = math.fma %x, %y, %z : f32
  %4 = math.fpowi %x, %n : f32, i32
  func.return %0, %1, %2, %3, %4 : f32, f32, f32, f32, f32
}
