"""libcall.gemm: its NumPy reference states the semantics exactly."""

from __future__ import annotations

import numpy as np

from arignote.dialects.libcall import GemmOp
from arignote.ir import parse_module


def _gemm(src_attrs: str, shapes: tuple[str, str, str], bias: bool = False) -> GemmOp:
    a, b, c = shapes
    bias_txt = ", %v: tensor<?xf64>" if bias else ""
    bias_use = " bias(%v : tensor<?xf64>)" if bias else ""
    m = parse_module(
        f"""func.func @f(%a: tensor<{a}xf64>, %b: tensor<{b}xf64>, %c: tensor<{c}xf64>{bias_txt}) -> tensor<{c}xf64> {{
          %d = libcall.gemm ins(%a, %b : tensor<{a}xf64>, tensor<{b}xf64>) outs(%c : tensor<{c}xf64>){bias_use} {src_attrs} -> tensor<{c}xf64>
          func.return %d : tensor<{c}xf64>
        }}"""
    )
    op = next(o for o in m.walk() if isinstance(o, GemmOp))
    op.verify()
    return op


def test_plain_product(rng: np.random.Generator) -> None:
    a, b, c = rng.standard_normal((3, 5)), rng.standard_normal((5, 4)), rng.standard_normal((3, 4))
    op = _gemm("", ("?x?", "?x?", "?x?"))
    np.testing.assert_allclose(op.reference(a, b, c), a @ b, rtol=1e-12)


def test_alpha_beta_transposes_bias_relu(rng: np.random.Generator) -> None:
    a, b = rng.standard_normal((5, 3)), rng.standard_normal((4, 5))
    c, v = rng.standard_normal((3, 4)), rng.standard_normal(4)
    op = _gemm("transpose_a transpose_b alpha = 2.0 beta = 0.5 epilogue = relu", ("?x?", "?x?", "?x?"), bias=True)
    want = np.maximum(2.0 * a.T @ b.T + 0.5 * c + v[None, :], 0.0)
    np.testing.assert_allclose(op.reference(a, b, c, v), want, rtol=1e-12)


def test_beta_zero_does_not_read_c(rng: np.random.Generator) -> None:
    a, b = rng.standard_normal((2, 2)), rng.standard_normal((2, 2))
    c = np.full((2, 2), np.nan)
    op = _gemm("", ("2x2", "2x2", "2x2"))
    assert np.isfinite(op.reference(a, b, c)).all()
