"""convert-math-to-llvm{target=cpu|nvptx}: every `math` op in device code becomes llvm ops.

Input: device code (bodies of `gpu.module`s, `arignote.kernel` functions, top-level
`llvm.func`s) using `math` on float/integer scalars (and vectors where an LLVM intrinsic
exists).  Host functions are left alone.  Default target: `cpu`.

target=cpu
    LLVM intrinsics where LLVM has them: absf fabs, ceil, floor, sqrt, exp, exp2, log,
    log2, log10, sin, cos, powf pow, fma, copysign, round, roundeven, trunc, tanh, fpowi
    powi; rsqrt is 1 / sqrt.  The rest are libm calls, `@<name>f` for f32 and `@<name>`
    for f64 (log1p, expm1, erf, atan, atan2, asin, acos, tan, sinh, cosh, cbrt, asinh,
    acosh, atanh), declared as external `llvm.func`s in the enclosing module.
target=nvptx
    libdevice calls for every transcendental (`__nv_expf` / `__nv_exp`, `__nv_tanhf`,
    `__nv_powf`, `__nv_rsqrtf`, `__nv_powif`, ...), declared in the enclosing `gpu.module`
    (the PTX back end links libdevice); absf, ceil, floor, sqrt, fma, copysign, round,
    roundeven and trunc as intrinsics.
Both
    f16/bf16 operands are extended to f32, computed in f32 and truncated back;
    absi, ctlz, cttz, ctpop become llvm.intr.abs/ctlz/cttz/ctpop.
    Fastmath flags are kept.  A libm/libdevice function on vectors, `math.ipowi` and
    unknown targets fail with a diagnostic.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith
from xdsl.dialects import llvm as xllvm
from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    ModuleOp,
    StringAttr,
    SymbolRefAttr,
    VectorType,
    f32,
    f64,
)
from xdsl.ir import Attribute, Block, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern
from xdsl.rewriter import InsertPoint
from xdsl.traits import SymbolTable

from arignote.dialects import llvm as allvm
from arignote.errors import PassError
from arignote.lowering.kernel_abi import CPU_MATH_INTRINSICS, LIBM
from arignote.lowering.llvm_abi import apply_to_device_code, check_device_code

PASS = "convert-math-to-llvm"
TARGETS = ("cpu", "nvptx")

_LLVM_OPS = {op.name: op for op in allvm.LLVM.operations}
#: math ops that stay LLVM intrinsics on the CPU, as the llvm-dialect op each becomes
#: (kernel_abi.CPU_MATH_INTRINSICS names them; ours: xDSL's classes with upstream's
#: `fastmath<...>` syntax)
CPU_INTRINSICS: dict[str, type[Operation]] = {
    k: _LLVM_OPS[f"llvm.intr.{name}"] for k, name in CPU_MATH_INTRINSICS.items()
}

#: math ops that stay LLVM intrinsics on NVPTX (the rest go to libdevice)
NVPTX_INTRINSICS: dict[str, type[Operation]] = {
    k: CPU_INTRINSICS[k]
    for k in (
        "math.absf",
        "math.ceil",
        "math.floor",
        "math.sqrt",
        "math.fma",
        "math.copysign",
        "math.round",
        "math.roundeven",
        "math.trunc",
    )
}

#: math ops that are libdevice calls on NVPTX: op -> libdevice name of the double version
LIBDEVICE: dict[str, str] = {
    "math.exp": "__nv_exp",
    "math.exp2": "__nv_exp2",
    "math.log": "__nv_log",
    "math.log2": "__nv_log2",
    "math.log10": "__nv_log10",
    "math.log1p": "__nv_log1p",
    "math.expm1": "__nv_expm1",
    "math.sin": "__nv_sin",
    "math.cos": "__nv_cos",
    "math.tan": "__nv_tan",
    "math.tanh": "__nv_tanh",
    "math.sinh": "__nv_sinh",
    "math.cosh": "__nv_cosh",
    "math.asin": "__nv_asin",
    "math.acos": "__nv_acos",
    "math.atan": "__nv_atan",
    "math.atan2": "__nv_atan2",
    "math.asinh": "__nv_asinh",
    "math.acosh": "__nv_acosh",
    "math.atanh": "__nv_atanh",
    "math.erf": "__nv_erf",
    "math.powf": "__nv_pow",
    "math.cbrt": "__nv_cbrt",
    "math.rsqrt": "__nv_rsqrt",
}

_INT_INTRINSICS: dict[str, type[Operation]] = {
    "math.absi": allvm.AbsOp,
    "math.ctlz": allvm.CountLeadingZerosOp,
    "math.cttz": allvm.CountTrailingZerosOp,
    "math.ctpop": allvm.CtPopOp,
}


def _scalar(t: Attribute) -> Attribute:
    return t.element_type if isinstance(t, VectorType) else t


def _with_scalar(t: Attribute, s: Attribute) -> Attribute:
    return VectorType(s, t.get_shape()) if isinstance(t, VectorType) else s


def _is_narrow_float(t: Attribute) -> bool:
    return isinstance(_scalar(t), Float16Type | BFloat16Type)


def _fastmath(op: Operation) -> xllvm.FastMathAttr:
    fm = op.properties.get("fastmath")
    if isinstance(fm, arith.FastMathFlagsAttr):
        return xllvm.FastMathAttr(fm.data)
    return xllvm.FastMathAttr(None)


def _symbol_table_block(op: Operation) -> Block | None:
    cur = op.parent_op()
    while cur is not None:
        if cur.has_trait(SymbolTable) and cur.regions and cur.regions[0].blocks:
            return cur.regions[0].blocks.first
        cur = cur.parent_op()
    return None


def declare_function(
    rewriter: PatternRewriter,
    anchor: Operation,
    name: str,
    arg_types: list[Attribute],
    result: Attribute,
) -> bool:
    """Declare `llvm.func @name(args) -> result` (external) in the symbol table around
    `anchor`, unless it is there; False if there is no symbol table or a clash of types."""
    block = _symbol_table_block(anchor)
    if block is None:
        return False
    ftype = xllvm.LLVMFunctionType(arg_types, result)
    for op in block.ops:
        sym = op.properties.get("sym_name") or op.attributes.get("sym_name")
        if isinstance(sym, StringAttr) and sym.data == name:
            return isinstance(op, xllvm.FuncOp) and op.function_type == ftype
    decl = xllvm.FuncOp(name, ftype, linkage=xllvm.LinkageAttr("external"))
    rewriter.insert(decl, InsertPoint.at_start(block))
    return True


def _cast_float(rewriter: PatternRewriter, v: SSAValue, to: Attribute) -> SSAValue:
    """fpext/fptrunc of v to the float (vector) type `to`."""
    if v.type == to:
        return v
    wider = _bits(_scalar(to)) > _bits(_scalar(v.type))
    op = xllvm.FPExtOp(v, to) if wider else xllvm.FPTruncOp(v, to)
    rewriter.insert(op)
    return op.result


def _bits(t: Attribute) -> int:
    return {Float16Type: 16, BFloat16Type: 16, Float32Type: 32, Float64Type: 64}.get(type(t), 0)


def _float_operands(op: Operation) -> bool:
    """Float (vector) operands and results; math.fpowi's exponent is an integer."""
    values = [*op.operands, *op.results]
    if op.name == "math.fpowi":
        values = [op.operands[0], *op.results]
    return all(
        isinstance(_scalar(v.type), Float16Type | BFloat16Type | Float32Type | Float64Type)
        for v in values
    )


