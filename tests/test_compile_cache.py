"""The on-disk compile cache: hits skip the passes, corrupt entries are rebuilt."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from arignote import compiler
from arignote.config import config
from arignote.ir import parse_module

SRC = """func.func @f(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = tt.tanh %x : tensor<?xf32>
  %z = tt.mul %y, %x : tensor<?xf32>
  func.return %z : tensor<?xf32>
}"""


def test_second_process_hits_the_disk_and_computes_the_same(tmp_path: Path, rng: np.random.Generator) -> None:
    old = config.compiledir
    config.compiledir = str(tmp_path)
    try:
        m = parse_module(SRC)
        x = rng.standard_normal(100).astype(np.float32)
        compiler._cache.clear()
        cold = compiler.compile_module(m, "f", "cpu")
        assert not cold.from_disk
        cold.wait_optimized()  # (the entry is written once the O3 code is in)
        compiler._cache.clear()
        warm = compiler.compile_module(m, "f", "cpu")
        assert warm.from_disk
        np.testing.assert_array_equal(cold.run(x)[0], warm.run(x)[0])
        # a corrupt entry is rebuilt, not trusted
        (entry,) = [p for p in tmp_path.iterdir() if not p.name.startswith(".") and p.name != "runtime"]
        assert sorted(p.name for p in entry.iterdir()) == [
            "code.o", "code.txt", "host.mlir", "host.pickle", "meta.json"
        ]  # fmt: skip
        assert "llvm.func" not in (entry / "host.mlir").read_text()  # kernels are code.o
        for corrupt in ("host.mlir", "code.o", "host.pickle"):
            (entry / corrupt).write_bytes(b"this is not IR")
            compiler._cache.clear()
            again = compiler.compile_module(m, "f", "cpu")
            assert not again.from_disk
            again.wait_optimized()
            np.testing.assert_array_equal(again.run(x)[0], cold.run(x)[0])
            compiler._cache.clear()
            assert compiler.compile_module(m, "f", "cpu").from_disk  # rebuilt and stored
    finally:
        config.compiledir = old
        compiler._cache.clear()


def test_cache_off(tmp_path: Path) -> None:
    old = config.compiledir
    config.compiledir = "off"
    try:
        compiler._cache.clear()
        c = compiler.compile_module(parse_module(SRC), "f", "cpu")
        assert not c.from_disk and compiler.cache_dir() is None
    finally:
        config.compiledir = old
        compiler._cache.clear()


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "empty":
        path.write_bytes(b"")
    elif how == "truncated":  # e.g. a process killed while writing (host.mlir cut mid-string)
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        path.write_bytes(b'"\xff\xfe not what was stored ' * 40)
    else:
        path.unlink()


def test_every_damaged_part_of_an_entry_is_detected_and_rebuilt(tmp_path: Path, rng: np.random.Generator) -> None:
    """Each file of an entry, damaged each way, is caught by its digest before anything is
    parsed or loaded; the entry is rebuilt and stored again (once an empty code.txt failed
    every run with an InternalError, and a truncated host.mlir hung the parser)."""
    import itertools

    old = config.compiledir
    try:
        for device in ("cpu", "emu"):
            config.compiledir = str(tmp_path / device)
            m = parse_module(SRC)
            x = rng.standard_normal(64).astype(np.float32)
            compiler._cache.clear()
            first = compiler.compile_module(m, "f", device)
            first.wait_optimized()  # (the entry is written once the O3 code is in)
            want = first.run(x)[0]
            (entry,) = [
                p for p in (tmp_path / device).iterdir()
                if not p.name.startswith(".") and p.name != "runtime"  # (runtime modules)
            ]
            files = sorted(f.name for f in entry.iterdir())
            cpu_only = ["host.pickle"] if device == "cpu" else []  # (the host program's snapshot)
            assert files == (["code.o"] if device == "cpu" else []) + [
                "code.txt", "host.mlir", *cpu_only, "meta.json"
            ]  # fmt: skip
            for name, how in itertools.product(files, ("empty", "truncated", "garbage", "missing")):
                _damage(entry / name, how)
                compiler._cache.clear()
                again = compiler.compile_module(m, "f", device)
                assert not again.from_disk, (device, name, how)
                again.wait_optimized()
                np.testing.assert_array_equal(again.run(x)[0], want)
                compiler._cache.clear()
                assert compiler.compile_module(m, "f", device).from_disk, (device, name, how)
    finally:
        config.compiledir = old
        compiler._cache.clear()
