// scf.forall in both forms (`in (ubs)` and `= (lbs) to (ubs) step (steps)`, static and
// dynamic bounds), with shared outputs, scf.forall.in_parallel and
// tensor.parallel_insert_slice, and GPU mappings; round-tripped through iree-opt in custom
// and generic form.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt | filecheck %s --check-prefix=UP
// RUN: arignote-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK: scf.forall (%[[I:.*]], %[[J:.*]]) in (8, 16) shared_outs(%[[O:.*]] = %{{.*}}) -> (tensor<8x16xf32>) {
// CHECK:   %[[S:.*]] = tensor.extract_slice %{{.*}}[%[[I]], %[[J]]] [1, 1] [1, 1] : tensor<8x16xf32> to tensor<1x1xf32>
// CHECK:   scf.forall.in_parallel {
// CHECK:     tensor.parallel_insert_slice %[[S]] into %[[O]][%[[I]], %[[J]]] [1, 1] [1, 1] : tensor<1x1xf32> into tensor<8x16xf32>
// CHECK:   }
// CHECK: } {mapping = [#gpu.thread<y>, #gpu.thread<x>]}
// CHECK: scf.forall (%{{.*}}) = (0) to (%{{.*}}) step (2) {
// CHECK-NEXT: } {mapping = [#gpu.block<x>]}
// CHECK: scf.forall (%{{.*}}) = (%{{.*}}) to (64) step (%{{.*}}) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<?xf32>) {
// UP: scf.forall (%arg3, %arg4) in (8, 16) shared_outs(%arg5 = %arg0) -> (tensor<8x16xf32>) {
// UP: scf.forall (%arg3) = (0) to (%arg1) step (2) {
// GENERIC: "scf.forall"(%{{.*}}) <{staticLowerBound = array<i64: 0, 0>, staticUpperBound = array<i64: 8, 16>, staticStep = array<i64: 1, 1>, mapping = [#gpu.thread<y>, #gpu.thread<x>], operandSegmentSizes = array<i32: 0, 0, 0, 1>}>
// GENERIC: "scf.forall.in_parallel"() ({
// GENERIC: "tensor.parallel_insert_slice"
// GENERIC: "scf.forall"(%{{.*}}) <{staticLowerBound = array<i64: 0>, staticUpperBound = array<i64: -9223372036854775808>, staticStep = array<i64: 2>, mapping = [#gpu.block<x>], operandSegmentSizes = array<i32: 0, 1, 0, 0>}>
func.func @f(%t: tensor<8x16xf32>, %n: index, %u: tensor<?xf32>) -> (tensor<8x16xf32>, tensor<?xf32>) {
  %r = scf.forall (%i, %j) in (8, 16) shared_outs(%o = %t) -> (tensor<8x16xf32>) {
    %s = tensor.extract_slice %t[%i, %j] [1, 1] [1, 1] : tensor<8x16xf32> to tensor<1x1xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i, %j] [1, 1] [1, 1] : tensor<1x1xf32> into tensor<8x16xf32>
    }
  } {mapping = [#gpu.thread<y>, #gpu.thread<x>]}
  scf.forall (%i) = (0) to (%n) step (2) {
  } {mapping = [#gpu.block<x>]}
  %w = scf.forall (%i) = (%n) to (64) step (%n) shared_outs(%o = %u) -> (tensor<?xf32>) {
    %s = tensor.extract_slice %o[%i] [4] [1] : tensor<?xf32> to tensor<4xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i] [4] [1] : tensor<4xf32> into tensor<?xf32>
    }
  }
  return %r, %w : tensor<8x16xf32>, tensor<?xf32>
}
