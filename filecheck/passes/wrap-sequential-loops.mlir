// RUN: arignote-opt %s -p 'wrap-sequential-loops{atomics=false}' | filecheck %s
// RUN: arignote-opt %s -p wrap-sequential-loops | filecheck %s --check-prefix=ATOMIC

// A top-level scf.for over device buffers (the scatter of tt.update_take) moves, as it is,
// into a one-iteration scf.parallel: a single-thread kernel once outlined.
// With atomics (the default), a scatter-add becomes a parallel loop with an atomic add.
// ATOMIC-LABEL: func.func @scatter
// ATOMIC: "scf.parallel"(%{{.*}}, %{{.*}}, %{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
// ATOMIC-NEXT: ^{{.*}}(%[[I:.*]]: index):
// ATOMIC-NEXT: memref.load %{{.*}}[%[[I]]]
// ATOMIC: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// ATOMIC-NEXT: "memref.atomic_rmw"(%[[ONE]], %{{.*}}, %{{.*}}) <{kind = 0 : i64}> : (f32, memref<?xf32, 1 : i64>, index) -> f32
// ATOMIC-NEXT: scf.reduce
// ATOMIC-NEXT: })
// ATOMIC-NEXT: func.return
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
// CHECK: func.return
func.func @k(%d: memref<?xf32, 1 : i64>, %m: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %m step %c1 {
    %v = memref.load %d[%i] : memref<?xf32, 1 : i64>
    memref.store %v, %d[%c0] : memref<?xf32, 1 : i64>
  }
  func.return
}

// ATOMIC-LABEL: func.func @scatter_rows
// A perfect nest of two loops: one parallel loop over both ranges.
// ATOMIC: "scf.parallel"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}>
// ATOMIC: "memref.atomic_rmw"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{kind = 1 : i64}> : (i32, memref<?x?xi32, 1 : i64>, index, index) -> i32
func.func @scatter_rows(%idx: memref<?xi64, 1 : i64>, %v: memref<?x?xi32, 1 : i64>, %o: memref<?x?xi32, 1 : i64>, %m: index, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %m step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      %k = memref.load %idx[%i] : memref<?xi64, 1 : i64>
      %ki = arith.index_cast %k : i64 to index
      %x = memref.load %v[%i, %j] : memref<?x?xi32, 1 : i64>
      %old = memref.load %o[%ki, %j] : memref<?x?xi32, 1 : i64>
      %new = arith.addi %x, %old : i32
      memref.store %new, %o[%ki, %j] : memref<?x?xi32, 1 : i64>
    }
  }
  func.return
}

// Serial even with atomics: a set-scatter (the last write wins: order matters), an add of
// f16 (no atomic), a nest whose inner bound depends on the outer index.
// ATOMIC-LABEL: func.func @serial
// ATOMIC-NOT: memref.atomic_rmw
// ATOMIC-COUNT-3: scf.for
// ATOMIC-NOT: memref.atomic_rmw
// ATOMIC: func.return
func.func @serial(%idx: memref<?xi64, 1 : i64>, %o: memref<?xf32, 1 : i64>, %h: memref<?xf16, 1 : i64>, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  scf.for %i = %c0 to %m step %c1 {
    %k = memref.load %idx[%i] : memref<?xi64, 1 : i64>
    %ki = arith.index_cast %k : i64 to index
    memref.store %one, %o[%ki] : memref<?xf32, 1 : i64>
  }
  %half = arith.constant 1.0 : f16
  scf.for %i = %c0 to %m step %c1 {
    %old = memref.load %h[%i] : memref<?xf16, 1 : i64>
    %new = arith.addf %old, %half : f16
    memref.store %new, %h[%i] : memref<?xf16, 1 : i64>
  }
  scf.for %i = %c0 to %m step %c1 {
    scf.for %j = %c0 to %i step %c1 {
      %old = memref.load %o[%j] : memref<?xf32, 1 : i64>
      %new = arith.addf %old, %one : f32
      memref.store %new, %o[%j] : memref<?xf32, 1 : i64>
    }
  }
  func.return
}

// Serial: the stored sum does not read the loaded element (not a scatter-add).
// ATOMIC-LABEL: func.func @not_an_accumulation
// ATOMIC-NOT: memref.atomic_rmw
// ATOMIC: scf.for
func.func @not_an_accumulation(%o: memref<?xf32, 1 : i64>, %m: index, %w: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %m step %c1 {
    %old = memref.load %o[%i] : memref<?xf32, 1 : i64>
    %t = arith.negf %old : f32
    %new = arith.addf %w, %w : f32
    memref.store %new, %o[%i] : memref<?xf32, 1 : i64>
  }
  func.return
}
