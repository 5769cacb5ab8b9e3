// RUN: arignote-opt %s -p gpu-tile-transposes | filecheck %s
// A loop that reads one input transposed becomes a gpu.launch of 32 x 8 threads per
// 32 x 32 tile: the input is read along its rows into a shared-memory tile (padded to 33
// columns), then the body runs with the element taken from the tile's column.

// CHECK-LABEL: func.func @transpose_add
// CHECK: %[[T:[0-9a-z_]+]] = arith.constant 32 : index
// CHECK: %[[ROWS:[0-9a-z_]+]] = arith.constant 8 : index
// CHECK: "gpu.launch"(%{{.*}}, %{{.*}}, %{{.*}}, %[[T]], %[[ROWS]], %{{.*}})
// CHECK-NEXT: ^{{.*}}(%[[BX:[0-9a-z_]+]]: index, %[[BY:[0-9a-z_]+]]: index, %{{[0-9]+}}: index, %[[TX:[0-9a-z_]+]]: index, %[[TY:[0-9a-z_]+]]: index, %{{[0-9]+}}: index, %{{[0-9]+}}: index, %[[GY:[0-9a-z_]+]]: index,
// CHECK-NEXT: %[[TILE:[0-9a-z_]+]] = memref.alloca() : memref<32x33xf32, 3 : i64>
// CHECK: scf.for %[[TR:[0-9a-z_]+]] = %[[BY]] to %{{.*}} step %[[GY]] {
// CHECK: scf.for %[[R:[0-9a-z_]+]] = %[[TY]] to
// CHECK: %[[A:[0-9a-z_]+]] = memref.load %a[%{{.*}}, %{{.*}}] : memref<?x?xf32, 1 : i64>
// CHECK-NEXT: memref.store %[[A]], %[[TILE]][%[[R]], %[[TX]]]
// CHECK: "gpu.barrier"() : () -> ()
// CHECK: scf.for %[[R2:[0-9a-z_]+]] = %[[TY]] to
// CHECK: %[[V:[0-9a-z_]+]] = memref.load %[[TILE]][%[[TX]], %[[R2]]]
// CHECK-NEXT: %[[Y:[0-9a-z_]+]] = memref.load %y[%[[I:[0-9a-z_]+]], %[[J:[0-9a-z_]+]]]
// CHECK-NEXT: %[[S:[0-9a-z_]+]] = arith.addf %[[V]], %[[Y]] : f32
// CHECK-NEXT: memref.store %[[S]], %out[%[[I]], %[[J]]]
// CHECK: "gpu.barrier"() : () -> ()
// CHECK-NOT: scf.parallel
func.func @transpose_add(%a: memref<?x?xf32, 1 : i64>, %y: memref<?x?xf32, 1 : i64>, %out: memref<?x?xf32, 1 : i64>, %m: index, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %c0, %m, %n, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    %x = memref.load %a[%j, %i] : memref<?x?xf32, 1 : i64>
    %z = memref.load %y[%i, %j] : memref<?x?xf32, 1 : i64>
    %s = arith.addf %x, %z : f32
    memref.store %s, %out[%i, %j] : memref<?x?xf32, 1 : i64>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  func.return
}

// Kept: no transposed load, two transposed loads, a loop body with control flow, and
// a transpose written into its own input.
// CHECK-LABEL: func.func @kept
// CHECK-NOT: gpu.launch
// CHECK: func.return
func.func @kept(%a: memref<?x?xf32, 1 : i64>, %b: memref<?x?xf32, 1 : i64>, %out: memref<?x?xf32, 1 : i64>, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %c0, %m, %m, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    %x = memref.load %a[%i, %j] : memref<?x?xf32, 1 : i64>
    memref.store %x, %out[%i, %j] : memref<?x?xf32, 1 : i64>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  "scf.parallel"(%c0, %c0, %m, %m, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    %x = memref.load %a[%j, %i] : memref<?x?xf32, 1 : i64>
    %y = memref.load %b[%j, %i] : memref<?x?xf32, 1 : i64>
    %s = arith.addf %x, %y : f32
    memref.store %s, %out[%i, %j] : memref<?x?xf32, 1 : i64>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  "scf.parallel"(%c0, %c0, %m, %m, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    %x = memref.load %a[%j, %i] : memref<?x?xf32, 1 : i64>
    %r = scf.for %k = %c0 to %m step %c1 iter_args(%acc = %x) -> (f32) {
      %t = arith.addf %acc, %acc : f32
      scf.yield %t : f32
    }
    memref.store %r, %out[%i, %j] : memref<?x?xf32, 1 : i64>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  "scf.parallel"(%c0, %c0, %m, %m, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    %x = memref.load %a[%j, %i] : memref<?x?xf32, 1 : i64>
    memref.store %x, %a[%i, %j] : memref<?x?xf32, 1 : i64>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  func.return
}
