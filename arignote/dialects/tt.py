"""The `tt` tensor dialect: Theano-level operations with value semantics.

Every operand and result is a ranked builtin tensor of static rank and dtype (f16, f32,
f64, i1, i8, i16, i32, i64, and the unsigned ui8, ui16, ui32, ui64: the element type
carries the signedness at this level, as in MLIR; convert-tt-to-linalg picks the
unsigned arith ops for them and makes every type signless); sizes are static or
dynamic (`?`).  Elementwise ops take operands of one identical shape: Theano's implicit
broadcasting is made explicit with `tt.broadcast` (Theano's `dimshuffle` with 'x' plus
the expansion of size-1 dims).
Two dynamic sizes that must agree at run time are checked by the lowering, not here.

Every op has a custom assembly format that round-trips, a verifier whose message names
the op, the operand and the types, and a NumPy reference (`reference`), which is the
oracle of the numeric tests (`arignote.reference` evaluates a whole function with it).

Elementwise ops share `ElementwiseOp`; lowerings dispatch on the concrete class and read
`kind` (which element types the op accepts) from the class.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import (
    IntegerAttr,
    StringAttr,
    UnitAttr,
    DYNAMIC_INDEX,
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    IndexType,
    IntegerType,
    Signedness,
    TensorType,
    i1,
    i64,
)
from xdsl.ir import Attribute, Dialect, Operation, SSAValue
from xdsl.dialects.utils import parse_dynamic_index_list_without_types, print_dynamic_index_list
from xdsl.irdl import (
    AttrSizedOperandSegments,
    opt_prop_def,
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
    var_result_def,
)
from xdsl.parser import Parser, UnresolvedOperand
from xdsl.utils.lexer import Position
from xdsl.printer import Printer
from xdsl.traits import ConstantLike, NoMemoryEffect, OpTrait, Pure
from xdsl.utils.exceptions import VerifyException

from arignote.dialects import tt_reference
from arignote.errors import ShapeError
from arignote.opbuild import init

# --------------------------------------------------------------------------- element types

FLOAT_TYPES = (Float16Type, Float32Type, Float64Type)
INT_WIDTHS = (1, 8, 16, 32, 64)

_NP_OF_FLOAT = {Float16Type: np.float16, Float32Type: np.float32, Float64Type: np.float64}
_NP_OF_INT = {1: np.bool_, 8: np.int8, 16: np.int16, 32: np.int32, 64: np.int64}
_NP_OF_UINT = {8: np.uint8, 16: np.uint16, 32: np.uint32, 64: np.uint64}


def is_float(t: Attribute) -> bool:
    return isinstance(t, FLOAT_TYPES)


def is_unsigned(t: Attribute) -> bool:
    """The unsigned integers ui8, ui16, ui32, ui64 (NumPy's uint8 ... uint64)."""
    return (
        isinstance(t, IntegerType)
        and t.width.data in _NP_OF_UINT
        and t.signedness.data.name == "UNSIGNED"
    )


def is_int(t: Attribute) -> bool:
    """Integers of a supported width, i1 (bool) included: signless ones are treated as
    signed, ui8 ... ui64 as unsigned (`is_unsigned`)."""
    return (
        isinstance(t, IntegerType)
        and t.width.data in INT_WIDTHS
        and t.signedness.data.name == "SIGNLESS"
    ) or is_unsigned(t)


def is_bool(t: Attribute) -> bool:
    return is_int(t) and isinstance(t, IntegerType) and t.width.data == 1


def is_supported_element(t: Attribute) -> bool:
    return is_float(t) or is_int(t)


def signless(t: Attribute) -> Attribute:
    """The signless integer type of the same width (other types as they are): what the
    levels below `tt` use, where the ops (not the types) carry signedness."""
    if isinstance(t, IntegerType) and t.signedness.data.name != "SIGNLESS":
        return IntegerType(t.width.data)
    return t


def numpy_dtype(t: Attribute) -> np.dtype:
    """The NumPy dtype of a tt element type."""
    if is_float(t):
        return np.dtype(_NP_OF_FLOAT[type(t)])
    if is_unsigned(t):
        assert isinstance(t, IntegerType)
        return np.dtype(_NP_OF_UINT[t.width.data])
    if is_int(t):
        assert isinstance(t, IntegerType)
        return np.dtype(_NP_OF_INT[t.width.data])
    raise ValueError(
        f"{t} is not a tt element type (f16/f32/f64, i1/i8/i16/i32/i64, ui8/ui16/ui32/ui64)"
    )


def tensor_type(element: Attribute, shape: Sequence[int]) -> TensorType:
    """`TensorType(element, shape)`, one instance per type (building and verifying a type
    costs ~10 us; the front end asks for the same few types once per op)."""
    return _tensor_type(element, tuple(shape))


@lru_cache(maxsize=1024)
def _tensor_type(element: Attribute, shape: tuple[int, ...]) -> TensorType:
    return TensorType(element, shape)


@lru_cache(maxsize=64)
def element_type_of_dtype(dtype: np.dtype | type | str) -> Attribute:
    """The tt element type of a NumPy dtype (inverse of `numpy_dtype`)."""
    d = np.dtype(dtype)
    if d == np.float16:
        return Float16Type()
    if d == np.float32:
        return Float32Type()
    if d == np.float64:
        return Float64Type()
    if d == np.bool_:
        return i1
    if d.kind == "i" and d.itemsize * 8 in INT_WIDTHS:
        return IntegerType(d.itemsize * 8)
    if d.kind == "u" and d.itemsize * 8 in _NP_OF_UINT:
        return IntegerType(d.itemsize * 8, Signedness.UNSIGNED)
    raise ValueError(
        f"dtype {d} has no tt element type (use float16/32/64, bool, int8-int64, uint8-uint64)"
    )


def with_element_type(t: TensorType, element: Attribute) -> TensorType:
    return TensorType(element, t.get_shape())


_KIND_TEXT = {
    "float": "a floating-point element type (f16, f32, f64)",
    "int": "an integer or boolean element type (i1, i8-i64, ui8-ui64)",
    "numeric": "a numeric element type (f16, f32, f64, i8-i64, ui8-ui64)",
    "integer": "an integer element type (i8-i64, ui8-ui64)",
    "any": "a supported element type (f16, f32, f64, i1, i8-i64, ui8-ui64)",
}


def _kind_accepts(kind: str, t: Attribute) -> bool:
    if kind == "float":
        return is_float(t)
    if kind == "int":
        return is_int(t)
    if kind == "numeric":
        return is_float(t) or (is_int(t) and not is_bool(t))
    if kind == "integer":
        return is_int(t) and not is_bool(t)
    return is_supported_element(t)


def _check_tensor(op: Operation, role: str, t: Attribute, kind: str = "any") -> TensorType:
    if not isinstance(t, TensorType):
        raise VerifyException(f"{op.name}: {role} must be a ranked tensor, got {t}")
    el = t.element_type
    if not _kind_accepts(kind, el):
        raise VerifyException(f"{op.name}: {role} must have {_KIND_TEXT[kind]}, got {t}")
    return t


# --------------------------------------------------------------------------- traits


class Elementwise(OpTrait):
    """Marks an op whose result element i depends only on the operands' element i."""


# --------------------------------------------------------------------------- op families


class TTOp(IRDLOperation):
    """Base of every tt op."""

    def reference(self, *args: object) -> np.ndarray:
        """The NumPy value of this op's result for NumPy operand values (index: int)."""
        raise NotImplementedError(f"{self.name} has no NumPy reference")


def _parse_tensor_type(parser: Parser) -> TensorType:
    """A type that must be a ranked tensor (every tt operand and result is one)."""
    start = parser.pos
    t = parser.parse_type()
    if not isinstance(t, TensorType):
        parser.raise_error(f"expected a ranked tensor type, got {t}", start, parser.pos)
    return t


def _parse_tail_type(parser: Parser) -> TensorType:
    parser.parse_punctuation(":")
    return _parse_tensor_type(parser)


class ElementwiseOp(TTOp):
    """Base of the elementwise ops (unary, binary, compare, select, cast)."""

    KIND: ClassVar[str] = "any"


class UnaryOp(ElementwiseOp):
    """`%r = tt.<op> %x : tensor<...>`: result type equals operand type."""

    input = operand_def(TensorType)
    result = result_def(TensorType)
    traits = traits_def(Pure(), Elementwise())
    NP_FN: ClassVar[object] = None

    def __init__(self, x: SSAValue | Operation):
        x = SSAValue.get(x)
        init(self, [x], [self.result_type_for(x.type)])

    @classmethod
    def result_type_for(cls, operand_type: Attribute) -> Attribute:
        return operand_type

    def verify_(self) -> None:
        t = _check_tensor(self, "operand", self.input.type, self.KIND)
        want = self.result_type_for(t)
        if self.result.type != want:
            raise VerifyException(
                f"{self.name}: result type {self.result.type} must be {want} for operand type {t}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.input)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.input.type)

    @classmethod
    def parse(cls, parser: Parser) -> UnaryOp:
        x = parser.parse_unresolved_operand()
        attrs = parser.parse_optional_attr_dict()
        t = _parse_tail_type(parser)
        op = cls(parser.resolve_operand(x, t))
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        (x,) = args
        with np.errstate(all="ignore"):
            r = self.NP_FN(x)  # type: ignore[operator]
        dtype = numpy_dtype(self.result.type.element_type)  # type: ignore[union-attr]
        return np.asarray(r).astype(dtype, copy=False)


class PredicateOp(UnaryOp):
    """`%r = tt.<pred> %x : tensor<...xT>` gives `tensor<...xi1>`."""

    @classmethod
    def result_type_for(cls, operand_type: Attribute) -> Attribute:
        if isinstance(operand_type, TensorType):
            return with_element_type(operand_type, i1)
        return operand_type


class BinaryOp(ElementwiseOp):
    """`%r = tt.<op> %a, %b : tensor<...>`: operands and result of one type."""

    lhs = operand_def(TensorType)
    rhs = operand_def(TensorType)
    result = result_def(TensorType)
    traits = traits_def(Pure(), Elementwise())
    KIND: ClassVar[str] = "numeric"
    NP_FN: ClassVar[object] = None

    def __init__(self, a: SSAValue | Operation, b: SSAValue | Operation):
        a, b = SSAValue.get(a), SSAValue.get(b)
        init(self, [a, b], [self.result_type_for(a.type)])

    @classmethod
    def result_type_for(cls, operand_type: Attribute) -> Attribute:
        return operand_type

    def verify_(self) -> None:
        a = _check_tensor(self, "lhs", self.lhs.type, self.KIND)
        b = _check_tensor(self, "rhs", self.rhs.type, self.KIND)
        if a != b:
            raise VerifyException(
                f"{self.name}: operands must have the same type, got lhs {a} and rhs {b}"
                " (broadcast explicitly with tt.broadcast)"
            )
        want = self.result_type_for(a)
        if self.result.type != want:
            raise VerifyException(
                f"{self.name}: result type must be {want} for operands {a}, got {self.result.type}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.lhs)
        printer.print_string(", ")
        printer.print_operand(self.rhs)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.lhs.type)

    @classmethod
    def parse(cls, parser: Parser) -> BinaryOp:
        a = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        b = parser.parse_unresolved_operand()
        attrs = parser.parse_optional_attr_dict()
        t = _parse_tail_type(parser)
        op = cls(parser.resolve_operand(a, t), parser.resolve_operand(b, t))
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        a, b = args
        with np.errstate(all="ignore"):
            r = self.NP_FN(a, b)  # type: ignore[operator]
        dtype = numpy_dtype(self.result.type.element_type)  # type: ignore[union-attr]
        return np.asarray(r).astype(dtype, copy=False)


class CompareOp(BinaryOp):
    """`%r = tt.<cmp> %a, %b : tensor<...xT>` gives `tensor<...xi1>`."""

    KIND: ClassVar[str] = "any"

    @classmethod
    def result_type_for(cls, operand_type: Attribute) -> Attribute:
        if isinstance(operand_type, TensorType):
            return with_element_type(operand_type, i1)
        return operand_type


# --------------------------------------------------------------------------- unary ops


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@irdl_op_definition
class NegOp(UnaryOp):
    name = "tt.neg"
    KIND: ClassVar[str] = "numeric"
    NP_FN: ClassVar[object] = np.negative


@irdl_op_definition
class AbsOp(UnaryOp):
    name = "tt.abs"
    KIND: ClassVar[str] = "numeric"
    NP_FN: ClassVar[object] = np.abs


@irdl_op_definition
class ExpOp(UnaryOp):
    name = "tt.exp"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.exp


@irdl_op_definition
class LogOp(UnaryOp):
    name = "tt.log"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.log


@irdl_op_definition
class Log1pOp(UnaryOp):
    name = "tt.log1p"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.log1p


@irdl_op_definition
class SqrtOp(UnaryOp):
    name = "tt.sqrt"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.sqrt


@irdl_op_definition
class SinOp(UnaryOp):
    name = "tt.sin"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.sin


@irdl_op_definition
class CosOp(UnaryOp):
    name = "tt.cos"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.cos


@irdl_op_definition
class TanhOp(UnaryOp):
    name = "tt.tanh"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.tanh


@irdl_op_definition
class SigmoidOp(UnaryOp):
    name = "tt.sigmoid"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = staticmethod(_sigmoid)


@irdl_op_definition
class NotOp(UnaryOp):
    """Bitwise not on integers, logical not on i1 (Theano's `invert`, `~`)."""

    name = "tt.not"
    KIND: ClassVar[str] = "int"
    NP_FN: ClassVar[object] = np.invert


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


@irdl_op_definition
class ExpM1Op(UnaryOp):
    name = "tt.expm1"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.expm1


@irdl_op_definition
class ErfOp(UnaryOp):
    name = "tt.erf"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = staticmethod(lambda x: _erf(x))


@irdl_op_definition
class SoftplusOp(UnaryOp):
    """`log1p(exp(x))`, computed as `max(x, 0) + log1p(exp(-|x|))` (no overflow)."""

    name = "tt.softplus"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = staticmethod(_softplus)


@irdl_op_definition
class FloorOp(UnaryOp):
    name = "tt.floor"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.floor


@irdl_op_definition
class CeilOp(UnaryOp):
    name = "tt.ceil"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.ceil


@irdl_op_definition
class RoundOp(UnaryOp):
    """Round half to even (NumPy's `round`)."""

    name = "tt.round"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = staticmethod(np.round)


@irdl_op_definition
class SignOp(UnaryOp):
    """-1, 0 or 1 (NaN for NaN), NumPy's `sign`."""

    name = "tt.sign"
    KIND: ClassVar[str] = "numeric"
    NP_FN: ClassVar[object] = np.sign


@irdl_op_definition
class IsNanOp(PredicateOp):
    name = "tt.isnan"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.isnan


@irdl_op_definition
class IsInfOp(PredicateOp):
    name = "tt.isinf"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.isinf


# inverse trigonometric and hyperbolic functions (NumPy's arcsin, ..., arctanh)


@irdl_op_definition
class AsinOp(UnaryOp):
    name = "tt.asin"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.arcsin


@irdl_op_definition
class AcosOp(UnaryOp):
    name = "tt.acos"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.arccos


@irdl_op_definition
class AtanOp(UnaryOp):
    name = "tt.atan"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.arctan


@irdl_op_definition
class AsinhOp(UnaryOp):
    name = "tt.asinh"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.arcsinh


@irdl_op_definition
class AcoshOp(UnaryOp):
    name = "tt.acosh"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.arccosh


@irdl_op_definition
class AtanhOp(UnaryOp):
    name = "tt.atanh"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.arctanh


def _erf(x: np.ndarray) -> np.ndarray:
    """erf in float64 (math.erf per element), rounded to x's dtype by the caller."""
    import math

    flat = np.asarray(x, dtype=np.float64).reshape(-1)
    out = np.array([math.erf(v) if not np.isnan(v) else np.nan for v in flat])
    return out.reshape(np.shape(x))


# --------------------------------------------------------------------------- binary ops


def _int_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.floor_divide(a, b)


@irdl_op_definition
class AddOp(BinaryOp):
    name = "tt.add"
    NP_FN: ClassVar[object] = np.add


@irdl_op_definition
class SubOp(BinaryOp):
    name = "tt.sub"
    NP_FN: ClassVar[object] = np.subtract


@irdl_op_definition
class MulOp(BinaryOp):
    name = "tt.mul"
    NP_FN: ClassVar[object] = np.multiply


@irdl_op_definition
class TrueDivOp(BinaryOp):
    """Floating-point division (Theano's `true_div`, `/`)."""

    name = "tt.true_div"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.true_divide


@irdl_op_definition
class IntDivOp(BinaryOp):
    """Floor division, NumPy's `//`: rounds toward minus infinity; x // 0 is 0 on integers."""

    name = "tt.int_div"
    NP_FN: ClassVar[object] = staticmethod(_int_div)


@irdl_op_definition
class ModOp(BinaryOp):
    """NumPy's `%`: the result has the sign of the divisor; x % 0 is 0 on integers."""

    name = "tt.mod"
    NP_FN: ClassVar[object] = np.mod


@irdl_op_definition
class PowOp(BinaryOp):
    name = "tt.pow"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.power


@irdl_op_definition
class MaximumOp(BinaryOp):
    """Elementwise maximum; NaN if either operand is NaN (NumPy's `maximum`)."""

    name = "tt.maximum"
    NP_FN: ClassVar[object] = np.maximum


@irdl_op_definition
class MinimumOp(BinaryOp):
    """Elementwise minimum; NaN if either operand is NaN (NumPy's `minimum`)."""

    name = "tt.minimum"
    NP_FN: ClassVar[object] = np.minimum


@irdl_op_definition
class AndOp(BinaryOp):
    """Bitwise and on integers, logical and on i1."""

    name = "tt.and"
    KIND: ClassVar[str] = "int"
    NP_FN: ClassVar[object] = np.bitwise_and


@irdl_op_definition
class OrOp(BinaryOp):
    """Bitwise or on integers, logical or on i1."""

    name = "tt.or"
    KIND: ClassVar[str] = "int"
    NP_FN: ClassVar[object] = np.bitwise_or


def _shift_left(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    bits = a.dtype.itemsize * 8
    out = np.left_shift(a, np.clip(b, 0, bits - 1).astype(a.dtype))
    return np.where((b < 0) | (b >= bits), np.zeros_like(a), out)


def _shift_right(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    bits = a.dtype.itemsize * 8
    out = np.right_shift(a, np.clip(b, 0, bits - 1).astype(a.dtype))
    sat = np.where(a < 0, np.full_like(a, -1), np.zeros_like(a)) if a.dtype.kind == "i" else 0
    return np.where((b < 0) | (b >= bits), sat, out)


@irdl_op_definition
class XorOp(BinaryOp):
    """Bitwise xor on integers, logical xor on i1."""

    name = "tt.xor"
    KIND: ClassVar[str] = "int"
    NP_FN: ClassVar[object] = np.bitwise_xor


@irdl_op_definition
class ShlOp(BinaryOp):
    """`a << b`; a shift by a negative amount or by the width or more gives 0."""

    name = "tt.shl"
    KIND: ClassVar[str] = "integer"
    NP_FN: ClassVar[object] = staticmethod(_shift_left)


@irdl_op_definition
class ShrOp(BinaryOp):
    """Arithmetic `a >> b`; a shift out of range gives -1 for negative a, else 0."""

    name = "tt.shr"
    KIND: ClassVar[str] = "integer"
    NP_FN: ClassVar[object] = staticmethod(_shift_right)


# --------------------------------------------------------------------------- comparisons


@irdl_op_definition
class Atan2Op(BinaryOp):
    """`%r = tt.atan2 %y, %x`: the angle of the point (x, y), NumPy's arctan2."""

    name = "tt.atan2"
    KIND: ClassVar[str] = "float"
    NP_FN: ClassVar[object] = np.arctan2


@irdl_op_definition
class EqOp(CompareOp):
    name = "tt.eq"
    NP_FN: ClassVar[object] = np.equal


@irdl_op_definition
class NeOp(CompareOp):
    """Not equal; true when either operand is NaN."""

    name = "tt.ne"
    NP_FN: ClassVar[object] = np.not_equal


@irdl_op_definition
class LtOp(CompareOp):
    name = "tt.lt"
    NP_FN: ClassVar[object] = np.less


@irdl_op_definition
class LeOp(CompareOp):
    name = "tt.le"
    NP_FN: ClassVar[object] = np.less_equal


@irdl_op_definition
class GtOp(CompareOp):
    name = "tt.gt"
    NP_FN: ClassVar[object] = np.greater


@irdl_op_definition
class GeOp(CompareOp):
    name = "tt.ge"
    NP_FN: ClassVar[object] = np.greater_equal


# --------------------------------------------------------------------------- where, cast


@irdl_op_definition
class WhereOp(ElementwiseOp):
    """`%r = tt.where %cond, %a, %b : tensor<...xT>`: Theano's `switch`.

    `%cond` has the same shape with element type i1.
    """

    name = "tt.where"
    cond = operand_def(TensorType)
    lhs = operand_def(TensorType)
    rhs = operand_def(TensorType)
    result = result_def(TensorType)
    traits = traits_def(Pure(), Elementwise())

    def __init__(self, c: SSAValue | Operation, a: SSAValue | Operation, b: SSAValue | Operation):
        a = SSAValue.get(a)
        init(self, [SSAValue.get(c), a, SSAValue.get(b)], [a.type])

    def verify_(self) -> None:
        a = _check_tensor(self, "true value", self.lhs.type)
        b = _check_tensor(self, "false value", self.rhs.type)
        c = _check_tensor(self, "condition", self.cond.type)
        if a != b:
            raise VerifyException(
                f"{self.name}: true and false values must have the same type, got {a} and {b}"
            )
        if c != with_element_type(a, i1):
            raise VerifyException(
                f"{self.name}: condition must be {with_element_type(a, i1)} for values of type "
                f"{a}, got {c}"
            )
        if self.result.type != a:
            raise VerifyException(f"{self.name}: result type must be {a}, got {self.result.type}")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list([self.cond, self.lhs, self.rhs], printer.print_operand)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.lhs.type)

    @classmethod
    def parse(cls, parser: Parser) -> WhereOp:
        c = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        a = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        b = parser.parse_unresolved_operand()
        attrs = parser.parse_optional_attr_dict()
        t = _parse_tail_type(parser)
        ct = with_element_type(t, i1) if isinstance(t, TensorType) else t
        op = cls(
            parser.resolve_operand(c, ct),
            parser.resolve_operand(a, t),
            parser.resolve_operand(b, t),
        )
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        c, a, b = args
        return np.where(c, a, b)  # type: ignore[arg-type]


@irdl_op_definition
class CastOp(ElementwiseOp):
    """`%r = tt.cast %x : tensor<...xA> to tensor<...xB>`: NumPy's `astype`.

    Float to integer truncates toward zero (out-of-range values are undefined, as in
    NumPy); anything to i1 is `x != 0`; i1 to a number is 0 or 1.
    """

    name = "tt.cast"
    input = operand_def(TensorType)
    result = result_def(TensorType)
    traits = traits_def(Pure(), Elementwise())

    def __init__(self, x: SSAValue | Operation, result_type: Attribute):
        init(self, [SSAValue.get(x)], [result_type])

    def verify_(self) -> None:
        a = _check_tensor(self, "operand", self.input.type)
        r = _check_tensor(self, "result", self.result.type)
        if a.get_shape() != r.get_shape():
            raise VerifyException(
                f"{self.name}: result shape must equal operand shape, got {a} to {r}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.input)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.input.type)
        printer.print_string(" to ")
        printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> CastOp:
        x = parser.parse_unresolved_operand()
        attrs = parser.parse_optional_attr_dict()
        t = _parse_tail_type(parser)
        parser.parse_keyword("to")
        rt = parser.parse_type()
        op = cls(parser.resolve_operand(x, t), rt)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        (x,) = args
        dtype = numpy_dtype(self.result.type.element_type)  # type: ignore[union-attr]
        with np.errstate(all="ignore"):
            return np.asarray(x).astype(dtype)


# --------------------------------------------------------------------------- constant


def _dense(array: np.ndarray) -> DenseIntOrFPElementsAttr:
    el = element_type_of_dtype(array.dtype)
    t = tensor_type(el, array.shape)
    flat = array.reshape(-1)
    if array.dtype == np.bool_:
        values: list[int] | list[float] = [int(v) for v in flat]
    elif array.dtype.kind == "f":
        values = [float(v) for v in flat]
    else:
        values = [int(v) for v in flat]
    if len(values) > 1 and all(v == values[0] for v in values):
        values = values[:1]  # a splat
    return DenseIntOrFPElementsAttr.from_list(t, values)


@lru_cache(maxsize=1024)
def _scalar_dense(dtype: str, shape: tuple[int, ...], data: bytes) -> DenseIntOrFPElementsAttr:
    """The constant of a one-element array, by its bytes (so -0.0 and 0.0 stay apart)."""
    return _dense(np.frombuffer(data, dtype=dtype).reshape(shape))


@irdl_op_definition
class ConstantOp(TTOp):
    """`%c = tt.constant dense<...> : tensor<...>`: a tensor literal of static shape."""

    name = "tt.constant"
    value = prop_def(DenseIntOrFPElementsAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure(), ConstantLike())

    def __init__(self, value: DenseIntOrFPElementsAttr):
        init(self, (), [value.type], {"value": value})

    @staticmethod
    def from_numpy(array: np.ndarray) -> ConstantOp:
        array = np.asarray(array)
        if array.size == 1:  # (scalars, by the hundred in a long chain: made once each)
            return ConstantOp(_scalar_dense(array.dtype.str, array.shape, array.tobytes()))
        return ConstantOp(_dense(array))

    def verify_(self) -> None:
        t = _check_tensor(self, "result", self.result.type)
        if not t.has_static_shape():
            raise VerifyException(f"{self.name}: a constant must have a static shape, got {t}")
        if self.value.type != t:
            raise VerifyException(
                f"{self.name}: value type {self.value.type} must equal result type {t}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_attribute(self.value)
        printer.print_op_attributes(self.attributes)

    @classmethod
    def parse(cls, parser: Parser) -> ConstantOp:
        pos = parser.pos
        value = parser.parse_attribute()
        if not isinstance(value, DenseIntOrFPElementsAttr):
            parser.raise_error("tt.constant expects a dense elements attribute", pos, parser.pos)
        op = cls(value)
        op.attributes.update(parser.parse_optional_attr_dict())
        return op

    def to_numpy(self) -> np.ndarray:
        t = self.result.type
        assert isinstance(t, TensorType)
        dtype = numpy_dtype(t.element_type)
        vals = [v for v in self.value.get_values()]
        base = {"f": np.float64, "u": np.uint64}.get(dtype.kind, np.int64)
        arr = np.array(vals, dtype=base).astype(dtype)
        shape = tuple(t.get_shape())
        if arr.size == 1 and int(np.prod(shape)) != 1:
            return np.full(shape, arr[0], dtype=dtype)
        return arr.reshape(shape)

    def reference(self, *args: object) -> np.ndarray:
        return self.to_numpy()


# --------------------------------------------------------------------------- broadcast


@irdl_op_definition
class BroadcastOp(TTOp):
    """`%r = tt.broadcast %x dims [d...] sizes(%n...) : tensor<A> -> tensor<B>`.

    Theano's `dimshuffle` with 'x' followed by elementwise broadcasting.  `dims[i]` is
    the result dimension that input dimension i becomes (strictly increasing); result
    dimensions not in `dims` are new.  An input dimension of static size 1 may expand to
    any size; any other input dimension keeps its size (same static size, or `?` to `?`).
    Every dynamic result dimension that is new or expanded takes its size from `sizes`,
    in order; the other dynamic result dimensions come from the input.
    """

    name = "tt.broadcast"
    input = operand_def(TensorType)
    sizes = var_operand_def(IndexType)
    dims = prop_def(DenseArrayBase.constr(i64))
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(
        self,
        x: SSAValue | Operation,
        dims: Sequence[int],
        result_type: Attribute,
        sizes: Sequence[SSAValue | Operation] = (),
    ):
        init(
            self,
            [SSAValue.get(x), *map(SSAValue.get, sizes)],
            [result_type],
            {"dims": DenseArrayBase.from_list(i64, list(dims))},
        )

    @property
    def dim_map(self) -> tuple[int, ...]:
        return tuple(int(d) for d in self.dims.get_values())

    def expanded_result_dims(self) -> list[int]:
        """Result dims that are new or expanded from a size-1 input dim."""
        t_in = self.input.type
        t_out = self.result.type
        assert isinstance(t_in, TensorType) and isinstance(t_out, TensorType)
        in_shape = t_in.get_shape()
        mapped = {r: i for i, r in enumerate(self.dim_map)}
        out = []
        for r in range(t_out.get_num_dims()):
            if r not in mapped or in_shape[mapped[r]] == 1:
                out.append(r)
        return out

    def size_operand_dims(self) -> list[int]:
        """The result dims whose size comes from `sizes`, in operand order."""
        t_out = self.result.type
        assert isinstance(t_out, TensorType)
        shape = t_out.get_shape()
        return [r for r in self.expanded_result_dims() if shape[r] == DYNAMIC_INDEX]

    def verify_(self) -> None:
        t_in = _check_tensor(self, "operand", self.input.type)
        t_out = _check_tensor(self, "result", self.result.type)
        if t_in.element_type != t_out.element_type:
            raise VerifyException(
                f"{self.name}: result element type must equal the operand's, got {t_in} -> {t_out}"
            )
        dims = self.dim_map
        rank_in, rank_out = t_in.get_num_dims(), t_out.get_num_dims()
        if len(dims) != rank_in:
            raise VerifyException(
                f"{self.name}: dims {list(dims)} must name one result dim per operand dim "
                f"({rank_in}) for {t_in} -> {t_out}"
            )
        if any(d < 0 or d >= rank_out for d in dims) or list(dims) != sorted(set(dims)):
            raise VerifyException(
                f"{self.name}: dims {list(dims)} must be strictly increasing result dims in "
                f"[0, {rank_out}) for {t_in} -> {t_out}"
            )
        in_shape, out_shape = t_in.get_shape(), t_out.get_shape()
        for i, r in enumerate(dims):
            if in_shape[i] != 1 and in_shape[i] != out_shape[r]:
                raise VerifyException(
                    f"{self.name}: operand dim {i} of size {_size(in_shape[i])} cannot become "
                    f"result dim {r} of size {_size(out_shape[r])} (only size-1 dims expand) "
                    f"for {t_in} -> {t_out}"
                )
        want = len(self.size_operand_dims())
        if len(self.sizes) != want:
            raise VerifyException(
                f"{self.name}: expected {want} size operand(s) for the dynamic new/expanded "
                f"dims of {t_out}, got {len(self.sizes)}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.input)
        printer.print_string(" dims [")
        printer.print_list(self.dim_map, lambda d: printer.print_string(str(d)))
        printer.print_string("]")
        if self.sizes:
            printer.print_string(" sizes(")
            printer.print_list(self.sizes, printer.print_operand)
            printer.print_string(")")
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.input.type)
        printer.print_string(" -> ")
        printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> BroadcastOp:
        x = parser.parse_unresolved_operand()
        parser.parse_keyword("dims")
        dims = parser.parse_comma_separated_list(Parser.Delimiter.SQUARE, parser.parse_integer)
        sizes = []
        if parser.parse_optional_keyword("sizes"):
            sizes = parser.parse_comma_separated_list(
                Parser.Delimiter.PAREN, parser.parse_unresolved_operand
            )
        attrs = parser.parse_optional_attr_dict()
        t_in = _parse_tail_type(parser)
        parser.parse_punctuation("->")
        t_out = parser.parse_type()
        op = cls(
            parser.resolve_operand(x, t_in),
            dims,
            t_out,
            [parser.resolve_operand(s, IndexType()) for s in sizes],
        )
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        x = np.asarray(args[0])
        sizes = [int(s) for s in args[1:]]  # type: ignore[call-overload]
        t_out = self.result.type
        assert isinstance(t_out, TensorType)
        shape = list(t_out.get_shape())
        for r, n in zip(self.size_operand_dims(), sizes):
            shape[r] = n
        dims = self.dim_map
        for i, r in enumerate(dims):
            if shape[r] == DYNAMIC_INDEX:
                shape[r] = x.shape[i]
        expanded_shape = [1] * len(shape)
        for i, r in enumerate(dims):
            expanded_shape[r] = x.shape[i]
        return np.broadcast_to(x.reshape(expanded_shape), shape).copy()


def _size(n: int) -> str:
    return "?" if n == DYNAMIC_INDEX else str(n)


# --------------------------------------------------------------------------- shared helpers


def _shape_text(shape: Sequence[int]) -> str:
    return "x".join(_size(d) for d in shape) or "scalar"


def _compatible(a: int, b: int) -> bool:
    return a == DYNAMIC_INDEX or b == DYNAMIC_INDEX or a == b


def _int_list(values: Sequence[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def _parse_int_list(parser: Parser) -> list[int]:
    return parser.parse_comma_separated_list(Parser.Delimiter.SQUARE, parser.parse_integer)


def _i64_array(values: Sequence[int]) -> DenseArrayBase:
    return DenseArrayBase.from_list(i64, list(values))


def _values(arr: DenseArrayBase) -> tuple[int, ...]:
    return tuple(int(v) for v in arr.get_values())


def _parse_sizes(parser: Parser) -> list[SSAValue]:
    if not parser.parse_optional_keyword("sizes"):
        return []
    names = parser.parse_comma_separated_list(
        Parser.Delimiter.PAREN, parser.parse_unresolved_operand
    )
    return [parser.resolve_operand(n, IndexType()) for n in names]


def _print_sizes(printer: Printer, sizes: Sequence[SSAValue]) -> None:
    if sizes:
        printer.print_string(" sizes(")
        printer.print_list(sizes, printer.print_operand)
        printer.print_string(")")


def _fill_dynamic(static: Sequence[int], values: Sequence[object]) -> list[int]:
    it = iter(values)
    return [int(next(it)) if s == DYNAMIC_INDEX else int(s) for s in static]  # type: ignore[call-overload]


def _check_dynamic_count(op: Operation, what: str, t: TensorType, n: int) -> None:
    want = sum(1 for d in t.get_shape() if d == DYNAMIC_INDEX)
    if n != want:
        raise VerifyException(
            f"{op.name}: expected {want} size operand(s) for the dynamic dims of {t}, got {n}"
        )


def _parse_written_type(parser: Parser) -> tuple[Attribute, Position, Position]:
    """A result type and its span (for `_check_written_type`'s diagnostic)."""
    start = parser.pos
    t = _parse_tensor_type(parser)
    return t, start, parser.pos


def _check_written_type(
    parser: Parser, op: Operation, written: tuple[Attribute, Position, Position]
) -> None:
    """The custom form states the result type the operands imply; it must agree (the
    diagnostic points at the written type)."""
    t, start, end = written
    if op.results[0].type != t:
        try:
            op.verify_()  # bad operands or attributes: that diagnostic is the better one
        except VerifyException as e:
            msg = str(e)
            if msg.startswith(f"{op.name}: "):
                msg = f"'{op.name}' {msg[len(op.name) + 2 :]}"
            raise VerifyException(msg) from None
        parser.raise_error(
            f"{op.name}: the result type is {op.results[0].type} for these operands, not {t}",
            start,
            end,
        )


def _resolve_each(
    parser: Parser,
    op_name: str,
    names: Sequence[UnresolvedOperand],
    types: Sequence[Attribute],
    want: int,
    span: tuple[Position, Position],
) -> list[SSAValue]:
    """Resolve `want` operands, one written type each (the diagnostic points at them)."""
    if len(names) != want or len(types) != want:
        parser.raise_error(
            f"{op_name} takes {want} operand(s) with one type each, got {len(names)} "
            f"operand(s) and {len(types)} type(s)",
            *span,
        )
    return [parser.resolve_operand(n, t) for n, t in zip(names, types)]


def _parse_operand_list(parser: Parser) -> tuple[list[UnresolvedOperand], tuple[int, int]]:
    """`%a, %b, ...` and its span."""
    start = parser.pos
    names = parser.parse_comma_separated_list(
        Parser.Delimiter.NONE, parser.parse_unresolved_operand
    )
    return names, (start, parser.pos)


class TypedTailMixin:
    """Helpers to print/parse `: T0, T1 -> R` tails."""

    @staticmethod
    def print_types(printer: Printer, ins: Sequence[Attribute], out: Attribute) -> None:
        printer.print_string(" : ")
        printer.print_list(ins, printer.print_attribute)
        printer.print_string(" -> ")
        printer.print_attribute(out)

    @staticmethod
    def parse_types(parser: Parser) -> tuple[list[Attribute], Attribute]:
        ins, (out, _start, _end) = TypedTailMixin.parse_types_written(parser)
        return ins, out

    @staticmethod
    def parse_types_written(
        parser: Parser,
    ) -> tuple[list[Attribute], tuple[Attribute, Position, Position]]:
        """`: T0, T1 -> R` with R's span (see `_parse_written_type`)."""
        parser.parse_punctuation(":")
        ins = parser.parse_comma_separated_list(
            Parser.Delimiter.NONE, lambda: _parse_tensor_type(parser)
        )
        parser.parse_punctuation("->")
        return ins, _parse_written_type(parser)


# --------------------------------------------------------------------------- shapes as values


@irdl_op_definition
class DimOp(TTOp):
    """`%n = tt.dim %x axis N : tensor<...>`: the size of dim N as a rank-0 i64 tensor."""

    name = "tt.dim"
    input = operand_def(TensorType)
    axis = prop_def(IntegerAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(self, x: SSAValue | Operation, axis: int):
        super().__init__(
            operands=[x],
            result_types=[TensorType(i64, [])],
            properties={"axis": IntegerAttr(axis, i64)},
        )

    def verify_(self) -> None:
        t = _check_tensor(self, "operand", self.input.type)
        a = self.axis.value.data
        if not 0 <= a < t.get_num_dims():
            raise VerifyException(f"{self.name}: axis {a} is out of range for {t}")
        if self.result.type != TensorType(i64, []):
            raise VerifyException(
                f"{self.name}: result must be tensor<i64>, got {self.result.type}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.input)
        printer.print_string(f" axis {self.axis.value.data}")
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.input.type)

    @classmethod
    def parse(cls, parser: Parser) -> DimOp:
        x = parser.parse_unresolved_operand()
        parser.parse_keyword("axis")
        axis = parser.parse_integer()
        attrs = parser.parse_optional_attr_dict()
        t = _parse_tail_type(parser)
        op = cls(parser.resolve_operand(x, t), axis)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        return np.array(np.shape(args[0])[self.axis.value.data], dtype=np.int64)


@irdl_op_definition
class ToIndexOp(TTOp):
    """`%i = tt.to_index %n : tensor<i64>`: a rank-0 integer tensor as an index value."""

    name = "tt.to_index"
    input = operand_def(TensorType)
    result = result_def(IndexType)
    traits = traits_def(Pure())

    def __init__(self, x: SSAValue | Operation):
        super().__init__(operands=[x], result_types=[IndexType()])

    def verify_(self) -> None:
        t = _check_tensor(self, "operand", self.input.type, "integer")
        if t.get_num_dims() != 0:
            raise VerifyException(f"{self.name}: operand must be a rank-0 integer tensor, got {t}")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.input)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.input.type)

    @classmethod
    def parse(cls, parser: Parser) -> ToIndexOp:
        x = parser.parse_unresolved_operand()
        attrs = parser.parse_optional_attr_dict()
        t = _parse_tail_type(parser)
        op = cls(parser.resolve_operand(x, t))
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> int:  # type: ignore[override]
        return int(np.asarray(args[0]))


# --------------------------------------------------------------------------- reductions

REDUCE_KINDS = ("sum", "prod", "max", "min", "all", "any", "argmax", "argmin")


def reduced_shape(shape: Sequence[int], axes: Sequence[int], keepdims: bool) -> list[int]:
    if keepdims:
        return [1 if i in axes else d for i, d in enumerate(shape)]
    return [d for i, d in enumerate(shape) if i not in axes]


@irdl_op_definition
class ReduceOp(TTOp):
    """`%r = tt.reduce <kind> %x axes [a...] keepdims? : tensor<A> -> tensor<R>`.

    kinds: sum, prod, max, min (numeric; NaN propagates in max/min), all, any (i1), argmax,
    argmin (exactly one axis; i64 result; the first extreme index, NaN counts as extreme).
    sum/prod of an empty extent are 0/1; the others need a non-empty extent (checked on
    the host).
    """

    name = "tt.reduce"
    input = operand_def(TensorType)
    result = result_def(TensorType)
    kind = prop_def(StringAttr)
    axes = prop_def(DenseArrayBase.constr(i64))
    keepdims = opt_prop_def(UnitAttr)
    traits = traits_def(Pure())

    def __init__(
        self, x: SSAValue | Operation, kind: str, axes: Sequence[int], keepdims: bool = False
    ):
        x = SSAValue.get(x)
        t = x.type
        assert isinstance(t, TensorType)
        el = i64 if kind in ("argmax", "argmin") else t.element_type
        rt = TensorType(el, reduced_shape(t.get_shape(), list(axes), keepdims))
        super().__init__(
            operands=[x],
            result_types=[rt],
            properties={
                "kind": StringAttr(kind),
                "axes": _i64_array(sorted(axes)),
                **({"keepdims": UnitAttr()} if keepdims else {}),
            },
        )

    @property
    def axis_list(self) -> tuple[int, ...]:
        return _values(self.axes)

    def verify_(self) -> None:
        kind = self.kind.data
        if kind not in REDUCE_KINDS:
            raise VerifyException(
                f"{self.name}: unknown kind '{kind}' (one of {', '.join(REDUCE_KINDS)})"
            )
        t = _check_tensor(
            self, "operand", self.input.type, "int" if kind in ("all", "any") else "any"
        )
        if kind in ("all", "any") and not is_bool(t.element_type):
            raise VerifyException(f"{self.name}: {kind} needs an i1 operand, got {t}")
        if kind in ("sum", "prod", "max", "min") and is_bool(t.element_type):
            raise VerifyException(
                f"{self.name}: {kind} needs a numeric operand, got {t} (cast first)"
            )
        axes = self.axis_list
        rank = t.get_num_dims()
        if not axes or list(axes) != sorted(set(axes)) or axes[0] < 0 or axes[-1] >= rank:
            raise VerifyException(
                f"{self.name}: axes {list(axes)} must be strictly increasing dims of {t}"
            )
        if kind in ("argmax", "argmin") and len(axes) != 1:
            raise VerifyException(f"{self.name}: {kind} takes exactly one axis, got {list(axes)}")
        el = i64 if kind in ("argmax", "argmin") else t.element_type
        want = TensorType(el, reduced_shape(t.get_shape(), axes, self.keepdims is not None))
        if self.result.type != want:
            raise VerifyException(
                f"{self.name}: result type must be {want}, got {self.result.type}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.kind.data} ")
        printer.print_operand(self.input)
        printer.print_string(f" axes {_int_list(self.axis_list)}")
        if self.keepdims is not None:
            printer.print_string(" keepdims")
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.input.type)
        printer.print_string(" -> ")
        printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> ReduceOp:
        kind = parser.parse_identifier()
        x = parser.parse_unresolved_operand()
        parser.parse_keyword("axes")
        axes = _parse_int_list(parser)
        keepdims = parser.parse_optional_keyword("keepdims") is not None
        attrs = parser.parse_optional_attr_dict()
        t = _parse_tail_type(parser)
        parser.parse_punctuation("->")
        written = _parse_written_type(parser)
        op = cls(parser.resolve_operand(x, t), kind, axes, keepdims)
        _check_written_type(parser, op, written)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        x = np.asarray(args[0])
        axes = self.axis_list
        keep = self.keepdims is not None
        kind = self.kind.data
        if kind in ("max", "min", "argmax", "argmin") and any(x.shape[a] == 0 for a in axes):
            raise ShapeError(f"{self.name}: {kind} of an empty extent")
        with np.errstate(all="ignore"):
            if kind == "sum":
                r = np.sum(x, axis=axes, keepdims=keep, dtype=x.dtype)
            elif kind == "prod":
                r = np.prod(x, axis=axes, keepdims=keep, dtype=x.dtype)
            elif kind == "max":
                r = np.max(x, axis=axes, keepdims=keep)
            elif kind == "min":
                r = np.min(x, axis=axes, keepdims=keep)
            elif kind == "all":
                r = np.all(x, axis=axes, keepdims=keep)
            elif kind == "any":
                r = np.any(x, axis=axes, keepdims=keep)
            elif kind == "argmax":
                r = np.argmax(x, axis=axes[0], keepdims=keep)
            else:
                r = np.argmin(x, axis=axes[0], keepdims=keep)
        dtype = numpy_dtype(self.result.type.element_type)  # type: ignore[union-attr]
        return np.asarray(r).astype(dtype)


# --------------------------------------------------------------------------- shape ops


@irdl_op_definition
class ReshapeOp(TTOp, TypedTailMixin):
    """`%r = tt.reshape %x sizes(%n...) : A -> B`: row-major; equal element counts."""

    name = "tt.reshape"
    input = operand_def(TensorType)
    sizes = var_operand_def(IndexType)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(
        self,
        x: SSAValue | Operation,
        result_type: Attribute,
        sizes: Sequence[SSAValue | Operation] = (),
    ):
        super().__init__(operands=[x, list(sizes)], result_types=[result_type])

    def verify_(self) -> None:
        t = _check_tensor(self, "operand", self.input.type)
        r = _check_tensor(self, "result", self.result.type)
        if t.element_type != r.element_type:
            raise VerifyException(f"{self.name}: element types differ: {t} -> {r}")
        _check_dynamic_count(self, "result", r, len(self.sizes))
        if t.has_static_shape() and r.has_static_shape():
            a, b = int(np.prod(t.get_shape())), int(np.prod(r.get_shape()))
            if a != b:
                raise VerifyException(f"{self.name}: {t} has {a} elements, {r} has {b}")
        # one side static, the other partly dynamic: its static dims must divide the count
        for full, part in ((t, r), (r, t)):
            if not full.has_static_shape() or part.has_static_shape():
                continue
            n = int(np.prod(full.get_shape()))
            p = int(np.prod([d for d in part.get_shape() if d != DYNAMIC_INDEX]))
            if (p == 0 and n != 0) or (p != 0 and n % p != 0):
                raise VerifyException(
                    f"{self.name}: {full} has {n} elements, which no size of the dynamic "
                    f"dims of {part} gives (its static dims hold {p} elements each)"
                )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.input)
        _print_sizes(printer, self.sizes)
        printer.print_op_attributes(self.attributes)
        self.print_types(printer, [self.input.type], self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> ReshapeOp:
        start = parser.pos
        x = parser.parse_unresolved_operand()
        span = (start, parser.pos)
        sizes = _parse_sizes(parser)
        attrs = parser.parse_optional_attr_dict()
        ts, rt = cls.parse_types(parser)
        (xv,) = _resolve_each(parser, cls.name, [x], ts, 1, span)
        op = cls(xv, rt, sizes)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        x = np.asarray(args[0])
        shape = _fill_dynamic(self.result.type.get_shape(), args[1:])  # type: ignore[union-attr]
        if int(np.prod(shape)) != x.size:
            raise ShapeError(
                f"{self.name}: cannot reshape {x.shape} ({x.size} elements) to {tuple(shape)}"
            )
        return x.reshape(shape)


@irdl_op_definition
class TransposeOp(TTOp, TypedTailMixin):
    """`%r = tt.transpose %x perm [p...] : A -> B`: `np.transpose(x, perm)`."""

    name = "tt.transpose"
    input = operand_def(TensorType)
    perm = prop_def(DenseArrayBase.constr(i64))
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(self, x: SSAValue | Operation, perm: Sequence[int]):
        x = SSAValue.get(x)
        t = x.type
        assert isinstance(t, TensorType)
        shape = t.get_shape()
        rt = (
            TensorType(t.element_type, [shape[p] for p in perm])
            if sorted(perm) == list(range(len(shape)))
            else t
        )
        super().__init__(operands=[x], result_types=[rt], properties={"perm": _i64_array(perm)})

    @property
    def permutation(self) -> tuple[int, ...]:
        return _values(self.perm)

    def verify_(self) -> None:
        t = _check_tensor(self, "operand", self.input.type)
        perm = self.permutation
        if sorted(perm) != list(range(t.get_num_dims())):
            raise VerifyException(
                f"{self.name}: perm {list(perm)} is not a permutation of the dims of {t}"
            )
        shape = t.get_shape()
        want = TensorType(t.element_type, [shape[p] for p in perm])
        if self.result.type != want:
            raise VerifyException(
                f"{self.name}: result type must be {want}, got {self.result.type}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.input)
        printer.print_string(f" perm {_int_list(self.permutation)}")
        printer.print_op_attributes(self.attributes)
        self.print_types(printer, [self.input.type], self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> TransposeOp:
        start = parser.pos
        x = parser.parse_unresolved_operand()
        span = (start, parser.pos)
        parser.parse_keyword("perm")
        perm = _parse_int_list(parser)
        attrs = parser.parse_optional_attr_dict()
        ts, written = cls.parse_types_written(parser)
        (xv,) = _resolve_each(parser, cls.name, [x], ts, 1, span)
        op = cls(xv, perm)
        _check_written_type(parser, op, written)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        # (not np.ascontiguousarray: it makes a rank-0 array rank 1)
        return np.transpose(np.asarray(args[0]), self.permutation).copy(order="C")


@irdl_op_definition
class ConcatenateOp(TTOp, TypedTailMixin):
    """`%r = tt.concatenate %a, %b, ... axis N : A, B, ... -> R`: `np.concatenate`."""

    name = "tt.concatenate"
    inputs = var_operand_def(TensorType)
    axis = prop_def(IntegerAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(
        self, xs: Sequence[SSAValue | Operation], axis: int, result_type: Attribute | None = None
    ):
        vals = [SSAValue.get(x) for x in xs]
        if result_type is None:
            result_type = concat_type([v.type for v in vals], axis)  # type: ignore[arg-type]
        super().__init__(
            operands=[vals], result_types=[result_type], properties={"axis": IntegerAttr(axis, i64)}
        )

    def verify_(self) -> None:
        if not self.inputs:
            raise VerifyException(f"{self.name}: needs at least one operand")
        ts = [_check_tensor(self, f"operand {i}", v.type) for i, v in enumerate(self.inputs)]
        a = self.axis.value.data
        rank = ts[0].get_num_dims()
        for i, t in enumerate(ts):
            if t.get_num_dims() != rank or t.element_type != ts[0].element_type:
                raise VerifyException(
                    f"{self.name}: operand {i} is {t}; all operands need the rank and "
                    f"element type of {ts[0]}"
                )
        if not 0 <= a < rank:
            raise VerifyException(f"{self.name}: axis {a} is out of range for {ts[0]}")
        for d in range(rank):
            if d == a:
                continue
            sizes = [t.get_shape()[d] for t in ts]
            if (
                any(not _compatible(s, sizes[0]) for s in sizes)
                or len({s for s in sizes if s != DYNAMIC_INDEX}) > 1
            ):
                raise VerifyException(
                    f"{self.name}: operands differ in dim {d} (not the axis): "
                    + ", ".join(str(t) for t in ts)
                )
        want = concat_type(ts, a)
        if self.result.type != want:
            raise VerifyException(
                f"{self.name}: result type must be {want}, got {self.result.type}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list(self.inputs, printer.print_operand)
        printer.print_string(f" axis {self.axis.value.data}")
        printer.print_op_attributes(self.attributes)
        self.print_types(printer, [v.type for v in self.inputs], self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> ConcatenateOp:
        names, span = _parse_operand_list(parser)
        parser.parse_keyword("axis")
        axis = parser.parse_integer()
        attrs = parser.parse_optional_attr_dict()
        ts, rt = cls.parse_types(parser)
        op = cls(_resolve_each(parser, cls.name, names, ts, len(names), span), axis, rt)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        xs = [np.asarray(a) for a in args]
        a = self.axis.value.data
        for i, x in enumerate(xs[1:], 1):
            for d in range(x.ndim):
                if d != a and x.shape[d] != xs[0].shape[d]:
                    raise ShapeError(
                        f"{self.name}: operand {i} has shape {x.shape}, operand 0 {xs[0].shape}: "
                        f"they differ in dim {d}"
                    )
        return np.concatenate(xs, axis=a)


def concat_type(ts: Sequence[TensorType], axis: int) -> TensorType:
    shape = list(ts[0].get_shape())
    for d in range(len(shape)):
        sizes = [t.get_shape()[d] for t in ts]
        if d == axis:
            shape[d] = DYNAMIC_INDEX if DYNAMIC_INDEX in sizes else sum(sizes)
        else:
            static = [s for s in sizes if s != DYNAMIC_INDEX]
            shape[d] = static[0] if static else DYNAMIC_INDEX
    return TensorType(ts[0].element_type, shape)


@irdl_op_definition
class ArangeOp(TTOp, TypedTailMixin):
    """`%r = tt.arange %start, %stop, %step : tensor<T>, tensor<T>, tensor<T> -> tensor<?xT>`."""

    name = "tt.arange"
    start = operand_def(TensorType)
    stop = operand_def(TensorType)
    step = operand_def(TensorType)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(
        self, start: SSAValue | Operation, stop: SSAValue | Operation, step: SSAValue | Operation
    ):
        t = SSAValue.get(start).type
        assert isinstance(t, TensorType)
        super().__init__(
            operands=[start, stop, step], result_types=[TensorType(t.element_type, [DYNAMIC_INDEX])]
        )

    def verify_(self) -> None:
        ts = [
            _check_tensor(self, r, v.type, "numeric")
            for r, v in (("start", self.start), ("stop", self.stop), ("step", self.step))
        ]
        if any(t != ts[0] or t.get_num_dims() != 0 for t in ts):
            raise VerifyException(
                f"{self.name}: start, stop and step must be rank-0 tensors of one type, got "
                + ", ".join(str(t) for t in ts)
            )
        want = TensorType(ts[0].element_type, [DYNAMIC_INDEX])
        if self.result.type != want:
            raise VerifyException(
                f"{self.name}: result type must be {want}, got {self.result.type}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list([self.start, self.stop, self.step], printer.print_operand)
        printer.print_op_attributes(self.attributes)
        self.print_types(
            printer, [self.start.type, self.stop.type, self.step.type], self.result.type
        )

    @classmethod
    def parse(cls, parser: Parser) -> ArangeOp:
        names, span = _parse_operand_list(parser)
        attrs = parser.parse_optional_attr_dict()
        ts, written = cls.parse_types_written(parser)
        op = cls(*_resolve_each(parser, "tt.arange (start, stop, step)", names, ts, 3, span))
        _check_written_type(parser, op, written)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        start, stop, step = (np.asarray(a).item() for a in args)
        if step == 0:
            raise ShapeError(f"{self.name}: step is 0")
        dtype = numpy_dtype(self.result.type.element_type)  # type: ignore[union-attr]
        return np.arange(start, stop, step, dtype=dtype)


# --------------------------------------------------------------------------- indexing


class SliceSpecMixin:
    """The normalised slice `[offsets] [sizes] [steps]` of tt.slice / tt.update_slice:
    each a static integer or a dynamic index operand (printed in place)."""

    def slice_lists(self) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        return _values(self.static_offsets), _values(self.static_sizes), _values(self.static_steps)

    def slice_values(self, dyn: Sequence[object]) -> tuple[list[int], list[int], list[int]]:
        """Concrete offsets, sizes, steps given the dynamic operand values, in order."""
        so, ss, st = self.slice_lists()
        it = iter(dyn)
        offs = [int(next(it)) if v == DYNAMIC_INDEX else v for v in so]  # type: ignore[call-overload]
        sizes = [int(next(it)) if v == DYNAMIC_INDEX else v for v in ss]  # type: ignore[call-overload]
        steps = [int(next(it)) if v == DYNAMIC_INDEX else v for v in st]  # type: ignore[call-overload]
        return offs, sizes, steps

    def verify_slice(self, op: Operation, source: TensorType, sliced: TensorType) -> None:
        so, ss, st = self.slice_lists()
        rank = source.get_num_dims()
        if not (len(so) == len(ss) == len(st) == rank):
            raise VerifyException(
                f"{op.name}: offsets, sizes and steps need {rank} entries each for {source}"
            )
        for name, static, dyn in (
            ("offsets", so, self.offsets),
            ("sizes", ss, self.sizes),
            ("steps", st, self.steps),
        ):
            if sum(1 for v in static if v == DYNAMIC_INDEX) != len(dyn):
                raise VerifyException(f"{op.name}: {name} has a wrong number of dynamic operands")
        if any(v == 0 for v in st):
            raise VerifyException(f"{op.name}: a step of 0 is invalid")
        shape = source.get_shape()
        for d, (o, n, t) in enumerate(zip(so, ss, st)):
            if n == DYNAMIC_INDEX:
                continue
            if n < 0:
                raise VerifyException(
                    f"{op.name}: the size {n} of dim {d} is negative (slice of {source})"
                )
            if n == 0 or o == DYNAMIC_INDEX or t == DYNAMIC_INDEX:
                continue
            lo, hi = min(o, o + (n - 1) * t), max(o, o + (n - 1) * t)
            if lo < 0 or (shape[d] != DYNAMIC_INDEX and hi >= shape[d]):
                raise VerifyException(
                    f"{op.name}: the slice of dim {d} [offset {o}, size {n}, step {t}] reads "
                    f"indices {lo} to {hi}, out of bounds for dim {d} of {source}"
                )
        want = [DYNAMIC_INDEX if s == DYNAMIC_INDEX else s for s in ss]
        if list(sliced.get_shape()) != want or sliced.element_type != source.element_type:
            raise VerifyException(
                f"{op.name}: the slice of {source} with sizes {_shape_text(want)} is "
                f"{TensorType(source.element_type, want)}, got {sliced}"
            )

    def print_slice(self, printer: Printer) -> None:
        so, ss, st = self.slice_lists()
        for static, dyn in ((so, self.offsets), (ss, self.sizes), (st, self.steps)):
            printer.print_string(" ")
            print_dynamic_index_list(printer, DYNAMIC_INDEX, list(dyn), static)

    @staticmethod
    def parse_slice(parser: Parser) -> list[tuple[list[SSAValue], list[int]]]:
        out = []
        for _ in range(3):
            start = parser.pos
            names, static = parse_dynamic_index_list_without_types(parser, DYNAMIC_INDEX)
            if sum(1 for v in static if v == DYNAMIC_INDEX) != len(names):
                parser.raise_error(
                    f"the static value {DYNAMIC_INDEX} is reserved for dynamic values "
                    "(write an SSA value instead)", start, parser.pos,
                )
            out.append(([parser.resolve_operand(n, IndexType()) for n in names], list(static)))
        return out

    def gather_indices(
        self, x: np.ndarray, dyn: Sequence[object], what: str
    ) -> tuple[np.ndarray, ...]:
        offs, sizes, steps = self.slice_values(dyn)
        idx = [
            tt_reference.slice_indices(x.shape[d], offs[d], sizes[d], steps[d], f"{what} dim {d}")
            for d in range(x.ndim)
        ]
        return np.ix_(*idx) if idx else ()


def _slice_props(offsets, sizes, steps) -> dict[str, Attribute]:  # type: ignore[no-untyped-def]
    return {
        "static_offsets": _i64_array(offsets),
        "static_sizes": _i64_array(sizes),
        "static_steps": _i64_array(steps),
    }


def _split(mixed: Sequence[int | SSAValue]) -> tuple[list[SSAValue], list[int]]:
    dyn = [SSAValue.get(v) for v in mixed if not isinstance(v, int)]
    static = [v if isinstance(v, int) else DYNAMIC_INDEX for v in mixed]
    return dyn, static


@irdl_op_definition
class SliceOp(TTOp, SliceSpecMixin):
    """`%r = tt.slice %x [offsets] [sizes] [steps] : A -> B`: `r[i] = x[o + i*t]` per dim.

    Offsets, sizes and steps are static integers or index operands; steps may be
    negative, never 0.  Out-of-bounds slices are a run-time error (checked on the host).
    """

    name = "tt.slice"
    input = operand_def(TensorType)
    offsets = var_operand_def(IndexType)
    sizes = var_operand_def(IndexType)
    steps = var_operand_def(IndexType)
    static_offsets = prop_def(DenseArrayBase.constr(i64))
    static_sizes = prop_def(DenseArrayBase.constr(i64))
    static_steps = prop_def(DenseArrayBase.constr(i64))
    result = result_def(TensorType)
    traits = traits_def(Pure())
    irdl_options = (AttrSizedOperandSegments(as_property=True),)

    def __init__(
        self,
        x: SSAValue | Operation,
        offsets: Sequence[int | SSAValue],
        sizes: Sequence[int | SSAValue],
        steps: Sequence[int | SSAValue],
    ):
        x = SSAValue.get(x)
        t = x.type
        assert isinstance(t, TensorType)
        (do, so), (ds, ss), (dt, st) = _split(offsets), _split(sizes), _split(steps)
        super().__init__(
            operands=[x, do, ds, dt],
            result_types=[TensorType(t.element_type, ss)],
            properties=_slice_props(so, ss, st),
        )

    def verify_(self) -> None:
        t = _check_tensor(self, "operand", self.input.type)
        r = _check_tensor(self, "result", self.result.type)
        self.verify_slice(self, t, r)

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.input)
        self.print_slice(printer)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.input.type)
        printer.print_string(" -> ")
        printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> SliceOp:
        x = parser.parse_unresolved_operand()
        parts = cls.parse_slice(parser)
        attrs = parser.parse_optional_attr_dict()
        t = _parse_tail_type(parser)
        parser.parse_punctuation("->")
        written = _parse_written_type(parser)
        mixed = [_mix(dyn, static) for dyn, static in parts]
        op = cls(parser.resolve_operand(x, t), *mixed)
        _check_written_type(parser, op, written)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        x = np.asarray(args[0])
        return x[self.gather_indices(x, args[1:], self.name)]


def _mix(dyn: Sequence[SSAValue], static: Sequence[int]) -> list[int | SSAValue]:
    it = iter(dyn)
    return [next(it) if v == DYNAMIC_INDEX else v for v in static]


UPDATE_MODES = ("set", "add")


@irdl_op_definition
class UpdateSliceOp(TTOp, SliceSpecMixin):
    """`%r = tt.update_slice <set|add> %x, %y [offsets] [sizes] [steps] : X, Y -> X`.

    A copy of x whose slice (as tt.slice) is replaced by y (set) or incremented by y (add):
    Theano's set_subtensor / inc_subtensor.
    """

    name = "tt.update_slice"
    input = operand_def(TensorType)
    update = operand_def(TensorType)
    offsets = var_operand_def(IndexType)
    sizes = var_operand_def(IndexType)
    steps = var_operand_def(IndexType)
    static_offsets = prop_def(DenseArrayBase.constr(i64))
    static_sizes = prop_def(DenseArrayBase.constr(i64))
    static_steps = prop_def(DenseArrayBase.constr(i64))
    mode = prop_def(StringAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())
    irdl_options = (AttrSizedOperandSegments(as_property=True),)

    def __init__(
        self,
        mode: str,
        x: SSAValue | Operation,
        y: SSAValue | Operation,
        offsets: Sequence[int | SSAValue],
        sizes: Sequence[int | SSAValue],
        steps: Sequence[int | SSAValue],
    ):
        x = SSAValue.get(x)
        (do, so), (ds, ss), (dt, st) = _split(offsets), _split(sizes), _split(steps)
        super().__init__(
            operands=[x, y, do, ds, dt],
            result_types=[x.type],
            properties={**_slice_props(so, ss, st), "mode": StringAttr(mode)},
        )

    def verify_(self) -> None:
        if self.mode.data not in UPDATE_MODES:
            raise VerifyException(f"{self.name}: mode must be set or add, got '{self.mode.data}'")
        t = _check_tensor(self, "operand", self.input.type)
        y = _check_tensor(self, "update", self.update.type)
        self.verify_slice(self, t, y)
        if self.result.type != t:
            raise VerifyException(f"{self.name}: result type must be {t}, got {self.result.type}")

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.mode.data} ")
        printer.print_list([self.input, self.update], printer.print_operand)
        self.print_slice(printer)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_list([self.input.type, self.update.type], printer.print_attribute)
        printer.print_string(" -> ")
        printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> UpdateSliceOp:
        mode = parser.parse_identifier()
        x = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        y = parser.parse_unresolved_operand()
        parts = cls.parse_slice(parser)
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        tx = _parse_tensor_type(parser)
        parser.parse_punctuation(",")
        ty = _parse_tensor_type(parser)
        parser.parse_punctuation("->")
        written = _parse_written_type(parser)
        mixed = [_mix(dyn, static) for dyn, static in parts]
        op = cls(mode, parser.resolve_operand(x, tx), parser.resolve_operand(y, ty), *mixed)
        _check_written_type(parser, op, written)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        x = np.array(args[0], copy=True)
        y = np.asarray(args[1])
        ix = self.gather_indices(x, args[2:], self.name)
        if self.mode.data == "set":
            x[ix] = y
        else:
            x[ix] = x[ix] + y
        return x


def take_type(x: TensorType, index: TensorType, axis: int, k: int) -> TensorType:
    shape = list(x.get_shape())
    return TensorType(x.element_type, [*shape[:axis], *index.get_shape(), *shape[axis + k :]])


@irdl_op_definition
class TakeOp(TTOp):
    """`%r = tt.take %x [%i0, %i1, ...] axis N : X, I -> R`: advanced integer indexing.

    The index tensors (one type I, integer) index consecutive axes N, N+1, ...:
    `R.shape = X.shape[:N] + I.shape + X.shape[N+k:]`.  Negative indices count from the
    end; out-of-range indices are a run-time error.
    """

    name = "tt.take"
    input = operand_def(TensorType)
    indices = var_operand_def(TensorType)
    axis = prop_def(IntegerAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(self, x: SSAValue | Operation, indices: Sequence[SSAValue | Operation], axis: int):
        x = SSAValue.get(x)
        idx = [SSAValue.get(i) for i in indices]
        rt = take_type(x.type, idx[0].type, axis, len(idx))  # type: ignore[arg-type]
        super().__init__(
            operands=[x, idx], result_types=[rt], properties={"axis": IntegerAttr(axis, i64)}
        )

    def verify_(self) -> None:
        t = _check_tensor(self, "operand", self.input.type)
        if not self.indices:
            raise VerifyException(f"{self.name}: needs at least one index tensor")
        its = [
            _check_tensor(self, f"index {i}", v.type, "integer") for i, v in enumerate(self.indices)
        ]
        if any(it != its[0] for it in its):
            raise VerifyException(
                f"{self.name}: index tensors must have one type (broadcast them first), got "
                + ", ".join(str(i) for i in its)
            )
        a, k = self.axis.value.data, len(its)
        if a < 0 or a + k > t.get_num_dims():
            raise VerifyException(f"{self.name}: {k} index tensor(s) at axis {a} do not fit {t}")
        want = take_type(t, its[0], a, k)
        if self.result.type != want:
            raise VerifyException(
                f"{self.name}: result type must be {want}, got {self.result.type}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.input)
        printer.print_string(" [")
        printer.print_list(self.indices, printer.print_operand)
        printer.print_string(f"] axis {self.axis.value.data}")
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_list([self.input.type, self.indices[0].type], printer.print_attribute)
        printer.print_string(" -> ")
        printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> TakeOp:
        x = parser.parse_unresolved_operand()
        names = parser.parse_comma_separated_list(
            Parser.Delimiter.SQUARE, parser.parse_unresolved_operand
        )
        if not names:
            parser.raise_error("tt.take needs at least one index tensor")
        parser.parse_keyword("axis")
        axis = parser.parse_integer()
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        tx = _parse_tensor_type(parser)
        parser.parse_punctuation(",")
        ti = _parse_tensor_type(parser)
        parser.parse_punctuation("->")
        written = _parse_written_type(parser)
        op = cls(
            parser.resolve_operand(x, tx), [parser.resolve_operand(n, ti) for n in names], axis
        )
        _check_written_type(parser, op, written)
        op.attributes.update(attrs)
        return op

    def index_tuple(self, x: np.ndarray, idx: Sequence[object]) -> tuple[object, ...]:
        a = self.axis.value.data
        norm = [
            tt_reference.normalize_indices(
                np.asarray(i), x.shape[a + j], f"{self.name} axis {a + j}"
            )
            for j, i in enumerate(idx)
        ]
        return (slice(None),) * a + tuple(norm)

    def reference(self, *args: object) -> np.ndarray:
        x = np.asarray(args[0])
        return np.array(x[self.index_tuple(x, args[1:])], order="C")  # rank 0 stays rank 0


@irdl_op_definition
class UpdateTakeOp(TTOp):
    """`%r = tt.update_take <set|add> %x, %y [%i0, ...] axis N : X, Y, I -> X`.

    A copy of x with the elements tt.take would read replaced by (set; the last write
    wins) or incremented by (add; repeated indices accumulate, `np.add.at`) y, which has
    the shape tt.take would give.
    """

    name = "tt.update_take"
    input = operand_def(TensorType)
    update = operand_def(TensorType)
    indices = var_operand_def(TensorType)
    axis = prop_def(IntegerAttr)
    mode = prop_def(StringAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(
        self,
        mode: str,
        x: SSAValue | Operation,
        y: SSAValue | Operation,
        indices: Sequence[SSAValue | Operation],
        axis: int,
    ):
        x = SSAValue.get(x)
        super().__init__(
            operands=[x, y, list(indices)],
            result_types=[x.type],
            properties={"axis": IntegerAttr(axis, i64), "mode": StringAttr(mode)},
        )

    def verify_(self) -> None:
        if self.mode.data not in UPDATE_MODES:
            raise VerifyException(f"{self.name}: mode must be set or add, got '{self.mode.data}'")
        t = _check_tensor(self, "operand", self.input.type)
        y = _check_tensor(self, "update", self.update.type)
        if not self.indices:
            raise VerifyException(f"{self.name}: needs at least one index tensor")
        its = [
            _check_tensor(self, f"index {i}", v.type, "integer") for i, v in enumerate(self.indices)
        ]
        if any(it != its[0] for it in its):
            raise VerifyException(
                f"{self.name}: index tensors must have one type, got "
                + ", ".join(str(i) for i in its)
            )
        a, k = self.axis.value.data, len(its)
        if a < 0 or a + k > t.get_num_dims():
            raise VerifyException(f"{self.name}: {k} index tensor(s) at axis {a} do not fit {t}")
        want = take_type(t, its[0], a, k)
        if (
            y.element_type != t.element_type
            or y.get_num_dims() != want.get_num_dims()
            or not all(_compatible(p, q) for p, q in zip(y.get_shape(), want.get_shape()))
        ):
            raise VerifyException(
                f"{self.name}: update must be {want} (what tt.take reads), got {y}"
            )
        if self.result.type != t:
            raise VerifyException(f"{self.name}: result type must be {t}, got {self.result.type}")

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.mode.data} ")
        printer.print_list([self.input, self.update], printer.print_operand)
        printer.print_string(" [")
        printer.print_list(self.indices, printer.print_operand)
        printer.print_string(f"] axis {self.axis.value.data}")
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_list(
            [self.input.type, self.update.type, self.indices[0].type], printer.print_attribute
        )
        printer.print_string(" -> ")
        printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> UpdateTakeOp:
        mode = parser.parse_identifier()
        x = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        y = parser.parse_unresolved_operand()
        names = parser.parse_comma_separated_list(
            Parser.Delimiter.SQUARE, parser.parse_unresolved_operand
        )
        parser.parse_keyword("axis")
        axis = parser.parse_integer()
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        tx = _parse_tensor_type(parser)
        parser.parse_punctuation(",")
        ty = _parse_tensor_type(parser)
        parser.parse_punctuation(",")
        ti = _parse_tensor_type(parser)
        parser.parse_punctuation("->")
        written = _parse_written_type(parser)
        op = cls(
            mode, parser.resolve_operand(x, tx), parser.resolve_operand(y, ty),
            [parser.resolve_operand(n, ti) for n in names], axis,
        )  # fmt: skip
        _check_written_type(parser, op, written)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        x = np.array(args[0], copy=True)
        y = np.asarray(args[1])
        a = self.axis.value.data
        norm = [
            tt_reference.normalize_indices(
                np.asarray(i), x.shape[a + j], f"{self.name} axis {a + j}"
            )
            for j, i in enumerate(args[2:])
        ]
        ix = (slice(None),) * a + tuple(norm)
        if self.mode.data == "set":
            x[ix] = y
        else:
            np.add.at(x, ix, y)
        return x


# --------------------------------------------------------------------------- linear algebra


class MatmulBase(TTOp, TypedTailMixin):
    """Shared by tt.matmul and tt.batched_matmul (BATCH leading batch dims)."""

    lhs = operand_def(TensorType)
    rhs = operand_def(TensorType)
    result = result_def(TensorType)
    traits = traits_def(Pure())
    BATCH: ClassVar[int] = 0

    def __init__(self, a: SSAValue | Operation, b: SSAValue | Operation):
        a, b = SSAValue.get(a), SSAValue.get(b)
        super().__init__(operands=[a, b], result_types=[self.result_type_for(a.type, b.type)])

    @classmethod
    def result_type_for(cls, a: Attribute, b: Attribute) -> Attribute:  # noqa: D102
        if not (isinstance(a, TensorType) and isinstance(b, TensorType)):
            return a
        sa, sb = a.get_shape(), b.get_shape()
        if len(sa) != 2 + cls.BATCH or len(sb) != 2 + cls.BATCH:
            return a
        batch = [sa[i] if sa[i] != DYNAMIC_INDEX else sb[i] for i in range(cls.BATCH)]
        return TensorType(a.element_type, [*batch, sa[-2], sb[-1]])

    def verify_(self) -> None:
        a = _check_tensor(self, "lhs", self.lhs.type, "float")
        b = _check_tensor(self, "rhs", self.rhs.type, "float")
        r = 2 + self.BATCH
        if a.get_num_dims() != r or b.get_num_dims() != r:
            raise VerifyException(f"{self.name}: operands must have rank {r}, got {a} and {b}")
        if a.element_type != b.element_type:
            raise VerifyException(f"{self.name}: element types differ: {a} and {b}")
        sa, sb = a.get_shape(), b.get_shape()
        if not _compatible(sa[-1], sb[-2]):
            raise VerifyException(f"{self.name}: inner dims differ: {a} and {b}")
        for i in range(self.BATCH):
            if not _compatible(sa[i], sb[i]):
                raise VerifyException(f"{self.name}: batch dims differ: {a} and {b}")
        want = self.result_type_for(a, b)
        if self.result.type != want:
            raise VerifyException(
                f"{self.name}: result type must be {want}, got {self.result.type}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list([self.lhs, self.rhs], printer.print_operand)
        printer.print_op_attributes(self.attributes)
        self.print_types(printer, [self.lhs.type, self.rhs.type], self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> MatmulBase:
        names, span = _parse_operand_list(parser)
        attrs = parser.parse_optional_attr_dict()
        ts, written = cls.parse_types_written(parser)
        op = cls(*_resolve_each(parser, cls.name, names, ts, 2, span))
        _check_written_type(parser, op, written)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        a, b = (np.asarray(v) for v in args)
        if a.shape[-1] != b.shape[-2] or a.shape[:-2] != b.shape[:-2]:
            raise ShapeError(f"{self.name}: shapes {a.shape} and {b.shape} do not multiply")
        return np.matmul(a.astype(np.float64), b.astype(np.float64)).astype(a.dtype)


@irdl_op_definition
class MatmulOp(MatmulBase):
    """`%r = tt.matmul %a, %b : tensor<MxK>, tensor<KxN> -> tensor<MxN>` (float)."""

    name = "tt.matmul"
    BATCH: ClassVar[int] = 0


@irdl_op_definition
class BatchedMatmulOp(MatmulBase):
    """`%r = tt.batched_matmul %a, %b : tensor<BxMxK>, tensor<BxKxN> -> tensor<BxMxN>`."""

    name = "tt.batched_matmul"
    BATCH: ClassVar[int] = 1


# --------------------------------------------------------------------------- convolution


class ConvAttrsMixin:
    """strides [sh, sw] padding [pt, pb, pl, pr] dilation [dh, dw] flip?"""

    def conv_attrs(self) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], bool]:
        return (
            _values(self.strides),
            _values(self.padding),
            _values(self.dilation),
            self.flip is not None,
        )

    def verify_conv_attrs(self, op: Operation) -> None:
        s, p, d, _ = self.conv_attrs()
        if len(s) != 2 or len(d) != 2 or len(p) != 4:
            raise VerifyException(
                f"{op.name}: strides and dilation take 2 values, "
                "padding 4 (top, bottom, left, right)"
            )
        if min(s) < 1 or min(d) < 1 or min(p) < 0:
            raise VerifyException(f"{op.name}: strides and dilation must be >= 1 and padding >= 0")

    def print_conv_attrs(self, printer: Printer) -> None:
        s, p, d, f = self.conv_attrs()
        printer.print_string(
            f" strides {_int_list(s)} padding {_int_list(p)} dilation {_int_list(d)}"
        )
        if f:
            printer.print_string(" flip")

    @staticmethod
    def parse_conv_attrs(parser: Parser) -> dict[str, Attribute]:
        parser.parse_keyword("strides")
        s = _parse_int_list(parser)
        parser.parse_keyword("padding")
        p = _parse_int_list(parser)
        parser.parse_keyword("dilation")
        d = _parse_int_list(parser)
        props: dict[str, Attribute] = {
            "strides": _i64_array(s),
            "padding": _i64_array(p),
            "dilation": _i64_array(d),
        }
        if parser.parse_optional_keyword("flip"):
            props["flip"] = UnitAttr()
        return props


def conv_props(strides, padding, dilation, flip) -> dict[str, Attribute]:  # type: ignore[no-untyped-def]
    props: dict[str, Attribute] = {
        "strides": _i64_array(strides),
        "padding": _i64_array(padding),
        "dilation": _i64_array(dilation),
    }  # fmt: skip
    if flip:
        props["flip"] = UnitAttr()
    return props


def conv2d_type(x: TensorType, w: TensorType, strides, padding, dilation) -> TensorType:  # type: ignore[no-untyped-def]
    n, _c, h, wd = x.get_shape()
    o, _ci, kh, kw = w.get_shape()

    def out(size: int, k: int, s: int, lo: int, hi: int, d: int) -> int:
        if size == DYNAMIC_INDEX or k == DYNAMIC_INDEX:
            return DYNAMIC_INDEX
        return tt_reference.conv_out_size(size, k, s, lo, hi, d)

    return TensorType(
        x.element_type,
        [n, o, out(h, kh, strides[0], padding[0], padding[1], dilation[0]),
         out(wd, kw, strides[1], padding[2], padding[3], dilation[1])],
    )  # fmt: skip


def _check_conv_fits(
    op: Operation,
    x: TensorType,
    w: TensorType,
    strides: Sequence[int],
    padding: Sequence[int],
    dilation: Sequence[int],
) -> None:
    """Static input and filter sizes must give every spatial output dim a size >= 1."""
    xs, ws = x.get_shape(), w.get_shape()
    for i, name in ((0, "height"), (1, "width")):
        n, k = xs[2 + i], ws[2 + i]
        if n == DYNAMIC_INDEX or k == DYNAMIC_INDEX:
            continue
        lo, hi = padding[2 * i], padding[2 * i + 1]
        if tt_reference.conv_out_size(n, k, strides[i], lo, hi, dilation[i]) < 1:
            raise VerifyException(
                f"{op.name}: the filters' {name} {k} (dilation {dilation[i]}, so "
                f"{dilation[i] * (k - 1) + 1}) is larger than the input's {n} padded by "
                f"{lo} + {hi} ({x}, {w})"
            )


def _check_conv_operands(
    op: Operation, x: tuple[str, TensorType], w: tuple[str, TensorType], gy: TensorType
) -> None:
    """Input, filters and output gradient share one element type; the input's channels
    (dim 1) are the filters' (dim 1).  `x`, `w`: (role, type), the role naming the
    operand or the result."""
    (xr, xt), (wr, wt) = x, w
    if not xt.element_type == wt.element_type == gy.element_type:
        raise VerifyException(
            f"{op.name}: element types differ: output gradient {gy}, {xr} {xt}, {wr} {wt}"
        )
    if not _compatible(xt.get_shape()[1], wt.get_shape()[1]):
        raise VerifyException(
            f"{op.name}: {xr} has {_size(xt.get_shape()[1])} channels, {wr} expect "
            f"{_size(wt.get_shape()[1])} ({xt}, {wt})"
        )


@irdl_op_definition
class Conv2dOp(TTOp, ConvAttrsMixin, TypedTailMixin):
    """`%y = tt.conv2d %x, %w strides [..] padding [..] dilation [..] flip? : X, W -> Y`.

    NCHW input, OIHW filters (I = C), output N x O x Ho x Wo with
    `Ho = (H + pt + pb - dh*(kh-1) - 1) // sh + 1`; `flip` is true convolution (filters
    rotated 180 degrees, Theano's default), otherwise cross-correlation.
    """

    name = "tt.conv2d"
    input = operand_def(TensorType)
    filters = operand_def(TensorType)
    strides = prop_def(DenseArrayBase.constr(i64))
    padding = prop_def(DenseArrayBase.constr(i64))
    dilation = prop_def(DenseArrayBase.constr(i64))
    flip = opt_prop_def(UnitAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(
        self,
        x: SSAValue | Operation,
        w: SSAValue | Operation,
        strides=(1, 1),
        padding=(0, 0, 0, 0),
        dilation=(1, 1),
        flip: bool = True,
    ):  # type: ignore[no-untyped-def]
        x, w = SSAValue.get(x), SSAValue.get(w)
        rt = conv2d_type(x.type, w.type, strides, padding, dilation)  # type: ignore[arg-type]
        super().__init__(
            operands=[x, w],
            result_types=[rt],
            properties=conv_props(strides, padding, dilation, flip),
        )

    def verify_(self) -> None:
        self.verify_conv_attrs(self)
        x = _check_tensor(self, "input", self.input.type, "float")
        w = _check_tensor(self, "filters", self.filters.type, "float")
        if x.get_num_dims() != 4 or w.get_num_dims() != 4:
            raise VerifyException(
                f"{self.name}: input (NCHW) and filters (OIHW) must have rank 4, got {x} and {w}"
            )
        if x.element_type != w.element_type:
            raise VerifyException(f"{self.name}: element types differ: {x} and {w}")
        if not _compatible(x.get_shape()[1], w.get_shape()[1]):
            raise VerifyException(
                f"{self.name}: input has {_size(x.get_shape()[1])} channels, filters expect "
                f"{_size(w.get_shape()[1])} ({x}, {w})"
            )
        s, p, d, _ = self.conv_attrs()
        _check_conv_fits(self, x, w, s, p, d)
        want = conv2d_type(x, w, s, p, d)
        if self.result.type != want:
            raise VerifyException(
                f"{self.name}: result type must be {want}, got {self.result.type}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list([self.input, self.filters], printer.print_operand)
        self.print_conv_attrs(printer)
        printer.print_op_attributes(self.attributes)
        self.print_types(printer, [self.input.type, self.filters.type], self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> Conv2dOp:
        names, span = _parse_operand_list(parser)
        props = cls.parse_conv_attrs(parser)
        attrs = parser.parse_optional_attr_dict()
        ts, rt = cls.parse_types(parser)
        x, w = _resolve_each(parser, cls.name, names, ts, 2, span)
        op = cls.create(operands=[x, w], result_types=[rt], properties=props)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        x, w = (np.asarray(a) for a in args)
        s, p, d, f = self.conv_attrs()
        return tt_reference.conv2d(x, w, s, p, d, f)


@irdl_op_definition
class Conv2dGradInputOp(TTOp, ConvAttrsMixin, TypedTailMixin):
    """`%gx = tt.conv2d_grad_input %gy, %w <conv attrs> sizes(..) : GY, W -> X`: the gradient
    of tt.conv2d w.r.t. its input; X's dynamic dims come from `sizes`."""

    name = "tt.conv2d_grad_input"
    output_grad = operand_def(TensorType)
    filters = operand_def(TensorType)
    sizes = var_operand_def(IndexType)
    strides = prop_def(DenseArrayBase.constr(i64))
    padding = prop_def(DenseArrayBase.constr(i64))
    dilation = prop_def(DenseArrayBase.constr(i64))
    flip = opt_prop_def(UnitAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(
        self,
        gy,
        w,
        result_type,
        sizes=(),
        strides=(1, 1),
        padding=(0, 0, 0, 0),
        dilation=(1, 1),
        flip=True,
    ):  # type: ignore[no-untyped-def]
        super().__init__(
            operands=[gy, w, list(sizes)],
            result_types=[result_type],
            properties=conv_props(strides, padding, dilation, flip),
        )

    def verify_(self) -> None:
        self.verify_conv_attrs(self)
        gy = _check_tensor(self, "output gradient", self.output_grad.type, "float")
        w = _check_tensor(self, "filters", self.filters.type, "float")
        r = _check_tensor(self, "result", self.result.type, "float")
        if gy.get_num_dims() != 4 or w.get_num_dims() != 4 or r.get_num_dims() != 4:
            raise VerifyException(f"{self.name}: operands and result must have rank 4")
        _check_dynamic_count(self, "result", r, len(self.sizes))
        _check_conv_operands(self, ("result (input)", r), ("filters", w), gy)
        s, p, d, _ = self.conv_attrs()
        _check_conv_fits(self, r, w, s, p, d)
        fwd = conv2d_type(r, w, s, p, d)
        if not all(_compatible(a, b) for a, b in zip(fwd.get_shape(), gy.get_shape())):
            raise VerifyException(
                f"{self.name}: the output gradient {gy} does not fit conv2d({r}, {w}) = {fwd}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list([self.output_grad, self.filters], printer.print_operand)
        self.print_conv_attrs(printer)
        _print_sizes(printer, self.sizes)
        printer.print_op_attributes(self.attributes)
        self.print_types(printer, [self.output_grad.type, self.filters.type], self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> Conv2dGradInputOp:
        names, span = _parse_operand_list(parser)
        props = cls.parse_conv_attrs(parser)
        sizes = _parse_sizes(parser)
        attrs = parser.parse_optional_attr_dict()
        ts, rt = cls.parse_types(parser)
        a, b = _resolve_each(parser, cls.name, names, ts, 2, span)
        op = cls.create(operands=[a, b, *sizes], result_types=[rt], properties=props)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        gy, w = np.asarray(args[0]), np.asarray(args[1])
        shape = _fill_dynamic(self.result.type.get_shape(), args[2:])  # type: ignore[union-attr]
        s, p, d, f = self.conv_attrs()
        return tt_reference.conv2d_grad_input(gy, w, shape[2:], s, p, d, f)


@irdl_op_definition
class Conv2dGradFilterOp(TTOp, ConvAttrsMixin, TypedTailMixin):
    """`%gw = tt.conv2d_grad_filter %x, %gy <conv attrs> sizes(..) : X, GY -> W`: the
    gradient of tt.conv2d w.r.t. its filters; W's dynamic dims come from `sizes`."""

    name = "tt.conv2d_grad_filter"
    input = operand_def(TensorType)
    output_grad = operand_def(TensorType)
    sizes = var_operand_def(IndexType)
    strides = prop_def(DenseArrayBase.constr(i64))
    padding = prop_def(DenseArrayBase.constr(i64))
    dilation = prop_def(DenseArrayBase.constr(i64))
    flip = opt_prop_def(UnitAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(
        self,
        x,
        gy,
        result_type,
        sizes=(),
        strides=(1, 1),
        padding=(0, 0, 0, 0),
        dilation=(1, 1),
        flip=True,
    ):  # type: ignore[no-untyped-def]
        super().__init__(
            operands=[x, gy, list(sizes)],
            result_types=[result_type],
            properties=conv_props(strides, padding, dilation, flip),
        )

    def verify_(self) -> None:
        self.verify_conv_attrs(self)
        x = _check_tensor(self, "input", self.input.type, "float")
        gy = _check_tensor(self, "output gradient", self.output_grad.type, "float")
        r = _check_tensor(self, "result", self.result.type, "float")
        if x.get_num_dims() != 4 or gy.get_num_dims() != 4 or r.get_num_dims() != 4:
            raise VerifyException(f"{self.name}: operands and result must have rank 4")
        _check_dynamic_count(self, "result", r, len(self.sizes))
        _check_conv_operands(self, ("input", x), ("result (filters)", r), gy)
        s, p, d, _ = self.conv_attrs()
        _check_conv_fits(self, x, r, s, p, d)
        fwd = conv2d_type(x, r, s, p, d)
        if not all(_compatible(a, b) for a, b in zip(fwd.get_shape(), gy.get_shape())):
            raise VerifyException(
                f"{self.name}: the output gradient {gy} does not fit conv2d({x}, {r}) = {fwd}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list([self.input, self.output_grad], printer.print_operand)
        self.print_conv_attrs(printer)
        _print_sizes(printer, self.sizes)
        printer.print_op_attributes(self.attributes)
        self.print_types(printer, [self.input.type, self.output_grad.type], self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> Conv2dGradFilterOp:
        names, span = _parse_operand_list(parser)
        props = cls.parse_conv_attrs(parser)
        sizes = _parse_sizes(parser)
        attrs = parser.parse_optional_attr_dict()
        ts, rt = cls.parse_types(parser)
        a, b = _resolve_each(parser, cls.name, names, ts, 2, span)
        op = cls.create(operands=[a, b, *sizes], result_types=[rt], properties=props)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        x, gy = np.asarray(args[0]), np.asarray(args[1])
        shape = _fill_dynamic(self.result.type.get_shape(), args[2:])  # type: ignore[union-attr]
        s, p, d, f = self.conv_attrs()
        return tt_reference.conv2d_grad_filter(x, gy, shape[2:], s, p, d, f)


# --------------------------------------------------------------------------- pooling

POOL_MODES = ("max", "sum", "average_inc_pad", "average_exc_pad")


class PoolAttrsMixin:
    """mode, window [wh, ww] strides [sh, sw] padding [ph, pw] ignore_border?"""

    def pool_attrs(self) -> tuple[str, tuple[int, ...], tuple[int, ...], tuple[int, ...], bool]:
        return (
            self.mode.data,
            _values(self.window),
            _values(self.strides),
            _values(self.padding),
            self.ignore_border is not None,
        )

    def verify_pool_attrs(self, op: Operation) -> None:
        mode, w, s, p, ib = self.pool_attrs()
        if mode not in POOL_MODES:
            raise VerifyException(
                f"{op.name}: unknown mode '{mode}' (one of {', '.join(POOL_MODES)})"
            )
        if len(w) != 2 or len(s) != 2 or len(p) != 2:
            raise VerifyException(f"{op.name}: window, strides and padding take 2 values each")
        if min(w) < 1 or min(s) < 1 or min(p) < 0:
            raise VerifyException(f"{op.name}: window and strides must be >= 1, padding >= 0")
        if any(p) and not ib:
            raise VerifyException(f"{op.name}: padding needs ignore_border (as in Theano)")
        if p[0] >= w[0] or p[1] >= w[1]:
            raise VerifyException(
                f"{op.name}: padding {list(p)} must be smaller than the window {list(w)}"
            )

    def verify_pool_fits(self, op: Operation, x: TensorType) -> None:
        """With ignore_border, a static dim padded on both sides must not be smaller than
        the window by a stride or more (the output size would be negative)."""
        _mode, w, s, p, ib = self.pool_attrs()
        shape = x.get_shape()
        for i, k in ((0, -2), (1, -1)):
            n = shape[k]
            if n == DYNAMIC_INDEX:
                continue
            out = tt_reference.pool_out_size(n, w[i], s[i], p[i], ib)
            if out < 0:
                raise VerifyException(
                    f"{op.name}: the window {list(w)} (strides {list(s)}) does not fit dim "
                    f"{x.get_num_dims() + k} of {x} padded by {p[i]} on each side: the output "
                    f"size would be {out}"
                )

    def print_pool_attrs(self, printer: Printer) -> None:
        _mode, w, s, p, ib = self.pool_attrs()
        printer.print_string(
            f" window {_int_list(w)} strides {_int_list(s)} padding {_int_list(p)}"
        )
        if ib:
            printer.print_string(" ignore_border")

    @staticmethod
    def parse_pool_attrs(parser: Parser, mode: str) -> dict[str, Attribute]:
        parser.parse_keyword("window")
        w = _parse_int_list(parser)
        parser.parse_keyword("strides")
        s = _parse_int_list(parser)
        parser.parse_keyword("padding")
        p = _parse_int_list(parser)
        return pool_props(mode, w, s, p, parser.parse_optional_keyword("ignore_border") is not None)


def pool_props(mode, window, strides, padding, ignore_border) -> dict[str, Attribute]:  # type: ignore[no-untyped-def]
    props: dict[str, Attribute] = {
        "mode": StringAttr(mode), "window": _i64_array(window), "strides": _i64_array(strides),
        "padding": _i64_array(padding),
    }  # fmt: skip
    if ignore_border:
        props["ignore_border"] = UnitAttr()
    return props


def pool2d_type(x: TensorType, window, strides, padding, ignore_border) -> TensorType:  # type: ignore[no-untyped-def]
    shape = list(x.get_shape())
    for k in (-2, -1):
        i = 0 if k == -2 else 1
        if shape[k] != DYNAMIC_INDEX:
            shape[k] = tt_reference.pool_out_size(
                shape[k], window[i], strides[i], padding[i], ignore_border
            )
    return TensorType(x.element_type, shape)


@irdl_op_definition
class Pool2dOp(TTOp, PoolAttrsMixin, TypedTailMixin):
    """`%y = tt.pool2d <mode> %x window [..] strides [..] padding [..] ignore_border? : X -> Y`.

    Theano's pool_2d over the last two dims (any leading dims).  Modes: max, sum,
    average_inc_pad (divide by the window size), average_exc_pad (divide by the number of
    non-padding elements).  Output size per dim: with ignore_border
    `(n + 2p - w) // s + 1`; without (no padding allowed), partial windows at the end
    count: `(n - 1) // s + 1` if s >= w else `max(0, (n - 1 - w + s) // s) + 1`.
    """

    name = "tt.pool2d"
    input = operand_def(TensorType)
    mode = prop_def(StringAttr)
    window = prop_def(DenseArrayBase.constr(i64))
    strides = prop_def(DenseArrayBase.constr(i64))
    padding = prop_def(DenseArrayBase.constr(i64))
    ignore_border = opt_prop_def(UnitAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(self, x, mode: str, window, strides, padding=(0, 0), ignore_border: bool = True):  # type: ignore[no-untyped-def]
        x = SSAValue.get(x)
        rt = pool2d_type(x.type, window, strides, padding, ignore_border)  # type: ignore[arg-type]
        super().__init__(
            operands=[x],
            result_types=[rt],
            properties=pool_props(mode, window, strides, padding, ignore_border),
        )

    def verify_(self) -> None:
        self.verify_pool_attrs(self)
        x = _check_tensor(self, "input", self.input.type, "float")
        if x.get_num_dims() < 2:
            raise VerifyException(f"{self.name}: input needs at least 2 dims, got {x}")
        self.verify_pool_fits(self, x)
        _m, w, s, p, ib = self.pool_attrs()
        want = pool2d_type(x, w, s, p, ib)
        if self.result.type != want:
            raise VerifyException(
                f"{self.name}: result type must be {want}, got {self.result.type}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.mode.data} ")
        printer.print_operand(self.input)
        self.print_pool_attrs(printer)
        printer.print_op_attributes(self.attributes)
        self.print_types(printer, [self.input.type], self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> Pool2dOp:
        mode = parser.parse_identifier()
        start = parser.pos
        x = parser.parse_unresolved_operand()
        span = (start, parser.pos)
        props = cls.parse_pool_attrs(parser, mode)
        attrs = parser.parse_optional_attr_dict()
        ts, rt = cls.parse_types(parser)
        xs = _resolve_each(parser, cls.name, [x], ts, 1, span)
        op = cls.create(operands=xs, result_types=[rt], properties=props)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        mode, w, s, p, ib = self.pool_attrs()
        return tt_reference.pool2d(np.asarray(args[0]), mode, w, s, p, ib)


@irdl_op_definition
class Pool2dGradOp(TTOp, PoolAttrsMixin, TypedTailMixin):
    """`%gx = tt.pool2d_grad <mode> %x, %gy <pool attrs> : X, GY -> X`: the gradient of
    tt.pool2d w.r.t. x.  max: every input equal to its window's maximum receives the
    window's output gradient (Theano's MaxPoolGrad); averages spread it evenly."""

    name = "tt.pool2d_grad"
    input = operand_def(TensorType)
    output_grad = operand_def(TensorType)
    mode = prop_def(StringAttr)
    window = prop_def(DenseArrayBase.constr(i64))
    strides = prop_def(DenseArrayBase.constr(i64))
    padding = prop_def(DenseArrayBase.constr(i64))
    ignore_border = opt_prop_def(UnitAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(
        self, x, gy, mode: str, window, strides, padding=(0, 0), ignore_border: bool = True
    ):  # type: ignore[no-untyped-def]
        x = SSAValue.get(x)
        super().__init__(
            operands=[x, gy],
            result_types=[x.type],
            properties=pool_props(mode, window, strides, padding, ignore_border),
        )

    def verify_(self) -> None:
        self.verify_pool_attrs(self)
        x = _check_tensor(self, "input", self.input.type, "float")
        gy = _check_tensor(self, "output gradient", self.output_grad.type, "float")
        if x.get_num_dims() < 2:
            raise VerifyException(f"{self.name}: input needs at least 2 dims, got {x}")
        self.verify_pool_fits(self, x)
        _m, w, s, p, ib = self.pool_attrs()
        fwd = pool2d_type(x, w, s, p, ib)
        if (
            gy.element_type != x.element_type
            or gy.get_num_dims() != x.get_num_dims()
            or not all(_compatible(a, b) for a, b in zip(fwd.get_shape(), gy.get_shape()))
        ):
            raise VerifyException(
                f"{self.name}: the output gradient {gy} does not fit pool2d({x}) = {fwd}"
            )
        if self.result.type != x:
            raise VerifyException(f"{self.name}: result type must be {x}, got {self.result.type}")

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.mode.data} ")
        printer.print_list([self.input, self.output_grad], printer.print_operand)
        self.print_pool_attrs(printer)
        printer.print_op_attributes(self.attributes)
        self.print_types(printer, [self.input.type, self.output_grad.type], self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> Pool2dGradOp:
        mode = parser.parse_identifier()
        names, span = _parse_operand_list(parser)
        props = cls.parse_pool_attrs(parser, mode)
        attrs = parser.parse_optional_attr_dict()
        ts, rt = cls.parse_types(parser)
        ops = _resolve_each(parser, cls.name, names, ts, 2, span)
        op = cls.create(operands=ops, result_types=[rt], properties=props)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        mode, w, s, p, ib = self.pool_attrs()
        return tt_reference.pool2d_grad(np.asarray(args[0]), np.asarray(args[1]), mode, w, s, p, ib)


# --------------------------------------------------------------------------- softmax


class SoftmaxBase(TTOp):
    input = operand_def(TensorType)
    axis = prop_def(IntegerAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(self, x: SSAValue | Operation, axis: int):
        x = SSAValue.get(x)
        super().__init__(
            operands=[x], result_types=[x.type], properties={"axis": IntegerAttr(axis, i64)}
        )

    def verify_(self) -> None:
        t = _check_tensor(self, "operand", self.input.type, "float")
        a = self.axis.value.data
        if not 0 <= a < t.get_num_dims():
            raise VerifyException(f"{self.name}: axis {a} is out of range for {t}")
        if self.result.type != t:
            raise VerifyException(f"{self.name}: result type must be {t}, got {self.result.type}")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.input)
        printer.print_string(f" axis {self.axis.value.data}")
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.input.type)

    @classmethod
    def parse(cls, parser: Parser) -> SoftmaxBase:
        x = parser.parse_unresolved_operand()
        parser.parse_keyword("axis")
        axis = parser.parse_integer()
        attrs = parser.parse_optional_attr_dict()
        t = _parse_tail_type(parser)
        op = cls(parser.resolve_operand(x, t), axis)
        op.attributes.update(attrs)
        return op


@irdl_op_definition
class SoftmaxOp(SoftmaxBase):
    """`%r = tt.softmax %x axis N : T`: exp(x - max) / sum(exp(x - max)) along N."""

    name = "tt.softmax"

    def reference(self, *args: object) -> np.ndarray:
        x = np.asarray(args[0])
        a = self.axis.value.data
        if x.size == 0:  # nothing to normalise (np.max has no identity)
            return x.copy()
        e = np.exp(x.astype(np.float64) - np.max(x, axis=a, keepdims=True))
        return (e / e.sum(axis=a, keepdims=True)).astype(x.dtype)


@irdl_op_definition
class LogSoftmaxOp(SoftmaxBase):
    """`%r = tt.log_softmax %x axis N : T`: x - max - log(sum(exp(x - max))) along N."""

    name = "tt.log_softmax"

    def reference(self, *args: object) -> np.ndarray:
        x = np.asarray(args[0])
        a = self.axis.value.data
        if x.size == 0:  # nothing to normalise (np.max has no identity)
            return x.copy()
        s = x.astype(np.float64) - np.max(x, axis=a, keepdims=True)
        return (s - np.log(np.exp(s).sum(axis=a, keepdims=True))).astype(x.dtype)


# --------------------------------------------------------------------------- random

RANDOM_DISTRIBUTIONS = ("uniform", "normal")


@irdl_op_definition
class RandomOp(TTOp):
    """`%r = tt.random <uniform|normal> %state sizes(%n...) : tensor<4xi32> -> tensor<...xT>`.

    Counter-based Philox4x32-10 with key = state[0:2] and a 64-bit counter state[2:4].
    uniform in [0, 1): element i (row-major) takes word i % 4 of block counter + i // 4
    (24 bits) for f16/f32, or words 2(i % 2), 2(i % 2)+1 of block counter + i // 2 (53
    bits) for f64.  normal: element i takes block counter + i: u1, u2 from words 0, 1 (f32)
    or 0-1, 2-3 (f64), z = sqrt(-2 log(1 - u1)) cos(2 pi u2).  The same stream on every
    device; `tt_reference.blocks_needed` gives the counter advance.
    """

    name = "tt.random"
    state = operand_def(TensorType)
    sizes = var_operand_def(IndexType)
    distribution = prop_def(StringAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(
        self,
        distribution: str,
        state: SSAValue | Operation,
        result_type: Attribute,
        sizes: Sequence[SSAValue | Operation] = (),
    ):
        super().__init__(
            operands=[state, list(sizes)], result_types=[result_type],
            properties={"distribution": StringAttr(distribution)},
        )  # fmt: skip

    def verify_(self) -> None:
        if self.distribution.data not in RANDOM_DISTRIBUTIONS:
            raise VerifyException(
                f"{self.name}: unknown distribution '{self.distribution.data}' (uniform or normal)"
            )
        st = _check_tensor(self, "state", self.state.type)
        if st != TensorType(IntegerType(32), [4]):
            raise VerifyException(
                f"{self.name}: state must be tensor<4xi32> (key, counter), got {st}"
            )
        r = _check_tensor(self, "result", self.result.type, "float")
        _check_dynamic_count(self, "result", r, len(self.sizes))

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.distribution.data} ")
        printer.print_operand(self.state)
        _print_sizes(printer, self.sizes)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.state.type)
        printer.print_string(" -> ")
        printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> RandomOp:
        dist = parser.parse_identifier()
        s = parser.parse_unresolved_operand()
        sizes = _parse_sizes(parser)
        attrs = parser.parse_optional_attr_dict()
        t = _parse_tail_type(parser)
        parser.parse_punctuation("->")
        rt = parser.parse_type()
        op = cls(dist, parser.resolve_operand(s, t), rt, sizes)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        shape = _fill_dynamic(self.result.type.get_shape(), args[1:])  # type: ignore[union-attr]
        dtype = numpy_dtype(self.result.type.element_type)  # type: ignore[union-attr]
        return tt_reference.random(np.asarray(args[0]), self.distribution.data, shape, dtype)


@irdl_op_definition
class MrgUniformOp(TTOp):
    """`%s, %u = tt.mrg_uniform %state sizes(%n...) : tensor<?x6xi32> -> tensor<...xT>`.

    Theano's MRG31k3p generator (theano/sandbox/rng_mrg.py, `mrg_uniform`): each row of
    the state is one stream `[x11, x12, x13, x21, x22, x23]` (int32).  Element i of the
    row-major samples comes from stream i % n (n = the state's rows): the stream advances
    one step, then gives z = x11 - x21 (+ M1 when x11 <= x21), in [1, M1].  The float is
    z * 2^-31 (f64), (float)z * 4.6566126e-10f in f32 arithmetic (f32), or
    ((z & 0x7fff) + 1) * f16(3.0458e-05) rounded once (f16).  Result 0 is the state after
    the draws (the state's type), result 1 the samples.  `tt_reference.mrg_uniform` is
    the NumPy semantics.
    """

    name = "tt.mrg_uniform"
    state = operand_def(TensorType)
    sizes = var_operand_def(IndexType)
    new_state = result_def(TensorType)
    samples = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(
        self,
        state: SSAValue | Operation,
        samples_type: Attribute,
        sizes: Sequence[SSAValue | Operation] = (),
    ):
        st = SSAValue.get(state).type
        super().__init__(operands=[state, list(sizes)], result_types=[st, samples_type])

    def verify_(self) -> None:
        st = _check_tensor(self, "state", self.state.type)
        shape = st.get_shape()
        if st.element_type != IntegerType(32) or len(shape) != 2 or shape[1] != 6:
            raise VerifyException(
                f"{self.name}: state must be tensor<Nx6xi32> (6 int32 words per stream), got {st}"
            )
        if shape[0] == 0:
            raise VerifyException(f"{self.name}: state has no streams ({st})")
        if self.new_state.type != st:
            raise VerifyException(
                f"{self.name}: result 0 (the new state) must have the state's type {st}, "
                f"got {self.new_state.type}"
            )
        r = _check_tensor(self, "samples", self.samples.type, "float")
        _check_dynamic_count(self, "samples", r, len(self.sizes))

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.state)
        _print_sizes(printer, self.sizes)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.state.type)
        printer.print_string(" -> ")
        printer.print_attribute(self.samples.type)

    @classmethod
    def parse(cls, parser: Parser) -> MrgUniformOp:
        s = parser.parse_unresolved_operand()
        sizes = _parse_sizes(parser)
        attrs = parser.parse_optional_attr_dict()
        t = _parse_tail_type(parser)
        parser.parse_punctuation("->")
        rt = _parse_tensor_type(parser)
        op = cls(parser.resolve_operand(s, t), rt, sizes)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[override]
        shape = _fill_dynamic(self.samples.type.get_shape(), args[1:])  # type: ignore[union-attr]
        dtype = numpy_dtype(self.samples.type.element_type)  # type: ignore[union-attr]
        return tt_reference.mrg_uniform(np.asarray(args[0]), shape, dtype)
# --------------------------------------------------------------------------- host calls


def check_call_types(op: Operation, callee: str, kinds: tuple[type, ...]) -> None:
    """The checks `tt.host_call` and `host.call` share: a callback name, and operands and
    results of one kind (`kinds`) with tt element types."""
    if not callee:
        raise VerifyException(f"{op.name}: the callback name must not be empty")
    values = [(f"operand #{k}", v.type) for k, v in enumerate(op.operands)]
    values += [(f"result #{k}", r.type) for k, r in enumerate(op.results)]
    kind = {type(t) for _, t in values if isinstance(t, kinds)}
    for role, t in values:
        if not isinstance(t, kinds):
            raise VerifyException(
                f"{op.name}: \"{callee}\" {role} must be a {' or '.join(k.name for k in kinds)}"
                f", got {t}"
            )
        if not is_supported_element(t.element_type):  # type: ignore[attr-defined]
            raise VerifyException(
                f"{op.name}: \"{callee}\" {role} must have {_KIND_TEXT['any']}, got {t}"
            )
    if len(kind) > 1:
        raise VerifyException(
            f"{op.name}: \"{callee}\" operands and results must be all tensors or all "
            "memrefs, got " + ", ".join(str(t) for _, t in values)
        )


def print_call(printer: Printer, op: Operation, callee: str) -> None:
    """` "name"(%a, %b) {attrs} : (A, B) -> (R, S)`"""
    printer.print_string(" ")
    printer.print_string_literal(callee)
    printer.print_string("(")
    printer.print_list(op.operands, printer.print_operand)
    printer.print_string(")")
    printer.print_op_attributes(op.attributes)
    printer.print_string(" : ")
    printer.print_function_type([v.type for v in op.operands], [r.type for r in op.results])


def parse_call(
    parser: Parser,
) -> tuple[str, list[SSAValue], list[Attribute], dict[str, Attribute]]:
    """The callee, resolved operands, result types and attributes of `print_call`'s form."""
    callee = parser.parse_str_literal()
    args = parser.parse_comma_separated_list(
        parser.Delimiter.PAREN, parser.parse_unresolved_operand
    )
    attrs = parser.parse_optional_attr_dict()
    parser.parse_punctuation(":")
    start = parser.pos
    ft = parser.parse_function_type()
    ins = list(ft.inputs.data)
    if len(ins) != len(args):
        parser.raise_error(
            f"{len(args)} operand(s) but {len(ins)} operand type(s)", start, parser.pos
        )
    operands = [parser.resolve_operand(a, t) for a, t in zip(args, ins)]
    return callee, operands, list(ft.outputs.data), attrs


@irdl_op_definition
class HostCallOp(TTOp):
    """`%r:N = tt.host_call "name"(%a, ...) : (tensor<...>, ...) -> (tensor<...>, ...)`.

    Calls the host callback `name` (`arignote.runtime.callbacks`) with the operands'
    values; its results are fresh values of the result types.  It has effects (no
    memory-effect trait): never merged with another call, never erased when unused.
    Lowered to `host.call` (docs/internals.md, "Host callbacks").
    """

    name = "tt.host_call"
    args = var_operand_def()
    res = var_result_def()
    callee = prop_def(StringAttr)

    def __init__(
        self,
        callee: str,
        operands: Sequence[SSAValue | Operation],
        result_types: Sequence[Attribute],
    ):
        super().__init__(
            operands=[list(operands)], result_types=[list(result_types)],
            properties={"callee": StringAttr(callee)},
        )  # fmt: skip

    def verify_(self) -> None:
        check_call_types(self, self.callee.data, (TensorType,))

    def print(self, printer: Printer) -> None:
        print_call(printer, self, self.callee.data)

    @classmethod
    def parse(cls, parser: Parser) -> HostCallOp:
        callee, operands, results, attrs = parse_call(parser)
        op = cls(callee, operands, results)
        op.attributes.update(attrs)
        return op

    def reference_all(self, *args: object) -> tuple[np.ndarray, ...]:
        """The values of every result (the callback run on the operands)."""
        from arignote.ir import location_str
        from arignote.runtime.callbacks import make_caller

        specs = [result_spec(r.type) for r in self.res]
        where = f"{self.name} at {location_str(self)}"
        call = make_caller(self.callee.data, specs, where)
        return call(*[np.ascontiguousarray(a) for a in args])

    def reference(self, *args: object) -> np.ndarray:
        return self.reference_all(*args)[0]


def result_spec(t: Attribute) -> tuple[np.dtype, tuple[int | None, ...]]:
    """(dtype, sizes with None for dynamic) of a tensor or memref type."""
    shape = t.get_shape()  # type: ignore[attr-defined]
    sizes = tuple(None if s == DYNAMIC_INDEX else int(s) for s in shape)
    return numpy_dtype(t.element_type), sizes  # type: ignore[attr-defined]
# --------------------------------------------------------------------------- scans and sorting


class CumulativeBase(TTOp):
    """A running sum or product along one axis, accumulated in the element type."""

    input = operand_def(TensorType)
    axis = prop_def(IntegerAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(self, x: SSAValue | Operation, axis: int):
        x = SSAValue.get(x)
        super().__init__(
            operands=[x], result_types=[x.type], properties={"axis": IntegerAttr(axis, i64)}
        )

    def verify_(self) -> None:
        t = _check_tensor(self, "operand", self.input.type, "numeric")
        a = self.axis.value.data
        if not 0 <= a < t.get_num_dims():
            raise VerifyException(f"{self.name}: axis {a} is out of range for {t}")
        if self.result.type != t:
            raise VerifyException(f"{self.name}: result type must be {t}, got {self.result.type}")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.input)
        printer.print_string(f" axis {self.axis.value.data}")
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.input.type)

    @classmethod
    def parse(cls, parser: Parser) -> CumulativeBase:
        x = parser.parse_unresolved_operand()
        parser.parse_keyword("axis")
        axis = parser.parse_integer()
        attrs = parser.parse_optional_attr_dict()
        t = _parse_tail_type(parser)
        op = cls(parser.resolve_operand(x, t), axis)
        op.attributes.update(attrs)
        return op


@irdl_op_definition
class CumsumOp(CumulativeBase):
    """`%r = tt.cumsum %x axis N : T`: r[..., i, ...] = x[..., 0, ...] + ... + x[..., i, ...]
    along N, summed in order in T's element type (np.cumsum with dtype=T)."""

    name = "tt.cumsum"

    def reference(self, *args: object) -> np.ndarray:
        x = np.asarray(args[0])
        with np.errstate(all="ignore"):
            return np.cumsum(x, axis=self.axis.value.data, dtype=x.dtype)


@irdl_op_definition
class CumprodOp(CumulativeBase):
    """`%r = tt.cumprod %x axis N : T`: the running product along N (np.cumprod, dtype=T)."""

    name = "tt.cumprod"

    def reference(self, *args: object) -> np.ndarray:
        x = np.asarray(args[0])
        with np.errstate(all="ignore"):
            return np.cumprod(x, axis=self.axis.value.data, dtype=x.dtype)


@irdl_op_definition
class ArgsortOp(TTOp):
    """`%r = tt.argsort %x axis N : T -> tensor<...xi64>`: the indices that sort x along N,
    ascending and stable (equal elements keep their order; NaN sorts after every number,
    as NumPy's `np.argsort(x, axis=N, kind="stable")`)."""

    name = "tt.argsort"
    input = operand_def(TensorType)
    axis = prop_def(IntegerAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure())

    def __init__(self, x: SSAValue | Operation, axis: int):
        x = SSAValue.get(x)
        t = x.type
        assert isinstance(t, TensorType)
        super().__init__(
            operands=[x],
            result_types=[with_element_type(t, i64)],
            properties={"axis": IntegerAttr(axis, i64)},
        )

    def verify_(self) -> None:
        t = _check_tensor(self, "operand", self.input.type)
        a = self.axis.value.data
        if not 0 <= a < t.get_num_dims():
            raise VerifyException(f"{self.name}: axis {a} is out of range for {t}")
        want = with_element_type(t, i64)
        if self.result.type != want:
            raise VerifyException(
                f"{self.name}: result type must be {want}, got {self.result.type}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.input)
        printer.print_string(f" axis {self.axis.value.data}")
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.input.type)
        printer.print_string(" -> ")
        printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> ArgsortOp:
        x = parser.parse_unresolved_operand()
        parser.parse_keyword("axis")
        axis = parser.parse_integer()
        attrs = parser.parse_optional_attr_dict()
        t = _parse_tail_type(parser)
        parser.parse_punctuation("->")
        written = _parse_written_type(parser)
        op = cls(parser.resolve_operand(x, t), axis)
        _check_written_type(parser, op, written)
        op.attributes.update(attrs)
        return op

    def reference(self, *args: object) -> np.ndarray:
        x = np.asarray(args[0])
        return np.argsort(x, axis=self.axis.value.data, kind="stable").astype(np.int64)


STRUCTURAL_OPS: tuple[type[TTOp], ...] = (
    DimOp, ToIndexOp, ReduceOp, ReshapeOp, TransposeOp, ConcatenateOp, ArangeOp, SliceOp,
    UpdateSliceOp, TakeOp, UpdateTakeOp, MatmulOp, BatchedMatmulOp, Conv2dOp, Conv2dGradInputOp,
    Conv2dGradFilterOp, Pool2dOp, Pool2dGradOp, SoftmaxOp, LogSoftmaxOp, RandomOp,
    MrgUniformOp,
    CumsumOp, CumprodOp, ArgsortOp,
)  # fmt: skip


# --------------------------------------------------------------------------- the dialect

ELEMENTWISE_OPS: tuple[type[ElementwiseOp], ...] = (
    NegOp, AbsOp, ExpOp, LogOp, Log1pOp, SqrtOp, SinOp, CosOp, TanhOp, SigmoidOp, NotOp,
    ExpM1Op, ErfOp, SoftplusOp, FloorOp, CeilOp, RoundOp, SignOp, IsNanOp, IsInfOp,
    AddOp, SubOp, MulOp, TrueDivOp, IntDivOp, ModOp, PowOp, MaximumOp, MinimumOp, AndOp, OrOp,
    XorOp, ShlOp, ShrOp,
    EqOp, NeOp, LtOp, LeOp, GtOp, GeOp,
    AsinOp, AcosOp, AtanOp, AsinhOp, AcoshOp, AtanhOp, Atan2Op,
    WhereOp, CastOp,
)  # fmt: skip

# the ops with regions (tt.scan, tt.if, tt.yield) live in tt_loops.py
from arignote.dialects.tt_loops import LOOP_OPS, IfOp, ScanOp, YieldOp  # noqa: E402

TT = Dialect(
    "tt", [*ELEMENTWISE_OPS, ConstantOp, BroadcastOp, *STRUCTURAL_OPS, HostCallOp, *LOOP_OPS], []
)

__all__ = [
    "TT", "ELEMENTWISE_OPS", "Elementwise", "ElementwiseOp", "UnaryOp", "BinaryOp", "CompareOp",
    "ConstantOp", "BroadcastOp", "WhereOp", "CastOp", "numpy_dtype", "element_type_of_dtype",
    "is_float", "is_int", "is_bool", "is_unsigned", "signless", "with_element_type",
    "NoMemoryEffect", "ScanOp", "IfOp", "YieldOp",
]  # fmt: skip
