"""`python -m arignote.tools.fuzz`: run arignote's fuzzers and print the outcome counts.

    python -m arignote.tools.fuzz --ir 20000 --graphs 2000 --emu-graphs 500   # issue 12's budget
    python -m arignote.tools.fuzz --ir 500 --seed 7 --jobs 2 --out findings/

Each failure (an internal error, an error without file:line, a wrong number, a hang or a
crash; see arignote.fuzz) is printed once per distinct signature with its reproducer (the
seed and case index; the mutant or the graph), and every one is written under --out.  The
exit code is 1 when there was any failure.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m arignote.tools.fuzz", description=__doc__)
    ap.add_argument("--ir", type=int, default=0, help="number of IR mutants")
    ap.add_argument("--graphs", type=int, default=0, help="random graphs checked on cpu")
    ap.add_argument("--emu-graphs", type=int, default=0, help="random graphs checked on emu")
    ap.add_argument("--grad-graphs", type=int, default=None,
                    help="random verify_grad graphs (default: a tenth of --graphs)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per case (a hang)")
    ap.add_argument("--out", default=None, help="directory for the reproducers")
    return ap


def _report(title: str, counts: dict[str, int], findings: list, out: Path | None,  # type: ignore[type-arg]
            seconds: float) -> None:  # fmt: skip
    print(f"{title}: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + f" ({seconds:.0f} s)")
    seen = collections.Counter(f.signature() for f in findings)
    shown: set[str] = set()
    for f in findings:
        sig = f.signature()
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            path = out / f"{title.split()[0]}-{f.seed}-{f.index}.txt"
            path.write_text(f.report(), encoding="utf-8")
        if sig in shown:
            continue
        shown.add(sig)
        print(f"\n=== {sig} (x{seen[sig]})\n{f.report()}")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out = Path(args.out) if args.out else None
    bad = 0
    if args.ir:
        from arignote.fuzz.ir import fuzz_ir

        t = time.monotonic()
        counts, findings = fuzz_ir(args.ir, args.seed, jobs=args.jobs, timeout=args.timeout)
        _report("ir", counts, findings, out, time.monotonic() - t)
        bad += len(findings)
    grads = args.grad_graphs if args.grad_graphs is not None else args.graphs // 10
    for device, count, g in (("cpu", args.graphs, grads), ("emu", args.emu_graphs, 0)):
        if not (count or g):
            continue
        from arignote.fuzz.graphs import fuzz_graphs

        t = time.monotonic()
        counts, findings = fuzz_graphs(count, args.seed, device=device, grads=g,
                                       jobs=args.jobs, timeout=args.timeout)  # fmt: skip
        _report(f"graphs-{device}" + (f" (+{g} verify_grad)" if g else ""), counts, findings, out,
                time.monotonic() - t)  # fmt: skip
        bad += len(findings)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
