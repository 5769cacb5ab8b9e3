"""MRG_RandomStreams: Theano 1.0.5's MRG31k3p generator, bit for bit.

The rules followed are Theano's theano/sandbox/rng_mrg.py (line numbers of 1.0.5), as
summarised in /work/shared/research/theano-semantics.md section 6.2.  The test vectors for
seed 12345 are that section's "Test vectors for seed 12345" (computed there with Theano's
own `mrg_next_value` / `matVecModM` run standalone); every other expectation comes from
the pure-Python transcription below, written from Theano's formulas (the recurrence as
modular arithmetic, not as the int32 bit tricks the implementation uses).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import arignote
import arignote.tensor as T
from arignote import function
from arignote.dialects import tt_reference
from arignote.errors import ShapeError
from arignote.sandbox import mrg31k3p
from arignote.sandbox.rng_mrg import MRG_RandomStreams, MrgUniform

M1, M2 = 2**31 - 1, 2**31 - 21069

# --------------------------------------------------------------------------- transcription


def py_step(s: list[int]) -> tuple[list[int], int]:
    """One MRG31k3p step as Theano's comments state it (rng_mrg.py l.243-290):
    y1 = (2^22 x12 + (2^7 + 1) x13) mod M1, y2 = (2^15 x21 + (2^15 + 1) x23) mod M2, the
    state shifts, and the output is x11 - x21 (+ M1 when x11 <= x21)."""
    x11, x12, x13, x21, x22, x23 = s
    y1 = (2**22 * x12 + (2**7 + 1) * x13) % M1
    y2 = (2**15 * x21 + (2**15 + 1) * x23) % M2
    z = y1 - y2 + (M1 if y1 <= y2 else 0)
    return [y1, x11, x12, y2, x21, x22], z


def py_jump(s: list[int], a1, a2) -> list[int]:  # type: ignore[no-untyped-def]
    """matVecModM (l.35-38) on each half: sum((A s) mod m) mod m."""
    return [sum(a * v % m for a, v in zip(row, half)) % m
            for a, half, m in ((a1, s[:3], M1), (a2, s[3:], M2)) for row in a]  # fmt: skip


def py_draws(base: list[int], n_streams: int, count: int) -> list[int]:
    """The integers of one random variable: streams spaced by 2^72 from `base` (l.764-799),
    element i from stream i % n_streams (l.398-404)."""
    streams = [list(base)]
    for _ in range(1, min(n_streams, count)):  # the streams the draws use
        streams.append(py_jump(streams[-1], mrg31k3p.A1P72, mrg31k3p.A2P72))
    out = []
    for i in range(count):
        streams[i % n_streams], z = py_step(streams[i % n_streams])
        out.append(z)
    return out


# --------------------------------------------------------------------------- the reference


def test_reference_matches_the_published_vectors() -> None:
    """Seed 12345, float64 (theano-semantics.md 6.2 "Test vectors"): the stream-1 state,
    uniform((2,)) on 2 streams, uniform((4,)) on 4, three draws of one stream, and the
    second variable's base state (inc_rstate, 2^134 steps, l.753-760)."""
    seed = mrg31k3p.check_seed(12345)
    states = mrg31k3p.substream_states(seed, 4)
    assert states[1].tolist() == [1613322692, 623311037, 1722317882, 1563970864, 792350268,
                                  619030428]  # fmt: skip
    _, u2 = tt_reference.mrg_uniform(states[:2], (2,), np.float64)
    assert u2.tolist() == [0.7353244530968368, 0.2585685825906694]
    _, u4 = tt_reference.mrg_uniform(states, (4,), np.float64)
    assert u4.tolist() == [0.7353244530968368, 0.2585685825906694, 0.6940806899219751,
                           0.7705746139399707]  # fmt: skip
    _, u3 = tt_reference.mrg_uniform(states[:1], (3,), np.float64)
    assert u3.tolist() == [0.7353244530968368, 0.6142074400559068, 0.11007806099951267]
    assert mrg31k3p.next_variable_state(seed).tolist() == [336690377, 597094797, 1245771585,
                                                           85196284, 523477687, 2094976052]  # fmt: skip


