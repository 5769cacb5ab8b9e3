"""The cuBLAS and cuDNN providers (arignote.runtime.libcall.device).

Without a GPU: the cuBLAS call's arguments are checked by running the same column-major
gemm in NumPy (the BLAS definition: op(A) is m x k, A stored column-major with leading
dimension lda, ...) on the row-major buffers, and the cuDNN frontend graphs are built
(construction needs no GPU) and must infer the output size arignote computes, for random
strides, asymmetric padding and dilation.  With a GPU (`gpu` marker): whole functions with
matrix products and convolutions run through cuBLAS and cuDNN and match the CPU.
"""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.dialects.libcall import LibcallOp, conv_output_size
from arignote.ir import parse_module
from arignote.runtime.libcall.device import conv_graph, cublas_gemm_arguments


def _colmajor_gemm(transa: bool, transb: bool, m: int, n: int, k: int, a: np.ndarray,
                   lda: int, b: np.ndarray, ldb: int, c: np.ndarray, ldc: int) -> None:  # fmt: skip
    """BLAS gemm on flat column-major storage: C[:m, :n] = op(A) @ op(B)."""

    def mat(flat: np.ndarray, rows: int, cols: int, ld: int) -> np.ndarray:
        assert ld >= rows
        return np.lib.stride_tricks.as_strided(
            flat, (rows, cols), (flat.itemsize, ld * flat.itemsize)
        )

    opa = mat(a, k, m, lda).T if transa else mat(a, m, k, lda)
    opb = mat(b, n, k, ldb).T if transb else mat(b, k, n, ldb)
    out = mat(c, m, n, ldc)
    out[...] = opa @ opb


@pytest.mark.parametrize("seed", range(16))
def test_cublas_arguments_compute_the_row_major_product(seed: int) -> None:
    r = np.random.default_rng(seed)
    ta, tb = bool(r.integers(0, 2)), bool(r.integers(0, 2))
    m, n, k, batch = (int(v) for v in r.integers(1, 7, 4))
    a = r.standard_normal((batch, *((k, m) if ta else (m, k))))
    b = r.standard_normal((batch, *((n, k) if tb else (k, n))))
    c = np.zeros((batch, m, n))
    g = cublas_gemm_arguments(ta, tb, m, n, k)
    fa, fb, fc = a.reshape(-1), b.reshape(-1), c.reshape(-1)
    for i in range(batch):  # cuBLAS's A is our B and the other way round
        _colmajor_gemm(
            g["transa"], g["transb"], g["m"], g["n"], g["k"],
            fb[i * g["stride_a"] :], g["lda"], fa[i * g["stride_b"] :], g["ldb"],
            fc[i * g["stride_c"] :], g["ldc"],
        )  # fmt: skip
    opa = np.swapaxes(a, 1, 2) if ta else a
    opb = np.swapaxes(b, 1, 2) if tb else b
    np.testing.assert_allclose(c, opa @ opb, rtol=1e-12)


def _conv_op(kind: str, x, w, y, s, p, d, flip: bool, bias: bool):  # type: ignore[no-untyped-def]
    t = lambda sh: f"tensor<{'x'.join(map(str, sh))}xf32>"  # noqa: E731
    attrs = f"strides {s} padding {p} dilation {d}" + (" flip" if flip else "")
    if kind == "conv2d":
        ins, dest = [("x", x), ("w", w)], ("y", y)
        extra = [("b", (w[0],))] if bias else []
    elif kind == "conv2d_backward_data":
        ins, dest, extra = [("dy", y), ("w", w)], ("dx", x), []
    else:
        ins, dest, extra = [("x", x), ("dy", y)], ("dw", w), []
    args = ins + [dest] + extra
    sig = ", ".join(f"%{n}: {t(sh)}" for n, sh in args)
    b = f" bias(%b : {t((w[0],))})" if extra else ""
    text = (
        f"func.func @f({sig}) -> {t(dest[1])} {{\n  %r = libcall.{kind} ins("
        + ", ".join(f"%{n}" for n, _ in ins) + " : " + ", ".join(t(sh) for _, sh in ins)
        + f") outs(%{dest[0]} : {t(dest[1])}){b} {attrs} -> {t(dest[1])}\n"
        f"  func.return %r : {t(dest[1])}\n}}"
    )  # fmt: skip
    op = next(o for o in parse_module(text).walk() if isinstance(o, LibcallOp))
    return op, tuple(sh for _, sh in args)


