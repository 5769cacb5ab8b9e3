"""Parsing, verifying and printing IR with source locations.

`parse_module` records the file:line:col of every op that has no explicit `loc(...)`,
so that verifier and pass diagnostics can say where the op came from;
`verify_module` reports the first op that fails with its location.
"""

from __future__ import annotations

import contextlib
import gc
import io
import re
from collections.abc import Iterator

from xdsl.context import Context
from xdsl.dialects import arith
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    FileLineColLoc,
    FloatAttr,
    IntAttr,
    IntegerAttr,
    ModuleOp,
    StringAttr,
    UnknownLoc,
)
from xdsl.ir import Attribute, Block, Operation
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.utils.exceptions import ParseError, VerifyException
from xdsl.utils.lexer import Span
from xdsl.utils.mlir_lexer import MLIRTokenKind

from arignote.errors import ArignoteError, IRParseError, IRVerifyError


#: properties upstream MLIR prints (generic form) that xDSL's op definitions lack; they are
#: optimisation hints, dropped when parsed: op name -> property names
UPSTREAM_HINTS: dict[str, frozenset[str]] = {"memref.load": frozenset({"invariant"})}


class LocatedParser(Parser):
    """xDSL's parser, recording `loc("file":line:col)` on every op it parses, and reading
    the generic form upstream MLIR prints (`UPSTREAM_HINTS` are dropped)."""

    _generic_op: str | None = None

    def _parse_generic_operation(self, op_type: type[Operation]) -> Operation:
        outer, self._generic_op = self._generic_op, op_type.name
        try:
            return super()._parse_generic_operation(op_type)
        finally:
            self._generic_op = outer

    def parse_optional_properties_dict(self) -> dict[str, Attribute]:
        props = super().parse_optional_properties_dict()
        drop = UPSTREAM_HINTS.get(self._generic_op or "")
        if drop:
            props = {k: v for k, v in props.items() if k not in drop}
        self._generic_op = None  # (regions parsed next hold other ops)
        return props

    #: (input, position, line) of the last op start located: lines are counted on from it, so
    #: locating every op of a file costs one pass over it (xDSL's Span.get_location
    #: counts the newlines from the start of the input each time: quadratic)
    _line_mark: tuple[object, int, int] = (None, 0, 1)

    def _line_col(self, span: Span) -> tuple[int, int]:
        source, pos = span.input, span.start
        content, newline = source.content, source.newline
        owner, mark, line = self._line_mark
        if owner is source and pos >= mark:
            line += content.count(newline, mark, pos)
        else:  # (another input, or the parser backtracked: count from the start)
            line = content.count(newline, 0, pos) + 1
        self._line_mark = (source, pos, line)
        return line + span.line_offset, pos - content.rfind(newline, 0, pos)

    #: scalar types by spelling (`i32`, `f32`, `index`, ...): xDSL builds and verifies a new
    #: IntegerType for every `i32` it reads; attributes are immutable values, so one
    #: instance per spelling serves every use (bounded: widths are unbounded)
    _scalar_types: dict[str, Attribute] = {}

    def _parse_optional_integer_or_float_type(self):  # type: ignore[no-untyped-def]
        token = self._current_token
        if token.kind is MLIRTokenKind.BARE_IDENT:
            spelling = token.text
            cached = self._scalar_types.get(spelling)
            if cached is not None:
                self._consume_token()
                return cached
            parsed = super()._parse_optional_integer_or_float_type()
            if parsed is not None and len(self._scalar_types) < 256:
                self._scalar_types[spelling] = parsed
            return parsed
        return None

    def _location(self, span: Span, line: int, col: int) -> FileLineColLoc:
        """`loc("file":line:col)`, sharing the file name and small numbers' attributes."""
        names = self._loc_attrs
        if names is None:
            names = self._loc_attrs = {}
        file = names.get(span.input)
        if file is None:
            file = names[span.input] = StringAttr(str(span.input.name))
        return FileLineColLoc(file, _int_attr(line), _int_attr(col))

    _loc_attrs: dict[object, StringAttr] | None = None

    def parse_operation(self) -> Operation:
        span = self._current_token.span
        line, col = self._line_col(span)
        try:
            op = super().parse_operation()
        except VerifyException as e:
            # an op whose custom parser builds an invalid op: report it at the op
            err = IRVerifyError(f"{span.input.name}:{line}:{col}: error: {_strip(str(e))}")
            err.upstream = e
            raise err from None
        if isinstance(op.location, UnknownLoc):
            op.location = self._location(span, line, col)
        return op


