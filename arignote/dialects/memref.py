"""xDSL's `memref` dialect with upstream MLIR's `memref.global`.

xDSL's `memref.global` has no custom form and requires `sym_visibility` and
`initial_value`; upstream's has both optional (a public global has no `sym_visibility`,
an external declaration no `initial_value`) and a custom form:

    memref.global @pub : memref<4xf32> = dense<1.0>
    memref.global "private" constant @c : memref<2xi32> = dense<[1, 2]> alignment = 64
    memref.global @ext : memref<3xf32>
    memref.global "private" @buf : memref<3xf32> = uninitialized

The initial value is printed without its type when that is the tensor type of the memref
(as upstream does).  Ours is a virtual subclass of xDSL's `GlobalOp`, so xDSL's and our
patterns still match it; `GlobalOp.get` builds ours with xDSL's signature.  The registry
maps the namespace `memref` to `MEMREF`.
"""

from __future__ import annotations

from xdsl.dialects import memref as xmemref
from typing import Any

from collections.abc import Sequence

from xdsl.dialects.builtin import (
    I64,
    BoolAttr,
    IndexType,
    DenseIntOrFPElementsAttr,
    IntegerAttr,
    IntegerType,
    MemRefType,
    NoneAttr,
    StringAttr,
    SymbolNameConstraint,
    TensorType,
    UnitAttr,
)
from xdsl.ir import Attribute, Dialect, Operation, SSAValue
from xdsl.irdl import IRDLOperation, irdl_op_definition, opt_prop_def, prop_def, traits_def
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import MemoryAllocEffect, SymbolOpInterface
from xdsl.utils.exceptions import VerifyException

from arignote.dialects.tensor import CollapseShape, collapsed_shape, reassociation_attr


def _tensor_of(t: MemRefType) -> TensorType:
    return TensorType(t.element_type, t.get_shape())


