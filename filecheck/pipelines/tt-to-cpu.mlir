// RUN: arignote-opt %s -p 'tt-to-cpu{stop=fused}' | filecheck %s --check-prefix=FUSED
// RUN: arignote-opt %s -p 'tt-to-cpu{stop=kernels}' | filecheck %s --check-prefix=KERNELS
// RUN: arignote-opt %s -p tt-to-cpu | filecheck %s --check-prefix=LLVM
// RUN: arignote-opt %s -p tt-to-cpu -t llvm | filecheck %s --check-prefix=IR

// Theano's x + s * x through the CPU pipeline.
func.func @f(%x: tensor<?xf32>, %s: tensor<f32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %sb = tt.broadcast %s dims [] sizes(%n) : tensor<f32> -> tensor<?xf32>
  %m = tt.mul %sb, %x : tensor<?xf32>
  %y = tt.add %x, %m : tensor<?xf32>
  func.return %y : tensor<?xf32>
}

// After fusion: one generic reads x and s (broadcast folded into its map).
// FUSED: linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>, affine_map<(d0) -> (d0)>]
// FUSED-NOT: linalg.generic

// After outlining: the host allocates the result and calls one kernel.
// KERNELS-LABEL: func.func @f(%x: memref<?xf32>, %s: memref<f32>) -> memref<?xf32>
// KERNELS: %[[R:.*]] = memref.alloc
// KERNELS: func.call @f_kernel_0(%x, %s, %[[R]], %{{.*}}) : (memref<?xf32>, memref<f32>, memref<?xf32>, index) -> ()
// KERNELS: func.return %[[R]]
// KERNELS: func.func @f_kernel_0({{.*}}) attributes {arignote.kernel}
// KERNELS: "scf.parallel"

// At the llvm level the kernel has the bare-pointer ABI with noalias pointers and the
// host calls it through unrealized casts.
// LLVM: llvm.call @f_kernel_0
// LLVM: llvm.func @f_kernel_0(%{{.*}}: !llvm.ptr {llvm.noalias}

// IR: define void @f_kernel_0(ptr noalias
