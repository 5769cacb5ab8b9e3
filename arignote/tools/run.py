"""`arignote-run`: compile a function from a `.mlir` file and run it on a device.

    arignote-run f.mlir                                  # random inputs, device=cpu
    arignote-run f.mlir --device emu --profile           # the PTX emulator, with its profile
    arignote-run f.mlir -i x.npy -i 2.5 --check          # given inputs, checked vs NumPy
    arignote-run f.mlir --dim 1000 --seed 3 --save out/  # sizes of '?' dims, outputs to .npy
    arignote-run loops.mlir --from loops --device emu    # IR already lowered to a stage

The input is `tt`-level IR (what the front end emits), or IR already lowered to a stage
of the device's pipeline (`--from <stage>`; the stages are those of `tt-to-cpu` /
`tt-to-ptx`, see `arignote-opt`).  `-f NAME` picks the function (default: the first).

Inputs, one `-i` per argument in order: a `.npy` file, a number (a rank-0 tensor or an
`index` argument), or `rand` / `rand:4x3` (a random array, its `?` dims `--dim` long, or
the given shape).  Without `-i`, every argument is random (seeded by `--seed`, default
0; `index` arguments get `--dim`).  Outputs are printed (shape, dtype, values) or saved
as `<dir>/out<k>.npy` with `--save`.  `--check` evaluates the tt function with the NumPy
reference (`arignote.reference`) on the same inputs and fails (exit 1) when an output
differs by more than the dtype's tolerance.  `--profile` prints the device's transfers and
kernel launches (emu/cuda).  Errors are `error: ...` on stderr with exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from arignote.errors import ArignoteError

TOLERANCE = {"float16": (1e-2, 1e-3), "float32": (1e-5, 1e-6), "float64": (1e-10, 1e-12)}


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="arignote-run", description=__doc__.splitlines()[0])
    ap.add_argument("input_file", help="the .mlir file")
    ap.add_argument("-f", "--function", default=None, help="function to run (default: first)")
    ap.add_argument("--device", default="cpu", help="cpu, emu or cuda (default cpu)")
    ap.add_argument("-i", "--input", action="append", default=[], help="an argument (see above)")
    ap.add_argument("--dim", type=int, default=16, help="size of '?' dims of random inputs")
    ap.add_argument("--seed", type=int, default=0, help="seed of the random inputs")
    ap.add_argument("--from", dest="from_stage", default=None, help="the stage the IR is at")
    ap.add_argument("--check", action="store_true", help="compare with the NumPy reference")
    ap.add_argument("--profile", action="store_true", help="print the device profile")
    ap.add_argument("--save", default=None, help="directory for out<k>.npy")
    ap.add_argument(
        "--gpu-libraries",
        default=None,
        help="library calls on emu/cuda: all (emu's default), auto (cuda's), none (generated "
        "kernels), cublas or cudnn",
    )
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except ArignoteError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from arignote.ir import parse_module, verify_module
    from arignote.reference import evaluate, find_function
    from arignote.runtime.devices import get_gpu_device, is_gpu

    if args.gpu_libraries is not None:
        from arignote.config import apply_flags, config

        apply_flags(config, {"gpu_libraries": args.gpu_libraries}, "--gpu-libraries")
    text = Path(args.input_file).read_text()
    module = parse_module(text, args.input_file)
    verify_module(module)
    f = find_function(module, args.function)
    name = f.sym_name.data
    types = list(f.function_type.inputs.data)
    rng = np.random.default_rng(args.seed)
    if args.input and len(args.input) != len(types):
        raise ValueError(f"@{name} takes {len(types)} argument(s), got {len(args.input)} -i")
    specs = args.input or ["rand"] * len(types)
    values = [_value(spec, t, args.dim, rng, i) for i, (spec, t) in enumerate(zip(specs, types))]
    compiled = _compile(module, name, args.device, args.from_stage)
    if is_gpu(args.device):
        get_gpu_device(args.device).profile.reset()
    outputs = compiled.run(*values)
    ok = True
    if args.check:
        if args.from_stage is not None:
            raise ValueError("--check needs tt-level input (the reference runs tt ops)")
        ref = evaluate(f, values)
        for k, (got, want) in enumerate(zip(outputs, ref)):
            want = np.asarray(want)
            rtol, atol = TOLERANCE.get(want.dtype.name, (0, 0))
            same = got.shape == want.shape and (
                np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
                if want.dtype.kind == "f"
                else np.array_equal(got, want)
            )
            print(f"check out{k}: {'ok' if same else 'MISMATCH'} (rtol {rtol}, atol {atol})")
            ok = ok and bool(same)
    for k, out in enumerate(outputs):
        if args.save:
            Path(args.save).mkdir(parents=True, exist_ok=True)
            np.save(Path(args.save) / f"out{k}.npy", out)
        else:
            print(f"out{k}: {out.dtype}{list(out.shape)} = {np.array2string(out, threshold=20)}")
    if args.profile:
        _print_profile(args.device)
    return 0 if ok else 1


def _value(spec: str, t: Any, dim: int, rng: np.random.Generator, i: int) -> Any:
    from xdsl.dialects.builtin import IndexType, IntegerType, MemRefType, TensorType

    from arignote.dialects import tt

    if isinstance(t, IndexType):
        return dim if spec.startswith("rand") else int(spec)
    if not isinstance(t, TensorType | MemRefType):
        raise ValueError(f"argument {i} has type {t}, which arignote-run cannot make")
    dtype = tt.numpy_dtype(t.element_type)
    if spec.endswith(".npy"):
        arr = np.load(spec)
        if arr.dtype != dtype:
            raise ValueError(f"argument {i}: {spec} has dtype {arr.dtype}, expected {dtype}")
        return np.asarray(arr, order="C")
    if spec.startswith("rand"):
        if ":" in spec:
            shape = tuple(int(s) for s in spec.split(":", 1)[1].split("x") if s)
        else:
            shape = tuple(dim if s < 0 else s for s in t.get_shape())
        if len(shape) != len(t.get_shape()):
            raise ValueError(f"argument {i}: shape {shape} does not fit {t}")
        if isinstance(t.element_type, IntegerType):
            if t.element_type.width.data == 1:
                return rng.integers(0, 2, shape).astype(bool)
            return rng.integers(-10, 10, shape).astype(dtype)
        return rng.standard_normal(shape).astype(dtype)
    return np.asarray(float(spec) if dtype.kind == "f" else int(spec), dtype=dtype)


def _compile(module: Any, name: str, device: str, from_stage: str | None) -> Any:
    from arignote import compiler

    if from_stage is None:
        return compiler.compile_module(module, name, device)
    return compiler.compile_from_stage(module, name, device, from_stage)


def _print_profile(device: str) -> None:
    from arignote.runtime.devices import get_gpu_device, is_gpu

    if not is_gpu(device):
        print("profile: (the cpu device keeps no profile)")
        return
    print("profile: " + get_gpu_device(device).profile.report())

if __name__ == "__main__":
    sys.exit(main())
