"""Hand-written LLVM IR kernels for the PTX emulator tests.

Each constant is a complete LLVM IR module (LLVM 22 syntax: opaque pointers, the
`ptx_kernel` calling convention) that `arignote.lowering.ptx.emit_ptx` turns into PTX.
The kernels mirror what the compiler emits: elementwise math through libdevice,
index arithmetic with integer division, shared-memory reductions with barriers and
atomics, warp shuffles, tiled matmul, vector loads, divergence and calls.
"""

from __future__ import annotations

HEADER = """\
target datalayout = "e-p6:32:32-i64:64-i128:128-i256:256-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()
declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()
declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
declare i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
declare i32 @llvm.nvvm.read.ptx.sreg.ntid.y()
declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
declare void @llvm.nvvm.barrier0()
"""

FOOTER = """
!llvm.module.flags = !{!0}
!0 = !{i32 4, !"nvvm-reflect-ftz", i32 0}
"""

# global linear index i = ctaid.x * ntid.x + tid.x, as %i (i32)
_GID = """\
  %tid = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %cta = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  %ntid = call i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
  %base = mul i32 %cta, %ntid
  %i = add i32 %base, %tid
"""


def _math_kernel(name: str, ty: str, suffix: str) -> str:
    """out_k[i] = f_k(x[i]) for f = exp, tanh, log, sin, cos (libdevice `__nv_*{suffix}`)."""
    fns = ["exp", "tanh", "log", "sin", "cos"]
    decls = "".join(f"declare {ty} @__nv_{f}{suffix}({ty})\n" for f in fns)
    params = ", ".join(f"ptr addrspace(1) %o{k}" for k in range(len(fns)))
    body = "".join(
        f"""  %v{k} = call {ty} @__nv_{f}{suffix}({ty} %xv)
  %po{k} = getelementptr {ty}, ptr addrspace(1) %o{k}, i64 %ie
  store {ty} %v{k}, ptr addrspace(1) %po{k}
"""
        for k, f in enumerate(fns)
    )
    return (
        HEADER
        + decls
        + f"""
define ptx_kernel void @{name}(ptr addrspace(1) %x, {params}, i32 %n) {{
entry:
{_GID}  %c = icmp slt i32 %i, %n
  br i1 %c, label %body, label %exit
body:
  %ie = sext i32 %i to i64
  %px = getelementptr {ty}, ptr addrspace(1) %x, i64 %ie
  %xv = load {ty}, ptr addrspace(1) %px
{body}  br label %exit
exit:
  ret void
}}
"""
        + FOOTER
    )


#: ew_math_f32(x, exp, tanh, log, sin, cos, n): float32 libdevice functions
EW_MATH_F32 = _math_kernel("ew_math_f32", "float", "f")
#: ew_math_f64(x, exp, tanh, log, sin, cos, n): float64 libdevice functions
EW_MATH_F64 = _math_kernel("ew_math_f64", "double", "")

