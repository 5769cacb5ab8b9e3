"""The `tt` ops with regions: `tt.scan` (Theano's scan), `tt.if` (Theano's ifelse) and
their terminator `tt.yield`.

    %h, %y = tt.scan %n seqs(%x : tensor<?x?xf64>) states(%h0 : tensor<1x?xf64>)
        taps [[-1]] consts(%w : tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
    ^bb0(%xt: tensor<?xf64>, %hp: tensor<?xf64>, %w2: tensor<?x?xf64>):
      ...
      tt.yield %hn, %yt : tensor<?xf64>, tensor<?xf64>
    }

`tt.scan` runs its body `n` times.  Operands: the step count (`index`), the sequences
(step `t` reads row `t` of each), the states (each holds at least `m` rows, `m` the
largest |tap| of the state; its first `m` rows are the initial ones, as Theano's
`init[:m]`), the constants.  Block arguments, in order: one row per
sequence; per state, one value per tap (tap `k` of a state reads row `t + m + k` of the
state's buffer, whose first `m` rows are the initial ones); the constants.  The yield
gives the new row of each state, then each per-step output, then (with `until`) a
`tensor<i1>` that stops the loop after this step when true.  Results: per state its
whole buffer (`m + steps` rows), then per output its stacked rows (`steps` rows).

`tt.if %c args(...) -> (...) {then} else {else}` runs one region: the first when the
rank-0 `i1` condition is true.  Both regions take the `args` as block arguments and
yield values of the result types.  Both ops are isolated from above: what a body uses
is an operand.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    ArrayAttr,
    DenseArrayBase,
    IndexType,
    TensorType,
    UnitAttr,
    i1,
    i64,
)
from xdsl.ir import Attribute, Block, Region, SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    region_def,
    traits_def,
    var_operand_def,
    var_result_def,
)
from xdsl.parser import Parser, UnresolvedOperand
from xdsl.printer import Printer
from xdsl.traits import HasParent, IsolatedFromAbove, IsTerminator
from xdsl.utils.exceptions import VerifyException


def row_type(t: Attribute) -> TensorType:
    """tensor<N x rest> -> tensor<rest> (one step's slice)."""
    assert isinstance(t, TensorType)
    return TensorType(t.element_type, list(t.get_shape())[1:])


def stacked_type(t: Attribute) -> TensorType:
    """tensor<rest> -> tensor<? x rest> (rows stacked over the steps)."""
    assert isinstance(t, TensorType)
    return TensorType(t.element_type, [DYNAMIC_INDEX, *t.get_shape()])


def _taps_attr(taps: Sequence[Sequence[int]]) -> ArrayAttr:
    return ArrayAttr([DenseArrayBase.from_list(i64, list(t)) for t in taps])


def _parse_typed_operands(
    parser: Parser, keyword: str
) -> tuple[list[UnresolvedOperand], list[Attribute]]:
    """`keyword(%a : T, %b : U)` or nothing."""
    if parser.parse_optional_keyword(keyword) is None:
        return [], []
    names: list[UnresolvedOperand] = []
    types: list[Attribute] = []

    def one() -> None:
        names.append(parser.parse_unresolved_operand())
        parser.parse_punctuation(":")
        types.append(parser.parse_type())

    parser.parse_comma_separated_list(parser.Delimiter.PAREN, one)
    return names, types


def _print_typed_operands(printer: Printer, keyword: str, values: Sequence[SSAValue]) -> None:
    if not values:
        return
    printer.print_string(f" {keyword}(")
    for i, v in enumerate(values):
        if i:
            printer.print_string(", ")
        printer.print_ssa_value(v)
        printer.print_string(" : ")
        printer.print_attribute(v.type)
    printer.print_string(")")


def _parse_result_types(parser: Parser) -> list[Attribute]:
    parser.parse_punctuation("->")
    return parser.parse_comma_separated_list(parser.Delimiter.PAREN, parser.parse_type)


def _print_result_types(printer: Printer, types: Sequence[Attribute]) -> None:
    printer.print_string(" -> (")
    printer.print_list(types, printer.print_attribute)
    printer.print_string(")")


def _parse_taps(parser: Parser) -> list[list[int]]:
    if parser.parse_optional_keyword("taps") is None:
        return []

    def one_state() -> list[int]:
        return parser.parse_comma_separated_list(parser.Delimiter.SQUARE, parser.parse_integer)

    return parser.parse_comma_separated_list(parser.Delimiter.SQUARE, one_state)


def _fail(op: IRDLOperation, message: str) -> VerifyException:
    return VerifyException(f"{op.name}: {message}")


@irdl_op_definition
class ScanOp(IRDLOperation):
    """A loop over one step's body (Theano's scan); see the module docstring."""

    name = "tt.scan"

    n_steps = operand_def(IndexType)
    sequences = var_operand_def(TensorType)
    states = var_operand_def(TensorType)
    consts = var_operand_def(TensorType)
    res = var_result_def(TensorType)
    body = region_def("single_block")
    taps = prop_def(ArrayAttr)
    until = opt_prop_def(UnitAttr)

    irdl_options = (AttrSizedOperandSegments(as_property=True),)
    traits = traits_def(IsolatedFromAbove())

    def __init__(
        self,
        n_steps: SSAValue,
        sequences: Sequence[SSAValue],
        states: Sequence[SSAValue],
        taps: Sequence[Sequence[int]],
        consts: Sequence[SSAValue],
        result_types: Sequence[Attribute],
        body: Region,
        until: bool = False,
    ):
        props: dict[str, Attribute] = {"taps": _taps_attr(taps)}
        if until:
            props["until"] = UnitAttr()
        super().__init__(
            operands=[n_steps, sequences, states, consts],
            result_types=[list(result_types)],
            regions=[body],
            properties=props,
        )

    # ---------------------------------------------------------------- structure
    def state_taps(self) -> list[list[int]]:
        return [list(a.get_values()) for a in self.taps.data]  # type: ignore[attr-defined]

    def n_outputs(self) -> int:
        """The number of per-step outputs (results that are not states)."""
        return len(self.res) - len(self.states)

    def arg_types(self) -> list[Attribute]:
        """The block argument types the operands imply."""
        types: list[Attribute] = [row_type(s.type) for s in self.sequences]
        for s, taps in zip(self.states, self.state_taps()):
            types += [row_type(s.type)] * len(taps)
        return types + [c.type for c in self.consts]

    # ---------------------------------------------------------------- verifier
    def verify_(self) -> None:
        for i, s in enumerate(self.sequences):
            if s.type.get_num_dims() == 0:  # type: ignore[attr-defined]
                raise _fail(self, f"sequence {i} must have rank >= 1, got {s.type}")
        taps = self.state_taps()
        if len(taps) != len(self.states):
            raise _fail(self, f"{len(self.states)} states but {len(taps)} tap lists")
        for i, (s, t) in enumerate(zip(self.states, taps)):
            self._verify_state(i, s, t)
        self._verify_block_args()
        self._verify_yield()

    def _verify_state(self, i: int, s: SSAValue, taps: list[int]) -> None:
        if not taps or len(set(taps)) != len(taps) or any(k >= 0 for k in taps):
            raise _fail(self, f"the taps of state {i} must be distinct and negative, got {taps}")
        t = s.type
        assert isinstance(t, TensorType)
        if t.get_num_dims() == 0:
            raise _fail(self, f"state {i} must have rank >= 1 (its initial rows), got {t}")
        m = max(-k for k in taps)
        rows = t.get_shape()[0]
        if rows != DYNAMIC_INDEX and rows != m:
            raise _fail(
                self, f"state {i} has taps {taps} and so needs {m} initial rows, got {t}"
            )

    def _verify_block_args(self) -> None:
        block = self.body.block
        want = self.arg_types()
        if len(block.args) != len(want):
            raise _fail(
                self,
                f"the body has {len(block.args)} block arguments, the operands imply "
                f"{len(want)} (sequence rows, state taps, constants)",
            )
        for i, (a, t) in enumerate(zip(block.args, want)):
            if a.type != t:
                raise _fail(
                    self, f"block argument {i} has type {a.type}, its operand implies {t}"
                )

    def _verify_yield(self) -> None:
        y = self.body.block.last_op
        if not isinstance(y, YieldOp):
            raise _fail(self, "the body must end with tt.yield")
        vals = list(y.values)
        n_states = len(self.states)
        extra = 1 if self.until is not None else 0
        if len(vals) != len(self.res) + extra:
            raise _fail(
                self,
                f"the body yields {len(vals)} values, expected {len(self.res) + extra} "
                f"({n_states} states, {self.n_outputs()} outputs"
                f"{', the until condition' if extra else ''})",
            )
        if extra and vals[-1].type != TensorType(i1, []):
            raise _fail(self, f"the until condition must be tensor<i1>, got {vals[-1].type}")
        for i, s in enumerate(self.states):
            want = row_type(s.type)
            if vals[i].type != want:
                raise _fail(
                    self,
                    f"yield operand {i} (the new value of state {i}) has type "
                    f"{vals[i].type}, the state's rows are {want}",
                )
            if self.res[i].type != stacked_type(want):
                raise _fail(
                    self, f"result {i} has type {self.res[i].type}, expected "
                    f"{stacked_type(want)}"
                )  # fmt: skip
        for i in range(n_states, len(self.res)):
            want = stacked_type(vals[i].type)
            if self.res[i].type != want:
                raise _fail(
                    self,
                    f"result {i} has type {self.res[i].type}, yield operand {i} implies {want}",
                )

    # ---------------------------------------------------------------- assembly
    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_ssa_value(self.n_steps)
        _print_typed_operands(printer, "seqs", self.sequences)
        _print_typed_operands(printer, "states", self.states)
        if self.states:
            printer.print_string(" taps ")
            printer.print_string(str(self.state_taps()).replace(" ", ""))
        _print_typed_operands(printer, "consts", self.consts)
        if self.until is not None:
            printer.print_string(" until")
        _print_result_types(printer, [r.type for r in self.res])
        printer.print_string(" ")
        printer.print_region(self.body, print_entry_block_args=True)

    @classmethod
    def parse(cls, parser: Parser) -> ScanOp:
        n = parser.parse_operand(IndexType())
        seq_names, seq_types = _parse_typed_operands(parser, "seqs")
        st_names, st_types = _parse_typed_operands(parser, "states")
        taps = _parse_taps(parser)
        c_names, c_types = _parse_typed_operands(parser, "consts")
        until = parser.parse_optional_keyword("until") is not None
        result_types = _parse_result_types(parser)
        body = parser.parse_region()
        seqs = parser.resolve_operands(seq_names, seq_types, parser.pos)
        states = parser.resolve_operands(st_names, st_types, parser.pos)
        consts = parser.resolve_operands(c_names, c_types, parser.pos)
        return cls(n, seqs, states, taps, consts, result_types, body, until)


@irdl_op_definition
class IfOp(IRDLOperation):
    """Runs the `then` region when the condition is true, else the `else` region."""

    name = "tt.if"

    cond = operand_def(TensorType)
    args = var_operand_def(TensorType)
    res = var_result_def(TensorType)
    then_region = region_def("single_block")
    else_region = region_def("single_block")

    traits = traits_def(IsolatedFromAbove())

    def __init__(
        self,
        cond: SSAValue,
        args: Sequence[SSAValue],
        result_types: Sequence[Attribute],
        then_region: Region,
        else_region: Region,
    ):
        super().__init__(
            operands=[cond, args],
            result_types=[list(result_types)],
            regions=[then_region, else_region],
        )

    def verify_(self) -> None:
        if self.cond.type != TensorType(i1, []):
            raise _fail(self, f"the condition must be tensor<i1>, got {self.cond.type}")
        want = [a.type for a in self.args]
        for name, region in (("then", self.then_region), ("else", self.else_region)):
            block = region.block
            got = [a.type for a in block.args]
            if got != want:
                raise _fail(
                    self,
                    f"the {name} region's block arguments have types {_types(got)}, the "
                    f"args are {_types(want)}",
                )
            y = block.last_op
            if not isinstance(y, YieldOp):
                raise _fail(self, f"the {name} region must end with tt.yield")
            ys = [v.type for v in y.values]
            rs = [r.type for r in self.res]
            if ys != rs:
                raise _fail(
                    self, f"the {name} region yields {_types(ys)}, the results are {_types(rs)}"
                )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_ssa_value(self.cond)
        _print_typed_operands(printer, "args", self.args)
        _print_result_types(printer, [r.type for r in self.res])
        printer.print_string(" ")
        printer.print_region(self.then_region, print_entry_block_args=True)
        printer.print_string(" else ")
        printer.print_region(self.else_region, print_entry_block_args=True)

    @classmethod
    def parse(cls, parser: Parser) -> IfOp:
        cond = parser.parse_operand(TensorType(i1, []))
        names, types = _parse_typed_operands(parser, "args")
        result_types = _parse_result_types(parser)
        then_region = parser.parse_region()
        parser.parse_keyword("else")
        else_region = parser.parse_region()
        args = parser.resolve_operands(names, types, parser.pos)
        return cls(cond, args, result_types, then_region, else_region)


def _types(ts: Sequence[Attribute]) -> str:
    return "(" + ", ".join(str(t) for t in ts) + ")"


@irdl_op_definition
class YieldOp(IRDLOperation):
    """The values one step of a tt.scan, or the branch of a tt.if taken, produces."""

    name = "tt.yield"

    values = var_operand_def(TensorType)

    traits = traits_def(IsTerminator(), HasParent(ScanOp, IfOp))

    def __init__(self, *values: SSAValue):
        super().__init__(operands=[list(values)])

    def print(self, printer: Printer) -> None:
        if not self.values:
            return
        printer.print_string(" ")
        printer.print_list(self.values, printer.print_ssa_value)
        printer.print_string(" : ")
        printer.print_list([v.type for v in self.values], printer.print_attribute)

    @classmethod
    def parse(cls, parser: Parser) -> YieldOp:
        names = parser.parse_optional_undelimited_comma_separated_list(
            parser.parse_optional_unresolved_operand, parser.parse_unresolved_operand
        )
        if not names:
            return cls()
        parser.parse_punctuation(":")
        types = parser.parse_comma_separated_list(parser.Delimiter.NONE, parser.parse_type)
        return cls(*parser.resolve_operands(names, types, parser.pos))


def new_body(arg_types: Sequence[Attribute]) -> Region:
    return Region(Block(arg_types=list(arg_types)))


LOOP_OPS = (ScanOp, IfOp, YieldOp)

__all__ = ["ScanOp", "IfOp", "YieldOp", "LOOP_OPS", "row_type", "stacked_type", "new_body"]
