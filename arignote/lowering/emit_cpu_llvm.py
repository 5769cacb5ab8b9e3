"""CPU kernels at the `kernels` stage written straight to LLVM IR text (the compile path).

`emit_kernels(module, triple=, data_layout=)` prints the LLVM module of every
`arignote.kernel` function of a module at the `kernels` stage of `tt-to-cpu` (after
`math-polynomial-approximation{functions=true}`): the code `convert-to-llvm{target=cpu}`
followed by `translate_llvm` makes for the same kernels -- the kernel ABI of
docs/internals.md §6 (a memref is a `noalias` pointer to element 0 and one i64 per
dynamic dim, `index` is i64), row-major addresses with `nsw` arithmetic and one
`getelementptr inbounds`, canonical loops (a header of phis, `icmp slt`, the step added
`nsw` in the latch), the same intrinsics, libm calls, fastmath and overflow flags, the
same thread-pool trampolines and math-function call-site attributes -- written in one walk
of each kernel, without making a single llvm-dialect op.  (Value numbering and block
layout differ; the differential test compares the two paths' results bit for bit.)

Covered, in kernel bodies (one block each):
    arith     constants (scalars, dense vectors), the integer and float binaries, negf,
              max/min (intrinsics), floordivsi/ceildivsi/ceildivui, cmpi, scalar cmpf,
              select on an i1, the casts, index_cast
    math      the CPU intrinsics (absf ... tanh, rsqrt as 1/sqrt) and libm calls on f32
              and f64 (vectors: intrinsics only)
    memref    load, store, dim (constant index), alloca (static, default space, <= 64 KiB)
    vector    load, store, broadcast of a scalar, fma, shuffle (1-D, one operand type)
    scf       for (iter_args), parallel (no reductions), if (results), yield, reduce
    func      call of a math function, return
    loop      row, parallel_for (the struct, the trampoline, arignote_parallel_for)
    libcall   gemm (cpu-blas, no bias or epilogue: the call of arignote_cblas_?gemm)

Anything else -- a vector condition, a view, another library call, `scf.while`,
`scf.parallel` with reductions, an llvm-dialect function already in the module -- raises
`NotCovered` (a `CompileError` naming the op and its location): `lower_kernels` then
leaves the module as it was and the compiler takes the llvm-dialect path
(`convert-to-llvm`, whose diagnostics stay the user-facing ones).
`arignote-opt -t cpu-kernels-llvm` prints this emitter's output (lit:
filecheck/lowering/emit-cpu-llvm.mlir).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from xdsl.dialects import arith, func, memref, scf
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    AnyFloat,
    BFloat16Type,
    Float16Type,
    DenseIntOrFPElementsAttr,
    Float64Type,
    FloatAttr,
    IndexType,
    IntegerAttr,
    IntegerType,
    MemRefType,
    ModuleOp,
    NoneAttr,
    UnitAttr,
    VectorType,
    f32,
)
from xdsl.ir import Attribute, Block, Operation, SSAValue

from arignote.dialects import libcall, loop
from arignote.errors import CompileError
from arignote.ir import location_str
from arignote.lowering.kernel_abi import (
    CPU_MATH_INTRINSICS,
    GEMM_SYMBOLS,
    KERNEL_ATTR,
    LIBM,
    MAX_ALLOCA_BYTES,
    NO_TRANS,
    PARALLEL_FOR,
    ROW_MAJOR,
    TRANS,
    VECTOR_VARIANT_ATTR,
    callable_natively,
    constant_index,
    convert_scalar_type,
    element_size,
    is_cpu_kernel,
    is_math_function,
    memref_abi_problem,
)
from arignote.lowering.llvm_text import (
    ModuleText,
    constant_literal,
    fastmath_text,
    fcmp_predicate,
    float_literal,
    icmp_predicate,
    llvm_type,
    mangle,
)


class NotCovered(CompileError):
    """An op (or type) the emitter does not write; the llvm-dialect path handles it."""


def _not_covered(op: Operation, what: str = "is not covered") -> NotCovered:
    return NotCovered(f"{location_str(op)}: error: emit-cpu-llvm: '{op.name}' {what}")


# ----------------------------------------------------------------------------------------
# types and flags


@lru_cache(maxsize=256)
def _type(t: Attribute) -> str:
    """The LLVM spelling of a scalar or vector type (index -> i64)."""
    if isinstance(t, VectorType) and t.get_num_dims() != 1:
        raise CompileError(f"vector type {t} is not 1-D")
    return llvm_type(convert_scalar_type(t))


def _ltype(op: Operation, t: Attribute) -> str:
    try:
        return _type(t)
    except CompileError:
        raise _not_covered(op, f"has type {t}, which has no LLVM type here") from None


def _fm(op: Operation) -> str:
    return fastmath_text(op.properties.get("fastmath"))


@lru_cache(maxsize=16)
def _overflow_text(attr: Attribute | None) -> str:
    if not isinstance(attr, arith.IntegerOverflowAttr):
        return ""
    names = {str(f.value) for f in attr.data}
    return (" nuw" if "nuw" in names else "") + (" nsw" if "nsw" in names else "")


def _is_int(s: str) -> bool:
    return s.lstrip("-").isdigit()


# ----------------------------------------------------------------------------------------
# op tables

_INT_BINARY = {
    "arith.addi": "add",
    "arith.subi": "sub",
    "arith.muli": "mul",
    "arith.shli": "shl",
}
_INT_PLAIN = {
    "arith.divsi": "sdiv",
    "arith.divui": "udiv",
    "arith.remsi": "srem",
    "arith.remui": "urem",
    "arith.andi": "and",
    "arith.ori": "or",
    "arith.xori": "xor",
    "arith.shrsi": "ashr",
    "arith.shrui": "lshr",
}
_INT_INTRINSIC = {
    "arith.maxsi": "smax",
    "arith.minsi": "smin",
    "arith.maxui": "umax",
    "arith.minui": "umin",
}
_FLOAT_BINARY = {
    "arith.addf": "fadd",
    "arith.subf": "fsub",
    "arith.mulf": "fmul",
    "arith.divf": "fdiv",
    "arith.remf": "frem",
}
_FLOAT_INTRINSIC = {
    "arith.maximumf": "maximum",
    "arith.minimumf": "minimum",
    "arith.maxnumf": "maxnum",
    "arith.minnumf": "minnum",
}
_CASTS = {
    "arith.extf": "fpext",
    "arith.truncf": "fptrunc",
    "arith.sitofp": "sitofp",
    "arith.uitofp": "uitofp",
    "arith.fptosi": "fptosi",
    "arith.fptoui": "fptoui",
    "arith.extsi": "sext",
    "arith.extui": "zext",
    "arith.trunci": "trunc",
    "arith.bitcast": "bitcast",
}


# ----------------------------------------------------------------------------------------
# values


@dataclass
class _MemRef:
    """A memref in a kernel: its pointer and its sizes (ints for static dims, i64 names)."""

    ptr: str
    sizes: list[str | int]
    type: MemRefType

    def abi_values(self) -> list[tuple[str, str]]:
        """(type, value) of its ABI parameters: the pointer, then the dynamic sizes."""
        dyn = [
            ("i64", str(s)) for s, d in zip(self.sizes, self.type.get_shape()) if d == DYNAMIC_INDEX
        ]
        return [("ptr", self.ptr), *dyn]


# ----------------------------------------------------------------------------------------
# functions


@dataclass
class _Function:
    module: _Module
    func: func.FuncOp
    values: dict[SSAValue, str] = field(default_factory=dict)
    memrefs: dict[SSAValue, _MemRef] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    counter: int = 0
    blocks: int = 1
    block: str = "bb0"

    # -- names, blocks, lines -----------------------------------------------------------
    def fresh(self) -> str:
        self.counter += 1
        return f"%v{self.counter}"

    def new_label(self) -> str:
        label = f"bb{self.blocks}"
        self.blocks += 1
        return label

    def start(self, label: str) -> None:
        self.lines.append(f"{label}:")
        self.block = label

    def out(self, line: str) -> None:
        self.lines.append("  " + line)

    def val(self, v: SSAValue) -> str:
        try:
            return self.values[v]
        except KeyError:
            owner = v.owner
            op = owner if isinstance(owner, Operation) else owner.parent_op()
            assert op is not None
            raise _not_covered(op, "uses a value the emitter did not define") from None

    def typed(self, v: SSAValue, op: Operation) -> str:
        return f"{_ltype(op, v.type)} {self.val(v)}"

    def mem(self, v: SSAValue, op: Operation) -> _MemRef:
        m = self.memrefs.get(v)
        if m is None:
            raise _not_covered(op, "uses a memref made by an op the emitter does not cover")
        return m

    def define(self, op: Operation, line: str) -> str:
        """Emit `%vN = <line>` for op's (single) result; return %vN."""
        name = self.fresh()
        self.values[op.results[0]] = name
        self.out(f"{name} = {line}")
        return name

    def tmp(self, line: str) -> str:
        """Emit `%vN = <line>`; return %vN."""
        n = self.fresh()
        self.out(f"{n} = {line}")
        return n

    def call_intrinsic(
        self, base: str, t: Attribute, args: list[tuple[str, str]], flags: str = ""
    ) -> str:
        """`call @llvm.<base>.<t>(args)` returning t, declared; `args`: (type, value)."""
        lt = _type(t)
        name = f"llvm.{base}.{mangle(convert_scalar_type(t))}"
        self.module.em.declare(name, lt, [a for a, _ in args])
        return f"call{flags} {lt} @{name}({', '.join(f'{a} {v}' for a, v in args)})"

    def intrinsic(self, op: Operation, base: str, flags: str = "") -> str:
        """`call @llvm.<base>.<type>(<op's operands>)`, typed by op's result."""
        args = [(_ltype(op, v.type), self.val(v)) for v in op.operands]
        return self.call_intrinsic(base, op.results[0].type, args, flags)

    # -- the function -------------------------------------------------------------------
    def emit(self) -> list[str]:
        f = self.func
        math_fn = is_math_function(f)
        body = f.body
        if len(body.blocks) != 1:
            raise _not_covered(f, "has more than one block")
        entry = body.block
        params: list[str] = []
        for a in entry.args:
            t = a.type
            if isinstance(t, MemRefType):
                if memref_abi_problem(t) is not None or not isinstance(t.memory_space, NoneAttr):
                    raise _not_covered(f, f"has an argument of type {t} outside the CPU ABI")
                ptr = self.fresh()
                params.append(f"ptr noalias {ptr}" if not math_fn else f"ptr {ptr}")
                sizes: list[str | int] = []
                for d in t.get_shape():
                    if d == DYNAMIC_INDEX:
                        n = self.fresh()
                        params.append(f"i64 {n}")
                        sizes.append(n)
                    else:
                        sizes.append(d)
                self.memrefs[a] = _MemRef(ptr, sizes, t)
            else:
                n = self.fresh()
                self.values[a] = n
                params.append(f"{_ltype(f, t)} {n}")
        name = f.sym_name.data
        if math_fn:
            (out_t,) = f.function_type.outputs.data
            ret = _ltype(f, out_t)
            linkage = " weak_odr" if VECTOR_VARIANT_ATTR in f.attributes else " internal"
        else:
            if f.function_type.outputs.data:
                raise _not_covered(f, "returns values")
            ret = "void"
            linkage = " internal" if name in self.module.chunk_callees else ""
        self.start("bb0")
        self.ops(entry)
        return [f"define{linkage} {ret} @{name}({', '.join(params)}) {{", *self.lines, "}"]

    def ops(self, block: Block) -> None:
        for op in block.ops:
            handler = _HANDLERS.get(op.name)
            if handler is None:
                raise _not_covered(op)
            handler(self, op)

    # -- arith ----------------------------------------------------------------------
    def constant(self, op: Operation) -> None:
        assert isinstance(op, arith.ConstantOp)
        t, value = op.result.type, op.value
        if isinstance(value, IntegerAttr) and isinstance(t, IntegerType | IndexType):
            v = value.value.data
            if isinstance(t, IntegerType) and t.width.data == 1:
                text = "true" if v else "false"
            else:
                text = str(v)
        elif isinstance(value, FloatAttr) and not isinstance(t, VectorType):
            _ltype(op, t)
            text = float_literal(value.value.data, t)
        elif isinstance(value, DenseIntOrFPElementsAttr) and isinstance(t, VectorType):
            try:
                text = constant_literal(value, convert_scalar_type(t))
            except CompileError:
                raise _not_covered(op, f"of type {t}") from None
        else:
            raise _not_covered(op, f"of type {t}")
        self.values[op.result] = text

    def int_binary(self, op: Operation) -> None:
        a, b = op.operands
        opcode = _INT_BINARY.get(op.name)
        if opcode is not None:
            opcode += _overflow_text(op.properties.get("overflowFlags"))
        else:
            opcode = _INT_PLAIN[op.name]
        self.define(op, f"{opcode} {self.typed(a, op)}, {self.val(b)}")

    def int_intrinsic(self, op: Operation) -> None:
        self.define(op, self.intrinsic(op, _INT_INTRINSIC[op.name]))

    def float_binary(self, op: Operation) -> None:
        a, b = op.operands
        self.define(op, f"{_FLOAT_BINARY[op.name]}{_fm(op)} {self.typed(a, op)}, {self.val(b)}")

    def float_intrinsic(self, op: Operation) -> None:
        self.define(op, self.intrinsic(op, _FLOAT_INTRINSIC[op.name], _fm(op)))

    def negf(self, op: Operation) -> None:
        self.define(op, f"fneg{_fm(op)} {self.typed(op.operands[0], op)}")

    def int_division(self, op: Operation) -> None:
        """floordivsi / ceildivsi / ceildivui, as convert-arith-to-llvm expands them."""
        if isinstance(op.results[0].type, VectorType):
            raise _not_covered(op, "on vectors is not covered")
        a, b = (self.val(v) for v in op.operands)
        t = _ltype(op, op.operands[0].type)

        tmp = self.tmp
        if op.name == "arith.ceildivui":
            is_zero = tmp(f"icmp eq {t} {a}, 0")
            q = tmp(f"udiv {t} {tmp(f'sub {t} {a}, 1')}, {b}")
            q1 = tmp(f"add {t} {q}, 1")
            self.define(op, f"select i1 {is_zero}, {t} 0, {t} {q1}")
            return
        q = tmp(f"sdiv {t} {a}, {b}")
        inexact = tmp(f"icmp ne {t} {tmp(f'mul {t} {q}, {b}')}, {a}")
        a_neg = tmp(f"icmp slt {t} {a}, 0")
        b_neg = tmp(f"icmp slt {t} {b}, 0")
        if op.name == "arith.floordivsi":
            fix = tmp(f"and i1 {inexact}, {tmp(f'xor i1 {a_neg}, {b_neg}')}")
            adj = tmp(f"sub {t} {q}, 1")
        else:
            fix = tmp(f"and i1 {inexact}, {tmp(f'icmp eq i1 {a_neg}, {b_neg}')}")
            adj = tmp(f"add {t} {q}, 1")
        self.define(op, f"select i1 {fix}, {t} {adj}, {t} {q}")

    def cmpi(self, op: Operation) -> None:
        assert isinstance(op, arith.CmpiOp)
        pred = icmp_predicate(op.predicate.value.data)
        self.define(op, f"icmp {pred} {self.typed(op.lhs, op)}, {self.val(op.rhs)}")

    def cmpf(self, op: Operation) -> None:
        assert isinstance(op, arith.CmpfOp)
        if isinstance(op.lhs.type, VectorType):
            raise _not_covered(op, "on vectors is not covered")
        pred = fcmp_predicate(op.predicate.value.data)
        self.define(op, f"fcmp{_fm(op)} {pred} {self.typed(op.lhs, op)}, {self.val(op.rhs)}")

    def select(self, op: Operation) -> None:
        assert isinstance(op, arith.SelectOp)
        if not (isinstance(op.cond.type, IntegerType) and op.cond.type.width.data == 1):
            raise _not_covered(op, "with a vector condition is not covered")
        self.define(
            op,
            f"select i1 {self.val(op.cond)}, {self.typed(op.lhs, op)}, {self.typed(op.rhs, op)}",
        )

    def cast(self, op: Operation) -> None:
        (src,) = op.operands
        st, dt = _ltype(op, src.type), _ltype(op, op.results[0].type)
        if st == dt:
            self.values[op.results[0]] = self.val(src)
            return
        self.define(op, f"{_CASTS[op.name]} {st} {self.val(src)} to {dt}")

    def index_cast(self, op: Operation) -> None:
        (src,) = op.operands
        st, dt = _ltype(op, src.type), _ltype(op, op.results[0].type)
        if isinstance(op.results[0].type, VectorType):
            raise _not_covered(op, "on vectors is not covered")
        ws, wd = int(st[1:]), int(dt[1:])
        if ws == wd:
            self.values[op.results[0]] = self.val(src)
        else:
            kind = "trunc" if ws > wd else "sext"
            self.define(op, f"{kind} {st} {self.val(src)} to {dt}")

    # -- math -----------------------------------------------------------------------
    def math(self, op: Operation) -> None:
        """A float math op: an intrinsic or a libm call; f16/bf16 computed in f32 (the
        operands extended, the result truncated), as convert-math-to-llvm does."""
        if len(op.results) != 1:
            raise _not_covered(op)
        out = op.results[0].type
        scalar = out.element_type if isinstance(out, VectorType) else out
        if not isinstance(scalar, AnyFloat) or any(v.type != out for v in op.operands):
            raise _not_covered(op, f"on {out} is not covered")
        narrow = isinstance(scalar, Float16Type | BFloat16Type)
        compute = (
            (VectorType(f32, out.get_shape()) if isinstance(out, VectorType) else f32)
            if narrow
            else out
        )
        t, ct = _ltype(op, out), _type(compute)
        args = [self.val(v) for v in op.operands]
        if narrow:
            args = [self.tmp(f"fpext {t} {a} to {ct}") for a in args]
        typed = [(ct, a) for a in args]
        fm = _fm(op)
        if op.name == "math.rsqrt":  # 1 / sqrt(x)
            sq = self.tmp(self.call_intrinsic("sqrt", compute, typed, fm))
            one = float_literal(1.0, f32 if narrow else scalar)
            if isinstance(out, VectorType):
                one = (
                    "<"
                    + ", ".join([f"{_type(compute.element_type)} {one}"] * out.element_count())
                    + ">"
                )
            result = f"fdiv{fm} {ct} {one}, {sq}"
        elif op.name in CPU_MATH_INTRINSICS:
            result = self.call_intrinsic(CPU_MATH_INTRINSICS[op.name], compute, typed, fm)
        elif op.name in LIBM and not isinstance(out, VectorType):
            name = LIBM[op.name] + ("" if isinstance(compute, Float64Type) else "f")
            self.module.em.declare(name, ct, [ct] * len(args))
            result = f"call{fm} {ct} @{name}({', '.join(f'{ct} {a}' for a in args)})"
        else:
            raise _not_covered(op)
        if narrow:
            result = f"fptrunc {ct} {self.tmp(result)} to {t}"
        self.define(op, result)

    def int_math(self, op: Operation) -> None:
        """math.absi/ctlz/cttz/ctpop: llvm.abs/ctlz/cttz (with `i1 false`: no poison)/ctpop."""
        (a,) = op.operands
        base = op.name[len("math.") :].replace("absi", "abs")
        typed = [(_ltype(op, a.type), self.val(a))] + ([("i1", "false")] if base != "ctpop" else [])
        self.define(op, self.call_intrinsic(base, a.type, typed))

    # -- memref ---------------------------------------------------------------------
    def address(self, op: Operation, m: _MemRef, indices: Sequence[SSAValue]) -> str:
        """The address of element `indices` of m: one `getelementptr inbounds`."""
        if not indices:
            return m.ptr
        offset = self.val(indices[0])
        for size, i in zip(m.sizes[1:], indices[1:]):
            offset = self.int_op("add", self.int_op("mul", offset, size), self.val(i))
        return self.gep(op, m, offset)

    def gep(self, op: Operation, m: _MemRef, offset: str) -> str:
        """`getelementptr inbounds` of element `offset` (i64) of m."""
        elem = _ltype(op, m.type.element_type)
        return self.tmp(f"getelementptr inbounds {elem}, ptr {m.ptr}, i64 {offset}")

    def int_op(self, opcode: str, a: str, b: str | int) -> str:
        """`a <opcode> b` on i64 with nsw, folded where an operand makes it trivial."""
        b = str(b)
        if opcode == "mul" and b == "1":
            return a
        if opcode == "add" and b == "0":
            return a
        if opcode == "add" and a == "0":
            return b
        if _is_int(a) and _is_int(b):  # (wrapped to i64: an overflow was poison anyway)
            v = int(a) * int(b) if opcode == "mul" else int(a) + int(b)
            return str((v + 2**63) % 2**64 - 2**63)
        n = self.fresh()
        self.out(f"{n} = {opcode} nsw i64 {a}, {b}")
        return n

    def load(self, op: Operation) -> None:
        assert isinstance(op, memref.LoadOp)
        m = self.mem(op.memref, op)
        addr = self.address(op, m, list(op.indices))
        t = _ltype(op, op.res.type)
        self.define(op, f"load {t}, ptr {addr}, align {element_size(op.res.type)}")

    def store(self, op: Operation) -> None:
        assert isinstance(op, memref.StoreOp)
        m = self.mem(op.memref, op)
        addr = self.address(op, m, list(op.indices))
        align = element_size(op.value.type)
        self.out(f"store {self.typed(op.value, op)}, ptr {addr}, align {align}")

    def dim(self, op: Operation) -> None:
        assert isinstance(op, memref.DimOp)
        m = self.mem(op.source, op)
        k = constant_index(op.index)
        if k is None or not 0 <= k < len(m.sizes):
            raise _not_covered(op, "with a non-constant or out-of-range index is not covered")
        self.values[op.result] = str(m.sizes[k])

    def alloca(self, op: Operation) -> None:
        assert isinstance(op, memref.AllocaOp)
        t = op.memref.type
        assert isinstance(t, MemRefType)
        shape = t.get_shape()
        if (
            memref_abi_problem(t) is not None
            or not isinstance(t.memory_space, NoneAttr)
            or DYNAMIC_INDEX in shape
            or op.dynamic_sizes
        ):
            raise _not_covered(op, f"of {t} is not covered")
        n = 1
        for s in shape:
            n *= s
        size = element_size(t.element_type)
        if n * size > MAX_ALLOCA_BYTES:
            raise _not_covered(op, f"of {n * size} bytes is not covered")
        align = op.alignment.value.data if op.alignment is not None else size
        ptr = self.fresh()
        self.out(f"{ptr} = alloca {_ltype(op, t.element_type)}, i64 {max(n, 1)}, align {align}")
        self.memrefs[op.memref] = _MemRef(ptr, list(shape), t)

    # -- vector ---------------------------------------------------------------------
    def vector_type(self, op: Operation, t: Attribute) -> str:
        """A fixed 1-D vector of floats or integers (not index), as convert-vector-to-llvm
        takes them."""
        if (
            not isinstance(t, VectorType)
            or t.get_num_dims() != 1
            or t.get_num_scalable_dims()
            or isinstance(t.element_type, IndexType)
        ):
            raise _not_covered(op, f"on {t} is not covered")
        return _ltype(op, t)

    def vector_load(self, op: Operation) -> None:
        t = op.results[0].type
        vt = self.vector_type(op, t)
        base, *indices = op.operands
        addr = self.address(op, self.mem(base, op), indices)
        self.define(op, f"load {vt}, ptr {addr}, align {element_size(t.element_type)}")

    def vector_store(self, op: Operation) -> None:
        value, base, *indices = op.operands
        vt = self.vector_type(op, value.type)
        addr = self.address(op, self.mem(base, op), indices)
        align = element_size(value.type.element_type)
        self.out(f"store {vt} {self.val(value)}, ptr {addr}, align {align}")

    def vector_broadcast(self, op: Operation) -> None:
        (src,) = op.operands
        t = op.results[0].type
        vt = self.vector_type(op, t)
        if isinstance(src.type, VectorType):
            raise _not_covered(op, "of a vector is not covered")
        lane0 = self.tmp(f"insertelement {vt} poison, {self.typed(src, op)}, i64 0")
        n = t.get_shape()[0]
        self.define(op, f"shufflevector {vt} {lane0}, {vt} poison, <{n} x i32> zeroinitializer")

    def vector_fma(self, op: Operation) -> None:
        self.vector_type(op, op.results[0].type)
        self.define(op, self.intrinsic(op, "fma"))

    def vector_shuffle(self, op: Operation) -> None:
        """1-D operands of one type; the mask as `shufflevector`'s (-1: poison)."""
        v1, v2 = op.operands  # (xDSL's vector dialect is imported only where used)
        vt = self.vector_type(op, v1.type)
        self.vector_type(op, op.results[0].type)
        if v2.type != v1.type:
            raise _not_covered(op, "of two vector types is not covered")
        picks = op.properties["mask"].get_values()  # type: ignore[attr-defined]
        lanes = ", ".join("i32 poison" if m < 0 else f"i32 {m}" for m in picks)
        mask = f"<{len(picks)} x i32> <{lanes}>"
        self.define(op, f"shufflevector {vt} {self.val(v1)}, {vt} {self.val(v2)}, {mask}")

    # -- libcall --------------------------------------------------------------------
    def gemm(self, op: Operation) -> None:
        """A cpu-blas gemm: the call of `arignote_cblas_?gemm` convert-libcall-to-llvm
        makes (row-major CBLAS arguments; M, N from C, K from A, leading dims >= 1)."""
        if not callable_natively(op):
            raise _not_covered(op, "other than a cpu-blas gemm without bias or epilogue")
        assert isinstance(op, libcall.GemmOp)
        a, b, c = (self.mem(v, op) for v in (op.a, op.b, op.c))
        real = c.type.element_type
        rt = _type(real)
        name = GEMM_SYMBOLS[str(real)]
        ta, tb = op.transpose_a.value.data, op.transpose_b.value.data
        types = ["i32", "i32", "i32", "i64", "i64", "i64", rt, "ptr", "i64", "ptr", "i64", rt]
        self.module.em.declare(name, "void", [*types, "ptr", "i64"])
        args = [
            f"i32 {ROW_MAJOR}",
            f"i32 {TRANS if ta else NO_TRANS}",
            f"i32 {TRANS if tb else NO_TRANS}",
            f"i64 {c.sizes[0]}",
            f"i64 {c.sizes[1]}",
            f"i64 {a.sizes[0] if ta else a.sizes[1]}",
            f"{rt} {float_literal(op.alpha.value.data, real)}",
            f"ptr {a.ptr}",
            f"i64 {self.at_least_one(a.sizes[1])}",
            f"ptr {b.ptr}",
            f"i64 {self.at_least_one(b.sizes[1])}",
            f"{rt} {float_literal(op.beta.value.data, real)}",
            f"ptr {c.ptr}",
            f"i64 {self.at_least_one(c.sizes[1])}",
        ]
        self.out(f"call void @{name}({', '.join(args)})")

    def at_least_one(self, size: str | int) -> str:
        if isinstance(size, int):
            return str(max(size, 1))
        positive = self.tmp(f"icmp sgt i64 {size}, 1")
        return self.tmp(f"select i1 {positive}, i64 {size}, i64 1")

    # -- loop -----------------------------------------------------------------------
    def row(self, op: Operation) -> None:
        assert isinstance(op, loop.RowOp)
        buf = self.mem(op.buffer, op)
        row_t = op.res.type
        if not isinstance(row_t, MemRefType) or memref_abi_problem(row_t) is not None:
            raise _not_covered(op, f"of type {row_t} is not covered")
        offset = self.val(op.index)
        for size in buf.sizes[1:]:
            offset = self.int_op("mul", offset, size)
        self.memrefs[op.res] = _MemRef(self.gep(op, buf, offset), list(buf.sizes[1:]), row_t)

    def parallel_for(self, op: Operation) -> None:
        assert isinstance(op, loop.ParallelForOp)
        fields: list[tuple[str, str]] = []
        for a in op.args:
            if isinstance(a.type, MemRefType):
                fields.extend(self.mem(a, op).abi_values())
            else:
                fields.append((_ltype(op, a.type), self.val(a)))
        callee = op.callee.root_reference.data
        struct = "{" + ", ".join(t for t, _ in fields or [("i64", "")]) + "}"
        self.module.trampoline(callee, struct, [t for t, _ in fields])
        packed = "undef"
        for k, (t, v) in enumerate(fields):
            n = self.fresh()
            self.out(f"{n} = insertvalue {struct} {packed}, {t} {v}, {k}")
            packed = n
        ctx = self.fresh()
        self.out(f"{ctx} = alloca {struct}, i64 1, align 8")
        self.out(f"store {struct} {packed}, ptr {ctx}")
        self.module.em.declare(PARALLEL_FOR, "void", ["ptr", "ptr", "i64", "i64"])
        self.out(
            f"call void @{PARALLEL_FOR}(ptr @{callee}__chunks, ptr {ctx}, "
            f"i64 {self.val(op.n)}, i64 {self.val(op.grain)})"
        )

    # -- scf ------------------------------------------------------------------------
    def for_(self, op: Operation) -> None:
        assert isinstance(op, scf.ForOp)
        body = op.body.block
        self.loop(op, op.lb, op.ub, op.step, list(op.iter_args), body, list(body.args))

    def loop(
        self,
        op: Operation,
        lb: SSAValue,
        ub: SSAValue,
        step: SSAValue,
        inits: list[SSAValue],
        body: Block,
        args: list[SSAValue],
        inner: Callable[[], list[str]] | None = None,
    ) -> None:
        """A canonical loop: header phis (iv, carried values), `icmp slt`, the body, the
        latch adding the step `nsw`; the loop's results are the header's phis.  `inner`
        emits the body instead of `body`'s ops (nested dims of an scf.parallel) and
        returns the yielded values."""
        t = _ltype(op, lb.type)
        header, body_label, exit_label = self.new_label(), self.new_label(), self.new_label()
        pre = self.block
        self.out(f"br label %{header}")
        self.start(header)
        phis = [self.fresh() for _ in range(1 + len(inits))]
        self.values[args[0]] = phis[0]
        for a, n in zip(args[1:], phis[1:]):
            self.values[a] = n
        slot = len(self.lines)
        cond = self.fresh()
        self.out(f"{cond} = icmp slt {t} {phis[0]}, {self.val(ub)}")
        self.out(f"br i1 {cond}, label %{body_label}, label %{exit_label}")
        self.start(body_label)
        if inner is not None:
            yielded = inner()
        else:
            yielded = self.region_body(body)
        nxt = self.fresh()
        self.out(f"{nxt} = add nsw {t} {phis[0]}, {self.val(step)}")
        latch = self.block
        self.out(f"br label %{header}")
        incoming = [(self.val(lb), nxt)] + [(self.val(init), y) for init, y in zip(inits, yielded)]
        types = [t] + [_ltype(op, v.type) for v in inits]
        self.lines[slot:slot] = [
            f"  {n} = phi {ty} [ {i}, %{pre} ], [ {y}, %{latch} ]"
            for n, ty, (i, y) in zip(phis, types, incoming)
        ]
        self.start(exit_label)
        for r, n in zip(op.results, phis[1:]):
            self.values[r] = n

    def region_body(self, block: Block) -> list[str]:
        """Emit a region's block up to its terminator; return the yielded values."""
        term = block.last_op
        for o in block.ops:
            if o is term:
                break
            handler = _HANDLERS.get(o.name)
            if handler is None:
                raise _not_covered(o)
            handler(self, o)
        if isinstance(term, scf.YieldOp):
            return [self.val(v) for v in term.operands]
        if isinstance(term, scf.ReduceOp) and not term.operands:
            return []
        assert term is not None
        raise _not_covered(term, "as a region terminator is not covered")

    def parallel(self, op: Operation) -> None:
        assert isinstance(op, scf.ParallelOp)
        if op.initVals:
            raise _not_covered(op, "with reductions is not covered")
        body = op.body.block
        dims = list(zip(op.lowerBound, op.upperBound, op.step, body.args))

        def nest(k: int) -> list[str]:
            if k == len(dims):
                return self.region_body(body)
            lb, ub, step, iv = dims[k]
            self.loop(op, lb, ub, step, [], body, [iv], inner=lambda: nest(k + 1))
            return []

        nest(0)

    def if_(self, op: Operation) -> None:
        assert isinstance(op, scf.IfOp)
        then_label, merge = self.new_label(), self.new_label()
        has_else = bool(op.false_region.blocks)
        else_label = self.new_label() if has_else else merge
        self.out(f"br i1 {self.val(op.cond)}, label %{then_label}, label %{else_label}")
        self.start(then_label)
        then_vals = self.region_body(op.true_region.block)
        then_end = self.block
        self.out(f"br label %{merge}")
        else_vals: list[str] = []
        else_end = self.block
        if has_else:
            self.start(else_label)
            else_vals = self.region_body(op.false_region.block)
            else_end = self.block
            self.out(f"br label %{merge}")
        self.start(merge)
        for r, a, b in zip(op.results, then_vals, else_vals):
            n = self.fresh()
            self.values[r] = n
            self.out(f"{n} = phi {_ltype(op, r.type)} [ {a}, %{then_end} ], [ {b}, %{else_end} ]")

    def noop(self, op: Operation) -> None:
        pass

    # -- func -----------------------------------------------------------------------
    def call(self, op: Operation) -> None:
        assert isinstance(op, func.CallOp)
        callee = self.module.functions.get(op.callee.root_reference.data)
        if callee is None or not is_math_function(callee) or len(op.results) != 1:
            raise _not_covered(op, "of a function that is not a math function is not covered")
        t = _ltype(op, op.results[0].type)
        args = ", ".join(self.typed(a, op) for a in op.arguments)
        site = self.module.em.call_site_attributes(op)  # type: ignore[arg-type]
        self.define(op, f"call {t} @{op.callee.root_reference.data}({args}){site}")

    def return_(self, op: Operation) -> None:
        if op.operands:
            (v,) = op.operands
            self.out(f"ret {self.typed(v, op)}")
        else:
            self.out("ret void")


