"""The few NVVM operations the GPU lowering needs, named as upstream MLIR names them.

Special registers (`nvvm.read.ptx.sreg.tid.x : i32`, ...) and the CTA barrier
(`nvvm.barrier0`).  Each translates to the LLVM intrinsic of the same name
(`@llvm.nvvm.read.ptx.sreg.tid.x`, `@llvm.nvvm.barrier0`); `INTRINSIC_OF` gives the table
the LLVM IR translator uses.
"""

from __future__ import annotations


from xdsl.dialects.builtin import i32
from xdsl.ir import Dialect
from xdsl.irdl import IRDLOperation, irdl_op_definition, result_def, traits_def
from xdsl.traits import Pure


class SpecialRegisterOp(IRDLOperation):
    """`%r = nvvm.read.ptx.sreg.<reg>.<dim> : i32`."""

    result = result_def(i32)
    traits = traits_def(Pure())
    assembly_format = "attr-dict `:` type($result)"

    def __init__(self) -> None:
        super().__init__(result_types=[i32])


def _sreg(reg: str, dim: str) -> type[SpecialRegisterOp]:
    cls = type(
        f"{reg.capitalize()}{dim.upper()}Op",
        (SpecialRegisterOp,),
        {"name": f"nvvm.read.ptx.sreg.{reg}.{dim}", "__module__": __name__},
    )
    return irdl_op_definition(cls)


_REGS = ("tid", "ntid", "ctaid", "nctaid")
_DIMS = ("x", "y", "z")
SREG_OPS: dict[tuple[str, str], type[SpecialRegisterOp]] = {
    (r, d): _sreg(r, d) for r in _REGS for d in _DIMS
}
ThreadIdXOp = SREG_OPS[("tid", "x")]
ThreadIdYOp = SREG_OPS[("tid", "y")]
ThreadIdZOp = SREG_OPS[("tid", "z")]
BlockDimXOp = SREG_OPS[("ntid", "x")]
BlockDimYOp = SREG_OPS[("ntid", "y")]
BlockDimZOp = SREG_OPS[("ntid", "z")]
BlockIdXOp = SREG_OPS[("ctaid", "x")]
BlockIdYOp = SREG_OPS[("ctaid", "y")]
BlockIdZOp = SREG_OPS[("ctaid", "z")]
GridDimXOp = SREG_OPS[("nctaid", "x")]
GridDimYOp = SREG_OPS[("nctaid", "y")]
GridDimZOp = SREG_OPS[("nctaid", "z")]


@irdl_op_definition
class Barrier0Op(IRDLOperation):
    """`nvvm.barrier0`: `bar.sync 0`, all threads of the CTA."""

    name = "nvvm.barrier0"
    assembly_format = "attr-dict"

    def __init__(self) -> None:
        super().__init__()


#: op name -> LLVM intrinsic called by the translation (all take no arguments)
INTRINSIC_OF: dict[str, str] = {
    **{op.name: f"llvm.{op.name}" for op in SREG_OPS.values()},
    Barrier0Op.name: "llvm.nvvm.barrier0",
}

NVVM = Dialect("nvvm", [*SREG_OPS.values(), Barrier0Op], [])
