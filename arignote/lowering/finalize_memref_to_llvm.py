"""finalize-memref-to-llvm: memref ops in device code become pointer arithmetic.

Input: device code (bodies of `gpu.module`s, `arignote.kernel` functions, top-level
`llvm.func`s) whose memrefs have the identity layout.  Host functions are left alone.

Output, with the kernel ABI of docs/internals.md §6 (a memref is a pointer to element 0
plus one i64 per dynamic dim, obtained from the memref value by `llvm_abi.unpack`):

    memref.load %m[%i, %j]      -> %p = llvm.getelementptr inbounds %base[(i * d1 + j)]
                                   %v = llvm.load %p {alignment = <element size>}
    memref.store %v, %m[%i, %j] -> the same address, llvm.store
    memref.dim %m, <constant k> -> the static size (llvm.mlir.constant) or the dynamic size
    memref.alloca() (static, <= 64 KiB, default memory space)
                                -> llvm.alloca <n> x E {alignment}, cast back to the memref

Any other memref op in device code (heap allocation, views, copies, a `memref.dim` with a
non-constant dim, a non-identity layout) fails with a diagnostic naming the op.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import gpu, memref
from xdsl.dialects import llvm as xllvm
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    IntAttr,
    IntegerAttr,
    MemRefType,
    ModuleOp,
    NoneAttr,
)
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern, op_type_rewrite_pattern

from arignote.dialects import llvm as allvm
from arignote.lowering.kernel_abi import (
    MAX_ALLOCA_BYTES,
    constant_index,
    element_size,
    memref_abi_problem,
)
from arignote.lowering.llvm_abi import (
    apply_to_device_code,
    check_device_code,
    dim_sizes,
    element_type_for,
    from_llvm,
    i64_constant,
    memref_element_address,
    pack,
    to_llvm,
)

PASS = "finalize-memref-to-llvm"

#: the largest memref.alloca in memory space 3 (static shared memory of one CTA)
MAX_SHARED_BYTES = 48 * 1024


def _abi_ok(*values: SSAValue) -> bool:
    return all(memref_abi_problem(v.type) is None for v in values)


class LoadToLlvm(RewritePattern):
    """memref.load %m[%i...] -> llvm.load (llvm.getelementptr inbounds %base[offset])."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: memref.LoadOp, rewriter: PatternRewriter) -> None:
        if not _abi_ok(op.memref):
            return
        t = op.memref.type
        assert isinstance(t, MemRefType)
        addr = memref_element_address(rewriter, op.memref, list(op.indices))
        elem = element_type_for(t)
        load = allvm.LoadOp(addr, elem, alignment=element_size(elem))
        rewriter.insert(load)
        rewriter.replace(op, [], [from_llvm(rewriter, load.dereferenced_value, op.res.type)])


class StoreToLlvm(RewritePattern):
    """memref.store %v, %m[%i...] -> llvm.store %v, (llvm.getelementptr inbounds %base[offset])."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: memref.StoreOp, rewriter: PatternRewriter) -> None:
        if not _abi_ok(op.memref):
            return
        t = op.memref.type
        assert isinstance(t, MemRefType)
        addr = memref_element_address(rewriter, op.memref, list(op.indices))
        value = to_llvm(rewriter, op.value)
        elem = element_type_for(t)
        rewriter.replace(op, [allvm.StoreOp(value, addr, alignment=element_size(elem))], [])


#: memref.atomic_rmw kinds (upstream's AtomicRMWKind numbering) -> llvm.atomicrmw ops
_ATOMIC_KIND = {0: "fadd", 1: "add"}


class AtomicRMWToLlvm(RewritePattern):
    """memref.atomic_rmw addf/addi %v, %m[%i...] -> llvm.atomicrmw fadd/add (monotonic)
    on the element's address; the result is the old value."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: memref.AtomicRMWOp, rewriter: PatternRewriter) -> None:
        if not _abi_ok(op.memref):
            return
        from arignote.dialects.llvm import AtomicRMWOp

        kind = op.kind.value.data
        if kind not in _ATOMIC_KIND:
            return  # left for the leftover check, which names the op
        addr = memref_element_address(rewriter, op.memref, list(op.indices))
        value = to_llvm(rewriter, op.value)
        rmw = AtomicRMWOp(_ATOMIC_KIND[kind], addr, value)
        rewriter.insert(rmw)
        rewriter.replace(op, [], [from_llvm(rewriter, rmw.res, op.result.type)])



