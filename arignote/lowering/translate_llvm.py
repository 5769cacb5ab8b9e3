"""The llvm dialect (+ nvvm ops) to LLVM IR text.

`translate_module(module, triple=..., data_layout=..., scope="host"|"gpu")` prints one LLVM
module holding every `llvm.func` / `llvm.mlir.global` at the top level of `module`
(scope `host`: the CPU kernels) or inside its `gpu.module`s (scope `gpu`).  It is our own
text emitter (xDSL's llvmlite-based one miscompiles GEPs on `ptr addrspace(1)` and lacks
ops and calling conventions), and its output parses and verifies in llvmlite.

- blocks with arguments become phis (the entry block's arguments are the parameters);
- `llvm.mlir.constant`, `llvm.mlir.zero/undef/poison` and `llvm.mlir.addressof` become
  constant operands; floats are printed in LLVM's exact hexadecimal form;
- every `llvm.intr.<name>` op and `llvm.call_intrinsic` becomes a call of the intrinsic,
  with its overloaded-type suffix (`@llvm.exp.v8f32`, `@llvm.powi.f32.i32`) and a
  declaration; nvvm ops become the intrinsics of `arignote.dialects.nvvm.INTRINSIC_OF`;
- parameter attributes `llvm.noalias`, `llvm.align`, `llvm.readonly`, `llvm.writeonly`,
  `llvm.nonnull`, `llvm.noundef`, `llvm.dereferenceable` are kept; fastmath, overflow
  (nsw/nuw), exact, disjoint and nneg flags are kept;
- `nvvm.kernel` selects the `ptx_kernel` calling convention and
  `nvvm.maxntid = array<i32: x, y, z>` / `nvvm.reqntid` become the function attributes
  `"nvvm.maxntid"="x,y,z"` / `"nvvm.reqntid"="x,y,z"` (LLVM 22's NVPTX back end prints
  them as `.maxntid` / `.reqntid`).

An op the emitter does not know raises `CompileError` naming the op and its location.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from xdsl.dialects import gpu
from xdsl.dialects import llvm as xllvm
from xdsl.dialects.builtin import (
    ArrayAttr,
    BFloat16Type,
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    DictionaryAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    StringAttr,
    UnitAttr,
)
from xdsl.ir import Attribute, Block, Operation, SSAValue

from arignote.dialects import llvm as allvm
from arignote.dialects.nvvm import INTRINSIC_OF, ShflBflyOp
from arignote.errors import CompileError
from arignote.ir import location_str
from arignote.lowering.llvm_text import (
    ModuleText,
    constant_literal,
    fastmath_text,
    fcmp_predicate,
    float_literal,
    icmp_predicate,
    llvm_type,
    mangle,
    scalar_literal,
)

Scope = Literal["host", "gpu"]

# ----------------------------------------------------------------------------------------
# types


# ----------------------------------------------------------------------------------------
# constants


def _zero_literal(t: Attribute) -> str:
    if isinstance(t, xllvm.LLVMPointerType):
        return "null"
    if isinstance(t, IntegerType):
        return "false" if t.width.data == 1 else "0"
    if isinstance(t, Float16Type | BFloat16Type | Float32Type | Float64Type):
        return float_literal(0.0, t)
    return "zeroinitializer"


# ----------------------------------------------------------------------------------------
# flags

def fastmath_flags(op: Operation) -> str:
    """` fast` / ` nnan ninf` / `` from the op's fastmathFlags property."""
    return fastmath_text(op.properties.get("fastmathFlags"))


def _overflow_flags(op: Operation) -> str:
    f = op.properties.get("overflowFlags")
    bits = 0
    if isinstance(f, IntegerAttr):
        bits = f.value.data
    elif isinstance(f, xllvm.OverflowAttr):
        bits = f.to_int()
    out = ""
    if bits & 2:
        out += " nuw"
    if bits & 1:
        out += " nsw"
    return out


# ----------------------------------------------------------------------------------------
# op tables

