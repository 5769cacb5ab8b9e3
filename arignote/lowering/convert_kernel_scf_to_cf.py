"""convert-kernel-scf-to-cf: structured control flow in device code becomes blocks and branches.

Input: device code (bodies of `gpu.module`s, `arignote.kernel` functions, top-level
`llvm.func`s) with `scf.parallel`, `scf.for`, `scf.if`, `scf.while` (and their
`scf.yield` / `scf.reduce` / `scf.condition` terminators).  Host functions are left alone
(xDSL's `convert-scf-to-cf`, which converts every function its own way, keeps its name
and behaviour in arignote-opt; this pass had that name until 2026-12).

Output: `cf.br` / `cf.cond_br` between blocks with block arguments, so the LLVM IR has
the phis of canonical loops that LLVM's loop vectoriser accepts:

    scf.parallel (%i, %j) = (lb) to (ub) step (s) init(%x) {... scf.reduce(%v) {...}}
        -> scf.for %i { scf.for %j iter_args(%acc = ...) {...; <reduce region>; scf.yield} }
    scf.for %iv = %lb to %ub step %s iter_args(%a = %init)
        -> ^pre: cf.br ^cond(%lb, %init)
           ^cond(%iv, %a): %c = arith.cmpi slt, %iv, %ub ; cf.cond_br %c, ^body, ^end
           ^body: ... ; %next = arith.addi %iv, %s overflow<nsw> ; cf.br ^cond(%next, %yielded)
           ^end: (the loop's results are ^cond's arguments)
    scf.if %c -> cf.cond_br %c, ^then, ^else ; both branch to ^cont(%results)
    scf.while -> ^before(%args) ... cf.cond_br %c, ^after(%vals), ^cont(%vals);
                 ^after ... cf.br ^before

The new `arith.cmpi`/`arith.addi` are converted by convert-arith-to-llvm.  Any other scf op
in device code (`scf.execute_region`, `scf.index_switch`, `scf.forall`) fails with a
diagnostic naming the op.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, cf, scf
from xdsl.dialects.builtin import IndexType, ModuleOp
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern, op_type_rewrite_pattern
from xdsl.rewriter import BlockInsertPoint, InsertPoint, Rewriter

from arignote.lowering.llvm_abi import apply_to_device_code, check_device_code

PASS = "convert-kernel-scf-to-cf"


class ParallelToNestedFor(RewritePattern):
    """scf.parallel over n dims -> n nested scf.for (reductions become iter_args)."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: scf.ParallelOp, rewriter: PatternRewriter) -> None:
        body = op.body.block
        reduce_op = body.last_op
        if not isinstance(reduce_op, scf.ReduceOp):
            return
        inits: list[SSAValue] = list(op.initVals)
        loops: list[scf.ForOp] = []
        carried: list[SSAValue] = inits
        ivs: list[SSAValue] = []
        point = InsertPoint.before(op)
        for lb, ub, step in zip(op.lowerBound, op.upperBound, op.step):
            blk = Block(arg_types=[IndexType(), *(v.type for v in inits)])
            loop = scf.ForOp(lb, ub, step, carried, Region(blk))
            rewriter.insert(loop, point)
            loops.append(loop)
            ivs.append(blk.args[0])
            carried = list(blk.args[1:])
            point = InsertPoint.at_end(blk)
        # the body goes where the innermost loop's body is (or in place for zero dims)
        rewriter.inline_block(body, point, ivs)
        combined: list[SSAValue] = []
        for acc, value, region in zip(carried, reduce_op.args, reduce_op.reductions):
            rblock = region.block
            ret = rblock.last_op
            assert isinstance(ret, scf.ReduceReturnOp)
            result = ret.result
            rewriter.inline_block(rblock, InsertPoint.before(reduce_op), [acc, value])
            rewriter.erase(ret)
            combined.append(result)
        if loops:
            rewriter.replace(reduce_op, scf.YieldOp(*combined), [])
            for outer, inner in zip(loops[:-1], loops[1:]):
                rewriter.insert(scf.YieldOp(*inner.results), InsertPoint.at_end(outer.body.block))
            rewriter.replace(op, [], list(loops[0].results))
        else:
            rewriter.erase(reduce_op)
            rewriter.replace(op, [], combined)


