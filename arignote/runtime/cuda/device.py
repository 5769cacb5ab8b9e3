"""`CudaDevice`: the GpuDevice protocol on a real NVIDIA GPU (cuda-python driver API).

One device = the primary context of GPU N plus one non-blocking stream; every copy and
launch is ordered on that stream.  Memory comes from a caching allocator over
cuMemAlloc/cuMemFree.  `load_module(ptx)` JIT-compiles PTX with cuModuleLoadDataEx (the
driver's JIT, so users need no compiler at run time), cached by the PTX's hash; a JIT
error carries the driver's log, which names the PTX line.  `launch` packs the arguments
by the kernel's PTX parameter types and defers it into the pending *segment*, flushed
before any copy, library call, synchronisation or release of memory; one pair of CUDA
events times each flushed segment (its time is split evenly among its launches, whose
`seconds` are filled in at the next synchronisation: one cuEventElapsedTime per
segment).  With `config.cuda_graphs` (the default) a segment that repeats is captured
once as a CUDA graph and replayed (`arignote.runtime.cuda.graphs`).

Kernels run asynchronously: a kernel that faults (illegal address, ...) is reported by
the next call that waits for the stream, as `CudaLaunchError` naming the kernels
launched since the last synchronisation.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

from arignote.errors import ArgumentError, DeviceError
from arignote.lowering.ptx import entry_params, kernel_names
from arignote.lowering.ptxas import quote_ptx_lines
from arignote.runtime.cuda.allocator import CachingAllocator
from arignote.runtime.cuda.args import pack_args
from arignote.runtime.cuda.calls import (
    KERNEL_FAULTS,
    CudaError,
    CudaLaunchError,
    CudaModuleError,
    call,
    driver,
    probe,
)
from arignote.runtime.cuda.graphs import PendingLaunch, SegmentGraphs
from arignote.runtime.device import Dim3, GpuDevice, GpuModule, KernelStats, Profile

JIT_LOG_BYTES = 1 << 16

F = TypeVar("F", bound=Callable[..., Any])


def jit_options(log: bytearray) -> tuple[list[Any], list[Any]]:
    """cuModuleLoadDataEx options: the JIT writes its error log into `log`."""
    cu = driver()
    opts = [
        cu.CUjit_option.CU_JIT_ERROR_LOG_BUFFER,
        cu.CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
    ]
    return opts, [log, len(log)]


def dim3(dims: Sequence[int], what: str) -> Dim3:
    """A (x, y, z) triple of non-negative ints from 1 to 3 values (missing ones are 1)."""
    values = [int(d) for d in dims]
    if not 1 <= len(values) <= 3 or any(v < 0 for v in values):
        raise ArgumentError(f"{what} must be 1 to 3 non-negative ints, got {tuple(dims)!r}")
    values += [1] * (3 - len(values))
    return (values[0], values[1], values[2])


def _host_array(a: Any, what: str, *, writable: bool = False) -> np.ndarray:
    if not isinstance(a, np.ndarray):
        raise ArgumentError(f"{what} must be a NumPy array, got {type(a).__name__}")
    if not a.flags.c_contiguous:
        raise ArgumentError(f"{what} must be C-contiguous (shape {a.shape}, strides {a.strides})")
    if writable and not a.flags.writeable:
        raise ArgumentError(f"{what} is read-only")
    return a


class CudaModule(GpuModule):
    """A PTX module loaded into a device's context; owns its CUmodule and functions."""

    def __init__(self, device: CudaDevice, handle: Any, ptx: str, digest: str) -> None:
        self.device = device
        self.handle = handle
        self.ptx = ptx
        self.digest = digest
        self._names = kernel_names(ptx)
        self._functions: dict[str, Any] = {}
        self._params: dict[str, list[str]] = {}

    def kernel_names(self) -> list[str]:
        return list(self._names)

    def _check_kernel(self, name: str) -> None:
        if name not in self._names:
            raise DeviceError(
                f"module has no kernel {name!r} (kernels: {', '.join(self._names) or 'none'})"
            )

    def function(self, name: str) -> Any:
        """The CUfunction of kernel `name` (looked up once)."""
        fn = self._functions.get(name)
        if fn is None:
            self._check_kernel(name)
            fn = call("cuModuleGetFunction", self.handle, name.encode(), kernel=name)
            self._functions[name] = fn
        return fn

    def params(self, name: str) -> list[str]:
        """The PTX parameter types of kernel `name`."""
        types = self._params.get(name)
        if types is None:
            self._check_kernel(name)
            types = self._params[name] = entry_params(self.ptx, name)
        return types


