"""Compiling a tt-level module for a device and running it.

`compile_module(module, name, device)` runs the pipeline of the device (`tt-to-cpu` for
`cpu`, `tt-to-ptx` for `emu`/`cuda`), generates native code or PTX, and returns a
`Compiled` whose `run(*arrays)` executes the host program.  Results are cached in-process
by the module's text and the device, so compiling the same graph twice is free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xdsl.dialects.builtin import ModuleOp

from arignote.ir import print_module
from arignote.runtime.host import HostProgram

GPU_ARCH = "sm_80"


@dataclass
class Compiled:
    name: str
    device: str
    host: HostProgram
    stages: dict[str, str] = field(default_factory=dict)  # stage name -> IR text
    llvm_ir: str = ""
    ptx: str = ""
    native: Any = None  # keeps the CPU module (and its code) alive

    def run(self, *args: Any) -> list[Any]:
        return self.host(*args)


_cache: dict[tuple[str, str, str], Compiled] = {}


def compile_module(
    module: ModuleOp, name: str, device: str, *, record_stages: bool = False
) -> Compiled:
    from arignote.pipeline import stages_cpu, stages_gpu
    from arignote.passmanager import run_passes
    from arignote.registry import make_context
    from arignote.runtime.devices import get_gpu_device, is_gpu

    key = (print_module(module), name, device)
    if key in _cache and not record_stages:
        return _cache[key]
    module = module.clone()
    ctx = make_context()
    stages: dict[str, str] = {"tt": key[0]} if record_stages else {}
    gpu = is_gpu(device)
    for stage, make in stages_gpu() if gpu else stages_cpu():
        run_passes(ctx, module, make())
        if record_stages:
            stages[stage] = print_module(module)
    if gpu:
        from arignote.backend import gpu_llvm_ir
        from arignote.lowering.ptx import emit_ptx

        llvm_ir = gpu_llvm_ir(module) if _has_kernels(module) else ""
        ptx = emit_ptx(llvm_ir, GPU_ARCH) if llvm_ir else ""
        dev = get_gpu_device(device)
        gpu_module = dev.load_module(ptx) if ptx else None
        host = HostProgram(module, name, device=dev, gpu_module=gpu_module)
        compiled = Compiled(name, device, host, stages, llvm_ir, ptx)
    else:
        from arignote.backend import cpu_llvm_ir
        from arignote.runtime.cpu import compile_llvm_ir

        llvm_ir = cpu_llvm_ir(module) if _has_kernels(module) else ""
        native = compile_llvm_ir(llvm_ir) if llvm_ir else None
        host = HostProgram(module, name, cpu_symbol=native.address if native else None)
        compiled = Compiled(name, device, host, stages, llvm_ir, "", native)
    _cache[key] = compiled
    return compiled


def _has_kernels(module: ModuleOp) -> bool:
    from xdsl.dialects import llvm

    return any(isinstance(op, llvm.FuncOp) for op in module.walk())
