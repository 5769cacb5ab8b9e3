"""The host providers of libcall ops against the ops' NumPy references.

Each case parses a libcall op on memrefs (dynamic sizes, so the executor reads every size
from the buffers), runs select-libcall-providers, builds the executor with
`make_executor`, runs it on fresh random C-contiguous buffers and compares the
destination with `op.reference` (float64, rounded once).  The destination starts as NaN
(except where beta reads it), so a provider that leaves part of it unwritten fails.

Tolerances (relative and absolute, values are O(1) sums of up to ~100 products):
float64 1e-10, float32 1e-4, float16 (computed in float32, rounded once) 2e-3.
"""

from __future__ import annotations

import itertools
import tracemalloc

import numpy as np
import pytest

from arignote.dialects.libcall import LibcallOp, conv_output_size, pool_output_size
from arignote.errors import InternalError, ShapeError
from arignote.ir import parse_module
from arignote.passes.select_libcall_providers import SelectLibcallProvidersPass
from arignote.passmanager import run_passes
from arignote.registry import make_context
from arignote.runtime.libcall import make_executor
from arignote.runtime.libcall.blas import gemm_description, load_cblas

TOL = {np.float64: 1e-10, np.float32: 1e-4, np.float16: 2e-3}
EL = {np.float64: "f64", np.float32: "f32", np.float16: "f16"}


def _mem(rank: int, dtype: type) -> str:
    return f"memref<{'?x' * rank}{EL[dtype]}>"


def _compile(line: str, args: list[tuple[str, str]]) -> tuple[LibcallOp, object]:
    """One libcall op on memrefs, providers selected, and its executor."""
    sig = ", ".join(f"%{n}: {t}" for n, t in args)
    m = parse_module(f"func.func @f({sig}) {{\n  {line}\n  func.return\n}}")
    run_passes(make_context(), m, [SelectLibcallProvidersPass()])
    op = next(o for o in m.walk() if isinstance(o, LibcallOp))
    return op, make_executor(op)


def _run_and_compare(op: LibcallOp, run, arrays: list[np.ndarray], dtype: type) -> None:  # type: ignore[no-untyped-def]
    dest = op.destination_operands()[0]
    want = op.reference(*[a.copy() for a in arrays])
    run(arrays)
    tol = TOL[dtype]
    np.testing.assert_allclose(arrays[dest], want, rtol=tol, atol=tol)


def _rand(rng: np.random.Generator, shape: tuple[int, ...], dtype: type) -> np.ndarray:
    return rng.standard_normal(shape).astype(dtype)


# --------------------------------------------------------------------------- gemm


def test_cblas_is_numpys_openblas() -> None:
    lib = load_cblas()
    assert lib is not None, "NumPy's wheel ships OpenBLAS; cpu-blas should find it"
    assert "gemm" in lib.description
    assert gemm_description().startswith("CBLAS")


GEMM_CASES = list(
    itertools.product(
        [np.float32, np.float64, np.float16],
        [False, True],  # transpose_a
        [False, True],  # transpose_b
        [("", False), ("alpha = -0.5 beta = 2.0 epilogue = relu", True)],
    )
)


