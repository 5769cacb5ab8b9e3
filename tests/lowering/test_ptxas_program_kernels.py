"""ptxas on the kernels of whole programs: every kernel the GPU pipeline emits for the
front end's ops (elementwise in every dtype, reductions, shapes, indexing and its
scatter gradient, softmax, random draws, a training step) assembles for sm_80 and sm_90
without spills or local memory.  The registers and shared memory of each kernel are
recorded (`record_property`, shown with `pytest -rA`, and printed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.lowering.ptx import emit_ptx
from arignote.lowering.ptxas import assemble

pytestmark = pytest.mark.usefixtures("emu")


def _elementwise(dtype: str) -> tuple[list[Any], list[Any]]:
    a, b = T.vector("a", dtype=dtype), T.vector("b", dtype=dtype)
    if dtype.startswith("float"):
        outs = [
            -a, abs(a), T.exp(a), T.log(a), T.log1p(a), T.sqrt(a), T.sin(a), T.cos(a),
            T.tanh(a), T.nnet.sigmoid(a), T.expm1(a), T.erf(a), T.nnet.softplus(a),
            T.floor(a), T.ceil(a), T.round(a, "half_to_even"), T.sgn(a), T.isnan(a),
            T.isinf(a), a + b, a - b, a * b, a / b, a // b, a % b, a**b, T.maximum(a, b),
            T.minimum(a, b), T.eq(a, b), T.neq(a, b), a < b, a <= b, a > b, a >= b,
            T.switch(a > b, a, b), T.cast(a, "int32"), T.arcsin(a), T.arccos(a), T.arctan(a),
            T.arcsinh(a), T.arccosh(a), T.arctanh(a), T.arctan2(a, b),
        ]  # fmt: skip
    else:
        outs = [
            a + b, a - b, a * b, a // b, a % b, a & b, a | b, a ^ b, ~a, T.shl(a, b),
            T.shr(a, b), T.maximum(a, b), abs(a), a < b, T.cast(a, "float32"),
        ]  # fmt: skip
    return [a, b], outs


def _reductions() -> tuple[list[Any], list[Any]]:
    x = T.matrix("x")
    outs = [
        x.sum(), x.sum(axis=0), x.sum(axis=1, keepdims=True), x.max(axis=1), x.min(axis=0),
        x.prod(axis=1), x.mean(axis=0), T.argmax(x, axis=1), T.argmin(x, axis=0),
        (x > 0).all(axis=1), (x > 0).any(), x.var(axis=0),
    ]  # fmt: skip
    return [x], outs


def _unsigned() -> tuple[list[Any], list[Any]]:
    """uint reductions, casts both ways and uint indices (maxui/minui, cmpi ugt, uitofp,
    fptoui, extui of the index)."""
    x, v, i = T.matrix("x", dtype="uint32"), T.vector("v"), T.vector("i", dtype="uint8")
    outs = [
        x.sum(axis=0), x.max(axis=1), x.min(), T.argmax(x, axis=1), T.cast(x, "float64"),
        T.cast(v, "uint64"), T.cast(v, "uint16"), v[i], x / 255.0,
    ]  # fmt: skip
    return [x, v, i], outs


def _shapes_and_indexing() -> tuple[list[Any], list[Any]]:
    x, i, y = T.matrix("x"), T.lscalar("i"), T.lvector("y")
    outs = [
        x.T, x.reshape((-1,)), x.dimshuffle(1, "x", 0), T.concatenate([x, x], axis=1),
        T.stack([x, x]), T.arange(i), T.alloc(x[0], 3, x.shape[1]), x[i:, ::-1],
        x[T.arange(y.shape[0]), y], T.set_subtensor(x[1:, 0], 1.0),
        T.inc_subtensor(x[y], 1.0), T.nnet.softmax(x), T.nnet.logsoftmax(x),
    ]  # fmt: skip
    return [x, i, y], outs


def _random() -> tuple[list[Any], list[Any]]:
    n = T.lscalar("n")
    srng = T.shared_randomstreams.RandomStreams(seed=1)
    return [n], [srng.uniform((n, 3)), srng.normal((n,)), srng.binomial((n,), p=0.3)]


def _training_step() -> tuple[list[Any], list[Any]]:
    x, y = T.matrix("x"), T.lvector("y")
    w = theano.shared(np.zeros((5, 3), np.float32), "w")
    p = T.nnet.softmax(T.tanh(T.dot(x, w)))
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    return [x, y], [cost, theano.grad(cost, w)]


def _library_fallbacks() -> tuple[list[Any], list[Any]]:
    """Compiled with gpu_libraries=none: gemm, convolutions, pooling and softmax as
    generated kernels (convert-libcall-to-loops)."""
    from arignote.tensor.nnet import conv2d
    from arignote.tensor.signal.pool import pool_2d

    x, w, m = T.ftensor4("x"), T.ftensor4("w"), T.fmatrix("m")
    y = conv2d(x, w, border_mode=(1, 1), subsample=(2, 2))
    z = pool_2d(y, (2, 2), ignore_border=True, mode="average_exc_pad")
    cost = z.sum() + T.nnet.softmax(T.dot(m, m.T)).sum()
    return [x, w, m], [cost, *T.grad(cost, [x, w, m])]


def _extra_ops() -> tuple[list[Any], list[Any]]:
    """theano.tensor.extra_ops and sorting: tt.cumsum / tt.cumprod (a serial nest), the
    two reductions of tt.argsort, and the gathers and scatters of the compositions."""
    x, r, y = T.matrix("x"), T.lvector("r"), T.ivector("y")
    outs = [
        T.cumsum(x, axis=0), T.cumprod(x), T.argsort(x), T.sort(x, axis=0),
        T.repeat(x, r, axis=0), T.repeat(x, 2, axis=1), T.tile(x, (2, 3)),
        T.extra_ops.to_one_hot(y, 5), T.bincount(y), T.tril(x), T.extra_ops.diff(x, 2),
        T.topk(x, 2, sorted=False),
    ]  # fmt: skip
    return [x, r, y], [*outs, theano.grad(T.cumprod(x, 1).sum() + T.sort(x).max(), x)]


PROGRAMS: dict[str, Callable[[], tuple[list[Any], list[Any]]]] = {
    "library-fallbacks": _library_fallbacks,
    "elementwise-f32": lambda: _elementwise("float32"),
    "elementwise-f64": lambda: _elementwise("float64"),
    "elementwise-i32": lambda: _elementwise("int32"),
    "elementwise-i64": lambda: _elementwise("int64"),
    "reductions": _reductions,
    "elementwise-u8": lambda: _elementwise("uint8"),
    "elementwise-u64": lambda: _elementwise("uint64"),
    "unsigned-reductions-casts": _unsigned,
    "shapes-indexing": _shapes_and_indexing,
    "random": _random,
    "training-step": _training_step,
    "extra-ops": _extra_ops,
}


@pytest.fixture(scope="module")
def kernels_ir() -> dict[str, str]:
    """The LLVM IR of each program's GPU kernels (compiled once per module)."""
    old = theano.config.device
    theano.config.device = "emu"
    try:
        out = {}
        for name, build in PROGRAMS.items():
            inputs, outputs = build()
            theano.config.gpu_libraries = "none" if name == "library-fallbacks" else "default"
            f = theano.function(inputs, outputs, on_unused_input="ignore", name=name)
            out[name] = f.ir("llvm-ir")
        return out
    finally:
        theano.config.device = old
        theano.config.gpu_libraries = "default"


@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
@pytest.mark.parametrize("program", list(PROGRAMS))
def test_every_kernel_assembles_without_spills(
    program: str, arch: str, kernels_ir: dict[str, str], record_property: Any
) -> None:
    report = assemble(emit_ptx(kernels_ir[program], arch), arch)
    assert report.kernels, f"{program}: no kernels"
    rows = []
    for name, res in report.kernels.items():
        assert res.spill_stores == 0 and res.spill_loads == 0, f"{name} spills\n{report.log}"
        assert res.local_bytes == 0, f"{name} uses local memory\n{report.log}"
        assert res.registers <= 64, f"{name} needs {res.registers} registers\n{report.log}"
        rows.append(f"{name}: {res.registers} regs, {res.shared_bytes} B smem")
        record_property(f"{arch}:{name}", f"regs={res.registers} smem={res.shared_bytes}")
    print(f"{program} on {arch}: " + "; ".join(rows))
