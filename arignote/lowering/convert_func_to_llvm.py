"""convert-func-to-llvm: CPU kernels become `llvm.func`s with the kernel ABI; their host
call sites become `llvm.call`s.

Input: `func.func`s marked `arignote.kernel` (from `cpu-kernel-outlining`), returning
nothing, whose arguments are identity-layout memrefs, `index`, integers or floats; host
functions (`func.func` without the mark) calling them with `func.call`.

Output (docs/internals.md §6):

- each kernel becomes `llvm.func @<same name>(<ABI parameters>)` returning void, external
  linkage, `llvm.noalias` on every pointer parameter, its other attributes kept
  (`arignote.kernel` included).  A memref argument becomes a pointer and one i64 per
  dynamic dim, `index` becomes i64; in the body the old values are rebuilt by N:1
  `builtin.unrealized_conversion_cast`s (`%m = builtin.unrealized_conversion_cast %p, %d0
  : !llvm.ptr, i64 to memref<?xf32>`) until their users are converted;
- `func.return` in device code becomes `llvm.return`;
- in host functions, `func.call @kernel(%x, %n)` becomes `llvm.call @kernel(%p, %d0, %n64)`
  whose operands come from 1:N casts right before the call
  (`%p, %d0 = builtin.unrealized_conversion_cast %x : memref<?xf32> to !llvm.ptr, i64`);
  the host runtime interprets those casts.  The host function itself is not converted.

A kernel with results or an argument outside the ABI, and any other func op in device
code (`func.call`, a `func.func` inside a `gpu.module`) fail with a diagnostic naming the op.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects import llvm as xllvm
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.traits import SymbolTable

from arignote.errors import PassError
from arignote.ir import diagnostic
from arignote.opbuild import conversion_cast, llvm_call
from arignote.lowering.kernel_abi import (
    VECTOR_VARIANT_ATTR,
    VECTOR_VARIANTS_ATTR,
    is_cpu_kernel,
    is_math_function,
    memref_abi_problem,
)
from arignote.lowering.llvm_abi import (
    DialectPatterns,
    convert_entry_block,
    device_ops,
    llvm_types_for,
    noalias_arg_attrs,
)

PASS = "convert-func-to-llvm"


#: the call-site attributes a math function's call keeps (translate-llvm prints them)
CALL_SITE_ATTRS = ("always_inline", "no_inline", VECTOR_VARIANTS_ATTR)


def kernel_problem(op: func.FuncOp) -> str | None:
    """Why a kernel function cannot take the kernel ABI, or None."""
    if is_math_function(op):
        return None
    if op.function_type.outputs.data:
        return "kernel returns values; kernels must return nothing"
    for i, t in enumerate(op.function_type.inputs.data):
        if (p := memref_abi_problem(t)) is not None:
            return f"argument #{i} {p}"
        if not all(xllvm.is_compatible_type(x) for x in llvm_types_for(t)):
            return f"argument #{i} has type {t}, which has no LLVM type"
    if not op.body.blocks:
        return "kernel has no body"
    return None


class KernelFuncToLlvm(RewritePattern):
    """func.func @k(memref, index, f32) {arignote.kernel} -> llvm.func @k(ptr, ..., i64, f32)."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: func.FuncOp, rewriter: PatternRewriter) -> None:
        if not is_cpu_kernel(op) or kernel_problem(op) is not None:
            return
        body = rewriter.move_region_contents_to_new_regions(op.body)
        entry = body.blocks.first
        assert entry is not None
        flat = convert_entry_block(rewriter, entry)
        attrs = {k: v for k, v in op.attributes.items() if k not in ("sym_name", "function_type")}
        if is_math_function(op):
            # internal (its call sites say whether to inline it); a vector variant is
            # weak_odr, which keeps it until the loop vectoriser has used it
            (out,) = op.function_type.outputs.data
            variant = VECTOR_VARIANT_ATTR in op.attributes
            new = xllvm.FuncOp(
                op.sym_name.data,
                xllvm.LLVMFunctionType(flat, out),
                linkage=xllvm.LinkageAttr("weak_odr" if variant else "internal"),
                body=body,
                extra_attrs=attrs,
            )
            rewriter.replace(op, [new], [])
            return
        new = xllvm.FuncOp(
            op.sym_name.data,
            xllvm.LLVMFunctionType(flat),
            linkage=xllvm.LinkageAttr("external"),
            body=body,
            other_props={"arg_attrs": noalias_arg_attrs(flat)},
            extra_attrs=attrs,
        )
        rewriter.replace(op, [new], [])


def _in_device_code(op: Operation) -> bool:
    from xdsl.dialects import gpu

    cur = op.parent_op()
    while cur is not None:
        if isinstance(cur, xllvm.FuncOp | gpu.ModuleOp) or is_cpu_kernel(cur):
            return True
        cur = cur.parent_op()
    return False


