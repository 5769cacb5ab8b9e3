// gpu.memset (upstream's), also async with dependencies, round-tripped through iree-opt
// in custom and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s

// CHECK: gpu.memset %{{.*}}, %{{.*}} : memref<?xf32>, f32
// CHECK: %[[T:.*]] = gpu.memset async %{{.*}}, %{{.*}} : memref<4xi32, 1 : i64>, i32
// CHECK: gpu.memset async [%[[T]]] %{{.*}}, %{{.*}} : memref<4xi32, 1 : i64>, i32
func.func @f(%m: memref<?xf32>, %x: f32, %n: memref<4xi32, 1>, %y: i32) {
  gpu.memset %m, %x : memref<?xf32>, f32
  %t = gpu.memset async %n, %y : memref<4xi32, 1>, i32
  %u = gpu.memset async [%t] %n, %y : memref<4xi32, 1>, i32
  func.return
}
