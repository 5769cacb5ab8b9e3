"""gpu-map-loops-coalesced: which processor each loop dim gets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from xdsl.dialects import gpu, scf
from xdsl.dialects.builtin import ArrayAttr

from arignote.errors import PassError
from arignote.registry import get_pass

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gpu_samples import elementwise_module, nested_module, run  # noqa: E402

P = gpu.ProcessorEnum


def processors(loop: scf.ParallelOp) -> list[P]:
    mapping = loop.attributes["mapping"]
    assert isinstance(mapping, ArrayAttr)
    out = []
    for m in mapping.data:
        assert isinstance(m, gpu.LoopDimMapAttr)
        assert str(m.map.data) == "(d0) -> (d0)" and str(m.bound.data) == "(d0) -> (d0)"
        out.append(m.processor.data)
    return out


@pytest.mark.parametrize(
    ("rank", "expected"),
    [
        (1, [P.Thread_X]),
        (2, [P.Block_Y, P.Thread_X]),
        (3, [P.Block_Z, P.Block_Y, P.Thread_X]),
        (5, [P.Sequential, P.Sequential, P.Block_Z, P.Block_Y, P.Thread_X]),
    ],
)
def test_innermost_dim_goes_to_thread_x(rank: int, expected: list[P]) -> None:
    module = run(elementwise_module([None] * rank), "gpu-map-loops-coalesced")
    loops = [op for op in module.walk() if isinstance(op, scf.ParallelOp)]
    assert len(loops) == 1
    assert processors(loops[0]) == expected


def test_nested_loop_is_sequential() -> None:
    module = run(nested_module([None, 4], 3), "gpu-map-loops-coalesced")
    outer, inner = [op for op in module.walk() if isinstance(op, scf.ParallelOp)]
    assert processors(outer) == [P.Block_Y, P.Thread_X]
    assert processors(inner) == [P.Sequential]


def test_existing_mapping_is_kept() -> None:
    text = elementwise_module([None]).replace(
        ") : (index, index, index) -> ()",
        ") {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), "
        "bound = (d0) -> (d0)>]} : (index, index, index) -> ()",
    )
    module = run(text, "gpu-map-loops-coalesced")
    (loop,) = [op for op in module.walk() if isinstance(op, scf.ParallelOp)]
    assert processors(loop) == [P.Block_X]


def test_running_twice_changes_nothing() -> None:
    once = run(elementwise_module([None, None]), "gpu-map-loops-coalesced")
    twice = run(elementwise_module([None, None]),
                "gpu-map-loops-coalesced,gpu-map-loops-coalesced")
    assert str(once) == str(twice)


def test_registry_gives_ours_not_xdsls() -> None:
    cls = get_pass("gpu-map-loops-coalesced")
    assert cls.__module__ == "arignote.passes.gpu_map_loops_coalesced"
    assert cls.name == "gpu-map-loops-coalesced"


@pytest.mark.parametrize("size", [0, 100, 2048])
def test_bad_block_size_is_refused(size: int) -> None:
    with pytest.raises(PassError, match=f"block-size={size} must be a positive multiple of 32"):
        run(elementwise_module([None]), f"gpu-map-loops-coalesced{{block-size={size}}}")
