"""NumPy reference semantics of the structural tt ops (the oracle of the numeric tests).

Kept beside `tt.py` so that the dialect file stays about op definitions: convolution and
pooling in Theano's conventions, Python-style index normalisation, and the Philox4x32-10
counter-based generator behind `tt.random`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from arignote.errors import ShapeError

# --------------------------------------------------------------------------- conv / pool


def conv_out_size(n: int, k: int, stride: int, pad_lo: int, pad_hi: int, dilation: int) -> int:
    """Output size of a convolution along one dim (floor mode)."""
    return (n + pad_lo + pad_hi - dilation * (k - 1) - 1) // stride + 1


def conv2d(
    x: np.ndarray,
    w: np.ndarray,
    strides: Sequence[int],
    padding: Sequence[int],
    dilation: Sequence[int],
    flip: bool,
) -> np.ndarray:
    """NCHW input, OIHW filters -> NCHW output; `flip` = true convolution."""
    n, c, h, wd = x.shape
    o, ci, kh, kw = w.shape
    if ci != c:
        raise ShapeError(f"conv2d: input has {c} channels, filters expect {ci}")
    pt, pb, pl, pr = padding
    sh, sw = strides
    dh, dw = dilation
    if flip:
        w = w[:, :, ::-1, ::-1]
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    ho = conv_out_size(h, kh, sh, pt, pb, dh)
    wo = conv_out_size(wd, kw, sw, pl, pr, dw)
    out = np.zeros((n, o, max(ho, 0), max(wo, 0)))
    for i in range(kh):
        for j in range(kw):
            patch = xp[
                :,
                :,
                i * dh : i * dh + sh * (ho - 1) + 1 : sh,
                j * dw : j * dw + sw * (wo - 1) + 1 : sw,
            ]
            out += np.einsum("nchw,oc->nohw", patch, w[:, :, i, j].astype(np.float64))
    return out.astype(x.dtype)


def conv2d_grad_input(
    gy: np.ndarray,
    w: np.ndarray,
    in_hw: Sequence[int],
    strides: Sequence[int],
    padding: Sequence[int],
    dilation: Sequence[int],
    flip: bool,
) -> np.ndarray:
    """d(conv2d)/dx applied to gy: the input-shaped gradient."""
    n, o, ho, wo = gy.shape
    _, c, kh, kw = w.shape
    h, wd = in_hw
    pt, pb, pl, pr = padding
    sh, sw = strides
    dh, dw = dilation
    if flip:
        w = w[:, :, ::-1, ::-1]
    gxp = np.zeros((n, c, h + pt + pb, wd + pl + pr))
    g = gy.astype(np.float64)
    for i in range(kh):
        for j in range(kw):
            contrib = np.einsum("nohw,oc->nchw", g, w[:, :, i, j].astype(np.float64))
            gxp[
                :,
                :,
                i * dh : i * dh + sh * (ho - 1) + 1 : sh,
                j * dw : j * dw + sw * (wo - 1) + 1 : sw,
            ] += contrib
    return gxp[:, :, pt : pt + h, pl : pl + wd].astype(gy.dtype)


def conv2d_grad_filter(
    x: np.ndarray,
    gy: np.ndarray,
    k_hw: Sequence[int],
    strides: Sequence[int],
    padding: Sequence[int],
    dilation: Sequence[int],
    flip: bool,
) -> np.ndarray:
    """d(conv2d)/dw applied to gy: the filter-shaped gradient."""
    n, c, h, wd = x.shape
    _, o, ho, wo = gy.shape
    kh, kw = k_hw
    pt, pb, pl, pr = padding
    sh, sw = strides
    dh, dw = dilation
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    g = gy.astype(np.float64)
    gw = np.zeros((o, c, kh, kw))
    for i in range(kh):
        for j in range(kw):
            patch = xp[
                :,
                :,
                i * dh : i * dh + sh * (ho - 1) + 1 : sh,
                j * dw : j * dw + sw * (wo - 1) + 1 : sw,
            ]
            gw[:, :, i, j] = np.einsum("nchw,nohw->oc", patch, g)
    if flip:
        gw = gw[:, :, ::-1, ::-1]
    return gw.astype(gy.dtype)


def pool_out_size(n: int, window: int, stride: int, pad: int, ignore_border: bool) -> int:
    """Theano's pool_2d output size along one dim."""
    if ignore_border:
        return (n + 2 * pad - window) // stride + 1
    if stride >= window:
        return (n - 1) // stride + 1
    return max(0, (n - 1 - window + stride) // stride) + 1


def _pool_windows(x: np.ndarray, window, strides, padding, ignore_border, fill):  # type: ignore[no-untyped-def]
    """(windows of shape [..., ho, wo, wh, ww], valid-mask of the same shape)."""
    h, w = x.shape[-2:]
    wh, ww = window
    sh, sw = strides
    ph, pw = padding
    ho = pool_out_size(h, wh, sh, ph, ignore_border)
    wo = pool_out_size(w, ww, sw, pw, ignore_border)
    need_h = (ho - 1) * sh + wh
    need_w = (wo - 1) * sw + ww
    pad_h = max(need_h - h - ph, 0)
    pad_w = max(need_w - w - pw, 0)
    lead = [(0, 0)] * (x.ndim - 2)
    xp = np.pad(x.astype(np.float64), [*lead, (ph, pad_h), (pw, pad_w)], constant_values=fill)
    valid = np.zeros(xp.shape[-2:], bool)
    valid[ph : ph + h, pw : pw + w] = True
    win = np.lib.stride_tricks.sliding_window_view(xp, (wh, ww), axis=(-2, -1))[
        ..., ::sh, ::sw, :, :
    ]
    vwin = np.lib.stride_tricks.sliding_window_view(valid, (wh, ww))[::sh, ::sw]
    inpad = np.zeros(xp.shape[-2:], bool)  # inside the padded extent (not a partial tail)
    inpad[: h + 2 * ph, : w + 2 * pw] = True
    pwin = np.lib.stride_tricks.sliding_window_view(inpad, (wh, ww))[::sh, ::sw]
    return win[..., :ho, :wo, :, :], (vwin[:ho, :wo], pwin[:ho, :wo]), (ho, wo)


def pool2d(x: np.ndarray, mode: str, window, strides, padding, ignore_border: bool) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Theano's pool_2d over the last two dims."""
    fill = -np.inf if mode == "max" else 0.0
    win, (valid, inpad), _ = _pool_windows(x, window, strides, padding, ignore_border, fill)
    if mode == "max":
        out = win.max(axis=(-2, -1))
    elif mode == "sum":
        out = win.sum(axis=(-2, -1))
    elif mode == "average_inc_pad":
        # Theano: the window clipped to the padded extent (a partial window at the end
        # of a dim, with ignore_border=False, counts only its positions)
        out = win.sum(axis=(-2, -1)) / np.maximum(inpad.sum(axis=(-2, -1)), 1)
    elif mode == "average_exc_pad":
        count = valid.sum(axis=(-2, -1))
        out = win.sum(axis=(-2, -1)) / np.maximum(count, 1)
    else:
        raise ValueError(f"unknown pooling mode {mode!r}")
    return out.astype(x.dtype)


def pool2d_grad(
    x: np.ndarray, gy: np.ndarray, mode: str, window, strides, padding, ignore_border: bool
) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The gradient of pool2d w.r.t. x.  Max: every position equal to the window's
    maximum receives the output gradient (Theano's MaxPoolGrad)."""
    h, w = x.shape[-2:]
    wh, ww = window
    sh, sw = strides
    ph, pw = padding
    fill = -np.inf if mode == "max" else 0.0
    win, (valid, inpad), (ho, wo) = _pool_windows(x, window, strides, padding, ignore_border, fill)
    hp = max((ho - 1) * sh + wh, h + ph) + ph
    wp = max((wo - 1) * sw + ww, w + pw) + pw
    gxp = np.zeros((*x.shape[:-2], hp, wp))
    g = gy.astype(np.float64)
    if mode == "max":
        mx = win.max(axis=(-2, -1), keepdims=True)
        share = (win == mx).astype(np.float64)
    elif mode == "sum":
        share = np.ones(win.shape)
    elif mode == "average_inc_pad":
        count = np.maximum(inpad.sum(axis=(-2, -1), keepdims=True), 1)
        share = np.broadcast_to(inpad / count, win.shape)
    else:
        count = np.maximum(valid.sum(axis=(-2, -1), keepdims=True), 1)
        share = np.broadcast_to(valid / count, win.shape)
    contrib = share * g[..., None, None]
    for i in range(ho):
        for j in range(wo):
            gxp[..., i * sh : i * sh + wh, j * sw : j * sw + ww] += contrib[..., i, j, :, :]
    return gxp[..., ph : ph + h, pw : pw + w].astype(x.dtype)


# --------------------------------------------------------------------------- indexing


def slice_indices(dim: int, offset: int, size: int, step: int, what: str) -> np.ndarray:
    """The indices `offset + i*step`, i < size, checked to lie in [0, dim)."""
    idx = offset + np.arange(size, dtype=np.int64) * step
    if size and (idx.min() < 0 or idx.max() >= dim):
        raise ShapeError(
            f"{what}: slice [offset {offset}, size {size}, step {step}] is out of bounds "
            f"for a dim of size {dim}"
        )
    return idx


def normalize_indices(idx: np.ndarray, dim: int, what: str) -> np.ndarray:
    """Negative indices count from the end; out-of-range indices are an error (an
    unsigned index is never negative: uint64 values of 2^63 and more are out of range)."""
    raw = np.asarray(idx)
    if raw.dtype.kind == "u":
        out = np.minimum(raw, dim).astype(np.int64)
    else:
        raw = raw.astype(np.int64)
        out = np.where(raw < 0, raw + dim, raw)
    if out.size and (out.min() < 0 or out.max() >= dim):
        bad = raw[(out < 0) | (out >= dim)].reshape(-1)[0]
        raise ShapeError(f"{what}: index {bad} is out of bounds for a dim of size {dim}")
    return out


# --------------------------------------------------------------------------- Philox

_M0, _M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
_W0, _W1 = np.uint32(0x9E3779B9), np.uint32(0xBB67AE85)
_MASK = np.uint64(0xFFFFFFFF)


def philox4x32(counters: np.ndarray, key: Sequence[int]) -> np.ndarray:
    """Philox4x32-10 on a (n, 4) uint32 array of counters under a 2-word key."""
    c = counters.astype(np.uint32).copy()
    k0, k1 = np.uint32(key[0]), np.uint32(key[1])
    with np.errstate(over="ignore"):
        for r in range(10):
            if r:
                k0 = np.uint32(k0 + _W0)
                k1 = np.uint32(k1 + _W1)
            p0 = c[:, 0].astype(np.uint64) * _M0
            p1 = c[:, 2].astype(np.uint64) * _M1
            hi0, lo0 = (p0 >> np.uint64(32)).astype(np.uint32), (p0 & _MASK).astype(np.uint32)
            hi1, lo1 = (p1 >> np.uint64(32)).astype(np.uint32), (p1 & _MASK).astype(np.uint32)
            c = np.stack([hi1 ^ c[:, 1] ^ k0, lo1, hi0 ^ c[:, 3] ^ k1, lo0], axis=1)
    return c


def philox_blocks(state: np.ndarray, n_blocks: int) -> np.ndarray:
    """`n_blocks` Philox outputs for counters state[2:4] + 0 .. n_blocks-1 (64-bit)."""
    s = np.asarray(state).astype(np.int64) & 0xFFFFFFFF
    base = int(s[2]) | (int(s[3]) << 32)
    ctr = (base + np.arange(n_blocks, dtype=np.uint64)) & np.uint64(0xFFFFFFFFFFFFFFFF)
    counters = np.zeros((n_blocks, 4), np.uint32)
    counters[:, 0] = (ctr & _MASK).astype(np.uint32)
    counters[:, 1] = (ctr >> np.uint64(32)).astype(np.uint32)
    return philox4x32(counters, (int(s[0]), int(s[1])))


def blocks_needed(dist: str, dtype: np.dtype, count: int) -> int:
    """How many Philox blocks `tt.random` uses for `count` elements."""
    if dist == "normal":
        return count
    return -(-count // (2 if np.dtype(dtype).itemsize == 8 else 4))


def uniform_from_words(words: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """[0, 1) from one word (float16/32: 24 bits) or two words (float64: 53 bits)."""
    if np.dtype(dtype).itemsize == 8:
        a = (words[..., 0] >> np.uint32(5)).astype(np.float64)
        b = (words[..., 1] >> np.uint32(6)).astype(np.float64)
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    return ((words >> np.uint32(8)).astype(np.float64) * 2.0**-24).astype(np.float32)


def random(state: np.ndarray, dist: str, shape: Sequence[int], dtype: np.dtype) -> np.ndarray:
    """The values of `tt.random <dist>` of `shape` and float `dtype` for `state`."""
    dtype = np.dtype(dtype)
    count = int(np.prod(shape, dtype=np.int64))
    blocks = philox_blocks(state, blocks_needed(dist, dtype, count))
    wide = dtype.itemsize == 8
    if dist == "uniform":
        if wide:
            u = uniform_from_words(blocks.reshape(-1, 2)[:count], dtype)
        else:
            u = uniform_from_words(blocks.reshape(-1)[:count], dtype)
        return np.asarray(u).astype(dtype).reshape(shape)
    if dist == "normal":
        if wide:
            u1 = uniform_from_words(blocks[:, 0:2], dtype)
            u2 = uniform_from_words(blocks[:, 2:4], dtype)
        else:
            u1 = uniform_from_words(blocks[:, 0], dtype).astype(np.float64)
            u2 = uniform_from_words(blocks[:, 1], dtype).astype(np.float64)
        z = np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)
        return z.astype(dtype).reshape(shape)
    raise ValueError(f"unknown distribution {dist!r}")


# --------------------------------------------------------------------------- MRG31k3p

#: MRG31k3p's moduli (Theano 1.0.5 theano/sandbox/rng_mrg.py l.198-199)
MRG_M1 = 2147483647  # 2^31 - 1
MRG_M2 = 2147462579  # 2^31 - 21069

#: the integer -> float conversion per dtype: (mask, offset, NORM) as Theano's mrg_uniform
#: applies them (rng_mrg.py l.381-392 and the C support code l.466-490)
MRG_FLOAT32_NORM = np.float32(4.6566126e-10)  # 0x1.fffffep-32
MRG_FLOAT16_NORM = np.float16(3.0458e-05)


def _wrap32(v: np.ndarray) -> np.ndarray:
    """int64 values reduced to int32 two's-complement wrapping (C's npy_int32 arithmetic)."""
    return ((v + 2**31) & 0xFFFFFFFF) - 2**31


def _mrg_reduce(y: np.ndarray, m: int) -> np.ndarray:
    """`if (y < 0 || y >= m) y -= m;` in int32 arithmetic."""
    return np.where((y < 0) | (y >= m), _wrap32(y - m), y)


def mrg_step(state: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One MRG31k3p step of each row of `state` (int64 (n, 6) holding int32 values):
    (the advanced state, z in [1, M1]), transcribing Theano's int32 bit tricks
    (`mrg_next_value`, rng_mrg.py l.243-290) including their wrap-around."""
    x11, x12, x13, x21, x22, x23 = (state[:, j] for j in range(6))
    y1 = _wrap32(((x12 & 511) << 22) + (x12 >> 9) + ((x13 & 16777215) << 7) + (x13 >> 24))
    y1 = _mrg_reduce(_wrap32(_mrg_reduce(y1, MRG_M1) + x13), MRG_M1)
    t1 = _mrg_reduce(_wrap32(((x21 & 65535) << 15) + 21069 * (x21 >> 16)), MRG_M2)
    y2 = _mrg_reduce(_wrap32(((x23 & 65535) << 15) + 21069 * (x23 >> 16)), MRG_M2)
    y2 = _mrg_reduce(_wrap32(y2 + x23), MRG_M2)
    y2 = _mrg_reduce(_wrap32(y2 + t1), MRG_M2)
    new = np.stack([y1, x11, x12, y2, x21, x22], axis=1)
    z = np.where(y1 <= y2, _wrap32(y1 - y2 + MRG_M1), _wrap32(y1 - y2))
    return new, z


def mrg_to_float(z: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Theano's conversion of MRG31k3p integers to floats: float64 `z * 2^-31`; float32
    `(float)z * 4.6566126e-10f` in float32 (the C code's path, rng_mrg.py l.473-478);
    float16 `((z & 0x7fff) + 1) * float16(3.0458e-05)` computed in float64 and rounded
    once (the Python `perform`, the only float16 path, l.381-404)."""
    dtype = np.dtype(dtype)
    if dtype == np.float64:
        return z.astype(np.float64) * 2.0**-31
    if dtype == np.float32:
        return z.astype(np.float32) * MRG_FLOAT32_NORM
    if dtype == np.float16:
        return (((z & 0x7FFF) + 1).astype(np.float64) * float(MRG_FLOAT16_NORM)).astype(np.float16)
    raise ValueError(f"mrg_uniform: dtype must be float16, float32 or float64, got {dtype}")


def mrg_uniform(
    state: np.ndarray, shape: Sequence[int], dtype: np.dtype
) -> tuple[np.ndarray, np.ndarray]:
    """`tt.mrg_uniform`: (the advanced (n, 6) int32 state, uniform samples of `shape`).

    Element i of the row-major samples comes from stream (row) i % n, which advances
    once per element it gives, before the output is taken (Theano's mrg_uniform.perform,
    rng_mrg.py l.398-404)."""
    st = np.asarray(state).astype(np.int64)
    if st.ndim != 2 or st.shape[1] != 6 or st.shape[0] < 1:
        raise ShapeError(f"mrg_uniform: the state must be (n >= 1, 6), got {st.shape}")
    n = st.shape[0]
    count = int(np.prod(shape, dtype=np.int64))
    z = np.zeros(count, dtype=np.int64)
    for k in range(0, count, n):
        active = min(n, count - k)
        new, zk = mrg_step(st[:active])
        st[:active] = new
        z[k : k + active] = zk
    return st.astype(np.int32), mrg_to_float(z, dtype).reshape(tuple(shape))