def _faults_name_kernels(method: F) -> F:
    """Re-raise a sticky kernel fault surfacing in `method` as CudaLaunchError naming kernels."""

    @functools.wraps(method)
    def wrapper(self: CudaDevice, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except CudaError as e:
            if e.call == "cuLaunchKernel" or e.result not in KERNEL_FAULTS:
                raise
            kernels = ", ".join(repr(k) for k in self._unsynced_kernels) or "none recorded"
            raise CudaLaunchError(
                f"{e} -- a kernel faulted (launched since the last synchronize: {kernels})",
                call=e.call,
                result=e.result,
            ) from e

    return wrapper  # type: ignore[return-value]


class CudaDevice(GpuDevice):
    """GPU `ordinal` through the CUDA driver API (primary context, one stream)."""

    def __init__(self, ordinal: int = 0, *, timing: bool = True) -> None:
        cu = driver()
        self.ordinal = ordinal
        self.name = f"cuda:{ordinal}"
        self.profile = Profile()
        self.timing = timing
        self._lock = threading.RLock()
        call("cuInit", 0)
        self._dev = call("cuDeviceGet", ordinal)
        self._ctx = call("cuDevicePrimaryCtxRetain", self._dev)
        call("cuCtxSetCurrent", self._ctx)
        attr = cu.CUdevice_attribute
        cc_major = attr.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
        cc_minor = attr.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR
        major = call("cuDeviceGetAttribute", cc_major, self._dev)
        minor = call("cuDeviceGetAttribute", cc_minor, self._dev)
        #: the device's own arch (PTX for any arch up to this one JIT-compiles here)
        self.arch = f"sm_{major}{minor}"
        self.compute_capability = (int(major), int(minor))
        #: the driver's version (1000 * major + 10 * minor): the newest PTX it JIT-compiles
        self.driver_version = int(call("cuDriverGetVersion"))
        from arignote.runtime.cuda.versions import check_driver

        check_driver(self.driver_version)
        raw_name = call("cuDeviceGetName", 256, self._dev)
        self.device_name = (
            raw_name.split(b"\0", 1)[0].decode(errors="replace")
            if isinstance(raw_name, bytes)
            else str(raw_name)
        )
        self._stream = call("cuStreamCreate", cu.CUstream_flags.CU_STREAM_NON_BLOCKING.value)
        self._allocator = CachingAllocator(self._raw_alloc, self._raw_free)
        self._modules: dict[str, CudaModule] = {}
        self._events: list[Any] = []
        # (stats, start event, end event); stats is a list for a replayed graph
        self._pending: list[tuple[Any, Any, Any]] = []
        self._unsynced_kernels: list[str] = []
        self._segment: list[PendingLaunch] = []  # launches deferred for CUDA graphs
        self._graphs = SegmentGraphs()
        self._libraries: Any = None
        self._closed = False
        self._pid = os.getpid()  # CUDA contexts do not survive fork()

    def __repr__(self) -> str:
        return f"CudaDevice({self.name}, {self.device_name!r}, {self.arch})"

    @property
    def ptx_target(self) -> tuple[str, str | None]:
        """(arch, PTX version) the compiler emits for this GPU and driver."""
        from arignote.lowering.ptx import target_for_device

        return target_for_device(self.compute_capability, self.driver_version)

    @property
    def stream(self) -> Any:
        """The stream every kernel, copy and library call of this device runs on."""
        return self._stream

    @property
    def lock(self) -> threading.RLock:
        return self._lock

    @property
    def libraries(self) -> Any:
        """The cuBLAS/cuDNN handles of this device (`runtime.libcall.device.Libraries`)."""
        if self._libraries is None:
            from arignote.runtime.libcall.device import Libraries

            self._libraries = Libraries(self)
        return self._libraries

    @_faults_name_kernels
    def library_call(self, label: str, where: str, what: str, fn: Any) -> KernelStats:
        """Run `fn` (a cuBLAS/cuDNN call on this device's stream), timed with events
        like a kernel and recorded in the profile as `label`; a failure of the library
        is a DeviceError naming `where` and `what`."""
        with self._lock:
            self._activate()
            self._flush()
            start = end = None
            if self.timing:
                start, end = self._event(), self._event()
                call("cuEventRecord", start, self._stream)
            try:
                fn()
            except Exception as e:
                if start is not None:
                    self._events += [start, end]
                if isinstance(e, DeviceError):
                    raise
                raise DeviceError(f"{where}: {what} failed: {type(e).__name__}: {e}") from e
            stats = KernelStats(label, (1, 1, 1), (1, 1, 1))
            if self.timing:
                call("cuEventRecord", end, self._stream)
                self._pending.append((stats, start, end))
            self._unsynced_kernels.append(label)
            self.profile.record(stats)
            return stats

    # -- context ------------------------------------------------------------------------

    def activate(self) -> None:
        """Make this device's context current on the calling thread (before a library
        creates handles or plans on it: with two GPUs they would land on the other)."""
        with self._lock:
            self._activate()

    def _activate(self) -> None:
        if self._closed:
            raise DeviceError(f"device {self.name} is closed")
        if self._pid != os.getpid():
            raise DeviceError(_forked_message(self.name, self._pid))
        call("cuCtxSetCurrent", self._ctx)

    # -- memory -------------------------------------------------------------------------

    def _raw_alloc(self, nbytes: int) -> int:
        return int(call("cuMemAlloc", nbytes, context=f"{nbytes} bytes on {self.name}"))

    def _raw_free(self, ptr: int) -> None:
        self._flush()  # deferred launches may still use the block
        call("cuMemFree", ptr)

    @_faults_name_kernels
    def alloc(self, nbytes: int) -> int:
        with self._lock:
            self._activate()
            return self._allocator.alloc(nbytes)

    @_faults_name_kernels
    def free(self, ptr: int) -> None:
        with self._lock:
            self._activate()
            self._allocator.free(int(ptr))

    def empty_cache(self) -> int:
        """Return cached (freed) blocks to the driver; the bytes released."""
        with self._lock:
            self._activate()
            self.synchronize()
            return self._allocator.empty_cache()

    @property
    def memory_stats(self) -> Any:
        return self._allocator.stats

    @_faults_name_kernels
    def copy_to_device(self, dst: int, src: np.ndarray) -> None:
        src = _host_array(src, "copy_to_device source")
        with self._lock:
            self._activate()
            self._flush()
            if src.nbytes:
                # pageable source: staged before the call returns, so `src` may go away.
                # The address, not the array: cuda-bindings turns a rank-0 array into an
                # int, so its *value* would become the host address.
                call("cuMemcpyHtoDAsync", int(dst), src.ctypes.data, src.nbytes, self._stream)
            self.profile.h2d_count += 1
            self.profile.h2d_bytes += src.nbytes

    @_faults_name_kernels
    def copy_to_host(self, dst: np.ndarray, src: int) -> None:
        dst = _host_array(dst, "copy_to_host destination", writable=True)
        with self._lock:
            self._activate()
            self._flush()
            if dst.nbytes:
                call("cuMemcpyDtoHAsync", dst.ctypes.data, int(src), dst.nbytes, self._stream)
            self._sync()
            self.profile.d2h_count += 1
            self.profile.d2h_bytes += dst.nbytes

    @_faults_name_kernels
    def copy_device_to_device(self, dst: int, src: int, nbytes: int) -> None:
        if nbytes < 0:
            raise ArgumentError(f"copy_device_to_device of a negative size ({nbytes})")
        with self._lock:
            self._activate()
            self._flush()
            if nbytes:
                call("cuMemcpyDtoDAsync", int(dst), int(src), nbytes, self._stream)
            self.profile.d2d_count += 1
            self.profile.d2d_bytes += nbytes

    # -- modules and launches -----------------------------------------------------------

    @_faults_name_kernels
    def load_module(self, ptx: str) -> CudaModule:
        digest = hashlib.sha256(ptx.encode()).hexdigest()
        with self._lock:
            cached = self._modules.get(digest)
            if cached is not None:
                return cached
            self._activate()
            log = bytearray(JIT_LOG_BYTES)
            opts, values = jit_options(log)
            try:
                handle = call("cuModuleLoadDataEx", ptx.encode() + b"\0", len(opts), opts, values)
            except CudaModuleError as e:
                text = bytes(log).split(b"\0", 1)[0].decode(errors="replace").strip()
                raise CudaModuleError(
                    f"{e}: the driver's JIT refused the PTX"
                    + (f":\n{quote_ptx_lines(text, ptx)}" if text else ""),
                    call=e.call,
                    result=e.result,
                ) from None
            module = CudaModule(self, handle, ptx, digest)
            self._modules[digest] = module
            return module

    def _event(self) -> Any:
        if self._events:
            return self._events.pop()
        return call("cuEventCreate", driver().CUevent_flags.CU_EVENT_DEFAULT.value)

    @_faults_name_kernels
    def launch(
        self,
        module: GpuModule,
        kernel: str,
        grid: Dim3,
        block: Dim3,
        args: Sequence[int | float],
        shared_bytes: int = 0,
    ) -> KernelStats | None:
        if not isinstance(module, CudaModule) or module.device is not self:
            raise DeviceError(f"launch of {kernel!r}: the module was not loaded on {self.name}")
        g, b = dim3(grid, "grid"), dim3(block, "block")
        if 0 in g:
            return None  # an empty grid runs nothing
        with self._lock:
            self._activate()
            fn = module.function(kernel)
            packed = pack_args(module.params(kernel), args, kernel)
            context = f"grid {g}, block {b}, {shared_bytes} bytes dynamic shared memory"

            def run() -> None:  # (the closure keeps `packed` alive until the launch)
                call("cuLaunchKernel", fn, *g, *b, int(shared_bytes), self._stream,
                     packed.address, 0, kernel=kernel, context=context)  # fmt: skip

            stats = KernelStats(kernel, g, b)
            self._unsynced_kernels.append(kernel)
            self.profile.record(stats)
            # deferred to the next flush (with graphs off too: one event pair times the
            # whole segment, not each launch)
            key = None
            if self._graphs_on():
                key = (module.digest, kernel, g, b, int(shared_bytes), tuple(packed.raw()))
            self._segment.append(PendingLaunch(key, run, stats))
            return stats

    @property
    def stable_buffers(self) -> bool:
        """Whether shared variables keep one buffer across updates (their new value is
        copied into it on the device), so repeated steps replay as CUDA graphs."""
        return self._graphs_on()

    def _graphs_on(self) -> bool:
        from arignote.config import config

        return bool(config.cuda_graphs)

    def _launch_timed(self, seg: list[PendingLaunch]) -> None:
        """Launch `seg` eagerly, timed by one pair of events around the segment."""
        start = end = None
        if self.timing:
            start, end = self._event(), self._event()
        try:
            if start is not None:
                call("cuEventRecord", start, self._stream)
            for p in seg:
                p.run()
        except CudaError:
            if start is not None:
                self._events += [start, end]
            raise
        if self.timing:
            call("cuEventRecord", end, self._stream)
            self._pending.append(([p.stats for p in seg], start, end))

    def _flush(self) -> None:
        """Enqueue the deferred launches: eagerly, as a new CUDA graph, or by replaying
        the graph of the same segment (see arignote.runtime.cuda.graphs)."""
        seg, self._segment = self._segment, []
        if not seg:
            return
        if any(p.key is None for p in seg):  # launched with graphs off
            self._launch_timed(seg)
            return
        key = tuple(p.key for p in seg)
        what = self._graphs.decide(key)
        if what == "capture":
            try:
                graph_exec = self._capture(seg)
            except CudaError:
                self._graphs.forget(key)
                what = "eager"
            else:
                for old in self._graphs.keep(key, graph_exec):
                    self._destroy_exec(old)
                what = "replay"
        if what == "eager":
            self._launch_timed(seg)
            return
        names = ", ".join(sorted({p.stats.kernel for p in seg}))
        start = end = None
        if self.timing:
            start, end = self._event(), self._event()
            call("cuEventRecord", start, self._stream)
        call("cuGraphLaunch", self._graphs.execs[key], self._stream,
             context=f"a CUDA graph of {len(seg)} launches ({names})")  # fmt: skip
        if self.timing:
            call("cuEventRecord", end, self._stream)
            self._pending.append(([p.stats for p in seg], start, end))

    def _capture(self, seg: list[PendingLaunch]) -> Any:
        """Capture the segment's launches on the stream; the instantiated graph."""
        mode = driver().CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL
        call("cuStreamBeginCapture", self._stream, mode)
        try:
            for p in seg:
                p.run()
        except BaseException:
            try:
                call("cuGraphDestroy", call("cuStreamEndCapture", self._stream))
            except CudaError:
                pass
            raise
        graph = call("cuStreamEndCapture", self._stream)
        try:
            return call("cuGraphInstantiate", graph, 0)
        finally:
            call("cuGraphDestroy", graph)

    def _destroy_exec(self, graph_exec: Any) -> None:
        try:
            call("cuGraphExecDestroy", graph_exec)
        except CudaError:
            pass

    def _sync(self) -> None:
        self._flush()
        call("cuStreamSynchronize", self._stream)
        for stats, start, end in self._pending:
            ms = call("cuEventElapsedTime", start, end)
            if isinstance(stats, list):  # a segment: its time split evenly
                for st in stats:
                    st.seconds = float(ms) / 1e3 / len(stats)
            else:
                stats.seconds = float(ms) / 1e3
            self._events += [start, end]
        self._pending.clear()
        self._unsynced_kernels.clear()

    @_faults_name_kernels
    def synchronize(self) -> None:
        with self._lock:
            self._activate()
            self._sync()

    # -- teardown -----------------------------------------------------------------------

    def close(self) -> None:
        """Wait, then unload modules and free memory, events, the stream and the context."""
        with self._lock:
            if self._closed:
                return
            self._activate()
            try:
                self._sync()
            finally:
                if self._libraries is not None:
                    self._libraries.close()
                    self._libraries = None
                for graph_exec in self._graphs.clear():
                    self._destroy_exec(graph_exec)
                # best effort: after a sticky kernel fault every call fails the same way
                steps: list[tuple[str, Any]] = [
                    ("cuModuleUnload", m.handle) for m in self._modules.values()
                ]
                steps += [("cuEventDestroy", ev) for ev in self._events]
                self._modules.clear()
                self._events.clear()
                try:
                    self._allocator.release_all()
                except CudaError:
                    pass
                steps.append(("cuStreamDestroy", self._stream))
                steps.append(("cuDevicePrimaryCtxRelease", self._dev))
                for name, handle in steps:
                    try:
                        call(name, handle)
                    except CudaError:
                        pass
                self._closed = True
                _DEVICES.pop(self.ordinal, None)


def _forked_message(name: str, pid: int) -> str:
    return (
        f"device {name} was opened by process {pid}; this process ({os.getpid()}) is a "
        "fork of it, and CUDA cannot be used in a child forked after the parent used "
        "CUDA: start workers with multiprocessing's 'spawn' (or 'forkserver') method"
    )


_DEVICES: dict[int, CudaDevice] = {}
_DEVICES_LOCK = threading.Lock()
_SPEC_RE = re.compile(r"cuda(?::?(\d+))?")


def get_device(spec: str = "cuda") -> CudaDevice:
    """The CudaDevice for 'cuda' (GPU 0), 'cudaN' or 'cuda:N' (one per GPU per process)."""
    m = _SPEC_RE.fullmatch(spec.strip())
    if m is None:
        raise DeviceError(f"device {spec!r}: expected 'cuda', 'cudaN' or 'cuda:N'")
    ordinal = int(m.group(1) or 0)
    ok, why = probe()
    if not ok:
        why = " ".join(why.split())
        raise DeviceError(f"device {spec!r} requested but no GPU answers: {why}")
    with _DEVICES_LOCK:
        dev = _DEVICES.get(ordinal)
        if dev is not None and dev._pid != os.getpid():
            raise DeviceError(_forked_message(dev.name, dev._pid))
        if dev is None:
            count = int(call("cuDeviceGetCount"))
            if ordinal >= count:
                raise DeviceError(
                    f"device {spec!r} requested but only {count} GPU(s) answer "
                    f"(cuda0..cuda{count - 1})"
                )
            dev = _DEVICES[ordinal] = CudaDevice(ordinal)
        return dev
