"""`python -m arignote.demo`: compile and run the seed examples on the default device.

Runs each seed example of ../shared/seed-theano-gpu.md twice: as kept in examples/ with
only the import lines changed, and verbatim (examples/theano/, `import theano`) through
the `arignote.compat.theano` alias, as `python -m arignote.compat.theano script.py` would;
then the benchmark chain of bench/ on a small vector; and prints the device, the results
and whether they match NumPy.
Pass `--device emu` (or set ARIGNOTE_FLAGS=device=emu) to run on the PTX emulator.
"""

from __future__ import annotations

import argparse
import runpy
import sys
import time
from pathlib import Path

import numpy as np

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
RUNNABLE = ["seed1_matmul.py", "seed2_elementwise.py", "seed3_conv2d.py"]


def chain_check() -> bool:
    import arignote as theano
    import arignote.tensor as tt

    x = tt.vector("x")
    y = tt.exp(-x * x) * tt.sin(3 * x) + 0.5 * tt.tanh(x) - x / (1 + x * x)
    t0 = time.perf_counter()
    f = theano.function([x], y)
    t1 = time.perf_counter()
    xv = np.random.default_rng(0).standard_normal(100_003).astype(np.float32)
    got = f(xv)
    ref = (np.exp(-xv * xv) * np.sin(3 * xv) + 0.5 * np.tanh(xv) - xv / (1 + xv * xv)).astype(
        np.float32
    )
    ok = bool(np.allclose(got, ref, rtol=1e-5, atol=1e-6))
    print(
        f"chain exp(-x*x)*sin(3x) + 0.5*tanh(x) - x/(1+x*x) on {xv.size} elements: "
        f"compiled in {t1 - t0:.2f} s, matches NumPy: {ok}"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default=None, help="cpu, emu or cuda (default: config.device)")
    args = ap.parse_args(argv)
    import arignote

    if args.device:
        arignote.config.device = args.device
    print(
        f"arignote {arignote.__version__} on device={arignote.config.device} "
        f"(floatX={arignote.config.floatX})"
    )
    ok = True
    for name in RUNNABLE:
        print(f"\n== {name}")
        try:
            runpy.run_path(str(EXAMPLES / name), run_name="__main__")
        except Exception as e:  # report and go on to the next example
            ok = False
            print(f"FAILED: {type(e).__name__}: {e}")
    import arignote.compat.theano  # noqa: F401 - `import theano` is arignote from here on

    for name in RUNNABLE:
        print(f"\n== theano/{name} (verbatim, through arignote.compat.theano)")
        try:
            runpy.run_path(str(EXAMPLES / "theano" / name), run_name="__main__")
        except Exception as e:
            ok = False
            print(f"FAILED: {type(e).__name__}: {e}")
    print("\n== benchmark chain")
    ok = chain_check() and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
