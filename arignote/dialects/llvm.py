"""xDSL's `llvm` dialect plus the upstream ops it lacks.

The registry maps the namespace `llvm` to `LLVM`, so our contexts parse and print these
ops like upstream MLIR:

    %i = llvm.fptosi %x : f32 to i32            %u = llvm.fptoui %x : f64 to i64
    %f = llvm.uitofp %i : i32 to f32
    %q = llvm.addrspacecast %p : !llvm.ptr<1> to !llvm.ptr
    %p = llvm.mlir.poison : f32                 %g = llvm.freeze %p : f32
    %m = llvm.intr.maximum(%a, %b) : (f32, f32) -> f32      (NaN-propagating, IEEE 754-2019)
    %l = llvm.intr.log10(%a) : (f32) -> f32     %t = llvm.intr.tanh(%a) : (f32) -> f32
    %s = llvm.intr.smax(%a, %b) : (i32, i32) -> i32
    %r = llvm.intr.abs(%a) {is_int_min_poison = false} : (i32) -> i32
    %w = llvm.intr.powi(%a, %n) : (f32, i32) -> f32
    %o = llvm.atomicrmw fadd %p, %v monotonic : !llvm.ptr<1>, f32   (returns the old value)

Every `llvm.intr.<name>` op (ours and xDSL's) is translated to a call of the LLVM
intrinsic `@llvm.<name>.<overloaded types>` by `arignote.lowering.translate_llvm`.
The op classes of xDSL are reused as they are (so `isinstance(op, xdsl.dialects.llvm.FuncOp)`
keeps working); this module only adds classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from xdsl.dialects.utils.dynamic_index_list import (
    parse_dynamic_index_list_without_types,
    print_dynamic_index_list,
)

from xdsl.dialects import llvm as xllvm
from xdsl.dialects.builtin import (
    AnyFloatConstr,
    IntegerAttr,
    IntegerType,
    SignlessIntegerConstraint,
    StringAttr,
    SymbolNameConstraint,
    UnitAttr,
    VectorType,
    i1,
)
from xdsl.dialects.llvm import FastMathAttr, GenericCastOp
from xdsl.ir import Attribute, Dialect, Operation, Region, SSAValue, TypedAttribute
from xdsl.irdl import (
    AnyAttr,
    IRDLOperation,
    ParsePropInAttrDict,
    VarConstraint,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    region_def,
    result_def,
    traits_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import (
    MemoryReadEffect,
    MemoryWriteEffect,
    NoMemoryEffect,
    Pure,
    SymbolOpInterface,
)
from xdsl.utils.exceptions import VerifyException

# ----------------------------------------------------------------------------------------
# casts xDSL lacks (same syntax as llvm.sitofp: `%r = llvm.fptosi %x : f32 to i32`)


def _scalar(t: Attribute) -> Attribute:
    return t.element_type if isinstance(t, VectorType) else t


def _is_float(t: Attribute) -> bool:
    return AnyFloatConstr.verifies(_scalar(t))


def _is_int(t: Attribute) -> bool:
    return isinstance(_scalar(t), IntegerType)


def _verify_float_int_cast(op: GenericCastOp, from_float: bool) -> None:
    src, dst = op.arg.type, op.result.type
    ok_src = _is_float(src) if from_float else _is_int(src)
    ok_dst = _is_int(dst) if from_float else _is_float(dst)
    if not (ok_src and ok_dst):
        raise VerifyException(f"invalid cast from {src} to {dst}")
    if isinstance(src, VectorType) != isinstance(dst, VectorType) or (
        isinstance(src, VectorType)
        and isinstance(dst, VectorType)
        and src.get_shape() != dst.get_shape()
    ):
        raise VerifyException(f"operand and result shapes differ: {src} to {dst}")


class _FloatToIntCast(GenericCastOp):
    """A cast from a float (vector) to an integer (vector) of the same shape."""

    def verify_(self) -> None:
        _verify_float_int_cast(self, from_float=True)


class _IntToFloatCast(GenericCastOp):
    """A cast from an integer (vector) to a float (vector) of the same shape."""

    def verify_(self) -> None:
        _verify_float_int_cast(self, from_float=False)


@irdl_op_definition
class FPToSIOp(_FloatToIntCast):
    """`llvm.fptosi`: float to signed integer, rounding toward zero (poison if out of range)."""

    name = "llvm.fptosi"


@irdl_op_definition
class FPToUIOp(_FloatToIntCast):
    """`llvm.fptoui`: float to unsigned integer, rounding toward zero (poison if out of range)."""

    name = "llvm.fptoui"


@irdl_op_definition
class UIToFPOp(_IntToFloatCast):
    """`llvm.uitofp`: unsigned integer to float, rounding to nearest."""

    name = "llvm.uitofp"


@irdl_op_definition
class AddrSpaceCastOp(GenericCastOp):
    """`llvm.addrspacecast`: a pointer in one address space to another."""

    name = "llvm.addrspacecast"

    def verify_(self) -> None:
        if not isinstance(self.arg.type, xllvm.LLVMPointerType) or not isinstance(
            self.result.type, xllvm.LLVMPointerType
        ):
            raise VerifyException("operand and result must be !llvm.ptr types")


# ----------------------------------------------------------------------------------------
# atomics

#: llvm.atomicrmw operations we emit (LLVM IR's names) and orderings
ATOMIC_BIN_OPS = ("add", "fadd", "max", "min", "fmax", "fmin", "xchg")
ATOMIC_ORDERINGS = ("monotonic", "acq_rel", "seq_cst")


@irdl_op_definition
class AtomicRMWOp(IRDLOperation):
    """`%old = llvm.atomicrmw <op> %ptr, %val <ordering> : !llvm.ptr<N>, T`: atomically
    *ptr = *ptr <op> val, returning the old value (LLVM's `atomicrmw`)."""

    name = "llvm.atomicrmw"

    T: ClassVar = VarConstraint("T", AnyAttr())

    ptr = operand_def(xllvm.LLVMPointerType)
    val = operand_def(T)
    res = result_def(T)
    bin_op = prop_def(StringAttr)
    ordering = prop_def(StringAttr)
    traits = traits_def(MemoryReadEffect(), MemoryWriteEffect())

    def __init__(self, bin_op: str, ptr: SSAValue, val: SSAValue, ordering: str = "monotonic"):
        super().__init__(
            operands=[ptr, val],
            result_types=[SSAValue.get(val).type],
            properties={"bin_op": StringAttr(bin_op), "ordering": StringAttr(ordering)},
        )

    def verify_(self) -> None:
        if self.bin_op.data not in ATOMIC_BIN_OPS:
            raise VerifyException(
                f"unknown operation '{self.bin_op.data}' (expected one of "
                f"{', '.join(ATOMIC_BIN_OPS)})"
            )
        if self.ordering.data not in ATOMIC_ORDERINGS:
            raise VerifyException(
                f"unknown ordering '{self.ordering.data}' (expected one of "
                f"{', '.join(ATOMIC_ORDERINGS)})"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.bin_op.data} ")
        printer.print_operand(self.ptr)
        printer.print_string(", ")
        printer.print_operand(self.val)
        printer.print_string(f" {self.ordering.data} : ")
        printer.print_attribute(self.ptr.type)
        printer.print_string(", ")
        printer.print_attribute(self.val.type)

    @classmethod
    def parse(cls, parser: Parser) -> AtomicRMWOp:
        bin_op = parser.parse_identifier()
        ptr = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        val = parser.parse_unresolved_operand()
        ordering = parser.parse_identifier()
        parser.parse_punctuation(":")
        pt = parser.parse_type()
        parser.parse_punctuation(",")
        vt = parser.parse_type()
        return cls(bin_op, parser.resolve_operand(ptr, pt), parser.resolve_operand(val, vt),
                   ordering)  # fmt: skip


# ----------------------------------------------------------------------------------------
# poison and freeze


@irdl_op_definition
class PoisonOp(IRDLOperation):
    """`%p = llvm.mlir.poison : T`: a poison value of type T."""

    name = "llvm.mlir.poison"

    res = result_def()
    traits = traits_def(NoMemoryEffect())
    assembly_format = "attr-dict `:` type($res)"

    def __init__(self, result_type: Attribute):
        super().__init__(result_types=[result_type])


@irdl_op_definition
class FreezeOp(IRDLOperation):
    """`%r = llvm.freeze %v : T`: an arbitrary but fixed value if %v is undef/poison, else %v."""

    name = "llvm.freeze"

    T: ClassVar = VarConstraint("T", AnyAttr())

    val = operand_def(T)
    res = result_def(T)
    traits = traits_def(NoMemoryEffect())
    assembly_format = "$val attr-dict `:` type($val)"

    def __init__(self, val: SSAValue | Operation):
        super().__init__(operands=[val], result_types=[SSAValue.get(val).type])


# ----------------------------------------------------------------------------------------
# intrinsics xDSL lacks: `%r = llvm.intr.<name>(%a, ...) : (T, ...) -> T`

_FLOATS = AnyFloatConstr | VectorType.constr(AnyFloatConstr)
_INTS = SignlessIntegerConstraint | VectorType.constr(SignlessIntegerConstraint)
_INTR_FORMAT = "`(` operands `)` attr-dict `:` functional-type(operands, results)"


class UnaryFloatIntrinsicOp(IRDLOperation):
    """`%r = llvm.intr.<name>(%a) [fastmath<...>] : (T) -> T` for a float (vector) T."""

    T: ClassVar = VarConstraint("T", _FLOATS)

    arg = operand_def(T)
    res = result_def(T)
    fastmathFlags = prop_def(FastMathAttr, default_value=FastMathAttr(None))

    traits = traits_def(Pure())
    irdl_options = (ParsePropInAttrDict(),)

    @classmethod
    def parse(cls, parser: Parser) -> IRDLOperation:
        return _parse_intrinsic(cls, parser)  # (upstream's fastmath<...> after the operands)

    def print(self, printer: Printer) -> None:
        _print_intrinsic(self, printer)

    def __init__(self, arg: SSAValue | Operation, fast_math: FastMathAttr | None = None):
        super().__init__(
            operands=[arg],
            result_types=[SSAValue.get(arg).type],
            properties={"fastmathFlags": fast_math or FastMathAttr(None)},
        )


class BinaryFloatIntrinsicOp(IRDLOperation):
    """`%r = llvm.intr.<name>(%a, %b) [fastmath<...>] : (T, T) -> T` for a float (vector) T."""

    T: ClassVar = VarConstraint("T", _FLOATS)

    lhs = operand_def(T)
    rhs = operand_def(T)
    res = result_def(T)
    fastmathFlags = prop_def(FastMathAttr, default_value=FastMathAttr(None))

    traits = traits_def(Pure())
    irdl_options = (ParsePropInAttrDict(),)

    @classmethod
    def parse(cls, parser: Parser) -> IRDLOperation:
        return _parse_intrinsic(cls, parser)  # (upstream's fastmath<...> after the operands)

    def print(self, printer: Printer) -> None:
        _print_intrinsic(self, printer)

    def __init__(
        self,
        lhs: SSAValue | Operation,
        rhs: SSAValue | Operation,
        fast_math: FastMathAttr | None = None,
    ):
        super().__init__(
            operands=[lhs, rhs],
            result_types=[SSAValue.get(lhs).type],
            properties={"fastmathFlags": fast_math or FastMathAttr(None)},
        )


class UnaryIntIntrinsicOp(IRDLOperation):
    """`%r = llvm.intr.<name>(%a) : (T) -> T` for a signless integer (vector) T."""

    T: ClassVar = VarConstraint("T", _INTS)

    arg = operand_def(T)
    res = result_def(T)

    traits = traits_def(Pure())
    assembly_format = _INTR_FORMAT

    def __init__(self, arg: SSAValue | Operation):
        super().__init__(operands=[arg], result_types=[SSAValue.get(arg).type])


class UnaryIntFlagIntrinsicOp(IRDLOperation):
    """`%r = llvm.intr.<name>(%a) {<flag> = false} : (T) -> T`: an integer intrinsic whose
    second LLVM argument is an `i1` immediate (abs: is_int_min_poison, ctlz/cttz:
    is_zero_poison)."""

    T: ClassVar = VarConstraint("T", _INTS)
    FLAG_NAME: ClassVar[str]

    arg = operand_def(T)
    res = result_def(T)

    traits = traits_def(Pure())
    irdl_options = (ParsePropInAttrDict(),)

    # upstream has no custom form for these (it rejects `llvm.intr.abs(%a) {...}`): they
    # are printed generic; the custom form (with the flag in attr-dict) is still read
    @classmethod
    def parse(cls, parser: Parser) -> IRDLOperation:
        pos = parser.pos
        args = parser.parse_comma_separated_list(
            parser.Delimiter.PAREN, parser.parse_unresolved_operand
        )
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        ft = parser.parse_function_type()
        values = parser.resolve_operands(args, list(ft.inputs.data), pos)
        props = {k: v for k, v in attrs.items() if k == cls.FLAG_NAME}
        for k in props:
            del attrs[k]
        return cls.build(
            operands=values, result_types=list(ft.outputs.data), properties=props,
            attributes=attrs,
        )  # fmt: skip

    def __init__(self, arg: SSAValue | Operation, flag: bool = False):
        super().__init__(
            operands=[arg],
            result_types=[SSAValue.get(arg).type],
            properties={self.FLAG_NAME: IntegerAttr(int(flag), i1)},
        )

    @property
    def flag(self) -> bool:
        attr = self.properties.get(self.FLAG_NAME)
        return isinstance(attr, IntegerAttr) and attr.value.data != 0


class BinaryIntIntrinsicOp(IRDLOperation):
    """`%r = llvm.intr.<name>(%a, %b) : (T, T) -> T` for a signless integer (vector) T."""

    T: ClassVar = VarConstraint("T", _INTS)

    lhs = operand_def(T)
    rhs = operand_def(T)
    res = result_def(T)

    traits = traits_def(Pure())
    assembly_format = _INTR_FORMAT

    def __init__(self, lhs: SSAValue | Operation, rhs: SSAValue | Operation):
        super().__init__(operands=[lhs, rhs], result_types=[SSAValue.get(lhs).type])


def _intrinsic(
    base: type[IRDLOperation], name: str, doc: str, **extra: object
) -> type[IRDLOperation]:
    camel = "".join(p.capitalize() for p in name.split("."))
    cls = type(
        f"{camel}Op",
        (base,),
        {
            "name": f"llvm.intr.{name}",
            "__doc__": doc,
            "__module__": __name__,
            "__annotations__": {k: ClassVar[str] for k in extra if k.isupper()},
            **extra,
        },
    )
    return irdl_op_definition(cls)


MaximumOp = _intrinsic(BinaryFloatIntrinsicOp, "maximum", "NaN-propagating maximum; -0 < +0.")
MinimumOp = _intrinsic(BinaryFloatIntrinsicOp, "minimum", "NaN-propagating minimum; -0 < +0.")
Log10Op = _intrinsic(UnaryFloatIntrinsicOp, "log10", "Base-10 logarithm.")
RoundOp = _intrinsic(UnaryFloatIntrinsicOp, "round", "Round to nearest, ties away from zero.")
RoundEvenOp = _intrinsic(UnaryFloatIntrinsicOp, "roundeven", "Round to nearest, ties to even.")
FTruncOp = _intrinsic(UnaryFloatIntrinsicOp, "trunc", "Round toward zero.")
TanOp = _intrinsic(UnaryFloatIntrinsicOp, "tan", "Tangent.")
TanhOp = _intrinsic(UnaryFloatIntrinsicOp, "tanh", "Hyperbolic tangent.")
SinhOp = _intrinsic(UnaryFloatIntrinsicOp, "sinh", "Hyperbolic sine.")
CoshOp = _intrinsic(UnaryFloatIntrinsicOp, "cosh", "Hyperbolic cosine.")
ASinOp = _intrinsic(UnaryFloatIntrinsicOp, "asin", "Arc sine.")
ACosOp = _intrinsic(UnaryFloatIntrinsicOp, "acos", "Arc cosine.")
ATanOp = _intrinsic(UnaryFloatIntrinsicOp, "atan", "Arc tangent.")
SMaxOp = _intrinsic(BinaryIntIntrinsicOp, "smax", "Signed integer maximum.")
SMinOp = _intrinsic(BinaryIntIntrinsicOp, "smin", "Signed integer minimum.")
UMaxOp = _intrinsic(BinaryIntIntrinsicOp, "umax", "Unsigned integer maximum.")
UMinOp = _intrinsic(BinaryIntIntrinsicOp, "umin", "Unsigned integer minimum.")
CtPopOp = _intrinsic(UnaryIntIntrinsicOp, "ctpop", "Number of set bits.")
AbsOp = _intrinsic(
    UnaryIntFlagIntrinsicOp,
    "abs",
    "Integer absolute value; with is_int_min_poison, abs(INT_MIN) is poison.",
    FLAG_NAME="is_int_min_poison",
    is_int_min_poison=prop_def(IntegerAttr[IntegerType]),
)
CountLeadingZerosOp = _intrinsic(
    UnaryIntFlagIntrinsicOp,
    "ctlz",
    "Number of leading zero bits; with is_zero_poison, ctlz(0) is poison.",
    FLAG_NAME="is_zero_poison",
    is_zero_poison=prop_def(IntegerAttr[IntegerType]),
)
CountTrailingZerosOp = _intrinsic(
    UnaryIntFlagIntrinsicOp,
    "cttz",
    "Number of trailing zero bits; with is_zero_poison, cttz(0) is poison.",
    FLAG_NAME="is_zero_poison",
    is_zero_poison=prop_def(IntegerAttr[IntegerType]),
)


@irdl_op_definition
class PowIOp(IRDLOperation):
    """`%r = llvm.intr.powi(%x, %n) : (f32, i32) -> f32`: x raised to an integer power."""

    name = "llvm.intr.powi"

    T: ClassVar = VarConstraint("T", _FLOATS)

    val = operand_def(T)
    power = operand_def(SignlessIntegerConstraint)
    res = result_def(T)
    fastmathFlags = prop_def(FastMathAttr, default_value=FastMathAttr(None))

    traits = traits_def(Pure())
    irdl_options = (ParsePropInAttrDict(),)

    @classmethod
    def parse(cls, parser: Parser) -> IRDLOperation:
        return _parse_intrinsic(cls, parser)  # (upstream's fastmath<...> after the operands)

    def print(self, printer: Printer) -> None:
        _print_intrinsic(self, printer)

    def __init__(self, val: SSAValue | Operation, power: SSAValue | Operation):
        super().__init__(
            operands=[val, power],
            result_types=[SSAValue.get(val).type],
            properties={"fastmathFlags": FastMathAttr(None)},
        )


#: the ops this module adds to xDSL's
EXTRA_OPS: list[type[Operation]] = [
    FPToSIOp,
    FPToUIOp,
    UIToFPOp,
    AddrSpaceCastOp,
    PoisonOp,
    FreezeOp,
    MaximumOp,
    MinimumOp,
    Log10Op,
    RoundOp,
    RoundEvenOp,
    FTruncOp,
    TanOp,
    TanhOp,
    SinhOp,
    CoshOp,
    ASinOp,
    ACosOp,
    ATanOp,
    SMaxOp,
    SMinOp,
    UMaxOp,
    UMinOp,
    CtPopOp,
    AbsOp,
    CountLeadingZerosOp,
    CountTrailingZerosOp,
    PowIOp,
    AtomicRMWOp,
]

# ----------------------------------------------------------------------------------------
# upstream's custom form of the fast-math flags: after the operands, `fastmath<...>`
#
#     %r = llvm.fadd %a, %b fastmath<fast> : f32
#     %n = llvm.fneg %a fastmath<nsz> : f32
#     %c = llvm.fcmp "olt" %a, %b fastmath<nnan> : f32
#     %s = llvm.intr.sqrt(%a) fastmath<afn> : (f32) -> f32
#
# xDSL prints them in the attribute dictionary (`{fastmathFlags = #llvm.fastmath<fast>}`),
# which upstream rejects ("inherent attribute ... cannot be parsed from attr-dict"), and
# its llvm.fcmp drops them.  The classes below are plain Python subclasses of xDSL's ops
# (same IRDL definition, so isinstance and xDSL's patterns hold) with upstream's parse and
# print; xDSL's spelling is still read.


def _parse_fastmath_and_attrs(parser: Parser) -> tuple[FastMathAttr, dict[str, Attribute]]:
    fm = FastMathAttr(None)
    if parser.parse_optional_keyword("fastmath") is not None:
        fm = FastMathAttr(FastMathAttr.parse_parameter(parser))
    attrs = parser.parse_optional_attr_dict()
    legacy = attrs.pop("fastmathFlags", None)  # (xDSL's spelling)
    if legacy is not None:
        if not isinstance(legacy, FastMathAttr):
            parser.raise_error(f"fastmathFlags must be an #llvm.fastmath, got {legacy}")
        fm = legacy
    return fm, attrs


def _print_fastmath_and_attrs(op: Operation, printer: Printer) -> None:
    fm = op.properties.get("fastmathFlags")
    if isinstance(fm, FastMathAttr) and fm.data:
        printer.print_string(" fastmath")
        fm.print_parameter(printer)
    printer.print_op_attributes(op.attributes)


def _parse_two_operands(
    parser: Parser,
) -> tuple[list[SSAValue], Attribute, Attribute, dict[str, Attribute]]:
    """`%a, %b [fastmath<...>] [{attrs}] : T`: the operands, T, the flags, the attrs."""
    lhs = parser.parse_unresolved_operand()
    parser.parse_punctuation(",")
    rhs = parser.parse_unresolved_operand()
    fm, attrs = _parse_fastmath_and_attrs(parser)
    parser.parse_punctuation(":")
    t = parser.parse_type()
    return parser.resolve_operands([lhs, rhs], [t, t], parser.pos), t, fm, attrs


def _parse_float_binary(cls: type[IRDLOperation], parser: Parser) -> IRDLOperation:
    ops, t, fm, attrs = _parse_two_operands(parser)
    return cls.build(
        operands=ops, result_types=[t], properties={"fastmathFlags": fm}, attributes=attrs
    )


def _print_float_binary(op: IRDLOperation, printer: Printer) -> None:
    printer.print_string(" ")
    printer.print_list(op.operands, printer.print_operand)
    _print_fastmath_and_attrs(op, printer)
    printer.print_string(" : ")
    printer.print_attribute(op.results[0].type)


def _parse_float_unary(cls: type[IRDLOperation], parser: Parser) -> IRDLOperation:
    arg = parser.parse_unresolved_operand()
    fm, attrs = _parse_fastmath_and_attrs(parser)
    parser.parse_punctuation(":")
    t = parser.parse_type()
    (value,) = parser.resolve_operands([arg], [t], parser.pos)
    return cls.build(
        operands=[value], result_types=[t], properties={"fastmathFlags": fm}, attributes=attrs
    )


def _parse_fcmp(cls: type[IRDLOperation], parser: Parser) -> IRDLOperation:
    pos = parser.pos
    literal = parser.parse_str_literal()
    try:
        predicate = xllvm.FCmpPredicateFlag(literal).to_int()
    except ValueError:
        parser.raise_error(f"unknown llvm.fcmp predicate {literal!r}", pos)
    ops, t, fm, attrs = _parse_two_operands(parser)
    result = VectorType(i1, t.get_shape()) if isinstance(t, VectorType) else i1
    return cls.build(
        operands=ops,
        result_types=[result],
        properties={"predicate": IntegerAttr(predicate, 64), "fastmathFlags": fm},
        attributes=attrs,
    )


def _print_fcmp(op: IRDLOperation, printer: Printer) -> None:
    flag = xllvm.FCmpPredicateFlag.from_int(op.properties["predicate"].value.data)  # type: ignore[attr-defined]
    printer.print_string(f' "{flag}" ')
    printer.print_list(op.operands, printer.print_operand)
    _print_fastmath_and_attrs(op, printer)
    printer.print_string(" : ")
    printer.print_attribute(op.operands[0].type)


def _parse_intrinsic(cls: type[IRDLOperation], parser: Parser) -> IRDLOperation:
    args = parser.parse_comma_separated_list(
        parser.Delimiter.PAREN, parser.parse_unresolved_operand
    )
    fm, attrs = _parse_fastmath_and_attrs(parser)
    parser.parse_punctuation(":")
    pos = parser.pos
    ft = parser.parse_function_type()
    if len(ft.inputs.data) != len(args):
        parser.raise_error(
            f"{len(args)} operands but {len(ft.inputs.data)} operand types in {ft}", pos
        )
    ops = parser.resolve_operands(args, list(ft.inputs.data), parser.pos)
    return cls.build(
        operands=ops, result_types=list(ft.outputs.data), properties={"fastmathFlags": fm},
        attributes=attrs,
    )  # fmt: skip


def _print_intrinsic(op: IRDLOperation, printer: Printer) -> None:
    printer.print_string("(")
    printer.print_list(op.operands, printer.print_operand)
    printer.print_string(")")
    _print_fastmath_and_attrs(op, printer)
    printer.print_string(" : ")
    printer.print_operation_type(op)


def _with_upstream_fastmath(base: type[IRDLOperation], parse, print_) -> type[IRDLOperation]:  # type: ignore[no-untyped-def]
    return type(
        base.__name__,
        (base,),
        {
            "__module__": __name__,
            "__doc__": f"`{base.name}` with upstream's custom form of the fast-math flags.",
            "parse": classmethod(parse),
            "print": print_,
        },
    )


_BINARY = ("llvm.fadd", "llvm.fsub", "llvm.fmul", "llvm.fdiv", "llvm.frem")
_INTRINSICS = (
    "llvm.intr.fabs", "llvm.intr.ceil", "llvm.intr.copysign", "llvm.intr.cos", "llvm.intr.exp",
    "llvm.intr.floor", "llvm.intr.exp2", "llvm.intr.log", "llvm.intr.log2", "llvm.intr.fma",
    "llvm.intr.pow", "llvm.intr.sin", "llvm.intr.sqrt", "llvm.intr.maxnum", "llvm.intr.minnum",
)  # fmt: skip
_FASTMATH_SYNTAX = {
    **{n: (_parse_float_binary, _print_float_binary) for n in _BINARY},
    "llvm.fneg": (_parse_float_unary, _print_float_binary),
    "llvm.fcmp": (_parse_fcmp, _print_fcmp),
    **{n: (_parse_intrinsic, _print_intrinsic) for n in _INTRINSICS},
}
#: xDSL's op class -> ours (upstream's fast-math syntax)
FASTMATH_OPS: dict[type[Operation], type[Operation]] = {
    base: _with_upstream_fastmath(base, *_FASTMATH_SYNTAX[base.name])
    for base in xllvm.LLVM.operations
    if base.name in _FASTMATH_SYNTAX
}
assert len(FASTMATH_OPS) == len(_FASTMATH_SYNTAX), "an xDSL llvm op was renamed or removed"
FAddOp = FASTMATH_OPS[xllvm.FAddOp]
FSubOp = FASTMATH_OPS[xllvm.FSubOp]
FMulOp = FASTMATH_OPS[xllvm.FMulOp]
FDivOp = FASTMATH_OPS[xllvm.FDivOp]
FRemOp = FASTMATH_OPS[xllvm.FRemOp]
FNegOp = FASTMATH_OPS[xllvm.FNegOp]
FCmpOp = FASTMATH_OPS[xllvm.FCmpOp]


# ----------------------------------------------------------------------------------------
# llvm.mlir.global with upstream's thread-local model (`tls_mode`) and visibility
#
#     llvm.mlir.global external thread_local @t(0 : i32) : i32          (tls_mode = 1)
#     llvm.mlir.global internal hidden thread_local(localexec) @u(0 : i32) : i32
#
# xDSL's op has a `thread_local_` unit property that upstream no longer knows (upstream's
# generic parser drops it: the global silently stops being thread-local) and prints
# `visibility_` in the attribute dictionary, which upstream's custom parser rejects.

#: tls_mode -> its keyword in `thread_local(...)` (1, general dynamic, is plain `thread_local`)
TLS_MODES = {1: "generaldynamic", 2: "localdynamic", 3: "initialexec", 4: "localexec"}
_TLS_BY_NAME = {v: k for k, v in TLS_MODES.items()}
#: visibility_ -> keyword (0, default, is not written)
VISIBILITIES = {1: "hidden", 2: "protected"}
_VISIBILITY_BY_NAME = {v: k for k, v in VISIBILITIES.items()}


@irdl_op_definition
class GlobalOp(IRDLOperation):
    """`llvm.mlir.global`: upstream's properties (`tls_mode`, `visibility_`) and custom
    form; a virtual subclass of xDSL's GlobalOp (whose constructor signature it keeps)."""

    name = "llvm.mlir.global"

    global_type = prop_def()
    constant = opt_prop_def(UnitAttr)
    sym_name = prop_def(SymbolNameConstraint())
    linkage = prop_def(xllvm.LinkageAttr)
    dso_local = opt_prop_def(UnitAttr)
    tls_mode = opt_prop_def(IntegerAttr)
    visibility_ = opt_prop_def(IntegerAttr)
    value = opt_prop_def()
    alignment = opt_prop_def(IntegerAttr)
    addr_space = prop_def(IntegerAttr)
    unnamed_addr = opt_prop_def(IntegerAttr)
    section = opt_prop_def(StringAttr)

    body = region_def()

    traits = traits_def(SymbolOpInterface())

    def __init__(
        self,
        global_type: Attribute,
        sym_name: str | StringAttr,
        linkage: str | xllvm.LinkageAttr,
        addr_space: int = 0,
        constant: bool | None = None,
        dso_local: bool | None = None,
        thread_local_: bool | None = None,
        value: Attribute | None = None,
        alignment: int | None = None,
        unnamed_addr: int | None = None,
        section: str | StringAttr | None = None,
        body: Region | None = None,
        tls_mode: int | None = None,
        visibility: int | None = None,
    ):
        if tls_mode is None and thread_local_:
            tls_mode = 1
        props: dict[str, Attribute | None] = {
            "global_type": global_type,
            "sym_name": StringAttr(sym_name) if isinstance(sym_name, str) else sym_name,
            "linkage": xllvm.LinkageAttr(linkage) if isinstance(linkage, str) else linkage,
            "addr_space": IntegerAttr(addr_space, 32),
            "constant": UnitAttr() if constant else None,
            "dso_local": UnitAttr() if dso_local else None,
            "tls_mode": IntegerAttr(tls_mode, 64) if tls_mode else None,
            "visibility_": IntegerAttr(visibility, 64) if visibility else None,
            "value": value,
            "alignment": IntegerAttr(alignment, 64) if alignment is not None else None,
            "unnamed_addr": IntegerAttr(unnamed_addr, 64) if unnamed_addr is not None else None,
            "section": StringAttr(section) if isinstance(section, str) else section,
        }
        super().__init__(properties=props, regions=(body or Region(),))

    @property
    def thread_local_(self) -> UnitAttr | None:
        """xDSL's view: set when the global is thread-local in any model."""
        return UnitAttr() if self.tls_mode is not None and self.tls_mode.value.data else None

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.linkage.linkage.data}")
        if self.visibility_ is not None and self.visibility_.value.data in VISIBILITIES:
            printer.print_string(f" {VISIBILITIES[self.visibility_.value.data]}")
        mode = self.tls_mode.value.data if self.tls_mode is not None else 0
        if mode == 1:
            printer.print_string(" thread_local")
        elif mode:
            printer.print_string(f" thread_local({TLS_MODES[mode]})")
        if self.unnamed_addr is not None and (
            kw := xllvm.UNNAMED_ADDR_KEYWORD_BY_KEY.get(self.unnamed_addr.value.data)
        ):
            printer.print_string(f" {kw}")
        if self.constant is not None:
            printer.print_string(" constant")
        printer.print_string(" ")
        printer.print_symbol_name(self.sym_name.data)
        printer.print_string("(")
        if self.value is not None:
            printer.print_attribute(self.value)
        printer.print_string(")")
        shown = {
            k: v for k, v in (self.properties | self.attributes).items()
            if k not in ("global_type", "sym_name", "linkage", "constant", "tls_mode",
                         "visibility_", "unnamed_addr", "value")
        }  # fmt: skip
        if self.visibility_ is not None and self.visibility_.value.data not in VISIBILITIES:
            shown.pop("visibility_", None)  # (0: default)
        printer.print_op_attributes(shown)
        printer.print_string(" : ")
        printer.print_attribute(self.global_type)
        if self.body.blocks:
            printer.print_string(" ")
            printer.print_region(self.body)

    @classmethod
    def parse(cls, parser: Parser) -> GlobalOp:
        linkage = parser.parse_optional_keyword_in(xllvm._LINKAGE_OPTIONS) or "external"  # pyright: ignore[reportPrivateUsage]
        visibility = parser.parse_optional_keyword_in(VISIBILITIES.values())
        tls_mode = None
        if parser.parse_optional_keyword("thread_local") is not None:
            tls_mode = 1
            if parser.parse_optional_punctuation("(") is not None:
                pos = parser.pos
                model = parser.parse_identifier()
                if model not in _TLS_BY_NAME:
                    parser.raise_error(
                        f"unknown thread-local model {model!r} (expected one of "
                        f"{', '.join(TLS_MODES.values())})", pos)  # fmt: skip
                tls_mode = _TLS_BY_NAME[model]
                parser.parse_punctuation(")")
        unnamed_kw = parser.parse_optional_keyword_in(xllvm.UNNAMED_ADDR_KEYWORD_BY_KEY.values())
        constant = parser.parse_optional_keyword("constant") is not None
        sym_name = parser.parse_symbol_name()
        parser.parse_punctuation("(")
        value = None
        if parser.parse_optional_punctuation(")") is None:
            value = parser.parse_attribute()
            parser.parse_punctuation(")")
        attrs = parser.parse_optional_attr_dict()
        if parser.parse_optional_punctuation(":") is not None:
            global_type = parser.parse_type()
        elif isinstance(value, StringAttr):
            global_type = xllvm.LLVMArrayType(len(value.data), IntegerType(8))
        elif isinstance(value, TypedAttribute):
            global_type = value.get_type()
        else:
            parser.raise_error("expected `:` followed by global type")
        addr_space = attrs.pop("addr_space", IntegerAttr(0, 32))
        alignment = attrs.pop("alignment", None)
        section = attrs.pop("section", None)
        if not isinstance(addr_space, IntegerAttr):
            parser.raise_error(f"addr_space must be an integer, got {addr_space}")
        if alignment is not None and not isinstance(alignment, IntegerAttr):
            parser.raise_error(f"alignment must be an integer, got {alignment}")
        if section is not None and not isinstance(section, StringAttr):
            parser.raise_error(f"section must be a string, got {section}")
        op = cls(
            global_type=global_type,
            sym_name=sym_name,
            linkage=linkage,
            addr_space=addr_space.value.data,
            constant=constant,
            dso_local=attrs.pop("dso_local", None) is not None,
            value=value,
            alignment=alignment.value.data if alignment is not None else None,
            unnamed_addr=(
                xllvm.UNNAMED_ADDR_KEY_BY_KEYWORD[unnamed_kw] if unnamed_kw is not None else None
            ),
            section=section,
            body=parser.parse_optional_region(),
            tls_mode=tls_mode,
            visibility=_VISIBILITY_BY_NAME[visibility] if visibility is not None else None,
        )
        op.attributes |= attrs
        return op

    def verify_(self) -> None:
        if self.tls_mode is not None and self.tls_mode.value.data not in (0, *TLS_MODES):
            raise VerifyException(
                f"tls_mode must be 0 (not thread-local) to 4, got {self.tls_mode.value.data}"
            )
        if self.visibility_ is not None and self.visibility_.value.data not in (0, 1, 2):
            raise VerifyException(
                f"visibility_ must be 0 (default), 1 (hidden) or 2 (protected), got "
                f"{self.visibility_.value.data}"
            )


