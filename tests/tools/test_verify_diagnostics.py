"""arignote-opt --verify-diagnostics: annotations parsed, diagnostics matched."""

from __future__ import annotations

from pathlib import Path

import pytest

from arignote.tools.opt import main
from arignote.tools.verify_diagnostics import (
    parse_diagnostics,
    parse_expectations,
    verify,
)


def test_annotation_positions() -> None:
    text = "\n".join([
        "op 1",                                   # line 10
        "// expected-error @above {{a}}",         # 11 -> 10
        "// expected-note @-1 {{b}}",             # 12 -> 11
        "// expected-warning @below {{c}}",       # 13 -> 15 (skips 14)
        "// expected-remark @+3 {{d}}",           # 14 -> 17
        "op 2 // expected-error-re {{e[0-9]+}}",  # 15 -> 15
    ])  # fmt: skip
    got = [(e.severity, e.line, e.text, e.regex) for e in parse_expectations(text, 10)]
    assert got == [
        ("error", 10, "a", False), ("note", 11, "b", False), ("warning", 15, "c", False),
        ("remark", 17, "d", False), ("error", 15, "e[0-9]+", True),
    ]  # fmt: skip


def test_malformed_annotations_are_refused() -> None:
    with pytest.raises(ValueError, match="line 3: malformed diagnostic annotation"):
        parse_expectations("a\nb\n// expected-error needs braces\n")
    with pytest.raises(ValueError, match="line 1: bad regular expression"):
        parse_expectations("// expected-error-re {{(unclosed}}")


def test_matching_rules() -> None:
    exp = parse_expectations("x // expected-error {{needs a float}}\ny\n")
    diags = parse_diagnostics(
        "f.mlir:1:3: error: 'tt.exp' needs a float operand\n"
        "  x\n  ^\n"
        "f.mlir:2:1: warning: something else\n"
        "arignote-opt: error: no location\n"
    )
    assert [(d.severity, d.line) for d in diags] == [("error", 1), ("warning", 2), ("error", None)]
    failures = verify(exp, diags, "f.mlir")
    assert failures == [
        "f.mlir:2:1: error: unexpected warning: something else",
        "f.mlir: error: unexpected error: no location",
    ]


def test_malformed_annotation_in_a_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "bad.mlir"
    f.write_text("func.func @f() {\n  func.return // expected-error oops\n}\n")
    assert main([str(f), "--verify-diagnostics"]) == 1
    assert "bad.mlir:2: error: malformed diagnostic annotation" in capsys.readouterr().err