_INT_ATTRS: dict[int, IntAttr] = {}


def _int_attr(n: int) -> IntAttr:
    """IntAttr(n), one instance per small n (columns repeat on every line)."""
    if n >= 4096:
        return IntAttr(n)
    attr = _INT_ATTRS.get(n)
    if attr is None:
        attr = _INT_ATTRS[n] = IntAttr(n)
    return attr


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the duration (as it was, after).

    Parsing or printing a large module allocates millions of objects that all stay alive
    (the IR) or die by reference counting (tokens, spans, strings); the collector's
    passes over them find nothing and were a fifth of the time of parse + print of 20,000
    ops (measured with bench/opt_speed.py).  The objects are counted as usual, so the
    first collection after the pause sees them once."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def parse_module(
    text: str, name: str = "<string>", ctx: Context | None = None, *, implicit_module: bool = True
) -> ModuleOp:
    """Parse textual IR (custom or generic form) into a module; errors name file:line.
    With `implicit_module=False` the input must be one `builtin.module` (mlir-opt's
    --no-implicit-module).  The error keeps xDSL's exception as `.upstream` (for
    `arignote-opt --parsing-diagnostics`, which prints it as xdsl-opt does)."""
    if ctx is None:
        from arignote.registry import make_context

        ctx = make_context()
    _check_string_literals(text, name)
    parser: LocatedParser | None = None
    try:
        # (the parser lexes its first token when made: a bad first token fails here)
        parser = LocatedParser(ctx, text, name)
        with gc_paused():
            return parser.parse_module(implicit_module)
    except ParseError as e:
        where = e.span.get_location()
        err = IRParseError(
            f"{where.file}:{where.line}:{where.col}: error: {e.msg}"
            + _source_excerpt(text, where.line, where.col)
        )
        err.upstream = e
        raise err from None
    except (ArithmeticError, AssertionError, LookupError, MemoryError, TypeError, ValueError,
            NotImplementedError) as e:  # fmt: skip
        # xDSL raises these on some bad input (sizes too large to allocate, asserts in
        # op parsers, `array<i640: 0>`: NotImplementedError, ...): a diagnostic at the
        # parser's position, never a traceback
        pos = parser.pos if parser is not None else 0  # (past the lookahead token: step
        # back to the text just parsed)
        while pos > 0 and text[pos - 1].isspace():
            pos -= 1
        pos = max(pos - 1, 0)
        line = text.count("\n", 0, pos) + 1
        col = pos - text.rfind("\n", 0, pos)
        raise IRParseError(
            f"{name}:{line}:{col}: error: cannot parse this ({type(e).__name__}: {e})"
            + _source_excerpt(text, line, col)
        ) from None


#: a string literal (MLIR's: no raw newline; escapes \" \n \t \\ \XX), or a comment to the
#: end of the line; each alternative consumes at least one character, so scanning is linear
_LITERAL_OR_COMMENT = re.compile(r'"(?:[^"\\\n\v\f]|\\["nt\\]|\\[0-9A-Fa-f]{2})*("?)|//[^\n]*')


def _check_string_literals(text: str, name: str) -> None:
    """Refuse a string literal that is not closed on its line, before xDSL's lexer sees it:
    xDSL 0.74's string regex backtracks exponentially on one (a file ending inside a
    long string literal made the parser spin for ever).  Comments are skipped."""
    for m in _LITERAL_OR_COMMENT.finditer(text):
        if m.group(0).startswith('"') and not m.group(1):
            pos = m.start()
            line = text.count("\n", 0, pos) + 1
            col = pos - text.rfind("\n", 0, pos)
            raise IRParseError(
                f"{name}:{line}:{col}: error: string literal not closed on its line (or with "
                "an escape other than \\\" \\n \\t \\\\ \\XX)" + _source_excerpt(text, line, col)
            )