_INT_BINARY = {
    "llvm.add": "add",
    "llvm.sub": "sub",
    "llvm.mul": "mul",
    "llvm.shl": "shl",
    "llvm.udiv": "udiv",
    "llvm.sdiv": "sdiv",
    "llvm.urem": "urem",
    "llvm.srem": "srem",
    "llvm.and": "and",
    "llvm.or": "or",
    "llvm.xor": "xor",
    "llvm.lshr": "lshr",
    "llvm.ashr": "ashr",
}
_FLOAT_BINARY = {
    "llvm.fadd": "fadd",
    "llvm.fsub": "fsub",
    "llvm.fmul": "fmul",
    "llvm.fdiv": "fdiv",
    "llvm.frem": "frem",
}
_CASTS = {
    "llvm.trunc": "trunc",
    "llvm.zext": "zext",
    "llvm.sext": "sext",
    "llvm.fpext": "fpext",
    "llvm.fptrunc": "fptrunc",
    "llvm.sitofp": "sitofp",
    "llvm.uitofp": "uitofp",
    "llvm.fptosi": "fptosi",
    "llvm.fptoui": "fptoui",
    "llvm.bitcast": "bitcast",
    "llvm.inttoptr": "inttoptr",
    "llvm.ptrtoint": "ptrtoint",
    "llvm.addrspacecast": "addrspacecast",
}
#: intrinsics whose name takes the types of these operand positions instead of the result's
_INTRINSIC_SUFFIX_OPERANDS: dict[str, tuple[int, ...]] = {
    "powi": (-1, 1),  # -1: the result type
    "vector.reduce.fadd": (1,),
    "vector.reduce.fmul": (1,),
    "masked.store": (0, 1),
    "stackrestore": (0,),
}
#: intrinsics whose LLVM form takes a trailing i1 immediate held in a property
_INTRINSIC_FLAG_PROPERTY = {
    "abs": "is_int_min_poison",
    "ctlz": "is_zero_poison",
    "cttz": "is_zero_poison",
}


# ----------------------------------------------------------------------------------------
# the emitter


def _err(op: Operation, msg: str) -> CompileError:
    return CompileError(f"{location_str(op)}: error: LLVM IR translation: '{op.name}' {msg}")


