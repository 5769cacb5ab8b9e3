"""Native support functions that compiled kernels call: the CBLAS gemms, thread-aware.

`convert-libcall-to-llvm` makes a kernel's gemm a call of `arignote_cblas_sgemm` /
`arignote_cblas_dgemm` (row-major CBLAS arguments, 64-bit integers).  This module defines
those two functions once per process, in a small LLVM module compiled with llvmlite, on
top of NumPy's OpenBLAS (`cblas_?gemm64_`):

    if M * N * K < SINGLE_THREAD_MNK:           # a small gemm
        old = openblas_set_num_threads_local(1)  # this thread only, restored after
        cblas_?gemm(...)
        openblas_set_num_threads_local(old)
    else:
        cblas_?gemm(...)                         # OpenBLAS's own threads

OpenBLAS wakes its thread pool for every gemm above a tiny size; for the small gemms of a
loop body (an RNN step's 32x64x256) the pool costs more than it saves, and its spinning
workers take the core the next kernel needs (measured in docs/internals.md, "Native
loops on the CPU").  The host's `cpu-blas` executor calls the same two functions, so
host and kernel gemms follow one policy.  Without `openblas_set_num_threads_local` (an
OpenBLAS older than 0.3.27) the wrappers call the gemm as it is.
"""

from __future__ import annotations

import ctypes
import threading
from functools import lru_cache

import llvmlite.binding as llvm

from arignote.lowering.convert_libcall_to_llvm import GEMM_SYMBOLS

#: gemms with M * N * K below this run on the calling thread only.  Measured on W7 (an
#: RNN step: 32x256x256 = 2^21 and 32x64x256 = 2^19 gemms per step, 2 cores): with 2^21
#: the 2^21 gemms use both cores, 9.9 ms quiet / 20.7 ms beside a busy core; with 2^24
#: none does, 12.6 ms quiet / 12.8 ms beside a busy core; with every gemm threaded the
#: pool's spinning cost 15x under load.  Tuned for a quiet machine, as benchmarks run.
SINGLE_THREAD_MNK = 1 << 21

_ARGS = (
    "i32 %o, i32 %ta, i32 %tb, i64 %m, i64 %n, i64 %k, {T} %al, ptr %a, i64 %lda, ptr %b, "
    "i64 %ldb, {T} %be, ptr %c, i64 %ldc"
)


def _wrapper(name: str, target: str, real: str, local: bool) -> str:
    args = call = _ARGS.format(T=real)
    if not local:
        return f"define void @{name}({args}) {{\n  call void @{target}({call})\n  ret void\n}}\n"
    return f"""define void @{name}({args}) {{
entry:
  %mn = mul i64 %m, %n
  %mnk = mul i64 %mn, %k
  %small = icmp slt i64 %mnk, {SINGLE_THREAD_MNK}
  br i1 %small, label %one, label %pool
one:
  %old = call i32 @arignote_openblas_threads_local(i32 1)
  call void @{target}({call})
  %r = call i32 @arignote_openblas_threads_local(i32 %old)
  ret void
pool:
  call void @{target}({call})
  ret void
}}
"""


def _source(local: bool) -> str:
    decl = []
    for real in ("float", "double"):
        target = f"arignote_openblas_{real[0]}gemm"
        decl.append(f"declare void @{target}({_ARGS.format(T=real)})")
    if local:
        decl.append("declare i32 @arignote_openblas_threads_local(i32)")
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


_lock = threading.Lock()


@lru_cache(maxsize=1)
def support() -> Support | None:
    """The support functions, bound as `arignote_cblas_?gemm` for the JIT; None without
    a 64-bit CBLAS."""
    from arignote.runtime.cpu.jit import _new_target_machine
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
    with _lock:
        module = llvm.parse_assembly(_source(local))
        module.verify()
        tm = _new_target_machine()
        engine = llvm.create_mcjit_compiler(module, tm)
        engine.finalize_object()
    addresses = {name: engine.get_function_address(name) for name in GEMM_SYMBOLS.values()}
    for name, addr in addresses.items():
        llvm.add_symbol(name, addr)
    return Support(engine, addresses, local)


__all__ = ["SINGLE_THREAD_MNK", "Support", "support"]
