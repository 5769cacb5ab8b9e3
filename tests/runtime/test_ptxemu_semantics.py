"""Instruction semantics of the PTX emulator, checked exactly.

Each kernel applies one LLVM/NVVM intrinsic or instruction elementwise; LLVM turns it
into the PTX form under test (`add.rz.f32`, `fma.rm.f64`, `cvt.rp.f32.s64`, `mul.hi.u64`,
`add.cc`/`addc` chains, `min.NaN.f32`, `setp.ltu.f32`, ...).  Float results are compared
bit-for-bit with a reference that rounds the exact rational result (Python `Fraction`)
in the instruction's mode; integer results with Python's unbounded integers.
"""

from __future__ import annotations

import functools
import math
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from arignote.lowering.ptx import emit_ptx
from arignote.runtime.ptxemu import EmuDevice

sys.path.insert(0, str(Path(__file__).parent))
import ptxemu_kernels as K  # noqa: E402

N = 600

# --------------------------------------------------------------------- exact rounding

#: (precision, min exponent, max exponent)
FMT = {"f32": (24, -126, 127), "f64": (53, -1022, 1023), "f16": (11, -14, 15),
       "bf16": (8, -126, 127)}  # fmt: skip


def round_exact(q: Fraction, fmt: str, mode: str) -> float:
    """q rounded to the float format in mode rn/rz/rm/rp (IEEE 754, with subnormals)."""
    p, emin, emax = FMT[fmt]
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
        out = math.inf if to_inf else float(big)
    else:
        out = float(val)
    return -out if neg else out


def exact_sqrt_round(a: Fraction, fmt: str, mode: str) -> float:
    """sqrt(a) rounded in mode: search the neighbours of the float64 square root."""
    dt = np.float32 if fmt == "f32" else np.float64
    guess = dt(math.sqrt(float(a)))
    cands = [guess]
    for _ in range(3):
        cands.append(np.nextafter(cands[-1], dt(0)))
        cands.insert(0, np.nextafter(cands[0], dt(np.inf)))
    cands = sorted(set(float(c) for c in cands))
    lo = max(c for c in cands if Fraction(c) ** 2 <= a)
    hi = min(c for c in cands if Fraction(c) ** 2 >= a)
    if lo == hi or mode in ("rz", "rm"):
        return lo
    if mode == "rp":
        return hi
    mid = (Fraction(lo) + Fraction(hi)) / 2
    return lo if mid**2 > a else hi


def rand_floats(rng: np.random.Generator, n: int, dt: Any, emin: int, emax: int) -> np.ndarray:
    p = 24 if dt == np.float32 else 53
    m = rng.integers(2 ** (p - 1), 2**p, n, dtype=np.int64).astype(np.float64)
    e = rng.integers(emin, emax, n)
    s = rng.choice([-1.0, 1.0], n)
    return np.ldexp(s * m, e - (p - 1)).astype(dt)


