// RUN: arignote-opt %s -p wrap-sequential-loops | filecheck %s

// A top-level scf.for over device buffers (the scatter of tt.update_take) moves, as it is,
// into a one-iteration scf.parallel: a single-thread kernel once outlined.
// CHECK-LABEL: func.func @scatter
// CHECK-SAME: (%[[IDX:.*]]: memref<?xi64, 1 : i64>, %[[O:.*]]: memref<?xf32, 1 : i64>, %[[M:.*]]: index)
// CHECK: %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT: "scf.parallel"(%[[Z]], %[[ONE]], %[[ONE]])
// CHECK-NEXT: ^{{.*}}(%{{.*}}: index):
// CHECK-NEXT: scf.for %[[I:.*]] = %{{.*}} to %[[M]] step %{{.*}} {
// CHECK-NEXT: %[[K:.*]] = memref.load %[[IDX]][%[[I]]] : memref<?xi64, 1 : i64>
// CHECK: memref.store %{{.*}}, %[[O]][%{{.*}}] : memref<?xf32, 1 : i64>
// CHECK-NEXT: }
// CHECK-NEXT: scf.reduce
// CHECK-NEXT: })
// CHECK-NEXT: func.return
func.func @scatter(%idx: memref<?xi64, 1 : i64>, %o: memref<?xf32, 1 : i64>, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %m step %c1 {
    %k = memref.load %idx[%i] : memref<?xi64, 1 : i64>
    %ki = arith.index_cast %k : i64 to index
    %old = memref.load %o[%ki] : memref<?xf32, 1 : i64>
    %one = arith.constant 1.0 : f32
    %new = arith.addf %old, %one : f32
    memref.store %new, %o[%ki] : memref<?xf32, 1 : i64>
  }
  func.return
}

// Kept: a loop over host buffers, a loop with results, a loop already inside a parallel
// loop, and kernels.
// CHECK-LABEL: func.func @kept
// CHECK-NOT: "scf.parallel"
// CHECK: scf.for
// CHECK: scf.for
// CHECK: func.return
func.func @kept(%h: memref<?xf32>, %d: memref<?xf32, 1 : i64>, %m: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %m step %c1 {
    %v = memref.load %h[%i] : memref<?xf32>
    memref.store %v, %h[%c0] : memref<?xf32>
  }
  %zero = arith.constant 0.0 : f32
  %s = scf.for %i = %c0 to %m step %c1 iter_args(%acc = %zero) -> (f32) {
    %v = memref.load %d[%i] : memref<?xf32, 1 : i64>
    %a = arith.addf %acc, %v : f32
    scf.yield %a : f32
  }
  func.return %s : f32
}

// CHECK-LABEL: func.func @nested
// CHECK-COUNT-1: "scf.parallel"
// CHECK-NOT: "scf.parallel"
func.func @nested(%d: memref<?xf32, 1 : i64>, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %m, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%j: index):
    scf.for %i = %c0 to %m step %c1 {
      %v = memref.load %d[%i] : memref<?xf32, 1 : i64>
      memref.store %v, %d[%j] : memref<?xf32, 1 : i64>
    }
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}

// CHECK-LABEL: func.func @k
// CHECK-NOT: "scf.parallel"
func.func @k(%d: memref<?xf32, 1 : i64>, %m: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %m step %c1 {
    %v = memref.load %d[%i] : memref<?xf32, 1 : i64>
    memref.store %v, %d[%c0] : memref<?xf32, 1 : i64>
  }
  func.return
}
