"""`cpu-kernel-outlining`: top-level loop nests of host functions -> CPU kernel functions.

Input invariant: loop-level IR (docs/internals.md, level 4): host functions (`func.func`
without the unit attribute `arignote.kernel`) whose bodies hold `scf.parallel` /
`scf.for` nests over memrefs next to straight-line host code.

Output IR (level 5a): each loop op whose parent block is a block of a host function's body
moves, with everything nested in it, into a new `func.func @<host>_kernel_<k>` that
carries the unit attribute `arignote.kernel`, returns nothing and is placed right after
its host function (after the host's earlier kernels); `k` counts from 0 per host function
and skips names already taken in the module.  The host calls the kernel in the loop's
place: `func.call @f_kernel_0(%x, %s, %o, %n) : (...) -> ()`.

The kernel's arguments are the values the nest uses but does not define, each SSA value
once, in order of first use: first the uses inside the loop's body (in walk order), then
the loop's own operands (bounds, steps, inits).  A use of an `arith.constant` of scalar
type is not passed: the constant is cloned at the top of the kernel.  Passable values are
memrefs with the identity layout (any memory space), `index`, integers and `f16`/`f32`/
`f64` (the kernel ABI of docs/internals.md).  Each kernel argument keeps the name hint of
the value it stands for.

Constants of the host that only the outlined nests used are erased from the host.
Kept as they are: straight-line host code (it is not outlined), functions that already
are kernels, declarations, and everything inside a `gpu.module`.

Diagnostics (`PassError`), all checked before anything is rewritten: a loop nest that
uses a value from outside which cannot be passed (a tensor, a memref with a non-identity
layout, ...), and a loop whose results are used by the host (a kernel returns nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xdsl.context import Context
from xdsl.dialects import arith, func, scf
from xdsl.dialects.builtin import (
    AffineMapAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    IndexType,
    IntegerType,
    MemRefType,
    ModuleOp,
    NoneAttr,
    StringAttr,
    UnitAttr,
)
from xdsl.ir import Attribute, Block, BlockArgument, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.rewriter import InsertPoint

from arignote.errors import PassError
from arignote.ir import diagnostic
from arignote.lowering.kernel_abi import KERNEL_ATTR

PASS_NAME = "cpu-kernel-outlining"


def is_passable(t: Attribute) -> bool:
    """Whether a value of type `t` can be a kernel argument (the kernel ABI's types)."""
    if isinstance(t, MemRefType):
        layout = t.layout
        return isinstance(layout, NoneAttr) or (
            isinstance(layout, AffineMapAttr)
            and layout.data.is_minor_identity()
            and layout.data.num_dims == len(layout.data.results)
        )
    return _is_scalar(t)


def _is_scalar(t: Attribute) -> bool:
    return isinstance(t, IndexType | IntegerType | Float16Type | Float32Type | Float64Type)


def is_host_function(op: Operation) -> bool:
    """A `func.func` with a body, not a kernel, not inside a `gpu.module`."""
    if not isinstance(op, func.FuncOp) or KERNEL_ATTR in op.attributes:
        return False
    if not op.body.blocks:
        return False
    parent = op.parent_op()
    while parent is not None:
        if parent.name == "gpu.module":
            return False
        parent = parent.parent_op()
    return True


def top_level_loops(host: func.FuncOp) -> list[Operation]:
    """The `scf.parallel`/`scf.for` ops directly in the blocks of a host's body."""
    return [
        op
        for block in host.body.blocks
        for op in block.ops
        if isinstance(op, scf.ParallelOp | scf.ForOp)
    ]


@dataclass
class KernelPlan:
    """What outlining one loop nest takes: its arguments and the constants to clone."""

    loop: Operation
    arguments: list[SSAValue] = field(default_factory=list)
    constants: list[arith.ConstantOp] = field(default_factory=list)


def plan_kernel(loop: Operation) -> KernelPlan:
    """The captured values of a loop nest; raises `PassError` when one cannot be passed."""
    if any(r.uses for r in loop.results):
        raise PassError(
            diagnostic(
                loop,
                PASS_NAME,
                "has results used by the host function; a CPU kernel returns nothing",
            )
        )
    defined: set[SSAValue] = set()
    ops = list(loop.walk())
    for op in ops:
        defined.update(op.results)
        for region in op.regions:
            for block in region.blocks:
                defined.update(block.args)
    plan = KernelPlan(loop)
    seen: set[SSAValue] = set()
    # uses inside the body first, then the loop's own operands
    for op in (*ops[1:], loop):
        for value in op.operands:
            if value in defined or value in seen:
                continue
            seen.add(value)
            owner = value.owner
            if isinstance(owner, arith.ConstantOp) and _is_scalar(value.type):
                plan.constants.append(owner)
            elif is_passable(value.type):
                plan.arguments.append(value)
            else:
                raise PassError(
                    diagnostic(
                        op,
                        PASS_NAME,
                        f"uses {_value_name(value)} of type {value.type} from outside the "
                        f"loop nest, which cannot be passed to a CPU kernel (memrefs with "
                        f"the identity layout, index, integers and f16/f32/f64 only)",
                    )
                )
    return plan


def _value_name(value: SSAValue) -> str:
    if value.name_hint:
        return f"%{value.name_hint}"
    if isinstance(value, BlockArgument):
        return f"block argument #{value.index}"
    return f"a result of '{value.owner.name}'"


def taken_symbols(op: Operation) -> set[str]:
    """The symbol names defined anywhere in the module that holds `op`."""
    root = op
    while (parent := root.parent_op()) is not None:
        root = parent
    names: set[str] = set()
    for inner in root.walk():
        sym = inner.properties.get("sym_name") or inner.attributes.get("sym_name")
        if isinstance(sym, StringAttr):
            names.add(sym.data)
    return names


class OutlineLoopNestsIntoKernels(RewritePattern):
    """host func with top-level loop nests -> host calling `@<host>_kernel_<k>` kernels."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: func.FuncOp, rewriter: PatternRewriter) -> None:
        if not is_host_function(op):
            return
        loops = top_level_loops(op)
        if not loops:
            return
        plans = [plan_kernel(loop) for loop in loops]
        taken = taken_symbols(op)
        host_name = op.sym_name.data
        k = 0
        after: Operation = op
        for plan in plans:
            while f"{host_name}_kernel_{k}" in taken:
                k += 1
            name = f"{host_name}_kernel_{k}"
            taken.add(name)
            kernel = self._outline(plan, name, rewriter)
            rewriter.insert(kernel, InsertPoint.after(after))
            after = kernel
            k += 1
        # constants that only the outlined nests used are dead in the host now
        for const in dict.fromkeys(c for plan in plans for c in plan.constants):
            if not const.result.uses:
                rewriter.erase(const)

    @staticmethod
    def _outline(plan: KernelPlan, name: str, rewriter: PatternRewriter) -> func.FuncOp:
        types = [v.type for v in plan.arguments]
        block = Block(arg_types=types)
        mapper: dict[SSAValue, SSAValue] = {}
        for value, arg in zip(plan.arguments, block.args, strict=True):
            arg.name_hint = value.name_hint
            mapper[value] = arg
        for const in plan.constants:
            clone = const.clone()
            block.add_op(clone)
            mapper[const.result] = clone.result
        block.add_op(plan.loop.clone(value_mapper=mapper))
        block.add_op(func.ReturnOp())
        kernel = func.FuncOp(name, (types, []), Region(block))
        kernel.attributes[KERNEL_ATTR] = UnitAttr()
        call = func.CallOp(name, plan.arguments, [])
        rewriter.insert(call, InsertPoint.before(plan.loop))
        rewriter.erase(plan.loop)
        return kernel


class CpuKernelOutliningPass(ModulePass):
    """Move each top-level loop nest of a host function into an `arignote.kernel` func."""

    name = PASS_NAME

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        # check every nest first, so that a diagnostic leaves the module untouched
        for inner in op.walk():
            if is_host_function(inner):
                assert isinstance(inner, func.FuncOp)
                for loop in top_level_loops(inner):
                    plan_kernel(loop)
        walker = PatternRewriteWalker(OutlineLoopNestsIntoKernels(), apply_recursively=False)
        walker.rewrite_module(op)
