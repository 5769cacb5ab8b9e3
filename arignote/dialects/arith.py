"""xDSL's `arith` dialect plus the upstream ops it lacks (`arith.remf`,
`arith.index_castui`) and upstream's shaped forms of the ones it restricts to scalars
(`arith.cmpf`/`arith.cmpi` on vectors and tensors give vectors/tensors of i1;
`arith.index_cast(ui)`, `arith.extsi/extui/trunci` on vectors and tensors; `arith.trunci`
with upstream's `overflowFlags`).

The registry maps the namespace `arith` to `ARITH`, so our contexts parse and print
these like upstream MLIR: `%r = arith.remf %a, %b : f32` (C's `fmod`: the result has the
sign of the dividend; under `arignote-opt --xdsl-compat` printed generically, as
xdsl-opt prints it: xDSL has no remf),
`%i = arith.index_castui %x : i32 to index` (zero-extends),
`%m = arith.cmpf olt, %a, %b : vector<4xf32>` (a `vector<4xi1>`).  The shaped forms are
subclasses of xDSL's ops, so xDSL's passes and patterns still recognise them.
"""

from __future__ import annotations

from xdsl.dialects import arith as xarith
from xdsl.dialects.builtin import IndexType, IntegerType, ShapedType, TensorType, VectorType
from xdsl.ir import Attribute, Dialect, Operation, SSAValue
from xdsl.dialects.builtin import IntegerAttr
from typing import ClassVar

from xdsl.irdl import (
    IRDLOperation,
    VarConstraint,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
    traits_def,
)
from xdsl.irdl.constraints import AnyAttr
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException


@irdl_op_definition
class RemFOp(xarith.FloatingPointLikeBinaryOperation):
    """`arith.remf`: floating-point remainder with the sign of the dividend (fmod), in
    upstream's custom form (`arith.remf %a, %b : f32`; generic under --xdsl-compat)."""

    name = "arith.remf"
    traits = traits_def(Pure())


def _i1_like(operand_type: Attribute) -> Attribute:
    """i1, or the vector/tensor of i1 of the operand's shape (a comparison's result)."""
    i1 = IntegerType(1)
    if isinstance(operand_type, VectorType):
        return VectorType(i1, operand_type.get_shape(), operand_type.scalable_dims)
    if isinstance(operand_type, TensorType):
        return TensorType(i1, operand_type.get_shape())
    return i1


def _verify_comparison(op: Operation) -> None:
    lhs, result = op.operands[0].type, op.results[0].type
    if result != _i1_like(lhs):
        raise VerifyException(
            f"result type {result} is not i1 of the operands' shape "
            f"(expected {_i1_like(lhs)})"
        )


@irdl_op_definition
class CmpfOp(xarith.ComparisonOperation):
    """`arith.cmpf`, also on vectors and tensors (result: i1 of the operands' shape).
    Registered as a virtual subclass of xDSL's CmpfOp (xDSL's decorated ops cannot be
    subclassed), so `isinstance(op, xdsl...arith.CmpfOp)` in xDSL's and our patterns holds."""

    name = "arith.cmpf"
    predicate = prop_def(IntegerAttr)
    lhs = operand_def(xarith.floatingPointLike)
    rhs = operand_def(xarith.floatingPointLike)
    fastmath = prop_def(xarith.FastMathFlagsAttr, default_value=xarith.FastMathFlagsAttr("none"))
    result = result_def(xarith.boolLike)

    traits = traits_def(Pure())

    def __init__(self, operand1, operand2, arg, fastmath=None):  # type: ignore[no-untyped-def]
        if fastmath is None:
            fastmath = xarith.FastMathFlagsAttr("none")
        operand1, operand2 = SSAValue.get(operand1), SSAValue.get(operand2)
        xarith.CmpfOp._validate_operand_types(operand1, operand2)
        if isinstance(arg, str):
            arg = xarith.CmpfOp._get_comparison_predicate(arg, _CMPF)
        IRDLOperation.__init__(
            self,
            operands=[operand1, operand2],
            result_types=[_i1_like(operand1.type)],
            properties={"predicate": IntegerAttr(arg, 64), "fastmath": fastmath},
        )

    parse = classmethod(xarith.CmpfOp.parse.__func__)  # type: ignore[attr-defined]
    print = xarith.CmpfOp.print

    def verify_(self) -> None:
        _verify_comparison(self)


