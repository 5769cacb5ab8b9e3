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
from xdsl.dialects.builtin import (
    I64,
    DenseIntOrFPElementsAttr,
    IntegerAttr,
    IntegerType,
    MemRefType,
    StringAttr,
    SymbolNameConstraint,
    TensorType,
    UnitAttr,
)
from xdsl.ir import Attribute, Dialect
from xdsl.irdl import IRDLOperation, irdl_op_definition, opt_prop_def, prop_def, traits_def
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import MemoryAllocEffect, SymbolOpInterface
from xdsl.utils.exceptions import VerifyException


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
        sym_visibility: StringAttr = StringAttr("private"),
        constant: UnitAttr | None = None,
        alignment: int | IntegerAttr[IntegerType] | None = None,
    ) -> GlobalOp:
        """xDSL's builder (private by default)."""
        assert isinstance(sym_type, MemRefType)
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
                f"sym_visibility must be \"public\", \"private\" or \"nested\", got "
                f"\"{self.sym_visibility.data}\""
            )


xmemref.GlobalOp.register(GlobalOp)

MEMREF = Dialect(
    "memref",
    [GlobalOp if o is xmemref.GlobalOp else o for o in xmemref.MemRef.operations],
    list(xmemref.MemRef.attributes),
)