def _random_states(rng: np.random.Generator, n: int) -> np.ndarray:
    a = rng.integers(1, M1, (n, 3))
    b = rng.integers(1, M2, (n, 3))
    a[::5, 0] = M1 - 1  # the largest words exercise the overflow corrections
    b[::7, 2] = M2 - 1
    return np.concatenate([a, b], axis=1).astype(np.int32)


def test_reference_step_is_the_modular_recurrence(rng: np.random.Generator) -> None:
    """The int32 bit tricks (shifts, masks, conditional subtractions with wrap-around;
    mrg_next_value l.243-290) equal the modular recurrence on random valid states."""
    states = _random_states(rng, 500)
    new, z = tt_reference.mrg_step(states.astype(np.int64))
    for s, n_row, z_i in zip(states.tolist(), new.tolist(), z.tolist()):
        want, want_z = py_step(s)
        assert n_row == want and z_i == want_z
        assert 1 <= z_i <= M1


A1P0 = ((0, 4194304, 129), (1, 0, 0), (0, 1, 0))  # one step (rng_mrg.py l.206-209)
A2P0 = ((32768, 0, 32769), (1, 0, 0), (0, 1, 0))


def _square(a, m):  # type: ignore[no-untyped-def]
    return tuple(tuple(sum(a[i][k] * a[k][j] for k in range(3)) % m for j in range(3))
                 for i in range(3))  # fmt: skip


def test_reference_jump_and_streams(rng: np.random.Generator) -> None:
    """get_substream_rstates (l.764-799): row i = row i-1 jumped by matVecModM with
    A1p72/A2p72; those matrices are the one-step matrices squared 72 times (2^72 steps),
    A1p134/A2p134 squared 134 times, and one-step jumps agree with the recurrence."""
    base = _random_states(rng, 1)[0].tolist()
    states = mrg31k3p.substream_states(base, 5)
    s = list(base)
    for i in range(5):
        assert states[i].tolist() == s
        s = py_jump(s, mrg31k3p.A1P72, mrg31k3p.A2P72)
    assert mrg31k3p.jump(base, A1P0, A2P0) == py_step(base)[0]
    for a, m, want in [(A1P0, M1, (mrg31k3p.A1P72, mrg31k3p.A1P134)),
                       (A2P0, M2, (mrg31k3p.A2P72, mrg31k3p.A2P134))]:  # fmt: skip
        p = a
        for k in range(1, 135):
            p = _square(p, m)
            if k == 72:
                assert p == want[0]
        assert p == want[1]


def test_reference_fill_order(rng: np.random.Generator) -> None:
    """Element i of the flattened output comes from stream i % n (l.398-404)."""
    base = _random_states(rng, 1)[0].tolist()
    for n, count in [(1, 7), (3, 10), (4, 4), (6, 5)]:
        states = mrg31k3p.substream_states(base, n)
        new, u = tt_reference.mrg_uniform(states, (count,), np.float64)
        want = py_draws(base, n, count)
        assert (u * 2.0**31).astype(np.int64).tolist() == want


def test_reference_float32_is_the_c_path(rng: np.random.Generator) -> None:
    """float32 samples are `(float)z * 4.6566126e-10f` in float32 (the C code, rng_mrg.py
    l.473-478), not the Python perform's float64 product rounded to float32: the two
    differ in the last bit for some z; the largest sample is 0.99999994 < 1."""
    z = rng.integers(1, M1 + 1, 200000)
    u = tt_reference.mrg_to_float(z, np.float32)
    c_path = z.astype(np.float32) * np.float32(4.6566126e-10)
    assert u.dtype == np.float32 and np.array_equal(u, c_path)
    py_path = (z * float(np.float32(4.6566126e-10))).astype(np.float32)
    assert not np.array_equal(u, py_path)
    top = tt_reference.mrg_to_float(np.array([M1]), np.float32)[0]
    assert top == np.float32(0.99999994) and top < 1
    lo = tt_reference.mrg_to_float(np.array([1, M1]), np.float64)
    assert lo.tolist() == [2.0**-31, 1 - 2.0**-31]