def _source_excerpt(text: str, line: int, col: int) -> str:
    """The source line and a caret under the column, or nothing for an empty line."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines) or not lines[line - 1].strip():
        return ""
    return "\n" + lines[line - 1] + "\n" + " " * (col - 1) + "^"


def location_str(op: Operation) -> str:
    """`file:line:col` of an op (or of its closest located parent), or `<unknown>`."""
    cur: Operation | None = op
    while cur is not None:
        loc = cur.location
        if isinstance(loc, FileLineColLoc):
            if loc.column.data == 0:  # front-end locations know the line only
                return f"{loc.filename.data}:{loc.line.data}"
            return f"{loc.filename.data}:{loc.line.data}:{loc.column.data}"
        cur = cur.parent_op()
    return "<unknown>"


class _Dominance:
    """Whether operands are defined before their uses (MLIR's dominance, for regions whose
    blocks run in order; a value of another block of the same region is accepted)."""

    def __init__(self) -> None:
        self.positions: dict[int, dict[int, int]] = {}

    def _position(self, op: Operation) -> int:
        block = op.parent_block()
        assert block is not None
        table = self.positions.get(id(block))
        if table is None:
            table = {id(o): i for i, o in enumerate(block.ops)}
            self.positions[id(block)] = table
        return table[id(op)]

    def check(self, op: Operation) -> str | None:
        """The message for the first operand of `op` that does not dominate it, or None."""
        for i, value in enumerate(op.operands):
            owner = value.owner
            def_block = owner if isinstance(owner, Block) else owner.parent_block()
            if def_block is None:
                return f"operand #{i} is not defined in any block"
            user: Operation | None = op
            while user is not None and user.parent_block() is not def_block:
                user = user.parent_op()
            if user is None:
                if not self._same_region(op, def_block):
                    return f"operand #{i} is defined in a region that does not enclose this use"
                continue
            if _graph_region(def_block) or _in_egraph(op, owner):
                continue  # (no order in a graph region; xDSL's e-classes form cycles)
            if isinstance(owner, Operation) and (
                owner is user or self._position(owner) >= self._position(user)
            ):
                return f"operand #{i} does not dominate this use"
        return None

    @staticmethod
    def _same_region(op: Operation, block: Block) -> bool:
        region = block.parent
        cur: Operation | None = op
        while cur is not None:
            b = cur.parent_block()
            if b is not None and b.parent is region:
                return True
            cur = cur.parent_op()
        return False


def _in_egraph(user: Operation, owner: Operation | Block) -> bool:
    """Whether a use is an edge of one of xDSL's e-graphs (`equivalence` ops, cyclic)."""
    return op_name(user).startswith("equivalence.") or (
        isinstance(owner, Operation) and op_name(owner).startswith("equivalence.")
    )


def _graph_region(block: Block) -> bool:
    """Whether `block` is in a graph region, whose values may be used before they are
    defined: `builtin.module`'s body (MLIR's RegionKind::Graph) and the regions of xDSL's
    `test` dialect ops (xDSL's FileCheck suite writes cycles there).  (Values of xDSL's
    `equivalence` dialect, whose e-graphs are cycles in ordinary regions, are exempt too:
    `_Dominance.check`.)"""
    region = block.parent
    parent = region.parent if region is not None else None
    return isinstance(parent, ModuleOp) or (
        parent is not None and op_name(parent).startswith("test.")
    )


def _verify_dim(op: Operation) -> str | None:
    """tensor.dim / memref.dim with a constant index outside the operand's rank: valid IR
    (upstream MLIR's verifier accepts it since LLVM 17 -- the result is undefined -- and
    xDSL's does too), but not a program arignote compiles (`check_compilable`)."""
    index = op.operands[1].owner
    source = op.operands[0].type
    if not isinstance(index, arith.ConstantOp) or not hasattr(source, "get_num_dims"):
        return None
    value = index.value
    if isinstance(value, IntegerAttr) and not 0 <= value.value.data < source.get_num_dims():
        return f"index {value.value.data} is out of range for {source}"
    return None


