"""Plugins (arignote.plugins): an example package in tests/tools/plugin_example adds a
dialect, a pass and a pass at the end of tt-to-cpu's `fused` stage through entry points,
without any change to arignote.  It is made visible the way pip would make it: its
directory (holding the package and its `.dist-info` with `entry_points.txt`) on the path
of a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent / "plugin_example"

PROGRAM = """\
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  "exdemo.note"() <{text = "from the plugin's dialect"}> : () -> ()
  %e = "tt.exp"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  func.return %e : tensor<4xf32>
}
"""


def _run(args: list[str], tmp_path: Path, extra_path: Path = EXAMPLE, stdin: str = PROGRAM,
         code: str | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(extra_path), env.get("PYTHONPATH", "")])
    env["ARIGNOTE_COMPILEDIR"] = str(tmp_path / "cache")
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "arignote.tools.opt", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env,
                          timeout=300, check=False)  # fmt: skip


def test_plugin_pass_and_dialect_in_the_driver(tmp_path: Path) -> None:
    listed = _run(["--list-passes"], tmp_path)
    assert listed.returncode == 0 and "exdemo-tag-functions" in listed.stdout.split()
    out = _run(["-p", "exdemo-tag-functions"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert '"exdemo.note"() <{text = "from the plugin\'s dialect"}> : () -> ()' in out.stdout
    assert "exdemo.ops = 3 : i64" in out.stdout  # note, exp, return


def test_plugin_stage_addition_runs_in_the_pipeline_and_compiled_functions(tmp_path: Path) -> None:
    out = _run(["-p", "tt-to-cpu{stop=fused}"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert "exdemo.ops" in out.stdout  # the plugin's pass ran at the end of `fused`
    code = (
        "import numpy as np, arignote as theano, arignote.tensor as T\n"
        "x = T.fvector('x')\n"
        "f = theano.function([x], T.exp(x))\n"
        "print('exdemo.ops' in f.ir('fused'), float(f(np.zeros(2, np.float32))[0]))\n"
    )
    run = _run([], tmp_path, code=code, stdin="")
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "1.0"]


def test_without_the_plugin_its_names_are_unknown(tmp_path: Path) -> None:
    out = _run(["-p", "exdemo-tag-functions"], tmp_path, extra_path=tmp_path)
    assert out.returncode == 1 and "exdemo-tag-functions" in out.stderr


def test_a_broken_plugin_is_named(tmp_path: Path) -> None:
    pkg = tmp_path / "broken"
    (pkg / "broken_plugin-0.1.dist-info").mkdir(parents=True)
    (pkg / "broken_plugin-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n"
    )
    (pkg / "broken_plugin-0.1.dist-info" / "entry_points.txt").write_text(
        "[arignote.passes]\nbroken-pass = no_such_module:Pass\n"
    )
    out = _run(["-p", "broken-pass"], tmp_path, extra_path=pkg)
    assert out.returncode != 0
    assert "plugin entry point 'broken-pass = no_such_module:Pass' of group arignote.passes " in (
        out.stderr
    )
    assert "(broken-plugin 0.1) failed to load: ModuleNotFoundError" in out.stderr


@pytest.mark.parametrize("value,problem", [
    ("arignote_example_plugin:EXDEMO", "expected a ModulePass subclass"),
    ("arignote_example_plugin:TagFunctionsPass", "the entry point's name must be the pass's flag"),
])  # fmt: skip
def test_a_wrong_entry_point_is_named(tmp_path: Path, value: str, problem: str) -> None:
    pkg = tmp_path / "wrong"
    info = pkg / "wrong_plugin-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: wrong-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[arignote.passes]\nother-name = {value}\n")
    env_path = Path(os.pathsep.join([str(pkg), str(EXAMPLE)]))
    out = _run(["-p", "other-name"], tmp_path, extra_path=env_path)
    assert out.returncode != 0 and problem in out.stderr, out.stderr


def test_plugins_are_looked_for_without_importlib_metadata(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # the look at sys.path that spares a process without plugins importing
    # importlib.metadata (arignote.plugins._may_have_plugins)
    from arignote import plugins

    site = tmp_path / "site"
    info = site / "other-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "entry_points.txt").write_text("[console_scripts]\nother = other:main\n")
    monkeypatch.setattr(sys, "path", [str(site), str(tmp_path / "missing")])
    assert not plugins._may_have_plugins()
    (info / "entry_points.txt").write_text("[console_scripts]\nx = y:z\n\n [ arignote.passes ]\n")
    assert plugins._may_have_plugins()
    (info / "entry_points.txt").unlink()
    assert not plugins._may_have_plugins()
    (tmp_path / "bundle.zip").write_bytes(b"PK")  # a zip on the path: importlib.metadata looks
    monkeypatch.setattr(sys, "path", [str(site), str(tmp_path / "bundle.zip")])
    assert plugins._may_have_plugins()


def test_a_compile_without_plugins_does_not_import_importlib_metadata(tmp_path: Path) -> None:
    code = (
        "import sys, numpy as np\n"
        "import arignote, arignote.tensor as T\n"
        f"arignote.config.compiledir = {str(tmp_path)!r}\n"
        "x = T.dvector('x')\n"
        "assert (arignote.function([x], x * 2.0)(np.ones(2)) == 2).all()\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False"]