xllvm.GlobalOp.register(GlobalOp)


# ----------------------------------------------------------------------------------------
# llvm.load / llvm.store with upstream's property dictionary (`<alignment = 4>`): xDSL
# prints `{alignment = 4 : i64}`, which upstream's parser rejects ("inherent attribute
# ... cannot be parsed from attr-dict"); xDSL's spelling is still read.

_ORDERING_BY_NAME = {v: k for k, v in xllvm.ATOMIC_ORDERING_KEYWORDS.items()}


def _parse_ordering(parser: Parser) -> int:
    if parser.parse_optional_keyword("atomic") is None:
        return 0
    pos = parser.pos
    kw = parser.parse_identifier()
    if kw not in _ORDERING_BY_NAME:
        parser.raise_error(f"unknown atomic ordering {kw!r}", pos)
    return _ORDERING_BY_NAME[kw]


def _parse_prop_dict(parser: Parser, allowed: tuple[str, ...]) -> dict[str, Attribute]:
    """upstream's `<alignment = 4, nontemporal>` (integers are i64, names alone units)."""
    props: dict[str, Attribute] = {}
    if parser.parse_optional_punctuation("<") is None:
        return props

    def entry() -> None:
        pos = parser.pos
        name = parser.parse_identifier()
        if name not in allowed:
            parser.raise_error(
                f"unexpected property {name!r} (expected one of {', '.join(allowed)})", pos
            )
        if parser.parse_optional_punctuation("=") is not None:
            props[name] = IntegerAttr(parser.parse_integer(allow_boolean=False), 64)
        else:
            props[name] = UnitAttr()

    parser.parse_comma_separated_list(parser.Delimiter.NONE, entry)
    parser.parse_punctuation(">")
    return props