class DimToLlvm(RewritePattern):
    """memref.dim %m, <k> -> the static size k, or the i64 of dynamic dim k."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: memref.DimOp, rewriter: PatternRewriter) -> None:
        t = op.source.type
        if not isinstance(t, MemRefType) or not _abi_ok(op.source):
            return
        k = constant_index(op.index)
        if k is None or not 0 <= k < t.get_num_dims():
            return
        size = dim_sizes(rewriter, op.source)[k]
        value = i64_constant(rewriter, size) if isinstance(size, int) else size
        rewriter.replace(op, [], [from_llvm(rewriter, value, op.result.type)])


def _symbol_names(table: Operation) -> set[str]:
    """The symbols of `table` and, for a gpu.module, of every gpu.module beside it: their
    globals end up in one LLVM module when the PTX of the whole file is made."""
    top = table
    while (parent := top.parent_op()) is not None:
        top = parent
    tables = [table] + [o for o in top.walk() if isinstance(o, gpu.ModuleOp)]
    return {
        o.sym_name.data for t in tables for o in t.regions[0].block.ops if hasattr(o, "sym_name")
    }


def _alloca_problem(op: memref.AllocaOp) -> str | None:
    t = op.memref.type
    assert isinstance(t, MemRefType)
    if (p := memref_abi_problem(t)) is not None:
        return p
    if DYNAMIC_INDEX in t.get_shape() or op.dynamic_sizes:
        return "with dynamic sizes is not supported in device code"
    if not isinstance(t.memory_space, NoneAttr) and not _is_shared(t):
        return (
            f"in memory space {t.memory_space} is not supported (only the default space and "
            "3, shared memory)"
        )
    n = 1
    for s in t.get_shape():
        n *= s
    nbytes = n * element_size(element_type_for(t))
    if _is_shared(t) and nbytes > MAX_SHARED_BYTES:
        return f"of {nbytes} bytes is too large for static shared memory (limit {MAX_SHARED_BYTES})"
    if not _is_shared(t) and nbytes > MAX_ALLOCA_BYTES:
        return f"of {nbytes} bytes is too large for the stack (limit {MAX_ALLOCA_BYTES})"
    return None


def _is_shared(t: MemRefType) -> bool:
    space = t.memory_space
    return isinstance(space, IntegerAttr) and space.value.data == 3


class AllocaToLlvm(RewritePattern):
    """memref.alloca() : memref<NxE> -> llvm.alloca N x E, cast back to the memref."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: memref.AllocaOp, rewriter: PatternRewriter) -> None:
        if _alloca_problem(op) is not None:
            return
        t = op.memref.type
        assert isinstance(t, MemRefType)
        n = 1
        for s in t.get_shape():
            n *= s
        elem = element_type_for(t)
        align = op.alignment.value.data if op.alignment is not None else element_size(elem)
        if _is_shared(t):
            # a CTA-wide buffer: a module-level global in address space 3
            table = op.parent_op()
            while table is not None and not isinstance(table, ModuleOp | gpu.ModuleOp):
                table = table.parent_op()
            assert table is not None
            names = _symbol_names(table)
            k = 0
            while f"__shared_{k}" in names:
                k += 1
            g = xllvm.GlobalOp(
                xllvm.LLVMArrayType(IntAttr(max(n, 1)), elem), f"__shared_{k}", "internal",
                addr_space=3, alignment=max(align, 4),
            )  # fmt: skip
            table.body.block.insert_op_before(g, table.body.block.first_op)  # type: ignore[arg-type]
            addr = xllvm.AddressOfOp(f"__shared_{k}", xllvm.LLVMPointerType(IntAttr(3)))
            rewriter.insert(addr)
            rewriter.replace(op, [], [pack(rewriter, [addr.result], t)])
            return
        count = i64_constant(rewriter, max(n, 1))
        alloca = xllvm.AllocaOp(count, elem, alignment=align)
        rewriter.insert(alloca)
        rewriter.replace(op, [], [pack(rewriter, [alloca.res], t)])


def populate_memref_to_llvm_patterns() -> list[RewritePattern]:
    """The patterns of finalize-memref-to-llvm."""
    return [LoadToLlvm(), StoreToLlvm(), AtomicRMWToLlvm(), DimToLlvm(), AllocaToLlvm()]


def unsupported_reason(op: Operation) -> str:
    """Why a memref op was left in device code."""
    for v in (*op.operands, *op.results):
        if (p := memref_abi_problem(v.type)) is not None:
            return f"operand or result {p}"
    if isinstance(op, memref.DimOp):
        return "needs a constant dimension index in device code"
    if isinstance(op, memref.AllocaOp):
        return _alloca_problem(op) or "cannot be converted"
    if isinstance(op, memref.AllocOp | memref.DeallocOp):
        return "(heap allocation) is not supported in device code; allocate in the host function"
    if isinstance(op, memref.AtomicRMWOp):
        return (
            f"of kind {op.kind.value.data} is not supported in device code (only addf = 0 "
            "and addi = 1)"
        )
    return "is not supported in device code"


def check_memref_converted(module: Operation, pass_name: str = PASS) -> None:
    """Fail with a diagnostic if a memref op is left in device code."""
    check_device_code(module, pass_name, lambda o: o.dialect_name() == "memref", unsupported_reason)


@dataclass(frozen=True)
class FinalizeMemrefToLlvmPass(ModulePass):
    """memref.load/store/dim/alloca -> llvm pointer arithmetic in device code."""

    name = "finalize-memref-to-llvm"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        apply_to_device_code(op, populate_memref_to_llvm_patterns())
        check_memref_converted(op)