@irdl_op_definition
class CmpiOp(xarith.ComparisonOperation):
    """`arith.cmpi`, also on vectors and tensors (result: i1 of the operands' shape);
    a virtual subclass of xDSL's CmpiOp."""

    name = "arith.cmpi"
    predicate = prop_def(IntegerAttr)
    lhs = operand_def(xarith.signlessIntegerLike)
    rhs = operand_def(xarith.signlessIntegerLike)
    result = result_def(xarith.boolLike)

    traits = traits_def(xarith.CmpiHasCanonicalizationPatterns(), Pure())

    def __init__(self, operand1, operand2, arg):  # type: ignore[no-untyped-def]
        operand1, operand2 = SSAValue.get(operand1), SSAValue.get(operand2)
        xarith.CmpiOp._validate_operand_types(operand1, operand2)
        if isinstance(arg, str):
            arg = xarith.CmpiOp._get_comparison_predicate(arg, _CMPI)
        IRDLOperation.__init__(
            self,
            operands=[operand1, operand2],
            result_types=[_i1_like(operand1.type)],
            properties={"predicate": IntegerAttr(arg, 64)},
        )

    parse = classmethod(xarith.CmpiOp.parse.__func__)  # type: ignore[attr-defined]
    print = xarith.CmpiOp.print

    def verify_(self) -> None:
        _verify_comparison(self)


_CMPF = {n: i for i, n in enumerate(xarith.CMPF_COMPARISON_OPERATIONS)}
_CMPI = {n: i for i, n in enumerate(xarith.CMPI_COMPARISON_OPERATIONS)}


def _element(t: Attribute) -> Attribute:
    return t.get_element_type() if isinstance(t, ShapedType) else t


def _shape(t: Attribute) -> tuple[int, ...] | None:
    return tuple(t.get_shape()) if isinstance(t, ShapedType) else None


def _verify_index_cast(op: Operation) -> None:
    src, dst = op.operands[0].type, op.results[0].type
    for t in (src, dst):
        if not isinstance(_element(t), IntegerType | IndexType):
            raise VerifyException(
                f"operand and result must be integers or indices (or vectors/tensors of "
                f"them), got {t}"
            )
    kinds = [type(t) if isinstance(t, ShapedType) else None for t in (src, dst)]
    if kinds[0] is not kinds[1] or _shape(src) != _shape(dst):
        raise VerifyException(f"{src} and {dst} do not have the same shape")
    if isinstance(_element(src), IndexType) == isinstance(_element(dst), IndexType):
        # (upstream's words, which xDSL's verifier and FileCheck suite use too)
        raise VerifyException(
            f"'{op.name}' op operand type '{src}' and result type '{dst}' are cast incompatible"
        )


class _IndexCastBase(IRDLOperation):
    input = operand_def(AnyAttr())
    result = result_def(AnyAttr())

    traits = traits_def(Pure())

    assembly_format = "$input attr-dict `:` type($input) `to` type($result)"

    def __init__(self, input_arg: SSAValue | Operation, target_type: Attribute):
        super().__init__(operands=[input_arg], result_types=[target_type])

    def verify_(self) -> None:
        _verify_index_cast(self)


@irdl_op_definition
class IndexCastOp(_IndexCastBase):
    """`arith.index_cast` (sign-extending), also on vectors and tensors; a virtual
    subclass of xDSL's IndexCastOp."""

    name = "arith.index_cast"


@irdl_op_definition
class IndexCastUIOp(_IndexCastBase):
    """`arith.index_castui`: index <-> integer, zero-extending (upstream MLIR's)."""

    name = "arith.index_castui"


def _verify_width_cast(op: Operation, wider: bool) -> None:
    src, dst = op.operands[0].type, op.results[0].type
    for t in (src, dst):
        if not isinstance(_element(t), IntegerType):
            raise VerifyException(
                f"operand and result must be signless integers (or vectors/tensors of "
                f"them), got {t}"
            )
    kinds = [type(t) if isinstance(t, ShapedType) else None for t in (src, dst)]
    if kinds[0] is not kinds[1] or _shape(src) != _shape(dst):
        raise VerifyException(f"{src} and {dst} do not have the same shape")
    w_in = _element(src).width.data  # type: ignore[attr-defined]
    w_out = _element(dst).width.data  # type: ignore[attr-defined]
    if wider and not w_out > w_in:
        raise VerifyException("Destination bit-width must be larger than the input bit-width")
    if not wider and not w_out < w_in:
        raise VerifyException("Destination bit-width must be smaller than the input bit-width")


