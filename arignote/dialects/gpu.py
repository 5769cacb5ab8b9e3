"""xDSL's `gpu` dialect, with `gpu.memcpy` verified as upstream MLIR does, and upstream's
`gpu.memset` (`gpu.memset [async] [[%deps]] %dst, %value : memref<?xf32>, f32`: every
element of `dst` set to `value`, of its element type).

xDSL requires the source and destination of `gpu.memcpy` to have identical types; upstream
requires only the same shape and element type, so a copy may cross memory spaces
(`memref<?xf32>` on the host to `memref<?xf32, 1 : i64>` on the device), which is exactly
what buffer placement emits.  The registry maps the namespace `gpu` to `GPU`.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import gpu as xgpu
from xdsl.dialects.builtin import MemRefType
from xdsl.ir import Dialect, Operation, SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    opt_result_def,
    var_operand_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException


@irdl_op_definition
class MemcpyOp(IRDLOperation):
    """`gpu.memcpy`: copies between buffers of one shape and element type (any spaces)."""

    name = "gpu.memcpy"
    asyncDependencies = var_operand_def(xgpu.AsyncTokenType)
    dst = operand_def(MemRefType)
    src = operand_def(MemRefType)
    asyncToken = opt_result_def(xgpu.AsyncTokenType)
    irdl_options = (AttrSizedOperandSegments(),)

    def __init__(
        self,
        source: SSAValue | Operation,
        destination: SSAValue | Operation,
        async_dependencies: Sequence[SSAValue | Operation] | None = None,
        is_async: bool = False,
    ):
        super().__init__(
            operands=[async_dependencies or [], destination, source],
            result_types=[[xgpu.AsyncTokenType()] if is_async else []],
        )

    def verify_(self) -> None:
        src, dst = self.src.type, self.dst.type
        assert isinstance(src, MemRefType) and isinstance(dst, MemRefType)
        if src.get_shape() != dst.get_shape() or src.element_type != dst.element_type:
            raise VerifyException(
                f"gpu.memcpy: source {src} and destination {dst} must have the same shape "
                "and element type"
            )


@irdl_op_definition
class MemsetOp(IRDLOperation):
    """`gpu.memset`: sets every element of `dst` to `value` (upstream MLIR's op)."""

    name = "gpu.memset"
    asyncDependencies = var_operand_def(xgpu.AsyncTokenType)
    dst = operand_def(MemRefType)
    value = operand_def()
    asyncToken = opt_result_def(xgpu.AsyncTokenType)

    def __init__(
        self,
        destination: SSAValue | Operation,
        value: SSAValue | Operation,
        async_dependencies: Sequence[SSAValue | Operation] | None = None,
        is_async: bool = False,
    ):
        super().__init__(
            operands=[async_dependencies or [], destination, value],
            result_types=[[xgpu.AsyncTokenType()] if is_async else []],
        )

    @classmethod
    def parse(cls, parser: Parser) -> MemsetOp:
        is_async = parser.parse_optional_keyword("async") is not None
        deps = parser.parse_optional_comma_separated_list(
            parser.Delimiter.SQUARE, parser.parse_unresolved_operand
        ) or []
        dst = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        value = parser.parse_unresolved_operand()
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        dst_type = parser.parse_type()
        parser.parse_punctuation(",")
        value_type = parser.parse_type()
        token = xgpu.AsyncTokenType()
        deps_v = parser.resolve_operands(deps, [token] * len(deps), parser.pos)
        dst_v, value_v = parser.resolve_operands([dst, value], [dst_type, value_type], parser.pos)
        op = cls(dst_v, value_v, deps_v, is_async)
        op.attributes.update(attrs)
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        if self.asyncToken is not None:
            printer.print_string("async ")
        if self.asyncDependencies:
            printer.print_string("[")
            printer.print_list(self.asyncDependencies, printer.print_operand)
            printer.print_string("] ")
        printer.print_operand(self.dst)
        printer.print_string(", ")
        printer.print_operand(self.value)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.dst.type)
        printer.print_string(", ")
        printer.print_attribute(self.value.type)

    def verify_(self) -> None:
        dst = self.dst.type
        assert isinstance(dst, MemRefType)
        if self.value.type != dst.element_type:
            raise VerifyException(
                f"value of type {self.value.type} does not match the element type of {dst}"
            )


GPU = Dialect(
    "gpu",
    [*(MemcpyOp if op is xgpu.MemcpyOp else op for op in xgpu.GPU.operations), MemsetOp],
    list(xgpu.GPU.attributes),
)
