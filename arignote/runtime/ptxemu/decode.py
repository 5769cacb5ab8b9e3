"""Decode one `.entry` (and the `.func`s it calls) into a flat program of closures.

`KernelProgram` is what the executor runs: a list of `Op`s (one per PTX instruction,
with its kind, guard predicate slot, branch target and a closure `fn(ctx, lanes)`), the
register slots with their NumPy dtypes, and the layouts of the shared, local and
parameter state spaces.  Every operand is resolved here, once: registers to slots,
symbols to state-space addresses, immediates to NumPy scalars of the instruction type.

Calls use PTX's param-space ABI: a `.func`'s parameters and return values live in a
per-thread parameter area, and the `.param` variables a caller declares for a call
sequence are aliased to the callee's slots, so `st.param` / `call` / `ld.param` need no
copies.  Recursion is rejected (functions get static frames).

Unknown opcodes or forms raise `PTXEmuError` naming the opcode and the PTX line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from arignote.runtime.ptxemu import fpu
from arignote.runtime.ptxemu.errors import PTXEmuError
from arignote.runtime.ptxemu.executor import (
    K_BAR,
    K_BRA,
    K_CALL,
    K_EXIT,
    K_OP,
    K_RET,
    K_WARP,
    Ctx,
    Lanes,
)
from arignote.runtime.ptxemu.memory import LOCAL_WINDOW, PARAM_WINDOW, SHARED_WINDOW
from arignote.runtime.ptxemu.parser import (
    TYPE_BYTES,
    TYPES,
    Addr,
    FImm,
    Function,
    Imm,
    Instr,
    Label,
    Module,
    Operand,
    Paren,
    Reg,
    Sink,
    Sym,
    Vec,
)

NP: dict[str, Any] = {
    "pred": np.bool_, "b8": np.uint8, "u8": np.uint8, "s8": np.int8,
    "b16": np.uint16, "u16": np.uint16, "s16": np.int16, "f16": np.float16, "bf16": np.uint16,
    "b32": np.uint32, "u32": np.uint32, "s32": np.int32, "f32": np.float32,
    "f16x2": np.uint32, "bf16x2": np.uint32,
    "b64": np.uint64, "u64": np.uint64, "s64": np.int64, "f64": np.float64, "f32x2": np.uint64,
}  # fmt: skip
UINT = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}
SINT = {1: np.int8, 2: np.int16, 4: np.int32, 8: np.int64}
FLOATS = {"f16", "bf16", "f32", "f64"}
SIGNED = {"s8", "s16", "s32", "s64"}

PER_LANE_SPECIALS = {
    "%tid.x", "%tid.y", "%tid.z", "%ctaid.x", "%ctaid.y", "%ctaid.z", "%laneid", "%warpid",
    "%lanemask_eq", "%lanemask_lt", "%lanemask_le", "%lanemask_gt", "%lanemask_ge",
}  # fmt: skip
UNIFORM_SPECIALS = {
    "%ntid.x", "%ntid.y", "%ntid.z", "%nctaid.x", "%nctaid.y", "%nctaid.z", "%nwarpid",
    "%smid", "%nsmid", "%gridid", "%dynamic_smem_size", "%total_smem_size", "WARP_SZ",
}  # fmt: skip
CLOCKS = {"%clock", "%clock64", "%clock_hi", "%globaltimer", "%globaltimer_lo", "%globaltimer_hi"}

SHARED_RED_ZONE = 128
LOCAL_RED_ZONE = 64

Reader = Callable[[Ctx, Lanes], Any]
Writer = Callable[[Ctx, Lanes, Any], None]


@dataclass
class Op:
    """One decoded instruction."""

    kind: int
    src: Instr
    func: str
    fn: Callable[..., Any] | None = None
    guard: int = -1
    gneg: bool = False
    target: int = -1
    func_callee: str = ""
    mask_fn: Callable[[Ctx, np.ndarray], Any] | None = None


@dataclass
class KernelProgram:
    name: str
    ops: list[Op] = field(default_factory=list)
    entry_pc: int = 0
    slot_dtypes: list[Any] = field(default_factory=list)
    special_slots: dict[str, int] = field(default_factory=dict)
    shared_static: int = 0
    dyn_shared_offset: int | None = None
    shared_regions: list[tuple[int, int, str]] = field(default_factory=list)
    local_size: int = 0
    local_regions: list[tuple[int, int, str]] = field(default_factory=list)
    tparam_size: int = 0
    functions_called: set[str] = field(default_factory=set)
    # kernel parameters: name, type, offset, size
    kparams: list[tuple[str, str, int, int]] = field(default_factory=list)
    kparam_size: int = 0
    reqntid: list[int] | None = None
    maxntid: list[int] | None = None
    shared_declared: int = 0  # bytes of the static shared variables (without red zones)

    def shared_bytes_needed(self, dynamic: int) -> int:
        return self.shared_declared + dynamic

    @property
    def bytes_per_lane(self) -> int:
        regs = sum(np.dtype(d).itemsize for d in self.slot_dtypes)
        return regs + self.local_size + self.tparam_size + 64


def _align(n: int, a: int) -> int:
    return (n + a - 1) // a * a


def type_of(mods: list[str], ins: Instr, count: int = 1) -> list[str]:
    ts = [m for m in mods if m in TYPES]
    if len(ts) < count:
        raise PTXEmuError(f"PTX line {ins.line}: '{ins.opcode}' has no type (in '{ins.text}')")
    return ts


DecodeFn = Callable[["Decoder", Instr, Function], Op]
DECODERS: dict[str, DecodeFn] = {}


def decoder(*names: str) -> Callable[[DecodeFn], DecodeFn]:
    def reg(f: DecodeFn) -> DecodeFn:
        for n in names:
            DECODERS[n] = f
        return f

    return reg


class Decoder:
    """Builds the `KernelProgram` of one entry of a parsed module."""

    def __init__(self, module: Module, entry: str, global_addrs: dict[str, int]) -> None:
        self.module = module
        self.entry = entry
        self.global_addrs = global_addrs
        self.prog = KernelProgram(entry)
        self.slots: dict[tuple[str, str], int] = {}
        self.reg_types: dict[tuple[str, str], str] = {}
        self.syms: dict[tuple[str, str], tuple[str, int]] = {}  # (func, name) -> (space, addr)
        self.labels: dict[tuple[str, str], int] = {}
        self.func_pc: dict[str, int] = {}
        self.cc_slot = -1
        self.module_syms: dict[str, tuple[str, int]] = {}

    # ------------------------------------------------------------------ errors
    def err(self, ins: Instr, msg: str) -> PTXEmuError:
        return PTXEmuError(f"PTX line {ins.line}: {msg} (in '{ins.text}')")

    # ------------------------------------------------------------------ build
    def build(self) -> KernelProgram:
        mod = self.module
        entry = mod.functions.get(self.entry)
        if entry is None or entry.kind != "entry" or not entry.defined:
            names = [f.name for f in mod.functions.values() if f.kind == "entry" and f.defined]
            raise PTXEmuError(f"no kernel {self.entry!r} in the module (kernels: {names})")
        order = self._reachable(entry)
        prog = self.prog
        prog.functions_called = {f.name for f in order[1:]}
        prog.reqntid = entry.directives.get(".reqntid")
        prog.maxntid = entry.directives.get(".maxntid")
        # program counters of functions and labels
        pc = 0
        for f in order:
            self.func_pc[f.name] = pc
            for item in f.body:
                if isinstance(item, Label):
                    self.labels[(f.name, item.name)] = pc
                else:
                    pc += 1
        # registers
        for f in order:
            for name, typ in f.regs.items():
                if typ not in NP:
                    raise PTXEmuError(
                        f"PTX line {f.line}: registers of type .{typ} are not supported"
                    )
                self.slots[(f.name, name)] = len(prog.slot_dtypes)
                self.reg_types[(f.name, name)] = typ
                # registers hold raw bits: unsigned storage of the declared width
                prog.slot_dtypes.append(np.bool_ if typ == "pred" else UINT[TYPE_BYTES[typ]])
        self.cc_slot = self._new_slot(np.uint8)
        self._layout(order)
        for f in order:
            for item in f.body:
                if isinstance(item, Instr):
                    prog.ops.append(self.decode(item, f))
        prog.entry_pc = self.func_pc[entry.name]
        return prog

    def _new_slot(self, dt: Any) -> int:
        self.prog.slot_dtypes.append(dt)
        return len(self.prog.slot_dtypes) - 1

    def _reachable(self, entry: Function) -> list[Function]:
        order: list[Function] = [entry]
        state: dict[str, int] = {entry.name: 1}

        def visit(f: Function) -> None:
            for item in f.body:
                if isinstance(item, Instr) and item.mnemonic == "call":
                    callee = self._callee_name(item)
                    g = self.module.functions.get(callee)
                    if g is None or not g.defined:
                        raise PTXEmuError(
                            f"PTX line {item.line}: call of {callee!r}, which is not defined "
                            f"in this module (in '{item.text}')"
                        )
                    if state.get(callee) == 1:
                        raise PTXEmuError(
                            f"PTX line {item.line}: recursive call of {callee!r} is not "
                            f"supported by the emulator (in '{item.text}')"
                        )
                    if callee not in state:
                        state[callee] = 1
                        order.append(g)
                        visit(g)
                        state[callee] = 2
            state[f.name] = 2

        visit(entry)
        return order

    def _callee_name(self, ins: Instr) -> str:
        for o in ins.operands:
            if isinstance(o, Sym):
                return o.name
            if isinstance(o, Reg):
                raise self.err(ins, "indirect calls are not supported")
        raise self.err(ins, "call without a function name")

    def _layout(self, order: list[Function]) -> None:
        prog = self.prog
        mod = self.module
        used = self._used_symbols(order)
        # module-level shared variables used by the kernel, then function-level ones
        shared: list[tuple[str, Any, str]] = []  # (key owner, decl, display)
        for g in mod.globals:
            if g.space == "shared" and g.name in used:
                shared.append(("", g, g.name))
        for f in order:
            for v in f.vars:
                if v.space == "shared":
                    shared.append((f.name, v, v.name))
        off = 0
        dyn: list[tuple[str, Any]] = []
        for owner, v, disp in shared:
            if v.count is None:
                dyn.append((owner, v))
                continue
            off = _align(off, max(v.align, 16))
            prog.shared_regions.append((off, off + v.nbytes, disp.split("#")[0]))
            prog.shared_declared += v.nbytes
            self._bind(owner, v.name, ("shared", off))
            off += v.nbytes + SHARED_RED_ZONE
        if dyn:
            off = _align(off, 128)
            prog.dyn_shared_offset = off
            for owner, v in dyn:
                self._bind(owner, v.name, ("shared", off))
        prog.shared_static = off
        # local variables (static frames)
        off = 0
        for f in order:
            for v in f.vars:
                if v.space == "local":
                    off = _align(off, max(v.align, 8))
                    prog.local_regions.append((off, off + v.nbytes, v.name))
                    self._bind(f.name, v.name, ("local", off))
                    off += v.nbytes + LOCAL_RED_ZONE
        prog.local_size = _align(off, 16)
        # kernel parameters
        entry = order[0]
        off = 0
        for p in entry.params:
            # a parameter is aligned to its element size at least (the `.align` of a
            # `.ptr` parameter is the pointee's alignment, not the parameter's)
            a = max(p.align, p.elem_bytes, 1)
            off = _align(off, a)
            size = p.elem_bytes * (p.count or 1)
            prog.kparams.append((p.name, p.type if (p.count or 1) == 1 else "b8", off, size))
            self._bind(entry.name, p.name, ("kparam", off))
            off += size
        prog.kparam_size = _align(max(off, 8), 8)
        # function parameters / return values, then call-site aliases
        off = 0
        for f in order[1:]:
            for p in f.params + f.rets:
                off = _align(off, max(p.align, 8))
                self._bind(f.name, p.name, ("tparam", off))
                off += _align(p.elem_bytes * (p.count or 1), 8)
        prog.tparam_size = _align(off, 16)
        for f in order:
            params = {v.name: v for v in f.vars if v.space == "param"}
            for item in f.body:
                if isinstance(item, Instr) and item.mnemonic == "call":
                    self._alias_call(f, item, params)
            for name in params:
                if (f.name, name) not in self.syms:
                    raise PTXEmuError(
                        f"PTX line {params[name].line}: .param variable {name.split('#')[0]!r} "
                        "is not an argument of a call"
                    )
        # module-level global/const variables
        for g in mod.globals:
            if g.space in ("global", "const"):
                if g.name not in self.global_addrs:
                    if g.name in used:
                        raise PTXEmuError(
                            f"PTX line {g.line}: external variable {g.name!r} is not defined"
                        )
                    continue
                self.module_syms[g.name] = ("global", self.global_addrs[g.name])

    def _used_symbols(self, order: list[Function]) -> set[str]:
        used: set[str] = set()

        def scan(o: Operand) -> None:
            if isinstance(o, Sym):
                used.add(o.name)
            elif isinstance(o, Addr) and isinstance(o.base, Sym):
                used.add(o.base.name)
            elif isinstance(o, (Vec, Paren)):
                for e in o.elems if isinstance(o, Vec) else o.items:
                    scan(e)

        for f in order:
            for item in f.body:
                if isinstance(item, Instr):
                    for o in item.operands:
                        scan(o)
        return used

    def _bind(self, owner: str, name: str, where: tuple[str, int]) -> None:
        if owner == "":
            self.module_syms[name] = where
        else:
            self.syms[(owner, name)] = where

    def _alias_call(self, f: Function, ins: Instr, params: dict[str, Any]) -> None:
        callee = self.module.functions[self._callee_name(ins)]
        groups = [o for o in ins.operands if isinstance(o, Paren)]
        syms = [o for o in ins.operands if isinstance(o, Sym)]
        # forms: call f; call f, (args); call (rets), f; call (rets), f, (args)
        rets: list[Operand] = []
        args: list[Operand] = []
        if groups and ins.operands and isinstance(ins.operands[0], Paren):
            rets = groups[0].items
            args = groups[1].items if len(groups) > 1 else []
        elif groups:
            args = groups[0].items
        if not syms:
            raise self.err(ins, "call without a function name")
        if len(args) != len(callee.params) or len(rets) != len(callee.rets):
            raise self.err(
                ins,
                f"call of {callee.name!r} with {len(args)} arguments and {len(rets)} results; "
                f"it takes {len(callee.params)} and returns {len(callee.rets)}",
            )
        for mine, theirs in list(zip(args, callee.params, strict=True)) + list(
            zip(rets, callee.rets, strict=True)
        ):
            if not isinstance(mine, Sym) or mine.name not in params:
                raise self.err(ins, "call arguments must be .param variables of the call sequence")
            decl = params[mine.name]
            if decl.nbytes > theirs.elem_bytes * (theirs.count or 1):
                arg = mine.name.split("#")[0]
                raise self.err(ins, f"argument {arg!r} is larger than the callee's parameter")
            self.syms[(f.name, mine.name)] = self.syms[(callee.name, theirs.name)]

    # ------------------------------------------------------------------ symbols
    def symbol(self, fn: Function, name: str, ins: Instr) -> tuple[str, int]:
        s = self.syms.get((fn.name, name)) or self.module_syms.get(name)
        if s is None:
            raise self.err(ins, f"unknown symbol {name.split('#')[0]!r}")
        return s

    def label(self, fn: Function, op: Operand, ins: Instr) -> int:
        if not isinstance(op, Sym) or (fn.name, op.name) not in self.labels:
            raise self.err(ins, "branch target is not a label of this function")
        return self.labels[(fn.name, op.name)]

    # ------------------------------------------------------------------ operands
    def reg(self, fn: Function, r: Reg, ins: Instr) -> tuple[int, str]:
        key = (fn.name, r.name)
        if key in self.slots:
            return self.slots[key], self.reg_types[key]
        if r.name in PER_LANE_SPECIALS:
            slot = self.prog.special_slots.get(r.name)
            if slot is None:
                slot = self._new_slot(np.uint32)
                self.prog.special_slots[r.name] = slot
            return slot, "u32"
        raise self.err(ins, f"unknown register {r.name.split('#')[0]!r}")

    def const(self, value: int, t: str, ins: Instr) -> Any:
        if t == "pred":
            return np.bool_(value != 0)
        if t in ("f16", "f32", "f64"):
            return NP[t](value)
        if t == "bf16":
            return fpu.f32_to_bf16_bits(np.float32(value))[()]
        nb = TYPE_BYTES[t]
        return np.array(value & ((1 << (8 * nb)) - 1), UINT[nb]).view(NP[t])[()]

    def fconst(self, op: FImm, t: str, ins: Instr) -> Any:
        if t == "f32":
            if op.width == 32:
                return np.array(op.bits, np.uint32).view(np.float32)[()]
            return np.float32(op.value)
        if t == "f64":
            if op.width == 64:
                return np.array(op.bits, np.uint64).view(np.float64)[()]
            return np.float64(op.value)
        if t == "f16":
            return np.float16(op.value)
        if t == "bf16":
            return fpu.f32_to_bf16_bits(np.float32(op.value))[()]
        if t in NP and t != "pred" and op.width in (32, 64):
            nb = TYPE_BYTES[t]
            if op.width // 8 != nb:
                raise self.err(ins, f"a {op.width}-bit float literal used as .{t}")
            return np.array(op.bits, UINT[nb]).view(NP[t])[()]
        raise self.err(ins, f"float literal used as .{t}")

    def reader(self, fn: Function, op: Operand, t: str, ins: Instr) -> Reader:
        dt = NP.get(t)
        if dt is None:
            raise self.err(ins, f"type .{t} is not supported")
        if isinstance(op, Reg):
            if op.name in UNIFORM_SPECIALS:
                name = op.name
                return lambda c, L: np.asarray(c.uniform[name]).astype(dt)[()]
            if op.name in CLOCKS:
                return lambda c, L: np.asarray(c.clock()).astype(dt)[()]
            s, rt = self.reg(fn, op, ins)
            if rt == "pred" or t == "pred":
                if rt != t:
                    raise self.err(ins, f"register {op.name!r} of type .{rt} used as .{t}")
                if op.neg:
                    return lambda c, L: ~c.R[s][L]
                return lambda c, L: c.R[s][L]
            if op.neg:
                raise self.err(ins, "'!' applies to predicates only")
            rb, tb = TYPE_BYTES[rt], TYPE_BYTES[t]
            if rb == tb:
                if UINT[rb] is dt:
                    return lambda c, L: c.R[s][L]
                return lambda c, L: c.R[s][L].view(dt)
            if tb < rb:
                ut = UINT[tb]
                return lambda c, L: c.R[s][L].astype(ut).view(dt)
            raise self.err(ins, f"register {op.name.split('#')[0]!r} (.{rt}) is narrower than .{t}")
        if isinstance(op, Imm):
            v = self.const(op.value, t, ins)
            return lambda c, L: v
        if isinstance(op, FImm):
            v = self.fconst(op, t, ins)
            return lambda c, L: v
        if isinstance(op, Sym):
            if op.name == "WARP_SZ":
                v = self.const(32, t, ins)
                return lambda c, L: v
            sp, addr = self.symbol(fn, op.name, ins)
            if sp == "tparam":
                raise self.err(ins, "the address of a function parameter cannot be taken")
            v = self.const(addr + op.offset, t, ins)
            return lambda c, L: v
        raise self.err(ins, "unsupported operand")

    def writer(self, fn: Function, op: Operand, t: str, ins: Instr) -> Writer:
        if isinstance(op, Sink):
            return lambda c, L, v: None
        if not isinstance(op, Reg):
            raise self.err(ins, "the destination must be a register")
        key = (fn.name, op.name)
        if key not in self.slots:
            raise self.err(ins, f"cannot write {op.name.split('#')[0]!r}")
        s, rt = self.slots[key], self.reg_types[key]
        dt = NP[t]
        if rt == "pred" or t == "pred":
            if rt != t:
                raise self.err(ins, f"register {op.name!r} of type .{rt} written as .{t}")

            def wpred(c: Ctx, L: Lanes, v: Any) -> None:
                c.R[s][L] = v

            return wpred
        rb, tb = TYPE_BYTES[rt], TYPE_BYTES[t]
        ur = UINT[rb]
        if rb == tb:

            def w_same(c: Ctx, L: Lanes, v: Any) -> None:
                c.R[s][L] = np.asarray(v, dt).view(ur)

            return w_same
        if tb < rb:
            if t in SIGNED:
                sr = SINT[rb]

                def w_sext(c: Ctx, L: Lanes, v: Any) -> None:
                    c.R[s][L] = np.asarray(v, dt).astype(sr).view(ur)

                return w_sext
            ut = UINT[tb]

            def w_zext(c: Ctx, L: Lanes, v: Any) -> None:
                c.R[s][L] = np.asarray(v, dt).view(ut).astype(ur)

            return w_zext
        raise self.err(ins, f"register {op.name.split('#')[0]!r} (.{rt}) is narrower than .{t}")

    def address(
        self, fn: Function, op: Operand, space: str, ins: Instr
    ) -> tuple[str, Callable[[Ctx, Lanes], Any]]:
        """The state space and address function of an `[addr]` operand."""
        if not isinstance(op, Addr):
            raise self.err(ins, "expected an address operand [..]")
        off = op.offset
        if isinstance(op.base, Reg):
            s, rt = self.reg(fn, op.base, ins)
            if TYPE_BYTES.get(rt, 0) not in (4, 8) or rt in FLOATS:
                raise self.err(ins, "address registers must be 32- or 64-bit integers")
            sp = {"param": "kparam"}.get(space, space)
            uoff = np.uint64(off % (1 << 64))
            if TYPE_BYTES[rt] == 8:
                if off == 0:
                    return sp, lambda c, L: c.R[s][L]
                return sp, lambda c, L: c.R[s][L] + uoff
            return sp, lambda c, L: c.R[s][L].astype(np.uint64) + uoff
        if isinstance(op.base, Sym):
            ssp, a = self.symbol(fn, op.base.name, ins)
            a += off
            if space == "generic":
                if ssp == "tparam":
                    raise self.err(ins, "generic access to a function parameter")
                base = {"global": 0, "shared": SHARED_WINDOW, "local": LOCAL_WINDOW,
                        "kparam": PARAM_WINDOW}[ssp]  # fmt: skip
                return "generic", lambda c, L: base + a
            want = {"param": ("kparam", "tparam"), "const": ("global",)}.get(space, (space,))
            if ssp not in want:
                raise self.err(
                    ins, f"{op.base.name.split('#')[0]!r} is not in the .{space} state space"
                )
            return ssp, lambda c, L: a
        return {"param": "kparam"}.get(space, space), lambda c, L: off

    # ------------------------------------------------------------------ decode
    def decode(self, ins: Instr, fn: Function) -> Op:
        d = DECODERS.get(ins.mnemonic)
        if d is None:
            raise PTXEmuError(
                f"PTX line {ins.line}: unsupported PTX instruction '{ins.opcode}' "
                f"(in '{ins.text}')"
            )
        op = d(self, ins, fn)
        if ins.guard is not None:
            s, rt = self.reg(fn, ins.guard, ins)
            if rt != "pred":
                raise self.err(ins, "the guard must be a predicate register")
            op.guard = s
            op.gneg = ins.guard.neg
        return op

    def op(self, kind: int, ins: Instr, fn: Function, f: Callable[..., Any] | None = None) -> Op:
        return Op(kind=kind, src=ins, func=fn.name, fn=f)

    def nops(self, ins: Instr, n: int | tuple[int, ...]) -> None:
        ok = (n,) if isinstance(n, int) else n
        if len(ins.operands) not in ok:
            raise self.err(ins, f"'{ins.mnemonic}' takes {' or '.join(map(str, ok))} operands")


# ====================================================================== control flow


@decoder("bra")
def _bra(dec: Decoder, ins: Instr, fn: Function) -> Op:
    dec.nops(ins, 1)
    op = dec.op(K_BRA, ins, fn)
    op.target = dec.label(fn, ins.operands[0], ins)
    return op


@decoder("ret")
def _ret(dec: Decoder, ins: Instr, fn: Function) -> Op:
    return dec.op(K_RET, ins, fn)


@decoder("exit")
def _exit(dec: Decoder, ins: Instr, fn: Function) -> Op:
    return dec.op(K_EXIT, ins, fn)


@decoder("trap", "brkpt")
def _trap(dec: Decoder, ins: Instr, fn: Function) -> Op:
    def f(c: Ctx, L: Lanes) -> None:
        raise c.fault(c.cur_op, c.idx(L), f"'{ins.mnemonic}' executed")  # type: ignore[arg-type]

    return dec.op(K_OP, ins, fn, f)


@decoder("call")
def _call(dec: Decoder, ins: Instr, fn: Function) -> Op:
    op = dec.op(K_CALL, ins, fn)
    name = dec._callee_name(ins)
    op.func_callee = name
    op.target = dec.func_pc[name]
    return op


@decoder("membar", "fence", "nanosleep", "pmevent", "prefetch", "prefetchu", "discard")
def _nop(dec: Decoder, ins: Instr, fn: Function) -> Op:
    return dec.op(K_OP, ins, fn, lambda c, L: None)


@decoder("bar", "barrier")
def _bar(dec: Decoder, ins: Instr, fn: Function) -> Op:
    mods = ins.mods
    if "warp" in mods:  # bar.warp.sync membermask
        dec.nops(ins, 1)
        op = dec.op(K_WARP, ins, fn, lambda c, L: None)
        op.mask_fn = dec.reader(fn, ins.operands[0], "b32", ins)
        return op
    if not ("sync" in mods or (ins.mnemonic == "bar" and not mods)):
        raise PTXEmuError(
            f"PTX line {ins.line}: unsupported PTX instruction '{ins.opcode}' (in '{ins.text}')"
        )
    dec.nops(ins, (1, 2))
    rid = dec.reader(fn, ins.operands[0], "u32", ins)
    rcnt = dec.reader(fn, ins.operands[1], "u32", ins) if len(ins.operands) > 1 else None

    def f(c: Ctx, L: Lanes) -> tuple[Any, Any]:
        bid = np.asarray(rid(c, L), np.int64)
        cnt = np.asarray(rcnt(c, L), np.int64) if rcnt is not None else 0
        if np.any(bid >= 16):
            op = c.cur_op
            assert op is not None
            raise c.fault(op, c.idx(L), "barrier id out of range 0..15")
        return bid, cnt

    return dec.op(K_BAR, ins, fn, f)


# ====================================================================== data movement


_IGNORED_LDST = {
    "nc", "volatile", "relaxed", "acquire", "release", "weak", "cta", "gpu", "sys", "cluster",
    "ca", "cg", "cs", "lu", "cv", "wb", "wt", "mmio", "unified",
}  # fmt: skip
_SPACES = {"global", "shared", "local", "param", "const"}


def _ldst_mods(dec: Decoder, ins: Instr) -> tuple[str, int, str]:
    space = "generic"
    nv = 1
    t = ""
    for m in ins.mods:
        if m in _SPACES:
            space = m
        elif m in ("v2", "v4", "v8"):
            nv = int(m[1:])
        elif m in TYPES:
            t = m
        elif m in _IGNORED_LDST or "::" in m or m.startswith("L2") or m.startswith("L1"):
            continue
        elif m in ("cta", "shared::cta", "shared::cluster"):
            space = "shared"
        else:
            raise dec.err(ins, f"unsupported qualifier .{m} of '{ins.mnemonic}'")
    if not t:
        raise dec.err(ins, f"'{ins.opcode}' has no type")
    if t == "b128" or t not in NP or t == "pred":
        raise dec.err(ins, f"'{ins.mnemonic}' of type .{t} is not supported")
    return space, nv, t


@decoder("ld", "ldu")
def _ld(dec: Decoder, ins: Instr, fn: Function) -> Op:
    dec.nops(ins, 2)
    space, nv, t = _ldst_mods(dec, ins)
    dst, src = ins.operands
    sp, afn = dec.address(fn, src, space, ins)
    dsts = dst.elems if isinstance(dst, Vec) else [dst]
    if len(dsts) != nv:
        raise dec.err(ins, f"vector width {nv} does not match {len(dsts)} destinations")
    ws = [dec.writer(fn, d, t, ins) for d in dsts]
    w = TYPE_BYTES[t]
    dt = NP[t]

    def f(c: Ctx, L: Lanes) -> None:
        vals = c.load(c.cur_op, sp, afn(c, L), w, nv, L)  # type: ignore[arg-type]
        for k in range(nv):
            ws[k](c, L, np.asarray(vals[k]).view(dt))

    return dec.op(K_OP, ins, fn, f)


@decoder("st")
def _st(dec: Decoder, ins: Instr, fn: Function) -> Op:
    dec.nops(ins, 2)
    space, nv, t = _ldst_mods(dec, ins)
    dst, src = ins.operands
    sp, afn = dec.address(fn, dst, space, ins)
    srcs = src.elems if isinstance(src, Vec) else [src]
    if len(srcs) != nv:
        raise dec.err(ins, f"vector width {nv} does not match {len(srcs)} sources")
    w = TYPE_BYTES[t]
    ut = UINT[w]
    bt = {1: "b8", 2: "b16", 4: "b32", 8: "b64"}[w]
    rs = [dec.reader(fn, s, bt if not isinstance(s, FImm) else t, ins) for s in srcs]

    def f(c: Ctx, L: Lanes) -> None:
        vals = [np.asarray(r(c, L)).view(ut) for r in rs]
        c.store(c.cur_op, sp, afn(c, L), w, vals, L)  # type: ignore[arg-type]

    return dec.op(K_OP, ins, fn, f)


@decoder("mov")
def _mov(dec: Decoder, ins: Instr, fn: Function) -> Op:
    dec.nops(ins, 2)
    (t,) = type_of(ins.mods, ins)[-1:]
    dst, src = ins.operands
    nb = TYPE_BYTES[t]
    if isinstance(dst, Vec):  # unpack: lowest element from the lowest bits
        parts = len(dst.elems)
        eb = nb // parts
        et = {1: "b8", 2: "b16", 4: "b32"}[eb]
        rsrc = dec.reader(fn, src, {2: "b16", 4: "b32", 8: "b64"}[nb], ins)
        ws = [dec.writer(fn, e, et, ins) for e in dst.elems]
        ue = UINT[eb]

        def unpack(c: Ctx, L: Lanes) -> None:
            v = np.asarray(rsrc(c, L))
            outs = [(v >> v.dtype.type(8 * eb * k)).astype(ue) for k in range(parts)]
            for wk, o in zip(ws, outs, strict=True):
                wk(c, L, o)

        return dec.op(K_OP, ins, fn, unpack)
    if isinstance(src, Vec):  # pack
        parts = len(src.elems)
        eb = nb // parts
        et = {1: "b8", 2: "b16", 4: "b32"}[eb]
        rs = [dec.reader(fn, e, et, ins) for e in src.elems]
        wd = dec.writer(fn, dst, {2: "b16", 4: "b32", 8: "b64"}[nb], ins)
        ud = UINT[nb]

        def pack(c: Ctx, L: Lanes) -> None:
            acc = np.asarray(rs[0](c, L)).astype(ud)
            for k in range(1, parts):
                acc = acc | (np.asarray(rs[k](c, L)).astype(ud) << ud(8 * eb * k))
            wd(c, L, acc)

        return dec.op(K_OP, ins, fn, pack)
    r = dec.reader(fn, src, t, ins)
    wr = dec.writer(fn, dst, t, ins)
    return dec.op(K_OP, ins, fn, lambda c, L: wr(c, L, r(c, L)))


@decoder("cvta")
def _cvta(dec: Decoder, ins: Instr, fn: Function) -> Op:
    dec.nops(ins, 2)
    mods = ins.mods
    to = "to" in mods
    space = next((m for m in mods if m in _SPACES), None)
    if space is None:
        raise dec.err(ins, "cvta without a state space")
    (t,) = type_of(mods, ins)[-1:]
    base = {"global": 0, "const": 0, "shared": SHARED_WINDOW, "local": LOCAL_WINDOW,
            "param": PARAM_WINDOW}[space]  # fmt: skip
    r = dec.reader(fn, ins.operands[1], t, ins)
    wr = dec.writer(fn, ins.operands[0], t, ins)
    ut = NP[t]
    b = ut(base % (1 << (8 * TYPE_BYTES[t])))
    if to:
        return dec.op(K_OP, ins, fn, lambda c, L: wr(c, L, np.asarray(r(c, L), ut) - b))
    return dec.op(K_OP, ins, fn, lambda c, L: wr(c, L, np.asarray(r(c, L), ut) + b))


@decoder("isspacep")
def _isspacep(dec: Decoder, ins: Instr, fn: Function) -> Op:
    dec.nops(ins, 2)
    space = next((m for m in ins.mods if m in _SPACES), None)
    r = dec.reader(fn, ins.operands[1], "u64", ins)
    wr = dec.writer(fn, ins.operands[0], "pred", ins)
    lo, hi = {
        "shared": (SHARED_WINDOW, SHARED_WINDOW + (1 << 32)),
        "local": (LOCAL_WINDOW, LOCAL_WINDOW + (1 << 32)),
        "param": (PARAM_WINDOW, PARAM_WINDOW + (1 << 32)),
    }.get(space or "", (0, 0))

    def f(c: Ctx, L: Lanes) -> None:
        a = np.asarray(r(c, L), np.uint64)
        if space in ("global", "const"):
            wr(c, L, ~c.mem.bad_lanes(np.atleast_1d(a), 1).reshape(np.shape(a)))
        else:
            wr(c, L, (a >= np.uint64(lo)) & (a < np.uint64(hi)))

    return dec.op(K_OP, ins, fn, f)


# ====================================================================== warp ops


def _segments(c: Ctx, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    w = c.warp[idx]
    starts = np.flatnonzero(np.r_[True, w[1:] != w[:-1]])
    sizes = np.diff(np.r_[starts, len(idx)])
    return starts, sizes


@decoder("shfl")
def _shfl(dec: Decoder, ins: Instr, fn: Function) -> Op:
    mods = ins.mods
    mode = next((m for m in mods if m in ("up", "down", "bfly", "idx")), None)
    if mode is None:
        raise dec.err(ins, "shfl without a mode")
    sync = "sync" in mods
    dec.nops(ins, 5 if sync else 4)
    d, a, b, cc = ins.operands[:4]
    ra = dec.reader(fn, a, "b32", ins)
    rb = dec.reader(fn, b, "u32", ins)
    rc = dec.reader(fn, cc, "u32", ins)
    wd = dec.writer(fn, Reg(d.name) if isinstance(d, Reg) else d, "b32", ins)
    wp = dec.writer(fn, Reg(d.pair), "pred", ins) if isinstance(d, Reg) and d.pair else None
    if isinstance(a, Reg):
        slot_a, _ = dec.reg(fn, a, ins)
    else:
        slot_a = -1

    def f(c: Ctx, L: Lanes) -> None:
        idx = c.idx(L)
        lane = c.laneid[idx].astype(np.int64)
        bval = np.asarray(rb(c, L), np.int64) & 31
        cv = np.asarray(rc(c, L), np.int64)
        seg = (cv >> 8) & 31
        clamp = cv & 31
        max_lane = (lane & seg) | (clamp & ~seg)
        min_lane = lane & seg
        if mode == "up":
            j = lane - bval
            pval = j >= max_lane
        elif mode == "down":
            j = lane + bval
            pval = j <= max_lane
        elif mode == "bfly":
            j = lane ^ bval
            pval = j <= max_lane
        else:
            j = min_lane | (bval & ~seg)
            pval = j <= max_lane
        j = np.where(pval, j, lane)
        srcl = idx - lane + j
        ok = (srcl >= 0) & (srcl < c.N)
        srcl = np.where(ok, srcl, idx)
        ok &= c.cta[srcl] == c.cta[idx]
        srcl = np.where(ok, srcl, idx)
        if slot_a >= 0:
            val = c.R[slot_a][srcl].astype(np.uint32)
        else:
            val = np.broadcast_to(np.asarray(ra(c, L), np.uint32), idx.shape)
        wd(c, L, val)
        if wp is not None:
            wp(c, L, pval)

    op = dec.op(K_WARP, ins, fn, f)
    if sync:
        op.mask_fn = dec.reader(fn, ins.operands[4], "b32", ins)
    else:
        op.mask_fn = lambda c, idx: np.uint32(0)
    return op


@decoder("vote")
def _vote(dec: Decoder, ins: Instr, fn: Function) -> Op:
    mods = ins.mods
    mode = next((m for m in mods if m in ("all", "any", "uni", "ballot")), None)
    if mode is None:
        raise dec.err(ins, "vote without a mode")
    sync = "sync" in mods
    dec.nops(ins, 3 if sync else 2)
    ra = dec.reader(fn, ins.operands[1], "pred", ins)
    wd = dec.writer(fn, ins.operands[0], "b32" if mode == "ballot" else "pred", ins)
    if sync:
        rm = dec.reader(fn, ins.operands[2], "b32", ins)
    else:
        rm = lambda c, L: np.uint32(0xFFFFFFFF)  # noqa: E731

    def f(c: Ctx, L: Lanes) -> None:
        idx = c.idx(L)
        p = np.broadcast_to(np.asarray(ra(c, L)), idx.shape)
        mask = np.broadcast_to(np.asarray(rm(c, L), np.uint32), idx.shape)
        bits = np.left_shift(np.uint32(1), c.laneid[idx])
        starts, sizes = _segments(c, idx)
        ballot = np.repeat(np.bitwise_or.reduceat(np.where(p, bits, np.uint32(0)), starts), sizes)
        ballot &= mask
        if mode == "ballot":
            wd(c, L, ballot)
            return
        member = np.repeat(np.bitwise_or.reduceat(bits, starts), sizes) & mask
        if mode == "all":
            wd(c, L, (ballot & member) == member)
        elif mode == "any":
            wd(c, L, ballot != 0)
        else:
            wd(c, L, (ballot == 0) | (ballot == member))

    op = dec.op(K_WARP, ins, fn, f)
    op.mask_fn = rm if sync else (lambda c, idx: np.uint32(0))
    return op


@decoder("activemask")
def _activemask(dec: Decoder, ins: Instr, fn: Function) -> Op:
    dec.nops(ins, 1)
    wd = dec.writer(fn, ins.operands[0], "b32", ins)

    def f(c: Ctx, L: Lanes) -> None:
        idx = c.idx(L)
        bits = np.left_shift(np.uint32(1), c.laneid[idx])
        starts, sizes = _segments(c, idx)
        wd(c, L, np.repeat(np.bitwise_or.reduceat(bits, starts), sizes))

    return dec.op(K_OP, ins, fn, f)


@decoder("redux")
def _redux(dec: Decoder, ins: Instr, fn: Function) -> Op:
    mods = ins.mods
    kind = next((m for m in mods if m in ("add", "min", "max", "and", "or", "xor")), None)
    (t,) = type_of(mods, ins)[-1:]
    if kind is None or t not in ("u32", "s32", "b32"):
        raise dec.err(ins, "unsupported redux form")
    dec.nops(ins, 3)
    ra = dec.reader(fn, ins.operands[1], t, ins)
    wd = dec.writer(fn, ins.operands[0], t, ins)
    uf = {"add": np.add, "min": np.minimum, "max": np.maximum, "and": np.bitwise_and,
          "or": np.bitwise_or, "xor": np.bitwise_xor}[kind]  # fmt: skip
    dt = NP[t]

    def f(c: Ctx, L: Lanes) -> None:
        idx = c.idx(L)
        v = np.broadcast_to(np.asarray(ra(c, L), dt), idx.shape)
        starts, sizes = _segments(c, idx)
        wd(c, L, np.repeat(uf.reduceat(v, starts).astype(dt), sizes))

    op = dec.op(K_WARP, ins, fn, f)
    op.mask_fn = dec.reader(fn, ins.operands[2], "b32", ins)
    return op


# ====================================================================== atomics


def _atom_update(kind: str, t: str, space: str) -> tuple[Callable[..., Any], str | None]:
    """The raw-bits update function and the accumulate path of an atomic."""
    dt = NP[t]
    ut = UINT[TYPE_BYTES[t]]
    if kind == "add":
        if t in ("f32", "f64", "f16", "bf16"):
            flush = t == "f32" and space == "global"

            def fadd(o: np.ndarray, b: Any, c: Any) -> np.ndarray:
                if t == "bf16":
                    x = fpu.bf16_bits_to_f32(o).astype(np.float64)
                    x = x + fpu.bf16_bits_to_f32(np.asarray(b, np.uint16))
                    return fpu.round_f64_to(x, "bf16", "rn")
                x = o.view(dt)
                y = np.asarray(b, ut).view(dt)
                if t == "f16":  # the exact sum fits a double: one rounding
                    return fpu.round_f64_to(x.astype(np.float64) + y, "f16", "rn").view(ut)
                if flush:
                    x, y = fpu.ftz(x, "f32"), fpu.ftz(y, "f32")
                r = (x + y).astype(dt)
                if flush:
                    r = fpu.ftz(r, "f32")
                return r.view(ut)

            if t == "f32":
                return fadd, "add_f32_ftz" if flush else "add_f32"
            return fadd, "add_f64" if t == "f64" else None
        return (lambda o, b, c: (o + np.asarray(b, ut)).astype(ut)), "add_int"
    if kind in ("min", "max"):
        uf = np.minimum if kind == "min" else np.maximum
        if t in ("f32", "f64"):
            def fminmax(o: np.ndarray, b: Any, c: Any) -> np.ndarray:
                return uf(o.view(dt), np.asarray(b, ut).view(dt)).astype(dt).view(ut)

            return fminmax, None
        st = {"s32": "s32", "u32": "u32", "s64": "s64", "u64": "u64", "b32": "u32", "b64": "u64"}[t]
        sdt = NP[st]
        return (
            lambda o, b, c: uf(o.view(sdt), np.asarray(b, ut).view(sdt)).astype(sdt).view(ut)
        ), f"{kind}_{st}"
    if kind in ("and", "or", "xor"):
        uf = {"and": np.bitwise_and, "or": np.bitwise_or, "xor": np.bitwise_xor}[kind]
        return (lambda o, b, c: uf(o, np.asarray(b, ut))), kind
    if kind == "exch":
        return (lambda o, b, c: np.broadcast_to(np.asarray(b, ut), o.shape).copy()), "exch"
    if kind == "cas":
        def cas(o: np.ndarray, b: Any, c: Any) -> np.ndarray:
            return np.where(o == np.asarray(b, ut), np.asarray(c, ut), o).astype(ut)

        return cas, "cas"
    if kind == "inc":
        return (lambda o, b, c: np.where(o >= np.asarray(b, ut), ut(0), o + ut(1)).astype(ut)), None
    if kind == "dec":
        def dec_(o: np.ndarray, b: Any, c: Any) -> np.ndarray:
            bb = np.asarray(b, ut)
            return np.where((o == 0) | (o > bb), bb, o - ut(1)).astype(ut)

        return dec_, None
    raise ValueError(kind)


_ATOM_OPS = ("add", "min", "max", "and", "or", "xor", "exch", "cas", "inc", "dec")


@decoder("atom", "red")
def _atom(dec: Decoder, ins: Instr, fn: Function) -> Op:
    mods = ins.mods
    is_red = ins.mnemonic == "red"
    kind = next((m for m in mods if m in _ATOM_OPS), None)
    space = next((m for m in mods if m in ("global", "shared")), "generic")
    ts = [m for m in mods if m in TYPES]
    if kind is None or not ts:
        raise dec.err(ins, f"unsupported atomic form '{ins.opcode}'")
    for m in mods:
        if m not in TYPES and m not in _IGNORED_LDST and m not in (
            "add", "min", "max", "and", "or", "xor", "exch", "cas", "inc", "dec", "global",
            "shared", "noftz", "ftz", "rn",
        ) and "::" not in m:  # fmt: skip
            raise dec.err(ins, f"unsupported qualifier .{m} of '{ins.mnemonic}'")
    t = ts[-1]
    if t in ("f16x2", "bf16x2", "b128") or (kind == "cas" and t in FLOATS):
        raise dec.err(ins, f"atomic of type .{t} is not supported")
    ops = ins.operands
    if is_red:
        dec.nops(ins, 2)
        addr, b = ops
        dst = None
        cop = None
    else:
        dec.nops(ins, 4 if kind == "cas" else 3)
        dst, addr, b = ops[:3]
        cop = ops[3] if kind == "cas" else None
    sp, afn = dec.address(fn, addr, space, ins)
    w = TYPE_BYTES[t]
    ut = UINT[w]
    bt = {2: "b16", 4: "b32", 8: "b64"}[w]
    rb = dec.reader(fn, b, t if isinstance(b, FImm) else bt, ins)
    rc = dec.reader(fn, cop, bt, ins) if cop is not None else None
    wd = dec.writer(fn, dst, bt, ins) if dst is not None else None
    update, assoc = _atom_update(kind, t, sp)

    def f(c: Ctx, L: Lanes) -> None:
        bv = np.asarray(rb(c, L)).view(ut)
        cv = np.asarray(rc(c, L)).view(ut) if rc is not None else None
        op = c.cur_op
        assert op is not None
        old = c.atomic(op, sp, afn(c, L), w, L, update, bv, cv, assoc)
        if wd is not None:
            wd(c, L, old)

    return dec.op(K_OP, ins, fn, f)


def build_program(module: Module, entry: str, global_addrs: dict[str, int]) -> KernelProgram:
    from arignote.runtime.ptxemu import alu  # noqa: F401  (registers the ALU decoders)

    return Decoder(module, entry, global_addrs).build()
