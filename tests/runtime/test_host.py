"""The host program: generated Python for what the pipeline leaves on the host."""

from __future__ import annotations

import numpy as np
import pytest

from arignote.compiler import compile_module
from arignote.errors import ArgumentError, ShapeError
from arignote.ir import parse_module
from arignote.runtime import host

ADD = """
builtin.module {
  func.func @f(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
    %r = "tt.add"(%x, %y) : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
    func.return %r : tensor<?xf32>
  }
}
"""


def test_data_pointer_fast_path_matches_numpy():
    # the struct read is only used when it agrees with NumPy's own answer
    assert host._host_ptr is host._struct_ptr
    rng = np.random.default_rng()
    base = rng.random((5, 6))
    for a in (base, base[2:], base[:, 3:], base.T, np.empty(0), np.full((), rng.random())):
        assert host._host_ptr(a) == (a.ctypes.data or 0)


def test_generated_source_is_straight_line_python():
    c = compile_module(parse_module(ADD), "f", "cpu")
    src = c.host.source
    assert src.startswith("def host_program(v0, v1):")
    assert "_np_empty(" in src and "return [" in src
    rng = np.random.default_rng()
    x, y = rng.random(9, dtype=np.float32), rng.random(9, dtype=np.float32)
    np.testing.assert_allclose(c.run(x, y)[0], x + y, rtol=1e-6)


def test_shape_mismatch_is_reported_from_the_generated_assert():
    c = compile_module(parse_module(ADD), "f", "cpu")
    with pytest.raises(ShapeError) as info:
        c.run(np.ones(3, np.float32), np.ones(4, np.float32))
    # the traceback names the generated program's line, which linecache can show
    assert any("arignote host @f" in str(e.path) for e in info.traceback)


def test_wrong_argument_count():
    c = compile_module(parse_module(ADD), "f", "cpu")
    with pytest.raises(ArgumentError, match="takes 2 arguments, got 1"):
        c.run(np.ones(3, np.float32))


@pytest.mark.parametrize(
    ("args", "what"),
    [
        ((np.ones(3, np.float64), np.ones(3, np.float32)), "expected memref<\\?xf32>, got float64"),
        ((np.ones((3, 1), np.float32), np.ones(3, np.float32)), "got float32 of shape \\(3, 1\\)"),
        ((np.ones(6, np.float32)[::2], np.ones(3, np.float32)), "not C-contiguous"),
        ((np.float32(1), np.ones(3, np.float32)), "must be a ndarray.*got float32"),
    ],
)
def test_arguments_are_checked(args, what):
    c = compile_module(parse_module(ADD), "f", "cpu")
    with pytest.raises(ArgumentError, match=f"argument 0 of @f.*{what}"):
        c.run(*args)


@pytest.mark.parametrize(
    ("a", "b", "q"),
    [
        (7, 2, 3),
        (-7, 2, -3),
        (7, -2, -3),
        (-7, -2, 3),
        (0, 3, 0),
        (2**62 + 1, 3, 1537228672809129301),
        (5, 0, 0),
    ],
)
def test_signed_division_rounds_toward_zero(a, b, q):
    assert host._divsi(a, b) == q
