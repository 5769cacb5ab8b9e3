"""xDSL's `func` dialect plus upstream's `func.constant` and `func.call_indirect`.

    %f = func.constant @g : (i32) -> i32

names a function as an SSA value of its function type (upstream MLIR's form, custom and
generic: `"func.constant"() <{value = @g}> : () -> ((i32) -> i32)`).  The verifier checks
that the symbol is a function of the module with that type, as upstream's does.  The
registry maps the namespace `func` to `FUNC`.
"""

from __future__ import annotations

from xdsl.dialects import func as xfunc
from xdsl.dialects.builtin import FlatSymbolRefAttr, FunctionType, SymbolRefAttr
from collections.abc import Sequence

from xdsl.ir import Dialect, Operation, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
    var_result_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import ConstantLike, Pure, SymbolTable
from xdsl.utils.exceptions import VerifyException


@irdl_op_definition
class ConstantOp(IRDLOperation):
    """`func.constant @sym : type`: the function `@sym` as a value."""

    name = "func.constant"
    value = prop_def(SymbolRefAttr)
    result = result_def(FunctionType)

    traits = traits_def(ConstantLike(), Pure())

    def __init__(self, symbol: str | SymbolRefAttr, function_type: FunctionType):
        ref = FlatSymbolRefAttr(symbol) if isinstance(symbol, str) else symbol
        super().__init__(properties={"value": ref}, result_types=[function_type])

    @classmethod
    def parse(cls, parser: Parser) -> ConstantOp:
        ref = parser.parse_attribute()
        if not isinstance(ref, SymbolRefAttr):
            parser.raise_error(f"func.constant expects a symbol (@name), got {ref}")
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        start = parser.pos
        ty = parser.parse_type()
        if not isinstance(ty, FunctionType):
            parser.raise_error(f"func.constant expects a function type, got {ty}", start)
        op = cls(ref, ty)
        op.attributes.update(attrs)
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_attribute(self.value)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.result.type)

    def verify_(self) -> None:
        table = self.parent_op()
        while table is not None and not table.has_trait(SymbolTable):
            table = table.parent_op()
        if table is None:
            return  # (not inside a module yet: nothing to look the symbol up in)
        callee = SymbolTable.lookup_symbol(table, self.value)
        if callee is None:
            raise VerifyException(f"reference to undefined function {self.value}")
        if not isinstance(callee, xfunc.FuncOp):
            raise VerifyException(f"{self.value} is a '{callee.name}', not a function")
        if callee.function_type != self.result.type:
            raise VerifyException(
                f"reference to function {self.value} with mismatched type: the function is "
                f"{callee.function_type}, the result {self.result.type}"
            )


@irdl_op_definition
class CallIndirectOp(IRDLOperation):
    """`func.call_indirect %f(%args) : (T...) -> (U...)`: calls the function value `%f`."""

    name = "func.call_indirect"
    callee = operand_def(FunctionType)
    callee_operands = var_operand_def()
    results_ = var_result_def()

    def __init__(self, callee: SSAValue | Operation, args: Sequence[SSAValue | Operation]):
        ft = SSAValue.get(callee).type
        assert isinstance(ft, FunctionType)
        super().__init__(operands=[callee, args], result_types=[list(ft.outputs.data)])

    @classmethod
    def parse(cls, parser: Parser) -> CallIndirectOp:
        pos = parser.pos
        callee = parser.parse_unresolved_operand()
        args = parser.parse_comma_separated_list(
            parser.Delimiter.PAREN, parser.parse_unresolved_operand
        )
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        type_pos = parser.pos
        ft = parser.parse_function_type()
        if len(ft.inputs.data) != len(args):
            parser.raise_error(
                f"{len(args)} arguments but {len(ft.inputs.data)} argument types in {ft}",
                type_pos,
            )
        (callee_v,) = parser.resolve_operands([callee], [ft], pos)
        values = parser.resolve_operands(args, list(ft.inputs.data), pos)
        op = cls(callee_v, values)
        op.attributes.update(attrs)
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.callee)
        printer.print_string("(")
        printer.print_list(self.callee_operands, printer.print_operand)
        printer.print_string(")")
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.callee.type)

    def verify_(self) -> None:
        ft = self.callee.type
        assert isinstance(ft, FunctionType)
        args = [a.type for a in self.callee_operands]
        results = [r.type for r in self.results]
        if args != list(ft.inputs.data) or results != list(ft.outputs.data):
            raise VerifyException(
                f"the callee's type {ft} does not match the call: arguments "
                f"({', '.join(map(str, args))}), results ({', '.join(map(str, results))})"
            )


FUNC = Dialect(
    "func", [*xfunc.Func.operations, ConstantOp, CallIndirectOp], list(xfunc.Func.attributes)
)