_HANDLERS: dict[str, Callable[[_Function, Operation], None]] = {
    "arith.constant": _Function.constant,
    **{n: _Function.int_binary for n in (*_INT_BINARY, *_INT_PLAIN)},
    **{n: _Function.int_intrinsic for n in _INT_INTRINSIC},
    **{n: _Function.float_binary for n in _FLOAT_BINARY},
    **{n: _Function.float_intrinsic for n in _FLOAT_INTRINSIC},
    "arith.negf": _Function.negf,
    **{
        n: _Function.int_division
        for n in ("arith.floordivsi", "arith.ceildivsi", "arith.ceildivui")
    },
    "arith.cmpi": _Function.cmpi,
    "arith.cmpf": _Function.cmpf,
    "arith.select": _Function.select,
    **{n: _Function.cast for n in _CASTS},
    "arith.index_cast": _Function.index_cast,
    **{n: _Function.math for n in (*CPU_MATH_INTRINSICS, *LIBM, "math.rsqrt")},
    **{n: _Function.int_math for n in ("math.absi", "math.ctlz", "math.cttz", "math.ctpop")},
    "memref.load": _Function.load,
    "memref.store": _Function.store,
    "memref.dim": _Function.dim,
    "memref.alloca": _Function.alloca,
    "vector.load": _Function.vector_load,
    "vector.store": _Function.vector_store,
    "vector.broadcast": _Function.vector_broadcast,
    "vector.fma": _Function.vector_fma,
    "vector.shuffle": _Function.vector_shuffle,
    "libcall.gemm": _Function.gemm,
    "loop.row": _Function.row,
    "loop.parallel_for": _Function.parallel_for,
    "scf.for": _Function.for_,
    "scf.parallel": _Function.parallel,
    "scf.if": _Function.if_,
    "func.call": _Function.call,
    "func.return": _Function.return_,
}


