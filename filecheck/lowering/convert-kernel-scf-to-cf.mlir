// RUN: not arignote-opt %s --split-input-file -p convert-kernel-scf-to-cf 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err

// Host functions keep their scf; in kernels scf.for is a condition block whose arguments
// are the induction variable and the carried values (the loop's results), scf.if branches
// to a continuation block carrying its results.
// CHECK-LABEL: func.func @host
// CHECK: scf.for
// CHECK-LABEL: func.func @loops
// CHECK-SAME: (%[[M:.*]]: memref<?xf32>, %[[N:.*]]: index, %[[P:.*]]: i1)
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[C1:.*]] = arith.constant 1 : index
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: cf.br ^[[COND:.*]](%[[C0]], %[[Z]] : index, f32)
// CHECK-NEXT: ^[[COND]](%[[I:.*]]: index, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[LT:.*]] = arith.cmpi slt, %[[I]], %[[N]] : index
// CHECK-NEXT: cf.cond_br %[[LT]], ^[[BODY:.*]], ^[[END:.*]]
// CHECK-NEXT: ^[[BODY]]:
// CHECK-NEXT: %[[V:.*]] = memref.load %[[M]][%[[I]]] : memref<?xf32>
// CHECK-NEXT: %[[A:.*]] = arith.addf %[[ACC]], %[[V]] : f32
// CHECK-NEXT: %[[NEXT:.*]] = arith.addi %[[I]], %[[C1]] overflow<nsw> : index
// CHECK-NEXT: cf.br ^[[COND]](%[[NEXT]], %[[A]] : index, f32)
// CHECK-NEXT: ^[[END]]:
// CHECK-NEXT: cf.cond_br %[[P]], ^[[THEN:.*]], ^[[ELSE:.*]]
// CHECK-NEXT: ^[[THEN]]:
// CHECK-NEXT: cf.br ^[[CONT:.*]](%[[ACC]] : f32)
// CHECK-NEXT: ^[[ELSE]]:
// CHECK-NEXT: %[[NEG:.*]] = arith.negf %[[ACC]] : f32
// CHECK-NEXT: cf.br ^[[CONT]](%[[NEG]] : f32)
// CHECK-NEXT: ^[[CONT]](%[[R:.*]]: f32):
// CHECK-NEXT: cf.cond_br %[[P]], ^[[T2:.*]], ^[[E2:.*]]
// CHECK-NEXT: ^[[T2]]:
// CHECK-NEXT: memref.store %[[R]], %[[M]][%[[C0]]] : memref<?xf32>
// CHECK-NEXT: cf.br ^[[E2]]
// CHECK-NEXT: ^[[E2]]:
// CHECK-NEXT: func.return

// scf.parallel with a reduction: nested loops carrying the accumulator, the reduce
// region inlined in the innermost body.
// CHECK-LABEL: func.func @par
// CHECK-SAME: (%[[M:.*]]: memref<?x?xf32>, %[[N0:.*]]: index, %[[N1:.*]]: index)
// CHECK: cf.br ^[[OC:.*]](%[[C0:.*]], %[[Z:.*]] : index, f32)
// CHECK-NEXT: ^[[OC]](%[[I:.*]]: index, %[[T:.*]]: f32):
// CHECK-NEXT: arith.cmpi slt, %[[I]], %[[N0]] : index
// CHECK: cf.br ^[[IC:.*]](%[[C0]], %[[T]] : index, f32)
// CHECK-NEXT: ^[[IC]](%[[J:.*]]: index, %[[L:.*]]: f32):
// CHECK-NEXT: arith.cmpi slt, %[[J]], %[[N1]] : index
// CHECK: %[[V:.*]] = memref.load %[[M]][%[[I]], %[[J]]] : memref<?x?xf32>
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[L]], %[[V]] : f32
// CHECK-NEXT: %[[J1:.*]] = arith.addi %[[J]], %{{.*}} overflow<nsw> : index
// CHECK-NEXT: cf.br ^[[IC]](%[[J1]], %[[S]] : index, f32)
// CHECK: %[[I1:.*]] = arith.addi %[[I]], %{{.*}} overflow<nsw> : index
// CHECK-NEXT: cf.br ^[[OC]](%[[I1]], %[[L]] : index, f32)
// CHECK: memref.store %[[T]], %[[M]][%[[C0]], %[[C0]]] : memref<?x?xf32>

