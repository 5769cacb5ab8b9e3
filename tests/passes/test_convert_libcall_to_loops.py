"""The generated-kernel fallback of library calls (convert-libcall-to-loops), run.

Each case is one libcall op with random attributes (transposes, alpha/beta, bias, relu;
strides, padding, dilation, flip; pooling modes, ignore_border sizes; softmax axes) on
tensors, marked `provider = "kernel"`, compiled by the whole pipeline for the CPU (native
loops) and for the PTX emulator (the same loops as GPU kernels), run on fresh random
inputs and compared with the op's NumPy reference (float64, rounded once).

Tolerances (relative and absolute): f32 1e-4, f64 1e-10, f16 (accumulated in f32,
rounded once) 2e-3 -- the host providers' tolerances.
"""

from __future__ import annotations

import numpy as np
import pytest

from arignote import compiler
from arignote.config import config
from arignote.dialects.libcall import LibcallOp, conv_output_size, pool_output_sizes
from arignote.ir import parse_module
from arignote.runtime.devices import get_gpu_device

TOL = {"f64": 1e-10, "f32": 1e-4, "f16": 2e-3}
DT = {"f64": np.float64, "f32": np.float32, "f16": np.float16}


def _t(shape: tuple[int, ...], el: str, dynamic: bool = False) -> str:
    dims = "x".join("?" if dynamic else str(s) for s in shape)
    return f"tensor<{dims}x{el}>" if shape else f"tensor<{el}>"


def _program(op: str, args: list[tuple[str, tuple[int, ...]]], dest: str, tail: str,
              el: str, dynamic: bool, ins: list[str], bias: str | None = None) -> str:  # fmt: skip
    """func @f(args) { %r = <op> ins(...) outs(%dest) [bias(...)] <tail> -> T }"""
    types = {n: _t(s, el, dynamic) for n, s in args}
    sig = ", ".join(f"%{n}: {types[n]}" for n, _ in args)
    ins_s = ", ".join(f"%{n}" for n in ins) + " : " + ", ".join(types[n] for n in ins)
    b = f" bias(%{bias} : {types[bias]})" if bias else ""
    return (
        f"func.func @f({sig}) -> {types[dest]} {{\n"
        f"  %r = {op} ins({ins_s}) outs(%{dest} : {types[dest]}){b} {tail} "
        f'{{provider = "kernel"}} -> {types[dest]}\n'
        f"  func.return %r : {types[dest]}\n}}\n"
    )


def gemm_case(r: np.random.Generator, el: str) -> tuple[str, list[tuple[int, ...]]]:
    batched = bool(r.integers(0, 2))
    ta, tb = bool(r.integers(0, 2)), bool(r.integers(0, 2))
    m, k, n = (int(v) for v in r.integers(1, 7, 3))
    lead = (int(r.integers(1, 4)),) if batched else ()
    a = (*lead, *((k, m) if ta else (m, k)))
    b = (*lead, *((n, k) if tb else (k, n)))
    c = (*lead, m, n)
    alpha = float(r.choice([1.0, 0.5, -2.0]))
    beta = float(r.choice([0.0, 0.0, 1.5]))
    bias = not batched and bool(r.integers(0, 2))
    tail = (
        ("transpose_a " if ta else "") + ("transpose_b " if tb else "")
        + f"alpha = {alpha!r} beta = {beta!r}"
        + (" epilogue = relu" if r.integers(0, 2) else "")
    )  # fmt: skip
    args = [("a", a), ("b", b), ("c", c)] + ([("bias", (n,))] if bias else [])
    op = "libcall.batched_gemm" if batched else "libcall.gemm"
    dyn = bool(r.integers(0, 2))
    text = _program(op, args, "c", tail, el, dyn, ["a", "b"], "bias" if bias else None)
    return text, [s for _, s in args]