def test_reference_float16() -> None:
    """float16 (the Python perform, the only float16 path, l.381-392): ((z & 0x7fff) + 1)
    * float16(3.0458e-05), in float64 then rounded once."""
    z = np.array([1, 0x7FFF, 0x8000, M1])
    u = tt_reference.mrg_to_float(z, np.float16)
    norm = float(np.float16(3.0458e-05))
    want = [np.float16(((v & 0x7FFF) + 1) * norm) for v in z.tolist()]
    assert u.dtype == np.float16 and u.tolist() == [float(w) for w in want]


def test_seed_rules() -> None:
    """set_rstate (l.696-721): int seeds non-zero and < M2; 6 ints with each half < its
    modulus and not all zero; anything else a TypeError."""
    assert mrg31k3p.check_seed(7).tolist() == [7] * 6
    assert mrg31k3p.check_seed([1, 2, 3, 4, 5, 6]).tolist() == [1, 2, 3, 4, 5, 6]
    for bad, msg in [
        (0, "should not be 0"), (M2, "less than 2147462579"),
        ([0, 0, 0, 1, 1, 1], "first 3 values of seed should not be all 0"),
        ([1, 1, 1, 0, 0, 0], "last 3 values of seed should not be all 0"),
        ([M1, 1, 1, 1, 1, 1], "first 3 values of seed should be less than 2147483647"),
        ([1, 1, 1, 1, M2, 1], "last 3 values of seed should be less than 2147462579"),
    ]:  # fmt: skip
        with pytest.raises(ValueError, match=msg):
            mrg31k3p.check_seed(bad)
    with pytest.raises(TypeError, match="1 integer or 6 integers"):
        mrg31k3p.check_seed([1, 2, 3])


def test_guess_n_streams() -> None:
    """guess_n_streams (l.621-657): prod(size), // 6 above 6, at most 15360; non-int
    sizes (numpy integers included) 15360."""
    g = mrg31k3p.guess_n_streams
    assert [g((6,)), g((7,)), g((11,)), g((12,)), g((2, 3)), g((3, 4))] == [6, 1, 1, 2, 6, 2]
    assert g((1000, 1000)) == 15360 and g((np.int64(10),)) == 15360 and g(None) == 15360


# --------------------------------------------------------------------------- compiled

DEVICES = ["cpu", "emu"]


@pytest.fixture
def device(request):  # type: ignore[no-untyped-def]
    """Compile for request.param (cpu or emu) during the test."""
    from arignote.config import config

    old = config.device
    config.device = request.param
    yield request.param
    config.device = old


def _floats(ints: list[int], dtype) -> np.ndarray:  # type: ignore[no-untyped-def]
    return tt_reference.mrg_to_float(np.asarray(ints, dtype=np.int64), dtype)


def _base(seed: int, variable: int = 0) -> list[int]:
    """The base state of the `variable`-th random variable of MRG_RandomStreams(seed)."""
    s = [seed] * 6
    for _ in range(variable):
        s = py_jump(s, mrg31k3p.A1P134, mrg31k3p.A2P134)
    return s


