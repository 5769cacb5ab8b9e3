"""arignote's configuration: `arignote.config.floatX`, `.device`, set from ARIGNOTE_FLAGS.

    ARIGNOTE_FLAGS="device=emu,floatX=float64" python script.py

`device` is `cpu`, `emu` (the PTX emulator), `cuda` / `cudaN`, or unset: then `cuda` when
a GPU answers, else `cpu` (decided on first use; the emulated CUDA driver of the tests,
ARIGNOTE_CUDA_DRIVER=emulated, is never chosen by default).  `floatX` is `float32` (default) or
`float64`; it is the dtype of `tensor.vector()` and friends when no dtype is given.
`compiledir` (or ARIGNOTE_COMPILEDIR) is the on-disk compile cache, `off` to disable it.
`on_unused_input` is function()'s default.  `num_threads` is the number of threads a CPU
kernel's parallel loop runs on (default: the cores this process may use; 1 runs every
kernel on the calling thread).  Other Theano settings (optimizer, mode,
linker, exception_verbosity, warn_float64, allow_gc, openmp, cxx, ...) exist so old scripts
can read and set them; they change nothing here.
`cpu_tiers` (default True): a fresh CPU program starts on unoptimised native code and
its O3 code replaces it when a background thread has compiled it (the same numbers bit
for bit; `arignote.runtime.cpu.tiers`); False compiles O3 before function() returns.
`cpu_direct_ir` (default True): CPU kernels are written to LLVM IR straight from the loop
level (`arignote.lowering.emit_cpu_llvm`); False takes every kernel through the llvm
dialect (`convert-to-llvm`), as `arignote-opt -p tt-to-cpu` does.
`THEANO_FLAGS` is read too (after ARIGNOTE_FLAGS loses), so old scripts keep their flags.
The flags are read once, at import; afterwards set attributes in code.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

_DEVICE_RE = re.compile(r"^(cpu|emu|cuda\d*|gpu\d*)$")
_FLOATX = ("float32", "float64", "float16")


class Config:
    """The settings object (`arignote.config`)."""

    def __init__(self) -> None:
        self._floatX = "float32"
        self._device: str | None = None
        self.compute_test_value = "off"
        #: function()'s default for on_unused_input ('raise', 'warn' or 'ignore')
        self.on_unused_input = "raise"
        # Theano settings old scripts read or set; they do not change what arignote does
        self.optimizer = "fast_run"
        self.mode = "FAST_RUN"
        self.linker = "cvm"
        self.exception_verbosity = "low"
        self.warn_float64 = "ignore"
        self.allow_gc = True
        self.openmp = False
        self.cxx = ""
        self.print_active_device = True
        self._num_threads: int | None = None
        #: Theano flags accepted without effect (name -> value), see apply_flags
        self.ignored_flags: dict[str, str] = {}
        #: whether floatX was set by a flag (the compat alias keeps Theano's float64 default
        #: only where no flag chose)
        self.floatX_from_flags = False
        #: device libraries for library calls on the GPU: default (all on emu, auto on
        #: cuda), all, auto, none, cublas or cudnn (select-libcall-providers' option)
        self.gpu_libraries = "default"
        #: on device=cuda, capture repeated segments of kernel launches as CUDA graphs
        self.cuda_graphs = True
        #: let cuBLAS/cuDNN compute float32 gemms and convolutions with TF32 tensor cores
        #: (10-bit mantissas: errors ~1e-3); off, they are exact to float32
        self.allow_tf32 = False
        #: CPU programs start on quick (O0) code while their O3 code is compiled on a
        #: background thread (arignote.runtime.cpu.tiers); False: O3 at once
        self.cpu_tiers = True
        #: CPU kernels written to LLVM IR from the loop level, not through the llvm dialect
        self.cpu_direct_ir = True
        #: the on-disk compile cache ("" or "off" disables it)
        self.compiledir = os.environ.get("ARIGNOTE_COMPILEDIR") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
            "arignote",
        )

    # floatX -----------------------------------------------------------------
    @property
    def floatX(self) -> str:  # noqa: N802 - Theano's spelling
        return self._floatX

    @floatX.setter
    def floatX(self, value: str) -> None:  # noqa: N802
        if value not in _FLOATX:
            raise ValueError(f"config.floatX must be one of {', '.join(_FLOATX)}, got {value!r}")
        self._floatX = value

    # device -----------------------------------------------------------------
    @property
    def device(self) -> str:
        if self._device is None:
            self._device = _default_device()
        return self._device

    @device.setter
    def device(self, value: str) -> None:
        value = value.strip()
        if not _DEVICE_RE.match(value):
            raise ValueError(f"config.device must be cpu, emu, cuda or cudaN, got {value!r}")
        if value.startswith("gpu"):  # Theano's old spelling
            value = "cuda" + value[3:]
        self._device = value

    # num_threads ------------------------------------------------------------
    @property
    def num_threads(self) -> int:
        if self._num_threads is None:
            self._num_threads = available_cores()
        return self._num_threads

    @num_threads.setter
    def num_threads(self, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"config.num_threads must be an integer >= 1, got {value!r}")
        self._num_threads = value
        # a pool already running follows at once (importing it here would load LLVM)
        pool = sys.modules.get("arignote.runtime.cpu.pool")
        if pool is not None and pool.built() is not None:
            pool.built().set_threads(value)

    def cache_root(self) -> Path | None:
        """The on-disk compile cache's directory (`compiledir`), None when it is off."""
        d = self.compiledir
        return None if d in ("", "off", None) else Path(d)

    def __repr__(self) -> str:
        return f"Config(floatX={self.floatX!r}, device={self._device or '<auto>'!r})"


