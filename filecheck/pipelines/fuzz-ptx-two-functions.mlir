// RUN: arignote-opt %s -p tt-to-ptx -t ptx | filecheck %s
// Found by the IR fuzzer (issue 12): the PTX of a file whose functions both use shared
// memory (two reductions, one gpu.module each) failed with "'llvm.mlir.global' defines
// @__shared_0 twice": each gpu.module numbered its shared buffers from 0, and the file's
// gpu.modules are translated into one LLVM module.  The names are now unique in the file.

// CHECK-DAG: .shared .align {{[0-9]+}} .b8 __shared_0[
// CHECK-DAG: .shared .align {{[0-9]+}} .b8 __shared_1[
func.func @f(%a: tensor<?x3xf32>) -> tensor<3xf32> {
  %0 = tt.reduce max %a axes [0] : tensor<?x3xf32> -> tensor<3xf32>
  func.return %0 : tensor<3xf32>
}

func.func @g(%a: tensor<?x3xf32>) -> tensor<3xf32> {
  %0 = tt.reduce sum %a axes [0] : tensor<?x3xf32> -> tensor<3xf32>
  func.return %0 : tensor<3xf32>
}
