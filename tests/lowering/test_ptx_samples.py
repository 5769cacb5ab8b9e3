"""Hand-written LLVM IR kernels (LLVM 22 syntax) shared by the PTX, ptxas and CUDA tests.

Each constant is a whole module: opaque `ptr addrspace(1)` buffers, kernels defined with
the `ptx_kernel` calling convention, the block-size bound as the function attribute
`"nvvm.maxntid"="256,1,1"`, libdevice calls (`@__nv_*`) that `emit_ptx` links.
`SAMPLES` maps kernel name -> (module text, PTX param types); `reference(name, ...)`
computes what a kernel writes, with NumPy.  The tests here only check that the modules
are valid LLVM IR (so a broken sample fails here, not somewhere obscure).
"""

from __future__ import annotations

import numpy as np
import pytest

HEADER = """\
target triple = "nvptx64-nvidia-cuda"

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()
declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
declare i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
declare void @llvm.nvvm.barrier0()
"""

# %i = ctaid.x * ntid.x + tid.x (i32), %ie = sext %i
_GID = """\
  %tid = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %cta = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  %ntid = call i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
  %base = mul i32 %cta, %ntid
  %i = add i32 %base, %tid
  %ie = sext i32 %i to i64
"""

#: y[i] = exp(-x[i]*x[i]) * sin(3*x[i]) * scale   (f32, libdevice expf/sinf)
EW_F32 = (
    HEADER
    + """
declare float @__nv_expf(float)
declare float @__nv_sinf(float)

define ptx_kernel void @ew_f32(ptr addrspace(1) noalias %x, ptr addrspace(1) noalias %y,
                               float %scale, i32 %n) "nvvm.maxntid"="256,1,1" {
entry:
"""
    + _GID
    + """  %in = icmp slt i32 %i, %n
  br i1 %in, label %body, label %exit
body:
  %px = getelementptr inbounds float, ptr addrspace(1) %x, i64 %ie
  %v = load float, ptr addrspace(1) %px, align 4
  %sq = fmul float %v, %v
  %nsq = fneg float %sq
  %e = call float @__nv_expf(float %nsq)
  %v3 = fmul float %v, 3.0
  %s = call float @__nv_sinf(float %v3)
  %es = fmul float %e, %s
  %r = fmul float %es, %scale
  %py = getelementptr inbounds float, ptr addrspace(1) %y, i64 %ie
  store float %r, ptr addrspace(1) %py, align 4
  br label %exit
exit:
  ret void
}
"""
)

#: y[i] = sqrt(x[i]) * log1p(x[i]) + a   (f64, i64 element count)
EW_F64 = (
    HEADER
    + """
declare double @__nv_sqrt(double)
declare double @__nv_log1p(double)

define ptx_kernel void @ew_f64(ptr addrspace(1) noalias %x, ptr addrspace(1) noalias %y,
                               double %a, i64 %n) "nvvm.maxntid"="128,1,1" {
entry:
"""
    + _GID
    + """  %in = icmp slt i64 %ie, %n
  br i1 %in, label %body, label %exit
body:
  %px = getelementptr inbounds double, ptr addrspace(1) %x, i64 %ie
  %v = load double, ptr addrspace(1) %px, align 8
  %s = call double @__nv_sqrt(double %v)
  %l = call double @__nv_log1p(double %v)
  %m = fmul double %s, %l
  %r = fadd double %m, %a
  %py = getelementptr inbounds double, ptr addrspace(1) %y, i64 %ie
  store double %r, ptr addrspace(1) %py, align 8
  br label %exit
exit:
  ret void
}
"""
)

#: c[i] = ((a[i] * 3) ^ b[i]) sdiv k, on a 2-D grid (i over ctaid.y * nctaid.x + ctaid.x)
INT_I32 = (
    HEADER
    + """
define ptx_kernel void @int_i32(ptr addrspace(1) noalias %a, ptr addrspace(1) noalias %b,
                                ptr addrspace(1) noalias %c, i32 %k, i32 %n) {
entry:
  %tid = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %cx = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  %cy = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
  %nx = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
  %ntid = call i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
  %row = mul i32 %cy, %nx
  %blk = add i32 %row, %cx
  %base = mul i32 %blk, %ntid
  %i = add i32 %base, %tid
  %in = icmp slt i32 %i, %n
  br i1 %in, label %body, label %exit
body:
  %ie = sext i32 %i to i64
  %pa = getelementptr inbounds i32, ptr addrspace(1) %a, i64 %ie
  %pb = getelementptr inbounds i32, ptr addrspace(1) %b, i64 %ie
  %va = load i32, ptr addrspace(1) %pa, align 4
  %vb = load i32, ptr addrspace(1) %pb, align 4
  %m = mul i32 %va, 3
  %x = xor i32 %m, %vb
  %d = sdiv i32 %x, %k
  %pc = getelementptr inbounds i32, ptr addrspace(1) %c, i64 %ie
  store i32 %d, ptr addrspace(1) %pc, align 4
  br label %exit
exit:
  ret void
}
"""
)

