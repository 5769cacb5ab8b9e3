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

from collections.abc import Sequence

from xdsl.dialects import tensor as xtensor
from xdsl.dialects.builtin import DYNAMIC_INDEX, IndexType, TensorType
from xdsl.ir import Dialect, Operation, Region, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    region_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import RecursiveMemoryEffect, SingleBlockImplicitTerminator
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
        extents = parser.parse_optional_undelimited_comma_separated_list(
            parser.parse_optional_unresolved_operand, parser.parse_unresolved_operand
        ) or []
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


TENSOR = Dialect(
    "tensor", [*xtensor.Tensor.operations, GenerateOp], list(xtensor.Tensor.attributes)
)
