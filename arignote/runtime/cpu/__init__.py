"""The CPU back end: LLVM IR text -> native code in this process (llvmlite, LLVM 22).

    ir = translate_module(module, triple=host_triple(), data_layout=host_data_layout())
    native = compile_llvm_ir(ir)
    f = native.function("f_kernel_0", [ctypes.c_void_p, ctypes.c_int64])

`compile_llvm_ir` parses and verifies the IR, sets the host triple and data layout,
optimises it with LLVM's new pass manager at O3 with loop and SLP vectorisation for the
host CPU (`get_host_cpu_name()` and its features, so AVX2/AVX-512 are used where present),
and JIT-compiles it with MCJIT.  The returned `CpuModule` owns the execution engine: the
code stays valid as long as the module object lives.  Errors in the IR raise
`CompileError` with LLVM's message and the offending line.
"""

from __future__ import annotations

from arignote.runtime.cpu.jit import (
    CpuModule,
    compile_llvm_ir,
    host_cpu,
    host_data_layout,
    host_triple,
    load_object_code,
)

__all__ = [
    "CpuModule", "compile_llvm_ir", "host_cpu", "host_data_layout", "host_triple",
    "load_object_code",
]  # fmt: skip
