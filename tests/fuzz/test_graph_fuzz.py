"""The differential front-end fuzzer (arignote.fuzz.graphs) at a small budget, fixed seed.

Random Theano graphs (elementwise with comparisons and switch, broadcasting of declared
size-1 dims, reductions with axes and keepdims, reshape, dimshuffle, slicing, integer and
advanced indexing, dot, casts; float32/float64/int8..int64/uint8/bool; 0- and 1-sized
dims) must compute what a NumPy interpreter of Theano's rules computes (dtype and shape
exactly; floats within rtol 2e-4 (float32) / 1e-9 (float64)), on cpu and emu, and random
verify_grad graphs must pass.  The big budget:
`python -m arignote.tools.fuzz --graphs 2000 --emu-graphs 500`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from arignote.fuzz import BAD
from arignote.fuzz.graphs import GraphFinding, compare, fuzz_graphs, random_graph

SEED = 12


def _check(counts: dict[str, int], findings: list[GraphFinding], tmp_path: Path) -> None:
    print("outcomes:", counts)
    if findings:
        for f in findings:
            (tmp_path / f"{f.kind}-{f.seed}-{f.index}.txt").write_text(f.report())
        pytest.fail(f"{len(findings)} bad outcome(s), reproducers in {tmp_path}:\n\n"
                    + "\n\n".join(f.report() for f in findings[:5]), pytrace=False)  # fmt: skip
    assert all(counts[k] == 0 for k in BAD)


def test_random_graphs_match_numpy_on_cpu(tmp_path: Path) -> None:
    counts, findings = fuzz_graphs(40, SEED, device="cpu", grads=10)
    assert counts["accepted"] + sum(counts[k] for k in BAD) == 50
    _check(counts, findings, tmp_path)


def test_random_graphs_match_numpy_on_emu(tmp_path: Path) -> None:
    counts, findings = fuzz_graphs(15, SEED + 1, device="emu")
    _check(counts, findings, tmp_path)


def test_graphs_are_reproducible_and_varied() -> None:
    a, b = random_graph(3, 9), random_graph(3, 9)
    assert a.program() == b.program()
    texts = " ".join(random_graph(3, i).program() for i in range(60))
    for op in ("T.switch", "T.dot", "dimshuffle", "T.reshape", "T.cast", "keepdims", "[np.array",
               "'bool'", "'uint8'", "(0,"):
        assert op in texts, op


def test_the_comparison_catches_wrong_answers() -> None:
    want = np.array([1.0, 2.0], "float32")
    assert compare(want.copy(), want) is None
    assert "dtype" in compare(want.astype("float64"), want)
    assert "shape" in compare(want[:1], want)
    assert "values differ at [1]" in compare(np.array([1.0, 2.001], "float32"), want)
    assert compare(np.array([True]), np.array([False])) is not None
