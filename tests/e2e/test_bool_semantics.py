"""Theano's rules for bool tensors, compiled on cpu and on the PTX emulator.

The rules, from Theano 1.0.5's source (../shared/research/theano-semantics.md §7):
- `max(bool)` is bool and `min(bool)` is `~max(~x)`, bool (`MaxAndArgmax`, tensor/basic.py
  l.1300, l.1771): a logical any / all over the axes;
- `argmax`/`argmin` of bool give int64, with False < True;
- `bool + bool` and `maximum` are bool, a logical or (`Add(upcast_out)`, C code `||`);
  `bool * bool` and `minimum` are bool, a logical and; `bool - bool` and `-bool` raise
  TypeError (`upcast_out_nobool`, `same_out_nobool`, theano/scalar/basic.py l.841, l.885).
"""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.errors import DTypeError

DEVICES = ["cpu", "emu"]


@pytest.fixture(params=DEVICES)
def device(request):  # type: ignore[no-untyped-def]
    old = theano.config.device
    theano.config.device = request.param
    yield request.param
    theano.config.device = old


def _bools(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    return rng.random(shape) < 0.3


def test_max_min_of_bools_over_every_axis(device: str, rng: np.random.Generator) -> None:
    x = T.tensor3(dtype="bool")
    outs = [T.max(x), T.min(x)]
    refs = [lambda v: v.max(), lambda v: v.min()]
    for axis in (0, 1, 2, (0, 2)):
        outs += [T.max(x, axis=axis), T.min(x, axis=axis, keepdims=True)]
        refs += [
            lambda v, a=axis: v.max(axis=a),
            lambda v, a=axis: v.min(axis=a, keepdims=True),
        ]
    assert all(o.dtype == "bool" for o in outs)
    f = theano.function([x], outs)
    for _ in range(3):
        v = _bools(rng, (3, 4, 5))
        for got, ref in zip(f(v), refs, strict=True):
            np.testing.assert_array_equal(got, ref(v))
            assert got.dtype == np.bool_


def test_max_min_example_from_the_fuzzer(device: str) -> None:
    x = T.matrix(dtype="bool")
    f = theano.function([x], [T.max(x, axis=0), T.min(x, axis=0)])
    v = np.array([[True, False], [False, False], [False, True]])
    mx, mn = f(v)
    np.testing.assert_array_equal(mx, [True, True])
    np.testing.assert_array_equal(mn, [False, False])


def test_argmax_argmin_of_bools(device: str, rng: np.random.Generator) -> None:
    x = T.matrix(dtype="bool")
    outs = [T.argmax(x, axis=1), T.argmin(x, axis=0), T.argmax(x)]
    assert all(o.dtype == "int64" for o in outs)
    f = theano.function([x], outs)
    v = _bools(rng, (6, 7))
    a1, a0, aflat = f(v)
    np.testing.assert_array_equal(a1, v.argmax(axis=1))
    np.testing.assert_array_equal(a0, v.argmin(axis=0))
    assert int(aflat) == int(v.argmax())


def test_bool_arithmetic_is_logical(device: str, rng: np.random.Generator) -> None:
    a, b = T.vector(dtype="bool"), T.vector(dtype="bool")
    outs = [a + b, a * b, T.maximum(a, b), T.minimum(a, b)]
    assert all(o.dtype == "bool" for o in outs)
    f = theano.function([a, b], outs)
    va, vb = _bools(rng, (50,)), _bools(rng, (50,))
    s, p, mx, mn = f(va, vb)
    np.testing.assert_array_equal(s, va | vb)
    np.testing.assert_array_equal(p, va & vb)
    np.testing.assert_array_equal(mx, va | vb)
    np.testing.assert_array_equal(mn, va & vb)


def test_bool_mixed_with_ints_upcasts() -> None:
    a = T.vector(dtype="bool")
    assert (a + T.bvector()).dtype == "int8"
    assert (a * T.ivector()).dtype == "int32"


@pytest.mark.parametrize("build", [lambda a, b: a - b, lambda a, b: -a])
def test_sub_and_neg_refuse_bools(build) -> None:  # type: ignore[no-untyped-def]
    a, b = T.vector(dtype="bool"), T.vector(dtype="bool")
    with pytest.raises(DTypeError, match=r"(sub|neg) at .*test_bool_semantics.py:\d+: bool"):
        build(a, b)
