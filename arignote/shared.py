"""Shared variables: symbolic tensors with a value that persists between calls.

`shared(value, name=None, strict=False, allow_downcast=None, borrow=False,
broadcastable=None)` makes a `SharedVariable`; compiled functions that use it read its
current value.  `get_value(borrow=False)` returns a copy (or the array itself with
borrow=True), `set_value(value, borrow=False)` replaces it, checking dtype and rank.
Shared variables pickle with their value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from arignote.graph import TensorType, Variable


class SharedVariable(Variable):
    def __init__(
        self,
        value: np.ndarray,
        type: TensorType,
        name: str | None = None,
        *,
        allow_downcast: bool | None = None,
    ):
        super().__init__(type, name=name)
        self.allow_downcast = bool(allow_downcast)
        self._value = value

    def get_value(self, borrow: bool = False, return_internal_type: bool = False) -> np.ndarray:
        return self._value if borrow else self._value.copy()

    def set_value(self, value: Any, borrow: bool = False) -> None:
        arr = self.type.filter(
            value, allow_downcast=self.allow_downcast, what=f"new value of {self!r}"
        )
        self._value = arr if (borrow and arr is value) else np.array(arr, copy=True)

    @property
    def value(self) -> np.ndarray:
        return self._value

    def __repr__(self) -> str:
        return self.name or f"<SharedVariable {self.type}>"

    def __getstate__(self) -> dict[str, Any]:
        return {
            "type": self.type, "name": self.name, "value": self._value,
            "allow_downcast": self.allow_downcast,
        }  # fmt: skip

    def __setstate__(self, state: dict[str, Any]) -> None:
        Variable.__init__(self, state["type"], name=state["name"])
        self.allow_downcast = state["allow_downcast"]
        self._value = state["value"]


def shared(
    value: Any,
    name: str | None = None,
    strict: bool = False,
    allow_downcast: bool | None = None,
    borrow: bool = False,
    broadcastable: Sequence[bool] | None = None,
    **kwargs: Any,
) -> SharedVariable:
    """A shared variable holding `value` (a NumPy array or a scalar)."""
    arr = (
        np.array(value, copy=not borrow)
        if not isinstance(value, np.ndarray) or not borrow
        else value
    )
    if arr.dtype == np.float64 and not isinstance(value, np.ndarray | np.generic) and not strict:
        from arignote.config import config

        arr = arr.astype(config.floatX)  # Python floats become floatX, as in Theano
    if broadcastable is None:
        broadcastable = (False,) * arr.ndim
    t = TensorType(arr.dtype, tuple(broadcastable))
    arr = t.filter(
        arr,
        allow_downcast=bool(allow_downcast),
        what=f"value of shared variable {name or ''}".rstrip(),
    )
    if not borrow:
        arr = np.array(arr, copy=True)
    return SharedVariable(arr, t, name, allow_downcast=allow_downcast)
