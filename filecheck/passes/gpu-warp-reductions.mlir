// RUN: arignote-opt %s -p gpu-warp-reductions | filecheck %s
// A reduction along the contiguous dim, or one with few outputs, becomes one warp per
// output: a lane dim [0, 32), lanes striding over the reduced extent from the identity,
// a butterfly all-reduce with nvvm.shfl.sync.bfly, and lane 0 combining with the output.

// CHECK-LABEL: func.func @rows
// CHECK: %[[W:.*]] = arith.constant 32 : index
// CHECK: "scf.parallel"(%{{.*}}, %{{.*}}, %{{.*}}, %[[W]], %{{.*}}, %{{.*}}) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}>
// CHECK-NEXT: ^{{.*}}(%[[I:.*]]: index, %[[LANE:.*]]: index):
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[LB:.*]] = arith.addi %c0, %{{.*}} : index
// CHECK: %[[ST:.*]] = arith.muli %c1, %[[W]] : index
// CHECK-NEXT: %[[R:.*]] = scf.for %{{.*}} = %[[LB]] to %n step %[[ST]] iter_args(%{{.*}} = %[[Z]]) -> (f32)
// CHECK-COUNT-5: nvvm.shfl.sync.bfly
// CHECK: scf.if
// CHECK-NEXT: %[[INIT:.*]] = memref.load %out[%[[I]]]
// CHECK-NEXT: %[[T:.*]] = arith.addf %[[INIT]], %{{.*}} : f32
// CHECK-NEXT: memref.store %[[T]], %out[%[[I]]]
func.func @rows(%x: memref<?x?xf32, 1 : i64>, %out: memref<?xf32, 1 : i64>, %m: index, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %m, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %init = memref.load %out[%i] : memref<?xf32, 1 : i64>
    %r = scf.for %k = %c0 to %n step %c1 iter_args(%acc = %init) -> (f32) {
      %v = memref.load %x[%i, %k] : memref<?x?xf32, 1 : i64>
      %s = arith.addf %acc, %v : f32
      scf.yield %s : f32
    }
    memref.store %r, %out[%i] : memref<?xf32, 1 : i64>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}

// A reduction to a scalar over a nest of dynamic extent (one output): a block of 256
// threads; warps all-reduce with shuffles (f64 in two 32-bit halves), lane 0 of each
// warp writes a shared-memory slot, after a barrier warp 0 reduces the 8 slots and lane 0
// stores; max starts from -inf.
// CHECK-LABEL: func.func @scalar
// CHECK: %[[B:.*]] = arith.constant 256 : index
// CHECK: "gpu.launch"(%{{.*}}, %{{.*}}, %{{.*}}, %[[B]], %{{.*}}, %{{.*}})
// CHECK: %[[SLOTS:.*]] = memref.alloca() : memref<8xf64, 3 : i64>
// CHECK: arith.constant 0xfff0000000000000 : f64
// CHECK: scf.for
// CHECK: scf.for
// CHECK: arith.maximumf
// CHECK: arith.bitcast %{{.*}} : f64 to i64
// CHECK: nvvm.shfl.sync.bfly {{.*}} : i32
// CHECK-NEXT: nvvm.shfl.sync.bfly {{.*}} : i32
// CHECK: arith.bitcast %{{.*}} : i64 to f64
// CHECK-NEXT: arith.maximumf
// CHECK: memref.store %{{.*}}, %[[SLOTS]]
// CHECK: "gpu.barrier"() : () -> ()
// CHECK: memref.load %[[SLOTS]]
// CHECK: memref.load %out[]
// CHECK-NEXT: arith.maximumf
// CHECK-NEXT: memref.store %{{.*}}, %out[]
func.func @scalar(%x: memref<?x?xf64, 1 : i64>, %out: memref<f64, 1 : i64>, %m: index, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %c1, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%u: index):
    %init = memref.load %out[] : memref<f64, 1 : i64>
    %r = scf.for %i = %c0 to %m step %c1 iter_args(%a0 = %init) -> (f64) {
      %r2 = scf.for %j = %c0 to %n step %c1 iter_args(%a1 = %a0) -> (f64) {
        %v = memref.load %x[%i, %j] : memref<?x?xf64, 1 : i64>
        %s = arith.maximumf %a1, %v : f64
        scf.yield %s : f64
      }
      scf.yield %r2 : f64
    }
    memref.store %r, %out[] : memref<f64, 1 : i64>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}

// Kept: a column reduction with many outputs (one thread per column already coalesces),
// a short static extent, and a carried value that is not a plain combine.
// CHECK-LABEL: func.func @kept
// CHECK-NOT: nvvm.shfl.sync.bfly
// CHECK: func.return
func.func @kept(%x: memref<?x?xf32, 1 : i64>, %out: memref<?xf32, 1 : i64>, %s: memref<8x8xf32, 1 : i64>, %o8: memref<8xf32, 1 : i64>, %m: index, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%j: index):
    %init = memref.load %out[%j] : memref<?xf32, 1 : i64>
    %r = scf.for %k = %c0 to %m step %c1 iter_args(%acc = %init) -> (f32) {
      %v = memref.load %x[%k, %j] : memref<?x?xf32, 1 : i64>
      %t = arith.addf %acc, %v : f32
      scf.yield %t : f32
    }
    memref.store %r, %out[%j] : memref<?xf32, 1 : i64>
    scf.reduce
  }) : (index, index, index) -> ()
  "scf.parallel"(%c0, %c8, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %init = memref.load %o8[%i] : memref<8xf32, 1 : i64>
    %r = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %init) -> (f32) {
      %v = memref.load %s[%i, %k] : memref<8x8xf32, 1 : i64>
      %t = arith.addf %acc, %v : f32
      scf.yield %t : f32
    }
    memref.store %r, %o8[%i] : memref<8xf32, 1 : i64>
    scf.reduce
  }) : (index, index, index) -> ()
  "scf.parallel"(%c0, %m, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %init = memref.load %out[%i] : memref<?xf32, 1 : i64>
    %r = scf.for %k = %c0 to %n step %c1 iter_args(%acc = %init) -> (f32) {
      %v = memref.load %x[%i, %k] : memref<?x?xf32, 1 : i64>
      %t = arith.addf %acc, %v : f32
      %u = arith.mulf %t, %t : f32
      scf.yield %u : f32
    }
    memref.store %r, %out[%i] : memref<?xf32, 1 : i64>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}

// A reduction with no outputs (a static extent of 0; fuzz seed 404: log_softmax of a
// 0x? tensor) stays a loop of no iterations: one block per output would have launched one
// block reading a row that does not exist.
// CHECK-LABEL: func.func @no_outputs
// CHECK-NOT: gpu.launch
// CHECK-NOT: nvvm.shfl.sync.bfly
// CHECK: func.return
func.func @no_outputs(%x: memref<0x?xf64, 1 : i64>, %out: memref<0x1xf64, 1 : i64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %c0, %c0, %c1, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    %init = memref.load %out[%i, %j] : memref<0x1xf64, 1 : i64>
    %r = scf.for %k = %c0 to %n step %c1 iter_args(%acc = %init) -> (f64) {
      %v = memref.load %x[%i, %k] : memref<0x?xf64, 1 : i64>
      %t = arith.maximumf %acc, %v : f64
      scf.yield %t : f64
    }
    memref.store %r, %out[%i, %j] : memref<0x1xf64, 1 : i64>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  func.return
}
