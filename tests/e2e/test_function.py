"""theano.function end to end: the seed example, shared variables, call errors."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.errors import ArgumentError, DTypeError, ShapeError

ROOT = Path(__file__).resolve().parents[2]
DEVICES = ["cpu", "emu"]


@pytest.fixture(params=DEVICES)
def device(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    old = theano.config.device
    theano.config.device = request.param
    yield request.param
    theano.config.device = old


def test_seed_example_2_runs_unchanged_but_imports(device: str, capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(ROOT / "examples" / "seed2_elementwise.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "CPU result shape: (1000,)" in out
    assert "Are the CPU and GPU results approximately equal?: True" in out


def test_seed_example_2_with_flags_in_a_fresh_process() -> None:
    env = dict(os.environ, ARIGNOTE_FLAGS="device=emu,floatX=float32")
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "seed2_elementwise.py")],
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    assert out.rstrip().endswith("approximately equal?: True")


def test_x_plus_s_x_matches_numpy(device: str, rng: np.random.Generator) -> None:
    x, s = T.vector("x"), T.scalar("s")
    f = theano.function([x, s], x + s * x)
    for n in (0, 1, 1000, 1027):
        xv = rng.standard_normal(n).astype(np.float32)
        sv = np.float32(rng.standard_normal())
        np.testing.assert_allclose(f(xv, sv), xv + sv * xv, rtol=1e-6)


def test_shared_variables_are_read_at_each_call(device: str, rng: np.random.Generator) -> None:
    w = theano.shared(rng.standard_normal(5).astype(np.float32), name="w")
    x = T.vector("x")
    f = theano.function([x], T.tanh(x * w))
    xv = rng.standard_normal(5).astype(np.float32)
    np.testing.assert_allclose(f(xv), np.tanh(xv * w.get_value()), rtol=1e-5, atol=1e-6)
    w.set_value(np.ones(5, np.float32))
    np.testing.assert_allclose(f(xv), np.tanh(xv), rtol=1e-5, atol=1e-6)


def test_matrix_row_broadcast_and_mixed_dtypes(device: str, rng: np.random.Generator) -> None:
    m, r, k = T.matrix("m"), T.row("r"), T.ivector("k")
    f = theano.function([m, r, k], [T.maximum(m, r) * 2, T.exp(k) + m])
    mv = rng.standard_normal((3, 4)).astype(np.float32)
    rv = rng.standard_normal((1, 4)).astype(np.float32)
    kv = np.arange(4, dtype=np.int32)
    a, b = f(mv, rv, kv)
    np.testing.assert_allclose(a, np.maximum(mv, rv) * 2, rtol=1e-6)
    assert b.dtype == np.float64
    np.testing.assert_allclose(b, np.exp(kv.astype(np.float64)) + mv, rtol=1e-12)


def test_outputs_that_are_inputs_are_copies(device: str) -> None:
    x = T.vector("x")
    f = theano.function([x], [x, x * 1])
    xv = np.arange(3, dtype=np.float32)
    a, b = f(xv)
    a[0] = 42
    assert xv[0] == 0 and b[0] == 0


def test_call_errors_are_clear(device: str) -> None:
    x, y = T.vector("x"), T.vector("y")
    f = theano.function([x, y], x + y)
    ok = np.zeros(3, np.float32)
    with pytest.raises(ArgumentError, match=r"takes 2 argument\(s\) \(x, y\), got 1"):
        f(ok)
    # the function is named by where it was made (Theano names it by its caller's file:line)
    made = r"of function f made at .*test_function.py:\d+"
    with pytest.raises(DTypeError, match=rf"argument 1 \(y\) {made} has dtype float64, expected float32"):
        f(ok, np.zeros(3))
    with pytest.raises(DTypeError, match=rf"argument 0 \(x\) {made} has 2 dimension\(s\)"):
        f(np.zeros((3, 1), np.float32), ok)
    # sizes that do not agree at run time: a ShapeError naming the op and the user's line
    with pytest.raises(ShapeError, match=r"tt.add at .*test_function.py:\d+: operand shapes differ in dim 0"):
        f(ok, np.zeros(4, np.float32))


def test_ir_at_each_stage(device: str) -> None:
    x = T.vector("x")
    f = theano.function([x], T.exp(x) * 2)
    assert "tt.exp" in f.ir("tt")
    assert "linalg.generic" in f.ir("fused")
    assert "llvm.func" in f.ir("llvm")
    if device == "emu":
        assert ".entry" in f.ir("ptx")
    with pytest.raises(ValueError, match="unknown stage"):
        f.ir("nowhere")


def test_scalar_programs(device: str) -> None:
    a, b = T.scalar("a"), T.iscalar("b")
    f = theano.function([a, b], [a * b + 1, T.exp(a), b // 2])
    r = f(np.float32(2), np.int32(7))
    assert r[0].dtype == np.float64  # float32 * int32 -> float64, as NumPy
    np.testing.assert_allclose(r[0], 15.0)
    np.testing.assert_allclose(r[1], np.exp(np.float32(2)), rtol=1e-6)
    assert r[2] == 3 and r[2].shape == ()
