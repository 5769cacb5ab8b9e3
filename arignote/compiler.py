"""Compiling a tt-level module for a device and running it.

`compile_module(module, name, device)` runs the pipeline of the device (`tt-to-cpu` for
`cpu`, `tt-to-ptx` for `emu`/`cuda`), generates native code or PTX, and returns a
`Compiled` whose `run(*arrays)` executes the host program.

Two caches make a second compilation cheap:
- in the process, by the module's text (or the front end's digest of the graph it was
  built from) and the device;
- on disk (`config.compiledir`, default `~/.cache/arignote`), keyed by the same text,
  the function, the device, the GPU arch and the versions of arignote, xDSL and LLVM.
  An entry holds the host part of the lowered module (without the kernels), the kernels'
  LLVM IR or PTX and, for the CPU, their native object code: a hit skips the passes, the
  parsing of the kernels and LLVM's optimisation and code generation.
  Entries are written to a temporary directory and renamed into place (atomic, so
  concurrent processes are safe); an unreadable entry is rebuilt.  A module calling a
  process-local host callback is not cached on disk (`arignote.runtime.callbacks`).

`compile_graph(key, build, name, device)` is the front end's door to the same caches:
`key` is the digest of the graph the module is built from (`compile.graph_key`), and a
small alias file on disk (and a dict in the process) maps it to the entry, so a cached
function is found without building, printing or hashing its module; `build()` is
called only on a miss (or when the key is None).

On the CPU a fresh program starts on unoptimised code and its O3 code replaces it from
a background thread (`config.cpu_tiers`, `arignote.runtime.cpu.tiers`): the disk entry
and the graph alias are written once the O3 code is in (`Compiled.when_optimized`), so
the cache only holds O3 code.

The passes verify the IR once, after the last one (`arignote-opt` verifies after each),
all of it but the device code (`llvm.func` and `gpu.module` bodies): LLVM's verifier
checks their translation (three quarters of W5b's ops: ~0.2 s of a cold compile).

On the CPU the kernels skip the llvm dialect (`config.cpu_direct_ir`): after the
`kernels` stage and the math expansions, `arignote.lowering.emit_cpu_llvm` writes their
LLVM IR directly and leaves the called kernels as declarations (the host's `func.call`s
of them stay); a module holding an op it does not cover goes through `convert-to-llvm`
and `translate_llvm` as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from xdsl.dialects.builtin import ModuleOp

from arignote.ir import gc_paused, print_module
from arignote.runtime.host import HostProgram

GPU_ARCH = "sm_80"
CACHE_FORMAT = 4


@dataclass
class Compiled:
    name: str
    device: str
    host: HostProgram
    stages: dict[str, str] = field(default_factory=dict)  # stage name -> IR text
    llvm_ir: str = ""
    ptx: str = ""
    native: Any = None  # keeps the CPU module (and its code) alive
    from_disk: bool = False
    #: the disk cache entry it was stored in or loaded from (None: not on disk)
    entry: Path | None = None
    #: per result, its NumPy dtype if unsigned (`unsigned_results`)
    results: list[np.dtype | None] = field(default_factory=list)
    #: the O3 compile replacing `native` (None: `native` is the final code)
    tier_up: Any = None
    #: native code replaced by the O3 tier (kept: a call in flight may still run it)
    retired: list[Any] = field(default_factory=list)

    def run(self, *args: Any) -> list[Any]:
        return self.host(*args)

    def when_optimized(self, fn: Callable[[], None]) -> None:
        """Run `fn` once this program runs its final code (at once if it does)."""
        if self.tier_up is None:
            fn()
        else:
            self.tier_up.then(fn)

    def wait_optimized(self) -> None:
        """Block until this program runs its final (O3) code, or its O3 compile failed."""
        if self.tier_up is not None:
            self.tier_up.wait()


_cache: dict[tuple[str, str, str], Compiled] = {}

def compile_module(
    module: ModuleOp,
    name: str,
    device: str,
    *,
    record_stages: bool = False,
    digest: str | None = None,
    consume: bool = False,
) -> Compiled:
    """The compiled program of `module`'s function `name` for `device` (see the module
    docstring).  `digest`: a string that determines the module, its locations included
    (the front end's graph key), used for the caches instead of the module's printed text
    and locations (printing a 500-op module took ~0.1 s of a 1 s compile); `consume`: the
    pipeline may lower `module` itself instead of a copy (the caller drops it)."""
    from arignote.ir import check_compilable
    from arignote.runtime.devices import is_gpu

    check_compilable(module)
    if digest is None or record_stages:
        text = print_module(module)
        # the locations are part of the key: the compiled program's error messages name them
        content = text + _locations(module)
    else:
        text, content = "", "digest " + digest
    gpu = is_gpu(device)
    libraries, device_key = _device_key(device)
    key = (content, name, device_key)
    if key in _cache and not record_stages:
        return _cache[key]
    disk = (
        None
        if record_stages or _local_callbacks(module)
        else _disk_entry(key[0], name, key[2])
    )
    stages: dict[str, str] = {}
    results = unsigned_results(module, name)
    compiled = _from_disk(disk, name, device, results) if disk is not None else None
    if compiled is None:
        if not gpu:
            from arignote.runtime.cpu.pool import build_in_background

            build_in_background()  # (LLVM compiles the thread pool while the passes run)
        with gc_paused():  # (the pipeline makes ~10^5 objects; none is garbage to find)
            lowered, stages, kernels_ir = _lower(
                module, gpu, record_stages, text, libraries=libraries, copy=not consume
            )
            code = _device_code(lowered, gpu, device, kernels_ir)
            compiled = _link(
                lowered, name, device, gpu, code, stages, results=results,
                tiers=not record_stages,
            )  # fmt: skip
        if disk is not None:
            compiled.entry = disk
            compiled.when_optimized(lambda: _store(disk, lowered, code, compiled))
    _cache[key] = compiled
    return compiled


def _from_disk(
    entry: Path, name: str, device: str, results: list[np.dtype | None]
) -> Compiled | None:
    """The program stored in disk cache entry `entry`, linked; None when it is not there
    (or damaged).  A CPU program comes back from its snapshot (no IR parsed) when the
    entry has one."""
    from arignote.runtime.devices import is_gpu

    stored = _load(entry)
    if stored is None:
        return None
    compiled = None
    if stored.snapshot is not None and not is_gpu(device):
        compiled = _restore(stored, name, device, results)
    if compiled is None:
        from arignote.ir import parse_module

        try:
            module = parse_module(stored.host_text, str(entry / "host.mlir"))
        except Exception:  # noqa: BLE001 - a damaged entry, whatever the damage: rebuild it
            shutil.rmtree(entry, ignore_errors=True)
            return None
        compiled = _link(
            module, name, device, is_gpu(device), stored.code, {}, stored.obj, stored.names,
            results,
        )  # fmt: skip
    compiled.from_disk = True
    compiled.entry = entry
    return compiled


def _restore(
    stored: _Stored, name: str, device: str, results: list[np.dtype | None]
) -> Compiled | None:
    """A CPU program from its snapshot; None when the snapshot cannot be used."""
    from arignote.runtime.cpu import load_object_code
    from arignote.runtime.host_snapshot import restore

    assert stored.snapshot is not None
    try:
        native = (
            load_object_code(stored.code, stored.obj, stored.names)
            if stored.code and stored.obj is not None
            else None
        )
        if stored.code and native is None:
            return None
        host = restore(stored.snapshot, name, native.address if native else None, results)
    except Exception:  # noqa: BLE001 - any failure: the entry's IR is the fallback
        return None
    return Compiled(name, device, host, {}, stored.code, "", native, results=results)


_graph_cache: dict[tuple[str, str, str], Compiled] = {}


def compile_graph(
    key: str | None, build: Callable[[], ModuleOp], name: str, device: str
) -> tuple[Compiled, ModuleOp | None]:
    """`compile_module(build(), name, device)`, looked up by the graph's `key` first (in
    the process, then through the disk cache's alias file of that key); returns the
    program and the module when it is still there (None when the key found the program,
    or when the pipeline lowered the module it built: a new `build()` makes it again)."""
    if key is None:
        module = build()
        return compile_module(module, name, device), module
    memo = (key, name, _device_key(device)[1])
    if memo in _graph_cache:
        return _graph_cache[memo], None
    alias = _alias_path(*memo)
    compiled = _from_alias(alias, name, device) if alias is not None else None
    if compiled is not None:
        _graph_cache[memo] = compiled
        return compiled, None
    with gc_paused():
        compiled = compile_module(build(), name, device, digest=key, consume=True)
    _graph_cache[memo] = compiled
    if alias is not None and compiled.entry is not None:
        compiled.when_optimized(lambda: _store_alias(alias, compiled))
    return compiled, None


def _locations(module: ModuleOp) -> str:
    """The ops' source locations, in order (the printed text leaves them out)."""
    out: list[str] = []
    last = None
    for op in module.walk():
        loc = op.location
        if loc is not last:
            last = loc
            out.append(str(loc))
    return "\n// locations:\n" + "\n".join(out)


def _local_callbacks(module: ModuleOp) -> bool:
    """Whether the module calls a process-local host callback (such a program is cached
    in this process only: another process cannot find the callback)."""
    from arignote.runtime.callbacks import is_process_local

    return any(
        op.name in ("tt.host_call", "host.call")
        and is_process_local(op.properties["callee"].data)  # type: ignore[attr-defined]
        for op in module.walk()
    )


def gpu_libraries(device: str) -> str:
    """The `libraries` option of select-libcall-providers for a GPU device:
    `config.gpu_libraries`, whose default is `all` on the emulator (it runs cuBLAS's and
    cuDNN's semantics as NumPy references) and `auto` on cuda (the libraries whose Python
    bindings are installed; the others' ops become generated kernels)."""
    from arignote.config import config

    mode = config.gpu_libraries
    if mode == "default":
        mode = "all" if device == "emu" else "auto"
    return mode


def _device_key(device: str) -> tuple[str, str]:
    """The libraries option of a device's pipeline ("" on the CPU) and the device part of
    the cache keys: the device and the libraries its GPU pipeline can use."""
    from arignote.runtime.devices import is_gpu

    libraries = gpu_libraries(device) if is_gpu(device) else ""
    return libraries, device + _libraries_key(libraries)


def _libraries_key(mode: str) -> str:
    if not mode:
        return ""
    from arignote.passes.select_libcall_providers import available_libraries

    return "+" + ",".join(available_libraries(mode) or ("no-libraries",))


def _lower(
    module: ModuleOp,
    gpu: bool,
    record: bool,
    text: str,
    after: str | None = None,
    libraries: str = "all",
    copy: bool = True,
) -> tuple[ModuleOp, dict[str, str], str | None]:
    """Run the device's pipeline on a copy of `module` (on `module` itself without `copy`;
    only the stages after `after`, for IR already lowered that far); with `record`, the
    IR after each stage too.  The third result: the CPU kernels' LLVM IR when they were
    written straight from the loop level (`_direct_kernels`; their functions are then
    declarations in the module), else None."""
    from arignote.config import config
    from arignote.ir import verify_module
    from arignote.passmanager import run_passes
    from arignote.pipeline import cpu_to_llvm, kernels_as_text_allowed, stages_cpu, stages_gpu
    from arignote.registry import make_context

    direct = not gpu and not record and config.cpu_direct_ir and kernels_as_text_allowed()
    todo = stages_gpu(libraries=libraries) if gpu else stages_cpu(kernels_as_text=direct)
    if after is not None:
        names = [n for n, _ in todo]
        if after not in names:
            raise ValueError(f"unknown stage {after!r} (stages: {', '.join(names)})")
        todo = todo[names.index(after) + 1 :]
    if copy:
        module = module.clone()
    ctx = make_context()
    stages: dict[str, str] = {"tt": text} if record else {}
    kernels_ir = None
    for stage, make in todo:
        run_passes(ctx, module, make(), verify_each=record)
        if direct and stage == "llvm":
            kernels_ir = _direct_kernels(module)
            if kernels_ir is None:  # (not covered: the llvm-dialect path, as without `direct`)
                run_passes(ctx, module, [cpu_to_llvm()], verify_each=False)
        if record:
            stages[stage] = print_module(module)
    if not record:
        verify_module(module, device_code=False)  # (LLVM verifies the device code)
    return module, stages, kernels_ir


def compile_from_stage(module: ModuleOp, name: str, device: str, stage: str) -> Compiled:
    """The program of `module`, IR already lowered through pipeline stage `stage` (e.g. a
    `kernels`-level module from `arignote-opt`): the remaining stages, the device code,
    linked; no caches."""
    from arignote.runtime.devices import is_gpu

    gpu = is_gpu(device)
    libraries = gpu_libraries(device) if gpu else "all"
    lowered, _, kernels_ir = _lower(module, gpu, False, "", after=stage, libraries=libraries)
    code = _device_code(lowered, gpu, device, kernels_ir)
    return _link(lowered, name, device, gpu, code, {})


def _direct_kernels(module: ModuleOp) -> str | None:
    """The CPU kernels of `module` written to LLVM IR from the loop level, and the host's
    calls of them converted (`emit_cpu_llvm.lower_kernels`: what convert-to-llvm would
    have done); None when the emitter does not cover one of their ops (the module is
    unchanged and goes through convert-to-llvm)."""
    from arignote.lowering.emit_cpu_llvm import lower_kernels
    from arignote.runtime.cpu import host_data_layout, host_triple

    return lower_kernels(module, triple=host_triple(), data_layout=host_data_layout())


def gpu_target(device: str) -> tuple[str, str | None]:
    """(arch, PTX version) of the PTX for `device`: on cuda, chosen from the GPU's compute
    capability and the driver's version (`CudaDevice.ptx_target`); GPU_ARCH on emu."""
    if device.startswith("cuda"):
        from arignote.runtime.devices import get_gpu_device

        return get_gpu_device(device).ptx_target  # type: ignore[attr-defined, no-any-return]
    return GPU_ARCH, None


def _device_code(
    module: ModuleOp, gpu: bool, device: str = "emu", kernels_ir: str | None = None
) -> str:
    """The device code of a lowered module: PTX, or the CPU kernels' LLVM IR (`kernels_ir`
    when `_lower` wrote it already) with the stubs the host calls them through."""
    if not _has_kernels(module):
        return ""
    if gpu:
        from arignote.backend import gpu_llvm_ir
        from arignote.lowering.ptx import emit_ptx

        arch, version = gpu_target(device)
        return emit_ptx(gpu_llvm_ir(module), arch, ptx_version=version)
    from arignote.runtime.cpu.pystub import module_stubs

    # the kernels, and the stubs the host programs call them through
    if kernels_ir is None:
        from arignote.backend import cpu_llvm_ir

        kernels_ir = cpu_llvm_ir(module)
    return kernels_ir + module_stubs(module)


def _link(
    module: ModuleOp,
    name: str,
    device: str,
    gpu: bool,
    code: str,
    stages: dict[str, str],
    obj: bytes | None = None,
    names: list[str] | None = None,
    results: list[np.dtype | None] | None = None,
    *,
    tiers: bool = False,
) -> Compiled:
    """The program of host function @name of the lowered `module` with its device code:
    object code `obj` loaded, or `code` compiled (on the CPU, with `tiers` and
    `config.cpu_tiers`, at O0 first: see `_tiered`)."""
    results = results or []
    if gpu:
        from arignote.runtime.devices import get_gpu_device

        dev = get_gpu_device(device)
        gpu_module = dev.load_module(code) if code else None
        host = HostProgram(module, name, device=dev, gpu_module=gpu_module, result_dtypes=results)
        llvm_ir = ""
        if stages:
            from arignote.backend import gpu_llvm_ir

            llvm_ir = gpu_llvm_ir(module) if code else ""
        return Compiled(name, device, host, stages, llvm_ir, code, results=results)
    from arignote.runtime.cpu import compile_llvm_ir, load_object_code

    if code and obj is None and tiers and _tiered(module):
        tiered = _link_tiered(module, name, device, code, stages, results)
        if tiered is not None:
            return tiered
    native = None
    if code:
        native = (
            load_object_code(code, obj, names or []) if obj is not None else compile_llvm_ir(code)
        )
    host = HostProgram(
        module, name, cpu_symbol=native.address if native else None, result_dtypes=results
    )
    return Compiled(name, device, host, stages, code, "", native, results=results)


def _tiered(module: ModuleOp) -> bool:
    """Whether a fresh CPU program starts on O0 code: `config.cpu_tiers`, and no host
    function runs a loop (a loop runner's nested programs hold their own kernel
    callers, which `HostProgram.rebind` does not reach)."""
    from arignote.config import config

    if not config.cpu_tiers:
        return False
    return not any(op.dialect_name() == "loop" for op in _host_ops(module))


def _host_ops(module: ModuleOp) -> Any:
    from arignote.lowering.kernel_abi import host_functions

    for f in host_functions(module):
        yield from f.walk()


def _link_tiered(
    module: ModuleOp,
    name: str,
    device: str,
    code: str,
    stages: dict[str, str],
    results: list[np.dtype | None],
) -> Compiled | None:
    """The program on O0 code now; the O3 code compiled on the tier thread is bound in
    (`HostProgram.rebind`) and becomes `native` when ready (`Compiled.tier_up`).  None
    when the program cannot be rebound (`_tiered` looks for loops; the program knows for
    sure): the caller compiles O3 at once."""
    from arignote.runtime.cpu import compile_llvm_ir, tiers

    quick = compile_llvm_ir(code, level=0)
    host = HostProgram(module, name, cpu_symbol=quick.address, result_dtypes=results)
    if not host.rebindable:
        return None
    compiled = Compiled(name, device, host, stages, code, "", quick, results=results)

    def install(native: Any) -> None:
        host.rebind(native.address)
        compiled.retired.append(compiled.native)
        compiled.native = native

    compiled.tier_up = tiers.submit(code, install)
    return compiled


def unsigned_results(module: ModuleOp, name: str) -> list[np.dtype | None]:
    """Per result of `tt` function @name, its NumPy dtype if unsigned (ui8 ... ui64; the
    compiled code has only signless types), else None."""
    from xdsl.dialects import func
    from xdsl.dialects.builtin import TensorType

    from arignote.dialects import tt

    for op in module.body.block.ops:
        if isinstance(op, func.FuncOp) and op.sym_name.data == name:
            return [
                tt.numpy_dtype(t.element_type)
                if isinstance(t, TensorType) and tt.is_unsigned(t.element_type)
                else None
                for t in op.function_type.outputs
            ]
    return []


def _has_kernels(module: ModuleOp) -> bool:
    """Whether the module has device code: `llvm.func`s, or the kernel declarations the
    CPU's direct path leaves (`emit_cpu_llvm.declare_kernels`)."""
    from arignote.lowering.kernel_abi import is_cpu_kernel

    return any(op.name == "llvm.func" or is_cpu_kernel(op) for op in module.walk())


# --------------------------------------------------------------------------- disk cache


def cache_dir() -> Path | None:
    from arignote.config import config

    return config.cache_root()


def _versions() -> str:
    import llvmlite

    import arignote

    from arignote.plugins import fingerprint

    # the interpreter too: kernel call stubs and host program snapshots depend on its ABI
    return (
        f"{arignote.__version__}/{_source_digest()}/{_xdsl_version()}/{llvmlite.__version__}"
        f"/{sys.implementation.cache_tag}/{fingerprint()}"
    )


def _xdsl_version() -> str:
    """xDSL's version, from the name of its installed .dist-info directory (its
    `str(xdsl.__version__)` imports importlib.metadata: ~40 ms of a first compile); that
    when there is not exactly one such directory beside the package."""
    import xdsl

    site = Path(xdsl.__file__).resolve().parent.parent
    found = [p.name for p in site.glob("xdsl-*.dist-info")]
    if len(found) == 1:
        return found[0].removeprefix("xdsl-").removesuffix(".dist-info")
    return str(getattr(xdsl, "__version__", "?"))


_SOURCE_DIGEST: str | None = None


def _source_digest() -> str:
    """A digest of arignote's own sources: a changed compiler invalidates the cache.  It
    reads each file's path, size and modification time (as Python's own bytecode cache
    does; reading and hashing the ~300 files' contents cost 60 ms of a first compile)."""
    global _SOURCE_DIGEST
    if _SOURCE_DIGEST is None:
        root = str(Path(__file__).resolve().parent)
        files: list[tuple[str, int, int]] = []
        todo = [root]
        while todo:
            with os.scandir(todo.pop()) as it:
                for e in it:
                    if e.is_dir(follow_symlinks=False):
                        if e.name != "__pycache__":
                            todo.append(e.path)
                    elif e.name.endswith(".py"):
                        st = e.stat()
                        files.append((e.path[len(root) + 1 :], st.st_size, st.st_mtime_ns))
        h = hashlib.sha256()
        for rel, size, mtime in sorted(files):
            h.update(f"{rel}\0{size}\0{mtime}\0".encode())
        _SOURCE_DIGEST = h.hexdigest()[:16]
    return _SOURCE_DIGEST


def _disk_entry(text: str, name: str, device: str) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    h = hashlib.sha256()
    for part in (str(CACHE_FORMAT), _versions(), _target(device), name, text):
        h.update(part.encode())
        h.update(b"\0")
    return root / h.hexdigest()[:32]


def _target(device: str) -> str:
    """What the code is generated for: the host CPU, or the PTX arch and version."""
    if device != "cpu":
        arch, version = gpu_target(device.split("+", 1)[0] if "+" in device else device)
        return f"ptx-{arch}-{version}-{device}"
    return "cpu-" + _host_id()


def _alias_path(key: str, name: str, device: str) -> Path | None:
    """The alias file of a graph key (see compile_graph), None without a disk cache."""
    root = cache_dir()
    if root is None:
        return None
    h = hashlib.sha256()
    for part in ("graph", str(CACHE_FORMAT), _versions(), _target(device), name, key):
        h.update(part.encode())
        h.update(b"\0")
    return root / f"graph-{h.hexdigest()[:32]}.json"


def _from_alias(alias: Path, name: str, device: str) -> Compiled | None:
    """The program the alias file names, from its disk entry; None when either is
    missing or unreadable (the caller compiles, and writes the alias again)."""
    try:
        meta = json.loads(alias.read_text())
        entry = alias.parent / meta["entry"]
        results = [None if r is None else np.dtype(r) for r in meta["results"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if entry.parent != alias.parent or not entry.name.isalnum():
        return None
    return _from_disk(entry, name, device, results)


def _store_alias(alias: Path, compiled: Compiled) -> None:
    assert compiled.entry is not None
    meta = {
        "entry": compiled.entry.name,
        "results": [None if r is None else r.str for r in compiled.results],
    }
    try:
        fd, tmp = tempfile.mkstemp(dir=alias.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump(meta, f)
        os.replace(tmp, alias)
    except OSError:
        pass  # a read-only or full disk only costs the next lookup


def _host_id() -> str:
    from arignote.runtime.cpu import host_cpu

    return str(host_cpu())


@dataclass
class _Stored:
    """The parts of a disk cache entry (digests checked; nothing parsed yet)."""

    host_text: str
    code: str
    obj: bytes | None
    names: list[str]
    snapshot: bytes | None


def _load(entry: Path) -> _Stored | None:
    """The entry's host program (IR text and, for the CPU, its snapshot), kernel code,
    object code and function names; None (and the entry removed, so the next store
    replaces it) when it is missing any part or any part does not match the digest
    recorded when it was stored -- checked before anything is parsed or loaded."""
    if not entry.is_dir():
        return None
    try:
        meta = json.loads((entry / "meta.json").read_text())
        if meta.get("format") != CACHE_FORMAT:
            raise ValueError("an entry of another format")
        host_text = _checked(entry / "host.mlir", meta["host_sha256"]).decode()
        code = _checked(entry / "code.txt", meta["code_sha256"]).decode()
        obj = None
        if "object_sha256" in meta:  # (LLVM aborts the process on a malformed object file)
            obj = _checked(entry / "code.o", meta["object_sha256"])
        snap = None
        if "snapshot_sha256" in meta:
            snap = _checked(entry / "host.pickle", meta["snapshot_sha256"])
        return _Stored(host_text, code, obj, list(meta.get("functions", [])), snap)
    except Exception:  # noqa: BLE001 - a damaged entry, whatever the damage: rebuild it
        shutil.rmtree(entry, ignore_errors=True)
        return None


def _checked(path: Path, digest: str) -> bytes:
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != digest:
        raise ValueError(f"{path.name} does not match its digest")
    return data


def _host_part(module: ModuleOp) -> ModuleOp:
    """The module without its compiled kernels (the host program needs the rest)."""
    host = module.clone()
    for op in list(host.body.block.ops):
        if op.name == "llvm.func":
            op.detach()
            op.erase()
    return host


def _store(entry: Path, module: ModuleOp, code: str, compiled: Compiled) -> None:
    from arignote.runtime.host_snapshot import snapshot

    native = compiled.native
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=entry.parent, prefix=".tmp-"))
        # with locations: the host program's error messages name the user's lines
        host_text = print_module(_host_part(module), debuginfo=True).encode()
        (tmp / "host.mlir").write_bytes(host_text)
        (tmp / "code.txt").write_bytes(code.encode())
        meta: dict[str, Any] = {
            "format": CACHE_FORMAT, "versions": _versions(),
            "host_sha256": hashlib.sha256(host_text).hexdigest(),
            "code_sha256": hashlib.sha256(code.encode()).hexdigest(),
        }  # fmt: skip
        if native is not None:
            obj = native.object_code
            (tmp / "code.o").write_bytes(obj)
            meta["object_sha256"] = hashlib.sha256(obj).hexdigest()
            meta["functions"] = sorted(native.function_names)
        snap = snapshot(compiled.host)
        if snap is not None:
            (tmp / "host.pickle").write_bytes(snap)
            meta["snapshot_sha256"] = hashlib.sha256(snap).hexdigest()
        (tmp / "meta.json").write_text(json.dumps(meta))
        try:
            os.rename(tmp, entry)
        except OSError:  # another process stored it first
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        pass  # a read-only or full disk only costs the next compilation
