"""Shared pytest fixtures: fresh random inputs, the GPU probe, tolerances."""

from __future__ import annotations

import ctypes.util
import os

import numpy as np
import pytest

# Without a GPU, `gpu`-marked tests run against arignote's emulated CUDA driver (a
# libcuda.so.1 built with the system C compiler that runs kernels on the PTX emulator;
# docs/internals.md).  Set ARIGNOTE_CUDA_DRIVER yourself to choose (any value other than
# "emulated" keeps the system's driver); child processes inherit the choice.
# On the emulator, atomics on one address resolve in a random order per launch (as on a
# GPU), so a tolerance that holds only for thread order shows up.
os.environ.setdefault("ARIGNOTE_EMU_ATOMIC_ORDER", "shuffled")

if "ARIGNOTE_CUDA_DRIVER" not in os.environ and ctypes.util.find_library("cuda") is None:
    from arignote.runtime.cuda.emulated import compiler

    if compiler() is not None:
        os.environ["ARIGNOTE_CUDA_DRIVER"] = "emulated"

#: relative tolerances per dtype for numeric comparisons against NumPy references
RTOL = {np.float16: 2e-3, np.float32: 1e-5, np.float64: 1e-12}


@pytest.fixture
def rng() -> np.random.Generator:
    """A generator seeded freshly per test run (the seed is printed on failure)."""
    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"rng seed: {seed}")
    return np.random.default_rng(seed)


def _gpu_available() -> tuple[bool, str]:
    try:
        from arignote.runtime.cuda import probe
    except ImportError as e:  # runtime not built yet or cuda-bindings missing
        return False, f"cuda runtime unavailable: {e}"
    return probe()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    gpu_items = [it for it in items if it.get_closest_marker("gpu") is not None]
    if not gpu_items:
        return
    ok, why = _gpu_available()
    if ok:
        return
    skip = pytest.mark.skip(reason=f"needs a GPU: {why}")
    for it in gpu_items:
        it.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _private_compile_cache(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Tests never read or write the user's compile cache: a fresh one per session."""
    from arignote.config import config

    old = config.compiledir
    config.compiledir = str(tmp_path_factory.mktemp("compiledir"))
    yield
    config.compiledir = old


@pytest.fixture
def cpu():  # type: ignore[no-untyped-def]
    """Compile for device=cpu during the test (`pytestmark = pytest.mark.usefixtures("cpu")`)."""
    from arignote.config import config

    old = config.device
    config.device = "cpu"
    yield
    config.device = old


@pytest.fixture
def emu():  # type: ignore[no-untyped-def]
    """Compile for device=emu (the PTX emulator) during the test; yields the device."""
    from arignote.config import config
    from arignote.runtime.devices import get_gpu_device

    old = config.device
    config.device = "emu"
    yield get_gpu_device("emu")
    config.device = old
