"""The IR mutation fuzzer (arignote.fuzz.ir) at a small budget with a fixed seed (issue 12).

Every mutant of a lit input must be accepted or refused with a diagnostic naming
mutant.mlir:line; an internal error, an unlocated error, a wrong number (arignote-run
--check), a hang or a crash fails the test, and the mutant is written under the test's
tmp dir.  The big budget: `python -m arignote.tools.fuzz --ir 20000`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from arignote.fuzz import BAD, GOOD
from arignote.fuzz.ir import Finding, fuzz_ir, load_corpus, mutant, run_mutant

SEED = 12
BUDGET = 300


def _fail(findings: list[Finding], tmp_path: Path) -> None:
    reports = []
    for f in findings[:5]:
        path = tmp_path / f"mutant-{f.seed}-{f.index}.mlir"
        path.write_text(f.text, encoding="utf-8")
        reports.append(f"reproducer: {path}\n{f.report()}")
    pytest.fail(f"{len(findings)} bad outcome(s):\n\n" + "\n\n".join(reports), pytrace=False)


def test_ir_mutants_are_accepted_or_diagnosed(tmp_path: Path) -> None:
    counts, findings = fuzz_ir(BUDGET, SEED, jobs=1, timeout=60)
    print("outcomes:", counts)
    assert sum(counts.values()) == BUDGET
    assert counts["accepted"] > 0 and counts["diagnostic"] > 0  # the fuzzer reaches both
    if findings:
        _fail(findings, tmp_path)
    assert all(counts[k] == 0 for k in BAD)


def test_mutants_are_reproducible() -> None:
    corpus = load_corpus()
    assert len(corpus) > 100
    a, b = mutant(corpus, 5, 17), mutant(corpus, 5, 17)
    assert a == b and mutant(corpus, 5, 18) != a


def test_the_fuzzer_classifies_outcomes() -> None:
    """The classifier itself: a valid chunk is accepted, a broken one diagnosed with its
    line, and a hang and a crash are caught by the pool's watchdog."""
    import os
    import time

    from arignote.fuzz.ir import Chunk
    from arignote.fuzz.pool import run_cases

    good = Chunk("x.mlir", 0, "func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {\n"
                 "  %y = tt.exp %x : tensor<3xf32>\n  func.return %y : tensor<3xf32>\n}\n",
                 (), True)  # fmt: skip
    assert run_mutant((good, good.text, 0)) == ("accepted", "")
    outcome, detail = run_mutant((good, good.text.replace("tt.exp %x", "tt.exp %z"), 0))
    assert outcome in GOOD and outcome == "diagnostic" and "mutant.mlir:5:" in detail
    cases = [(time.sleep, 5), (os._exit, 3), (run_mutant, (good, good.text, 0))]
    got = sorted(run_cases(cases, jobs=2, timeout=1.0))
    assert [o for _, o, _ in got] == ["hang", "crash", "accepted"]