def _conv_geometry(r: np.random.Generator):  # type: ignore[no-untyped-def]
    while True:
        n, c, o = (int(v) for v in r.integers(1, 4, 3))
        h, w = (int(v) for v in r.integers(3, 9, 2))
        kh, kw = (int(v) for v in r.integers(1, 4, 2))
        s = [int(v) for v in r.integers(1, 3, 2)]
        p = [int(v) for v in r.integers(0, 3, 4)]
        d = [int(v) for v in r.integers(1, 3, 2)]
        ho = conv_output_size(h, kh, s[0], p[0], p[1], d[0])
        wo = conv_output_size(w, kw, s[1], p[2], p[3], d[1])
        if ho >= 1 and wo >= 1:
            attrs = f"strides {s} padding {p} dilation {d}" + (" flip" if r.integers(0, 2) else "")
            return (n, c, h, w), (o, c, kh, kw), (n, o, ho, wo), attrs


def conv_case(r: np.random.Generator, el: str) -> tuple[str, list[tuple[int, ...]]]:
    x, w, y, attrs = _conv_geometry(r)
    kind = int(r.integers(0, 3))
    dyn = bool(r.integers(0, 2))
    if kind == 0:
        bias = bool(r.integers(0, 2))
        tail = attrs + (" epilogue = relu" if r.integers(0, 2) else "")
        args = [("x", x), ("w", w), ("y", y)] + ([("bias", (w[0],))] if bias else [])
        text = _program("libcall.conv2d", args, "y", tail, el, dyn, ["x", "w"],
                        "bias" if bias else None)  # fmt: skip
    elif kind == 1:
        args = [("dy", y), ("w", w), ("dx", x)]
        text = _program("libcall.conv2d_backward_data", args, "dx", attrs, el, dyn, ["dy", "w"])
    else:
        args = [("x", x), ("dy", y), ("dw", w)]
        text = _program("libcall.conv2d_backward_filter", args, "dw", attrs, el, dyn, ["x", "dy"])
    return text, [s for _, s in args]


def pool_case(r: np.random.Generator, el: str) -> tuple[str, list[tuple[int, ...]]]:
    mode = str(r.choice(["max", "sum", "average_inc_pad", "average_exc_pad"]))
    lead = tuple(int(v) for v in r.integers(1, 4, int(r.integers(0, 3))))
    h, w = (int(v) for v in r.integers(1, 8, 2))
    win = [int(v) for v in r.integers(1, 4, 2)]
    st = [int(v) for v in r.integers(1, 4, 2)]
    pad = [int(r.integers(0, win[k])) if r.integers(0, 2) else 0 for k in (0, 1)]
    out = []
    for n, k in ((h, 0), (w, 1)):
        sizes = [v for v in pool_output_sizes(n, win[k], st[k], pad[k]) if v > 0]
        if not sizes:
            return pool_case(r, el)
        out.append(int(r.choice(sizes)))
    x, y = (*lead, h, w), (*lead, *out)
    tail = f"window {win} strides {st} padding {pad}"
    dyn = bool(r.integers(0, 2))
    if r.integers(0, 2):
        text = _program(f"libcall.pool2d {mode}", [("x", x), ("y", y)], "y", tail, el, dyn,
                        ["x"])  # fmt: skip
        return text, [x, y]
    if mode == "max":
        args = [("x", x), ("y", y), ("dy", y), ("dx", x)]
        ins = ["x", "y", "dy"]
    else:
        args = [("dy", y), ("dx", x)]
        ins = ["dy"]
    text = _program(f"libcall.pool2d_backward {mode}", args, "dx", tail, el, dyn, ins)
    return text, [s for _, s in args]


def softmax_case(r: np.random.Generator, el: str) -> tuple[str, list[tuple[int, ...]]]:
    shape = tuple(int(v) for v in r.integers(1, 6, int(r.integers(1, 4))))
    axis = int(r.integers(0, len(shape)))
    op = str(r.choice(["libcall.softmax", "libcall.log_softmax"]))
    text = _program(op, [("x", shape), ("y", shape)], "y", f"axis {axis}", el,
                    bool(r.integers(0, 2)), ["x"])  # fmt: skip
    return text, [shape, shape]


CASES = {"gemm": gemm_case, "conv": conv_case, "pool": pool_case, "softmax": softmax_case}


