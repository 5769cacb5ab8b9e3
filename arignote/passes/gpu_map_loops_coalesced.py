"""`gpu-map-loops-coalesced{block-size=256}`: say which GPU processor runs each loop dim.

Input: host functions whose parallel work is `scf.parallel` loops (internals.md level 4;
any lower bound and step).  Output: the same IR with a `mapping` attribute on every
`scf.parallel` that had none, one `#gpu.loop_dim_map<processor = P, map = (d0) -> (d0),
bound = (d0) -> (d0)>` per loop dim (upstream's `LoopDimMapAttr`):

* a top-level loop (not nested in another `scf.parallel`) maps its innermost (last) dim
  to `thread_x`, the dim before it to `block_y`, the one before that to `block_z`, and
  every remaining outer dim to `sequential`.  `convert-parallel-loops-to-gpu` runs the
  `thread_x` dim on a 1-D block of `block-size` threads with blocks along x for the rest
  of it, so consecutive threads of a warp touch consecutive elements of a row-major
  buffer: the accesses coalesce.  (xDSL's `gpu-map-parallel-loops`, which arignote-opt
  keeps under its name, maps the innermost dim to a block id and upstream's default maps
  the outermost dim to x; both spread a warp across rows.)
* a loop nested in another `scf.parallel` maps every dim to `sequential`: it becomes a
  loop inside the kernel of its enclosing loop.

Kept: loops that already have a `mapping` (not rewritten, whatever they map to), and
loops inside device code (`gpu.launch` bodies and `gpu.module`s).  Nothing else changes.

Option `block-size` is the threads per block of the later `convert-parallel-loops-to-gpu`
(pipelines pass the same value to both).  The mapping itself does not depend on it; it
is checked here (a positive multiple of 32, at most 1024) so that a bad value fails at
the first GPU pass rather than after mapping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from xdsl.context import Context
from xdsl.dialects import func, gpu, scf
from xdsl.dialects.builtin import AffineMapAttr, ArrayAttr, LocationAttr, ModuleOp
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.ir.affine import AffineMap
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)

from xdsl.rewriter import Rewriter

from arignote.errors import PassError

T = TypeVar("T", bound=Operation)

MAPPING_ATTR = "mapping"
MAX_THREADS_PER_BLOCK = 1024
WARP_SIZE = 32

#: processors of the top-level loop dims, innermost dim first
_TOP_LEVEL_PROCESSORS = (
    gpu.ProcessorEnum.Thread_X,
    gpu.ProcessorEnum.Block_Y,
    gpu.ProcessorEnum.Block_Z,
)


def loop_dim_map(processor: gpu.ProcessorEnum) -> gpu.LoopDimMapAttr:
    """`#gpu.loop_dim_map<processor = P, map = (d0) -> (d0), bound = (d0) -> (d0)>`."""
    identity = AffineMapAttr(AffineMap.identity(1))
    return gpu.LoopDimMapAttr(gpu.ProcessorAttr(processor), identity, identity)


def top_level_processors(rank: int) -> list[gpu.ProcessorEnum]:
    """Processors of the dims of a top-level loop of `rank` dims, in dim order."""
    innermost_first = [
        _TOP_LEVEL_PROCESSORS[k] if k < len(_TOP_LEVEL_PROCESSORS)
        else gpu.ProcessorEnum.Sequential
        for k in range(rank)
    ]
    return innermost_first[::-1]


def is_device_code(op: Operation) -> bool:
    """Whether `op` sits inside a `gpu.launch` body or a `gpu.module`."""
    parent = op.parent_op()
    while parent is not None:
        if isinstance(parent, gpu.LaunchOp | gpu.ModuleOp):
            return True
        parent = parent.parent_op()
    return False


def host_loops(module: ModuleOp, kind: type[T]) -> list[T]:
    """The top-level ops of type `kind` (loops) in the functions of `module` that are not
    kernels (`arignote.kernel`): what the GPU loop passes rewrite into kernels."""
    out: list[T] = []
    for f in module.walk():
        if isinstance(f, func.FuncOp) and "arignote.kernel" not in f.attributes:
            for block in f.body.blocks:
                out += [o for o in block.ops if isinstance(o, kind)]
    return out


def replace_with_launch(
    loop: Operation, entry: Block, grid: Sequence[SSAValue], threads: Sequence[SSAValue],
    location: LocationAttr,
) -> None:  # fmt: skip
    """Replace `loop` by `gpu.launch blocks(grid) threads(threads)` whose body is `entry`
    (its ops located at `location`, the launch at the loop's)."""
    for o in entry.walk():
        o.location = location
    launch = gpu.LaunchOp(Region(entry), list(grid), list(threads))
    launch.location = loop.location
    Rewriter.replace_op(loop, launch)


def enclosing_parallel(op: Operation) -> scf.ParallelOp | None:
    """The closest `scf.parallel` around `op`, if any."""
    parent = op.parent_op()
    while parent is not None:
        if isinstance(parent, scf.ParallelOp):
            return parent
        parent = parent.parent_op()
    return None


class MapParallelLoopToProcessors(RewritePattern):
    """scf.parallel without mapping -> scf.parallel {mapping = [innermost -> thread_x, ...]}."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: scf.ParallelOp, rewriter: PatternRewriter, /) -> None:
        if MAPPING_ATTR in op.attributes or is_device_code(op):
            return
        rank = len(op.lowerBound)
        if enclosing_parallel(op) is None:
            processors = top_level_processors(rank)
        else:
            processors = [gpu.ProcessorEnum.Sequential] * rank
        op.attributes[MAPPING_ATTR] = ArrayAttr([loop_dim_map(p) for p in processors])
        rewriter.notify_op_modified(op)


def check_block_size(block_size: int, pass_name: str) -> None:
    """Refuse a block size the hardware cannot launch or that splits a warp."""
    if block_size <= 0 or block_size % WARP_SIZE or block_size > MAX_THREADS_PER_BLOCK:
        raise PassError(
            f"error: {pass_name}: block-size={block_size} must be a positive multiple of "
            f"{WARP_SIZE} of at most {MAX_THREADS_PER_BLOCK}"
        )


@dataclass(frozen=True)
class GpuMapLoopsCoalescedPass(ModulePass):
    """Map the innermost dim of each top-level scf.parallel to thread_x, then block_y/z."""

    name = "gpu-map-loops-coalesced"

    block_size: int = 256

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        check_block_size(self.block_size, self.name)
        PatternRewriteWalker(
            MapParallelLoopToProcessors(), apply_recursively=False
        ).rewrite_module(op)
