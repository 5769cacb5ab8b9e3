"""Kernel arguments packed by the PTX parameter types of the kernel's `.entry`.

cuLaunchKernel takes `void **kernelParams`: one pointer per parameter, to memory that
holds the parameter's bytes.  `pack_args(types, args)` builds that: one NumPy scalar
array per argument with the width and kind the PTX type asks for (pointers and 64-bit
integers as u64/s64, 32-bit integers as u32/s32, floats as f32/f64), and a u64 array of
their addresses.  The `PackedArgs` must stay alive until the launch call returns.

Integers are accepted in the union of the signed and unsigned ranges of the width and
packed as two's complement (LLVM declares every i32 parameter `.u32`, whatever its
signedness); floats are refused for integer parameters, and byte-array (struct)
parameters are refused.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from arignote.errors import ArgumentError

_INT_TYPES: dict[str, tuple[int, bool]] = {}  # ".u32" -> (bits, signed)
for _bits in (8, 16, 32, 64):
    _INT_TYPES[f".u{_bits}"] = (_bits, False)
    _INT_TYPES[f".b{_bits}"] = (_bits, False)
    _INT_TYPES[f".s{_bits}"] = (_bits, True)
_FLOAT_TYPES = {".f32": np.float32, ".f64": np.float64}


@dataclass
class PackedArgs:
    """Argument storage plus the `void*[]` cuLaunchKernel reads (keep alive until launch)."""

    storage: list[np.ndarray]
    pointers: np.ndarray  # uint64, the address of each storage element

    @property
    def address(self) -> int:
        """The `void **kernelParams` value (0 for a kernel without parameters)."""
        return int(self.pointers.ctypes.data) if len(self.storage) else 0

    def raw(self) -> list[bytes]:
        """The bytes of each packed parameter (what the kernel will read)."""
        return [s.tobytes() for s in self.storage]


def pack_one(ptx_type: str, value: int | float, where: str = "argument") -> np.ndarray:
    """One argument as a 1-element array of the PTX type's width and kind."""
    if isinstance(value, (bool, np.bool_)):
        value = int(value)
    if ptx_type in _INT_TYPES:
        bits, signed = _INT_TYPES[ptx_type]
        if not isinstance(value, numbers.Integral):
            raise ArgumentError(
                f"{where}: PTX parameter type {ptx_type} needs an integer (or a device "
                f"pointer), got {type(value).__name__} {value!r}"
            )
        v = int(value)
        if not -(1 << (bits - 1)) <= v < (1 << bits):
            raise ArgumentError(f"{where}: {v} does not fit PTX parameter type {ptx_type}")
        kind = "int" if signed else "uint"
        if signed and v >= (1 << (bits - 1)):
            v -= 1 << bits
        if not signed and v < 0:
            v += 1 << bits
        return np.array([v], dtype=f"{kind}{bits}")
    if ptx_type in _FLOAT_TYPES:
        if not isinstance(value, (numbers.Real, np.floating)):
            raise ArgumentError(
                f"{where}: PTX parameter type {ptx_type} needs a float, "
                f"got {type(value).__name__} {value!r}"
            )
        return np.array([value], dtype=_FLOAT_TYPES[ptx_type])
    raise ArgumentError(f"{where}: PTX parameter type {ptx_type} cannot be passed by the runtime")


def pack_args(
    param_types: Sequence[str], args: Sequence[int | float], kernel: str = "kernel"
) -> PackedArgs:
    """Pack `args` for a kernel whose `.entry` declares `param_types` (see `entry_params`)."""
    if len(args) != len(param_types):
        raise ArgumentError(
            f"kernel {kernel!r} takes {len(param_types)} parameters "
            f"({', '.join(param_types) or 'none'}), got {len(args)} arguments"
        )
    storage = [
        pack_one(t, a, f"kernel {kernel!r} parameter {i}")
        for i, (t, a) in enumerate(zip(param_types, args))
    ]
    pointers = np.array([s.ctypes.data for s in storage], dtype=np.uint64)
    return PackedArgs(storage, pointers)
