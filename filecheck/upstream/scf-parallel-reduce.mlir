// scf.parallel in upstream's custom form (xDSL has none; we print it generic, as xDSL
// does) and scf.reduce with two reduction regions (upstream separates them with a comma;
// xDSL printed a space, which upstream rejects); round-tripped through iree-opt in custom
// and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt | iree-opt | filecheck %s --check-prefix=UP

// CHECK: "scf.parallel"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 1, 2>}> ({
// CHECK: scf.reduce(%{{.*}}, %{{.*}} : f32, i32) {
// CHECK: arith.addf
// CHECK: scf.reduce.return %{{.*}} : f32
// CHECK-NEXT: }, {
// CHECK: arith.muli
// CHECK: scf.reduce.return %{{.*}} : i32
// CHECK: "scf.parallel"
// CHECK: scf.reduce{{$}}
// CHECK: {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>, #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// UP: scf.parallel (%arg4) = (%arg0) to (%arg1) step (%arg2) init (%cst, %c1_i32) -> (f32, i32) {
// UP: }, {
// UP: scf.parallel (%arg4, %arg5) = (%arg0, %c0) to (%arg1, %arg1) step (%arg2, %arg2) {
func.func @f(%lb: index, %ub: index, %st: index, %m: memref<?xf32>) -> (f32, i32) {
  %z = arith.constant 0.0 : f32
  %o = arith.constant 1 : i32
  %r:2 = scf.parallel (%i) = (%lb) to (%ub) step (%st) init (%z, %o) -> (f32, i32) {
    %v = memref.load %m[%i] : memref<?xf32>
    %w = arith.fptosi %v : f32 to i32
    scf.reduce(%v, %w : f32, i32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }, {
    ^bb0(%a: i32, %b: i32):
      %p = arith.muli %a, %b : i32
      scf.reduce.return %p : i32
    }
  }
  func.return %r#0, %r#1 : f32, i32
}

func.func @g(%lb: index, %ub: index, %st: index, %m: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  scf.parallel (%i, %j) = (%lb, %c0) to (%ub, %ub) step (%st, %st) {
    %v = memref.load %m[%i, %j] : memref<?x?xf32>
    memref.store %v, %m[%j, %i] : memref<?x?xf32>
  } {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>, #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
  func.return
}