def _print_prop_dict(printer: Printer, props: dict[str, Attribute | None]) -> None:
    shown = [(k, v) for k, v in props.items() if v is not None]
    if not shown:
        return
    printer.print_string(" <")
    printer.print_list(
        shown,
        lambda kv: printer.print_string(
            kv[0] if isinstance(kv[1], UnitAttr) else f"{kv[0]} = {kv[1].value.data}"  # type: ignore[union-attr]
        ),
    )
    printer.print_string(">")


class LoadOp(xllvm.LoadOp):
    """`llvm.load %p [atomic <ordering>] [<alignment = N>] : !llvm.ptr -> T` (upstream's)."""

    @classmethod
    def parse(cls, parser: Parser) -> LoadOp:
        pos = parser.pos
        ptr = parser.parse_unresolved_operand()
        ordering = _parse_ordering(parser)
        props = _parse_prop_dict(parser, ("alignment",))
        attrs = parser.parse_optional_attr_dict()
        if "alignment" in attrs:  # (xDSL's spelling)
            props["alignment"] = attrs.pop("alignment")
        parser.parse_punctuation(":")
        ptr_type = parser.parse_type()
        parser.parse_punctuation("->")
        result_type = parser.parse_type()
        (p,) = parser.resolve_operands([ptr], [ptr_type], pos)
        return cls.build(
            operands=[p], result_types=[result_type],
            properties={"ordering": IntegerAttr(ordering, 64), **props}, attributes=attrs,
        )  # fmt: skip

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.ptr)
        if (ordering := self.ordering.value.data) != 0:
            printer.print_string(f" atomic {xllvm.ATOMIC_ORDERING_KEYWORDS[ordering]}")
        _print_prop_dict(printer, {"alignment": self.alignment})
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.ptr.type)
        printer.print_string(" -> ")
        printer.print_attribute(self.dereferenced_value.type)


