"""`math-polynomial-approximation`: float32 transcendental `math` ops to plain arithmetic.

Why: on the CPU, LLVM scalarises a vector `llvm.exp.v16f32` into sixteen `expf` calls, so
an elementwise loop over `exp`/`sin`/`tanh` runs at libm speed.  This pass rewrites those
ops into range reduction plus polynomial approximations made of ops that lower to single,
vectorisable LLVM instructions (`arith` float and integer ops, `arith.bitcast`,
`arith.cmpf`/`arith.select`, `math.fma`, `math.absf`, `math.copysign`), as XLA's CPU back
end and upstream MLIR's pass of the same name do.  The loop vectoriser then turns them
into AVX2/AVX-512 code.

Input: any module.  Rewritten: `math.exp`, `math.expm1`, `math.log`, `math.log1p`,
`math.log2`, `math.sin`, `math.cos`, `math.tanh`, `math.erf` and `math.atan` whose type is
`f32` or a fixed-size `vector<...xf32>`, wherever they are (host or device code).  The
`ops` option (`math-polynomial-approximation{ops=exp,tanh}`, with or without the `math.`
prefix) restricts the rewrite to the named ops; an unknown name is a `PassError`.  With
`functions=true` (the cpu pipeline), the ops in CPU kernels (`arignote.kernel` functions)
are expanded once per module and type, as a private `func.func @__arignote_<op>_<type>`
marked `arignote.kernel` and `arignote.math_function`, and each op becomes a `func.call`
of it (convert-func-to-llvm makes the function internal and `alwaysinline`): the passes
after this one see one call per op instead of its 40 to 80 ops.
Kept as they are: the same ops on `f64` (the CPU lowering calls libm), `f16`/`bf16` (which
it widens), tensors and scalable vectors; fast-math flags are ignored (the expansions are
IEEE-exact in their special cases whatever the flags say); every other op is untouched.
The emitted ops carry no fast-math flags: LLVM must neither contract nor reassociate them.

Output: for `f32`, comparisons are `arith.cmpf`/`arith.cmpi` and choices `arith.select`.
xDSL's `arith.cmpf`/`arith.select` accept only scalar `i1`, so for vectors every condition
is an `i32` lane mask (all ones or zero) computed from the bits of the operands, and a
choice is `b ^ ((a ^ b) & mask)` on the bits; int-to-float conversion, which xDSL's
`arith.sitofp` cannot do on vectors, uses the `1.5 * 2^23` magic number.  The two forms
compute bit-identical results.

Algorithms (coefficients are our own minimax fits, Lawson's algorithm in float64 on
relative error, rounded to float32; polynomials run in Horner form with `math.fma`):
- exp: clamp x to [-104, 89]; k = round(x/ln 2) by the magic-number trick (its low bits
  are k as an integer, no `fptosi`); r = x - k*ln2 with a two-part ln 2 (exact with fma);
  exp(r) by a degree-6 polynomial; times 2^(k/2 rounded down) times 2^(rest), built from
  exponent bits, so that subnormal results are rounded once, overflow gives +inf and
  underflow 0.
- expm1: same reduction (x clamped to [-60, 89]); u = expm1(r) = r + r^2 Q(r) (degree 7);
  result u if k = 0, else 2 * fma(2^(k-1), u, 2^(k-1) - 0.5) (no overflow in the scale
  for k = 128), and the sign of x copied onto it (expm1(-0) = -0).
- log, log2: subnormals scaled by 2^23 first; x = m * 2^e with m in [sqrt(1/2), sqrt(2))
  from the bits; log1p(m - 1) by f + f^2 Q(f) (degree 10); log adds e*ln2 in two parts
  with fma, log2 multiplies by log2(e) in double-float and adds e with Fast2Sum.  Then
  log(+inf) = +inf, log(+-0) = -inf, log(x < 0 or NaN) = NaN by selects.
- log1p: u = 1 + x with its exact rounding error c (TwoSum); u = m * 2^e as for log;
  log1p(x) = e*ln2 + log1p(m - 1 + c * 2^-e), so small x keep full relative accuracy;
  the sign of x is copied (log1p(-0) = -0); log1p(-1) = -inf, x < -1 gives NaN.
- sin, cos: k = round(x * 2/pi) by the magic number (quadrant from its low bits);
  Cody-Waite r = x - k*pi/2 with a three-part float32 split of pi/2 and fma (the first
  step is exact); sin(r) = r + r^3 S(r^2) (degree 7), cos(r) = 1 - r^2/2 + r^4 C(r^2)
  (degree 8); the quadrant swaps them and flips the sign bit.  The result is clamped to
  [-1, 1]; +-inf and NaN give NaN; sin(-0) = -0.
- tanh: |x| < 0.625: x + x^3 T(x^2) (degree 13); otherwise 1 - 2/(exp(2|x|) + 1) with
  2|x| clamped to 20 (tanh = 1 in float32 there); sign copied from x.
- erf: |x| < 0.875: (2/sqrt(pi)) x (two-part constant) + x^3 P(x^2) (degree 13);
  otherwise 1 - exp(-x^2) R(|x|) where R(a) ~ erfc(a) exp(a^2) is a degree-13 polynomial
  in a - 2.4375 on [0.875, 4], with |x| clamped to 4 (erf = 1 in float32 beyond 3.92);
  sign copied from x.
- atan: |x| reduced to |t| <= tan(pi/8) by t = |x|, (|x| - 1)/(|x| + 1) or -1/|x| (one
  division) plus 0, pi/4 or pi/2 in two parts; atan(t) = t + t^3 A(t^2) (degree 11).

Accuracy: max error in ulp against the float64 NumPy (`math.erf`-equivalent for erf) result
rounded to float32, measured over all 2^32 float32 inputs with the expansions compiled by
LLVM (O3, vectorised), whose results agree bit for bit with the NumPy evaluator of the
tests on a sample of 4 million inputs per function; NaN in gives NaN out everywhere:

    exp 1   expm1 1   log 1   log2 1   log1p 2   sin 2   cos 2   tanh 1   erf 1   atan 2

(log1p reaches 2 ulp at a single input; at least 98.8% of all inputs are correctly
rounded for every function).  sin and cos: at most 2 ulp for |x| < 2^21 (about 2.1e6),
5 ulp for |x| < 2^22 and 17 ulp up to 2^22 * pi/2 (about 6.6e6, where the magic-number
quadrant stops being exact); beyond that the result is only some finite value in [-1, 1].
Subnormal inputs and results are handled (no flush to zero).
"""

