// RUN: arignote-opt %s -p gpu-map-loops-coalesced | filecheck %s
// RUN: not arignote-opt %s -p 'gpu-map-loops-coalesced{block-size=100}' 2>&1 | filecheck %s --check-prefix=BAD

// BAD: error: gpu-map-loops-coalesced: block-size=100 must be a positive multiple of 32 of at most 1024

// The innermost dim goes to thread_x (coalesced accesses), then block_y, block_z.
// CHECK-LABEL: func.func @one_dim
// CHECK: "scf.parallel"
// CHECK: }) {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
func.func @one_dim(%x: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %x[%i] : memref<?xf32>
    memref.store %a, %x[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}

// CHECK-LABEL: func.func @two_dims
// CHECK: }) {mapping = [#gpu.loop_dim_map<processor = block_y, map = (d0) -> (d0), bound = (d0) -> (d0)>, #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
func.func @two_dims(%x: memref<?x?xf32>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %c0, %n, %m, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    %a = memref.load %x[%i, %j] : memref<?x?xf32>
    memref.store %a, %x[%i, %j] : memref<?x?xf32>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  func.return
}

// Beyond three dims the outer ones run sequentially; a nested loop is sequential.
// CHECK-LABEL: func.func @four_dims_nested
// CHECK:   "scf.parallel"
// CHECK:     "scf.parallel"
// CHECK:     }) {mapping = [#gpu.loop_dim_map<processor = sequential, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// CHECK:   }) {mapping = [#gpu.loop_dim_map<processor = sequential, {{.*}}>, #gpu.loop_dim_map<processor = block_z, {{.*}}>, #gpu.loop_dim_map<processor = block_y, {{.*}}>, #gpu.loop_dim_map<processor = thread_x, {{.*}}>]}
func.func @four_dims_nested(%x: memref<2x3x4x5xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  "scf.parallel"(%c0, %c0, %c0, %c0, %c2, %c3, %c4, %c5, %c1, %c1, %c1, %c1) <{operandSegmentSizes = array<i32: 4, 4, 4, 0>}> ({
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    "scf.parallel"(%c0, %c5, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
    ^bb1(%e: index):
      %v = memref.load %x[%a, %b, %c, %e] : memref<2x3x4x5xf32>
      memref.store %v, %x[%a, %b, %c, %d] : memref<2x3x4x5xf32>
      scf.reduce
    }) : (index, index, index) -> ()
    scf.reduce
  }) : (index, index, index, index, index, index, index, index, index, index, index, index) -> ()
  func.return
}

// An existing mapping is kept as written.
// CHECK-LABEL: func.func @already_mapped
// CHECK: }) {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// CHECK-NOT: thread_x
// CHECK-LABEL: func.func @in_launch
func.func @already_mapped(%x: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %x[%i] : memref<?xf32>
    memref.store %a, %x[%i] : memref<?xf32>
    scf.reduce
  }) {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]} : (index, index, index) -> ()
  func.return
}

// Loops in device code are not host loops: untouched.
// CHECK: "gpu.launch"
// CHECK: "scf.parallel"
// CHECK-NOT: mapping
// CHECK: "gpu.terminator"
func.func @in_launch(%x: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "gpu.launch"(%c1, %c1, %c1, %c1, %c1, %c1) <{operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0>}> ({
  ^bb0(%b0: index, %b1: index, %b2: index, %t0: index, %t1: index, %t2: index, %g0: index, %g1: index, %g2: index, %s0: index, %s1: index, %s2: index):
    "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
    ^bb1(%i: index):
      %a = memref.load %x[%i] : memref<?xf32>
      memref.store %a, %x[%i] : memref<?xf32>
      scf.reduce
    }) : (index, index, index) -> ()
    "gpu.terminator"() : () -> ()
  }) : (index, index, index, index, index, index) -> ()
  func.return
}