@pytest.mark.parametrize("device", DEVICES, indirect=True)
def test_published_vectors_compiled(device: str) -> None:
    """Seed 12345 (theano-semantics.md 6.2 "Test vectors"), each draw the first variable
    of a fresh MRG_RandomStreams: uniform((2,)) on 2 streams, uniform((4,)) on 4,
    uniform((10,)) (1 stream: prod 10 // 6) beginning with three draws of stream 0; the
    state of the (2,) variable holds the published stream-1 state."""
    u2 = MRG_RandomStreams(12345).uniform((2,), dtype="float64")
    assert u2.rng.get_value()[1].tolist() == [1613322692, 623311037, 1722317882, 1563970864,
                                              792350268, 619030428]  # fmt: skip
    assert function([], u2)().tolist() == [0.7353244530968368, 0.2585685825906694]
    u4 = MRG_RandomStreams(12345).uniform((4,), dtype="float64")
    assert function([], u4)().tolist() == [0.7353244530968368, 0.2585685825906694,
                                           0.6940806899219751, 0.7705746139399707]  # fmt: skip
    u10 = MRG_RandomStreams(12345).uniform((10,), dtype="float64")
    assert u10.rng.get_value().shape == (1, 6)
    assert function([], u10)()[:3].tolist() == [0.7353244530968368, 0.6142074400559068,
                                                0.11007806099951267]  # fmt: skip


@pytest.mark.parametrize("device", DEVICES, indirect=True)
@pytest.mark.parametrize("dtype", ["float64", "float32", "float16"])
def test_calls_advance_the_state(device: str, dtype: str, rng: np.random.Generator) -> None:
    """Each call draws the next numbers of every stream (the state's default update,
    pretty_return l.805-811): three calls of a (3, 5) draw (2 streams) equal 45
    consecutive draws with element i from stream i % 2; float32 is the C path's
    (float)z * 4.6566126e-10f, float16 the Python perform's (l.381-404); the state after
    the calls is the streams' state after their draws."""
    seed = int(rng.integers(1, M2))
    srng = MRG_RandomStreams(seed)
    u = srng.uniform((3, 5), dtype=dtype)
    assert u.dtype == dtype and u.rng.get_value().shape == (2, 6)
    f = function([], u)
    got = np.stack([f() for _ in range(3)])
    # 15 elements per call: stream 0 gives elements 0, 2, ..., 14 (8 draws), stream 1
    # gives 7; three calls are each stream's first 24 / 21 draws
    streams = [py_draws(_base(seed), 2, 2 * 24)[0::2], py_draws(_base(seed), 2, 2 * 24)[1::2]]
    want = []
    taken = [0, 0]
    for _ in range(3):
        for i in range(15):
            want.append(streams[i % 2][taken[i % 2]])
            taken[i % 2] += 1
    want_f = _floats(want, dtype).reshape(3, 3, 5)
    assert got.dtype == want_f.dtype
    np.testing.assert_array_equal(got, want_f)
    ref_state = mrg31k3p.substream_states(_base(seed), 2)
    for _ in range(3):
        ref_state, _ = tt_reference.mrg_uniform(ref_state, (3, 5), np.dtype(dtype))
    np.testing.assert_array_equal(u.rng.get_value(), ref_state)


@pytest.mark.parametrize("device", DEVICES, indirect=True)
def test_uniform_low_high_and_symbolic_size(device: str, rng: np.random.Generator) -> None:
    """u * (high - low) + low in the output dtype (l.886); a symbolic size uses 15360
    streams (guess_n_streams l.621-657), so n = 15363 elements take a second draw of
    streams 0-2; the dtype is upcast(floatX, low, high): float64 low gives float64."""
    seed = int(rng.integers(1, M2))
    srng = MRG_RandomStreams(seed)
    n = T.lscalar("n")
    lo, hi = -2.5, 4.0
    u = srng.uniform((n,), low=np.float64(lo), high=hi)
    assert u.dtype == "float64" and u.rng.get_value().shape == (15360, 6)
    got = function([n], u)(15363)
    ints = py_draws(_base(seed), 15360, 15363)
    want = _floats(ints, np.float64) * (hi - lo) + lo
    np.testing.assert_allclose(got, want, rtol=1e-15, atol=0)  # an fma may round once
    assert lo < got.min() and got.max() < hi


