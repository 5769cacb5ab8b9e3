"""The few NVVM operations the GPU lowering needs, named as upstream MLIR names them.

Special registers (`nvvm.read.ptx.sreg.tid.x : i32`, ...), the CTA barrier
(`nvvm.barrier0`) and the butterfly warp shuffle (`nvvm.shfl.sync.bfly`).  Each
translates to the LLVM intrinsic of the same name (`@llvm.nvvm.read.ptx.sreg.tid.x`,
`@llvm.nvvm.barrier0`, `@llvm.nvvm.shfl.sync.bfly.f32`); `INTRINSIC_OF` gives the table
the LLVM IR translator uses for the ops without operands.
"""

from __future__ import annotations


from typing import ClassVar

from xdsl.dialects.builtin import Float32Type, IntegerType, i32
from xdsl.ir import Attribute, Dialect, SSAValue
from xdsl.irdl import (
    BaseAttr,
    IRDLOperation,
    VarConstraint,
    irdl_op_definition,
    operand_def,
    result_def,
    traits_def,
)
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException


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


@irdl_op_definition
class ShflBflyOp(IRDLOperation):
    """`%r = nvvm.shfl.sync.bfly %mask, %val, %offset, %clamp : T`: the value of lane
    (lane ^ offset) among the lanes of `mask` (`shfl.sync.bfly.b32`); T is f32 or i32
    (translated to `@llvm.nvvm.shfl.sync.bfly.f32` / `.i32`)."""

    name = "nvvm.shfl.sync.bfly"

    T: ClassVar = VarConstraint("T", BaseAttr(Float32Type) | BaseAttr(IntegerType))

    mask = operand_def(i32)
    val = operand_def(T)
    offset = operand_def(i32)
    clamp = operand_def(i32)
    result = result_def(T)
    assembly_format = "$mask `,` $val `,` $offset `,` $clamp attr-dict `:` type($val)"

    def __init__(self, mask: SSAValue, val: SSAValue, offset: SSAValue, clamp: SSAValue):
        super().__init__(operands=[mask, val, offset, clamp], result_types=[val.type])

    def verify_(self) -> None:
        t: Attribute = self.val.type
        if isinstance(t, IntegerType) and t.width.data != 32:
            raise VerifyException(f"shuffles 32-bit values (f32 or i32), got {t}")

    def intrinsic(self) -> str:
        return "llvm.nvvm.shfl.sync.bfly." + ("f32" if isinstance(self.val.type, Float32Type)
                                              else "i32")  # fmt: skip


#: op name -> LLVM intrinsic called by the translation (all take no arguments)
INTRINSIC_OF: dict[str, str] = {
    **{op.name: f"llvm.{op.name}" for op in SREG_OPS.values()},
    Barrier0Op.name: "llvm.nvvm.barrier0",
}

NVVM = Dialect("nvvm", [*SREG_OPS.values(), Barrier0Op, ShflBflyOp], [])
