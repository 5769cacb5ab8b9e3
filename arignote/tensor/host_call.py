"""`HostCall`: a front-end op whose value a Python callback computes on the host.

`HostCall(callee, out_types)(x, y, ...)` is an Apply whose outputs the host callback
`callee` (a name of `arignote.runtime.callbacks`) computes from the inputs' values each
time the compiled function runs; it is emitted as one `tt.host_call` (docs/internals.md,
"Host callbacks").  Theano's `Print` and `RandomStreams`' draws are HostCalls.

`gradient` says what `grad` does through it: "none" (no gradient reaches any input) or
"identity" (one input, one output of the same type: the output gradient passes through).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xdsl.ir import SSAValue

from arignote.dialects import tt as ttd
from arignote.graph import Apply, TensorType, Variable
from arignote.tensor.basic import TensorOp

GRADIENTS = ("none", "identity")


class HostCall(TensorOp):
    """(inputs...) -> outputs of `out_types`, computed by host callback `callee`."""

    def __init__(
        self,
        callee: str,
        out_types: Sequence[TensorType],
        label: str = "HostCall",
        gradient: str = "none",
    ):
        if gradient not in GRADIENTS:
            raise ValueError(f"HostCall: gradient must be one of {GRADIENTS}, got {gradient!r}")
        self.callee = callee
        self.out_types = list(out_types)
        self.label = label
        self.gradient = gradient

    def __str__(self) -> str:
        return self.label

    @property
    def no_gradient(self) -> bool:
        """No gradient flows through this op to any input (`grad` skips it)."""
        return self.gradient == "none"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        return list(self.out_types)

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        from arignote.frontend_ir import ir_type

        op = ttd.HostCallOp(self.callee, list(inputs), [ir_type(o.type) for o in node.outputs])
        em.add(op)
        return list(op.results)


__all__ = ["HostCall"]
