"""The `host` dialect: what the host program does itself, below the tt level.

`host.call "name"(%a, ...) : (T, ...) -> (R, ...)` calls the host callback `name`
(`arignote.runtime.callbacks`), as `tt.host_call` does at the tt level, on tensors (the
output of `convert-tt-to-linalg`) or on memrefs (after `one-shot-bufferize`): all
operands and results are tensors, or all are memrefs.  On memrefs the operands are host
buffers (default memory space, identity layout) that the call only reads, and each
result is a new host buffer the call allocates.  The op has effects (no memory-effect
trait): never merged, never erased when unused.  See docs/internals.md, "Host callbacks".

    %y = host.call "print:[\\"x\\",[\\"__str__\\"]]"(%x) : (memref<?xf32>) -> memref<?xf32>
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import MemRefType, NoneAttr, StringAttr, TensorType
from xdsl.ir import Attribute, Dialect, Operation, SSAValue
from xdsl.irdl import IRDLOperation, irdl_op_definition, prop_def, var_operand_def, var_result_def
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException

from arignote.dialects.tt import check_call_types, parse_call, print_call


@irdl_op_definition
class CallOp(IRDLOperation):
    """`%r:N = host.call "name"(%a, ...) : (T, ...) -> (R, ...)` (tensors or host memrefs)."""

    name = "host.call"
    args = var_operand_def()
    res = var_result_def()
    callee = prop_def(StringAttr)

    def __init__(
        self,
        callee: str,
        operands: Sequence[SSAValue | Operation],
        result_types: Sequence[Attribute],
    ):
        super().__init__(
            operands=[list(operands)], result_types=[list(result_types)],
            properties={"callee": StringAttr(callee)},
        )  # fmt: skip

    def verify_(self) -> None:
        check_call_types(self, self.callee.data, (TensorType, MemRefType))
        values = [(f"operand #{k}", v.type) for k, v in enumerate(self.operands)]
        values += [(f"result #{k}", r.type) for k, r in enumerate(self.results)]
        for role, t in values:
            if not isinstance(t, MemRefType):
                continue
            if not isinstance(t.layout, NoneAttr):
                raise VerifyException(
                    f'{self.name}: "{self.callee.data}" {role} must be an identity-layout '
                    f"(row-major, contiguous) buffer, got {t}"
                )
            if not isinstance(t.memory_space, NoneAttr):
                raise VerifyException(
                    f'{self.name}: "{self.callee.data}" {role} must be a host buffer (default '
                    f"memory space), got {t}; buffer-placement copies device buffers to the host"
                )

    def print(self, printer: Printer) -> None:
        print_call(printer, self, self.callee.data)

    @classmethod
    def parse(cls, parser: Parser) -> CallOp:
        callee, operands, results, attrs = parse_call(parser)
        op = cls(callee, operands, results)
        op.attributes.update(attrs)
        return op

    @property
    def on_tensors(self) -> bool:
        return any(isinstance(v.type, TensorType) for v in (*self.operands, *self.results))


HOST = Dialect("host", [CallOp], [])

__all__ = ["HOST", "CallOp"]
