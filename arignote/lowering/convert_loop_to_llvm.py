"""convert-loop-to-llvm: `loop.row` in device code becomes pointer arithmetic,
`loop.parallel_for` a call of the CPU thread pool.

Input: device code (kernels, `gpu.module`s, top-level `llvm.func`s) holding `loop.row`
ops, as `convert-loop-to-scf` and `cpu-kernel-outlining` leave them, and CPU kernels
holding `loop.parallel_for` (`cpu-parallel-kernels`) whose callee is already an
`llvm.func` with the kernel ABI (convert-func-to-llvm runs first in convert-to-llvm).

Output, with the kernel ABI of docs/internals.md §6:

    %r = loop.row %buf[%i] : memref<?x?xf32> -> memref<?xf32>
      -> %p = llvm.getelementptr inbounds %base[(i * d1)]     (the address of buf[i, 0])
         %r = builtin.unrealized_conversion_cast %p, %d1 : !llvm.ptr, i64 to memref<?xf32>

A row's dynamic sizes are the buffer's (or constants where only the row type is static).

    loop.parallel_for @k_chunk(%n) grain(%g) args(%x : memref<?xf32>, %s : f32)
      -> %u = llvm.mlir.undef : !llvm.struct<(ptr, i64, f32)>    (the args' ABI values)
         %v0 = llvm.insertvalue %px, %u[0] ... %v2 = llvm.insertvalue %s, %v1[2]
         %ctx = llvm.alloca %c1 x !llvm.struct<(ptr, i64, f32)> ; llvm.store %v2, %ctx
         %f = llvm.mlir.addressof @k_chunk__chunks : !llvm.ptr
         llvm.call @arignote_parallel_for(%f, %ctx, %n, %g)

with, once per callee, the trampoline the pool calls for each chunk (the callee becomes
internal: LLVM inlines it into the trampoline and emits its code once):

    llvm.func internal @k_chunk__chunks(%ctx: !llvm.ptr, %lo: i64, %hi: i64) {
      <load the struct, extract its fields>; llvm.call @k_chunk(%lo, %hi, <the fields>)
      llvm.return }

`arignote_parallel_for` is the pool of `arignote.runtime.cpu.pool` (declared here, bound
by the JIT).
Host functions are left alone; a `loop.row` left in device code (a buffer outside the
kernel ABI) fails with a diagnostic naming it.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import llvm as xllvm
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    DenseArrayBase,
    MemRefType,
    ModuleOp,
    i64,
)
from xdsl.ir import Block, Operation, Region
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern, op_type_rewrite_pattern
from xdsl.rewriter import InsertPoint
from xdsl.traits import SymbolTable

from arignote.dialects import llvm as allvm
from arignote.dialects import loop
from arignote.lowering.convert_math_to_llvm import declare_function
from arignote.lowering.kernel_abi import PARALLEL_FOR, memref_abi_problem
from arignote.lowering.llvm_abi import (
    apply_to_device_code,
    check_device_code,
    dim_sizes,
    i64_constant,
    memref_element_address,
    pack,
    to_llvm,
    unpack,
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


_PTR = xllvm.LLVMPointerType()


def _position(k: int) -> DenseArrayBase:
    return DenseArrayBase.from_list(i64, [k])


def _trampoline(name: str, callee: str, ctx_type: xllvm.LLVMStructType) -> xllvm.FuncOp:
    """`@name(ctx, lo, hi)`: load the struct at ctx, call `@callee(lo, hi, <its fields>)`."""
    block = Block(arg_types=[_PTR, i64, i64])
    ctx, lo, hi = block.args
    ctx.name_hint, lo.name_hint, hi.name_hint = "ctx", "lo", "hi"
    load = allvm.LoadOp(ctx, ctx_type)
    block.add_op(load)
    values = []
    for k, t in enumerate(ctx_type.types):
        field = xllvm.ExtractValueOp(_position(k), load.dereferenced_value, t)
        block.add_op(field)
        values.append(field.res)
    block.add_op(xllvm.CallOp(callee, lo, hi, *values))
    block.add_op(xllvm.ReturnOp())
    ftype = xllvm.LLVMFunctionType([_PTR, i64, i64], xllvm.LLVMVoidType())
    return xllvm.FuncOp(name, ftype, xllvm.LinkageAttr("internal"), body=Region(block))


class ParallelForToLlvm(RewritePattern):
    """loop.parallel_for -> a struct on the stack, a trampoline, arignote_parallel_for."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: loop.ParallelForOp, rewriter: PatternRewriter) -> None:
        callee = op.callee.root_reference.data
        target = SymbolTable.lookup_symbol(op, op.callee)
        if not isinstance(target, xllvm.FuncOp) or any(
            memref_abi_problem(a.type) for a in op.args
        ):
            return
        if not declare_function(
            rewriter, op, PARALLEL_FOR, [_PTR, _PTR, i64, i64], xllvm.LLVMVoidType()
        ):
            return
        values = [v for a in op.args for v in unpack(rewriter, a)]
        n, grain = to_llvm(rewriter, op.n), to_llvm(rewriter, op.grain)
        ctx_type = xllvm.LLVMStructType.from_type_list([v.type for v in values] or [i64])
        packed = xllvm.UndefOp(ctx_type)
        rewriter.insert(packed)
        struct = packed.res
        for k, v in enumerate(values):
            insert = xllvm.InsertValueOp(_position(k), struct, v)
            rewriter.insert(insert)
            struct = insert.res
        alloca = xllvm.AllocaOp(i64_constant(rewriter, 1), ctx_type, alignment=8)
        rewriter.insert(alloca)
        ctx = alloca.res
        ctx.name_hint = "ctx"
        rewriter.insert(allvm.StoreOp(struct, ctx))
        name = f"{callee}__chunks"
        if SymbolTable.lookup_symbol(op, name) is None:
            rewriter.insert(_trampoline(name, callee, ctx_type), InsertPoint.after(target))
        # only the trampoline calls it: internal, LLVM inlines it there and emits it once
        target.linkage = xllvm.LinkageAttr("internal")
        fn = xllvm.AddressOfOp(name, _PTR)
        rewriter.insert(fn)
        rewriter.replace(op, xllvm.CallOp(PARALLEL_FOR, fn.result, ctx, n, grain))


def populate_loop_to_llvm_patterns() -> list[RewritePattern]:
    """The patterns of convert-loop-to-llvm."""
    return [RowToLlvm(), ParallelForToLlvm()]


def unsupported_reason(op: Operation) -> str:
    for v in (*op.operands, *op.results):
        if (p := memref_abi_problem(v.type)) is not None:
            return f"operand or result {p}"
    if isinstance(op, loop.ParallelForOp):
        name = op.callee.root_reference.data
        return f"calls @{name}, which is not an llvm.func (convert-func-to-llvm converts it)"
    return "is not supported in device code"


def check_loop_converted(module: Operation, pass_name: str = PASS) -> None:
    """Fail with a diagnostic if a loop op is left in device code."""
    check_device_code(module, pass_name, lambda o: o.dialect_name() == "loop", unsupported_reason)


@dataclass(frozen=True)
class ConvertLoopToLlvmPass(ModulePass):
    """loop.row -> llvm pointer arithmetic, loop.parallel_for -> the thread pool, in
    device code."""

    name = "convert-loop-to-llvm"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        apply_to_device_code(op, populate_loop_to_llvm_patterns())
        check_loop_converted(op)


__all__ = ["ConvertLoopToLlvmPass", "populate_loop_to_llvm_patterns", "check_loop_converted"]
