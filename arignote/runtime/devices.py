"""Device objects by name: `cpu` (no GpuDevice), `emu` (the PTX emulator), `cuda[N]`."""

from __future__ import annotations

from functools import lru_cache

from arignote.errors import DeviceError
from arignote.runtime.device import GpuDevice


def get_gpu_device(name: str) -> GpuDevice:
    """The GpuDevice for `emu` or `cuda`/`cudaN` (one per process; a closed cuda device
    leaves `arignote.runtime.cuda`'s table, so the next call opens the GPU again)."""
    if name == "emu":
        return _emu_device()
    if name.startswith("cuda"):
        from arignote.runtime.cuda import get_device

        return get_device(name)
    raise DeviceError(f"device {name!r} is not a GPU device (use emu or cuda)")


@lru_cache(maxsize=1)
def _emu_device() -> GpuDevice:
    from arignote.runtime.ptxemu import EmuDevice

    return EmuDevice()


def is_gpu(name: str) -> bool:
    return name == "emu" or name.startswith("cuda")
