"""A NumPy evaluator for straight-line `arith`/`math` IR (a test helper).

`evaluate(func, *args)` runs the body of a `func.func` made of `arith`, `math` and
`func.return` ops over NumPy arrays: one array per SSA value, every lane of a sweep at
once.  A scalar argument of type `T` takes an array of shape `(n,)`; a `vector<8xT>`
argument takes shape `(n, 8)`.  Results come back in the same layout.

Semantics are those of LLVM IR without fast-math flags, in the value's own precision:
float32 ops round once in float32 (NumPy's float32 arithmetic is IEEE), `math.fma` is
correctly rounded (see `fma_f32`), integers wrap, comparisons follow IEEE predicates.
What LLVM calls poison (a shift by the bit width or more, `fptosi` of NaN or of an
out-of-range value) raises `PoisonError`, so a test catches expansions that depend on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from xdsl.dialects.builtin import (
    DenseIntOrFPElementsAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    IndexType,
    IntegerAttr,
    IntegerType,
    VectorType,
)
from xdsl.ir import Attribute, Operation, SSAValue

Array = np.ndarray[Any, Any]


class PoisonError(ArithmeticError):
    """The IR computed what LLVM calls poison (the name of the op says which)."""


class UnsupportedOpError(NotImplementedError):
    """An op this evaluator does not know."""


def numpy_dtype(t: Attribute) -> np.dtype[Any]:
    """The NumPy dtype of a scalar type or of a vector's elements."""
    if isinstance(t, VectorType):
        t = t.element_type
    if isinstance(t, Float32Type):
        return np.dtype(np.float32)
    if isinstance(t, Float64Type):
        return np.dtype(np.float64)
    if isinstance(t, Float16Type):
        return np.dtype(np.float16)
    if isinstance(t, IndexType):
        return np.dtype(np.int64)
    if isinstance(t, IntegerType):
        width = t.width.data
        if width == 1:
            return np.dtype(np.bool_)
        if width in (8, 16, 32, 64):
            return np.dtype(f"int{width}")
    raise UnsupportedOpError(f"no NumPy dtype for type {t}")


def _unsigned(a: Array) -> Array:
    return a.view(np.dtype(f"uint{a.dtype.itemsize * 8}"))


def fma_f32(a: Array, b: Array, c: Array) -> Array:
    """Correctly rounded float32 `a*b + c` (what `llvm.fma.f32` computes).

    The product of two float32 values is exact in float64.  The float64 sum `s` of the
    product and `c` is then made round-to-odd with TwoSum's exact error `e`: when `e` is
    not zero the exact value lies strictly between `s` and its float64 neighbour towards
    `e`, and round-to-odd keeps whichever of the two has an odd last bit.  Rounding a
    round-to-odd value with 29 spare bits to float32 is the correct rounding of the exact
    value (no double-rounding error).  Infinities and NaNs come out as IEEE says.
    """
    a64, b64, c64 = (np.asarray(v, np.float32).astype(np.float64) for v in (a, b, c))
    with np.errstate(all="ignore"):
        p = a64 * b64
        s = p + c64
        bb = s - p
        e = (p - (s - bb)) + (c64 - bb)
        toward = np.nextafter(s, np.where(e > 0, np.inf, -np.inf))
        odd = (s.view(np.int64) & 1) == 1
        exact = (e == 0) | ~np.isfinite(s)
        ro = np.where(exact | odd, s, toward)
        return ro.astype(np.float32)


def _maximum(a: Array, b: Array) -> Array:
    """`arith.maximumf`: NaN if either is NaN, and -0 < +0."""
    with np.errstate(all="ignore"):
        out = np.where(a > b, a, b)
        both_zero = (a == 0) & (b == 0)
        out = np.where(both_zero, np.where(np.signbit(a), b, a), out)
        return np.where(np.isnan(a) | np.isnan(b), a + b, out)


def _minimum(a: Array, b: Array) -> Array:
    """`arith.minimumf`: NaN if either is NaN, and -0 < +0."""
    with np.errstate(all="ignore"):
        out = np.where(a < b, a, b)
        both_zero = (a == 0) & (b == 0)
        out = np.where(both_zero, np.where(np.signbit(a), a, b), out)
        return np.where(np.isnan(a) | np.isnan(b), a + b, out)


