// RUN: arignote-opt %s -p fold-fills-into-reductions | filecheck %s

// A row max into a fresh ?x1 buffer: the fill nest goes, the fold starts from -inf.
// CHECK-LABEL: func.func @row_max
// CHECK: %[[O:.*]] = memref.alloc(%{{.*}}) : memref<?x1xf32>
// CHECK-NOT: memref.store
// CHECK: "scf.parallel"
// CHECK-NEXT: ^{{.*}}(%[[J:.*]]: index):
// CHECK-NEXT: %[[INIT:.*]] = arith.constant 0xff800000 : f32
// CHECK-NEXT: %[[R:.*]] = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[INIT]]) -> (f32) {
// CHECK: memref.store %[[R]], %[[O]][%[[J]], %{{.*}}] : memref<?x1xf32>
// CHECK-NEXT: scf.reduce
func.func @row_max(%x: memref<?x?xf32>) -> memref<?x1xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x?xf32>
  %m = memref.dim %x, %c1 : memref<?x?xf32>
  %o = memref.alloc(%n) : memref<?x1xf32>
  %on = memref.dim %o, %c0 : memref<?x1xf32>
  "scf.parallel"(%c0, %c0, %on, %c1, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %k: index):
    %ninf = arith.constant 0xff800000 : f32
    memref.store %ninf, %o[%i, %k] : memref<?x1xf32>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  "scf.parallel"(%c0, %on, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%j: index):
    %a = memref.load %o[%j, %c0] : memref<?x1xf32>
    %r = scf.for %l = %c0 to %m step %c1 iter_args(%acc = %a) -> (f32) {
      %v = memref.load %x[%j, %l] : memref<?x?xf32>
      %s = arith.maximumf %acc, %v : f32
      scf.yield %s : f32
    }
    memref.store %r, %o[%j, %c0] : memref<?x1xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return %o : memref<?x1xf32>
}

// A full sum into a rank-0 buffer (one iteration each), with another fill between.
// CHECK-LABEL: func.func @total
// CHECK: memref.alloc() : memref<i64>
// CHECK-NEXT: "scf.parallel"
// CHECK-NEXT: ^{{.*}}(%{{.*}}: index):
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[C:.*]] = arith.constant 0 : i64
// CHECK-NEXT: %{{.*}}, %{{.*}} = scf.for %{{.*}} iter_args(%{{.*}} = %[[Z]], %{{.*}} = %[[C]])
// CHECK-NOT: "scf.parallel"
// CHECK: func.return
func.func @total(%x: memref<?xf32>) -> (memref<f32>, memref<i64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %s = memref.alloc() : memref<f32>
  "scf.parallel"(%c0, %c1, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %z = arith.constant 0.000000e+00 : f32
    memref.store %z, %s[] : memref<f32>
    scf.reduce
  }) : (index, index, index) -> ()
  %k = memref.alloc() : memref<i64>
  "scf.parallel"(%c0, %c1, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %z = arith.constant 0 : i64
    memref.store %z, %k[] : memref<i64>
    scf.reduce
  }) : (index, index, index) -> ()
  "scf.parallel"(%c0, %c1, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %s[] : memref<f32>
    %b = memref.load %k[] : memref<i64>
    %r:2 = scf.for %l = %c0 to %n step %c1 iter_args(%acc = %a, %cnt = %b) -> (f32, i64) {
      %v = memref.load %x[%l] : memref<?xf32>
      %t = arith.addf %acc, %v : f32
      %one = arith.constant 1 : i64
      %u = arith.addi %cnt, %one : i64
      scf.yield %t, %u : f32, i64
    }
    memref.store %r#0, %s[] : memref<f32>
    memref.store %r#1, %k[] : memref<i64>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return %s, %k : memref<f32>, memref<i64>
}