@dataclass
class MathToLlvm(RewritePattern):
    """math.<f> %x -> llvm.intr.<f> %x, or a call of the libm/libdevice function."""

    target: str = "cpu"

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if op.dialect_name() != "math":
            return
        if op.name in _INT_INTRINSICS:
            self._integer(op, rewriter)
            return
        if not _float_operands(op) or len(op.results) != 1:
            return
        intrinsics = CPU_INTRINSICS if self.target == "cpu" else NVPTX_INTRINSICS
        calls = LIBM if self.target == "cpu" else LIBDEVICE
        out_t = op.results[0].type
        is_vector = isinstance(out_t, VectorType)
        if op.name in intrinsics or op.name in ("math.rsqrt", "math.fpowi"):
            if op.name == "math.fpowi" and self.target != "cpu":
                self._call(op, rewriter, "__nv_powi")
                return
            if op.name == "math.rsqrt" and self.target != "cpu":
                if not is_vector:
                    self._call(op, rewriter, LIBDEVICE["math.rsqrt"])
                return
            self._intrinsic(op, rewriter, intrinsics)
            return
        if op.name in calls and not is_vector:
            self._call(op, rewriter, calls[op.name])

    def _promote(
        self, rewriter: PatternRewriter, op: Operation
    ) -> tuple[list[SSAValue], Attribute]:
        """Float operands (narrow floats extended to f32) and the compute type."""
        out_t = op.results[0].type
        compute_t = _with_scalar(out_t, f32) if _is_narrow_float(out_t) else out_t
        ops = [
            _cast_float(rewriter, v, _with_scalar(v.type, f32)) if _is_narrow_float(v.type) else v
            for v in op.operands
        ]
        return ops, compute_t

    def _intrinsic(
        self, op: Operation, rewriter: PatternRewriter, table: dict[str, type[Operation]]
    ) -> None:
        args, compute_t = self._promote(rewriter, op)
        fm = _fastmath(op)
        if op.name == "math.rsqrt":
            sq = allvm.FASTMATH_OPS[xllvm.FSqrtOp](args[0], fm)
            rewriter.insert(sq)
            one = xllvm.ConstantOp(_one(compute_t), compute_t)
            rewriter.insert(one)
            new: Operation = allvm.FDivOp(one.result, sq.res, fm)
        elif op.name == "math.fpowi":
            new = allvm.PowIOp(args[0], args[1])
            new.properties["fastmathFlags"] = fm
        elif issubclass(table[op.name], xllvm.FAbsOp):
            new = table[op.name](args[0], compute_t, fm)  # type: ignore[call-arg]
        else:
            new = table[op.name](*args, fm)  # type: ignore[call-arg]
        rewriter.insert(new)
        result = _cast_float(rewriter, new.results[0], op.results[0].type)
        rewriter.replace(op, [], [result])

    def _call(self, op: Operation, rewriter: PatternRewriter, double_name: str) -> None:
        out_t = op.results[0].type
        args, compute_t = self._promote(rewriter, op)
        if compute_t == f64:
            name = double_name
        elif compute_t == f32:
            name = double_name + "f"
        else:
            return
        arg_types = [a.type for a in args]
        if not declare_function(rewriter, op, name, arg_types, compute_t):
            return
        call = xllvm.CallOp(
            SymbolRefAttr(name), *args, return_type=compute_t, fastmath=_fastmath(op)
        )
        rewriter.insert(call)
        assert call.returned is not None
        result = _cast_float(rewriter, call.returned, out_t)
        rewriter.replace(op, [], [result])

    def _integer(self, op: Operation, rewriter: PatternRewriter) -> None:
        cls = _INT_INTRINSICS[op.name]
        t = _scalar(op.results[0].type)
        if not xllvm.is_compatible_type(t):
            return
        new = cls(op.operands[0])  # type: ignore[call-arg]
        rewriter.replace(op, [new], new.results)


