// RUN: not arignote-opt %s --split-input-file -p convert-to-llvm 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err
// RUN: not arignote-opt %s --split-input-file -p 'convert-to-llvm{target=nvptx}' 2>/dev/null | filecheck %s --check-prefix=NV
// RUN: not arignote-opt %s --split-input-file -p 'convert-to-llvm{target=amdgpu}' 2>&1 | filecheck %s --check-prefix=TARGET

// The running example of docs/internals.md after cpu-kernel-outlining: the kernel is all
// llvm (no casts left), the host keeps its ops and calls the kernel through the casts
// the host runtime interprets.
// CHECK-LABEL: func.func @f
// CHECK-SAME: (%[[X:.*]]: memref<?xf32>, %[[S:.*]]: memref<f32>) -> memref<?xf32>
// CHECK: %[[N:.*]] = memref.dim %[[X]], %{{.*}} : memref<?xf32>
// CHECK-NEXT: %[[O:.*]] = memref.alloc(%[[N]]) alignment = 64 : memref<?xf32>
// CHECK-NEXT: %[[XP:.*]], %[[XN:.*]] = builtin.unrealized_conversion_cast %[[X]] : memref<?xf32> to !llvm.ptr, i64
// CHECK-NEXT: %[[SP:.*]] = builtin.unrealized_conversion_cast %[[S]] : memref<f32> to !llvm.ptr
// CHECK-NEXT: %[[OP:.*]], %[[ON:.*]] = builtin.unrealized_conversion_cast %[[O]] : memref<?xf32> to !llvm.ptr, i64
// CHECK-NEXT: %[[NL:.*]] = builtin.unrealized_conversion_cast %[[N]] : index to i64
// CHECK-NEXT: llvm.call @f_kernel_0(%[[XP]], %[[XN]], %[[SP]], %[[OP]], %[[ON]], %[[NL]]) : (!llvm.ptr, i64, !llvm.ptr, !llvm.ptr, i64, i64) -> ()
// CHECK-NEXT: func.return %[[O]] : memref<?xf32>
// CHECK-LABEL: llvm.func @f_kernel_0
// CHECK-SAME: (%[[KX:.*]]: !llvm.ptr {llvm.noalias}, %{{.*}}: i64, %[[KS:.*]]: !llvm.ptr {llvm.noalias}, %[[KO:.*]]: !llvm.ptr {llvm.noalias}, %{{.*}}: i64, %[[KN:.*]]: i64) attributes {arignote.kernel}
// CHECK-NOT: builtin.unrealized_conversion_cast
// CHECK-NOT: arith.
// CHECK: %[[Z:.*]] = llvm.mlir.constant(0) : i64
// CHECK-NEXT: %[[ONE:.*]] = llvm.mlir.constant(1) : i64
// CHECK-NEXT: llvm.br ^[[H:.*]](%[[Z]] : i64)
// CHECK-NEXT: ^[[H]](%[[I:.*]]: i64):
// CHECK-NEXT: %[[C:.*]] = llvm.icmp "slt" %[[I]], %[[KN]] : i64
// CHECK-NEXT: llvm.cond_br %[[C]], ^[[B:.*]], ^[[E:.*]]
// CHECK-NEXT: ^[[B]]:
// CHECK-NEXT: %[[PA:.*]] = llvm.getelementptr inbounds %[[KX]][%[[I]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT: %[[A:.*]] = llvm.load %[[PA]] <alignment = 4> : !llvm.ptr -> f32
// CHECK-NEXT: %[[SV:.*]] = llvm.load %[[KS]] <alignment = 4> : !llvm.ptr -> f32
// CHECK-NEXT: %[[M:.*]] = llvm.fmul %[[SV]], %[[A]] : f32
// CHECK-NEXT: %[[R:.*]] = llvm.fadd %[[A]], %[[M]] : f32
// CHECK-NEXT: %[[PO:.*]] = llvm.getelementptr inbounds %[[KO]][%[[I]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT: llvm.store %[[R]], %[[PO]] <alignment = 4> : f32, !llvm.ptr
// CHECK-NEXT: %[[I1:.*]] = llvm.add %[[I]], %[[ONE]] overflow<nsw> : i64
// CHECK-NEXT: llvm.br ^[[H]](%[[I1]] : i64)
// CHECK-NEXT: ^[[E]]:
// CHECK-NEXT: llvm.return
func.func @f(%x: memref<?xf32>, %s: memref<f32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %o = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf32>
  func.call @f_kernel_0(%x, %s, %o, %n) : (memref<?xf32>, memref<f32>, memref<?xf32>, index) -> ()
  func.return %o : memref<?xf32>
}
func.func @f_kernel_0(%x: memref<?xf32>, %s: memref<f32>, %o: memref<?xf32>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %x[%i] : memref<?xf32>
    %b = memref.load %s[] : memref<f32>
    %m = arith.mulf %b, %a : f32
    %r = arith.addf %a, %m : f32
    memref.store %r, %o[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}

// A GPU kernel (as convert-gpu-to-nvvm leaves it) with target=nvptx: libdevice calls
// declared in the gpu.module (also fmod for arith.remf: NVPTX's frem is not exact),
// memory space 1 pointers, nvvm ops kept.
// NV: "gpu.module"() <{sym_name = "f_kernels"}> ({
// NV-DAG: llvm.func @__nv_tanhf(f32) -> f32
// NV-DAG: llvm.func @__nv_expf(f32) -> f32
// NV-DAG: llvm.func @__nv_fmodf(f32, f32) -> f32
// NV: llvm.func @f_kernel_0(%[[X:.*]]: !llvm.ptr<1> {llvm.noalias}, %[[O:.*]]: !llvm.ptr<1> {llvm.noalias}, %[[N:.*]]: i64) attributes {nvvm.kernel, nvvm.maxntid = array<i32: 256, 1, 1>}
// NV-NOT: builtin.unrealized_conversion_cast
// NV: nvvm.read.ptx.sreg.tid.x : i32
// NV: %[[I:.*]] = llvm.sext %{{.*}} : i32 to i64
// NV: llvm.icmp "slt" %[[I]], %[[N]] : i64
// NV: llvm.getelementptr inbounds %[[X]][%[[I]]] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
// NV: llvm.call @__nv_expf
// NV: llvm.call @__nv_tanhf
// NV: llvm.intr.sqrt
// NV: llvm.call @__nv_fmodf
// NV: llvm.store %{{.*}}, %{{.*}} <alignment = 4> : f32, !llvm.ptr<1>
// NV: nvvm.barrier0
// NV: llvm.return

// TARGET: error: convert-to-llvm: unknown target 'amdgpu' (use target=cpu or target=nvptx)

// -----

builtin.module attributes {gpu.container_module} {
  "gpu.module"() <{sym_name = "f_kernels"}> ({
    llvm.func @f_kernel_0(%x: !llvm.ptr<1> {llvm.noalias}, %o: !llvm.ptr<1> {llvm.noalias}, %n: i64) attributes {nvvm.kernel, nvvm.maxntid = array<i32: 256, 1, 1>} {
      %t = nvvm.read.ptx.sreg.tid.x : i32
      %b = nvvm.read.ptx.sreg.ctaid.x : i32
      %d = nvvm.read.ptx.sreg.ntid.x : i32
      %bd = arith.muli %b, %d : i32
      %g = arith.addi %bd, %t : i32
      %i = arith.index_cast %g : i32 to index
      %nn = builtin.unrealized_conversion_cast %n : i64 to index
      %x_m = builtin.unrealized_conversion_cast %x, %n : !llvm.ptr<1>, i64 to memref<?xf32, 1>
      %o_m = builtin.unrealized_conversion_cast %o, %n : !llvm.ptr<1>, i64 to memref<?xf32, 1>
      %ok = arith.cmpi slt, %i, %nn : index
      scf.if %ok {
        %v = memref.load %x_m[%i] : memref<?xf32, 1>
        %e = math.exp %v : f32
        %h = math.tanh %e : f32
        %s = math.sqrt %h : f32
        %rm = arith.remf %s, %v : f32
        memref.store %rm, %o_m[%i] : memref<?xf32, 1>
      }
      nvvm.barrier0
      llvm.return
    }
  }) : () -> ()
}

// -----

// negative cases: an op no conversion handles, a user of a converted value that is not
// converted, a cast of a value that nothing converts, a diagnostic of a sub-conversion

func.func @k() attributes {arignote.kernel} {
  "gpu.barrier"() : () -> ()
  func.return
}
// ERR: convert-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-to-llvm: 'gpu.barrier' was not converted to the llvm dialect

// -----
func.func @k(%i: index) attributes {arignote.kernel} {
  %v = vector.broadcast %i : index to vector<4xindex>
  func.return
}
// ERR: convert-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-to-llvm: 'vector.broadcast' on vector<4xindex> is not supported (only 1-D, fixed-length vectors of floats or integers other than index)

// -----
llvm.func @k(%i: i32) {
  %p = builtin.unrealized_conversion_cast %i : i32 to !llvm.ptr
  %v = llvm.load %p : !llvm.ptr -> f32
  llvm.return
}
// ERR: convert-to-llvm.mlir:[[# @LINE - 4]]:3: error: convert-to-llvm: 'builtin.unrealized_conversion_cast' from i32 to !llvm.ptr is left over after the conversion

// -----
func.func @k(%ok: i1) attributes {arignote.kernel} {
  cf.assert %ok, "in a kernel"
  func.return
}
// ERR: convert-to-llvm.mlir:[[# @LINE - 3]]:3: error: convert-to-llvm: 'cf.assert' in device code is not supported (a kernel cannot report to the host; check in the host function)
