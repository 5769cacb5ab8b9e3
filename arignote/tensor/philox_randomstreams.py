"""`arignote.tensor.philox_randomstreams`: random streams on a counter-based RNG.

`PhiloxRandomStreams` has Theano's RandomStreams API but draws on the device (a `tt.random`
op per draw).  It was arignote's `RandomStreams` before that became Theano's NumPy
streams (`arignote.tensor.shared_randomstreams`, a host callback per draw); it is kept
for generators that draw on the device.

Each draw (`srng.uniform(...)`, `normal`, `binomial`) owns a shared state variable
`[key0, key1, counter_lo, counter_hi]` (int32 x 4) and is a `tt.random` op: Philox4x32-10,
the same numbers on every device.  The state's `default_update` advances the 64-bit
counter past the blocks the draw used, so each call of a compiled function draws new
numbers (functions apply default updates unless the state is updated explicitly or
`no_default_updates=True`).  `seed(s)` resets every stream deterministically.

The numbers are not Theano's (its RandomStreams used NumPy's Mersenne Twister, MRG used
MRG31k3p); the distributions are: uniform [low, high), normal (Box-Muller), binomial with
n = 1 (Bernoulli: uniform < p).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from xdsl.dialects.builtin import DYNAMIC_INDEX
from xdsl.dialects.builtin import TensorType as IRTensorType
from xdsl.ir import SSAValue

from arignote.config import config
from arignote.dialects import tt as ttd
from arignote.errors import ShapeError
from arignote.graph import Apply, TensorType, Variable, describe
from arignote.compile.sharedvalue import SharedVariable, shared
from arignote.tensor.basic import (
    TensorOp,
    add,
    and_,
    as_tensor_variable,
    cast,
    constant,
    constant_value,
    int_div,
    is_float_dtype,
    lt,
    mul,
    shr,
    sub,
)
from arignote.tensor.shape import concatenate, shape_elements, stack
from arignote.tensor.subtensor import getitem

DISTRIBUTIONS = ("uniform", "normal")


class RandomDraw(TensorOp):
    """(state, *sizes) -> an array of the distribution (`tt.random`)."""

    def __init__(self, distribution: str, dtype: str, ndim: int):
        self.distribution, self.dtype, self.ndim = distribution, dtype, ndim

    def __str__(self) -> str:
        return f"Random{{{self.distribution}, {self.dtype}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        state, *sizes = inputs
        if state.dtype != "int32" or state.ndim != 1:
            raise self.fail(loc, f"the state must be an int32 vector of 4, got {describe(state)}")
        pattern = tuple(constant_value(s) == 1 for s in sizes)
        return [TensorType(self.dtype, pattern)]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        state, *sizes = inputs
        idx = [em.index_of(v, s) for v, s in zip(node.inputs[1:], sizes)]
        out_t = node.outputs[0].type
        el = ttd.element_type_of_dtype(self.dtype)
        rt = IRTensorType(el, [1 if b else DYNAMIC_INDEX for b in out_t.broadcastable])
        st = em.add(tensor_cast(state, IRTensorType(ttd.element_type_of_dtype("int32"), [4])))
        dyn = [i for i, b in zip(idx, out_t.broadcastable) if not b]
        return [em.same_sizes(em.add(ttd.RandomOp(self.distribution, st, rt, dyn)), None, idx)]


def tensor_cast(value: SSAValue, t: IRTensorType) -> Any:
    from xdsl.dialects import tensor

    return tensor.CastOp(value, t)


def _key(seed: int, stream: int) -> np.ndarray:
    words = np.random.SeedSequence([seed & 0xFFFFFFFF, stream]).generate_state(2, np.uint32)
    return np.concatenate([words, np.zeros(2, np.uint32)]).view(np.int32)


def _blocks(dist: str, dtype: str, count: Variable) -> Variable:
    if dist == "normal":
        return count
    per = 2 if np.dtype(dtype).itemsize == 8 else 4
    return int_div(add(count, per - 1), per)


def advanced_state(state: Variable, blocks: Variable) -> Variable:
    """state with its 64-bit counter (words 2, 3) advanced by `blocks`."""
    key = getitem(state, slice(0, 2))
    lo = and_(cast(getitem(state, 2), "int64"), np.int64(0xFFFFFFFF))
    hi = cast(getitem(state, 3), "int64")
    total = add(lo, cast(blocks, "int64"))
    new_lo = cast(and_(total, np.int64(0xFFFFFFFF)), "int32")
    new_hi = cast(add(hi, shr(total, np.int64(32))), "int32")
    return concatenate([key, stack(new_lo, new_hi)])


class PhiloxRandomStreams:
    """A source of random draws whose states are shared variables (Theano's API)."""

    def __init__(self, seed: int | None = None):
        self.default_seed = int(np.random.SeedSequence().entropy % 2**32) if seed is None else seed
        self.state_updates: list[tuple[SharedVariable, Variable]] = []
        self._streams = 0

    # ------------------------------------------------------------------ state
    def seed(self, seed: int | None = None) -> None:
        """Reset every stream of this object from `seed` (default: the constructor's)."""
        s = self.default_seed if seed is None else seed
        for i, (state, _) in enumerate(self.state_updates):
            state.set_value(_key(s, i))

    def updates(self) -> list[tuple[SharedVariable, Variable]]:
        return list(self.state_updates)

    def _draw(self, dist: str, size: Any, ndim: int | None, dtype: str) -> Variable:
        sizes = self._sizes(size, ndim)
        state = shared(_key(self.default_seed, self._streams), name=f"rng_state_{self._streams}")
        self._streams += 1
        out = RandomDraw(dist, dtype, len(sizes))(state, *sizes)
        count: Variable = constant(np.int64(1))
        for s in sizes:
            count = s if constant_value(count) == 1 else mul(count, s)
        new_state = advanced_state(state, _blocks(dist, dtype, count))
        state.default_update = new_state  # type: ignore[attr-defined]
        self.state_updates.append((state, new_state))
        return out

    @staticmethod
    def _sizes(size: Any, ndim: int | None) -> list[Variable]:
        if size is None:
            size = ()
        sizes = shape_elements(size, "the size of a random draw", ndim)
        if ndim is not None and len(sizes) != ndim:
            raise ShapeError(f"random draw: size {size} does not have ndim={ndim} dims")
        return [cast(s, "int64") for s in sizes]

    @staticmethod
    def _dtype(dtype: Any, *params: Any) -> str:
        if dtype is not None:
            d = np.dtype(config.floatX if dtype == "floatX" else dtype).name
        else:
            d = config.floatX
            for p in params:
                if isinstance(p, Variable) and is_float_dtype(p.dtype):
                    d = np.result_type(d, p.dtype).name
        if not is_float_dtype(d):
            raise TypeError(f"random draws are float; got dtype {d}")
        return d

    # ------------------------------------------------------------------ draws
    def uniform(
        self, size: Any = (), low: Any = 0.0, high: Any = 1.0, ndim: int | None = None,
        dtype: Any = None, nstreams: Any = None,
    ) -> Variable:  # fmt: skip
        """Uniform in [low, high)."""
        d = self._dtype(dtype, low, high)
        u = self._draw("uniform", size, ndim, d)
        if (
            constant_value(as_tensor_variable(low)) == 0
            and constant_value(as_tensor_variable(high)) == 1
        ):
            return u
        return cast(add(low, mul(sub(high, low), u)), d)

    def normal(
        self, size: Any = (), avg: Any = 0.0, std: Any = 1.0, ndim: int | None = None,
        dtype: Any = None, nstreams: Any = None, truncate: bool = False,
    ) -> Variable:  # fmt: skip
        """Normal with mean avg and standard deviation std."""
        if truncate:
            raise ValueError("normal(truncate=True) is not supported")
        d = self._dtype(dtype, avg, std)
        z = self._draw("normal", size, ndim, d)
        if (
            constant_value(as_tensor_variable(avg)) == 0
            and constant_value(as_tensor_variable(std)) == 1
        ):
            return z
        return cast(add(avg, mul(std, z)), d)

    def binomial(
        self, size: Any = None, n: int = 1, p: Any = 0.5, ndim: int | None = None,
        dtype: Any = "int64", nstreams: Any = None, prob: Any = None,
    ) -> Variable:  # fmt: skip
        """Bernoulli draws (n = 1): 1 with probability p, else 0."""
        if prob is not None:
            p = prob
        if n != 1:
            raise ValueError(f"binomial: only n=1 is supported, got n={n}")
        pv = as_tensor_variable(p)
        if size is None:
            if pv.ndim == 0:
                raise ShapeError("binomial: give a size (or a tensor p of the result's shape)")
            from arignote.tensor.shape import shape

            size = shape(pv)
        wide = pv.dtype == "float64"
        u = self._draw("uniform", size, ndim, "float64" if wide else "float32")
        return cast(lt(u, p), dtype)


__all__ = ["PhiloxRandomStreams", "RandomDraw", "advanced_state"]
