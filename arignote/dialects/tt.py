"""The `tt` tensor dialect: Theano-level operations with value semantics.

Every operand and result is a ranked builtin tensor of static rank and dtype (f16, f32,
f64, i1, i8, i16, i32, i64); sizes are static or dynamic (`?`).  Elementwise ops take
operands of one identical shape: Theano's implicit broadcasting is made explicit with
`tt.broadcast` (Theano's `dimshuffle` with 'x' plus the expansion of size-1 dims).
Two dynamic sizes that must agree at run time are checked by the lowering, not here.

Every op has a custom assembly format that round-trips, a verifier whose message names
the op, the operand and the types, and a NumPy reference (`reference`), which is the
oracle of the numeric tests (`arignote.reference` evaluates a whole function with it).

Elementwise ops share `ElementwiseOp`; lowerings dispatch on the concrete class and read
`kind` (which element types the op accepts) from the class.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    IndexType,
    IntegerType,
    TensorType,
    i1,
    i64,
)
from xdsl.ir import Attribute, Dialect, Operation, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import ConstantLike, NoMemoryEffect, OpTrait, Pure
from xdsl.utils.exceptions import VerifyException

# --------------------------------------------------------------------------- element types

FLOAT_TYPES = (Float16Type, Float32Type, Float64Type)
INT_WIDTHS = (1, 8, 16, 32, 64)

_NP_OF_FLOAT = {Float16Type: np.float16, Float32Type: np.float32, Float64Type: np.float64}
_NP_OF_INT = {1: np.bool_, 8: np.int8, 16: np.int16, 32: np.int32, 64: np.int64}


def is_float(t: Attribute) -> bool:
    return isinstance(t, FLOAT_TYPES)


def is_int(t: Attribute) -> bool:
    """Signless integers of a supported width, i1 (bool) included; treated as signed."""
    return (
        isinstance(t, IntegerType)
        and t.width.data in INT_WIDTHS
        and t.signedness.data.name == "SIGNLESS"
    )


def is_bool(t: Attribute) -> bool:
    return is_int(t) and isinstance(t, IntegerType) and t.width.data == 1


def is_supported_element(t: Attribute) -> bool:
    return is_float(t) or is_int(t)


def numpy_dtype(t: Attribute) -> np.dtype:
    """The NumPy dtype of a tt element type."""
    if is_float(t):
        return np.dtype(_NP_OF_FLOAT[type(t)])
    if is_int(t):
        assert isinstance(t, IntegerType)
        return np.dtype(_NP_OF_INT[t.width.data])
    raise ValueError(f"{t} is not a tt element type (f16/f32/f64, i1/i8/i16/i32/i64)")


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
    raise ValueError(f"dtype {d} has no tt element type (use float16/32/64, bool, int8-int64)")


def with_element_type(t: TensorType, element: Attribute) -> TensorType:
    return TensorType(element, t.get_shape())


_KIND_TEXT = {
    "float": "a floating-point element type (f16, f32, f64)",
    "int": "an integer or boolean element type (i1, i8, i16, i32, i64)",
    "numeric": "a numeric element type (f16, f32, f64, i8, i16, i32, i64)",
    "any": "a supported element type (f16, f32, f64, i1, i8, i16, i32, i64)",
}


def _kind_accepts(kind: str, t: Attribute) -> bool:
    if kind == "float":
        return is_float(t)
    if kind == "int":
        return is_int(t)
    if kind == "numeric":
        return is_float(t) or (is_int(t) and not is_bool(t))
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


def _parse_tail_type(parser: Parser) -> Attribute:
    parser.parse_punctuation(":")
    return parser.parse_type()


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
        super().__init__(operands=[x], result_types=[x.type])

    def verify_(self) -> None:
        t = _check_tensor(self, "operand", self.input.type, self.KIND)
        if self.result.type != t:
            raise VerifyException(
                f"{self.name}: result type {self.result.type} must equal operand type {t}"
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
        return np.asarray(r).astype(x.dtype, copy=False)  # type: ignore[union-attr]


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
        super().__init__(operands=[a, b], result_types=[self.result_type_for(a.type)])

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


# --------------------------------------------------------------------------- comparisons


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
        super().__init__(operands=[c, a, b], result_types=[a.type])

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
        super().__init__(operands=[x], result_types=[result_type])

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


@irdl_op_definition
class ConstantOp(TTOp):
    """`%c = tt.constant dense<...> : tensor<...>`: a tensor literal of static shape."""

    name = "tt.constant"
    value = prop_def(DenseIntOrFPElementsAttr)
    result = result_def(TensorType)
    traits = traits_def(Pure(), ConstantLike())

    def __init__(self, value: DenseIntOrFPElementsAttr):
        super().__init__(properties={"value": value}, result_types=[value.type])

    @staticmethod
    def from_numpy(array: np.ndarray) -> ConstantOp:
        array = np.asarray(array)
        el = element_type_of_dtype(array.dtype)
        t = TensorType(el, array.shape)
        flat = array.reshape(-1)
        if array.dtype == np.bool_:
            values: list[int] | list[float] = [int(v) for v in flat]
        elif array.dtype.kind == "f":
            values = [float(v) for v in flat]
        else:
            values = [int(v) for v in flat]
        if len(values) > 1 and all(v == values[0] for v in values):
            values = values[:1]  # a splat
        return ConstantOp(DenseIntOrFPElementsAttr.from_list(t, values))

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
        arr = np.array(vals, dtype=np.float64 if dtype.kind == "f" else np.int64).astype(dtype)
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
        super().__init__(
            operands=[x, list(sizes)],
            result_types=[result_type],
            properties={"dims": DenseArrayBase.from_list(i64, list(dims))},
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


# --------------------------------------------------------------------------- the dialect

ELEMENTWISE_OPS: tuple[type[ElementwiseOp], ...] = (
    NegOp, AbsOp, ExpOp, LogOp, Log1pOp, SqrtOp, SinOp, CosOp, TanhOp, SigmoidOp, NotOp,
    AddOp, SubOp, MulOp, TrueDivOp, IntDivOp, ModOp, PowOp, MaximumOp, MinimumOp, AndOp, OrOp,
    EqOp, NeOp, LtOp, LeOp, GtOp, GeOp,
    WhereOp, CastOp,
)  # fmt: skip

TT = Dialect("tt", [*ELEMENTWISE_OPS, ConstantOp, BroadcastOp], [])

__all__ = [
    "TT", "ELEMENTWISE_OPS", "Elementwise", "ElementwiseOp", "UnaryOp", "BinaryOp", "CompareOp",
    "ConstantOp", "BroadcastOp", "WhereOp", "CastOp", "numpy_dtype", "element_type_of_dtype",
    "is_float", "is_int", "is_bool", "with_element_type", "NoMemoryEffect",
]  # fmt: skip
