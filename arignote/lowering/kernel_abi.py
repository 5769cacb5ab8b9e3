"""The CPU kernel ABI and the facts the lowering to LLVM shares, without the llvm dialect.

The llvm-dialect conversions (`llvm_abi` and the `convert-*-to-llvm` passes) and the
direct writer of kernels' LLVM IR (`emit_cpu_llvm`) both follow these, and so do the
passes that mark kernels and the runtime (the thread pool's and the gemm wrappers'
symbols).  Nothing here imports `xdsl.dialects.llvm`: a process compiling on the CPU
never loads that dialect unless a module takes the llvm-dialect path (docs/internals.md,
"The first compile in a process").

docs/internals.md §6: a kernel argument of type

    memref<d0 x ... x dn-1 x E, space>   (identity layout)
        -> one pointer to element 0 (address space `space`), then one `i64` per dynamic
           dim, in dim order
    index -> i64
    f16 / bf16 / f32 / f64 / iN -> unchanged
"""

from __future__ import annotations

from xdsl.dialects.builtin import (
    AnyFloat,
    DYNAMIC_INDEX,
    IndexType,
    IntAttr,
    IntegerAttr,
    IntegerType,
    MemRefType,
    NoneAttr,
    StridedLayoutAttr,
    UnrealizedConversionCastOp,
    VectorType,
    i64,
)
from xdsl.ir import Attribute, Operation, SSAValue


class MemRefABIError(ValueError):
    """A memref type outside the kernel ABI (non-identity layout, unknown memory space)."""


def memory_space_of(t: MemRefType) -> int:
    """The LLVM address space of a memref: 0 for the default memory space, else its integer.

    Memory space `1` (NVPTX global) and `3` (shared) are the ones arignote emits; any
    integer is accepted, anything that is not an integer raises `MemRefABIError`.
    """
    space = t.memory_space
    if isinstance(space, NoneAttr):
        return 0
    if isinstance(space, IntegerAttr):
        return space.value.data
    if isinstance(space, IntAttr):
        return space.data
    raise MemRefABIError(f"memory space {space} of {t} is not an integer")


def _has_identity_layout(t: MemRefType) -> bool:
    layout = t.layout
    if isinstance(layout, NoneAttr):
        return True
    if isinstance(layout, StridedLayoutAttr):
        # strided<[s0, ..., 1]> with row-major static strides and offset 0 is the identity
        shape = t.get_shape()
        strides = layout.get_strides()
        offset = layout.get_offset()
        if offset != 0 or any(s is None for s in strides) or DYNAMIC_INDEX in shape:
            return False
        expected, acc = [], 1
        for size in reversed(shape):
            expected.append(acc)
            acc *= size
        return list(strides) == list(reversed(expected))
    # an affine map layout: identity iff the map is the identity
    from xdsl.dialects.builtin import AffineMapAttr

    if isinstance(layout, AffineMapAttr):
        m = layout.data
        return (
            m.num_symbols == 0
            and m.num_dims == len(m.results)
            and all(str(r) == f"d{i}" for i, r in enumerate(m.results))
        )
    return False


def memref_abi_problem(t: Attribute) -> str | None:
    """Why a memref type is outside the kernel ABI, or None when it is fine (or not a memref)."""
    if not isinstance(t, MemRefType):
        return None
    if not _has_identity_layout(t):
        return f"has a non-identity layout ({t}); only identity-layout memrefs are supported"
    try:
        memory_space_of(t)
    except MemRefABIError as e:
        return str(e)
    elem = t.element_type
    if not (isinstance(elem, IntegerType | IndexType | AnyFloat)):
        return f"has element type {elem}; only integer, index and float elements are supported"
    return None


def convert_scalar_type(t: Attribute) -> Attribute:
    """index -> i64 (also inside vectors); every other type unchanged."""
    if isinstance(t, IndexType):
        return i64
    if isinstance(t, VectorType) and isinstance(t.element_type, IndexType):
        return VectorType(i64, t.get_shape())
    return t