@irdl_op_definition
class GlobalOp(IRDLOperation):
    """`memref.global`: a named buffer (upstream's properties and custom form)."""

    name = "memref.global"

    sym_name = prop_def(SymbolNameConstraint())
    sym_visibility = opt_prop_def(StringAttr)
    type = prop_def(MemRefType)
    initial_value = opt_prop_def(UnitAttr | DenseIntOrFPElementsAttr)
    constant = opt_prop_def(UnitAttr)
    alignment = opt_prop_def(IntegerAttr[I64])

    traits = traits_def(SymbolOpInterface(), MemoryAllocEffect())

    def __init__(
        self,
        sym_name: str | StringAttr,
        sym_type: MemRefType,
        initial_value: Attribute | None = None,
        sym_visibility: str | StringAttr | None = None,
        constant: bool | UnitAttr | None = None,
        alignment: int | IntegerAttr | None = None,
    ):
        if isinstance(sym_name, str):
            sym_name = StringAttr(sym_name)
        if isinstance(sym_visibility, str):
            sym_visibility = StringAttr(sym_visibility)
        if isinstance(alignment, int):
            alignment = IntegerAttr(alignment, 64)
        if isinstance(constant, bool):
            constant = UnitAttr() if constant else None
        super().__init__(
            properties={
                "sym_name": sym_name,
                "sym_visibility": sym_visibility,
                "type": sym_type,
                "initial_value": initial_value,
                "constant": constant,
                "alignment": alignment,
            }
        )

    @staticmethod
    def get(
        sym_name: StringAttr,
        sym_type: Attribute,
        initial_value: Attribute,
        sym_visibility: StringAttr | None = None,
        constant: UnitAttr | None = None,
        alignment: int | IntegerAttr[IntegerType] | None = None,
    ) -> GlobalOp:
        """xDSL's builder (private by default)."""
        assert isinstance(sym_type, MemRefType)
        sym_visibility = sym_visibility or StringAttr("private")
        return GlobalOp(sym_name, sym_type, initial_value, sym_visibility, constant, alignment)

    @classmethod
    def parse(cls, parser: Parser) -> GlobalOp:
        visibility = parser.parse_optional_str_literal()
        constant = parser.parse_optional_keyword("constant") is not None
        name = parser.parse_symbol_name()
        parser.parse_punctuation(":")
        pos = parser.pos
        ty = parser.parse_type()
        if not isinstance(ty, MemRefType):
            parser.raise_error(f"memref.global expects a memref type, got {ty}", pos)
        init: Attribute | None = None
        if parser.parse_optional_punctuation("=") is not None:
            if parser.parse_optional_keyword("uninitialized") is not None:
                init = UnitAttr()
            else:
                pos = parser.pos
                if parser.parse_optional_characters("dense") is not None:
                    init = DenseIntOrFPElementsAttr.parse_with_type(parser, _tensor_of(ty))
                    if parser.parse_optional_punctuation(":") is not None:
                        parser.raise_error(
                            "the initial value's type is the memref's tensor type: write "
                            "it without one", pos)  # fmt: skip
                else:
                    init = parser.parse_attribute()
        alignment: Attribute | None = None
        if parser.parse_optional_keyword("alignment") is not None:
            parser.parse_punctuation("=")
            alignment = IntegerAttr(parser.parse_integer(allow_boolean=False), 64)
        attrs = parser.parse_optional_attr_dict()
        # (also read from the attribute dictionary, as xDSL's generic-only op had it)
        alignment = attrs.pop("alignment", alignment)
        if alignment is not None and not isinstance(alignment, IntegerAttr):
            parser.raise_error(f"memref.global alignment must be an i64 integer, got {alignment}")
        op = cls(name, ty, init, visibility, constant, alignment)
        op.attributes.update(attrs)
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        if self.sym_visibility is not None:
            printer.print_string_literal(self.sym_visibility.data)
            printer.print_string(" ")
        if self.constant is not None:
            printer.print_string("constant ")
        printer.print_symbol_name(self.sym_name.data)
        printer.print_string(" : ")
        printer.print_attribute(self.type)
        init = self.initial_value
        if isinstance(init, UnitAttr):
            printer.print_string(" = uninitialized")
        elif isinstance(init, DenseIntOrFPElementsAttr):
            printer.print_string(" = ")
            if init.get_type() == _tensor_of(self.type):
                init.print_without_type(printer)
            else:
                printer.print_attribute(init)
        if self.alignment is not None:
            printer.print_string(f" alignment = {self.alignment.value.data}")
        printer.print_op_attributes(self.attributes)

    def verify_(self) -> None:
        t = self.type
        if not t.has_static_shape():
            raise VerifyException(f"type should be a static shaped memref, got {t}")
        init = self.initial_value
        if isinstance(init, DenseIntOrFPElementsAttr) and init.get_type() != _tensor_of(t):
            raise VerifyException(
                f"initial value expected to be of type {_tensor_of(t)}, but was of type "
                f"{init.get_type()}"
            )
        if self.alignment is not None:
            a = self.alignment.value.data
            if a <= 0 or a & (a - 1):
                raise VerifyException(f"alignment attribute value {a} is not a power of 2")
        if self.sym_visibility is not None and self.sym_visibility.data not in (
            "public", "private", "nested",
        ):  # fmt: skip
            raise VerifyException(
                f'sym_visibility must be "public", "private" or "nested", got '
                f'"{self.sym_visibility.data}"'
            )


xmemref.GlobalOp.register(GlobalOp)


# ----------------------------------------------------------------------------------------
# upstream's `alignment = N` of memref.alloc/alloca (xDSL prints `{alignment = 64 : i64}`
# in the attribute dictionary, which upstream's custom parser rejects)


def _parse_alloc(cls: type[IRDLOperation], parser: Parser) -> IRDLOperation:
    index = IndexType()
    sizes = parser.parse_comma_separated_list(
        parser.Delimiter.PAREN, parser.parse_unresolved_operand
    )
    symbols = (
        parser.parse_optional_comma_separated_list(
            parser.Delimiter.SQUARE, parser.parse_unresolved_operand
        )
        or []
    )
    alignment: Attribute | None = None
    if parser.parse_optional_keyword("alignment") is not None:
        parser.parse_punctuation("=")
        alignment = IntegerAttr(parser.parse_integer(allow_boolean=False), 64)
    attrs = parser.parse_optional_attr_dict()
    alignment = attrs.pop("alignment", alignment)  # (xDSL's spelling)
    parser.parse_punctuation(":")
    t = parser.parse_type()
    op = cls.build(
        operands=[
            [parser.resolve_operand(u, index) for u in sizes],
            [parser.resolve_operand(u, index) for u in symbols],
        ],
        result_types=[t],
        properties={"alignment": alignment},
        attributes=attrs,
    )
    return op