from __future__ import annotations

import math
import struct
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from fractions import Fraction
from typing import ClassVar

from xdsl.context import Context
from xdsl.dialects import arith
from xdsl.dialects import math as mathd
from xdsl.dialects.builtin import (
    DenseIntOrFPElementsAttr,
    Float32Type,
    FloatAttr,
    IntegerAttr,
    ModuleOp,
    VectorType,
    i32,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
)
from xdsl.rewriter import Rewriter

from arignote.errors import PassError
from arignote.opbuild import make
from arignote.lowering.kernel_abi import (
    KERNEL_ATTR,
    MATH_FUNCTION_ATTR,
    VECTOR_VARIANT_ATTR,
    VECTOR_VARIANTS_ATTR,
)

#: max ulp error of each expansion over every float32 input (sin/cos: |x| < 2^21),
#: measured exhaustively (see the module docstring); the tests assert these bounds.
MAX_ULP: dict[str, int] = {
    "exp": 1, "expm1": 1, "log": 1, "log2": 1, "log1p": 2,
    "sin": 2, "cos": 2, "tanh": 1, "erf": 1, "atan": 2,
}

# ---------------------------------------------------------------------------------------
# constants


def f32(v: float | Fraction) -> float:
    """`v` rounded to the nearest float32 (returned as a Python float, exactly)."""
    return struct.unpack("<f", struct.pack("<f", float(v)))[0]


def f32_down(v: Fraction) -> float:
    """The largest float32 <= v, for v > 0 (round toward zero)."""
    x = f32(v)
    if Fraction(x) > v:
        x = struct.unpack("<f", struct.pack("<i", f32_bits(x) - 1))[0]
    return x


def f32_bits(v: float) -> int:
    """The IEEE bits of float32 `v` as a signed 32-bit integer."""
    return struct.unpack("<i", struct.pack("<f", v))[0]


def f32_from_bits(bits: int) -> float:
    """The float32 whose IEEE bits are the signed 32-bit integer `bits`."""
    return struct.unpack("<f", struct.pack("<i", bits))[0]


_PI = Fraction("3.14159265358979323846264338327950288419716939937510582097494459")
_LN2 = Fraction("0.69314718055994530941723212145817656807550013436025525412068001")
_LOG2E = 1 / _LN2

MAGIC = 12582912.0  # 1.5 * 2^23: x + MAGIC rounds x to an integer kept in the low bits
LOG2E = f32(_LOG2E)
LOG2E_LO = f32(_LOG2E - Fraction(LOG2E))
LN2_HI = f32(_LN2)
LN2_LO = f32(_LN2 - Fraction(LN2_HI))
TWO_OVER_PI = f32(2 / _PI)
# pi/2 = PIO2_1 + PIO2_2 + PIO2_3 + O(2^-75), all three parts positive (rounded down), so
# that k*(-PIO2_i) is -0 for k = 0 and the reduction keeps the sign of x = -0
PIO2_1 = f32_down(_PI / 2)
PIO2_2 = f32_down(_PI / 2 - Fraction(PIO2_1))
PIO2_3 = f32(_PI / 2 - Fraction(PIO2_1) - Fraction(PIO2_2))
PIO4_HI = f32(_PI / 4)
PIO4_LO = f32(_PI / 4 - Fraction(PIO4_HI))
PIO2_HI = f32(_PI / 2)
PIO2_LO = f32(_PI / 2 - Fraction(PIO2_HI))
SQRT_HALF_BITS = 0x3F3504F3  # float32 sqrt(1/2): the split point of the mantissa
MIN_NORMAL = 2.0**-126
INF = math.inf

# exp(r) = 1 + r + r^2 * (c2 + c3 r + ...), |r| <= ln2/2
EXP_POLY = (1.0, 1.0, 0.4999999403953552, 0.16666515171527863, 0.04166845604777336,
            0.008369424380362034, 0.001381313311867416)
# expm1(r) = r + r^2 * Q(r), |r| <= ln2/2
EXPM1_Q = (0.5, 0.1666666567325592, 0.04166634753346443, 0.008333391509950161,
           0.0013941660290583968, 0.00019845958740916103)