@dataclass
class _FunctionEmitter:
    module: ModuleEmitter
    func: xllvm.FuncOp
    names: dict[SSAValue, str] = field(default_factory=dict)
    labels: dict[Block, str] = field(default_factory=dict)
    counter: int = 0
    lines: list[str] = field(default_factory=list)

    def fresh(self) -> str:
        self.counter += 1
        return f"%v{self.counter}"

    def name(self, v: SSAValue) -> str:
        """The operand text of a value (constants inline)."""
        if v not in self.names:
            owner = v.owner
            if isinstance(owner, Operation):
                raise _err(owner, "result used before it is defined (or outside its function)")
            raise CompileError(
                f"LLVM IR translation: block argument of @{self.func.sym_name.data} has no name"
            )
        return self.names[v]

    def typed(self, v: SSAValue) -> str:
        return f"{llvm_type(v.type)} {self.name(v)}"

    def emit(self) -> list[str]:
        f = self.func
        ftype = f.function_type
        ret = llvm_type(ftype.output)
        cconv = self.module.calling_convention(f)
        linkage = self.module.linkage(f)
        attrs = self.module.function_attributes(f)
        arg_attrs = f.arg_attrs.data if f.arg_attrs is not None else []
        if not f.body.blocks:
            params = ", ".join(llvm_type(t) for t in ftype.inputs)
            if ftype.is_variadic:
                params += ", ..." if params else "..."
            return [f"declare{linkage}{cconv} {ret} @{f.sym_name.data}({params}){attrs}"]
        blocks = list(f.body.blocks)
        for i, b in enumerate(blocks):
            self.labels[b] = f"bb{i}"
        entry = blocks[0]
        params = []
        for i, a in enumerate(entry.args):
            n = self.fresh()
            self.names[a] = n
            pattrs = _param_attrs(arg_attrs[i] if i < len(arg_attrs) else None, f)
            params.append(f"{llvm_type(a.type)}{pattrs} {n}")
        # phis need every value's name first: name all results and block arguments
        for b in blocks[1:]:
            for a in b.args:
                self.names[a] = self.fresh()
        for b in blocks:
            for op in b.ops:
                self._name_results(op)
        incoming = self._incoming(blocks)
        out = [f"define{linkage}{cconv} {ret} @{f.sym_name.data}({', '.join(params)}){attrs} {{"]
        for b in blocks:
            out.append(f"{self.labels[b]}:")
            for a in b.args if b is not entry else ():
                edges = incoming.get(b, [])
                if not edges:
                    raise CompileError(
                        f"LLVM IR translation: block {self.labels[b]} of @{f.sym_name.data} has "
                        "arguments but no predecessors"
                    )
                pairs = ", ".join(
                    f"[ {self.name(vals[a.index])}, %{pred} ]" for pred, vals in edges
                )
                out.append(f"  {self.names[a]} = phi {llvm_type(a.type)} {pairs}")
            for op in b.ops:
                self.lines = []
                self._op(op)
                out.extend(f"  {line}" for line in self.lines)
        out.append("}")
        return out

    def _name_results(self, op: Operation) -> None:
        if isinstance(op, xllvm.ConstantOp):
            self.names[op.result] = constant_literal(op.value, op.result.type)
        elif isinstance(op, xllvm.ZeroOp):
            self.names[op.res] = _zero_literal(op.res.type)
        elif isinstance(op, xllvm.UndefOp):
            self.names[op.res] = "undef"
        elif isinstance(op, allvm.PoisonOp):
            self.names[op.res] = "poison"
        elif isinstance(op, xllvm.AddressOfOp):
            self.names[op.result] = "@" + op.global_name.root_reference.data
        else:
            for r in op.results:
                self.names[r] = self.fresh()

    def _incoming(self, blocks: list[Block]) -> dict[Block, list[tuple[str, list[SSAValue]]]]:
        incoming: dict[Block, list[tuple[str, list[SSAValue]]]] = {}
        for b in blocks:
            term = b.last_op
            if isinstance(term, xllvm.BrOp):
                edges = [(term.successor, list(term.arguments))]
            elif isinstance(term, xllvm.CondBrOp):
                edges = [
                    (term.then_block, list(term.then_arguments)),
                    (term.else_block, list(term.else_arguments)),
                ]
                if term.then_block is term.else_block and edges[0][1] != edges[1][1]:
                    raise _err(term, "branches to one block with different arguments")
                if term.then_block is term.else_block:
                    edges = edges[:1]
            else:
                continue
            for succ, vals in edges:
                if len(vals) != len(succ.args):
                    raise _err(term, "passes the wrong number of block arguments")
                incoming.setdefault(succ, []).append((self.labels[b], vals))
        return incoming

    def out(self, line: str) -> None:
        self.lines.append(line)

    def result(self, op: Operation) -> str:
        return self.names[op.results[0]]

    # -- the instructions -----------------------------------------------------------

    def _op(self, op: Operation) -> None:  # noqa: C901 - one dispatch over the op set
        name = op.name
        if isinstance(
            op, xllvm.ConstantOp | xllvm.ZeroOp | xllvm.UndefOp | allvm.PoisonOp | xllvm.AddressOfOp
        ):
            return
        if name in _INT_BINARY:
            flags = _overflow_flags(op)
            if op.properties.get("isExact") is not None:
                flags += " exact"
            if op.properties.get("isDisjoint") is not None:
                flags += " disjoint"
            a, b = op.operands
            opcode = _INT_BINARY[name]
            self.out(f"{self.result(op)} = {opcode}{flags} {self.typed(a)}, {self.name(b)}")
        elif name in _FLOAT_BINARY:
            a, b = op.operands
            self.out(
                f"{self.result(op)} = {_FLOAT_BINARY[name]}{fastmath_flags(op)} "
                f"{self.typed(a)}, {self.name(b)}"
            )
        elif isinstance(op, xllvm.FNegOp):
            self.out(f"{self.result(op)} = fneg{fastmath_flags(op)} {self.typed(op.arg)}")
        elif name in _CASTS:
            flags = " nneg" if op.properties.get("nonNeg") is not None else ""
            if name == "llvm.trunc":
                flags = _overflow_flags(op)
            (a,) = op.operands
            self.out(
                f"{self.result(op)} = {_CASTS[name]}{flags} {self.typed(a)} "
                f"to {llvm_type(op.results[0].type)}"
            )
        elif isinstance(op, xllvm.ICmpOp):
            pred = icmp_predicate(op.predicate.value.data)
            self.out(f"{self.result(op)} = icmp {pred} {self.typed(op.lhs)}, {self.name(op.rhs)}")
        elif isinstance(op, xllvm.FCmpOp):
            pred = fcmp_predicate(op.predicate.value.data)
            self.out(
                f"{self.result(op)} = fcmp{fastmath_flags(op)} {pred} "
                f"{self.typed(op.lhs)}, {self.name(op.rhs)}"
            )
        elif isinstance(op, xllvm.SelectOp):
            self.out(
                f"{self.result(op)} = select{fastmath_flags(op)} {self.typed(op.cond)}, "
                f"{self.typed(op.lhs)}, {self.typed(op.rhs)}"
            )
        elif isinstance(op, allvm.FreezeOp):
            self.out(f"{self.result(op)} = freeze {self.typed(op.val)}")
        elif isinstance(op, xllvm.GEPOp):
            self._gep(op)
        elif isinstance(op, xllvm.LoadOp):
            if op.ordering.value.data != 0:
                raise _err(op, "atomic loads are not supported")
            align = f", align {op.alignment.value.data}" if op.alignment is not None else ""
            t = llvm_type(op.dereferenced_value.type)
            self.out(f"{self.result(op)} = load {t}, {self.typed(op.ptr)}{align}")
        elif isinstance(op, xllvm.StoreOp):
            if op.ordering is not None and op.ordering.value.data != 0:
                raise _err(op, "atomic stores are not supported")
            vol = "volatile " if op.volatile_ is not None else ""
            align = f", align {op.alignment.value.data}" if op.alignment is not None else ""
            self.out(f"store {vol}{self.typed(op.value)}, {self.typed(op.ptr)}{align}")
        elif isinstance(op, allvm.AtomicRMWOp):
            self.out(
                f"{self.result(op)} = atomicrmw {op.bin_op.data} {self.typed(op.ptr)}, "
                f"{self.typed(op.val)} {op.ordering.data}"
            )
        elif isinstance(op, xllvm.AllocaOp):
            align = f", align {op.alignment.value.data}" if op.alignment is not None else ""
            t = llvm_type(op.elem_type)
            self.out(f"{self.result(op)} = alloca {t}, {self.typed(op.size)}{align}")
        elif isinstance(op, xllvm.CallOp):
            self._call(op)
        elif isinstance(op, xllvm.CallIntrinsicOp):
            self._intrinsic_call(op.intrin.data, list(op.args), op.results, fastmath_flags(op))
        elif name.startswith("llvm.intr."):
            self._intrinsic(op)
        elif isinstance(op, ShflBflyOp):
            self._intrinsic_call(op.intrinsic(), list(op.operands), op.results, "")
        elif name in INTRINSIC_OF:
            self._intrinsic_call(INTRINSIC_OF[name], list(op.operands), op.results, "")
        elif isinstance(op, xllvm.ExtractValueOp):
            pos = ", ".join(str(p) for p in op.position.iter_values())
            self.out(f"{self.result(op)} = extractvalue {self.typed(op.container)}, {pos}")
        elif isinstance(op, xllvm.InsertValueOp):
            pos = ", ".join(str(p) for p in op.position.iter_values())
            self.out(
                f"{self.result(op)} = insertvalue {self.typed(op.container)}, "
                f"{self.typed(op.value)}, {pos}"
            )
        elif isinstance(op, xllvm.InsertElementOp):
            self.out(
                f"{self.result(op)} = insertelement {self.typed(op.vector)}, "
                f"{self.typed(op.value)}, "
                f"{self.typed(op.index)}"
            )
        elif isinstance(op, xllvm.ShuffleVectorOp):
            mask = [int(m) for m in op.mask.iter_values()]
            mask_text = ", ".join("i32 poison" if m < 0 else f"i32 {m}" for m in mask)
            self.out(
                f"{self.result(op)} = shufflevector {self.typed(op.v1)}, {self.typed(op.v2)}, "
                f"<{len(mask)} x i32> <{mask_text}>"
            )
        elif isinstance(op, xllvm.BrOp):
            self.out(f"br label %{self.labels[op.successor]}")
        elif isinstance(op, xllvm.CondBrOp):
            self.out(
                f"br {self.typed(op.cond)}, label %{self.labels[op.then_block]}, "
                f"label %{self.labels[op.else_block]}"
            )
        elif isinstance(op, xllvm.ReturnOp):
            self.out(f"ret {self.typed(op.arg)}" if op.arg is not None else "ret void")
        elif isinstance(op, xllvm.UnreachableOp):
            self.out("unreachable")
        else:
            raise _err(op, "is not supported by the LLVM IR translation")

    def _gep(self, op: xllvm.GEPOp) -> None:
        ssa = iter(op.ssa_indices)
        parts = []
        for raw in op.rawConstantIndices.iter_values():
            if raw == xllvm.GEP_USE_SSA_VAL:
                parts.append(self.typed(next(ssa)))
            else:
                parts.append(f"i32 {raw}")
        from arignote.dialects.llvm import GEP_INBOUNDS, gep_no_wrap_flags

        flags = gep_no_wrap_flags(op)
        inbounds = " inbounds" if flags & GEP_INBOUNDS == GEP_INBOUNDS else ""
        idx = "".join(f", {p}" for p in parts)
        t = llvm_type(op.elem_type)
        self.out(f"{self.result(op)} = getelementptr{inbounds} {t}, {self.typed(op.ptr)}{idx}")

    def _call(self, op: xllvm.CallOp) -> None:
        if op.callee is None:
            raise _err(op, "indirect calls are not supported")
        callee = op.callee.root_reference.data
        self.module.require_callee(op, callee)
        args = ", ".join(self.typed(a) for a in op.args)
        ret = llvm_type(op.returned.type) if op.returned is not None else "void"
        lhs = f"{self.result(op)} = " if op.results else ""
        site = self.module.call_site_attributes(op)
        self.out(f"{lhs}call{fastmath_flags(op)} {ret} @{callee}({args}){site}")

    def _intrinsic(self, op: Operation) -> None:
        short = op.name[len("llvm.intr.") :]
        positions = _INTRINSIC_SUFFIX_OPERANDS.get(short)
        if positions is None:
            if not op.results:
                raise _err(op, "has no result to name the intrinsic's type by")
            types = [op.results[0].type]
        else:
            types = [op.results[0].type if p == -1 else op.operands[p].type for p in positions]
        intrin = "llvm." + short + "".join("." + mangle(t) for t in types)
        args = [self.typed(v) for v in op.operands]
        arg_types = [llvm_type(v.type) for v in op.operands]
        if short in _INTRINSIC_FLAG_PROPERTY:
            flag = op.properties.get(_INTRINSIC_FLAG_PROPERTY[short])
            on = isinstance(flag, IntegerAttr) and flag.value.data != 0
            args.append("i1 true" if on else "i1 false")
            arg_types.append("i1")
        if short == "masked.store":
            align = op.properties.get("alignment")
            args.insert(2, f"i32 {align.value.data if isinstance(align, IntegerAttr) else 1}")
            arg_types.insert(2, "i32")
        ret = llvm_type(op.results[0].type) if op.results else "void"
        self.module.declare(intrin, ret, arg_types)
        lhs = f"{self.result(op)} = " if op.results else ""
        self.out(f"{lhs}call{fastmath_flags(op)} {ret} @{intrin}({', '.join(args)})")

    def _intrinsic_call(
        self, intrin: str, operands: list[SSAValue], results: Iterable[SSAValue], flags: str
    ) -> None:
        results = list(results)
        ret = llvm_type(results[0].type) if results else "void"
        self.module.declare(intrin, ret, [llvm_type(v.type) for v in operands])
        lhs = f"{self.names[results[0]]} = " if results else ""
        self.out(f"{lhs}call{flags} {ret} @{intrin}({', '.join(self.typed(v) for v in operands)})")