def _box_muller(ints: list[int], n: int, dtype) -> np.ndarray:  # type: ignore[no-untyped-def]
    """normal's transcription (l.1084-1127): uniforms U of even length, u1 = first half,
    u2 = second half, r = sqrt(-2 log u1), theta = 2 pi u2, concat(r cos, r sin)[:n]."""
    u = _floats(ints, dtype)
    half = len(u) // 2
    r = np.sqrt(dtype(-2.0) * np.log(u[:half]))
    theta = np.asarray(2.0 * np.pi, dtype=dtype) * u[half:]
    return np.concatenate([r * np.cos(theta), r * np.sin(theta)])[:n]


@pytest.mark.parametrize("device", DEVICES, indirect=True)
@pytest.mark.parametrize("size", [(2, 3), (5,)])
def test_normal(device: str, size: tuple[int, ...], rng: np.random.Generator) -> None:
    """normal (l.1038-1129): Box-Muller on the halves of one uniform of even length
    N + N % 2 drawn from 15360 streams (the size is symbolic inside normal), * std +
    avg; an odd size drops the last sine sample.  float64 within 1e-13 (libm vs the
    device's log/cos/sin); float32 within 2e-6."""
    seed = int(rng.integers(1, M2))
    count = int(np.prod(size))
    ints = py_draws(_base(seed), 15360, count + count % 2)
    for dtype, tol in ((np.float64, 1e-13), (np.float32, 2e-6)):
        srng = MRG_RandomStreams(seed)
        z = srng.normal(size, avg=1.5, std=2.0, dtype=dtype.__name__)
        assert z.rng.get_value().shape == (15360, 6)
        got = function([], z)()
        assert got.dtype == dtype and got.shape == size
        want = (_box_muller(ints, count, dtype) * dtype(2.0) + dtype(1.5)).reshape(size)
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol)


@pytest.mark.parametrize("device", DEVICES, indirect=True)
def test_binomial(device: str, rng: np.random.Generator) -> None:
    """binomial(n=1) (l.896-904): cast(uniform(size) < p, 'int64'), the uniform in floatX
    (float32 here) on guess_n_streams(size) streams (20 // 6 = 3); n != 1 is refused."""
    seed = int(rng.integers(1, M2))
    p = float(rng.uniform(0.2, 0.8))
    b = MRG_RandomStreams(seed).binomial((4, 5), p=p)
    assert b.dtype == "int64" and b.rng.get_value().shape == (3, 6)
    got = function([], b)()
    u = _floats(py_draws(_base(seed), 3, 20), np.float32)
    np.testing.assert_array_equal(got, (u < np.float32(p)).astype(np.int64).reshape(4, 5))
    with pytest.raises(NotImplementedError, match="n > 1"):
        MRG_RandomStreams(seed).binomial((4,), n=2)


@pytest.mark.parametrize("device", DEVICES, indirect=True)
def test_seed_recreates_every_variable(device: str, rng: np.random.Generator) -> None:
    """seed(s) (l.723-751) redoes the states of every variable in creation order from s:
    afterwards the functions draw what a fresh MRG_RandomStreams(s) with the same
    variables draws; seed() goes back to the constructor's seed."""
    s1, s2 = (int(v) for v in rng.integers(1, M2, 2))
    srng = MRG_RandomStreams(s1)
    a, b = srng.uniform((4,), dtype="float64"), srng.uniform((7,), dtype="float64")
    f = function([], [a, b])
    first = f()
    f()
    srng.seed(s2)
    fresh = MRG_RandomStreams(s2)
    g = function([], [fresh.uniform((4,), dtype="float64"), fresh.uniform((7,), dtype="float64")])
    for x, y in zip(f(), g()):
        np.testing.assert_array_equal(x, y)
    assert f()[1].tolist() == _floats(py_draws(_base(s2, 1), 1, 14), np.float64)[7:].tolist()
    srng.seed()
    for x, y in zip(f(), first):
        np.testing.assert_array_equal(x, y)


