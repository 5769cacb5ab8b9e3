"""Host programs saved and made again without their IR (`runtime/host_snapshot.py`): the
restored program computes the same numbers, checks its arguments the same way, names
the same source lines in its errors, and a program holding something without a recipe
has no snapshot."""

from __future__ import annotations

import numpy as np
import pytest

import arignote
import arignote.tensor as T
from arignote import compiler
from arignote.config import config
from arignote.errors import ArgumentError, ShapeError
from arignote.ir import parse_module
from arignote.runtime.host_snapshot import RestoredHostProgram, restore, snapshot


def _restored(f):  # type: ignore[no-untyped-def]
    c = f.compiled
    blob = snapshot(c.host)
    assert blob is not None
    return restore(blob, c.name, c.native.address if c.native else None, c.results)


def test_restored_program_computes_the_same(rng: np.random.Generator) -> None:
    """Kernels (call stubs), a gemm executor, recycled buffers, a constant array, host
    scalar arithmetic on a shape."""
    x, w = T.matrix("x"), T.matrix("w")
    c = np.linspace(-1, 1, 7).astype("float32")
    y = T.tanh(T.dot(x, w) + c) * T.cast(x.shape[0], "float32")
    f = arignote.function([x, w], [y, y.sum()])
    p = _restored(f)
    assert isinstance(p, RestoredHostProgram) and p.module is None
    a = rng.standard_normal((1200, 30)).astype("float32")
    b = rng.standard_normal((30, 7)).astype("float32")
    for _ in range(2):  # (the second call reuses recycled buffers)
        got = p.run(a, b)
        want = f.compiled.host.run(a, b)
        for g, v in zip(got, want):
            np.testing.assert_array_equal(g, v)
    np.testing.assert_allclose(got[0], np.tanh(a @ b + c) * 1200, rtol=1e-4, atol=1e-3)


def test_restored_program_checks_arguments_and_names_lines() -> None:
    m = parse_module(
        """func.func @f(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = tt.matmul %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  func.return %r : tensor<?x?xf32>
}""",
        "prog.mlir",
    )
    old = config.compiledir
    config.compiledir = "off"
    try:
        compiler._cache.clear()
        c = compiler.compile_module(m, "f", "cpu")
    finally:
        config.compiledir = old
        compiler._cache.clear()
    blob = snapshot(c.host)
    assert blob is not None
    p = restore(blob, "f", c.native.address if c.native else None)
    ones = np.ones((3, 4), np.float32)
    with pytest.raises(ArgumentError, match="@f takes 2 arguments, got 1"):
        p(ones)
    with pytest.raises(ArgumentError, match="argument 1 of @f: expected memref<\\?x\\?xf32>"):
        p(ones, np.ones((4, 2)))
    with pytest.raises(ShapeError, match="tt.matmul at prog.mlir:2:3: the inner dimensions"):
        p(ones, np.ones((5, 2), np.float32))
    assert p(ones, np.ones((4, 2), np.float32))[0].tolist() == [[4.0, 4.0]] * 3


def test_a_loop_runner_has_no_snapshot() -> None:
    """ifelse's runner holds IR (the branches' host programs): the cache entry keeps only
    the IR."""
    from arignote.ifelse import ifelse

    x, s = T.vector("x"), T.scalar("s")
    f = arignote.function([x, s], ifelse(T.gt(s, 0), T.tanh(x) * 2, x - 1))
    assert snapshot(f.compiled.host) is None
    assert f(np.zeros(2, "float32"), np.float32(-1)).tolist() == [-1.0, -1.0]


def test_an_interpreter_without_call_stubs_loads_the_ir(tmp_path, monkeypatch, rng) -> None:  # type: ignore[no-untyped-def]
    """A snapshot calls kernels through stubs; where they cannot be used (pystub's layout
    check fails) the entry's IR is loaded instead and the kernels are called by ctypes."""
    from arignote.runtime.cpu import pystub

    old = config.compiledir
    config.compiledir = str(tmp_path)
    try:
        x = T.vector("x")
        y = T.tanh(x) * 3
        f = arignote.function([x], y)
        assert not f.compiled.from_disk and "# @" in f.compiled.host.source
        f.compiled.wait_optimized()  # (the entry is written once the O3 code is in)
        compiler._cache.clear()
        compiler._graph_cache.clear()
        monkeypatch.setattr(pystub, "layout_ok", lambda: False)
        g = arignote.function([x], y)  # (the same graph: the same lines)
        assert g.compiled.from_disk and "_ptr(" in g.compiled.host.source
        a = rng.standard_normal(9).astype("float32")
        np.testing.assert_array_equal(g(a), f(a))
    finally:
        config.compiledir = old
        compiler._cache.clear()
        compiler._graph_cache.clear()
