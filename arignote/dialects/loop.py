"""The `loop` dialect: loops and conditionals whose bodies are functions the host calls.

`outline-tt-loops` turns `tt.scan` / `tt.if` into these ops (the regions become private
functions); they live on tensors until `one-shot-bufferize` and on memrefs after it, and
the host program runs them (docs/internals.md, "Loops and conditionals").

    %h, %y = loop.scan @f_scan0(%n) seqs(%x : memref<?x?xf64>) states(%h0 : memref<1x?xf64>)
        taps [[-1]] consts(%w : memref<?x?xf64>) -> (memref<?x?xf64>, memref<?x?xf64>)

calls `@f_scan0` once per step with the operands `tt.scan`'s body received as block
arguments (sequence rows, state taps, constants) and stores what it returns as `tt.scan`
stores its yield.  The results are buffers the op allocates (a per-step output's row
shape is known after the first step).

    %r = loop.if %c then @f_then0 else @f_else0 args(%a : memref<?xf64>) -> (memref<?xf64>)

calls one of the two functions with `args`, as `tt.if` runs one region.

    %r = loop.row %buf[%i] : memref<?x4xf32> -> memref<4xf32>

is row `i` of a buffer with the identity layout, as a memref of the remaining dims (no
copy: the rows of a contiguous buffer are contiguous).  `convert-loop-to-scf` makes
these for the sequences, state taps and results of a loop it compiles natively.

    loop.parallel_for @f_kernel_0_chunk(%n) grain(%g) args(%x : memref<?xf32>, %o : memref<?xf32>)

calls `@f_kernel_0_chunk(%lo, %hi, %x, %o)` for chunks [lo, hi) that cover [0, n) once,
each at least `g` long except the last, on the CPU's thread pool, and returns when all
have returned (`cpu-parallel-kernels` makes it in CPU kernels; the callee takes two
`index` arguments and then `args`).
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    ArrayAttr,
    FlatSymbolRefAttr,
    IndexType,
    MemRefType,
    NoneAttr,
    SymbolRefAttr,
    TensorType,
    UnitAttr,
)
from xdsl.ir import Attribute, Dialect, SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    result_def,
    var_operand_def,
    var_result_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException

from arignote.dialects.tt_loops import (
    _parse_result_types,
    _parse_taps,
    _parse_typed_operands,
    _print_result_types,
    _print_typed_operands,
    _taps_attr,
)

Shaped = TensorType | MemRefType


def _check_shaped(op: IRDLOperation, values: Sequence[SSAValue], what: str) -> None:
    for i, v in enumerate(values):
        if not isinstance(v.type, TensorType | MemRefType):
            raise VerifyException(f"{op.name}: {what} {i} must be a tensor or memref, got {v.type}")


@irdl_op_definition
class ScanOp(IRDLOperation):
    """A loop calling its body function once per step (see the module docstring)."""

    name = "loop.scan"

    n_steps = operand_def(IndexType)
    sequences = var_operand_def()
    states = var_operand_def()
    consts = var_operand_def()
    res = var_result_def()
    callee = prop_def(SymbolRefAttr)
    taps = prop_def(ArrayAttr)
    until = opt_prop_def(UnitAttr)

    irdl_options = (AttrSizedOperandSegments(as_property=True),)

    def __init__(
        self,
        callee: str,
        n_steps: SSAValue,
        sequences: Sequence[SSAValue],
        states: Sequence[SSAValue],
        taps: Sequence[Sequence[int]],
        consts: Sequence[SSAValue],
        result_types: Sequence[Attribute],
        until: bool = False,
    ):
        props: dict[str, Attribute] = {
            "callee": FlatSymbolRefAttr(callee),
            "taps": _taps_attr(taps),
        }
        if until:
            props["until"] = UnitAttr()
        super().__init__(
            operands=[n_steps, sequences, states, consts],
            result_types=[list(result_types)],
            properties=props,
        )

    def state_taps(self) -> list[list[int]]:
        return [list(a.get_values()) for a in self.taps.data]  # type: ignore[attr-defined]

    def callee_name(self) -> str:
        return self.callee.root_reference.data

    def verify_(self) -> None:
        for what, vs in (("sequence", self.sequences), ("state", self.states)):
            _check_shaped(self, vs, what)
        _check_shaped(self, self.consts, "constant")
        _check_shaped(self, self.res, "result")
        if len(self.state_taps()) != len(self.states):
            raise VerifyException(
                f"{self.name}: {len(self.states)} states but {len(self.state_taps())} tap lists"
            )
        if len(self.res) < len(self.states):
            raise VerifyException(
                f"{self.name}: {len(self.res)} results for {len(self.states)} states"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(f" @{self.callee_name()}(")
        printer.print_ssa_value(self.n_steps)
        printer.print_string(")")
        _print_typed_operands(printer, "seqs", self.sequences)
        _print_typed_operands(printer, "states", self.states)
        if self.states:
            printer.print_string(" taps " + str(self.state_taps()).replace(" ", ""))
        _print_typed_operands(printer, "consts", self.consts)
        if self.until is not None:
            printer.print_string(" until")
        _print_result_types(printer, [r.type for r in self.res])

    @classmethod
    def parse(cls, parser: Parser) -> ScanOp:
        callee = parser.parse_symbol_name().data
        parser.parse_punctuation("(")
        n = parser.parse_operand(IndexType())
        parser.parse_punctuation(")")
        seq_names, seq_types = _parse_typed_operands(parser, "seqs")
        st_names, st_types = _parse_typed_operands(parser, "states")
        taps = _parse_taps(parser)
        c_names, c_types = _parse_typed_operands(parser, "consts")
        until = parser.parse_optional_keyword("until") is not None
        result_types = _parse_result_types(parser)
        seqs = parser.resolve_operands(seq_names, seq_types, parser.pos)
        states = parser.resolve_operands(st_names, st_types, parser.pos)
        consts = parser.resolve_operands(c_names, c_types, parser.pos)
        return cls(callee, n, seqs, states, taps, consts, result_types, until)


@irdl_op_definition
class IfOp(IRDLOperation):
    """Calls `then` when the rank-0 i1 condition is true, else `else`, with `args`."""

    name = "loop.if"

    cond = operand_def()
    args = var_operand_def()
    res = var_result_def()
    then_callee = prop_def(SymbolRefAttr)
    else_callee = prop_def(SymbolRefAttr)

    def __init__(
        self,
        cond: SSAValue,
        then_callee: str,
        else_callee: str,
        args: Sequence[SSAValue],
        result_types: Sequence[Attribute],
    ):
        super().__init__(
            operands=[cond, args],
            result_types=[list(result_types)],
            properties={
                "then_callee": FlatSymbolRefAttr(then_callee),
                "else_callee": FlatSymbolRefAttr(else_callee),
            },
        )

    def verify_(self) -> None:
        t = self.cond.type
        if not isinstance(t, TensorType | MemRefType) or t.get_shape():
            raise VerifyException(f"{self.name}: the condition must be rank 0 i1, got {t}")
        _check_shaped(self, self.args, "argument")
        _check_shaped(self, self.res, "result")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_ssa_value(self.cond)
        printer.print_string(" : ")
        printer.print_attribute(self.cond.type)
        printer.print_string(f" then @{self.then_callee.root_reference.data}")
        printer.print_string(f" else @{self.else_callee.root_reference.data}")
        _print_typed_operands(printer, "args", self.args)
        _print_result_types(printer, [r.type for r in self.res])

    @classmethod
    def parse(cls, parser: Parser) -> IfOp:
        name = parser.parse_unresolved_operand()
        parser.parse_punctuation(":")
        ctype = parser.parse_type()
        parser.parse_keyword("then")
        then_callee = parser.parse_symbol_name().data
        parser.parse_keyword("else")
        else_callee = parser.parse_symbol_name().data
        names, types = _parse_typed_operands(parser, "args")
        result_types = _parse_result_types(parser)
        cond = parser.resolve_operand(name, ctype)
        args = parser.resolve_operands(names, types, parser.pos)
        return cls(cond, then_callee, else_callee, args, result_types)


def _identity(t: MemRefType) -> bool:
    return isinstance(t.layout, NoneAttr)


@irdl_op_definition
class RowOp(IRDLOperation):
    """Row `index` of `buffer` (see the module docstring)."""

    name = "loop.row"

    buffer = operand_def(MemRefType)
    index = operand_def(IndexType)
    res = result_def(MemRefType)

    def __init__(self, buffer: SSAValue, index: SSAValue, result_type: Attribute):
        super().__init__(operands=[buffer, index], result_types=[result_type])

    def verify_(self) -> None:
        b, r = self.buffer.type, self.res.type
        assert isinstance(b, MemRefType) and isinstance(r, MemRefType)
        if not b.get_shape():
            raise VerifyException(f"{self.name}: the buffer {b} has no rows (rank 0)")
        if not (_identity(b) and _identity(r)):
            raise VerifyException(
                f"{self.name}: buffer {b} and row {r} must have the identity layout"
            )
        if b.element_type != r.element_type or b.memory_space != r.memory_space:
            raise VerifyException(
                f"{self.name}: the row {r} must have the element type and memory space of "
                f"the buffer {b}"
            )
        rows, row = b.get_shape()[1:], r.get_shape()
        dyn = DYNAMIC_INDEX
        if len(rows) != len(row) or any(a != c and dyn not in (a, c) for a, c in zip(rows, row)):
            shape = "x".join("?" if d == dyn else str(d) for d in rows)
            raise VerifyException(f"{self.name}: a row of {b} has shape [{shape}], not that of {r}")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_ssa_value(self.buffer)
        printer.print_string("[")
        printer.print_ssa_value(self.index)
        printer.print_string("] : ")
        printer.print_attribute(self.buffer.type)
        printer.print_string(" -> ")
        printer.print_attribute(self.res.type)

    @classmethod
    def parse(cls, parser: Parser) -> RowOp:
        buf = parser.parse_unresolved_operand()
        parser.parse_punctuation("[")
        index = parser.parse_operand(IndexType())
        parser.parse_punctuation("]")
        parser.parse_punctuation(":")
        buf_type = parser.parse_type()
        parser.parse_punctuation("->")
        row_type = parser.parse_type()
        return cls(parser.resolve_operand(buf, buf_type), index, row_type)


@irdl_op_definition
class ParallelForOp(IRDLOperation):
    """Calls `callee(lo, hi, args...)` over chunks of [0, n) on the thread pool."""

    name = "loop.parallel_for"

    n = operand_def(IndexType)
    grain = operand_def(IndexType)
    args = var_operand_def()
    callee = prop_def(SymbolRefAttr)

    def __init__(self, callee: str, n: SSAValue, grain: SSAValue, args: Sequence[SSAValue]):
        super().__init__(
            operands=[n, grain, args], properties={"callee": FlatSymbolRefAttr(callee)}
        )

    def verify_(self) -> None:
        from xdsl.dialects import func
        from xdsl.traits import SymbolTable

        name = self.callee.root_reference.data
        target = SymbolTable.lookup_symbol(self, self.callee)
        if target is None:
            raise VerifyException(f"{self.name}: no function @{name} in the module")
        if isinstance(target, func.FuncOp):
            want = [IndexType(), IndexType(), *(a.type for a in self.args)]
            have = list(target.function_type.inputs.data)
            if have != want or target.function_type.outputs.data:
                sig = ", ".join(str(t) for t in want)
                raise VerifyException(
                    f"{self.name}: @{name} must take ({sig}) and return nothing, "
                    f"not {target.function_type}"
                )

    def print(self, printer: Printer) -> None:
        printer.print_string(f" @{self.callee.root_reference.data}(")
        printer.print_ssa_value(self.n)
        printer.print_string(") grain(")
        printer.print_ssa_value(self.grain)
        printer.print_string(")")
        _print_typed_operands(printer, "args", self.args)

    @classmethod
    def parse(cls, parser: Parser) -> ParallelForOp:
        callee = parser.parse_symbol_name().data
        parser.parse_punctuation("(")
        n = parser.parse_operand(IndexType())
        parser.parse_punctuation(")")
        parser.parse_keyword("grain")
        parser.parse_punctuation("(")
        grain = parser.parse_operand(IndexType())
        parser.parse_punctuation(")")
        names, types = _parse_typed_operands(parser, "args")
        return cls(callee, n, grain, parser.resolve_operands(names, types, parser.pos))


LOOP = Dialect("loop", [ScanOp, IfOp, RowOp, ParallelForOp], [])

__all__ = ["LOOP", "ScanOp", "IfOp", "RowOp", "ParallelForOp"]
