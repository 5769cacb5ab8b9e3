"""The PTX emulator: runs the PTX that LLVM's NVPTX back end emits, on NumPy.

`EmuDevice` implements `arignote.runtime.device.GpuDevice` (device name "emu"): the
host program of a compiled function allocates, copies and launches against it exactly
as against a real GPU.  Kernels execute SIMT-vectorised over threads (one NumPy lane per
thread, registers as raw bits, per-thread PCs with min-PC scheduling), with bounds- and
alignment-checked memory and profiler counters (`KernelStats`).

Modules: `parser` (PTX text -> syntax tree), `decode` + `alu` (instructions -> closures),
`executor` (scheduler, memories, counters), `fpu` (rounding-exact float arithmetic),
`memory` (the global arena), `device` (`EmuDevice`).
"""

from arignote.runtime.ptxemu.device import EmuDevice, EmuModule
from arignote.runtime.ptxemu.errors import PTXEmuError
from arignote.runtime.ptxemu.parser import parse_ptx

__all__ = ["EmuDevice", "EmuModule", "PTXEmuError", "parse_ptx"]
