"""What the host providers share: the executor type and dtype helpers."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from xdsl.dialects.builtin import Float16Type, Float32Type, Float64Type, MemRefType, TensorType
from xdsl.ir import SSAValue

from arignote.errors import InternalError

#: run(buffers in operand order) -> None, writing the destination buffer in place
Executor = Callable[[list[np.ndarray]], None]


def element_dtype(v: SSAValue) -> np.dtype:
    """The NumPy dtype of a memref/tensor value's elements (f16, f32, f64)."""
    t = v.type
    assert isinstance(t, MemRefType | TensorType)
    el = t.element_type
    if isinstance(el, Float16Type):
        return np.dtype(np.float16)
    if isinstance(el, Float32Type):
        return np.dtype(np.float32)
    if isinstance(el, Float64Type):
        return np.dtype(np.float64)
    raise InternalError(f"libcall provider: unsupported element type {el}")


def compute_dtype(dtype: np.dtype) -> np.dtype:
    """The dtype providers compute in: float32 for float16 buffers, else the buffers'."""
    return np.dtype(np.float32) if dtype == np.float16 else np.dtype(dtype)
