"""The registry: every pass flag names its class, every dialect its namespace."""

import pytest

from arignote import registry


@pytest.mark.parametrize("flag", sorted(registry.PASSES))
def test_pass_flag_matches_class_name(flag: str) -> None:
    assert registry.PASSES[flag]().name == flag


@pytest.mark.parametrize("name", sorted(registry.DIALECTS))
def test_dialect_namespace_matches_key(name: str) -> None:
    assert registry.DIALECTS[name]().name == name


def test_xdsl_passes_keep_their_names() -> None:
    """Ours that differ from an xDSL pass take their own names (issue 15): xDSL's
    gpu-map-parallel-loops and convert-scf-to-cf are xDSL's in arignote-opt."""
    passes = registry.all_passes()
    assert passes["gpu-map-loops-coalesced"]().__module__ == "arignote.passes.gpu_map_loops_coalesced"
    assert passes["convert-kernel-scf-to-cf"]().__module__ == "arignote.lowering.convert_kernel_scf_to_cf"
    assert passes["gpu-map-parallel-loops"]().__module__.startswith("xdsl.")
    assert passes["convert-scf-to-cf"]().__module__.startswith("xdsl.")
    assert "canonicalize" in passes and "cse" in passes  # xDSL's are registered too
    from xdsl.transforms import get_all_passes

    clash = {f for f in registry.PASSES if f in get_all_passes()}
    assert not clash, f"arignote passes shadowing xDSL's: {clash}"


def test_every_pass_has_a_lit_test() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "filecheck"
    files = {p.stem for p in root.rglob("*.mlir")}
    missing = [f for f in registry.PASSES if f not in files]
    assert not missing, f"passes without filecheck/<dir>/<flag>.mlir: {missing}"
