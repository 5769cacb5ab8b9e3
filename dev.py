#!/usr/bin/env python3
"""Set up arignote's environment and run its main jobs.

    python3 dev.py demo      # set up, then compile and run the seed examples on the default device
    python3 dev.py test      # set up, then run the whole test suite (pytest and lit)
    python3 dev.py setup     # only set up

Setting up creates `.venv/` beside this file (with the Python running this script, 3.11 or
newer) and installs arignote with its test extra into it; it is repeated only when
`pyproject.toml` changes.  Each job then writes the package's bytecode (`compileall`, only
for changed sources): where PYTHONDONTWRITEBYTECODE is set, Python would otherwise compile
every module from source in every process (~0.15 s per process: each arignote-opt that
lit runs, each first compile).  `test` runs pytest on one worker per core (pytest-xdist),
then lit; extra arguments after `test` go to pytest, which then runs in one process.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".arignote-stamp"


def _venv_python() -> Path:
    return VENV / "bin" / "python"


def setup() -> Path:
    if sys.version_info < (3, 11):
        sys.exit(f"arignote needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    py = _venv_python()
    if py.exists() and STAMP.exists() and STAMP.read_text() == want:
        return py
    if not py.exists():
        print(f"dev.py: creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("dev.py: installing arignote[test,bench] into .venv", flush=True)
    subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-e", f"{ROOT}[test,bench]"],
        check=True,
    )
    STAMP.write_text(want)
    return py


def compile_bytecode(py: Path) -> None:
    """Write __pycache__ for the package's changed modules (what a wheel install does)."""
    subprocess.run([str(py), "-m", "compileall", "-q", "-j", "0", str(ROOT / "arignote")],
                   check=True, stdout=subprocess.DEVNULL)


def _run(cmd: list[str]) -> int:
    env = dict(os.environ)
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(cmd, cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    job = argv[0] if argv else "test"
    py = str(setup())
    compile_bytecode(Path(py))
    if job == "setup":
        return 0
    if job == "demo":
        return _run([py, "-m", "arignote.demo", *argv[1:]])
    if job == "test":
        # the whole suite runs on every core (pytest-xdist: one worker per core, each with
        # its own compile cache); a selection given on the command line runs in-process
        spread = [] if argv[1:] else ["-n", "auto"]
        rc = _run([py, "-m", "pytest", "-q", *spread, *argv[1:]])
        rc_lit = _run([str(VENV / "bin" / "lit"), "-q", "filecheck"])
        return rc or rc_lit
    sys.exit(f"dev.py: unknown job {job!r} (use demo, test or setup)")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