def inputs(rng: np.random.Generator, dt: Any, arity: int) -> list[np.ndarray]:
    """Random floats with mixed exponents, near-cancellations, subnormal and huge cases."""
    emax = 120 if dt == np.float32 else 1000
    xs = [rand_floats(rng, N, dt, -20, 20) for _ in range(arity)]
    if arity >= 2:  # close magnitudes -> cancellation; wide gaps -> sticky bits
        xs[1][: N // 4] = -xs[0][: N // 4] * dt(1 + 2.0**-10)
        xs[1][N // 4 : N // 2] = rand_floats(rng, N // 4, dt, -60, -30)
    if arity == 3:
        prod = xs[0][: N // 4].astype(np.float64) * xs[1][: N // 4]
        xs[2][: N // 4] = (-prod * (1 + rng.uniform(-1e-6, 1e-6, N // 4))).astype(dt)
    tiny = (2.0**-140 if dt == np.float32 else 2.0**-1060)
    xs[0][-20:-10] = (rng.uniform(0.5, 1, 10) * tiny).astype(dt)  # subnormal inputs
    xs[0][-10:] = rand_floats(rng, 10, dt, emax - 2, emax)  # overflow candidates
    for x in xs[1:]:
        x[-10:] = rand_floats(rng, 10, dt, emax - 2, emax)
    return xs


@functools.lru_cache(maxsize=None)
def module(dev_id: int, text: str) -> str:
    return emit_ptx(text, "sm_80")


def launch(
    dev: EmuDevice, ir: str, kernel: str, ins: list[np.ndarray], out: np.ndarray, nin: int = 3
) -> np.ndarray:
    """out = kernel(*ins) for kernel(in_0, ..., in_{nin-1}, out, n); missing inputs repeat in_0."""
    mod = dev.load_module(module(0, ir))
    n = len(out)
    ptrs = []
    for a in [*ins, *([ins[0]] * (nin - len(ins)))]:
        p = dev.alloc(a.nbytes)
        dev.copy_to_device(p, a)
        ptrs.append(p)
    po = dev.alloc(out.nbytes)
    dev.launch(mod, kernel, ((n + 127) // 128, 1, 1), (128, 1, 1), [*ptrs, po, n])
    res = np.empty_like(out)
    dev.copy_to_host(res, po)
    return res


# --------------------------------------------------------------------- float rounding

_F = {"f": ("f32", "float", np.float32), "d": ("f64", "double", np.float64)}
ROUNDED = [
    (op, mode, suf, arity)
    for suf in ("f", "d")
    for op, arity in (("add", 2), ("mul", 2), ("fma", 3), ("div", 2), ("sqrt", 1), ("rcp", 1))
    for mode in ("rn", "rz", "rm", "rp")
]
ROUNDED_IR = K.elementwise_intrinsics(
    [
        (f"{op}_{mode}_{suf}", f"llvm.nvvm.{op}.{mode}.{suf}", _F[suf][1], [_F[suf][1]] * arity)
        for op, mode, suf, arity in ROUNDED
    ]
)


def _reference(op: str, args: list[float], fmt: str, mode: str) -> float:
    if not all(math.isfinite(a) for a in args) or (op in ("div", "rcp") and args[-1] == 0):
        with np.errstate(all="ignore"):  # special operands: IEEE results, mode-independent
            x = [np.float64(a) for a in args]
            v = {"add": lambda: x[0] + x[1], "mul": lambda: x[0] * x[1],
                 "fma": lambda: x[0] * x[1] + x[2], "div": lambda: x[0] / x[1],
                 "sqrt": lambda: np.sqrt(x[0]), "rcp": lambda: 1 / x[0]}[op]()  # fmt: skip
        return float(v)
    q = [Fraction(a) for a in args]
    if op == "sqrt":
        if q[0] < 0:
            return math.nan
        return 0.0 if q[0] == 0 else exact_sqrt_round(q[0], fmt, mode)
    exact = {"add": lambda: q[0] + q[1], "mul": lambda: q[0] * q[1],
             "fma": lambda: q[0] * q[1] + q[2], "div": lambda: q[0] / q[1],
             "rcp": lambda: 1 / q[0]}[op]()  # fmt: skip
    return round_exact(exact, fmt, mode)


@pytest.mark.parametrize(
    "op,mode,suf,arity", ROUNDED, ids=[f"{o}.{m}.{s}" for o, m, s, _ in ROUNDED]
)
def test_rounding_modes_exact(
    op: str, mode: str, suf: str, arity: int, rng: np.random.Generator
) -> None:
    fmt, _, dt = _F[suf]
    xs = inputs(rng, dt, arity)
    if op in ("sqrt",):
        xs[0] = np.abs(xs[0])
    dev = EmuDevice()
    got = launch(dev, ROUNDED_IR, f"{op}_{mode}_{suf}", xs, np.zeros(N, dt))
    bad = []
    for k in range(N):
        ref = _reference(op, [float(x[k]) for x in xs], fmt, mode)
        g = float(got[k])
        same = (math.isnan(ref) and math.isnan(g)) or ref == g
        if same and ref == 0 and op != "add":
            same = math.copysign(1, ref) == math.copysign(1, g) or op in ("fma",)
        if not same:
            bad.append((k, [float(x[k]) for x in xs], ref, g))
    assert not bad, f"{len(bad)} mismatches, first: {bad[:3]}"


def test_exact_zero_sums_and_ftz(rng: np.random.Generator) -> None:
    ir = K.elementwise_intrinsics(
        [("add_rm", "llvm.nvvm.add.rm.f", "float", ["float", "float"]),
         ("add_rn", "llvm.nvvm.add.rn.f", "float", ["float", "float"]),
         ("mul_ftz", "llvm.nvvm.mul.rn.ftz.f", "float", ["float", "float"]),
         ("fmax_ftz", "llvm.nvvm.fmax.ftz.f", "float", ["float", "float"])]  # fmt: skip
    )
    dev = EmuDevice()
    x = rand_floats(rng, N, np.float32, -10, 10)
    r = launch(dev, ir, "add_rm", [x, -x], np.zeros(N, np.float32))
    assert np.all(r == 0) and np.all(np.signbit(r))  # x + (-x) = -0 rounding down
    r = launch(dev, ir, "add_rn", [x, -x], np.zeros(N, np.float32))
    assert np.all(r == 0) and not np.any(np.signbit(r))
    a = np.full(N, 2.0**-70, np.float32)
    b = (rng.uniform(1, 2, N) * 2.0**-60).astype(np.float32)  # product 2^-130..: subnormal
    r = launch(dev, ir, "mul_ftz", [a, b], np.zeros(N, np.float32))
    assert np.all(r == 0)
    sub = (rng.uniform(0.1, 1, N) * 2.0**-126).astype(np.float32)
    r = launch(dev, ir, "fmax_ftz", [sub, -sub], np.zeros(N, np.float32))
    assert np.all(r == 0)  # both inputs flushed to zero


# --------------------------------------------------------------------- conversions

CVTS = [
    ("d2f_rn", "llvm.nvvm.d2f.rn", "float", "double", "f32", "rn"),
    ("d2f_rz", "llvm.nvvm.d2f.rz", "float", "double", "f32", "rz"),
    ("d2f_rm", "llvm.nvvm.d2f.rm", "float", "double", "f32", "rm"),
    ("d2f_rp", "llvm.nvvm.d2f.rp", "float", "double", "f32", "rp"),
    ("ll2f_rz", "llvm.nvvm.ll2f.rz", "float", "i64", "f32", "rz"),
    ("ll2f_rm", "llvm.nvvm.ll2f.rm", "float", "i64", "f32", "rm"),
    ("ll2f_rp", "llvm.nvvm.ll2f.rp", "float", "i64", "f32", "rp"),
    ("ll2d_rz", "llvm.nvvm.ll2d.rz", "double", "i64", "f64", "rz"),
    ("ll2d_rp", "llvm.nvvm.ll2d.rp", "double", "i64", "f64", "rp"),
    ("ull2d_rm", "llvm.nvvm.ull2d.rm", "double", "i64", "f64", "rm"),
    ("ui2f_rz", "llvm.nvvm.ui2f.rz", "float", "i32", "f32", "rz"),
    ("i2f_rp", "llvm.nvvm.i2f.rp", "float", "i32", "f32", "rp"),
]
CVT_IR = K.elementwise_intrinsics([(n, c, rt, [at]) for n, c, rt, at, _, _ in CVTS])


@pytest.mark.parametrize("name,callee,rt,at,fmt,mode", CVTS, ids=[c[0] for c in CVTS])
def test_conversions_to_float_exact(
    name: str, callee: str, rt: str, at: str, fmt: str, mode: str, rng: np.random.Generator
) -> None:
    dev = EmuDevice()
    if at == "double":
        x = rand_floats(rng, N, np.float64, -150, 130)
    elif at == "i64":
        x = rng.integers(-(2**63), 2**63 - 1, N, dtype=np.int64)
        x[: N // 3] >>= rng.integers(0, 40, N // 3)  # a range of magnitudes
        if name.startswith("ull"):
            x = x.view(np.uint64)
    else:
        x = rng.integers(-(2**31), 2**31 - 1, N).astype(np.int32)
        if name.startswith("ui"):
            x = x.view(np.uint32)
    out = np.zeros(N, np.float32 if rt == "float" else np.float64)
    got = launch(dev, CVT_IR, name, [x], out)
    for k in range(N):
        ref = round_exact(Fraction(int(x[k]) if at != "double" else float(x[k])), fmt, mode)
        assert float(got[k]) == ref, (name, x[k], ref, got[k])


def test_float_to_int_conversions_saturate() -> None:
    ir = K.elementwise_intrinsics(
        [("f2i_rn", "llvm.nvvm.f2i.rn", "i32", ["float"]),
         ("f2i_rm", "llvm.nvvm.f2i.rm", "i32", ["float"]),
         ("f2ui_rp", "llvm.nvvm.f2ui.rp", "i32", ["float"]),
         ("d2ll_rz", "llvm.nvvm.d2ll.rz", "i64", ["double"])]  # fmt: skip
    )
    dev = EmuDevice()
    x = np.array([2.5, 3.5, -2.5, -0.6, 1e10, -1e10, np.nan, np.inf, -np.inf, 0.49999997,
                  7.0, -7.5], np.float32)  # fmt: skip
    assert list(launch(dev, ir, "f2i_rn", [x], np.zeros(len(x), np.int32))) == [
        2, 4, -2, -1, 2**31 - 1, -(2**31), 0, 2**31 - 1, -(2**31), 0, 7, -8]  # fmt: skip
    assert list(launch(dev, ir, "f2i_rm", [x], np.zeros(len(x), np.int32))) == [
        2, 3, -3, -1, 2**31 - 1, -(2**31), 0, 2**31 - 1, -(2**31), 0, 7, -8]  # fmt: skip
    assert list(launch(dev, ir, "f2ui_rp", [x], np.zeros(len(x), np.uint32))) == [
        3, 4, 0, 0, 2**32 - 1, 0, 0, 2**32 - 1, 0, 1, 7, 0]  # fmt: skip
    d = np.array([1e19, -1e19, 9.2e18, -2.5, np.nan, 2.0**62 + 2048], np.float64)
    assert list(launch(dev, ir, "d2ll_rz", [d], np.zeros(len(d), np.int64))) == [
        2**63 - 1, -(2**63), int(np.float64(9.2e18)), -2, 0, 2**62 + 2048]  # fmt: skip


# --------------------------------------------------------------------- integer ops

M64 = (1 << 64) - 1
M32 = (1 << 32) - 1


def s64(v: int) -> int:
    v &= M64
    return v - (1 << 64) if v >> 63 else v


def s32(v: int) -> int:
    v &= M32
    return v - (1 << 32) if v >> 31 else v


def _i128(x: str, y: str) -> str:
    return (
        f"  %xw = zext i64 %{x} to i128\n  %yw = zext i64 %{y} to i128\n"
        "  %xh = shl i128 %xw, 64\n  %yh = shl i128 %yw, 64\n"
        "  %X = or i128 %xh, %yw\n  %Y = or i128 %yh, %xw\n"
    )


INT64_OPS: list[tuple[str, str, Any]] = [
    ("mulhi_u64", "  %xw = zext i64 %x to i128\n  %yw = zext i64 %y to i128\n  %p = mul i128 %xw, %yw\n"
     "  %h = lshr i128 %p, 64\n  %r = trunc i128 %h to i64", lambda x, y: (x * y) >> 64),
    ("mulhi_s64", "  %xw = sext i64 %x to i128\n  %yw = sext i64 %y to i128\n  %p = mul i128 %xw, %yw\n"
     "  %h = ashr i128 %p, 64\n  %r = trunc i128 %h to i64", lambda x, y: (s64(x) * s64(y)) >> 64),
    ("add128_hi", _i128("x", "y") + "  %s = add i128 %X, %Y\n  %sh = lshr i128 %s, 64\n  %r = trunc i128 %sh to i64",
     lambda x, y: (((x << 64) | y) + ((y << 64) | x)) >> 64),
    ("sub128_hi", _i128("x", "y") + "  %s = sub i128 %X, %Y\n  %sh = lshr i128 %s, 64\n  %r = trunc i128 %sh to i64",
     lambda x, y: ((((x << 64) | y) - ((y << 64) | x)) % (1 << 128)) >> 64),
    ("mul128_hi", _i128("x", "y") + "  %s = mul i128 %X, %Y\n  %sh = lshr i128 %s, 64\n  %r = trunc i128 %sh to i64",
     lambda x, y: ((((x << 64) | y) * ((y << 64) | x)) % (1 << 128)) >> 64),
    ("popc64", "  %r = call i64 @llvm.ctpop.i64(i64 %x)", lambda x, y: bin(x).count("1")),
    ("clz64", "  %r = call i64 @llvm.ctlz.i64(i64 %x, i1 false)", lambda x, y: 64 - x.bit_length()),
    ("brev64", "  %r = call i64 @llvm.bitreverse.i64(i64 %x)", lambda x, y: int(f"{x:064b}"[::-1], 2)),
    ("udiv64", "  %d = or i64 %y, 1\n  %r = udiv i64 %x, %d", lambda x, y: x // (y | 1)),
    ("sdiv64", "  %d = or i64 %y, 1\n  %r = sdiv i64 %x, %d",
     lambda x, y: int(s64(x) / s64(y | 1)) if abs(s64(x)) < 2**52 else _tdiv(s64(x), s64(y | 1))),
    ("srem64", "  %d = or i64 %y, 1\n  %r = srem i64 %x, %d",
     lambda x, y: s64(x) - _tdiv(s64(x), s64(y | 1)) * s64(y | 1)),
    ("shl64", "  %s = and i64 %y, 63\n  %r = shl i64 %x, %s", lambda x, y: x << (y & 63)),
    ("ashr64", "  %s = and i64 %y, 63\n  %r = ashr i64 %x, %s", lambda x, y: s64(x) >> (y & 63)),
]  # fmt: skip


def _tdiv(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


INT32_OPS: list[tuple[str, str, Any]] = [
    ("popc32", "  %r = call i32 @llvm.ctpop.i32(i32 %x)", lambda x, y: bin(x).count("1")),
    ("clz32", "  %r = call i32 @llvm.ctlz.i32(i32 %x, i1 false)", lambda x, y: 32 - x.bit_length()),
    ("cttz32", "  %r = call i32 @llvm.cttz.i32(i32 %x, i1 false)",
     lambda x, y: (x & -x).bit_length() - 1 if x else 32),
    ("brev32", "  %r = call i32 @llvm.bitreverse.i32(i32 %x)", lambda x, y: int(f"{x:032b}"[::-1], 2)),
    ("bswap32", "  %r = call i32 @llvm.bswap.i32(i32 %x)", lambda x, y: int.from_bytes(x.to_bytes(4, "little"), "big")),
    ("fshl32", "  %r = call i32 @llvm.fshl.i32(i32 %x, i32 %y, i32 %y)",
     lambda x, y: (((x << 32) | y) << (y % 32)) >> 32),
    ("fshr32", "  %r = call i32 @llvm.fshr.i32(i32 %x, i32 %y, i32 %y)",
     lambda x, y: (((x << 32) | y) >> (y % 32))),
    ("smin32", "  %r = call i32 @llvm.smin.i32(i32 %x, i32 %y)", lambda x, y: min(s32(x), s32(y))),
    ("umax32", "  %r = call i32 @llvm.umax.i32(i32 %x, i32 %y)", lambda x, y: max(x, y)),
    ("abs32", "  %r = call i32 @llvm.abs.i32(i32 %x, i1 false)", lambda x, y: abs(s32(x))),
    ("sad32", "  %z = xor i32 %x, %y\n  %r = call i32 @llvm.nvvm.sad.i(i32 %x, i32 %y, i32 %z)",
     lambda x, y: abs(s32(x) - s32(y)) + (x ^ y)),
    ("mulhi_s32", "  %xw = sext i32 %x to i64\n  %yw = sext i32 %y to i64\n  %p = mul i64 %xw, %yw\n"
     "  %h = ashr i64 %p, 32\n  %r = trunc i64 %h to i32", lambda x, y: (s32(x) * s32(y)) >> 32),
    ("rem_u32", "  %d = or i32 %y, 1\n  %r = urem i32 %x, %d", lambda x, y: x % (y | 1)),
    ("lshr32", "  %s = and i32 %y, 31\n  %r = lshr i32 %x, %s", lambda x, y: x >> (y & 31)),
]  # fmt: skip

INT_IR = K.elementwise_ops(
    [(n, "i64", "i64", body) for n, body, _ in INT64_OPS]
    + [(n, "i32", "i32", body) for n, body, _ in INT32_OPS]
)


@pytest.mark.parametrize(
    "name,body,ref", INT64_OPS + INT32_OPS, ids=[o[0] for o in INT64_OPS + INT32_OPS]
)
def test_integer_ops_exact(name: str, body: str, ref: Any, rng: np.random.Generator) -> None:
    wide = any(name == o[0] for o in INT64_OPS)
    dt = np.uint64 if wide else np.uint32
    bits = 64 if wide else 32
    x = rng.integers(0, 2**bits - 1, N, dtype=dt, endpoint=True)
    y = rng.integers(0, 2**bits - 1, N, dtype=dt, endpoint=True)
    x[:20] >>= rng.integers(0, bits, 20).astype(dt)  # small values, leading zeros
    x[20:25] = 0
    dev = EmuDevice()
    got = launch(dev, INT_IR, name, [x, y], np.zeros(N, dt), nin=2)
    mask = (1 << bits) - 1
    for k in range(N):
        assert int(got[k]) == ref(int(x[k]), int(y[k])) & mask, (name, int(x[k]), int(y[k]))


# --------------------------------------------------------------------- float compare / min / max

FLOAT_OPS = [
    ("minimum_f32", "  %r = call float @llvm.minimum.f32(float %x, float %y)"),
    ("maxnum_f32", "  %r = call float @llvm.maxnum.f32(float %x, float %y)"),
    ("copysign_f32", "  %r = call float @llvm.copysign.f32(float %x, float %y)"),
    ("fcmp_bits", "\n".join(
        [f"  %c{k} = fcmp {p} float %x, %y\n  %z{k} = zext i1 %c{k} to i32\n  %s{k} = shl i32 %z{k}, {k}"
         for k, p in enumerate(["oeq", "one", "olt", "ole", "ogt", "oge", "ueq", "une", "ult", "ule",
                                "ugt", "uge", "ord", "uno"])]
        + ["  %o0 = or i32 %s0, %s1"] + [f"  %o{k} = or i32 %o{k - 1}, %s{k + 1}" for k in range(1, 13)]
        + ["  %r = bitcast i32 %o12 to float"])),
]  # fmt: skip
FLOAT_IR = K.elementwise_ops([(n, "float", "float", body) for n, body in FLOAT_OPS])


def test_float_min_max_copysign_compare(rng: np.random.Generator) -> None:
    special = np.array([np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 1e-40], np.float32)
    noise = rng.standard_normal((2, 200)).astype(np.float32)
    x = np.concatenate([np.repeat(special, len(special)), noise[0]])
    y = np.concatenate([np.tile(special, len(special)), noise[1]])
    dev = EmuDevice()
    n = len(x)
    got = launch(dev, FLOAT_IR, "minimum_f32", [x, y], np.zeros(n, np.float32), nin=2)
    for a, b, g in zip(x, y, got, strict=True):
        if np.isnan(a) or np.isnan(b):
            assert np.isnan(g)
        elif a == b == 0:
            assert np.signbit(g) == (np.signbit(a) or np.signbit(b))  # -0 < +0
        else:
            assert g == min(a, b)
    got = launch(dev, FLOAT_IR, "maxnum_f32", [x, y], np.zeros(n, np.float32), nin=2)
    assert np.array_equal(got, np.fmax(x, y), equal_nan=True)
    got = launch(dev, FLOAT_IR, "copysign_f32", [x, y], np.zeros(n, np.float32), nin=2)
    assert np.array_equal(got, np.copysign(x, y), equal_nan=True)
    got = launch(dev, FLOAT_IR, "fcmp_bits", [x, y], np.zeros(n, np.float32), nin=2).view(np.uint32)
    with np.errstate(invalid="ignore"):
        un = np.isnan(x) | np.isnan(y)
        preds = [x == y, (x != y) & ~un, x < y, x <= y, x > y, x >= y, (x == y) | un, x != y,
                 (x < y) | un, (x <= y) | un, (x > y) | un, (x >= y) | un, ~un, un]  # fmt: skip
    ref = sum(p.astype(np.uint32) << np.uint32(k) for k, p in enumerate(preds))
    assert np.array_equal(got, ref)


# --------------------------------------------------------------------- packed halves


def _half_bits(v: float, kind: str) -> int:
    if kind == "f16":
        return int(np.array(v, np.float16).view(np.uint16))
    return int(np.array(v, np.float32).view(np.uint32)) >> 16


def _half_value(bits: int, kind: str) -> float:
    if kind == "f16":
        return float(np.array(bits, np.uint16).view(np.float16))
    return float(np.array(bits << 16, np.uint32).view(np.float32))


@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
@pytest.mark.parametrize("ty,kind", [("half", "f16"), ("bfloat", "bf16")])
def test_packed_half2_arithmetic(ty: str, kind: str, arch: str, rng: np.random.Generator) -> None:
    """add/mul/fma/compare on <2 x half> and <2 x bfloat>: f16x2 / bf16x2 instructions."""
    n = 300
    if kind == "f16":
        a = (rng.standard_normal(2 * n) * 8).astype(np.float16).view(np.uint16)
        b = (rng.standard_normal(2 * n) * 8).astype(np.float16).view(np.uint16)
    else:
        f32 = (rng.standard_normal((2, 2 * n)) * 8).astype(np.float32).view(np.uint32)
        a, b = (f32 >> 16).astype(np.uint16)
    dev = EmuDevice()
    mod = dev.load_module(emit_ptx(K.half2(ty), arch))
    assert f"{kind}x2" in mod.ptx
    pa, pb, po = dev.alloc(a.nbytes), dev.alloc(b.nbytes), dev.alloc(8 * a.nbytes)
    dev.copy_to_device(pa, a)
    dev.copy_to_device(pb, b)
    dev.launch(mod, "half2", ((n + 63) // 64, 1, 1), (64, 1, 1), [pa, pb, po, n])
    out = np.zeros(8 * n, np.uint16)
    dev.copy_to_host(out, po)
    out = out.reshape(n, 4, 2)
    for i in range(n):
        for h in range(2):
            x, y = _half_value(int(a[2 * i + h]), kind), _half_value(int(b[2 * i + h]), kind)
            fx, fy = Fraction(x), Fraction(y)
            exp = [round_exact(fx + fy, kind, "rn"), round_exact(fx * fy, kind, "rn"),
                   round_exact(fx * fy + fx, kind, "rn"), x if x < y else y]  # fmt: skip
            got = [int(v) for v in out[i, :, h]]
            want = [_half_bits(v, kind) for v in exp]
            # an exact zero may come out as -0 (x * y + -0.0 for bf16 on sm_80)
            got = [g if _half_value(g, kind) != 0 else 0 for g in got]
            want = [w if _half_value(w, kind) != 0 else 0 for w in want]
            assert got == want, (i, h, x, y)


# --------------------------------------------------------------------- .approx functions

#: (name, intrinsic, reference, input span, bound): the PTX ISA's bound, in ulps of the
#: result (a float) or absolute ("abs", value)
APPROX = [
    ("ex2", "llvm.nvvm.ex2.approx.f", np.exp2, (-100, 100), 2.0),
    ("lg2", "llvm.nvvm.lg2.approx.f", np.log2, (1e-30, 1e30), ("abs", 2.0**-22.6)),
    ("sin", "llvm.nvvm.sin.approx.f", np.sin, (-3.14159, 3.14159), ("abs", 2.0**-20.9)),
    ("cos", "llvm.nvvm.cos.approx.f", np.cos, (-3.14159, 3.14159), ("abs", 2.0**-20.9)),
    ("rsqrt", "llvm.nvvm.rsqrt.approx.f", lambda v: 1 / np.sqrt(v), (1e-30, 1e30), 2.0),
    ("rcp_approx_ftz", "llvm.nvvm.rcp.approx.ftz.f", lambda v: 1 / v, (-1e30, 1e30), 1.0),
]
APPROX_IR = K.elementwise_intrinsics(
    [(f"{n}_k", c, "float", ["float"]) for n, c, _, _, _ in APPROX]
)


@pytest.mark.parametrize("name,callee,ref,span,ulps", APPROX, ids=[a[0] for a in APPROX])
def test_approx_functions_within_documented_error(
    name: str,
    callee: str,
    ref: Any,
    span: tuple[float, float],
    ulps: float,
    rng: np.random.Generator,
) -> None:
    """`.approx` instructions are within the PTX ISA's bounds (ex2/rsqrt 2 ulp, rcp 1 ulp;
    lg2 2^-22.6 and sin, cos 2^-20.9 absolute) and, as on a GPU, not correctly rounded
    everywhere (a tolerance tuned to exact results would not hold on hardware)."""
    lo, hi = span
    if lo > 0:
        x = np.exp(rng.uniform(np.log(lo), np.log(hi), N)).astype(np.float32)
    else:
        x = rng.uniform(lo, hi, N).astype(np.float32)
    got = launch(EmuDevice(), APPROX_IR, f"{name}_k", [x], np.zeros(N, np.float32))
    want = ref(x.astype(np.float64))
    diff = np.abs(got.astype(np.float64) - want)
    if isinstance(ulps, tuple):
        # (the absolute bound, plus the final rounding to float32)
        assert np.max(diff - 0.5 * np.spacing(np.abs(want).astype(np.float32))) <= ulps[1]
    else:
        assert np.max(diff / np.spacing(np.abs(want).astype(np.float32))) <= ulps
    assert np.any(got != want.astype(np.float32))  # not all correctly rounded


# --------------------------------------------------------------------- libdevice breadth

LIBDEVICE_1 = {
    "erf": (math.erf, (-4, 4)), "erfc": (math.erfc, (-4, 4)), "lgamma": (math.lgamma, (0.05, 3.9)),
    "tgamma": (math.gamma, (0.05, 3.9)), "log1p": (math.log1p, (-0.9, 4)),
    "expm1": (math.expm1, (-4, 4)), "atan": (math.atan, (-4, 4)), "asin": (math.asin, (-0.99, 0.99)),
    "acos": (math.acos, (-0.99, 0.99)), "sinh": (math.sinh, (-4, 4)), "cosh": (math.cosh, (-4, 4)),
    "cbrt": (lambda v: math.copysign(abs(v) ** (1 / 3), v), (-4, 4)), "log10": (math.log10, (0.05, 4)),
    "tan": (math.tan, (-4, 4)), "atanh": (math.atanh, (-0.99, 0.99)), "asinh": (math.asinh, (-4, 4)),
    "acosh": (math.acosh, (1.05, 4.9)), "floor": (math.floor, (-4, 4)), "exp10": (lambda v: 10.0**v, (-4, 4)),
}  # fmt: skip
LIBDEVICE_2 = {"pow": (math.pow, (0.05, 3.9)), "atan2": (math.atan2, (-4, 4)), "fmod": (math.fmod, (-4, 4)),
               "hypot": (math.hypot, (-4, 4)), "remainder": (math.remainder, (-4, 4))}  # fmt: skip
#: documented max ulp errors of libdevice (CUDA math API) where they exceed 4
LIBDEVICE_ULPS = {"tgamma_d": 10.0, "erfc_f": 5.0, "erfc_d": 5.0, "lgamma_f": 6.0}
LIBDEVICE_IR = K.elementwise_intrinsics(
    [(f"{nm}_{s}", f"__nv_{nm}{'f' if s == 'f' else ''}", t, [t] * k)
     for lib, k in ((LIBDEVICE_1, 1), (LIBDEVICE_2, 2)) for nm in lib
     for s, t in (("f", "float"), ("d", "double"))]  # fmt: skip
)


def test_libdevice_breadth(rng: np.random.Generator) -> None:
    """24 more libdevice functions in f32 and f64 run (every opcode form they inline is
    supported) and agree with Python's math module within the documented ulp bounds."""
    n = 200
    dev = EmuDevice()
    for table, k in ((LIBDEVICE_1, 1), (LIBDEVICE_2, 2)):
        for nm, (f, (lo, hi)) in table.items():
            for s, dt in (("f", np.float32), ("d", np.float64)):
                ins = [rng.uniform(lo, hi, n).astype(dt) for _ in range(k)]
                got = launch(dev, LIBDEVICE_IR, f"{nm}_{s}", ins, np.zeros(n, dt))
                got = got.astype(np.float64)
                ref = np.array([f(*(float(x[j]) for x in ins)) for j in range(n)])
                if nm == "lgamma" and s == "d":  # relative error is unbounded at the roots 1, 2
                    assert np.max(np.abs(got - ref)) <= 4e-15
                    continue
                ulp = np.spacing(np.abs(ref).astype(dt)).astype(np.float64)
                err = np.max(np.abs(got - ref) / ulp)
                assert err <= LIBDEVICE_ULPS.get(f"{nm}_{s}", 4.0), (nm, s, err)
