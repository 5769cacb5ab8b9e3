"""Decoders of the arithmetic, logic, comparison and conversion instructions.

Integers: exact wrap-around in the instruction's width (NumPy fixed-width arithmetic),
`.hi/.lo/.wide`, carry chains through the per-thread CC.CF flag (`add.cc`, `addc`,
`sub.cc` / `subc` with borrow, `mad.lo.cc`, `madc`), truncating signed division.
Floats: see `fpu` -- `.rn` is NumPy's IEEE arithmetic, `fma` is correctly rounded,
directed modes are exact, `.ftz` flushes subnormal inputs and results, `.sat` clamps to
[0, 1], `.approx` operations carry an error (`_APPROX_BOUND`: up to half an ulp before
rounding for ex2/lg2/rsqrt/rcp/sqrt, 2^-22 absolute for sin/cos, 2^-11 relative for
tanh), within the PTX ISA's bounds, a deterministic function of the input bits
(`_approx_error`): results are not the correctly rounded ones, as on a GPU; exact cases
stay exact (ex2 of an integer, rcp/rsqrt/sqrt of a power of two).  Comparisons
distinguish ordered (`lt`) from unordered (`ltu`) and signed from unsigned (`lt.s32` vs
`lo`/`lt.u32`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from arignote.runtime.ptxemu import fpu
from arignote.runtime.ptxemu.decode import (
    FLOATS,
    NP,
    SIGNED,
    SINT,
    UINT,
    Decoder,
    Op,
    Reader,
    decoder,
    type_of,
)
from arignote.runtime.ptxemu.executor import K_OP, Ctx, Lanes
from arignote.runtime.ptxemu.parser import TYPE_BYTES, TYPES, Function, Imm, Instr, Reg

f64 = np.float64
ROUND = ("rn", "rz", "rm", "rp")
IROUND = ("rni", "rzi", "rmi", "rpi")
INTS = {"b8", "b16", "b32", "b64", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64"}


def _mods(dec: Decoder, ins: Instr, allowed: set[str]) -> set[str]:
    out = set()
    for m in ins.mods:
        if m in TYPES:
            continue
        if m not in allowed:
            raise dec.err(ins, f"unsupported modifier .{m} of '{ins.mnemonic}'")
        out.add(m)
    return out


def _mode(mods: set[str], default: str = "rn") -> str:
    for m in ROUND:
        if m in mods:
            return m
    return default


def _fread(dec: Decoder, fn: Function, op: Any, t: str, ins: Instr) -> Reader:
    """Reader of a float operand: f16/f32/f64 as themselves, bf16 widened to float32."""
    if t == "bf16":
        if isinstance(op, Imm):
            r = dec.reader(fn, op, "b16", ins)
        else:
            r = dec.reader(fn, op, "bf16", ins)
        return lambda c, L: fpu.bf16_bits_to_f32(r(c, L))
    return dec.reader(fn, op, t, ins)


def _as_f64(x: Any) -> np.ndarray:
    return np.asarray(x, f64)


def _finish(t: str, r: Any, ftz: bool, sat: bool) -> Any:
    """Apply .ftz/.sat to a result already rounded to t (bf16 given as uint16 bits)."""
    if not (ftz or sat):
        return r
    if t == "bf16":
        v = fpu.bf16_bits_to_f32(r)
        if ftz:
            v = fpu.ftz(v, "f32")
        if sat:
            v = fpu.saturate(v)
        return fpu.f32_to_bf16_bits(v)
    if ftz:
        r = fpu.ftz(r, t)
    if sat:
        r = fpu.saturate(np.asarray(r))
    return r


def _flush_in(t: str, x: Any, ftz: bool) -> Any:
    if ftz and t in ("f32", "f64", "f16"):
        return fpu.ftz(np.asarray(x), t)
    if ftz and t == "bf16":
        return fpu.ftz(np.asarray(x), "f32")
    return x


def _round_to(t: str, x64: Any, mode: str = "rn") -> Any:
    """Round float64 values to t (bf16 -> bits)."""
    if t == "f64":
        return np.asarray(x64, f64)
    return fpu.round_f64_to(x64, t, mode)


def _op(dec: Decoder, ins: Instr, fn: Function, f: Callable[[Ctx, Lanes], None]) -> Op:
    return dec.op(K_OP, ins, fn, f)


# ====================================================================== float binary


def _float_arith(opname: str, t: str, mode: str) -> Callable[[Any, Any], Any]:
    if t == "f64":
        return {
            "add": lambda x, y: fpu.add64(x, y, mode),
            "sub": lambda x, y: fpu.add64(x, -y, mode),
            "mul": lambda x, y: fpu.mul64(x, y, mode),
            "div": lambda x, y: fpu.div64(x, y, mode),
        }[opname]
    if t == "f32" and mode == "rn":
        return {
            "add": lambda x, y: np.add(x, y, dtype=np.float32),
            "sub": lambda x, y: np.subtract(x, y, dtype=np.float32),
            "mul": lambda x, y: np.multiply(x, y, dtype=np.float32),
            "div": lambda x, y: np.divide(x, y, dtype=np.float32),
        }[opname]
    if opname == "sub":
        return lambda x, y: fpu.narrow_binop("add", _as_f64(x), -_as_f64(y), t, mode)
    return lambda x, y: fpu.narrow_binop(opname, _as_f64(x), _as_f64(y), t, mode)


def _float_binop(dec: Decoder, ins: Instr, fn: Function, opname: str, t: str) -> Op:
    mods = _mods(dec, ins, {"rn", "rz", "rm", "rp", "ftz", "sat", "approx", "full"})
    dec.nops(ins, 3)
    mode = _mode(mods)
    ftz, sat = "ftz" in mods, "sat" in mods
    d, a, b = ins.operands
    ra, rb = _fread(dec, fn, a, t, ins), _fread(dec, fn, b, t, ins)
    wd = dec.writer(fn, d, t, ins)
    comp = _float_arith(opname, t, mode)
    if opname == "div" and t == "f32" and ("approx" in mods or "full" in mods):

        def comp(x: Any, y: Any) -> Any:  # 2 ulp (div.approx: for |y| in range)
            x64, y64 = _as_f64(x), _as_f64(y)
            key = x64.view(np.uint64) ^ (y64.view(np.uint64) >> np.uint64(1))
            return _round_to(t, _approx_error("div", t, key.view(np.float64), x64 / y64))

    def f(c: Ctx, L: Lanes) -> None:
        x = _flush_in(t, ra(c, L), ftz)
        y = _flush_in(t, rb(c, L), ftz)
        wd(c, L, _finish(t, comp(x, y), ftz, sat))

    return _op(dec, ins, fn, f)


def _minmax_float(kind: str, x: Any, y: Any, nan_prop: bool) -> Any:
    x, y = np.asarray(x), np.asarray(y)
    if kind == "min":
        r = np.where(x < y, x, y)
        r = np.where(x == y, np.where(np.signbit(x), x, y), r)  # -0 < +0
    else:
        r = np.where(x > y, x, y)
        r = np.where(x == y, np.where(np.signbit(x), y, x), r)
    xn, yn = np.isnan(x), np.isnan(y)
    if nan_prop:
        r = np.where(xn | yn, np.array(np.nan, r.dtype), r)
    else:
        r = np.where(xn, y, np.where(yn, x, r))
    return r


# ====================================================================== packed f16x2 / bf16x2

PACKED = {"f16x2": "f16", "bf16x2": "bf16", "f32x2": "f32"}


def _unpack(v: Any, kind: str) -> tuple[Any, Any]:
    if kind == "f32":
        v = np.asarray(v, np.uint64)
        lo = (v & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        return lo.view(np.float32), (v >> np.uint64(32)).astype(np.uint32).view(np.float32)
    v = np.asarray(v, np.uint32)
    lo = (v & np.uint32(0xFFFF)).astype(np.uint16)
    hi = (v >> np.uint32(16)).astype(np.uint16)
    if kind == "f16":
        return lo.view(np.float16), hi.view(np.float16)
    return fpu.bf16_bits_to_f32(lo), fpu.bf16_bits_to_f32(hi)


def _pack(lo: Any, hi: Any, kind: str) -> np.ndarray:
    if kind == "f32":
        def b32(x: Any) -> np.ndarray:
            return np.asarray(x, np.float32).view(np.uint32).astype(np.uint64)

        return (b32(hi) << np.uint64(32)) | b32(lo)

    def bits(x: Any) -> np.ndarray:
        if kind == "f16":
            return np.asarray(x, np.float16).view(np.uint16).astype(np.uint32)
        return np.asarray(x, np.uint16).astype(np.uint32)

    return (bits(hi) << np.uint32(16)) | bits(lo)


def _packed(dec: Decoder, ins: Instr, fn: Function, t: str) -> Op:
    """Packed half-precision ops: the scalar operation applied to both 16-bit halves."""
    kind = PACKED[t]
    raw = "b64" if kind == "f32" else "b32"
    name = ins.mnemonic
    if name == "setp":
        cmp, boolop, ftz, _ = _cmp_parts(dec, ins)
        dec.nops(ins, 4 if boolop else 3)
        d = ins.operands[0]
        if not isinstance(d, Reg) or not d.pair:
            raise dec.err(ins, f"setp.{t} writes a predicate pair p|q")
        ra, rb = (dec.reader(fn, o, raw, ins) for o in ins.operands[1:3])
        rc = dec.reader(fn, ins.operands[3], "pred", ins) if boolop else None
        wp = dec.writer(fn, Reg(d.name), "pred", ins)
        wq = dec.writer(fn, Reg(d.pair), "pred", ins)

        def fs(c: Ctx, L: Lanes) -> None:
            (xl, xh), (yl, yh) = _unpack(ra(c, L), kind), _unpack(rb(c, L), kind)
            rl = _compare(cmp, kind, _flush_in(kind, xl, ftz), _flush_in(kind, yl, ftz))
            rh = _compare(cmp, kind, _flush_in(kind, xh, ftz), _flush_in(kind, yh, ftz))
            if boolop:
                cv = rc(c, L)  # type: ignore[misc]
                rl, rh = _BOOL[boolop](rl, cv), _BOOL[boolop](rh, cv)
            wp(c, L, rl)
            wq(c, L, rh)

        return _op(dec, ins, fn, fs)
    mods = _mods(dec, ins, {"rn", "rz", "rm", "rp", "ftz", "sat", "relu", "NaN", "approx"})
    mode = _mode(mods)
    ftz, sat, relu, nanp = "ftz" in mods, "sat" in mods, "relu" in mods, "NaN" in mods
    nin = {"add": 2, "sub": 2, "mul": 2, "fma": 3, "mad": 3, "min": 2, "max": 2,
           "neg": 1, "abs": 1, "ex2": 1, "tanh": 1}.get(name)  # fmt: skip
    if nin is None:
        raise dec.err(ins, f"'{ins.opcode}' is not supported")
    dec.nops(ins, nin + 1)
    rs = [dec.reader(fn, o, raw, ins) for o in ins.operands[1:]]
    wd = dec.writer(fn, ins.operands[0], raw, ins)

    def one(*xs: Any) -> Any:
        xs = tuple(_flush_in(kind, x, ftz) for x in xs)
        if name in ("add", "sub", "mul"):
            r = _float_arith(name, kind, mode)(*xs)
        elif name in ("fma", "mad"):
            r = fpu.narrow_fma(_as_f64(xs[0]), _as_f64(xs[1]), _as_f64(xs[2]), kind, mode)
        elif name in ("min", "max"):
            r = _minmax_float(name, xs[0], xs[1], nanp)
            r = fpu.f32_to_bf16_bits(r) if kind == "bf16" else r
        elif name in ("neg", "abs"):
            r = (np.negative if name == "neg" else np.abs)(xs[0])
            r = fpu.f32_to_bf16_bits(r) if kind == "bf16" else r
        else:
            x64 = _as_f64(xs[0])
            r = _round_to(kind, _approx_error(name, kind, x64, _APPROX_FUNCS[name](x64)))
        if relu:
            v = r if kind != "bf16" else fpu.bf16_bits_to_f32(r)
            v = np.where(np.isnan(v), v, np.maximum(v, 0)).astype(np.asarray(v).dtype)
            r = v if kind != "bf16" else fpu.f32_to_bf16_bits(v)
        return _finish(kind, r, ftz, sat)

    def fp(c: Ctx, L: Lanes) -> None:
        halves = [_unpack(r(c, L), kind) for r in rs]
        lo = one(*(h[0] for h in halves))
        hi = one(*(h[1] for h in halves))
        wd(c, L, _pack(lo, hi, kind))

    return _op(dec, ins, fn, fp)


# ====================================================================== add / sub / mul / div


def _int_type(dec: Decoder, ins: Instr, t: str) -> None:
    if t not in INTS:
        raise dec.err(ins, f"'{ins.mnemonic}' of type .{t} is not supported")


def _carry_add(
    a: np.ndarray, b: np.ndarray, cin: Any, w: int
) -> tuple[np.ndarray, np.ndarray]:
    """(a + b + cin) mod 2^(8w) and the carry out, for unsigned raw arrays."""
    ut = UINT[w]
    if w <= 4:
        s = a.astype(np.uint64) + b.astype(np.uint64) + np.asarray(cin, np.uint64)
        return s.astype(ut), (s >> np.uint64(8 * w)).astype(np.uint8)
    s1 = (a + b).astype(ut)
    c1 = s1 < a
    s2 = (s1 + np.asarray(cin, ut)).astype(ut)
    c2 = s2 < s1
    return s2, (c1 | c2).astype(np.uint8)


def _borrow_sub(
    a: np.ndarray, b: np.ndarray, bin_: Any, w: int
) -> tuple[np.ndarray, np.ndarray]:
    """(a - b - bin) mod 2^(8w) and the borrow out."""
    ut = UINT[w]
    a = np.asarray(a, ut)
    b = np.asarray(b, ut)
    bi = np.asarray(bin_, ut)
    d = (a - b - bi).astype(ut)
    if w <= 4:
        borrow = a.astype(np.int64) - b.astype(np.int64) - bi.astype(np.int64) < 0
    else:
        borrow = (a < b) | ((a == b) & (bi != 0))
    return d, np.asarray(borrow, np.uint8)


@decoder("add", "sub", "addc", "subc")
def _addsub(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    base = ins.mnemonic.rstrip("c") if ins.mnemonic in ("addc", "subc") else ins.mnemonic
    if t in PACKED:
        return _packed(dec, ins, fn, t)
    if t in FLOATS:
        if ins.mnemonic in ("addc", "subc"):
            raise dec.err(ins, f"'{ins.mnemonic}' of type .{t}")
        return _float_binop(dec, ins, fn, base, t)
    _int_type(dec, ins, t)
    mods = _mods(dec, ins, {"cc", "sat"})
    dec.nops(ins, 3)
    d, a, b = ins.operands
    w = TYPE_BYTES[t]
    ut = UINT[w]
    cc = dec.cc_slot
    carry_in = ins.mnemonic in ("addc", "subc")
    carry_out = "cc" in mods
    if carry_in or carry_out:
        ra, rb = dec.reader(fn, a, f"b{8 * w}", ins), dec.reader(fn, b, f"b{8 * w}", ins)
        wd = dec.writer(fn, d, f"b{8 * w}", ins)

        def fc(c: Ctx, L: Lanes) -> None:
            x, y = np.asarray(ra(c, L), ut), np.asarray(rb(c, L), ut)
            cin = c.R[cc][L] if carry_in else np.uint8(0)
            if base == "add":
                r, cout = _carry_add(x, y, cin, w)
            else:
                r, cout = _borrow_sub(x, y, cin, w)
            wd(c, L, r)
            if carry_out:
                c.R[cc][L] = cout

        return _op(dec, ins, fn, fc)
    ra, rb = dec.reader(fn, a, t, ins), dec.reader(fn, b, t, ins)
    wd = dec.writer(fn, d, t, ins)
    dt = NP[t]
    if "sat" in mods:
        if t != "s32":
            raise dec.err(ins, ".sat applies to .s32 only")
        sign = 1 if base == "add" else -1

        def fs(c: Ctx, L: Lanes) -> None:
            r = np.asarray(ra(c, L), np.int64) + sign * np.asarray(rb(c, L), np.int64)
            wd(c, L, np.clip(r, -(2**31), 2**31 - 1).astype(np.int32))

        return _op(dec, ins, fn, fs)
    if base == "add":
        return _op(dec, ins, fn, lambda c, L: wd(c, L, np.add(ra(c, L), rb(c, L), dtype=dt)))
    return _op(dec, ins, fn, lambda c, L: wd(c, L, np.subtract(ra(c, L), rb(c, L), dtype=dt)))


def mulhi_u64(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = np.asarray(a, np.uint64)
    b = np.asarray(b, np.uint64)
    m = np.uint64(0xFFFFFFFF)
    s32 = np.uint64(32)
    al, ah, bl, bh = a & m, a >> s32, b & m, b >> s32
    ll, hl, lh, hh = al * bl, ah * bl, al * bh, ah * bh
    cross = (ll >> s32) + (hl & m) + lh
    return hh + (hl >> s32) + (cross >> s32)


def mulhi_s64(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ua, ub = np.asarray(a, np.int64).view(np.uint64), np.asarray(b, np.int64).view(np.uint64)
    h = mulhi_u64(ua, ub)
    zero = np.uint64(0)
    h = h - np.where(np.asarray(a) < 0, ub, zero) - np.where(np.asarray(b) < 0, ua, zero)
    return h.view(np.int64)


def _mul_part(part: str, t: str, x: Any, y: Any) -> Any:
    """lo/hi/wide product of two values of integer type t."""
    w = TYPE_BYTES[t]
    dt = NP[t]
    signed = t in SIGNED
    if part == "lo":
        return np.multiply(x, y, dtype=dt)
    if part == "wide":
        wt = (SINT if signed else UINT)[2 * w]
        return np.multiply(np.asarray(x).astype(wt), np.asarray(y).astype(wt), dtype=wt)
    if w <= 4:
        wt = np.int64 if signed else np.uint64
        p = np.asarray(x).astype(wt) * np.asarray(y).astype(wt)
        return (p >> wt(8 * w)).astype(dt)
    return mulhi_s64(x, y) if signed else mulhi_u64(x, y)


@decoder("mul")
def _mul(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    if t in PACKED:
        return _packed(dec, ins, fn, t)
    if t in FLOATS:
        return _float_binop(dec, ins, fn, "mul", t)
    _int_type(dec, ins, t)
    mods = _mods(dec, ins, {"lo", "hi", "wide"})
    part = next((m for m in ("lo", "hi", "wide") if m in mods), "lo")
    dec.nops(ins, 3)
    d, a, b = ins.operands
    ra, rb = dec.reader(fn, a, t, ins), dec.reader(fn, b, t, ins)
    if part == "wide":
        if TYPE_BYTES[t] > 4:
            raise dec.err(ins, "mul.wide of a 64-bit type")
        dtw = ("s" if t in SIGNED else "u") + str(16 * TYPE_BYTES[t])
    else:
        dtw = t
    wd = dec.writer(fn, d, dtw, ins)
    return _op(dec, ins, fn, lambda c, L: wd(c, L, _mul_part(part, t, ra(c, L), rb(c, L))))


@decoder("mad", "madc", "fma")
def _mad(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    if t in PACKED:
        return _packed(dec, ins, fn, t)
    dec.nops(ins, 4)
    d, a, b, cop = ins.operands
    if t in FLOATS:
        mods = _mods(dec, ins, {"rn", "rz", "rm", "rp", "ftz", "sat", "relu"})
        mode = _mode(mods)
        ftz, sat, relu = "ftz" in mods, "sat" in mods, "relu" in mods
        ra, rb, rc = (_fread(dec, fn, o, t, ins) for o in (a, b, cop))
        wd = dec.writer(fn, d, t, ins)

        def ff(c: Ctx, L: Lanes) -> None:
            x, y, z = (_flush_in(t, r(c, L), ftz) for r in (ra, rb, rc))
            if t == "f64":
                r = fpu.fma64(x, y, z, mode)
            else:
                r = fpu.narrow_fma(_as_f64(x), _as_f64(y), _as_f64(z), t, mode)
            if relu:
                v = r if t != "bf16" else fpu.bf16_bits_to_f32(r)
                v = np.where(np.isnan(v), v, np.maximum(v, 0)).astype(np.asarray(v).dtype)
                r = v if t != "bf16" else fpu.f32_to_bf16_bits(v)
            wd(c, L, _finish(t, r, ftz, sat))

        return _op(dec, ins, fn, ff)
    if ins.mnemonic == "fma":
        raise dec.err(ins, f"fma of type .{t}")
    _int_type(dec, ins, t)
    mods = _mods(dec, ins, {"lo", "hi", "wide", "cc", "sat"})
    part = next((m for m in ("lo", "hi", "wide") if m in mods), "lo")
    w = TYPE_BYTES[t]
    ra, rb = dec.reader(fn, a, t, ins), dec.reader(fn, b, t, ins)
    if part == "wide":
        if w > 4:
            raise dec.err(ins, "mad.wide of a 64-bit type")
        tw = ("s" if t in SIGNED else "u") + str(16 * w)
    else:
        tw = t
    carry_in = ins.mnemonic == "madc"
    carry_out = "cc" in mods
    cc = dec.cc_slot
    if carry_in or carry_out or "sat" in mods:
        if "sat" in mods and not (part == "hi" and t == "s32"):
            raise dec.err(ins, ".sat applies to mad.hi.s32 only")
        ww = TYPE_BYTES[tw]
        bt = f"b{8 * ww}"
        rcb = dec.reader(fn, cop, bt, ins)
        wdb = dec.writer(fn, d, bt, ins)
        ut = UINT[ww]
        sat = "sat" in mods

        def fc(c: Ctx, L: Lanes) -> None:
            p = np.asarray(_mul_part(part, t, ra(c, L), rb(c, L)))
            if sat:
                full = np.asarray(ra(c, L), np.int64) * np.asarray(rb(c, L), np.int64)
                s = (full >> 32) + np.asarray(rcb(c, L), np.uint32).view(np.int32).astype(np.int64)
                wdb(c, L, np.clip(s, -(2**31), 2**31 - 1).astype(np.int32).view(np.uint32))
                return
            cin = c.R[cc][L] if carry_in else np.uint8(0)
            r, cout = _carry_add(p.view(ut), np.asarray(rcb(c, L), ut), cin, ww)
            wdb(c, L, r)
            if carry_out:
                c.R[cc][L] = cout

        return _op(dec, ins, fn, fc)
    rc = dec.reader(fn, cop, tw, ins)
    wd = dec.writer(fn, d, tw, ins)
    dtw = NP[tw]
    return _op(
        dec, ins, fn,
        lambda c, L: wd(c, L, np.add(_mul_part(part, t, ra(c, L), rb(c, L)), rc(c, L), dtype=dtw)),
    )  # fmt: skip


def int_divmod(a: Any, b: Any, t: str) -> tuple[np.ndarray, np.ndarray]:
    """Truncating division and remainder; x / 0 gives an all-ones quotient and remainder x."""
    dt = NP[t]
    w = TYPE_BYTES[t]
    ut = UINT[w]
    a = np.asarray(a, dt)
    b = np.asarray(b, dt)
    zero = b == 0
    if t in SIGNED:
        ua = np.where(a < 0, (~a.view(ut) + ut(1)).astype(ut), a.view(ut)).astype(ut)
        ub = np.where(b < 0, (~b.view(ut) + ut(1)).astype(ut), b.view(ut)).astype(ut)
        ubs = np.where(zero, ut(1), ub)
        uq = ua // ubs
        ur = ua % ubs
        neg_q = (a < 0) ^ (b < 0)
        q = np.where(neg_q, (~uq + ut(1)).astype(ut), uq).astype(ut).view(dt)
        r = np.where(a < 0, (~ur + ut(1)).astype(ut), ur).astype(ut).view(dt)
    else:
        bs = np.where(zero, dt(1), b)
        q = (a // bs).astype(dt)
        r = (a % bs).astype(dt)
    all_ones = np.array(-1).astype(dt) if t in SIGNED else np.array(~ut(0), dt)
    q = np.where(zero, all_ones, q).astype(dt)
    r = np.where(zero, a, r).astype(dt)
    return q, r


@decoder("div", "rem")
def _div(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    if t in FLOATS and ins.mnemonic == "div":
        return _float_binop(dec, ins, fn, "div", t)
    _int_type(dec, ins, t)
    _mods(dec, ins, set())
    dec.nops(ins, 3)
    d, a, b = ins.operands
    ra, rb = dec.reader(fn, a, t, ins), dec.reader(fn, b, t, ins)
    wd = dec.writer(fn, d, t, ins)
    k = 0 if ins.mnemonic == "div" else 1
    return _op(dec, ins, fn, lambda c, L: wd(c, L, int_divmod(ra(c, L), rb(c, L), t)[k]))


# ====================================================================== min / max / abs / neg


@decoder("min", "max")
def _minmax(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    if t in PACKED:
        return _packed(dec, ins, fn, t)
    dec.nops(ins, 3)
    d, a, b = ins.operands
    kind = ins.mnemonic
    if t in FLOATS:
        mods = _mods(dec, ins, {"ftz", "NaN", "xorsign", "abs"})
        ftz, nanp = "ftz" in mods, "NaN" in mods
        xorsign = "xorsign" in mods
        if xorsign != ("abs" in mods):
            raise dec.err(ins, ".xorsign and .abs go together")
        ra, rb = _fread(dec, fn, a, t, ins), _fread(dec, fn, b, t, ins)
        wd = dec.writer(fn, d, t, ins)

        def ff(c: Ctx, L: Lanes) -> None:
            x = _flush_in(t, ra(c, L), ftz)
            y = _flush_in(t, rb(c, L), ftz)
            if xorsign:
                neg = np.signbit(x) ^ np.signbit(y)
                r = _minmax_float(kind, np.abs(x), np.abs(y), nanp)
                r = np.where(neg, -r, r)
            else:
                r = _minmax_float(kind, x, y, nanp)
            if t == "bf16":
                r = fpu.f32_to_bf16_bits(r)
            wd(c, L, r)

        return _op(dec, ins, fn, ff)
    _int_type(dec, ins, t)
    mods = _mods(dec, ins, {"relu"})
    ra, rb = dec.reader(fn, a, t, ins), dec.reader(fn, b, t, ins)
    wd = dec.writer(fn, d, t, ins)
    uf = np.minimum if kind == "min" else np.maximum
    dt = NP[t]
    if "relu" in mods:
        return _op(dec, ins, fn, lambda c, L: wd(c, L, np.maximum(uf(ra(c, L), rb(c, L)), dt(0))))
    return _op(dec, ins, fn, lambda c, L: wd(c, L, uf(ra(c, L), rb(c, L))))


@decoder("abs", "neg")
def _absneg(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    if t in PACKED:
        return _packed(dec, ins, fn, t)
    dec.nops(ins, 2)
    d, a = ins.operands
    kind = ins.mnemonic
    if t in FLOATS:
        mods = _mods(dec, ins, {"ftz"})
        ftz = "ftz" in mods
        if t == "bf16":
            r16 = dec.reader(fn, a, "bf16", ins)
            w16 = dec.writer(fn, d, "bf16", ins)
            m = np.uint16(0x7FFF if kind == "abs" else 0x8000)
            if kind == "abs":
                return _op(dec, ins, fn, lambda c, L: w16(c, L, np.asarray(r16(c, L)) & m))
            return _op(dec, ins, fn, lambda c, L: w16(c, L, np.asarray(r16(c, L)) ^ m))
        ra = dec.reader(fn, a, t, ins)
        wd = dec.writer(fn, d, t, ins)
        uf = np.abs if kind == "abs" else np.negative

        def ff(c: Ctx, L: Lanes) -> None:
            x = _flush_in(t, ra(c, L), ftz)
            wd(c, L, uf(x))

        return _op(dec, ins, fn, ff)
    _int_type(dec, ins, t)
    _mods(dec, ins, set())
    ra = dec.reader(fn, a, t, ins)
    wd = dec.writer(fn, d, t, ins)
    uf = np.abs if kind == "abs" else np.negative
    dt = NP[t]
    return _op(dec, ins, fn, lambda c, L: wd(c, L, uf(np.asarray(ra(c, L), dt))))


@decoder("sad")
def _sad(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    _int_type(dec, ins, t)
    _mods(dec, ins, set())
    dec.nops(ins, 4)
    d, a, b, cop = ins.operands
    ra, rb, rc = (dec.reader(fn, o, t, ins) for o in (a, b, cop))
    wd = dec.writer(fn, d, t, ins)
    dt = NP[t]
    ut = UINT[TYPE_BYTES[t]]

    def ff(c: Ctx, L: Lanes) -> None:
        x, y = np.asarray(ra(c, L), dt), np.asarray(rb(c, L), dt)
        diff = np.where(x >= y, x.view(ut) - y.view(ut), y.view(ut) - x.view(ut)).astype(ut)
        wd(c, L, (diff + np.asarray(rc(c, L), dt).view(ut)).astype(ut).view(dt))

    return _op(dec, ins, fn, ff)


# ====================================================================== float unary


_APPROX_FUNCS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "ex2": np.exp2,
    "lg2": np.log2,
    "sin": np.sin,
    "cos": np.cos,
    "tanh": np.tanh,
    "rsqrt": lambda x: 1.0 / np.sqrt(x),
}


#: (relative, absolute) errors given to the .approx instructions on f32: within the PTX
#: ISA's bounds (ex2, rsqrt 2 ulp; rcp 1 ulp; lg2 2^-22.6 absolute; sin, cos 2^-20.9
#: absolute; tanh 2^-11 relative; div.full 2 ulp) and such that libdevice's functions
#: built on them stay within CUDA's documented ulp bounds (expf 2, logf 1, sinf 2);
#: f16 / bf16 results get 2^-10 relative
_APPROX_BOUND: dict[str, tuple[float, float]] = {
    "ex2": (2.0**-24, 0.0),
    "lg2": (0.0, 2.0**-24),
    "sin": (0.0, 2.0**-22),
    "cos": (0.0, 2.0**-22),
    "tanh": (2.0**-11, 0.0),
    "rsqrt": (2.0**-24, 0.0),
    "rcp": (2.0**-25, 0.0),
    "sqrt": (2.0**-24, 0.0),
    "div": (2.0**-23, 0.0),
}


def _approx_error(name: str, t: str, x64: Any, r64: Any) -> Any:
    """`r64` (the exact result of .approx `name` on `x64`, float64) moved by an error
    within the instruction's bound: a fraction in [-1, 1) of it hashed from the input's
    bits (the same input always gives the same result, as on hardware)."""
    if t == "f64":
        return r64
    x = np.asarray(x64, np.float64)
    r = np.asarray(r64, np.float64)
    rel, ab = _APPROX_BOUND[name]
    if t != "f32":
        rel, ab = 2.0**-10, 0.0
    h = x.view(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    u = (h >> np.uint64(11)).astype(np.float64) * 2.0**-52 - 1.0
    if name == "ex2":
        u = np.where(x == np.floor(x), 0.0, u)
    elif name in ("rcp", "rsqrt", "sqrt"):
        u = np.where((x.view(np.uint64) & np.uint64((1 << 52) - 1)) == 0, 0.0, u)
    err = u * (rel * np.abs(r) + ab)
    return np.where(np.isfinite(r), r + err, r)


@decoder("rcp", "sqrt", "rsqrt", "ex2", "lg2", "sin", "cos", "tanh")
def _funary(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    if t in PACKED:
        return _packed(dec, ins, fn, t)
    if t not in FLOATS:
        raise dec.err(ins, f"'{ins.mnemonic}' of type .{t}")
    mods = _mods(dec, ins, {"rn", "rz", "rm", "rp", "ftz", "approx", "full"})
    dec.nops(ins, 2)
    d, a = ins.operands
    ftz = "ftz" in mods
    mode = _mode(mods)
    approx = "approx" in mods
    name = ins.mnemonic
    if name in ("ex2", "lg2", "sin", "cos", "tanh", "rsqrt") and not approx:
        raise dec.err(ins, f"'{name}' requires .approx")
    ra = _fread(dec, fn, a, t, ins)
    wd = dec.writer(fn, d, t, ins)

    def ff(c: Ctx, L: Lanes) -> None:
        x = _flush_in(t, ra(c, L), ftz)
        x64 = _as_f64(x)
        if name in _APPROX_FUNCS:
            r = _round_to(t, _approx_error(name, t, x64, _APPROX_FUNCS[name](x64)))
        elif approx and t != "f64":  # sqrt.approx, rcp.approx
            exact = np.sqrt(x64) if name == "sqrt" else 1.0 / x64
            r = _round_to(t, _approx_error(name, t, x64, exact))
        elif name == "sqrt":
            if t == "f64":
                r = fpu.sqrt64(x64, mode if not approx else "rn")
            elif t == "f32" and mode == "rn":
                r = np.sqrt(np.asarray(x, np.float32))
            else:
                r = fpu.narrow_sqrt(x64, t, mode if not approx else "rn")
        else:  # rcp
            one = np.ones_like(x64)
            if t == "f64":
                r = fpu.div64(one, x64, mode if not approx else "rn")
            elif t == "f32" and mode == "rn":
                r = np.divide(np.float32(1), np.asarray(x, np.float32), dtype=np.float32)
            else:
                r = fpu.narrow_binop("div", one, x64, t, mode)
        wd(c, L, _finish(t, r, ftz, False))

    return _op(dec, ins, fn, ff)


@decoder("copysign")
def _copysign(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    _mods(dec, ins, set())
    dec.nops(ins, 3)
    d, a, b = ins.operands
    ra, rb = dec.reader(fn, a, t, ins), dec.reader(fn, b, t, ins)
    wd = dec.writer(fn, d, t, ins)
    # d = |b| with the sign of a
    return _op(dec, ins, fn, lambda c, L: wd(c, L, np.copysign(rb(c, L), ra(c, L))))


@decoder("testp")
def _testp(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    kinds = {"finite", "infinite", "number", "notanumber", "normal", "subnormal"}
    mods = _mods(dec, ins, kinds)
    if len(mods) != 1 or t not in ("f32", "f64"):
        raise dec.err(ins, "unsupported testp form")
    (k,) = mods
    dec.nops(ins, 2)
    ra = dec.reader(fn, ins.operands[1], t, ins)
    wd = dec.writer(fn, ins.operands[0], "pred", ins)
    tiny = fpu.MIN_NORMAL[t]

    def ff(c: Ctx, L: Lanes) -> None:
        x = np.asarray(ra(c, L))
        r = {
            "finite": lambda: np.isfinite(x),
            "infinite": lambda: np.isinf(x),
            "number": lambda: ~np.isnan(x),
            "notanumber": lambda: np.isnan(x),
            "normal": lambda: np.isfinite(x) & (np.abs(x) >= tiny),
            "subnormal": lambda: (np.abs(x) < tiny) & (x != 0),
        }[k]()
        wd(c, L, r)

    return _op(dec, ins, fn, ff)


# ====================================================================== compare / select


_CMP: dict[str, Callable[[Any, Any], Any]] = {
    "eq": np.equal, "ne": np.not_equal, "lt": np.less, "le": np.less_equal,
    "gt": np.greater, "ge": np.greater_equal,
    "lo": np.less, "ls": np.less_equal, "hi": np.greater, "hs": np.greater_equal,
}  # fmt: skip
_UNSIGNED_CMP = {"lo", "ls", "hi", "hs"}
_FCMP = {"eq", "ne", "lt", "le", "gt", "ge", "equ", "neu", "ltu", "leu", "gtu", "geu", "num", "nan"}
_BOOL = {"and": np.logical_and, "or": np.logical_or, "xor": np.logical_xor}


def _compare(cmp: str, t: str, x: Any, y: Any) -> Any:
    if t in FLOATS:
        x, y = np.asarray(x), np.asarray(y)
        nan = np.isnan(x) | np.isnan(y)
        if cmp == "num":
            return ~nan
        if cmp == "nan":
            return nan
        if cmp.endswith("u"):
            return _CMP[cmp[:-1]](x, y) | nan
        if cmp == "ne":
            return (x != y) & ~nan
        return _CMP[cmp](x, y)
    if cmp in _UNSIGNED_CMP:
        ut = UINT[TYPE_BYTES[t]]
        x, y = np.asarray(x).view(ut), np.asarray(y).view(ut)
    return _CMP[cmp](x, y)


def _cmp_parts(dec: Decoder, ins: Instr) -> tuple[str, str | None, bool, str]:
    ts = type_of(ins.mods, ins)
    t = ts[-1]
    cmp = None
    boolop = None
    ftz = False
    for m in ins.mods:
        if m in TYPES:
            continue
        if m in _CMP or m in _FCMP:
            cmp = m
        elif m in _BOOL:
            boolop = m
        elif m == "ftz":
            ftz = True
        else:
            raise dec.err(ins, f"unsupported modifier .{m} of '{ins.mnemonic}'")
    if cmp is None:
        raise dec.err(ins, f"'{ins.mnemonic}' without a comparison")
    isf = t in FLOATS or t in PACKED
    if isf and cmp not in _FCMP:
        raise dec.err(ins, f"comparison .{cmp} on a float type")
    if not isf and cmp not in _CMP:
        raise dec.err(ins, f"comparison .{cmp} on an integer type")
    return cmp, boolop, ftz, t


@decoder("setp")
def _setp(dec: Decoder, ins: Instr, fn: Function) -> Op:
    if type_of(ins.mods, ins)[-1] in PACKED:
        return _packed(dec, ins, fn, type_of(ins.mods, ins)[-1])
    cmp, boolop, ftz, t = _cmp_parts(dec, ins)
    dec.nops(ins, 4 if boolop else 3)
    d = ins.operands[0]
    if not isinstance(d, Reg):
        raise dec.err(ins, "setp writes a predicate register")
    rd = _fread if t in FLOATS else Decoder.reader
    ra = rd(dec, fn, ins.operands[1], t, ins)
    rb = rd(dec, fn, ins.operands[2], t, ins)
    rc = dec.reader(fn, ins.operands[3], "pred", ins) if boolop else None
    wp = dec.writer(fn, Reg(d.name), "pred", ins)
    wq = dec.writer(fn, Reg(d.pair), "pred", ins) if d.pair else None
    bf = _BOOL[boolop] if boolop else None

    def ff(c: Ctx, L: Lanes) -> None:
        x = _flush_in(t, ra(c, L), ftz)
        y = _flush_in(t, rb(c, L), ftz)
        r = _compare(cmp, t, x, y)
        if bf is not None:
            cv = rc(c, L)  # type: ignore[misc]
            p, q = bf(r, cv), bf(~np.asarray(r), cv)
        else:
            p, q = r, ~np.asarray(r)
        wp(c, L, p)
        if wq is not None:
            wq(c, L, q)

    return _op(dec, ins, fn, ff)


@decoder("set")
def _set(dec: Decoder, ins: Instr, fn: Function) -> Op:
    ts = type_of(ins.mods, ins, 2)
    dt_, st = ts[-2], ts[-1]
    mods = [m for m in ins.mods if m not in TYPES]
    cmp = next((m for m in mods if m in _CMP or m in _FCMP), None)
    boolop = next((m for m in mods if m in _BOOL), None)
    if cmp is None or dt_ not in ("u32", "s32", "f32"):
        raise dec.err(ins, "unsupported set form")
    ftz = "ftz" in mods
    dec.nops(ins, 4 if boolop else 3)
    ra = dec.reader(fn, ins.operands[1], st, ins)
    rb = dec.reader(fn, ins.operands[2], st, ins)
    rc = dec.reader(fn, ins.operands[3], "pred", ins) if boolop else None
    wd = dec.writer(fn, ins.operands[0], dt_, ins)

    def ff(c: Ctx, L: Lanes) -> None:
        r = _compare(cmp, st, _flush_in(st, ra(c, L), ftz), _flush_in(st, rb(c, L), ftz))
        if boolop:
            r = _BOOL[boolop](r, rc(c, L))  # type: ignore[misc]
        if dt_ == "f32":
            wd(c, L, np.where(r, np.float32(1), np.float32(0)))
        else:
            wd(c, L, np.where(r, np.uint32(0xFFFFFFFF), np.uint32(0)).view(NP[dt_]))

    return _op(dec, ins, fn, ff)


@decoder("selp")
def _selp(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    dec.nops(ins, 4)
    d, a, b, p = ins.operands
    ra, rb = dec.reader(fn, a, t, ins), dec.reader(fn, b, t, ins)
    rp = dec.reader(fn, p, "pred", ins)
    wd = dec.writer(fn, d, t, ins)
    return _op(dec, ins, fn, lambda c, L: wd(c, L, np.where(rp(c, L), ra(c, L), rb(c, L))))


@decoder("slct")
def _slct(dec: Decoder, ins: Instr, fn: Function) -> Op:
    ts = type_of(ins.mods, ins, 2)
    t, ct = ts[-2], ts[-1]
    mods = _mods(dec, ins, {"ftz"})
    dec.nops(ins, 4)
    d, a, b, cop = ins.operands
    ra, rb = dec.reader(fn, a, t, ins), dec.reader(fn, b, t, ins)
    rc = dec.reader(fn, cop, ct, ins)
    wd = dec.writer(fn, d, t, ins)
    ftz = "ftz" in mods

    def ff(c: Ctx, L: Lanes) -> None:
        z = _flush_in(ct, rc(c, L), ftz)
        wd(c, L, np.where(np.asarray(z) >= 0, ra(c, L), rb(c, L)))

    return _op(dec, ins, fn, ff)


# ====================================================================== logic / shifts / bits


@decoder("and", "or", "xor")
def _logic(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    _mods(dec, ins, set())
    dec.nops(ins, 3)
    d, a, b = ins.operands
    if t not in ("pred", "b16", "b32", "b64", "u16", "u32", "u64", "s16", "s32", "s64", "b8"):
        raise dec.err(ins, f"'{ins.mnemonic}' of type .{t}")
    ra, rb = dec.reader(fn, a, t, ins), dec.reader(fn, b, t, ins)
    wd = dec.writer(fn, d, t, ins)
    uf = {"and": np.bitwise_and, "or": np.bitwise_or, "xor": np.bitwise_xor}[ins.mnemonic]
    return _op(dec, ins, fn, lambda c, L: wd(c, L, uf(ra(c, L), rb(c, L))))


@decoder("not", "cnot")
def _not(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    _mods(dec, ins, set())
    dec.nops(ins, 2)
    ra = dec.reader(fn, ins.operands[1], t, ins)
    wd = dec.writer(fn, ins.operands[0], t, ins)
    if ins.mnemonic == "not":
        return _op(dec, ins, fn, lambda c, L: wd(c, L, np.invert(ra(c, L))))
    dt = NP[t]
    return _op(dec, ins, fn, lambda c, L: wd(c, L, (np.asarray(ra(c, L)) == 0).astype(dt)))


@decoder("lop3")
def _lop3(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    dec.nops(ins, 5)
    d, a, b, cop, lut = ins.operands
    if not isinstance(lut, Imm):
        raise dec.err(ins, "lop3 needs an immediate lookup table")
    ra, rb, rc = (dec.reader(fn, o, t, ins) for o in (a, b, cop))
    wd = dec.writer(fn, d, t, ins)
    table = lut.value & 0xFF

    def ff(c: Ctx, L: Lanes) -> None:
        x, y, z = np.asarray(ra(c, L)), np.asarray(rb(c, L)), np.asarray(rc(c, L))
        acc = np.zeros(np.broadcast(x, y, z).shape, x.dtype)
        for k in range(8):
            if table >> k & 1:
                acc |= (x if k & 4 else ~x) & (y if k & 2 else ~y) & (z if k & 1 else ~z)
        wd(c, L, acc)

    return _op(dec, ins, fn, ff)


def _shift(kind: str, t: str, x: Any, n: Any) -> Any:
    dt = NP[t]
    bits = 8 * TYPE_BYTES[t]
    n = np.minimum(np.asarray(n, np.uint32), np.uint32(bits))
    big = n >= bits
    nn = np.where(big, 0, n).astype(dt if t not in SIGNED else UINT[TYPE_BYTES[t]])
    x = np.asarray(x, dt)
    if kind == "shl":
        ut = UINT[TYPE_BYTES[t]]
        r = np.left_shift(x.view(ut), nn.astype(ut))
        return np.where(big, ut(0), r).astype(ut).view(dt)
    if t in SIGNED:
        r = np.right_shift(x, nn.astype(dt))
        return np.where(big, np.where(x < 0, dt(-1), dt(0)), r).astype(dt)
    r = np.right_shift(x, nn.astype(dt))
    return np.where(big, dt(0), r).astype(dt)


@decoder("shl", "shr")
def _shl(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    _mods(dec, ins, set())
    _int_type(dec, ins, t)
    dec.nops(ins, 3)
    d, a, b = ins.operands
    ra = dec.reader(fn, a, t, ins)
    rb = dec.reader(fn, b, "u32", ins)
    wd = dec.writer(fn, d, t, ins)
    kind = ins.mnemonic
    return _op(dec, ins, fn, lambda c, L: wd(c, L, _shift(kind, t, ra(c, L), rb(c, L))))


@decoder("shf")
def _shf(dec: Decoder, ins: Instr, fn: Function) -> Op:
    mods = _mods(dec, ins, {"l", "r", "wrap", "clamp"})
    (t,) = type_of(ins.mods, ins)[-1:]
    if t != "b32" or ("l" in mods) == ("r" in mods):
        raise dec.err(ins, "unsupported shf form (shf.{l,r}{.wrap,.clamp}.b32)")
    dec.nops(ins, 4)
    d, a, b, n = ins.operands
    ra, rb = dec.reader(fn, a, "u32", ins), dec.reader(fn, b, "u32", ins)
    rn = dec.reader(fn, n, "u32", ins)
    wd = dec.writer(fn, d, "u32", ins)
    left = "l" in mods
    wrap = "wrap" in mods

    def ff(c: Ctx, L: Lanes) -> None:
        lo = np.asarray(ra(c, L)).astype(np.uint64)
        hi = np.asarray(rb(c, L)).astype(np.uint64)
        s = np.asarray(rn(c, L), np.uint32)
        s = (s & np.uint32(31)) if wrap else np.minimum(s, np.uint32(32))
        s64 = s.astype(np.uint64)
        v = (hi << np.uint64(32)) | lo
        if left:
            r = ((v << s64) >> np.uint64(32)) & np.uint64(0xFFFFFFFF)
        else:
            r = (v >> s64) & np.uint64(0xFFFFFFFF)
        wd(c, L, r.astype(np.uint32))

    return _op(dec, ins, fn, ff)


_REV8 = np.array([int(f"{i:08b}"[::-1], 2) for i in range(256)], np.uint8)


@decoder("popc", "clz", "brev", "bfind")
def _bits(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    mods = _mods(dec, ins, {"shiftamt"})
    dec.nops(ins, 2)
    w = TYPE_BYTES[t]
    if w not in (4, 8):
        raise dec.err(ins, f"'{ins.mnemonic}' of type .{t}")
    ut = UINT[w]
    ra = dec.reader(fn, ins.operands[1], f"b{8 * w}", ins)
    name = ins.mnemonic
    wd = dec.writer(fn, ins.operands[0], f"b{8 * w}" if name == "brev" else "u32", ins)
    signed = t in SIGNED
    shiftamt = "shiftamt" in mods

    def bitlen(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, np.uint64)
        hi = (x >> np.uint64(32)).astype(np.float64)
        lo = (x & np.uint64(0xFFFFFFFF)).astype(np.float64)
        eh = np.frexp(hi)[1]
        el = np.frexp(lo)[1]
        return np.where(hi > 0, eh + 32, np.where(lo > 0, el, 0)).astype(np.int64)

    def ff(c: Ctx, L: Lanes) -> None:
        x = np.asarray(ra(c, L), ut)
        if name == "popc":
            wd(c, L, np.bitwise_count(x).astype(np.uint32))
        elif name == "clz":
            wd(c, L, (8 * w - bitlen(x)).astype(np.uint32))
        elif name == "brev":
            b = np.atleast_1d(x).view(np.uint8).reshape(-1, w)
            r = _REV8[b][:, ::-1].copy().view(ut).reshape(np.shape(x))
            wd(c, L, r)
        else:
            y = np.where(x.view(SINT[w]) < 0, ~x, x) if signed else x
            pos = bitlen(y) - 1
            res = np.where(pos < 0, np.int64(0xFFFFFFFF), (8 * w - 1 - pos) if shiftamt else pos)
            wd(c, L, res.astype(np.uint32))

    return _op(dec, ins, fn, ff)


@decoder("bfe")
def _bfe(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    _int_type(dec, ins, t)
    dec.nops(ins, 4)
    d, a, b, cop = ins.operands
    w = TYPE_BYTES[t]
    ut = UINT[w]
    ra = dec.reader(fn, a, t, ins)
    rb, rc = dec.reader(fn, b, "u32", ins), dec.reader(fn, cop, "u32", ins)
    wd = dec.writer(fn, d, t, ins)
    signed = t in SIGNED
    nbits = 8 * w

    def ff(c: Ctx, L: Lanes) -> None:
        x = np.asarray(ra(c, L)).view(ut).astype(np.uint64)
        pos = (np.asarray(rb(c, L), np.uint32) & np.uint32(0xFF)).astype(np.int64)
        ln = (np.asarray(rc(c, L), np.uint32) & np.uint32(0xFF)).astype(np.int64)
        eff = np.clip(np.minimum(ln, nbits - pos), 0, nbits)
        sh = np.minimum(pos, nbits - 1).astype(np.uint64)
        field = np.where(pos >= nbits, np.uint64(0), x >> sh)
        mask = np.where(
            eff >= 64, np.uint64(~np.uint64(0)),
            (np.left_shift(np.uint64(1), np.minimum(eff, 63).astype(np.uint64)) - np.uint64(1)),
        )  # fmt: skip
        r = field & mask
        if signed:
            sbit_pos = np.clip(pos + ln - 1, 0, nbits - 1).astype(np.uint64)
            sbit = (x >> sbit_pos) & np.uint64(1)
            sbit = np.where(ln == 0, np.uint64(0), sbit)
            r = np.where(sbit == 1, r | ~mask, r)
        r = np.where(ln == 0, np.uint64(0), r)
        wd(c, L, r.astype(ut).view(NP[t]))

    return _op(dec, ins, fn, ff)


@decoder("bfi")
def _bfi(dec: Decoder, ins: Instr, fn: Function) -> Op:
    (t,) = type_of(ins.mods, ins)[-1:]
    dec.nops(ins, 5)
    d, a, b, p, n = ins.operands
    w = TYPE_BYTES[t]
    ut = UINT[w]
    ra, rb = dec.reader(fn, a, t, ins), dec.reader(fn, b, t, ins)
    rp, rn = dec.reader(fn, p, "u32", ins), dec.reader(fn, n, "u32", ins)
    wd = dec.writer(fn, d, t, ins)
    nbits = 8 * w

    def ff(c: Ctx, L: Lanes) -> None:
        x = np.asarray(ra(c, L)).view(ut).astype(np.uint64)
        y = np.asarray(rb(c, L)).view(ut).astype(np.uint64)
        pos = (np.asarray(rp(c, L), np.uint32) & np.uint32(0xFF)).astype(np.int64)
        ln = (np.asarray(rn(c, L), np.uint32) & np.uint32(0xFF)).astype(np.int64)
        eff = np.clip(np.minimum(ln, nbits - pos), 0, nbits)
        mask = np.where(
            eff >= 64, np.uint64(~np.uint64(0)),
            np.left_shift(np.uint64(1), np.minimum(eff, 63).astype(np.uint64)) - np.uint64(1),
        )  # fmt: skip
        sh = np.minimum(pos, 63).astype(np.uint64)
        r = (y & ~(mask << sh)) | ((x & mask) << sh)
        r = np.where(pos >= nbits, y, r)
        wd(c, L, r.astype(ut).view(NP[t]))

    return _op(dec, ins, fn, ff)


@decoder("prmt")
def _prmt(dec: Decoder, ins: Instr, fn: Function) -> Op:
    mods = _mods(dec, ins, set())
    (t,) = type_of(ins.mods, ins)[-1:]
    if mods or t != "b32":
        raise dec.err(ins, "only the default mode of prmt.b32 is supported")
    dec.nops(ins, 4)
    d, a, b, cop = ins.operands
    ra, rb, rc = (dec.reader(fn, o, "u32", ins) for o in (a, b, cop))
    wd = dec.writer(fn, d, "u32", ins)

    def ff(c: Ctx, L: Lanes) -> None:
        x = np.asarray(ra(c, L)).astype(np.uint64)
        y = np.asarray(rb(c, L)).astype(np.uint64)
        sel = np.asarray(rc(c, L), np.uint32).astype(np.uint64)
        src = x | (y << np.uint64(32))
        out = np.zeros(np.broadcast(x, y, sel).shape, np.uint64)
        for i in range(4):
            s = (sel >> np.uint64(4 * i)) & np.uint64(0xF)
            byte = (src >> ((s & np.uint64(7)) * np.uint64(8))) & np.uint64(0xFF)
            sign = (byte >> np.uint64(7)) & np.uint64(1)
            byte = np.where((s & np.uint64(8)) != 0, sign * np.uint64(0xFF), byte)
            out |= byte << np.uint64(8 * i)
        wd(c, L, out.astype(np.uint32))

    return _op(dec, ins, fn, ff)


# ====================================================================== cvt


def _int_range(t: str) -> tuple[int, int]:
    bits = 8 * TYPE_BYTES[t]
    if t in SIGNED:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


def _float_to_int(x64: np.ndarray, t: str, irnd: str) -> np.ndarray:
    r = {"rni": np.rint, "rzi": np.trunc, "rmi": np.floor, "rpi": np.ceil}[irnd](x64)
    lo, hi = _int_range(t)
    dt = NP[t]
    nan = np.isnan(r)
    r = np.where(nan, 0.0, r)
    big = r >= float(hi)
    small = r <= float(lo)
    mid = np.where(big | small, 0.0, r)
    if t in SIGNED or TYPE_BYTES[t] < 8:
        out = mid.astype(np.int64).astype(dt)
    else:
        out = mid.astype(np.uint64)
    out = np.where(big, np.array(hi).astype(dt), out)
    out = np.where(small, np.array(lo).astype(dt), out)
    return np.asarray(out, dt)


def _int_to_float(x: np.ndarray, st: str, dt_: str, mode: str) -> Any:
    w = TYPE_BYTES[st]
    if w <= 4:
        x64 = np.asarray(x).astype(f64)
        if dt_ == "f64":
            return x64
        return fpu.round_f64_to(x64, dt_, mode)
    if st in SIGNED:
        xi = np.asarray(x, np.int64)
        hi = (xi >> np.int64(32)).astype(f64) * 4294967296.0
        lo = (xi & np.int64(0xFFFFFFFF)).astype(f64)
    else:
        xu = np.asarray(x, np.uint64)
        hi = (xu >> np.uint64(32)).astype(f64) * 4294967296.0
        lo = (xu & np.uint64(0xFFFFFFFF)).astype(f64)
    s, e = fpu.two_sum(hi, lo)
    if dt_ == "f64":
        return fpu.adjust_directed(s, e, mode)
    return fpu.round_pair(s, e, dt_, mode)


@decoder("cvt")
def _cvt(dec: Decoder, ins: Instr, fn: Function) -> Op:
    ts = type_of(ins.mods, ins, 2)
    dt_, st = ts[-2], ts[-1]
    mods = _mods(dec, ins, {*ROUND, *IROUND, "ftz", "sat", "relu"})
    mode = _mode(mods)
    irnd = next((m for m in IROUND if m in mods), None)
    ftz, sat = "ftz" in mods, "sat" in mods
    if dt_ in ("f16x2", "bf16x2"):  # cvt.rn.f16x2.f32 d, a, b: d = {cvt(a) high, cvt(b) low}
        dec.nops(ins, 3)
        if st != "f32":
            raise dec.err(ins, "unsupported cvt form")
        ra = dec.reader(fn, ins.operands[1], "f32", ins)
        rb = dec.reader(fn, ins.operands[2], "f32", ins)
        wd = dec.writer(fn, ins.operands[0], "b32", ins)
        half = dt_[:-2]
        relu = "relu" in mods

        def fpk(c: Ctx, L: Lanes) -> None:
            parts = []
            for r in (ra, rb):
                v = _as_f64(r(c, L))
                if relu:
                    v = np.where(np.isnan(v), v, np.maximum(v, 0))
                h = fpu.round_f64_to(v, half, mode)
                parts.append(np.asarray(h).view(np.uint16).astype(np.uint32))
            wd(c, L, (parts[0] << np.uint32(16)) | parts[1])

        return _op(dec, ins, fn, fpk)
    if dt_ not in NP or st not in NP or "pred" in (dt_, st):
        raise dec.err(ins, f"cvt from .{st} to .{dt_} is not supported")
    dec.nops(ins, 2)
    d, a = ins.operands
    ra = _fread(dec, fn, a, st, ins) if st in FLOATS else dec.reader(fn, a, st, ins)
    wd = dec.writer(fn, d, dt_, ins)

    if st in FLOATS and dt_ in FLOATS:

        def ff(c: Ctx, L: Lanes) -> None:
            x = _flush_in(st, ra(c, L), ftz)
            x64 = _as_f64(x)
            if irnd is not None:
                x64 = {"rni": np.rint, "rzi": np.trunc, "rmi": np.floor, "rpi": np.ceil}[irnd](x64)
                r = _round_to(dt_, x64)
            elif TYPE_BYTES[dt_] > TYPE_BYTES[st] or dt_ == st or (st == "bf16" and dt_ == "f32"):
                r = _round_to(dt_, x64)  # exact widening
            else:
                r = _round_to(dt_, x64, mode)
            if sat and dt_ != "bf16":
                r = fpu.saturate(np.asarray(r))
            if ftz and dt_ in ("f32", "f64", "f16"):
                r = fpu.ftz(np.asarray(r), dt_)
            wd(c, L, r)

        return _op(dec, ins, fn, ff)
    if st in FLOATS:  # float -> int
        if irnd is None:
            raise dec.err(ins, "float-to-integer cvt needs .rni/.rzi/.rmi/.rpi")

        def fi(c: Ctx, L: Lanes) -> None:
            x = _flush_in(st, ra(c, L), ftz)
            wd(c, L, _float_to_int(np.atleast_1d(_as_f64(x)), dt_, irnd).reshape(np.shape(x)))

        return _op(dec, ins, fn, fi)
    if dt_ in FLOATS:  # int -> float

        def iff(c: Ctx, L: Lanes) -> None:
            r = _int_to_float(np.atleast_1d(ra(c, L)), st, dt_, mode)
            if sat:
                r = fpu.saturate(np.asarray(r)) if dt_ != "bf16" else r
            x = ra(c, L)
            wd(c, L, np.asarray(r).reshape(np.shape(x)))

        return _op(dec, ins, fn, iff)
    ddt = NP[dt_]
    if sat:
        lo, hi = _int_range(dt_)

        def fsat(c: Ctx, L: Lanes) -> None:
            x = np.asarray(ra(c, L))
            if x.dtype == np.uint64:
                r = np.minimum(x, np.uint64(hi)) if hi < 2**64 - 1 else x
            else:
                xi = x.astype(np.int64)
                r = np.clip(xi, max(lo, -(2**63)), min(hi, 2**63 - 1))
            wd(c, L, np.asarray(r).astype(ddt))

        return _op(dec, ins, fn, fsat)
    return _op(dec, ins, fn, lambda c, L: wd(c, L, np.asarray(ra(c, L)).astype(ddt)))
