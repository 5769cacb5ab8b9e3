"""theano.printing.Print: a host callback printing a value each time a function runs.

Theano's rules: Print.perform returns its input and calls global_fn(op, value)
(theano/printing.py l.316-320); the default global_fn prints
`message attr = value` per attr, calling callable attributes (l.267-274); the gradient
passes through (l.322-323).
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.printing import Print

DEVICES = ["cpu", "emu"]


@pytest.fixture(params=DEVICES)
def device(request: pytest.FixtureRequest) -> str:
    request.getfixturevalue(request.param)
    return str(request.param)


def test_print_prints_the_value_at_every_call(
    device: str, capsys: pytest.CaptureFixture[str], rng: np.random.Generator
) -> None:
    """Print("x is")(x) is x and prints `x is __str__ = <str(x)>` (printing.py l.267-274)."""
    capsys.readouterr()  # (the rng fixture's seed line)
    x = T.dvector("x")
    f = theano.function([x], Print("x is")(x) * 2)
    for n in (4, 7):
        xv = rng.standard_normal(n)
        np.testing.assert_allclose(f(xv), xv * 2, rtol=1e-12)
        assert capsys.readouterr().out == f"x is __str__ = {xv}\n"


def test_print_attrs_of_a_computed_value(
    device: str, capsys: pytest.CaptureFixture[str], rng: np.random.Generator
) -> None:
    """attrs name attributes ('shape') or methods called ('sum', '__str__'), in order;
    the value printed is the one computed on the device (copied to the host)."""
    capsys.readouterr()
    m = T.fmatrix("m")
    p = Print("m2", attrs=("shape", "sum", "__str__"))(m * 2)
    f = theano.function([m], p + 1)
    mv = rng.integers(-50, 50, (3, 5)).astype(np.float32)
    np.testing.assert_array_equal(f(mv), mv * 2 + 1)
    want = mv * 2
    assert capsys.readouterr().out == (
        f"m2 shape = {want.shape}\nm2 sum = {want.sum()}\nm2 __str__ = {want}\n"
    )


def test_print_of_a_scalar_and_an_output(device: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A rank-0 value prints as Theano's 0-d array does; a printed value may be an output."""
    s = T.dscalar("s")
    f = theano.function([s], Print("s")(s))
    assert f(1.5) == 1.5
    assert capsys.readouterr().out == "s __str__ = 1.5\n"


def test_print_with_a_global_fn(device: str, rng: np.random.Generator) -> None:
    """global_fn(op, value) is called with the op and the value (read-only)."""
    seen: list[tuple[str, np.ndarray]] = []

    def record(op: Any, value: np.ndarray) -> None:
        seen.append((op.message, value.copy()))
        with pytest.raises(ValueError):
            value[...] = 0  # the function's buffers are not the callback's to change

    x = T.dvector("x")
    f = theano.function([x], Print("mine", global_fn=record)(x + 1) * 3)
    xv = rng.standard_normal(5)
    np.testing.assert_allclose(f(xv), (xv + 1) * 3, rtol=1e-12)
    f(xv)
    assert [m for m, _ in seen] == ["mine", "mine"]
    np.testing.assert_allclose(seen[0][1], xv + 1, rtol=1e-12)


def test_print_passes_the_gradient(cpu: None, capsys: pytest.CaptureFixture[str]) -> None:
    """grad through Print is the gradient of its output (Print.grad, l.322-323)."""
    x = T.dvector("x")
    g = T.grad(T.sum(Print("x")(x) ** 2), x)
    f = theano.function([x], g)
    np.testing.assert_allclose(f(np.array([1.0, -2.0])), [2.0, -4.0])
    assert capsys.readouterr().out == "x __str__ = [ 1. -2.]\n"


def test_the_printed_value_crosses_the_bus_in_the_profile(emu: Any) -> None:
    """On a GPU device the value goes to the host for the call and back for the next
    kernel: one more transfer each way than without Print, in the function's profile."""
    x = T.fvector("x")
    xv = np.arange(6, dtype=np.float32)
    plain = theano.function([x], T.exp(x * 2) + 1, profile=True)
    printed = theano.function([x], T.exp(Print("v")(x * 2)) + 1, profile=True)
    plain(xv)
    printed(xv)
    a, b = plain.profile.device, printed.profile.device
    assert (b.h2d_count, b.d2h_count) == (a.h2d_count + 1, a.d2h_count + 1)
    assert b.d2h_bytes - a.d2h_bytes == xv.nbytes


_PROGRAM = """
import numpy as np
import arignote as theano
import arignote.tensor as T
from arignote.printing import Print
theano.config.compiledir = {cache!r}
x = T.dvector("x")
u = T.shared_randomstreams.RandomStreams(7).uniform((2,), dtype="float64")
f = theano.function([x], [Print("from disk", attrs=("shape",))(x) + 1, u])
out, draw = f(np.zeros(3))
print(out[0], draw.tolist(), f.compiled.from_disk)
"""


def test_a_function_with_print_is_cached_on_disk(tmp_path: Any) -> None:
    """Described callbacks (Print's default global_fn, a RandomStreams draw) are found
    again by a new process that loads the program from the disk cache."""
    code = _PROGRAM.format(cache=str(tmp_path / "cache"))
    outs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
        ).stdout
        for _ in range(2)
    ]
    gen = np.random.RandomState(7)
    draw = np.random.RandomState(int(gen.randint(2**30))).uniform(0, 1, 2).tolist()
    assert outs[0] == f"from disk shape = (3,)\n1.0 {draw} False\n"
    assert outs[1] == f"from disk shape = (3,)\n1.0 {draw} True\n"


def test_a_process_local_callback_is_not_cached_on_disk(cpu: None) -> None:
    from arignote import compiler

    x = T.dvector("x")
    f = theano.function([x], Print("p", global_fn=lambda op, v: None)(x))
    assert compiler._local_callbacks(f.module)
    compiler._cache.clear()
    g = theano.function([x], Print("p", global_fn=lambda op, v: None)(x))
    assert not g.compiled.from_disk


@pytest.mark.gpu
def test_print_on_cuda(capsys: pytest.CaptureFixture[str]) -> None:
    """The same host callback on a real GPU (the value copied to the host for it)."""
    from arignote.config import config

    old, config.device = config.device, "cuda"
    try:
        x = T.fvector("x")
        f = theano.function([x], Print("c")(x * 2) + 1)
        np.testing.assert_array_equal(f(np.arange(3, dtype=np.float32)), [1, 3, 5])
        assert capsys.readouterr().out == "c __str__ = [0. 2. 4.]\n"
    finally:
        config.device = old
