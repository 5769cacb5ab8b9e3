// RUN: arignote-opt %s -p tt-to-cpu | filecheck %s --check-prefix=CPU
// RUN: arignote-opt %s -p tt-to-ptx | filecheck %s --check-prefix=PTX

// A host callback between two kernels stays a call of the host function through both
// pipelines; on the GPU its operand is copied to the host first and its result back.

// CPU-LABEL: func.func @f
// CPU: llvm.call @f_kernel_0
// CPU: %[[Y:.*]] = host.call "print:[\22y\22,[\22__str__\22]]"(%{{.*}}) : (memref<?xf32>) -> memref<?xf32>
// CPU: builtin.unrealized_conversion_cast %[[Y]]
// CPU: llvm.call @f_kernel_1
// CPU-LABEL: llvm.func @f_kernel_0

// PTX-LABEL: func.func @f
// PTX: "gpu.launch_func"({{.*}}kernel = @f_kernels::@f_kernel_0
// PTX: "gpu.memcpy"(%[[H:[^,]*]], %{{.*}}) {{.*}} : (memref<?xf32>, memref<?xf32, 1 : i64>)
// PTX: %[[Y:.*]] = host.call "print:[\22y\22,[\22__str__\22]]"(%[[H]]) : (memref<?xf32>) -> memref<?xf32>
// PTX: "gpu.memcpy"(%{{.*}}, %[[Y]]) {{.*}} : (memref<?xf32, 1 : i64>, memref<?xf32>)
// PTX: "gpu.launch_func"({{.*}}kernel = @f_kernels::@f_kernel_1
func.func @f(%x: tensor<?xf32>) -> tensor<?xf32> {
  %e = tt.exp %x : tensor<?xf32>
  %y = tt.host_call "print:[\"y\",[\"__str__\"]]"(%e) : (tensor<?xf32>) -> tensor<?xf32>
  %z = tt.sqrt %y : tensor<?xf32>
  func.return %z : tensor<?xf32>
}
