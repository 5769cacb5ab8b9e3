"""`cpu-numpy`: libcall.pool2d / pool2d_backward and softmax / log_softmax with NumPy.

Pooling loops over the wh*ww window offsets, never over elements: offset (u, v) of every
window is one strided view of the (padded) input, so the forward op is wh*ww vectorised
`np.maximum`/`np.add` calls into the output, and the backward op wh*ww strided adds into
the (padded) input gradient (max: only where the input equals the window's forward
output).  Padding is materialised only when there is some (-inf for max, 0 otherwise),
or when Theano's ignore_border=False windows run past the input.  Average divisors are
computed per call from the sizes (`pool_divisors`).  f16 buffers are computed in
float32.

softmax / log_softmax: max-subtracted, in the element type (float32 for f16), in place
in the destination.
"""

from __future__ import annotations

import numpy as np

from arignote.dialects.libcall import (
    Pool2dBackwardOp,
    Pool2dOp,
    SoftmaxBase,
    check_pool2d_shapes,
    pool_divisors,
)
from arignote.errors import ShapeError
from arignote.runtime.libcall.common import Executor, compute_dtype, element_dtype


def _extent(h: int, out: int, window: int, stride: int, pad: int) -> int:
    """Rows of the padded input the windows need: both paddings, and the last window."""
    return max(h + 2 * pad, (out - 1) * stride + window if out else 0)


def _padded(
    x: np.ndarray, hp: int, wp: int, padding: tuple[int, ...], fill: float, cd: np.dtype
) -> np.ndarray:
    h, w = x.shape[-2:]
    if hp == h and wp == w:
        return x if x.dtype == cd else x.astype(cd)
    xp = np.full((*x.shape[:-2], hp, wp), fill, cd)
    xp[..., padding[0] : padding[0] + h, padding[1] : padding[1] + w] = x
    return xp


def _taps(
    out_hw: tuple[int, int], window: tuple[int, ...], strides: tuple[int, ...]
) -> list[tuple[slice, slice]]:
    (ho, wo), (sh, sw) = out_hw, strides
    return [
        (slice(u, u + sh * (ho - 1) + 1, sh), slice(v, v + sw * (wo - 1) + 1, sw))
        for u in range(window[0])
        for v in range(window[1])
    ]


def _divisor(
    hw: tuple[int, int], out_hw: tuple[int, int], window: tuple[int, ...],
    strides: tuple[int, ...], padding: tuple[int, ...], mode: str, cd: np.dtype,
) -> np.ndarray:  # fmt: skip
    dh = pool_divisors(hw[0], out_hw[0], window[0], strides[0], padding[0], mode)
    dw = pool_divisors(hw[1], out_hw[1], window[1], strides[1], padding[1], mode)
    return np.maximum(np.outer(dh, dw), 1).astype(cd)


def pool2d_executor(op: Pool2dOp) -> Executor:
    """run([X, Y]): Y = pool2d(X)."""
    mode, w, s, p = op.pool_attrs()
    dtype = element_dtype(op.output)
    cd = compute_dtype(dtype)
    is_max = mode == "max"
    fill = -np.inf if is_max else 0.0
    where = op.location_name()

    def run(bufs: list[np.ndarray]) -> None:
        x, y = bufs[0], bufs[1]
        check_pool2d_shapes(where, x.shape, y.shape, w, s, p)
        if y.size == 0:
            return
        h, wd = x.shape[-2:]
        ho, wo = y.shape[-2:]
        xp = _padded(
            x, _extent(h, ho, w[0], s[0], p[0]), _extent(wd, wo, w[1], s[1], p[1]), p, fill, cd
        )
        private = y.dtype != cd or not y.flags.c_contiguous or np.may_share_memory(y, x)
        acc = np.empty(y.shape, cd) if private else y
        first = True
        for rows, cols in _taps((ho, wo), w, s):
            tap = xp[..., rows, cols]
            if first:
                np.copyto(acc, tap)
                first = False
            elif is_max:
                np.maximum(acc, tap, out=acc)
            else:
                np.add(acc, tap, out=acc)
        if mode.startswith("average"):
            np.divide(acc, _divisor((h, wd), (ho, wo), w, s, p, mode, cd), out=acc)
        if acc is not y:
            y[...] = acc

    return run


