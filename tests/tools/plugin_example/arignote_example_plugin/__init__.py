"""An example arignote plugin (used by tests/tools/test_plugins.py): a dialect with one
op, a pass, and a pass added at the end of tt-to-cpu's `fused` stage.  A real plugin is
a package like this one with the entry points in its pyproject.toml:

    [project.entry-points."arignote.dialects"]
    exdemo = "arignote_example_plugin:EXDEMO"
    [project.entry-points."arignote.passes"]
    exdemo-tag-functions = "arignote_example_plugin:TagFunctionsPass"
    [project.entry-points."arignote.stages"]
    "tt-to-cpu.fused" = "arignote_example_plugin:after_fusion"
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, StringAttr, i64
from xdsl.ir import Dialect
from xdsl.irdl import IRDLOperation, irdl_op_definition, prop_def
from xdsl.passes import ModulePass


@irdl_op_definition
class NoteOp(IRDLOperation):
    """`exdemo.note <{text = "..."}>`: a no-op carrying a string."""

    name = "exdemo.note"
    text = prop_def(StringAttr)


EXDEMO = Dialect("exdemo", [NoteOp], [])


@dataclass(frozen=True)
class TagFunctionsPass(ModulePass):
    """Tags every function with `exdemo.ops`, the number of ops in its body."""

    name = "exdemo-tag-functions"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for f in op.walk():
            if isinstance(f, func.FuncOp):
                n = sum(1 for _ in f.body.walk())
                f.attributes["exdemo.ops"] = IntegerAttr(n, i64)


def after_fusion() -> list[ModulePass]:
    return [TagFunctionsPass()]