def _print_alloc(op: IRDLOperation, printer: Printer) -> None:
    printer.print_string("(")
    printer.print_list(op.operands[: len(op.dynamic_sizes)], printer.print_operand)  # type: ignore[attr-defined]
    printer.print_string(")")
    if op.symbol_operands:  # type: ignore[attr-defined]
        printer.print_string("[")
        printer.print_list(op.symbol_operands, printer.print_operand)  # type: ignore[attr-defined]
        printer.print_string("]")
    if op.alignment is not None:  # type: ignore[attr-defined]
        printer.print_string(f" alignment = {op.alignment.value.data}")  # type: ignore[attr-defined]
    printer.print_op_attributes(op.attributes)
    printer.print_string(" : ")
    printer.print_attribute(op.results[0].type)


class AllocOp(xmemref.AllocOp):
    """`memref.alloc(%sizes)[%symbols] alignment = N : T` (upstream's spelling)."""

    @classmethod
    def parse(cls, parser: Parser) -> AllocOp:
        return _parse_alloc(cls, parser)  # type: ignore[return-value]

    def print(self, printer: Printer) -> None:
        _print_alloc(self, printer)


class AllocaOp(xmemref.AllocaOp):
    """`memref.alloca(%sizes)[%symbols] alignment = N : T` (upstream's spelling)."""

    @classmethod
    def parse(cls, parser: Parser) -> AllocaOp:
        return _parse_alloc(cls, parser)  # type: ignore[return-value]

    def print(self, printer: Printer) -> None:
        _print_alloc(self, printer)


# ----------------------------------------------------------------------------------------
# upstream's `nontemporal(true)` of memref.load/store (xDSL prints it in attr-dict)


def _parse_access(
    parser: Parser,
) -> tuple[list[Any], Attribute | None, dict[str, Attribute], Attribute]:
    indices = parser.parse_comma_separated_list(
        parser.Delimiter.SQUARE, parser.parse_unresolved_operand
    )
    nontemporal: Attribute | None = None
    if parser.parse_optional_keyword("nontemporal") is not None:
        parser.parse_punctuation("(")
        nontemporal = BoolAttr.from_bool(parser.parse_boolean())
        parser.parse_punctuation(")")
    attrs = parser.parse_optional_attr_dict()
    nontemporal = attrs.pop("nontemporal", nontemporal)
    parser.parse_punctuation(":")
    t = parser.parse_type()
    return indices, nontemporal, attrs, t


def _print_access_tail(op: IRDLOperation, printer: Printer) -> None:
    printer.print_string("[")
    printer.print_list(op.indices, printer.print_operand)  # type: ignore[attr-defined]
    printer.print_string("]")
    nt = op.properties.get("nontemporal")
    if isinstance(nt, IntegerAttr) and nt.value.data:
        printer.print_string(" nontemporal(true)")
    printer.print_op_attributes(op.attributes)
    printer.print_string(" : ")
    printer.print_attribute(op.memref.type)  # type: ignore[attr-defined]


class LoadOp(xmemref.LoadOp):
    """`memref.load %m[%i] [nontemporal(true)] : T` (upstream's spelling)."""

    @classmethod
    def parse(cls, parser: Parser) -> LoadOp:
        pos = parser.pos
        m = parser.parse_unresolved_operand()
        indices, nontemporal, attrs, t = _parse_access(parser)
        if not isinstance(t, MemRefType):
            parser.raise_error(f"memref.load expects a memref type, got {t}", pos)
        (mv,) = parser.resolve_operands([m], [t], pos)
        iv = parser.resolve_operands(indices, [IndexType()] * len(indices), pos)
        return cls.build(
            operands=[mv, iv], result_types=[t.element_type],
            properties={"nontemporal": nontemporal}, attributes=attrs,
        )  # fmt: skip

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.memref)
        _print_access_tail(self, printer)


class StoreOp(xmemref.StoreOp):
    """`memref.store %v, %m[%i] [nontemporal(true)] : T` (upstream's spelling)."""

    @classmethod
    def parse(cls, parser: Parser) -> StoreOp:
        pos = parser.pos
        v = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        m = parser.parse_unresolved_operand()
        indices, nontemporal, attrs, t = _parse_access(parser)
        if not isinstance(t, MemRefType):
            parser.raise_error(f"memref.store expects a memref type, got {t}", pos)
        vv, mv = parser.resolve_operands([v, m], [t.element_type, t], pos)
        iv = parser.resolve_operands(indices, [IndexType()] * len(indices), pos)
        return cls.build(
            operands=[vv, mv, iv], properties={"nontemporal": nontemporal}, attributes=attrs
        )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.value)
        printer.print_string(", ")
        printer.print_operand(self.memref)
        _print_access_tail(self, printer)


