"""RandomStreams draws Theano's numbers: NumPy's legacy RandomState, seeded as Theano.

Theano's rules (theano/tensor/shared_randomstreams.py, raw_random.py; the research note
/work/shared/research/theano-semantics.md section 6.1): gen_seedgen = RandomState(seed);
each draw a new stream RandomState(int(gen_seedgen.randint(2**30))) (l.142-171) whose
default_update advances it; RandomFunction.perform calls fn(r, *args, size) with size
None for an empty shape (raw_random.py l.235-288); seed() reseeds the existing streams
in creation order from RandomState(seed) (l.70-92).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.config import config
from arignote.tensor.shared_randomstreams import (
    RandomStateSharedVariable,
    RandomStreams,
    decode_state,
    encode_state,
)

DEVICES = ["cpu", "emu"]


@pytest.fixture(params=DEVICES)
def device(request: pytest.FixtureRequest) -> str:
    request.getfixturevalue(request.param)
    return str(request.param)


@pytest.fixture
def floatx64() -> Iterator[None]:
    old = config.floatX
    config.floatX = "float64"
    yield
    config.floatX = old


def _streams(seed: int, count: int) -> list[np.random.RandomState]:
    gen = np.random.RandomState(seed)
    return [np.random.RandomState(int(gen.randint(2**30))) for _ in range(count)]


def test_the_research_note_vectors(device: str, floatx64: None) -> None:
    """RandomStreams(234).uniform((2,)) and a following normal((2,)) (section 6.1)."""
    srng = RandomStreams(234)
    u, z = srng.uniform((2,)), srng.normal((2,))
    assert u.dtype == z.dtype == "float64"  # upcast(floatX, low, high)
    uv, zv = theano.function([], [u, z])()
    np.testing.assert_allclose(uv, [0.12672381, 0.97091597], atol=5e-9)
    np.testing.assert_allclose(zv, [0.37328447, -0.65746672], atol=5e-9)
    a, b = _streams(234, 2)
    np.testing.assert_array_equal(uv, a.uniform(0.0, 1.0, (2,)))
    np.testing.assert_array_equal(zv, b.normal(0.0, 1.0, (2,)))


def test_every_draw_matches_numpy_call_after_call(device: str, rng: np.random.Generator) -> None:
    """Each distribution, with symbolic and constant sizes, over several calls (the
    state advancing through the default updates); float32 draws are NumPy's float64
    draws cast (floatX=float32), random_integers one randint per element in C order."""
    seed = int(rng.integers(2**31))
    srng = RandomStreams(seed)
    n = T.lscalar("n")
    outs = [
        srng.uniform((n, 3), low=-1, high=2),
        srng.normal((4,), avg=1.0, std=3.0),
        srng.binomial((5,), n=10, p=0.25),
        srng.random_integers((2, 3), low=-2, high=5),
        srng.choice((3,), a=10, replace=False),
        srng.choice((2, 2), a=3, p=[0.1, 0.2, 0.7]),
        srng.permutation((2,), n=6),
        srng.poisson((4,), lam=3.0),
    ]
    assert [o.dtype for o in outs] == ["float32", "float32", *["int64"] * 6]
    f = theano.function([n], outs)
    ref = _streams(seed, len(outs))
    for size in (2, 5, 1):
        got = f(size)
        r = ref
        want = [
            r[0].uniform(-1.0, 2.0, (size, 3)).astype(np.float32),
            r[1].normal(1.0, 3.0, (4,)).astype(np.float32),
            r[2].binomial(10, 0.25, (5,)),
            np.array([[r[3].randint(-2, 6) for _ in range(3)] for _ in range(2)]),
            r[4].choice(10, (3,), False),
            r[5].choice(3, (2, 2), True, [0.1, 0.2, 0.7]),
            np.stack([r[6].permutation(6) for _ in range(2)]),
            r[7].poisson(3.0, (4,)),
        ]
        for k, (g, w) in enumerate(zip(got, want)):
            np.testing.assert_array_equal(g, w, err_msg=f"draw {k}, size {size}")
    for o, r in zip(outs, ref):  # each stream's state is NumPy's after the same draws
        mine, theirs = o.rng.get_value().get_state(), r.get_state()
        np.testing.assert_array_equal(mine[1], theirs[1])
        assert mine[2:] == theirs[2:]


def test_seed_reseeds_existing_streams_in_creation_order(device: str) -> None:
    """seed(s): stream k gets RandomState(RandomState(s).randint(2**30) #k); a stream made
    afterwards still comes from gen_seedgen (shared_randomstreams.py l.70-92)."""
    srng = RandomStreams(1)
    u, z = srng.uniform((3,)), srng.normal((3,))
    f = theano.function([], [u, z])
    f()
    srng.seed(77)
    a, b = _streams(77, 2)
    uv, zv = f()
    np.testing.assert_array_equal(uv, a.uniform(0.0, 1.0, (3,)).astype(np.float32))
    np.testing.assert_array_equal(zv, b.normal(0.0, 1.0, (3,)).astype(np.float32))
    w = srng.uniform((2,), dtype="float64")
    third = _streams(1, 3)[2]
    np.testing.assert_array_equal(theano.function([], w)(), third.uniform(0.0, 1.0, (2,)))
    srng.seed()  # the constructor's seed
    np.testing.assert_array_equal(f()[0], _streams(1, 1)[0].uniform(0, 1, (3,)).astype("f4"))


def test_the_state_is_a_shared_random_state(device: str) -> None:
    """out.rng holds a RandomState (get_value / set_value), out.update = (rng, new_rng);
    no_default_updates keeps the state; an explicit update wins."""
    srng = RandomStreams(5)
    u = srng.uniform((4,), dtype="float64")
    rng_var, new = u.update
    assert rng_var is u.rng and isinstance(rng_var, RandomStateSharedVariable)
    assert rng_var.default_update is new and srng.updates() == [(rng_var, new)]
    (ref,) = _streams(5, 1)
    assert isinstance(srng[rng_var], np.random.RandomState)
    f = theano.function([], u)
    np.testing.assert_array_equal(f(), ref.uniform(0, 1, (4,)))
    state = rng_var.get_value()
    np.testing.assert_array_equal(state.uniform(0, 1, (4,)), ref.uniform(0, 1, (4,)))
    rng_var.set_value(np.random.RandomState(42))
    np.testing.assert_array_equal(f(), np.random.RandomState(42).uniform(0, 1, (4,)))
    g = theano.function([], u, no_default_updates=True)
    np.testing.assert_array_equal(g(), g())
    h = theano.function([], u, updates=[(rng_var, rng_var)])
    np.testing.assert_array_equal(h(), h())
    assert srng.binomial((2,), dtype="floatX").dtype == config.floatX


def test_the_encoded_state_keeps_a_cached_gaussian() -> None:
    """normal draws leave a cached Gaussian (has_gauss): the encoding keeps it exactly."""
    r = np.random.RandomState(3)
    r.normal(size=3)
    again = decode_state(encode_state(r))
    assert again.get_state()[3] == 1
    np.testing.assert_array_equal(again.normal(size=5), r.normal(size=5))
    s = theano.shared(np.random.RandomState(9), name="s")
    assert isinstance(s, RandomStateSharedVariable) and s.name == "s"
    s2 = pickle.loads(pickle.dumps(s))
    assert isinstance(s2, RandomStateSharedVariable)
    np.testing.assert_array_equal(s2.get_value().rand(3), np.random.RandomState(9).rand(3))
    with pytest.raises(TypeError, match="RandomState"):
        s.set_value(np.zeros(3))


def test_sizes_from_the_parameters_and_from_a_shape(device: str, rng: np.random.Generator) -> None:
    """size=None takes the broadcast shape of the parameters; a shape vector (x.shape)
    and -1 (a parameter's dim) work as in raw_random._infer_ndim_bcast (l.303-411)."""
    lo = T.dvector("lo")
    x = T.dmatrix("x")
    srng = RandomStreams(11)
    a = srng.uniform(low=lo, high=lo + 1)
    b = srng.normal(x.shape, avg=0.0, std=2.0, dtype="float64")
    c = srng.uniform((2, -1), low=lo, dtype="float64")
    lov, xv = rng.standard_normal(3), rng.standard_normal((2, 4))
    av, bv, cv = theano.function([lo, x], [a, b, c])(lov, xv)
    r = _streams(11, 3)
    np.testing.assert_array_equal(av, r[0].uniform(lov, lov + 1, (3,)))
    np.testing.assert_array_equal(bv, r[1].normal(0.0, 2.0, (2, 4)))
    np.testing.assert_array_equal(cv, r[2].uniform(lov, 1.0, (2, 3)))


def test_multinomial_rows(device: str) -> None:
    """multinomial: one RandomState.multinomial per index of size, C order, pvals rows
    broadcast; output size + (L,) (raw_random.py multinomial_helper, l.759-829)."""
    pv = T.dmatrix("pv")
    srng = RandomStreams(4)
    m = srng.multinomial((3, 2), n=7, pvals=pv)
    pvv = np.array([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]])
    got = theano.function([pv], m)(pvv)
    (r,) = _streams(4, 1)
    want = np.array([[r.multinomial(7, row) for row in pvv] for _ in range(3)])
    assert got.shape == (3, 2, 3) and got.dtype == np.int64
    np.testing.assert_array_equal(got, want)


def test_draws_have_no_gradient_and_dropout_trains(cpu: None) -> None:
    """A cost through a random mask differentiates (the mask is a constant for grad)."""
    srng = RandomStreams(2)
    w = theano.shared(np.ones(6), name="w")
    mask = srng.binomial((6,), p=0.5, dtype="float64")
    g = theano.function([], T.grad(T.sum(w * mask), w))
    (ref,) = _streams(2, 1)
    np.testing.assert_array_equal(g(), ref.binomial(1, 0.5, (6,)))


def test_a_gradient_through_a_draw_parameter_is_refused(cpu: None) -> None:
    """grad_undefined for every input of RandomFunction (raw_random.py l.294-297): a
    parameter that depends on the grad variables is an error; others are fine."""
    from arignote.gradient import NullTypeGradError

    srng = RandomStreams(3)
    w, s, t = T.dscalar("w"), T.dscalar("s"), T.dscalar("t")
    u = srng.uniform((2,), low=w * 2, high=s + 5, dtype="float64")
    with pytest.raises(NullTypeGradError, match=r"RandomFunction\{uniform\} .* input 2"):
        T.grad(T.sum(u), w)
    with pytest.raises(NullTypeGradError, match="input 3"):
        T.grad(T.sum(u) + s, s)
    gt = theano.function([w, s, t], T.grad(T.sum(u) * t, t), on_unused_input="ignore")
    (ref,) = _streams(3, 1)
    np.testing.assert_array_equal(gt(0.5, 1.0, 2.0), ref.uniform(1.0, 6.0, (2,)).sum())


def test_bad_sizes_are_refused_naming_the_draw_and_the_line() -> None:
    """raw_random._infer_ndim_bcast's checks (l.329-333, 380-408), permutation's (l.745)."""
    srng = RandomStreams(0)
    here = f"{__file__}:"
    with pytest.raises(ValueError, match=rf"RandomStreams.uniform at {here}\d+: ndim should"):
        srng.uniform((2, 3), ndim=1)
    with pytest.raises(TypeError, match="RandomStreams.permutation at .*more then 1 dim"):
        srng.permutation(n=3, ndim=2)
    with pytest.raises(ValueError, match="RandomStreams.normal at .*negative size -3"):
        srng.normal((2, -3))
    with pytest.raises(TypeError, match="RandomStreams.poisson at .*give a size"):
        srng.poisson(lam=2.0)
    with pytest.raises(ValueError, match="RandomStreams.uniform at .*ndim 1 is less than"):
        srng.uniform((3,), low=T.dmatrix())





@pytest.mark.gpu
def test_draws_on_cuda(floatx64: None) -> None:
    """The research-note vectors on a real GPU (state and draws cross the bus)."""
    old, config.device = config.device, "cuda"
    try:
        srng = RandomStreams(234)
        f = theano.function([], [srng.uniform((2,)) * 1, srng.normal((2,))])
        uv, zv = f()
        np.testing.assert_allclose(uv, [0.12672381, 0.97091597], atol=5e-9)
        np.testing.assert_allclose(zv, [0.37328447, -0.65746672], atol=5e-9)
    finally:
        config.device = old
