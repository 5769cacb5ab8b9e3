"""The one exception the PTX emulator raises."""

from __future__ import annotations

from arignote.errors import DeviceError


class PTXEmuError(DeviceError):
    """PTX the emulator cannot parse or run, or a fault of the running kernel.

    The message names where: the PTX line (parse and decode errors), or the kernel, the
    instruction text and line, the faulting address and the thread/block ids (faults).
    """