#: bcast_index(a[M,N] f32, b[N] f32, out[M,N], q[M*N] i32, p i32*, d i32*, r i32*, total, N):
#: out = a + b[None, :] through udiv/urem of the flat index; d, r = sdiv/srem(p, q);
#: also a 64-bit unsigned div/rem folded into out2 (u64).
BCAST_INDEX = (
    HEADER
    + """
define ptx_kernel void @bcast_index(ptr addrspace(1) %a, ptr addrspace(1) %b, ptr addrspace(1) %out,
    ptr addrspace(1) %p, ptr addrspace(1) %q, ptr addrspace(1) %d, ptr addrspace(1) %r,
    ptr addrspace(1) %w, ptr addrspace(1) %wd, i32 %total, i32 %ncols) {
entry:
"""
    + _GID
    + """  %c = icmp ult i32 %i, %total
  br i1 %c, label %body, label %exit
body:
  %row = udiv i32 %i, %ncols
  %col = urem i32 %i, %ncols
  %rowl = zext i32 %row to i64
  %coll = zext i32 %col to i64
  %ncl = zext i32 %ncols to i64
  %rb = mul i64 %rowl, %ncl
  %flat = add i64 %rb, %coll
  %pa = getelementptr float, ptr addrspace(1) %a, i64 %flat
  %pb = getelementptr float, ptr addrspace(1) %b, i64 %coll
  %va = load float, ptr addrspace(1) %pa
  %vb = load float, ptr addrspace(1) %pb
  %s = fadd float %va, %vb
  %po = getelementptr float, ptr addrspace(1) %out, i64 %flat
  store float %s, ptr addrspace(1) %po
  %ie = zext i32 %i to i64
  %pp = getelementptr i32, ptr addrspace(1) %p, i64 %ie
  %pq = getelementptr i32, ptr addrspace(1) %q, i64 %ie
  %vp = load i32, ptr addrspace(1) %pp
  %vq = load i32, ptr addrspace(1) %pq
  %dv = sdiv i32 %vp, %vq
  %rm = srem i32 %vp, %vq
  %pd = getelementptr i32, ptr addrspace(1) %d, i64 %ie
  %pr = getelementptr i32, ptr addrspace(1) %r, i64 %ie
  store i32 %dv, ptr addrspace(1) %pd
  store i32 %rm, ptr addrspace(1) %pr
  %pw = getelementptr i64, ptr addrspace(1) %w, i64 %ie
  %vw = load i64, ptr addrspace(1) %pw
  %vq64 = sext i32 %vq to i64
  %dq = udiv i64 %vw, 1000003
  %rq = srem i64 %vw, %vq64
  %sum = add i64 %dq, %rq
  %pwd = getelementptr i64, ptr addrspace(1) %wd, i64 %ie
  store i64 %sum, ptr addrspace(1) %pwd
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)

#: f16_conv(x f32*, h f16*, y f32*, n): h = half(x * 3), y = float(h) + float(h * h as half)
F16_CONV = (
    HEADER
    + """
define ptx_kernel void @f16_conv(ptr addrspace(1) %x, ptr addrspace(1) %h, ptr addrspace(1) %y, i32 %n) {
entry:
"""
    + _GID
    + """  %c = icmp slt i32 %i, %n
  br i1 %c, label %body, label %exit
body:
  %ie = sext i32 %i to i64
  %px = getelementptr float, ptr addrspace(1) %x, i64 %ie
  %xv = load float, ptr addrspace(1) %px
  %x3 = fmul float %xv, 3.0
  %hv = fptrunc float %x3 to half
  %ph = getelementptr half, ptr addrspace(1) %h, i64 %ie
  store half %hv, ptr addrspace(1) %ph
  %hh = fmul half %hv, %hv
  %lt = fcmp olt half %hh, 0xH4400
  %hs = select i1 %lt, half %hh, half 0xH4400
  %f1 = fpext half %hv to float
  %f2 = fpext half %hs to float
  %yv = fadd float %f1, %f2
  %py = getelementptr float, ptr addrspace(1) %y, i64 %ie
  store float %yv, ptr addrspace(1) %py
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)

#: block_reduce(x f32*, partial f32*, total f32*, n): 256-thread blocks; shared-memory tree
#: reduction with bar.sync; partial[blockIdx] = block sum; atomicAdd(total, block sum).
BLOCK_REDUCE = (
    HEADER
    + """
@smem = internal addrspace(3) global [256 x float] undef, align 4

define ptx_kernel void @block_reduce(ptr addrspace(1) %x, ptr addrspace(1) %partial,
    ptr addrspace(1) %total, i32 %n) {
entry:
"""
    + _GID
    + """  %c = icmp slt i32 %i, %n
  br i1 %c, label %load, label %zero
load:
  %ie = sext i32 %i to i64
  %px = getelementptr float, ptr addrspace(1) %x, i64 %ie
  %xv = load float, ptr addrspace(1) %px
  br label %st
zero:
  br label %st
st:
  %v = phi float [ %xv, %load ], [ 0.0, %zero ]
  %tl = zext i32 %tid to i64
  %ps = getelementptr [256 x float], ptr addrspace(3) @smem, i64 0, i64 %tl
  store float %v, ptr addrspace(3) %ps
  call void @llvm.nvvm.barrier0()
  br label %loop
loop:
  %s = phi i32 [ 128, %st ], [ %s2, %next ]
  %active = icmp ult i32 %tid, %s
  br i1 %active, label %add, label %next
add:
  %o = add i32 %tid, %s
  %ol = zext i32 %o to i64
  %po = getelementptr [256 x float], ptr addrspace(3) @smem, i64 0, i64 %ol
  %a = load float, ptr addrspace(3) %ps
  %b = load float, ptr addrspace(3) %po
  %ab = fadd float %a, %b
  store float %ab, ptr addrspace(3) %ps
  br label %next
next:
  call void @llvm.nvvm.barrier0()
  %s2 = lshr i32 %s, 1
  %more = icmp ne i32 %s2, 0
  br i1 %more, label %loop, label %done
done:
  %t0 = icmp eq i32 %tid, 0
  br i1 %t0, label %write, label %exit
write:
  %p0 = getelementptr [256 x float], ptr addrspace(3) @smem, i64 0, i64 0
  %sum = load float, ptr addrspace(3) %p0
  %cl = zext i32 %cta to i64
  %pp = getelementptr float, ptr addrspace(1) %partial, i64 %cl
  store float %sum, ptr addrspace(1) %pp
  %old = atomicrmw fadd ptr addrspace(1) %total, float %sum monotonic
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)

#: warp_softmax(x f32*, y f32*, rows, cols): one warp (32 lanes) per row, blockDim = (32, 4);
#: row max and sum by shfl.sync.bfly, exp through libdevice.
WARP_SOFTMAX = (
    HEADER
    + """
declare float @llvm.nvvm.shfl.sync.bfly.f32(i32, float, i32, i32)
declare float @__nv_expf(float)
declare float @llvm.maxnum.f32(float, float)

define ptx_kernel void @warp_softmax(ptr addrspace(1) %x, ptr addrspace(1) %y, i32 %rows, i32 %cols) {
entry:
  %lane = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %ty = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
  %cta = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  %nty = call i32 @llvm.nvvm.read.ptx.sreg.ntid.y()
  %rb = mul i32 %cta, %nty
  %row = add i32 %rb, %ty
  %ok = icmp slt i32 %row, %rows
  br i1 %ok, label %start, label %exit
start:
  %rowl = sext i32 %row to i64
  %colsl = sext i32 %cols to i64
  %off = mul i64 %rowl, %colsl
  %xr = getelementptr float, ptr addrspace(1) %x, i64 %off
  %yr = getelementptr float, ptr addrspace(1) %y, i64 %off
  br label %maxloop
maxloop:
  %j = phi i32 [ %lane, %start ], [ %j2, %maxbody ]
  %m = phi float [ 0xFFF0000000000000, %start ], [ %m2, %maxbody ]
  %jin = icmp slt i32 %j, %cols
  br i1 %jin, label %maxbody, label %maxred
maxbody:
  %jl = sext i32 %j to i64
  %pj = getelementptr float, ptr addrspace(1) %xr, i64 %jl
  %xj = load float, ptr addrspace(1) %pj
  %m2 = call float @llvm.maxnum.f32(float %m, float %xj)
  %j2 = add i32 %j, 32
  br label %maxloop
maxred:
  %s16 = call float @llvm.nvvm.shfl.sync.bfly.f32(i32 -1, float %m, i32 16, i32 31)
  %m16 = call float @llvm.maxnum.f32(float %m, float %s16)
  %s8 = call float @llvm.nvvm.shfl.sync.bfly.f32(i32 -1, float %m16, i32 8, i32 31)
  %m8 = call float @llvm.maxnum.f32(float %m16, float %s8)
  %s4 = call float @llvm.nvvm.shfl.sync.bfly.f32(i32 -1, float %m8, i32 4, i32 31)
  %m4 = call float @llvm.maxnum.f32(float %m8, float %s4)
  %s2 = call float @llvm.nvvm.shfl.sync.bfly.f32(i32 -1, float %m4, i32 2, i32 31)
  %m2b = call float @llvm.maxnum.f32(float %m4, float %s2)
  %s1 = call float @llvm.nvvm.shfl.sync.bfly.f32(i32 -1, float %m2b, i32 1, i32 31)
  %mx = call float @llvm.maxnum.f32(float %m2b, float %s1)
  br label %sumloop
sumloop:
  %k = phi i32 [ %lane, %maxred ], [ %k2, %sumbody ]
  %acc = phi float [ 0.0, %maxred ], [ %acc2, %sumbody ]
  %kin = icmp slt i32 %k, %cols
  br i1 %kin, label %sumbody, label %sumred
sumbody:
  %kl = sext i32 %k to i64
  %pk = getelementptr float, ptr addrspace(1) %xr, i64 %kl
  %xk = load float, ptr addrspace(1) %pk
  %dk = fsub float %xk, %mx
  %ek = call float @__nv_expf(float %dk)
  %py = getelementptr float, ptr addrspace(1) %yr, i64 %kl
  store float %ek, ptr addrspace(1) %py
  %acc2 = fadd float %acc, %ek
  %k2 = add i32 %k, 32
  br label %sumloop
sumred:
  %t16 = call float @llvm.nvvm.shfl.sync.bfly.f32(i32 -1, float %acc, i32 16, i32 31)
  %a16 = fadd float %acc, %t16
  %t8 = call float @llvm.nvvm.shfl.sync.bfly.f32(i32 -1, float %a16, i32 8, i32 31)
  %a8 = fadd float %a16, %t8
  %t4 = call float @llvm.nvvm.shfl.sync.bfly.f32(i32 -1, float %a8, i32 4, i32 31)
  %a4 = fadd float %a8, %t4
  %t2 = call float @llvm.nvvm.shfl.sync.bfly.f32(i32 -1, float %a4, i32 2, i32 31)
  %a2 = fadd float %a4, %t2
  %t1 = call float @llvm.nvvm.shfl.sync.bfly.f32(i32 -1, float %a2, i32 1, i32 31)
  %tot = fadd float %a2, %t1
  %inv = fdiv float 1.0, %tot
  br label %normloop
normloop:
  %q = phi i32 [ %lane, %sumred ], [ %q2, %normbody ]
  %qin = icmp slt i32 %q, %cols
  br i1 %qin, label %normbody, label %exit
normbody:
  %ql = sext i32 %q to i64
  %pq = getelementptr float, ptr addrspace(1) %yr, i64 %ql
  %yq = load float, ptr addrspace(1) %pq
  %nq = fmul float %yq, %inv
  store float %nq, ptr addrspace(1) %pq
  %q2 = add i32 %q, 32
  br label %normloop
exit:
  ret void
}
"""
    + FOOTER
)

#: matmul_tiled(A[M,K], B[K,N], C[M,N], M, N, K): 16x16 blocks, 16x16 shared tiles, zero
#: padding at the edges (sizes need not be multiples of 16).
MATMUL_TILED = (
    HEADER
    + """
@As = internal addrspace(3) global [16 x [16 x float]] undef, align 4
@Bs = internal addrspace(3) global [16 x [16 x float]] undef, align 4

define ptx_kernel void @matmul_tiled(ptr addrspace(1) %A, ptr addrspace(1) %B, ptr addrspace(1) %C,
    i32 %M, i32 %N, i32 %K) {
entry:
  %tx = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %ty = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
  %bx = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  %by = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
  %bx16 = shl i32 %bx, 4
  %by16 = shl i32 %by, 4
  %col = add i32 %bx16, %tx
  %row = add i32 %by16, %ty
  %txl = zext i32 %tx to i64
  %tyl = zext i32 %ty to i64
  %pas = getelementptr [16 x [16 x float]], ptr addrspace(3) @As, i64 0, i64 %tyl, i64 %txl
  %pbs = getelementptr [16 x [16 x float]], ptr addrspace(3) @Bs, i64 0, i64 %tyl, i64 %txl
  %rowok = icmp slt i32 %row, %M
  %colok = icmp slt i32 %col, %N
  %kt0 = add i32 %K, 15
  %ntiles = sdiv i32 %kt0, 16
  br label %tile
tile:
  %t = phi i32 [ 0, %entry ], [ %t2, %tile_end ]
  %acc = phi float [ 0.0, %entry ], [ %acc3, %tile_end ]
  %more = icmp slt i32 %t, %ntiles
  br i1 %more, label %load, label %finish
load:
  %t16 = shl i32 %t, 4
  %ak = add i32 %t16, %tx
  %akok = icmp slt i32 %ak, %K
  %aok = and i1 %rowok, %akok
  br i1 %aok, label %loada, label %zeroa
loada:
  %rowl = sext i32 %row to i64
  %Kl = sext i32 %K to i64
  %ar = mul i64 %rowl, %Kl
  %akl = sext i32 %ak to i64
  %ai = add i64 %ar, %akl
  %pa = getelementptr float, ptr addrspace(1) %A, i64 %ai
  %av = load float, ptr addrspace(1) %pa
  br label %sta
zeroa:
  br label %sta
sta:
  %avv = phi float [ %av, %loada ], [ 0.0, %zeroa ]
  store float %avv, ptr addrspace(3) %pas
  %bk = add i32 %t16, %ty
  %bkok = icmp slt i32 %bk, %K
  %bok = and i1 %colok, %bkok
  br i1 %bok, label %loadb, label %zerob
loadb:
  %bkl = sext i32 %bk to i64
  %Nl = sext i32 %N to i64
  %br = mul i64 %bkl, %Nl
  %coll = sext i32 %col to i64
  %bi = add i64 %br, %coll
  %pb = getelementptr float, ptr addrspace(1) %B, i64 %bi
  %bv = load float, ptr addrspace(1) %pb
  br label %stb
zerob:
  br label %stb
stb:
  %bvv = phi float [ %bv, %loadb ], [ 0.0, %zerob ]
  store float %bvv, ptr addrspace(3) %pbs
  call void @llvm.nvvm.barrier0()
  br label %inner
inner:
  %kk = phi i32 [ 0, %stb ], [ %kk2, %inner ]
  %acc2 = phi float [ %acc, %stb ], [ %acc3i, %inner ]
  %kkl = zext i32 %kk to i64
  %pa2 = getelementptr [16 x [16 x float]], ptr addrspace(3) @As, i64 0, i64 %tyl, i64 %kkl
  %pb2 = getelementptr [16 x [16 x float]], ptr addrspace(3) @Bs, i64 0, i64 %kkl, i64 %txl
  %x1 = load float, ptr addrspace(3) %pa2
  %x2 = load float, ptr addrspace(3) %pb2
  %acc3i = call float @llvm.fma.f32(float %x1, float %x2, float %acc2)
  %kk2 = add i32 %kk, 1
  %kmore = icmp ult i32 %kk2, 16
  br i1 %kmore, label %inner, label %tile_end
tile_end:
  %acc3 = phi float [ %acc3i, %inner ]
  call void @llvm.nvvm.barrier0()
  %t2 = add i32 %t, 1
  br label %tile
finish:
  %ok = and i1 %rowok, %colok
  br i1 %ok, label %store, label %exit
store:
  %rowl2 = sext i32 %row to i64
  %Nl2 = sext i32 %N to i64
  %cr = mul i64 %rowl2, %Nl2
  %coll2 = sext i32 %col to i64
  %ci = add i64 %cr, %coll2
  %pc = getelementptr float, ptr addrspace(1) %C, i64 %ci
  store float %acc, ptr addrspace(1) %pc
  br label %exit
exit:
  ret void
}
declare float @llvm.fma.f32(float, float, float)
"""
    + FOOTER
)

#: scale_v4(x <4 x float>*, y <4 x float>*, alpha, nvec): y[i] = x[i] * alpha + (0, 1, 2, 3)
SCALE_V4 = (
    HEADER
    + """
define ptx_kernel void @scale_v4(ptr addrspace(1) %x, ptr addrspace(1) %y, float %alpha, i32 %nvec) {
entry:
"""
    + _GID
    + """  %c = icmp slt i32 %i, %nvec
  br i1 %c, label %body, label %exit
body:
  %ie = sext i32 %i to i64
  %px = getelementptr <4 x float>, ptr addrspace(1) %x, i64 %ie
  %v = load <4 x float>, ptr addrspace(1) %px, align 16
  %a0 = insertelement <4 x float> poison, float %alpha, i32 0
  %av = shufflevector <4 x float> %a0, <4 x float> poison, <4 x i32> zeroinitializer
  %m = fmul <4 x float> %v, %av
  %r = fadd <4 x float> %m, <float 0.0, float 1.0, float 2.0, float 3.0>
  %py = getelementptr <4 x float>, ptr addrspace(1) %y, i64 %ie
  store <4 x float> %r, ptr addrspace(1) %py, align 16
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)

#: divergent(x f32*, y f32*, n): lanes with i % 7 == 3 exit early (y untouched); others
#: loop i % 5 times (acc = acc * 0.5 + 1), then y = sqrt(x) + acc if x > 0 else -2x + acc.
DIVERGENT = (
    HEADER
    + """
declare float @llvm.sqrt.f32(float)

define ptx_kernel void @divergent(ptr addrspace(1) %x, ptr addrspace(1) %y, i32 %n) {
entry:
"""
    + _GID
    + """  %c = icmp slt i32 %i, %n
  br i1 %c, label %check, label %exit
check:
  %m7 = urem i32 %i, 7
  %early = icmp eq i32 %m7, 3
  br i1 %early, label %exit, label %pre
pre:
  %trips = urem i32 %i, 5
  br label %loop
loop:
  %k = phi i32 [ 0, %pre ], [ %k2, %lbody ]
  %acc = phi float [ 0.0, %pre ], [ %acc2, %lbody ]
  %more = icmp ult i32 %k, %trips
  br i1 %more, label %lbody, label %after
lbody:
  %h = fmul float %acc, 0.5
  %acc2 = fadd float %h, 1.0
  %k2 = add i32 %k, 1
  br label %loop
after:
  %ie = sext i32 %i to i64
  %px = getelementptr float, ptr addrspace(1) %x, i64 %ie
  %xv = load float, ptr addrspace(1) %px
  %pos = fcmp ogt float %xv, 0.0
  br i1 %pos, label %then, label %else
then:
  %sq = call float @llvm.sqrt.f32(float %xv)
  br label %join
else:
  %neg = fmul float %xv, -2.0
  br label %join
join:
  %r = phi float [ %sq, %then ], [ %neg, %else ]
  %ra = fadd float %r, %acc
  %py = getelementptr float, ptr addrspace(1) %y, i64 %ie
  store float %ra, ptr addrspace(1) %py
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)

#: copy_oob(x f32*, y f32*, n): off by one, `i <= n` -- thread n reads x[n] out of bounds
COPY_OOB = (
    HEADER
    + """
define ptx_kernel void @copy_oob(ptr addrspace(1) %x, ptr addrspace(1) %y, i32 %n) {
entry:
"""
    + _GID
    + """  %c = icmp sle i32 %i, %n
  br i1 %c, label %body, label %exit
body:
  %ie = sext i32 %i to i64
  %px = getelementptr float, ptr addrspace(1) %x, i64 %ie
  %v = load float, ptr addrspace(1) %px
  %py = getelementptr float, ptr addrspace(1) %y, i64 %ie
  store float %v, ptr addrspace(1) %py
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)

#: gather_strided(x f32*, y f32*, n, stride): y[i] = x[i * stride] (i < n)
GATHER_STRIDED = (
    HEADER
    + """
define ptx_kernel void @gather_strided(ptr addrspace(1) %x, ptr addrspace(1) %y, i32 %n, i32 %stride) {
entry:
"""
    + _GID
    + """  %c = icmp slt i32 %i, %n
  br i1 %c, label %body, label %exit
body:
  %ie = sext i32 %i to i64
  %sl = sext i32 %stride to i64
  %src = mul i64 %ie, %sl
  %px = getelementptr float, ptr addrspace(1) %x, i64 %src
  %v = load float, ptr addrspace(1) %px
  %py = getelementptr float, ptr addrspace(1) %y, i64 %ie
  store float %v, ptr addrspace(1) %py
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)

#: smem_transpose(x f32*, y f32*, pad): one 32x32 block; tile[ty][tx] = x[ty*32+tx];
#: y[ty*32+tx] = tile[tx][ty].  The tile row stride is 32 + pad floats: pad = 0 makes the
#: column read a 32-way bank conflict, pad = 1 makes it conflict-free.
SMEM_TRANSPOSE = (
    HEADER
    + """
@tile = internal addrspace(3) global [1056 x float] undef, align 4

define ptx_kernel void @smem_transpose(ptr addrspace(1) %x, ptr addrspace(1) %y, i32 %pad) {
entry:
  %tx = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %ty = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
  %stride = add i32 %pad, 32
  %g = mul i32 %ty, 32
  %gi = add i32 %g, %tx
  %gl = zext i32 %gi to i64
  %px = getelementptr float, ptr addrspace(1) %x, i64 %gl
  %v = load float, ptr addrspace(1) %px
  %w = mul i32 %ty, %stride
  %wi = add i32 %w, %tx
  %wl = zext i32 %wi to i64
  %pw = getelementptr [1056 x float], ptr addrspace(3) @tile, i64 0, i64 %wl
  store float %v, ptr addrspace(3) %pw
  call void @llvm.nvvm.barrier0()
  %r = mul i32 %tx, %stride
  %ri = add i32 %r, %ty
  %rl = zext i32 %ri to i64
  %pr = getelementptr [1056 x float], ptr addrspace(3) @tile, i64 0, i64 %rl
  %t = load float, ptr addrspace(3) %pr
  %py = getelementptr float, ptr addrspace(1) %y, i64 %gl
  store float %t, ptr addrspace(1) %py
  ret void
}
"""
    + FOOTER
)

#: atomics(keys i32*, vals i32*, fv f32*, hist i32*, mx i32*, mn i32*, ex i32*, cas i32*,
#:         fsum f32*, n): per element: hist[keys[i]] += 1, mx[keys] = max, mn[keys] = min
#: (global); a shared-memory histogram of the keys per block, added to hist2; exch/cas.
ATOMICS = (
    HEADER
    + """
@sh = internal addrspace(3) global [16 x i32] undef, align 4

define ptx_kernel void @atomics(ptr addrspace(1) %keys, ptr addrspace(1) %vals, ptr addrspace(1) %fv,
    ptr addrspace(1) %hist, ptr addrspace(1) %mx, ptr addrspace(1) %mn, ptr addrspace(1) %ex,
    ptr addrspace(1) %cas, ptr addrspace(1) %fsum, ptr addrspace(1) %hist2, ptr addrspace(1) %old,
    i32 %n) {
entry:
"""
    + _GID
    + """  %small = icmp ult i32 %tid, 16
  br i1 %small, label %init, label %initdone
init:
  %tl = zext i32 %tid to i64
  %pinit = getelementptr [16 x i32], ptr addrspace(3) @sh, i64 0, i64 %tl
  store i32 0, ptr addrspace(3) %pinit
  br label %initdone
initdone:
  call void @llvm.nvvm.barrier0()
  %c = icmp slt i32 %i, %n
  br i1 %c, label %body, label %sync
body:
  %ie = sext i32 %i to i64
  %pk = getelementptr i32, ptr addrspace(1) %keys, i64 %ie
  %k = load i32, ptr addrspace(1) %pk
  %pv = getelementptr i32, ptr addrspace(1) %vals, i64 %ie
  %v = load i32, ptr addrspace(1) %pv
  %pf = getelementptr float, ptr addrspace(1) %fv, i64 %ie
  %f = load float, ptr addrspace(1) %pf
  %kl = zext i32 %k to i64
  %ph = getelementptr i32, ptr addrspace(1) %hist, i64 %kl
  %o1 = atomicrmw add ptr addrspace(1) %ph, i32 1 monotonic
  %pmx = getelementptr i32, ptr addrspace(1) %mx, i64 %kl
  %o2 = atomicrmw max ptr addrspace(1) %pmx, i32 %v monotonic
  %pmn = getelementptr i32, ptr addrspace(1) %mn, i64 %kl
  %o3 = atomicrmw umin ptr addrspace(1) %pmn, i32 %v monotonic
  %pex = getelementptr i32, ptr addrspace(1) %ex, i64 %kl
  %o4 = atomicrmw xchg ptr addrspace(1) %pex, i32 %i monotonic
  %pcas = getelementptr i32, ptr addrspace(1) %cas, i64 %kl
  %pair = cmpxchg ptr addrspace(1) %pcas, i32 -1, i32 %i monotonic monotonic
  %o5 = extractvalue { i32, i1 } %pair, 0
  %pfs = getelementptr float, ptr addrspace(1) %fsum, i64 %kl
  %o6 = atomicrmw fadd ptr addrspace(1) %pfs, float %f monotonic
  %ps = getelementptr [16 x i32], ptr addrspace(3) @sh, i64 0, i64 %kl
  %o7 = atomicrmw add ptr addrspace(3) %ps, i32 1 monotonic
  %pold = getelementptr i32, ptr addrspace(1) %old, i64 %ie
  store i32 %o1, ptr addrspace(1) %pold
  br label %sync
sync:
  call void @llvm.nvvm.barrier0()
  br i1 %small, label %flush, label %exit
flush:
  %tl2 = zext i32 %tid to i64
  %pfl = getelementptr [16 x i32], ptr addrspace(3) @sh, i64 0, i64 %tl2
  %cnt = load i32, ptr addrspace(3) %pfl
  %ph2 = getelementptr i32, ptr addrspace(1) %hist2, i64 %tl2
  %o8 = atomicrmw add ptr addrspace(1) %ph2, i32 %cnt monotonic
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)

#: call_func(x f32*, y f32*, n): y = poly(x) through a non-inlined device function with two
#: parameters and a return value (the .func / call / ret ABI)
CALL_FUNC = (
    HEADER
    + """
define internal float @poly(float %v, i32 %k) noinline {
  %kf = sitofp i32 %k to float
  %a = fmul float %v, %v
  %b = fmul float %a, %kf
  %c = fadd float %b, 1.0
  ret float %c
}

define ptx_kernel void @call_func(ptr addrspace(1) %x, ptr addrspace(1) %y, i32 %n) {
entry:
"""
    + _GID
    + """  %c = icmp slt i32 %i, %n
  br i1 %c, label %body, label %exit
body:
  %ie = sext i32 %i to i64
  %px = getelementptr float, ptr addrspace(1) %x, i64 %ie
  %v = load float, ptr addrspace(1) %px
  %k = and i32 %i, 3
  %r = call float @poly(float %v, i32 %k)
  %py = getelementptr float, ptr addrspace(1) %y, i64 %ie
  store float %r, ptr addrspace(1) %py
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)

#: generic_addr(x f32*, y f32*, n): smem[tid] = x[i]; y[i] = 2 * (i odd ? x[i] : smem[255 - tid])
#: where both pointers are cast to the generic address space and chosen by a select, so
#: the load is a generic `ld` (cvta.shared / cvta.global).  blockDim = 256.
GENERIC_ADDR = (
    HEADER
    + """
@gsm = internal addrspace(3) global [256 x float] undef, align 4

define ptx_kernel void @generic_addr(ptr addrspace(1) %x, ptr addrspace(1) %y, i32 %n) {
entry:
"""
    + _GID
    + """  %ie = sext i32 %i to i64
  %px = getelementptr float, ptr addrspace(1) %x, i64 %ie
  %c = icmp slt i32 %i, %n
  br i1 %c, label %ld, label %st
ld:
  %xv = load float, ptr addrspace(1) %px
  br label %st
st:
  %v = phi float [ %xv, %ld ], [ 0.0, %entry ]
  %tl = zext i32 %tid to i64
  %ps = getelementptr [256 x float], ptr addrspace(3) @gsm, i64 0, i64 %tl
  store float %v, ptr addrspace(3) %ps
  call void @llvm.nvvm.barrier0()
  br i1 %c, label %body, label %exit
body:
  %rt = sub i64 255, %tl
  %pr = getelementptr [256 x float], ptr addrspace(3) @gsm, i64 0, i64 %rt
  %gs = addrspacecast ptr addrspace(3) %pr to ptr
  %gg = addrspacecast ptr addrspace(1) %px to ptr
  %odd = trunc i32 %i to i1
  %p = select i1 %odd, ptr %gg, ptr %gs
  %w = load float, ptr %p
  %w2 = fmul float %w, 2.0
  %py = getelementptr float, ptr addrspace(1) %y, i64 %ie
  store float %w2, ptr addrspace(1) %py
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)

#: local_array(idx i32*, out i32*): a per-thread int[8] in local memory; arr[k] = 3k,
#: arr[idx[tid]] = tid, out[tid] = sum(arr).  An index of 8 overruns the array.
LOCAL_ARRAY = (
    HEADER
    + """
define ptx_kernel void @local_array(ptr addrspace(1) %idx, ptr addrspace(1) %out) {
entry:
  %tid = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %arr = alloca [8 x i32], align 4
  br label %init
init:
  %k = phi i32 [ 0, %entry ], [ %k2, %init ]
  %kl = zext i32 %k to i64
  %pk = getelementptr [8 x i32], ptr %arr, i64 0, i64 %kl
  %v = mul i32 %k, 3
  store volatile i32 %v, ptr %pk
  %k2 = add i32 %k, 1
  %more = icmp ult i32 %k2, 8
  br i1 %more, label %init, label %set
set:
  %tl = zext i32 %tid to i64
  %pi = getelementptr i32, ptr addrspace(1) %idx, i64 %tl
  %j = load i32, ptr addrspace(1) %pi
  %jl = sext i32 %j to i64
  %pj = getelementptr [8 x i32], ptr %arr, i64 0, i64 %jl
  store volatile i32 %tid, ptr %pj
  br label %sum
sum:
  %m = phi i32 [ 0, %set ], [ %m2, %sum ]
  %acc = phi i32 [ 0, %set ], [ %acc2, %sum ]
  %ml = zext i32 %m to i64
  %pm = getelementptr [8 x i32], ptr %arr, i64 0, i64 %ml
  %e = load volatile i32, ptr %pm
  %acc2 = add i32 %acc, %e
  %m2 = add i32 %m, 1
  %more2 = icmp ult i32 %m2, 8
  br i1 %more2, label %sum, label %done
done:
  %po = getelementptr i32, ptr addrspace(1) %out, i64 %tl
  store i32 %acc2, ptr addrspace(1) %po
  ret void
}
"""
    + FOOTER
)

#: shared_shift(x f32*, y f32*, shift): sm[tid + shift] = x[tid]; y[tid] = sm[tid] (64 floats
#: of shared memory, blockDim = 64): shift = 1 makes thread 63 write past the array.
SHARED_SHIFT = (
    HEADER
    + """
@ssm = internal addrspace(3) global [64 x float] undef, align 4

define ptx_kernel void @shared_shift(ptr addrspace(1) %x, ptr addrspace(1) %y, i32 %shift) {
entry:
  %tid = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %tl = zext i32 %tid to i64
  %px = getelementptr float, ptr addrspace(1) %x, i64 %tl
  %v = load float, ptr addrspace(1) %px
  %ts = add i32 %tid, %shift
  %tsl = zext i32 %ts to i64
  %pw = getelementptr [64 x float], ptr addrspace(3) @ssm, i64 0, i64 %tsl
  store float %v, ptr addrspace(3) %pw
  call void @llvm.nvvm.barrier0()
  %pr = getelementptr [64 x float], ptr addrspace(3) @ssm, i64 0, i64 %tl
  %r = load float, ptr addrspace(3) %pr
  %py = getelementptr float, ptr addrspace(1) %y, i64 %tl
  store float %r, ptr addrspace(1) %py
  ret void
}
"""
    + FOOTER
)

#: deadlock(x i32*): threads 0-15 wait at bar.sync while 16-31 wait in a full-mask
#: shfl.sync for lanes that never come (undefined on a GPU; the emulator reports it)
DEADLOCK = (
    HEADER
    + """
declare i32 @llvm.nvvm.shfl.sync.bfly.i32(i32, i32, i32, i32)

define ptx_kernel void @deadlock(ptr addrspace(1) %x) {
entry:
  %tid = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %tl = zext i32 %tid to i64
  %p = getelementptr i32, ptr addrspace(1) %x, i64 %tl
  %low = icmp ult i32 %tid, 16
  br i1 %low, label %bar, label %shfl
bar:
  call void @llvm.nvvm.barrier0()
  store i32 1, ptr addrspace(1) %p
  br label %exit
shfl:
  %v = call i32 @llvm.nvvm.shfl.sync.bfly.i32(i32 -1, i32 %tid, i32 1, i32 31)
  store i32 %v, ptr addrspace(1) %p
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)

#: warp_ops(x i32*, out i32* [n * 10]): per thread, shfl up/down/idx/bfly and an 8-lane
#: segmented idx shuffle, vote ballot/all/any/uni, and activemask in a divergent branch
WARP_OPS = (
    HEADER
    + """
declare i32 @llvm.nvvm.shfl.sync.up.i32(i32, i32, i32, i32)
declare i32 @llvm.nvvm.shfl.sync.down.i32(i32, i32, i32, i32)
declare i32 @llvm.nvvm.shfl.sync.idx.i32(i32, i32, i32, i32)
declare i32 @llvm.nvvm.shfl.sync.bfly.i32(i32, i32, i32, i32)
declare i32 @llvm.nvvm.vote.ballot.sync(i32, i1)
declare i1 @llvm.nvvm.vote.all.sync(i32, i1)
declare i1 @llvm.nvvm.vote.any.sync(i32, i1)
declare i1 @llvm.nvvm.vote.uni.sync(i32, i1)
declare i32 @llvm.nvvm.activemask()

define ptx_kernel void @warp_ops(ptr addrspace(1) %x, ptr addrspace(1) %out) {
entry:
"""
    + _GID
    + """  %lane = and i32 %tid, 31
  %ie = zext i32 %i to i64
  %px = getelementptr i32, ptr addrspace(1) %x, i64 %ie
  %v = load i32, ptr addrspace(1) %px
  %obase = mul i64 %ie, 10
  %up = call i32 @llvm.nvvm.shfl.sync.up.i32(i32 -1, i32 %v, i32 3, i32 0)
  %down = call i32 @llvm.nvvm.shfl.sync.down.i32(i32 -1, i32 %v, i32 5, i32 31)
  %l7 = mul i32 %lane, 7
  %src = and i32 %l7, 31
  %idx = call i32 @llvm.nvvm.shfl.sync.idx.i32(i32 -1, i32 %v, i32 %src, i32 31)
  %bfly = call i32 @llvm.nvvm.shfl.sync.bfly.i32(i32 -1, i32 %v, i32 6, i32 31)
  %seg = call i32 @llvm.nvvm.shfl.sync.idx.i32(i32 -1, i32 %v, i32 %src, i32 6175)
  %pos = icmp sgt i32 %v, 0
  %ballot = call i32 @llvm.nvvm.vote.ballot.sync(i32 -1, i1 %pos)
  %big = icmp sgt i32 %v, -1000000
  %all = call i1 @llvm.nvvm.vote.all.sync(i32 -1, i1 %big)
  %huge = icmp sgt i32 %v, 900000000
  %any = call i1 @llvm.nvvm.vote.any.sync(i32 -1, i1 %huge)
  %uni = call i1 @llvm.nvvm.vote.uni.sync(i32 -1, i1 %pos)
  %alli = zext i1 %all to i32
  %anyi = zext i1 %any to i32
  %unii = zext i1 %uni to i32
  %vals = insertvalue [9 x i32] undef, i32 %up, 0
  %v1 = insertvalue [9 x i32] %vals, i32 %down, 1
  %v2 = insertvalue [9 x i32] %v1, i32 %idx, 2
  %v3 = insertvalue [9 x i32] %v2, i32 %bfly, 3
  %v4 = insertvalue [9 x i32] %v3, i32 %seg, 4
  %v5 = insertvalue [9 x i32] %v4, i32 %ballot, 5
  %v6 = insertvalue [9 x i32] %v5, i32 %alli, 6
  %v7 = insertvalue [9 x i32] %v6, i32 %anyi, 7
  %v8 = insertvalue [9 x i32] %v7, i32 %unii, 8
  %pout = getelementptr i32, ptr addrspace(1) %out, i64 %obase
  store [9 x i32] %v8, ptr addrspace(1) %pout, align 4
  %few = icmp ult i32 %lane, 20
  br i1 %few, label %am, label %exit
am:
  %mask = call i32 @llvm.nvvm.activemask()
  %b9 = add i64 %obase, 9
  %p9 = getelementptr i32, ptr addrspace(1) %out, i64 %b9
  store i32 %mask, ptr addrspace(1) %p9
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)


def elementwise_intrinsics(specs: list[tuple[str, str, str, list[str]]]) -> str:
    """One kernel per spec (kernel, callee, result type, argument types):
    out[i] = callee(in0[i], in1[i], ...) for i < n; kernel(in0, in1, in2, out, n)."""
    decls = set()
    kernels = []
    for name, callee, rt, ats in specs:
        decls.add(f"declare {rt} @{callee}({', '.join(ats)})")
        loads = "".join(
            f"  %p{k} = getelementptr {t}, ptr addrspace(1) %in{k}, i64 %ie\n"
            f"  %a{k} = load {t}, ptr addrspace(1) %p{k}\n"
            for k, t in enumerate(ats)
        )
        call_args = ", ".join(f"{t} %a{k}" for k, t in enumerate(ats))
        kernels.append(
            f"""
define ptx_kernel void @{name}(ptr addrspace(1) %in0, ptr addrspace(1) %in1,
    ptr addrspace(1) %in2, ptr addrspace(1) %out, i32 %n) {{
entry:
{_GID}  %c = icmp slt i32 %i, %n
  br i1 %c, label %body, label %exit
body:
  %ie = sext i32 %i to i64
{loads}  %r = call {rt} @{callee}({call_args})
  %po = getelementptr {rt}, ptr addrspace(1) %out, i64 %ie
  store {rt} %r, ptr addrspace(1) %po
  br label %exit
exit:
  ret void
}}
"""
        )
    return HEADER + "\n".join(sorted(decls)) + "\n" + "".join(kernels) + FOOTER


def elementwise_ops(specs: list[tuple[str, str, str, str]]) -> str:
    """One kernel per spec (kernel, operand type, result type, body): the body computes
    %r from %x and %y (loaded from a[i], b[i]); out[i] = %r.  kernel(a, b, out, n)."""
    kernels = []
    for name, t, rt, body in specs:
        kernels.append(
            f"""
define ptx_kernel void @{name}(ptr addrspace(1) %a, ptr addrspace(1) %b,
    ptr addrspace(1) %out, i32 %n) {{
entry:
{_GID}  %c = icmp slt i32 %i, %n
  br i1 %c, label %body, label %exit
body:
  %ie = sext i32 %i to i64
  %pa = getelementptr {t}, ptr addrspace(1) %a, i64 %ie
  %pb = getelementptr {t}, ptr addrspace(1) %b, i64 %ie
  %x = load {t}, ptr addrspace(1) %pa
  %y = load {t}, ptr addrspace(1) %pb
{body}
  %po = getelementptr {rt}, ptr addrspace(1) %out, i64 %ie
  store {rt} %r, ptr addrspace(1) %po
  br label %exit
exit:
  ret void
}}
"""
        )
    decls = """
declare i32 @llvm.ctpop.i32(i32)
declare i64 @llvm.ctpop.i64(i64)
declare i32 @llvm.ctlz.i32(i32, i1)
declare i64 @llvm.ctlz.i64(i64, i1)
declare i32 @llvm.cttz.i32(i32, i1)
declare i32 @llvm.bitreverse.i32(i32)
declare i64 @llvm.bitreverse.i64(i64)
declare i32 @llvm.bswap.i32(i32)
declare i32 @llvm.fshl.i32(i32, i32, i32)
declare i32 @llvm.fshr.i32(i32, i32, i32)
declare i32 @llvm.smin.i32(i32, i32)
declare i32 @llvm.umax.i32(i32, i32)
declare i32 @llvm.abs.i32(i32, i1)
declare float @llvm.minimum.f32(float, float)
declare float @llvm.maxnum.f32(float, float)
declare float @llvm.copysign.f32(float, float)
declare i32 @llvm.nvvm.sad.i(i32, i32, i32)
"""
    return HEADER + decls + "".join(kernels) + FOOTER

#: half2(a <2 x T>*, b <2 x T>*, out <2 x T>* [4 per element], n) for T = half / bfloat:
#: out = [a + b, a * b, fma(a, b, a), a < b ? a : b] with packed (f16x2 / bf16x2) arithmetic
def half2(ty: str) -> str:
    suffix = "f16" if ty == "half" else "bf16"
    return (
        HEADER
        + f"""
declare <2 x {ty}> @llvm.fma.v2{suffix}(<2 x {ty}>, <2 x {ty}>, <2 x {ty}>)

define ptx_kernel void @half2(ptr addrspace(1) %a, ptr addrspace(1) %b, ptr addrspace(1) %out, i32 %n) {{
entry:
"""
        + _GID
        + f"""  %c = icmp slt i32 %i, %n
  br i1 %c, label %body, label %exit
body:
  %ie = sext i32 %i to i64
  %pa = getelementptr <2 x {ty}>, ptr addrspace(1) %a, i64 %ie
  %pb = getelementptr <2 x {ty}>, ptr addrspace(1) %b, i64 %ie
  %x = load <2 x {ty}>, ptr addrspace(1) %pa, align 4
  %y = load <2 x {ty}>, ptr addrspace(1) %pb, align 4
  %s = fadd <2 x {ty}> %x, %y
  %m = fmul <2 x {ty}> %x, %y
  %f = call <2 x {ty}> @llvm.fma.v2{suffix}(<2 x {ty}> %x, <2 x {ty}> %y, <2 x {ty}> %x)
  %lt = fcmp olt <2 x {ty}> %x, %y
  %mn = select <2 x i1> %lt, <2 x {ty}> %x, <2 x {ty}> %y
  %o = mul i64 %ie, 4
  %p0 = getelementptr <2 x {ty}>, ptr addrspace(1) %out, i64 %o
  store <2 x {ty}> %s, ptr addrspace(1) %p0, align 4
  %o1 = add i64 %o, 1
  %p1 = getelementptr <2 x {ty}>, ptr addrspace(1) %out, i64 %o1
  store <2 x {ty}> %m, ptr addrspace(1) %p1, align 4
  %o2 = add i64 %o, 2
  %p2 = getelementptr <2 x {ty}>, ptr addrspace(1) %out, i64 %o2
  store <2 x {ty}> %f, ptr addrspace(1) %p2, align 4
  %o3 = add i64 %o, 3
  %p3 = getelementptr <2 x {ty}>, ptr addrspace(1) %out, i64 %o3
  store <2 x {ty}> %mn, ptr addrspace(1) %p3, align 4
  br label %exit
exit:
  ret void
}}
"""
        + FOOTER
    )


#: Hand-written PTX (not LLVM output) for instructions LLVM rarely emits: per element
#: i < n of x (u32), 16 result words out[i*16 + k]; counter/dsum/table are module
#: variables.  Threads with x % 11 == 5 leave through a predicated `exit` after word 13.
MISC_OPS_PTX = """\
.version 7.0
.target sm_80
.address_size 64

.global .align 4 .u32 counter = 5;
.global .align 8 .f64 dsum;
.const .align 4 .b32 table[4] = {10, 20, 30, 40};

.visible .entry misc_ops(
	.param .u64 misc_ops_param_0,
	.param .u64 misc_ops_param_1,
	.param .u32 misc_ops_param_2
)
{
	.reg .pred 	%p<8>;
	.reg .b32 	%r<40>;
	.reg .b64 	%rd<20>;
	.reg .f32 	%f<4>;
	.reg .f64 	%fd<4>;

	ld.param.u64 	%rd1, [misc_ops_param_0];
	ld.param.u64 	%rd2, [misc_ops_param_1];
	ld.param.u32 	%r1, [misc_ops_param_2];
	mov.u32 	%r2, %tid.x;
	mov.u32 	%r3, %ctaid.x;
	mov.u32 	%r4, %ntid.x;
	mad.lo.s32 	%r5, %r3, %r4, %r2;
	setp.ge.u32 	%p1, %r5, %r1;
	@%p1 bra 	$DONE;
	cvta.to.global.u64 	%rd3, %rd1;
	mul.wide.u32 	%rd4, %r5, 4;
	add.s64 	%rd5, %rd3, %rd4;
	ld.global.u32 	%r6, [%rd5];
	mul.wide.u32 	%rd6, %r5, 64;
	add.s64 	%rd7, %rd2, %rd6;
	bfi.b32 	%r7, %r6, -1, 7, 5;          // word 0
	st.global.u32 	[%rd7], %r7;
	bfe.s32 	%r8, %r6, 3, 9;              // word 1
	st.global.u32 	[%rd7+4], %r8;
	slct.u32.s32 	%r9, 111, 222, %r6;      // word 2
	st.global.u32 	[%rd7+8], %r9;
	and.b32 	%r10, %r6, 3;
	cnot.b32 	%r11, %r10;                  // word 3
	st.global.u32 	[%rd7+12], %r11;
	mov.b32 	%f1, %r6;
	testp.finite.f32 	%p2, %f1;
	testp.normal.f32 	%p3, %f1;
	testp.subnormal.f32 	%p4, %f1;
	testp.notanumber.f32 	%p5, %f1;
	selp.u32 	%r12, 1, 0, %p2;
	selp.u32 	%r13, 2, 0, %p3;
	selp.u32 	%r14, 4, 0, %p4;
	selp.u32 	%r15, 8, 0, %p5;
	or.b32 	%r16, %r12, %r13;
	or.b32 	%r16, %r16, %r14;
	or.b32 	%r16, %r16, %r15;
	st.global.u32 	[%rd7+16], %r16;     // word 4
	lop3.b32 	%r17, %r6, 0x0F0F0F0F, %r5, 0x6A;
	st.global.u32 	[%rd7+20], %r17;     // word 5: (x & 0x0F0F0F0F) ^ i
	redux.sync.add.u32 	%r18, %r6, -1;
	st.global.u32 	[%rd7+24], %r18;     // word 6: warp sum
	atom.global.inc.u32 	%r19, [counter], 1000;
	st.global.u32 	[%rd7+28], %r19;     // word 7
	and.b32 	%r20, %r5, 3;
	mul.wide.u32 	%rd9, %r20, 4;
	mov.u64 	%rd10, table;
	add.s64 	%rd11, %rd10, %rd9;
	ld.const.u32 	%r21, [%rd11];
	st.global.u32 	[%rd7+32], %r21;     // word 8
	and.b32 	%r22, %r6, 255;
	cvt.rn.f64.u32 	%fd1, %r22;
	red.global.add.f64 	[dsum], %fd1;
	isspacep.global 	%p6, %rd1;
	selp.u32 	%r23, 1, 0, %p6;
	isspacep.shared 	%p7, %rd1;
	selp.u32 	%r24, 2, 0, %p7;
	or.b32 	%r25, %r23, %r24;
	st.global.u32 	[%rd7+36], %r25;     // word 9
	bar.warp.sync 	-1;
	membar.gl;
	fence.acq_rel.gpu;
	setp.lt.u32 	%p2, %r6, -2147483648;
	vote.sync.ballot.b32 	%r26, %p2, -1;
	st.global.u32 	[%rd7+40], %r26;     // word 10
	brev.b32 	%r27, %r6;
	popc.b32 	%r28, %r6;
	add.s32 	%r27, %r27, %r28;
	clz.b32 	%r28, %r6;
	add.s32 	%r27, %r27, %r28;
	st.global.u32 	[%rd7+44], %r27;     // word 11: brev + popc + clz
	prmt.b32 	%r29, %r6, %r5, 0x4D1C;
	st.global.u32 	[%rd7+48], %r29;     // word 12
	bfind.u32 	%r30, %r6;
	bfind.shiftamt.s32 	%r31, %r6;
	shl.b32 	%r31, %r31, 8;
	or.b32 	%r30, %r30, %r31;
	st.global.u32 	[%rd7+52], %r30;     // word 13
	rem.u32 	%r32, %r6, 11;
	setp.eq.u32 	%p3, %r32, 5;
	@%p3 exit;
	mul.lo.u32 	%r33, %r20, 10;
	shf.r.clamp.b32 	%r34, %r6, %r5, %r33;
	st.global.u32 	[%rd7+56], %r34;     // word 14
	mov.b32 	%f2, 0f40400000;
	div.full.f32 	%f3, %f1, %f2;
	mov.b32 	%r35, %f3;
	st.global.u32 	[%rd7+60], %r35;     // word 15: x as f32 / 3
$DONE:
	ret;
}
"""

#: atomic_sum(x f32*, xd f64*, total f32*, totald f64*, count i32*, old i32*, bits i64*, n):
#: every thread adds into the same addresses (long same-address chains): float and double
#: sums, a counter whose returned old values give the thread order, and on bits (u64[6]):
#: or, xor, and, (u32 inc bound 100, u32 dec bound 7), umax, cas(0 -> i)
ATOMIC_SUM = (
    HEADER
    + """
define ptx_kernel void @atomic_sum(ptr addrspace(1) %x, ptr addrspace(1) %xd, ptr addrspace(1) %total,
    ptr addrspace(1) %totald, ptr addrspace(1) %count, ptr addrspace(1) %old, ptr addrspace(1) %bits,
    i32 %n) {
entry:
"""
    + _GID
    + """  %c = icmp slt i32 %i, %n
  br i1 %c, label %body, label %exit
body:
  %ie = sext i32 %i to i64
  %px = getelementptr float, ptr addrspace(1) %x, i64 %ie
  %v = load float, ptr addrspace(1) %px
  %o1 = atomicrmw fadd ptr addrspace(1) %total, float %v monotonic
  %pxd = getelementptr double, ptr addrspace(1) %xd, i64 %ie
  %vd = load double, ptr addrspace(1) %pxd
  %o2 = atomicrmw fadd ptr addrspace(1) %totald, double %vd monotonic
  %o3 = atomicrmw add ptr addrspace(1) %count, i32 1 monotonic
  %po = getelementptr i32, ptr addrspace(1) %old, i64 %ie
  store i32 %o3, ptr addrspace(1) %po
  %sh = and i32 %i, 63
  %shl = zext i32 %sh to i64
  %bit = shl i64 1, %shl
  %pb0 = getelementptr i64, ptr addrspace(1) %bits, i64 0
  %o4 = atomicrmw or ptr addrspace(1) %pb0, i64 %bit monotonic
  %pb1 = getelementptr i64, ptr addrspace(1) %bits, i64 1
  %o5 = atomicrmw xor ptr addrspace(1) %pb1, i64 %bit monotonic
  %nb = xor i64 %bit, -1
  %pb2 = getelementptr i64, ptr addrspace(1) %bits, i64 2
  %o6 = atomicrmw and ptr addrspace(1) %pb2, i64 %nb monotonic
  %pb3 = getelementptr i32, ptr addrspace(1) %bits, i64 6
  %o7 = atomicrmw uinc_wrap ptr addrspace(1) %pb3, i32 100 monotonic
  %pb4 = getelementptr i32, ptr addrspace(1) %bits, i64 7
  %o8 = atomicrmw udec_wrap ptr addrspace(1) %pb4, i32 7 monotonic
  %pb5 = getelementptr i64, ptr addrspace(1) %bits, i64 4
  %o9 = atomicrmw umax ptr addrspace(1) %pb5, i64 %bit monotonic
  %pb6 = getelementptr i64, ptr addrspace(1) %bits, i64 5
  %pair = cmpxchg ptr addrspace(1) %pb6, i64 0, i64 %ie monotonic monotonic
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)

#: atomic_fmax(x f32*, m f32*, n): m = max(m, x[i]) by `atomicrmw fmax`, which LLVM lowers
#: to a compare-and-swap loop on sm_80 (every thread contends for one address)
ATOMIC_FMAX = (
    HEADER
    + """
define ptx_kernel void @atomic_fmax(ptr addrspace(1) %x, ptr addrspace(1) %m, i32 %n) {
entry:
"""
    + _GID
    + """  %c = icmp slt i32 %i, %n
  br i1 %c, label %body, label %exit
body:
  %ie = sext i32 %i to i64
  %px = getelementptr float, ptr addrspace(1) %x, i64 %ie
  %v = load float, ptr addrspace(1) %px
  %o = atomicrmw fmax ptr addrspace(1) %m, float %v monotonic
  br label %exit
exit:
  ret void
}
"""
    + FOOTER
)

#: scalar_params(out, half h, i1 b, i8 c, i16 s, bfloat bf, double d, float f): stores
#: [f32(h), zext b, sext c, sext s, f32(bf), f] as 32-bit words, then d as a double
SCALAR_PARAMS = (
    HEADER
    + """
define ptx_kernel void @scalar_params(ptr addrspace(1) %o, half %h, i1 %b, i8 %c, i16 %s,
    bfloat %bf, double %d, float %f) {
  %hf = fpext half %h to float
  store float %hf, ptr addrspace(1) %o
  %z = zext i1 %b to i32
  %p1 = getelementptr i32, ptr addrspace(1) %o, i64 1
  store i32 %z, ptr addrspace(1) %p1
  %zc = sext i8 %c to i32
  %p2 = getelementptr i32, ptr addrspace(1) %o, i64 2
  store i32 %zc, ptr addrspace(1) %p2
  %zs = sext i16 %s to i32
  %p3 = getelementptr i32, ptr addrspace(1) %o, i64 3
  store i32 %zs, ptr addrspace(1) %p3
  %fb = fpext bfloat %bf to float
  %p4 = getelementptr float, ptr addrspace(1) %o, i64 4
  store float %fb, ptr addrspace(1) %p4
  %p5 = getelementptr float, ptr addrspace(1) %o, i64 5
  store float %f, ptr addrspace(1) %p5
  %p6 = getelementptr double, ptr addrspace(1) %o, i64 3
  store double %d, ptr addrspace(1) %p6
  ret void
}
"""
    + FOOTER
)

#: dyn_reverse(x f32*, y f32*): reverses each block's slice of x through dynamic (extern)
#: shared memory of blockDim.x floats: dyn[tid] = x[i]; y[i] = dyn[ntid - 1 - tid]
DYN_REVERSE = (
    HEADER
    + """
@dyn = external addrspace(3) global [0 x float], align 16

define ptx_kernel void @dyn_reverse(ptr addrspace(1) %x, ptr addrspace(1) %y) {
entry:
"""
    + _GID
    + """  %ie = zext i32 %i to i64
  %px = getelementptr float, ptr addrspace(1) %x, i64 %ie
  %v = load float, ptr addrspace(1) %px
  %tl = zext i32 %tid to i64
  %ps = getelementptr [0 x float], ptr addrspace(3) @dyn, i64 0, i64 %tl
  store float %v, ptr addrspace(3) %ps
  call void @llvm.nvvm.barrier0()
  %last = sub i32 %ntid, 1
  %r = sub i32 %last, %tid
  %rl = zext i32 %r to i64
  %pr = getelementptr [0 x float], ptr addrspace(3) @dyn, i64 0, i64 %rl
  %w = load float, ptr addrspace(3) %pr
  %py = getelementptr float, ptr addrspace(1) %y, i64 %ie
  store float %w, ptr addrspace(1) %py
  ret void
}
"""
    + FOOTER
)
