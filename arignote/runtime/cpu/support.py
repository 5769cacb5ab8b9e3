"""Native support functions that compiled kernels call: the CBLAS gemms, thread-aware.

`convert-libcall-to-llvm` makes a kernel's gemm a call of `arignote_cblas_sgemm` /
`arignote_cblas_dgemm` (row-major CBLAS arguments, 64-bit integers).  This module defines
those two functions once per process, in a small LLVM module compiled with llvmlite, on
top of NumPy's OpenBLAS (`cblas_?gemm64_`):

    if M * N * K < SINGLE_THREAD_MNK or the order is column-major:
        old = openblas_set_num_threads_local(1)   # this thread only, restored after
        cblas_?gemm(...)                          # (column-major: never made here)
        openblas_set_num_threads_local(old)
    else:                                         # row-major, on arignote's pool
        arignote_parallel_for(part, ctx, parts, 1)  # parts = min(pool threads, slices)
          # part p: one single-threaded cblas_?gemm on slice p of the longer of M and N
          # (SLICE rows/columns per slice but the last)

OpenBLAS wakes its thread pool for every gemm above a tiny size, and its workers spin
long after it (OpenBLAS's thread timeout) on the core the next kernel needs: for the
small gemms of a loop body (an RNN step's 32x64x256) its pool costs more than it saves
(measured in docs/internals.md, "Native loops on the CPU"), and after W4's 64x4096x10
dense layer the next call's convolutions ran 2.3 ms slower (9.2 vs 6.9 ms per call).  So
no gemm of arignote's runs on OpenBLAS's threads: the big ones are split over arignote's
pool (`config.num_threads` threads; its workers spin ~40 us, then sleep).  The host's
`cpu-blas` executor calls the same two functions, so host and kernel gemms follow one
policy.  Without `openblas_set_num_threads_local` (an OpenBLAS older than 0.3.27) the
wrappers call the gemm as it is.
"""

from __future__ import annotations

import ctypes
from functools import lru_cache

import llvmlite.binding as llvm

from arignote.lowering.kernel_abi import GEMM_SYMBOLS
from arignote.runtime.cpu.pool import PARALLEL_FOR, POOL_THREADS, pool
from arignote.runtime.libcall.blas import ROW_MAJOR, TRANS

#: gemms with M * N * K below this run on the calling thread only.  Measured on W7 (an
#: RNN step: 32x256x256 = 2^21 and 32x64x256 = 2^19 gemms per step, 2 cores): with 2^21
#: the 2^21 gemms use both cores, 9.9 ms quiet / 20.7 ms beside a busy core; with 2^24
#: none does, 12.6 ms quiet / 12.8 ms beside a busy core; with every gemm threaded the
#: pool's spinning cost 15x under load.  Tuned for a quiet machine, as benchmarks run.
SINGLE_THREAD_MNK = 1 << 21

#: a split gemm's slices of M (or N) are multiples of this many rows (columns) but the
#: last: whole blocks of OpenBLAS's kernels (unrolled by 4-16 on x86-64), so each element
#: is computed as by the whole gemm, whatever the number of threads
SLICE = 64

_ARGS = (
    "i32 %o, i32 %ta, i32 %tb, i64 %m, i64 %n, i64 %k, {T} %al, ptr %a, i64 %lda, ptr %b, "
    "i64 %ldb, {T} %be, ptr %c, i64 %ldc"
)


