"""xDSL's `tensor` dialect plus upstream's `tensor.generate`.

    %t = tensor.generate %d {
    ^bb0(%i: index):
      ...
      tensor.yield %v : f32
    } : tensor<?xf32>

builds a tensor whose element at each index is what the body yields; the operands are
the sizes of the result's dynamic dimensions.  Custom and generic forms are upstream's.
The registry maps the namespace `tensor` to `TENSOR`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from xdsl.dialects import tensor as xtensor
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    ArrayAttr,
    DenseArrayBase,
    IndexType,
    IntegerAttr,
    TensorType,
    i64,
)
from xdsl.dialects.utils.dynamic_index_list import DynamicIndexList, verify_dynamic_index_list
from xdsl.ir import Dialect, Operation, Region, SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
    IRDLOperation,
    irdl_op_definition,
    lazy_traits_def,
    operand_def,
    prop_def,
    region_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import HasParent, RecursiveMemoryEffect, SingleBlockImplicitTerminator
from xdsl.utils.exceptions import VerifyException


@irdl_op_definition
class GenerateOp(IRDLOperation):
    """`tensor.generate`: a tensor of the body's yielded value at every index."""

    name = "tensor.generate"
    dynamicExtents = var_operand_def(IndexType)
    result = result_def(TensorType)
    body = region_def("single_block")

    traits = traits_def(RecursiveMemoryEffect(), SingleBlockImplicitTerminator(xtensor.YieldOp))

    def __init__(
        self, dynamic_extents: Sequence[SSAValue | Operation], result_type: TensorType,
        body: Region,
    ):  # fmt: skip
        super().__init__(operands=[dynamic_extents], result_types=[result_type], regions=[body])

    @classmethod
    def parse(cls, parser: Parser) -> GenerateOp:
        extents = (
            parser.parse_optional_undelimited_comma_separated_list(
                parser.parse_optional_unresolved_operand, parser.parse_unresolved_operand
            )
            or []
        )
        body = parser.parse_region()
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        start = parser.pos
        ty = parser.parse_type()
        if not isinstance(ty, TensorType):
            parser.raise_error(f"tensor.generate expects a tensor type, got {ty}", start)
        index = IndexType()
        op = cls(parser.resolve_operands(extents, [index] * len(extents), parser.pos), ty, body)
        op.attributes.update(attrs)
        return op

    def print(self, printer: Printer) -> None:
        if self.dynamicExtents:
            printer.print_string(" ")
            printer.print_list(self.dynamicExtents, printer.print_operand)
        printer.print_string(" ")
        printer.print_region(self.body, print_entry_block_args=True)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.result.type)

    def verify_(self) -> None:
        ty = self.result.type
        assert isinstance(ty, TensorType)
        shape = ty.get_shape()
        dynamic = sum(1 for d in shape if d == DYNAMIC_INDEX)
        if dynamic != len(self.dynamicExtents):
            raise VerifyException(
                f"must have as many index operands as dynamic extents in the result type "
                f"({len(self.dynamicExtents)} operands, {dynamic} dynamic extents in {ty})"
            )
        block = self.body.block
        if len(block.args) != len(shape) or any(
            not isinstance(a.type, IndexType) for a in block.args
        ):
            raise VerifyException(
                f"must have one 'index' block argument per dimension of {ty} "
                f"(got ({', '.join(str(a.type) for a in block.args)}))"
            )
        last = block.last_op
        if isinstance(last, xtensor.YieldOp):
            if len(last.operands) != 1 or last.operands[0].type != ty.get_element_type():
                types = ", ".join(str(o.type) for o in last.operands)
                raise VerifyException(
                    f"body must be terminated with a `tensor.yield` of one "
                    f"{ty.get_element_type()} (the element type), got ({types})"
                )


