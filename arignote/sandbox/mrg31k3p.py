"""Host-side MRG31k3p arithmetic: seeds and stream spacing (Theano's rng_mrg, NumPy part).

The generator itself (one step, the float conversion) is `tt_reference.mrg_step` /
`mrg_uniform` and, compiled, `tt.mrg_uniform`.  This module holds what Theano computes on
the host when a random variable is created (theano/sandbox/rng_mrg.py, Theano 1.0.5):

- `check_seed`: `MRG_RandomStreams.set_rstate` (l.696-721);
- `jump`: `multMatVect` / the C code of `DotModulo` (l.41-188): each half of a state
  times a jump matrix modulo M1 / M2, products summed and reduced with C's `%`
  (truncating; identical to NumPy's `matVecModM` for the non-negative states every
  positive seed gives);
- `substream_states`: `get_substream_rstates` (l.764-799): row 0 the current state, row
  i row i-1 jumped by 2^72 steps;
- `guess_n_streams` (l.621-657).

Python ints keep the products (< 2^62) exact, as Theano's int64 arithmetic does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from arignote.dialects.tt_reference import MRG_M1 as M1
from arignote.dialects.tt_reference import MRG_M2 as M2

Matrix = tuple[tuple[int, int, int], ...]

#: 2^72 steps (rng_mrg.py l.211-219)
A1P72: Matrix = (
    (1516919229, 758510237, 499121365),
    (1884998244, 1516919229, 335398200),
    (601897748, 1884998244, 358115744),
)
A2P72: Matrix = (
    (1228857673, 1496414766, 954677935),
    (1133297478, 1407477216, 1496414766),
    (2002613992, 1639496704, 1407477216),
)
#: 2^134 steps (l.220-229)
A1P134: Matrix = (
    (1702500920, 1849582496, 1656874625),
    (828554832, 1702500920, 1512419905),
    (1143731069, 828554832, 102237247),
)
A2P134: Matrix = (
    (796789021, 1464208080, 607337906),
    (1241679051, 1431130166, 1464208080),
    (1401213391, 1178684362, 1431130166),
)

#: the streams Theano uses when it cannot guess from the size (60 * 256)
DEFAULT_N_STREAMS = 15360


def _cmod(a: int, m: int) -> int:
    """C's `a % m` for int64 (the sign of the dividend)."""
    r = abs(a) % m
    return r if a >= 0 else -r


def mat_vec_mod(a: Matrix, s: Sequence[int], m: int) -> list[int]:
    """`DotModulo`'s C loop: r_i = (sum_j (s_j * A_ij) % m) % m."""
    s0, s1, s2 = (int(v) for v in s)
    if min(s0, s1, s2) >= 0:  # every product is non-negative: Python's % is C's
        return [(r0 * s0 % m + r1 * s1 % m + r2 * s2 % m) % m for r0, r1, r2 in a]
    return [_cmod(sum(_cmod(v * row[j], m) for j, v in enumerate((s0, s1, s2))), m) for row in a]


def jump(state: Sequence[int], a1: Matrix, a2: Matrix) -> list[int]:
    """The 6-word state advanced by the step count of (a1, a2)."""
    return mat_vec_mod(a1, state[:3], M1) + mat_vec_mod(a2, state[3:], M2)


def substream_states(state: Sequence[int], n_streams: int) -> np.ndarray:
    """(n_streams, 6) int32: row 0 = state, row i = row i-1 jumped by 2^72 steps."""
    rows = [[int(v) for v in state]]
    for _ in range(1, n_streams):
        rows.append(jump(rows[-1], A1P72, A2P72))
    return np.asarray(rows, dtype=np.int32).reshape(n_streams, 6)


def next_variable_state(state: Sequence[int]) -> np.ndarray:
    """`inc_rstate`: the base state of the next random variable (2^134 steps later)."""
    return np.asarray(jump(state, A1P134, A2P134), dtype=np.int32)


_SEED = "MRG_RandomStreams: "


def check_seed(seed: Any) -> np.ndarray:
    """Theano's `set_rstate` rules: an int (non-zero, < M2) repeated 6 times, or 6 ints
    (the first 3 < M1 and not all 0, the last 3 < M2 and not all 0)."""
    if isinstance(seed, int | np.integer) and not isinstance(seed, bool):
        s = int(seed)
        if s == 0:
            raise ValueError(f"{_SEED}seed should not be 0 (got {s})")
        if s >= M2:
            raise ValueError(f"{_SEED}seed should be less than {M2} (got {s})")
        return np.full(6, s, dtype=np.int32)
    if isinstance(seed, Sequence | np.ndarray) and len(seed) == 6:
        v = [int(x) for x in seed]
        for half, which, m in ((v[:3], "first", M1), (v[3:], "last", M2)):
            if not any(half):
                raise ValueError(f"{_SEED}the {which} 3 values of seed should not be all 0 ({v})")
            if max(half) >= m:
                raise ValueError(
                    f"{_SEED}the {which} 3 values of seed should be less than {m} ({v})"
                )
        return np.asarray(v, dtype=np.int32)
    raise TypeError(f"{_SEED}seed should be 1 integer or 6 integers, got {seed!r}")


def guess_n_streams(size: Any) -> int:
    """Theano's guess: for a tuple/list of Python ints, r = prod(size), r // 6 when r > 6,
    at most 15360; anything else (numpy integers, symbolic sizes) 15360."""
    if isinstance(size, tuple | list) and all(isinstance(i, int) for i in size):
        r = 1
        for s in size:
            r *= s
        if r > 6:
            r = r // 6
        return min(r, DEFAULT_N_STREAMS)
    return DEFAULT_N_STREAMS


__all__ = [
    "M1", "M2", "A1P72", "A2P72", "A1P134", "A2P134", "DEFAULT_N_STREAMS", "mat_vec_mod", "jump",
    "substream_states", "next_variable_state", "check_seed", "guess_n_streams",
]  # fmt: skip
