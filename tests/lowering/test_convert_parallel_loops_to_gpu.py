"""convert-parallel-loops-to-gpu: launch dims, and that guard + grid-stride loops visit
every index of the loop exactly once (run on the SIMT evaluator of tests/passes)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from xdsl.dialects import arith, gpu, scf
from xdsl.dialects.builtin import IntegerAttr

from arignote.errors import PassError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "passes"))
from gpu_launch_eval import Evaluator  # noqa: E402
from gpu_samples import elementwise_module, nested_module, run  # noqa: E402

TO_LAUNCH = "gpu-map-loops-coalesced,convert-parallel-loops-to-gpu"
RTOL = 1e-6


def run_elementwise(module, x: np.ndarray, s: float) -> tuple[np.ndarray, Evaluator]:
    o = np.full_like(x, np.nan)
    ev = Evaluator(module)
    ev.call("f", x, np.array(s, np.float32), o)
    return o, ev


@pytest.mark.parametrize(
    ("shape", "grid", "block"),
    [
        ((1000,), (4, 1, 1), 256),  # 1000 = 3 * 256 + 232
        ((256,), (1, 1, 1), 256),
        ((100,), (1, 1, 1), 128),  # small static extent: a block of whole warps
        ((5,), (1, 1, 1), 32),
        ((0,), (0, 1, 1), 32),  # empty: a zero grid, skipped by the runtime
        ((7, 300), (2, 7, 1), 256),
        ((70000, 3), (1, 65535, 1), 32),  # rows beyond the grid limit: clamped
        ((70000, 2, 40), (1, 2, 65535), 64),
    ],
)
def test_static_launch_dims(shape: tuple[int, ...], grid: tuple[int, int, int],
                            block: int) -> None:
    module = run(elementwise_module(list(shape)), TO_LAUNCH)
    (launch,) = [op for op in module.walk() if isinstance(op, gpu.LaunchOp)]
    dims = [launch.gridSizeX, launch.gridSizeY, launch.gridSizeZ,
            launch.blockSizeX, launch.blockSizeY, launch.blockSizeZ]
    consts = []
    for v in dims:  # static sizes give constant launch dims
        assert isinstance(v.owner, arith.ConstantOp)
        assert isinstance(v.owner.value, IntegerAttr)
        consts.append(v.owner.value.value.data)
    assert consts == [*grid, block, 1, 1]


@pytest.mark.parametrize(
    ("shape", "grid"),
    [
        ((1000,), (4, 1, 1)),
        ((257,), (2, 1, 1)),
        ((0,), (0, 1, 1)),
        ((5, 513), (3, 5, 1)),
        ((70000, 3), (1, 65535, 1)),
    ],
)
def test_dynamic_launch_dims_are_computed_on_the_host(
    shape: tuple[int, ...], grid: tuple[int, int, int], rng: np.random.Generator
) -> None:
    module = run(elementwise_module([None] * len(shape)), TO_LAUNCH)
    (launch,) = [op for op in module.walk() if isinstance(op, gpu.LaunchOp)]
    assert not isinstance(launch.gridSizeX.owner, arith.ConstantOp)
    x = rng.standard_normal(shape).astype(np.float32)
    _, ev = run_elementwise(module, x, 0.5)
    assert ev.launches == [(grid, (256, 1, 1))]


@pytest.mark.parametrize(
    "shape",
    [
        [1000], [None], [3, None], [None, 300], [None, None, 37], [2, 3, 5, 7],
        [None, 2, 3, 4, 33],
    ],
)
def test_every_index_is_visited_once(shape: list[int | None],
                                     rng: np.random.Generator) -> None:
    """Sizes not divisible by the block size, several ranks, static and dynamic."""
    actual = [d if d is not None else int(rng.integers(1, 700)) for d in shape]
    x = rng.standard_normal(actual).astype(np.float32)
    s = float(rng.standard_normal())
    module = run(elementwise_module(shape), TO_LAUNCH)
    assert not any(isinstance(op, scf.ParallelOp) for op in module.walk())
    o, ev = run_elementwise(module, x, s)
    np.testing.assert_allclose(o, x + np.float32(s) * x, rtol=RTOL)
    assert (ev.store_counts[id(o)] == 1).all()


@pytest.mark.parametrize(
    ("shape", "static"),
    [((70000, 3), True), ((70000, 3), False), ((65536, 1), False),
     ((70000, 2, 3), True), ((66000, 2, 1), False)],
)
def test_grid_stride_covers_extents_beyond_65535(shape: tuple[int, ...], static: bool,
                                                 rng: np.random.Generator) -> None:
    """y/z extents above the grid limit: a clamped grid plus a grid-stride loop."""
    dims = list(shape) if static else [None, *shape[1:]]
    module = run(elementwise_module(dims), TO_LAUNCH)
    x = rng.standard_normal(shape).astype(np.float32)
    o, ev = run_elementwise(module, x, 1.5)
    ((grid, _),) = ev.launches
    assert max(grid[1:]) == 65535
    np.testing.assert_allclose(o, x + np.float32(1.5) * x, rtol=RTOL)
    counts = ev.store_counts[id(o)]
    assert counts.min() == 1 and counts.max() == 1


def test_lower_bound_and_step(rng: np.random.Generator) -> None:
    """lb/step other than 0/1: exactly the loop's indices are written."""
    x = rng.standard_normal((9, 1001)).astype(np.float32)
    module = run(elementwise_module([None, None], lbs=[2, 3], steps=[3, 4]), TO_LAUNCH)
    o, ev = run_elementwise(module, x, -0.25)
    want = np.full_like(x, np.nan)
    want[2::3, 3::4] = x[2::3, 3::4] * np.float32(0.75)
    np.testing.assert_allclose(o, want, rtol=RTOL)  # NaN where no iteration writes
    counts = ev.store_counts[id(o)]
    assert counts[2::3, 3::4].min() == 1 and counts.sum() == want[2::3, 3::4].size