# log1p(f) = f + f^2 * Q(f), f in [sqrt(1/2) - 1, sqrt(2) - 1]
LOG1P_Q = (-0.49999988079071045, 0.33333325386047363, -0.2500161826610565,
           0.2000206708908081, -0.1660824567079544, 0.1417933851480484,
           -0.1324782818555832, 0.12923523783683777, -0.07633542269468307)
# sin(r) = r + r^3 * S(r^2), cos(r) = 1 - r^2/2 + r^4 * C(r^2), |r| <= pi/4
SIN_S = (-0.16666655242443085, 0.00833215843886137, -0.00019514957966748625)
COS_C = (0.04166664555668831, -0.0013887312961742282, 2.4432785721728578e-05)
# tanh(a) = a + a^3 * T(a^2), a < TANH_SMALL
TANH_SMALL = 0.625
TANH_T = (-0.3333333134651184, 0.1333320587873459, -0.05394676327705383,
          0.021700702607631683, -0.008177398703992367, 0.0021429620683193207)
# erf(a) = (2/sqrt(pi)) a + a^3 * P(a^2), a < ERF_SMALL;
# erfc(a) * exp(a^2) = R(a - ERF_MID), a in [ERF_SMALL, 4]
ERF_SMALL = 0.875
_TWO_OVER_SQRT_PI = 2 / Fraction("1.77245385090551602729816748334114518279754945612238712821")
ERF_C0_HI = f32(_TWO_OVER_SQRT_PI)
ERF_C0_LO = f32(_TWO_OVER_SQRT_PI - Fraction(ERF_C0_HI))
ERF_P = (-0.37612637877464294, 0.11283741891384125, -0.026861997321248055,
         0.005207645706832409, -0.0008220478193834424, 8.712994895176962e-05)
ERF_MID = 2.4375
ERFC_R = (0.21555247902870178, -0.07756082713603973, 0.026497935876250267,
          -0.00864805281162262, 0.0027092869859188795, -0.0008177747367881238,
          0.000238320033531636, -6.745350401615724e-05, 1.887180951598566e-05,
          -5.001825229555834e-06, 1.0949476063615293e-06, -2.934676217591914e-07,
          1.3582041447079973e-07, -3.1120713117616106e-08)
# atan(t) = t + t^3 * A(t^2), |t| <= tan(pi/8)
TAN_PI_8 = f32(0.41421356237309504880)
TAN_3PI_8 = f32(2.41421356237309504880)
ATAN_A = (-0.33333316445350647, 0.19998465478420258, -0.142434224486351,
          0.10592946410179138, -0.06075916066765785)


# ---------------------------------------------------------------------------------------
# the op builder


@lru_cache(maxsize=1024)
def _constant_attr(t: Attribute, kind: str, bits: int) -> Attribute:
    """The value attribute of a constant of type `t` (a splat for vectors): kind "f", a
    float32 given by its bits, or "i", an i32."""
    v: float | int = f32_from_bits(bits) if kind == "f" else bits
    if isinstance(t, VectorType):
        return DenseIntOrFPElementsAttr.from_list(t, [v])
    if kind == "f":
        return FloatAttr(v, t)  # type: ignore[arg-type]
    return IntegerAttr(v, i32)


