"""Floating-point arithmetic with PTX's rounding, on NumPy arrays.

NumPy computes f32/f64 `+ - * / sqrt` correctly rounded to nearest even, which is PTX's
`.rn`.  Everything else is built from exact error terms in float64:

* f32/f16/bf16 results: the exact result is held as an unevaluated pair `s + e` of
  float64 (TwoSum, exact products), rounded *to odd* into one float64 and then rounded
  once to the narrow format in the requested mode.  Rounding to odd with >= 2 extra bits
  makes the final rounding correct in every mode (Boldo & Melquiond), so `fma.f32` is
  correctly rounded and `.rz/.rm/.rp` are exact.
* f64 results: the `.rn` result plus the sign of the exact residual (from TwoSum /
  Dekker's TwoProduct) gives directed rounding by one `nextafter` step; `fma.f64` is the
  Boldo-Melquiond emulation with a round-to-odd sum.  Operands beyond 2^995 or products
  below 2^-969 (where Dekker's split can lose bits) fall back to `a * b + c`.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

f16 = np.float16
f32 = np.float32
f64 = np.float64

_INF = np.float64(np.inf)
_SPLIT = np.float64(134217729.0)  # 2^27 + 1
MIN_NORMAL = {
    "f16": np.float16(6.103515625e-05),
    "f32": np.float32(1.1754943508222875e-38),
    "f64": np.float64(2.2250738585072014e-308),
}


def two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """s + e == a + b exactly, s = fl(a + b); e is 0 where s is not finite."""
    s = a + b
    bb = s - a
    e = (a - (s - bb)) + (b - bb)
    return s, np.where(np.isfinite(s), e, 0.0)


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    t = _SPLIT * a
    hi = t - (t - a)
    return hi, a - hi


def two_prod(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """p + e == a * b exactly (Dekker), p = fl(a * b); e is 0 where p is not finite."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, np.where(np.isfinite(p), e, 0.0)


