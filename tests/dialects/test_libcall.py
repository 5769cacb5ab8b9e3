"""The libcall ops' NumPy references state their semantics: check them against
straightforward nested-loop definitions (Theano's algorithms where Theano defines the
op), and the gradient ops against finite differences of the forward ops (float64).

Tolerances: references compute in float64 like the loops, so they agree to rtol 1e-12
(atol 1e-12 for sums that can cancel); the gradient ops of the linear convolutions agree
with central differences to 1e-8 (the difference quotient of a linear map is exact up
to rounding), the pooling gradients to 1e-6 (step 1e-6, piecewise-linear maps).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from arignote.dialects.libcall import (
    BatchedGemmOp,
    Conv2dBackwardDataOp,
    Conv2dBackwardFilterOp,
    Conv2dOp,
    GemmOp,
    LibcallOp,
    LogSoftmaxOp,
    Pool2dBackwardOp,
    Pool2dOp,
    SoftmaxOp,
    conv_output_size,
    conv_padding,
    pool_output_size,
)
from arignote.errors import ShapeError
from arignote.ir import parse_module

TIGHT = {"rtol": 1e-12, "atol": 1e-12}


def _ty(shape: tuple[int, ...], el: str = "f64") -> str:
    return f"tensor<{'x'.join(str(d) for d in shape)}{'x' if shape else ''}{el}>"


def _op(line: str, operands: list[tuple[str, tuple[int, ...]]]) -> LibcallOp:
    """Parse `line` (a libcall op on tensors) inside a function with the given operands."""
    args = ", ".join(f"%{n}: {_ty(s)}" for n, s in operands)
    m = parse_module(f"func.func @f({args}) {{\n  {line}\n  func.return\n}}")
    op = next(o for o in m.walk() if isinstance(o, LibcallOp))
    op.verify()
    return op


# --------------------------------------------------------------------------- gemm


def _gemm(src_attrs: str, shapes: tuple[str, str, str], bias: bool = False) -> GemmOp:
    a, b, c = shapes
    bias_txt = ", %v: tensor<?xf64>" if bias else ""
    bias_use = " bias(%v : tensor<?xf64>)" if bias else ""
    m = parse_module(
        f"""func.func @f(%a: tensor<{a}xf64>, %b: tensor<{b}xf64>, %c: tensor<{c}xf64>{bias_txt}) -> tensor<{c}xf64> {{
          %d = libcall.gemm ins(%a, %b : tensor<{a}xf64>, tensor<{b}xf64>) outs(%c : tensor<{c}xf64>){bias_use} {src_attrs} -> tensor<{c}xf64>
          func.return %d : tensor<{c}xf64>
        }}"""
    )
    op = next(o for o in m.walk() if isinstance(o, GemmOp))
    op.verify()
    return op


def _naive_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    m, k = a.shape
    n = b.shape[1]
    out = np.zeros((m, n))
    for i in range(m):
        for j in range(n):
            out[i, j] = sum(a[i, t] * b[t, j] for t in range(k))
    return out


def test_plain_product(rng: np.random.Generator) -> None:
    a, b, c = rng.standard_normal((3, 5)), rng.standard_normal((5, 4)), rng.standard_normal((3, 4))
    op = _gemm("", ("?x?", "?x?", "?x?"))
    np.testing.assert_allclose(op.reference(a, b, c), _naive_matmul(a, b), **TIGHT)


def test_alpha_beta_transposes_bias_relu(rng: np.random.Generator) -> None:
    a, b = rng.standard_normal((5, 3)), rng.standard_normal((4, 5))
    c, v = rng.standard_normal((3, 4)), rng.standard_normal(4)
    op = _gemm(
        "transpose_a transpose_b alpha = 2.0 beta = 0.5 epilogue = relu",
        ("?x?", "?x?", "?x?"),
        bias=True,
    )
    want = np.maximum(2.0 * _naive_matmul(a.T, b.T) + 0.5 * c + v[None, :], 0.0)
    np.testing.assert_allclose(op.reference(a, b, c, v), want, **TIGHT)


def test_beta_zero_does_not_read_c(rng: np.random.Generator) -> None:
    a, b = rng.standard_normal((2, 2)), rng.standard_normal((2, 2))
    c = np.full((2, 2), np.nan)
    op = _gemm("", ("2x2", "2x2", "2x2"))
    assert np.isfinite(op.reference(a, b, c)).all()
    assert not op.reads_destination()
    assert _gemm("beta = 1.0", ("2x2", "2x2", "2x2")).reads_destination()


def test_gemm_reference_checks_shapes(rng: np.random.Generator) -> None:
    op = _gemm("", ("?x?", "?x?", "?x?"))
    with pytest.raises(ShapeError, match="libcall.gemm: A \\(3, 5\\), B \\(4, 4\\)"):
        op.reference(np.ones((3, 5)), np.ones((4, 4)), np.ones((3, 4)))


@pytest.mark.parametrize("ta,tb", list(itertools.product([False, True], repeat=2)))
def test_batched_gemm(rng: np.random.Generator, ta: bool, tb: bool) -> None:
    nb, m, k, n = 3, 2, 4, 5
    a = rng.standard_normal((nb, k, m) if ta else (nb, m, k))
    b = rng.standard_normal((nb, n, k) if tb else (nb, k, n))
    c, v = rng.standard_normal((nb, m, n)), rng.standard_normal(n)
    attrs = ("transpose_a " if ta else "") + ("transpose_b " if tb else "")
    op = _op(
        f"%d = libcall.batched_gemm ins(%a, %b : {_ty(a.shape)}, {_ty(b.shape)}) "
        f"outs(%c : {_ty(c.shape)}) bias(%v : {_ty(v.shape)}) {attrs}alpha = -1.5 beta = 2.0 "
        f"-> {_ty(c.shape)}",
        [("a", a.shape), ("b", b.shape), ("c", c.shape), ("v", v.shape)],
    )
    want = np.stack(
        [
            -1.5 * _naive_matmul(a[i].T if ta else a[i], b[i].T if tb else b[i])
            + 2.0 * c[i]
            + v[None, :]
            for i in range(nb)
        ]
    )
    np.testing.assert_allclose(op.reference(a, b, c, v), want, **TIGHT)


# --------------------------------------------------------------------------- convolution


def naive_conv2d(x, w, out_hw, s, p, d, flip):  # type: ignore[no-untyped-def]
    """Y[n,o,i,j] = sum_{c,u,v} X[n, c, i*sh + u*dh - pt, j*sw + v*dw - pl] * Wf[o,c,u,v]."""
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    y = np.zeros((n, o, *out_hw))
    for b, f, i, j in np.ndindex(n, o, *out_hw):
        acc = 0.0
        for ch, u, v in np.ndindex(c, kh, kw):
            r, q = i * s[0] + u * d[0] - p[0], j * s[1] + v * d[1] - p[2]
            if 0 <= r < h and 0 <= q < wd:
                acc += x[b, ch, r, q] * (
                    w[f, ch, kh - 1 - u, kw - 1 - v] if flip else w[f, ch, u, v]
                )
        y[b, f, i, j] = acc
    return y


def naive_conv2d_backward_data(dy, w, in_hw, s, p, d, flip):  # type: ignore[no-untyped-def]
    """Scatter: every product of the forward sum sends dY * Wf back to its input element."""
    n, o, ho, wo = dy.shape
    _, c, kh, kw = w.shape
    dx = np.zeros((n, c, *in_hw))
    for b, f, i, j, ch, u, v in np.ndindex(n, o, ho, wo, c, kh, kw):
        r, q = i * s[0] + u * d[0] - p[0], j * s[1] + v * d[1] - p[2]
        if 0 <= r < in_hw[0] and 0 <= q < in_hw[1]:
            dx[b, ch, r, q] += dy[b, f, i, j] * (
                w[f, ch, kh - 1 - u, kw - 1 - v] if flip else w[f, ch, u, v]
            )
    return dx


def naive_conv2d_backward_filter(x, dy, k_hw, s, p, d, flip):  # type: ignore[no-untyped-def]
    n, c, h, wd = x.shape
    _, o, ho, wo = dy.shape
    kh, kw = k_hw
    dw = np.zeros((o, c, kh, kw))
    for b, f, i, j, ch, u, v in np.ndindex(n, o, ho, wo, c, kh, kw):
        r, q = i * s[0] + u * d[0] - p[0], j * s[1] + v * d[1] - p[2]
        if 0 <= r < h and 0 <= q < wd:
            tu, tv = (kh - 1 - u, kw - 1 - v) if flip else (u, v)
            dw[f, ch, tu, tv] += dy[b, f, i, j] * x[b, ch, r, q]
    return dw


CONV_CASES = list(
    itertools.product(
        [(1, 1), (2, 1), (2, 3)],  # strides
        ["valid", (1, 0, 2, 1), "full", "half"],  # padding (explicit or Theano border_mode)
        [(1, 1), (2, 1)],  # dilation
        [True, False],  # flip
    )
)


def _conv_setup(rng, strides, padding, dilation, x_shape=(2, 2, 7, 6), w_shape=(3, 2, 2, 3)):  # type: ignore[no-untyped-def]
    pad = padding if isinstance(padding, tuple) else conv_padding(padding, w_shape[2:], dilation)
    ho = conv_output_size(x_shape[2], w_shape[2], strides[0], pad[0], pad[1], dilation[0])
    wo = conv_output_size(x_shape[3], w_shape[3], strides[1], pad[2], pad[3], dilation[1])
    y_shape = (x_shape[0], w_shape[0], ho, wo)
    return (rng.standard_normal(x_shape), rng.standard_normal(w_shape),
            rng.standard_normal(y_shape), pad)  # fmt: skip


def _conv_attrs(s, p, d, flip) -> str:  # type: ignore[no-untyped-def]
    return (
        f"strides [{s[0]}, {s[1]}] padding [{', '.join(map(str, p))}] "
        f"dilation [{d[0]}, {d[1]}]{' flip' if flip else ''}"
    )


def _conv_ops(x, w, y, s, p, d, flip, *, bias: bool = False, relu: bool = False):  # type: ignore[no-untyped-def]
    attrs = _conv_attrs(s, p, d, flip)
    ops = [("x", x.shape), ("w", w.shape), ("y", y.shape), ("b", (w.shape[0],))]
    bias_txt = f" bias(%b : {_ty((w.shape[0],))})" if bias else ""
    fwd = _op(
        f"%r = libcall.conv2d ins(%x, %w : {_ty(x.shape)}, {_ty(w.shape)}) outs(%y : "
        f"{_ty(y.shape)}){bias_txt} {attrs}{' epilogue = relu' if relu else ''} -> {_ty(y.shape)}",
        ops,
    )
    bwd_data = _op(
        f"%r = libcall.conv2d_backward_data ins(%y, %w : {_ty(y.shape)}, {_ty(w.shape)}) "
        f"outs(%x : {_ty(x.shape)}) {attrs} -> {_ty(x.shape)}",
        ops,
    )
    bwd_filter = _op(
        f"%r = libcall.conv2d_backward_filter ins(%x, %y : {_ty(x.shape)}, {_ty(y.shape)}) "
        f"outs(%w : {_ty(w.shape)}) {attrs} -> {_ty(w.shape)}",
        ops,
    )
    return fwd, bwd_data, bwd_filter


@pytest.mark.parametrize("strides,padding,dilation,flip", CONV_CASES)
def test_conv2d_references(rng, strides, padding, dilation, flip) -> None:  # type: ignore[no-untyped-def]
    x, w, g, pad = _conv_setup(rng, strides, padding, dilation)
    fwd, bwd_data, bwd_filter = _conv_ops(x, w, g, strides, pad, dilation, flip)
    y = fwd.reference(x, w, np.empty(g.shape))
    np.testing.assert_allclose(
        y, naive_conv2d(x, w, g.shape[2:], strides, pad, dilation, flip), **TIGHT
    )
    dx = bwd_data.reference(g, w, np.empty(x.shape))
    np.testing.assert_allclose(
        dx, naive_conv2d_backward_data(g, w, x.shape[2:], strides, pad, dilation, flip), **TIGHT
    )
    dw = bwd_filter.reference(x, g, np.empty(w.shape))
    np.testing.assert_allclose(
        dw, naive_conv2d_backward_filter(x, g, w.shape[2:], strides, pad, dilation, flip), **TIGHT
    )


@pytest.mark.parametrize("strides,padding,dilation,flip", CONV_CASES)
def test_conv2d_gradients_are_derivatives(rng, strides, padding, dilation, flip) -> None:  # type: ignore[no-untyped-def]
    """Central differences of L = sum(conv2d(X, W) * G) in every element of X and W."""
    x, w, g, pad = _conv_setup(rng, strides, padding, dilation)
    fwd, bwd_data, bwd_filter = _conv_ops(x, w, g, strides, pad, dilation, flip)
    out = np.empty(g.shape)

    def loss(xv: np.ndarray, wv: np.ndarray) -> float:
        return float(np.sum(fwd.reference(xv, wv, out) * g))

    h = 1e-3
    for arr, grad in (
        (x, bwd_data.reference(g, w, np.empty(x.shape))),
        (w, bwd_filter.reference(x, g, np.empty(w.shape))),
    ):
        fd = np.zeros(arr.shape)
        for idx in np.ndindex(arr.shape):
            old = arr[idx]
            arr[idx] = old + h
            up = loss(x, w)
            arr[idx] = old - h
            down = loss(x, w)
            arr[idx] = old
            fd[idx] = (up - down) / (2 * h)
        np.testing.assert_allclose(grad, fd, rtol=1e-8, atol=1e-8)


def test_conv2d_bias_relu_non_square_kernel(rng: np.random.Generator) -> None:
    x, w, g, pad = _conv_setup(rng, (1, 2), (0, 2, 1, 0), (1, 1), (3, 2, 5, 8), (4, 2, 4, 1))
    b = rng.standard_normal(4)
    fwd, _, _ = _conv_ops(x, w, g, (1, 2), pad, (1, 1), True, bias=True, relu=True)
    want = np.maximum(
        naive_conv2d(x, w, g.shape[2:], (1, 2), pad, (1, 1), True) + b[None, :, None, None], 0.0
    )
    np.testing.assert_allclose(fwd.reference(x, w, np.empty(g.shape), b), want, **TIGHT)


def test_conv_padding_matches_theano_border_modes() -> None:
    """Theano: 'half' pads (dilated kernel) // 2, 'full' pads (dilated kernel) - 1."""
    assert conv_padding("valid", (3, 5)) == (0, 0, 0, 0)
    assert conv_padding("full", (3, 5)) == (2, 2, 4, 4)
    assert conv_padding("half", (3, 4)) == (1, 1, 2, 2)
    assert conv_padding("half", (3, 3), (2, 1)) == (2, 2, 1, 1)
    assert conv_padding("full", (3, 3), (2, 1)) == (4, 4, 2, 2)
    assert conv_padding(2, (3, 3)) == (2, 2, 2, 2)
    assert conv_padding((1, 3), (3, 3)) == (1, 1, 3, 3)
    # 'half' keeps the size for odd kernels, adds one for even ones (stride 1)
    for k in (1, 3, 5):
        p = conv_padding("half", (k, k))
        assert conv_output_size(9, k, 1, p[0], p[1], 1) == 9
    p = conv_padding("half", (4, 4))
    assert conv_output_size(9, 4, 1, p[0], p[1], 1) == 10
    with pytest.raises(ValueError, match="border_mode"):
        conv_padding("same", (3, 3))


