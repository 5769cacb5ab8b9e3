"""xDSL's `gpu` dialect, with `gpu.memcpy` verified as upstream MLIR does.

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


GPU = Dialect(
    "gpu",
    [MemcpyOp if op is xgpu.MemcpyOp else op for op in xgpu.GPU.operations],
    list(xgpu.GPU.attributes),
)
