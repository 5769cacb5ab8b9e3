"""`gpu-kernel-outlining`: move each `gpu.launch` body into a `gpu.func` kernel.

Input: host functions (`func.func` directly in the top-level module) containing
`gpu.launch` ops, as `convert-parallel-loops-to-gpu` makes them; a launch body may use
any host value.

Output:

* per host function `@f` with launches, one `gpu.module @f_kernels` placed right after
  it (an existing `gpu.module` of that name is reused); the top-level module gets the
  unit attribute `gpu.container_module`;
* per launch, in order, `gpu.func @f_kernel_<k>(...) kernel` in that module (`k` counts
  from 0, skipping names already taken), holding the launch body: the launch's block
  arguments become `gpu.block_id`/`gpu.thread_id`/`gpu.grid_dim`/`gpu.block_dim` ops
  (only those used), `gpu.terminator` becomes `gpu.return`, and
  `known_block_size = array<i32: bx, by, bz>` is recorded when the launch's block
  sizes are constants;
* the values the body uses from the host become the kernel's arguments, in order of
  first use, each SSA value once (memrefs, `index`, integers and floats).  Constants,
  and index computations made only of constants (`arith` ops, as upstream's
  `gpu-launch-sink-index-computations` sinks them), are cloned into the kernel instead;
* the launch becomes `gpu.launch_func @f_kernels::@f_kernel_<k> blocks in (...) threads
  in (...) args(...)` with the same grid and block values (they stay host values), the
  captured values as operands, and the launch's async dependencies, cluster size and
  dynamic shared memory size, if any.

Everything else is kept.  Diagnostics: a launch that is not in a `func.func` of the
top-level module, a launch body that uses a host value of a type a kernel cannot take.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xdsl.context import Context
from xdsl.dialects import func, gpu
from xdsl.dialects.builtin import (
    AnyFloat,
    DenseArrayBase,
    IndexType,
    IntegerType,
    MemRefType,
    ModuleOp,
    StringAttr,
    SymbolRefAttr,
    UnitAttr,
    i32,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.rewriter import InsertPoint
from xdsl.traits import Pure

from arignote.dialects import gpu as agpu
from arignote.errors import PassError
from arignote.ir import diagnostic
from arignote.lowering.convert_parallel_loops_to_gpu import static_index

PASS_NAME = "gpu-kernel-outlining"
CONTAINER_MODULE_ATTR = "gpu.container_module"
KNOWN_BLOCK_SIZE_ATTR = "known_block_size"

#: what each of the 12 block arguments of a gpu.launch body becomes (upstream's order)
_ID_OPS: tuple[tuple[type[Operation], gpu.DimensionEnum], ...] = tuple(
    (op_type, dim)
    for op_type in (agpu.BlockIdOp, agpu.ThreadIdOp, agpu.GridDimOp, agpu.BlockDimOp)
    for dim in (gpu.DimensionEnum.X, gpu.DimensionEnum.Y, gpu.DimensionEnum.Z)
)


def _fail(op: Operation, message: str) -> PassError:
    return PassError(diagnostic(op, PASS_NAME, message))


def is_kernel_argument_type(t: Attribute) -> bool:
    """Types a kernel may take (internals.md §6, the kernel ABI)."""
    return isinstance(t, MemRefType | IndexType | IntegerType | AnyFloat)


@dataclass
class Captures:
    """Host values a launch body uses: the ones passed as arguments and the ones cloned in."""

    arguments: list[SSAValue] = field(default_factory=list[SSAValue])
    #: ops cloned into the kernel, in an order where operands come first
    sunk: list[Operation] = field(default_factory=list[Operation])


def _sinkable(value: SSAValue, memo: dict[SSAValue, bool]) -> bool:
    """Whether `value` is a constant or a pure arith computation of constants only."""
    if value in memo:
        return memo[value]
    owner = value.owner
    ok = (
        isinstance(owner, Operation)
        and owner.dialect_name() == "arith"
        and not owner.regions
        and owner.has_trait(Pure)
        and all(is_kernel_argument_type(t) and not isinstance(t, MemRefType)
                for t in owner.result_types)
    )
    if ok:
        assert isinstance(owner, Operation)
        ok = all(_sinkable(v, memo) for v in owner.operands)
    memo[value] = ok
    return ok


def _add_sunk(op: Operation, captures: Captures, seen: set[Operation]) -> None:
    if op in seen:
        return
    for operand in op.operands:
        assert isinstance(operand.owner, Operation)
        _add_sunk(operand.owner, captures, seen)
    seen.add(op)
    captures.sunk.append(op)


def collect_captures(launch: gpu.LaunchOp) -> Captures:
    """The host values `launch`'s body uses, in order of first use, each once."""
    captures = Captures()
    memo: dict[SSAValue, bool] = {}
    seen_args: set[SSAValue] = set()
    seen_sunk: set[Operation] = set()
    for op in launch.body.walk():
        for value in op.operands:
            owner = value.owner
            if launch.body.is_ancestor(owner):
                continue
            if _sinkable(value, memo):
                assert isinstance(owner, Operation)
                _add_sunk(owner, captures, seen_sunk)
                continue
            if value in seen_args:
                continue
            if not is_kernel_argument_type(value.type):
                name = f"%{value.name_hint}" if value.name_hint else "a value"
                raise _fail(launch, f"body uses {name} of type {value.type} from the host; "
                                    "a kernel takes only memrefs, index, integers and "
                                    "floats")
            seen_args.add(value)
            captures.arguments.append(value)
    return captures