_PARAM_ATTRS = {
    "llvm.noalias": "noalias",
    "llvm.readonly": "readonly",
    "llvm.writeonly": "writeonly",
    "llvm.nonnull": "nonnull",
    "llvm.noundef": "noundef",
    "llvm.nocapture": "captures(none)",
}
_PARAM_INT_ATTRS = {"llvm.align": "align", "llvm.dereferenceable": "dereferenceable"}


def _param_attrs(d: Attribute | None, f: xllvm.FuncOp) -> str:
    if not isinstance(d, DictionaryAttr):
        return ""
    out = []
    for key, value in d.data.items():
        if key in _PARAM_ATTRS and isinstance(value, UnitAttr):
            out.append(_PARAM_ATTRS[key])
        elif key in _PARAM_INT_ATTRS and isinstance(value, IntegerAttr):
            out.append(f"{_PARAM_INT_ATTRS[key]} {value.value.data}")
        elif not key.startswith("llvm."):
            continue  # not an LLVM attribute (e.g. our own annotations)
        else:
            raise CompileError(
                f"{location_str(f)}: error: LLVM IR translation: parameter attribute {key} "
                f"of @{f.sym_name.data} is not supported"
            )
    return "".join(" " + a for a in out)


@dataclass
class ModuleEmitter(ModuleText):
    """The module being translated, with its llvm-dialect symbols (functions, globals)."""

    symbols: dict[str, Operation] = field(default_factory=dict)

    def require_callee(self, op: Operation, callee: str) -> None:
        if callee not in self.symbols:
            raise _err(op, f"calls @{callee}, which is not an llvm.func of the translated module")

    def linkage(self, f: xllvm.FuncOp | xllvm.GlobalOp) -> str:
        kind = f.linkage.linkage.data
        if isinstance(f, xllvm.FuncOp) and not f.body.blocks:
            return " extern_weak" if kind == "extern_weak" else ""
        return "" if kind == "external" else f" {kind}"

    def calling_convention(self, f: xllvm.FuncOp) -> str:
        if "nvvm.kernel" in f.attributes or "nvvm.kernel" in f.properties:
            return " ptx_kernel"
        cc = f.CConv.convention.data
        return "" if cc == "ccc" else f" {cc}"

    def function_attributes(self, f: xllvm.FuncOp) -> str:
        attrs: list[str] = []
        for key in ("nvvm.maxntid", "nvvm.reqntid"):
            value = f.attributes.get(key) or f.properties.get(key)
            if value is None:
                continue
            dims = _int_list(value)
            if dims is None:
                raise CompileError(
                    f"{location_str(f)}: error: LLVM IR translation: {key} of @{f.sym_name.data} "
                    f"must be an array of integers, got {value}"
                )
            attrs.append(f'"{key}"="{",".join(str(d) for d in dims)}"')
        if not f.body.blocks or not attrs:
            return ""
        return self.group(attrs)

    def global_text(self, g: xllvm.GlobalOp) -> str:
        t = g.global_type
        kind = "constant" if g.constant is not None else "global"
        space = g.addr_space.value.data
        addr = f" addrspace({space})" if space else ""
        align = f", align {g.alignment.value.data}" if g.alignment is not None else ""
        name = g.sym_name.data
        if g.body.blocks and g.body.blocks.first and g.body.blocks.first.ops:
            raise _err(g, "with an initializer region is not supported")
        value = g.value
        if value is None:
            if g.linkage.linkage.data == "external":
                return f"@{name} = external{_tls(g)}{addr} {kind} {llvm_type(t)}{align}"
            init = "undef" if space == 3 else "zeroinitializer"
        elif isinstance(value, StringAttr) and isinstance(t, xllvm.LLVMArrayType):
            data = "".join(f"\\{b:02X}" for b in value.data.encode())
            init = f'c"{data}"'
        elif isinstance(value, DenseIntOrFPElementsAttr) and isinstance(t, xllvm.LLVMArrayType):
            et = t.type
            items = ", ".join(
                f"{llvm_type(et)} {scalar_literal(v, et)}" for v in value.get_values()
            )
            init = f"[{items}]"
        else:
            init = constant_literal(value, t)
        return f"@{name} ={self.linkage(g)}{_tls(g)}{addr} {kind} {llvm_type(t)} {init}{align}"


