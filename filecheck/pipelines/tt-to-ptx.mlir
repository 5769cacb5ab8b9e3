// RUN: arignote-opt %s -p 'tt-to-ptx{stop=placed}' | filecheck %s --check-prefix=PLACED
// RUN: arignote-opt %s -p 'tt-to-ptx{stop=kernels}' | filecheck %s --check-prefix=KERNELS
// RUN: arignote-opt %s -p tt-to-ptx | filecheck %s --check-prefix=LLVM
// RUN: arignote-opt %s -p tt-to-ptx -t llvm | filecheck %s --check-prefix=IR
// RUN: arignote-opt %s -p tt-to-ptx -t ptx | filecheck %s --check-prefix=PTX
// RUN: arignote-opt %s -p 'tt-to-ptx{block-size=128}' -t ptx | filecheck %s --check-prefix=PTX128

// Theano's x + s * x through the GPU pipeline.
func.func @f(%x: tensor<?xf32>, %s: tensor<f32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %sb = tt.broadcast %s dims [] sizes(%n) : tensor<f32> -> tensor<?xf32>
  %m = tt.mul %sb, %x : tensor<?xf32>
  %y = tt.add %x, %m : tensor<?xf32>
  func.return %y : tensor<?xf32>
}

// Placement: x is copied to the device once, s is passed to the kernel by value, the
// result comes back once.
// PLACED: "gpu.memcpy"({{.*}}(memref<?xf32, 1 : i64>, memref<?xf32>)
// PLACED-NOT: "gpu.memcpy"({{.*}}memref<f32
// PLACED: memref.load %s[] : memref<f32>
// PLACED: "gpu.memcpy"({{.*}}(memref<?xf32>, memref<?xf32, 1 : i64>)
// PLACED-NOT: gpu.memcpy

// KERNELS: "gpu.launch_func"{{.*}}kernel = @f_kernels::@f_kernel_0
// KERNELS: "gpu.module"() <{sym_name = "f_kernels"}>
// KERNELS: "gpu.func"() {{.*}}kernel

// LLVM: "gpu.module"() <{sym_name = "f_kernels"}>
// LLVM: llvm.func @f_kernel_0({{.*}}) attributes {{.*}}nvvm.kernel
// LLVM: nvvm.read.ptx.sreg.tid.x

// IR: define ptx_kernel void @f_kernel_0(
// IR: call i32 @llvm.nvvm.read.ptx.sreg.tid.x()

// PTX: .visible .entry f_kernel_0(
// PTX: .maxntid 256, 1, 1
// PTX128: .maxntid 128, 1, 1
