"""convert-loop-to-llvm: `loop.row` in device code becomes pointer arithmetic.

Input: device code (kernels, `gpu.module`s, top-level `llvm.func`s) holding `loop.row`
ops, as `convert-loop-to-scf` and `cpu-kernel-outlining` leave them.

Output, with the kernel ABI of docs/internals.md §6:

    %r = loop.row %buf[%i] : memref<?x?xf32> -> memref<?xf32>
      -> %p = llvm.getelementptr inbounds %base[(i * d1)]     (the address of buf[i, 0])
         %r = builtin.unrealized_conversion_cast %p, %d1 : !llvm.ptr, i64 to memref<?xf32>

A row's dynamic sizes are the buffer's (or constants where only the row type is static).
Host functions are left alone; a `loop.row` left in device code (a buffer outside the
kernel ABI) fails with a diagnostic naming it.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import DYNAMIC_INDEX, MemRefType, ModuleOp
from xdsl.ir import Operation
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern, op_type_rewrite_pattern

from arignote.dialects import loop
from arignote.lowering.llvm_abi import (
    apply_to_device_code,
    check_device_code,
    dim_sizes,
    i64_constant,
    memref_abi_problem,
    memref_element_address,
    pack,
)

PASS = "convert-loop-to-llvm"


class RowToLlvm(RewritePattern):
    """loop.row %buf[%i] -> the address of buf[i, 0, ...] packed with the row's sizes."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: loop.RowOp, rewriter: PatternRewriter) -> None:
        if memref_abi_problem(op.buffer.type) or memref_abi_problem(op.res.type):
            return
        buf_t, row_t = op.buffer.type, op.res.type
        assert isinstance(buf_t, MemRefType) and isinstance(row_t, MemRefType)
        zeros = [i64_constant(rewriter, 0) for _ in range(buf_t.get_num_dims() - 1)]
        addr = memref_element_address(rewriter, op.buffer, [op.index, *zeros])
        sizes = dim_sizes(rewriter, op.buffer)[1:]
        dynamic = []
        for size, want in zip(sizes, row_t.get_shape()):
            if want == DYNAMIC_INDEX:
                dynamic.append(size if not isinstance(size, int) else i64_constant(rewriter, size))
        rewriter.replace(op, [], [pack(rewriter, [addr, *dynamic], row_t)])


def populate_loop_to_llvm_patterns() -> list[RewritePattern]:
    """The patterns of convert-loop-to-llvm."""
    return [RowToLlvm()]


def _reason(op: Operation) -> str:
    for v in (*op.operands, *op.results):
        if (p := memref_abi_problem(v.type)) is not None:
            return f"operand or result {p}"
    return "is not supported in device code"


def check_loop_converted(module: Operation, pass_name: str = PASS) -> None:
    """Fail with a diagnostic if a loop op is left in device code."""
    check_device_code(module, pass_name, lambda o: o.dialect_name() == "loop", _reason)


@dataclass(frozen=True)
class ConvertLoopToLlvmPass(ModulePass):
    """loop.row -> llvm pointer arithmetic in device code."""

    name = "convert-loop-to-llvm"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        apply_to_device_code(op, populate_loop_to_llvm_patterns())
        check_loop_converted(op)


__all__ = ["ConvertLoopToLlvmPass", "populate_loop_to_llvm_patterns", "check_loop_converted"]
