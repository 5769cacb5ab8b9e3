// xDSL's opaque spelling `#gpu<dim x>` is read and printed as upstream's.
// RUN: arignote-opt %s --print-op-generic | filecheck %s

// CHECK: "gpu.thread_id"() <{dimension = #gpu.dim<y>}> : () -> index
func.func @f() -> index {
  %0 = "gpu.thread_id"() <{dimension = #gpu<dim y>}> : () -> index
  func.return %0 : index
}
