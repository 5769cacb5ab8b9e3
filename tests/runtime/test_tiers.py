"""Two tiers of CPU native code (`arignote.runtime.cpu.tiers`, `config.cpu_tiers`).

A fresh program starts on O0 code; the O3 code compiled on the tier thread is bound into
its host program (`HostProgram.rebind`).  The rule checked here: both tiers compute the
same numbers bit for bit (arignote's kernels carry no fast-math flags, so O3 neither
reassociates nor contracts), a call during the swap gets one of them, the disk cache
only ever holds O3 code, and a failed O3 compile leaves a working program.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest

import arignote
import arignote.tensor as T
from arignote import compiler
from arignote.config import config
from arignote.runtime.cpu import jit, tiers


@pytest.fixture
def fresh(tmp_path: Path):  # type: ignore[no-untyped-def]
    """No cache hits: every function() compiles (into a private disk cache)."""
    old = config.compiledir
    config.compiledir = str(tmp_path)
    compiler._cache.clear()
    compiler._graph_cache.clear()
    yield tmp_path
    tiers.wait()
    config.compiledir = old
    compiler._cache.clear()
    compiler._graph_cache.clear()


def _both_tiers(f, args):  # type: ignore[no-untyped-def]
    """The outputs of `f(*args)` on its O0 code and on its O3 code (through the swap
    itself: rebound back to the O0 module, then forward again)."""
    c = f.compiled
    c.wait_optimized()
    assert c.tier_up is not None and c.tier_up.error is None
    (quick,) = c.retired
    optimized = c.native
    assert quick is not optimized
    c.host.rebind(quick.address)
    slow = [np.array(o, copy=True) for o in _outs(f(*args))]
    c.host.rebind(optimized.address)
    fast = [np.array(o, copy=True) for o in _outs(f(*args))]
    return slow, fast


def _outs(r):  # type: ignore[no-untyped-def]
    return r if isinstance(r, list) else [r]


def _programs(rng: np.random.Generator):  # type: ignore[no-untyped-def]
    x = T.vector("x")
    v = rng.uniform(0.01, 5, 10007).astype("float32")
    yield "f32 math", arignote.function([x], [
        T.exp(-x * x) * T.sin(3 * x) + 0.5 * T.tanh(x) - x / (1 + x * x),
        T.log(x), T.log1p(x), T.sqrt(x), T.cos(x), T.erf(x), x**2.5, T.nnet.sigmoid(x),
    ]), [v]  # fmt: skip
    d = T.dvector("d")
    yield "f64 math", arignote.function(
        [d], [T.exp(d) * T.sin(d) + T.tanh(d), T.log(d * d + 1), (d * d).sum()]
    ), [rng.uniform(-3, 3, 1001)]
    m = T.matrix("m")
    yield "reductions", arignote.function([m], [
        m.sum(axis=0), m.sum(axis=1), m.max(axis=1), T.log(T.exp(m).sum(axis=1)),
        T.nnet.softmax(m), m.mean(),
    ]), [rng.standard_normal((301, 517)).astype("float32")]  # fmt: skip
    X, W = T.matrix("X"), T.matrix("W")
    y = T.lvector("y")
    p = T.nnet.softmax(T.maximum(T.dot(X, W), 0))
    loss = -T.log(p[T.arange(y.shape[0]), y]).mean()
    yield "gradient", arignote.function([X, W, y], [loss, arignote.grad(loss, W)]), [
        rng.standard_normal((64, 40)).astype("float32"),
        rng.standard_normal((40, 10)).astype("float32"),
        rng.integers(0, 10, 64),
    ]


def test_both_tiers_compute_the_same_bits(fresh, rng: np.random.Generator) -> None:  # type: ignore[no-untyped-def]
    for what, f, args in _programs(rng):
        slow, fast = _both_tiers(f, args)
        for k, (a, b) in enumerate(zip(slow, fast)):
            assert a.dtype == b.dtype and a.shape == b.shape, (what, k)
            assert a.tobytes() == b.tobytes(), (what, k, np.max(np.abs(a - b)))


def test_the_first_calls_run_and_the_o3_code_replaces_the_o0_code(fresh, rng) -> None:  # type: ignore[no-untyped-def]
    x = T.vector("x")
    f = arignote.function([x], T.tanh(x) * 2 + 1)
    a = rng.standard_normal(5000).astype("float32")
    first = f(a)  # (on whichever tier is in by now)
    np.testing.assert_allclose(first, np.tanh(a) * 2 + 1, rtol=1e-5, atol=1e-6)
    f.compiled.wait_optimized()
    assert f.compiled.native.optimized_ir  # (the O3 module: compiled, not loaded)
    assert len(f.compiled.retired) == 1 and f.compiled.retired[0].optimized_ir
    np.testing.assert_array_equal(f(a), first)


def test_calls_during_the_swap_get_one_tier_or_the_other(fresh, rng) -> None:  # type: ignore[no-untyped-def]
    """A thread calls the program while another rebinds it back and forth."""
    x = T.vector("x")
    f = arignote.function([x], T.exp(T.sin(x)) * x)
    f.compiled.wait_optimized()
    c = f.compiled
    codes = [c.retired[0].address, c.native.address]
    a = rng.standard_normal(20000).astype("float32")
    want = f(a).copy()
    stop = threading.Event()
    bad: list[int] = []

    def caller() -> None:
        while not stop.is_set():
            if f(a).tobytes() != want.tobytes():
                bad.append(1)

    t = threading.Thread(target=caller)
    t.start()
    for k in range(400):
        c.host.rebind(codes[k % 2])
    stop.set()
    t.join()
    c.host.rebind(codes[1])
    assert not bad


def test_the_disk_entry_holds_the_o3_code(fresh, rng) -> None:  # type: ignore[no-untyped-def]
    x = T.vector("x")
    y = T.sin(x) * T.cos(x)
    f = arignote.function([x], y)
    f.compiled.wait_optimized()
    entry = f.compiled.entry
    assert entry is not None and (entry / "code.o").read_bytes() == f.compiled.native.object_code
    compiler._cache.clear()
    compiler._graph_cache.clear()
    g = arignote.function([x], y)
    assert g.compiled.from_disk and g.compiled.tier_up is None
    a = rng.standard_normal(999).astype("float32")
    np.testing.assert_array_equal(g(a), f(a))


def test_cpu_tiers_off_compiles_o3_at_once(fresh, rng, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(config, "cpu_tiers", False)
    x = T.vector("x")
    f = arignote.function([x], T.tanh(x) + 3)
    assert f.compiled.tier_up is None and not f.compiled.retired
    assert f.compiled.native.optimized_ir
    assert f.compiled.entry is not None and (f.compiled.entry / "code.o").exists()


def test_the_flag(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from arignote.config import Config, apply_flags

    cfg = Config()
    assert cfg.cpu_tiers is True
    apply_flags(cfg, {"cpu_tiers": "False"}, "ARIGNOTE_FLAGS")
    assert cfg.cpu_tiers is False
    with pytest.raises(ValueError, match="cpu_tiers must be True or False, got 'maybe'"):
        apply_flags(cfg, {"cpu_tiers": "maybe"}, "ARIGNOTE_FLAGS")


def test_a_program_with_loop_runners_is_compiled_o3_at_once(fresh, rng) -> None:  # type: ignore[no-untyped-def]
    """ifelse's branches are nested host programs (a loop runner of `loop.if`): rebind
    cannot reach their kernel callers."""
    from arignote.ifelse import ifelse

    x = T.vector("x")
    f = arignote.function([x], ifelse(x.sum() > 0, T.tanh(x) * 2, T.exp(x)))
    assert "loop.if" in f.ir("kernels")
    assert f.compiled.tier_up is None and f.compiled.native.optimized_ir
    a = np.abs(rng.standard_normal(17)).astype("float32")
    np.testing.assert_allclose(f(a), np.tanh(a) * 2, rtol=1e-5)
    np.testing.assert_allclose(f(-a), np.exp(-a), rtol=1e-5)


def test_a_program_that_cannot_be_rebound_is_compiled_o3_even_if_tiered(fresh, rng, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`_tiered` looks at the module; the host program knows whether it holds nested
    programs: when they disagree the program still gets its O3 code, at once."""
    from arignote.ifelse import ifelse

    monkeypatch.setattr(compiler, "_tiered", lambda module: True)
    x = T.vector("x")
    f = arignote.function([x], ifelse(x.sum() > 0, T.sin(x), T.cos(x)))
    assert f.compiled.tier_up is None and f.compiled.native.optimized_ir
    a = np.abs(rng.standard_normal(9)).astype("float32")
    np.testing.assert_allclose(f(a), np.sin(a), rtol=1e-5)


