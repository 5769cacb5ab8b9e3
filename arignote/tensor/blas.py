"""Products: dot, tensordot, batched_dot, outer.

Matrix products are `Matmul` / `BatchedMatmul` (`tt.matmul` / `tt.batched_matmul`,
lowered to `libcall.gemm` / `libcall.batched_gemm`, BLAS on the host).  Vector cases are
matrix products with a unit dim (matrix-vector) or a multiply-and-sum (vector-vector);
tensordot is a transpose and reshape to one matrix product.  Integer operands are
multiplied in float64 and cast back (exact below 2^53).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from xdsl.ir import SSAValue

from arignote.dialects import tt as ttd
from arignote.errors import ShapeError
from arignote.graph import Apply, TensorType, Variable, describe
from arignote.tensor.basic import (
    TensorOp,
    as_tensor_variable,
    cast,
    constant,
    is_float_dtype,
    known_shape,
    mul,
    upcast,
    user_location,
)
from arignote.tensor.reduction import sum as tsum
from arignote.tensor.shape import Reshape, Shape_i, dimshuffle, flatten, patternbroadcast


class Matmul(TensorOp):
    """Matrix product of two float matrices of one dtype (`tt.matmul`)."""

    def __str__(self) -> str:
        return "Matmul"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        a, b = inputs
        if a.ndim != 2 or b.ndim != 2:
            raise self.fail(loc, f"needs two matrices, got {describe(a)} and {describe(b)}")
        if a.dtype != b.dtype or not is_float_dtype(a.dtype):
            raise self.fail(
                loc, f"needs float operands of one dtype, got {describe(a)} and {describe(b)}"
            )
        _check_inner(self, loc, a, b, 1, 0)
        return [TensorType(a.dtype, (a.broadcastable[0], b.broadcastable[1]))]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        a, b = inputs
        out = em.add(ttd.MatmulOp(a, b))
        return [em.same_sizes(out, None, [em.size(a, 0), em.size(b, 1)])]


class BatchedMatmul(TensorOp):
    """Batched matrix product (B, M, K) x (B, K, N) (`tt.batched_matmul`)."""

    def __str__(self) -> str:
        return "BatchedMatmul"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        a, b = inputs
        if a.ndim != 3 or b.ndim != 3:
            raise self.fail(loc, f"needs two 3-d tensors, got {describe(a)} and {describe(b)}")
        if a.dtype != b.dtype or not is_float_dtype(a.dtype):
            raise self.fail(
                loc, f"needs float operands of one dtype, got {describe(a)} and {describe(b)}"
            )
        _check_inner(self, loc, a, b, 2, 1)
        ka, kb = known_shape(a), known_shape(b)
        if ka is not None and kb is not None and ka[0] != kb[0]:
            raise self.fail(loc, f"batch sizes differ: {ka} and {kb}")
        bb = a.broadcastable[0] and b.broadcastable[0]
        return [TensorType(a.dtype, (bb, a.broadcastable[1], b.broadcastable[2]))]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        a, b = inputs
        out = em.add(ttd.BatchedMatmulOp(a, b))
        return [em.same_sizes(out, None, [em.size(a, 0), em.size(a, 1), em.size(b, 2)])]


def _check_inner(
    op: TensorOp, loc: tuple[str, int], a: Variable, b: Variable, da: int, db: int
) -> None:  # noqa: E501
    ka, kb = known_shape(a), known_shape(b)
    if ka is not None and kb is not None and ka[da] != kb[db]:
        raise op.fail(
            loc,
            f"inner sizes differ: {describe(a)} has shape {ka}, {describe(b)} has shape {kb}",
        )


def _float_pair(a: Variable, b: Variable) -> tuple[Variable, Variable, str]:
    dt = upcast(a.dtype, b.dtype)
    work = dt if is_float_dtype(dt) else "float64"
    return cast(a, work), cast(b, work), dt


def _check_vec(a: Variable, b: Variable, what: str) -> None:
    ka, kb = known_shape(a), known_shape(b)
    if ka is not None and kb is not None and ka[-1] != kb[0 if b.ndim == 1 else -2]:
        f, line = user_location()
        raise ShapeError(f"{what} at {f}:{line}: shapes {ka} and {kb} are not aligned")


def dot(a: Any, b: Any) -> Variable:
    """NumPy's dot: scalar, vector and matrix combinations; higher ranks via tensordot."""
    av, bv = as_tensor_variable(a), as_tensor_variable(b)
    if av.ndim == 0 or bv.ndim == 0:
        return mul(av, bv)
    _check_vec(av, bv, "dot")
    x, y, dt = _float_pair(av, bv)
    if x.ndim == 1 and y.ndim == 1:
        out = tsum(mul(x, y))
    elif x.ndim == 2 and y.ndim == 1:
        out = dimshuffle(Matmul()(x, dimshuffle(y, 0, "x")), 0)
    elif x.ndim == 1 and y.ndim == 2:
        out = dimshuffle(Matmul()(dimshuffle(x, "x", 0), y), 1)
    elif x.ndim == 2 and y.ndim == 2:
        out = Matmul()(x, y)
    else:
        out = tensordot(x, y, [[x.ndim - 1], [max(y.ndim - 2, 0)]])
    return cast(out, dt)