def pool2d_backward_executor(op: Pool2dBackwardOp) -> Executor:
    """run([X, Y, dY, dX]) for max, run([dY, dX]) otherwise: dX = the gradient of pool2d."""
    mode, w, s, p = op.pool_attrs()
    dtype = element_dtype(op.input_grad)
    cd = compute_dtype(dtype)
    is_max = mode == "max"
    where = op.location_name()
    # windows that tile the input (stride = window, no padding) do not overlap: each
    # window offset writes its own elements of dX, with no zeroing and no accumulation
    tiled = tuple(s) == tuple(w) and not any(p)

    def _tiled_backward(
        x: np.ndarray | None, y: np.ndarray | None, dy: np.ndarray, dx: np.ndarray
    ) -> None:
        ho, wo = dy.shape[-2:]
        hh, ww = ho * w[0], wo * w[1]
        inputs = [a for a in (x, y, dy) if a is not None]
        private = (
            dx.dtype != cd
            or not dx.flags.c_contiguous
            or any(np.may_share_memory(dx, a) for a in inputs)
        )
        out = np.empty(dx.shape, cd) if private else dx
        out[..., hh:, :] = 0
        out[..., :hh, ww:] = 0
        g = dy.astype(cd, copy=False)
        if mode.startswith("average"):
            g = g / cd.type(w[0] * w[1])  # full windows: both averages divide by wh*ww
        for u in range(w[0]):
            for v in range(w[1]):
                dst = out[..., u : hh : w[0], v : ww : w[1]]
                if is_max:
                    assert x is not None and y is not None
                    np.multiply(np.equal(x[..., u : hh : w[0], v : ww : w[1]], y), g, out=dst)
                else:
                    np.copyto(dst, g)
        if out is not dx:
            dx[...] = out

    def run(bufs: list[np.ndarray]) -> None:
        x = y = None
        if is_max:
            x, y, dy, dx = bufs
            if x.shape != dx.shape or y.shape != dy.shape:
                raise ShapeError(
                    f"{where}: input {x.shape} and output {y.shape} must have the shapes of "
                    f"the input gradient {dx.shape} and the output gradient {dy.shape}"
                )
        else:
            dy, dx = bufs
        check_pool2d_shapes(where, dx.shape, dy.shape, w, s, p)
        if dx.size == 0:
            return
        h, wd = dx.shape[-2:]
        ho, wo = dy.shape[-2:]
        if tiled and ho * w[0] <= h and wo * w[1] <= wd:
            _tiled_backward(x, y, dy, dx)
            return
        hp, wp = _extent(h, ho, w[0], s[0], p[0]), _extent(wd, wo, w[1], s[1], p[1])
        inputs = [*bufs[:-1]]
        private = (
            dx.dtype != cd
            or not dx.flags.c_contiguous
            or (hp, wp) != (h, wd)
            or any(np.may_share_memory(dx, a) for a in inputs)
        )
        acc = np.zeros((*dx.shape[:-2], hp, wp), cd) if private else dx
        if not private:
            acc.fill(0)
        if dy.size:
            g = dy.astype(cd, copy=False)
            if mode.startswith("average"):
                g = g / _divisor((h, wd), (ho, wo), w, s, p, mode, cd)
            if is_max:
                xp = _padded(x, hp, wp, p, -np.inf, cd)
                yc = y.astype(cd, copy=False)
                zero = cd.type(0)
                for rows, cols in _taps((ho, wo), w, s):
                    acc[..., rows, cols] += np.where(xp[..., rows, cols] == yc, g, zero)
            else:
                for rows, cols in _taps((ho, wo), w, s):
                    acc[..., rows, cols] += g
        if acc is not dx:
            dx[...] = acc[..., p[0] : p[0] + h, p[1] : p[1] + wd]

    return run


def softmax_executor(op: SoftmaxBase) -> Executor:
    """run([X, Y]): Y = softmax(X) or log_softmax(X) along the op's axis."""
    axis = op.axis.value.data
    log = op.LOG
    dtype = element_dtype(op.output)
    cd = compute_dtype(dtype)
    where = op.location_name()

    def run(bufs: list[np.ndarray]) -> None:
        x, y = bufs[0], bufs[1]
        if x.shape != y.shape:
            raise ShapeError(f"{where}: input {x.shape} and output {y.shape} differ")
        if y.size == 0:
            return
        xc = x.astype(cd, copy=False)
        out = y if y.dtype == cd else np.empty(y.shape, cd)
        with np.errstate(invalid="ignore", over="ignore"):
            m = np.max(xc, axis=axis, keepdims=True)
            np.subtract(xc, m, out=out)
            if log:
                lse = np.log(np.sum(np.exp(out), axis=axis, keepdims=True))
                np.subtract(out, lse, out=out)
            else:
                np.exp(out, out=out)
                np.divide(out, np.sum(out, axis=axis, keepdims=True), out=out)
        if out is not y:
            y[...] = out

    return run