def _verify_linalg_index(op: Operation) -> str | None:
    """linalg.index must name a loop of its enclosing linalg op (upstream's verifier:
    "expected dim (2) to be lower than the number of loops (2) of the enclosing
    LinalgOp"; xDSL 0.74's checks neither)."""
    dim = op.dim.value.data  # type: ignore[attr-defined]
    parent = op.parent_op()
    iterators = getattr(parent, "iterator_types", None)
    if iterators is None:
        return "expected parent op with LinalgOp interface"
    loops = len(iterators.data)
    if not 0 <= dim < loops:
        return (
            f"expected dim ({dim}) to be lower than the number of loops ({loops}) of the "
            "enclosing LinalgOp"
        )
    return None


def _verify_tensor_empty(op: Operation) -> str | None:
    """tensor.empty takes one size per dynamic dim of its result (upstream's verifier;
    xDSL 0.74's does not check, and one-shot-bufferize then made an invalid memref.alloc:
    IR fuzzer, seed 606 case 185)."""
    t = op.results[0].type
    if not hasattr(t, "get_shape"):
        return None
    want = sum(1 for d in t.get_shape() if d == DYNAMIC_INDEX)
    have = len(op.dynamic_sizes)  # type: ignore[attr-defined]
    if have != want:
        return f"incorrect number of dynamic sizes, has {have}, expected {want}"
    return None


_FLOAT_MAX = {16: 65504.0, 32: 3.4028234663852886e38}


def _verify_float_constant(op: Operation) -> str | None:
    """A float constant must be representable in its type (1e10 : f16 is not)."""
    value = getattr(op, "value", None)
    if not isinstance(value, FloatAttr):
        return None
    width = getattr(value.type, "bitwidth", None)
    x = value.value.data
    if width in _FLOAT_MAX and x == x and abs(x) != float("inf") and abs(x) > _FLOAT_MAX[width]:
        return f"the value {x} is too large for {value.type}"
    return None


#: checks upstream MLIR makes that xDSL's own verifiers of these ops lack
#: (by op name: the linalg dialect is not imported until a module uses it)
_EXTRA_VERIFIERS = {
    "arith.constant": _verify_float_constant, "linalg.index": _verify_linalg_index,
    "tensor.empty": _verify_tensor_empty,
}  # fmt: skip

#: valid IR whose behaviour is undefined: refused by the compiler, not by the verifier
_UNDEFINED = {"tensor.dim": _verify_dim, "memref.dim": _verify_dim}


def check_compilable(module: Operation) -> None:
    """Raise `IRVerifyError` for the first op whose behaviour is undefined (a `dim` of a
    constant index outside the rank): the verifier accepts it, as upstream does; the
    compiler refuses it with this message instead of failing when it runs."""
    for op in module.walk():
        check = _UNDEFINED.get(op.name)
        problem = check(op) if check is not None else None
        if problem is not None:
            raise IRVerifyError(
                f"{location_str(op)}: error: '{op.name}' {problem} (valid IR, but undefined "
                "when run: arignote does not compile it)"
            )


def verify_module(module: Operation, *, device_code: bool = True) -> None:
    """Verify every op (its own verifier, and that its operands dominate it); raise
    `IRVerifyError` naming the first bad op and its location.  `device_code=False` leaves
    out the code LLVM verifies after us (the bodies of `llvm.func`s and `gpu.module`s at
    the top of the module): the compile path's choice (docs/internals.md)."""
    with gc_paused():
        _verify_module(module, device_code)


def _ops_to_verify(module: Operation, device_code: bool) -> Iterator[Operation]:
    if device_code or not isinstance(module, ModuleOp):
        yield from module.walk()
        return
    yield module
    for top in module.body.block.ops:
        if top.name in ("llvm.func", "gpu.module"):
            continue  # (LLVM's verifier checks what the translation makes of them)
        yield from top.walk()