def test_nstreams_rules() -> None:
    """The state of each variable has guess_n_streams(size) rows (l.621-657): Python-int
    sizes give prod // 6 (at most 15360; up to 6 as is), numpy integers and symbolic
    sizes 15360; nstreams= overrides; the variables' base states are 2^134 apart."""
    srng = MRG_RandomStreams(12345)
    n = T.lscalar("n")
    cases = [((6,), None, 6), ((7,), None, 1), ((12,), None, 2), ((2, 3), None, 6),
             ((np.int64(10),), None, 15360), ((n, 3), None, 15360), ((10,), 4, 4),
             ((1000, 1000), None, 15360)]  # fmt: skip
    for i, (size, nstreams, rows) in enumerate(cases):
        u = srng.uniform(size, nstreams=nstreams)
        st = u.rng.get_value()
        assert st.shape == (rows, 6) and st.dtype == np.int32, size
        assert st[0].tolist() == _base(12345, i)
    assert len(srng.updates()) == len(cases)


def test_bad_arguments() -> None:
    """Theano's refusals: seed 0 / >= M2 (set_rstate), a size with a dimension <= 0 or of
    the wrong kind (uniform l.853-868), non-float dtypes, normal(truncate=True) (not
    implemented here)."""
    with pytest.raises(ValueError, match="should not be 0"):
        MRG_RandomStreams(0)
    srng = MRG_RandomStreams(1)
    with pytest.raises(ValueError, match="dimension <= 0"):
        srng.uniform((3, 0))
    with pytest.raises(TypeError, match="size must be"):
        srng.uniform("3")
    with pytest.raises(TypeError, match="floats"):
        srng.uniform((3,), dtype="int32")
    with pytest.raises(NotImplementedError, match="truncate"):
        srng.normal((3,), truncate=True)
    with pytest.raises(ShapeError, match="state must be an int32 matrix"):
        MrgUniform("float32", 1)(arignote.shared(np.zeros((2, 6), np.int64)), 3)
    with pytest.raises(ShapeError, match=r"test_rng_mrg.py:\d+: .*value of shape \(2, 5\)"):
        MrgUniform("float32", 1)(arignote.shared(np.ones((2, 5), np.int32)), 3)


def test_cpu_and_emu_give_the_same_bits(rng: np.random.Generator) -> None:
    """One graph (uniform f16/f32/f64, binomial) compiled for cpu and for emu gives the
    same bits, call after call."""
    from arignote.config import config

    seed = int(rng.integers(1, M2))
    outs = {}
    old = config.device
    try:
        for dev in DEVICES:
            config.device = dev
            srng = MRG_RandomStreams(seed)
            ys = [srng.uniform((5, 7), dtype=d) for d in ("float16", "float32", "float64")]
            f = function([], [*ys, srng.binomial((33,), p=0.4)])
            outs[dev] = [f(), f()]
    finally:
        config.device = old
    for a, b in zip(outs["cpu"], outs["emu"]):
        for x, y in zip(a, b):
            assert x.dtype == y.dtype and x.tobytes() == y.tobytes()


@pytest.mark.parametrize("device", DEVICES, indirect=True)
def test_run_time_checks(device: str) -> None:
    """Theano's limit of 2^31 - 1 samples per draw (mrg_uniform.perform l.369-374 and the
    C code) and a state without streams are errors naming the op, before any allocation."""
    srng = MRG_RandomStreams(3)
    n = T.lscalar("n")
    u = srng.uniform((n,))
    f = function([n], u)
    with pytest.raises(ShapeError, match=r"tt.mrg_uniform at .*test_rng_mrg.py:\d+.*2\*\*31 - 1"):
        f(2**31)
    u.rng.set_value(np.zeros((0, 6), np.int32))
    with pytest.raises(ShapeError, match="the state has no streams"):
        f(3)


