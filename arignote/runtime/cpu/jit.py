"""llvmlite JIT for the host CPU (see the package docstring)."""

from __future__ import annotations

import ctypes
import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import llvmlite.binding as llvm

from arignote.errors import CompileError

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _init() -> None:
    llvm.initialize_native_target()
    llvm.initialize_native_asmprinter()


def _new_target_machine(level: int = 3) -> llvm.TargetMachine:
    """A target machine for the host CPU (with its features), code generation at
    `level` (3: SelectionDAG, all of it; 0: FastISel), JIT code model.

    A fresh one per execution engine: MCJIT takes ownership of the machine it is given
    and frees it with the engine.
    """
    target = llvm.Target.from_triple(host_triple())
    return target.create_target_machine(
        cpu=host_cpu(), features=_host_features(), opt=level, codemodel="jitdefault"
    )


@lru_cache(maxsize=1)
def _target_machine() -> llvm.TargetMachine:
    """The shared host target machine for queries (never handed to an engine)."""
    return _new_target_machine()


@lru_cache(maxsize=1)
def _data_layout() -> str:
    return str(_target_machine().target_data)


@lru_cache(maxsize=1)
def host_triple() -> str:
    """The target triple of this process (e.g. `x86_64-unknown-linux-gnu`)."""
    _init()
    return llvm.get_process_triple()


def host_data_layout() -> str:
    """The data layout of the host target machine."""
    return _data_layout()


@lru_cache(maxsize=1)
def host_cpu() -> str:
    """The host CPU name LLVM optimises for (e.g. `znver4`)."""
    _init()
    return llvm.get_host_cpu_name()


@lru_cache(maxsize=1)
def _host_features() -> str:
    """The host CPU's features, as LLVM's target machines take them (`+avx2,...`)."""
    _init()
    return llvm.get_host_cpu_features().flatten()


def _parse_error(text: str, err: Exception) -> CompileError:
    msg = str(err).strip()
    where = re.search(r"<string>:(\d+):(\d+): error: (.*)", msg)
    if where:
        line_no = int(where.group(1))
        lines = text.splitlines()
        src = lines[line_no - 1].strip() if 0 < line_no <= len(lines) else ""
        return CompileError(
            f"llvm: LLVM IR line {line_no}:{where.group(2)}: {where.group(3)}"
            + (f"\n  {src}" if src else "")
        )
    return CompileError(f"llvm: LLVM IR does not parse: {msg}")


class CpuModule:
    """Native code for one LLVM module; owns its execution engine."""

    def __init__(
        self,
        llvm_ir: str,
        module: llvm.ModuleRef | None,
        engine: llvm.ExecutionEngine,
        target_machine: llvm.TargetMachine,
        *,
        names: Sequence[str] | None = None,
        object_code: bytes | None = None,
    ):
        self.llvm_ir = llvm_ir
        self._module = module
        self._engine = engine
        self._target_machine = target_machine  # owned by the engine
        if names is None:
            assert module is not None
            names = [f.name for f in module.functions if not f.is_declaration]
        self._names = set(names)
        self._keep: list[Any] = []
        self._object = object_code

    @property
    def optimized_ir(self) -> str:
        """The module after LLVM's optimisations ("" when loaded from object code)."""
        return str(self._module) if self._module is not None else ""

    @property
    def object_code(self) -> bytes:
        """The module's native object file (for the compile cache)."""
        if self._object is None:
            assert self._module is not None
            self._object = self._target_machine.emit_object(self._module)
        return self._object

    @property
    def function_names(self) -> set[str]:
        """The functions defined (not just declared) in the module."""
        return set(self._names)

    def address(self, name: str) -> int:
        """The address of function `name`'s native code."""
        if name not in self._names:
            known = ", ".join(sorted(self._names)) or "none"
            raise CompileError(
                f"llvm: no function @{name} in the compiled module (defined: {known})"
            )
        addr = self._engine.get_function_address(name)
        if not addr:
            raise CompileError(f"llvm: @{name} has no native code")
        return addr

    def function(self, name: str, argtypes: Sequence[Any], restype: Any = None) -> Any:
        """A ctypes function calling `name` with C argument types `argtypes`."""
        fn = ctypes.CFUNCTYPE(restype, *argtypes)(self.address(name))
        self._keep.append(fn)
        return fn

    def assembly(self) -> str:
        """The host assembly of the module (for inspection)."""
        if self._module is None:
            raise CompileError("llvm: a module loaded from object code has no assembly to show")
        return self._target_machine.emit_assembly(self._module)


def optimize(module: llvm.ModuleRef, tm: llvm.TargetMachine) -> None:
    """O3 with loop and SLP vectorisation for `tm` (llvmlite's new pass manager)."""
    pto = llvm.create_pipeline_tuning_options(speed_level=3)
    pto.loop_vectorization = True
    pto.slp_vectorization = True
    pto.loop_unrolling = True
    pb = llvm.create_pass_builder(tm, pto)
    pb.getModulePassManager().run(module, pb)


