"""Checked calls into the CUDA driver API (cuda-python's `cuda.bindings.driver`).

Every driver call of the runtime goes through `call(name, *args)`: it calls
`driver.<name>(*args)`, and when the CUresult is not CUDA_SUCCESS raises a typed
`CudaError` that names the call and the CUresult (`cuMemAlloc: CUDA_ERROR_OUT_OF_MEMORY
(out of memory)`).  `check(name, result)` is the mapping alone.  With no NVIDIA driver
installed, cuda-bindings raises `cuda.pathfinder.DynamicLibNotFoundError` (a
RuntimeError) from any call; `call` turns that into `CudaDriverMissing`.

`probe()` says whether a GPU answers, without ever raising.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from arignote.errors import DeviceError


class CudaError(DeviceError):
    """A CUDA driver call failed; names the call and the CUresult."""

    def __init__(self, message: str, *, call: str = "", result: str = "") -> None:
        super().__init__(message)
        self.call = call
        self.result = result


class CudaDriverMissing(CudaError):
    """No usable NVIDIA driver (libcuda.so.1 not found)."""


class CudaNoDevice(CudaError):
    """The driver is there but no (such) GPU is."""


class CudaOutOfMemory(CudaError):
    """Device memory ran out."""


class CudaLaunchError(CudaError):
    """A kernel launch failed, or a kernel faulted while running; names the kernel."""


class CudaModuleError(CudaError):
    """The driver refused to load (JIT-compile) a PTX module; carries the JIT log."""


_OOM = {"CUDA_ERROR_OUT_OF_MEMORY"}
_NO_DEVICE = {
    "CUDA_ERROR_NO_DEVICE",
    "CUDA_ERROR_INVALID_DEVICE",
    "CUDA_ERROR_STUB_LIBRARY",
    "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH",
    "CUDA_ERROR_INSUFFICIENT_DRIVER",
    "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE",
    "CUDA_ERROR_DEVICE_UNAVAILABLE",
}
#: results that mean a kernel could not start or faulted while running (these are sticky:
#: they can surface at a later synchronize or copy)
KERNEL_FAULTS = {
    "CUDA_ERROR_LAUNCH_FAILED",
    "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES",
    "CUDA_ERROR_LAUNCH_TIMEOUT",
    "CUDA_ERROR_LAUNCH_INCOMPATIBLE_TEXTURING",
    "CUDA_ERROR_ILLEGAL_ADDRESS",
    "CUDA_ERROR_MISALIGNED_ADDRESS",
    "CUDA_ERROR_ILLEGAL_INSTRUCTION",
    "CUDA_ERROR_INVALID_PC",
    "CUDA_ERROR_HARDWARE_STACK_ERROR",
    "CUDA_ERROR_INVALID_ADDRESS_SPACE",
    "CUDA_ERROR_ASSERT",
    "CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE",
    "CUDA_ERROR_TOO_MANY_BLOCKS_IN_CLUSTER",
}
_MODULE = {
    "CUDA_ERROR_INVALID_PTX",
    "CUDA_ERROR_UNSUPPORTED_PTX_VERSION",
    "CUDA_ERROR_NO_BINARY_FOR_GPU",
    "CUDA_ERROR_JIT_COMPILER_NOT_FOUND",
    "CUDA_ERROR_JIT_COMPILATION_DISABLED",
    "CUDA_ERROR_INVALID_IMAGE",
    "CUDA_ERROR_SHARED_OBJECT_INIT_FAILED",
    "CUDA_ERROR_SHARED_OBJECT_SYMBOL_NOT_FOUND",
}


_emulated_checked = False


def driver() -> Any:
    """cuda.bindings.driver (ImportError names the wheel when cuda-bindings is missing).

    With ARIGNOTE_CUDA_DRIVER=emulated, the emulated driver is installed first
    (`arignote.runtime.cuda.emulated`), so cuda-bindings loads it as libcuda.so.1."""
    global _emulated_checked
    if not _emulated_checked:
        from arignote.runtime.cuda import emulated

        if emulated.requested():
            emulated.install()  # EmulatedDriverUnavailable (a DeviceError) says why not
        _emulated_checked = True
    try:
        from cuda.bindings import driver as cu
    except ImportError as e:
        raise ImportError(
            f"the CUDA runtime needs cuda-bindings (pip install cuda-bindings): {e}"
        ) from e
    return cu


def emulated_driver() -> bool:
    """Whether the driver in use is arignote's emulated one (never a default device)."""
    from arignote.runtime.cuda import emulated

    return emulated.active()