def _inputs(op: LibcallOp, shapes: list[tuple[int, ...]], el: str,
            rng: np.random.Generator) -> list[np.ndarray]:  # fmt: skip
    arrays = [rng.standard_normal(s).astype(DT[el]) for s in shapes]
    if op.name == "libcall.pool2d_backward" and op.mode.data == "max":
        # Y must be the forward output of X for the gradient to mean anything; make ties
        # too (every value appears twice) so that the tie rule is exercised
        x = arrays[0]
        flat = x.reshape(-1)
        flat[1::2] = flat[: flat.size // 2 * 2 : 2][: flat[1::2].size]
        fwd = parse_module(
            f"func.func @g(%x: {_t(x.shape, el)}, %y: {_t(shapes[1], el)}) -> "
            f"{_t(shapes[1], el)} {{\n  %r = libcall.pool2d max ins(%x : {_t(x.shape, el)}) "
            f"outs(%y : {_t(shapes[1], el)}) window {list(op.window.get_values())} strides "
            f"{list(op.strides.get_values())} padding {list(op.padding.get_values())} -> "
            f"{_t(shapes[1], el)}\n  func.return %r : {_t(shapes[1], el)}\n}}"
        )
        pool = next(o for o in fwd.walk() if isinstance(o, LibcallOp))
        arrays[1] = pool.reference(x, arrays[1])  # type: ignore[attr-defined]
    return arrays


def _check(kind: str, seed: int, el: str, device: str, rng: np.random.Generator) -> None:
    text, shapes = CASES[kind](np.random.default_rng(seed), el)
    module = parse_module(text, f"<{kind}-{seed}>")
    op = next(o for o in module.walk() if isinstance(o, LibcallOp))
    arrays = _inputs(op, shapes, el, rng)
    want = op.reference(*[a.copy() for a in arrays])  # type: ignore[attr-defined]
    compiled = compiler.compile_module(module, "f", device)
    if device == "emu":
        prof = get_gpu_device("emu").profile
        prof.reset()
    (got,) = compiled.run(*arrays)
    if device == "emu":
        names = [k.kernel for k in prof.launches]
        assert names and not any(n.startswith("libcall:") for n in names), names
    tol = TOL[el]
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol, err_msg=text)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("kind", sorted(CASES))
def test_kernel_matches_reference_on_cpu(kind: str, seed: int, rng: np.random.Generator) -> None:
    _check(kind, seed, "f32" if seed % 4 else "f64", "cpu", rng)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("kind", sorted(CASES))
def test_kernel_matches_reference_on_emu(kind: str, seed: int, rng: np.random.Generator) -> None:
    _check(kind, 100 + seed, "f64" if seed == 5 else "f32", "emu", rng)


@pytest.mark.parametrize("device", ["cpu", "emu"])
@pytest.mark.parametrize("kind", sorted(CASES))
def test_f16_accumulates_in_f32(kind: str, device: str, rng: np.random.Generator) -> None:
    _check(kind, 7, "f16", device, rng)


def test_fallback_when_libraries_are_missing(rng: np.random.Generator, capfd) -> None:  # type: ignore[no-untyped-def]
    """gpu_libraries=none: the emulator runs the gemm as a generated kernel, not as the
    emulated cuBLAS reference; the result is the same."""
    text = """
func.func @f(%a: tensor<5x3xf32>, %b: tensor<3x4xf32>) -> tensor<5x4xf32> {
  %e = tensor.empty() : tensor<5x4xf32>
  %r = libcall.gemm ins(%a, %b : tensor<5x3xf32>, tensor<3x4xf32>) outs(%e : tensor<5x4xf32>) alpha = 1.0 beta = 0.0 -> tensor<5x4xf32>
  func.return %r : tensor<5x4xf32>
}
"""
    a = rng.standard_normal((5, 3)).astype(np.float32)
    b = rng.standard_normal((3, 4)).astype(np.float32)
    old = config.gpu_libraries
    dev = get_gpu_device("emu")
    try:
        for mode, library in (("all", True), ("none", False)):
            config.gpu_libraries = mode
            dev.profile.reset()
            (got,) = compiler.compile_module(parse_module(text), "f", "emu").run(a, b)
            np.testing.assert_allclose(got, a @ b, rtol=1e-5, atol=1e-6)
            names = [k.kernel for k in dev.profile.launches]
            assert any(n.startswith("libcall:") for n in names) == library, names
    finally:
        config.gpu_libraries = old
    assert "notice" not in capfd.readouterr().err  # chosen, not missing: no notice