// Kept: the buffer is read between the fill and the reduction.
// CHECK-LABEL: func.func @read_between
// CHECK: memref.store %{{.*}}, %[[B:.*]][%{{.*}}] : memref<?xf32>
// CHECK: func.call @use(%[[B]])
// CHECK: memref.load %[[B]]
func.func private @use(memref<?xf32>)
func.func @read_between(%x: memref<?x?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x?xf32>
  %m = memref.dim %x, %c1 : memref<?x?xf32>
  %o = memref.alloc(%n) : memref<?xf32>
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %z = arith.constant 0.000000e+00 : f32
    memref.store %z, %o[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.call @use(%o) : (memref<?xf32>) -> ()
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%j: index):
    %a = memref.load %o[%j] : memref<?xf32>
    %r = scf.for %l = %c0 to %m step %c1 iter_args(%acc = %a) -> (f32) {
      %v = memref.load %x[%j, %l] : memref<?x?xf32>
      %s = arith.addf %acc, %v : f32
      scf.yield %s : f32
    }
    memref.store %r, %o[%j] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return %o : memref<?xf32>
}

// Kept: the reduction covers only part of what the fill wrote (its extent is another
// value), so the fill's other elements must stay.
// CHECK-LABEL: func.func @partial
// CHECK: memref.store %{{.*}}, %[[B:.*]][%{{.*}}] : memref<?xf32>
// CHECK: memref.load %[[B]]
func.func @partial(%x: memref<?x?xf32>, %half: index) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x?xf32>
  %m = memref.dim %x, %c1 : memref<?x?xf32>
  %o = memref.alloc(%n) : memref<?xf32>
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %z = arith.constant 0.000000e+00 : f32
    memref.store %z, %o[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  "scf.parallel"(%c0, %half, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%j: index):
    %a = memref.load %o[%j] : memref<?xf32>
    %r = scf.for %l = %c0 to %m step %c1 iter_args(%acc = %a) -> (f32) {
      %v = memref.load %x[%j, %l] : memref<?x?xf32>
      %s = arith.addf %acc, %v : f32
      scf.yield %s : f32
    }
    memref.store %r, %o[%j] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return %o : memref<?xf32>
}

// Kept: an interchanged reduction (interchange-reduction-loops' output) keeps its
// accumulators in the buffer, so it needs the fill.
// CHECK-LABEL: func.func @column_sum
// CHECK: memref.store %{{.*}}, %[[B:.*]][%{{.*}}, %{{.*}}] : memref<1x?xf32>
// CHECK: scf.for
// CHECK: memref.load %[[B]]
func.func @column_sum(%x: memref<?x?xf32>) -> memref<1x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x?xf32>
  %m = memref.dim %x, %c1 : memref<?x?xf32>
  %o = memref.alloc(%m) : memref<1x?xf32>
  "scf.parallel"(%c0, %c0, %c1, %m, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %k: index):
    %z = arith.constant 0.000000e+00 : f32
    memref.store %z, %o[%i, %k] : memref<1x?xf32>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  scf.for %i = %c0 to %n step %c1 {
    "scf.parallel"(%c0, %m, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
    ^bb0(%j: index):
      %a = memref.load %o[%c0, %j] : memref<1x?xf32>
      %v = memref.load %x[%i, %j] : memref<?x?xf32>
      %s = arith.addf %a, %v : f32
      memref.store %s, %o[%c0, %j] : memref<1x?xf32>
      scf.reduce
    }) : (index, index, index) -> ()
  }
  func.return %o : memref<1x?xf32>
}

// Kept: the buffer escapes before the fill (the callee may keep it and write it later).
// CHECK-LABEL: func.func @used_before
// CHECK: func.call @use(%[[B:[a-z0-9_]+]])
// CHECK: memref.store %{{.*}}, %[[B]][%{{.*}}] : memref<?xf32>
// CHECK: memref.load %[[B]]
func.func @used_before(%x: memref<?x?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x?xf32>
  %m = memref.dim %x, %c1 : memref<?x?xf32>
  %o = memref.alloc(%n) : memref<?xf32>
  func.call @use(%o) : (memref<?xf32>) -> ()
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %z = arith.constant 0.000000e+00 : f32
    memref.store %z, %o[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%j: index):
    %a = memref.load %o[%j] : memref<?xf32>
    %r = scf.for %l = %c0 to %m step %c1 iter_args(%acc = %a) -> (f32) {
      %v = memref.load %x[%j, %l] : memref<?x?xf32>
      %s = arith.addf %acc, %v : f32
      scf.yield %s : f32
    }
    memref.store %r, %o[%j] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return %o : memref<?xf32>
}