def _verify_module(module: Operation, device_code: bool = True) -> None:
    dominance = _Dominance()
    for op in _ops_to_verify(module, device_code):
        problem = dominance.check(op)
        extra = _EXTRA_VERIFIERS.get(op.name)
        if problem is None and extra is not None:
            problem = extra(op)
        if problem is not None:
            raise IRVerifyError(f"{location_str(op)}: error: '{op.name}' {problem}")
        try:
            op.verify(verify_nested_ops=False)
        except (ArithmeticError, AssertionError, LookupError, TypeError, ValueError) as e:
            # an xDSL verifier that fails on malformed input instead of reporting it
            raise IRVerifyError(
                f"{location_str(op)}: error: '{op.name}' is malformed ({type(e).__name__}: {e})"
            ) from None
        except ArignoteError:
            raise
        except VerifyException as e:
            msg = " ".join(line.strip() for line in str(e).splitlines() if line.strip())
            msg = _strip(msg)
            for prefix in (f"{op.name}: ", f"'{op.name}' op "):  # (xDSL's, upstream's)
                if msg.startswith(prefix):
                    msg = msg[len(prefix) :]
            err = IRVerifyError(f"{location_str(op)}: error: '{op.name}' {msg}")
            err.upstream = e
            raise err from None
        except Exception as e:
            if not type(op).__module__.startswith("xdsl."):
                raise  # (our own verifiers' bugs stay internal errors)
            # xDSL's scf.for verifier raises a bare Exception on mismatched block arguments
            raise IRVerifyError(
                f"{location_str(op)}: error: '{op.name}' {_strip(str(e))}"
            ) from None


def _strip(msg: str) -> str:
    for prefix in ("Operation does not verify: ",):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return msg


def print_module(
    module: Operation,
    *,
    generic: bool = False,
    debuginfo: bool = False,
    properties_as_attributes: bool = False,
    elide_elements_larger: int | None = None,
    syntax_highlight: bool = False,
    ctx: Context | None = None,
    xdsl_forms: bool = False,
) -> str:
    """The module's text.  `elide_elements_larger=N` prints a dense elements attribute of
    more than N elements as `dense_resource<__elided__>` (mlir-opt's
    --mlir-elide-elementsattrs-if-larger); with `ctx`, the dialect resources the module
    uses are printed after it (`{-# dialect_resources: ... #-}`), as xdsl-opt does;
    `xdsl_forms` prints our ops that have an xDSL namesake in xDSL's form
    (`arignote.xdsl_forms`)."""
    out = io.StringIO()
    cls: type[Printer] = Printer
    if syntax_highlight:
        from xdsl.syntax_printer import SyntaxPrinter

        cls = SyntaxPrinter
    printer = cls(
        stream=out,
        print_generic_format=generic,
        print_debuginfo=debuginfo,
        print_properties_as_attributes=properties_as_attributes,
    )
    if elide_elements_larger is not None:
        _elide_elements(printer, elide_elements_larger)
    forms = contextlib.nullcontext()
    if xdsl_forms:
        from arignote.xdsl_forms import xdsl_printing

        forms = xdsl_printing(module)  # type: ignore[assignment]
    with gc_paused(), forms:
        printer.print_op(module)
        if ctx is not None:
            printer.print_metadata(ctx.loaded_dialects)
    return out.getvalue() + "\n"


def _elide_elements(printer: Printer, limit: int) -> None:
    """Make `printer` print dense elements attributes of more than `limit` elements as
    upstream MLIR elides them: `dense_resource<__elided__> : <type>`; splats stay."""
    from xdsl.dialects.builtin import DenseIntOrFPElementsAttr

    base = printer.print_attribute

    def print_attribute(attribute: Attribute) -> None:
        if (
            isinstance(attribute, DenseIntOrFPElementsAttr)
            and len(attribute) > limit
            and not attribute.is_splat()  # (upstream never elides a splat)
        ):
            printer.print_string("dense_resource<__elided__> : ")
            base(attribute.type)
        else:
            base(attribute)

    printer.print_attribute = print_attribute  # type: ignore[method-assign]


def op_name(op: Operation) -> str:
    """The op's name as written, also for unregistered ops."""
    name = getattr(op, "op_name", None)
    return name.data if name is not None and hasattr(name, "data") else op.name


def diagnostic(op: Operation, pass_name: str, message: str) -> str:
    """The text of a pass diagnostic: `file:line:col: error: <pass>: '<op>' <message>`."""
    return f"{location_str(op)}: error: {pass_name}: '{op_name(op)}' {message}"