class _ExtBase(IRDLOperation):
    input = operand_def(AnyAttr())
    result = result_def(AnyAttr())

    traits = traits_def(Pure())

    assembly_format = "$input attr-dict `:` type($input) `to` type($result)"

    def __init__(self, op: SSAValue | Operation, target_type: Attribute):
        super().__init__(operands=[op], result_types=[target_type])

    def verify_(self) -> None:
        _verify_width_cast(self, wider=True)


@irdl_op_definition
class ExtSIOp(_ExtBase):
    """`arith.extsi`, also on vectors and tensors; a virtual subclass of xDSL's ExtSIOp."""

    name = "arith.extsi"


@irdl_op_definition
class ExtUIOp(_ExtBase):
    """`arith.extui`, also on vectors and tensors; a virtual subclass of xDSL's ExtUIOp."""

    name = "arith.extui"


@irdl_op_definition
class TruncIOp(IRDLOperation):
    """`arith.trunci`, also on vectors and tensors, with upstream's overflow flags
    (`arith.trunci %x overflow<nsw> : i32 to i16`); a virtual subclass of xDSL's TruncIOp."""

    name = "arith.trunci"
    input = operand_def(AnyAttr())
    overflow_flags = prop_def(
        xarith.IntegerOverflowAttr,
        default_value=xarith.IntegerOverflowAttr("none"),
        prop_name="overflowFlags",
    )
    result = result_def(AnyAttr())

    traits = traits_def(Pure())

    assembly_format = (
        "$input (`overflow` `` $overflowFlags^)? attr-dict `:` type($input) `to` type($result)"
    )

    def __init__(
        self, op: SSAValue | Operation, target_type: Attribute,
        overflow: xarith.IntegerOverflowAttr | None = None,
    ):  # fmt: skip
        super().__init__(
            operands=[op], result_types=[target_type],
            properties={"overflowFlags": overflow or xarith.IntegerOverflowAttr("none")},
        )  # fmt: skip

    def verify_(self) -> None:
        _verify_width_cast(self, wider=False)


def _verify_int_float_cast(op: Operation, to_float: bool) -> None:
    src, dst = op.operands[0].type, op.results[0].type
    ok = (
        isinstance(_element(src), IntegerType) and xarith.AnyFloatConstr.verifies(_element(dst))
        if to_float
        else xarith.AnyFloatConstr.verifies(_element(src))
        and isinstance(_element(dst), IntegerType)
    )
    if not ok:
        want = "integer to float" if to_float else "float to integer"
        raise VerifyException(f"expected a {want} cast (or of vectors/tensors), got {src} to {dst}")
    kinds = [type(t) if isinstance(t, ShapedType) else None for t in (src, dst)]
    if kinds[0] is not kinds[1] or _shape(src) != _shape(dst):
        raise VerifyException(f"{src} and {dst} do not have the same shape")


class _ToFloatBase(IRDLOperation):
    input = operand_def(AnyAttr())
    result = result_def(AnyAttr())
    traits = traits_def(Pure())
    assembly_format = "$input attr-dict `:` type($input) `to` type($result)"

    def __init__(self, op: SSAValue | Operation, target_type: Attribute):
        super().__init__(operands=[op], result_types=[target_type])

    def verify_(self) -> None:
        _verify_int_float_cast(self, to_float=True)


class _ToIntBase(_ToFloatBase):
    def verify_(self) -> None:
        _verify_int_float_cast(self, to_float=False)


@irdl_op_definition
class SIToFPOp(_ToFloatBase):
    """`arith.sitofp`, also on vectors and tensors; a virtual subclass of xDSL's."""

    name = "arith.sitofp"


@irdl_op_definition
class UIToFPOp(_ToFloatBase):
    """`arith.uitofp`, also on vectors and tensors; a virtual subclass of xDSL's."""

    name = "arith.uitofp"


@irdl_op_definition
class FPToSIOp(_ToIntBase):
    """`arith.fptosi`, also on vectors and tensors; a virtual subclass of xDSL's."""

    name = "arith.fptosi"


