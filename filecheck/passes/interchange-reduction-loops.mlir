// RUN: arignote-opt %s -p interchange-reduction-loops | filecheck %s

// A sum over dim 0 of a row-major matrix (each output folds a column): the reduction
// loop goes outside, the parallel loop inside reads rows contiguously and keeps each
// accumulator in the output buffer.
// CHECK-LABEL: func.func @column_sum
// CHECK-SAME: (%[[X:.*]]: memref<?x?xf32>, %[[O:.*]]: memref<1x?xf32>)
// CHECK: scf.for %[[I:.*]] = %[[C0:.*]] to %[[N:.*]] step %[[C1:.*]] {
// CHECK-NEXT: "scf.parallel"(%[[C0]], %[[M:.*]], %[[C1]])
// CHECK-NEXT: ^{{.*}}(%[[J:.*]]: index):
// CHECK-NEXT: %[[ACC:.*]] = memref.load %[[O]][%[[C0]], %[[J]]] : memref<1x?xf32>
// CHECK-NEXT: %[[V:.*]] = memref.load %[[X]][%[[I]], %[[J]]] : memref<?x?xf32>
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ACC]], %[[V]] : f32
// CHECK-NEXT: memref.store %[[S]], %[[O]][%[[C0]], %[[J]]] : memref<1x?xf32>
// CHECK-NEXT: scf.reduce
// CHECK-NEXT: })
// CHECK-NEXT: }
// CHECK-NEXT: func.return
func.func @column_sum(%x: memref<?x?xf32>, %o: memref<1x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x?xf32>
  %m = memref.dim %x, %c1 : memref<?x?xf32>
  "scf.parallel"(%c0, %m, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%j: index):
    %a = memref.load %o[%c0, %j] : memref<1x?xf32>
    %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %a) -> (f32) {
      %v = memref.load %x[%i, %j] : memref<?x?xf32>
      %s = arith.addf %acc, %v : f32
      scf.yield %s : f32
    }
    memref.store %r, %o[%c0, %j] : memref<1x?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}

// Two accumulators (argmax: value and index) move together.
// CHECK-LABEL: func.func @argmax_dim0
// CHECK: scf.for %[[I:.*]] =
// CHECK-NEXT: "scf.parallel"
// CHECK-NEXT: ^{{.*}}(%[[J:.*]]: index):
// CHECK-NEXT: %[[VA:.*]] = memref.load %[[OV:.*]][%[[J]]] : memref<?xf32>
// CHECK-NEXT: %[[IA:.*]] = memref.load %[[OI:.*]][%[[J]]] : memref<?xi64>
// CHECK: %[[NV:.*]] = arith.select %{{.*}}, %{{.*}}, %[[VA]] : f32
// CHECK-NEXT: %[[NI:.*]] = arith.select %{{.*}}, %{{.*}}, %[[IA]] : i64
// CHECK-NEXT: memref.store %[[NV]], %[[OV]][%[[J]]] : memref<?xf32>
// CHECK-NEXT: memref.store %[[NI]], %[[OI]][%[[J]]] : memref<?xi64>
func.func @argmax_dim0(%x: memref<?x?xf32>, %ov: memref<?xf32>, %oi: memref<?xi64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x?xf32>
  %m = memref.dim %x, %c1 : memref<?x?xf32>
  "scf.parallel"(%c0, %m, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%j: index):
    %a = memref.load %ov[%j] : memref<?xf32>
    %b = memref.load %oi[%j] : memref<?xi64>
    %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%va = %a, %vi = %b) -> (f32, i64) {
      %v = memref.load %x[%i, %j] : memref<?x?xf32>
      %ii = arith.index_cast %i : index to i64
      %gt = arith.cmpf ogt, %v, %va : f32
      %nv = arith.select %gt, %v, %va : f32
      %ni = arith.select %gt, %ii, %vi : i64
      scf.yield %nv, %ni : f32, i64
    }
    memref.store %r#0, %ov[%j] : memref<?xf32>
    memref.store %r#1, %oi[%j] : memref<?xi64>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}

// Kept: a row reduction (already contiguous), a loop whose bound depends on the parallel
// index, and a fold that reads the output buffer inside the loop.
// CHECK-LABEL: func.func @kept
// CHECK-COUNT-3: "scf.parallel"
// CHECK-NOT: "scf.parallel"
func.func @kept(%x: memref<?x?xf32>, %o: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x?xf32>
  %m = memref.dim %x, %c1 : memref<?x?xf32>
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %o[%i] : memref<?xf32>
    %r = scf.for %j = %c0 to %m step %c1 iter_args(%acc = %a) -> (f32) {
      %v = memref.load %x[%i, %j] : memref<?x?xf32>
      %s = arith.addf %acc, %v : f32
      scf.yield %s : f32
    }
    memref.store %r, %o[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  "scf.parallel"(%c0, %m, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%j: index):
    %a = memref.load %o[%j] : memref<?xf32>
    %r = scf.for %i = %c0 to %j step %c1 iter_args(%acc = %a) -> (f32) {
      %v = memref.load %x[%i, %j] : memref<?x?xf32>
      %s = arith.addf %acc, %v : f32
      scf.yield %s : f32
    }
    memref.store %r, %o[%j] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  "scf.parallel"(%c0, %m, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%j: index):
    %a = memref.load %o[%j] : memref<?xf32>
    %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %a) -> (f32) {
      %v = memref.load %x[%i, %j] : memref<?x?xf32>
      %w = memref.load %o[%c0] : memref<?xf32>
      %s = arith.addf %acc, %v : f32
      %t = arith.addf %s, %w : f32
      scf.yield %t : f32
    }
    memref.store %r, %o[%j] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}