def _c_mod(a: int, m: int) -> int:
    """C's int64 `a % m` (truncating: the dividend's sign)."""
    r = a % m
    return r - m if a < 0 and r else r


@pytest.mark.parametrize("device", DEVICES, indirect=True)
def test_negative_seed(device: str) -> None:
    """set_rstate accepts a negative int seed (only 0 and >= M2 are refused, l.698-702).
    The stream jumps then follow DotModulo's C code (l.150-156: C's truncating %, the
    compiled path multMatVect uses), and the draws the int32 recurrence with arithmetic
    shifts on the negative words (the C code and the kernel alike)."""
    seed = -7
    want_row1 = []
    for mat, m in ((mrg31k3p.A1P72, M1), (mrg31k3p.A2P72, M2)):
        for row in mat:
            want_row1.append(_c_mod(sum(_c_mod(a * seed, m) for a in row), m))
    u = MRG_RandomStreams(seed).uniform((4, 3), dtype="float64")
    states = u.rng.get_value()
    assert states[0].tolist() == [seed] * 6 and states[1].tolist() == want_row1
    assert min(want_row1) < 0
    _, want = tt_reference.mrg_uniform(states, (4, 3), np.float64)
    np.testing.assert_array_equal(function([], u)(), want)


def test_dtype_rules() -> None:
    """The samples' dtype is upcast(floatX, low, high) (uniform l.845-846; normal with avg,
    std l.1074), Python scalars autocast as Theano's NumpyAutocaster (scalar/basic.py
    l.166-215): a float is floatX under floatX=float32, else float32 when exact; an int
    the smallest int type (int8 + float32 stays float32; an int32 variable gives float64)."""
    from arignote.config import config

    old = config.floatX
    try:
        config.floatX = "float32"
        srng = MRG_RandomStreams(5)
        assert srng.uniform((2,)).dtype == "float32"
        assert srng.uniform((2,), low=0.1, high=3).dtype == "float32"
        assert srng.uniform((2,), low=np.float64(0.0)).dtype == "float64"
        assert srng.uniform((2,), high=T.iscalar()).dtype == "float64"
        assert srng.normal((2,), std=T.dscalar()).dtype == "float64"
        assert srng.uniform((2,), dtype="float16").dtype == "float16"
        config.floatX = "float64"
        assert srng.uniform((2,)).dtype == "float64"
        assert srng.normal((2,)).dtype == "float64"
        assert srng.binomial((2,)).dtype == "int64"
    finally:
        config.floatX = old


