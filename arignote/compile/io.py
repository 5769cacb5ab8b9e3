"""`theano.compile.io`: a compiled function's inputs and outputs with their options
(`In`: name, default value, borrow, ...; `Out`: borrow)."""

from __future__ import annotations

from typing import Any

from arignote.errors import ArgumentError
from arignote.graph import Variable

_NO_VALUE = object()


class In:
    """An input of a function with options (Theano's `In`)."""

    def __init__(
        self,
        variable: Variable,
        name: str | None = None,
        value: Any = _NO_VALUE,
        update: Any = None,
        mutable: bool | None = None,
        strict: bool = False,
        allow_downcast: bool | None = None,
        autoname: bool = True,
        implicit: bool | None = None,
        borrow: bool | None = None,
        shared: bool = False,
    ):
        if not isinstance(variable, Variable):
            raise ArgumentError(f"In({variable!r}): not a symbolic variable")
        if update is not None:
            raise ArgumentError(
                f"In({variable!r}, update=...): inputs with internal state are not supported; "
                "use a shared variable and function(updates=...)"
            )
        self.variable = variable
        self.name = name if name is not None else (variable.name if autoname else None)
        self.value = value
        self.mutable = bool(mutable)
        self.strict = strict
        self.allow_downcast = allow_downcast
        self.borrow = bool(borrow)

    def __repr__(self) -> str:
        return f"In({self.variable!r})"


class Out:
    """An output of a function with options (Theano's `Out`): borrow=True may return
    an array that aliases an argument or a shared value."""

    def __init__(self, variable: Variable, borrow: bool = False):
        self.variable = variable
        self.borrow = bool(borrow)

    def __repr__(self) -> str:
        return f"Out({self.variable!r})"


SymbolicInput = In
SymbolicOutput = Out

__all__ = ["In", "Out", "SymbolicInput", "SymbolicOutput"]
