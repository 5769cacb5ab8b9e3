"""`arignote.tensor.basic`: types, constants and elementwise math of `arignote.tensor`.

Constructors (`scalar`, `vector`, `matrix`, `tensor3`, `tensor4`, `TensorType`, the
`i`/`l`/`f`/`d`/`b` prefixed forms), `as_tensor_variable`, `constant`, and the elementwise
operations as functions and Python operators.  Elementwise operations broadcast as
Theano does (operands right-aligned, size-1 "broadcastable" dims expand) and follow
NumPy's dtype rules, with Python scalars taking the dtype of the tensors they meet
(`x * 2` stays float32).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from arignote.config import config
from arignote.dialects import tt as ttd
from arignote.errors import DTypeError, ShapeError
from arignote.graph import (
    ALL_DTYPES,
    FLOAT_DTYPES,
    INT_DTYPES,
    UINT_DTYPES,
    Apply,
    Constant,
    Op,
    TensorType,
    Variable,
    broadcast_pattern,
    describe,
    static_shape_conflict,
    user_location,
)

# --------------------------------------------------------------------------- constructors


def _type(dtype: Any, ndim: int, broadcastable: Sequence[bool] | None = None) -> TensorType:
    if dtype is None:
        dtype = config.floatX
    if broadcastable is None:
        broadcastable = (False,) * ndim
    return TensorType(dtype, tuple(broadcastable))


def scalar(name: str | None = None, dtype: Any = None) -> Variable:
    return _type(dtype, 0)(name)


def vector(name: str | None = None, dtype: Any = None) -> Variable:
    return _type(dtype, 1)(name)


def matrix(name: str | None = None, dtype: Any = None) -> Variable:
    return _type(dtype, 2)(name)


def row(name: str | None = None, dtype: Any = None) -> Variable:
    return _type(dtype, 2, (True, False))(name)


def col(name: str | None = None, dtype: Any = None) -> Variable:
    return _type(dtype, 2, (False, True))(name)


def tensor3(name: str | None = None, dtype: Any = None) -> Variable:
    return _type(dtype, 3)(name)


def tensor4(name: str | None = None, dtype: Any = None) -> Variable:
    return _type(dtype, 4)(name)


def tensor5(name: str | None = None, dtype: Any = None) -> Variable:
    return _type(dtype, 5)(name)


def tensor6(name: str | None = None, dtype: Any = None) -> Variable:
    return _type(dtype, 6)(name)


def tensor7(name: str | None = None, dtype: Any = None) -> Variable:
    return _type(dtype, 7)(name)


def tensor(
    dtype: Any = None, broadcastable: Sequence[bool] = (), name: str | None = None
) -> Variable:
    return _type(dtype, len(broadcastable), broadcastable)(name)


def _prefixed(dtype: str):  # type: ignore[no-untyped-def]
    def make(ctor):  # type: ignore[no-untyped-def]
        def f(name: str | None = None) -> Variable:
            return ctor(name, dtype=dtype)

        f.__name__ = f"{dtype}_{ctor.__name__}"
        return f

    return make


_PREFIX = {"i": "int32", "l": "int64", "f": "float32", "d": "float64", "b": "int8", "w": "int16"}
_KINDS = (scalar, vector, matrix, row, col, tensor3, tensor4, tensor5, tensor6, tensor7)
for _p, _dt in _PREFIX.items():
    for _ctor in _KINDS:
        globals()[_p + _ctor.__name__] = _prefixed(_dt)(_ctor)


def _multi(make):  # type: ignore[no-untyped-def]
    """Theano's plural constructors (`_multi`, tensor/basic.py l.644): `matrices(3)` gives
    3 unnamed variables, `matrices('a', 'b')` two named ones, and one string names one
    variable per character (`matrices('ab')`), except a 1-character name gives the
    variable itself."""

    def many(*names: Any) -> Any:
        if names and isinstance(names[0], int):
            return [make() for _ in range(names[0])]
        if len(names) == 1:
            names = names[0]
        if len(names) == 1:
            return make(names)
        return [make(n) for n in names]

    many.__name__ = make.__name__ + ("es" if make.__name__.endswith("x") else "s")
    return many


_PLURALS = []
for _p in ("", "f", "d", "i", "l"):
    for _ctor in _KINDS:
        _single = globals()[_p + _ctor.__name__]
        _plural = _multi(_single)
        _plural.__name__ = _p + ("matrices" if _ctor is matrix else _ctor.__name__ + "s")
        globals()[_plural.__name__] = _plural
        _PLURALS.append(_plural.__name__)

# --------------------------------------------------------------------------- constants


def constant(value: Any, name: str | None = None, dtype: Any = None) -> Constant:
    arr = np.asarray(value, dtype=dtype)
    return TensorType(arr.dtype, tuple(n == 1 for n in arr.shape)).make_constant(arr, name=name)


def as_tensor_variable(x: Any, name: str | None = None, ndim: int | None = None) -> Variable:
    """x as a tensor variable: variables as they are, a (nested) list or tuple holding
    symbolic values stacked (Theano's rule), anything else a constant."""
    if isinstance(x, list | tuple) and _holds_variables(x):
        from arignote.tensor.shape import stack

        v = stack([as_tensor_variable(e) for e in x])
    elif isinstance(x, Variable):
        v = x
    else:
        try:
            v = constant(x, name=name)
        except (TypeError, ValueError) as e:
            raise DTypeError(f"cannot turn {x!r} into a tensor: {e}") from None
    if ndim is not None and v.ndim != ndim:
        raise ShapeError(f"{describe(v)} has {v.ndim} dimension(s), expected {ndim}")
    return v


def _holds_variables(x: list | tuple) -> bool:
    return any(
        isinstance(e, Variable) or (isinstance(e, list | tuple) and _holds_variables(e)) for e in x
    )


as_tensor = as_tensor_variable

#: Theano's dtype lists (basic.py l.55-63); arignote computes in ALL_DTYPES
int_dtypes = ["int8", "int16", "int32", "int64"]
uint_dtypes = ["uint8", "uint16", "uint32", "uint64"]
float_dtypes = ["float16", "float32", "float64"]
complex_dtypes = ["complex64", "complex128"]
integer_dtypes = int_dtypes + uint_dtypes
discrete_dtypes = ["bool", *integer_dtypes]
continuous_dtypes = float_dtypes + complex_dtypes
all_dtypes = discrete_dtypes + continuous_dtypes


def _is_weak(x: Any) -> bool:
    return isinstance(x, bool | int | float) and not isinstance(x, np.generic)


# --------------------------------------------------------------------------- elementwise


class Elemwise(Op):
    """An elementwise tt op with Theano broadcasting and NumPy dtype rules.

    `compute` decides the dtype the tt op runs in: "out" casts the operands to the
    result dtype (exp of ints runs in float, see `dtypes`), "common" to the common dtype
    of the operands (comparisons; the result is bool).
    """

    def __init__(self, tt_op: type[ttd.ElementwiseOp], name: str, compute: str = "out"):
        self.tt_op = tt_op
        self.name = name
        self.compute = compute

    def __str__(self) -> str:
        return self.name

    def dtypes(self, in_dtypes: Sequence[str]) -> tuple[str, str]:
        """(dtype the operands are cast to, dtype of the result), Theano's upcasts:
        float-only ops on integers run in float32 (8/16-bit ints, bool) or float64
        (`upgrade_to_float`, theano/scalar/basic.py l.855); true_div of integers gives
        floatX (`TrueDiv.output_types`, l.1890); arithmetic on bools runs in int8;
        comparisons give bool."""
        common = _dname(np.result_type(*[np.dtype(d) for d in in_dtypes]))
        if self.compute == "common":
            return common, "bool"
        if self.compute == "pred":  # float predicates: isnan, isinf
            if common not in FLOAT_DTYPES:
                common = "float32" if common in _TO_FLOAT32 else "float64"
            return common, "bool"
        kind = self.tt_op.KIND
        if kind == "int":
            return common, common
        if self.tt_op is ttd.TrueDivOp and common not in FLOAT_DTYPES:
            return config.floatX, config.floatX
        if kind == "float" and common not in FLOAT_DTYPES:
            common = "float32" if common in _TO_FLOAT32 else "float64"
        elif common == "bool":
            common = "int8"
        return common, common

    def make_node(self, *inputs: Any) -> Apply:
        loc = user_location()
        variables = [x for x in inputs if isinstance(x, Variable)]
        if not variables:
            variables = [as_tensor_variable(x) for x in inputs]
            inputs = tuple(variables)
        base = np.result_type(*[np.dtype(v.dtype) for v in variables])
        converted: list[Variable] = []
        for x in inputs:
            if isinstance(x, Variable):
                converted.append(x)
            elif _is_weak(x):
                dt = np.result_type(base, _autocast(x) if base.kind in "iub" else x)
                converted.append(constant(np.asarray(x, dtype=dt)))
            else:
                converted.append(as_tensor_variable(x))
        if self.tt_op is ttd.WhereOp:
            return self._make_where(converted, loc)
        in_dt, out_dt = self.dtypes([v.dtype for v in converted])
        if all(v.dtype == "bool" for v in converted) and self.name in _ON_BOOLS:
            logical = _ON_BOOLS[self.name]
            if logical is None:
                raise DTypeError(
                    f"{self.name} at {loc[0]}:{loc[1]}: bool operands are not supported "
                    "(Theano refuses them; cast to an integer first): "
                    + ", ".join(describe(v) for v in converted)
                )
            # (a unary op on a bool is its binary logical op with itself: |x| = x | x)
            return logical.make_node(*(converted * 2 if len(converted) == 1 else converted))
        kind = self.tt_op.KIND
        ints = (*INT_DTYPES, *UINT_DTYPES)
        allowed = ("bool", *ints) if kind == "int" else ints
        if kind in ("int", "integer") and in_dt not in allowed:
            what = "integer or boolean" if kind == "int" else "integer"
            raise DTypeError(
                f"{self.name} at {loc[0]}:{loc[1]}: needs {what} operands, got "
                + ", ".join(describe(v) for v in converted)
            )
        conflict = static_shape_conflict(converted)
        if conflict is not None:
            d, sizes = conflict
            raise ShapeError(
                f"{self.name} at {loc[0]}:{loc[1]}: operands cannot broadcast in dim {d} "
                f"(sizes {sizes}): " + ", ".join(describe(v) for v in converted)
            )
        out = TensorType(out_dt, broadcast_pattern(converted)).make_variable()
        node = Apply(self, converted, [out], loc)
        node.compute_dtype = in_dt  # type: ignore[attr-defined]
        out.owner = node
        return node

    def _make_where(self, inputs: list[Variable], loc: tuple[str, int]) -> Apply:
        if len(inputs) != 3:
            raise TypeError("switch takes (condition, if_true, if_false)")
        conflict = static_shape_conflict(inputs)
        if conflict is not None:
            d, sizes = conflict
            raise ShapeError(
                f"{self.name} at {loc[0]}:{loc[1]}: operands cannot broadcast in dim {d} "
                f"(sizes {sizes}): " + ", ".join(describe(v) for v in inputs)
            )
        value_dt = _dname(np.result_type(inputs[1].dtype, inputs[2].dtype))
        out = TensorType(value_dt, broadcast_pattern(inputs)).make_variable()
        node = Apply(self, inputs, [out], loc)
        node.compute_dtype = value_dt  # type: ignore[attr-defined]
        out.owner = node
        return node

    def __call__(self, *inputs: Any) -> Variable:  # type: ignore[override]
        return self.make_node(*inputs).outputs[0]

    def emit(self, em: Any, node: Apply, inputs: Sequence[Any]) -> list[Any]:
        return [em.elementwise(node, self.tt_op, inputs)]


#: the integer dtypes float-only ops turn into float32 (Theano's `upgrade_to_float`)
_TO_FLOAT32 = ("bool", "int8", "int16", "uint8", "uint16")


def _autocast(x: int | float) -> np.dtype:
    """The dtype Theano gives a Python number meeting an integer tensor
    (`NumpyAutocaster`, theano/scalar/basic.py l.161-213, `convert` l.252-283): an int
    the smallest of int8 ... int64 that holds it (uint64 beyond); a float floatX when
    that is float32 or float16, else float32 if exact, else float64.  So `x + 1` with x
    uint8 is int16 (NumPy's uint8 + int8), and `x / 255.` float32."""
    if isinstance(x, bool):
        return np.dtype(np.bool_)
    if isinstance(x, int):
        for d in (np.int8, np.int16, np.int32, np.int64):
            if np.iinfo(d).min <= x <= np.iinfo(d).max:
                return np.dtype(d)
        return np.dtype(np.uint64)
    if config.floatX in ("float16", "float32"):
        return np.dtype(config.floatX)
    return np.dtype(np.float32) if float(np.float32(x)) == x else np.dtype(np.float64)


def _dname(d: Any) -> str:
    d = np.dtype(d)
    return "bool" if d == np.bool_ else d.name


def _elemwise(tt_op: type[ttd.ElementwiseOp], name: str, compute: str = "out") -> Elemwise:
    return Elemwise(tt_op, name, compute)


add = _elemwise(ttd.AddOp, "add")
sub = _elemwise(ttd.SubOp, "sub")
mul = _elemwise(ttd.MulOp, "mul")
true_div = _elemwise(ttd.TrueDivOp, "true_div")
int_div = _elemwise(ttd.IntDivOp, "int_div")
floor_div = int_div
mod = _elemwise(ttd.ModOp, "mod")
pow = _elemwise(ttd.PowOp, "pow")  # noqa: A001 - Theano's name
maximum = _elemwise(ttd.MaximumOp, "maximum")
minimum = _elemwise(ttd.MinimumOp, "minimum")
and_ = _elemwise(ttd.AndOp, "and_")
or_ = _elemwise(ttd.OrOp, "or_")
bitwise_and, bitwise_or = and_, or_
neg = _elemwise(ttd.NegOp, "neg")
abs_ = _elemwise(ttd.AbsOp, "abs_")
exp = _elemwise(ttd.ExpOp, "exp")
log = _elemwise(ttd.LogOp, "log")
log1p = _elemwise(ttd.Log1pOp, "log1p")
sqrt = _elemwise(ttd.SqrtOp, "sqrt")
sin = _elemwise(ttd.SinOp, "sin")
cos = _elemwise(ttd.CosOp, "cos")
tanh = _elemwise(ttd.TanhOp, "tanh")
sigmoid = _elemwise(ttd.SigmoidOp, "sigmoid")
invert = _elemwise(ttd.NotOp, "invert")
bitwise_not = invert
eq = _elemwise(ttd.EqOp, "eq", "common")
neq = _elemwise(ttd.NeOp, "neq", "common")
lt = _elemwise(ttd.LtOp, "lt", "common")
le = _elemwise(ttd.LeOp, "le", "common")
gt = _elemwise(ttd.GtOp, "gt", "common")
ge = _elemwise(ttd.GeOp, "ge", "common")
switch = _elemwise(ttd.WhereOp, "switch")
where = switch
xor = _elemwise(ttd.XorOp, "xor")

#: Theano's arithmetic on bool operands only: add and maximum are a logical or, mul and
#: minimum a logical and, all typed bool (`upcast_out`; the C code uses || and &&);
#: sub and neg refuse bools (`upcast_out_nobool`, `same_out_nobool` in
#: theano/scalar/basic.py).  Mixed with any other dtype, bools upcast as usual.
_ON_BOOLS: dict[str, Elemwise | None] = {
    "add": or_,
    "maximum": or_,
    "mul": and_,
    "minimum": and_,
    "sub": None,
    "neg": None,
    # Theano's abs_ is `same_out` (theano/scalar/basic.py l.2465): bool in, bool out
    "abs_": or_,
}
bitwise_xor = xor
shl = _elemwise(ttd.ShlOp, "shl")
shr = _elemwise(ttd.ShrOp, "shr")
expm1 = _elemwise(ttd.ExpM1Op, "expm1")
erf = _elemwise(ttd.ErfOp, "erf")
softplus = _elemwise(ttd.SoftplusOp, "softplus")
floor = _elemwise(ttd.FloorOp, "floor")
ceil = _elemwise(ttd.CeilOp, "ceil")
round_half_to_even = _elemwise(ttd.RoundOp, "round_half_to_even")
sgn = _elemwise(ttd.SignOp, "sgn")
arcsin = _elemwise(ttd.AsinOp, "arcsin")
arccos = _elemwise(ttd.AcosOp, "arccos")
arctan = _elemwise(ttd.AtanOp, "arctan")
arcsinh = _elemwise(ttd.AsinhOp, "arcsinh")
arccosh = _elemwise(ttd.AcoshOp, "arccosh")
arctanh = _elemwise(ttd.AtanhOp, "arctanh")
arctan2 = _elemwise(ttd.Atan2Op, "arctan2")
isnan = _elemwise(ttd.IsNanOp, "isnan", "pred")
isinf = _elemwise(ttd.IsInfOp, "isinf", "pred")


def sign(x: Any) -> Variable:
    return sgn(x)


def sqr(x: Any) -> Variable:
    """x * x."""
    return mul(x, x)


square = sqr


def inv(x: Any) -> Variable:
    """1 / x."""
    return true_div(1.0, x)


reciprocal = inv


def log2(x: Any) -> Variable:
    return mul(log(x), 1.0 / np.log(2.0))


def log10(x: Any) -> Variable:
    return mul(log(x), 1.0 / np.log(10.0))


def exp2(x: Any) -> Variable:
    return exp(mul(x, np.log(2.0)))


def tan(x: Any) -> Variable:
    return true_div(sin(x), cos(x))


def cosh(x: Any) -> Variable:
    return mul(add(exp(x), exp(neg(x))), 0.5)


def sinh(x: Any) -> Variable:
    return mul(sub(exp(x), exp(neg(x))), 0.5)


def erfc(x: Any) -> Variable:
    return sub(1.0, erf(x))


def round(a: Any, mode: str | None = None) -> Variable:  # noqa: A001 - Theano's name
    """Theano's round: mode "half_to_even" (Theano 1.0.5's default, basic.py l.2176,
    NumPy's) or "half_away_from_zero"."""
    mode = mode or "half_to_even"
    if mode == "half_to_even":
        return round_half_to_even(a)
    if mode != "half_away_from_zero":
        raise ValueError(f"round: unknown mode {mode!r} (half_away_from_zero or half_to_even)")
    v = as_tensor_variable(a)
    if v.dtype not in ("float16", "float32", "float64"):
        return v
    return mul(sgn(v), floor(add(abs_(v), 0.5)))


def round_half_away_from_zero(a: Any) -> Variable:
    return round(a, "half_away_from_zero")


def clip(x: Any, min: Any, max: Any) -> Variable:  # noqa: A002 - Theano's names
    """Elementwise min(max(x, min), max)."""
    return minimum(maximum(x, min), max)


def largest(*args: Any) -> Variable:
    out = as_tensor_variable(args[0])
    for a in args[1:]:
        out = maximum(out, a)
    return out


def smallest(*args: Any) -> Variable:
    out = as_tensor_variable(args[0])
    for a in args[1:]:
        out = minimum(out, a)
    return out


def power(x: Any, y: Any) -> Variable:
    """x ** y (theano/tensor/basic.py l.6749)."""
    return pow(x, y)


def divmod(x: Any, y: Any) -> tuple[Variable, Variable]:  # noqa: A001 - Theano's name
    """(x // y, x % y), elementwise (basic.py l.3562)."""
    return int_div(x, y), mod(x, y)


def _upgrade_to_float(x: Any) -> Variable:
    """x in Theano's upgrade_to_float dtype: bool, int8, int16 -> float32, wider ints ->
    float64, floats as they are."""
    v = as_tensor_variable(x)
    if is_float_dtype(v.dtype):
        return v
    return cast(v, "float32" if v.dtype in ("bool", "int8", "int16") else "float64")


def trunc(a: Any) -> Variable:
    """np.trunc: rounded towards zero, as Theano's C code (x >= 0 ? floor(x) : -floor(-x))."""
    f = _upgrade_to_float(a)
    return switch(ge(f, 0), floor(f), neg(floor(neg(f))))


def iround(a: Any, mode: str | None = None) -> Variable:
    """cast(round(a, mode), 'int64'); Theano 1.0's round defaults to half_to_even
    (basic.py l.2179), so iround does too."""
    return cast(round(a, mode or "half_to_even"), "int64")


def deg2rad(a: Any) -> Variable:
    """a * pi / 180, in a float dtype."""
    f = _upgrade_to_float(a)
    return mul(f, np.asarray(np.pi / 180.0, f.dtype))


def rad2deg(a: Any) -> Variable:
    """a * 180 / pi, in a float dtype."""
    f = _upgrade_to_float(a)
    return mul(f, np.asarray(180.0 / np.pi, f.dtype))


def isclose(
    a: Any, b: Any, rtol: float = 1.0e-5, atol: float = 1.0e-8, equal_nan: bool = False
) -> Variable:
    """|a - b| <= atol + rtol * |b| elementwise (bool), infinities close to equal ones,
    NaN close to NaN only with equal_nan (basic.py l.1942, np.isclose)."""
    close = le(abs_(sub(a, b)), add(atol, mul(rtol, abs_(b))))
    a_nan, b_nan, a_inf, b_inf = isnan(a), isnan(b), isinf(a), isinf(b)
    finite = invert(or_(or_(a_nan, b_nan), or_(a_inf, b_inf)))
    same_inf = and_(and_(a_inf, b_inf), eq(mul(a_inf, sgn(a)), mul(b_inf, sgn(b))))
    out = or_(and_(close, finite), same_inf)
    return or_(out, and_(a_nan, b_nan)) if equal_nan else out


def allclose(
    a: Any, b: Any, rtol: float = 1.0e-5, atol: float = 1.0e-8, equal_nan: bool = False
) -> Variable:
    """all(isclose(a, b, ...)): a bool scalar."""
    from arignote.tensor.reduction import all as tall

    return tall(isclose(a, b, rtol, atol, equal_nan))


def identity(x: Any) -> Variable:
    return as_tensor_variable(x)


tensor_copy = identity


class Cast(Op):
    """`cast(x, dtype)`: NumPy's astype."""

    def __init__(self, dtype: Any):
        self.dtype = _dname(np.dtype(dtype))

    def __str__(self) -> str:
        return f"cast{{{self.dtype}}}"

    def make_node(self, x: Any) -> Apply:  # type: ignore[override]
        v = as_tensor_variable(x)
        out = TensorType(self.dtype, v.broadcastable).make_variable()
        node = Apply(self, [v], [out], user_location())
        out.owner = node
        return node

    def __call__(self, x: Any) -> Variable:  # type: ignore[override]
        return self.make_node(x).outputs[0]

    def emit(self, em: Any, node: Apply, inputs: Sequence[Any]) -> list[Any]:
        return [em.cast(inputs[0], self.dtype)]


def cast(x: Any, dtype: Any) -> Variable:
    if dtype == "floatX":
        dtype = config.floatX
    v = as_tensor_variable(x)
    try:
        d = _dname(np.dtype(dtype))
    except TypeError:
        f, line = user_location()
        raise DTypeError(f"cast at {f}:{line}: {dtype!r} is not a dtype") from None
    if d not in ALL_DTYPES:
        f, line = user_location()
        raise DTypeError(
            f"cast at {f}:{line}: dtype {d} is not supported (use {', '.join(ALL_DTYPES)})"
        )
    if d == v.dtype:
        return v
    return Cast(d)(v)


# --------------------------------------------------------------------------- other ops


class TensorOp(Op):
    """Base of the front end's non-elementwise ops.

    Subclasses define `infer(inputs, loc) -> list[TensorType]`, which checks the operands
    (raising through `self.fail`) and gives the result types, and `emit`.  `__call__`
    returns the single output (or the list of outputs).
    """

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        raise NotImplementedError

    def make_node(self, *inputs: Any) -> Apply:
        loc = user_location()
        vs = [as_tensor_variable(x) for x in inputs]
        outs = [t.make_variable() for t in self.infer(vs, loc)]
        node = Apply(self, vs, outs, loc)
        for i, o in enumerate(outs):
            o.owner, o.index = node, i
        return node

    def __call__(self, *inputs: Any) -> Any:
        node = self.make_node(*inputs)
        return node.outputs[0] if len(node.outputs) == 1 else list(node.outputs)

    def fail(
        self, loc: tuple[str, int], message: str, error: type[Exception] = ShapeError
    ) -> Exception:
        """The error to raise: names this op and the user's file:line."""
        return error(f"{self} at {loc[0]}:{loc[1]}: {message}")


def known_shape(v: Variable) -> tuple[int, ...] | None:
    """The static shape of a constant or (current value of) a shared variable, else None."""
    if isinstance(v, Constant):
        return tuple(v.data.shape)
    return getattr(v, "current_shape", None)  # a shared variable's value's shape


def is_int_dtype(dtype: str) -> bool:
    return dtype == "bool" or dtype in INT_DTYPES or dtype in UINT_DTYPES


def is_unsigned_dtype(dtype: str) -> bool:
    return dtype in UINT_DTYPES


def is_float_dtype(dtype: str) -> bool:
    return dtype in ("float16", "float32", "float64")


def upcast(*dtypes: str) -> str:
    return _dname(np.result_type(*[np.dtype(d) for d in dtypes]))


def as_int_scalar(x: Any, what: str) -> Variable:
    """A rank-0 integer variable (Python ints become int64 constants)."""
    if isinstance(x, bool | int | np.integer):
        return constant(np.int64(x))
    v = as_tensor_variable(x)
    if v.ndim != 0 or not is_int_dtype(v.dtype) or v.dtype == "bool":
        raise DTypeError(f"{located(what)} must be an integer scalar, got {describe(v)}")
    return v


def located(what: str) -> str:
    """`"op: the thing"` -> `"op at <user file>:<line>: the thing"` (the user's line)."""
    file, line = user_location()
    op, sep, rest = what.partition(": ")
    return f"{op} at {file}:{line}: {rest}" if sep else f"{what} (at {file}:{line})"


def constant_value(v: Variable) -> Any:
    """The Python value of a rank-0 constant, else None."""
    if isinstance(v, Constant) and v.data.ndim == 0:
        return v.data.item()
    return None


__all__ = [
    "scalar", "vector", "matrix", "row", "col", "tensor3", "tensor4", "tensor", "TensorType",
    "constant", "as_tensor_variable", "cast", "add", "sub", "mul", "true_div", "int_div", "mod",
    "pow", "maximum", "minimum", "and_", "or_", "neg", "abs_", "exp", "log", "log1p", "sqrt",
    "sin", "cos", "tanh", "sigmoid", "invert", "eq", "neq", "lt", "le", "gt", "ge", "switch",
    "where", "xor", "bitwise_xor", "bitwise_and", "bitwise_or", "bitwise_not", "floor_div",
    "shl", "shr", "expm1", "erf", "erfc", "softplus", "floor", "ceil", "round",
    "round_half_to_even", "round_half_away_from_zero", "sgn", "sign", "isnan", "isinf", "sqr",
    "square", "inv", "reciprocal", "log2", "log10", "exp2", "tan", "cosh", "sinh", "clip",
    "largest", "smallest", "identity", "tensor_copy", "power", "divmod", "trunc", "iround",
    "deg2rad", "rad2deg", "isclose", "allclose", "arcsin", "arccos", "arctan", "arcsinh",
    "arccosh", "arctanh", "arctan2", "Elemwise", "Cast", "TensorOp",
    "known_shape", "upcast", "as_int_scalar", "constant_value", "config", "as_tensor",
    "int_dtypes", "uint_dtypes", "float_dtypes", "complex_dtypes", "integer_dtypes",
    "discrete_dtypes", "continuous_dtypes", "all_dtypes",
    "tensor5", "tensor6", "tensor7", *_PLURALS,
    *[p + c.__name__ for p in _PREFIX for c in _KINDS],
]  # fmt: skip