class ForToCf(RewritePattern):
    """scf.for -> a condition block (phis of iv and iter_args), the body, and a back edge."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: scf.ForOp, rewriter: PatternRewriter) -> None:
        init_block = op.parent_block()
        if init_block is None:
            return
        end_block = init_block.split_before(op)
        cond_block = Block(arg_types=[op.lb.type, *(v.type for v in op.iter_args)])
        Rewriter.insert_block(cond_block, BlockInsertPoint.before(end_block))
        body_first = op.body.first_block
        body_last = op.body.last_block
        assert body_first is not None and body_last is not None
        for barg, carg in zip(list(body_first.args), cond_block.args):
            rewriter.replace_all_uses_with(barg, carg)
        for barg in reversed(list(body_first.args)):
            rewriter.erase_block_argument(barg)
        yield_op = body_last.last_op
        assert isinstance(yield_op, scf.YieldOp)
        rewriter.inline_region(op.body, BlockInsertPoint.before(end_block))

        iv = cond_block.args[0]
        nsw = arith.IntegerOverflowAttr((arith.IntegerOverflowFlag.NSW,))
        stepped = arith.AddiOp(iv, op.step, overflow=nsw)
        rewriter.insert(stepped, InsertPoint.before(yield_op))
        rewriter.replace(yield_op, cf.BranchOp(cond_block, stepped.result, *yield_op.operands), [])

        rewriter.insert(
            cf.BranchOp(cond_block, op.lb, *op.iter_args), InsertPoint.at_end(init_block)
        )
        cmp = arith.CmpiOp(iv, op.ub, "slt")
        rewriter.insert(cmp, InsertPoint.at_end(cond_block))
        rewriter.insert(
            cf.ConditionalBranchOp(cmp.result, body_first, (), end_block, ()),
            InsertPoint.at_end(cond_block),
        )
        rewriter.replace(op, [], list(cond_block.args[1:]))


def _inline_with_branch(
    rewriter: PatternRewriter, region: Region, dest: Block, before: Block
) -> Block:
    """Move `region`'s blocks before `before`; its scf.yield becomes `cf.br dest(values)`."""
    first = region.first_block
    last = region.last_block
    assert first is not None and last is not None
    term = last.last_op
    assert isinstance(term, scf.YieldOp)
    rewriter.replace(term, cf.BranchOp(dest, *term.operands), [])
    rewriter.inline_region(region, BlockInsertPoint.before(before))
    return first


class IfToCf(RewritePattern):
    """scf.if %c -> cf.cond_br %c, ^then, ^else; both branch to ^cont(results)."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: scf.IfOp, rewriter: PatternRewriter) -> None:
        cond_block = op.parent_block()
        if cond_block is None:
            return
        cont = cond_block.split_before(op, arg_types=op.result_types)
        then_first = _inline_with_branch(rewriter, op.true_region, cont, cont)
        if op.false_region.blocks:
            else_first = _inline_with_branch(rewriter, op.false_region, cont, cont)
        else:
            else_first = cont
        rewriter.insert(
            cf.ConditionalBranchOp(op.cond, then_first, (), else_first, ()),
            InsertPoint.at_end(cond_block),
        )
        rewriter.replace(op, [], list(cont.args))


class WhileToCf(RewritePattern):
    """scf.while -> ^before: cf.cond_br %c, ^after(vals), ^cont(vals); ^after: cf.br ^before."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: scf.WhileOp, rewriter: PatternRewriter) -> None:
        init_block = op.parent_block()
        if init_block is None:
            return
        before_first = op.before_region.first_block
        before_last = op.before_region.last_block
        after_first = op.after_region.first_block
        after_last = op.after_region.last_block
        if None in (before_first, before_last, after_first, after_last):
            return
        assert before_first and before_last and after_first and after_last
        cond_op = before_last.last_op
        yield_op = after_last.last_op
        if not isinstance(cond_op, scf.ConditionOp) or not isinstance(yield_op, scf.YieldOp):
            return
        cont = init_block.split_before(op, arg_types=op.result_types)
        rewriter.replace(
            cond_op,
            cf.ConditionalBranchOp(
                cond_op.condition, after_first, cond_op.args, cont, cond_op.args
            ),
            [],
        )
        rewriter.replace(yield_op, cf.BranchOp(before_first, *yield_op.operands), [])
        rewriter.inline_region(op.before_region, BlockInsertPoint.before(cont))
        rewriter.inline_region(op.after_region, BlockInsertPoint.before(cont))
        rewriter.insert(cf.BranchOp(before_first, *op.arguments), InsertPoint.at_end(init_block))
        rewriter.replace(op, [], list(cont.args))


def populate_scf_to_cf_patterns() -> list[RewritePattern]:
    """The patterns of convert-kernel-scf-to-cf."""
    return [ParallelToNestedFor(), ForToCf(), IfToCf(), WhileToCf()]


def unsupported_reason(op: Operation) -> str:
    """Why an scf op was left in device code."""
    return "is not supported in device code (convertible: scf.parallel, scf.for, scf.if, scf.while)"


def _leftover(op: Operation) -> bool:
    # terminators go with their parents; report the parent op instead
    if isinstance(op, scf.YieldOp | scf.ReduceOp | scf.ReduceReturnOp | scf.ConditionOp):
        return False
    return op.dialect_name() == "scf"


def check_scf_converted(module: Operation, pass_name: str = PASS) -> None:
    """Fail with a diagnostic if an scf op is left in device code."""
    check_device_code(module, pass_name, _leftover, unsupported_reason)


@dataclass(frozen=True)
class ConvertKernelScfToCfPass(ModulePass):
    """scf.parallel/for/if/while -> cf branches in device code."""

    name = "convert-kernel-scf-to-cf"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        apply_to_device_code(op, populate_scf_to_cf_patterns())
        check_scf_converted(op)