@irdl_op_definition
class ParallelInsertSliceOp(IRDLOperation):
    """`tensor.parallel_insert_slice %src into %dest[offsets] [sizes] [strides] : T into U`:
    inside `scf.forall.in_parallel`, writes one iteration's slice into a shared output
    (upstream's op; no result)."""

    name = "tensor.parallel_insert_slice"

    source = operand_def(TensorType)
    dest = operand_def(TensorType)
    offsets = var_operand_def(IndexType)
    sizes = var_operand_def(IndexType)
    strides = var_operand_def(IndexType)
    static_offsets = prop_def(DenseArrayBase.constr(i64))
    static_sizes = prop_def(DenseArrayBase.constr(i64))
    static_strides = prop_def(DenseArrayBase.constr(i64))

    irdl_options = (AttrSizedOperandSegments(as_property=True),)
    traits = lazy_traits_def(lambda: (HasParent(_in_parallel()),))

    assembly_format = (
        "$source `into` $dest ``"
        "custom<DynamicIndexList>($offsets, $static_offsets)"
        "custom<DynamicIndexList>($sizes, $static_sizes)"
        "custom<DynamicIndexList>($strides, $static_strides)"
        "attr-dict `:` type($source) `into` type($dest)"
    )
    custom_directives = (DynamicIndexList,)

    def verify_(self) -> None:
        rank = len(self.dest.type.get_shape())  # type: ignore[attr-defined]
        for what, values, static in (
            ("offset", self.offsets, self.static_offsets),
            ("size", self.sizes, self.static_sizes),
            ("stride", self.strides, self.static_strides),
        ):
            entries = static.get_values()
            if len(entries) != rank:
                raise VerifyException(
                    f"expected {rank} {what} entries (the destination's rank), got {len(entries)}"
                )
            verify_dynamic_index_list(entries, values, DYNAMIC_INDEX, f" in the {what} arguments")
        src = self.source.type
        assert isinstance(src, TensorType)
        if src.element_type != self.dest.type.element_type:  # type: ignore[attr-defined]
            raise VerifyException(
                f"expected the source's element type {src.element_type} to be the "
                f"destination's, {self.dest.type.element_type}"  # type: ignore[attr-defined]
            )
        # (the source has the slice's sizes, some unit dimensions of it may be dropped)
        sizes = [s for s in self.static_sizes.get_values()]
        kept = [s for s in sizes if s != 1]
        shape = list(src.get_shape())
        if shape != sizes and [d for d in shape if d != 1] != kept:
            raise VerifyException(
                f"expected source type {src} to have the slice's sizes "
                f"[{', '.join('?' if s == DYNAMIC_INDEX else str(s) for s in sizes)}]"
            )


class ReshapeOp(xtensor.ReshapeOp):
    """`tensor.reshape`, verified as upstream does: the element counts are compared only
    when both shapes are static (xDSL multiplies the dynamic marker in and rejects
    `tensor<32xf32>` to `tensor<?x?xf32>`)."""

    def verify_(self) -> None:
        src, shape, res = self.source.type, self.shape.type, self.result.type
        if not isinstance(src, TensorType) or not isinstance(shape, TensorType):
            raise VerifyException("source and shape must be ranked tensors")
        assert isinstance(res, TensorType)
        if src.element_type != res.element_type:
            raise VerifyException(
                "element types of source and result tensor types should be the same"
            )
        if len(shape.get_shape()) != 1:
            raise VerifyException("shape tensor must have a rank one")
        s, r = src.get_shape(), res.get_shape()
        if DYNAMIC_INDEX not in (*s, *r) and math.prod(s) != math.prod(r):
            raise VerifyException(
                "source and result tensor should have the same number of elements"
            )
        n = shape.get_shape()[0]
        if n != DYNAMIC_INDEX and n != len(r):
            raise VerifyException("length of shape operand differs from the result's tensor rank")


def collapsed_shape(shape: Sequence[int], groups: Sequence[Sequence[int]]) -> list[int]:
    """`shape` with each group of consecutive dims merged into one: the product of the
    group's sizes, dynamic when one of them is."""
    out = []
    for g in groups:
        sizes = [shape[d] for d in g]
        out.append(DYNAMIC_INDEX if DYNAMIC_INDEX in sizes else math.prod(sizes))
    return out


def reassociation_groups(attr: ArrayAttr) -> list[list[int]]:
    """The groups of a `reassociation` property, as lists of dims."""
    return [[e.value.data for e in g.data] for g in attr.data]  # type: ignore[attr-defined]