def test_conv2d_reference_checks_shapes(rng: np.random.Generator) -> None:
    x, w, g, pad = _conv_setup(rng, (1, 1), "valid", (1, 1))
    fwd, _, _ = _conv_ops(x, w, g, (1, 1), pad, (1, 1), False)
    with pytest.raises(ShapeError, match="libcall.conv2d: input .* do not fit"):
        fwd.reference(x, w, np.empty((2, 3, 1, 1)))


# --------------------------------------------------------------------------- pooling


def theano_out_shape(n: int, ws: int, st: int, pad: int, ignore_border: bool) -> int:
    """Theano's Pool.out_shape along one dim (written from its definition)."""
    r = n + 2 * pad
    if ignore_border:
        return r // st if ws == st else max(0, (r - ws) // st + 1)
    if st >= ws:
        return (r - 1) // st + 1
    return max(0, (r - 1 - ws) // st + 1) + 1


def theano_pool(x, ws, ignore_border, st, pad, mode):  # type: ignore[no-untyped-def]
    """Theano's Pool.perform: each region of the zero-padded image, clipped to the padded
    image, and for every mode but average_inc_pad also to the unpadded image; then max,
    sum or the mean over the region."""
    h, w = x.shape[-2:]
    ho = theano_out_shape(h, ws[0], st[0], pad[0], ignore_border)
    wo = theano_out_shape(w, ws[1], st[1], pad[1], ignore_border)
    img = (h + 2 * pad[0], w + 2 * pad[1])
    y = np.zeros((*x.shape[:-2], *img))
    y[..., pad[0] : pad[0] + h, pad[1] : pad[1] + w] = x
    out = np.zeros((*x.shape[:-2], ho, wo))
    for lead in np.ndindex(x.shape[:-2]):
        for i, j in np.ndindex(ho, wo):
            bounds = []
            for k, idx in ((0, i), (1, j)):
                start = idx * st[k]
                end = min(start + ws[k], img[k])
                if mode != "average_inc_pad":
                    start, end = max(start, pad[k]), min(end, img[k] - pad[k])
                bounds.append((start, end))
            (r0, r1), (c0, c1) = bounds
            region = [y[(*lead, r, c)] for r in range(r0, r1) for c in range(c0, c1)]
            if mode == "max":
                out[(*lead, i, j)] = max(region)
            elif mode == "sum":
                out[(*lead, i, j)] = sum(region)
            else:
                out[(*lead, i, j)] = sum(region) / len(region)
    return out


def theano_max_pool_grad(x, maxout, gz, ws, st, pad):  # type: ignore[no-untyped-def]
    """Theano's MaxPoolGrad: every element of a region (padding excluded) equal to the
    region's maximum receives the region's output gradient."""
    h, w = x.shape[-2:]
    gx = np.zeros(x.shape)
    for lead in np.ndindex(x.shape[:-2]):
        for i, j in np.ndindex(maxout.shape[-2:]):
            r0, r1 = max(i * st[0] - pad[0], 0), min(i * st[0] - pad[0] + ws[0], h)
            c0, c1 = max(j * st[1] - pad[1], 0), min(j * st[1] - pad[1] + ws[1], w)
            for r, c in itertools.product(range(r0, r1), range(c0, c1)):
                if x[(*lead, r, c)] == maxout[(*lead, i, j)]:
                    gx[(*lead, r, c)] += gz[(*lead, i, j)]
    return gx


def _pool_ops(mode: str, x_shape, y_shape, ws, st, pad):  # type: ignore[no-untyped-def]
    attrs = f"window [{ws[0]}, {ws[1]}] strides [{st[0]}, {st[1]}] padding [{pad[0]}, {pad[1]}]"
    ops = [("x", x_shape), ("y", y_shape), ("g", y_shape), ("dx", x_shape)]
    fwd = _op(
        f"%r = libcall.pool2d {mode} ins(%x : {_ty(x_shape)}) outs(%y : {_ty(y_shape)}) "
        f"{attrs} -> {_ty(y_shape)}",
        ops,
    )
    if mode == "max":
        ins = f"%x, %y, %g : {_ty(x_shape)}, {_ty(y_shape)}, {_ty(y_shape)}"
    else:
        ins = f"%g : {_ty(y_shape)}"
    bwd = _op(
        f"%r = libcall.pool2d_backward {mode} ins({ins}) outs(%dx : {_ty(x_shape)}) {attrs} "
        f"-> {_ty(x_shape)}",
        ops,
    )
    return fwd, bwd


POOL_CASES = [
    (mode, ws, st, pad, ib)
    for mode in ("max", "sum", "average_inc_pad", "average_exc_pad")
    for ws, st in (((2, 2), (2, 2)), ((3, 2), (1, 2)), ((2, 3), (3, 1)), ((3, 3), (2, 2)))
    for pad, ib in (((0, 0), True), ((0, 0), False), ((1, 1), True), ((1, 0), True))
    if pad[0] < ws[0] and pad[1] < ws[1]
]


def _pool_setup(rng, ws, st, pad, ib, x_shape=(2, 7, 6)):  # type: ignore[no-untyped-def]
    h, w = x_shape[-2:]
    y_shape = (*x_shape[:-2], theano_out_shape(h, ws[0], st[0], pad[0], ib),
               theano_out_shape(w, ws[1], st[1], pad[1], ib))  # fmt: skip
    return rng.standard_normal(x_shape), y_shape


@pytest.mark.parametrize("mode,ws,st,pad,ib", POOL_CASES)
def test_pool2d_reference_is_theano(rng, mode, ws, st, pad, ib) -> None:  # type: ignore[no-untyped-def]
    x, y_shape = _pool_setup(rng, ws, st, pad, ib)
    for k in (0, 1):
        assert y_shape[-2 + k] == pool_output_size(x.shape[-2 + k], ws[k], st[k], pad[k], ib)
    fwd, _ = _pool_ops(mode, x.shape, y_shape, ws, st, pad)
    np.testing.assert_allclose(
        fwd.reference(x, np.empty(y_shape)), theano_pool(x, ws, ib, st, pad, mode), **TIGHT
    )


@pytest.mark.parametrize("mode,ws,st,pad,ib", POOL_CASES)
def test_pool2d_backward_is_the_derivative(rng, mode, ws, st, pad, ib) -> None:  # type: ignore[no-untyped-def]
    """Central differences of L = sum(pool2d(X) * G) in every element of X (random
    inputs have no ties, so max pooling is differentiable there)."""
    x, y_shape = _pool_setup(rng, ws, st, pad, ib)
    g = rng.standard_normal(y_shape)
    fwd, bwd = _pool_ops(mode, x.shape, y_shape, ws, st, pad)
    out = np.empty(y_shape)
    y = fwd.reference(x, out)
    args = (x, y, g) if mode == "max" else (g,)
    grad = bwd.reference(*args, np.empty(x.shape))
    h = 1e-6
    fd = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        up = float(np.sum(fwd.reference(x, out) * g))
        x[idx] = old - h
        down = float(np.sum(fwd.reference(x, out) * g))
        x[idx] = old
        fd[idx] = (up - down) / (2 * h)
    np.testing.assert_allclose(grad, fd, rtol=1e-6, atol=1e-6)
    if mode == "max":
        np.testing.assert_allclose(grad, theano_max_pool_grad(x, y, g, ws, st, pad), **TIGHT)


def test_max_pool_ties_each_get_the_full_gradient() -> None:
    """Theano's MaxPoolGrad convention: every tied maximum receives the whole gradient,
    and overlapping windows add up."""
    x = np.array([[[1.0, 3.0, 3.0], [3.0, 2.0, 0.0]]])
    fwd, bwd = _pool_ops("max", x.shape, (1, 1, 2), (2, 2), (1, 1), (0, 0))
    y = fwd.reference(x, np.empty((1, 1, 2)))
    np.testing.assert_array_equal(y, [[[3.0, 3.0]]])
    g = np.array([[[10.0, 100.0]]])
    dx = bwd.reference(x, y, g, np.empty(x.shape))
    np.testing.assert_array_equal(dx, [[[0.0, 110.0, 100.0], [10.0, 0.0, 0.0]]])
    np.testing.assert_array_equal(dx, theano_max_pool_grad(x, y, g, (2, 2), (1, 1), (0, 0)))


def test_theano_ignore_border_example() -> None:
    """Theano's docstring: a (5, 5) input with ws=(2, 2) gives (2, 2) with ignore_border,
    (3, 3) without; average_inc_pad divides partial windows by their in-input count."""
    assert pool_output_size(5, 2, 2, 0, True) == 2
    assert pool_output_size(5, 2, 2, 0, False) == 3
    x = np.arange(25.0).reshape(1, 5, 5)
    fwd, _ = _pool_ops("average_inc_pad", x.shape, (1, 3, 3), (2, 2), (2, 2), (0, 0))
    y = fwd.reference(x, np.empty((1, 3, 3)))
    assert y[0, 2, 2] == 24.0  # the 1x1 corner window
    assert y[0, 0, 2] == (4.0 + 9.0) / 2  # a 2x1 window


def test_average_exc_pad_counts_only_input_elements(rng: np.random.Generator) -> None:
    x = rng.standard_normal((1, 3, 3))
    fwd_exc, _ = _pool_ops("average_exc_pad", x.shape, (1, 2, 2), (2, 2), (2, 2), (1, 1))
    fwd_inc, _ = _pool_ops("average_inc_pad", x.shape, (1, 2, 2), (2, 2), (2, 2), (1, 1))
    exc = fwd_exc.reference(x, np.empty((1, 2, 2)))
    inc = fwd_inc.reference(x, np.empty((1, 2, 2)))
    assert exc[0, 0, 0] == pytest.approx(x[0, 0, 0])  # one input element in the corner
    assert inc[0, 0, 0] == pytest.approx(x[0, 0, 0] / 4)
    assert exc[0, 1, 1] == pytest.approx(x[0, 1:, 1:].mean())


def test_pool_reference_checks_shapes(rng: np.random.Generator) -> None:
    fwd, _ = _pool_ops("max", (4, 4), (2, 2), (2, 2), (2, 2), (0, 0))
    with pytest.raises(ShapeError, match="not a pooled size"):
        fwd.reference(np.ones((4, 4)), np.empty((3, 1)))


# --------------------------------------------------------------------------- softmax


@pytest.mark.parametrize("axis", [0, 1, 2])
def test_softmax_references(rng: np.random.Generator, axis: int) -> None:
    x = rng.standard_normal((3, 4, 5)) * 30
    ops = [("x", x.shape), ("y", x.shape)]
    sm = _op(
        f"%r = libcall.softmax ins(%x : {_ty(x.shape)}) outs(%y : {_ty(x.shape)}) axis {axis} "
        f"-> {_ty(x.shape)}",
        ops,
    )
    lsm = _op(
        f"%r = libcall.log_softmax ins(%x : {_ty(x.shape)}) outs(%y : {_ty(x.shape)}) axis "
        f"{axis} -> {_ty(x.shape)}",
        ops,
    )
    assert isinstance(sm, SoftmaxOp) and isinstance(lsm, LogSoftmaxOp)
    want_sm, want_lsm = np.zeros(x.shape), np.zeros(x.shape)
    xt = np.moveaxis(x, axis, -1)
    for idx in np.ndindex(xt.shape[:-1]):
        row = list(xt[idx])
        m = max(row)
        total = sum(math.exp(v - m) for v in row)
        for k, v in enumerate(row):
            full = list(idx)
            full.insert(axis, k)
            want_sm[tuple(full)] = math.exp(v - m) / total
            want_lsm[tuple(full)] = v - m - math.log(total)
    np.testing.assert_allclose(sm.reference(x, np.empty(x.shape)), want_sm, **TIGHT)
    np.testing.assert_allclose(
        lsm.reference(x, np.empty(x.shape)), want_lsm, rtol=1e-12, atol=1e-10
    )


# --------------------------------------------------------------------------- destinations


def test_destination_operands_follow_optional_operands() -> None:
    ops = [("x", (2, 3, 4, 4)), ("y", (2, 3, 2, 2)), ("g", (2, 3, 2, 2)), ("dx", (2, 3, 4, 4))]
    attrs = "window [2, 2] strides [2, 2] padding [0, 0]"
    mx = _op(
        "%r = libcall.pool2d_backward max ins(%x, %y, %g : tensor<2x3x4x4xf64>, "
        "tensor<2x3x2x2xf64>, tensor<2x3x2x2xf64>) outs(%dx : tensor<2x3x4x4xf64>) "
        f"{attrs} -> tensor<2x3x4x4xf64>",
        ops,
    )
    avg = _op(
        "%r = libcall.pool2d_backward sum ins(%g : tensor<2x3x2x2xf64>) outs(%dx : "
        f"tensor<2x3x4x4xf64>) {attrs} -> tensor<2x3x4x4xf64>",
        ops,
    )
    assert isinstance(mx, Pool2dBackwardOp) and isinstance(avg, Pool2dBackwardOp)
    assert mx.destination_operands() == [3]
    assert avg.destination_operands() == [1]
    for op in (mx, avg):
        assert op.operands[op.destination_operands()[0]] is op.destination
    g = _gemm("", ("2x2", "2x2", "2x2"))
    assert g.destination_operands() == [2]
    assert isinstance(g, GemmOp) and not isinstance(g, BatchedGemmOp)


def test_constructors_build_verifiable_ops() -> None:
    """The Python constructors the lowering uses give the ops the parser gives."""
    from xdsl.dialects.builtin import TensorType, f32
    from xdsl.utils.test_value import create_ssa_value

    x = create_ssa_value(TensorType(f32, [2, 3, 8, 8]))
    w = create_ssa_value(TensorType(f32, [4, 3, 3, 3]))
    y = create_ssa_value(TensorType(f32, [2, 4, 4, 4]))
    conv = Conv2dOp(x, w, y, strides=(2, 2), padding=(1, 0, 1, 0), flip=True)
    conv.verify()
    assert conv.result is not None and conv.result.type == y.type
    data = Conv2dBackwardDataOp(y, w, x, strides=(2, 2), padding=(1, 0, 1, 0), flip=True)
    data.verify()
    filt = Conv2dBackwardFilterOp(x, y, w, strides=(2, 2), padding=(1, 0, 1, 0), flip=True)
    filt.verify()
    p = create_ssa_value(TensorType(f32, [2, 3, 4, 4]))
    pool = Pool2dOp(x, p, mode="max", window=(2, 2), strides=(2, 2))
    pool.verify()
    back = Pool2dBackwardOp(p, x, mode="max", window=(2, 2), strides=(2, 2), x=x, y=p)
    back.verify()
    assert back.destination_operands() == [3]
