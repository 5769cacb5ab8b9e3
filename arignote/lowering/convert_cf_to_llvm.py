"""convert-cf-to-llvm: branches in device code become `llvm.br` / `llvm.cond_br`.

Input: device code (bodies of `gpu.module`s, `arignote.kernel` functions, top-level
`llvm.func`s) with `cf.br` / `cf.cond_br` (as convert-kernel-scf-to-cf makes them).  Host
functions are left alone (their `cf.assert`s are run by the host runtime).

Output: `llvm.br` / `llvm.cond_br` with the same successors.  The successor blocks get LLVM
argument types (`index` -> `i64`); inside a block the old value is recovered with a 1:1
`builtin.unrealized_conversion_cast` until its users are converted, and branch operands
that are not yet LLVM values are cast (see `llvm_abi`).

`cf.assert` (device code cannot report to the host), `cf.switch` and block arguments of
memref type fail with a diagnostic naming the op.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import cf
from xdsl.dialects import llvm as xllvm
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Attribute, Block, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern, op_type_rewrite_pattern
from xdsl.rewriter import InsertPoint

from arignote.opbuild import conversion_cast
from arignote.lowering.kernel_abi import memref_abi_problem
from arignote.lowering.llvm_abi import (
    apply_to_device_code,
    check_device_code,
    llvm_types_for,
    to_llvm,
)

PASS = "convert-cf-to-llvm"


def _is_memref_safe(t: Attribute) -> bool:
    return memref_abi_problem(t) is None


def block_needs_conversion(block: Block) -> bool:
    """A block with an argument whose type is not an LLVM type yet."""
    return any(_is_memref_safe(a.type) and llvm_types_for(a.type) != [a.type] for a in block.args)


def convertible_block(block: Block) -> bool:
    """Every argument of `block` converts 1:1 (memref block arguments do not)."""
    return all(_is_memref_safe(a.type) and len(llvm_types_for(a.type)) == 1 for a in block.args)


def convert_block_signature(rewriter: PatternRewriter, block: Block) -> None:
    """Give `block` LLVM argument types; old uses go through 1:1 casts at the block start."""
    for index, old in enumerate(list(block.args)):
        (new_type,) = llvm_types_for(old.type)
        if new_type == old.type:
            continue
        new = rewriter.insert_block_argument(block, index, new_type)
        new.name_hint = old.name_hint
        cast = conversion_cast([new], [old.type])
        cast.results[0].name_hint = old.name_hint
        rewriter.insert(cast, InsertPoint.at_start(block))
        rewriter.replace_all_uses_with(old, cast.results[0])
        rewriter.erase_block_argument(old)


def _operands(rewriter: PatternRewriter, values: list[SSAValue]) -> list[SSAValue]:
    return [to_llvm(rewriter, v) for v in values]


def _prepare(rewriter: PatternRewriter, blocks: list[Block]) -> bool:
    if not all(convertible_block(b) for b in blocks):
        return False
    for b in blocks:
        if block_needs_conversion(b):
            convert_block_signature(rewriter, b)
    return True


class BranchToLlvm(RewritePattern):
    """cf.br ^bb(%v...) -> llvm.br ^bb(%v...) with LLVM block argument types."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: cf.BranchOp, rewriter: PatternRewriter) -> None:
        if not _prepare(rewriter, [op.successor]):
            return
        new = xllvm.BrOp(op.successor, *_operands(rewriter, list(op.arguments)))
        rewriter.replace(op, [new], [])


class CondBranchToLlvm(RewritePattern):
    """cf.cond_br %c, ^a(...), ^b(...) -> llvm.cond_br %c, ^a(...), ^b(...)."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: cf.ConditionalBranchOp, rewriter: PatternRewriter) -> None:
        if not _prepare(rewriter, [op.then_block, op.else_block]):
            return
        new = xllvm.CondBrOp(
            op.cond,
            op.then_block,
            _operands(rewriter, list(op.then_arguments)),
            op.else_block,
            _operands(rewriter, list(op.else_arguments)),
        )
        rewriter.replace(op, [new], [])


def populate_cf_to_llvm_patterns() -> list[RewritePattern]:
    """The patterns of convert-cf-to-llvm."""
    return [BranchToLlvm(), CondBranchToLlvm()]


def unsupported_reason(op: Operation) -> str:
    """Why a cf op was left in device code."""
    if isinstance(op, cf.AssertOp):
        return (
            "in device code is not supported "
            "(a kernel cannot report to the host; check in the host function)"
        )
    for succ in op.successors:
        if not convertible_block(succ):
            bad = next(
                a
                for a in succ.args
                if not (_is_memref_safe(a.type) and len(llvm_types_for(a.type)) == 1)
            )
            return (
                f"branches to a block with an argument of type {bad.type}, "
                "which has no single LLVM type"
            )
    return "is not supported in device code"


def check_cf_converted(module: Operation, pass_name: str = PASS) -> None:
    """Fail with a diagnostic if a cf op is left in device code."""
    check_device_code(module, pass_name, lambda o: o.dialect_name() == "cf", unsupported_reason)


@dataclass(frozen=True)
class ConvertCfToLlvmPass(ModulePass):
    """cf.br/cond_br -> llvm.br/cond_br in device code."""

    name = "convert-cf-to-llvm"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        apply_to_device_code(op, populate_cf_to_llvm_patterns())
        check_cf_converted(op)