# ----------------------------------------------------------------------------------------
# the module


@dataclass
class _Module:
    em: ModuleText
    functions: dict[str, func.FuncOp]
    chunk_callees: set[str]
    trampolines: dict[str, list[str]] = field(default_factory=dict)

    def trampoline(self, callee: str, struct: str, types: list[str]) -> None:
        """`@<callee>__chunks(ctx, lo, hi)`, once: load the struct, call the callee."""
        if callee in self.trampolines:
            return
        lines = [
            f"define internal void @{callee}__chunks(ptr %ctx, i64 %lo, i64 %hi) {{",
            "bb0:",
            f"  %s = load {struct}, ptr %ctx",
        ]
        args = ["i64 %lo", "i64 %hi"]
        for k, t in enumerate(types):
            lines.append(f"  %f{k} = extractvalue {struct} %s, {k}")
            args.append(f"{t} %f{k}")
        lines += [f"  call void @{callee}({', '.join(args)})", "  ret void", "}", ""]
        self.trampolines[callee] = lines


def emit_kernels(module: ModuleOp, *, triple: str, data_layout: str | None = None) -> str:
    """The LLVM IR of every kernel (and math function) of `module`; raises `NotCovered`
    for the first op it does not write (module unchanged)."""
    kernels: list[func.FuncOp] = []
    for op in module.body.block.ops:
        if is_cpu_kernel(op):
            assert isinstance(op, func.FuncOp)
            kernels.append(op)
        elif op.dialect_name() in ("llvm", "gpu"):
            raise _not_covered(op, "at the top of the module is not covered")
    functions = {k.sym_name.data: k for k in kernels}
    callees = {
        o.callee.root_reference.data
        for k in kernels
        for o in k.walk()
        if isinstance(o, loop.ParallelForOp)
    }
    mod = _Module(ModuleText(triple, data_layout), functions, callees)
    body: list[str] = []
    for k in kernels:
        body.extend(_Function(mod, k).emit())
        body.append("")
    for lines in mod.trampolines.values():
        body.extend(lines)
    return mod.em.text(body)


