"""`arignote.sandbox.rng_mrg`: Theano's MRG_RandomStreams (MRG31k3p), the same numbers.

Theano 1.0.5's theano/sandbox/rng_mrg.py, reproduced bit for bit on every device:

- each random variable owns a shared `(nstreams, 6)` int32 state (`out.rng`, Theano's
  `rstate`), whose streams are spaced by 2^72 steps; the next variable starts 2^134
  steps after the previous one (computed here, on the host, when the variable is made:
  `arignote.sandbox.mrg31k3p`);
- a draw is `tt.mrg_uniform` (element i from stream i % nstreams; the state after the
  draw is the state's `default_update`, so each call of a compiled function draws new
  numbers);
- `nstreams` defaults to Theano's guess from the size (`guess_n_streams`: prod(size)
  // 6 for a size of Python ints, at most 15360; 15360 for a symbolic size);
- `uniform`: u * (high - low) + low in the output dtype (upcast(floatX, low, high));
  `binomial` (n = 1): cast(uniform(size) < p, dtype) with a floatX uniform; `normal`:
  Box-Muller on the first half x the second half of one uniform of even length, on
  15360 streams unless `nstreams` is given;
- `seed(s)` re-creates every variable's state from the new seed, in creation order.

Not implemented: `normal(truncate=True)`, `truncated_normal`, `multinomial`, `choice`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from xdsl.dialects.builtin import DYNAMIC_INDEX
from xdsl.dialects.builtin import TensorType as IRTensorType
from xdsl.ir import SSAValue

import arignote.tensor as T
from arignote.config import config
from arignote.dialects import tt as ttd
from arignote.errors import ShapeError
from arignote.graph import Apply, TensorType, Variable, describe
from arignote.sandbox import mrg31k3p
from arignote.sandbox.mrg31k3p import guess_n_streams
from arignote.compile.sharedvalue import SharedVariable, shared
from arignote.tensor.basic import TensorOp, constant_value, is_float_dtype, known_shape
from arignote.tensor.shape import shape_elements


class MrgUniform(TensorOp):
    """(rstate, *sizes) -> (the advanced rstate, uniform samples) (`tt.mrg_uniform`)."""

    def __init__(self, dtype: str, ndim: int):
        self.dtype, self.ndim = dtype, ndim

    def __str__(self) -> str:
        return f"mrg_uniform{{{self.dtype}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        state, *sizes = inputs
        shape = known_shape(state)
        if state.dtype != "int32" or state.ndim != 2 or (shape is not None and shape[1] != 6):
            now = "" if shape is None else f", value of shape {shape}"
            raise self.fail(
                loc, f"the state must be an int32 matrix (n, 6), got {describe(state)}{now}"
            )
        pattern = tuple(constant_value(s) == 1 for s in sizes)
        return [state.type, TensorType(self.dtype, pattern)]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        from xdsl.dialects import tensor

        state, *sizes = inputs
        idx = [em.index_of(v, s) for v, s in zip(node.inputs[1:], sizes)]
        st = state.type
        assert isinstance(st, IRTensorType)
        want = IRTensorType(st.element_type, [st.get_shape()[0], 6])
        if st != want:
            state = em.add(tensor.CastOp(state, want))
        out_t = node.outputs[1].type
        el = ttd.element_type_of_dtype(self.dtype)
        rt = IRTensorType(el, [1 if b else DYNAMIC_INDEX for b in out_t.broadcastable])
        dyn = [i for i, b in zip(idx, out_t.broadcastable) if not b]
        op = ttd.MrgUniformOp(state, rt, dyn)
        em.add(op)
        return [op.new_state, em.same_sizes(op.samples, None, idx)]


def _check_size(size: Any, what: str) -> Any:
    """Theano's size rules (uniform l.853-868): positive ints or scalar variables in a
    tuple (a list is accepted too), or a 1-d variable; an int is taken as (int,)."""
    if isinstance(size, int | np.integer) and not isinstance(size, bool):
        size = (size,)
    if isinstance(size, tuple | list):
        for s in size:
            if not isinstance(s, int | np.integer | Variable):
                raise TypeError(f"{what}: size must be a tuple of ints or variables, got {size!r}")
            if isinstance(s, int | np.integer) and s <= 0:
                raise ValueError(f"{what}: the size {tuple(size)} has a dimension <= 0")
        return size
    if isinstance(size, Variable) and size.ndim == 1:
        return size
    raise TypeError(
        f"{what}: size must be a tuple of ints or a 1-d integer variable, got {size!r} "
        f"({type(size).__name__})"
    )


class MRG_RandomStreams:  # noqa: N801 - Theano's name
    """Theano's MRG_RandomStreams: `seed` an int (non-zero, < M2) or 6 ints."""

    def __init__(self, seed: Any = 12345):
        #: (rstate, new rstate, size, nstreams as given) per random variable, in order
        self.state_updates: list[tuple[SharedVariable, Variable, Any, Any]] = []
        self.default_instance_seed = seed
        self.set_rstate(seed)

    # ------------------------------------------------------------------ state
    def set_rstate(self, seed: Any) -> None:
        """The base state of the next random variable, from `seed` (Theano's rules)."""
        self.rstate = mrg31k3p.check_seed(seed)

    def seed(self, seed: Any = None) -> None:
        """Re-create every random variable's state, in creation order, from `seed`
        (default: the constructor's), as if they had been made after `MRG_RandomStreams(seed)`."""
        self.set_rstate(self.default_instance_seed if seed is None else seed)
        for rstate, _, size, nstreams in self.state_updates:
            n = self.n_streams(size) if nstreams is None else nstreams
            rstate.set_value(self.get_substream_rstates(n))

    def inc_rstate(self) -> None:
        """Jump the base state 2^134 steps (to the next variable's streams)."""
        self.rstate = mrg31k3p.next_variable_state(self.rstate)

    def get_substream_rstates(
        self, n_streams: int, dtype: Any = None, inc_rstate: bool = True
    ) -> np.ndarray:
        """(n_streams, 6) int32 states 2^72 steps apart from the base state; then the
        base state moves on 2^134 steps (unless `inc_rstate` is false)."""
        n = int(n_streams)
        if n <= 0:
            raise ValueError(f"MRG_RandomStreams: nstreams must be positive, got {n_streams!r}")
        rval = mrg31k3p.substream_states(self.rstate, n)
        if inc_rstate:
            self.inc_rstate()
        return rval

    def n_streams(self, size: Any) -> int:
        return guess_n_streams(size)

    def updates(self) -> list[tuple[SharedVariable, Variable]]:
        """(state, new state) of every random variable (the default updates)."""
        return [(r, new) for r, new, _, _ in self.state_updates]

    # ------------------------------------------------------------------ draws
    def _raw_uniform(self, size: Any, ndim: int | None, dtype: str, nstreams: Any) -> Variable:
        sizes = [T.cast(s, "int64") for s in shape_elements(size, "MRG uniform: the size", ndim)]
        if ndim is not None and len(sizes) != ndim:
            raise ShapeError(f"MRG uniform: size {size} does not have ndim={ndim} dims")
        n = self.n_streams(size) if nstreams is None else nstreams
        rstate = shared(self.get_substream_rstates(n), name=f"mrg_rstate_{len(self.state_updates)}")
        new_state, u = MrgUniform(dtype, len(sizes))(rstate, *sizes)
        rstate.default_update = new_state  # type: ignore[attr-defined]
        self.state_updates.append((rstate, new_state, size, nstreams))
        u.rng = u.rstate = rstate  # type: ignore[attr-defined]
        u.update = (rstate, new_state)  # type: ignore[attr-defined]
        return u

    @staticmethod
    def _float_dtype(dtype: Any, *params: Any) -> str:
        """The samples' dtype: `dtype`, else upcast(floatX, *params) (l.845-846)."""
        if dtype is None:
            d = T.upcast(config.floatX, *(_autocast(p).dtype for p in params))
        else:
            d = np.dtype(config.floatX if dtype == "floatX" else dtype).name
        if not is_float_dtype(d):
            raise TypeError(f"MRG_RandomStreams: the samples are floats; got dtype {d}")
        return d

    def uniform(
        self, size: Any, low: Any = 0.0, high: Any = 1.0, ndim: int | None = None,
        dtype: Any = None, nstreams: Any = None,
    ) -> Variable:  # fmt: skip
        """Uniform in (low, high): u * (high - low) + low in the output dtype (l.813-894)."""
        d = self._float_dtype(dtype, low, high)
        lo, hi = T.cast(_autocast(low), d), T.cast(_autocast(high), d)
        u = self._raw_uniform(_check_size(size, "MRG uniform"), ndim, d, nstreams)
        r = u * (hi - lo) + lo
        if r.broadcastable != u.broadcastable:
            raise NotImplementedError(
                "MRG uniform: increase the size to match the broadcasting pattern of `low` "
                "and `high`"
            )
        return _tag(r, u)

    def binomial(
        self, size: Any = None, n: int = 1, p: Any = 0.5, ndim: int | None = None,
        dtype: Any = "int64", nstreams: Any = None,
    ) -> Variable:  # fmt: skip
        """n = 1 only: cast(uniform(size) < p, dtype), the uniform in floatX (l.896-904)."""
        if n != 1:
            raise NotImplementedError("MRG_RandomStreams.binomial with n > 1")
        pv = _autocast(p)
        x = self.uniform(size=size, nstreams=nstreams)
        return _tag(T.cast(T.lt(x, pv), dtype), x)

    def normal(
        self, size: Any, avg: Any = 0.0, std: Any = 1.0, ndim: int | None = None,
        dtype: Any = None, nstreams: Any = None, truncate: bool = False,
    ) -> Variable:  # fmt: skip
        """Box-Muller on the two halves of one uniform vector of even length (l.1038-1129)."""
        if truncate:
            raise NotImplementedError("MRG_RandomStreams.normal(truncate=True) is not supported")
        sizes = shape_elements(_check_size(size, "MRG normal"), "MRG normal: the size", ndim)
        d = self._float_dtype(dtype, avg, std)
        av, sd = T.cast(_autocast(avg), d), T.cast(_autocast(std), d)
        n_odd = T.cast(sizes[0], "int64")
        for s in sizes[1:]:
            n_odd = n_odd * T.cast(s, "int64")
        n_even = n_odd + n_odd % 2
        # the size is symbolic in Theano (_check_size makes it a variable): 15360 streams
        u = self._raw_uniform([n_even], 1, d, nstreams)
        half = n_even // 2  # (Theano's u * (1 - 0) + 0 is u itself)
        u1, u2 = u[:half], u[half:]
        r = T.sqrt(-2.0 * T.log(u1))
        theta = T.constant(np.array(2.0 * np.pi, dtype=d)) * u2
        samples = T.concatenate([r * T.cos(theta), r * T.sin(theta)])[:n_odd]
        samples = T.reshape(samples, sizes, ndim=len(sizes))
        return _tag(samples * sd + av, u)


