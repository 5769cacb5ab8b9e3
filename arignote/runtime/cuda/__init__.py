"""The CUDA runtime: arignote's GpuDevice on a real NVIDIA GPU, through cuda-python.

    probe() -> (bool, reason)       does a GPU answer? never raises
    get_device("cuda" | "cudaN")    the CudaDevice of GPU N (DeviceError when none answers)
    CudaDevice / CudaModule         the GpuDevice / GpuModule implementations
    pack_args(types, args)          kernel arguments packed by PTX parameter types
    call(name, *args), check(...)   checked driver calls raising typed CudaErrors

Modules: `calls` (checked driver calls, errors, probe), `args` (argument packing),
`allocator` (caching device allocator), `device` (CudaDevice, CudaModule, get_device).
Importing this package checks that cuda-bindings and the CUDA library wheels agree on
the CUDA major version (`versions`; ImportError naming them otherwise), and needs
cuda-bindings but no driver; nothing touches the driver
until `probe()` or `get_device()` is called.
"""

from __future__ import annotations

from arignote.runtime.cuda.versions import check_wheels

check_wheels()  # one CUDA major across cuda-bindings and the library wheels

from arignote.runtime.cuda.allocator import CachingAllocator, bucket_size  # noqa: E402
from arignote.runtime.cuda.args import PackedArgs, pack_args, pack_one  # noqa: E402
from arignote.runtime.cuda.calls import (  # noqa: E402
    CudaDriverMissing,
    CudaError,
    CudaLaunchError,
    CudaModuleError,
    CudaNoDevice,
    CudaOutOfMemory,
    call,
    check,
    probe,
)
from arignote.runtime.cuda.device import CudaDevice, CudaModule, get_device  # noqa: E402

__all__ = [
    "CachingAllocator",
    "CudaDevice",
    "CudaDriverMissing",
    "CudaError",
    "CudaLaunchError",
    "CudaModule",
    "CudaModuleError",
    "CudaNoDevice",
    "CudaOutOfMemory",
    "PackedArgs",
    "bucket_size",
    "call",
    "check",
    "get_device",
    "pack_args",
    "pack_one",
    "probe",
]