def test_empty_or_negative_range_launches_nothing(rng: np.random.Generator) -> None:
    x = rng.standard_normal(10).astype(np.float32)
    module = run(elementwise_module([None], lbs=[20]), TO_LAUNCH)  # 20 > dim: no iteration
    o, ev = run_elementwise(module, x, 1.0)
    assert ev.launches == [((0, 1, 1), (256, 1, 1))]
    assert np.isnan(o).all()


def test_nested_loops_run_sequentially_inside_the_kernel(rng: np.random.Generator) -> None:
    module = run(nested_module([None, 5, 3], 7), TO_LAUNCH)
    assert not any(isinstance(op, scf.ParallelOp) for op in module.walk())
    x = rng.standard_normal((4, 5, 3)).astype(np.float32)
    y = rng.standard_normal(7).astype(np.float32)
    o = np.full((4, 5, 3, 7), np.nan, np.float32)
    ev = Evaluator(module)
    ev.call("f", x, y, o)
    np.testing.assert_allclose(o, x[..., None] + y, rtol=RTOL)
    assert (ev.store_counts[id(o)] == 1).all()


def test_guard_is_needed(rng: np.random.Generator) -> None:
    """Control: with the bounds guard inverted (i >= n), the threads past the end of the
    last block store out of bounds, and the evaluator says so."""
    module = run(elementwise_module([None]), TO_LAUNCH)
    (guard,) = [op for op in module.walk() if isinstance(op, scf.IfOp)]
    cmp = guard.cond.owner
    assert isinstance(cmp, arith.CmpiOp)
    cmp.properties["predicate"] = IntegerAttr(5, 64)  # sge
    x = rng.standard_normal(300).astype(np.float32)
    with pytest.raises(IndexError, match="out of bounds for dim 0 of size 300"):
        run_elementwise(module, x, 1.0)


def test_unmapped_loop_is_refused() -> None:
    with pytest.raises(PassError, match="'scf.parallel' has no 'mapping' attribute"):
        run(elementwise_module([None]), "convert-parallel-loops-to-gpu")