def available_cores() -> int:
    """The cores this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _driver_library_loads() -> bool:
    """Whether the NVIDIA driver's library can be loaded at all (a dlopen, ~0.3 ms; the
    full probe imports cuda-python first, ~0.15 s).  Elsewhere than Linux: assumed."""
    if not sys.platform.startswith("linux"):
        return True
    import ctypes

    try:
        ctypes.CDLL("libcuda.so.1")
    except OSError:
        return False
    return True


def _default_device() -> str:
    if not _driver_library_loads():
        return "cpu"  # no NVIDIA driver: no GPU (the emulated one is used only by name)
    try:
        from arignote.runtime.cuda import probe
    except ImportError:
        return "cpu"
    ok, _why = probe()
    if ok:
        from arignote.runtime.cuda.calls import emulated_driver

        if emulated_driver():  # a test device, used only when asked for by name
            return "cpu"
    return "cuda" if ok else "cpu"


def parse_flags(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        if "=" not in item:
            raise ValueError(f"bad flag {item!r} in ARIGNOTE_FLAGS (expected name=value)")
        k, v = item.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def apply_flags(cfg: Config, flags: dict[str, str], source: str) -> None:
    for k, v in flags.items():
        if k == "floatX":
            cfg.floatX = v
            cfg.floatX_from_flags = True
        elif k == "device":
            cfg.device = v
        elif k in ("compiledir", "base_compiledir"):
            cfg.compiledir = v
        elif k == "num_threads":
            try:
                cfg.num_threads = int(v)
            except ValueError:
                raise ValueError(
                    f"{source}: num_threads must be an integer >= 1, got {v!r}"
                ) from None
        elif k in _BOOL_FLAGS:
            if v.lower() not in ("true", "false", "1", "0"):
                raise ValueError(f"{source}: {k} must be True or False, got {v!r}")
            setattr(cfg, k, v.lower() in ("true", "1"))
        elif k == "gpu_libraries":
            from arignote.passes.select_libcall_providers import LIBRARY_CHOICES

            if v not in ("default", *LIBRARY_CHOICES):
                raise ValueError(
                    f"{source}: gpu_libraries must be default or one of "
                    f"{', '.join(LIBRARY_CHOICES)}, got {v!r}"
                )
            cfg.gpu_libraries = v
        elif k == "on_unused_input":
            if v not in ("raise", "warn", "ignore"):
                raise ValueError(f"{source}: on_unused_input must be raise, warn or ignore")
            cfg.on_unused_input = v
        elif k == "compute_test_value":
            if v not in _TEST_VALUE_MODES:
                raise ValueError(
                    f"{source}: compute_test_value must be one of {', '.join(_TEST_VALUE_MODES)}"
                )
            cfg.compute_test_value = v
        elif k in _NO_EFFECT or k.split(".", 1)[0] in _NO_EFFECT_SECTIONS:
            cfg.ignored_flags[k] = v
            _notice(f"{source}: {k}={v} has no effect in arignote ({_why_no_effect(k)})")
        elif source == "THEANO_FLAGS":
            # Theano only warns about a flag it does not know (configparser.py)
            cfg.ignored_flags[k] = v
            _notice(f"{source}: {k}={v} is not a Theano flag arignote knows; ignored")
        else:
            raise ValueError(
                f"unknown flag {k!r} in {source} (known: device, floatX, compiledir, "
                "num_threads, on_unused_input, gpu_libraries, cuda_graphs, allow_tf32, cpu_tiers, "
                "cpu_direct_ir, compute_test_value)"
            )


_TEST_VALUE_MODES = ("off", "ignore", "warn", "raise", "pdb")

#: the flags that are True or False (written True/False or 1/0)
_BOOL_FLAGS = ("cuda_graphs", "allow_tf32", "cpu_tiers", "cpu_direct_ir")

#: Theano flags that name parts of Theano arignote does not have (its C linker, optimizer
#: database, GPU back ends): accepted with a one-line notice, so old scripts keep running
_NO_EFFECT = (
    "optimizer", "mode", "linker", "warn_float64", "allow_gc", "cxx", "openmp",
    "exception_verbosity", "print_active_device", "optimizer_including",
    "optimizer_excluding", "optimizer_requiring", "optimizer_verbose", "cast_policy",
    "int_division", "deterministic", "reoptimize_unpickled_function", "profile",
    "profile_memory", "profile_optimizer", "traceback.limit", "cycle_detection",
    "check_stack_trace", "experimental.local_alloc_elemwise", "force_device", "init_gpu_device",
    "assert_no_cpu_op", "unpickle_function", "allow_output_prealloc", "on_opt_error",
    "on_shape_error", "numpy.seterr_all", "unittests.rseed",
)  # fmt: skip
_NO_EFFECT_SECTIONS = (
    "warn", "dnn", "gpuarray", "lib", "blas", "nvcc", "cmodule", "compile", "scan", "tensor",
    "traceback", "profiling", "gcc", "magma", "metaopt", "optdb", "vm", "NanGuardMode",
    "DebugMode", "ProfileMode", "cuda", "pycuda", "gpu", "nocleanup", "compiledir_format",
    "dlt", "numba", "conv", "ctc", "mkl",
)  # fmt: skip


def _why_no_effect(flag: str) -> str:
    section = flag.split(".", 1)[0]
    if flag in ("optimizer", "mode", "linker") or section in ("optdb", "metaopt", "vm"):
        return "every function is compiled through the tt-to-cpu / tt-to-ptx pipelines"
    if section in ("dnn", "gpuarray", "cuda", "pycuda", "gpu", "lib", "nvcc", "magma"):
        return "GPU libraries are chosen by gpu_libraries and the device by device"
    return "a setting of Theano's own implementation"


def _notice(text: str) -> None:
    import sys

    print(f"arignote: {text}", file=sys.stderr)


config = Config()
for _var in ("THEANO_FLAGS", "ARIGNOTE_FLAGS"):
    if os.environ.get(_var):
        apply_flags(config, parse_flags(os.environ[_var]), _var)