@pytest.mark.parametrize("seed", range(12))
def test_cudnn_graphs_infer_our_output_size(seed: int) -> None:
    pytest.importorskip("cudnn")
    r = np.random.default_rng(seed)
    while True:
        n, c, o = (int(v) for v in r.integers(1, 4, 3))
        h, wd = (int(v) for v in r.integers(4, 12, 2))
        kh, kw = (int(v) for v in r.integers(1, 4, 2))
        s = [int(v) for v in r.integers(1, 3, 2)]
        p = [int(v) for v in r.integers(0, 3, 4)]
        d = [int(v) for v in r.integers(1, 3, 2)]
        ho = conv_output_size(h, kh, s[0], p[0], p[1], d[0])
        wo = conv_output_size(wd, kw, s[1], p[2], p[3], d[1])
        if ho >= 1 and wo >= 1:
            break
    x, w, y = (n, c, h, wd), (o, c, kh, kw), (n, o, ho, wo)
    flip = bool(r.integers(0, 2))
    for kind in ("conv2d", "conv2d_backward_data", "conv2d_backward_filter"):
        op, shapes = _conv_op(kind, x, w, y, s, p, d, flip, bias=bool(seed % 2))
        g, names = conv_graph(op, shapes, np.dtype(np.float32))
        assert names["dest"].get_dim() == list(shapes[op.destination_operands()[0]])
        if kind == "conv2d":
            assert names["inferred"] == y, (names["inferred"], y, s, p, d)


# ------------------------------------------------------------------------------- GPU


@pytest.fixture
def cuda():  # type: ignore[no-untyped-def]
    from arignote.runtime.devices import get_gpu_device

    old = theano.config.device, theano.config.gpu_libraries
    theano.config.device = "cuda"
    theano.config.gpu_libraries = "all"
    yield get_gpu_device("cuda")
    theano.config.device, theano.config.gpu_libraries = old


@pytest.mark.gpu
def test_matrix_products_and_convolutions_through_the_libraries(cuda, rng) -> None:  # type: ignore[no-untyped-def]
    from arignote.runtime.cuda import emulated
    from arignote.tensor.nnet import conv2d

    if emulated.active():
        from cuda.pathfinder import load_nvidia_dynamic_lib

        for lib in ("cublas", "cudnn"):
            try:
                load_nvidia_dynamic_lib(lib)
            except Exception as e:  # noqa: BLE001
                pytest.skip(f"lib{lib} is not installed ({type(e).__name__}); the emulated "
                            "driver does not emulate the libraries")

    xs = rng.standard_normal((2, 3, 9, 9)).astype(np.float32)
    ws = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    ms = rng.standard_normal((5, 7)).astype(np.float32)
    x, w, m = T.ftensor4("x"), T.ftensor4("w"), T.fmatrix("m")
    y = conv2d(x, w, border_mode=(1, 2), subsample=(2, 1))
    cost = (y**2).sum() + T.dot(m, m.T).sum() + T.batched_dot(x[:, 0], x[:, 1]).sum()
    outs = [y, T.dot(m.T, m), *T.grad(cost, [x, w])]
    cuda.profile.reset()
    got = theano.function([x, w, m], outs)(xs, ws, ms)
    names = [k.kernel for k in cuda.profile.launches]
    assert any("(cublas)" in n for n in names) and any("(cudnn)" in n for n in names), names
    theano.config.device = "cpu"
    want = theano.function([x, w, m], outs)(xs, ws, ms)
    for g_, w_ in zip(got, want):
        np.testing.assert_allclose(g_, w_, rtol=1e-4, atol=1e-4)


# ------------------------------------------------ library plumbing (no library needed)


@pytest.mark.parametrize("ta", [False, True])
@pytest.mark.parametrize("tb", [False, True])
@pytest.mark.parametrize(("m", "n", "k"), [(3, 4, 0), (1, 1, 0), (5, 2, 3)])
def test_cublas_leading_dimensions_are_valid_for_k_zero(ta: bool, tb: bool, m: int, n: int, k: int) -> None:
    """cuBLAS requires lda >= max(1, rows of A as stored), ldb and ldc likewise (k = 0
    gave lda or ldb = 0, which cuBLAS refuses with CUBLAS_STATUS_INVALID_VALUE)."""
    g = cublas_gemm_arguments(ta, tb, m, n, k)
    rows_a = g["k"] if g["transa"] else g["m"]
    rows_b = g["n"] if g["transb"] else g["k"]
    assert g["lda"] >= max(1, rows_a) and g["ldb"] >= max(1, rows_b)
    assert g["ldc"] >= max(1, g["m"])