def reassociation_attr(groups: Sequence[Sequence[int]]) -> ArrayAttr:
    return ArrayAttr([ArrayAttr([IntegerAttr(d, i64) for d in g]) for g in groups])


def verify_collapse(src: Sequence[int], res: Sequence[int], groups: list[list[int]]) -> None:
    """A collapse of `src` into `res` by `groups`: the groups are non-empty runs of
    consecutive dims covering every source dim in order, one per result dim, and each
    result size is its group's (upstream's rule; a dynamic size stays dynamic)."""
    flat = [d for g in groups for d in g]
    if any(not g for g in groups) or flat != list(range(len(src))):
        raise VerifyException(
            f"reassociation {_groups_str(groups)} must cover the {len(src)} source dims in "
            "order, in non-empty groups of consecutive dims"
        )
    if len(res) != len(groups):
        raise VerifyException(f"expected {len(groups)} result dims (one per group), got {len(res)}")
    want = collapsed_shape(src, groups)
    if list(res) != want:
        shown = "x".join("?" if d == DYNAMIC_INDEX else str(d) for d in want)
        raise VerifyException(f"expected the collapsed shape {shown} of the groups' sizes")


def _groups_str(groups: Sequence[Sequence[int]]) -> str:
    return "[" + ", ".join("[" + ", ".join(map(str, g)) + "]" for g in groups) + "]"


class CollapseShape:
    """What `tensor.collapse_shape` and `memref.collapse_shape` share: the groups' check of
    the sizes and upstream's custom form `%r = <op> %src [[0], [1, 2]] {attrs} : T into U`.
    It comes after xDSL's class among an op's bases (`--xdsl-compat` gives an op xDSL's
    class, which Python allows only when xDSL's class is the first base), so each op
    takes `print = CollapseShape.print` explicitly."""

    __slots__ = ()

    def verify_groups(self) -> None:
        src, res = self.operands[0].type, self.results[0].type  # type: ignore[attr-defined]
        groups = reassociation_groups(self.reassociation)  # type: ignore[attr-defined]
        verify_collapse(src.get_shape(), res.get_shape(), groups)

    def print(self, printer: Printer) -> None:
        op: Operation = self  # type: ignore[assignment]
        printer.print_string(" ")
        printer.print_operand(op.operands[0])
        groups = reassociation_groups(self.reassociation)  # type: ignore[attr-defined]
        printer.print_string(" " + _groups_str(groups))
        printer.print_op_attributes(op.attributes)
        printer.print_string(" : ")
        printer.print_attribute(op.operands[0].type)
        printer.print_string(" into ")
        printer.print_attribute(op.results[0].type)


class CollapseShapeOp(xtensor.CollapseShapeOp, CollapseShape):
    """`tensor.collapse_shape %t [[0], [1, 2, 3]] : T into U`: the same elements in the same
    row-major order, consecutive dims merged (a flatten); bufferizes to a view."""

    print = CollapseShape.print

    def __init__(self, src: SSAValue, groups: Sequence[Sequence[int]]):
        t = src.type
        assert isinstance(t, TensorType)
        res = TensorType(t.element_type, collapsed_shape(t.get_shape(), groups))
        super().__init__(
            operands=[src],
            result_types=[res],
            properties={"reassociation": reassociation_attr(groups)},
        )

    def verify_(self) -> None:
        src, res = self.src.type, self.result.type
        assert isinstance(src, TensorType) and isinstance(res, TensorType)
        if src.element_type != res.element_type:
            raise VerifyException("source and result element types differ")
        self.verify_groups()


def _in_parallel() -> type[Operation]:
    from arignote.dialects.scf import InParallelOp

    return InParallelOp


TENSOR = Dialect(
    "tensor",
    [
        *(
            {xtensor.ReshapeOp: ReshapeOp, xtensor.CollapseShapeOp: CollapseShapeOp}.get(o, o)
            for o in xtensor.Tensor.operations
        ),
        GenerateOp,
        ParallelInsertSliceOp,
    ],  # fmt: skip
    list(xtensor.Tensor.attributes),
)
