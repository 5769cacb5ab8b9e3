"""Kernel arguments packed by the PTX parameter types of the kernel's `.entry`.

cuLaunchKernel takes `void **kernelParams`: one pointer per parameter, to memory that
holds the parameter's bytes.  `pack_args(types, args)` builds that: one NumPy scalar
array per argument with the width and kind the PTX type asks for (pointers and 64-bit
integers as u64/s64, 32-bit integers as u32/s32, floats as f32/f64), and a u64 array of
their addresses.  The `PackedArgs` must stay alive until the launch call returns.

Integers are accepted in the union of the signed and unsigned ranges of the width and
packed as two's complement (LLVM declares every i32 parameter `.u32`, whatever its
signedness); floats are refused for integer parameters.  A byte-array parameter
`.b8[N]` (how LLVM passes `half`: `.param .align 2 .b8 p[2]`) takes N raw bytes, a NumPy
scalar of N bytes (its bits), a float (IEEE of N bytes: f16, f32, f64) or an integer (N
bytes, two's complement), as the emulator does; `.f16` and a float for `.b16` are f16.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from arignote.errors import ArgumentError

_INT_TYPES: dict[str, tuple[int, bool]] = {}  # ".u32" -> (bits, signed)
for _bits in (8, 16, 32, 64):
    _INT_TYPES[f".u{_bits}"] = (_bits, False)
    _INT_TYPES[f".b{_bits}"] = (_bits, False)
    _INT_TYPES[f".s{_bits}"] = (_bits, True)
_FLOAT_TYPES = {".f16": np.float16, ".f32": np.float32, ".f64": np.float64}
_BYTES_RE = re.compile(r"\.b8\[(\d+)\]")
_FLOAT_OF_BYTES = {2: np.float16, 4: np.float32, 8: np.float64}


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
    m = _BYTES_RE.fullmatch(ptx_type)
    if m is not None:
        return _pack_bytes(int(m.group(1)), value, ptx_type, where)
    if ptx_type == ".b16" and isinstance(value, (float, np.floating)):
        return np.array([value], dtype=np.float16)  # a half passed as .b16
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


def _pack_bytes(n: int, value: object, ptx_type: str, where: str) -> np.ndarray:
    """A `.b8[n]` parameter: raw bytes, a NumPy scalar's bits, a float or an integer."""
    if isinstance(value, (bytes, bytearray)):
        if len(value) != n:
            raise ArgumentError(f"{where}: {len(value)} bytes for PTX parameter type {ptx_type}")
        return np.frombuffer(bytes(value), np.uint8).copy()
    if isinstance(value, np.generic) and value.nbytes == n:
        return np.array([value]).view(np.uint8).copy()
    if isinstance(value, (float, np.floating)) and n in _FLOAT_OF_BYTES:
        return np.array([value], dtype=_FLOAT_OF_BYTES[n]).view(np.uint8).copy()
    if isinstance(value, numbers.Integral) and n in (1, 2, 4, 8):
        v = int(value)
        if not -(1 << (8 * n - 1)) <= v < (1 << (8 * n)):
            raise ArgumentError(f"{where}: {v} does not fit PTX parameter type {ptx_type}")
        return np.frombuffer((v % (1 << (8 * n))).to_bytes(n, "little"), np.uint8).copy()
    raise ArgumentError(
        f"{where}: PTX parameter type {ptx_type} cannot take {type(value).__name__} {value!r}"
    )


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
