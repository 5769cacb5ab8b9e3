// RUN: arignote-opt %s --split-input-file -p cpu-parallel-kernels | filecheck %s
// RUN: arignote-opt %s --split-input-file -p 'cpu-parallel-kernels{min-work=4 min-cost=1}' | filecheck %s --check-prefix=SMALL

// A 2-D nest: dim 0 runs in chunks [lo, hi) in @k_chunk (a kernel with the same
// arguments after lo and hi); @k keeps its signature and runs loop.parallel_for over dim
// 0's trips with grain ceildiv(ceildiv(min-work, cost), trips of dim 1), the cost of the
// body 3 (a load, an add, a store): (10923 - 1 + m') / m' with m' = max(m, 1).
// CHECK-LABEL: func.func @k(%x: memref<?x?xf32>, %o: memref<?x?xf32>, %n: index, %m: index) attributes {arignote.kernel} {
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[M:.*]] = arith.maxsi %m, %[[ONE]] : index
// CHECK-NEXT: %[[W:.*]] = arith.constant 10922 : index
// CHECK-NEXT: %[[SUM:.*]] = arith.addi %[[W]], %[[M]] : index
// CHECK-NEXT: %[[G:.*]] = arith.divui %[[SUM]], %[[M]] : index
// CHECK-NEXT: loop.parallel_for @k_chunk(%n) grain(%[[G]]) args(%x : memref<?x?xf32>, %o : memref<?x?xf32>, %n : index, %m : index)
// CHECK-NEXT: func.return
// CHECK-NEXT: }
// CHECK-NEXT: func.func @k_chunk(%lo: index, %hi: index, %x: memref<?x?xf32>, %o: memref<?x?xf32>, %n: index, %m: index) attributes {arignote.kernel} {
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT: "scf.parallel"(%lo, %[[C0]], %hi, %m, %[[C1]], %[[C1]])
// CHECK-NEXT: ^{{.*}}(%i: index, %j: index):
// CHECK-NEXT: memref.load %x[%i, %j]
// CHECK-NEXT: arith.addf
// CHECK-NEXT: memref.store
// CHECK-NEXT: scf.reduce
// CHECK-NEXT: })
// CHECK-NEXT: func.return
func.func @k(%x: memref<?x?xf32>, %o: memref<?x?xf32>, %n: index, %m: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %c0, %n, %m, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    %a = memref.load %x[%i, %j] : memref<?x?xf32>
    %b = arith.addf %a, %a : f32
    memref.store %b, %o[%i, %j] : memref<?x?xf32>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  func.return
}

// -----