def declare_kernels(module: ModuleOp) -> None:
    """What the host needs once the kernels are LLVM IR: each kernel a host function calls
    becomes a declaration (`func.func private`, still marked `arignote.kernel`; its code
    is the emitter's), the other kernel functions (chunk bodies, math functions) go.  The
    host's `func.call`s stay: the host program and the call stubs apply the kernel ABI to
    their operands (runtime/host.py, runtime/cpu/pystub.py), as they do to the casts of
    convert-func-to-llvm's `llvm.call`s on the llvm-dialect path."""
    from arignote.lowering.kernel_abi import host_functions

    block = module.body.block
    kernels = {op.sym_name.data: op for op in block.ops if is_cpu_kernel(op)}  # type: ignore[attr-defined]
    called = {
        op.callee.root_reference.data
        for host in host_functions(module)
        for op in host.walk()
        if isinstance(op, func.CallOp) and op.callee.root_reference.data in kernels
    }
    for name, k in kernels.items():
        assert isinstance(k, func.FuncOp)
        if name in called:
            decl = func.FuncOp.external(name, list(k.function_type.inputs.data), [])
            decl.attributes[KERNEL_ATTR] = UnitAttr()
            decl.location = k.location
            block.insert_op_before(decl, k)
        k.detach()


def lower_kernels(module: ModuleOp, *, triple: str, data_layout: str | None = None) -> str | None:
    """`emit_kernels`, and the called kernels left as declarations (`declare_kernels`: the
    module then needs no convert-to-llvm); None (the module as it was) when the emitter
    does not cover one of its ops."""
    try:
        text = emit_kernels(module, triple=triple, data_layout=data_layout)
    except NotCovered:
        return None
    declare_kernels(module)
    return text
