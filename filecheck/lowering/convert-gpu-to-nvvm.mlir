// RUN: not arignote-opt %s --split-input-file -p convert-gpu-to-nvvm 2>/dev/null | filecheck %s
// RUN: not arignote-opt %s --split-input-file -p convert-gpu-to-nvvm 2>&1 >/dev/null | filecheck %s --check-prefix=ERR
// RUN: not arignote-opt %s -p 'convert-gpu-to-nvvm{index-bitwidth=32}' 2>&1 | filecheck %s --check-prefix=BITS

// BITS: error: convert-gpu-to-nvvm: index-bitwidth=32 is not supported; the kernel ABI (docs/internals.md §6) passes index values as i64

// The host function and its launch stay; the kernel becomes an llvm.func with the ABI:
// memref -> ptr (+ i64 per dynamic dim), index -> i64, scalars unchanged.
// CHECK:       builtin.module attributes {gpu.container_module} {
// CHECK-LABEL:   func.func @f
// CHECK:           "gpu.launch_func"
// CHECK-SAME:        kernel = @f_kernels::@f_kernel_0
// CHECK:         "gpu.module"() <{sym_name = "f_kernels"}> ({
// CHECK-NEXT:      llvm.func @f_kernel_0(%[[N:.*]]: i64, %[[X:.*]]: !llvm.ptr<1>, %[[XD0:.*]]: i64, %[[S:.*]]: f32, %[[Y:.*]]: !llvm.ptr<1>, %[[YD1:.*]]: i64, %[[H:.*]]: !llvm.ptr) attributes {nvvm.kernel, nvvm.maxntid = array<i32: 256, 1, 1>} {
// CHECK-NEXT:        %[[NI:.*]] = builtin.unrealized_conversion_cast %[[N]] : i64 to index
// CHECK-NEXT:        %[[XM:.*]] = builtin.unrealized_conversion_cast %[[X]], %[[XD0]] : !llvm.ptr<1>, i64 to memref<?xf32, 1 : i64>
// CHECK-NEXT:        %[[YM:.*]] = builtin.unrealized_conversion_cast %[[Y]], %[[YD1]] : !llvm.ptr<1>, i64 to memref<4x?xf32, 1 : i64>
// CHECK-NEXT:        %[[HM:.*]] = builtin.unrealized_conversion_cast %[[H]] : !llvm.ptr to memref<8xi32>
// CHECK-NEXT:        %[[R0:.*]] = nvvm.read.ptx.sreg.ctaid.x : i32
// CHECK-NEXT:        %[[W0:.*]] = llvm.zext nneg %[[R0]] : i32 to i64
// CHECK-NEXT:        %[[BX:.*]] = builtin.unrealized_conversion_cast %[[W0]] : i64 to index
// CHECK-NEXT:        %[[R1:.*]] = nvvm.read.ptx.sreg.tid.x : i32
// CHECK-NEXT:        %[[W1:.*]] = llvm.zext nneg %[[R1]] : i32 to i64
// CHECK-NEXT:        %[[TX:.*]] = builtin.unrealized_conversion_cast %[[W1]] : i64 to index
// CHECK-NEXT:        %[[R2:.*]] = nvvm.read.ptx.sreg.ntid.x : i32
// CHECK-NEXT:        %[[W2:.*]] = llvm.zext nneg %[[R2]] : i32 to i64
// CHECK-NEXT:        %[[DX:.*]] = builtin.unrealized_conversion_cast %[[W2]] : i64 to index
// CHECK-NEXT:        %[[R3:.*]] = nvvm.read.ptx.sreg.nctaid.y : i32
// CHECK:             %[[R4:.*]] = nvvm.read.ptx.sreg.tid.z : i32
// CHECK:             %[[T:.*]] = arith.muli %[[BX]], %[[DX]] : index
// CHECK-NEXT:        %[[I:.*]] = arith.addi %[[T]], %[[TX]] : index
// CHECK-NEXT:        %[[OK:.*]] = arith.cmpi slt, %[[I]], %[[NI]] : index
// CHECK-NEXT:        scf.if %[[OK]] {
// CHECK-NEXT:          %[[A:.*]] = memref.load %[[XM]][%[[I]]] : memref<?xf32, 1 : i64>
// CHECK-NEXT:          %[[B:.*]] = arith.mulf %[[A]], %[[S]] : f32
// CHECK-NEXT:          memref.store %[[B]], %[[XM]][%[[I]]] : memref<?xf32, 1 : i64>
// CHECK-NEXT:        }
// CHECK-NEXT:        memref.store %[[S]], %[[YM]][%{{.*}}, %{{.*}}] : memref<4x?xf32, 1 : i64>
// CHECK-NEXT:        nvvm.barrier0
// CHECK-NEXT:        llvm.return
// CHECK-NEXT:      }
// A kernel without a known block size gets no nvvm.maxntid; xDSL's spelling is read too.
// CHECK-NEXT:      llvm.func @f_kernel_1() attributes {nvvm.kernel} {
// CHECK:           llvm.func @f_kernel_2() attributes {nvvm.kernel, nvvm.maxntid = array<i32: 32, 2, 1>} {
// CHECK-NOT:     "gpu.func"
// CHECK-NOT:     gpu.thread_id
// CHECK-NOT:     "gpu.return"
builtin.module attributes {gpu.container_module} {
  func.func @f(%x: memref<?xf32, 1 : i64>, %s: f32, %n: index) {
    %c1 = arith.constant 1 : index
    "gpu.launch_func"(%c1, %c1, %c1, %c1, %c1, %c1, %n, %x, %s) <{kernel = @f_kernels::@f_kernel_0, operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 3, 0>}> : (index, index, index, index, index, index, index, memref<?xf32, 1 : i64>, f32) -> ()
    func.return
  }
  "gpu.module"() <{sym_name = "f_kernels"}> ({
    "gpu.func"() <{function_type = (index, memref<?xf32, 1 : i64>, f32, memref<4x?xf32, 1 : i64>, memref<8xi32>) -> (), kernel}> ({
    ^bb0(%n: index, %x: memref<?xf32, 1 : i64>, %s: f32, %y: memref<4x?xf32, 1 : i64>, %h: memref<8xi32>):
      %bx = "gpu.block_id"() <{dimension = #gpu<dim x>}> : () -> index
      %tx = "gpu.thread_id"() <{dimension = #gpu<dim x>}> : () -> index
      %dx = "gpu.block_dim"() <{dimension = #gpu.dim<x>}> : () -> index
      %gy = "gpu.grid_dim"() <{dimension = #gpu.dim<y>}> : () -> index
      %tz = "gpu.thread_id"() <{dimension = #gpu<dim z>}> : () -> index
      %t = arith.muli %bx, %dx : index
      %i = arith.addi %t, %tx : index
      %ok = arith.cmpi slt, %i, %n : index
      scf.if %ok {
        %a = memref.load %x[%i] : memref<?xf32, 1 : i64>
        %b = arith.mulf %a, %s : f32
        memref.store %b, %x[%i] : memref<?xf32, 1 : i64>
      }
      // (the id ops are pure: an unused one would be erased, not converted)
      memref.store %s, %y[%gy, %tz] : memref<4x?xf32, 1 : i64>
      "gpu.barrier"() : () -> ()
      "gpu.return"() : () -> ()
    }) {sym_name = "f_kernel_0", known_block_size = array<i32: 256, 1, 1>} : () -> ()
    "gpu.func"() <{function_type = () -> (), kernel}> ({
      "gpu.return"() : () -> ()
    }) {sym_name = "f_kernel_1"} : () -> ()
    "gpu.func"() <{function_type = () -> (), kernel}> ({
      "gpu.return"() : () -> ()
    }) {sym_name = "f_kernel_2", gpu.known_block_size = array<i32: 32, 2, 1>} : () -> ()
  }) : () -> ()
}

// -----

// ERR: convert-gpu-to-nvvm.mlir:89:5: error: convert-gpu-to-nvvm: 'gpu.func' @helper is not a kernel; only gpu.func kernels are converted to NVVM
builtin.module attributes {gpu.container_module} {
  "gpu.module"() <{sym_name = "m"}> ({
    "gpu.func"() <{function_type = () -> ()}> ({
      "gpu.return"() : () -> ()
    }) {sym_name = "helper"} : () -> ()
  }) : () -> ()
}

// -----

// ERR: error: convert-gpu-to-nvvm: 'gpu.func' @strided argument #0: memref has a non-identity layout (memref<4xf32, strided<[2]>>); only identity-layout memrefs are supported
builtin.module attributes {gpu.container_module} {
  "gpu.module"() <{sym_name = "m"}> ({
    "gpu.func"() <{function_type = (memref<4xf32, strided<[2]>>) -> (), kernel}> ({
    ^bb0(%x: memref<4xf32, strided<[2]>>):
      "gpu.return"() : () -> ()
    }) {sym_name = "strided"} : () -> ()
  }) : () -> ()
}

// -----

// ERR: convert-gpu-to-nvvm.mlir:113:7: error: convert-gpu-to-nvvm: 'gpu.lane_id' cannot be converted to NVVM (supported: thread_id, block_id, block_dim, grid_dim, barrier, func kernels, return)
builtin.module attributes {gpu.container_module} {
  "gpu.module"() <{sym_name = "m"}> ({
    "gpu.func"() <{function_type = () -> (), kernel}> ({
      %l = "gpu.lane_id"() : () -> index
      "gpu.return"() : () -> ()
    }) {sym_name = "lanes"} : () -> ()
  }) : () -> ()
}
