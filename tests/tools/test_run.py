"""arignote-run: compile a .mlir function, run it on cpu or emu, check it, profile it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from arignote.tools.run import main

SRC = """func.func @f(%x: tensor<?x?xf32>, %s: tensor<f32>) -> (tensor<?x?xf32>, tensor<?xf32>) {
  %0 = arith.constant 0 : index
  %1 = tensor.dim %x, %0 : tensor<?x?xf32>
  %2 = arith.constant 1 : index
  %3 = tensor.dim %x, %2 : tensor<?x?xf32>
  %4 = tt.exp %x : tensor<?x?xf32>
  %5 = tt.broadcast %s dims [] sizes(%1, %3) : tensor<f32> -> tensor<?x?xf32>
  %6 = tt.mul %4, %5 : tensor<?x?xf32>
  %7 = tt.reduce sum %6 axes [0] : tensor<?x?xf32> -> tensor<?xf32>
  func.return %6, %7 : tensor<?x?xf32>, tensor<?xf32>
}
"""


@pytest.fixture
def mlir(tmp_path: Path) -> Path:
    p = tmp_path / "f.mlir"
    p.write_text(SRC)
    return p


def test_random_inputs_checked_on_cpu(mlir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(mlir), "--check", "--dim", "5", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok") == 2
    assert "out0: float32[5, 5]" in out and "out1: float32[5]" in out


def test_given_inputs_on_the_emulator_with_profile(
    mlir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], rng: np.random.Generator
) -> None:
    x = rng.standard_normal((3, 4)).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    save = tmp_path / "out"
    rc = main([str(mlir), "--device", "emu", "-i", str(tmp_path / "x.npy"), "-i", "0.5",
               "--check", "--profile", "--save", str(save)])  # fmt: skip
    assert rc == 0
    out = capsys.readouterr().out
    assert out.count(": ok") == 2
    assert "profile: transfers: 1 host->device" in out and "launches" in out  # 0.5 by value
    assert "sect/ld" in out and "sect/st" in out
    row = next(line.split() for line in out.splitlines() if line.strip().startswith("f_kernel_0"))
    assert row[3] == str(x.nbytes) and row[4] == str(x.nbytes)  # x read once, y written once
    np.testing.assert_allclose(np.load(save / "out0.npy"), np.exp(x) * 0.5, rtol=1e-5)
    np.testing.assert_allclose(np.load(save / "out1.npy"), (np.exp(x) * 0.5).sum(0), rtol=1e-5)


def test_ir_already_lowered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess
    import sys

    src = tmp_path / "f.mlir"
    src.write_text(SRC)
    opt = Path(sys.executable).parent / "arignote-opt"
    loops = subprocess.run(
        [str(opt), str(src), "-p", "tt-to-cpu{stop=loops}"], capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    (tmp_path / "loops.mlir").write_text(loops)
    assert main([str(tmp_path / "loops.mlir"), "--from", "loops", "-i", "rand:2x3", "-i", "1"]) == 0
    assert "out0: float32[2, 3]" in capsys.readouterr().out


def test_errors(mlir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(mlir), "-i", "1.0"]) == 1
    assert "@f takes 2 argument(s), got 1 -i" in capsys.readouterr().err
    assert main([str(mlir), "--from", "nowhere"]) == 1
    assert "unknown stage 'nowhere'" in capsys.readouterr().err
    assert main([str(mlir), "-f", "g"]) == 1
    assert "g" in capsys.readouterr().err
    assert main([str(mlir), "-i", "rand:2x2x2", "-i", "1"]) == 1
    assert "does not fit tensor<?x?xf32>" in capsys.readouterr().err
    bad = mlir.parent / "bad.mlir"
    bad.write_text(SRC.replace(" sizes(%1, %3)", ""))
    assert main([str(bad)]) == 1
    assert "'tt.broadcast' expected 2 size operand(s)" in capsys.readouterr().err
