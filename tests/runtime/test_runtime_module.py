"""The runtime's own LLVM modules (the thread pool, the gemm wrappers) and the compile
cache: `jit.runtime_module` stores a module's object code under
`<compiledir>/runtime/` and a later call (another process, in practice) loads it instead
of compiling; a damaged or foreign file is never handed to LLVM (it aborts the process on
a malformed object file) -- the module is compiled again and the file replaced.  And the
pool builds once when threads race for it (`build_in_background` starts one such thread
at a process's first CPU compile)."""

from __future__ import annotations

import ctypes
import threading
import time

import numpy as np

from arignote.config import config
from arignote.runtime.cpu import jit

SOURCE = """
define i64 @arignote_test_twice(i64 %x) {
  %y = mul i64 %x, 2
  ret i64 %y
}
"""


def _twice(engine, x: int) -> int:
    fn = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_int64)(
        engine.get_function_address("arignote_test_twice")
    )
    return fn(x)


def _compiled(monkeypatch) -> list[int]:
    """Count the modules runtime_module compiles from source (not loaded)."""
    seen: list[int] = []
    parse = jit.llvm.parse_assembly

    def counting(text: str):
        if text:
            seen.append(1)
        return parse(text)

    monkeypatch.setattr(jit.llvm, "parse_assembly", counting)
    return seen


def test_object_code_is_stored_and_loaded(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "compiledir", str(tmp_path))
    compiled = _compiled(monkeypatch)
    x = int(np.random.default_rng().integers(-(2**40), 2**40))
    first = jit.runtime_module("test", SOURCE)
    assert _twice(first, x) == 2 * x
    (stored,) = (tmp_path / "runtime").glob("test-*.o")
    second = jit.runtime_module("test", SOURCE)
    assert _twice(second, x + 1) == 2 * (x + 1)
    assert len(compiled) == 1  # the second engine came from the stored object code
    assert (tmp_path / "runtime").glob("test-*.o").__next__() == stored


def test_a_damaged_object_file_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "compiledir", str(tmp_path))
    jit.runtime_module("test", SOURCE)
    (stored,) = (tmp_path / "runtime").glob("test-*.o")
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte of the object code changed
    stored.write_bytes(bytes(data))
    compiled = _compiled(monkeypatch)
    engine = jit.runtime_module("test", SOURCE)
    assert _twice(engine, 21) == 42
    assert len(compiled) == 1
    assert jit._read_object(stored) is not None  # replaced by a good one


def test_another_source_gets_another_entry(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "compiledir", str(tmp_path))
    jit.runtime_module("test", SOURCE)
    jit.runtime_module("test", SOURCE.replace("mul i64 %x, 2", "shl i64 %x, 1"))
    assert len(list((tmp_path / "runtime").glob("test-*.o"))) == 2


def test_without_a_cache_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "compiledir", "off")
    compiled = _compiled(monkeypatch)
    assert _twice(jit.runtime_module("test", SOURCE), 5) == 10
    assert _twice(jit.runtime_module("test", SOURCE), 6) == 12
    assert len(compiled) == 2


def test_the_pool_is_built_once_when_threads_race(monkeypatch):
    from arignote.runtime.cpu import pool as pool_module

    monkeypatch.setattr(pool_module, "_pool", None)
    builds: list[int] = []

    def slow_build() -> object:
        builds.append(1)
        time.sleep(0.05)  # the other threads arrive while it builds
        return object()

    monkeypatch.setattr(pool_module, "_build", slow_build)
    barrier = threading.Barrier(4)
    got: list[object] = []

    def take() -> None:
        barrier.wait()
        got.append(pool_module.pool())

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1 and len({id(p) for p in got}) == 1