def round_odd(s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """The float64 nearest to s + e with an odd last bit when s + e is inexact."""
    bits = np.asarray(s, f64).view(np.int64)
    fix = (e != 0) & ((bits & 1) == 0) & np.isfinite(s)
    if not fix.any():
        return s
    return np.where(fix, np.nextafter(s, np.where(e > 0, _INF, -_INF)), s)


# ---------------------------------------------------------------- narrow formats


def f32_to_bf16_bits(x: np.ndarray, mode: str = "rn") -> np.ndarray:
    """float32 -> bfloat16 bits (uint16) in rounding mode `mode`."""
    bits = np.asarray(x, f32).view(np.uint32).astype(np.uint64)
    nan = np.isnan(np.asarray(x, f32))
    low = bits & 0xFFFF
    hi = bits >> 16
    if mode == "rn":
        out = (bits + 0x7FFF + (hi & 1)) >> 16
    elif mode == "rz":
        out = hi
    else:
        neg = (bits >> 31) == 1
        up = (low != 0) & (neg if mode == "rm" else ~neg)
        out = hi + up
    out = np.where(nan, hi | 0x40, out)
    return out.astype(np.uint16)


def bf16_bits_to_f32(b: np.ndarray) -> np.ndarray:
    return (np.asarray(b).astype(np.uint32) << 16).view(f32)


def round_f64_to(x: np.ndarray, kind: str, mode: str) -> np.ndarray:
    """Round float64 values (exact, or already rounded to odd) to `kind` in `mode`.

    kind is "f16", "f32" or "bf16" (returned as uint16 bits)."""
    x = np.asarray(x, f64)
    if kind == "bf16":
        # a round-to-odd image of x in float32 rounds to bf16 correctly in every mode
        x32 = _odd_f32(x, round_f64_to(x, "f32", "rz"))
        return f32_to_bf16_bits(x32, mode)
    dt = f16 if kind == "f16" else f32
    r = x.astype(dt)
    if mode == "rn":
        return r
    rd = r.astype(f64)
    if mode == "rz":
        adj = np.abs(rd) > np.abs(x)
        target = np.zeros_like(r)
    elif mode == "rm":
        adj = rd > x
        target = np.full_like(r, -np.inf)
    elif mode == "rp":
        adj = rd < x
        target = np.full_like(r, np.inf)
    else:  # pragma: no cover - decoder only passes the four modes
        raise ValueError(mode)
    if not adj.any():
        return r
    return np.where(adj, np.nextafter(r, target), r)


def _odd_f32(x: np.ndarray, rz: np.ndarray) -> np.ndarray:
    """Round-to-odd of float64 x into float32, given its truncation `rz`."""
    inexact = (rz.astype(f64) != x) & np.isfinite(x)
    bits = rz.view(np.uint32)
    even = (bits & 1) == 0
    fix = inexact & even
    if not fix.any():
        return rz
    away = np.nextafter(rz, np.where(x > 0, f32(np.inf), f32(-np.inf)))
    return np.where(fix, away, rz)


def round_pair(s: np.ndarray, e: np.ndarray, kind: str, mode: str) -> np.ndarray:
    """Correctly round the exact value s + e (|e| << ulp(s)) to `kind` in `mode`."""
    return round_f64_to(round_odd(s, e), kind, mode)


# ---------------------------------------------------------------- float64


def adjust_directed(r: np.ndarray, resid: np.ndarray, mode: str) -> np.ndarray:
    """Directed rounding of a float64 result r (= RN(exact)) given sign(exact - r)."""
    if mode == "rn":
        return r
    fin = np.isfinite(r)
    if mode == "rz":
        adj = fin & (((r > 0) & (resid < 0)) | ((r < 0) & (resid > 0)))
        tgt = np.zeros_like(r)
    elif mode == "rm":
        adj = fin & (resid < 0)
        tgt = np.full_like(r, -np.inf)
    else:
        adj = fin & (resid > 0)
        tgt = np.full_like(r, np.inf)
    if adj.any():
        r = np.where(adj, np.nextafter(r, tgt), r)
    return r


def _overflow_directed(r: np.ndarray, finite_inputs: np.ndarray, mode: str) -> np.ndarray:
    """RN overflowed to inf: directed modes that round toward zero give +-MAX."""
    if mode == "rn":
        return r
    big = np.finfo(r.dtype).max
    inf = np.isinf(r) & finite_inputs
    if not inf.any():
        return r
    if mode == "rz":
        clamp = inf
    elif mode == "rm":
        clamp = inf & (r > 0)
    else:
        clamp = inf & (r < 0)
    return np.where(clamp, np.copysign(big, r), r)


def add64(a: np.ndarray, b: np.ndarray, mode: str) -> np.ndarray:
    if mode == "rn":
        return a + b
    s, e = two_sum(a, b)
    r = adjust_directed(s, e, mode)
    r = _zero_sign(r, a, b, mode)
    return _overflow_directed(r, np.isfinite(a) & np.isfinite(b), mode)


def mul64(a: np.ndarray, b: np.ndarray, mode: str) -> np.ndarray:
    if mode == "rn":
        return a * b
    p, e = two_prod(a, b)
    r = adjust_directed(p, e, mode)
    r = _overflow_directed(r, np.isfinite(a) & np.isfinite(b), mode)
    bad = (
        np.isfinite(a) & np.isfinite(b) & (a != 0) & (b != 0)
        & ((np.abs(p) < _TINY) | (np.abs(a) > _HUGE) | (np.abs(b) > _HUGE))
    )  # fmt: skip
    return _exact_lanes(r, bad, "mul", mode, a, b)


def _zero_sign(r: np.ndarray, a: np.ndarray, b: np.ndarray, mode: str) -> np.ndarray:
    """An exact zero sum of opposite-signed terms is -0 under .rm (IEEE 754)."""
    if mode != "rm":
        return r
    z = (r == 0) & ~((a == 0) & (b == 0) & ~np.signbit(a) & ~np.signbit(b))
    return np.where(z, np.copysign(np.zeros_like(r), -1.0), r)


def fma64(a: np.ndarray, b: np.ndarray, c: np.ndarray, mode: str = "rn") -> np.ndarray:
    """Correctly rounded a * b + c in float64 (Boldo-Melquiond; exact fallback when the
    operands are huge or the product or result is tiny)."""
    a, b, c = np.asarray(a, f64), np.asarray(b, f64), np.asarray(c, f64)
    uh, ul = two_prod(a, b)
    th, tl = two_sum(c, uh)
    vs, ve = two_sum(tl, ul)
    v = round_odd(vs, ve)
    r = th + v
    finite = np.isfinite(a) & np.isfinite(b) & np.isfinite(c)
    r = np.where(finite & np.isfinite(r), r, a * b + c)
    if mode != "rn":
        resid = (th - r) + v
        r = adjust_directed(r, np.where(np.isfinite(resid), resid, 0.0), mode)
        r = _overflow_directed(r, finite, mode)
    # exact zeros: both terms zero, or an exact cancellation (IEEE sign rules)
    pzero = (a == 0) | (b == 0)
    both = pzero & (c == 0)
    cancel = ~pzero & (uh == -c) & (ul == 0)
    psign = np.signbit(a) ^ np.signbit(b)
    neg = np.where(both & (psign == np.signbit(c)), np.signbit(c), mode == "rm")
    zero = finite & (both | cancel)
    r = np.where(zero, np.where(neg, -0.0, 0.0), r)
    bad = finite & ~zero & (
        (np.abs(a) > _HUGE) | (np.abs(b) > _HUGE) | (np.abs(c) > _HUGE)
        | ((np.abs(uh) < _TINY) & ~pzero) | (np.abs(r) < _TINY) | ~np.isfinite(r)
    )  # fmt: skip
    return _exact_lanes(r, bad, "fma", mode, a, b, c)


def div_residual(q: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """sign(a / b - q) as a float64 array (0 where exact or non-finite)."""
    p, pe = two_prod(q, b)
    t = (a - p) - pe
    t = np.where(np.isfinite(q) & np.isfinite(t), t, 0.0)
    return t * np.sign(b)


def sqrt_residual(s: np.ndarray, a: np.ndarray) -> np.ndarray:
    """sign(sqrt(a) - s)."""
    p, pe = two_prod(s, s)
    t = (a - p) - pe
    return np.where(np.isfinite(s) & np.isfinite(t), t, 0.0)


def div64(a: np.ndarray, b: np.ndarray, mode: str) -> np.ndarray:
    q = a / b
    if mode == "rn":
        return q
    r = adjust_directed(q, div_residual(q, a, b), mode)
    r = _overflow_directed(r, np.isfinite(a) & np.isfinite(b) & (b != 0), mode)
    bad = (
        np.isfinite(a) & np.isfinite(b) & (a != 0) & (b != 0)
        & ((np.abs(q) < _TINY) | (np.abs(q) > _HUGE) | (np.abs(a) < _TINY)
           | (np.abs(a) > _HUGE) | (np.abs(b) > _HUGE) | (np.abs(b) < _TINY))
    )  # fmt: skip
    return _exact_lanes(r, bad, "div", mode, a, b)


def sqrt64(a: np.ndarray, mode: str) -> np.ndarray:
    s = np.sqrt(a)
    if mode == "rn":
        return s
    r = adjust_directed(s, sqrt_residual(s, a), mode)
    bad = np.isfinite(a) & (a > 0) & ((a < _TINY) | (a > _HUGE))
    return _exact_lanes(r, bad, "sqrt", mode, a)


# ---------------------------------------------------------------- exact scalar fallback

_TINY = 2.0**-968
_HUGE = 2.0**990


def round_fraction(
    q: Fraction, mode: str, p: int = 53, emin: int = -1022, emax: int = 1023
) -> float:
    """The exact rational q rounded to a binary float format in mode rn/rz/rm/rp."""
    if q == 0:
        return 0.0
    neg = q < 0
    a = -q if neg else q
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if Fraction(2) ** e > a:
        e -= 1
    e = max(e, emin)
    ulp = Fraction(2) ** (e - p + 1)
    m = a / ulp
    fl = m.numerator // m.denominator
    rem = m - fl
    if rem == 0:
        r = fl
    elif mode == "rn":
        r = fl + (1 if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and fl % 2 == 1) else 0)
    elif mode == "rz":
        r = fl
    elif mode == "rm":
        r = fl + (1 if neg else 0)
    else:
        r = fl + (0 if neg else 1)
    val = r * ulp
    big = (2 - Fraction(2) ** (1 - p)) * Fraction(2) ** emax
    if val > big:
        to_inf = mode == "rn" or (mode == "rm" and neg) or (mode == "rp" and not neg)
        out = float("inf") if to_inf else float(big)
    else:
        out = float(val)
    return -out if neg else out


def _exact_sqrt(x: float) -> Fraction:
    """sqrt(x) exactly, or a value strictly between the same two 60-bit neighbours."""
    q = Fraction(x)
    n, d = q.numerator, q.denominator  # d is a power of two
    k = d.bit_length() - 1
    if k % 2:
        n, k = n * 2, k + 1
    sh = max(0, (130 - n.bit_length()) // 2 + 1)
    m = n << (2 * sh)
    r = math.isqrt(m)
    scale = 1 << (sh + k // 2)
    if r * r == m:
        return Fraction(r, scale)
    return Fraction(2 * r + 1, 2 * scale)


def _exact_one(op: str, mode: str, args: list[float]) -> float:
    q = [Fraction(v) for v in args]
    if op == "mul":
        return round_fraction(q[0] * q[1], mode)
    if op == "div":
        return round_fraction(q[0] / q[1], mode)
    if op == "sqrt":
        return round_fraction(_exact_sqrt(args[0]), mode)
    exact = q[0] * q[1] + q[2]
    if exact == 0:
        prod_neg = (args[0] < 0) != (args[1] < 0) if args[0] and args[1] else (
            math.copysign(1, args[0]) * math.copysign(1, args[1]) < 0
        )
        c_neg = math.copysign(1, args[2]) < 0
        both_zero = q[0] * q[1] == 0 and q[2] == 0
        if both_zero and prod_neg == c_neg:
            return -0.0 if c_neg else 0.0
        return -0.0 if mode == "rm" else 0.0
    return round_fraction(exact, mode)


def _exact_lanes(
    r: np.ndarray, bad: np.ndarray, op: str, mode: str, *args: np.ndarray
) -> np.ndarray:
    """Replace the (rare) lanes `bad` of r by exactly rounded scalar results."""
    if not np.any(bad):
        return r
    r = np.array(r, f64, copy=True)
    bad = np.broadcast_to(bad, r.shape)
    full = [np.broadcast_to(np.asarray(x, f64), r.shape) for x in args]
    for k in zip(*np.nonzero(bad), strict=True):
        r[k] = _exact_one(op, mode, [float(x[k]) for x in full])
    return r


# ---------------------------------------------------------------- narrow arithmetic


def narrow_binop(op: str, a64: np.ndarray, b64: np.ndarray, kind: str, mode: str) -> np.ndarray:
    """a op b for operands exactly representable in float64, rounded to `kind`."""
    if op == "add":
        s, e = two_sum(a64, b64)
        r = round_pair(s, e, kind, mode)
        if mode == "rm":
            r = _zero_sign(r, a64, b64, mode)
        return r
    if op == "mul":  # products of f32 (and narrower) are exact in float64
        return round_f64_to(a64 * b64, kind, mode)
    if op == "div":
        q = a64 / b64
        return round_pair(q, div_residual(q, a64, b64), kind, mode)
    raise ValueError(op)  # pragma: no cover


def narrow_fma(
    a64: np.ndarray, b64: np.ndarray, c64: np.ndarray, kind: str, mode: str
) -> np.ndarray:
    """Correctly rounded a * b + c for f32/f16/bf16 operands (given as float64)."""
    p = a64 * b64  # exact
    s, e = two_sum(p, c64)
    r = round_pair(s, e, kind, mode)
    if mode == "rm":
        r = _zero_sign(r, p, c64, mode)
    return r


def narrow_sqrt(a64: np.ndarray, kind: str, mode: str) -> np.ndarray:
    s = np.sqrt(a64)
    return round_pair(s, sqrt_residual(s, a64), kind, mode)


def ftz(x: np.ndarray, kind: str) -> np.ndarray:
    """Flush subnormals to sign-preserving zero."""
    if kind not in MIN_NORMAL:
        return x
    tiny = np.abs(x) < MIN_NORMAL[kind]
    if not np.any(tiny):
        return x
    return np.where(tiny, np.copysign(np.zeros_like(x), x), x)


def saturate(x: np.ndarray) -> np.ndarray:
    """Clamp to [0, 1]; NaN -> 0."""
    return np.where(np.isnan(x), np.zeros_like(x), np.clip(x, 0, 1)).astype(x.dtype)