def _check_symbols(text: str) -> None:
    """Bind the support functions a module calls (arignote.runtime.cpu.support, and
    the thread pool of arignote.runtime.cpu.pool)."""
    from arignote.runtime.cpu.pool import PARALLEL_FOR, pool
    from arignote.runtime.cpu.support import support

    if PARALLEL_FOR in text:
        pool()
    if "arignote_cblas_" in text and support() is None:
        raise CompileError(
            "llvm: the module calls CBLAS gemm natively but no 64-bit CBLAS is loaded"
        )


def compile_llvm_ir(text: str, level: int = 3) -> CpuModule:
    """Parse, verify, optimise (O3, vectorised for the host CPU) and JIT-compile LLVM IR.

    `level=0` is the quick tier: no optimisation passes and FastISel code generation
    (~15x less LLVM time, the same results bit for bit; see `tiers`)."""
    _check_symbols(text)
    tm = _new_target_machine(level)
    with _lock:
        try:
            module = llvm.parse_assembly(text)
        except RuntimeError as e:
            raise _parse_error(text, e) from None
        try:
            module.verify()
        except RuntimeError as e:
            raise CompileError(f"llvm: LLVM IR does not verify: {str(e).strip()}") from None
        module.triple = tm.triple
        module.data_layout = _data_layout()
        if level:
            optimize(module, tm)
        engine = llvm.create_mcjit_compiler(module, tm)
        # keep the object file MCJIT makes (the compile cache stores it) instead of
        # generating the code a second time with emit_object
        objects: list[bytes] = []
        engine.set_object_cache(lambda _module, buffer: objects.append(bytes(buffer)))
        engine.finalize_object()
        engine.run_static_constructors()
    return CpuModule(text, module, engine, tm, object_code=objects[0] if objects else None)


def runtime_module(what: str, source: str) -> llvm.ExecutionEngine:
    """The engine of one of the runtime's own LLVM modules (`what`: `pool`, the thread
    pool; `support`, the gemm wrappers), O3 for the host CPU.  Its object code comes from
    the compile cache when a process on this host and LLVM made it
    (`<compiledir>/runtime/<what>-<key>.o`, the key hashing the source, LLVM's version and
    the host CPU with its features); otherwise the module is compiled and its object code
    stored there for the next process."""
    tm = _new_target_machine()
    path = _runtime_object_path(what, source)
    obj = _read_object(path) if path is not None else None
    objects: list[bytes] = []
    with _lock:
        if obj is not None:
            return _object_engine(obj, tm)
        module = llvm.parse_assembly(source)
        module.verify()
        engine = llvm.create_mcjit_compiler(module, tm)
        engine.set_object_cache(lambda _module, buffer: objects.append(bytes(buffer)))
        engine.finalize_object()
    if path is not None and objects:
        _write_object(path, objects[0])
    return engine


def _object_engine(obj: bytes, tm: llvm.TargetMachine) -> llvm.ExecutionEngine:
    """An engine holding object file `obj` (made for `tm`'s host), finalized; the caller
    holds `_lock`."""
    empty = llvm.parse_assembly("")
    empty.triple = tm.triple
    empty.data_layout = _data_layout()
    engine = llvm.create_mcjit_compiler(empty, tm)
    engine.add_object_file(llvm.ObjectFileRef.from_data(obj))
    engine.finalize_object()
    return engine


def _runtime_object_path(what: str, source: str) -> Path | None:
    from arignote.config import config

    root = config.cache_root()
    if root is None:
        return None
    h = hashlib.sha256()
    for part in (source, llvm.llvm_version_info, host_triple(), host_cpu(), _host_features()):
        h.update(str(part).encode())
        h.update(b"\0")
    return root / "runtime" / f"{what}-{h.hexdigest()[:32]}.o"


def _read_object(path: Path) -> bytes | None:
    """The object code stored at `path`, None when missing or not matching the SHA-256
    stored before it (LLVM aborts the process on a malformed object file)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, obj = data[:64], data[64:]
    return obj if hashlib.sha256(obj).hexdigest().encode() == digest else None


def _write_object(path: Path, obj: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(hashlib.sha256(obj).hexdigest().encode() + obj)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only or full disk: the next process compiles it again


def load_object_code(llvm_ir: str, object_code: bytes, names: Sequence[str]) -> CpuModule:
    """Native code from an object file `CpuModule.object_code` produced in this kind of
    process (same host CPU and LLVM): no parsing, optimising or code generation."""
    _check_symbols(llvm_ir)
    tm = _new_target_machine()
    with _lock:
        engine = _object_engine(object_code, tm)
    return CpuModule(llvm_ir, None, engine, tm, names=names, object_code=object_code)