def _prod_sizes(v: Variable, dims: Sequence[int]) -> Variable:
    out: Variable | None = None
    for d in dims:
        s = Shape_i(d)(v)
        out = s if out is None else mul(out, s)
    return out if out is not None else constant(1)  # type: ignore[return-value]


def tensordot(a: Any, b: Any, axes: Any = 2) -> Variable:
    """Sum products over a's `axes[0]` and b's `axes[1]` (or the last/first n axes)."""
    av, bv = as_tensor_variable(a), as_tensor_variable(b)
    if isinstance(axes, int):
        if axes > min(av.ndim, bv.ndim):
            f, line = user_location()
            raise ShapeError(
                f"tensordot at {f}:{line}: axes={axes} for {describe(av)} and {describe(bv)}"
            )
        a_axes = list(range(av.ndim - axes, av.ndim))
        b_axes = list(range(axes))
    else:
        a_axes, b_axes = (
            ([axes[0]] if isinstance(axes[0], int) else list(axes[0])),
            ([axes[1]] if isinstance(axes[1], int) else list(axes[1])),
        )
        a_axes = [x % av.ndim for x in a_axes]
        b_axes = [x % bv.ndim for x in b_axes]
    if len(a_axes) != len(b_axes):
        file, line = user_location()
        raise ShapeError(
            f"tensordot at {file}:{line}: {len(a_axes)} axes of a but {len(b_axes)} of b"
        )
    ka, kb = known_shape(av), known_shape(bv)
    if ka is not None and kb is not None:
        for i, j in zip(a_axes, b_axes):
            if ka[i] != kb[j]:
                raise ShapeError(
                    f"tensordot: axis {i} of {describe(av)} (size {ka[i]}) and axis {j} of "
                    f"{describe(bv)} (size {kb[j]}) differ"
                )
    x, y, dt = _float_pair(av, bv)
    a_free = [d for d in range(x.ndim) if d not in a_axes]
    b_free = [d for d in range(y.ndim) if d not in b_axes]
    xt = dimshuffle(x, *(a_free + a_axes))
    yt = dimshuffle(y, *(b_axes + b_free))
    x2 = Reshape(2)(xt, _prod_sizes(x, a_free), _prod_sizes(x, a_axes))
    y2 = Reshape(2)(yt, _prod_sizes(y, b_axes), _prod_sizes(y, b_free))
    prod = Matmul()(x2, y2)
    sizes = [Shape_i(d)(x) for d in a_free] + [Shape_i(d)(y) for d in b_free]
    out = Reshape(len(sizes))(prod, *sizes)
    # the free dims keep their broadcastable flags (Theano's tensordot)
    pattern = [x.broadcastable[d] for d in a_free] + [y.broadcastable[d] for d in b_free]
    if any(pattern):
        out = patternbroadcast(out, pattern)
    return cast(out, dt)