class Emitter:
    """Inserts the ops of one expansion before the matched op, for `f32` or a vector of it.

    Float helpers take and return float values of the matched op's type; integer helpers
    work on the same shape of `i32`.  A *condition* is an `i1` for scalars and an `i32`
    lane mask (all ones / zero) for vectors; `select` accepts either.
    """

    def __init__(self, rewriter: PatternRewriter, ftype: Attribute) -> None:
        self.rewriter = rewriter
        self.ftype = ftype
        self.is_vector = isinstance(ftype, VectorType)
        self.itype: Attribute = VectorType(i32, ftype.get_shape()) if isinstance(
            ftype, VectorType) else i32
        self._consts: dict[tuple[str, int], SSAValue] = {}

    def _op(self, op: Operation) -> SSAValue:
        self.rewriter.insert(op)
        return op.results[0]

    def _bin(self, cls: type[Operation], a: SSAValue, b: SSAValue) -> SSAValue:
        """A binary op whose result has its first operand's type."""
        return self._op(make(cls, (a, b), (a.type,)))

    # constants ---------------------------------------------------------------------
    def f(self, v: float) -> SSAValue:
        """A float32 constant (`v` must be exactly a float32; NaN and infinities allowed)."""
        if not math.isnan(v):
            assert f32(v) == v, f"{v!r} is not a float32"
        key = ("f", f32_bits(v))
        if key not in self._consts:
            attr = _constant_attr(self.ftype, "f", key[1])
            self._consts[key] = self._op(make(arith.ConstantOp, (), (self.ftype,), {"value": attr}))
        return self._consts[key]

    def i(self, v: int) -> SSAValue:
        """An i32 constant of the integer shape."""
        key = ("i", v)
        if key not in self._consts:
            attr = _constant_attr(self.itype, "i", v)
            self._consts[key] = self._op(make(arith.ConstantOp, (), (self.itype,), {"value": attr}))
        return self._consts[key]

    # float arithmetic ----------------------------------------------------------------
    def add(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self._bin(arith.AddfOp, a, b)

    def sub(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self._bin(arith.SubfOp, a, b)

    def mul(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self._bin(arith.MulfOp, a, b)

    def div(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self._bin(arith.DivfOp, a, b)

    def neg(self, a: SSAValue) -> SSAValue:
        return self._op(make(arith.NegfOp, (a,), (a.type,)))

    def fma(self, a: SSAValue, b: SSAValue, c: SSAValue) -> SSAValue:
        """`a*b + c` rounded once (`math.fma`)."""
        return self._op(make(mathd.FmaOp, (a, b, c), (a.type,)))

    def absf(self, a: SSAValue) -> SSAValue:
        return self._op(make(mathd.AbsFOp, (a,), (a.type,)))

    def copysign(self, a: SSAValue, sign: SSAValue) -> SSAValue:
        return self._bin(mathd.CopySignOp, a, sign)

    def clamp(self, x: SSAValue, lo: float, hi: float) -> SSAValue:
        """min(max(x, lo), hi), NaN propagating (`arith.maximumf`/`minimumf`)."""
        return self._bin(arith.MinimumfOp, self._bin(arith.MaximumfOp, x, self.f(lo)), self.f(hi))

    def minimum(self, x: SSAValue, hi: float) -> SSAValue:
        return self._bin(arith.MinimumfOp, x, self.f(hi))

    def horner(self, x: SSAValue, coeffs: Sequence[float]) -> SSAValue:
        """coeffs[0] + x*(coeffs[1] + x*(...)) with one fma per coefficient."""
        acc = self.f(coeffs[-1])
        for c in reversed(coeffs[:-1]):
            acc = self.fma(acc, x, self.f(c))
        return acc

    # bits and integers -------------------------------------------------------------
    def bits(self, x: SSAValue) -> SSAValue:
        return self._op(make(arith.BitcastOp, (x,), (self.itype,)))

    def from_bits(self, i: SSAValue) -> SSAValue:
        return self._op(make(arith.BitcastOp, (i,), (self.ftype,)))

    def iadd(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self._bin(arith.AddiOp, a, b)

    def isub(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self._bin(arith.SubiOp, a, b)

    def iand(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self._bin(arith.AndIOp, a, b)

    def ior(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self._bin(arith.OrIOp, a, b)

    def ixor(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self._bin(arith.XOrIOp, a, b)

    def shl(self, a: SSAValue, n: int) -> SSAValue:
        return self._bin(arith.ShLIOp, a, self.i(n))

    def ashr(self, a: SSAValue, n: int) -> SSAValue:
        return self._bin(arith.ShRSIOp, a, self.i(n))

    def imin(self, a: SSAValue, n: int) -> SSAValue:
        return self._bin(arith.MinSIOp, a, self.i(n))

    def pow2(self, k: SSAValue) -> SSAValue:
        """2^k for an integer k in [-126, 127] (a normal float built from exponent bits)."""
        return self.from_bits(self.shl(self.iadd(k, self.i(127)), 23))

    def small_int_to_float(self, i: SSAValue) -> SSAValue:
        """float(i) for |i| < 2^22 (`arith.sitofp`, or the magic number on vectors)."""
        if not self.is_vector:
            return self._op(make(arith.SIToFPOp, (i,), (self.ftype,)))
        biased = self.from_bits(self.iadd(i, self.i(f32_bits(MAGIC))))
        return self.sub(biased, self.f(MAGIC))

    # conditions and selects --------------------------------------------------------
    def _sign_mask(self, i: SSAValue) -> SSAValue:
        """All ones where the i32 `i` is negative, else zero."""
        return self.ashr(i, 31)

    def _cmpf(self, pred: str, a: SSAValue, b: SSAValue) -> SSAValue:
        return self._op(arith.CmpfOp(a, b, pred))

    def lt_const(self, a: SSAValue, c: float) -> SSAValue:
        """a < c, for `a` = |something| (non-negative or NaN) and c > 0; false for NaN."""
        if not self.is_vector:
            return self._cmpf("olt", a, self.f(c))
        return self._sign_mask(self.isub(self.bits(a), self.i(f32_bits(c))))

    def eq_const(self, x: SSAValue, c: float) -> SSAValue:
        """x == c for a non-zero, non-NaN constant c."""
        if not self.is_vector:
            return self._cmpf("oeq", x, self.f(c))
        d = self.ixor(self.bits(x), self.i(f32_bits(c)))
        nonzero = self._sign_mask(self.ior(d, self.isub(self.i(0), d)))
        return self.ixor(nonzero, self.i(-1))

    def is_zero(self, x: SSAValue, abs_bits: SSAValue | None = None) -> SSAValue:
        """x == +-0 (`abs_bits` may pass the already computed bits of |x|)."""
        if not self.is_vector:
            return self._cmpf("oeq", x, self.f(0.0))
        if abs_bits is None:
            abs_bits = self.iand(self.bits(x), self.i(0x7FFFFFFF))
        return self._sign_mask(self.isub(abs_bits, self.i(1)))

    def ult_const(self, x: SSAValue, c: float) -> SSAValue:
        """x < c or x is NaN, for a constant c <= 0."""
        assert c <= 0
        if not self.is_vector:
            return self._cmpf("ult", x, self.f(c))
        xi = self.bits(x)
        ax = self.iand(xi, self.i(0x7FFFFFFF))
        beyond = self._sign_mask(self.isub(self.i(f32_bits(abs(c))), ax))  # |x| > |c|
        negative = self.iand(self._sign_mask(xi), beyond)
        nan = self._sign_mask(self.isub(self.i(0x7F800000), ax))
        return self.ior(negative, nan)

    def low_bit_set(self, q: SSAValue, bit: int) -> SSAValue:
        """(q >> bit) & 1 == 1 for an i32 q."""
        one = self.iand(self.ashr(q, bit) if bit else q, self.i(1))
        if not self.is_vector:
            return self._op(arith.CmpiOp(one, self.i(0), "ne"))
        return self.isub(self.i(0), one)

    def select(self, cond: SSAValue, a: SSAValue, b: SSAValue) -> SSAValue:
        """cond ? a : b, lane by lane."""
        if not self.is_vector:
            return self._op(make(arith.SelectOp, (cond, a, b), (a.type,)))
        ai, bi = self.bits(a), self.bits(b)
        return self.from_bits(self.ixor(bi, self.iand(self.ixor(ai, bi), cond)))


# ---------------------------------------------------------------------------------------
# the expansions (each takes the op's operand and returns the replacement value)


def _reduce_by_ln2(em: Emitter, x: SSAValue) -> tuple[SSAValue, SSAValue, SSAValue]:
    """x = k*ln2 + r with |r| <= ln2/2 (x finite, |x| < 2^21): returns (r, k, k as i32)."""
    t = em.fma(x, em.f(LOG2E), em.f(MAGIC))
    k = em.sub(t, em.f(MAGIC))
    ki = em.isub(em.bits(t), em.i(f32_bits(MAGIC)))
    r = em.fma(k, em.f(-LN2_HI), x)
    r = em.fma(k, em.f(-LN2_LO), r)
    return r, k, ki


def exp_core(em: Emitter, x: SSAValue, *, subnormal_results: bool) -> SSAValue:
    """exp(x) for x in [-104, 89] (or NaN); with `subnormal_results` false, x in [-87, 88]."""
    r, _, k = _reduce_by_ln2(em, x)
    p = em.horner(r, EXP_POLY)
    if not subnormal_results:
        return em.mul(p, em.pow2(k))
    k1 = em.ashr(k, 1)
    k2 = em.isub(k, k1)
    return em.mul(em.mul(p, em.pow2(k1)), em.pow2(k2))


def expand_exp(em: Emitter, x: SSAValue) -> SSAValue:
    return exp_core(em, em.clamp(x, -104.0, 89.0), subnormal_results=True)


def expand_expm1(em: Emitter, x: SSAValue) -> SSAValue:
    r, k, ki = _reduce_by_ln2(em, em.clamp(x, -60.0, 89.0))
    u = em.fma(em.mul(r, r), em.horner(r, EXPM1_Q), r)
    s = em.pow2(em.isub(ki, em.i(1)))  # 2^(k-1)
    half = em.fma(s, u, em.sub(s, em.f(0.5)))  # (2^k * (u + 1) - 1) / 2
    # for k = 0 the result is u itself (halving a subnormal u would round it)
    res = em.select(em.is_zero(k), u, em.add(half, half))
    return em.copysign(res, x)


def _split_log(em: Emitter, x: SSAValue) -> tuple[SSAValue, SSAValue]:
    """x = (1 + f) * 2^e with 1 + f in [sqrt(1/2), sqrt(2)), for finite x > 0 (normal):
    returns (f, e as i32)."""
    xi = em.bits(x)
    e = em.ashr(em.isub(xi, em.i(SQRT_HALF_BITS)), 23)
    m = em.from_bits(em.isub(xi, em.shl(e, 23)))
    return em.sub(m, em.f(1.0)), e


def _log1p_poly(em: Emitter, f: SSAValue) -> tuple[SSAValue, SSAValue]:
    """(f^2 Q(f), f + f^2 Q(f)) = (log1p(f) - f, log1p(f)) for f in [-0.293, 0.415]."""
    g = em.mul(em.mul(f, f), em.horner(f, LOG1P_Q))
    return g, em.add(f, g)


def _log_specials(em: Emitter, x: SSAValue, res: SSAValue, a: SSAValue) -> SSAValue:
    """log(+inf) = +inf, log(+-0) = -inf, log(x < 0 or NaN) = NaN."""
    abs_bits = em.bits(a) if em.is_vector else None
    res = em.select(em.eq_const(x, INF), em.f(INF), res)
    res = em.select(em.is_zero(x, abs_bits), em.f(-INF), res)
    return em.select(em.ult_const(x, 0.0), em.f(math.nan), res)


def _normalise_subnormal(em: Emitter, x: SSAValue) -> tuple[SSAValue, SSAValue, SSAValue]:
    """(|x|, x scaled by 2^23 if |x| is subnormal, the float exponent correction)."""
    a = em.absf(x)
    tiny = em.lt_const(a, MIN_NORMAL)
    xs = em.select(tiny, em.mul(x, em.f(2.0**23)), x)
    eadj = em.select(tiny, em.f(23.0), em.f(0.0))
    return a, xs, eadj


def expand_log(em: Emitter, x: SSAValue) -> SSAValue:
    a, xs, eadj = _normalise_subnormal(em, x)
    f, ei = _split_log(em, xs)
    _, lp = _log1p_poly(em, f)
    e = em.sub(em.small_int_to_float(ei), eadj)
    res = em.fma(e, em.f(LN2_HI), em.fma(e, em.f(LN2_LO), lp))
    return _log_specials(em, x, res, a)


def expand_log2(em: Emitter, x: SSAValue) -> SSAValue:
    a, xs, eadj = _normalise_subnormal(em, x)
    f, ei = _split_log(em, xs)
    g, _ = _log1p_poly(em, f)
    e = em.sub(em.small_int_to_float(ei), eadj)
    # log2(1 + f) = (f + g) * log2(e) in double-float: hi + lo
    hi = em.mul(f, em.f(LOG2E))
    lo = em.fma(f, em.f(LOG2E), em.neg(hi))  # exact error of the product
    lo = em.fma(f, em.f(LOG2E_LO), lo)
    lo = em.fma(g, em.f(LOG2E), lo)
    # e + hi by Fast2Sum (|e| >= |hi| unless e == 0, where it is exact anyway)
    s = em.add(e, hi)
    t = em.add(em.sub(e, s), hi)
    res = em.add(s, em.add(t, lo))
    return _log_specials(em, x, res, a)


def expand_log1p(em: Emitter, x: SSAValue) -> SSAValue:
    one = em.f(1.0)
    u = em.add(x, one)
    # TwoSum: c = (x + 1) - u exactly
    bb = em.sub(u, x)
    c = em.add(em.sub(x, em.sub(u, bb)), em.sub(one, bb))
    f, ei = _split_log(em, u)
    inv_scale = em.pow2(em.isub(em.i(0), em.imin(ei, 126)))  # 2^-e (2^-126 for e > 126)
    fc = em.fma(c, inv_scale, f)
    _, lp = _log1p_poly(em, fc)
    e = em.small_int_to_float(ei)
    res = em.fma(e, em.f(LN2_HI), em.fma(e, em.f(LN2_LO), lp))
    res = em.copysign(res, x)
    res = em.select(em.eq_const(x, INF), em.f(INF), res)
    res = em.select(em.eq_const(x, -1.0), em.f(-INF), res)
    return em.select(em.ult_const(x, -1.0), em.f(math.nan), res)


def _sin_cos(em: Emitter, x: SSAValue, *, cosine: bool) -> SSAValue:
    t = em.fma(x, em.f(TWO_OVER_PI), em.f(MAGIC))
    k = em.sub(t, em.f(MAGIC))
    q = em.isub(em.bits(t), em.i(f32_bits(MAGIC)))
    if cosine:
        q = em.iadd(q, em.i(1))
    r = em.fma(k, em.f(-PIO2_1), x)
    r = em.fma(k, em.f(-PIO2_2), r)
    r = em.fma(k, em.f(-PIO2_3), r)
    z = em.mul(r, r)
    sin_r = em.copysign(em.fma(em.mul(r, z), em.horner(z, SIN_S), r), r)  # keeps -0
    cos_r = em.fma(z, em.fma(z, em.horner(z, COS_C), em.f(-0.5)), em.f(1.0))
    v = em.select(em.low_bit_set(q, 0), cos_r, sin_r)
    flip = em.shl(em.iand(q, em.i(2)), 30)  # the sign bit when q mod 4 is 2 or 3
    v = em.from_bits(em.ixor(em.bits(v), flip))
    return em.clamp(v, -1.0, 1.0)


def expand_sin(em: Emitter, x: SSAValue) -> SSAValue:
    return _sin_cos(em, x, cosine=False)


def expand_cos(em: Emitter, x: SSAValue) -> SSAValue:
    return _sin_cos(em, x, cosine=True)


def expand_tanh(em: Emitter, x: SSAValue) -> SSAValue:
    a = em.absf(x)
    z = em.mul(a, a)
    small = em.fma(em.mul(a, z), em.horner(z, TANH_T), a)
    e = exp_core(em, em.minimum(em.add(a, a), 20.0), subnormal_results=False)
    large = em.sub(em.f(1.0), em.div(em.f(2.0), em.add(e, em.f(1.0))))
    res = em.select(em.lt_const(a, TANH_SMALL), small, large)
    return em.copysign(res, x)


def expand_erf(em: Emitter, x: SSAValue) -> SSAValue:
    a = em.absf(x)
    z = em.mul(a, a)
    g = em.mul(em.mul(a, z), em.horner(z, ERF_P))
    small = em.fma(a, em.f(ERF_C0_HI), em.fma(a, em.f(ERF_C0_LO), g))
    ac = em.minimum(a, 4.0)
    r = em.horner(em.sub(ac, em.f(ERF_MID)), ERFC_R)
    e = exp_core(em, em.mul(em.neg(ac), ac), subnormal_results=False)
    large = em.fma(em.neg(e), r, em.f(1.0))
    res = em.select(em.lt_const(a, ERF_SMALL), small, large)
    return em.copysign(res, x)


def expand_atan(em: Emitter, x: SSAValue) -> SSAValue:
    a = em.absf(x)
    one = em.f(1.0)
    low = em.lt_const(a, TAN_PI_8)  # atan(a) = atan(a)
    mid = em.lt_const(a, TAN_3PI_8)  # atan(a) = pi/4 + atan((a-1)/(a+1))
    # otherwise atan(a) = pi/2 + atan(-1/a)
    num = em.select(low, a, em.select(mid, em.sub(a, one), em.f(-1.0)))
    den = em.select(low, one, em.select(mid, em.add(a, one), a))
    t = em.div(num, den)
    zero = em.f(0.0)
    base_hi = em.select(low, zero, em.select(mid, em.f(PIO4_HI), em.f(PIO2_HI)))
    base_lo = em.select(low, zero, em.select(mid, em.f(PIO4_LO), em.f(PIO2_LO)))
    z = em.mul(t, t)
    p = em.fma(em.mul(t, z), em.horner(z, ATAN_A), t)
    res = em.add(base_hi, em.add(p, base_lo))
    return em.copysign(res, x)


# ---------------------------------------------------------------------------------------
# patterns and the pass


def _expandable_type(t: Attribute) -> bool:
    """f32, or a fixed-size vector of f32."""
    if isinstance(t, Float32Type):
        return True
    return (isinstance(t, VectorType) and isinstance(t.element_type, Float32Type)
            and not any(s.value.data for s in t.scalable_dims))


class _ExpandF32MathOp(RewritePattern, ABC):
    """Base: replace one f32 (or vector of f32) math op by the ops of `expand`."""

    op_type: ClassVar[type[Operation]]

    @abstractmethod
    def expand(self, em: Emitter, x: SSAValue) -> SSAValue: ...

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        if not isinstance(op, self.op_type):
            return
        if not _expandable_type(op.results[0].type):
            return
        em = Emitter(rewriter, op.results[0].type)
        rewriter.replace(op, [], [self.expand(em, op.operands[0])])


class ExpandExp(_ExpandF32MathOp):
    """math.exp(x) -> 2^k1 * 2^k2 * P(x - (k1 + k2) ln2), k = round(x / ln2)."""

    op_type = mathd.ExpOp

    def expand(self, em: Emitter, x: SSAValue) -> SSAValue:
        return expand_exp(em, x)


class ExpandExpm1(_ExpandF32MathOp):
    """math.expm1(x) -> 2 * (2^(k-1) * expm1(r) + 2^(k-1) - 1/2), r = x - k ln2."""

    op_type = mathd.ExpM1Op

    def expand(self, em: Emitter, x: SSAValue) -> SSAValue:
        return expand_expm1(em, x)


class ExpandLog(_ExpandF32MathOp):
    """math.log(x) -> e ln2 + log1p(m - 1), x = m 2^e, m in [sqrt(1/2), sqrt(2))."""

    op_type = mathd.LogOp

    def expand(self, em: Emitter, x: SSAValue) -> SSAValue:
        return expand_log(em, x)


class ExpandLog2(_ExpandF32MathOp):
    """math.log2(x) -> e + log1p(m - 1) log2(e), x = m 2^e, m in [sqrt(1/2), sqrt(2))."""

    op_type = mathd.Log2Op

    def expand(self, em: Emitter, x: SSAValue) -> SSAValue:
        return expand_log2(em, x)


class ExpandLog1p(_ExpandF32MathOp):
    """math.log1p(x) -> e ln2 + log1p(m - 1 + c 2^-e), 1 + x = m 2^e - c exactly."""

    op_type = mathd.Log1pOp

    def expand(self, em: Emitter, x: SSAValue) -> SSAValue:
        return expand_log1p(em, x)


class ExpandSin(_ExpandF32MathOp):
    """math.sin(x) -> +-sin(r) or +-cos(r) by quadrant, r = x - k pi/2 (Cody-Waite)."""

    op_type = mathd.SinOp

    def expand(self, em: Emitter, x: SSAValue) -> SSAValue:
        return expand_sin(em, x)


class ExpandCos(_ExpandF32MathOp):
    """math.cos(x) -> +-cos(r) or +-sin(r) by quadrant, r = x - k pi/2 (Cody-Waite)."""

    op_type = mathd.CosOp

    def expand(self, em: Emitter, x: SSAValue) -> SSAValue:
        return expand_cos(em, x)


class ExpandTanh(_ExpandF32MathOp):
    """math.tanh(x) -> x + x^3 T(x^2) near 0, else sign(x) (1 - 2 / (exp(2|x|) + 1))."""

    op_type = mathd.TanhOp

    def expand(self, em: Emitter, x: SSAValue) -> SSAValue:
        return expand_tanh(em, x)


class ExpandErf(_ExpandF32MathOp):
    """math.erf(x) -> x P(x^2) near 0, else sign(x) (1 - exp(-x^2) R(|x|))."""

    op_type = mathd.ErfOp

    def expand(self, em: Emitter, x: SSAValue) -> SSAValue:
        return expand_erf(em, x)


class ExpandAtan(_ExpandF32MathOp):
    """math.atan(x) -> sign(x) (base + atan(t)), |t| <= tan(pi/8) after reduction."""

    op_type = mathd.AtanOp

    def expand(self, em: Emitter, x: SSAValue) -> SSAValue:
        return expand_atan(em, x)


#: short op name -> its pattern
PATTERNS: dict[str, type[_ExpandF32MathOp]] = {
    "exp": ExpandExp,
    "expm1": ExpandExpm1,
    "log": ExpandLog,
    "log2": ExpandLog2,
    "log1p": ExpandLog1p,
    "sin": ExpandSin,
    "cos": ExpandCos,
    "tanh": ExpandTanh,
    "erf": ExpandErf,
    "atan": ExpandAtan,
}


def populate_patterns(ops: Sequence[str] = tuple(PATTERNS)) -> list[RewritePattern]:
    """The patterns for the named ops (short names, e.g. `("exp", "tanh")`)."""
    return [PATTERNS[name]() for name in ops]




class _Appender:
    """The `insert` an `Emitter` needs, appending to a block (a function's body)."""

    def __init__(self, block: Block) -> None:
        self.block = block

    def insert(self, op: Operation) -> None:
        self.block.add_op(op)


def _type_suffix(t: Attribute) -> str:
    if isinstance(t, VectorType):
        return "v" + "x".join(str(d) for d in t.get_shape()) + "f32"
    return "f32"


#: a kernel with at least this many calls of the functions calls the vector variants
#: (see MathPolynomialApproximationPass.functions); fewer are inlined
VECTOR_CALLS_MIN = 16
#: the vector lengths of the variants (LLVM's loop vectoriser picks one)
VECTOR_LENGTHS = (4, 8, 16)


def _outline(module: ModuleOp, names: Sequence[str]) -> None:
    """In CPU kernels, each selected op becomes a `func.call` of one function per (op,
    type) holding the expansion, made once per module (`functions=true`); the calls are
    marked to be inlined, or, in a kernel with many of them, to be vectorised as calls of
    the function's vector variants."""
    from xdsl.dialects import func
    from xdsl.dialects.builtin import StringAttr, UnitAttr

    by_type = {PATTERNS[n].op_type: n for n in names}
    made: dict[tuple[str, Attribute], str] = {}
    variant_attrs: dict[str, StringAttr] = {}
    kernels = [
        f for f in module.ops
        if isinstance(f, func.FuncOp) and KERNEL_ATTR in f.attributes
        and MATH_FUNCTION_ATTR not in f.attributes
    ]  # fmt: skip
    for kernel in kernels:
        calls: list[tuple[func.CallOp, str, Attribute]] = []
        for op in list(kernel.walk()):
            name = by_type.get(type(op))  # type: ignore[arg-type]
            if name is None or not _expandable_type(t := op.results[0].type):
                continue
            if (name, t) not in made:
                made[(name, t)] = _make_function(module, name, t)
            call = func.CallOp(made[(name, t)], [op.operands[0]], [t])
            call.location = op.location
            Rewriter.replace_op(op, call)
            calls.append((call, name, t))
        many = len(calls) >= VECTOR_CALLS_MIN
        for call, name, t in calls:
            if not many or not isinstance(t, Float32Type):
                call.attributes["always_inline"] = UnitAttr()
                continue
            if name not in variant_attrs:  # (t is f32: one attribute per op, made once)
                variants = []
                for n in VECTOR_LENGTHS:
                    vt = VectorType(t, [n])
                    if (name, vt) not in made:
                        made[(name, vt)] = _make_function(module, name, vt, variant=True)
                    variants.append(f"_ZGV_LLVM_N{n}v_{made[(name, t)]}({made[(name, vt)]})")
                variant_attrs[name] = StringAttr(",".join(variants))
            call.attributes["no_inline"] = UnitAttr()
            call.attributes[VECTOR_VARIANTS_ATTR] = variant_attrs[name]


def _make_function(module: ModuleOp, name: str, t: Attribute, *, variant: bool = False) -> str:
    from xdsl.dialects import func
    from xdsl.dialects.builtin import FunctionType, UnitAttr

    symbol = f"__arignote_{name}_{_type_suffix(t)}"
    block = Block(arg_types=[t])
    em = Emitter(_Appender(block), t)  # type: ignore[arg-type]
    block.add_op(func.ReturnOp(PATTERNS[name]().expand(em, block.args[0])))
    f = func.FuncOp(symbol, FunctionType.from_lists([t], [t]), Region(block), "private")
    f.attributes[KERNEL_ATTR] = UnitAttr()
    f.attributes[MATH_FUNCTION_ATTR] = UnitAttr()
    if variant:
        f.attributes[VECTOR_VARIANT_ATTR] = UnitAttr()
    module.body.block.add_op(f)
    return symbol


@dataclass(frozen=True)
class MathPolynomialApproximationPass(ModulePass):
    """Expand f32 exp/expm1/log/log2/log1p/sin/cos/tanh/erf/atan into arith + fma."""

    name = "math-polynomial-approximation"

    ops: tuple[str, ...] = tuple(PATTERNS)
    """The ops to expand, short (`exp`) or full (`math.exp`) names; default: all."""

    functions: bool = False
    """In CPU kernels (`arignote.kernel` functions), expand each op once per module as a
    private function `@__arignote_<op>_<type>` (marked `arignote.kernel` and
    `arignote.math_function`) and call it: a chain of 100 sines is 100 calls, not 4,000
    ops, for the passes after this one.  In a kernel with fewer than VECTOR_CALLS_MIN
    calls they are marked `always_inline` (LLVM inlines and vectorises the expansions as
    before); in one with more, `no_inline` with `arignote.vector_variants` naming the
    function's vector variants `@__arignote_<op>_v<N>f32` (N in VECTOR_LENGTHS, made
    here, marked `arignote.vector_variant`) in LLVM's vector-function ABI: the loop
    vectoriser calls those, and LLVM compiles each expansion a few times instead of once
    per use.  Elsewhere (GPU code, host code) the ops are expanded in place."""

    def selected(self) -> list[str]:
        """The short names of `ops`; raises `PassError` naming an unknown one."""
        names: list[str] = []
        for raw in self.ops:
            name = raw.strip().removeprefix("math.")
            if name not in PATTERNS:
                raise PassError(
                    f"error: {self.name}: unknown op '{raw}' in ops= "
                    f"(supported: {', '.join(PATTERNS)})"
                )
            names.append(name)
        return names

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        names = self.selected()
        if self.functions:
            _outline(op, names)
        patterns = populate_patterns(names)
        PatternRewriteWalker(
            GreedyRewritePatternApplier(patterns, dce_enabled=False), apply_recursively=False
        ).rewrite_module(op)
