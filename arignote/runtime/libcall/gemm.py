"""`cpu-blas` (and `cpu-numpy`) for libcall.gemm and libcall.batched_gemm.

`cpu-blas` calls `cblas_sgemm`/`cblas_dgemm` of the OpenBLAS NumPy ships (see `blas.py`),
through the thread-aware wrappers of `arignote.runtime.cpu.support` (small gemms on the
calling thread only, as kernels call them)
with the buffers' pointers and leading dimensions: alpha, beta and the transposes map
directly onto the CBLAS arguments, so the plain case makes no copy; bias and relu are
applied in place afterwards.  batched_gemm is one CBLAS call per matrix.  f16 buffers
(no CBLAS routine), and every buffer when no CBLAS library is found, go through
`np.matmul` in float32/float64 (`cpu-numpy`, which can also be chosen explicitly).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from arignote.dialects.libcall import GemmBase
from arignote.errors import ShapeError
from arignote.runtime.libcall.blas import NO_TRANS, ROW_MAJOR, TRANS, load_cblas
from arignote.runtime.libcall.common import Executor, compute_dtype, element_dtype


def gemm_executor(op: GemmBase, provider: str) -> Executor:
    """An executor for a gemm/batched_gemm on memrefs: run([A, B, C(, bias)])."""
    dtype = element_dtype(op.c)
    lib = load_cblas() if provider == "cpu-blas" else None
    fn = lib.gemm_function(dtype) if lib is not None else None
    if fn is not None:  # the kernels' thread-aware wrapper, where it exists
        from arignote.runtime.cpu.support import support

        native = support()
        fn = (native.gemm(dtype.name) if native is not None else None) or fn
    if fn is None:
        return _numpy_gemm(op, dtype)
    return _blas_gemm(op, fn)


def _shapes(op: GemmBase, where: str) -> Callable[[np.ndarray, np.ndarray, np.ndarray], int]:
    """A checker returning K for A, B, C of the op's layout (raises ShapeError)."""
    ta, tb, batch = op.transpose_a.value.data, op.transpose_b.value.data, op.BATCH

    def check(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> int:
        if batch and not (a.shape[0] == b.shape[0] == c.shape[0]):
            raise ShapeError(f"{where}: batch sizes differ: A {a.shape}, B {b.shape}, C {c.shape}")
        m, n = c.shape[-2], c.shape[-1]
        ma, ka = (a.shape[-1], a.shape[-2]) if ta else (a.shape[-2], a.shape[-1])
        kb, nb = (b.shape[-1], b.shape[-2]) if tb else (b.shape[-2], b.shape[-1])
        if ma != m or nb != n or ka != kb:
            raise ShapeError(
                f"{where}: A {a.shape}, B {b.shape} and C {c.shape} do not fit "
                f"(op(A) is {(ma, ka)}, op(B) is {(kb, nb)})"
            )
        return ka

    return check


def _epilogue(op: GemmBase) -> Callable[[np.ndarray, np.ndarray | None], None]:
    relu = op.epilogue.data == "relu"

    def finish(out: np.ndarray, bias: np.ndarray | None) -> None:
        if bias is not None:
            if bias.shape != (out.shape[-1],):
                raise ShapeError(
                    f"{op.location_name()}: bias {bias.shape} does not fit C {out.shape}"
                )
            np.add(out, bias, out=out)
        if relu:
            np.maximum(out, 0, out=out)

    return finish


def _blas_gemm(op: GemmBase, fn: Callable[..., None]) -> Executor:
    alpha = float(op.alpha.value.data)
    beta = float(op.beta.value.data)
    ta = TRANS if op.transpose_a.value.data else NO_TRANS
    tb = TRANS if op.transpose_b.value.data else NO_TRANS
    batch = op.BATCH
    has_bias = op.bias is not None
    where = op.location_name()
    check = _shapes(op, where)
    finish = _epilogue(op)

    def run(bufs: list[np.ndarray]) -> None:
        a, b, c = bufs[0], bufs[1], bufs[2]
        k = check(a, b, c)
        if not a.flags.c_contiguous:
            a = np.ascontiguousarray(a)
        if not b.flags.c_contiguous:
            b = np.ascontiguousarray(b)
        out = c
        if not c.flags.c_contiguous or np.may_share_memory(c, a) or np.may_share_memory(c, b):
            out = np.array(c, order="C")  # a private copy (beta may read it)
        m, n = out.shape[-2], out.shape[-1]
        if m and n:
            if k == 0:
                if beta == 0.0:
                    out.fill(0)
                elif beta != 1.0:
                    np.multiply(out, beta, out=out)
            else:
                lda, ldb = max(a.shape[-1], 1), max(b.shape[-1], 1)
                pa, pb, pc = a.ctypes.data, b.ctypes.data, out.ctypes.data
                if batch:
                    sa, sb, sc = a.strides[0], b.strides[0], out.strides[0]
                    for i in range(out.shape[0]):
                        fn(ROW_MAJOR, ta, tb, m, n, k, alpha, pa + i * sa, lda,
                           pb + i * sb, ldb, beta, pc + i * sc, n)  # fmt: skip
                else:
                    fn(ROW_MAJOR, ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, n)
        finish(out, bufs[3] if has_bias else None)
        if out is not c:
            c[...] = out

    return run


def _numpy_gemm(op: GemmBase, dtype: np.dtype) -> Executor:
    alpha = float(op.alpha.value.data)
    beta = float(op.beta.value.data)
    ta, tb = op.transpose_a.value.data, op.transpose_b.value.data
    has_bias = op.bias is not None
    check = _shapes(op, op.location_name())
    finish = _epilogue(op)
    cd = compute_dtype(dtype)

    def run(bufs: list[np.ndarray]) -> None:
        a, b, c = bufs[0], bufs[1], bufs[2]
        check(a, b, c)
        opa = np.swapaxes(a, -1, -2) if ta else a
        opb = np.swapaxes(b, -1, -2) if tb else b
        acc = np.matmul(opa.astype(cd, copy=False), opb.astype(cd, copy=False))
        if alpha != 1.0:
            acc *= cd.type(alpha)
        if beta != 0.0:
            acc += cd.type(beta) * c.astype(cd, copy=False)
        finish(acc, bufs[3] if has_bias else None)
        c[...] = acc

    return run
