"""`theano.tensor.opt`'s graph-level assertion: `Assert(msg)(value, *conds)`.

Theano 1.0.5 (theano/tensor/opt.py l.2333): the output is `value`; when the function
runs, every condition (a rank-0 tensor) must be true, else the call fails with `msg`.
Here the check is a host `cf.assert` after the conditions are computed; the failure is
a ShapeError naming the Assert's file:line and the condition (Theano raises an
AssertionError with the message alone).  The gradient flows to `value` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xdsl.dialects import arith, cf
from xdsl.dialects.builtin import i1
from xdsl.ir import SSAValue

from arignote.dialects import tt as ttd
from arignote.graph import Apply, TensorType, Variable, describe
from arignote.tensor.basic import TensorOp


class Assert(TensorOp):
    """`value`, with a run-time check that each condition is true (non-zero)."""

    def __init__(self, msg: str = "Theano Assert failed!"):
        self.msg = msg

    def __str__(self) -> str:
        return "Assert"

    def __eq__(self, other: object) -> bool:
        return type(other) is Assert and other.msg == self.msg

    def __hash__(self) -> int:
        return hash((Assert, self.msg))

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        value, *conds = inputs
        for k, c in enumerate(conds):
            if c.ndim != 0:
                raise self.fail(loc, f"condition {k} is {describe(c)}; conditions are scalars")
        return [value.type]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        value, *conds = inputs
        f, line = node.location
        for k, c in enumerate(conds):
            # non-zero -> 1, as an index, as an i1: a host scalar for cf.assert
            flag = em.add(ttd.ToIndexOp(em.cast_value(em.cast_value(c, "bool"), "int64")))
            ok = em.add(arith.IndexCastOp(flag, i1))
            what = f" (condition {k})" if len(conds) > 1 else ""
            em.add(cf.AssertOp(ok, f"Assert at {f}:{line}: {self.msg}{what}"))
        return [value]


assert_op = Assert()


def check_false(value: Any, bad: Any, msg: str) -> Variable:
    """`value`, failing at run time with `msg` when the bool tensor `bad` is true
    anywhere (an Assert of `not any(bad)`)."""
    from arignote.tensor.basic import invert
    from arignote.tensor.reduction import any as t_any

    return Assert(msg)(value, invert(t_any(bad)))


__all__ = ["Assert", "assert_op", "check_false"]