class ReturnToLlvm(RewritePattern):
    """func.return (no values) in device code -> llvm.return."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: func.ReturnOp, rewriter: PatternRewriter) -> None:
        parent = op.parent_op()
        if not isinstance(parent, xllvm.FuncOp):
            return
        if is_math_function(parent) and len(op.arguments) == 1:
            rewriter.replace(op, [xllvm.ReturnOp(op.arguments[0])], [])
            return
        if op.arguments:
            return
        rewriter.replace(op, [xllvm.ReturnOp()], [])


class MathFunctionCallToLlvm(RewritePattern):
    """func.call @__arignote_sin_f32(%x) in device code -> llvm.call of the same function
    (math-polynomial-approximation{functions=true}'s functions, f32 or vectors of it)."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: func.CallOp, rewriter: PatternRewriter) -> None:
        if not _in_device_code(op) or len(op.results) != 1:
            return
        callee = SymbolTable.lookup_symbol(op, op.callee)
        if callee is None or not is_math_function(callee):
            return
        call = llvm_call(op.callee, op.arguments, op.results[0].type)
        for key in CALL_SITE_ATTRS:
            if key in op.attributes:
                call.attributes[key] = op.attributes[key]
        rewriter.replace(op, [call], [call.results[0]])


def _callee_is_kernel(op: func.CallOp) -> bool:
    callee = SymbolTable.lookup_symbol(op, op.callee)
    return isinstance(callee, xllvm.FuncOp) or (callee is not None and is_cpu_kernel(callee))


class KernelCallToLlvm(RewritePattern):
    """func.call @kernel(%m, %n) in a host function -> llvm.call @kernel(%p, %d0, %n64),
    the operands unpacked by 1:N casts right before the call."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: func.CallOp, rewriter: PatternRewriter) -> None:
        if _in_device_code(op) or op.results or not _callee_is_kernel(op):
            return
        callee = SymbolTable.lookup_symbol(op, op.callee)
        if not isinstance(callee, xllvm.FuncOp):
            return  # the kernel is converted first; the walker comes back to this call
        new = kernel_call(op)
        if new is not None:
            rewriter.replace(op, new, [])


def kernel_call(op: func.CallOp) -> list[Operation] | None:
    """What a host's `func.call` of a kernel becomes: the 1:N casts of its operands to
    the kernel ABI and the `llvm.call` taking their results (None when an operand is
    outside the ABI)."""
    casts: list[Operation] = []
    args: list[SSAValue] = []
    for v in op.arguments:
        if memref_abi_problem(v.type) is not None:
            return None
        types = llvm_types_for(v.type)
        if types == [v.type]:
            args.append(v)
            continue
        cast = conversion_cast([v], types)
        cast.location = op.location
        for r in cast.results:
            r.name_hint = v.name_hint
        casts.append(cast)
        args.extend(cast.results)
    return [*casts, xllvm.CallOp(op.callee, *args)]


def populate_func_to_llvm_patterns() -> list[RewritePattern]:
    """The patterns of convert-func-to-llvm (applied to the whole module: kernels, their
    returns, and the kernel call sites of host functions)."""
    return [KernelFuncToLlvm(), ReturnToLlvm(), KernelCallToLlvm(), MathFunctionCallToLlvm()]


def apply_func_to_llvm(module: Operation) -> None:
    """Convert the kernels first, then their returns and call sites.  (The walk visits
    every op of the kernels' bodies, twice: once more when a body moves into its
    llvm.func; only func ops are offered the patterns.)"""
    walker = PatternRewriteWalker(
        DialectPatterns({"func": populate_func_to_llvm_patterns()}), apply_recursively=True
    )
    for region in module.regions:
        walker.rewrite_region(region)


def check_func_converted(module: Operation, pass_name: str = PASS) -> None:
    """Fail with a diagnostic for a kernel, return or call that was not converted.

    (A host call of a kernel is converted whenever its kernel is: the call verifies
    against the kernel's signature, which the kernel ABI accepts.)"""
    for op in module.walk():
        if is_cpu_kernel(op):
            assert isinstance(op, func.FuncOp)
            raise PassError(diagnostic(op, pass_name, kernel_problem(op) or "cannot be converted"))
    for op in device_ops(module):
        if isinstance(op, func.FuncOp):
            raise PassError(
                diagnostic(
                    op,
                    pass_name,
                    "in device code is not supported (only kernels: arignote.kernel "
                    "functions and gpu.func kernels)",
                )
            )
        if isinstance(op, func.CallOp):
            raise PassError(
                diagnostic(
                    op, pass_name, "in device code is not supported (kernels call no functions)"
                )
            )
        if op.dialect_name() == "func":
            raise PassError(diagnostic(op, pass_name, "in device code is not supported"))


@dataclass(frozen=True)
class ConvertFuncToLlvmPass(ModulePass):
    """CPU kernels -> llvm.func with the kernel ABI; their host calls -> llvm.call."""

    name = "convert-func-to-llvm"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        apply_func_to_llvm(op)
        check_func_converted(op)
