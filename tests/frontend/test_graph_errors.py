"""Bad shapes and dtypes are refused when the graph is built, with an arignote error
(ShapeError, DTypeError) whose message names the op, the operands (dtype and shape) and
the user's file:line -- the exact line of this file that built the node.

Three groups of cases: `REFUSED` (what the front end does today, checked strictly),
`BUILTIN_CLASS` (axis, dim and index errors: `AxisError`, both a ShapeError and an
IndexError, and pattern errors, ShapeErrors and so ValueErrors -- caught by either kind
of `except`), and `GAPS` (no error when the graph is built, or a message without the op
or the line): strict xfails, so fixing the front end turns them into failures that say
which case to move into `REFUSED`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.errors import ArignoteError, DTypeError, ShapeError
from arignote.tensor.nnet import conv2d
from arignote.tensor.signal.pool import pool_2d

x, v = T.dmatrix("x"), T.dvector("v")
t3, t4 = T.dtensor3("t3"), T.dtensor4("t4")

C = r"Constant\{.*?\}"  # how a constant operand is named


def _shared(shape: tuple[int, ...], name: str) -> Any:
    return theano.shared(np.zeros(shape), name=name)


def _const(shape: tuple[int, ...], dtype: str = "float64") -> Any:
    return T.constant(np.ones(shape, dtype=dtype))


class Case(NamedTuple):
    """`build` makes the node on its first line; `pattern` is a regex in which `{at}`
    stands for `<this file>:<that line>`."""

    build: Callable[[], Any]
    error: type[Exception]
    pattern: str


def _expected(case: Case) -> str:
    at = re.escape(f"{__file__}:{case.build.__code__.co_firstlineno}")
    return case.pattern.replace("{at}", at)


# --------------------------------------------------------------------------- refused today

REFUSED: dict[str, Case] = {
    "reshape-float-size": Case(
        lambda: x.reshape((2.5, 2)),
        DTypeError,
        rf"reshape at {{at}}: the new shape must be an integer scalar, got {C} "
        r"\(float64, shape \(\)\)",
    ),
    "zeros-float-size": Case(
        lambda: T.zeros((2, 2.5)),
        DTypeError,
        rf"(zeros|alloc|Alloc) at {{at}}: the shape must be an integer scalar, got {C} "
        r"\(float64, shape \(\)\)",
    ),
    "sum-repeated-axis": Case(
        lambda: T.sum(x, axis=(1, -1)),
        ValueError,
        r"sum at {at}: repeated axis in \(1, -1\)",
    ),
    "max-repeated-axis": Case(
        lambda: T.max(x, axis=[0, 0]),
        ValueError,
        r"max at {at}: repeated axis in \[0, 0\]",
    ),
    "tensordot-axes-lengths": Case(
        lambda: T.tensordot(x, x, axes=[[0], [0, 1]]),
        ShapeError,
        r"tensordot at {at}: 1 axes of a but 2 of b",
    ),
    "flatten-ndim": Case(
        lambda: x.flatten(3),
        ShapeError,
        r"flatten at {at}: ndim=3 for x \(float64, shape \('\?', '\?'\)\)",
    ),
    "switch-constants": Case(
        lambda: T.switch(_const((3,), "bool"), _const((4,)), 0.0),
        ShapeError,
        rf"switch at {{at}}: operands cannot broadcast in dim 0 \(sizes \[3, 4\]\): "
        rf"{C} \(bool, shape \(3,\)\), {C} \(float64, shape \(4,\)\)",
    ),
    "cast-unsupported-dtype": Case(
        lambda: T.cast(x, "complex64"),
        DTypeError,
        r"cast at {at}: dtype complex64 is not supported",
    ),
    # elementwise: constants whose sizes conflict (after right-aligning the shapes)
    "add-constants": Case(
        lambda: _const((3,)) + _const((4,)),
        ShapeError,
        rf"add at {{at}}: operands cannot broadcast in dim 0 \(sizes \[3, 4\]\): "
        rf"{C} \(float64, shape \(3,\)\), {C} \(float64, shape \(4,\)\)",
    ),
    "mul-constants-2d": Case(
        lambda: _const((2, 3)) * _const((2, 4), "float32"),
        ShapeError,
        rf"mul at {{at}}: operands cannot broadcast in dim 1 \(sizes \[3, 4\]\): "
        rf"{C} \(float64, shape \(2, 3\)\), {C} \(float32, shape \(2, 4\)\)",
    ),
    "lt-constants-right-aligned": Case(
        lambda: T.lt(_const((5, 3)), _const((2,), "int32")),
        ShapeError,
        rf"lt at {{at}}: operands cannot broadcast in dim 1 \(sizes \[2, 3\]\): "
        rf"{C} \(float64, shape \(5, 3\)\), {C} \(int32, shape \(2,\)\)",
    ),
    # the dot family, with shapes known from constants or shared values
    "dot-shared-inner-dims": Case(
        lambda: T.dot(_shared((3, 4), "a"), _shared((5,), "b")),
        ShapeError,
        r"dot at {at}: shapes \(3, 4\) and \(5,\) are not aligned",
    ),
    "dot-constant-3d-inner-dims": Case(
        lambda: T.dot(_const((2, 3, 4)), _const((5, 6))),
        ShapeError,
        r"dot at {at}: shapes \(2, 3, 4\) and \(5, 6\) are not aligned",
    ),
    "dot-2d-by-3d-inner-dims": Case(
        lambda: T.dot(_shared((2, 4), "a"), _const((3, 5, 6))),
        ShapeError,
        r"dot at {at}: shapes \(2, 4\) and \(3, 5, 6\) are not aligned",
    ),
    "batched_dot-inner-dims": Case(
        lambda: T.batched_dot(_shared((2, 3, 4), "a"), _shared((2, 5, 6), "b")),
        ShapeError,
        r"BatchedMatmul at {at}: inner sizes differ: a \(float64, shape \('\?', '\?', '\?'\)\) "
        r"has shape \(2, 3, 4\), b .* has shape \(2, 5, 6\)",
    ),
    "batched_dot-ranks": Case(
        lambda: T.batched_dot(x, v),
        ShapeError,
        r"batched_dot at {at}: supports 2-d and 3-d operands, got x \(float64, shape "
        r"\('\?', '\?'\)\)",
    ),
    "tensordot-axes": Case(
        lambda: T.tensordot(x, x, axes=3),
        ShapeError,
        r"tensordot at {at}: axes=3 for x \(float64",
    ),
    # convolution
    "conv2d-2d-input": Case(
        lambda: conv2d(x, t4),
        ShapeError,
        r"conv2d at {at}: needs a 4-d input and 4-d filters, got x \(float64, shape "
        r"\('\?', '\?'\)\), t4 \(float64, shape \('\?', '\?', '\?', '\?'\)\)",
    ),
    "conv2d-3d-filters": Case(
        lambda: conv2d(t4, t3),
        ShapeError,
        r"conv2d at {at}: needs a 4-d input and 4-d filters, got t4 .*, t3 \(float64, "
        r"shape \('\?', '\?', '\?'\)\)",
    ),
    "conv2d-channels-shared": Case(
        lambda: conv2d(_shared((1, 3, 5, 5), "img"), _shared((2, 4, 3, 3), "w")),
        ShapeError,
        r"Conv2d\{.*\} at {at}: the input has 3 channels \(shape \(1, 3, 5, 5\)\) but the "
        r"filters expect 4 \(shape \(2, 4, 3, 3\)\)",
    ),
    "conv2d-channels-constant": Case(
        lambda: conv2d(_const((1, 3, 5, 5)), _const((2, 4, 3, 3))),
        ShapeError,
        r"Conv2d\{.*\} at {at}: the input has 3 channels \(shape \(1, 3, 5, 5\)\) but the "
        r"filters expect 4 \(shape \(2, 4, 3, 3\)\)",
    ),
    "conv2d-filters-too-large": Case(
        lambda: conv2d(_shared((1, 3, 2, 2), "img"), _shared((2, 3, 3, 3), "w")),
        ShapeError,
        r"Conv2d\{.*\} at {at}: the filters \(2, 3, 3, 3\) are larger than the padded input",
    ),
    "conv2d-integer": Case(
        lambda: conv2d(T.ltensor4("a"), T.ltensor4("b")),
        DTypeError,
        r"conv2d at {at}: needs float tensors, got a \(int64, shape \('\?', '\?', '\?', '\?'\)\)",
    ),
    "conv2d-input_shape-rank": Case(
        lambda: conv2d(t4, t4, input_shape=(1, 3, 5), filter_shape=(2, 3, 3, 3)),
        ShapeError,
        r"conv2d at {at}: input_shape \(1, 3, 5\) must have 4 entries",
    ),
    # pooling
    "pool-1d": Case(
        lambda: pool_2d(v, (2, 2), ignore_border=True),
        ShapeError,
        r"Pool\{max, .*\} at {at}: needs at least 2 dims, got v \(float64, shape \('\?',\)\)",
    ),
    "pool-scalar": Case(
        lambda: pool_2d(T.dscalar("s"), (2, 2), ignore_border=True),
        ShapeError,
        r"Pool\{max, .*\} at {at}: needs at least 2 dims, got s \(float64, shape \(\)\)",
    ),
    "pool-integer": Case(
        lambda: pool_2d(T.ltensor4("li"), (2, 2), ignore_border=True),
        DTypeError,
        r"Pool\{max, .*\} at {at}: needs a float tensor, got li \(int64, shape "
        r"\('\?', '\?', '\?', '\?'\)\)",
    ),
    # reshape
    "reshape-shared-size": Case(
        lambda: _shared((3, 4), "s").reshape((5, 2)),
        ShapeError,
        r"Reshape\{2\} at {at}: cannot reshape s \(float64, shape \('\?', '\?'\)\) of shape "
        r"\(3, 4\) to \(5, 2\)",
    ),
    "reshape-constant-size": Case(
        lambda: _const((3, 4)).reshape((7,)),
        ShapeError,
        rf"Reshape\{{1\}} at {{at}}: cannot reshape {C} \(float64, shape \(3, 4\)\) of shape "
        r"\(3, 4\) to \(7,\)",
    ),
    "reshape-two-minus-one": Case(
        lambda: x.reshape((-1, -1)),
        ShapeError,
        r"reshape at {at}: only one size can be -1",
    ),
    "reshape-ndim": Case(
        lambda: T.reshape(x, (2, 3), ndim=3),
        ShapeError,
        r"reshape at {at}: newshape has 2 sizes but ndim=3",
    ),
    # joining
    "concatenate-ranks": Case(
        lambda: T.concatenate([x, v]),
        ShapeError,
        r"Join\{0\} at {at}: tensors must have the same rank: x \(float64, shape "
        r"\('\?', '\?'\)\), v \(float64, shape \('\?',\)\)",
    ),
    "concatenate-constant-sizes": Case(
        lambda: T.concatenate([_const((2, 3)), _const((2, 4))], axis=0),
        ShapeError,
        r"Join\{0\} at {at}: sizes differ in dim 1: \(2, 3\), \(2, 4\)",
    ),
    "alloc-rank": Case(
        lambda: T.alloc(x, 3),
        ShapeError,
        r"Alloc at {at}: the value x \(float64, shape \('\?', '\?'\)\) has more dims",
    ),
    # updates of subtensors
    "set_subtensor-rank": Case(
        lambda: T.set_subtensor(x[0], x),
        ShapeError,
        r"set_subtensor at {at}: x \(float64, shape \('\?', '\?'\)\) has more dims than the "
        r"subtensor Subtensor\{0\}.out \(float64, shape \('\?',\)\)",
    ),
    "inc_subtensor-advanced-rank": Case(
        lambda: T.inc_subtensor(x[T.lvector("k")], t3),
        ShapeError,
        r"inc_subtensor at {at}: t3 \(float64, shape \('\?', '\?', '\?'\)\) has more dims than "
        r"the subtensor AdvancedSubtensor\{axis=0\}.out \(float64, shape \('\?', '\?'\)\)",
    ),
    # integer-only ops on floats (Theano's bit ops refuse them; int_div and mod do not)
    "xor-of-floats": Case(
        lambda: T.xor(x, x),
        DTypeError,
        r"xor at {at}: needs integer or boolean operands, got x \(float64, shape "
        r"\('\?', '\?'\)\), x \(float64",
    ),
    "and-of-floats": Case(
        lambda: T.and_(x, T.lmatrix("m")),
        DTypeError,
        r"and_ at {at}: needs integer or boolean operands, got x \(float64, .*\), m \(int64, ",
    ),
    "or-operator-of-floats": Case(
        lambda: x | x,
        DTypeError,
        r"or_ at {at}: needs integer or boolean operands, got x \(float64",
    ),
    "invert-of-floats": Case(
        lambda: ~v,
        DTypeError,
        r"invert at {at}: needs integer or boolean operands, got v \(float64, shape \('\?',\)\)",
    ),
    "shl-of-floats": Case(
        lambda: T.shl(x, 1),
        DTypeError,
        r"shl at {at}: needs integer operands, got x \(float64, shape \('\?', '\?'\)\), "
        rf"{C} \(float64, shape \(\)\)",
    ),
    "shr-of-floats": Case(
        lambda: T.shr(T.lvector("n"), v),
        DTypeError,
        r"shr at {at}: needs integer operands, got n \(int64, .*\), v \(float64, ",
    ),
    # casts and indices
    "cast-unknown-dtype": Case(
        lambda: T.cast(x, "float128x"),
        DTypeError,
        r"cast at {at}: 'float128x' is not a dtype",
    ),
    "float-scalar-index": Case(
        lambda: x[T.dscalar("i")],
        DTypeError,
        r"an index must be an integer scalar, got i \(float64, shape \(\)\) \(at {at}\)",
    ),
    "float-constant-index": Case(
        lambda: x[1.5],
        DTypeError,
        rf"an index must be an integer scalar, got {C} \(float64, shape \(\)\) \(at {{at}}\)",
    ),
    "float-vector-index": Case(
        lambda: v[T.dvector("fi")],
        DTypeError,
        r"index fi \(float64, shape \('\?',\)\) is not an integer tensor \(at {at}\)",
    ),
    "float-slice-start": Case(
        lambda: v[T.dscalar("a") :],
        DTypeError,
        r"a slice start must be an integer scalar, got a \(float64, shape \(\)\) \(at {at}\)",
    ),
    "take-float-indices": Case(
        lambda: T.take(v, T.dvector("fi")),
        DTypeError,
        r"index fi \(float64, shape \('\?',\)\) is not an integer tensor \(at {at}\)",
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_when_built(name: str) -> None:
    case = REFUSED[name]
    with pytest.raises(case.error, match=_expected(case)) as info:
        case.build()
    assert isinstance(info.value, ArignoteError)


# --------------------------------------------------------------------------- builtin classes

# A clear message (op, operand, shape, exact line), and an exception that is both an
# arignote error and the builtin class Theano code catches (`AxisError(ShapeError,
# IndexError)`; pattern errors are ShapeErrors, which are ValueErrors).
BUILTIN_CLASS: dict[str, Case] = {
    "argmax-axis": Case(
        lambda: T.argmax(x, axis=2),
        IndexError,
        r"argmax at {at}: axis 2 is out of range for x \(float64, shape \('\?', '\?'\)\)",
    ),
    "argmax-negative-axis": Case(
        lambda: T.argmax(x, axis=-3),
        IndexError,
        r"argmax at {at}: axis -3 is out of range for x \(float64, shape \('\?', '\?'\)\)",
    ),
    "argmin-axis": Case(
        lambda: T.argmin(v, axis=1),
        IndexError,
        r"argmin at {at}: axis 1 is out of range for v \(float64, shape \('\?',\)\)",
    ),
    "argmax-two-axes": Case(
        lambda: T.argmax(x, axis=[0, 1]),
        ValueError,
        r"argmax\{axes=\[0, 1\]\} at {at}: takes exactly one axis",
    ),
    "sum-axis": Case(
        lambda: T.sum(x, axis=-3),
        IndexError,
        r"sum at {at}: axis -3 is out of range for x \(float64, shape \('\?', '\?'\)\)",
    ),
    "mean-axis": Case(
        lambda: T.mean(x, axis=5),
        IndexError,
        r"mean at {at}: axis 5 is out of range for x \(float64",
    ),
    "max-axis": Case(
        lambda: T.max(t3, axis=3),
        IndexError,
        r"max at {at}: axis 3 is out of range for t3 \(float64, shape \('\?', '\?', '\?'\)\)",
    ),
    "prod-axis": Case(
        lambda: T.prod(v, axis=1),
        IndexError,
        r"prod at {at}: axis 1 is out of range for v \(float64, shape \('\?',\)\)",
    ),
    "concatenate-axis": Case(
        lambda: T.concatenate([x, x], axis=2),
        IndexError,
        r"Join\{2\} at {at}: axis 2 is out of range for rank 2",
    ),
    "dimshuffle-not-a-dim": Case(
        lambda: x.dimshuffle(0, 2),
        ValueError,
        r"DimShuffle\{0,2\} at {at}: dim 2 is not a dim of x \(float64, shape \('\?', '\?'\)\)",
    ),
    "dimshuffle-bad-entry": Case(
        lambda: x.dimshuffle(0, "y"),
        ValueError,
        r"DimShuffle\{0,y\} at {at}: dim 'y' is not a dim of x \(float64",
    ),
    "dimshuffle-twice": Case(
        lambda: x.dimshuffle(1, 1),
        ValueError,
        r"DimShuffle\{1,1\} at {at}: a dim appears twice in \(1, 1\)",
    ),
    "dimshuffle-drops-a-dim": Case(
        lambda: x.dimshuffle(0),
        ValueError,
        r"DimShuffle\{0\} at {at}: cannot drop dim 1 of x \(float64, shape \('\?', '\?'\)\): "
        r"it is not broadcastable",
    ),
    "too-many-indices": Case(
        lambda: v[0, 1],
        IndexError,
        r"too many indices \(2\) for v \(float64, shape \('\?',\)\) \(at {at}\)",
    ),
    "take-axis": Case(
        lambda: T.take(x, T.lvector("k"), axis=3),
        IndexError,
        r"at {at}: too many indices",
    ),
}


@pytest.mark.parametrize("name", list(BUILTIN_CLASS))
def test_refused_with_a_clear_message(name: str) -> None:
    case = BUILTIN_CLASS[name]
    with pytest.raises(case.error, match=_expected(case)):
        case.build()


@pytest.mark.parametrize("name", list(BUILTIN_CLASS))
def test_refused_with_an_arignote_error(name: str) -> None:
    # (AxisError is a ShapeError and an IndexError; pattern errors are ShapeErrors, which
    # are ValueErrors: both kinds of `except` keep working)
    case = BUILTIN_CLASS[name]
    with pytest.raises(ShapeError, match=_expected(case)):
        case.build()


# --------------------------------------------------------------------------- gaps

# What the front end should do and does not (yet); each xfail's reason says what happens
# now.  The expected message is the one the front end gives for the neighbouring cases.
GAPS: dict[str, tuple[Case, str]] = {
    "stack-ranks": (
        Case(
            lambda: T.stack([x, v]),
            ShapeError,
            r"at {at}: tensors must have the same rank: x \(float64, shape \('\?', '\?'\)\), "
            r"v \(float64, shape \('\?',\)\)",
        ),
        "the message names the internal DimShuffle outputs, not the user's x and v: 'Join{0} "
        "at <line>: tensors must have the same rank: DimShuffle{x,0,1}.out (float64, shape "
        "('1', '?', '?')), DimShuffle{x,0}.out (...)'",
    ),
    "set_subtensor-constant-shapes": (
        Case(
            lambda: T.set_subtensor(_const((4, 3))[0:2], _const((3, 3))),
            ShapeError,
            r"set_subtensor at {at}: .*\(3, 3\).*\(2, 3\)",
        ),
        "no error when built; calling the function fails with 'tt.reshape at <line>: the "
        "element counts of the input and the new shape differ' (an op the user did not "
        "write, no shapes)",
    ),
    "reshape-minus-one-does-not-divide": (
        Case(
            lambda: _shared((3, 4), "s").reshape((-1, 5)),
            ShapeError,
            r"Reshape\{2\} at {at}: cannot reshape s \(float64, shape \('\?', '\?'\)\) of shape "
            r"\(3, 4\) to \(-1, 5\)",
        ),
        "the known size 12 is checked for explicit shapes but not with -1: no error when "
        "built; the call fails with 'tt.reshape ...: the element counts ... differ'",
    ),
    "reshape-negative-size": (
        Case(
            lambda: x.reshape((-2, 3)),
            ShapeError,
            r"reshape at {at}: .*-2",
        ),
        "a size of -2 is accepted when built (Theano/NumPy refuse sizes < -1)",
    ),
    "alloc-negative-size": (
        Case(
            lambda: T.alloc(1.0, -1, 2),
            ShapeError,
            r"Alloc at {at}: .*-1",
        ),
        "T.alloc(1.0, -1, 2) is accepted when built",
    ),
    "conv2d-shape-hints-channels": (
        Case(
            lambda: conv2d(t4, t4, input_shape=(1, 3, 5, 5), filter_shape=(2, 4, 3, 3)),
            ShapeError,
            r"conv2d at {at}: .*3 channels.*4",
        ),
        "input_shape/filter_shape are checked for their length only: channels 3 vs 4 are "
        "accepted when built",
    ),
    "conv2d-subsample-zero": (
        Case(
            lambda: conv2d(t4, t4, subsample=(0, 1)),
            ValueError,
            r"conv2d at {at}: .*subsample",
        ),
        "subsample=(0, 1) is accepted when built (the tt verifier refuses the stride 0 when "
        "the function is compiled)",
    ),
    "not-a-tensor": (
        Case(
            lambda: T.clip(x, "a", 1),
            DTypeError,
            r"(clip|maximum) at {at}: cannot turn 'a' into a tensor",
        ),
        "DTypeError without the op or the line: \"cannot turn 'a' into a tensor: dtype "
        'str32 is not supported ..."',
    ),
}


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=r)) for n, (_, r) in GAPS.items()],
)
def test_gap_refused_when_built(name: str) -> None:
    case, _reason = GAPS[name]
    with pytest.raises(case.error, match=_expected(case)) as info:
        case.build()
    if issubclass(case.error, ArignoteError):
        assert isinstance(info.value, ArignoteError)


@pytest.mark.xfail(
    strict=True,
    reason="front end gap: pool_2d(ignore_border=True) of an input smaller than the window "
    "gives Theano's empty output (size max(0, (n - w) // s + 1)); arignote builds the node, "
    "then compiling fails in the libcall.pool2d verifier ('output height is -1')",
)
def test_pool_window_larger_than_the_input_gives_an_empty_output() -> None:
    out = pool_2d(_const((1, 1, 1, 1)), (3, 3), ignore_border=True, stride=(1, 1))
    assert theano.function([], out)().shape == (1, 1, 0, 0)


# --------------------------------------------------------------------------- accepted

# What Theano accepts must not be refused: mixed dtypes upcast, dot of any ranks follows
# np.dot, int_div/mod work on floats, switch takes any condition dtype.
ACCEPTED: dict[str, tuple[Callable[[], Any], str, int]] = {
    "concatenate-upcasts": (lambda: T.concatenate([x, T.lmatrix("m")]), "float64", 2),
    "concatenate-bool-int8": (lambda: T.concatenate([T.bvector("b"), T.lvector("l")]), "int64", 1),
    "dot-3d-by-2d": (lambda: T.dot(t3, x), "float64", 3),
    "dot-3d-by-3d": (lambda: T.dot(t3, t3), "float64", 4),
    "dot-scalar": (lambda: T.dot(T.dscalar("s"), x), "float64", 2),
    "int_div-of-floats": (lambda: T.int_div(x, x), "float64", 2),
    "mod-of-floats": (lambda: x % 2.0, "float64", 2),
    "switch-float-condition": (lambda: T.switch(x, v, 0.0), "float64", 2),
    "switch-int-condition": (lambda: T.switch(T.lmatrix("c"), x, x), "float64", 2),
    "pool-window-larger-step": (
        lambda: pool_2d(_const((1, 1, 2, 2)), (3, 3), ignore_border=True),
        "float64",
        4,
    ),
}


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_accepted_as_theano_does(name: str) -> None:
    build, dtype, ndim = ACCEPTED[name]
    out = build()
    assert (out.dtype, out.ndim) == (dtype, ndim)


# --------------------------------------------------------------------------- locations


def test_the_location_is_the_line_that_built_the_node() -> None:
    import inspect

    a, b = T.constant(np.ones(3)), T.constant(np.ones(2))
    with pytest.raises(ShapeError) as info:
        a * b
    line = inspect.currentframe().f_lineno - 1  # type: ignore[union-attr]
    assert f"{__file__}:{line}: " in str(info.value)


def test_the_location_is_the_users_line_not_a_helper_in_arignote() -> None:
    # T.clip builds maximum then minimum inside arignote: the line is still this one
    import inspect

    with pytest.raises(ShapeError) as info:
        T.clip(_const((3,)), _const((4,)), 1.0)
    line = inspect.currentframe().f_lineno - 1  # type: ignore[union-attr]
    assert re.match(rf"maximum at {re.escape(__file__)}:{line}: ", str(info.value))


@pytest.mark.parametrize("operands", ["shared+shared", "constant+shared"])
def test_shared_shapes_are_checked_when_the_function_runs(operands: str) -> None:
    # shared values may change shape with set_value, so (as in Theano) elementwise sizes
    # involving them are checked when the compiled function runs, naming the op and the
    # user's line (dot, conv2d and reshape do use the current shapes when built)
    a = _shared((3, 4), "a") if operands == "shared+shared" else _const((3, 4))
    b = _shared((5,), "b")
    import inspect

    f = theano.function([], a + b)
    line = inspect.currentframe().f_lineno - 1  # type: ignore[union-attr]
    where = re.escape(f"{__file__}:{line}")
    with pytest.raises(ShapeError, match=rf"tt.add at {where}: operand shapes differ in dim 1"):
        f()
