"""convert-libcall-to-llvm: a CPU kernel's `libcall.gemm` becomes a native CBLAS call.

Input: CPU kernels (`arignote.kernel` functions) holding `libcall.gemm` ops with provider
`cpu-blas`, no bias and no epilogue, on f32/f64 memrefs with the identity layout (as
`convert-loop-to-scf` puts them into a loop that `cpu-kernel-outlining` outlines).
Library calls in host functions are left alone (the host runtime runs them).

Output: `llvm.call @arignote_cblas_sgemm` (f32) / `@arignote_cblas_dgemm` (f64), declared
external, with the row-major CBLAS arguments of the `cpu-blas` executor:

    (i32 101, i32 transA, i32 transB, i64 M, i64 N, i64 K, alpha, ptr A, i64 lda,
     ptr B, i64 ldb, beta, ptr C, i64 ldc)

with M, N from C, K from A, and leading dimensions max(columns, 1).  The CPU JIT binds
the two symbols to NumPy's OpenBLAS (`cblas_?gemm64_`, 64-bit integers), so a call costs
what a C call does.  Any other library op left in a kernel fails with a diagnostic naming
it (the host runs library calls; only these gemms can be called from native code).
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import llvm as xllvm
from xdsl.dialects.builtin import (
    FloatAttr,
    IntegerAttr,
    MemRefType,
    ModuleOp,
    SymbolRefAttr,
    i32,
    i64,
)
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern, op_type_rewrite_pattern

from arignote.lowering.kernel_abi import (
    GEMM_SYMBOLS,
    NO_TRANS,
    ROW_MAJOR,
    TRANS,
    callable_natively,
)
from arignote.dialects import libcall
from arignote.lowering.convert_math_to_llvm import declare_function
from arignote.lowering.llvm_abi import (
    apply_to_device_code,
    check_device_code,
    dim_sizes,
    i64_constant,
    unpack,
)

PASS = "convert-libcall-to-llvm"

def _i(rewriter: PatternRewriter, v: int, t: Attribute = i64) -> SSAValue:
    c = xllvm.ConstantOp(IntegerAttr(v, t), t)
    rewriter.insert(c)
    return c.result


def _as_value(rewriter: PatternRewriter, size: SSAValue | int) -> SSAValue:
    return i64_constant(rewriter, size) if isinstance(size, int) else size


def _at_least_one(rewriter: PatternRewriter, size: SSAValue | int) -> SSAValue:
    if isinstance(size, int):
        return i64_constant(rewriter, max(size, 1))
    one = i64_constant(rewriter, 1)
    cmp = xllvm.ICmpOp(size, one, IntegerAttr(4, i64))  # sgt
    rewriter.insert(cmp)
    sel = xllvm.SelectOp(cmp.res, size, one)
    rewriter.insert(sel)
    return sel.res


class GemmToCblasCall(RewritePattern):
    """libcall.gemm (cpu-blas) in a kernel -> llvm.call @arignote_cblas_?gemm."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: libcall.GemmOp, rewriter: PatternRewriter) -> None:
        if not callable_natively(op):
            return
        t = op.c.type
        assert isinstance(t, MemRefType)
        real = t.element_type
        name = GEMM_SYMBOLS[str(real)]
        ta, tb = op.transpose_a.value.data, op.transpose_b.value.data
        a_dims, b_dims, c_dims = (dim_sizes(rewriter, v) for v in (op.a, op.b, op.c))
        k = a_dims[0] if ta else a_dims[1]
        ptr = xllvm.LLVMPointerType()
        arg_types = [i32, i32, i32, i64, i64, i64, real, ptr, i64, ptr, i64, real, ptr, i64]
        if not declare_function(rewriter, op, name, arg_types, xllvm.LLVMVoidType()):
            return
        alpha = xllvm.ConstantOp(FloatAttr(op.alpha.value.data, real), real)
        beta = xllvm.ConstantOp(FloatAttr(op.beta.value.data, real), real)
        rewriter.insert(alpha)
        rewriter.insert(beta)
        args = [
            _i(rewriter, ROW_MAJOR, i32),
            _i(rewriter, TRANS if ta else NO_TRANS, i32),
            _i(rewriter, TRANS if tb else NO_TRANS, i32),
            _as_value(rewriter, c_dims[0]),
            _as_value(rewriter, c_dims[1]),
            _as_value(rewriter, k),
            alpha.result,
            unpack(rewriter, op.a)[0],
            _at_least_one(rewriter, a_dims[1]),
            unpack(rewriter, op.b)[0],
            _at_least_one(rewriter, b_dims[1]),
            beta.result,
            unpack(rewriter, op.c)[0],
            _at_least_one(rewriter, c_dims[1]),
        ]
        call = xllvm.CallOp(SymbolRefAttr(name), *args)
        rewriter.replace(op, [call], [])


def populate_libcall_to_llvm_patterns() -> list[RewritePattern]:
    """The patterns of convert-libcall-to-llvm."""
    return [GemmToCblasCall()]


def unsupported_reason(op: Operation) -> str:
    if isinstance(op, libcall.GemmOp):
        return (
            "cannot be called from a CPU kernel (only cpu-blas gemms on f32/f64 without "
            "bias or epilogue are; the host runs the others)"
        )
    return "cannot be called from a CPU kernel (the host runs library calls)"


def check_libcall_converted(module: Operation, pass_name: str = PASS) -> None:
    """Fail with a diagnostic if a library op is left in device code."""
    check_device_code(
        module, pass_name, lambda o: o.dialect_name() == "libcall", unsupported_reason
    )


@dataclass(frozen=True)
class ConvertLibcallToLlvmPass(ModulePass):
    """libcall.gemm (cpu-blas) in CPU kernels -> native CBLAS calls."""

    name = "convert-libcall-to-llvm"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        apply_to_device_code(op, populate_libcall_to_llvm_patterns())
        check_libcall_converted(op)


__all__ = [
    "ConvertLibcallToLlvmPass",
    "check_libcall_converted",
    "populate_libcall_to_llvm_patterns",
]
