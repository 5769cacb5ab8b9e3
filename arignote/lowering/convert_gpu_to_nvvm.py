"""`convert-gpu-to-nvvm{index-bitwidth=64}`: the gpu ops of every `gpu.module` -> nvvm/llvm.

Input: a module whose `gpu.module`s hold `gpu.func ... kernel` functions (as
`gpu-kernel-outlining` makes them) using `gpu.thread_id/block_id/block_dim/grid_dim`,
`gpu.barrier` and `gpu.return`, the rest of their bodies being ordinary
arith/math/scf/memref/func ops.  Kernel arguments are memrefs with the identity layout,
`index`, integers and floats.

Output, inside every `gpu.module` (the module, the host functions and the host's
`gpu.launch_func` stay as they are):

* `gpu.func @k(%a0: T0, ...) kernel` -> `llvm.func @k(...)` (external linkage, void) with
  the kernel ABI of internals.md §6, computed by `arignote.lowering.llvm_abi`: a memref
  becomes its element pointer (`!llvm.ptr`, `!llvm.ptr<1>` for memory space 1) then one
  `i64` per dynamic dim, `index` becomes `i64`, scalars stay.  The unit attribute
  `nvvm.kernel` marks it, and `nvvm.maxntid = array<i32: bx, by, bz>` repeats the
  function's `known_block_size` (or xDSL's `gpu.known_block_size`) when it has one.  The
  body keeps using the original values: they are rebuilt at entry by
  `builtin.unrealized_conversion_cast` (`llvm_abi.pack`: `%x = ... %p, %d0 : !llvm.ptr<1>,
  i64 to memref<?xf32, 1 : i64>`, `%n = ... %i : i64 to index`);
* `gpu.thread_id/block_dim/block_id/grid_dim {x,y,z}` ->
  `nvvm.read.ptx.sreg.{tid,ntid,ctaid,nctaid}.{x,y,z} : i32`, widened by `llvm.zext nneg`
  to `i64` and cast back to `index` for the not yet converted users;
* `gpu.barrier` -> `nvvm.barrier0`; `gpu.return` -> `llvm.return`.

Body ops that are not gpu ops are kept (`convert-to-llvm{target=nvptx}` converts them next,
folding the casts through `llvm_abi.unpack`).  Diagnostics, before anything is rewritten:
a `gpu.func` that is not a kernel, a kernel argument outside the ABI, any other gpu op in
a `gpu.module`, an `index-bitwidth` other than 64.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import gpu, llvm
from xdsl.dialects.builtin import (
    DenseArrayBase,
    IndexType,
    ModuleOp,
    UnitAttr,
    i32,
    i64,
)
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.rewriter import InsertPoint

from arignote.dialects import nvvm
from arignote.errors import PassError
from arignote.ir import diagnostic
from arignote.lowering.kernel_abi import memref_abi_problem
from arignote.lowering.llvm_abi import from_llvm, llvm_types_for, pack

PASS_NAME = "convert-gpu-to-nvvm"
KERNEL_ATTR = "nvvm.kernel"
MAXNTID_ATTR = "nvvm.maxntid"
#: where gpu-kernel-outlining records the block size (and where xDSL's gpu.func keeps it)
KNOWN_BLOCK_SIZE_ATTRS = ("known_block_size", "gpu.known_block_size")

IdOp = gpu.ThreadIdOp | gpu.BlockDimOp | gpu.BlockIdOp | gpu.GridDimOp

#: gpu id op -> the PTX special register it reads
SREG_OF: dict[type[Operation], str] = {
    gpu.ThreadIdOp: "tid",
    gpu.BlockDimOp: "ntid",
    gpu.BlockIdOp: "ctaid",
    gpu.GridDimOp: "nctaid",
}

#: the gpu ops this pass converts (plus gpu.module, which stays)
CONVERTED = (*SREG_OF, gpu.BarrierOp, gpu.FuncOp, gpu.ReturnOp)


def _fail(op: Operation, message: str) -> PassError:
    return PassError(diagnostic(op, PASS_NAME, message))


def known_block_size(kernel: gpu.FuncOp) -> DenseArrayBase | None:
    for name in KNOWN_BLOCK_SIZE_ATTRS:
        attr = kernel.attributes.get(name) or kernel.properties.get(name)
        if isinstance(attr, DenseArrayBase):
            return attr
    return None


def check_gpu_module(module: gpu.ModuleOp) -> None:
    """Refuse, before rewriting, what this pass cannot convert."""
    for op in module.walk():
        if op is module:
            continue
        if isinstance(op, gpu.FuncOp):
            if op.kernel is None:
                raise _fail(op, f"@{op.sym_name.data} is not a kernel; only gpu.func "
                                "kernels are converted to NVVM")
            for k, t in enumerate(op.function_type.inputs.data):
                problem = memref_abi_problem(t)
                if problem is not None:
                    raise _fail(op, f"@{op.sym_name.data} argument #{k}: memref {problem}")
        elif op.dialect_name() == "gpu" and not isinstance(op, CONVERTED):
            raise _fail(op, "cannot be converted to NVVM (supported: thread_id, block_id, "
                            "block_dim, grid_dim, barrier, func kernels, return)")


@dataclass
class GpuIdToNvvmSreg(RewritePattern):
    """gpu.thread_id x -> cast(zext(nvvm.read.ptx.sreg.tid.x : i32) : i64) : index."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: IdOp, rewriter: PatternRewriter, /) -> None:
        # (isinstance, not type(op): arignote's id ops are virtual subclasses of xDSL's)
        reg = next(r for cls, r in SREG_OF.items() if isinstance(op, cls))
        dim = op.dimension.data.value
        read = nvvm.SREG_OPS[(reg, dim)]()
        wide = llvm.ZExtOp(read.result, i64, non_neg=UnitAttr())
        rewriter.insert(read)
        rewriter.insert(wide)
        index = from_llvm(rewriter, wide.res, IndexType())
        if op.result.name_hint:
            index.name_hint = op.result.name_hint
        rewriter.replace(op, [], [index])


