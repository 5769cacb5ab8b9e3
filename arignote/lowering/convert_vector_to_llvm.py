"""convert-vector-to-llvm: the 1-D vector ops of generated CPU schedules become llvm ops.

Input: device code (bodies of `arignote.kernel` functions, `gpu.module`s, top-level
`llvm.func`s) using `vector.load`, `vector.store`, `vector.broadcast`, `vector.fma` and
`vector.shuffle` on 1-D vectors, with memrefs in the kernel ABI (identity layout), e.g.
the register-blocked convolution of `convert-libcall-to-loops` (provider `cpu-direct`).

Output (the address is `finalize-memref-to-llvm`'s, of the first element):

    vector.load %m[%i, %j] : memref<?x?xf32>, vector<8xf32>
        -> %p = llvm.getelementptr inbounds %base[(i * d1 + j)]
           %v = llvm.load %p {alignment = 4} : !llvm.ptr -> vector<8xf32>
    vector.store %v, %m[%i, %j]  -> the same address, llvm.store {alignment = 4}
    vector.broadcast %s : f32 to vector<8xf32>
        -> llvm.insertelement %s into lane 0 of an llvm.mlir.poison vector, then
           llvm.shufflevector with the all-zero mask
    vector.fma %a, %b, %c : vector<8xf32> -> llvm.intr.fma (one rounding per lane)
    vector.shuffle %a, %b [0, 2, ...] : vector<8xf32>, vector<8xf32>
        -> llvm.shufflevector %a, %b [0, 2, ...] (operands of one type)

The loads and stores are unaligned (element alignment): a vector may start at any
element.  Arithmetic on vector values (`arith.addf`, `arith.maximumf`, constants) is
`convert-arith-to-llvm`'s.

Diagnostics: any other vector op in device code, a vector that is not 1-D or whose
elements are `index`, a `vector.broadcast` of a vector, a `vector.shuffle` of operands of
two types, and a memref outside the kernel ABI.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import vector
from xdsl.dialects import llvm as xllvm
from xdsl.dialects.builtin import (
    DenseArrayBase,
    IndexType,
    IntegerAttr,
    ModuleOp,
    VectorType,
    i32,
    i64,
)
from xdsl.ir import Operation
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern, op_type_rewrite_pattern

from arignote.dialects import llvm as allvm
from arignote.lowering.kernel_abi import element_size, memref_abi_problem
from arignote.lowering.llvm_abi import (
    apply_to_device_code,
    check_device_code,
    memref_element_address,
    to_llvm,
)

PASS = "convert-vector-to-llvm"


def _one_d(t: object) -> bool:
    """A fixed-length 1-D vector of floats or (non-index) integers."""
    return (
        isinstance(t, VectorType)
        and t.get_num_dims() == 1
        and not t.get_num_scalable_dims()
        and not isinstance(t.element_type, IndexType)
    )


def _abi_ok(op: vector.LoadOp | vector.StoreOp) -> bool:
    return memref_abi_problem(op.base.type) is None


class LoadToLlvm(RewritePattern):
    """vector.load %m[%i...] -> llvm.load of the vector at the element's address."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: vector.LoadOp, rewriter: PatternRewriter) -> None:
        t = op.result.type
        if not _one_d(t) or not _abi_ok(op):
            return
        addr = memref_element_address(rewriter, op.base, list(op.indices))
        load = allvm.LoadOp(addr, t, alignment=element_size(t.element_type))
        rewriter.replace(op, [load])


class StoreToLlvm(RewritePattern):
    """vector.store %v, %m[%i...] -> llvm.store of the vector at the element's address."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: vector.StoreOp, rewriter: PatternRewriter) -> None:
        t = op.vector.type
        if not _one_d(t) or not _abi_ok(op):
            return
        addr = memref_element_address(rewriter, op.base, list(op.indices))
        align = element_size(t.element_type)
        rewriter.replace(op, [allvm.StoreOp(op.vector, addr, alignment=align)], [])


class BroadcastToLlvm(RewritePattern):
    """vector.broadcast %s -> insertelement into lane 0, shufflevector with mask zero."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: vector.BroadcastOp, rewriter: PatternRewriter) -> None:
        t = op.vector.type
        if not _one_d(t) or isinstance(op.source.type, VectorType):
            return
        poison = allvm.PoisonOp(t)
        lane0 = xllvm.ConstantOp(IntegerAttr(0, i64), i64)
        ins = xllvm.InsertElementOp(poison.results[0], to_llvm(rewriter, op.source), lane0.result)
        mask = DenseArrayBase.from_list(i32, [0] * t.get_shape()[0])
        splat = xllvm.ShuffleVectorOp(ins.res, poison.results[0], mask, t)
        rewriter.replace(op, [poison, lane0, ins, splat])


class FmaToLlvm(RewritePattern):
    """vector.fma %a, %b, %c -> llvm.intr.fma %a, %b, %c."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: vector.FMAOp, rewriter: PatternRewriter) -> None:
        if not _one_d(op.res.type):
            return
        rewriter.replace(op, [xllvm.FMAOp(op.lhs, op.rhs, op.acc)])


class ShuffleToLlvm(RewritePattern):
    """vector.shuffle %a, %b [mask] (1-D, one operand type) -> llvm.shufflevector."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: vector.ShuffleOp, rewriter: PatternRewriter) -> None:
        t = op.result.type
        if not (_one_d(t) and _one_d(op.v1.type) and op.v2.type == op.v1.type):
            return
        mask = DenseArrayBase.from_list(i32, list(op.mask.get_values()))
        rewriter.replace(op, [xllvm.ShuffleVectorOp(op.v1, op.v2, mask, t)])


def populate_vector_to_llvm_patterns() -> list[RewritePattern]:
    """The patterns of convert-vector-to-llvm."""
    return [LoadToLlvm(), StoreToLlvm(), BroadcastToLlvm(), FmaToLlvm(), ShuffleToLlvm()]


_CONVERTED = (vector.LoadOp, vector.StoreOp, vector.BroadcastOp, vector.FMAOp, vector.ShuffleOp)


def unsupported_reason(op: Operation) -> str:
    """Why a vector op was left in device code."""
    for v in (*op.operands, *op.results):
        if isinstance(v.type, VectorType) and not _one_d(v.type):
            return (
                f"on {v.type} is not supported (only 1-D, fixed-length vectors of floats or "
                "integers other than index)"
            )
        if (p := memref_abi_problem(v.type)) is not None:
            return f"operand or result {p}"
    if isinstance(op, vector.BroadcastOp):
        return "of a vector is not supported (only a scalar to a 1-D vector)"
    if isinstance(op, vector.ShuffleOp):
        return f"of {op.v1.type} and {op.v2.type} is not supported (only operands of one type)"
    if not isinstance(op, _CONVERTED):
        return (
            "is not supported in device code (vector.load, vector.store, vector.broadcast, "
            "vector.fma and vector.shuffle are)"
        )
    return "cannot be converted"


def check_vector_converted(module: Operation, pass_name: str = PASS) -> None:
    """Fail with a diagnostic if a vector op is left in device code."""
    check_device_code(module, pass_name, lambda o: o.dialect_name() == "vector", unsupported_reason)


@dataclass(frozen=True)
class ConvertVectorToLlvmPass(ModulePass):
    """vector.load/store/broadcast/fma (1-D) -> llvm ops in device code."""

    name = "convert-vector-to-llvm"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        apply_to_device_code(op, populate_vector_to_llvm_patterns())
        check_vector_converted(op)
