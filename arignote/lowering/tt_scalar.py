"""Scalar semantics of the elementwise `tt` ops, as arith/math ops on one element.

`emit_scalar(op, args, block)` appends to `block` the ops computing one element of the
result of the elementwise tt op `op` from the element values `args`, and returns the
result value.  The semantics are NumPy's (the `reference` of each tt op):

- integer `int_div` / `mod` follow Python's floor semantics; x // 0 and x % 0 are 0 and
  MIN // -1 wraps, as NumPy does — never a trap;
- float `int_div` / `mod` follow NumPy's divmod (fmod-based, then adjusted);
- float comparisons are ordered except `ne` (true on NaN); i1 compares as unsigned;
- `maximum` / `minimum` propagate NaN;
- casts: float to int truncates, anything to i1 is `!= 0`, i1 to anything is 0/1.

Unsigned operands (ui8 ... ui64 element types, which exist only at the tt level) take
the unsigned ops: `cmpi ult/ule/ugt/uge`, `divui`/`remui` (floor and C semantics
coincide; x // 0 and x % 0 are 0), `maxui`/`minui`, `shrui` (logical shift), `extui`,
`uitofp`; float to ui64 is `fptoui` (`fptosi` below zero), float to a narrower
unsigned type `fptosi` to i64 then `trunci` (wrapping as NumPy does on x86-64).
Absolute value is the identity and negation wraps.  The values keep their ui types
here; the pass makes every type signless afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import arith, math
from xdsl.dialects.builtin import FloatAttr, IntegerAttr, IntegerType, TensorType
from xdsl.ir import Attribute, Block, Operation, SSAValue

from arignote.dialects import arith as aarith
from arignote.dialects import tt
from arignote.lowering.ir_builder import Emit
from arignote.opbuild import make


class _Emitter:
    def __init__(self, target: Block | Emit):
        self.target = target

    def add(self, op: Operation) -> SSAValue:
        if isinstance(self.target, Block):
            self.target.add_op(op)
            return op.results[0]
        return self.target.add(op)

    def const(self, value: float | int | bool, t: Attribute) -> SSAValue:
        if tt.is_float(t):
            return self.add(arith.ConstantOp(FloatAttr(float(value), t)))  # type: ignore[arg-type]
        assert isinstance(t, IntegerType)
        v = int(value)
        if t.width.data == 1:
            v = -1 if v else 0  # i1 true is the all-ones pattern
        elif tt.is_unsigned(t):
            v %= 1 << t.width.data
        return self.add(arith.ConstantOp(IntegerAttr(v, t)))

    def cmpf(self, a: SSAValue, b: SSAValue, pred: str) -> SSAValue:
        return self.add(arith.CmpfOp(a, b, pred))

    def cmpi(self, a: SSAValue, b: SSAValue, pred: str) -> SSAValue:
        return self.add(arith.CmpiOp(a, b, pred))

    def select(self, c: SSAValue, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.SelectOp(c, a, b))


def _element_type(v: SSAValue) -> Attribute:
    return v.type


#: tt ops that are one arith/math op of their operands' type: (on floats, on integers)
_ONE_OP: dict[type[Operation], tuple[type[Operation], type[Operation]]] = {
    tt.AddOp: (arith.AddfOp, arith.AddiOp),
    tt.SubOp: (arith.SubfOp, arith.SubiOp),
    tt.MulOp: (arith.MulfOp, arith.MuliOp),
    tt.MaximumOp: (arith.MaximumfOp, arith.MaxSIOp),
    tt.MinimumOp: (arith.MinimumfOp, arith.MinSIOp),
    **{
        op: (cls, cls)  # (one op whatever the type: on integers the verifier objects)
        for op, cls in (
            (tt.TrueDivOp, arith.DivfOp),
            (tt.PowOp, math.PowFOp),
            (tt.AndOp, arith.AndIOp),
            (tt.OrOp, arith.OrIOp),
            (tt.XorOp, arith.XOrIOp),
            (tt.ExpOp, math.ExpOp),
            (tt.LogOp, math.LogOp),
            (tt.Log1pOp, math.Log1pOp),
            (tt.SqrtOp, math.SqrtOp),
            (tt.SinOp, math.SinOp),
            (tt.CosOp, math.CosOp),
            (tt.TanhOp, math.TanhOp),
            (tt.ExpM1Op, math.ExpM1Op),
            (tt.ErfOp, math.ErfOp),
            (tt.FloorOp, math.FloorOp),
            (tt.CeilOp, math.CeilOp),
            (tt.RoundOp, math.RoundEvenOp),
            (tt.Atan2Op, math.Atan2Op),
            (tt.AsinOp, math.AsinOp),
            (tt.AcosOp, math.AcosOp),
            (tt.AtanOp, math.AtanOp),
            (tt.AsinhOp, math.AsinhOp),
            (tt.AcoshOp, math.AcoshOp),
            (tt.AtanhOp, math.AtanhOp),
        )
    },
}


def emit_scalar(op: tt.ElementwiseOp, args: Sequence[SSAValue], block: Block | Emit) -> SSAValue:
    """Append the scalar computation of `op` on `args` to `block` (or emit it with an
    `Emit`, e.g. on the host before an op); return its result."""
    e = _Emitter(block)
    t = _element_type(args[-1]) if args else None
    fl = t is not None and tt.is_float(t)
    if t is not None and tt.is_unsigned(t) and not isinstance(op, tt.WhereOp | tt.CastOp):
        out = _unsigned(e, op, args)
        if out is not None:
            return out
    one = _ONE_OP.get(type(op))
    if one is not None:
        return e.add(make(one[0] if fl else one[1], args, (t,)))

    match op:
        case tt.IntDivOp():
            return _float_floordiv(e, *args) if fl else _int_floordiv(e, *args)
        case tt.ModOp():
            return _float_mod(e, *args) if fl else _int_mod(e, *args)
        case tt.CompareOp():
            return _compare(e, op, *args)
        case tt.NegOp():
            return e.add(arith.NegfOp(args[0]) if fl else arith.SubiOp(e.const(0, t), args[0]))  # type: ignore[arg-type]
        case tt.AbsOp():
            return e.add(math.AbsFOp(args[0]) if fl else math.AbsIOp(args[0]))
        case tt.SigmoidOp():
            x = args[0]
            one = e.const(1.0, x.type)
            ex = e.add(math.ExpOp(e.add(arith.NegfOp(x))))
            return e.add(arith.DivfOp(one, e.add(arith.AddfOp(one, ex))))
        case tt.SoftplusOp():
            x = args[0]
            zero = e.const(0.0, x.type)
            pos = e.add(arith.MaximumfOp(x, zero))
            negabs = e.add(arith.NegfOp(e.add(math.AbsFOp(x))))
            return e.add(arith.AddfOp(pos, e.add(math.Log1pOp(e.add(math.ExpOp(negabs))))))
        case tt.SignOp():
            return _sign(e, args[0])
        case tt.IsNanOp():
            return e.cmpf(args[0], args[0], "uno")
        case tt.IsInfOp():
            x = args[0]
            inf = e.const(float("inf"), x.type)
            return e.cmpf(e.add(math.AbsFOp(x)), inf, "oeq")
        case tt.ShlOp():
            return _shift(e, *args, left=True)
        case tt.ShrOp():
            return _shift(e, *args, left=False)
        case tt.NotOp():
            return e.add(arith.XOrIOp(args[0], e.const(-1, args[0].type)))
        case tt.WhereOp():
            return e.select(*args)
        case tt.CastOp():
            rt = op.result.type
            assert isinstance(rt, TensorType)
            return _cast(e, args[0], rt.element_type)
        case _:
            raise ValueError(f"no scalar lowering for {op.name}")


_CMPF = {
    tt.EqOp: "oeq",
    tt.NeOp: "une",
    tt.LtOp: "olt",
    tt.LeOp: "ole",
    tt.GtOp: "ogt",
    tt.GeOp: "oge",
}
_CMPI = {
    tt.EqOp: "eq",
    tt.NeOp: "ne",
    tt.LtOp: "slt",
    tt.LeOp: "sle",
    tt.GtOp: "sgt",
    tt.GeOp: "sge",
}
_CMPU = {
    tt.EqOp: "eq",
    tt.NeOp: "ne",
    tt.LtOp: "ult",
    tt.LeOp: "ule",
    tt.GtOp: "ugt",
    tt.GeOp: "uge",
}


def _unsigned(e: _Emitter, op: tt.ElementwiseOp, args: Sequence[SSAValue]) -> SSAValue | None:
    """The ops whose unsigned form differs from the signed one (None: the same)."""
    match op:
        case tt.IntDivOp():
            return _guard_zero(e, arith.DivUIOp, *args)
        case tt.ModOp():
            return _guard_zero(e, arith.RemUIOp, *args)
        case tt.MaximumOp():
            return e.add(arith.MaxUIOp(*args))
        case tt.MinimumOp():
            return e.add(arith.MinUIOp(*args))
        case tt.AbsOp():
            return args[0]
        case tt.SignOp():
            x = args[0]
            zero, one = e.const(0, x.type), e.const(1, x.type)
            return e.select(e.cmpi(x, zero, "ne"), one, zero)
        case tt.ShlOp() | tt.ShrOp():
            return _shift_unsigned(e, *args, left=isinstance(op, tt.ShlOp))
    return None


def _guard_zero(e: _Emitter, kind: type, a: SSAValue, b: SSAValue) -> SSAValue:
    """a / b or a % b unsigned, 0 where b is 0 (NumPy's result, never a trap)."""
    zero, one = e.const(0, a.type), e.const(1, a.type)
    b_zero = e.cmpi(b, zero, "eq")
    r = e.add(kind(a, e.select(b_zero, one, b)))
    return e.select(b_zero, zero, r)


def _shift_unsigned(e: _Emitter, a: SSAValue, b: SSAValue, *, left: bool) -> SSAValue:
    """a << b or a >> b (logical) on unsigned ints; amounts >= the width give 0."""
    t = a.type
    bits = e.const(_width(t), t)
    safe = e.add(arith.MinUIOp(b, bits))  # clamped first, as in `_shift`
    shifted = e.add(arith.ShLIOp(a, safe) if left else arith.ShRUIOp(a, safe))
    return e.select(e.cmpi(b, bits, "uge"), e.const(0, t), shifted)


def _compare(e: _Emitter, op: tt.CompareOp, a: SSAValue, b: SSAValue) -> SSAValue:
    if tt.is_float(a.type):
        return e.cmpf(a, b, _CMPF[type(op)])
    table = _CMPU if tt.is_bool(a.type) or tt.is_unsigned(a.type) else _CMPI
    return e.cmpi(a, b, table[type(op)])


def _sign(e: _Emitter, x: SSAValue) -> SSAValue:
    """NumPy's sign: -1, 0 or 1; +0.0 for either zero; NaN stays NaN."""
    t = x.type
    if tt.is_float(t):
        zero, one, m1 = e.const(0.0, t), e.const(1.0, t), e.const(-1.0, t)
        is_zero = e.cmpf(x, zero, "oeq")
        r = e.select(is_zero, zero, x)
        r = e.select(e.cmpf(x, zero, "olt"), m1, r)
        return e.select(e.cmpf(x, zero, "ogt"), one, r)
    zero, one, m1 = e.const(0, t), e.const(1, t), e.const(-1, t)
    r = e.select(e.cmpi(x, zero, "slt"), m1, zero)
    return e.select(e.cmpi(x, zero, "sgt"), one, r)


def _shift(e: _Emitter, a: SSAValue, b: SSAValue, *, left: bool) -> SSAValue:
    """a << b or a >> b (arithmetic); amounts outside [0, width) saturate, never poison."""
    t = a.type
    bits = _width(t)
    zero = e.const(0, t)
    out_of_range = e.add(arith.OrIOp(e.cmpi(b, zero, "slt"), e.cmpi(b, e.const(bits, t), "sge")))
    # clamp the amount with an unsigned min before the select: NVPTX folds the guarded
    # shift into its clamping shift instruction on the low 32 bits of the amount, which
    # is wrong for amounts >= 2^32 unless they are clamped first
    safe = e.add(arith.MinUIOp(b, e.const(bits, t)))
    if left:
        return e.select(out_of_range, zero, e.add(arith.ShLIOp(a, safe)))
    sat = e.select(e.cmpi(a, zero, "slt"), e.const(-1, t), zero)
    return e.select(out_of_range, sat, e.add(arith.ShRSIOp(a, safe)))


def _int_floordiv(e: _Emitter, a: SSAValue, b: SSAValue) -> SSAValue:
    """NumPy's a // b on signed ints: floor division, x // 0 == 0, MIN // -1 wraps."""
    t = a.type
    zero, one, m1 = e.const(0, t), e.const(1, t), e.const(-1, t)
    b_zero = e.cmpi(b, zero, "eq")
    b_m1 = e.cmpi(b, m1, "eq")
    unsafe = e.add(arith.OrIOp(b_zero, b_m1))
    safe_b = e.select(unsafe, one, b)
    q = e.add(arith.FloorDivSIOp(a, safe_b))
    neg_a = e.add(arith.SubiOp(zero, a))
    return e.select(b_zero, zero, e.select(b_m1, neg_a, q))


def _int_mod(e: _Emitter, a: SSAValue, b: SSAValue) -> SSAValue:
    """NumPy's a % b on signed ints: the sign of b, x % 0 == 0."""
    t = a.type
    zero, one, m1 = e.const(0, t), e.const(1, t), e.const(-1, t)
    b_zero = e.cmpi(b, zero, "eq")
    unsafe = e.add(arith.OrIOp(b_zero, e.cmpi(b, m1, "eq")))
    safe_b = e.select(unsafe, one, b)
    r = e.add(arith.RemSIOp(a, safe_b))  # 0 when b is 0 or -1
    r_nz = e.cmpi(r, zero, "ne")
    signs_differ = e.cmpi(e.add(arith.XOrIOp(r, safe_b)), zero, "slt")
    fix = e.add(arith.AndIOp(r_nz, signs_differ))
    return e.select(fix, e.add(arith.AddiOp(r, safe_b)), r)


def _float_mod(e: _Emitter, a: SSAValue, b: SSAValue) -> SSAValue:
    """NumPy's remainder: fmod, shifted by b when the signs differ; a zero takes b's sign."""
    t = a.type
    zero = e.const(0.0, t)
    r = e.add(aarith.RemFOp(a, b))
    r_nz = e.cmpf(r, zero, "une")
    differ = e.add(arith.XOrIOp(e.cmpf(b, zero, "olt"), e.cmpf(r, zero, "olt")))
    fix = e.add(arith.AndIOp(r_nz, differ))
    shifted = e.select(fix, e.add(arith.AddfOp(r, b)), r)
    signed_zero = e.add(math.CopySignOp(zero, b))
    is_zero = e.cmpf(shifted, zero, "oeq")
    return e.select(is_zero, signed_zero, shifted)


def _float_floordiv(e: _Emitter, a: SSAValue, b: SSAValue) -> SSAValue:
    """NumPy's floor_divide on floats (npy_divmod): exact where floor(a / b) is not."""
    t = a.type
    zero, one, half = e.const(0.0, t), e.const(1.0, t), e.const(0.5, t)
    mod = e.add(aarith.RemFOp(a, b))
    div = e.add(arith.DivfOp(e.add(arith.SubfOp(a, mod)), b))
    mod_nz = e.cmpf(mod, zero, "une")
    differ = e.add(arith.XOrIOp(e.cmpf(b, zero, "olt"), e.cmpf(mod, zero, "olt")))
    adjust = e.add(arith.AndIOp(mod_nz, differ))
    div = e.select(adjust, e.add(arith.SubfOp(div, one)), div)
    floordiv = e.add(math.FloorOp(div))
    up = e.cmpf(e.add(arith.SubfOp(div, floordiv)), half, "ogt")
    floordiv = e.select(up, e.add(arith.AddfOp(floordiv, one)), floordiv)
    # div == 0: the result is a signed zero with the sign of a / b
    div_zero = e.cmpf(div, zero, "oeq")
    signed_zero = e.add(math.CopySignOp(zero, e.add(arith.DivfOp(a, b))))
    result = e.select(div_zero, signed_zero, floordiv)
    # b == 0: a / b (inf, -inf or nan), as NumPy
    b_zero = e.cmpf(b, zero, "oeq")
    return e.select(b_zero, e.add(arith.DivfOp(a, b)), result)


def _width(t: Attribute) -> int:
    if tt.is_float(t):
        return {"f16": 16, "f32": 32, "f64": 64}[str(t)]
    assert isinstance(t, IntegerType)
    return t.width.data


def _cast(e: _Emitter, x: SSAValue, to: Attribute) -> SSAValue:
    src = x.type
    if src == to:
        return x
    if tt.is_bool(to):
        if tt.is_float(src):
            return e.cmpf(x, e.const(0.0, src), "une")
        return e.cmpi(x, e.const(0, src), "ne")
    if tt.is_float(src) and tt.is_float(to):
        if _width(to) > _width(src):
            return e.add(arith.ExtFOp(x, to))
        return e.add(arith.TruncFOp(x, to))
    zero_ext = tt.is_bool(src) or tt.is_unsigned(src)
    if tt.is_float(to):  # int -> float
        if zero_ext:
            return e.add(arith.UIToFPOp(x, to))
        return e.add(arith.SIToFPOp(x, to))
    if tt.is_float(src):  # float -> int
        if tt.is_unsigned(to):
            return _float_to_unsigned(e, x, to)
        return e.add(arith.FPToSIOp(x, to))
    # int -> int
    if _width(to) > _width(src):
        return e.add(arith.ExtUIOp(x, to) if zero_ext else arith.ExtSIOp(x, to))
    if _width(to) == _width(src):
        return x  # i32 <-> ui32: the same bits (and the same type once signless)
    return e.add(arith.TruncIOp(x, to))


def _float_to_unsigned(e: _Emitter, x: SSAValue, to: Attribute) -> SSAValue:
    """Float to ui8 ... ui64: exact in range; below zero the value wraps modulo 2^width,
    as NumPy's cast does on x86-64 (the C conversion through a 64-bit register)."""
    i64 = IntegerType(64)
    if _width(to) < 64:
        return e.add(arith.TruncIOp(e.add(arith.FPToSIOp(x, i64)), to))
    neg = e.cmpf(x, e.const(0.0, x.type), "olt")
    return e.select(neg, e.add(arith.FPToSIOp(x, to)), e.add(arith.FPToUIOp(x, to)))
