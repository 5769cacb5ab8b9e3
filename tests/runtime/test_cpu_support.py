"""The native support functions kernels call (arignote.runtime.cpu.support)."""

from __future__ import annotations

import ctypes

import numpy as np
import pytest

from arignote.runtime.cpu.support import SINGLE_THREAD_MNK, SLICE, support
from arignote.runtime.libcall.blas import NO_TRANS, ROW_MAJOR, TRANS, load_cblas

native = support()
pytestmark = pytest.mark.skipif(native is None, reason="no 64-bit CBLAS (NumPy's OpenBLAS)")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("mnk", [(3, 5, 4), (32, 256, 256), (300, 256, 256), (4, 3, 0)])
def test_gemm_wrapper_matches_numpy(rng: np.random.Generator, dtype: str, mnk: tuple) -> None:
    """Below and above the single-thread size, transposed A, beta = 1 and k = 0, the
    wrapper computes alpha * A^T B + beta * C (tolerance: 1e-5 f32 / 1e-12 f64 relative
    to the largest |result|, sums of up to 256 products)."""
    m, n, k = mnk
    a = rng.standard_normal((k, m)).astype(dtype)  # transposed
    b = rng.standard_normal((k, n)).astype(dtype)
    c = rng.standard_normal((m, n)).astype(dtype)
    ref = 2.0 * a.T.astype(np.float64) @ b + c
    gemm = native.gemm(dtype)
    gemm(ROW_MAJOR, TRANS, NO_TRANS, m, n, k, 2.0, a.ctypes.data, max(m, 1), b.ctypes.data,
         max(n, 1), 1.0, c.ctypes.data, max(n, 1))  # fmt: skip
    tol = 1e-5 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(c, ref, atol=tol * max(1.0, np.abs(ref).max()), rtol=0)


def test_small_gemms_run_on_the_calling_thread_only() -> None:
    """With NumPy's OpenBLAS the wrappers are thread-aware: a gemm under
    SINGLE_THREAD_MNK sets this thread's OpenBLAS thread count to 1 and restores it
    (OpenBLAS's `openblas_set_num_threads_local`), so the caller's setting survives."""
    lib = load_cblas()
    so = ctypes.CDLL(lib.path)
    if not hasattr(so, "openblas_set_num_threads_local"):
        pytest.skip("OpenBLAS older than 0.3.27")
    assert native.thread_aware
    local = so.openblas_set_num_threads_local
    local.restype, local.argtypes = ctypes.c_int, [ctypes.c_int]
    before = local(2)
    try:
        a = np.ones((8, 8), np.float32)
        c = np.zeros((8, 8), np.float32)
        assert 8 * 8 * 8 < SINGLE_THREAD_MNK
        native.gemm("float32")(ROW_MAJOR, NO_TRANS, NO_TRANS, 8, 8, 8, 1.0, a.ctypes.data, 8,
                               a.ctypes.data, 8, 0.0, c.ctypes.data, 8)  # fmt: skip
        assert local(2) == 2  # the wrapper put back what this thread had
        np.testing.assert_array_equal(c, np.full((8, 8), 8.0, np.float32))
    finally:
        local(before)


@pytest.mark.parametrize("ta", [False, True])
@pytest.mark.parametrize("tb", [False, True])
@pytest.mark.parametrize("mnk", [(300, 256, 256), (16, 600, 300), (7, 3, 1 << 18)])
def test_big_gemms_are_split_over_the_pool(rng: np.random.Generator, ta, tb, mnk) -> None:  # type: ignore[no-untyped-def]
    """A gemm of at least SINGLE_THREAD_MNK runs as one single-threaded OpenBLAS gemm per
    thread of arignote's pool, on slices of the longer of M and N (OpenBLAS's own threads
    would spin on the cores the next kernel needs).  Every transpose of A and B, a split
    along M, along N, and M and N too short to split (one slice: no parallel region).
    Both thread counts within 1e-5 of the largest |result| of NumPy's float64 product
    (f32; OpenBLAS picks its kernels by size, so a slice may round differently from the
    whole gemm, as OpenBLAS's own threading does)."""
    from arignote.config import config
    from arignote.runtime.cpu.pool import pool

    m, n, k = mnk
    assert m * n * k >= SINGLE_THREAD_MNK
    a = rng.standard_normal((k, m) if ta else (m, k)).astype(np.float32)
    b = rng.standard_normal((n, k) if tb else (k, n)).astype(np.float32)
    ref = (a.T if ta else a).astype(np.float64) @ (b.T if tb else b).astype(np.float64)
    gemm = native.gemm("float32")
    old = config.num_threads
    try:
        for threads in (1, 2):
            config.num_threads = threads
            before = pool().stats()["regions"]
            c = np.full((m, n), np.nan, np.float32)
            gemm(ROW_MAJOR, TRANS if ta else NO_TRANS, TRANS if tb else NO_TRANS, m, n, k, 1.0,
                 a.ctypes.data, a.shape[1], b.ctypes.data, b.shape[1], 0.0, c.ctypes.data, n)  # fmt: skip
            split = threads > 1 and max(m, n) > SLICE
            assert pool().stats()["regions"] == before + split
            np.testing.assert_allclose(c, ref, atol=1e-5 * np.abs(ref).max(), rtol=0)
    finally:
        config.num_threads = old