class GpuBarrierToNvvmBarrier0(RewritePattern):
    """gpu.barrier -> nvvm.barrier0."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: gpu.BarrierOp, rewriter: PatternRewriter, /) -> None:
        rewriter.replace(op, nvvm.Barrier0Op())


class GpuKernelToLlvmFunc(RewritePattern):
    """gpu.func @k(%a: T...) kernel {..gpu.return} -> llvm.func @k(ABI(T)...) {nvvm.kernel}.

    The body's gpu.return becomes llvm.return.
    """

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: gpu.FuncOp, rewriter: PatternRewriter, /) -> None:
        if op.kernel is None:
            return
        body = rewriter.move_region_contents_to_new_regions(op.body)
        entry = body.blocks[0]
        old_args = list(entry.args)
        abi_types: list[Attribute] = []
        rebuilt: list[SSAValue] = []
        rewriter.insertion_point = InsertPoint.at_start(entry)
        for k, arg in enumerate(old_args):
            types = llvm_types_for(arg.type)
            base = arg.name_hint or f"arg{k}"
            parts = []
            for j, t in enumerate(types):
                part = rewriter.insert_block_argument(entry, len(entry.args), t)
                part.name_hint = base if j == 0 else f"{base}_d{j - 1}"
                parts.append(part)
            abi_types.extend(types)
            rebuilt.append(pack(rewriter, parts, arg.type))
        for arg, value in zip(old_args, rebuilt, strict=True):
            if value.name_hint is None and arg.name_hint:
                value.name_hint = arg.name_hint
            rewriter.replace_all_uses_with(arg, value)
            rewriter.erase_block_argument(arg)
        for block in body.blocks:
            term = block.last_op
            if isinstance(term, gpu.ReturnOp):
                rewriter.replace(term, llvm.ReturnOp(), [])

        attrs: dict[str, Attribute] = {KERNEL_ATTR: UnitAttr()}
        block_size = known_block_size(op)
        if block_size is not None:
            attrs[MAXNTID_ATTR] = DenseArrayBase.from_list(i32, block_size.get_values())
        new = llvm.FuncOp(
            op.sym_name,
            llvm.LLVMFunctionType(abi_types),
            linkage=llvm.LinkageAttr("external"),
            body=body,
            extra_attrs=attrs,
        )
        rewriter.replace(op, new, [])


def populate_gpu_to_nvvm_patterns() -> list[RewritePattern]:
    """The patterns of this conversion, for pipelines that compose them."""
    return [GpuIdToNvvmSreg(), GpuBarrierToNvvmBarrier0(), GpuKernelToLlvmFunc()]


@dataclass(frozen=True)
class ConvertGpuToNvvmPass(ModulePass):
    """Lower the gpu ops inside every gpu.module to nvvm/llvm (kernels -> llvm.func)."""

    name = "convert-gpu-to-nvvm"

    index_bitwidth: int = 64

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.index_bitwidth != 64:
            raise PassError(
                f"error: {self.name}: index-bitwidth={self.index_bitwidth} is not supported; "
                "the kernel ABI (docs/internals.md §6) passes index values as i64"
            )
        modules = [m for m in op.walk() if isinstance(m, gpu.ModuleOp)]
        for module in modules:
            check_gpu_module(module)
        for module in modules:
            PatternRewriteWalker(
                GreedyRewritePatternApplier(populate_gpu_to_nvvm_patterns()),
                apply_recursively=False,
            ).rewrite_region(module.body)
