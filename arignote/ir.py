"""Parsing, verifying and printing IR with source locations.

`parse_module` records the file:line:col of every op that has no explicit `loc(...)`,
so that verifier and pass diagnostics can say where the op came from;
`verify_module` reports the first op that fails with its location.
"""

from __future__ import annotations

import io

from xdsl.context import Context
from xdsl.dialects.builtin import FileLineColLoc, IntAttr, ModuleOp, StringAttr, UnknownLoc
from xdsl.ir import Attribute, Operation
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.utils.exceptions import ParseError, VerifyException

from arignote.errors import IRParseError, IRVerifyError


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

    def parse_operation(self) -> Operation:
        span = self._current_token.span
        where = span.get_location()
        try:
            op = super().parse_operation()
        except VerifyException as e:
            # an op whose custom parser builds an invalid op: report it at the op
            raise IRVerifyError(
                f"{where.file}:{where.line}:{where.col}: error: {_strip(str(e))}"
            ) from None
        if isinstance(op.location, UnknownLoc):
            op.location = FileLineColLoc(
                StringAttr(str(where.file)), IntAttr(where.line), IntAttr(where.col)
            )
        return op


def parse_module(text: str, name: str = "<string>", ctx: Context | None = None) -> ModuleOp:
    """Parse textual IR (custom or generic form) into a module; errors name file:line."""
    if ctx is None:
        from arignote.registry import make_context

        ctx = make_context()
    try:
        return LocatedParser(ctx, text, name).parse_module()
    except ParseError as e:
        where = e.span.get_location()
        raise IRParseError(
            f"{where.file}:{where.line}:{where.col}: error: {e.msg}"
            + _source_excerpt(text, where.line, where.col)
        ) from None


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


def verify_module(module: Operation) -> None:
    """Verify every op; raise `IRVerifyError` naming the first bad op and its location."""
    for op in module.walk():
        try:
            op.verify(verify_nested_ops=False)
        except VerifyException as e:
            msg = " ".join(line.strip() for line in str(e).splitlines() if line.strip())
            msg = _strip(msg)
            if msg.startswith(f"{op.name}: "):
                msg = msg[len(op.name) + 2 :]
            raise IRVerifyError(f"{location_str(op)}: error: '{op.name}' {msg}") from None


def _strip(msg: str) -> str:
    for prefix in ("Operation does not verify: ",):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return msg


def print_module(module: Operation, *, generic: bool = False, debuginfo: bool = False) -> str:
    out = io.StringIO()
    Printer(stream=out, print_generic_format=generic, print_debuginfo=debuginfo).print_op(module)
    return out.getvalue() + "\n"


def op_name(op: Operation) -> str:
    """The op's name as written, also for unregistered ops."""
    name = getattr(op, "op_name", None)
    return name.data if name is not None and hasattr(name, "data") else op.name


def diagnostic(op: Operation, pass_name: str, message: str) -> str:
    """The text of a pass diagnostic: `file:line:col: error: <pass>: '<op>' <message>`."""
    return f"{location_str(op)}: error: {pass_name}: '{op_name(op)}' {message}"
