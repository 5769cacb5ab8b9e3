// The gpu id ops in upstream's custom form (`gpu.thread_id x`, `upper_bound`) and
// `#gpu.dim<x>` in generic form, round-tripped through iree-opt; xDSL's `#gpu<dim x>` is
// still read.
// REQUIRES: iree-opt
// RUN: arignote-opt %s | filecheck %s
// RUN: arignote-opt %s | iree-opt | arignote-opt | filecheck %s
// RUN: arignote-opt %s --print-op-generic | iree-opt --mlir-print-op-generic | arignote-opt | filecheck %s
// RUN: iree-opt %s --mlir-print-op-generic | arignote-opt --print-op-generic | iree-opt | filecheck %s --check-prefix=UP
// RUN: arignote-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK: gpu.thread_id x
// CHECK: gpu.block_dim y
// CHECK: gpu.block_id z upper_bound 64
// CHECK: gpu.grid_dim x
// CHECK: gpu.global_id y
// CHECK: gpu.cluster_id x
// CHECK: gpu.cluster_dim y
// CHECK: gpu.cluster_block_id z
// CHECK: gpu.thread_id z upper_bound 32
// UP: gpu.thread_id x
// UP: gpu.block_id z upper_bound 64
// GENERIC: "gpu.thread_id"() <{dimension = #gpu.dim<x>}> : () -> index
// GENERIC: "gpu.block_id"() <{dimension = #gpu.dim<z>, upper_bound = 64 : index}> : () -> index
// GENERIC: "gpu.thread_id"() <{dimension = #gpu.dim<z>, upper_bound = 32 : index}> : () -> index
func.func @f() -> (index, index, index, index, index, index, index, index, index) {
  %0 = gpu.thread_id x
  %1 = gpu.block_dim y
  %2 = gpu.block_id z upper_bound 64
  %3 = gpu.grid_dim x
  %4 = gpu.global_id y
  %5 = gpu.cluster_id x
  %6 = gpu.cluster_dim y
  %7 = gpu.cluster_block_id z
  %8 = "gpu.thread_id"() <{dimension = #gpu.dim<z>, upper_bound = 32 : index}> : () -> index
  func.return %0, %1, %2, %3, %4, %5, %6, %7, %8 : index, index, index, index, index, index, index, index, index
}
