// RUN: arignote-opt %s --split-input-file -p convert-loop-to-scf | filecheck %s

// An Elman-style step: the runner's checks become asserts (the initial state's rows are
// static, so that check is gone), the body's invariant dims, its own check and its
// temporary are hoisted before the loop, the state buffer gets n + 1 rows with the
// initial row copied in, and the loop reads row t of the sequence and row t of the state
// buffer and writes its result into row t + 1 in place.  The body function is erased.
// CHECK-LABEL: func.func @f
// CHECK-SAME: (%[[N:.*]]: index, %[[X:.*]]: memref<?x?xf32>, %[[H0:.*]]: memref<1x?xf32>, %[[W:.*]]: memref<?x?xf32>)
// CHECK: %[[POS:.*]] = arith.cmpi sgt, %[[N]], %{{.*}} : index
// CHECK-NEXT: cf.assert %[[POS]], "scan at {{.*}}convert-loop-to-scf.mlir:{{.*}}: n_steps is {lhs}; scan runs at least one step
// CHECK: %[[XN:.*]] = memref.dim %[[X]], %{{.*}} : memref<?x?xf32>
// CHECK-NEXT: %[[LONG:.*]] = arith.cmpi sge, %[[XN]], %[[N]] : index
// CHECK-NEXT: cf.assert %[[LONG]], "scan at {{.*}}: sequence 0 has {lhs} steps, shorter than the {rhs} steps required"
// CHECK-NOT: initial value of state 0 has
// CHECK: %[[D:.*]] = memref.dim %[[X]], %{{.*}} : memref<?x?xf32>
// CHECK: cf.assert %{{.*}}, "tt.add at f.py:3: operand shapes differ in dim 0"
// CHECK-NEXT: %[[TMP:.*]] = memref.alloc(%[[D]]) alignment = 64 : memref<?xf32>
// CHECK: %[[ROWS:.*]] = arith.addi %[[N]], %{{.*}} : index
// CHECK: cf.assert %{{.*}}, "scan at {{.*}}: dim 0 of state 0 of fn is {lhs}, its initial value's is {rhs}; the shape of a scan output may not change between steps"
// CHECK-NEXT: %[[H:.*]] = memref.alloc(%[[ROWS]], %[[D]]) alignment = 64 : memref<?x?xf32>
// CHECK: "scf.parallel"
// CHECK: memref.load %[[H0]]
// CHECK-NEXT: memref.store %{{.*}}, %[[H]]
// CHECK: scf.for %[[T:.*]] = %{{.*}} to %[[N]] step %{{.*}} {
// CHECK-NEXT: %[[XT:.*]] = loop.row %[[X]][%[[T]]] : memref<?x?xf32> -> memref<?xf32>
// CHECK: %[[HP:.*]] = loop.row %[[H]][%{{.*}}] : memref<?x?xf32> -> memref<?xf32>
// CHECK: %[[HN:.*]] = loop.row %[[H]][%{{.*}}] : memref<?x?xf32> -> memref<?xf32>
// CHECK: memref.load %[[XT]]
// CHECK: memref.load %[[HP]]
// CHECK: memref.store %{{.*}}, %[[TMP]]
// CHECK: memref.load %[[TMP]]
// CHECK: memref.store %{{.*}}, %[[HN]]
// CHECK: }) : (index, index, index) -> ()
// CHECK-NEXT: }
// CHECK-NEXT: memref.dealloc %[[TMP]] : memref<?xf32>
// CHECK-NEXT: func.return %[[H]] : memref<?x?xf32>
// CHECK-NOT: @f_scan0
func.func @f(%n: index, %x: memref<?x?xf32>, %h0: memref<1x?xf32>, %w: memref<?x?xf32>) -> memref<?x?xf32> {
  %h = loop.scan @f_scan0(%n) seqs(%x : memref<?x?xf32>) states(%h0 : memref<1x?xf32>) taps [[-1]] consts(%w : memref<?x?xf32>) -> (memref<?x?xf32>)
  func.return %h : memref<?x?xf32>
}
func.func private @f_scan0(%xt: memref<?xf32>, %hp: memref<?xf32>, %w: memref<?x?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d = memref.dim %xt, %c0 : memref<?xf32>
  %e = memref.dim %hp, %c0 : memref<?xf32>
  %same = arith.cmpi eq, %d, %e : index
  cf.assert %same, "tt.add at f.py:3: operand shapes differ in dim 0"
  %tmp = memref.alloc(%d) {alignment = 64 : i64} : memref<?xf32>
  %out = memref.alloc(%d) {alignment = 64 : i64} : memref<?xf32>
  "scf.parallel"(%c0, %d, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %xt[%i] : memref<?xf32>
    %b = memref.load %hp[%i] : memref<?xf32>
    %s = arith.addf %a, %b : f32
    memref.store %s, %tmp[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  "scf.parallel"(%c0, %d, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %tmp[%i] : memref<?xf32>
    %t = math.tanh %a : f32
    memref.store %t, %out[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  memref.dealloc %tmp : memref<?xf32>
  func.return %out : memref<?xf32>
}

// -----
// Left for the host runtime's loop: `until` (the loop may stop early), and a body whose
// per-step work reads a value on the host (a value-dependent size).
// CHECK-LABEL: func.func @g
// CHECK: loop.scan @g_scan0
// CHECK: loop.scan @g_scan1
// CHECK: func.func private @g_scan0
// CHECK: func.func private @g_scan1
func.func @g(%n: index, %h0: memref<1xf64>, %k: memref<i64>) -> (memref<?xf64>, memref<?xf64>) {
  %a = loop.scan @g_scan0(%n) states(%h0 : memref<1xf64>) taps [[-1]] until -> (memref<?xf64>)
  %b = loop.scan @g_scan1(%n) states(%h0 : memref<1xf64>) taps [[-1]] consts(%k : memref<i64>) -> (memref<?xf64>)
  func.return %a, %b : memref<?xf64>, memref<?xf64>
}
func.func private @g_scan0(%h: memref<f64>) -> (memref<f64>, memref<i1>) {
  %o = memref.alloc() {alignment = 64 : i64} : memref<f64>
  %c = memref.alloc() {alignment = 64 : i64} : memref<i1>
  func.return %o, %c : memref<f64>, memref<i1>
}
func.func private @g_scan1(%h: memref<f64>, %k: memref<i64>) -> memref<f64> {
  %v = memref.load %k[] : memref<i64>
  %o = memref.alloc() {alignment = 64 : i64} : memref<f64>
  func.return %o : memref<f64>
}

// -----
// A body whose result is a `memref.cast` of its allocation (a window of one row, typed
// 1x? where the state's rows are ?x?): the allocation becomes the row view, typed as the
// allocation, and the cast stays on it.
// CHECK-LABEL: func.func @c
// CHECK: %[[P:.*]] = memref.alloc(%{{.*}}, %{{.*}}, %{{.*}}) alignment = 64 : memref<?x?x?xf32>
// CHECK: scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: %[[ROW:.*]] = loop.row %[[P]][%{{.*}}] : memref<?x?x?xf32> -> memref<1x?xf32>
// CHECK: memref.store %{{.*}}, %[[ROW]][%{{.*}}, %{{.*}}] : memref<1x?xf32>
// CHECK: "memref.cast"(%[[ROW]]) : (memref<1x?xf32>) -> memref<?x?xf32>
// CHECK-NOT: @c_scan0
func.func @c(%n: index, %p0: memref<1x?x?xf32>) -> memref<?x?x?xf32> {
  %p = loop.scan @c_scan0(%n) states(%p0 : memref<1x?x?xf32>) taps [[-1]] -> (memref<?x?x?xf32>)
  func.return %p : memref<?x?x?xf32>
}
func.func private @c_scan0(%w: memref<?x?xf32>) -> memref<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d = memref.dim %w, %c1 : memref<?x?xf32>
  %o = memref.alloc(%d) {alignment = 64 : i64} : memref<1x?xf32>
  "scf.parallel"(%c0, %d, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %v = memref.load %w[%c0, %i] : memref<?x?xf32>
    %s = arith.addf %v, %v : f32
    memref.store %s, %o[%c0, %i] : memref<1x?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  %r = "memref.cast"(%o) : (memref<1x?xf32>) -> memref<?x?xf32>
  func.return %r : memref<?x?xf32>
}

// -----
// Views of temporaries (memref.collapse_shape, as a flatten or a dropped unit dim makes
// them): made once before the loop, after their temporary; their dims are the products
// of the temporary's; a body returning a view keeps that allocation as a temporary and
// ends each step with a copy of the view into the row of the result buffer.
// CHECK-LABEL: func.func @views
// CHECK: %[[T:.*]] = memref.alloc(%{{.*}}) alignment = 64 : memref<1x?xf32>
// CHECK-NEXT: %[[V:.*]] = memref.collapse_shape %[[T]] {{\[}}[0, 1]] : memref<1x?xf32> into memref<?xf32>
// CHECK: %[[H:.*]] = memref.alloc(%{{.*}}, %{{.*}}) alignment = 64 : memref<?x?xf32>
// CHECK: scf.for %[[S:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: loop.row %[[H]][%{{.*}}] : memref<?x?xf32> -> memref<?xf32>
// CHECK: %[[HN:.*]] = loop.row %[[H]][%{{.*}}] : memref<?x?xf32> -> memref<?xf32>
// CHECK: memref.store %{{.*}}, %[[T]][%{{.*}}, %{{.*}}] : memref<1x?xf32>
// CHECK: memref.store %{{.*}}, %[[V]][%{{.*}}] : memref<?xf32>
// CHECK: memref.load %[[V]][%{{.*}}] : memref<?xf32>
// CHECK-NEXT: memref.store %{{.*}}, %[[HN]][%{{.*}}] : memref<?xf32>
// CHECK: }) : (index, index, index) -> ()
// CHECK-NEXT: }
// CHECK-NEXT: memref.dealloc %[[T]] : memref<1x?xf32>
// CHECK-NOT: @g_scan0
func.func @views(%n: index, %x: memref<?x?xf32>, %h0: memref<1x?xf32>) -> memref<?x?xf32> {
  %h = loop.scan @g_scan0(%n) seqs(%x : memref<?x?xf32>) states(%h0 : memref<1x?xf32>) taps [[-1]] -> (memref<?x?xf32>)
  func.return %h : memref<?x?xf32>
}
func.func private @g_scan0(%xt: memref<?xf32>, %hp: memref<?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d = memref.dim %xt, %c0 : memref<?xf32>
  %t = memref.alloc(%d) {alignment = 64 : i64} : memref<1x?xf32>
  "scf.parallel"(%c0, %d, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %xt[%i] : memref<?xf32>
    %b = memref.load %hp[%i] : memref<?xf32>
    %s = arith.addf %a, %b : f32
    memref.store %s, %t[%c0, %i] : memref<1x?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  %v = memref.collapse_shape %t [[0, 1]] : memref<1x?xf32> into memref<?xf32>
  %e = memref.dim %v, %c0 : memref<?xf32>
  "scf.parallel"(%c0, %e, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %v[%i] : memref<?xf32>
    %m = arith.mulf %a, %a : f32
    memref.store %m, %v[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return %v : memref<?xf32>
}
