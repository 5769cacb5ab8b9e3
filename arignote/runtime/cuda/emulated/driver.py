"""The CUDA driver calls of the emulated `libcuda.so.1`, implemented over the PTX emulator.

`shim.c` forwards every driver call it exports to `dispatch(name, args)` here, with the
arguments as 64-bit integers (pointers are addresses).  `Driver` keeps the state a driver
keeps: one device (an `EmuDevice`, whose global-memory addresses are the device
pointers), its primary context, streams, events, modules, functions, graphs.  Work runs
when it is enqueued (every stream is in order and the host waits for nothing), except on
a capturing stream, where launches are recorded -- with their parameter bytes, as the
real driver copies them -- into a graph that `cuGraphLaunch` replays.

Behaviour kept from the real driver because the runtime's correctness depends on it:
- host memory is read and written through /proc/self/mem, so an address that is not
  mapped (a rank-0 array turned into its value by cuda-bindings) fails the call with
  CUDA_ERROR_INVALID_VALUE instead of crashing the process;
- a kernel that faults makes the context unusable: the fault
  (CUDA_ERROR_ILLEGAL_ADDRESS, or CUDA_ERROR_LAUNCH_FAILED for other emulator errors)
  is returned by every later call; the emulator's message goes to stderr;
- calls that may not run while a stream captures (memory allocation, copies,
  synchronisation) fail with CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED and invalidate the
  capture;
- the JIT refuses PTX for a newer arch than the device's compute capability
  (CUDA_ERROR_NO_BINARY_FOR_GPU) and a `.version` newer than the driver supports
  (CUDA_ERROR_UNSUPPORTED_PTX_VERSION), with a log line saying so;
- a process forked after cuInit cannot use the driver (CUDA_ERROR_NOT_INITIALIZED).

The device is named as what it is (`DEVICE_NAME`); its compute capability and driver
version can be set with ARIGNOTE_CUDA_EMULATED_CC (e.g. "7.5") and
ARIGNOTE_CUDA_EMULATED_VERSION (e.g. "12040") before the first call.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

DEVICE_NAME = "arignote emulated CUDA device (PTX emulator, not a GPU)"
TOTAL_MEMORY = 8 << 30

# CUresult values (CUDA driver API, stable across versions)
SUCCESS = 0
INVALID_VALUE = 1
OUT_OF_MEMORY = 2
NOT_INITIALIZED = 3
NO_DEVICE = 100
INVALID_DEVICE = 101
INVALID_CONTEXT = 201
NO_BINARY_FOR_GPU = 209
INVALID_PTX = 218
UNSUPPORTED_PTX_VERSION = 222
INVALID_HANDLE = 400
NOT_FOUND = 500
NOT_READY = 600
ILLEGAL_ADDRESS = 700
LAUNCH_FAILED = 719
NOT_SUPPORTED = 801
CAPTURE_UNSUPPORTED = 900
CAPTURE_INVALIDATED = 901
CAPTURE_UNMATCHED = 903
UNKNOWN = 999

_DESCRIPTIONS = {
    SUCCESS: "no error",
    INVALID_VALUE: "invalid argument",
    OUT_OF_MEMORY: "out of memory",
    NOT_INITIALIZED: "initialization error",
    NO_DEVICE: "no CUDA-capable device is detected",
    INVALID_DEVICE: "invalid device ordinal",
    INVALID_CONTEXT: "invalid device context",
    NO_BINARY_FOR_GPU: "no kernel image is available for execution on the device",
    INVALID_PTX: "a PTX JIT compilation failed",
    UNSUPPORTED_PTX_VERSION: "the provided PTX was compiled with an unsupported toolchain.",
    INVALID_HANDLE: "invalid resource handle",
    NOT_FOUND: "named symbol not found",
    NOT_READY: "device not ready",
    ILLEGAL_ADDRESS: "an illegal memory access was encountered",
    LAUNCH_FAILED: "unspecified launch failure",
    NOT_SUPPORTED: "operation not supported",
    CAPTURE_UNSUPPORTED: "operation not permitted when stream is capturing",
    CAPTURE_INVALIDATED: "operation failed due to a previous error during capture",
    CAPTURE_UNMATCHED: "capture was not initiated in this stream",
    UNKNOWN: "unknown error",
}

# CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES
_JIT_ERROR_LOG_BUFFER = 5
_JIT_ERROR_LOG_BUFFER_SIZE = 6

def max_ptx_isa(driver_version: int) -> tuple[int, int]:
    """The newest PTX ISA version a driver of `driver_version` accepts."""
    from arignote.lowering.ptx import driver_max_ptx

    return driver_max_ptx(driver_version)


class CuError(Exception):
    def __init__(self, code: int, message: str = "") -> None:
        super().__init__(message or _DESCRIPTIONS.get(code, str(code)))
        self.code = code


def _s64(v: int) -> int:
    return v - (1 << 64) if v >= 1 << 63 else v


# ---------------------------------------------------------------------------- host memory


class HostMemory:
    """Reads and writes of host memory that fail (OSError) instead of crashing on an
    unmapped address: /proc/self/mem, reopened after a fork."""

    def __init__(self) -> None:
        self._fd = -1
        self._pid = -1

    def _handle(self) -> int:
        if self._pid != os.getpid():
            self._fd = os.open("/proc/self/mem", os.O_RDWR)
            self._pid = os.getpid()
        return self._fd

    def read(self, addr: int, n: int) -> bytes:
        if n == 0:
            return b""
        if addr == 0:
            raise CuError(INVALID_VALUE, "NULL host pointer")
        try:
            data = os.pread(self._handle(), n, addr)
        except (OSError, OverflowError) as e:
            raise CuError(INVALID_VALUE, f"host address {addr:#x} is not readable ({e})") from None
        if len(data) != n:
            raise CuError(INVALID_VALUE, f"host range at {addr:#x} of {n} bytes is not readable")
        return data

    def write(self, addr: int, data: bytes) -> None:
        if not data:
            return
        if addr == 0:
            raise CuError(INVALID_VALUE, "NULL host pointer")
        try:
            done = os.pwrite(self._handle(), data, addr)
        except (OSError, OverflowError) as e:
            raise CuError(INVALID_VALUE, f"host address {addr:#x} is not writable ({e})") from None
        if done != len(data):
            raise CuError(INVALID_VALUE, f"host range at {addr:#x} is not writable")


# ---------------------------------------------------------------------------- objects


@dataclass
class Launch:
    function: Function
    grid: tuple[int, int, int]
    block: tuple[int, int, int]
    shared: int
    args: list[bytes]


@dataclass
class Stream:
    flags: int
    capture: list[Launch] | None = None
    capture_broken: bool = False


@dataclass
class Event:
    time: float | None = None


@dataclass
class Module:
    emu: Any  # EmuModule


@dataclass
class Function:
    module: Module
    name: str
    params: list[tuple[str, str, int, int]] = field(default_factory=list)


@dataclass
class Graph:
    launches: list[Launch]


@dataclass
class GraphExec:
    launches: list[Launch]


@dataclass
class Context:
    ordinal: int
    retained: int = 0


# ---------------------------------------------------------------------------- the driver


class Driver:
    """The driver's state and its calls (method `cuX` implements driver call cuX)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.host = HostMemory()
        self.init_pid: int | None = None
        self.sticky = SUCCESS
        self.pending = SUCCESS  # a fault not yet seen by a synchronising call
        self.device: Any = None  # EmuDevice, made at cuInit
        self.handles: dict[int, Any] = {}
        self._next = 0x10000
        self.current = threading.local()
        self.primary: Context | None = None
        self.cc = _env_cc()
        self.version = _env_version()
        self._strings: dict[tuple[str, int], ctypes.Array[ctypes.c_char]] = {}
        self.last_message = ""
        self.calls: dict[str, int] = {}  # call counts (for tests)

    # -- plumbing ---------------------------------------------------------------------

    def new(self, obj: Any) -> int:
        h = self._next
        self._next += 0x10
        self.handles[h] = obj
        return h

    def get(self, h: int, cls: type) -> Any:
        obj = self.handles.get(h)
        if not isinstance(obj, cls):
            raise CuError(INVALID_HANDLE, f"{h:#x} is not a {cls.__name__}")
        return obj

    def stream(self, h: int) -> Stream | None:
        """The stream of handle h (None for the legacy default stream 0)."""
        return None if h in (0, 1, 2) else self.get(h, Stream)

    def ready(self) -> None:
        """Raise unless initialised in this process and no fault poisoned the context."""
        if self.init_pid is None or self.init_pid != os.getpid():
            raise CuError(NOT_INITIALIZED)
        if self.sticky:
            raise CuError(self.sticky)

    def waits(self) -> None:
        """A call that waits for the device's work: a pending fault surfaces here."""
        if self.pending and not self.sticky:
            self.sticky = self.pending
            raise CuError(self.sticky)

    def not_capturing(self, what: str) -> None:
        """Calls a capturing stream forbids (in the global / thread-local modes)."""
        for obj in self.handles.values():
            if isinstance(obj, Stream) and obj.capture is not None:
                obj.capture_broken = True
                raise CuError(CAPTURE_UNSUPPORTED, f"{what} while a stream captures")

    def fault(self, code: int, message: str) -> None:
        """A kernel faulted: reported from the next call that waits for the device (as
        on a GPU, where the launch returned before the kernel ran), then by every call."""
        if not self.pending:
            self.pending = code
        self.last_message = message
        print(f"arignote emulated CUDA driver: {message}", file=sys.stderr)

    def _cstring(self, kind: str, code: int, text: str) -> int:
        buf = self._strings.get((kind, code))
        if buf is None:
            buf = self._strings[(kind, code)] = ctypes.create_string_buffer(text.encode())
        return ctypes.addressof(buf)

    @staticmethod
    def put(ptr: int, ctype: Any, value: Any) -> None:
        if ptr == 0:
            raise CuError(INVALID_VALUE, "NULL output pointer")
        ctype.from_address(ptr).value = value

    # -- errors, init, devices ------------------------------------------------------

    def cuGetErrorString(self, code: int, out: int) -> int:
        code = _s64(code)
        if code not in _DESCRIPTIONS:
            self.put(out, ctypes.c_void_p, None)
            return INVALID_VALUE
        self.put(out, ctypes.c_void_p, self._cstring("s", code, _DESCRIPTIONS[code]))
        return SUCCESS

    def cuGetErrorName(self, code: int, out: int) -> int:
        code = _s64(code)
        try:
            from cuda.bindings import driver as cu

            name = cu.CUresult(code).name
        except Exception:  # noqa: BLE001
            self.put(out, ctypes.c_void_p, None)
            return INVALID_VALUE
        self.put(out, ctypes.c_void_p, self._cstring("n", code, name))
        return SUCCESS

    def cuInit(self, flags: int) -> int:
        if flags != 0:
            return INVALID_VALUE
        if self.init_pid is not None and self.init_pid != os.getpid():
            return NOT_INITIALIZED  # a forked child: the driver cannot be used here
        if self.device is None:
            from arignote.runtime.ptxemu import EmuDevice

            self.device = EmuDevice()
        self.init_pid = os.getpid()
        return SUCCESS

    def cuDriverGetVersion(self, out: int) -> int:
        self.put(out, ctypes.c_int, self.version)
        return SUCCESS

    def _ordinal(self, d: int) -> int:
        d = _s64(d)
        if d != 0:
            raise CuError(INVALID_DEVICE, f"device {d} (the emulated driver has device 0)")
        return d

    def cuDeviceGet(self, out: int, ordinal: int) -> int:
        self.ready()
        self.put(out, ctypes.c_int, self._ordinal(ordinal))
        return SUCCESS

    def cuDeviceGetCount(self, out: int) -> int:
        self.ready()
        self.put(out, ctypes.c_int, 1)
        return SUCCESS

    def cuDeviceGetName(self, out: int, length: int, d: int) -> int:
        self.ready()
        self._ordinal(d)
        n = _s64(length)
        if n <= 0:
            return INVALID_VALUE
        ctypes.memmove(out, DEVICE_NAME.encode()[: n - 1] + b"\0", min(n, len(DEVICE_NAME) + 1))
        return SUCCESS

    def cuDeviceTotalMem(self, out: int, d: int) -> int:
        self.ready()
        self._ordinal(d)
        self.put(out, ctypes.c_size_t, TOTAL_MEMORY)
        return SUCCESS

    def cuDeviceGetAttribute(self, out: int, attr: int, d: int) -> int:
        self.ready()
        self._ordinal(d)
        self.put(out, ctypes.c_int, _attributes(self.cc).get(_s64(attr), 0))
        return SUCCESS

    def cuDeviceGetUuid(self, out: int, d: int) -> int:
        self.ready()
        self._ordinal(d)
        ctypes.memmove(out, b"arignote-emu-cu\0", 16)
        return SUCCESS

    # -- contexts -------------------------------------------------------------------

    def cuDevicePrimaryCtxRetain(self, out: int, d: int) -> int:
        self.ready()
        ordinal = self._ordinal(d)
        if self.primary is None:
            self.primary = Context(ordinal)
            self.primary_handle = self.new(self.primary)
        self.primary.retained += 1
        self.put(out, ctypes.c_void_p, self.primary_handle)
        return SUCCESS

    def cuDevicePrimaryCtxRelease(self, d: int) -> int:
        self.ready()
        self._ordinal(d)
        if self.primary is None or self.primary.retained <= 0:
            return INVALID_CONTEXT
        self.primary.retained -= 1
        return SUCCESS

    def cuDevicePrimaryCtxGetState(self, d: int, flags: int, active: int) -> int:
        self.ready()
        self._ordinal(d)
        self.put(flags, ctypes.c_uint, 0)
        self.put(active, ctypes.c_int, int(self.primary is not None and self.primary.retained > 0))
        return SUCCESS

    def cuCtxSetCurrent(self, ctx: int) -> int:
        self.ready()
        if ctx:
            self.get(ctx, Context)
        self.current.ctx = ctx
        return SUCCESS

    def cuCtxGetCurrent(self, out: int) -> int:
        self.ready()
        self.put(out, ctypes.c_void_p, getattr(self.current, "ctx", 0) or None)
        return SUCCESS

    def _need_context(self) -> None:
        self.ready()
        ctx = getattr(self.current, "ctx", 0)
        if not ctx or not isinstance(self.handles.get(ctx), Context):
            raise CuError(INVALID_CONTEXT, "no current context (cuCtxSetCurrent)")

    def cuCtxGetDevice(self, out: int) -> int:
        self._need_context()
        self.put(out, ctypes.c_int, 0)
        return SUCCESS

    def cuCtxSynchronize(self) -> int:
        self._need_context()
        self.waits()
        self.not_capturing("cuCtxSynchronize")
        return SUCCESS

    # -- memory ---------------------------------------------------------------------

    def cuMemGetInfo(self, free: int, total: int) -> int:
        self._need_context()
        used = sum(self.device.mem.allocs.values())
        self.put(free, ctypes.c_size_t, max(TOTAL_MEMORY - used, 0))
        self.put(total, ctypes.c_size_t, TOTAL_MEMORY)
        return SUCCESS

    def cuMemAlloc(self, out: int, nbytes: int) -> int:
        self._need_context()
        self.not_capturing("cuMemAlloc")
        if nbytes == 0:
            return INVALID_VALUE
        used = sum(self.device.mem.allocs.values())
        if used + nbytes > TOTAL_MEMORY:
            return OUT_OF_MEMORY
        from arignote.errors import DeviceError

        try:
            ptr = self.device.alloc(nbytes)
        except DeviceError:
            return OUT_OF_MEMORY
        self.put(out, ctypes.c_uint64, ptr)
        return SUCCESS

    def cuMemFree(self, ptr: int) -> int:
        self._need_context()
        self.not_capturing("cuMemFree")
        if ptr not in self.device.mem.allocs:
            return INVALID_VALUE
        self.device.free(ptr)
        return SUCCESS

    def _copy_checks(self, stream: int, what: str) -> None:
        self._need_context()
        self.stream(stream)
        self.not_capturing(what)

    def cuMemcpyHtoDAsync(self, dst: int, src: int, n: int, stream: int) -> int:
        self._copy_checks(stream, "cuMemcpyHtoDAsync")
        data = np.frombuffer(self.host.read(src, n), np.uint8)
        self._device_write(dst, data)
        return SUCCESS

    def cuMemcpyDtoHAsync(self, dst: int, src: int, n: int, stream: int) -> int:
        self._copy_checks(stream, "cuMemcpyDtoHAsync")
        self.waits()
        if n:
            self.host.write(dst, self._device_read(src, n).tobytes())
        return SUCCESS

    def cuMemcpyDtoDAsync(self, dst: int, src: int, n: int, stream: int) -> int:
        self._copy_checks(stream, "cuMemcpyDtoDAsync")
        if n:
            self._device_write(dst, self._device_read(src, n).copy())
        return SUCCESS

    def cuMemsetAsync(self, dst: int, value: int, count: int, stream: int, width: int) -> int:
        self._copy_checks(stream, "cuMemsetAsync")
        if count:
            dt = np.uint8 if width == 1 else np.uint32
            self._device_write(dst, np.full(count, value, dt).view(np.uint8))
        return SUCCESS

    def _device_read(self, addr: int, n: int) -> np.ndarray:
        from arignote.runtime.ptxemu.errors import PTXEmuError

        try:
            return self.device.mem.read(addr, n, "device memory read")
        except PTXEmuError as e:
            raise CuError(INVALID_VALUE, str(e)) from None

    def _device_write(self, addr: int, data: np.ndarray) -> None:
        from arignote.runtime.ptxemu.errors import PTXEmuError

        if data.size == 0:
            return
        try:
            self.device.mem.write(addr, data, "device memory write")
        except PTXEmuError as e:
            raise CuError(INVALID_VALUE, str(e)) from None

    def cuPointerGetAttribute(self, data: int, attr: int, ptr: int) -> int:
        return NOT_SUPPORTED

    # -- streams and events -----------------------------------------------------------

    def cuStreamCreate(self, out: int, flags: int) -> int:
        self._need_context()
        self.put(out, ctypes.c_void_p, self.new(Stream(flags)))
        return SUCCESS

    def cuStreamDestroy(self, h: int) -> int:
        self._need_context()
        self.get(h, Stream)
        del self.handles[h]
        return SUCCESS

    def cuStreamSynchronize(self, h: int) -> int:
        self._need_context()
        s = self.stream(h)
        if s is not None and s.capture is not None:
            s.capture_broken = True
            return CAPTURE_UNSUPPORTED
        self.waits()
        return SUCCESS

    def cuStreamQuery(self, h: int) -> int:
        return self.cuStreamSynchronize(h)

    def cuStreamBeginCapture(self, h: int, mode: int) -> int:
        self._need_context()
        s = self.stream(h)
        if s is None:
            return CAPTURE_UNSUPPORTED  # the legacy stream cannot capture
        if s.capture is not None:
            return INVALID_VALUE
        s.capture, s.capture_broken = [], False
        return SUCCESS

    def cuStreamEndCapture(self, h: int, out: int) -> int:
        self._need_context()
        s = self.stream(h)
        if s is None or s.capture is None:
            return CAPTURE_UNMATCHED
        launches, broken = s.capture, s.capture_broken
        s.capture, s.capture_broken = None, False
        if broken:
            self.put(out, ctypes.c_void_p, None)
            return CAPTURE_INVALIDATED
        self.put(out, ctypes.c_void_p, self.new(Graph(launches)))
        return SUCCESS

    def cuStreamIsCapturing(self, h: int, out: int) -> int:
        self._need_context()
        s = self.stream(h)
        status = 0 if s is None or s.capture is None else (2 if s.capture_broken else 1)
        self.put(out, ctypes.c_int, status)
        return SUCCESS

    def cuThreadExchangeStreamCaptureMode(self, mode: int) -> int:
        return SUCCESS

    def cuEventCreate(self, out: int, flags: int) -> int:
        self._need_context()
        self.put(out, ctypes.c_void_p, self.new(Event()))
        return SUCCESS

    def cuEventRecord(self, h: int, stream: int) -> int:
        self._need_context()
        ev = self.get(h, Event)
        s = self.stream(stream)
        if s is not None and s.capture is not None:
            s.capture_broken = True  # event nodes are not emulated
            return CAPTURE_UNSUPPORTED
        self.calls["event_records"] = self.calls.get("event_records", 0) + 1
        ev.time = time.perf_counter()
        return SUCCESS

    def cuEventQuery(self, h: int) -> int:
        self._need_context()
        self.get(h, Event)
        self.waits()
        return SUCCESS

    def cuEventSynchronize(self, h: int) -> int:
        return self.cuEventQuery(h)

    def cuEventDestroy(self, h: int) -> int:
        self._need_context()
        self.get(h, Event)
        del self.handles[h]
        return SUCCESS

    def cuEventElapsedTime(self, out: int, start: int, end: int) -> int:
        self._need_context()
        a, b = self.get(start, Event), self.get(end, Event)
        if a.time is None or b.time is None:
            return INVALID_HANDLE
        self.calls["elapsed"] = self.calls.get("elapsed", 0) + 1
        self.put(out, ctypes.c_float, (b.time - a.time) * 1e3)
        return SUCCESS

    # -- modules and launches ---------------------------------------------------------

    def cuModuleLoadDataEx(self, out: int, image: int, n: int, opts: int, vals: int) -> int:
        self._need_context()
        self.not_capturing("cuModuleLoadDataEx")
        log_ptr = log_size = 0
        for k in range(n):
            opt = ctypes.c_int.from_address(opts + 4 * k).value
            val = ctypes.c_uint64.from_address(vals + 8 * k).value
            if opt == _JIT_ERROR_LOG_BUFFER:
                log_ptr = val
            elif opt == _JIT_ERROR_LOG_BUFFER_SIZE:
                log_size = val
        ptx = ctypes.string_at(image).decode(errors="replace")
        try:
            self._check_target(ptx)
            from arignote.runtime.ptxemu import EmuModule

            emu = EmuModule(self.device, ptx)
        except CuError as e:
            self._jit_log(log_ptr, log_size, f"ptxas fatal   : {e}")
            return e.code
        except Exception as e:  # noqa: BLE001 - the emulator's refusal of the PTX
            msg = str(e)
            m = re.search(r"(?:PTX )?line (\d+)", msg)
            line = f"ptxas application ptx input, line {m.group(1)}; " if m else "ptxas "
            self._jit_log(log_ptr, log_size, f"{line}error   : {msg}")
            return INVALID_PTX
        self.put(out, ctypes.c_void_p, self.new(Module(emu)))
        return SUCCESS

    def _check_target(self, ptx: str) -> None:
        m = re.search(r"^\s*\.version\s+(\d+)\.(\d+)", ptx, re.M)
        if m is not None:
            isa = (int(m.group(1)), int(m.group(2)))
            top = max_ptx_isa(self.version)
            if isa > top:
                raise CuError(
                    UNSUPPORTED_PTX_VERSION,
                    f"Unsupported .version {isa[0]}.{isa[1]}; current version is "
                    f"'{top[0]}.{top[1]}' (driver {self.version})",
                )
        t = re.search(r"^\s*\.target\s+sm_(\d+)", ptx, re.M)
        if t is not None and int(t.group(1)) > self.cc[0] * 10 + self.cc[1]:
            raise CuError(
                NO_BINARY_FOR_GPU,
                f"PTX .target sm_{t.group(1)} is newer than the device "
                f"(sm_{self.cc[0]}{self.cc[1]})",
            )

    def _jit_log(self, ptr: int, size: int, text: str) -> None:
        self.last_message = text
        if ptr and size:
            raw = text.encode()[: size - 1] + b"\0"
            ctypes.memmove(ptr, raw, len(raw))

    def cuModuleUnload(self, h: int) -> int:
        self._need_context()
        self.get(h, Module)
        del self.handles[h]
        return SUCCESS

    def cuModuleGetFunction(self, out: int, mod: int, name: int) -> int:
        self._need_context()
        m = self.get(mod, Module)
        kname = ctypes.string_at(name).decode()
        if kname not in m.emu.kernel_names():
            return NOT_FOUND
        f = Function(m, kname, list(m.emu.program(kname).kparams))
        self.put(out, ctypes.c_void_p, self.new(f))
        return SUCCESS

    def cuFuncGetAttribute(self, out: int, attr: int, fn: int) -> int:
        self._need_context()
        self.get(fn, Function)
        values = {0: 1024, 1: 0, 2: 0, 3: 0, 4: 32}  # max threads, shared, const, local, regs
        self.put(out, ctypes.c_int, values.get(_s64(attr), 0))
        return SUCCESS

    def cuLaunchKernel(self, fn: int, gx: int, gy: int, gz: int, bx: int, by: int, bz: int,
                       shared: int, stream: int, params: int, extra: int) -> int:  # fmt: skip
        self._need_context()
        f = self.get(fn, Function)
        s = self.stream(stream)
        g, b = (gx, gy, gz), (bx, by, bz)
        if extra:
            return NOT_SUPPORTED
        if 0 in g or 0 in b or bx * by * bz > 1024 or bx > 1024 or by > 1024 or bz > 64:
            return INVALID_VALUE
        if gx >= 1 << 31 or gy > 65535 or gz > 65535 or shared > 166912:
            return INVALID_VALUE
        args = []
        for k, (_name, _t, _off, size) in enumerate(f.params):
            if not params:
                return INVALID_VALUE
            addr = ctypes.c_uint64.from_address(params + 8 * k).value
            args.append(self.host.read(addr, size))
        launch = Launch(f, g, b, shared, args)
        if s is not None and s.capture is not None:
            s.capture.append(launch)
            return SUCCESS
        self.run(launch)
        return SUCCESS

    def run(self, launch: Launch) -> None:
        from arignote.runtime.ptxemu.errors import PTXEmuError

        self.calls["launches"] = self.calls.get("launches", 0) + 1
        f = launch.function
        try:
            self.device.launch(
                f.module.emu, f.name, launch.grid, launch.block, launch.args, launch.shared
            )
        except PTXEmuError as e:
            msg = str(e)
            bad_address = "out-of-bounds" in msg or "misaligned" in msg
            self.fault(ILLEGAL_ADDRESS if bad_address else LAUNCH_FAILED,
                       f"kernel {f.name!r} faulted: {msg}")  # fmt: skip

    # -- graphs -----------------------------------------------------------------------

    def cuGraphInstantiate(self, out: int, graph: int, flags: int) -> int:
        self._need_context()
        g = self.get(graph, Graph)
        self.put(out, ctypes.c_void_p, self.new(GraphExec(list(g.launches))))
        return SUCCESS

    def cuGraphLaunch(self, ge: int, stream: int) -> int:
        self._need_context()
        e = self.get(ge, GraphExec)
        s = self.stream(stream)
        if s is not None and s.capture is not None:
            s.capture.extend(e.launches)
            return SUCCESS
        self.calls["graph_launches"] = self.calls.get("graph_launches", 0) + 1
        for launch in e.launches:
            self.run(launch)
            if self.sticky:
                break
        return SUCCESS

    def cuGraphExecDestroy(self, ge: int) -> int:
        self._need_context()
        self.get(ge, GraphExec)
        del self.handles[ge]
        return SUCCESS

    def cuGraphDestroy(self, g: int) -> int:
        self._need_context()
        self.get(g, Graph)
        del self.handles[g]
        return SUCCESS