class StoreOp(xllvm.StoreOp):
    """`llvm.store [volatile] %v, %p [atomic <ordering>] [<alignment = N, nontemporal>] :
    T, !llvm.ptr` (upstream's)."""

    @classmethod
    def parse(cls, parser: Parser) -> StoreOp:
        pos = parser.pos
        volatile = parser.parse_optional_keyword("volatile") is not None
        value = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        ptr = parser.parse_unresolved_operand()
        ordering = _parse_ordering(parser)
        props = _parse_prop_dict(parser, ("alignment", "nontemporal"))
        attrs = parser.parse_optional_attr_dict()
        for name in ("alignment", "nontemporal"):  # (xDSL's spelling)
            if name in attrs:
                props[name] = attrs.pop(name)
        parser.parse_punctuation(":")
        value_type = parser.parse_type()
        parser.parse_punctuation(",")
        ptr_type = parser.parse_type()
        v, p = parser.resolve_operands([value, ptr], [value_type, ptr_type], pos)
        return cls.build(
            operands=[v, p],
            properties={
                "ordering": IntegerAttr(ordering, 64),
                "volatile_": UnitAttr() if volatile else None, **props,
            },
            attributes=attrs,
        )  # fmt: skip

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        if self.volatile_ is not None:
            printer.print_string("volatile ")
        printer.print_operand(self.value)
        printer.print_string(", ")
        printer.print_operand(self.ptr)
        if self.ordering is not None and (ordering := self.ordering.value.data) != 0:
            printer.print_string(f" atomic {xllvm.ATOMIC_ORDERING_KEYWORDS[ordering]}")
        _print_prop_dict(printer, {"alignment": self.alignment, "nontemporal": self.nontemporal})
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.value.type)
        printer.print_string(", ")
        printer.print_attribute(self.ptr.type)


