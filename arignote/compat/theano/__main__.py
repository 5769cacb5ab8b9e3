"""`python -m arignote.compat.theano script.py [args]`: run a Theano script on arignote.

Like `python script.py`: the script runs as `__main__` with `sys.argv` = [script, args...]
and its directory first on `sys.path`; `-c code` and `-m module` work as Python's.  The
exit status is the script's.
"""

from __future__ import annotations

import os
import runpy
import sys

USAGE = """usage: python -m arignote.compat.theano script.py [args ...]
       python -m arignote.compat.theano -c "code" [args ...]
       python -m arignote.compat.theano -m module [args ...]

Runs a Theano program with `import theano` resolving to arignote."""


def main(argv: list[str]) -> int:
    import arignote.compat.theano  # noqa: F401 - installs the alias

    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr if not argv else sys.stdout)
        return 2 if not argv else 0
    if argv[0] == "-c":
        if len(argv) < 2:
            print("error: -c needs an argument\n" + USAGE, file=sys.stderr)
            return 2
        sys.argv = ["-c", *argv[2:]]
        sys.path.insert(0, "")
        code = compile(argv[1], "<string>", "exec")
        exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
        return 0
    if argv[0] == "-m":
        if len(argv) < 2:
            print("error: -m needs a module name\n" + USAGE, file=sys.stderr)
            return 2
        sys.argv = [argv[1], *argv[2:]]
        sys.path.insert(0, os.getcwd())
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        return 0
    script = argv[0]
    if not os.path.exists(script):
        print(f"error: can't open file {script!r}: no such file", file=sys.stderr)
        return 2
    sys.argv = [script, *argv[1:]]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    runpy.run_path(script, run_name="__main__")
    return 0


if __name__ == "__main__":
    try:
        status = main(sys.argv[1:])
    except SystemExit as e:  # the script's sys.exit(...)
        raise e
    sys.exit(status)