class RemfToLibdeviceFmod(RewritePattern):
    """arith.remf %a, %b -> llvm.call @__nv_fmodf / @__nv_fmod (NVPTX only).

    LLVM's NVPTX back end expands `frem` as `a - trunc(a / b) * b`, which is not exact;
    libdevice's fmod is.  (Used by convert-to-llvm{target=nvptx}; on the CPU `frem`
    becomes a call of libm's exact fmod.)
    """

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if op.name != "arith.remf" or len(op.results) != 1:
            return
        t = op.results[0].type
        if isinstance(t, VectorType) or not _float_operands(op):
            return
        MathToLlvm("nvptx")._call(op, rewriter, "__nv_fmod")


def populate_nvptx_arith_patterns() -> list[RewritePattern]:
    """arith ops whose exact NVPTX lowering is a libdevice call (arith.remf)."""
    return [RemfToLibdeviceFmod()]


def _one(t: Attribute) -> Attribute:
    from xdsl.dialects.builtin import DenseIntOrFPElementsAttr

    if isinstance(t, VectorType):
        return DenseIntOrFPElementsAttr.from_list(t, [1.0] * t.element_count())
    return FloatAttr(1.0, t)  # type: ignore[arg-type]


def populate_math_to_llvm_patterns(target: str = "cpu") -> list[RewritePattern]:
    """The patterns of convert-math-to-llvm for `target` (cpu or nvptx)."""
    return [MathToLlvm(target)]


def unsupported_reason(op: Operation, target: str) -> str:
    """Why a math op was left in device code."""
    if op.name == "math.ipowi":
        return "(integer power) is not supported; use math.fpowi or a loop"
    types = [v.type for v in (*op.operands, *op.results)]
    if any(isinstance(t, VectorType) for t in types):
        return f"on vectors has no LLVM intrinsic for target {target} (only scalar library calls)"
    return f"on {', '.join(str(t) for t in types)} cannot be converted for target {target}"


def check_target(target: str, pass_name: str = PASS) -> None:
    if target not in TARGETS:
        raise PassError(
            f"error: {pass_name}: unknown target {target!r} (use target=cpu or target=nvptx)"
        )


def check_math_converted(module: Operation, target: str, pass_name: str = PASS) -> None:
    """Fail with a diagnostic if a math op is left in device code."""
    check_device_code(
        module,
        pass_name,
        lambda o: o.dialect_name() == "math",
        lambda o: unsupported_reason(o, target),
    )


@dataclass(frozen=True)
class ConvertMathToLlvmPass(ModulePass):
    """math -> LLVM intrinsics and libm (cpu) or libdevice (nvptx) calls in device code."""

    name = "convert-math-to-llvm"

    target: str = "cpu"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        check_target(self.target)
        apply_to_device_code(op, populate_math_to_llvm_patterns(self.target))
        check_math_converted(op, self.target)

