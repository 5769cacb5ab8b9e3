"""From the llvm-dialect level to LLVM IR, native code and PTX.

`module_to_llvm_ir` prints the LLVM IR of a module's device code: the `gpu.module`s
when it has any (for the NVPTX target), else its top-level `llvm.func`s (CPU kernels, for
the host target).  `module_to_ptx` turns the GPU part into PTX.
"""

from __future__ import annotations

from xdsl.dialects import gpu, llvm
from xdsl.dialects.builtin import ModuleOp

from arignote.errors import CompileError

NVPTX_TRIPLE = "nvptx64-nvidia-cuda"
NVPTX_DATA_LAYOUT = "e-p6:32:32-i64:64-i128:128-i256:256-v16:16-v32:32-n16:32:64"  # LLVM 22's


def has_gpu_code(module: ModuleOp) -> bool:
    return any(isinstance(op, gpu.ModuleOp) for op in module.body.block.ops)


def _require_llvm(module: ModuleOp, scope: str) -> None:
    for op in module.walk():
        if isinstance(op, llvm.FuncOp):
            return
    hint = "-p tt-to-ptx" if scope == "gpu" else "-p tt-to-cpu"
    raise CompileError(
        "error: no device code in the llvm dialect to translate; lower the module to the "
        f"llvm level first (e.g. {hint})"
    )


def gpu_llvm_ir(module: ModuleOp) -> str:
    from arignote.lowering.translate_llvm import translate_module

    _require_llvm(module, "gpu")
    return translate_module(module, triple=NVPTX_TRIPLE, data_layout=NVPTX_DATA_LAYOUT, scope="gpu")


def cpu_llvm_ir(module: ModuleOp) -> str:
    from arignote.lowering.translate_llvm import translate_module
    from arignote.runtime.cpu import host_data_layout, host_triple

    _require_llvm(module, "host")
    return translate_module(
        module, triple=host_triple(), data_layout=host_data_layout(), scope="host"
    )


def module_to_llvm_ir(module: ModuleOp) -> str:
    return gpu_llvm_ir(module) if has_gpu_code(module) else cpu_llvm_ir(module)


def module_to_ptx(module: ModuleOp, arch: str = "sm_80") -> str:
    from arignote.lowering.ptx import emit_ptx

    if not has_gpu_code(module):
        raise CompileError(
            "error: the module has no gpu.module to turn into PTX; lower it with -p tt-to-ptx"
        )
    return emit_ptx(gpu_llvm_ir(module), arch)
