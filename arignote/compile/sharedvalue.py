"""Shared variables: symbolic tensors with a value that persists between calls.

`shared(value, name=None, strict=False, allow_downcast=None, borrow=False,
broadcastable=None)` makes a `SharedVariable`; compiled functions that use it read its
current value.  `get_value(borrow=False)` returns a copy (or the array itself with
borrow=True), `set_value(value, borrow=False)` replaces it, checking dtype and rank.
Shared variables pickle with their value.

On a GPU device (`emu`, `cuda`) the value lives in device memory once a compiled function
has used it there: it is uploaded on first use (or after `set_value`), the function's
updates replace the device buffer without a copy, and the host copy is refreshed only
when asked for (`get_value`, pickling, a function on another device).  Each shared
variable owns its device buffer and frees it when it is replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from arignote.graph import TensorType, Variable
from arignote.tensor.var import _tensor_py_operators

if TYPE_CHECKING:
    from arignote.runtime.device import GpuDevice
    from arignote.runtime.host import DeviceArray


class SharedVariable(_tensor_py_operators, Variable):
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
        self._device: DeviceArray | None = None  # the device copy, if any
        self._host_valid = True  # False: the device copy is newer than _value

    # ------------------------------------------------------------------ host side
    def _host_array(self) -> np.ndarray:
        """The current value in host memory (downloaded if the device copy is newer)."""
        if not self._host_valid:
            assert self._device is not None
            self._value = self._device.download()
            self._host_valid = True
        return self._value

    def get_value(self, borrow: bool = False, return_internal_type: bool = False) -> np.ndarray:
        value = self._host_array()
        return value if borrow else value.copy()

    def set_value(self, value: Any, borrow: bool = False) -> None:
        arr = self.type.filter(
            value, allow_downcast=self.allow_downcast, what=f"new value of {self!r}"
        )
        self.take_host_array(arr if (borrow and arr is value) else np.array(arr, copy=True))

    @property
    def value(self) -> np.ndarray:
        return self._host_array()

    @property
    def current_shape(self) -> tuple[int, ...]:
        """The shape of the current value (wherever it lives)."""
        if not self._host_valid and self._device is not None:
            return tuple(self._device.shape)
        return tuple(self._value.shape)

    # ------------------------------------------------------------------ device side
    def device_array(self, device: GpuDevice) -> DeviceArray:
        """The value in `device`'s memory, uploaded if it is not there yet."""
        d = self._device
        if d is not None and d.device is device:
            return d
        from arignote.runtime.host import DeviceArray

        host = self._host_array()
        self._drop_device()
        self._device = DeviceArray.upload(device, host)
        return self._device

    def take_device_array(self, new: DeviceArray) -> None:
        """Become `new` (a device buffer this variable now owns), freeing the old one."""
        old = self._device
        if old is not None and old is not new and old.ptr != new.ptr:
            if (
                getattr(new.device, "stable_buffers", False)
                and old.device is new.device
                and old.nbytes == new.nbytes
            ):
                # keep the variable at one address from call to call (CUDA graphs replay
                # only a step whose buffers repeat): the new value moves into the old buffer
                from arignote.runtime.host import DeviceArray

                if new.nbytes:
                    new.device.copy_device_to_device(old.ptr, new.ptr, new.nbytes)
                new.free()
                new = DeviceArray(old.ptr, tuple(new.shape), new.dtype, old.device)
            else:
                old.free()
        self._device = new
        self._host_valid = False

    def take_host_array(self, new: np.ndarray) -> None:
        """Become `new` (a C-contiguous host array this variable now owns)."""
        self._value = new
        self._host_valid = True
        self._drop_device()

    def _drop_device(self) -> None:
        """Free the device copy (downloading it first if it is the newest value)."""
        d = self._device
        if d is not None:
            self._host_array()
            self._device = None
            d.free()

    def __del__(self) -> None:
        d = getattr(self, "_device", None)
        if d is not None:
            d.free(quiet=True)

    # ------------------------------------------------------------------ misc
    def __repr__(self) -> str:
        return self.name or f"<SharedVariable {self.type}>"

    def __getstate__(self) -> dict[str, Any]:
        return {
            "type": self.type, "name": self.name, "value": self._host_array(),
            "allow_downcast": self.allow_downcast,
        }  # fmt: skip

    def __setstate__(self, state: dict[str, Any]) -> None:
        Variable.__init__(self, state["type"], name=state["name"])
        self.allow_downcast = state["allow_downcast"]
        self._value = state["value"]
        self._device = None
        self._host_valid = True


#: constructors for values that are not arrays (Theano's `shared_constructor` registry),
#: newest first; each returns a shared variable, or None when the value is not its kind
_CONSTRUCTORS: list[Any] = []


def shared_constructor(constructor: Any) -> Any:
    """Register `constructor(value, name) -> SharedVariable | None` for `shared()`."""
    _CONSTRUCTORS.append(constructor)
    return constructor


def shared(
    value: Any,
    name: str | None = None,
    strict: bool = False,
    allow_downcast: bool | None = None,
    borrow: bool = False,
    broadcastable: Sequence[bool] | None = None,
    **kwargs: Any,
) -> SharedVariable:
    """A shared variable holding `value` (a NumPy array or a scalar; a NumPy RandomState
    gives a `RandomStateSharedVariable`, as in Theano)."""
    for constructor in reversed(_CONSTRUCTORS):
        made = constructor(value, name)
        if made is not None:
            return made
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