// A lower bound and a step: trips = ceildiv(ub - lb, step); the chunk runs from
// lb + lo * step to lb + hi * step.  An inner reduction loop (bounds known before the
// nest) counts as work per step of dim 0 (cost 3: load, add, store, so 10923); the
// name @r_chunk is taken, so @r_chunk1.
// CHECK-LABEL: func.func @r(%x: memref<?x?xf32>, %o: memref<?xf32>, %a: index, %n: index, %m: index) attributes {arignote.kernel} {
// CHECK-NEXT: %[[C2:.*]] = arith.constant 2 : index
// CHECK-NEXT: %[[SPAN:.*]] = arith.subi %n, %a : index
// CHECK-NEXT: %[[T:.*]] = arith.ceildivsi %[[SPAN]], %[[C2]] : index
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[M:.*]] = arith.maxsi %m, %[[ONE]] : index
// CHECK-NEXT: %[[W:.*]] = arith.constant 10922 : index
// CHECK-NEXT: %[[SUM:.*]] = arith.addi %[[W]], %[[M]] : index
// CHECK-NEXT: %[[G:.*]] = arith.divui %[[SUM]], %[[M]] : index
// CHECK-NEXT: loop.parallel_for @r_chunk1(%[[T]]) grain(%[[G]]) args(%x : memref<?x?xf32>, %o : memref<?xf32>, %a : index, %n : index, %m : index)
// CHECK: func.func @r_chunk1(%lo: index, %hi: index, %x: memref<?x?xf32>, %o: memref<?xf32>, %a: index, %n: index, %m: index) attributes {arignote.kernel} {
// CHECK: %[[S2:.*]] = arith.constant 2 : index
// CHECK: %[[LOS:.*]] = arith.muli %lo, %[[S2]] : index
// CHECK-NEXT: %[[LB:.*]] = arith.addi %a, %[[LOS]] : index
// CHECK-NEXT: %[[HIS:.*]] = arith.muli %hi, %[[S2]] : index
// CHECK-NEXT: %[[UB:.*]] = arith.addi %a, %[[HIS]] : index
// CHECK-NEXT: "scf.parallel"(%[[LB]], %[[UB]], %[[S2]])
// CHECK: scf.for
// CHECK: func.func @r_chunk(
func.func @r(%x: memref<?x?xf32>, %o: memref<?xf32>, %a: index, %n: index, %m: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  "scf.parallel"(%a, %n, %c2) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %z = arith.constant 0.0 : f32
    %s = scf.for %j = %c0 to %m step %c1 iter_args(%acc = %z) -> (f32) {
      %v = memref.load %x[%i, %j] : memref<?x?xf32>
      %t = arith.addf %acc, %v : f32
      scf.yield %t : f32
    }
    memref.store %s, %o[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}
func.func @r_chunk() {
  func.return
}

// -----

// Left alone: work known to be below 2 * min-work (16 elements), a first dim of one
// iteration, a top-level scf.for, a nest that calls a function, a function that is not
// a kernel, and (by default, min-cost=3) a copy of cost 2.  With min-work=4 and
// min-cost=1 the 16-element nest and the copy are split.
// CHECK-LABEL: func.func @small
// CHECK-NOT: loop.parallel_for
// CHECK-LABEL: func.func @host
// CHECK-LABEL: func.func @copy
// CHECK-NOT: loop.parallel_for
// SMALL-LABEL: func.func @small
// SMALL: loop.parallel_for @small_chunk
// SMALL-LABEL: func.func @one
// SMALL-NOT: loop.parallel_for
// SMALL-LABEL: func.func @host
// SMALL-LABEL: func.func @copy
// SMALL: loop.parallel_for @copy_chunk
func.func @small(%o: memref<16xf32>) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %z = arith.constant 0.0 : f32
  "scf.parallel"(%c0, %c16, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    memref.store %z, %o[%i] : memref<16xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}
func.func @one(%o: memref<1x?xf32>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  "scf.parallel"(%c0, %c0, %c1, %n, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    memref.store %z, %o[%i, %j] : memref<1x?xf32>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  func.return
}
func.func @seq(%o: memref<?xf32>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  scf.for %i = %c0 to %n step %c1 {
    memref.store %z, %o[%i] : memref<?xf32>
  }
  func.return
}
func.func private @ext(f32) -> f32
func.func @calls(%o: memref<?xf32>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %v = func.call @ext(%z) : (f32) -> f32
    memref.store %v, %o[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}
func.func @host(%o: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    memref.store %z, %o[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}
func.func @copy(%x: memref<?xf32>, %o: memref<?xf32>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %v = memref.load %x[%i] : memref<?xf32>
    memref.store %v, %o[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}

// -----

// Loops inside an scf.if count as work as if both branches ran: m (then) + p (else) per
// step of dim 0; the cost is 5 (the scf.if and both branches' load and store), so 6554.
// CHECK-LABEL: func.func @branches(%x: memref<?x?xf32>, %n: index, %m: index, %p: index, %c: i1) attributes {arignote.kernel} {
// CHECK-NEXT: %[[W:.*]] = arith.addi %m, %p : index
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[W1:.*]] = arith.maxsi %[[W]], %[[ONE]] : index
// CHECK-NEXT: %[[K:.*]] = arith.constant 6553 : index
// CHECK-NEXT: %[[SUM:.*]] = arith.addi %[[K]], %[[W1]] : index
// CHECK-NEXT: %[[G:.*]] = arith.divui %[[SUM]], %[[W1]] : index
// CHECK-NEXT: loop.parallel_for @branches_chunk(%n) grain(%[[G]])
func.func @branches(%x: memref<?x?xf32>, %n: index, %m: index, %p: index, %c: i1) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    scf.if %c {
      scf.for %j = %c0 to %m step %c1 {
        %a = memref.load %x[%i, %j] : memref<?x?xf32>
        memref.store %a, %x[%j, %i] : memref<?x?xf32>
      }
    } else {
      scf.for %j = %c0 to %p step %c1 {
        %a = memref.load %x[%j, %i] : memref<?x?xf32>
        memref.store %a, %x[%i, %j] : memref<?x?xf32>
      }
    }
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}
