"""outline-tt-loops: the regions of `tt.scan` and `tt.if` become functions the host calls.

Input: functions in the tt dialect.  Output: no `tt.scan` / `tt.if` remains.
- Each `tt.scan` in `@f` becomes `loop.scan @f_scan<k>(...)` with the same operands,
  taps and results; its body becomes `func.func private @f_scan<k>` whose arguments are
  the block arguments and whose results are the yielded values.
- Each `tt.if` becomes `loop.if %c then @f_then<k> else @f_else<k> args(...)`, its
  regions two such functions.
Nested loops are outlined innermost first (an outlined body may hold a `loop.scan`).
Every argument and result of an outlined function is `arignote.resident`: on a GPU they
are device buffers, so a loop's states never leave the device.  The new functions go
through the rest of the pipeline like any other function (lowered, fused, bufferized,
made kernels), and the host program runs the loop (docs/internals.md, "Loops and
conditionals": the first version keeps the loop on the host on every device).
"""

from __future__ import annotations

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr, ModuleOp, UnitAttr
from xdsl.ir import Operation, Region
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from arignote.dialects import loop, tt

PASS_NAME = "outline-tt-loops"


class _Outliner:
    def __init__(self, module: ModuleOp):
        self.module = module
        self.names = {
            o.sym_name.data for o in module.body.block.ops if isinstance(o, func.FuncOp)
        }

    def fresh(self, base: str) -> str:
        k = 0
        while f"{base}{k}" in self.names:
            k += 1
        self.names.add(f"{base}{k}")
        return f"{base}{k}"

    def function(self, name: str, region: Region, after: func.FuncOp) -> None:
        """`region` (one block ending in tt.yield) as `func.func private @name`."""
        block = region.block
        y = block.last_op
        assert isinstance(y, tt.YieldOp)
        ret = func.ReturnOp(*y.values)
        ret.location = y.location
        Rewriter.replace_op(y, ret)
        arg_types = [a.type for a in block.args]
        res_types = [v.type for v in ret.arguments]
        new_region = Region()
        region.move_blocks(new_region)
        f = func.FuncOp(name, (arg_types, res_types), new_region, visibility="private")
        mark = DictionaryAttr({"arignote.resident": UnitAttr()})
        f.arg_attrs = ArrayAttr([mark] * len(arg_types))
        f.res_attrs = ArrayAttr([mark] * len(res_types))
        Rewriter.insert_op(f, InsertPoint.after(after))

    def scan(self, op: tt.ScanOp, owner: func.FuncOp) -> None:
        name = self.fresh(f"{owner.sym_name.data}_scan")
        self.function(name, op.body, owner)
        new = loop.ScanOp(
            name, op.n_steps, list(op.sequences), list(op.states), op.state_taps(),
            list(op.consts), [r.type for r in op.res], op.until is not None,
        )  # fmt: skip
        new.location = op.location
        Rewriter.replace_op(op, new)

    def if_(self, op: tt.IfOp, owner: func.FuncOp) -> None:
        base = owner.sym_name.data
        then_name, else_name = self.fresh(f"{base}_then"), self.fresh(f"{base}_else")
        self.function(else_name, op.else_region, owner)
        self.function(then_name, op.then_region, owner)
        new = loop.IfOp(op.cond, then_name, else_name, list(op.args), [r.type for r in op.res])
        new.location = op.location
        Rewriter.replace_op(op, new)


class OutlineTtLoopsPass(ModulePass):
    name = "outline-tt-loops"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        outliner = _Outliner(op)
        for f in list(op.body.block.ops):
            if not isinstance(f, func.FuncOp):
                continue
            for o in _post_order(f):
                if isinstance(o, tt.ScanOp):
                    outliner.scan(o, f)
                else:
                    outliner.if_(o, f)  # type: ignore[arg-type]


def _post_order(root: Operation) -> list[Operation]:
    out: list[Operation] = []

    def visit(o: Operation) -> None:
        for r in o.regions:
            for b in r.blocks:
                for inner in b.ops:
                    visit(inner)
        if isinstance(o, tt.ScanOp | tt.IfOp):
            out.append(o)

    visit(root)
    return out


__all__ = ["OutlineTtLoopsPass"]
