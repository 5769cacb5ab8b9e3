"""arignote's own fuzzers (issue 12).

- `arignote.fuzz.ir`: mutates the lit inputs (filecheck/**/*.mlir, split on `// -----`) at the
  token level and drives `arignote-opt` (parse + verify, the file's own pipelines, `tt-to-cpu`
  and `tt-to-ptx`) and `arignote-run --check` in-process on every mutant.
- `arignote.fuzz.graphs`: random Theano graphs built with `arignote.tensor`, compiled on cpu
  (and emu), compared with a NumPy interpreter of the same graph; random `verify_grad` graphs.

Every case runs in a forked worker (`arignote.fuzz.pool`) under a time limit and a memory
limit, and gets one outcome class (`OUTCOMES`): `accepted`, `diagnostic` (an ArignoteError
naming file:line), and the failures `unlocated` (an ArignoteError without file:line),
`internal` (InternalError or any other exception), `mismatch` (a wrong number), `hang`
(over the time limit) and `crash` (the worker died).  Every case is reproducible from
(seed, index).  Small budgets run in tests/fuzz; the big one:

    python -m arignote.tools.fuzz --ir 20000 --graphs 2000 --emu-graphs 500
"""

from __future__ import annotations

#: outcome classes, the good ones first
GOOD = ("accepted", "diagnostic")
BAD = ("unlocated", "internal", "mismatch", "hang", "crash")
OUTCOMES = GOOD + BAD
