"""Interop with upstream MLIR through an mlir-opt-style driver (`iree-opt`, from the
`iree-base-compiler` wheel of the test extra; the tests skip when none is on PATH).

- Round trip: IR that arignote prints in generic form at each level of the CPU pipeline
  parses in the upstream driver, and what the driver prints back (generic form) parses
  and verifies in arignote.
- Differential: where a pass of ours has an upstream namesake, run each on the same
  input, finish both results with arignote's pipeline from the same stage, run them on
  the same random inputs and compare the numbers (not the text).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from arignote import compiler
from arignote.ir import parse_module, print_module, verify_module
from arignote.passmanager import run_passes
from arignote.pipeline import passes_until, stages_cpu
from arignote.registry import make_context

IREE_OPT = shutil.which(
    "iree-opt", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
)
pytestmark = pytest.mark.skipif(
    IREE_OPT is None, reason="no upstream MLIR driver (iree-opt of iree-base-compiler) on PATH"
)

PROGRAMS = {
    "fused-rows": """
func.func @f(%x: tensor<?x4xf32>, %y: tensor<?x4xf32>) -> tensor<?xf32> {
  %xx = tt.mul %x, %x : tensor<?x4xf32>
  %s = tt.add %xx, %y : tensor<?x4xf32>
  %e = tt.exp %s : tensor<?x4xf32>
  %r = tt.reduce sum %e axes [1] : tensor<?x4xf32> -> tensor<?xf32>
  func.return %r : tensor<?xf32>
}""",
    "chain-and-column-max": """
func.func @f(%x: tensor<?x?xf64>, %y: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?xf64>) {
  %t = tt.tanh %x : tensor<?x?xf64>
  %m = tt.mul %t, %y : tensor<?x?xf64>
  %d = tt.sub %m, %x : tensor<?x?xf64>
  %r = tt.reduce max %d axes [0] : tensor<?x?xf64> -> tensor<?xf64>
  func.return %d, %r : tensor<?x?xf64>, tensor<?xf64>
}""",
    "int-and-select": """
func.func @f(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<?xi32> {
  %c = tt.lt %a, %b : tensor<?xi32>
  %s = tt.where %c, %a, %b : tensor<?xi32>
  %p = tt.mul %s, %s : tensor<?xi32>
  func.return %p : tensor<?xi32>
}""",
}

STAGES = ["linalg", "fused", "bufferized", "placed", "loops"]


def _upstream(text: str, *flags: str) -> str:
    p = subprocess.run(
        [IREE_OPT, "--mlir-print-op-generic", "--allow-unregistered-dialect", *flags],
        input=text, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    return p.stdout


def _lowered(program: str, stage: str):  # type: ignore[no-untyped-def]
    module = parse_module(PROGRAMS[program], f"<{program}>")
    run_passes(make_context(), module, passes_until(stages_cpu(), stage, "tt-to-cpu"))
    return module


def _inputs(program: str, rng: np.random.Generator) -> list[np.ndarray]:
    module = parse_module(PROGRAMS[program])
    fn = next(iter(module.body.block.ops))
    arrays = []
    for t in fn.function_type.inputs.data:  # type: ignore[attr-defined]
        shape = [7 if s < 0 else s for s in t.get_shape()]
        name = str(t.element_type)
        if name.startswith("i"):
            arrays.append(rng.integers(-50, 50, shape).astype(np.int32))
        else:
            dtype = np.float64 if name == "f64" else np.float32
            arrays.append(rng.standard_normal(shape).astype(dtype))
    return arrays


def _run_from(module, stage: str, arrays: list[np.ndarray]) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    program = compiler.compile_from_stage(module, "f", "cpu", stage)
    return program.run(*[a.copy() for a in arrays])


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("program", sorted(PROGRAMS))
def test_generic_form_round_trips_through_the_upstream_driver(program: str, stage: str) -> None:
    ours = print_module(_lowered(program, stage), generic=True)
    back = parse_module(_upstream(ours), f"<upstream {program} {stage}>")
    verify_module(back)
    _upstream(print_module(back, generic=True))  # and once more the other way


# (our flag, its upstream namesake, the stage our pass ends, the stage before it)
DIFFERENTIAL = [
    ("fuse-elementwise", ["--linalg-fuse-elementwise-ops"], "fused", "linalg"),
    ("one-shot-bufferize", ["--one-shot-bufferize=bufferize-function-boundaries "
                            "function-boundary-type-conversion=identity-layout-map"],
     "bufferized", "fused"),
    ("convert-linalg-to-parallel-loops", ["--convert-linalg-to-parallel-loops"], "loops",
     "placed"),
]  # fmt: skip


@pytest.mark.parametrize("ours,flags,stage,before", DIFFERENTIAL, ids=[d[0] for d in DIFFERENTIAL])
@pytest.mark.parametrize("program", sorted(PROGRAMS))
def test_upstream_namesake_computes_the_same(program: str, ours: str, flags: list[str],
                                             stage: str, before: str, rng) -> None:  # fmt: skip
    arrays = _inputs(program, rng)
    want = _run_from(_lowered(program, before), before, arrays)  # our pass, then ours
    text = _upstream(print_module(_lowered(program, before), generic=True), *flags)
    theirs = parse_module(text, f"<upstream {ours}>")
    verify_module(theirs)
    got = _run_from(theirs, stage, arrays)  # their pass, then ours after it
    for g, w in zip(got, want, strict=True):
        if w.dtype.kind == "f":
            np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-12)
        else:
            np.testing.assert_array_equal(g, w)