@irdl_op_definition
class TruncOp(IRDLOperation):
    """`llvm.trunc %a [overflow<nsw, nuw>] : i64 to i16`; upstream's generic form gives its
    overflowFlags as an integer (`overflowFlags = 0 : i32`), which xDSL rejected: both
    that and `#llvm.overflow<...>` are read.  A virtual subclass of xDSL's TruncOp."""

    name = "llvm.trunc"

    arg = operand_def(SignlessIntegerConstraint | VectorType.constr(SignlessIntegerConstraint))
    res = result_def(SignlessIntegerConstraint | VectorType.constr(SignlessIntegerConstraint))
    overflowFlags = opt_prop_def(xllvm.OverflowAttr | IntegerAttr)
    traits = traits_def(NoMemoryEffect())

    def __init__(
        self, arg: SSAValue, res_type: Attribute, attributes: dict[str, Attribute] | None = None,
        overflow: xllvm.OverflowAttr | None = None,
    ):  # fmt: skip
        super().__init__(
            operands=[arg], result_types=[res_type], attributes=attributes or {},
            properties={"overflowFlags": overflow or xllvm.OverflowAttr(None)},
        )  # fmt: skip

    def flags(self) -> xllvm.OverflowAttr:
        f = self.overflowFlags
        if isinstance(f, IntegerAttr):  # (upstream's generic form: nsw = 1, nuw = 2)
            bits = f.value.data
            names = [n for b, n in ((1, "nsw"), (2, "nuw")) if bits & b]
            return xllvm.OverflowAttr([xllvm.OverflowFlag(n) for n in names] or None)
        return f or xllvm.OverflowAttr(None)

    @classmethod
    def parse(cls, parser: Parser) -> TruncOp:
        pos = parser.pos
        arg = parser.parse_unresolved_operand()
        overflow = xllvm.OverflowAttr.parse(parser)
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        arg_type = parser.parse_type()
        parser.parse_keyword("to")
        res_type = parser.parse_type()
        (a,) = parser.resolve_operands([arg], [arg_type], pos)
        return cls(a, res_type, attrs, overflow)

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.arg)
        flags = self.flags()
        if flags.data:
            printer.print_string(" overflow")
            flags.print_parameter(printer)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.arg.type)
        printer.print_string(" to ")
        printer.print_attribute(self.res.type)

    def verify_(self) -> None:
        a, r = _scalar(self.arg.type), _scalar(self.res.type)
        assert isinstance(a, IntegerType) and isinstance(r, IntegerType)
        if a.bitwidth <= r.bitwidth:
            raise VerifyException(f"invalid cast opcode for cast from {a} to {r}")


