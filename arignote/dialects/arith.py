"""xDSL's `arith` dialect plus the upstream ops it lacks (`arith.remf`).

The registry maps the namespace `arith` to `ARITH`, so our contexts parse and print
`arith.remf` like upstream MLIR: `%r = arith.remf %a, %b : f32` (C's `fmod`: the result
has the sign of the dividend).
"""

from __future__ import annotations

from xdsl.dialects import arith as xarith
from xdsl.ir import Dialect
from xdsl.irdl import irdl_op_definition, traits_def
from xdsl.traits import Pure


@irdl_op_definition
class RemFOp(xarith.FloatingPointLikeBinaryOperation):
    """`arith.remf`: floating-point remainder with the sign of the dividend (fmod)."""

    name = "arith.remf"
    traits = traits_def(Pure())


ARITH = Dialect(
    "arith",
    [*xarith.Arith.operations, RemFOp],
    [*xarith.Arith.attributes],
)