def _wrapper(name: str, target: str, real: str, local: bool) -> str:
    args = call = _ARGS.format(T=real)
    if not local:
        return f"define void @{name}({args}) {{\n  call void @{target}({call})\n  ret void\n}}\n"
    ctx = ", ".join(real if t == "T" else t for _, t in _FIELDS)
    rows = _gemm_call(target, real, "%cnt", "%n", "%a_rows", "%b", "%c_rows")
    cols = _gemm_call(target, real, "%m", "%cnt", "%a", "%b_cols", "%c_cols")
    return f"""%{name}.ctx = type {{ {ctx} }}

define void @{name}({args}) {{
entry:
  %mn = mul i64 %m, %n
  %mnk = mul i64 %mn, %k
  %small = icmp slt i64 %mnk, {SINGLE_THREAD_MNK}
  br i1 %small, label %one, label %big
one:
  %old = call i32 @arignote_openblas_threads_local(i32 1)
  call void @{target}({call})
  %r = call i32 @arignote_openblas_threads_local(i32 %old)
  ret void
big:
  %row_major = icmp eq i32 %o, {ROW_MAJOR}
  br i1 %row_major, label %split, label %one
split:
  %threads = call i64 @{POOL_THREADS}()
  %by_m = icmp sge i64 %m, %n
  %len = select i1 %by_m, i64 %m, i64 %n
  %len_up = add i64 %len, {SLICE - 1}
  %slices = sdiv i64 %len_up, {SLICE}
  %few = icmp slt i64 %slices, %threads
  %parts = select i1 %few, i64 %slices, i64 %threads
  %ctx = alloca %{name}.ctx, align 8
{_fields(name, real, "store")}
  call void @{PARALLEL_FOR}(ptr @{name}.part, ptr %ctx, i64 %parts, i64 1)
  ret void
}}

; parts [p0, p1) of %parts equal slices of the longer of M and N: one gemm on this thread
define internal void @{name}.part(ptr %ctx, i64 %p0, i64 %p1) {{
entry:
{_fields(name, real, "load")}
  %len = select i1 %by_m, i64 %m, i64 %n
  %lo = call i64 @{name}.bound(i64 %p0, i64 %parts, i64 %len)
  %hi = call i64 @{name}.bound(i64 %p1, i64 %parts, i64 %len)
  %cnt = sub i64 %hi, %lo
  %empty = icmp sle i64 %cnt, 0
  br i1 %empty, label %exit, label %run
run:
  %old = call i32 @arignote_openblas_threads_local(i32 1)
  br i1 %by_m, label %rows, label %cols
rows:
  %ta_t = icmp eq i32 %ta, {TRANS}
  %lo_lda = mul i64 %lo, %lda
  %a_off = select i1 %ta_t, i64 %lo, i64 %lo_lda
  %a_rows = getelementptr {real}, ptr %a, i64 %a_off
  %lo_ldc = mul i64 %lo, %ldc
  %c_rows = getelementptr {real}, ptr %c, i64 %lo_ldc
  {rows}
  br label %done
cols:
  %tb_t = icmp eq i32 %tb, {TRANS}
  %lo_ldb = mul i64 %lo, %ldb
  %b_off = select i1 %tb_t, i64 %lo_ldb, i64 %lo
  %b_cols = getelementptr {real}, ptr %b, i64 %b_off
  %c_cols = getelementptr {real}, ptr %c, i64 %lo
  {cols}
  br label %done
done:
  %r = call i32 @arignote_openblas_threads_local(i32 %old)
  br label %exit
exit:
  ret void
}}

; where slice p of `parts` starts: p * len / parts rounded to a multiple of {SLICE} (len at
; the end), so every slice but the last is whole blocks of OpenBLAS's kernels
define internal i64 @{name}.bound(i64 %p, i64 %parts, i64 %len) {{
entry:
  %last = icmp sge i64 %p, %parts
  br i1 %last, label %end, label %inner
end:
  ret i64 %len
inner:
  %pl = mul i64 %p, %len
  %even = sdiv i64 %pl, %parts
  %half = add i64 %even, {SLICE // 2}
  %q = sdiv i64 %half, {SLICE}
  %b = mul i64 %q, {SLICE}
  %over = icmp sgt i64 %b, %len
  %r = select i1 %over, i64 %len, i64 %b
  ret i64 %r
}}
"""


#: the context fields of a split gemm: (LLVM name, type; "T" is the element type)
_FIELDS = (
    ("o", "i32"), ("ta", "i32"), ("tb", "i32"), ("m", "i64"), ("n", "i64"), ("k", "i64"),
    ("al", "T"), ("a", "ptr"), ("lda", "i64"), ("b", "ptr"), ("ldb", "i64"), ("be", "T"),
    ("c", "ptr"), ("ldc", "i64"), ("parts", "i64"), ("by_m", "i1"),
)  # fmt: skip


