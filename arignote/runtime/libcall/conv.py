"""`cpu-im2col`: libcall.conv2d and its two gradients as im2col + one batched matmul.

- conv2d: the (zero-padded) input is unfolded once into columns
  cols[n, (c, u, v), (i, j)] = Xp[n, c, i*sh + u*dh, j*sw + v*dw] (one NumPy strided
  copy; with `flip` the taps are read in reverse, so the filters are used as stored),
  then Y[n] = W(O x C*kh*kw) @ cols[n] for every n in one `np.matmul(..., out=Y)` call
  (NumPy calls the OpenBLAS sgemm/dgemm it ships once per image, from C), then bias and
  relu in place.  A 1x1 filter with stride 1 and no padding uses X itself as the columns.
- conv2d_backward_data: dcols = W^T @ dY as one gemm laid out (kh, kw, C, Ho, Wo, N),
  then col2im: the kh*kw taps are added into the padded input gradient, accumulated as
  (C, H, W, N) so that each tap's strided add runs over rows of N*Wo contiguous values
  (one vectorised add per tap), and the padding is cut off while transposing to NCHW.
  A 1x1 filter with stride 1 and no padding is one batched matmul into dX.
- conv2d_backward_filter: the input is unfolded into rows (n, i, j) x (c, u, v) and
  dW(O x C*kh*kw) = dY^T(O x N*Ho*Wo) @ rows: one gemm over the whole batch.

f16 buffers are computed in float32.  A destination that may overlap an input is
computed into a temporary first.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from arignote.dialects.libcall import (
    Conv2dBackwardDataOp,
    Conv2dBackwardFilterOp,
    Conv2dOp,
    check_conv2d_shapes,
)
from arignote.runtime.libcall.common import Executor, compute_dtype, element_dtype


def _padded_input(x: np.ndarray, padding: tuple[int, ...], cd: np.dtype) -> np.ndarray:
    """x zero-padded (a fresh array), or x itself when no padding and no cast is needed."""
    pt, pb, pl, pr = padding
    if not any(padding):
        return np.ascontiguousarray(x, dtype=cd)
    n, c, h, w = x.shape
    xp = np.zeros((n, c, h + pt + pb, w + pl + pr), cd)
    xp[:, :, pt : pt + h, pl : pl + w] = x
    return xp


def _private(dest: np.ndarray, cd: np.dtype, *inputs: np.ndarray) -> bool:
    """Whether the result must be computed outside `dest` (cast, layout or overlap)."""
    return (
        dest.dtype != cd
        or not dest.flags.c_contiguous
        or any(np.may_share_memory(dest, a) for a in inputs)
    )


def conv2d_executor(op: Conv2dOp) -> Executor:
    """run([X, W, Y(, bias)]): Y = epilogue(conv2d(X, W) + bias)."""
    s, p, d, flip = op.conv_attrs()
    (sh, sw), (dh, dw) = s, d
    pointwise = s == (1, 1) and not any(p)
    dtype = element_dtype(op.output)
    cd = compute_dtype(dtype)
    has_bias = op.bias is not None
    relu = op.epilogue.data == "relu"
    where = op.location_name()

    def run(bufs: list[np.ndarray]) -> None:
        x, w, y = bufs[0], bufs[1], bufs[2]
        check_conv2d_shapes(where, x.shape, w.shape, y.shape, s, p, d)
        n, c, _h, _w = x.shape
        o, _c, kh, kw = w.shape
        ho, wo = y.shape[2], y.shape[3]
        k = c * kh * kw
        out = np.empty(y.shape, cd) if _private(y, cd, x, w) else y
        if out.size:
            if k == 0:
                out.fill(0)
            elif pointwise and kh == 1 and kw == 1:
                cols = np.ascontiguousarray(x, dtype=cd).reshape(n, c, ho * wo)
                np.matmul(
                    w.reshape(o, k).astype(cd, copy=False), cols, out=out.reshape(n, o, ho * wo)
                )
            else:
                xp = _padded_input(x, p, cd)
                s0, s1, s2, s3 = xp.strides
                view = as_strided(
                    xp, (n, c, kh, kw, ho, wo), (s0, s1, dh * s2, dw * s3, sh * s2, sw * s3),
                    writeable=False,
                )  # fmt: skip
                if flip:
                    view = view[:, :, ::-1, ::-1]
                cols = np.empty((n, c, kh, kw, ho, wo), cd)
                np.copyto(cols, view)
                wm = np.ascontiguousarray(w, dtype=cd).reshape(o, k)
                np.matmul(wm, cols.reshape(n, k, ho * wo), out=out.reshape(n, o, ho * wo))
        if has_bias:
            np.add(out, bufs[3].reshape(1, o, 1, 1), out=out)
        if relu:
            np.maximum(out, 0, out=out)
        if out is not y:
            y[...] = out

    return run


def conv2d_backward_data_executor(op: Conv2dBackwardDataOp) -> Executor:
    """run([dY, W, dX]): dX = the gradient of conv2d w.r.t. its input."""
    s, p, d, flip = op.conv_attrs()
    (sh, sw), (pt, pb, pl, pr), (dh, dw) = s, p, d
    pointwise = s == (1, 1) and not any(p)
    dtype = element_dtype(op.input_grad)
    cd = compute_dtype(dtype)
    where = op.location_name()

    def run(bufs: list[np.ndarray]) -> None:
        dy, w, dx = bufs[0], bufs[1], bufs[2]
        check_conv2d_shapes(where, dx.shape, w.shape, dy.shape, s, p, d)
        n, c, h, wd = dx.shape
        o, _c, kh, kw = w.shape
        ho, wo = dy.shape[2], dy.shape[3]
        k = c * kh * kw
        if dx.size == 0:
            return
        if k == 0 or dy.size == 0:
            dx.fill(0)
            return
        if pointwise and kh == 1 and kw == 1:
            wmt = np.ascontiguousarray(w, dtype=cd).reshape(o, k).T
            g = np.ascontiguousarray(dy, dtype=cd).reshape(n, o, ho * wo)
            out = np.empty(dx.shape, cd) if _private(dx, cd, dy, w) else dx
            np.matmul(wmt, g, out=out.reshape(n, c, h * wd))
            if out is not dx:
                dx[...] = out
            return
        # dcols[(u, v, c), (i, j, n)] = sum_o W[o, c, u, v] dY[n, o, i, j]: one gemm whose
        # output puts the batch innermost, so every tap's add below runs over long
        # contiguous rows; the input gradient is accumulated as (C, H, W, N).
        gt = np.empty((o, ho, wo, n), cd)
        np.copyto(gt, dy.transpose(1, 2, 3, 0))
        wt = np.ascontiguousarray(w.transpose(2, 3, 1, 0), dtype=cd).reshape(kh * kw * c, o)
        dcols = np.matmul(wt, gt.reshape(o, ho * wo * n)).reshape(kh, kw, c, ho, wo, n)
        acc = np.zeros((c, h + pt + pb, wd + pl + pr, n), cd)
        for u in range(kh):
            rows = slice(u * dh, u * dh + sh * (ho - 1) + 1, sh)
            tu = kh - 1 - u if flip else u
            for v in range(kw):
                cols = slice(v * dw, v * dw + sw * (wo - 1) + 1, sw)
                tv = kw - 1 - v if flip else v
                acc[:, rows, cols, :] += dcols[tu, tv]
        dx[...] = acc[:, pt : pt + h, pl : pl + wd, :].transpose(3, 0, 1, 2)

    return run


def conv2d_backward_filter_executor(op: Conv2dBackwardFilterOp) -> Executor:
    """run([X, dY, dW]): dW = the gradient of conv2d w.r.t. its filters."""
    s, p, d, flip = op.conv_attrs()
    (sh, sw), (dh, dw_) = s, d
    dtype = element_dtype(op.filters_grad)
    cd = compute_dtype(dtype)
    where = op.location_name()

    def run(bufs: list[np.ndarray]) -> None:
        x, dy, dw = bufs[0], bufs[1], bufs[2]
        check_conv2d_shapes(where, x.shape, dw.shape, dy.shape, s, p, d)
        n, c, _h, _w = x.shape
        o, _c, kh, kw = dw.shape
        ho, wo = dy.shape[2], dy.shape[3]
        k = c * kh * kw
        rows_n = n * ho * wo
        if dw.size == 0:
            return
        if rows_n == 0:
            dw.fill(0)
            return
        xp = _padded_input(x, p, cd)
        s0, s1, s2, s3 = xp.strides
        view = as_strided(
            xp, (n, ho, wo, c, kh, kw), (s0, sh * s2, sw * s3, s1, dh * s2, dw_ * s3),
            writeable=False,
        )  # fmt: skip
        if flip:
            view = view[..., ::-1, ::-1]
        rows = np.empty((n, ho, wo, c, kh, kw), cd)
        np.copyto(rows, view)
        gt = np.empty((o, n, ho * wo), cd)
        np.copyto(gt, dy.reshape(n, o, ho * wo).transpose(1, 0, 2))
        out = np.empty(dw.shape, cd) if _private(dw, cd, x, dy) else dw
        np.matmul(gt.reshape(o, rows_n), rows.reshape(rows_n, k), out=out.reshape(o, k))
        if out is not dw:
            dw[...] = out

    return run