def _env_cc() -> tuple[int, int]:
    text = os.environ.get("ARIGNOTE_CUDA_EMULATED_CC", "8.0")
    m = re.fullmatch(r"\s*(\d+)\.(\d)\s*", text)
    if m is None:
        raise ValueError(f"ARIGNOTE_CUDA_EMULATED_CC must be like 8.0, got {text!r}")
    return int(m.group(1)), int(m.group(2))


def _env_version() -> int:
    text = os.environ.get("ARIGNOTE_CUDA_EMULATED_VERSION")
    if text:
        return int(text)
    try:
        from cuda.bindings import __version__ as v

        major = int(v.split(".")[0])
    except Exception:  # noqa: BLE001
        major = 12
    return 13000 if major >= 13 else 12080


def _attributes(cc: tuple[int, int]) -> dict[int, int]:
    """CUdevice_attribute values of the emulated device (unknown attributes are 0)."""
    return {
        1: 1024,  # MAX_THREADS_PER_BLOCK
        2: 1024, 3: 1024, 4: 64,  # MAX_BLOCK_DIM_X/Y/Z
        5: 2**31 - 1, 6: 65535, 7: 65535,  # MAX_GRID_DIM_X/Y/Z
        8: 49152,  # MAX_SHARED_MEMORY_PER_BLOCK
        9: 65536,  # TOTAL_CONSTANT_MEMORY
        10: 32,  # WARP_SIZE
        12: 65536,  # MAX_REGISTERS_PER_BLOCK
        13: 1000000,  # CLOCK_RATE (kHz)
        14: 256,  # TEXTURE_ALIGNMENT
        16: 1,  # MULTIPROCESSOR_COUNT
        39: 2048,  # MAX_THREADS_PER_MULTIPROCESSOR
        41: 1,  # UNIFIED_ADDRESSING
        75: cc[0], 76: cc[1],  # COMPUTE_CAPABILITY_MAJOR/MINOR
        81: 167936,  # MAX_SHARED_MEMORY_PER_MULTIPROCESSOR
        97: 166912 if cc >= (8, 0) else 65536,  # MAX_SHARED_MEMORY_PER_BLOCK_OPTIN
    }  # fmt: skip


# ---------------------------------------------------------------------------- dispatch

DRIVER = Driver()

DISPATCH_PROTO = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_uint64)
)


def dispatch(name: bytes, nargs: int, args: Any) -> int:
    """The C shim's single entry point: driver call `name` with `nargs` 64-bit args."""
    values = [int(args[k]) for k in range(nargs)]
    try:
        method = getattr(DRIVER, name.decode())
        with DRIVER.lock:
            return int(method(*values))
    except CuError as e:
        if e.code != DRIVER.sticky:
            DRIVER.last_message = str(e)
        return e.code
    except BaseException as e:  # noqa: BLE001 - never unwind through C
        import traceback

        DRIVER.last_message = f"{type(e).__name__}: {e}"
        traceback.print_exc()
        return UNKNOWN


_CALLBACK = DISPATCH_PROTO(dispatch)