def _gemm_call(target: str, real: str, m: str, n: str, a: str, b: str, c: str) -> str:
    """A call of the CBLAS gemm `target` on the context's arguments, with M, N and the
    three matrices given."""
    return (
        f"call void @{target}(i32 %o, i32 %ta, i32 %tb, i64 {m}, i64 {n}, i64 %k, "
        f"{real} %al, ptr {a}, i64 %lda, ptr {b}, i64 %ldb, {real} %be, ptr {c}, i64 %ldc)"
    )


def _fields(name: str, real: str, access: str) -> str:
    """Every field of the context %ctx stored from (`store`) or loaded into (`load`) the
    value of its name."""
    out = []
    for i, (f, t) in enumerate(_FIELDS):
        t = real if t == "T" else t
        out.append(f"  %{access}.{f} = getelementptr %{name}.ctx, ptr %ctx, i32 0, i32 {i}")
        if access == "store":
            out.append(f"  store {t} %{f}, ptr %store.{f}")
        else:
            out.append(f"  %{f} = load {t}, ptr %load.{f}")
    return "\n".join(out)


def _source(local: bool) -> str:
    decl = []
    for real in ("float", "double"):
        target = f"arignote_openblas_{real[0]}gemm"
        decl.append(f"declare void @{target}({_ARGS.format(T=real)})")
    if local:
        decl.append("declare i32 @arignote_openblas_threads_local(i32)")
        decl.append(f"declare void @{PARALLEL_FOR}(ptr, ptr, i64, i64)")
        decl.append(f"declare i64 @{POOL_THREADS}()")
    body = [
        _wrapper(GEMM_SYMBOLS["f32"], "arignote_openblas_fgemm", "float", local),
        _wrapper(GEMM_SYMBOLS["f64"], "arignote_openblas_dgemm", "double", local),
    ]
    return "\n".join(decl) + "\n\n" + "\n".join(body)


class Support:
    """The compiled support module (kept alive with the process)."""

    def __init__(self, engine: llvm.ExecutionEngine, addresses: dict[str, int], local: bool):
        self.engine = engine
        self.addresses = addresses
        self.thread_aware = local

    def gemm(self, dtype_name: str) -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
        """The wrapper for f32/f64 as a ctypes function (the CBLAS argument types)."""
        key = {"float32": "f32", "float64": "f64"}.get(dtype_name)
        if key is None:
            return None
        real = ctypes.c_float if key == "f32" else ctypes.c_double
        i, p, q = ctypes.c_int, ctypes.c_int64, ctypes.c_void_p
        proto = ctypes.CFUNCTYPE(None, i, i, i, p, p, p, real, q, p, q, p, real, q, p)
        return proto(self.addresses[GEMM_SYMBOLS[key]])


@lru_cache(maxsize=1)
def support() -> Support | None:
    """The support functions, bound as `arignote_cblas_?gemm` for the JIT; None without
    a 64-bit CBLAS."""
    from arignote.runtime.cpu.jit import runtime_module
    from arignote.runtime.libcall.blas import load_cblas

    lib = load_cblas()
    if lib is None or lib.int_bits != 64:
        return None
    so = ctypes.CDLL(lib.path)
    local = hasattr(so, "openblas_set_num_threads_local")
    llvm.add_symbol("arignote_openblas_fgemm", ctypes.cast(lib.sgemm, ctypes.c_void_p).value)
    llvm.add_symbol("arignote_openblas_dgemm", ctypes.cast(lib.dgemm, ctypes.c_void_p).value)
    if local:
        fn = so.openblas_set_num_threads_local
        llvm.add_symbol("arignote_openblas_threads_local", ctypes.cast(fn, ctypes.c_void_p).value)
    if local:
        pool()  # the split gemms run on it: its symbols are bound before this module
    engine = runtime_module("support", _source(local))
    addresses = {name: engine.get_function_address(name) for name in GEMM_SYMBOLS.values()}
    for name, addr in addresses.items():
        llvm.add_symbol(name, addr)
    return Support(engine, addresses, local)


__all__ = ["SINGLE_THREAD_MNK", "SLICE", "Support", "support"]
