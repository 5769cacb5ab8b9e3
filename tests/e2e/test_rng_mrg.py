"""MRG_RandomStreams: Theano 1.0.5's MRG31k3p generator, bit for bit.

The rules followed are Theano's theano/sandbox/rng_mrg.py (line numbers of 1.0.5), as
summarised in /work/shared/research/theano-semantics.md section 6.2.  The test vectors for
seed 12345 are that section's "Test vectors for seed 12345" (computed there with Theano's
own `mrg_next_value` / `matVecModM` run standalone); every other expectation comes from
the pure-Python transcription below, written from Theano's formulas (the recurrence as
modular arithmetic, not as the int32 bit tricks the implementation uses).
"""

from __future__ import annotations

import numpy as np
import pytest

from arignote.dialects import tt_reference
from arignote.sandbox import mrg31k3p

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
    for _ in range(1, n_streams):
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


A1P0 = ((0, 4194304, 129), (1, 0, 0), (0, 1, 0))  # one step (rng_mrg.py l.205-208)
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
