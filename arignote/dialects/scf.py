"""xDSL's `scf` dialect with upstream MLIR's custom forms where xDSL's differ, and
upstream's `scf.forall`.

- `scf.parallel (%i) = (%lb) to (%ub) step (%s) init (%z) -> f32 { ... }`: xDSL has no
  custom form for it and cannot read upstream's (we read it; we print the generic form
  as xDSL does).
- `scf.reduce(%a, %b : f32, i32) { ... }, { ... }`: xDSL separates the regions of a
  two-region reduce with a space, which upstream rejects ("expected attribute name").
- `scf.execute_region [-> types] [no_inline] { ... }`: xDSL drops the block terminators of
  a region without results, so an empty region (`{ scf.yield }`) prints as `{ }`, which
  upstream reads as a region without blocks; it also drops the op's attributes and lacks
  upstream's `no_inline` property.
- `scf.forall (%i, %j) in (8, %n) shared_outs(%o = %t) -> (tensor<...>) { ...
  scf.forall.in_parallel { tensor.parallel_insert_slice ... } } {mapping = [...]}` and the
  `= (lbs) to (ubs) step (steps)` form; bounds mix integers and index values.

`ParallelOp` and `ReduceOp` are plain Python subclasses of xDSL's (same IRDL definition,
so isinstance and xDSL's patterns hold); `ExecuteRegionOp` is a new definition registered
as a virtual subclass of xDSL's.  The registry maps the namespace `scf` to `SCF`.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import scf as xscf
from xdsl.dialects.builtin import (
    ArrayAttr,
    DenseArrayBase,
    FunctionType,
    IndexType,
    TensorType,
    UnitAttr,
    i64,
)
from xdsl.dialects.utils.dynamic_index_list import (
    parse_dynamic_index_list_without_types,
    print_dynamic_index_list,
)
from xdsl.ir import Attribute, Block, Dialect, Operation, Region, SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
    IRDLOperation,
    irdl_op_definition,
    lazy_traits_def,
    opt_prop_def,
    prop_def,
    region_def,
    traits_def,
    var_operand_def,
    var_result_def,
)
from xdsl.parser import Parser, UnresolvedOperand
from xdsl.printer import Printer
from xdsl.traits import (
    HasParent,
    IsTerminator,
    NoTerminator,
    RecursiveMemoryEffect,
    SingleBlockImplicitTerminator,
)
from xdsl.utils.exceptions import VerifyException

#: upstream's marker of a dynamic entry in a static bound list (ShapedType::kDynamic)
DYNAMIC = -(2**63)


def _print_arrow_types(printer: Printer, types: Sequence[Attribute]) -> None:
    printer.print_string(" -> ")
    if len(types) == 1 and not isinstance(types[0], FunctionType):
        printer.print_attribute(types[0])
    else:
        printer.print_string("(")
        printer.print_list(types, printer.print_attribute)
        printer.print_string(")")


def _parse_arrow_types(parser: Parser) -> list[Attribute]:
    if parser.parse_optional_punctuation("->") is None:
        return []
    types = parser.parse_optional_comma_separated_list(parser.Delimiter.PAREN, parser.parse_type)
    return list(types) if types is not None else [parser.parse_type()]


# ----------------------------------------------------------------------------------------
# scf.parallel and scf.reduce


class ParallelOp(xscf.ParallelOp):
    """`scf.parallel`, also read in upstream's custom form.  It is printed in the generic
    form, as xDSL prints it (upstream reads that, and xDSL's and our lit tests check it);
    `print_custom` gives upstream's custom form."""

    @classmethod
    def parse(cls, parser: Parser) -> ParallelOp:
        ivs = parser.parse_comma_separated_list(
            parser.Delimiter.PAREN, lambda: parser.parse_argument(expect_type=False)
        )
        index = IndexType()

        def bounds(keyword: str | None) -> list[SSAValue]:
            if keyword == "=":
                parser.parse_punctuation("=")
            elif keyword is not None:
                parser.parse_keyword(keyword)
            pos = parser.pos
            names = parser.parse_comma_separated_list(
                parser.Delimiter.PAREN, parser.parse_unresolved_operand
            )
            if len(names) != len(ivs):
                parser.raise_error(
                    f"expected {len(ivs)} bounds (one per induction variable), got {len(names)}",
                    pos,
                )
            return parser.resolve_operands(names, [index] * len(names), pos)

        lbs, ubs, steps = bounds("="), bounds("to"), bounds("step")
        inits: list[SSAValue] = []
        if parser.parse_optional_keyword("init") is not None:
            inits = parser.parse_comma_separated_list(parser.Delimiter.PAREN, parser.parse_operand)
        pos = parser.pos
        result_types = _parse_arrow_types(parser)
        if [v.type for v in inits] != result_types:
            parser.raise_error(
                f"expected result types ({', '.join(str(v.type) for v in inits)}) of the init "
                f"values, got ({', '.join(map(str, result_types))})", pos)  # fmt: skip
        body = parser.parse_region([iv.resolve(index) for iv in ivs])
        attrs = parser.parse_optional_attr_dict()
        block = body.block
        if block.last_op is None or not isinstance(block.last_op, xscf.ReduceOp):
            block.add_op(ReduceOp())  # (upstream's implicit terminator)
        op = cls(lbs, ubs, steps, body, inits)
        op.attributes.update(attrs)
        return op

    def print_custom(self, printer: Printer) -> None:
        printer.print_string(" (")
        printer.print_list(self.body.block.args, lambda a: printer.print_block_argument(a, False))
        printer.print_string(") = (")
        printer.print_list(self.lowerBound, printer.print_operand)
        printer.print_string(") to (")
        printer.print_list(self.upperBound, printer.print_operand)
        printer.print_string(") step (")
        printer.print_list(self.step, printer.print_operand)
        printer.print_string(")")
        if self.initVals:
            printer.print_string(" init (")
            printer.print_list(self.initVals, printer.print_operand)
            printer.print_string(")")
        if self.res:
            _print_arrow_types(printer, [r.type for r in self.res])
        printer.print_string(" ")
        printer.print_region(self.body, print_entry_block_args=False)
        printer.print_op_attributes(self.attributes)


class ReduceOp(xscf.ReduceOp):
    """`scf.reduce` with upstream's comma between reduction regions."""

    @classmethod
    def parse(cls, parser: Parser) -> ReduceOp:
        args: list[SSAValue] = []
        if parser.parse_optional_punctuation("(") is not None:
            pos = parser.pos
            names = parser.parse_comma_separated_list(
                parser.Delimiter.NONE, parser.parse_unresolved_operand
            )
            parser.parse_punctuation(":")
            types = parser.parse_comma_separated_list(parser.Delimiter.NONE, parser.parse_type)
            parser.parse_punctuation(")")
            args = parser.resolve_operands(names, types, pos)
        regions: list[Region] = []
        region = parser.parse_optional_region()
        while region is not None:
            regions.append(region)
            region = parser.parse_region() if parser.parse_optional_punctuation(",") else None
        op = cls(args, regions)
        op.attributes.update(parser.parse_optional_attr_dict())
        return op

    def print(self, printer: Printer) -> None:
        if self.args:
            printer.print_string("(")
            printer.print_list(self.args, printer.print_operand)
            printer.print_string(" : ")
            printer.print_list([a.type for a in self.args], printer.print_attribute)
            printer.print_string(")")
        for i, region in enumerate(self.reductions):
            printer.print_string(", " if i else " ")
            printer.print_region(region)
        printer.print_op_attributes(self.attributes)


class IndexSwitchOp(xscf.IndexSwitchOp):
    """`scf.index_switch`, reading upstream's empty regions (`default {}`: upstream elides
    the implicit `scf.yield` of a switch without results; xDSL read no block)."""

    @classmethod
    def parse(cls, parser: Parser) -> IndexSwitchOp:
        arg = parser.parse_operand(IndexType())
        attrs = parser.parse_optional_attr_dict()
        result_types: list[Attribute] = []
        if parser.parse_optional_punctuation("->") is not None:
            result_types = parser.parse_comma_separated_list(
                parser.Delimiter.NONE, parser.parse_type
            )

        def region() -> Region:
            r = parser.parse_region()
            if not r.blocks:
                r.add_block(Block())
            block = r.block
            if not isinstance(block.last_op, xscf.YieldOp):
                block.add_op(xscf.YieldOp())  # (the implicit terminator)
            return r

        values: list[int] = []
        regions: list[Region] = []
        while parser.parse_optional_keyword("case") is not None:
            values.append(parser.parse_integer())
            regions.append(region())
        parser.parse_keyword("default")
        default = region()
        cases = DenseArrayBase.from_list(i64, values)
        return cls(arg, cases, default, regions, result_types, attrs)


# ----------------------------------------------------------------------------------------
# scf.execute_region


@irdl_op_definition
class ExecuteRegionOp(IRDLOperation):
    """`scf.execute_region [-> types] [no_inline] { ... }`: runs its region once."""

    name = "scf.execute_region"

    outs = var_result_def()
    no_inline = opt_prop_def(UnitAttr)
    region = region_def()

    traits = traits_def(
        RecursiveMemoryEffect(), xscf.ExecuteRegionOpHasCanonicalizationPatternsTrait()
    )

    def __init__(
        self,
        result_types: Sequence[Attribute],
        region: Region,
        attr_dict: dict[str, Attribute] | None = None,
        no_inline: bool = False,
    ):
        super().__init__(
            result_types=(result_types,),
            regions=(region,),
            attributes=attr_dict,
            properties={"no_inline": UnitAttr() if no_inline else None},
        )

    @classmethod
    def parse(cls, parser: Parser) -> ExecuteRegionOp:
        result_types = _parse_arrow_types(parser)
        no_inline = parser.parse_optional_keyword("no_inline") is not None
        region = parser.parse_region()
        attrs = parser.parse_optional_attr_dict()
        return cls(result_types, region, attrs, no_inline)

    def print(self, printer: Printer) -> None:
        if self.outs:
            _print_arrow_types(printer, [r.type for r in self.outs])
        if self.no_inline is not None:
            printer.print_string(" no_inline")
        printer.print_string(" ")
        printer.print_region(self.region, print_entry_block_args=False)
        printer.print_op_attributes(self.attributes)

    def verify_(self) -> None:
        if self.region.first_block is None:
            raise VerifyException("region needs to have at least one block")
        if self.region.first_block.args:
            raise VerifyException("region cannot have any arguments")


# ----------------------------------------------------------------------------------------
# scf.forall and scf.forall.in_parallel


@irdl_op_definition
class InParallelOp(IRDLOperation):
    """`scf.forall.in_parallel { ... }`: the terminator of `scf.forall`, whose body holds
    the ops that write each thread's slice into the shared outputs."""

    name = "scf.forall.in_parallel"

    region = region_def("single_block")

    traits = lazy_traits_def(lambda: (IsTerminator(), NoTerminator(), HasParent(ForallOp)))

    def __init__(self, ops: Sequence[Operation] = ()):
        super().__init__(regions=[Region(Block(ops))])

    @classmethod
    def parse(cls, parser: Parser) -> InParallelOp:
        region = parser.parse_region()
        if not region.blocks:
            region.add_block(Block())
        op = cls.build(regions=[region])
        op.attributes.update(parser.parse_optional_attr_dict())
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_region(self.region, print_entry_block_args=False)
        printer.print_op_attributes(self.attributes)

    def verify_(self) -> None:
        if self.region.block.args:
            raise VerifyException("expected a region without arguments")


def _static(values: Sequence[int]) -> DenseArrayBase:
    return DenseArrayBase.from_list(i64, list(values))


@irdl_op_definition
class ForallOp(IRDLOperation):
    """`scf.forall`: a parallel loop nest over tensors shared between its iterations."""

    name = "scf.forall"

    dynamicLowerBound = var_operand_def(IndexType)
    dynamicUpperBound = var_operand_def(IndexType)
    dynamicStep = var_operand_def(IndexType)
    outputs = var_operand_def(TensorType)
    staticLowerBound = prop_def(DenseArrayBase.constr(i64))
    staticUpperBound = prop_def(DenseArrayBase.constr(i64))
    staticStep = prop_def(DenseArrayBase.constr(i64))
    mapping = opt_prop_def(ArrayAttr)
    res = var_result_def(TensorType)
    region = region_def("single_block")

    irdl_options = (AttrSizedOperandSegments(as_property=True),)
    traits = traits_def(
        RecursiveMemoryEffect(), SingleBlockImplicitTerminator(InParallelOp)
    )

    def __init__(
        self,
        lower: Sequence[int | SSAValue],
        upper: Sequence[int | SSAValue],
        step: Sequence[int | SSAValue],
        outputs: Sequence[SSAValue | Operation],
        body: Region,
        mapping: ArrayAttr | None = None,
    ):
        def split(bounds: Sequence[int | SSAValue]) -> tuple[list[SSAValue], DenseArrayBase]:
            values = [b for b in bounds if not isinstance(b, int)]
            static = [b if isinstance(b, int) else DYNAMIC for b in bounds]
            return values, _static(static)

        (lv, ls), (uv, us), (sv, ss) = split(lower), split(upper), split(step)
        super().__init__(
            operands=[lv, uv, sv, outputs],
            result_types=[[SSAValue.get(o).type for o in outputs]],
            properties={
                "staticLowerBound": ls, "staticUpperBound": us, "staticStep": ss,
                "mapping": mapping,
            },  # fmt: skip
            regions=[body],
        )

    @property
    def rank(self) -> int:
        return len(self.staticUpperBound.get_values())

    def _normalized(self) -> bool:
        return all(v == 0 for v in self.staticLowerBound.get_values()) and all(
            v == 1 for v in self.staticStep.get_values()
        )

    @classmethod
    def parse(cls, parser: Parser) -> ForallOp:
        ivs = parser.parse_comma_separated_list(
            parser.Delimiter.PAREN, lambda: parser.parse_argument(expect_type=False)
        )
        index = IndexType()

        def bound_list() -> list[int | SSAValue]:
            pos = parser.pos
            names, static = parse_dynamic_index_list_without_types(
                parser, DYNAMIC, delimiter=parser.Delimiter.PAREN
            )
            if len(static) != len(ivs):
                parser.raise_error(
                    f"expected {len(ivs)} bounds (one per induction variable), got "
                    f"{len(static)}", pos)  # fmt: skip
            values = iter(parser.resolve_operands(list(names), [index] * len(names), pos))
            return [next(values) if s == DYNAMIC else s for s in static]

        if parser.parse_optional_keyword("in") is not None:
            upper = bound_list()
            lower: list[int | SSAValue] = [0] * len(ivs)
            step: list[int | SSAValue] = [1] * len(ivs)
        else:
            parser.parse_punctuation("=")
            lower = bound_list()
            parser.parse_keyword("to")
            upper = bound_list()
            parser.parse_keyword("step")
            step = bound_list()
        shared_args: list[Parser.Argument] = []
        inits: list[UnresolvedOperand] = []
        if parser.parse_optional_keyword("shared_outs") is not None:

            def shared_out() -> None:
                shared_args.append(parser.parse_argument(expect_type=False))
                parser.parse_punctuation("=")
                inits.append(parser.parse_unresolved_operand())

            parser.parse_comma_separated_list(parser.Delimiter.PAREN, shared_out)
        pos = parser.pos
        result_types = _parse_arrow_types(parser)
        if len(result_types) != len(inits):
            parser.raise_error(
                f"expected a result type per shared output ({len(inits)}), got "
                f"{len(result_types)}", pos)  # fmt: skip
        # upstream's form: the shared outputs have the result types
        outputs = list(parser.resolve_operands(inits, result_types, pos))
        shared = [arg.resolve(t) for arg, t in zip(shared_args, result_types)]
        body = parser.parse_region([iv.resolve(index) for iv in ivs] + shared)
        pos = parser.pos
        attrs = parser.parse_optional_attr_dict()
        mapping = attrs.pop("mapping", None)
        if mapping is not None and not isinstance(mapping, ArrayAttr):
            parser.raise_error(f"scf.forall mapping must be an array, got {mapping}", pos)
        block = body.block
        if block.last_op is None or not isinstance(block.last_op, InParallelOp):
            block.add_op(InParallelOp())  # (upstream's implicit terminator)
        op = cls(lower, upper, step, outputs, body, mapping)
        op.attributes.update(attrs)
        return op

    def print(self, printer: Printer) -> None:
        args = self.region.block.args
        printer.print_string(" (")
        printer.print_list(args[: self.rank], lambda a: printer.print_block_argument(a, False))
        printer.print_string(")")
        paren = parser_delimiter = Parser.Delimiter.PAREN
        if self._normalized():
            printer.print_string(" in ")
            print_dynamic_index_list(
                printer, DYNAMIC, self.dynamicUpperBound, self.staticUpperBound.get_values(),
                delimiter=paren,
            )  # fmt: skip
        else:
            for word, values, static in (
                (" = ", self.dynamicLowerBound, self.staticLowerBound),
                (" to ", self.dynamicUpperBound, self.staticUpperBound),
                (" step ", self.dynamicStep, self.staticStep),
            ):
                printer.print_string(word)
                print_dynamic_index_list(
                    printer, DYNAMIC, values, static.get_values(), delimiter=parser_delimiter
                )
        if self.outputs:
            printer.print_string(" shared_outs(")
            printer.print_list(
                zip(args[self.rank :], self.outputs, strict=True),
                lambda pair: (
                    printer.print_block_argument(pair[0], False),
                    printer.print_string(" = "),
                    printer.print_operand(pair[1]),
                ),
            )
            printer.print_string(") -> (")
            printer.print_list([r.type for r in self.res], printer.print_attribute)
            printer.print_string(")")
        printer.print_string(" ")
        printer.print_region(
            self.region, print_entry_block_args=False, print_block_terminators=bool(self.res)
        )
        attrs = dict(self.attributes)
        if self.mapping is not None:
            attrs = {"mapping": self.mapping, **attrs}
        printer.print_op_attributes(attrs)

    def verify_(self) -> None:
        rank = self.rank
        for what, values, static in (
            ("lower bound", self.dynamicLowerBound, self.staticLowerBound),
            ("upper bound", self.dynamicUpperBound, self.staticUpperBound),
            ("step", self.dynamicStep, self.staticStep),
        ):
            entries = static.get_values()
            if len(entries) != rank:
                raise VerifyException(
                    f"expected {rank} {what} entries (the loop rank), got {len(entries)}"
                )
            if sum(1 for v in entries if v == DYNAMIC) != len(values):
                raise VerifyException(
                    f"expected as many dynamic {what} values as dynamic entries in "
                    f"static{what.title().replace(' ', '')}"
                )
        for s in self.staticStep.get_values():
            if s != DYNAMIC and s <= 0:
                raise VerifyException(f"expected positive static steps, got {s}")
        args = self.region.block.args
        want = [IndexType()] * rank + [o.type for o in self.outputs]
        got = [a.type for a in args]
        if got != want:
            raise VerifyException(
                f"expected block arguments ({', '.join(map(str, want))}): an index per "
                f"induction variable, then the shared outputs' types; got "
                f"({', '.join(map(str, got))})"
            )
        if [r.type for r in self.res] != [o.type for o in self.outputs]:
            raise VerifyException("expected one result per shared output, of its type")
        if self.mapping is not None and len(self.mapping.data) != rank:
            raise VerifyException(
                f"mapping has {len(self.mapping.data)} entries, expected one per loop ({rank})"
            )


xscf.ExecuteRegionOp.register(ExecuteRegionOp)

_REPLACED: dict[type[Operation], type[Operation]] = {
    xscf.ParallelOp: ParallelOp,
    xscf.ReduceOp: ReduceOp,
    xscf.ExecuteRegionOp: ExecuteRegionOp,
    xscf.IndexSwitchOp: IndexSwitchOp,
}

SCF = Dialect(
    "scf",
    [*(_REPLACED.get(o, o) for o in xscf.Scf.operations), ForallOp, InParallelOp],
    list(xscf.Scf.attributes),
)
