"""The `cpu-direct` convolution (convert-libcall-to-loops, arignote.lowering.direct_conv), run.

Each case is one `libcall.conv2d` on tensors marked `provider = "cpu-direct"`, compiled
by the whole CPU pipeline, run on fresh random inputs and compared with the op's NumPy
reference (float64, rounded once).  The geometries cover each path of the schedule:
output rows of at least two vectors (with the taps of 3x3 filters unrolled, and any
other filter), of one vector, and narrower (the scalar path); output channel counts
with and without a remainder after the blocks of four; padding (the padded copy),
dilation, a stride along the height, flipped filters, bias and relu, f32 and f64, static
and dynamic shapes.

Tolerances (relative and absolute): f32 1e-4, f64 1e-10 -- the host providers'; the
schedule rounds once per tap (fused multiply-add).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from arignote import compiler
from arignote.dialects.libcall import LibcallOp, conv_output_size
from arignote.ir import parse_module
from arignote.lowering.direct_conv import LANES
from arignote.passes.select_libcall_providers import SelectLibcallProvidersPass
from arignote.passmanager import run_passes
from arignote.registry import make_context

TOL = {"f64": 1e-10, "f32": 1e-4}
DT = {"f64": np.float64, "f32": np.float32}


def _t(shape: tuple[int, ...], el: str, dynamic: bool) -> str:
    return "tensor<" + "x".join("?" if dynamic else str(s) for s in shape) + f"x{el}>"


def _program(x, w, y, attrs: str, el: str, dynamic: bool, bias: bool, relu: bool) -> str:  # type: ignore[no-untyped-def]
    tx, tw, ty = (_t(s, el, dynamic) for s in (x, w, y))
    tb = _t((w[0],), el, dynamic)
    sig = f"%x: {tx}, %w: {tw}, %y: {ty}" + (f", %b: {tb}" if bias else "")
    return (
        f"func.func @f({sig}) -> {ty} {{\n"
        f"  %r = libcall.conv2d ins(%x, %w : {tx}, {tw}) outs(%y : {ty})"
        + (f" bias(%b : {tb})" if bias else "")
        + f" {attrs}"
        + (" epilogue = relu" if relu else "")
        + f' {{provider = "cpu-direct"}} -> {ty}\n'
        f"  func.return %r : {ty}\n}}\n"
    )


# (x shape, w shape, stride along the height, padding, dilation): each path of the schedule
GEOMETRIES = [
    ((2, 3, 32, 32), (5, 3, 5, 5), 1, (0, 0, 0, 0), (1, 1)),  # W2c-like: 5x5, O = 4 + 1
    ((2, 3, 18, 18), (8, 3, 3, 3), 1, (1, 1, 1, 1), (1, 1)),  # 3x3 'half', padded copy
    ((1, 4, 20, 21), (6, 4, 2, 3), 2, (0, 1, 2, 0), (1, 1)),  # any filter, overlapping block
    ((2, 2, 12, 23), (3, 2, 3, 3), 1, (0, 0, 0, 0), (2, 2)),  # dilated 3x3: unrolled, dilation
    ((1, 3, 9, 12), (7, 3, 3, 3), 1, (1, 0, 0, 1), (1, 1)),  # one-vector rows (f32)
    ((2, 2, 6, 7), (5, 2, 3, 3), 1, (1, 1, 1, 1), (1, 1)),  # narrow rows: the scalar path
    ((1, 1, 4, 40), (1, 1, 1, 1), 1, (0, 0, 0, 0), (1, 1)),  # pointwise, one channel
]


def _case(geometry, el: str, dynamic: bool, flip: bool, bias: bool, relu: bool):  # type: ignore[no-untyped-def]
    x, w, sh, p, d = geometry
    ho = conv_output_size(x[2], w[2], sh, p[0], p[1], d[0])
    wo = conv_output_size(x[3], w[3], 1, p[2], p[3], d[1])
    y = (x[0], w[0], ho, wo)
    attrs = (
        f"strides [{sh}, 1] padding [{', '.join(map(str, p))}] dilation [{d[0]}, {d[1]}]"
        + (" flip" if flip else "")
    )
    return _program(x, w, y, attrs, el, dynamic, bias, relu), x, w, y


def _run(text: str, shapes, el: str, rng: np.random.Generator) -> compiler.Compiled:  # type: ignore[no-untyped-def]
    module = parse_module(text, "<direct>")
    op = next(o for o in module.walk() if isinstance(o, LibcallOp))
    arrays = [rng.standard_normal(s).astype(DT[el]) for s in shapes]
    arrays[2][...] = np.nan  # the output is written, never read
    want = op.reference(*[a.copy() for a in arrays])  # type: ignore[attr-defined]
    compiled = compiler.compile_module(module, "f", "cpu")
    (got,) = compiled.run(*arrays)
    tol = TOL[el]
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol, err_msg=text)
    return compiled


@pytest.mark.parametrize("k", range(len(GEOMETRIES)))
@pytest.mark.parametrize("el", ["f32", "f64"])
def test_matches_reference(k: int, el: str, rng: np.random.Generator) -> None:
    flip, bias, relu, dynamic = k % 2 == 0, k % 3 != 1, k % 2 == 1, k % 4 < 2
    text, x, w, y = _case(GEOMETRIES[k], el, dynamic, flip, bias, relu)
    shapes = [x, w, y] + ([(w[0],)] if bias else [])
    _run(text, shapes, el, rng)


@pytest.mark.parametrize("flip,bias,relu", list(itertools.product([False, True], repeat=3)))
def test_epilogue_and_flip(flip: bool, bias: bool, relu: bool, rng: np.random.Generator) -> None:
    text, x, w, y = _case(GEOMETRIES[1], "f32", True, flip, bias, relu)
    _run(text, [x, w, y] + ([(w[0],)] if bias else []), "f32", rng)


def test_wide_rows_run_vector_fmas(rng: np.random.Generator) -> None:
    """The schedule is the one compiled: 8-lane f32 (4-lane f64) fused multiply-adds,
    loads of whole vectors, the output written as vectors."""
    for el in ("f32", "f64"):
        text, x, w, y = _case(GEOMETRIES[0], el, True, True, False, False)
        ir = _run(text, [x, w, y], el, rng).llvm_ir
        lanes = LANES[el]
        llvm_el = {"f32": "float", "f64": "double"}[el]
        assert f"@llvm.fma.v{lanes}{el}" in ir
        assert f"load <{lanes} x {llvm_el}>" in ir
        assert f"store <{lanes} x {llvm_el}>" in ir


def _provider(line: str, el: str = "f32") -> str:
    t = f"memref<?x?x?x?x{el}>"
    m = parse_module(
        f"func.func @f(%x: {t}, %w: {t}, %y: {t}) {{\n"
        f"  libcall.conv2d ins(%x, %w : {t}, {t}) outs(%y : {t}) {line}\n  func.return\n}}"
    )
    run_passes(make_context(), m, [SelectLibcallProvidersPass()])
    op = next(o for o in m.walk() if isinstance(o, LibcallOp))
    return op.attributes["provider"].data  # type: ignore[attr-defined]


def test_the_default_host_provider() -> None:
    """cpu-direct for f32/f64 with unit stride along the width; the others keep im2col."""
    unit = "strides [2, 1] padding [1, 1, 1, 1] dilation [1, 2] flip"
    assert _provider(unit) == "cpu-direct"
    assert _provider(unit, "f64") == "cpu-direct"
    assert _provider(unit, "f16") == "cpu-im2col"
    assert _provider("strides [1, 2] padding [0, 0, 0, 0] dilation [1, 1]") == "cpu-im2col"