@pytest.mark.parametrize("dtype,ta,tb,extra", GEMM_CASES)
def test_gemm_cpu_blas(rng, dtype, ta, tb, extra) -> None:  # type: ignore[no-untyped-def]
    attrs, bias = extra
    m, k, n = 7, 37, 5
    a = _rand(rng, (k, m) if ta else (m, k), dtype)
    b = _rand(rng, (n, k) if tb else (k, n), dtype)
    c = _rand(rng, (m, n), dtype) if "beta" in attrs else np.full((m, n), np.nan, dtype)
    v = _rand(rng, (n,), dtype)
    t2, t1 = _mem(2, dtype), _mem(1, dtype)
    line = (
        f"libcall.gemm ins(%a, %b : {t2}, {t2}) outs(%c : {t2})"
        + (f" bias(%v : {t1})" if bias else "")
        + (" transpose_a" if ta else "")
        + (" transpose_b" if tb else "")
        + f" {attrs}"
    )
    op, run = _compile(line, [("a", t2), ("b", t2), ("c", t2), ("v", t1)])
    assert op.attributes["provider"].data == "cpu-blas"  # type: ignore[attr-defined]
    _run_and_compare(op, run, [a, b, c, v] if bias else [a, b, c], dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gemm_plain_case_makes_no_copy(rng: np.random.Generator, dtype: type) -> None:
    """The plain gemm is one BLAS call on the buffers: nothing is allocated during it."""
    a, b = _rand(rng, (300, 200), dtype), _rand(rng, (200, 100), dtype)
    c = np.empty((300, 100), dtype)
    t = _mem(2, dtype)
    op, run = _compile(
        f"libcall.gemm ins(%a, %b : {t}, {t}) outs(%c : {t})", [("a", t), ("b", t), ("c", t)]
    )
    run([a, b, c])  # warm up (ctypes, lazy imports)
    tracemalloc.start()
    run([a, b, c])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 4096, f"{peak} bytes allocated during a plain gemm"
    np.testing.assert_allclose(c, a.astype(np.float64) @ b, rtol=TOL[dtype], atol=TOL[dtype])


def test_gemm_beta_zero_ignores_nan_and_empty_sizes(rng: np.random.Generator) -> None:
    t = _mem(2, np.float32)
    op, run = _compile(
        f"libcall.gemm ins(%a, %b : {t}, {t}) outs(%c : {t})", [("a", t), ("b", t), ("c", t)]
    )
    a, b = _rand(rng, (3, 4), np.float32), _rand(rng, (4, 5), np.float32)
    c = np.full((3, 5), np.nan, np.float32)
    run([a, b, c])
    assert np.isfinite(c).all()
    c0 = np.full((3, 5), np.nan, np.float32)  # K = 0: D = 0
    run([np.empty((3, 0), np.float32), np.empty((0, 5), np.float32), c0])
    np.testing.assert_array_equal(c0, 0.0)
    run([np.empty((0, 4), np.float32), b, np.empty((0, 5), np.float32)])  # M = 0: no call


def test_gemm_k_zero_with_beta_scales_c(rng: np.random.Generator) -> None:
    t = _mem(2, np.float64)
    op, run = _compile(
        f"libcall.gemm ins(%a, %b : {t}, {t}) outs(%c : {t}) alpha = 1.0 beta = 3.0",
        [("a", t), ("b", t), ("c", t)],
    )
    c = _rand(rng, (2, 3), np.float64)
    want = 3.0 * c
    run([np.empty((2, 0)), np.empty((0, 3)), c])
    np.testing.assert_allclose(c, want, rtol=1e-15)


def test_gemm_destination_aliasing_an_input(rng: np.random.Generator) -> None:
    """C is the buffer of A: the provider computes into a temporary first."""
    t = _mem(2, np.float64)
    op, run = _compile(
        f"libcall.gemm ins(%a, %b : {t}, {t}) outs(%a : {t}) alpha = 1.0 beta = 1.0",
        [("a", t), ("b", t)],
    )
    a, b = _rand(rng, (6, 6), np.float64), _rand(rng, (6, 6), np.float64)
    want = a @ b + a
    run([a, b, a])
    np.testing.assert_allclose(a, want, rtol=1e-12, atol=1e-12)


def test_gemm_non_contiguous_buffers(rng: np.random.Generator) -> None:
    t = _mem(2, np.float32)
    op, run = _compile(
        f"libcall.gemm ins(%a, %b : {t}, {t}) outs(%c : {t})", [("a", t), ("b", t), ("c", t)]
    )
    a = _rand(rng, (5, 12), np.float32)[:, ::2]
    b = _rand(rng, (6, 8), np.float32).T.T[:, 1:5]
    c = np.full((10, 4), np.nan, np.float32)[::2]
    want = a.astype(np.float64) @ b
    run([a, b, c])
    np.testing.assert_allclose(c, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gemm_cpu_numpy(rng: np.random.Generator, dtype: type) -> None:
    t, t1 = _mem(2, dtype), _mem(1, dtype)
    op, run = _compile(
        f"libcall.gemm ins(%a, %b : {t}, {t}) outs(%c : {t}) bias(%v : {t1}) transpose_a "
        'alpha = 2.0 beta = 0.5 {provider = "cpu-numpy"}',
        [("a", t), ("b", t), ("c", t), ("v", t1)],
    )
    assert op.attributes["provider"].data == "cpu-numpy"  # type: ignore[attr-defined]
    arrays = [_rand(rng, s, dtype) for s in ((9, 4), (9, 3), (4, 3), (3,))]
    _run_and_compare(op, run, arrays, dtype)


@pytest.mark.parametrize(
    "dtype,ta,tb", list(itertools.product([np.float32, np.float64], [False, True], [False, True]))
)
def test_batched_gemm_cpu_blas(rng, dtype, ta, tb) -> None:  # type: ignore[no-untyped-def]
    nb, m, k, n = 4, 3, 11, 6
    t3, t1 = _mem(3, dtype), _mem(1, dtype)
    op, run = _compile(
        f"libcall.batched_gemm ins(%a, %b : {t3}, {t3}) outs(%c : {t3}) bias(%v : {t1})"
        + (" transpose_a" if ta else "")
        + (" transpose_b" if tb else "")
        + " alpha = 1.5 beta = -1.0",
        [("a", t3), ("b", t3), ("c", t3), ("v", t1)],
    )
    a = _rand(rng, (nb, k, m) if ta else (nb, m, k), dtype)
    b = _rand(rng, (nb, n, k) if tb else (nb, k, n), dtype)
    _run_and_compare(op, run, [a, b, _rand(rng, (nb, m, n), dtype), _rand(rng, (n,), dtype)], dtype)


def test_gemm_shape_errors_name_the_op() -> None:
    t = _mem(2, np.float32)
    op, run = _compile(
        f"libcall.gemm ins(%a, %b : {t}, {t}) outs(%c : {t})", [("a", t), ("b", t), ("c", t)]
    )
    a, b, c = np.ones((3, 4), np.float32), np.ones((5, 2), np.float32), np.ones((3, 2), np.float32)
    with pytest.raises(ShapeError, match=r"libcall.gemm at <string>:2:3: A \(3, 4\), B \(5, 2\)"):
        run([a, b, c])  # type: ignore[operator]


def test_make_executor_refusals() -> None:
    t = "memref<4x4xf32>"
    m = parse_module(
        f"func.func @f(%a: {t}, %d: memref<4x4xf32, 1>) {{\n"
        f"  libcall.gemm ins(%a, %a : {t}, {t}) outs(%a : {t})\n"
        '  libcall.gemm ins(%d, %d : memref<4x4xf32, 1>, memref<4x4xf32, 1>) outs(%d : memref<4x4xf32, 1>) {provider = "cublas"}\n'
        "  func.return\n}"
    )
    host, dev = [o for o in m.walk() if isinstance(o, LibcallOp)]
    with pytest.raises(InternalError, match="has no provider \\(run select-libcall-providers\\)"):
        make_executor(host)
    with pytest.raises(InternalError, match="provider 'cublas' runs on the GPU"):
        make_executor(dev)
    host.attributes["provider"] = dev.attributes["provider"]
    with pytest.raises(InternalError, match="provider 'cublas' runs on the GPU"):
        make_executor(host)


# --------------------------------------------------------------------------- convolution

CONV_CASES = [
    # x shape, w shape, strides, padding, dilation, flip
    ((2, 3, 9, 8), (4, 3, 3, 2), (1, 1), (0, 0, 0, 0), (1, 1), True),
    ((2, 3, 9, 8), (4, 3, 3, 2), (2, 2), (1, 0, 1, 2), (1, 2), True),
    ((1, 2, 7, 7), (3, 2, 3, 3), (1, 1), (2, 2, 2, 2), (1, 1), False),  # 'full'
    ((2, 2, 10, 6), (2, 2, 2, 3), (3, 1), (1, 1, 1, 1), (2, 1), False),
    ((3, 4, 5, 5), (6, 4, 1, 1), (1, 1), (0, 0, 0, 0), (1, 1), True),  # pointwise
    ((2, 1, 12, 12), (5, 1, 5, 5), (1, 1), (0, 0, 0, 0), (1, 1), True),  # LeNet-like
]


def _conv_lines(dtype: type, s, p, d, flip, bias: bool = False):  # type: ignore[no-untyped-def]
    t4, t1 = _mem(4, dtype), _mem(1, dtype)
    attrs = (
        f"strides [{s[0]}, {s[1]}] padding [{', '.join(map(str, p))}] dilation [{d[0]}, {d[1]}]"
        + (" flip" if flip else "")
    )
    args = [("x", t4), ("w", t4), ("y", t4), ("b", t1)]
    fwd = (
        f"libcall.conv2d ins(%x, %w : {t4}, {t4}) outs(%y : {t4})"
        + (f" bias(%b : {t1})" if bias else "")
        + f" {attrs}"
        + (" epilogue = relu" if bias else "")
        + ' {provider = "cpu-im2col"}'  # (cpu-direct, the default, is generated code)
    )
    data = f"libcall.conv2d_backward_data ins(%y, %w : {t4}, {t4}) outs(%x : {t4}) {attrs}"
    filt = f"libcall.conv2d_backward_filter ins(%x, %y : {t4}, {t4}) outs(%w : {t4}) {attrs}"
    return [_compile(line, args) for line in (fwd, data, filt)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("xs,ws,s,p,d,flip", CONV_CASES)
def test_conv2d_cpu_im2col(rng, dtype, xs, ws, s, p, d, flip) -> None:  # type: ignore[no-untyped-def]
    ho = conv_output_size(xs[2], ws[2], s[0], p[0], p[1], d[0])
    wo = conv_output_size(xs[3], ws[3], s[1], p[2], p[3], d[1])
    ys = (xs[0], ws[0], ho, wo)
    bias = ws[2] == 5  # the LeNet-like case also checks bias + relu
    (fwd, run_f), (data, run_d), (filt, run_w) = _conv_lines(dtype, s, p, d, flip, bias)
    for op in (fwd, data, filt):
        assert op.attributes["provider"].data == "cpu-im2col"  # type: ignore[attr-defined]
    x, w, g = _rand(rng, xs, dtype), _rand(rng, ws, dtype), _rand(rng, ys, dtype)
    nan = lambda shape: np.full(shape, np.nan, dtype)  # noqa: E731
    fwd_args = [x, w, nan(ys)] + ([_rand(rng, (ws[0],), dtype)] if bias else [])
    _run_and_compare(fwd, run_f, fwd_args, dtype)
    _run_and_compare(data, run_d, [g, w, nan(xs)], dtype)
    _run_and_compare(filt, run_w, [x, g, nan(ws)], dtype)


def test_conv2d_float16(rng: np.random.Generator) -> None:
    xs, ws, s, p, d = (2, 3, 8, 8), (4, 3, 3, 3), (1, 2), (1, 1, 0, 1), (1, 1)
    ys = (2, 4, conv_output_size(8, 3, 1, 1, 1, 1), conv_output_size(8, 3, 2, 0, 1, 1))
    (fwd, run_f), (data, run_d), (filt, run_w) = _conv_lines(np.float16, s, p, d, True)
    x, w, g = (_rand(rng, sh, np.float16) * np.float16(0.3) for sh in (xs, ws, ys))
    _run_and_compare(fwd, run_f, [x, w, np.empty(ys, np.float16)], np.float16)
    _run_and_compare(data, run_d, [g, w, np.empty(xs, np.float16)], np.float16)
    _run_and_compare(filt, run_w, [x, g, np.empty(ws, np.float16)], np.float16)


def test_conv2d_run_time_shape_check() -> None:
    (fwd, run_f), _, _ = _conv_lines(np.float32, (1, 1), (0, 0, 0, 0), (1, 1), True)
    x, w = np.ones((1, 2, 5, 5), np.float32), np.ones((3, 2, 3, 3), np.float32)
    with pytest.raises(ShapeError, match=r"libcall.conv2d at <string>:2:3: input \(1, 2, 5, 5\)"):
        run_f([x, w, np.empty((1, 3, 4, 4), np.float32)])  # type: ignore[operator]


# --------------------------------------------------------------------------- pooling

POOL_CASES = [
    (mode, ws, st, pad, ib)
    for mode in ("max", "sum", "average_inc_pad", "average_exc_pad")
    for ws, st, pad, ib in (
        ((2, 2), (2, 2), (0, 0), True),
        ((2, 2), (2, 2), (0, 0), False),
        ((3, 2), (1, 2), (1, 1), True),
        ((3, 3), (2, 1), (0, 0), False),
        ((3, 3), (2, 2), (2, 1), True),
    )
]


def _pool_lines(dtype: type, rank: int, mode: str, ws, st, pad):  # type: ignore[no-untyped-def]
    t = _mem(rank, dtype)
    attrs = f"window [{ws[0]}, {ws[1]}] strides [{st[0]}, {st[1]}] padding [{pad[0]}, {pad[1]}]"
    args = [("x", t), ("y", t), ("g", t), ("dx", t)]
    # cpu-numpy by hand: the default host provider, kernel, is generated code
    # (tests/passes/test_convert_libcall_to_loops.py runs it)
    line = f'libcall.pool2d {mode} ins(%x : {t}) outs(%y : {t}) {attrs} {{provider = "cpu-numpy"}}'
    fwd = _compile(line, args)
    ins = f"%x, %y, %g : {t}, {t}, {t}" if mode == "max" else f"%g : {t}"
    bwd = _compile(f"libcall.pool2d_backward {mode} ins({ins}) outs(%dx : {t}) {attrs}", args)
    return fwd, bwd


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("mode,ws,st,pad,ib", POOL_CASES)
def test_pool2d_cpu_numpy(rng, dtype, mode, ws, st, pad, ib) -> None:  # type: ignore[no-untyped-def]
    for xs in ((9, 8), (2, 3, 7, 9)):
        ys = (*xs[:-2], *(pool_output_size(xs[-2 + k], ws[k], st[k], pad[k], ib) for k in (0, 1)))
        (fwd, run_f), (bwd, run_b) = _pool_lines(dtype, len(xs), mode, ws, st, pad)
        assert fwd.attributes["provider"].data == "cpu-numpy"  # type: ignore[attr-defined]
        x = _rand(rng, xs, dtype)
        y = np.full(ys, np.nan, dtype)
        _run_and_compare(fwd, run_f, [x, y], dtype)
        g = _rand(rng, ys, dtype)
        args = [x, y, g] if mode == "max" else [g]
        _run_and_compare(bwd, run_b, [*args, np.full(xs, np.nan, dtype)], dtype)


def test_pool2d_max_ties_and_nan() -> None:
    (fwd, run_f), (bwd, run_b) = _pool_lines(np.float32, 2, "max", (2, 2), (1, 1), (0, 0))
    x = np.array([[1.0, 3.0, 3.0], [3.0, 2.0, np.nan]], np.float32)
    y = np.empty((1, 2), np.float32)
    run_f([x, y])  # type: ignore[operator]
    assert y[0, 0] == 3.0 and np.isnan(y[0, 1])
    g = np.array([[10.0, 100.0]], np.float32)
    dx = np.empty_like(x)
    run_b([x, y, g, dx])  # type: ignore[operator]
    np.testing.assert_array_equal(dx, [[0.0, 10.0, 0.0], [10.0, 0.0, 0.0]])


def test_pool2d_float16(rng: np.random.Generator) -> None:
    for mode in ("max", "average_exc_pad"):
        (fwd, run_f), (bwd, run_b) = _pool_lines(np.float16, 3, mode, (3, 3), (2, 2), (1, 1))
        x = _rand(rng, (2, 7, 7), np.float16)
        y = np.empty((2, 4, 4), np.float16)
        _run_and_compare(fwd, run_f, [x, y], np.float16)
        g = _rand(rng, (2, 4, 4), np.float16)
        args = [x, y, g] if mode == "max" else [g]
        _run_and_compare(bwd, run_b, [*args, np.empty((2, 7, 7), np.float16)], np.float16)


def test_pool2d_run_time_shape_check() -> None:
    (fwd, run_f), _ = _pool_lines(np.float32, 2, "max", (2, 2), (2, 2), (0, 0))
    with pytest.raises(ShapeError, match=r"libcall.pool2d at <string>:2:3: output \(4, 2\)"):
        run_f([np.ones((5, 5), np.float32), np.empty((4, 2), np.float32)])  # type: ignore[operator]


# --------------------------------------------------------------------------- softmax


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
@pytest.mark.parametrize(
    "name,axis", [("softmax", 1), ("softmax", 0), ("log_softmax", 1), ("log_softmax", 2)]
)
def test_softmax_cpu_numpy(rng, dtype, name, axis) -> None:  # type: ignore[no-untyped-def]
    t = _mem(3, dtype)
    op, run = _compile(
        f"libcall.{name} ins(%x : {t}) outs(%y : {t}) axis {axis}", [("x", t), ("y", t)]
    )
    scale = 4 if dtype == np.float16 else 40  # large values: the max must be subtracted
    x = (_rand(rng, (3, 5, 4), np.float64) * scale).astype(dtype)
    _run_and_compare(op, run, [x, np.full(x.shape, np.nan, dtype)], dtype)


def test_softmax_in_place(rng: np.random.Generator) -> None:
    t = _mem(2, np.float32)
    op, run = _compile(f"libcall.softmax ins(%x : {t}) outs(%x : {t}) axis 1", [("x", t)])
    x = _rand(rng, (4, 6), np.float32)
    want = op.reference(x.copy(), x.copy())
    run([x, x])
    np.testing.assert_allclose(x, want, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("mode", ["max", "sum", "average_inc_pad", "average_exc_pad"])
def test_pool2d_backward_tiled_windows(rng: np.random.Generator, mode: str) -> None:
    """Stride = window, no padding (the non-overlapping fast path), exact and partial
    tilings, with ties for max."""
    for xs in ((2, 4, 6), (3, 7, 5)):
        ys = (xs[0], xs[1] // 2, xs[2] // 2)
        (fwd, run_f), (bwd, run_b) = _pool_lines(np.float32, 3, mode, (2, 2), (2, 2), (0, 0))
        x = rng.integers(0, 3, xs).astype(np.float32)  # small integers: many ties
        y = np.empty(ys, np.float32)
        _run_and_compare(fwd, run_f, [x, y], np.float32)
        g = _rand(rng, ys, np.float32)
        args = [x, y, g] if mode == "max" else [g]
        _run_and_compare(bwd, run_b, [*args, np.full(xs, np.nan, np.float32)], np.float32)
