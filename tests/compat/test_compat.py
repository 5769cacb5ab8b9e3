"""`arignote.compat.theano`: Theano's module names resolve to arignote; unmodified
Theano scripts run under `python -m arignote.compat.theano`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "theano"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ARIGNOTE_FLAGS="device=cpu")
    return subprocess.run(
        [sys.executable, "-m", "arignote.compat.theano", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=300,
    )  # fmt: skip


def test_the_seed_examples_run_unchanged() -> None:
    # the user's three examples, verbatim (import theano ...)
    trues = 0
    for name in ("seed1_matmul.py", "seed2_elementwise.py", "seed3_conv2d.py"):
        assert "import theano\n" in (SEEDS / name).read_text()
        p = run(str(SEEDS / name))
        assert p.returncode == 0, p.stderr
        assert "approximately equal?: True" in p.stdout
        trues += p.stdout.count("True")
    assert trues == 3


def test_modules_are_arignote_s() -> None:
    code = """
import arignote, arignote.tensor, arignote.compat.theano
import theano, theano.tensor as T, theano.tensor.nnet, theano.tensor.signal.pool
import theano.tensor.shared_randomstreams, theano.sandbox.rng_mrg, theano.printing
import theano.gradient, theano.config
from theano import config, function, shared
from theano.tensor.nnet import conv2d
assert theano is arignote and T is arignote.tensor
assert theano.tensor.nnet is arignote.tensor.nnet
assert theano.tensor.signal.pool is arignote.tensor.signal.pool
assert theano.sandbox.rng_mrg.MRG_RandomStreams is arignote.sandbox.rng_mrg.MRG_RandomStreams
# Theano's default floatX is float64 (configdefaults.py); the native import keeps float32
assert theano.config is config is arignote.config and config.floatX == 'float64'
assert theano.printing is arignote.printing and function is arignote.function
x = T.vector('x')
assert isinstance(x, arignote.graph.Variable)
print('ok', theano.__version__ == arignote.__version__)
"""
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "ok True"


def test_unknown_theano_module_is_a_clear_import_error() -> None:
    code = "import arignote.compat.theano\nimport theano.tensor.fourier\n"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 1
    assert "No module named 'theano.tensor.fourier'" in p.stderr
    assert "arignote has no counterpart" in p.stderr


def test_runner_argv_exit_code_c_and_m(tmp_path: Path) -> None:
    script = tmp_path / "prog.py"
    script.write_text(
        "import sys, theano, theano.tensor as T\n"
        "x = T.dvector('x')\n"
        "f = theano.function([x], (x * 2).sum())\n"
        "print(sys.argv[1:], f([1.0, 2.0]), __name__)\n"
        "sys.exit(int(sys.argv[1]))\n"
    )
    p = run(str(script), "3", "b")
    assert p.returncode == 3, p.stderr
    assert p.stdout.strip() == "['3', 'b'] 6.0 __main__"
    p = run("-c", "import theano, sys; print(theano.__name__, sys.argv[1:])", "z")
    assert p.returncode == 0 and p.stdout.strip() == "arignote ['z']", p.stderr
    p = run("-m", "prog", "0", cwd=tmp_path)
    assert p.returncode == 0 and p.stdout.startswith("['0'] 6.0"), p.stderr
    p = run()
    assert p.returncode == 2 and "usage:" in p.stderr
    p = run(str(tmp_path / "missing.py"))
    assert p.returncode == 2 and "can't open file" in p.stderr


def test_alias_in_process() -> None:
    import arignote
    import arignote.compat.theano as compat

    try:
        import theano  # type: ignore[import-not-found]

        assert theano is arignote
    finally:
        compat.uninstall()
    with pytest.raises(ImportError):
        import theano  # noqa: F401, F811
    compat.install()  # leave it as the import of arignote.compat.theano did
    compat.uninstall()


def test_old_module_names() -> None:
    code = """
import numpy as np
import arignote.compat.theano
import theano, theano.tensor as T
from theano.tensor.signal import downsample
from theano.tensor.nnet import conv
import theano.tensor.nnet.abstract_conv, theano.tensor.extra_ops
x, w = T.tensor4('x'), T.tensor4('w')
y = downsample.max_pool_2d(conv.conv2d(x, w, (2, 3, 3, 3), (4, 3, 8, 8)), (2, 2), ignore_border=True)
f = theano.function([x, w], y)
print(f(np.ones((4, 3, 8, 8), 'float32'), np.ones((2, 3, 3, 3), 'float32'))[0, 0, 0, 0])
"""
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "27.0"


@pytest.mark.parametrize("gpu", ["emu", pytest.param("cuda", marks=pytest.mark.gpu)])
@pytest.mark.parametrize("name", ["seed1_matmul.py", "seed2_elementwise.py", "seed3_conv2d.py"])
def test_seed_examples_give_the_same_results_on_emu_as_on_cpu(name: str, gpu: str, capsys) -> None:  # type: ignore[no-untyped-def]
    """Each seed example, run unchanged in this process with the same random data on `cpu`
    and on `emu` or `cuda` (its shared inputs resident on the device): the results of both
    its functions agree across devices (float32 tolerance), and on the GPU device its
    shared variables are uploaded once (no copies of them per call)."""
    import runpy

    import numpy as np

    import arignote
    import arignote.compat.theano as compat
    from arignote.runtime.devices import get_gpu_device

    results = {}
    old = arignote.config.device
    compat.install()
    try:
        for device in ("cpu", gpu):
            arignote.config.device = device
            np.random.seed(1234)
            g = runpy.run_path(str(SEEDS / name), run_name="__main__")
            results[device] = (g["result_cpu"], g["result_gpu"])
            if device == gpu:
                dev = get_gpu_device(gpu)
                dev.profile.reset()
                again = g["f_gpu"]()  # a second call: the shared inputs stay on the device
                assert dev.profile.h2d_count == 0, vars(dev.profile)
                np.testing.assert_allclose(again, results[gpu][1], rtol=1e-6)
    finally:
        arignote.config.device = old
        compat.uninstall()
    assert capsys.readouterr().out.count("approximately equal?: True") == 2
    for a, b in zip(results["cpu"], results[gpu]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)
