"""Bad shapes and dtypes are refused when the graph is built, with an error that names
the op, the operands (dtype and shape) and the user's file:line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.errors import DTypeError, ShapeError
from arignote.tensor.nnet import conv2d
from arignote.tensor.signal.pool import pool_2d

HERE = r"\S*test_graph_errors\.py:\d+"

x, v = T.dmatrix("x"), T.dvector("v")
t3, t4 = T.dtensor3("t3"), T.dtensor4("t4")


def _shared(shape: tuple[int, ...], name: str) -> Any:
    return theano.shared(np.zeros(shape), name=name)


CASES: dict[str, tuple[Callable[[], Any], type[Exception], str]] = {
    "broadcast-constants": (
        lambda: T.constant(np.ones(3)) + T.constant(np.ones(4)),
        ShapeError,
        rf"add at {HERE}: operands cannot broadcast in dim 0 \(sizes \[3, 4\]\)",
    ),
    "dot-inner-dims": (
        lambda: T.dot(_shared((3, 4), "a"), _shared((5,), "b")),
        ShapeError,
        rf"dot at {HERE}: shapes \(3, 4\) and \(5,\) are not aligned",
    ),
    "conv2d-ranks": (
        lambda: conv2d(x, t4),
        ShapeError,
        rf"conv2d at {HERE}: needs a 4-d input and 4-d filters, got x \(float64",
    ),
    "conv2d-channels": (
        lambda: conv2d(_shared((1, 3, 5, 5), "img"), _shared((2, 4, 3, 3), "w")),
        ShapeError,
        rf"Conv2d.* at {HERE}: the input has 3 channels \(shape \(1, 3, 5, 5\)\) but "
        r"the filters expect 4",
    ),
    "conv2d-filters-too-large": (
        lambda: conv2d(_shared((1, 3, 2, 2), "img"), _shared((2, 3, 3, 3), "w")),
        ShapeError,
        rf"at {HERE}: the filters \(2, 3, 3, 3\) are larger than the padded input",
    ),
    "conv2d-integer": (
        lambda: conv2d(T.ltensor4("a"), T.ltensor4("b")),
        DTypeError,
        rf"conv2d at {HERE}: needs float tensors, got a \(int64",
    ),
    "pool-1d": (
        lambda: pool_2d(v, (2, 2), ignore_border=True),
        ShapeError,
        rf"Pool.* at {HERE}: needs at least 2 dims, got v \(float64, shape \('\?',\)\)",
    ),
    "pool-mode": (
        lambda: pool_2d(t4, (2, 2), ignore_border=True, mode="median"),
        ValueError,
        rf"pool_2d at {HERE}: unknown mode 'median'",
    ),
    "reshape-size": (
        lambda: _shared((3, 4), "s").reshape((5, 2)),
        ShapeError,
        rf"Reshape.* at {HERE}: cannot reshape s .* of shape \(3, 4\) to \(5, 2\)",
    ),
    "reshape-two-minus-one": (
        lambda: x.reshape((-1, -1)),
        ShapeError,
        rf"reshape at {HERE}: only one size can be -1",
    ),
    "concatenate-ranks": (
        lambda: T.concatenate([x, v]),
        ShapeError,
        rf"Join.* at {HERE}: tensors must have the same rank: x .*, v ",
    ),
    "concatenate-axis": (
        lambda: T.concatenate([x, x], axis=2),
        IndexError,
        rf"at {HERE}: axis 2 is out of range",
    ),
    "set_subtensor-rank": (
        lambda: T.set_subtensor(x[0], x),
        ShapeError,
        rf"set_subtensor at {HERE}: x .* has more dims than the subtensor",
    ),
    "xor-of-floats": (
        lambda: T.xor(x, x),
        DTypeError,
        rf"xor at {HERE}: needs integer or boolean operands",
    ),
    "shift-of-floats": (
        lambda: T.shl(x, 1),
        DTypeError,
        rf"shl at {HERE}: needs integer operands, got x",
    ),
    "argmax-axis": (
        lambda: T.argmax(x, axis=2),
        IndexError,
        rf"argmax at {HERE}: axis 2 is out of range for x \(float64",
    ),
    "sum-axis": (
        lambda: T.sum(x, axis=-3),
        IndexError,
        rf"sum at {HERE}: axis -3 is out of range",
    ),
    "dimshuffle-dim": (
        lambda: x.dimshuffle(0, 2),
        ValueError,
        rf"DimShuffle.* at {HERE}: dim 2 is not a dim",
    ),
    "dimshuffle-drop": (
        lambda: x.dimshuffle(0),
        ValueError,
        rf"at {HERE}: cannot drop dim 1 of x .*: it is not broadcastable",
    ),
    "cast-dtype": (
        lambda: T.cast(x, "float128x"),
        DTypeError,
        rf"cast at {HERE}: 'float128x' is not a dtype",
    ),
    "float-index": (
        lambda: x[T.dscalar("i")],
        DTypeError,
        rf"an index must be an integer scalar, got i \(float64.*\(at {HERE}\)",
    ),
    "too-many-indices": (
        lambda: v[0, 1],
        IndexError,
        rf"too many indices \(2\) for v .*\(at {HERE}\)",
    ),
    "batched_dot-ranks": (
        lambda: T.batched_dot(x, v),
        ShapeError,
        rf"batched_dot at {HERE}: supports 2-d and 3-d operands, got x",
    ),
    "tensordot-axes": (
        lambda: T.tensordot(x, x, axes=3),
        ShapeError,
        rf"tensordot at {HERE}: axes=3 for x",
    ),
    "alloc-rank": (
        lambda: T.alloc(x, 3),
        ShapeError,
        rf"Alloc at {HERE}: the value x .* has more dims",
    ),
    "take-axis": (
        lambda: T.take(x, T.lvector("k"), axis=3),
        IndexError,
        rf"at {HERE}: too many indices",
    ),
    "stack-ranks": (
        lambda: T.stack([x, v]),
        ShapeError,
        rf"Join.* at {HERE}: tensors must have the same rank",
    ),
    "inc_subtensor-not-indexed": (
        lambda: T.inc_subtensor(x, x),
        TypeError,
        rf"inc_subtensor: the first argument must be an indexed tensor .*\(at {HERE}\)",
    ),
    "not-a-tensor": (
        lambda: T.clip(x, "a", 1),
        DTypeError,
        r"cannot turn 'a' into a tensor",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_refused_when_built(name: str) -> None:
    build, error, pattern = CASES[name]
    with pytest.raises(error, match=pattern):
        build()


def test_the_location_is_the_line_that_built_the_node() -> None:
    import inspect

    a, b = T.constant(np.ones(3)), T.constant(np.ones(2))
    with pytest.raises(ShapeError) as info:
        a * b
    line = inspect.currentframe().f_lineno - 1  # type: ignore[union-attr]
    assert f"{__file__}:{line}: " in str(info.value)


def test_shared_shapes_are_checked_when_the_function_runs() -> None:
    # shared values may change shape with set_value, so (as in Theano) their sizes are
    # checked when the compiled function runs, naming the op and the user's line
    a, b = _shared((3, 4), "a"), _shared((5,), "b")
    f = theano.function([], a + b)
    with pytest.raises(ShapeError, match=rf"tt.add at {HERE}: operand shapes differ in dim 1"):
        f()