def batched_dot(a: Any, b: Any) -> Variable:
    """Per-batch dot of a (B, ...) and b (B, ...): 3-d x 3-d, 3-d x 2-d, 2-d x 3-d, 2-d x 2-d."""
    av, bv = as_tensor_variable(a), as_tensor_variable(b)
    x, y, dt = _float_pair(av, bv)
    if x.ndim == 3 and y.ndim == 3:
        out = BatchedMatmul()(x, y)
    elif x.ndim == 2 and y.ndim == 2:
        out = tsum(mul(x, y), axis=1)
    elif x.ndim == 3 and y.ndim == 2:
        out = dimshuffle(BatchedMatmul()(x, dimshuffle(y, 0, 1, "x")), 0, 1)
    elif x.ndim == 2 and y.ndim == 3:
        out = dimshuffle(BatchedMatmul()(dimshuffle(x, 0, "x", 1), y), 0, 2)
    else:
        f, line = user_location()
        raise ShapeError(
            f"batched_dot at {f}:{line}: supports 2-d and 3-d operands, got {describe(av)} "
            f"and {describe(bv)}"
        )
    return cast(out, dt)


def outer(x: Any, y: Any) -> Variable:
    xv, yv = as_tensor_variable(x), as_tensor_variable(y)
    if xv.ndim != 1:
        xv = flatten(xv)
    if yv.ndim != 1:
        yv = flatten(yv)
    return mul(dimshuffle(xv, 0, "x"), dimshuffle(yv, "x", 0))


def _batched_axes(x: Variable, y: Variable, axes: Any) -> tuple[Variable, Variable, int]:
    """x and y dimshuffled to (batch, free..., summed...) and (batch, summed..., free...),
    and the number of summed axes (Theano's _tensordot_as_dot checks, basic.py l.6112)."""
    f, line = user_location()
    where = f"batched_tensordot at {f}:{line}"
    if isinstance(axes, int | np.integer):
        k = int(axes)
        for name, v in (("a", x), ("b", y)):
            if k > v.ndim:
                raise ValueError(f"{where}: axes can not be larger than the dimension of "
                                 f"{name} ({name}.ndim={v.ndim}, axes={k})")  # fmt: skip
            if k == v.ndim:
                raise ValueError(f"{where}: axes to sum over must not include the batch axis "
                                 f"of {name} ({name}.ndim={v.ndim}, axes={k})")  # fmt: skip
        return x, y, k
    if len(axes) != 2:
        raise ValueError(f"{where}: Axes should be an integer or a list/tuple of len 2 "
                         f"({axes!r} was provided)")  # fmt: skip
    pair = [[int(a)] if isinstance(a, int | np.integer) else [int(d) for d in a] for a in axes]
    if len(pair[0]) != len(pair[1]):
        raise ValueError(f"{where}: Axes elements must have the same length.")
    for i, v in enumerate((x, y)):
        if any(not 0 < d < v.ndim for d in pair[i]):
            raise ValueError(f"{where}: axes[{i}]={pair[i]} must be dims of {describe(v)} "
                             "other than the batch axis 0")  # fmt: skip
    free = [[d for d in range(v.ndim) if d and d not in pair[i]] for i, v in enumerate((x, y))]
    xs = dimshuffle(x, 0, *free[0], *pair[0])
    ys = dimshuffle(y, 0, *pair[1], *free[1])
    return xs, ys, len(pair[0])


def batched_tensordot(x: Any, y: Any, axes: Any = 2) -> Variable:
    """tensordot per batch (axis 0 of both): an int sums the last `axes` dims of x with
    dims 1..axes of y; a pair of lists names the dims (basic.py l.3762).  Reshaped to a
    batched matrix product, as Theano."""
    xv, yv = as_tensor_variable(x), as_tensor_variable(y)
    xs, ys, k = _batched_axes(xv, yv, axes)
    x_free, y_free = list(range(1, xs.ndim - k)), list(range(1 + k, ys.ndim))
    x3 = Reshape(3)(xs, Shape_i(0)(xs), _prod_sizes(xs, x_free),
                    _prod_sizes(xs, range(xs.ndim - k, xs.ndim)))  # fmt: skip
    y3 = Reshape(3)(ys, Shape_i(0)(ys), _prod_sizes(ys, range(1, 1 + k)), _prod_sizes(ys, y_free))
    out = batched_dot(x3, y3)
    sizes = [Shape_i(0)(xs), *[Shape_i(d)(xs) for d in x_free], *[Shape_i(d)(ys) for d in y_free]]
    return Reshape(len(sizes))(out, *sizes)


__all__ = [
    "Matmul", "BatchedMatmul", "dot", "tensordot", "batched_dot", "outer", "batched_tensordot",
]  # fmt: skip