def _cmpf(pred: int, a: Array, b: Array) -> Array:
    unordered = np.isnan(a) | np.isnan(b)
    with np.errstate(all="ignore"):
        base = {
            0: np.zeros_like(unordered), 1: a == b, 2: a > b, 3: a >= b, 4: a < b,
            5: a <= b, 6: a != b, 7: np.ones_like(unordered),
        }
    if pred in (0, 15):
        return np.broadcast_to(pred == 15, unordered.shape)
    if pred < 8:  # ordered predicates: false on NaN
        return base[pred] & ~unordered
    if pred == 14:  # uno
        return unordered
    return base[pred - 7] | unordered  # ueq ugt uge ult ule une


def _cmpi(pred: int, a: Array, b: Array) -> Array:
    if pred >= 6:  # unsigned predicates
        a, b = _unsigned(np.asarray(a)), _unsigned(np.asarray(b))
        pred -= 4
    return {
        0: lambda: a == b, 1: lambda: a != b, 2: lambda: a < b,
        3: lambda: a <= b, 4: lambda: a > b, 5: lambda: a >= b,
    }[pred]()


def _shift(kind: str, a: Array, n: Array) -> Array:
    bits = a.dtype.itemsize * 8
    if np.any((n < 0) | (n >= bits)):
        raise PoisonError(f"arith.{kind}: shift amount outside [0, {bits})")
    if kind == "shli":
        return np.left_shift(a, n.astype(a.dtype))
    if kind == "shrsi":
        return np.right_shift(a, n.astype(a.dtype))
    return np.right_shift(_unsigned(a), n.astype(_unsigned(a).dtype)).view(a.dtype)


def _fptoint(op: Operation, a: Array, dtype: np.dtype[Any]) -> Array:
    info = np.iinfo(dtype)
    lo, hi = (0, info.max) if op.name == "arith.fptoui" else (info.min, info.max)
    with np.errstate(all="ignore"):
        t = np.trunc(a.astype(np.float64))
        if np.any(~np.isfinite(t) | (t < lo) | (t > hi)):
            raise PoisonError(f"{op.name}: NaN, infinite or out-of-range operand")
    return t.astype(dtype)


def _constant(op: Operation) -> Array:
    value = op.properties["value"]
    dtype = numpy_dtype(op.results[0].type)
    if isinstance(value, FloatAttr):
        return np.array(value.value.data, dtype=np.float64).astype(dtype)
    if isinstance(value, IntegerAttr):
        return _wrap_int(np.array(value.value.data, dtype=object), dtype)
    if isinstance(value, DenseIntOrFPElementsAttr):
        vals = np.array(value.get_values(), dtype=object if dtype.kind in "bi" else dtype)
        vals = _wrap_int(vals, dtype) if dtype.kind in "bi" else vals
        if vals.size == 1:
            return vals.reshape(())
        return vals.reshape(tuple(value.get_shape()))
    raise UnsupportedOpError(f"arith.constant of {value}")


def _wrap_int(v: Array, dtype: np.dtype[Any]) -> Array:
    """Python ints (any sign, signless IR semantics) to `dtype`, keeping the low bits."""
    if dtype == np.bool_:
        return np.asarray(v.astype(object) & 1).astype(np.bool_)
    bits = dtype.itemsize * 8
    low = np.asarray(v.astype(object) & ((1 << bits) - 1)).astype(np.dtype(f"uint{bits}"))
    return low.view(dtype)


_FLOAT_BINARY: dict[str, Callable[[Array, Array], Array]] = {
    "arith.addf": np.add,
    "arith.subf": np.subtract,
    "arith.mulf": np.multiply,
    "arith.divf": np.divide,
    "arith.remf": np.fmod,
    "arith.maximumf": _maximum,
    "arith.minimumf": _minimum,
    "arith.maxnumf": np.fmax,
    "arith.minnumf": np.fmin,
    "math.copysign": np.copysign,
    "math.powf": np.power,
    "math.atan2": np.arctan2,
}

_FLOAT_UNARY: dict[str, Callable[[Array], Array]] = {
    "arith.negf": np.negative,
    "math.absf": np.abs,
    "math.floor": np.floor,
    "math.ceil": np.ceil,
    "math.trunc": np.trunc,
    "math.roundeven": np.rint,
    "math.sqrt": np.sqrt,
    # transcendental ops are evaluated by NumPy in the value's precision (only for IR
    # that still contains them, e.g. the f64/f16 ops the pass leaves alone)
    "math.exp": np.exp,
    "math.exp2": np.exp2,
    "math.expm1": np.expm1,
    "math.log": np.log,
    "math.log2": np.log2,
    "math.log10": np.log10,
    "math.log1p": np.log1p,
    "math.sin": np.sin,
    "math.cos": np.cos,
    "math.tan": np.tan,
    "math.tanh": np.tanh,
    "math.atan": np.arctan,
}