#: partial[ctaid.x] = sum of x[ctaid.x*256 .. +256] (zero past n): shared-memory tree
#: reduction with barriers; launch with 256 threads per block
REDUCE_F32 = (
    HEADER
    + """
@buf = internal addrspace(3) global [256 x float] undef, align 4

define ptx_kernel void @reduce_f32(ptr addrspace(1) noalias %x, ptr addrspace(1) noalias %partial,
                                   i32 %n) "nvvm.maxntid"="256,1,1" {
entry:
"""
    + _GID
    + """  %in = icmp slt i32 %i, %n
  br i1 %in, label %load, label %store0
load:
  %px = getelementptr inbounds float, ptr addrspace(1) %x, i64 %ie
  %xv = load float, ptr addrspace(1) %px, align 4
  br label %store0
store0:
  %v0 = phi float [ %xv, %load ], [ 0.0, %entry ]
  %tide = zext i32 %tid to i64
  %slot = getelementptr inbounds [256 x float], ptr addrspace(3) @buf, i64 0, i64 %tide
  store float %v0, ptr addrspace(3) %slot, align 4
  call void @llvm.nvvm.barrier0()
  br label %loop
loop:
  %s = phi i32 [ 128, %store0 ], [ %s2, %next ]
  %active = icmp ult i32 %tid, %s
  br i1 %active, label %add, label %next
add:
  %j = add i32 %tid, %s
  %je = zext i32 %j to i64
  %other = getelementptr inbounds [256 x float], ptr addrspace(3) @buf, i64 0, i64 %je
  %ov = load float, ptr addrspace(3) %other, align 4
  %mv = load float, ptr addrspace(3) %slot, align 4
  %sum = fadd float %mv, %ov
  store float %sum, ptr addrspace(3) %slot, align 4
  br label %next
next:
  call void @llvm.nvvm.barrier0()
  %s2 = lshr i32 %s, 1
  %more = icmp ne i32 %s2, 0
  br i1 %more, label %loop, label %done
done:
  %first = icmp eq i32 %tid, 0
  br i1 %first, label %write, label %exit
write:
  %tot = load float, ptr addrspace(3) @buf, align 4
  %ce = zext i32 %cta to i64
  %pp = getelementptr inbounds float, ptr addrspace(1) %partial, i64 %ce
  store float %tot, ptr addrspace(1) %pp, align 4
  br label %exit
exit:
  ret void
}
"""
)

#: kernel name -> (module, PTX param types of its .entry)
SAMPLES: dict[str, tuple[str, list[str]]] = {
    "ew_f32": (EW_F32, [".u64", ".u64", ".f32", ".u32"]),
    "ew_f64": (EW_F64, [".u64", ".u64", ".f64", ".u64"]),
    "int_i32": (INT_I32, [".u64", ".u64", ".u64", ".u32", ".u32"]),
    "reduce_f32": (REDUCE_F32, [".u64", ".u64", ".u32"]),
}


def ew_f32_ref(x: np.ndarray, scale: float) -> np.ndarray:
    return (np.exp(-x * x) * np.sin(3 * x) * np.float32(scale)).astype(np.float32)


def ew_f64_ref(x: np.ndarray, a: float) -> np.ndarray:
    return np.sqrt(x) * np.log1p(x) + a


def int_i32_ref(a: np.ndarray, b: np.ndarray, k: int) -> np.ndarray:
    x = ((a.astype(np.int64) * 3).astype(np.int32) ^ b).astype(np.int64)
    q = np.abs(x) // abs(k)  # C division truncates toward zero
    return (np.sign(x) * np.sign(k) * q).astype(np.int32)


def reduce_f32_ref(x: np.ndarray, block: int = 256) -> np.ndarray:
    nblocks = -(-x.size // block)
    padded = np.zeros(nblocks * block, np.float64)
    padded[: x.size] = x
    return padded.reshape(nblocks, block).sum(axis=1)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_is_valid_llvm_ir(name: str) -> None:
    import llvmlite.binding as llvm

    mod = llvm.parse_assembly(SAMPLES[name][0])
    mod.verify()
    assert not mod.get_function(name).is_declaration
