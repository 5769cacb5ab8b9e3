"""PTX text -> a small syntax tree (module, functions, declarations, instructions).

Covers what LLVM's NVPTX back end prints: `.version/.target/.address_size`, `.entry` and
`.func` (with return parameters), parameter lists with `.ptr .global .align` qualifiers,
`.reg` declarations with `<N>` ranges, `.global/.const/.shared/.local/.param` variables
with alignment, array sizes and initialisers, nested `{ }` scopes (inline asm, call
sequences), labels, guards `@%p` / `@!%p`, vector operands `{%r1, %r2}`, `[addr+imm]`
addresses, hex float literals (`0f3F800000`, `0d...`) and comments.  Names declared in a
nested scope are renamed `name#k` so every register and variable of a function is unique.
Errors name the PTX line.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field

from arignote.runtime.ptxemu.errors import PTXEmuError

# ---------------------------------------------------------------------------- tokens

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<fhex>0[fF][0-9a-fA-F]{8}(?![0-9a-zA-Z_]))
  | (?P<dhex>0[dD][0-9a-fA-F]{16}(?![0-9a-zA-Z_]))
  | (?P<hex>0[xX][0-9a-fA-F]+U?)
  | (?P<bin>0[bB][01]+U?)
  | (?P<float>[0-9]+\.[0-9]*(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)
  | (?P<int>[0-9]+U?)
  | (?P<ident>[%$_a-zA-Z][a-zA-Z0-9_$]*(?:\.[a-zA-Z0-9_$:]+)*)
  | (?P<dir>\.[a-zA-Z_][a-zA-Z0-9_$]*)
  | (?P<punct>[{}()\[\],;:@!+\-=|<>*])
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # ident, dir, int, float, fhex, dhex, str, punct, eof
    text: str
    line: int
    pos: int


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    line = 1
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN_RE.match(text, pos)
        if m is None:
            raise PTXEmuError(f"PTX line {line}: unexpected character {text[pos]!r}")
        kind = m.lastgroup or ""
        s = m.group()
        if kind not in ("ws", "comment"):
            if kind in ("hex", "bin"):
                kind = "int"
            tokens.append(Token(kind, s, line, pos))
        line += s.count("\n")
        pos = m.end()
    tokens.append(Token("eof", "", line, n))
    return tokens


def int_literal(text: str) -> int:
    t = text.rstrip("U")
    if t[:2] in ("0x", "0X"):
        return int(t[2:], 16)
    if t[:2] in ("0b", "0B"):
        return int(t[2:], 2)
    if len(t) > 1 and t[0] == "0":
        return int(t, 8)
    return int(t)


# ---------------------------------------------------------------------------- tree

_SPECIAL_RE = re.compile(
    r"%(?:(?:tid|ntid|ctaid|nctaid|clusterid|nclusterid|cluster_ctaid|cluster_nctaid)\.[xyz]"
    r"|laneid|warpid|nwarpid|smid|nsmid|gridid|lanemask_(?:eq|le|lt|ge|gt)"
    r"|clock|clock_hi|clock64|globaltimer|globaltimer_lo|globaltimer_hi"
    r"|dynamic_smem_size|total_smem_size|aggr_smem_size|envreg\d+|pm\d+(?:_64)?"
    r"|cluster_ctarank|cluster_nctarank|is_explicit_cluster|current_graph_exec)$"
)


def is_special_register(name: str) -> bool:
    return _SPECIAL_RE.match(name) is not None


TYPES = {
    "pred", "b8", "b16", "b32", "b64", "b128", "u8", "u16", "u32", "u64",
    "s8", "s16", "s32", "s64", "f16", "f16x2", "bf16", "bf16x2", "f32", "f32x2", "f64", "tf32",
}  # fmt: skip

TYPE_BYTES = {
    "pred": 1, "b8": 1, "u8": 1, "s8": 1, "b16": 2, "u16": 2, "s16": 2, "f16": 2, "bf16": 2,
    "b32": 4, "u32": 4, "s32": 4, "f32": 4, "f16x2": 4, "bf16x2": 4, "tf32": 4,
    "b64": 8, "u64": 8, "s64": 8, "f64": 8, "f32x2": 8, "b128": 16,
}  # fmt: skip


@dataclass
class Reg:
    """A register operand (`name` is scope-unique); `neg` for `!%p`; `pair` for `%p|%q`."""

    name: str
    neg: bool = False
    pair: str | None = None


@dataclass
class Imm:
    value: int


@dataclass
class FImm:
    """A float literal: `bits` of width 32 (`0f...`) or 64 (`0d...`), or a decimal `value`."""

    bits: int
    width: int
    value: float


@dataclass
class Sym:
    """A name that is not a register: label, variable or function, with an offset."""

    name: str
    offset: int = 0


@dataclass
class Addr:
    """`[base+offset]`: base is a register, a symbol or None (absolute)."""

    base: Reg | Sym | None
    offset: int


@dataclass
class Vec:
    elems: list[Operand]


@dataclass
class Sink:
    pass


@dataclass
class Paren:
    items: list[Operand]


Operand = Reg | Imm | FImm | Sym | Addr | Vec | Sink | Paren


@dataclass
class Instr:
    opcode: str  # full opcode text, e.g. "ld.global.nc.v4.b32"
    operands: list[Operand]
    guard: Reg | None
    line: int
    text: str

    @property
    def mnemonic(self) -> str:
        return self.opcode.split(".", 1)[0]

    @property
    def mods(self) -> list[str]:
        return self.opcode.split(".")[1:]


@dataclass
class Label:
    name: str
    line: int


@dataclass
class VarDecl:
    """A variable (`.global/.const/.shared/.local/.param`) or a parameter."""

    name: str
    space: str
    type: str
    align: int
    count: int | None  # number of elements; None for `[]` (extern, dynamic)
    init: list[Operand] | None
    line: int
    is_ptr: bool = False
    extern: bool = False

    @property
    def elem_bytes(self) -> int:
        return TYPE_BYTES[self.type]

    @property
    def nbytes(self) -> int:
        return self.elem_bytes * (self.count if self.count is not None else 0)


@dataclass
class Function:
    name: str
    kind: str  # "entry" or "func"
    params: list[VarDecl]
    rets: list[VarDecl]
    line: int
    regs: dict[str, str] = field(default_factory=dict)  # unique name -> type
    vars: list[VarDecl] = field(default_factory=list)  # .local/.shared/.param in the body
    body: list[Instr | Label] = field(default_factory=list)
    defined: bool = False
    directives: dict[str, list[int]] = field(default_factory=dict)  # .maxntid etc.


@dataclass
class Module:
    version: str = ""
    target: list[str] = field(default_factory=list)
    address_size: int = 64
    functions: dict[str, Function] = field(default_factory=dict)
    globals: list[VarDecl] = field(default_factory=list)  # module-level variables
    source: str = ""


# ---------------------------------------------------------------------------- parser

_PERF_DIRECTIVES = {
    ".maxntid", ".reqntid", ".minnctapersm", ".maxnctapersm", ".maxnreg", ".noreturn",
    ".explicitcluster", ".reqnctapercluster", ".maxclusterrank", ".blocksareclusters",
}  # fmt: skip
_SPACES = {".global", ".const", ".shared", ".local", ".param", ".reg", ".tex"}


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokenize(text)
        self.i = 0
        self.mod = Module(source=text)
        self.scopes: list[dict[str, str]] = []
        self.scope_counter = 0
        self.cur_fn: Function | None = None

    # -- token helpers
    def peek(self, k: int = 0) -> Token:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self) -> Token:
        t = self.toks[self.i]
        if t.kind != "eof":
            self.i += 1
        return t

    def error(self, msg: str, tok: Token | None = None) -> PTXEmuError:
        tok = tok or self.peek()
        near = f" near {tok.text!r}" if tok.text else " at end of input"
        return PTXEmuError(f"PTX line {tok.line}: {msg}{near}")

    def expect(self, text: str) -> Token:
        t = self.next()
        if t.text != text:
            raise self.error(f"expected {text!r}", t)
        return t

    def accept(self, text: str) -> bool:
        if self.peek().text == text:
            self.i += 1
            return True
        return False

    def expect_ident(self) -> Token:
        t = self.next()
        if t.kind != "ident":
            raise self.error("expected a name", t)
        return t

    def expect_int(self) -> int:
        t = self.next()
        if t.kind != "int":
            raise self.error("expected an integer", t)
        return int_literal(t.text)

    # -- module
    def parse(self) -> Module:
        while self.peek().kind != "eof":
            t = self.peek()
            if t.text == ".version":
                self.next()
                v = self.next()
                self.mod.version = v.text
            elif t.text == ".target":
                self.next()
                self.mod.target.append(self.expect_ident().text)
                while self.accept(","):
                    self.mod.target.append(self.expect_ident().text)
            elif t.text == ".address_size":
                self.next()
                self.mod.address_size = self.expect_int()
                if self.mod.address_size != 64:
                    raise self.error("only .address_size 64 is supported", t)
            elif t.text in (".file", ".loc"):
                self._skip_line()
            elif t.text == ".section":
                self._skip_section()
            elif t.text in (".visible", ".extern", ".weak", ".common"):
                self.next()
                self._parse_toplevel(extern=t.text == ".extern")
            else:
                self._parse_toplevel(extern=False)
        return self.mod

    def _skip_line(self) -> None:
        line = self.next().line
        while self.peek().kind != "eof" and self.peek().line == line:
            self.next()

    def _skip_section(self) -> None:
        self.next()
        while self.peek().text != "{":
            if self.peek().kind == "eof":
                raise self.error("unterminated .section")
            self.next()
        depth = 0
        while True:
            t = self.next()
            if t.kind == "eof":
                raise self.error("unterminated .section", t)
            if t.text == "{":
                depth += 1
            elif t.text == "}":
                depth -= 1
                if depth == 0:
                    return

    def _parse_toplevel(self, extern: bool) -> None:
        t = self.peek()
        if t.text in (".entry", ".func"):
            self.next()
            self._parse_function("entry" if t.text == ".entry" else "func")
        elif t.text in (".global", ".const", ".shared"):
            self.mod.globals.append(self._parse_var(extern=extern))
            self.expect(";")
        elif t.text in (".visible", ".extern", ".weak", ".common"):
            self.next()
            self._parse_toplevel(extern=extern or t.text == ".extern")
        else:
            raise self.error("unexpected token at module level", t)

    # -- declarations
    def _parse_var(self, extern: bool = False, allow_reg: bool = False) -> VarDecl:
        start = self.next()
        space = start.text[1:]
        if space not in ("global", "const", "shared", "local", "param") and not (
            allow_reg and space == "reg"
        ):
            raise self.error("expected a state space", start)
        typ = ""
        align = 0
        is_ptr = False
        vec = 1
        while self.peek().kind == "dir":
            d = self.next().text
            if d == ".align":
                align = self.expect_int()
            elif d == ".ptr":
                is_ptr = True
            elif d in (".v2", ".v4", ".v8"):
                vec = int(d[2:])
            elif d[1:] in TYPES:
                typ = d[1:]
            elif d in (".global", ".shared", ".const", ".local"):
                continue  # pointer qualifier `.ptr .global`
            elif d in (".attribute",):
                self._skip_parens()
            else:
                raise self.error(f"unknown qualifier {d!r} in declaration")
        if not typ:
            raise self.error("declaration without a type")
        name_tok = self.expect_ident()
        count: int | None = vec
        dims: list[int | None] = []
        while self.accept("["):
            if self.accept("]"):
                dims.append(None)
                continue
            dims.append(self.expect_int())
            self.expect("]")
        if dims:
            if any(d is None for d in dims):
                count = None
            else:
                count = vec
                for d in dims:
                    count *= d  # type: ignore[operator]
        init: list[Operand] | None = None
        if self.accept("="):
            init = self._parse_initializer()
        if align == 0:
            align = TYPE_BYTES[typ] * vec
        return VarDecl(
            name=name_tok.text,
            space=space,
            type=typ,
            align=align,
            count=count,
            init=init,
            line=start.line,
            is_ptr=is_ptr,
            extern=extern,
        )

    def _skip_parens(self) -> None:
        self.expect("(")
        depth = 1
        while depth:
            t = self.next()
            if t.kind == "eof":
                raise self.error("unbalanced parentheses", t)
            depth += {"(": 1, ")": -1}.get(t.text, 0)

    def _parse_initializer(self) -> list[Operand]:
        out: list[Operand] = []
        if self.accept("{"):
            while True:
                if self.peek().text == "{":
                    out.extend(self._parse_initializer())
                else:
                    out.append(self._parse_init_item())
                if self.accept("}"):
                    break
                self.expect(",")
        else:
            out.append(self._parse_init_item())
        return out

    def _parse_init_item(self) -> Operand:
        t = self.peek()
        if t.kind == "ident" and t.text in ("generic",):
            self.next()
            self.expect("(")
            name = self.expect_ident().text
            self.expect(")")
            off = self._parse_offset()
            return Sym(name, off)
        if t.kind == "ident":
            self.next()
            return Sym(t.text, self._parse_offset())
        return self._parse_number()

    def _parse_offset(self) -> int:
        off = 0
        while self.peek().text in ("+", "-"):
            sign = -1 if self.next().text == "-" else 1
            if self.accept("-"):
                sign = -sign
            off += sign * self.expect_int()
        return off

    def _parse_number(self) -> Imm | FImm:
        neg = False
        while self.peek().text in ("-", "+"):
            if self.next().text == "-":
                neg = not neg
        t = self.next()
        if t.kind == "int":
            v = int_literal(t.text)
            return Imm(-v if neg else v)
        if t.kind == "fhex":
            bits = int(t.text[2:], 16)
            val = struct.unpack("<f", struct.pack("<I", bits))[0]
            if neg:
                bits ^= 0x80000000
                val = -val
            return FImm(bits, 32, val)
        if t.kind == "dhex":
            bits = int(t.text[2:], 16)
            val = struct.unpack("<d", struct.pack("<Q", bits))[0]
            if neg:
                bits ^= 1 << 63
                val = -val
            return FImm(bits, 64, val)
        if t.kind == "float":
            val = float(t.text)
            val = -val if neg else val
            bits = struct.unpack("<Q", struct.pack("<d", val))[0]
            return FImm(bits, 0, val)
        raise self.error("expected a number", t)

    def _param_list(self, func_name: str) -> list[VarDecl]:
        params: list[VarDecl] = []
        self.expect("(")
        if self.accept(")"):
            return params
        while True:
            if self.peek().text not in (".param", ".reg"):
                raise self.error("expected .param")
            params.append(self._parse_var(allow_reg=True))
            if self.accept(")"):
                return params
            self.expect(",")

    # -- functions
    def _parse_function(self, kind: str) -> None:
        rets: list[VarDecl] = []
        if kind == "func" and self.peek().text == "(":
            rets = self._param_list("")
        name_tok = self.expect_ident()
        name = name_tok.text
        params: list[VarDecl] = []
        if self.peek().text == "(":
            params = self._param_list(name)
        fn = self.mod.functions.get(name)
        if fn is None:
            fn = Function(name, kind, params, rets, name_tok.line)
            self.mod.functions[name] = fn
        else:
            fn.params, fn.rets = params, rets
        while self.peek().text in _PERF_DIRECTIVES or self.peek().text == ".pragma":
            d = self.next().text
            if d == ".pragma":
                self.next()
                self.expect(";")
                continue
            vals: list[int] = []
            if self.peek().kind == "int":
                vals.append(self.expect_int())
                while self.accept(","):
                    vals.append(self.expect_int())
            fn.directives[d] = vals
        if self.accept(";"):
            return
        if fn.defined:
            raise self.error(f"function {name!r} defined twice", name_tok)
        fn.defined = True
        fn.line = name_tok.line
        self.expect("{")
        self.cur_fn = fn
        self.scopes = [{}]
        for p in fn.params + fn.rets:
            self.scopes[0][p.name] = p.name
        self._parse_body(fn)
        self.scopes = []

    def _declare(self, fn: Function, name: str) -> str:
        scope = self.scopes[-1]
        if len(self.scopes) == 1:
            unique = name
        else:
            unique = f"{name}#{self.scope_counter}"
        scope[name] = unique
        return unique

    def _resolve(self, name: str) -> str | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def _parse_body(self, fn: Function) -> None:
        while True:
            t = self.peek()
            if t.kind == "eof":
                raise self.error(f"unterminated body of {fn.name!r}", t)
            if t.text == "}":
                self.next()
                self.scopes.pop()
                if not self.scopes:
                    return
                continue
            if t.text == "{":
                self.next()
                self.scope_counter += 1
                self.scopes.append({})
                continue
            if t.text == ".reg":
                self._parse_reg_decl(fn)
                continue
            if t.text in (".local", ".shared", ".param", ".const", ".global"):
                var = self._parse_var()
                self.expect(";")
                var.name = self._declare(fn, var.name)
                fn.vars.append(var)
                continue
            if t.text == ".pragma":
                self.next()
                while self.peek().text != ";":
                    self.next()
                self.next()
                continue
            if t.text in (".loc", ".file"):
                self._skip_line()
                continue
            if t.kind == "ident" and self.peek(1).text == ":":
                self.next()
                self.next()
                fn.body.append(Label(t.text, t.line))
                continue
            if t.kind == "dir":
                raise self.error("unexpected directive in a function body", t)
            fn.body.append(self._parse_instr())

    def _parse_reg_decl(self, fn: Function) -> None:
        start = self.next()
        typ = ""
        while self.peek().kind == "dir":
            d = self.next().text[1:]
            if d in TYPES:
                typ = d
            elif d in ("v2", "v4"):
                raise self.error("vector registers are not supported", start)
            else:
                raise self.error(f"unknown register qualifier .{d}")
        if not typ:
            raise self.error(".reg without a type", start)
        while True:
            name = self.expect_ident().text
            if self.accept("<"):
                n = self.expect_int()
                self.expect(">")
                for k in range(n):
                    fn.regs[self._declare(fn, f"{name}{k}")] = typ
            else:
                fn.regs[self._declare(fn, name)] = typ
            if self.accept(";"):
                return
            self.expect(",")

    def _parse_instr(self) -> Instr:
        first = self.peek()
        guard: Reg | None = None
        if self.accept("@"):
            neg = self.accept("!")
            g = self.expect_ident()
            guard = Reg(self._reg_name(g), neg)
        op = self.next()
        if op.kind != "ident":
            raise self.error("expected an instruction", op)
        operands: list[Operand] = []
        if self.peek().text != ";":
            while True:
                operands.append(self._parse_operand())
                if self.accept(";"):
                    break
                if self.peek().text != ",":
                    raise self.error(f"malformed operands of {op.text!r}")
                self.next()
        else:
            self.next()
        end = self.toks[self.i - 1].pos
        text = " ".join(self.text[first.pos : end].split())
        return Instr(op.text, operands, guard, op.line, text)

    def _reg_name(self, tok: Token) -> str:
        r = self._resolve(tok.text)
        if r is None:
            if is_special_register(tok.text):
                return tok.text  # special register (checked when decoding)
            raise self.error("undeclared register", tok)
        return r

    def _parse_operand(self) -> Operand:
        t = self.peek()
        if t.text == "{":
            self.next()
            elems: list[Operand] = []
            while True:
                elems.append(self._parse_operand())
                if self.accept("}"):
                    return Vec(elems)
                self.expect(",")
        if t.text == "[":
            self.next()
            return self._parse_address()
        if t.text == "(":
            self.next()
            items: list[Operand] = []
            if self.accept(")"):
                return Paren(items)
            while True:
                items.append(self._parse_operand())
                if self.accept(")"):
                    return Paren(items)
                self.expect(",")
        if t.text == "!":
            self.next()
            g = self.expect_ident()
            return Reg(self._reg_name(g), neg=True)
        if t.kind == "ident":
            self.next()
            if t.text == "_":
                return Sink()
            r = self._resolve(t.text)
            if r is not None and r in self._current_regs():
                reg = Reg(r)
                if self.accept("|"):
                    reg.pair = self._reg_name(self.expect_ident())
                return reg
            if r is None and t.text.startswith("%"):
                if not is_special_register(t.text):
                    raise self.error("undeclared register", t)
                return Reg(t.text)  # special register
            return Sym(r if r is not None else t.text, self._parse_offset())
        return self._parse_number()

    def _current_regs(self) -> dict[str, str]:
        return self.cur_fn.regs if self.cur_fn is not None else {}

    def _parse_address(self) -> Addr:
        base: Reg | Sym | None = None
        offset = 0
        t = self.peek()
        if t.kind == "ident":
            self.next()
            r = self._resolve(t.text)
            if r is not None and r in self._current_regs():
                base = Reg(r)
            elif r is None and t.text.startswith("%"):
                if not is_special_register(t.text):
                    raise self.error("undeclared register", t)
                base = Reg(t.text)
            else:
                base = Sym(r if r is not None else t.text)
            offset = self._parse_offset()
        else:
            num = self._parse_number()
            if not isinstance(num, Imm):
                raise self.error("expected an address")
            offset = num.value
            offset += self._parse_offset()
        self.expect("]")
        return Addr(base, offset)


def parse_ptx(text: str) -> Module:
    """Parse PTX text into a `Module`; raises `PTXEmuError` naming the line on bad input."""
    return _Parser(text).parse()