def host_function(launch: gpu.LaunchOp, top: ModuleOp) -> func.FuncOp:
    """The `func.func` of the top-level module that holds `launch` (or a diagnostic)."""
    parent = launch.parent_op()
    while parent is not None and not isinstance(parent, func.FuncOp):
        parent = parent.parent_op()
    if parent is None or parent.parent_op() is not top:
        raise _fail(launch, "is not inside a func.func of the top-level module; only "
                            "launches in host functions can be outlined")
    return parent


@dataclass
class OutlineLaunchIntoKernel(RewritePattern):
    """gpu.launch {body} -> gpu.launch_func @f_kernels::@f_kernel_k + gpu.func kernel."""

    top: ModuleOp
    modules: dict[str, gpu.ModuleOp] = field(default_factory=dict[str, gpu.ModuleOp])

    def kernel_module(self, host: func.FuncOp, rewriter: PatternRewriter) -> gpu.ModuleOp:
        name = f"{host.sym_name.data}_kernels"
        if name in self.modules:
            return self.modules[name]
        for op in self.top.ops:
            if isinstance(op, gpu.ModuleOp) and op.sym_name.data == name:
                self.modules[name] = op
                return op
        module = gpu.ModuleOp(StringAttr(name), Region(Block()))  # type: ignore[arg-type]
        rewriter.insert(module, InsertPoint.after(host))
        self.modules[name] = module
        return module

    @op_type_rewrite_pattern
    def match_and_rewrite(self, launch: gpu.LaunchOp, rewriter: PatternRewriter, /) -> None:
        host = host_function(launch, self.top)
        captures = collect_captures(launch)
        module = self.kernel_module(host, rewriter)
        taken = {op.sym_name.data for op in module.body.block.ops
                 if isinstance(op, gpu.FuncOp)}
        k = 0
        while f"{host.sym_name.data}_kernel_{k}" in taken:
            k += 1
        kernel_name = f"{host.sym_name.data}_kernel_{k}"

        body = rewriter.move_region_contents_to_new_regions(launch.body)
        entry = body.blocks[0]
        in_kernel = body.is_ancestor

        # captured host values -> kernel arguments
        id_args = list(entry.args)
        for value in captures.arguments:
            arg = rewriter.insert_block_argument(entry, len(entry.args), value.type)
            arg.name_hint = value.name_hint
            rewriter.replace_uses_with_if(value, arg, lambda use: in_kernel(use.operation))

        # constants and index computations of constants -> cloned in
        prologue: list[Operation] = []
        mapping: dict[SSAValue, SSAValue] = {}
        for op in captures.sunk:
            clone = op.clone(value_mapper=mapping)
            prologue.append(clone)
            for old, new in zip(op.results, clone.results, strict=True):
                mapping[old] = new
        # launch block arguments -> gpu.block_id / thread_id / grid_dim / block_dim
        for arg, (op_type, dim) in zip(id_args, _ID_OPS, strict=True):
            if arg.uses:
                id_op = op_type(dim)  # type: ignore[call-arg]
                id_op.results[0].name_hint = arg.name_hint
                prologue.append(id_op)
                rewriter.replace_all_uses_with(arg, id_op.results[0])
        rewriter.insert(prologue, InsertPoint.at_start(entry))
        for old, new in mapping.items():
            rewriter.replace_uses_with_if(old, new, lambda use: in_kernel(use.operation))
        for arg in id_args:
            rewriter.erase_block_argument(arg)
        for block in body.blocks:
            term = block.last_op
            if isinstance(term, gpu.TerminatorOp):
                rewriter.replace(term, gpu.ReturnOp([]), [])

        kernel = gpu.FuncOp(
            kernel_name, ([v.type for v in captures.arguments], []), body, kernel=True
        )
        block_size = [static_index(v) for v in
                      (launch.blockSizeX, launch.blockSizeY, launch.blockSizeZ)]
        if all(b is not None for b in block_size):
            kernel.attributes[KNOWN_BLOCK_SIZE_ATTR] = DenseArrayBase.from_list(
                i32, block_size  # type: ignore[arg-type]
            )
        rewriter.insert(kernel, InsertPoint.at_end(module.body.block))

        cluster = [launch.clusterSizeX, launch.clusterSizeY, launch.clusterSizeZ]
        launch_func = gpu.LaunchFuncOp(
            SymbolRefAttr(module.sym_name, [StringAttr(kernel_name)]),
            [launch.gridSizeX, launch.gridSizeY, launch.gridSizeZ],
            [launch.blockSizeX, launch.blockSizeY, launch.blockSizeZ],
            None if any(c is None for c in cluster) else cluster,  # type: ignore[arg-type]
            captures.arguments,
            async_launch=launch.asyncToken is not None,
            asyncDependencies=launch.asyncDependencies,
            dynamicSharedMemorySize=launch.dynamicSharedMemorySize,
        )
        rewriter.replace(launch, launch_func, launch_func.results)
        self.top.attributes[CONTAINER_MODULE_ATTR] = UnitAttr()
        rewriter.notify_op_modified(self.top)


@dataclass(frozen=True)
class GpuKernelOutliningPass(ModulePass):
    """Outline every gpu.launch of the host functions into a gpu.func kernel."""

    name = "gpu-kernel-outlining"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(
            OutlineLaunchIntoKernel(op), apply_recursively=False
        ).rewrite_module(op)