xllvm.TruncOp.register(TruncOp)


# ----------------------------------------------------------------------------------------
# llvm.getelementptr: upstream keeps `inbounds` (and nusw, nuw) in the integer property
# noWrapFlags (inbounds = 3, nusw = 2, nuw = 4); xDSL keeps a separate `inbounds` unit and
# leaves noWrapFlags 0, so upstream's generic form lost inbounds on the way through xDSL
# and xDSL's generic form lost it on the way to upstream (which ignores the unit).

GEP_INBOUNDS, GEP_NUSW, GEP_NUW = 3, 2, 4


def gep_no_wrap_flags(op: xllvm.GEPOp) -> int:
    """The op's no-wrap flags, from either spelling."""
    flags = op.noWrapFlags.value.data
    return flags | GEP_INBOUNDS if op.inbounds is not None else flags


class GEPOp(xllvm.GEPOp):
    """`llvm.getelementptr [inbounds|nusw|nuw] %p[...] : ...` with upstream's noWrapFlags."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.inbounds is not None:
            self.properties["noWrapFlags"] = IntegerAttr(
                self.noWrapFlags.value.data | GEP_INBOUNDS, 32
            )

    @staticmethod
    def from_mixed_indices(  # type: ignore[override]
        ptr: SSAValue | Operation,
        indices: Sequence[int | SSAValue | Operation],
        pointee_type: Attribute,
        result_type: xllvm.LLVMPointerType | None = None,
        inbounds: bool = False,
    ) -> GEPOp:
        ssa: list[SSAValue] = []
        const: list[int] = []
        for idx in indices:
            if isinstance(idx, int):
                const.append(idx)
            else:
                const.append(xllvm.GEP_USE_SSA_VAL)
                ssa.append(SSAValue.get(idx))
        return GEPOp(
            ptr, const, pointee_type, ssa, result_type=result_type or xllvm.LLVMPointerType(),
            inbounds=inbounds,
        )  # fmt: skip

    @classmethod
    def parse(cls, parser: Parser) -> GEPOp:
        flags = 0
        words = {"inbounds": GEP_INBOUNDS, "nusw": GEP_NUSW, "nuw": GEP_NUW}
        while (word := parser.parse_optional_keyword_in(words)) is not None:
            flags |= words[word]
            if parser.parse_optional_punctuation("|") is None:
                break
        ptr = parser.parse_unresolved_operand()
        ssa_refs, const_indices = parse_dynamic_index_list_without_types(
            parser, xllvm.GEP_USE_SSA_VAL
        )
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        ft = parser.parse_function_type()
        parser.parse_punctuation(",")
        elem_type = parser.parse_type()
        resolved = parser.resolve_operands([ptr, *ssa_refs], ft.inputs.data, parser.pos)
        op = cls(
            resolved[0], list(const_indices), elem_type, resolved[1:],
            result_type=ft.outputs.data[0],  # type: ignore[arg-type]
            inbounds=flags & GEP_INBOUNDS == GEP_INBOUNDS,
        )  # fmt: skip
        op.properties["noWrapFlags"] = IntegerAttr(flags, 32)
        op.attributes |= attrs
        return op

    def print(self, printer: Printer) -> None:
        flags = gep_no_wrap_flags(self)
        words: list[str] = []
        if flags & GEP_INBOUNDS == GEP_INBOUNDS:
            words.append("inbounds")
        elif flags & GEP_NUSW:
            words.append("nusw")
        if flags & GEP_NUW:
            words.append("nuw")
        if words:
            printer.print_string(" " + "|".join(words))
        printer.print_string(" ")
        printer.print_operand(self.ptr)
        print_dynamic_index_list(
            printer, xllvm.GEP_USE_SSA_VAL, self.ssa_indices, self.rawConstantIndices.iter_values()
        )
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_function_type(
            [self.ptr.type, *(v.type for v in self.ssa_indices)], [self.result.type]
        )
        printer.print_string(", ")
        printer.print_attribute(self.elem_type)


LLVM = Dialect(
    "llvm",
    [
        *({xllvm.GlobalOp: GlobalOp, xllvm.LoadOp: LoadOp, xllvm.StoreOp: StoreOp,
           xllvm.TruncOp: TruncOp, xllvm.GEPOp: GEPOp}.get(o, FASTMATH_OPS.get(o, o))
          for o in xllvm.LLVM.operations),
        *EXTRA_OPS,
    ],  # fmt: skip
    [*xllvm.LLVM.attributes],
)