// scf.while: before region, cond_br to the after region or the exit (both get the values).
// CHECK-LABEL: func.func @wh
// CHECK: cf.br ^[[B:.*]](%{{.*}} : i32)
// CHECK-NEXT: ^[[B]](%[[I:.*]]: i32):
// CHECK-NEXT: %[[LT:.*]] = arith.cmpi slt, %[[I]], %{{.*}} : i32
// CHECK-NEXT: cf.cond_br %[[LT]], ^[[AFTER:.*]](%[[I]] : i32), ^[[EXIT:.*]](%[[I]] : i32)
// CHECK-NEXT: ^[[AFTER]](%[[II:.*]]: i32):
// CHECK-NEXT: %[[N:.*]] = arith.addi %[[II]], %{{.*}} : i32
// CHECK-NEXT: cf.br ^[[B]](%[[N]] : i32)
// CHECK-NEXT: ^[[EXIT]](%{{.*}}: i32):
// CHECK-NEXT: func.return
func.func @host(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
  }
  func.return
}
func.func @loops(%m: memref<?xf32>, %n: index, %p: i1) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %z) -> (f32) {
    %v = memref.load %m[%i] : memref<?xf32>
    %a = arith.addf %acc, %v : f32
    scf.yield %a : f32
  }
  %r = scf.if %p -> (f32) {
    scf.yield %s : f32
  } else {
    %neg = arith.negf %s : f32
    scf.yield %neg : f32
  }
  scf.if %p {
    memref.store %r, %m[%c0] : memref<?xf32>
  }
  func.return
}
func.func @par(%m: memref<?x?xf32>, %n0: index, %n1: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  %t = "scf.parallel"(%c0, %c0, %n0, %n1, %c1, %c1, %z) <{operandSegmentSizes = array<i32: 2, 2, 2, 1>}> ({
  ^bb0(%i: index, %j: index):
    %v = memref.load %m[%i, %j] : memref<?x?xf32>
    scf.reduce(%v : f32) {
    ^bb1(%l: f32, %r: f32):
      %s = arith.addf %l, %r : f32
      scf.reduce.return %s : f32
    }
  }) : (index, index, index, index, index, index, f32) -> f32
  memref.store %t, %m[%c0, %c0] : memref<?x?xf32>
  func.return
}
func.func @wh(%n: i32) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %r = scf.while (%i = %c0) : (i32) -> i32 {
    %lt = arith.cmpi slt, %i, %n : i32
    scf.condition(%lt) %i : i32
  } do {
  ^bb0(%i: i32):
    %i1 = arith.addi %i, %c1 : i32
    scf.yield %i1 : i32
  }
  func.return
}

// -----

// A zero-dimensional scf.parallel runs its body once, in place.
// CHECK-LABEL: func.func @rank0
// CHECK-NEXT: %[[V:.*]] = memref.load %{{.*}}[] : memref<f32>
// CHECK-NEXT: %[[W:.*]] = arith.addf %[[V]], %[[V]] : f32
// CHECK-NEXT: memref.store %[[W]], %{{.*}}[] : memref<f32>
// CHECK-NEXT: func.return
func.func @rank0(%a: memref<f32>, %o: memref<f32>) attributes {arignote.kernel} {
  "scf.parallel"() <{operandSegmentSizes = array<i32: 0, 0, 0, 0>}> ({
    %v = memref.load %a[] : memref<f32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %o[] : memref<f32>
    scf.reduce
  }) : () -> ()
  func.return
}

// -----

// negative cases

func.func @k(%a: i32) attributes {arignote.kernel} {
  %r = scf.execute_region -> i32 {
    scf.yield %a : i32
  }
  func.return
}
// ERR: convert-kernel-scf-to-cf.mlir:[[# @LINE - 5]]:3: error: convert-kernel-scf-to-cf: 'scf.execute_region' is not supported in device code (convertible: scf.parallel, scf.for, scf.if, scf.while)

// -----
func.func @k(%i: index) attributes {arignote.kernel} {
  scf.index_switch %i
  case 1 {
    scf.yield
  }
  default {
    scf.yield
  }
  func.return
}
// ERR: convert-kernel-scf-to-cf.mlir:[[# @LINE - 9]]:3: error: convert-kernel-scf-to-cf: 'scf.index_switch' is not supported in device code (convertible: scf.parallel, scf.for, scf.if, scf.while)
