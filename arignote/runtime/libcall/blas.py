"""CBLAS gemm from the OpenBLAS that NumPy ships, called through ctypes.

NumPy's wheels bundle OpenBLAS as `numpy.libs/libscipy_openblas64_-*.so` (64-bit
integers, symbols prefixed `scipy_` and suffixed `64_`: `scipy_cblas_sgemm64_`,
`scipy_cblas_dgemm64_`).  `load_cblas()` finds that library (or, failing that, a
system `libopenblas`/`libcblas` exporting plain `cblas_sgemm`, 32-bit integers) and
returns a `Cblas` whose `sgemm`/`dgemm` take raw pointers, so a call costs one ctypes
transition and no copy.  When no library is found it returns None and the providers fall
back to `np.matmul(..., out=)` (they say so in their description).

OpenBLAS's batched entry points (`cblas_sgemm_batch_strided`, `scipy_cblas_sgemm_batch64_`)
crash in the OpenBLAS 0.3.31 build NumPy 2.4 ships, so batches are a loop of gemm calls.
"""

from __future__ import annotations

import ctypes
import glob
import os
from dataclasses import dataclass
from functools import cache

import numpy as np

ROW_MAJOR = 101
NO_TRANS = 111
TRANS = 112


@dataclass(frozen=True)
class Cblas:
    """One CBLAS library: `sgemm`/`dgemm` are ctypes functions with the CBLAS signature
    (order, trans_a, trans_b, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)."""

    path: str
    sgemm: ctypes._CFuncPtr  # type: ignore[name-defined]
    dgemm: ctypes._CFuncPtr  # type: ignore[name-defined]
    int_bits: int
    description: str

    def gemm_function(self, dtype: np.dtype) -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
        """The gemm for float32/float64 buffers, None for other dtypes."""
        if dtype == np.float32:
            return self.sgemm
        if dtype == np.float64:
            return self.dgemm
        return None


def _numpy_openblas_candidates() -> list[str]:
    base = os.path.dirname(os.path.dirname(np.__file__))
    out = sorted(glob.glob(os.path.join(base, "numpy.libs", "libscipy_openblas*.so*")))
    out += sorted(glob.glob(os.path.join(base, "scipy_openblas*", "lib", "libscipy_openblas*.so*")))
    return out


def _bind(lib: ctypes.CDLL, name: str, real: type, blasint: type) -> ctypes._CFuncPtr:  # type: ignore[name-defined]
    fn = getattr(lib, name)
    ci, p = ctypes.c_int, ctypes.c_void_p
    fn.restype = None
    fn.argtypes = [
        ci,
        ci,
        ci,
        blasint,
        blasint,
        blasint,
        real,
        p,
        blasint,
        p,
        blasint,
        real,
        p,
        blasint,
    ]
    return fn


def _try_library(path: str) -> Cblas | None:
    try:
        lib = ctypes.CDLL(path)
    except OSError:
        return None
    variants = [
        ("scipy_cblas_sgemm64_", "scipy_cblas_dgemm64_", ctypes.c_int64, 64),
        ("cblas_sgemm64_", "cblas_dgemm64_", ctypes.c_int64, 64),
        ("scipy_cblas_sgemm", "scipy_cblas_dgemm", ctypes.c_int, 32),
        ("cblas_sgemm", "cblas_dgemm", ctypes.c_int, 32),
    ]
    for s_name, d_name, blasint, bits in variants:
        if hasattr(lib, s_name) and hasattr(lib, d_name):
            config = ""
            for cfg in (
                "scipy_openblas_get_config64_",
                "openblas_get_config64_",
                "openblas_get_config",
            ):
                if hasattr(lib, cfg):
                    f = getattr(lib, cfg)
                    f.restype = ctypes.c_char_p
                    f.argtypes = []
                    config = f().decode(errors="replace").strip()
                    break
            return Cblas(
                path=path,
                sgemm=_bind(lib, s_name, ctypes.c_float, blasint),
                dgemm=_bind(lib, d_name, ctypes.c_double, blasint),
                int_bits=bits,
                description=f"{s_name}/{d_name} from {os.path.basename(path)}"
                + (f" ({config})" if config else ""),
            )
    return None


@cache
def load_cblas() -> Cblas | None:
    """NumPy's bundled OpenBLAS (or a system CBLAS); None if neither is found."""
    import ctypes.util

    for path in _numpy_openblas_candidates():
        lib = _try_library(path)
        if lib is not None:
            return lib
    # a system library only when NumPy ships none (find_library runs gcc and ldconfig:
    # ~60 ms of a process's first gemm)
    for name in ("openblas", "cblas", "blas"):
        found = ctypes.util.find_library(name)
        lib = _try_library(found) if found else None
        if lib is not None:
            return lib
    return None


def gemm_description() -> str:
    """What `cpu-blas` runs on this machine."""
    lib = load_cblas()
    if lib is None:
        return "np.matmul fallback (no CBLAS library found)"
    return f"CBLAS {lib.description}"