def _missing_driver_errors() -> tuple[type[BaseException], ...]:
    try:
        from cuda.pathfinder import DynamicLibNotAvailableError, DynamicLibNotFoundError
    except ImportError:  # pragma: no cover - older cuda-pathfinder
        return (RuntimeError,)
    return (DynamicLibNotFoundError, DynamicLibNotAvailableError)


def result_name(result: Any) -> str:
    """The CUresult's enum name (e.g. 'CUDA_ERROR_OUT_OF_MEMORY'), no driver needed."""
    name = getattr(result, "name", None)
    if name:
        return str(name)
    try:
        return str(driver().CUresult(int(result)).name)
    except (ValueError, TypeError):
        return f"CUresult({result!r})"


def _describe(result: Any) -> str:
    """The driver's one-line description of a CUresult, when the driver can give it."""
    try:
        err, text = driver().cuGetErrorString(result)
    except Exception:  # no driver, or an unknown code: the name alone will do
        return ""
    if int(err) != 0 or not text:
        return ""
    return text.decode(errors="replace") if isinstance(text, bytes) else str(text)


def error_class(name: str) -> type[CudaError]:
    """The CudaError subclass for a CUresult name."""
    if name in _OOM:
        return CudaOutOfMemory
    if name in KERNEL_FAULTS:
        return CudaLaunchError
    if name in _MODULE:
        return CudaModuleError
    if name in _NO_DEVICE:
        return CudaNoDevice
    return CudaError


def check(call_name: str, result: Any, *, kernel: str | None = None, context: str = "") -> Any:
    """The values of a driver call's result tuple; raises the right CudaError on failure.

    `result` is what cuda-bindings returns: `(CUresult, *values)` or a bare CUresult.
    A failing cuLaunchKernel always raises CudaLaunchError; `kernel` names the kernel."""
    if isinstance(result, tuple):
        err, values = result[0], result[1:]
    else:
        err, values = result, ()
    if int(err) != 0:
        name = result_name(err)
        cls = error_class(name)
        if kernel is not None and call_name == "cuLaunchKernel":
            cls = CudaLaunchError
        desc = _describe(err)
        where = f" (kernel {kernel!r})" if kernel is not None else ""
        msg = f"{call_name}: {name}{f' ({desc})' if desc else ''}{where}"
        if context:
            msg += f": {context}"
        raise cls(msg, call=call_name, result=name)
    if not values:
        return None
    return values[0] if len(values) == 1 else values


def call(call_name: str, *args: Any, kernel: str | None = None, context: str = "") -> Any:
    """driver.<call_name>(*args), checked (see `check`)."""
    cu = driver()
    fn = getattr(cu, call_name)
    try:
        result = fn(*args)
    except _missing_driver_errors() as e:
        raise CudaDriverMissing(
            f"{call_name}: no NVIDIA driver: {e}", call=call_name, result="driver missing"
        ) from e
    return check(call_name, result, kernel=kernel, context=context)


@lru_cache(maxsize=1)
def probe() -> tuple[bool, str]:
    """(True, 'N device(s)') when a GPU answers, else (False, why).  Never raises."""
    try:
        driver()
    except ImportError as e:
        return False, f"cuda-bindings not installed ({e})"
    except DeviceError as e:  # the emulated driver was asked for and cannot be installed
        return False, str(e)
    try:
        call("cuInit", 0)
        count = int(call("cuDeviceGetCount"))
    except CudaError as e:  # no driver (DynamicLibNotFoundError), NO_DEVICE, STUB_LIBRARY ...
        return False, str(e)
    except Exception as e:  # anything else the bindings throw: still "no GPU"
        return False, f"CUDA driver unusable: {type(e).__name__}: {e}"
    if count <= 0:
        return False, "the CUDA driver reports no devices"
    if emulated_driver():
        return True, f"{count} device(s) of arignote's emulated CUDA driver (not a GPU)"
    return True, f"{count} device(s)"
