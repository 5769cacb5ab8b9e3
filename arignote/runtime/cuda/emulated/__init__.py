"""The emulated CUDA driver: a `libcuda.so.1` that runs kernels on the PTX emulator.

For tests without a GPU (see docs/internals.md, "The emulated CUDA driver").  With
ARIGNOTE_CUDA_DRIVER=emulated in the environment, `arignote.runtime.cuda.calls.driver()`
calls `install()` before cuda-bindings first loads the driver:

    build()      compile shim.c with the system C compiler (`cc`, or $CC) into a cache
                 directory keyed by the source's hash; the path of libcuda.so.1
    install()    load it RTLD_GLOBAL (cuda-pathfinder then finds the loaded libcuda.so.1
                 by its soname) and register the Python dispatcher (driver.py)
    active()     whether the loaded driver is this one
    requested()  whether the environment asks for it

`EmulatedDriverUnavailable` (a DeviceError) says why it cannot be installed: no C
compiler, a compiler error, or a real libcuda.so.1 already loaded.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from arignote.errors import DeviceError

ENV = "ARIGNOTE_CUDA_DRIVER"
SOURCE = Path(__file__).with_name("shim.c")

_lock = threading.Lock()
_installed: ctypes.CDLL | None = None


class EmulatedDriverUnavailable(DeviceError):
    """The emulated driver cannot be built or loaded (the message says why)."""


def requested() -> bool:
    """True when ARIGNOTE_CUDA_DRIVER=emulated."""
    return os.environ.get(ENV, "").strip().lower() == "emulated"


def active() -> bool:
    return _installed is not None


def compiler() -> str | None:
    """The C compiler used to build the shim ($CC, else cc / gcc / clang on PATH)."""
    cc = os.environ.get("CC")
    if cc and shutil.which(cc):
        return cc
    for name in ("cc", "gcc", "clang"):
        if shutil.which(name):
            return name
    return None


def _cache_root() -> Path:
    from arignote.config import config

    base = config.cache_root() or Path(tempfile.gettempdir()) / f"arignote-{os.getuid()}"
    return base / "cuda-emulated"


def build(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Compile shim.c into `<cache>/<hash>/libcuda.so.1` (once); its path."""
    source = SOURCE.read_bytes()
    cc = compiler()
    if cc is None:
        raise EmulatedDriverUnavailable(
            "the emulated CUDA driver needs a C compiler (cc, gcc or clang on PATH, or $CC)"
        )
    digest = hashlib.sha256(source + cc.encode()).hexdigest()[:16]
    out_dir = Path(cache_dir) if cache_dir is not None else _cache_root() / digest
    lib = out_dir / "libcuda.so.1"
    if lib.exists():
        return lib
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / f".libcuda.so.1.{os.getpid()}"
    cmd = [cc, "-shared", "-fPIC", "-O1", "-Wl,-soname,libcuda.so.1", "-o", str(tmp), str(SOURCE)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise EmulatedDriverUnavailable(
            f"building the emulated CUDA driver failed ({' '.join(cmd)}):\n{proc.stderr.strip()}"
        )
    os.replace(tmp, lib)  # atomic: concurrent builders agree
    return lib


def install() -> None:
    """Load the shim as this process's libcuda.so.1 and connect it to the emulator."""
    global _installed
    with _lock:
        if _installed is not None:
            return
        try:
            loaded = ctypes.CDLL("libcuda.so.1", mode=os.RTLD_NOLOAD)
        except OSError:
            loaded = None
        if loaded is not None and not hasattr(loaded, "arignote_emu_is_emulated"):
            raise EmulatedDriverUnavailable(
                f"{ENV}=emulated, but the NVIDIA driver's libcuda.so.1 is already loaded "
                "in this process"
            )
        lib = ctypes.CDLL(str(build()), mode=os.RTLD_GLOBAL)
        from arignote.runtime.cuda.emulated import driver

        lib.arignote_emu_set_dispatch.argtypes = [driver.DISPATCH_PROTO]
        lib.arignote_emu_set_dispatch.restype = None
        lib.arignote_emu_set_dispatch(driver._CALLBACK)
        _installed = lib


def state():  # noqa: ANN201 - the Driver (for tests: call counts, last fault message)
    from arignote.runtime.cuda.emulated.driver import DRIVER

    return DRIVER


__all__ = [
    "ENV",
    "EmulatedDriverUnavailable",
    "active",
    "build",
    "compiler",
    "install",
    "requested",
    "state",
]