# ----------------------------------------------------------------------------------------
# ops xDSL has no custom form for: upstream's custom form is read; they are printed in
# the generic form, as xDSL prints them (upstream reads that)


def _parse_cast_like(cls: type[IRDLOperation], parser: Parser) -> IRDLOperation:
    pos = parser.pos
    src = parser.parse_unresolved_operand()
    attrs = parser.parse_optional_attr_dict()
    parser.parse_punctuation(":")
    src_t = parser.parse_type()
    parser.parse_keyword("to")
    dst_t = parser.parse_type()
    (v,) = parser.resolve_operands([src], [src_t], pos)
    return cls.build(operands=[v], result_types=[dst_t], attributes=attrs)


class CastOp(xmemref.CastOp):
    """`memref.cast %m : T to U`, read in upstream's custom form."""

    @classmethod
    def parse(cls, parser: Parser) -> CastOp:
        return _parse_cast_like(cls, parser)  # type: ignore[return-value]


class MemorySpaceCastOp(xmemref.MemorySpaceCastOp):
    """`memref.memory_space_cast %m : T to U`, read in upstream's custom form."""

    @classmethod
    def parse(cls, parser: Parser) -> MemorySpaceCastOp:
        return _parse_cast_like(cls, parser)  # type: ignore[return-value]


class CopyOp(xmemref.CopyOp):
    """`memref.copy %a, %b : T to U`, read in upstream's custom form."""

    @classmethod
    def parse(cls, parser: Parser) -> CopyOp:
        pos = parser.pos
        a = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        b = parser.parse_unresolved_operand()
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        ta = parser.parse_type()
        parser.parse_keyword("to")
        tb = parser.parse_type()
        va, vb = parser.resolve_operands([a, b], [ta, tb], pos)
        return cls.build(operands=[va, vb], attributes=attrs)


def _parse_unary_to_index(cls: type[IRDLOperation], parser: Parser, arrow: bool) -> IRDLOperation:
    pos = parser.pos
    src = parser.parse_unresolved_operand()
    attrs = parser.parse_optional_attr_dict()
    parser.parse_punctuation(":")
    t = parser.parse_type()
    if arrow:
        parser.parse_punctuation("->")
        parser.parse_type()
    (v,) = parser.resolve_operands([src], [t], pos)
    return cls.build(operands=[v], result_types=[IndexType()], attributes=attrs)


class RankOp(xmemref.RankOp):
    """`memref.rank %m : T`, read in upstream's custom form."""

    @classmethod
    def parse(cls, parser: Parser) -> RankOp:
        return _parse_unary_to_index(cls, parser, arrow=False)  # type: ignore[return-value]


class ExtractAlignedPointerAsIndexOp(xmemref.ExtractAlignedPointerAsIndexOp):
    """`memref.extract_aligned_pointer_as_index %m : T -> index`, read in upstream's form."""

    @classmethod
    def parse(cls, parser: Parser) -> ExtractAlignedPointerAsIndexOp:
        return _parse_unary_to_index(cls, parser, arrow=True)  # type: ignore[return-value]


#: upstream's arith::AtomicRMWKind (the `kind` property's integers)
ATOMIC_KINDS = {
    "addf": 0, "addi": 1, "andi": 2, "assign": 3, "maximumf": 4, "maxnumf": 5, "maxs": 6,
    "maxu": 7, "minimumf": 8, "minnumf": 9, "mins": 10, "minu": 11, "mulf": 12, "muli": 13,
    "ori": 14, "xori": 15,
}  # fmt: skip


class AtomicRMWOp(xmemref.AtomicRMWOp):
    """`memref.atomic_rmw addf %v, %m[%i] : (f32, memref<8xf32>) -> f32`, read in
    upstream's custom form."""

    @classmethod
    def parse(cls, parser: Parser) -> AtomicRMWOp:
        pos = parser.pos
        kind = parser.parse_identifier()
        if kind not in ATOMIC_KINDS:
            parser.raise_error(f"unknown memref.atomic_rmw kind {kind!r}", pos)
        v = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        m = parser.parse_unresolved_operand()
        indices = parser.parse_comma_separated_list(
            parser.Delimiter.SQUARE, parser.parse_unresolved_operand
        )
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        ft = parser.parse_function_type()
        if len(ft.inputs.data) != 2 or len(ft.outputs.data) != 1:
            parser.raise_error(f"expected (value type, memref type) -> value type, got {ft}", pos)
        vv, mv = parser.resolve_operands([v, m], list(ft.inputs.data), pos)
        iv = parser.resolve_operands(indices, [IndexType()] * len(indices), pos)
        return cls.build(
            operands=[vv, mv, iv], result_types=[ft.outputs.data[0]],
            properties={"kind": IntegerAttr(ATOMIC_KINDS[kind], 64)}, attributes=attrs,
        )  # fmt: skip


