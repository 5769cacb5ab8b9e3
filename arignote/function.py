"""`arignote.function`: compile a symbolic graph into a callable, as theano.function.

    f = arignote.function([x, s], x + s * x)
    f(np.ones(3, np.float32), np.float32(2))

The graph is lowered to tt IR, compiled for `config.device` (the `tt-to-cpu` or
`tt-to-ptx` pipeline), and the result is called with NumPy arrays.  Arguments are
checked against the input types (number, dtype, rank, broadcastable dims) and converted
when no information is lost; `allow_input_downcast=True` permits lossy dtype casts.
Shared variables the graph uses are passed their current values at each call.
`f.ir(stage)` shows the IR at any stage of the pipeline (`f.stages` lists them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from arignote.config import config
from arignote.errors import ArgumentError, ArignoteError
from arignote.graph import Constant, Variable, graph_inputs
from arignote.shared import SharedVariable


class Function:
    def __init__(
        self,
        inputs: Sequence[Variable],
        outputs: Variable | Sequence[Variable],
        *,
        name: str | None = None,
        allow_input_downcast: bool | None = None,
        on_unused_input: str = "raise",
        device: str | None = None,
    ):
        from arignote.compiler import compile_module
        from arignote.frontend_ir import build_module
        from arignote.tensor import as_tensor_variable

        self.single = not isinstance(outputs, list | tuple)
        outs = [outputs] if self.single else list(outputs)  # type: ignore[list-item]
        self.outputs = [as_tensor_variable(o) for o in outs]
        self.inputs = list(inputs)
        for i, v in enumerate(self.inputs):
            if not isinstance(v, Variable) or isinstance(v, Constant | SharedVariable):
                raise ArgumentError(
                    f"input {i} of function {name or ''}: {v!r} is not a symbolic input variable"
                    " (constants and shared variables are not inputs)"
                )
            if v.owner is not None:
                raise ArgumentError(f"input {i}: {v!r} is computed by the graph, not an input")
        if len({v.id for v in self.inputs}) != len(self.inputs):
            raise ArgumentError("the same variable appears twice in the inputs")
        used = graph_inputs(self.outputs)
        used_ids = {v.id for v in used}
        for v in self.inputs:
            if v.id not in used_ids and on_unused_input == "raise":
                raise ArgumentError(
                    f"input {v!r} is not used to compute the outputs "
                    "(pass on_unused_input='ignore' to allow it)"
                )
        explicit = {v.id for v in self.inputs}
        missing = [
            v for v in used if not isinstance(v, Constant | SharedVariable) and v.id not in explicit
        ]
        if missing:
            raise ArgumentError(
                "the outputs depend on inputs that are not listed: "
                + ", ".join(repr(v) for v in missing)
            )
        self.shared = [v for v in used if isinstance(v, SharedVariable)]
        self.name = name or "f"
        self.allow_input_downcast = bool(allow_input_downcast)
        self.device = device or config.device
        fname = _symbol(self.name)
        self.module = build_module(fname, [*self.inputs, *self.shared], self.outputs)
        self.compiled = compile_module(self.module, fname, self.device)
        self._recorded: dict[str, str] = {}

    @property
    def stages(self) -> list[str]:
        from arignote.runtime.devices import is_gpu
        from arignote.pipeline import stages_cpu, stages_gpu

        return ["tt"] + [n for n, _ in (stages_gpu() if is_gpu(self.device) else stages_cpu())]

    def ir(self, stage: str = "tt") -> str:
        """The IR of this function after `stage` (see `stages`), or "ptx" / "llvm-ir"."""
        from arignote.compiler import compile_module

        if not self._recorded:
            c = compile_module(self.module, self.compiled.name, self.device, record_stages=True)
            self._recorded = {**c.stages, "llvm-ir": c.llvm_ir, "ptx": c.ptx}
        if stage not in self._recorded:
            raise ValueError(f"unknown stage {stage!r}; stages: {', '.join(self._recorded)}")
        return self._recorded[stage]

    def __call__(self, *args: Any) -> Any:
        if len(args) != len(self.inputs):
            raise ArgumentError(
                f"function {self.name} takes {len(self.inputs)} argument(s) "
                f"({', '.join(repr(v) for v in self.inputs)}), got {len(args)}"
            )
        arrays = [
            v.type.filter(a, allow_downcast=self.allow_input_downcast, what=f"argument {i} ({v!r})")
            for i, (v, a) in enumerate(zip(self.inputs, args))
        ]
        arrays += [s.value for s in self.shared]
        results = self.compiled.run(*arrays)
        return results[0] if self.single else results


def _symbol(name: str) -> str:
    s = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    return s if s and not s[0].isdigit() else f"f_{s}"


def function(
    inputs: Sequence[Variable],
    outputs: Variable | Sequence[Variable] | None = None,
    updates: Any = None,
    givens: Any = None,
    *,
    name: str | None = None,
    allow_input_downcast: bool | None = None,
    on_unused_input: str = "raise",
    mode: Any = None,
    **kwargs: Any,
) -> Function:
    if updates or givens:
        raise ArignoteError("updates and givens are not supported yet (they come with issue 3)")
    if outputs is None:
        outputs = []
    return Function(
        inputs, outputs, name=name, allow_input_downcast=allow_input_downcast,
        on_unused_input=on_unused_input,
    )  # fmt: skip


__all__ = ["function", "Function", "np"]
