"""xDSL's own FileCheck suite against arignote-opt (arignote.tools.xdsl_suite): the
CI-sized subset runs here; the whole suite is `python -m arignote.tools.xdsl_suite`
(README).  The suite comes from the source distribution of the installed xDSL (pip
download, cached); without a package index the test skips."""

from __future__ import annotations

import subprocess
import sys

import pytest

from arignote.tools import xdsl_suite


def test_the_subset_passes_where_xdsl_opt_passes() -> None:
    p = subprocess.run(
        [sys.executable, "-m", "arignote.tools.xdsl_suite", "--subset"],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    if p.returncode == 2:
        pytest.skip(f"xDSL's source distribution cannot be fetched: {p.stderr[-300:]}")
    assert p.returncode == 0, p.stdout + p.stderr
    first = p.stdout.splitlines()[0]
    assert f"xdsl-opt passes {len(xdsl_suite.SUBSET)};" in first, p.stdout
    assert f"arignote-opt passes {len(xdsl_suite.SUBSET)} of those" in first, p.stdout


def test_the_report_names_what_fails() -> None:
    xdsl = {"a.mlir": "PASS", "b.mlir": "PASS", "c.mlir": "UNSUPPORTED", "d.mlir": "FAIL"}
    ours = {"a.mlir": "PASS", "b.mlir": "FAIL", "c.mlir": "UNSUPPORTED", "d.mlir": "FAIL"}
    text, new = xdsl_suite.report(xdsl, ours)
    assert new == ["b.mlir"]
    assert "xdsl-opt passes 2; arignote-opt passes 1 of those" in text
    assert "FAILS: b.mlir" in text
