"""The graph digest (`arignote.compile.graph_key`) and the compile cache's lookup by it
(`compiler.compile_graph`): a function whose graph was compiled before is found without
building its tt module, in the process and through the disk cache's alias file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import arignote
import arignote.tensor as T
from arignote import compiler
from arignote.compile.graph_key import graph_key
from arignote.config import config
from arignote.ir import print_module


def _chain(x):  # type: ignore[no-untyped-def]
    return T.tanh(x * 2.5 + 1) - x


def test_the_same_graph_built_twice_has_the_same_key() -> None:
    keys = set()
    for _ in range(2):
        x = T.vector("x")
        keys.add(graph_key("f", [x], [_chain(x)]))
    assert len(keys) == 1 and None not in keys


def test_what_changes_the_module_changes_the_key() -> None:
    x = T.vector("x")
    base = graph_key("f", [x], [_chain(x)])
    variants = {
        "constant": graph_key("f", [x], [T.tanh(x * 2.5 + 2) - x]),
        "op": graph_key("f", [x], [T.sinh(x * 2.5 + 1) - x]),
        "dtype": graph_key("f", [T.dvector("x")], [_chain(T.dvector("x"))]),
        "name": graph_key("g", [x], [_chain(x)]),
        "resident": graph_key("f", [x], [_chain(x)], [0], []),
    }
    y = T.vector("y")  # an input's name is the argument's name in the module
    variants["input name"] = graph_key("f", [y], [_chain(y)])
    # the line a node was made on is its location
    variants["location"] = graph_key("f", [x], [T.tanh(x * 2.5 + 1) - x])
    assert base not in variants.values(), variants
    assert len(set(variants.values())) == len(variants)


def test_ops_holding_functions_have_no_key() -> None:
    """A host callback (a Python function inside the op) has no faithful digest: the
    module is built and keyed by its text, as before."""
    from arignote.printing import Print

    x = T.dvector("x")
    seen: list[np.ndarray] = []
    p = Print("p", global_fn=lambda op, v: seen.append(v))
    assert graph_key("f", [x], [p(x) + 1]) is None
    f = arignote.function([x], p(x) + 1)
    np.testing.assert_array_equal(f(np.arange(3.0)), np.arange(3.0) + 1)
    np.testing.assert_array_equal(seen[-1], np.arange(3.0))


def test_in_process_hit_builds_no_module(rng: np.random.Generator) -> None:
    x = T.vector("x")
    f = arignote.function([x], _chain(x))
    x2 = T.vector("x")
    g = arignote.function([x2], _chain(x2))
    assert g.compiled is f.compiled and g._module is None
    a = rng.standard_normal(50).astype("float32")
    np.testing.assert_allclose(g(a), np.tanh(a * 2.5 + 1) - a, rtol=1e-5, atol=1e-6)
    # the module is still there for those who ask: built on demand, the same text
    assert print_module(g.module) == print_module(f.module)
    assert "tt.tanh" in g.ir("tt")


_PROBE = """
import sys, numpy as np, arignote, arignote.tensor as T, arignote.frontend_ir as fir
arignote.config.compiledir = sys.argv[1]
built = []
build = fir.build_module
fir.build_module = lambda *a, **k: built.append(1) or build(*a, **k)
x = T.vector("x")
f = arignote.function([x], T.tanh(x * 2.5 + 1) - x)
a = np.linspace(-2, 2, 7, dtype="float32")
print(f.compiled.from_disk, not built, repr(f(a).tolist()))
"""


def _probe(cache: Path) -> tuple[str, str, str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(cache)], capture_output=True, text=True, check=True
    )
    disk, no_module, values = out.stdout.strip().split(" ", 2)
    return disk, no_module, values


def test_another_process_finds_the_program_by_the_graph(tmp_path: Path) -> None:
    cold = _probe(tmp_path)
    assert cold[:2] == ("False", "False")  # compiled; the module was built
    aliases = list(tmp_path.glob("graph-*.json"))
    assert len(aliases) == 1
    warm = _probe(tmp_path)
    assert warm[:2] == ("True", "True") and warm[2] == cold[2]  # no module built
    # a damaged alias (or one naming a missing entry) is not trusted: compile, rewrite
    for damage in ("not json", '{"entry": "0123abcd", "results": []}', '{"entry": "../x"}'):
        aliases[0].write_text(damage)
        again = _probe(tmp_path)
        assert again[2] == cold[2]
        assert again[1] == "False" or again[0] == "True"
        assert _probe(tmp_path)[:2] == ("True", "True")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path):  # type: ignore[no-untyped-def]
    old = config.compiledir
    config.compiledir = str(tmp_path / "in-process")
    compiler._graph_cache.clear()
    yield
    config.compiledir = old
    compiler._graph_cache.clear()