def element_size(t: Attribute) -> int:
    """The size in bytes of a scalar element type (i1 counts as 1 byte); used for alignment."""
    t = convert_scalar_type(t)
    if isinstance(t, IntegerType):
        return max(1, (t.width.data + 7) // 8)
    if isinstance(t, AnyFloat):
        return t.bitwidth // 8
    if isinstance(t, VectorType):
        n = 1
        for s in t.get_shape():
            n *= s
        return n * element_size(t.element_type)
    if t.name == "llvm.ptr":
        return 8
    raise ValueError(f"no size for type {t}")


# ----------------------------------------------------------------------------------------
# marks and symbols

#: the unit attribute that marks a CPU kernel (`cpu-kernel-outlining`)
KERNEL_ATTR = "arignote.kernel"
#: math-polynomial-approximation{functions=true}'s functions (with KERNEL_ATTR: their
#: bodies are device code), their vector variants, and the mark of a call that names
#: the variants (LLVM's "vector-function-abi-variant")
MATH_FUNCTION_ATTR = "arignote.math_function"
VECTOR_VARIANT_ATTR = "arignote.vector_variant"
VECTOR_VARIANTS_ATTR = "arignote.vector_variants"
#: the CPU thread pool's entry point, which `loop.parallel_for` becomes a call of
#: (defined by arignote.runtime.cpu.pool)
PARALLEL_FOR = "arignote_parallel_for"


def is_cpu_kernel(op: Operation) -> bool:
    """A `func.func` marked `arignote.kernel`."""
    return op.name == "func.func" and KERNEL_ATTR in op.attributes



def host_functions(module: Operation) -> list[Operation]:
    """The `func.func`s of the module that are not kernels (run by the host runtime)."""
    return [
        op
        for region in module.regions
        for block in region.blocks
        for op in block.ops
        if op.name == "func.func" and not is_cpu_kernel(op)
    ]


# ----------------------------------------------------------------------------------------
# the native gemm call of a kernel (`libcall.gemm` with provider cpu-blas)

#: the symbols the CPU JIT binds to the CBLAS gemms (arignote.runtime.cpu.support)
GEMM_SYMBOLS = {"f32": "arignote_cblas_sgemm", "f64": "arignote_cblas_dgemm"}
#: CBLAS's enums: CblasRowMajor, CblasNoTrans, CblasTrans
ROW_MAJOR, NO_TRANS, TRANS = 101, 111, 112


def callable_natively(op: Operation) -> bool:
    """A gemm a kernel can call: provider cpu-blas, f32/f64, no bias, no epilogue."""
    if op.name != "libcall.gemm":
        return False
    t = op.c.type  # type: ignore[attr-defined]
    provider = op.attributes.get("provider")
    return (
        getattr(provider, "data", None) == "cpu-blas"
        and op.bias is None  # type: ignore[attr-defined]
        and op.epilogue.data == "none"  # type: ignore[attr-defined]
        and isinstance(t, MemRefType)
        and str(t.element_type) in GEMM_SYMBOLS
        and not any(memref_abi_problem(v.type) for v in (op.a, op.b, op.c))  # type: ignore[attr-defined]
    )


# ----------------------------------------------------------------------------------------
# math on the CPU

#: math ops that are LLVM intrinsics on the CPU: op -> intrinsic (`llvm.<name>.<type>`)
CPU_MATH_INTRINSICS: dict[str, str] = {
    "math.absf": "fabs",
    "math.ceil": "ceil",
    "math.floor": "floor",
    "math.sqrt": "sqrt",
    "math.exp": "exp",
    "math.exp2": "exp2",
    "math.log": "log",
    "math.log2": "log2",
    "math.log10": "log10",
    "math.sin": "sin",
    "math.cos": "cos",
    "math.powf": "pow",
    "math.fma": "fma",
    "math.copysign": "copysign",
    "math.round": "round",
    "math.roundeven": "roundeven",
    "math.trunc": "trunc",
    "math.tanh": "tanh",
}

#: math ops that are libm calls on the CPU: op -> C name of the double version
LIBM: dict[str, str] = {
    "math.log1p": "log1p",
    "math.expm1": "expm1",
    "math.erf": "erf",
    "math.atan": "atan",
    "math.atan2": "atan2",
    "math.asin": "asin",
    "math.acos": "acos",
    "math.tan": "tan",
    "math.sinh": "sinh",
    "math.cosh": "cosh",
    "math.cbrt": "cbrt",
    "math.asinh": "asinh",
    "math.acosh": "acosh",
    "math.atanh": "atanh",
}


def is_math_function(op: Operation) -> bool:
    """A function holding one math op's expansion (a `func.func` or, once converted, an
    `llvm.func` carrying the mark)."""
    return op.name in ("func.func", "llvm.func") and MATH_FUNCTION_ATTR in op.attributes


# ----------------------------------------------------------------------------------------
# memory

#: the largest memref.alloca (bytes) that becomes a stack allocation
MAX_ALLOCA_BYTES = 64 * 1024


def constant_index(v: SSAValue) -> int | None:
    """The integer value of an index/integer constant (through 1:1 casts), else None."""
    seen = 0
    while seen < 8:
        owner = v.owner
        if isinstance(owner, Operation) and owner.name in ("arith.constant", "llvm.mlir.constant"):
            value = owner.properties.get("value", owner.attributes.get("value"))
            return value.value.data if isinstance(value, IntegerAttr) else None
        if isinstance(owner, UnrealizedConversionCastOp) and len(owner.operands) == 1:
            v = owner.operands[0]
            seen += 1
            continue
        return None
    return None