class AllocaScopeOp(xmemref.AllocaScopeOp):
    """`memref.alloca_scope [-> (types)] { ... }`, read in upstream's custom form."""

    @classmethod
    def parse(cls, parser: Parser) -> AllocaScopeOp:
        types: list[Attribute] = []
        if parser.parse_optional_punctuation("->") is not None:
            types = list(
                parser.parse_optional_comma_separated_list(
                    parser.Delimiter.PAREN, parser.parse_type
                )
                or [parser.parse_type()]
            )
        region = parser.parse_region()
        block = region.blocks.first
        if block is not None and not isinstance(block.last_op, xmemref.AllocaScopeReturnOp):
            block.add_op(AllocaScopeReturnOp.build(operands=[[]]))  # (the implicit terminator)
        attrs = parser.parse_optional_attr_dict()
        return cls.build(result_types=[types], regions=[region], attributes=attrs)


class AllocaScopeReturnOp(xmemref.AllocaScopeReturnOp):
    """`memref.alloca_scope.return [%v : T]`, read in upstream's custom form."""

    @classmethod
    def parse(cls, parser: Parser) -> AllocaScopeReturnOp:
        pos = parser.pos
        names = (
            parser.parse_optional_undelimited_comma_separated_list(
                parser.parse_optional_unresolved_operand, parser.parse_unresolved_operand
            )
            or []
        )
        attrs = parser.parse_optional_attr_dict()
        types: list[Attribute] = []
        if names:
            parser.parse_punctuation(":")
            types = parser.parse_comma_separated_list(parser.Delimiter.NONE, parser.parse_type)
        values = parser.resolve_operands(names, types, pos)
        return cls.build(operands=[values], attributes=attrs)


class CollapseShapeOp(xmemref.CollapseShapeOp, CollapseShape):
    """`memref.collapse_shape %m [[0], [1, 2, 3]] : T into U`: a view of a contiguous buffer
    (identity layout) with consecutive dims merged -- the same memory, new sizes; the
    result keeps the source's memory space and identity layout."""

    print = CollapseShape.print

    def __init__(self, src: SSAValue, groups: Sequence[Sequence[int]]):
        t = src.type
        assert isinstance(t, MemRefType)
        shape = collapsed_shape(t.get_shape(), groups)
        res = MemRefType(t.element_type, shape, memory_space=t.memory_space)
        super().__init__(
            operands=[src],
            result_types=[res],
            properties={"reassociation": reassociation_attr(groups)},
        )

    def verify_(self) -> None:
        src, res = self.src.type, self.result.type
        assert isinstance(src, MemRefType) and isinstance(res, MemRefType)
        if src.element_type != res.element_type or src.memory_space != res.memory_space:
            raise VerifyException("source and result differ in element type or memory space")
        if not isinstance(src.layout, NoneAttr) or not isinstance(res.layout, NoneAttr):
            raise VerifyException("only buffers with the identity layout are collapsed here")
        self.verify_groups()


#: ops whose result is a view of their operand's buffer (the same memory, no copy)
VIEWS = (xmemref.CastOp, xmemref.CollapseShapeOp)


_REPLACED: dict[type[Operation], type[Operation]] = {
    xmemref.GlobalOp: GlobalOp,
    **{
        c.__mro__[1]: c
        for c in (
            AllocOp, AllocaOp, LoadOp, StoreOp, CastOp, MemorySpaceCastOp, CopyOp, RankOp,
            ExtractAlignedPointerAsIndexOp, AtomicRMWOp, AllocaScopeOp, AllocaScopeReturnOp,
            CollapseShapeOp,
        )
    },
}  # fmt: skip

MEMREF = Dialect(
    "memref",
    [_REPLACED.get(o, o) for o in xmemref.MemRef.operations],
    list(xmemref.MemRef.attributes),
)