def _autocast(x: Any) -> Variable:
    """Theano's `as_tensor_variable` of a Python scalar (scalar/basic.py
    NumpyAutocaster, l.161-213, cast_policy 'custom'): an int becomes the smallest of
    int8..int64 that holds it; a float becomes floatX when floatX is float32 (or float16),
    else float32 when exactly representable, else float64.  NumPy scalars and the rest keep their
    dtype."""
    if isinstance(x, Variable):
        return x
    if isinstance(x, bool | np.generic) or not isinstance(x, int | float):
        return T.as_tensor_variable(x)
    if isinstance(x, int):
        for d in ("int8", "int16", "int32", "int64"):
            if np.iinfo(d).min <= x <= np.iinfo(d).max:
                return T.constant(np.asarray(x, dtype=d))
        return T.as_tensor_variable(x)
    if config.floatX in ("float16", "float32"):
        return T.constant(np.asarray(x, dtype=config.floatX))
    if float(np.float32(x)) == x:
        return T.constant(np.asarray(x, dtype="float32"))
    return T.constant(np.asarray(x, dtype="float64"))


def _tag(out: Variable, u: Variable) -> Variable:
    """`out.rng` / `out.rstate` / `out.update`: the state behind `out`'s uniform."""
    out.rng = out.rstate = u.rng  # type: ignore[attr-defined]
    out.update = u.update  # type: ignore[attr-defined]
    return out


__all__ = ["MRG_RandomStreams", "MrgUniform", "guess_n_streams"]