def _tls(g: xllvm.GlobalOp) -> str:
    """` thread_local[(model)]` of a thread-local global (upstream's tls_mode; xDSL's
    thread_local_ unit property is the general-dynamic model)."""
    mode = getattr(g, "tls_mode", None)
    n = mode.value.data if mode is not None else (1 if g.thread_local_ is not None else 0)
    if not n:
        return ""
    from arignote.dialects.llvm import TLS_MODES

    return " thread_local" if n == 1 else f" thread_local({TLS_MODES[n]})"


def _int_list(value: Attribute) -> list[int] | None:
    if isinstance(value, DenseArrayBase):
        return [int(v) for v in value.iter_values()]
    if isinstance(value, ArrayAttr) and all(isinstance(v, IntegerAttr) for v in value.data):
        return [v.value.data for v in value.data]  # type: ignore[union-attr]
    if isinstance(value, IntegerAttr):
        return [value.value.data]
    return None


def _top_level_ops(module: ModuleOp, scope: Scope) -> list[Operation]:
    if scope == "host":
        return [op for op in module.body.block.ops if isinstance(op, xllvm.FuncOp | xllvm.GlobalOp)]
    if scope == "gpu":
        ops: list[Operation] = []
        for m in module.body.block.ops:
            if isinstance(m, gpu.ModuleOp):
                ops.extend(
                    op
                    for op in m.body.block.ops
                    if isinstance(op, xllvm.FuncOp | xllvm.GlobalOp)
                )
        return ops
    raise CompileError(f"LLVM IR translation: unknown scope {scope!r} (use 'host' or 'gpu')")