@pytest.mark.parametrize("device", DEVICES, indirect=True)
def test_dropout_training_step(device: str, rng: np.random.Generator) -> None:
    """The common published use: a dropout mask binomial(size=x.shape, p=0.5,
    dtype=floatX) (symbolic size: 15360 streams) in a training step with gradients and
    updates.  Each call's mask is the next draw of streams 0..7 (Theano's numbers), and
    the step computes with it (float32, rtol 1e-5)."""
    seed = int(rng.integers(1, M2))
    srng = MRG_RandomStreams(seed)
    x = T.fmatrix("x")
    w0 = rng.standard_normal((4, 3)).astype(np.float32)
    w = arignote.shared(w0.copy(), "w")
    mask = srng.binomial(size=x.shape, p=0.5, dtype="float32")
    cost = T.sum(T.dot(x * mask, w) ** 2)
    step = function([x], [cost, mask], updates=[(w, w - 0.01 * T.grad(cost, w))])
    xv = rng.standard_normal((2, 4)).astype(np.float32)
    state = mrg31k3p.substream_states(_base(seed), 15360)
    wv = w0.astype(np.float64)
    for _ in range(3):
        state, u = tt_reference.mrg_uniform(state, (2, 4), np.float32)
        want_mask = (u < np.float32(0.5)).astype(np.float32)
        c, m = step(xv)
        np.testing.assert_array_equal(m, want_mask)
        xm = xv * want_mask
        np.testing.assert_allclose(c, np.sum((xm @ wv) ** 2), rtol=1e-5)
        wv = wv - 0.01 * (2 * xm.T @ (xm @ wv))
    np.testing.assert_allclose(w.get_value(), wv, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
def test_kernels_assemble_without_spills(arch: str) -> None:
    """The device code of tt.mrg_uniform (f64, f32, f16 draws; a thread per stream with
    the draw loop inside) assembles with ptxas, without spills or local memory."""
    import subprocess
    import sys

    from arignote.lowering.ptxas import assemble

    src = Path(__file__).resolve().parents[2] / "filecheck/pipelines/mrg-uniform-run.mlir"
    opt = Path(sys.executable).parent / "arignote-opt"
    ptx = subprocess.run(
        [str(opt), str(src), "-p", "tt-to-ptx", "-t", "ptx", "--gpu-arch", arch],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    report = assemble(ptx, arch)
    assert len(report.kernels) >= 4
    for res in report.kernels.values():
        assert res.spill_stores == 0 and res.spill_loads == 0 and res.local_bytes == 0
        assert res.registers <= 64, report.log


THEANO_RNG_MRG = Path("/work/ext/theano/theano/sandbox/rng_mrg.py")


def _theano_functions() -> dict[str, Any]:
    """Theano's own module-level MRG31k3p code (constants, matVecModM, mrg_next_value),
    executed from its 1.0.5 source (the rest of the module needs Theano itself)."""
    src = THEANO_RNG_MRG.read_text()
    ns: dict[str, Any] = {"np": np}
    exec(src[src.index("def matVecModM") : src.index("def multMatVect")], ns)  # noqa: S102
    exec(src[src.index("M1 = np.asarray") : src.index("class mrg_uniform_base")], ns)  # noqa: S102
    return ns


@pytest.mark.skipif(not THEANO_RNG_MRG.exists(), reason="Theano 1.0.5's source is not here")
def test_reference_agrees_with_theanos_own_code(rng: np.random.Generator) -> None:
    """Theano's `mrg_next_value` (its Python perform's step, l.243-290) and `matVecModM`
    (l.35-38), run from its source, agree with tt_reference.mrg_step / mrg_to_float
    (float64, float16) and mrg31k3p.jump on random states, including the largest words
    and negative ones (the int32 wrap-around)."""
    th = _theano_functions()
    states = _random_states(rng, 300).astype(np.int64)
    states[::9] = rng.integers(-(2**31), 2**31, (len(states[::9]), 6))
    states = states.astype(np.int32)
    new, z = tt_reference.mrg_step(states.astype(np.int64))
    old = np.seterr(over="ignore")
    try:
        for dtype, norm, mask, offset in [
            (np.float64, 4.656612873077392578125e-10, -1, 0),  # -1: NumPy 2 refuses 0xffffffff
            (np.float16, np.float16(3.0458e-05), 0x7FFF, 1),
        ]:  # fmt: skip
            ours = tt_reference.mrg_to_float(z, dtype)
            for i, s in enumerate(states):
                r = s.copy()
                v = th["mrg_next_value"](r, r, NORM=norm, mask=mask, offset=offset)
                assert r.tolist() == new[i].tolist()
                assert np.asarray(v).astype(dtype) == ours[i]
    finally:
        np.seterr(**old)
    for s in states[:100]:
        if s.min() < 0:
            continue  # Theano runs DotModulo's C code there (see test_negative_seed)
        want = np.concatenate([th["matVecModM"](th["A1p72"], s[:3], th["M1"]),
                               th["matVecModM"](th["A2p72"], s[3:], th["M2"])])  # fmt: skip
        assert mrg31k3p.jump(s.tolist(), mrg31k3p.A1P72, mrg31k3p.A2P72) == want.tolist()