def test_a_failed_o3_compile_warns_and_keeps_the_o0_code(fresh, rng, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = jit.compile_llvm_ir

    def failing(text: str, level: int = 3):  # type: ignore[no-untyped-def]
        if level:
            raise RuntimeError("out of registers (a test)")
        return real(text, level=level)

    monkeypatch.setattr(jit, "compile_llvm_ir", failing)
    x = T.vector("x")
    with pytest.warns(RuntimeWarning, match="keeps running its unoptimised code.*a test"):
        f = arignote.function([x], T.exp(x) - 1)
        f.compiled.wait_optimized()
        tiers.wait()
    assert f.compiled.tier_up.error is not None and not f.compiled.retired
    a = rng.standard_normal(100).astype("float32")
    np.testing.assert_allclose(f(a), np.expm1(a), rtol=1e-5, atol=1e-6)
    assert not (f.compiled.entry / "code.o").exists()  # nothing but O3 code is cached


def test_fork_while_an_o3_compile_is_pending(tmp_path: Path) -> None:
    """Children forked (multiprocessing, as the fuzzers' workers are) while the parent
    has O3 compiles pending compile and run their own functions: no lock is inherited
    held (before the fork also took llvmlite's lock, one child in a few hung on its
    first compile), and a parent-era job is done in the child, not waited on forever."""
    script = textwrap.dedent(
        """
        import multiprocessing as mp
        import numpy as np
        import arignote, arignote.tensor as T
        from arignote.config import config
        config.compiledir = "off"

        def child(q, f):
            f.compiled.wait_optimized()  # (its job belongs to the parent: done here)
            x = T.vector("x")
            g = arignote.function([x], T.sin(x) * 2 + T.tanh(x))
            q.put(bool(np.allclose(g(np.ones(3, "float32")), np.sin(1) * 2 + np.tanh(1))))

        ctx = mp.get_context("fork")
        results = []
        for i in range(15):
            x = T.vector("x")
            f = arignote.function([x], T.exp(x * (i + 1)) + T.cos(x) * i)  # pending O3
            q = ctx.Queue()
            p = ctx.Process(target=child, args=(q, f))
            p.start()
            p.join(60)
            if p.is_alive():
                p.kill()
                results.append("hung")
            else:
                results.append(q.get(timeout=5) if p.exitcode == 0 else p.exitcode)
            f.compiled.wait_optimized()
            assert f.compiled.tier_up.error is None and f.compiled.retired
        print(results)
        """
    )
    r = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=900, cwd=tmp_path
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str([True] * 15)


def test_exit_finishes_the_pending_jobs(tmp_path: Path) -> None:
    """A process that compiles and exits at once still writes the cache entry (O3)."""
    script = textwrap.dedent(
        f"""
        import numpy as np
        import arignote, arignote.tensor as T
        from arignote.config import config
        config.compiledir = {str(tmp_path / "cache")!r}
        x = T.vector("x")
        f = arignote.function([x], T.cosh(x) * 2)
        f(np.ones(3, "float32"))
        """
    )
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    entries = [
        p for p in (tmp_path / "cache").iterdir()
        if not p.name.startswith((".", "graph-")) and p.name != "runtime"  # (runtime modules)
    ]
    assert len(entries) == 1 and (entries[0] / "code.o").exists()
    aliases = [p for p in (tmp_path / "cache").iterdir() if p.name.startswith("graph-")]
    assert len(aliases) == 1