def translate_module(
    module: ModuleOp,
    *,
    triple: str,
    data_layout: str | None = None,
    scope: Scope = "host",
) -> str:
    """LLVM IR text of the llvm-dialect functions and globals of `module` in `scope`.

    scope "host": the `llvm.func`s / `llvm.mlir.global`s at the top level (CPU kernels);
    scope "gpu": those inside the `gpu.module`s (GPU kernels).  Raises `CompileError`
    naming the op for anything it cannot translate.
    """
    ops = _top_level_ops(module, scope)
    em = ModuleEmitter(triple, data_layout)
    for op in ops:
        name = op.sym_name.data  # type: ignore[attr-defined]
        if name in em.symbols:
            if isinstance(op, xllvm.FuncOp) and not op.body.blocks:
                continue  # the same declaration in two gpu.modules
            raise _err(op, f"defines @{name} twice")
        em.symbols[name] = op
    body: list[str] = []
    for op in ops:
        if em.symbols.get(op.sym_name.data) is not op:  # type: ignore[attr-defined]
            continue
        if isinstance(op, xllvm.GlobalOp):
            body.append(em.global_text(op))
        else:
            assert isinstance(op, xllvm.FuncOp)
            body.extend(_FunctionEmitter(em, op).emit())
        body.append("")
    return em.text(body)

