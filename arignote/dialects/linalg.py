"""xDSL's `linalg` dialect plus upstream's `linalg.batch_matmul` and `linalg.map`.

    %r = linalg.batch_matmul ins(%a, %b : tensor<2x3x4xf32>, tensor<2x4x5xf32>)
                             outs(%c : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>

multiplies the matrices of each batch (C[b] += A[b] B[b]); its indexing maps are
upstream's defaults (b, m, n, k) -> (b, m, k), (b, k, n), (b, m, n).

    %m = linalg.map { arith.addf } ins(%a, %b : tensor<8xf32>, tensor<8xf32>)
                    outs(%c : tensor<8xf32>)
    %n = linalg.map ins(%a : tensor<8xf32>) outs(%c : tensor<8xf32>)
      (%in: f32, %init: f32) {
        ...
        linalg.yield %v : f32
      }

applies its body elementwise; the body's arguments are one element of each input and of
the init (upstream's current form), and the short form `{ op }` stands for a body that
applies `op` to the inputs' elements.  Custom and generic forms are upstream's.  The
registry maps the namespace `linalg` to `LINALG`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from xdsl.builder import Builder
from xdsl.dialects import arith
from xdsl.dialects.builtin import (
    AffineMapAttr,
    AnyFloat,
    ArrayAttr,
    MemRefType,
    ShapedType,
    StringAttr,
    TensorType,
)
from xdsl.dialects.linalg import Linalg as XLinalg
from xdsl.dialects.linalg.ops import GenericOp as XGenericOp
from xdsl.dialects.linalg.ops import MatmulOp as XMatmulOp
from xdsl.dialects.linalg.ops import YieldOp
from xdsl.dialects.linalg.abstract_ops import NamedOperation
from xdsl.dialects.linalg.attrs import IteratorType, IteratorTypeAttr
from xdsl.ir import Attribute, Block, BlockArgument, Dialect, Operation, Region, SSAValue
from xdsl.ir.affine import AffineDimExpr, AffineMap
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    opt_result_def,
    prop_def,
    region_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import Parser, UnresolvedOperand
from xdsl.printer import Printer
from xdsl.traits import RecursiveMemoryEffect
from xdsl.utils.exceptions import VerifyException


def _parse_maps_then(parse, cls, parser: Parser):  # type: ignore[no-untyped-def]
    """upstream's `indexing_maps = [...]` before `ins(...)`, then the named op's form."""
    maps = None
    if parser.parse_optional_keyword("indexing_maps") is not None:
        parser.parse_punctuation("=")
        pos = parser.pos
        maps = parser.parse_attribute()
        if not isinstance(maps, ArrayAttr) or not all(
            isinstance(m, AffineMapAttr) for m in maps.data
        ):
            parser.raise_error(f"indexing_maps must be an array of affine maps, got {maps}", pos)
    op = parse(cls, parser)
    if maps is not None:
        op.properties["indexing_maps"] = maps
    return op


def _print_maps_then(print_, op: IRDLOperation, printer: Printer) -> None:
    maps = op.properties.get("indexing_maps")
    default = op.get_irdl_definition().properties["indexing_maps"].default_value
    if maps is not None and maps != default:
        printer.print_string(" indexing_maps = ")
        printer.print_attribute(maps)
    print_(op, printer)


def _with_indexing_maps(base: type[IRDLOperation]) -> type[IRDLOperation]:
    """A plain subclass of an xDSL named op whose custom form keeps non-default indexing
    maps (xDSL's drops them when printing and cannot parse upstream's spelling)."""
    parse = base.parse.__func__  # type: ignore[attr-defined]
    print_ = base.print
    return type(
        base.__name__,
        (base,),
        {
            "__module__": __name__,
            "__doc__": f"`{base.name}`, its indexing maps kept in the custom form.",
            "parse": classmethod(lambda cls, parser: _parse_maps_then(parse, cls, parser)),
            "print": lambda self, printer: _print_maps_then(print_, self, printer),
        },
    )


MatmulOp = _with_indexing_maps(XMatmulOp)


@irdl_op_definition
class BatchMatmulOp(NamedOperation):
    """`linalg.batch_matmul`: C[b] += A[b] B[b] for each batch b."""

    name = "linalg.batch_matmul"

    PRINT_ATTRS_IN_FRONT: ClassVar[bool] = True

    indexing_maps = prop_def(
        ArrayAttr[AffineMapAttr],
        default_value=ArrayAttr(
            [
                AffineMapAttr(AffineMap.from_callable(lambda b, m, _, k: (b, m, k))),
                AffineMapAttr(AffineMap.from_callable(lambda b, _, n, k: (b, k, n))),
                AffineMapAttr(AffineMap.from_callable(lambda b, m, n, _: (b, m, n))),
            ]
        ),
    )

    def __init__(
        self,
        inputs: Sequence[SSAValue],
        outputs: Sequence[SSAValue],
        res: Sequence[Attribute] | None = None,
        attributes: dict[str, Attribute] | None = None,
    ):
        if res is None:
            res = [o.type for o in outputs if isinstance(o.type, TensorType)]
        super().__init__(
            ins=inputs,
            outs=outputs,
            result_types=res,
            attributes=attributes,
            hidden_region=self.get_hidden_region(inputs, outputs),
        )

    @classmethod
    def get_hidden_region(
        cls, inputs: Sequence[SSAValue], outputs: Sequence[SSAValue]
    ) -> Region:
        arg_types = cls.body_arg_types((*inputs, *outputs))
        add, mul = (
            (arith.AddfOp, arith.MulfOp)
            if isinstance(arg_types[-1], AnyFloat)
            else (arith.AddiOp, arith.MuliOp)
        )

        @Builder.implicit_region(arg_types)
        def hidden_region(args: tuple[BlockArgument, ...]) -> None:
            product = mul(args[0], args[1])
            YieldOp(add(args[2], product))  # (upstream's operand order: acc + a*b)

        return hidden_region

    @classmethod
    def parse(cls, parser: Parser) -> BatchMatmulOp:
        return _parse_maps_then(NamedOperation.parse.__func__, cls, parser)  # type: ignore[attr-defined]

    def print(self, printer: Printer) -> None:
        _print_maps_then(NamedOperation.print, self, printer)

    def get_default_indexing_maps(self) -> Sequence[AffineMap]:
        return tuple(m.data for m in self.indexing_maps.data)

    def get_indexing_maps(self) -> ArrayAttr[AffineMapAttr]:
        return self.indexing_maps

    def get_iterator_types(self) -> ArrayAttr[IteratorTypeAttr]:
        p, r = IteratorTypeAttr.parallel(), IteratorTypeAttr.reduction()
        return ArrayAttr([p, p, p, r])

    def verify_(self) -> None:
        types = [*self.inputs.types, *self.outputs.types]
        if len(self.inputs) != 2 or len(self.outputs) != 1:
            raise VerifyException(
                f"expects 2 inputs and 1 output, got {len(self.inputs)} and {len(self.outputs)}"
            )
        for t in types:
            if not isinstance(t, ShapedType) or len(t.get_shape()) != 3:
                raise VerifyException(f"operands must be rank-3 tensors or memrefs, got {t}")
        # each loop (b, m, n, k) has one size across the operands, read through the maps
        sizes: dict[int, set[int]] = {}
        for t, m in zip(types, self.indexing_maps.data, strict=True):
            for size, expr in zip(t.get_shape(), m.data.results, strict=False):  # type: ignore[attr-defined]
                if isinstance(expr, AffineDimExpr) and size >= 0:
                    sizes.setdefault(expr.position, set()).add(size)
        for pos, dim in enumerate(("batch", "m", "n", "k")):
            if len(sizes.get(pos, ())) > 1:
                raise VerifyException(
                    f"the {dim} dimension differs between the operands: "
                    f"{', '.join(str(t) for t in types)}"
                )


def _element(t: Attribute) -> Attribute:
    return t.get_element_type() if isinstance(t, ShapedType) else t


def _shown_properties(op: Operation) -> dict[str, Attribute]:
    """An op's properties without those equal to their declared defaults (upstream's
    short form of linalg.map elides them as its printer does)."""
    props = dict(op.properties)
    if isinstance(op, IRDLOperation):
        for name, prop in op.get_irdl_definition().properties.items():
            default = prop.default_value
            if name in props and default is not None and props[name] == default:
                del props[name]
    return props


@irdl_op_definition
class MapOp(IRDLOperation):
    """`linalg.map`: the body applied to every element of the inputs (and the init)."""

    name = "linalg.map"

    inputs = var_operand_def(ShapedType)
    init = operand_def(ShapedType)
    result = opt_result_def(TensorType)
    mapper = region_def("single_block")

    traits = traits_def(RecursiveMemoryEffect())

    def __init__(
        self,
        inputs: Sequence[SSAValue | Operation],
        init: SSAValue | Operation,
        mapper: Region,
        attributes: dict[str, Attribute] | None = None,
    ):
        init_type = SSAValue.get(init).type
        super().__init__(
            operands=[inputs, init],
            result_types=[[init_type] if isinstance(init_type, TensorType) else []],
            regions=[mapper],
            attributes=attributes,
        )

    def _short_form_payload(self) -> Operation | None:
        block = self.mapper.block
        ops = list(block.ops)
        if len(ops) != 2 or not isinstance(ops[1], YieldOp):
            return None
        payload, yield_ = ops
        n = len(self.inputs)
        if (
            payload.regions or payload.successors or len(payload.results) != 1
            or not payload.operands  # (upstream prints a constant body in full)
            or tuple(payload.operands) != tuple(block.args[:n])
            or tuple(yield_.operands) != (payload.results[0],)
        ):  # fmt: skip
            return None
        return payload

    def print(self, printer: Printer) -> None:
        payload = self._short_form_payload()
        if payload is not None:
            printer.print_string(f" {{ {payload.name}")
            printer.print_op_attributes({**_shown_properties(payload), **payload.attributes})
            printer.print_string(" }")
        if self.inputs:
            printer.print_string(" ins(")
            printer.print_list(self.inputs, printer.print_operand)
            printer.print_string(" : ")
            printer.print_list(self.inputs.types, printer.print_attribute)
            printer.print_string(")")
        printer.print_string(" outs(")
        printer.print_operand(self.init)
        printer.print_string(" : ")
        printer.print_attribute(self.init.type)
        printer.print_string(")")
        printer.print_op_attributes(self.attributes)
        if payload is None:
            with printer.indented():
                printer.print_string("\n")
                printer.print_string("(")
                printer.print_list(self.mapper.block.args, printer.print_block_argument)
                printer.print_string(") ")
                printer.print_region(self.mapper, print_entry_block_args=False)

    @classmethod
    def parse(cls, parser: Parser) -> MapOp:
        short: tuple[str, dict[str, Attribute], object] | None = None
        if parser.parse_optional_punctuation("{") is not None:
            pos = parser.pos
            name = parser.parse_identifier()
            if "." not in name:
                parser.raise_error(
                    f"expected an operation name in linalg.map's short form, got {name!r}", pos
                )
            attrs = parser.parse_optional_attr_dict()
            parser.parse_punctuation("}")
            short = (name, attrs, pos)

        def operands(keyword: str) -> list[SSAValue]:
            pos = parser.pos
            if parser.parse_optional_keyword(keyword) is None:
                return []
            parser.parse_punctuation("(")
            names: list[UnresolvedOperand] = parser.parse_comma_separated_list(
                parser.Delimiter.NONE, parser.parse_unresolved_operand
            )
            parser.parse_punctuation(":")
            types = parser.parse_comma_separated_list(parser.Delimiter.NONE, parser.parse_type)
            parser.parse_punctuation(")")
            if len(names) != len(types):
                parser.raise_error(f"{len(names)} {keyword} operands but {len(types)} types", pos)
            return parser.resolve_operands(names, types, pos)

        ins = operands("ins")
        pos = parser.pos
        outs = operands("outs")
        if len(outs) != 1:
            parser.raise_error("linalg.map expects one outs operand (the init)", pos)
        attrs = parser.parse_optional_attr_dict()
        arg_types = [_element(v.type) for v in (*ins, *outs)]
        if short is not None:
            name, payload_attrs, name_pos = short
            op_type = parser.ctx.get_optional_op(name)
            if op_type is None:
                parser.raise_error(
                    f"unknown operation {name!r} in linalg.map's short form",
                    name_pos,  # type: ignore[arg-type]
                )
            block = Block(arg_types=arg_types)
            props: dict[str, Attribute] = {}
            if issubclass(op_type, IRDLOperation):
                names = op_type.get_irdl_definition().properties
                props = {k: v for k, v in payload_attrs.items() if k in names}
            discardable = {k: v for k, v in payload_attrs.items() if k not in props}
            payload = op_type.create(
                operands=block.args[: len(ins)], result_types=[arg_types[-1]],
                properties=props, attributes=discardable,
            )  # fmt: skip
            block.add_ops([payload, YieldOp(payload.results[0])])
            region = Region(block)
        else:
            parser.parse_punctuation("(")
            args = parser.parse_comma_separated_list(
                parser.Delimiter.NONE, lambda: parser.parse_argument(expect_type=True)
            )
            parser.parse_punctuation(")")
            region = parser.parse_region(args)
        return cls(ins, outs[0], region, attrs)

    def verify_(self) -> None:
        init_t = self.init.type
        assert isinstance(init_t, ShapedType)
        for t in self.inputs.types:
            if not isinstance(t, ShapedType) or t.get_shape() != init_t.get_shape():
                raise VerifyException(
                    f"expected the inputs' shapes to match the init's {init_t}, got {t}"
                )
        if isinstance(init_t, TensorType) != (self.result is not None):
            raise VerifyException("expected one result for a tensor init and none for a memref")
        if self.result is not None and self.result.type != init_t:
            raise VerifyException(
                f"result type {self.result.type} differs from the init's {init_t}"
            )
        if isinstance(init_t, MemRefType) and any(
            isinstance(t, TensorType) for t in self.inputs.types
        ):
            raise VerifyException("expected memref inputs with a memref init")
        block = self.mapper.block
        want = [_element(t) for t in (*self.inputs.types, init_t)]
        got = [a.type for a in block.args]
        if got != want:
            raise VerifyException(
                f"expected block arguments of the inputs' and init's element types "
                f"({', '.join(map(str, want))}), got ({', '.join(map(str, got))})"
            )
        last = block.last_op
        if isinstance(last, YieldOp):
            types = [o.type for o in last.operands]
            if types != [want[-1]]:
                raise VerifyException(
                    f"expected the body to yield one {want[-1]}, got "
                    f"({', '.join(map(str, types))})"
                )


def _operand_group(parser: Parser, keyword: str) -> list[SSAValue]:
    """`keyword(%a, %b : T, U)` (absent: none)."""
    pos = parser.pos
    if not parser.parse_optional_characters(keyword):
        return []
    parser.parse_punctuation("(")
    names = parser.parse_comma_separated_list(
        Parser.Delimiter.NONE, parser.parse_unresolved_operand
    )
    parser.parse_punctuation(":")
    types = parser.parse_comma_separated_list(Parser.Delimiter.NONE, parser.parse_type)
    parser.parse_punctuation(")")
    return parser.resolve_operands(names, types, pos)


def _iterator_type(parser: Parser, attr: Attribute, start: int, end: int) -> IteratorTypeAttr:
    if isinstance(attr, IteratorTypeAttr):
        return attr
    if isinstance(attr, StringAttr):
        return IteratorTypeAttr(IteratorType(attr.data))
    parser.raise_error(f"Unknown iterator type {attr}", start, end)


class GenericOp(XGenericOp):
    """xDSL's `linalg.generic`, reading its results as upstream and xDSL print them:
    `-> T`, or `-> (T, U)` for several (xDSL 0.74's parser took `(T, U)` for the start
    of a function type, so a generic with two results did not read back what it
    printed)."""

    @classmethod
    def parse(cls, parser: Parser) -> GenericOp:
        start = parser.pos
        attrs = parser.parse_optional_attr_dict()
        end = parser.pos
        maps = attrs.pop("indexing_maps", None)
        iterators = attrs.pop("iterator_types", None)
        if not isinstance(maps, ArrayAttr):
            parser.raise_error("Expected indexing_maps for linalg.generic", start, end)
        if not isinstance(iterators, ArrayAttr):
            parser.raise_error("Expected iterator_types for linalg.generic", start, end)
        doc, library_call = attrs.pop("doc", None), attrs.pop("library_call", None)
        ins, outs = _operand_group(parser, "ins"), _operand_group(parser, "outs")
        extra: dict[str, Attribute] = {}
        if parser.parse_optional_keyword("attrs"):
            parser.parse_punctuation("=")
            extra = parser.expect(parser.parse_optional_attr_dict, "expect extra attributes")
        body = parser.parse_region()
        results: list[Attribute] = []
        if parser.parse_optional_punctuation("->"):
            if parser.parse_optional_punctuation("(") is not None:
                results = parser.parse_comma_separated_list(
                    Parser.Delimiter.NONE, parser.parse_type
                )
                parser.parse_punctuation(")")
            else:
                results = [parser.parse_type()]
        op = cls(
            ins, outs, body, maps,  # type: ignore[arg-type]
            [_iterator_type(parser, a, start, end) for a in iterators.data],
            results, doc, library_call,  # type: ignore[arg-type]
        )  # fmt: skip
        op.attributes |= attrs | extra
        return op


LINALG = Dialect(
    "linalg",
    [
        *({XMatmulOp: MatmulOp, XGenericOp: GenericOp}.get(o, o) for o in XLinalg.operations),
        BatchMatmulOp,
        MapOp,
    ],
    list(XLinalg.attributes),
)