_INT_BINARY: dict[str, Callable[[Array, Array], Array]] = {
    "arith.addi": np.add,
    "arith.subi": np.subtract,
    "arith.muli": np.multiply,
    "arith.andi": np.bitwise_and,
    "arith.ori": np.bitwise_or,
    "arith.xori": np.bitwise_xor,
    "arith.maxsi": np.maximum,
    "arith.minsi": np.minimum,
    "arith.maxui": lambda a, b: np.maximum(_unsigned(a), _unsigned(b)).view(a.dtype),
    "arith.minui": lambda a, b: np.minimum(_unsigned(a), _unsigned(b)).view(a.dtype),
}


def _eval_op(op: Operation, ins: list[Array]) -> Array:
    name = op.name
    rtype = op.results[0].type
    dtype = numpy_dtype(rtype)
    if name == "arith.constant":
        return _constant(op)
    if name in _FLOAT_BINARY:
        return _FLOAT_BINARY[name](ins[0], ins[1]).astype(dtype)
    if name in _FLOAT_UNARY:
        return _FLOAT_UNARY[name](ins[0]).astype(dtype)
    if name in _INT_BINARY:
        return np.asarray(_INT_BINARY[name](ins[0], ins[1])).astype(dtype)
    if name in ("arith.shli", "arith.shrsi", "arith.shrui"):
        return _shift(name.removeprefix("arith."), ins[0], ins[1])
    if name == "math.fma":
        if dtype == np.float32:
            return fma_f32(*ins)
        if dtype == np.float16:  # exact in float64, then one rounding
            return (ins[0].astype(np.float64) * ins[1] + ins[2]).astype(dtype)
        raise UnsupportedOpError(f"math.fma on {rtype}")
    if name == "arith.cmpf":
        return _cmpf(op.properties["predicate"].value.data, ins[0], ins[1])
    if name == "arith.cmpi":
        return _cmpi(op.properties["predicate"].value.data, ins[0], ins[1])
    if name == "arith.select":
        return np.where(ins[0], ins[1], ins[2]).astype(dtype)
    if name == "arith.bitcast":
        src = np.ascontiguousarray(ins[0])
        return src.view(dtype)
    if name in ("arith.sitofp", "arith.extf", "arith.truncf"):
        return ins[0].astype(dtype)
    if name == "arith.uitofp":
        return _unsigned(ins[0]).astype(dtype)
    if name in ("arith.fptosi", "arith.fptoui"):
        return _fptoint(op, ins[0], dtype)
    if name in ("arith.extsi", "arith.trunci", "arith.index_cast"):
        return ins[0].astype(dtype)
    if name == "arith.extui":
        return _unsigned(ins[0]).astype(dtype)
    raise UnsupportedOpError(f"the evaluator does not know '{name}'")


def evaluate(func: Operation, *args: Array) -> list[Array]:
    """Evaluate a `func.func`'s single block on arrays (see the module docstring)."""
    block = func.regions[0].blocks.first
    assert block is not None, "function without a body"
    if len(args) != len(block.args):
        raise TypeError(f"{len(block.args)} arguments expected, {len(args)} given")
    env: dict[SSAValue, Array] = {}
    for arg, value in zip(block.args, args, strict=True):
        env[arg] = np.asarray(value).astype(numpy_dtype(arg.type))
    n = env[block.args[0]].shape[0] if block.args else 1
    for op in block.ops:
        if op.name == "func.return":
            return [np.broadcast_to(env[v], (n, *_vshape(v.type))).copy() for v in op.operands]
        if len(op.results) != 1:
            raise UnsupportedOpError(f"'{op.name}' with {len(op.results)} results")
        with np.errstate(all="ignore"):
            value = _eval_op(op, [env[v] for v in op.operands])
        env[op.results[0]] = value
    raise ValueError("function body has no func.return")


def _vshape(t: Attribute) -> tuple[int, ...]:
    return tuple(t.get_shape()) if isinstance(t, VectorType) else ()