@irdl_op_definition
class FPToUIOp(_ToIntBase):
    """`arith.fptoui`, also on vectors and tensors; a virtual subclass of xDSL's."""

    name = "arith.fptoui"


@irdl_op_definition
class SelectOp(IRDLOperation):
    """`arith.select`, also with a vector or tensor of i1 as the condition (upstream's
    `arith.select %c, %a, %b : vector<4xi1>, vector<4xf32>`); a virtual subclass of
    xDSL's SelectOp."""

    name = "arith.select"

    _T: ClassVar = VarConstraint("_T", AnyAttr())
    cond = operand_def(AnyAttr())
    lhs = operand_def(_T)
    rhs = operand_def(_T)
    result = result_def(_T)

    traits = traits_def(Pure(), xarith.SelectHasCanonicalizationPatterns())

    def __init__(
        self,
        operand1: Operation | SSAValue,
        operand2: Operation | SSAValue,
        operand3: Operation | SSAValue,
    ):
        operand2 = SSAValue.get(operand2)
        super().__init__(operands=[operand1, operand2, operand3], result_types=[operand2.type])

    @classmethod
    def parse(cls, parser: Parser) -> SelectOp:
        pos = parser.pos
        names = [parser.parse_unresolved_operand()]
        for _ in range(2):
            parser.parse_punctuation(",")
            names.append(parser.parse_unresolved_operand())
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        types_pos = parser.pos
        types = parser.parse_comma_separated_list(parser.Delimiter.NONE, parser.parse_type)
        if len(types) > 2:
            parser.raise_error(f"expected one or two types after ':', got {len(types)}", types_pos)
        cond_t, t = (types[0], types[1]) if len(types) == 2 else (IntegerType(1), types[0])
        c, a, b = parser.resolve_operands(names, [cond_t, t, t], pos)
        op = cls(c, a, b)
        op.attributes.update(attrs)
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list(self.operands, printer.print_operand)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        if self.cond.type != IntegerType(1):
            printer.print_attribute(self.cond.type)
            printer.print_string(", ")
        printer.print_attribute(self.result.type)

    def verify_(self) -> None:
        c, t = self.cond.type, self.result.type
        if c != IntegerType(1) and c != _i1_like(t):
            raise VerifyException(
                f"expected the condition to be i1 or i1 of the operands' shape "
                f"({_i1_like(t)}), got {c}"
            )


xarith.CmpfOp.register(CmpfOp)
xarith.CmpiOp.register(CmpiOp)
xarith.IndexCastOp.register(IndexCastOp)
xarith.ExtSIOp.register(ExtSIOp)
xarith.ExtUIOp.register(ExtUIOp)
xarith.TruncIOp.register(TruncIOp)
xarith.SIToFPOp.register(SIToFPOp)
xarith.UIToFPOp.register(UIToFPOp)
xarith.FPToSIOp.register(FPToSIOp)
xarith.FPToUIOp.register(FPToUIOp)
xarith.SelectOp.register(SelectOp)
_REPLACED = {
    o.name: o
    for o in (
        CmpfOp, CmpiOp, IndexCastOp, ExtSIOp, ExtUIOp, TruncIOp, SIToFPOp, UIToFPOp,
        FPToSIOp, FPToUIOp, SelectOp,
    )
}  # fmt: skip
#: xDSL's op class -> ours (the ones this module replaces)
REPLACED: dict[type[Operation], type[Operation]] = {
    o: _REPLACED[o.name] for o in xarith.Arith.operations if o.name in _REPLACED
}


def with_replacements(table: dict[type[Operation], object]) -> dict:  # type: ignore[type-arg]
    """`table` (keyed by xDSL's op classes, for lookups by `type(op)`) with our
    replacement classes as keys too."""
    return {**table, **{ours: table[x] for x, ours in REPLACED.items() if x in table}}

ARITH = Dialect(
    "arith",
    [*(_REPLACED.get(o.name, o) for o in xarith.Arith.operations), RemFOp, IndexCastUIOp],
    [*xarith.Arith.attributes],
    # xDSL's interfaces (constant materialization: constant-fold-interp and the folders
    # need it to turn a folded value into an arith.constant)
    list(xarith.Arith._interfaces),
)
