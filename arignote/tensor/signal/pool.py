"""`arignote.tensor.signal.pool`: Theano 1.0's pool_2d (over the last two dims).

Modes max, sum, average_inc_pad (divide by the window size), average_exc_pad (divide by
the number of input cells in the window).  `ignore_border=False` keeps partial windows
at the bottom/right edge (Theano's default, with a warning; pass it explicitly).
Padding needs ignore_border=True and must be smaller than the window.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from xdsl.ir import SSAValue

from arignote.dialects import tt as ttd
from arignote.errors import DTypeError
from arignote.graph import Apply, TensorType, Variable, describe, user_location
from arignote.tensor.basic import TensorOp, as_tensor_variable, is_float_dtype

MODES = ("max", "sum", "average_inc_pad", "average_exc_pad")


class Pool(TensorOp):
    """pool_2d (`tt.pool2d`)."""

    def __init__(
        self,
        ws: tuple[int, int],
        ignore_border: bool,
        stride: tuple[int, int],
        pad: tuple[int, int],
        mode: str,
    ):
        self.ws, self.ignore_border, self.stride, self.pad, self.mode = (
            ws, ignore_border, stride, pad, mode,
        )  # fmt: skip

    def attrs(self) -> tuple[Any, ...]:
        return (self.mode, self.ws, self.stride, self.pad, self.ignore_border)

    def __str__(self) -> str:
        ib = ", ignore_border" if self.ignore_border else ""
        return (
            f"Pool{{{self.mode}, ws={list(self.ws)}, stride={list(self.stride)}, "
            f"pad={list(self.pad)}{ib}}}"
        )

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        (x,) = inputs
        if x.ndim < 2:
            raise self.fail(loc, f"needs at least 2 dims, got {describe(x)}")
        if not is_float_dtype(x.dtype):
            raise self.fail(loc, f"needs a float tensor, got {describe(x)}", DTypeError)
        return [TensorType(x.dtype, x.broadcastable[:-2] + (False, False))]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        mode, ws, st, pad, ib = self.attrs()
        return [em.add(ttd.Pool2dOp(inputs[0], mode, ws, st, pad, ib))]


class PoolGrad(Pool):
    """The gradient of pool_2d: (x, gy) -> gx (`tt.pool2d_grad`)."""

    def __str__(self) -> str:
        return "Grad" + super().__str__()

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        x, gy = inputs
        return [x.type]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        mode, ws, st, pad, ib = self.attrs()
        x, gy = inputs
        return [em.same_sizes(em.add(ttd.Pool2dGradOp(x, gy, mode, ws, st, pad, ib)), x)]


def _pair(v: Any, what: str, where: str) -> tuple[int, int]:
    if isinstance(v, int):
        return (v, v)
    try:
        a, b = v
        return (int(a), int(b))
    except (TypeError, ValueError):
        raise ValueError(f"{where}: {what} must be a pair of ints, got {v!r}") from None


def pool_2d(
    input: Any,  # noqa: A002 - Theano's name
    ws: Any = None,
    ignore_border: bool | None = None,
    stride: Any = None,
    pad: Any = (0, 0),
    mode: str = "max",
    ds: Any = None,
    st: Any = None,
    padding: Any = None,
) -> Variable:
    """Pool the last two dims of `input` with windows `ws`, steps `stride` (default ws)."""
    f, line = user_location()
    where = f"pool_2d at {f}:{line}"
    if ws is None:
        ws = ds
    if ws is None:
        raise ValueError(f"{where}: the window size ws is required")
    if stride is None:
        stride = st if st is not None else ws
    if padding is not None:
        pad = padding
    if ignore_border is None:
        warnings.warn(
            f"{where}: ignore_border is not given; using False as Theano did (pass it explicitly)",
            stacklevel=2,
        )
        ignore_border = False
    if mode == "average":
        mode = "average_inc_pad"
    if mode not in MODES:
        raise ValueError(f"{where}: unknown mode {mode!r} (one of {', '.join(MODES)})")
    if pad is None:
        pad = (0, 0)
    if any(_symbolic(v) for v in (ws, stride, pad)):
        return _pool_symbolic(
            as_tensor_variable(input), ws, stride, pad, bool(ignore_border), mode, where
        )
    w2, s2, p2 = _pair(ws, "ws", where), _pair(stride, "stride", where), _pair(pad, "pad", where)
    if min(w2) < 1 or min(s2) < 1 or min(p2) < 0:
        raise ValueError(f"{where}: ws and stride must be >= 1 and pad >= 0")
    if any(p2) and not ignore_border:
        raise ValueError(f"{where}: padding works only with ignore_border=True")
    if p2[0] >= w2[0] or p2[1] >= w2[1]:
        raise ValueError(f"{where}: pad {p2} must be smaller than the window {w2}")
    x = as_tensor_variable(input)
    return Pool(w2, bool(ignore_border), s2, p2, mode)(x)


def _symbolic(v: Any) -> bool:
    return isinstance(v, Variable) or (
        isinstance(v, list | tuple) and any(isinstance(e, Variable) for e in v)
    )


def _two(v: Any, what: str, where: str) -> list[Any]:
    """Two sizes (ints or int scalars) from an int, a pair, or an int vector of length 2."""
    if isinstance(v, Variable) and v.ndim == 1:
        return [v[0], v[1]]
    if isinstance(v, Variable) or isinstance(v, int):
        return [v, v]
    items = list(v)
    if len(items) != 2:
        raise ValueError(f"{where}: {what} must give 2 sizes, got {v!r}")
    return items


def _pool_symbolic(x: Variable, ws: Any, stride: Any, pad: Any, ignore_border: bool,
                   mode: str, where: str) -> Variable:  # fmt: skip
    """Pooling with window sizes or strides known only when the function runs (Theano's
    Pool takes them as inputs; Lasagne's SpatialPyramidPoolingLayer computes them from the
    input size): each window dim is gathered with an index matrix (out, w) and reduced.
    Theano's output size with ignore_border=True and no padding: (n - w) // s + 1."""
    if not ignore_border or any(
        not (isinstance(p, int) and p == 0) for p in _two(pad, "pad", where)
    ):
        raise ValueError(
            f"{where}: a symbolic ws or stride needs ignore_border=True and pad=(0, 0) here"
        )
    if x.ndim < 2:
        raise ValueError(f"{where}: needs at least 2 dims, got {describe(x)}")
    from arignote.tensor.reduction import max as tmax
    from arignote.tensor.reduction import mean
    from arignote.tensor.reduction import sum as tsum
    from arignote.tensor.shape import arange

    reduce = {"max": tmax, "sum": tsum}.get(mode, mean)  # no padding: both averages agree
    out = x
    for k, (w, s) in enumerate(zip(_two(ws, "ws", where), _two(stride, "stride", where))):
        axis = x.ndim - 2 + k
        n = (out.shape[axis] - w) // s + 1
        rows = arange(n).dimshuffle(0, "x") * s + arange(w).dimshuffle("x", 0)
        key = [slice(None)] * axis + [rows]
        out = reduce(out[tuple(key)], axis=axis + 1)
    return out


__all__ = ["Pool", "PoolGrad", "pool_2d", "MODES"]
