"""Parse + verify + print speed of arignote-opt against xdsl-opt and iree-opt (issue 15).

    python bench/opt_speed.py                       # 20k and 100k ops, one run each
    python bench/opt_speed.py --sizes 20000,100000,500000 --repeat 3
    python bench/opt_speed.py --profile 20000       # where arignote-opt's time goes

Each input is one function of N integer arith ops, every op using the two results before
it (addi, muli, subi, xori in turn), generated afresh in a temporary directory.  Each tool
reads the file and prints the module (`tool f.mlir -o out.mlir`); the time is the wall
time of the whole process (the best of --repeat runs), so it includes start-up (~0.25 s
for either tool on an empty file, 2026-12-07).  The outputs of arignote-opt and
xdsl-opt must be the same text (checked).  A tool that is not installed is skipped.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

OPS = ("arith.addi", "arith.muli", "arith.subi", "arith.xori")


def generate(n: int) -> str:
    lines = ["func.func @f(%a: i32, %b: i32) -> i32 {"]
    prev, prev2 = "%a", "%b"
    for i in range(n):
        lines.append(f"  %v{i} = {OPS[i % len(OPS)]} {prev}, {prev2} : i32")
        prev2, prev = prev, f"%v{i}"
    lines += [f"  func.return {prev} : i32", "}"]
    return "\n".join(lines) + "\n"


def _tool(name: str) -> str | None:
    bindir = os.path.dirname(sys.executable)
    return shutil.which(name, path=os.pathsep.join([bindir, os.environ.get("PATH", "")]))


def _time(cmd: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t0)
    return best


def _normalised(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read().rstrip("\n")


def run(sizes: list[int], repeat: int, tools: list[str]) -> None:
    found = {t: _tool(t) for t in tools}
    for t, path in found.items():
        if path is None:
            print(f"# {t}: not found, skipped")
    header = f"{'ops':>8}" + "".join(
        f"  {t + ' s':>14}  {'us/op':>7}" for t, p in found.items() if p
    )
    print(header + "  arignote/xdsl")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            src = os.path.join(tmp, f"f{n}.mlir")
            with open(src, "w", encoding="utf-8") as f:
                f.write(generate(n))
            row, secs, outs = f"{n:>8}", {}, {}
            for t, path in found.items():
                if path is None:
                    continue
                out = os.path.join(tmp, f"{t}-{n}.mlir")
                secs[t] = _time([path, src, "-o", out], repeat)
                outs[t] = out
                row += f"  {secs[t]:>14.2f}  {1e6 * secs[t] / n:>7.1f}"
            if "arignote-opt" in outs and "xdsl-opt" in outs:
                same = _normalised(outs["arignote-opt"]) == _normalised(outs["xdsl-opt"])
                row += f"  {secs['arignote-opt'] / secs['xdsl-opt']:>12.2f}"
                if not same:
                    row += "  (OUTPUTS DIFFER)"
            print(row, flush=True)


def profile(n: int) -> None:
    import cProfile
    import pstats

    from arignote.tools.opt import main

    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "f.mlir")
        with open(src, "w", encoding="utf-8") as f:
            f.write(generate(n))
        prof = cProfile.Profile()
        prof.runcall(main, [src, "-o", os.devnull])
    pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="20000,100000", help="comma-separated op counts")
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool and size (best)")
    ap.add_argument("--tools", default="arignote-opt,xdsl-opt,iree-opt")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="profile arignote-opt in-process on N ops instead")
    args = ap.parse_args()
    if args.profile:
        profile(args.profile)
        return
    run([int(s) for s in args.sizes.split(",")], args.repeat, args.tools.split(","))


if __name__ == "__main__":
    main()
