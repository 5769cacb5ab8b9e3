"""`arignote-opt --verify-diagnostics`: check the diagnostics a run emits against the
`expected-*` annotations of its input, as mlir-opt does.

Annotations are comments in the input:

    %r = tt.foo %x          // expected-error {{needs a float operand}}
    // expected-error @+1 {{needs a float operand}}      (the next line; @-2: two above)
    // expected-warning @above {{...}}                    (the nearest line above that is
    // expected-note @below {{...}}                        not itself an annotation)
    // expected-error-re {{operand [0-9]+ differs}}       (a regular expression)

Severities: error, warning, note, remark.  A diagnostic is a line `file:line:col:
<severity>: <message>` in what the run writes to stderr (including the error that stops
it).  Each diagnostic must match an annotation of the same severity for its line whose
text is contained in its message (or, for `-re`, is found as a regular expression); each
annotation must be matched by one diagnostic.  A diagnostic without a location can match
no annotation.  Every failure is reported as `file:line: error: ...` and makes the run
fail; matched diagnostics are not printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SEVERITIES = ("error", "warning", "note", "remark")

_EXPECT = re.compile(
    r"expected-(?P<sev>error|warning|note|remark)(?P<re>-re)?"
    r"(?:\s*@(?P<loc>[+-]\d+|above|below))?\s*\{\{(?P<text>.*)\}\}"
)
_DIAG = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|note|remark): "
    r"(?P<msg>.*)$"
)


class AnnotationError(ValueError):
    """A malformed annotation at `line`."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line, self.message = line, message


@dataclass
class Expectation:
    severity: str
    line: int  # the line the diagnostic must be on (1-based, in the input file)
    text: str
    regex: bool
    at: int  # the annotation's own line
    matched: bool = False

    def accepts(self, d: Diagnostic) -> bool:
        if d.severity != self.severity or d.line != self.line:
            return False
        return bool(re.search(self.text, d.message)) if self.regex else self.text in d.message


@dataclass
class Diagnostic:
    severity: str
    line: int | None
    col: int | None
    message: str
    raw: str


def _annotation_only(line: str) -> bool:
    s = line.strip()
    return s.startswith("//") and "expected-" in s


def parse_expectations(text: str, first_line: int = 1) -> list[Expectation]:
    """The annotations of `text`, whose first line is line `first_line` of the file.
    Raises AnnotationError (a ValueError) for a malformed annotation."""
    lines = text.split("\n")
    out: list[Expectation] = []
    for k, line in enumerate(lines):
        if "expected-" not in line:
            continue
        m = _EXPECT.search(line)
        here = first_line + k
        if m is None:
            if re.search(r"expected-(error|warning|note|remark)", line):
                raise AnnotationError(
                    here,
                    "malformed diagnostic annotation (expected "
                    "'expected-<severity>[-re] [@+N|@-N|@above|@below] {{text}}')",
                )
            continue
        loc = m.group("loc")
        target = here
        if loc in ("above", "below"):
            step = -1 if loc == "above" else 1
            j = k + step
            while 0 <= j < len(lines) and _annotation_only(lines[j]):
                j += step
            target = first_line + j
        elif loc is not None:
            target = here + int(loc)
        if m.group("re"):
            try:
                re.compile(m.group("text"))
            except re.error as e:
                raise AnnotationError(here, f"bad regular expression: {e}") from e
        out.append(
            Expectation(m.group("sev"), target, m.group("text"), bool(m.group("re")), here)
        )
    return out


def parse_diagnostics(stderr: str) -> list[Diagnostic]:
    """The diagnostics in what a run wrote to stderr (lines without a location that are
    not source excerpts count as one unlocated error each)."""
    out: list[Diagnostic] = []
    for raw in stderr.splitlines():
        m = _DIAG.match(raw)
        if m is not None:
            out.append(
                Diagnostic(m.group("sev"), int(m.group("line")), int(m.group("col")),
                           m.group("msg"), raw)  # fmt: skip
            )
        elif re.match(r"^\S.*\berror: ", raw):
            out.append(Diagnostic("error", None, None, raw.split("error: ", 1)[1], raw))
    return out


def verify(expectations: list[Expectation], diagnostics: list[Diagnostic],
           filename: str) -> list[str]:  # fmt: skip
    """The failures (empty when every diagnostic was expected and every expectation met)."""
    failures: list[str] = []
    for d in diagnostics:
        match = next((e for e in expectations if not e.matched and e.accepts(d)), None)
        if match is None:
            where = f"{filename}:{d.line}:{d.col}" if d.line is not None else filename
            failures.append(f"{where}: error: unexpected {d.severity}: {d.message}")
        else:
            match.matched = True
    for e in expectations:
        if not e.matched:
            kind = "matching" if e.regex else "containing"
            failures.append(
                f"{filename}:{e.at}: error: expected {e.severity} {kind} "
                f'"{e.text}" on line {e.line} was not produced'
            )
    return failures


__all__ = [
    "SEVERITIES",
    "AnnotationError",
    "Diagnostic",
    "Expectation",
    "parse_diagnostics",
    "parse_expectations",
    "verify",
]