def test_tf32_is_off_by_default_for_gemms() -> None:
    cublas = pytest.importorskip("nvmath.bindings.cublas")
    from arignote.config import Config, apply_flags
    from arignote.runtime.libcall.device import gemm_compute_type

    cfg = Config()
    assert cfg.allow_tf32 is False
    ct = cublas.ComputeType
    assert gemm_compute_type(cublas, np.dtype(np.float32), cfg.allow_tf32) == ct.COMPUTE_32F
    assert gemm_compute_type(cublas, np.dtype(np.float16), True) == ct.COMPUTE_32F
    assert gemm_compute_type(cublas, np.dtype(np.float64), True) == ct.COMPUTE_64F
    apply_flags(cfg, {"allow_tf32": "True"}, "ARIGNOTE_FLAGS")
    assert gemm_compute_type(cublas, np.dtype(np.float32), cfg.allow_tf32) == ct.COMPUTE_32F_FAST_TF32
    with pytest.raises(ValueError, match="allow_tf32 must be True or False"):
        apply_flags(cfg, {"allow_tf32": "maybe"}, "ARIGNOTE_FLAGS")


class _RecordingGraph:
    """Records the planning calls made on a cuDNN frontend graph (which needs a GPU to
    plan); the assertions are about which calls arignote makes, in which order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple]] = []

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        def record(*args):  # type: ignore[no-untyped-def]
            self.calls.append((name, args))
            return 4096 if name == "get_workspace_size" else self

        return record


@pytest.mark.parametrize(("dtype", "allow", "excluded"),
                         [(np.float32, False, True), (np.float32, True, False), (np.float16, False, False)])
def test_float32_convolutions_exclude_tf32_engines_unless_allowed(dtype, allow, excluded) -> None:  # type: ignore[no-untyped-def]
    cudnn = pytest.importorskip("cudnn")
    from arignote.runtime.libcall.device import plan_conv_graph

    g = _RecordingGraph()
    assert plan_conv_graph(g, cudnn, np.dtype(dtype), allow) == 4096
    names = [c[0] for c in g.calls]
    notes = [c[1][0] for c in g.calls if c[0] == "deselect_numeric_notes"]
    if excluded:
        assert notes == [[cudnn.numerical_note.TENSOR_CORE, cudnn.numerical_note.DOWN_CONVERT_INPUTS]]
        assert names.index("create_execution_plans") < names.index("deselect_numeric_notes") < names.index("check_support")
    else:
        assert notes == []


@pytest.mark.gpu
def test_cudnn_workspace_is_passed_as_the_frontend_takes_it(cuda) -> None:  # type: ignore[no-untyped-def]
    """The frontend's backend path reads the workspace with `_native_var_pack`: an int or a
    DLPack tensor (the array-interface object arignote passed was refused)."""
    cudnn = pytest.importorskip("cudnn")
    from arignote.runtime.libcall.device import workspace_argument

    ws = cuda.libraries.cudnn_workspace(1000)
    ptrs, ws_ptr = cudnn.pygraph._native_var_pack(None, {}, workspace_argument(ws))
    assert ws_ptr == ws.ptr and ptrs == {}
    assert workspace_argument(cuda.libraries.cudnn_workspace(0)) is None


@pytest.mark.gpu
def test_library_handles_are_created_in_the_devices_context(cuda, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """cublasCreate / cudnnCreate bind the handle to the *current* context: another
    thread or device may have left a different one current (here: none).  The
    libraries are recording stand-ins (the real ones need a GPU); the context is the
    driver's."""
    import sys
    import types

    from arignote.runtime.cuda import call
    from arignote.runtime.libcall.device import Libraries

    seen = {}

    def current() -> int:
        return int(call("cuCtxGetCurrent"))

    fake_cublas = types.SimpleNamespace(
        create=lambda: seen.setdefault("cublas", current()) or 1,
        set_stream=lambda h, s: None, set_workspace=lambda h, p, n: None, destroy=lambda h: None,
    )
    fake_cudnn = types.SimpleNamespace(
        create_handle=lambda: seen.setdefault("cudnn", current()) or 1,
        set_stream=lambda handle, stream: None, destroy_handle=lambda h: None,
    )
    monkeypatch.setitem(sys.modules, "nvmath.bindings.cublas", fake_cublas)
    monkeypatch.setitem(sys.modules, "cudnn", fake_cudnn)
    from cuda.bindings import driver

    libs = Libraries(cuda)
    try:
        call("cuCtxSetCurrent", driver.CUcontext(0))
        libs.cublas("here")
        call("cuCtxSetCurrent", driver.CUcontext(0))
        libs.cudnn("here")
    finally:
        libs.close()
    want = int(cuda._ctx)
    assert seen == {"cublas": want, "cudnn": want}
