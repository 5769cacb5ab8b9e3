"""`arignote.tensor.shared_randomstreams`: Theano's RandomStreams, drawing Theano's numbers.

As in Theano 1.0.5 (`theano/tensor/shared_randomstreams.py`, `raw_random.py`), every draw
is NumPy's legacy `np.random.RandomState` called on the host: `RandomStreams(seed)` keeps
`gen_seedgen = RandomState(seed)`, and each new draw gets its own stream,
`RandomState(int(gen_seedgen.randint(2**30)))`, held by a shared variable (`out.rng`)
whose `default_update` is the state after the draw (`out.update = (rng, new_rng)`), so a
compiled function advances it at every call.  `seed(s)` reseeds the existing streams in
creation order from `RandomState(s)` (not `gen_seedgen`).

A draw is a host callback (`tt.host_call "random:{...}"(state, shape, *params)`, see
docs/internals.md, "Host callbacks") computing `RandomFunction.perform`: the state
decoded into a RandomState, `fn(r, *params, size)` (size None when the shape vector is
empty), the result cast to the output dtype, the new state encoded.  On a GPU the state
and parameters are copied to the host for the call and the result back to the device.

The state is NumPy's MT19937 state as an int64 vector of 627 (`encode_state`): the 624
key words, `pos`, `has_gauss` and the cached Gaussian's float64 bits.  It lives in a
`RandomStateSharedVariable`, whose `get_value()` gives a new `RandomState` in that state
and whose `set_value` takes a `RandomState` (or the encoded vector); `shared(RandomState)`
makes one, as in Theano.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import reduce
from typing import Any

import numpy as np

from arignote.config import config
from arignote.graph import TensorType, Variable
from arignote.runtime.callbacks import described_name
from arignote.compile.sharedvalue import SharedVariable, shared_constructor
from arignote.tensor.basic import (
    add,
    as_tensor_variable,
    cast,
    constant,
    constant_value,
    located,
    upcast,
)
from arignote.tensor.host_call import HostCall

STATE_SIZE = 627
STATE_TYPE = TensorType("int64", (False,))


# --------------------------------------------------------------------------- the state


def encode_state(r: np.random.RandomState) -> np.ndarray:
    """The MT19937 state of `r` as int64[627]: keys, pos, has_gauss, gauss bits."""
    _, keys, pos, has_gauss, gauss = r.get_state(legacy=True)  # type: ignore[misc]
    out = np.empty(STATE_SIZE, np.int64)
    out[:624] = keys
    out[624], out[625] = pos, has_gauss
    out[626:] = np.array([gauss], np.float64).view(np.int64)
    return out


def decode_state(a: np.ndarray) -> np.random.RandomState:
    """A new RandomState in the state `encode_state` gave."""
    a = np.asarray(a)
    if a.shape != (STATE_SIZE,):
        raise ValueError(f"a random state is an int64 vector of {STATE_SIZE}, got shape {a.shape}")
    r = np.random.RandomState(0)
    gauss = float(np.ascontiguousarray(a[626:], np.int64).view(np.float64)[0])
    r.set_state(("MT19937", a[:624].astype(np.uint32), int(a[624]), int(a[625]), gauss))
    return r


class RandomStateSharedVariable(SharedVariable):
    """A shared NumPy RandomState (Theano's RandomStateSharedVariable), stored encoded."""

    def __init__(self, value: np.random.RandomState, name: str | None = None):
        super().__init__(_encoded(value), STATE_TYPE, name)

    def get_value(  # type: ignore[override]
        self, borrow: bool = False, return_internal_type: bool = False
    ) -> Any:
        """A RandomState in this stream's state (a new object: drawing from it does not
        advance the stream; `set_value` it back to do so)."""
        if return_internal_type:
            return super().get_value(borrow)
        return decode_state(self._host_array())

    def set_value(self, value: Any, borrow: bool = False) -> None:
        self.take_host_array(_encoded(value))

    def __repr__(self) -> str:
        return self.name or "<RandomStateType>"  # (as Theano prints one)




@shared_constructor
def _random_state_shared(value: Any, name: str | None) -> RandomStateSharedVariable | None:
    """`shared(np.random.RandomState(...))` is a RandomStateSharedVariable, as in Theano."""
    if isinstance(value, np.random.RandomState):
        return RandomStateSharedVariable(value, name)
    return None

def _encoded(value: Any) -> np.ndarray:
    if isinstance(value, np.random.RandomState):
        return encode_state(value)
    arr = np.asarray(value)
    if arr.shape != (STATE_SIZE,) or arr.dtype.kind not in "iu":
        raise TypeError(
            f"a random state is a numpy RandomState (or its encoding, int64[{STATE_SIZE}]), "
            f"got {type(value).__name__}"
        )
    decode_state(arr)  # (checks it)
    return np.array(arr, np.int64)


# --------------------------------------------------------------------------- the callback


def _random_integers(r: np.random.RandomState, low: Any, high: Any, size: Any) -> np.ndarray:
    """One randint(low, high + 1) per element in C order (raw_random.py l.544-582)."""
    low, high = np.asarray(low), np.asarray(high)
    nd = len(size) if size is not None else max(low.ndim, high.ndim)
    if low.ndim > nd or high.ndim > nd:
        raise ValueError(f"low.ndim ({low.ndim}) / high.ndim ({high.ndim}) exceed {nd} dims")
    low = low.reshape((1,) * (nd - low.ndim) + low.shape)
    high = high.reshape((1,) * (nd - high.ndim) + high.shape)
    shape = tuple(size) if size is not None else tuple(
        max(a, b) for a, b in zip(low.shape, high.shape)
    )  # fmt: skip
    for s, a, b in zip(shape, low.shape, high.shape):
        if a not in (1, s) or b not in (1, s):
            raise ValueError(f"low {low.shape} / high {high.shape} do not broadcast to {shape}")
    out = np.ndarray(shape)
    for idx in np.ndindex(*shape):
        li = tuple(0 if n == 1 else i for i, n in zip(idx, low.shape))
        hi = tuple(0 if n == 1 else i for i, n in zip(idx, high.shape))
        out[idx] = r.randint(low=low[li], high=high[hi] + 1)
    return out


def _choice(r: np.random.RandomState, a: Any, replace: Any, p: Any, size: Any) -> Any:
    """choice with p=None for an empty p (raw_random.py choice_helper, l.614-634)."""
    if a.ndim > 1:
        raise ValueError(f"a.ndim ({a.ndim}) must be 0 or 1")
    if p.ndim != 1:
        raise ValueError(f"p.ndim ({p.ndim}) must be 1")
    return r.choice(a, size, bool(replace), None if p.size == 0 else p)


def _permutation(r: np.random.RandomState, n: Any, size: Any) -> np.ndarray:
    """size + (n,) permutations, one per index in C order (raw_random.py l.689-720)."""
    count = int(np.asarray(n).item())
    shape = () if size is None else tuple(size)
    out = np.empty((*shape, count), np.int64)
    for i in np.ndindex(*shape):
        out[i] = r.permutation(count)
    return out


def _broadcast_index(idx: tuple[int, ...], shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(0 if n == 1 else i for i, n in zip(idx, shape))


def _multinomial(r: np.random.RandomState, n: Any, pvals: Any, size: Any) -> np.ndarray:
    """One multinomial per index of size in C order, pvals rows nudged below 1 as Theano
    does (raw_random.py multinomial_helper, l.759-829)."""
    n, pvals = np.asarray(n), np.asarray(pvals)
    nd = len(size) if size is not None else max(n.ndim, pvals.ndim - 1)
    if n.ndim > nd or pvals.ndim - 1 > nd:
        raise ValueError(f"n.ndim ({n.ndim}) / pvals.ndim-1 ({pvals.ndim - 1}) exceed {nd} dims")
    n = n.reshape((1,) * (nd - n.ndim) + n.shape)
    pvals = pvals.reshape((1,) * (nd - pvals.ndim + 1) + pvals.shape)
    shape = tuple(size) if size is not None else tuple(
        max(a, b) for a, b in zip(n.shape, pvals.shape[:-1])
    )  # fmt: skip
    for s, a, b in zip(shape, n.shape, pvals.shape[:-1]):
        if a not in (1, s) or b not in (1, s):
            raise ValueError(f"n {n.shape} / pvals {pvals.shape} do not broadcast to {shape}")
    if pvals.size and pvals.min() < 0:
        raise ValueError("multinomial: pvals must be >= 0")
    out = np.ndarray((*shape, pvals.shape[-1]))
    for idx in np.ndindex(*shape):
        pvi = pvals[_broadcast_index(idx, pvals.shape[:-1])]
        pisum = np.sum(pvi)
        if 1.0 < pisum < 1.0 + 1e-5 or pvi[-1] < 5e-5:
            pvi = pvi * (1.0 - 5e-5)
            pisum = np.sum(pvi)
        if pisum > 1.0:
            raise ValueError(f"multinomial: pvals sum to {pisum} > 1")
        out[idx] = r.multinomial(n=n[_broadcast_index(idx, n.shape)], pvals=pvi.astype("float64"))
    return out


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "uniform": lambda r, low, high, size: r.uniform(low, high, size),
    "normal": lambda r, avg, std, size: r.normal(avg, std, size),
    "binomial": lambda r, n, p, size: r.binomial(n, p, size),
    "poisson": lambda r, lam, size: r.poisson(lam, size),
    "random_integers": _random_integers,
    "choice": _choice,
    "permutation": _permutation,
    "multinomial": _multinomial,
}


def random_callback(desc: dict[str, Any]) -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    """The host callback of a draw: (state, shape, *params) -> (new state, value), as
    Theano's RandomFunction.perform (raw_random.py l.235-288)."""
    fn = FUNCTIONS[desc["fn"]]
    dtype, ndim, added = np.dtype(desc["dtype"]), int(desc["ndim"]), int(desc["ndim_added"])

    def draw(state: np.ndarray, shape: np.ndarray, *params: np.ndarray) -> tuple[Any, Any]:
        r = decode_state(state)
        size = None if len(shape) == 0 else tuple(int(s) for s in shape)
        if size is not None and ndim != len(size) + added:
            raise ValueError(
                f"RandomFunction{{{desc['fn']}}}: the output has {ndim} dims, but the size "
                f"{size} has {len(size)} (+ {added})"
            )
        value = np.asarray(fn(r, *params, size), dtype=dtype)
        if size is None and value.ndim == 0 and ndim > 0:
            value = value.reshape([1] * ndim)
        if size is not None and value.shape[: len(size)] != size:
            raise ValueError(
                f"RandomFunction{{{desc['fn']}}}: drew shape {value.shape}, expected {size}"
            )
        return encode_state(r), value

    return draw


class RandomFunction(HostCall):
    """(state, shape, *params) -> (new state, draw): NumPy's `fn` on the host."""

    def __init__(self, fn: str, out_type: TensorType, ndim_added: int = 0):
        self.fn, self.out_type, self.ndim_added = fn, out_type, ndim_added
        desc = {"fn": fn, "dtype": out_type.dtype, "ndim": out_type.ndim, "ndim_added": ndim_added}
        name = described_name("random", desc)
        super().__init__(name, [STATE_TYPE, out_type], f"RandomFunction{{{fn}}}")

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        state, shape = inputs[:2]
        if state.type != STATE_TYPE:
            raise self.fail(
                loc, f"the state must be an int64 vector of {STATE_SIZE}, got {state.type}"
            )
        if shape.ndim != 1 or shape.dtype not in ("int32", "int64"):
            raise self.fail(loc, f"the shape must be an int vector, got {shape.type}")
        return [STATE_TYPE, self.out_type]


# --------------------------------------------------------------------------- raw draws


def _param(x: Any) -> Variable:
    """A draw's parameter as Theano's as_tensor_variable makes it: a Python float is
    floatX with floatX=float32, else float32 when exact, float64 otherwise; a Python int
    the smallest int8..int64 holding it (theano/scalar/basic.py NumpyAutocaster,
    l.161-213); a list or array keeps NumPy's dtype (an empty list is floatX)."""
    if isinstance(x, Variable):
        return x
    if isinstance(x, float):
        if config.floatX == "float32" or float(np.float32(x)) == x:
            return constant(np.float32(x))
        return constant(np.float64(x))
    if isinstance(x, int) and not isinstance(x, bool):
        for dtype in ("int8", "int16", "int32", "int64"):
            if np.asarray(x).astype(dtype) == x:
                return constant(np.asarray(x, dtype))
    if isinstance(x, list | tuple) and len(x) == 0:
        return constant(np.zeros(0, config.floatX))
    return as_tensor_variable(x)


def _infer_ndim_bcast(
    fn: str, ndim: int | None, size: Any, *args: Variable
) -> tuple[int, Variable, tuple[bool, ...]]:
    """(ndim, int64 shape vector, broadcastable) as raw_random._infer_ndim_bcast
    (l.303-411): a tuple size (ints, -1 for an arg's dim, symbolic scalars), None (the
    broadcast shape of the args), or a symbolic int vector.  Errors name the draw `fn`
    and the user's line."""
    from arignote.tensor.shape import shape as shape_of
    from arignote.tensor.shape import stack

    args_ndim = max((a.ndim for a in args), default=0)
    if isinstance(size, tuple | list):
        if ndim is None:
            ndim = len(size)
        elif len(size) != ndim:
            raise ValueError(_at(fn, f"ndim should be equal to len(size) ({ndim} != {size})"))
        parts, bcast = [], []
        for i, s in enumerate(size):
            part, b = _size_part(fn, i, s, ndim, args)
            parts.append(part)
            bcast.append(b)
        known = [constant_value(p) for p in parts]
        if all(k is not None for k in known):  # a constant shape: no computation for it
            v_shape = constant(np.array(known, np.int64).reshape(len(known)))
        else:
            v_shape = stack(*parts)
    elif size is None:
        if not args:
            raise TypeError(_at(fn, "give a size (there are no parameters to take it from)"))
        template = reduce(add, args)
        v_shape, bcast, ndim = shape_of(template), list(template.broadcastable), template.ndim
    else:
        v_shape = as_tensor_variable(size)
        if v_shape.ndim != 1:
            raise TypeError(_at(fn, f"size must be a vector or list of scalars, got {v_shape!r}"))
        if ndim is None:
            from arignote.tensor.shape import shape_elements

            ndim = len(shape_elements(v_shape, "the size of a random draw"))
        bcast = [False] * ndim
    if v_shape.dtype not in ("int8", "int16", "int32", "int64"):
        raise TypeError(_at(fn, f"size must be an integer vector or list, got {v_shape.dtype}"))
    if args_ndim > ndim:
        raise ValueError(_at(fn, f"ndim {ndim} is less than the parameters' ({args_ndim})"))
    return ndim, cast(v_shape, "int64"), tuple(bcast)


def _at(fn: str, message: str) -> str:
    return located(f"RandomStreams.{fn}: {message}")


def _size_part(
    fn: str, i: int, s: Any, ndim: int, args: Sequence[Variable]
) -> tuple[Variable, bool]:
    if isinstance(s, Variable):
        return cast(s, "int64"), False
    if s >= 0:
        return constant(np.int64(s)), s == 1
    if s != -1:
        raise ValueError(_at(fn, f"negative size {s}"))
    overlapping = 0
    for a in args:
        if i >= ndim - a.ndim:
            overlapping += 1
            k = i + a.ndim - ndim
            if not a.broadcastable[k]:
                from arignote.tensor.shape import shape as shape_of

                return shape_of(a)[k], False  # type: ignore[index]
    if overlapping == 0:
        raise ValueError(_at(fn, "a size of -1 must be a dim of one of the parameters"))
    return constant(np.int64(1)), True


def _dt(dtype: str | None) -> str | None:
    """'floatX' is config.floatX."""
    return config.floatX if dtype == "floatX" else dtype


def _draw(
    fn: str, random_state: Variable, shape: Variable, out_type: TensorType, *params: Variable,
    ndim_added: int = 0,
) -> tuple[Variable, Variable]:  # fmt: skip
    new_r, out = RandomFunction(fn, out_type, ndim_added)(random_state, shape, *params)
    return new_r, out


def uniform(r: Variable, size: Any = None, low: Any = 0.0, high: Any = 1.0, ndim: int | None = None,
            dtype: str | None = None) -> tuple[Variable, Variable]:  # fmt: skip
    """raw_random.uniform (l.464-485): dtype upcast(floatX, low, high) by default."""
    low, high = _param(low), _param(high)
    dtype = _dt(dtype) or upcast(config.floatX, low.dtype, high.dtype)
    ndim, shape, bcast = _infer_ndim_bcast("uniform", ndim, size, low, high)
    return _draw("uniform", r, shape, TensorType(dtype, bcast), low, high)


def normal(r: Variable, size: Any = None, avg: Any = 0.0, std: Any = 1.0, ndim: int | None = None,
           dtype: str | None = None) -> tuple[Variable, Variable]:  # fmt: skip
    """raw_random.normal (l.488-510)."""
    avg, std = _param(avg), _param(std)
    dtype = _dt(dtype) or upcast(config.floatX, avg.dtype, std.dtype)
    ndim, shape, bcast = _infer_ndim_bcast("normal", ndim, size, avg, std)
    return _draw("normal", r, shape, TensorType(dtype, bcast), avg, std)


def binomial(r: Variable, size: Any = None, n: Any = 1, p: Any = 0.5, ndim: int | None = None,
             dtype: str = "int64") -> tuple[Variable, Variable]:  # fmt: skip
    """raw_random.binomial (l.513-541): the output is never broadcastable."""
    n, p = _param(n), _param(p)
    ndim, shape, _ = _infer_ndim_bcast("binomial", ndim, size, n, p)
    return _draw("binomial", r, shape, TensorType(_dt(dtype), (False,) * ndim), n, p)


def random_integers(
    r: Variable, size: Any = None, low: Any = 0, high: Any = 1, ndim: int | None = None,
    dtype: str = "int64",
) -> tuple[Variable, Variable]:  # fmt: skip
    """raw_random.random_integers (l.594-611): one randint per element, C order."""
    low, high = _param(low), _param(high)
    ndim, shape, bcast = _infer_ndim_bcast("random_integers", ndim, size, low, high)
    return _draw("random_integers", r, shape, TensorType(_dt(dtype), bcast), low, high)


def choice(r: Variable, size: Any = None, a: Any = 2, replace: Any = True, p: Any = None,
           ndim: int | None = None, dtype: str = "int64") -> tuple[Variable, Variable]:  # fmt: skip
    """raw_random.choice (l.637-657): p=None is an empty vector."""
    av = _param(a)
    rep = constant(np.int8(replace)) if isinstance(replace, bool) else _param(replace)
    pv = _param([] if p is None else p)
    ndim, shape, bcast = _infer_ndim_bcast("choice", ndim, size)
    return _draw("choice", r, shape, TensorType(_dt(dtype), bcast), av, rep, pv)


def poisson(r: Variable, size: Any = None, lam: Any = 1.0, ndim: int | None = None,
            dtype: str = "int64") -> tuple[Variable, Variable]:  # fmt: skip
    """raw_random.poisson (l.660-686)."""
    lv = _param(lam)
    ndim, shape, bcast = _infer_ndim_bcast("poisson", ndim, size)
    return _draw("poisson", r, shape, TensorType(_dt(dtype), bcast), lv)


def permutation(r: Variable, size: Any = None, n: Any = 1, ndim: int | None = None,
                dtype: str = "int64") -> tuple[Variable, Variable]:  # fmt: skip
    """raw_random.permutation (l.725-756): output shape size + (n,)."""
    if size is None or size == ():
        if not (ndim is None or ndim == 1):
            raise TypeError(
                _at("permutation", "You asked for just one permutation but asked for more "
                    "then 1 dimensions.")
            )
        shape: Variable = constant(np.zeros(0, np.int64))
        bcast: tuple[bool, ...] = ()
    else:
        ndim, shape, bcast = _infer_ndim_bcast("permutation", ndim, size)
    out_type = TensorType(_dt(dtype), (*bcast, False))
    return _draw("permutation", r, shape, out_type, _param(n), ndim_added=1)


def multinomial(
    r: Variable, size: Any = None, n: Any = 1, pvals: Any = (0.5, 0.5), ndim: int | None = None,
    dtype: str = "int64",
) -> tuple[Variable, Variable]:  # fmt: skip
    """raw_random.multinomial (l.832-904): output shape size + (pvals.shape[-1],)."""
    nv, pv = _param(n), _param(list(pvals) if isinstance(pvals, tuple) else pvals)
    if pv.ndim < 1:
        raise ValueError(f"multinomial: pvals must have at least one dim, got {pv.type}")
    rows = pv.T[0].T  # type: ignore[attr-defined]
    ndim, shape, bcast = _infer_ndim_bcast("multinomial", ndim, size, nv, rows)
    out_type = TensorType(_dt(dtype), (*bcast, pv.broadcastable[-1]))
    return _draw("multinomial", r, shape, out_type, nv, pv, ndim_added=1)


# --------------------------------------------------------------------------- streams


class RandomStreams:
    """Theano's RandomStreams: each draw a new NumPy stream in a shared variable."""

    def __init__(self, seed: int | None = None):
        #: (rng, new_rng) of every draw, in creation order
        self.state_updates: list[tuple[SharedVariable, Variable]] = []
        self.default_instance_seed = seed
        self.gen_seedgen = np.random.RandomState(seed)

    def updates(self) -> list[tuple[SharedVariable, Variable]]:
        return list(self.state_updates)

    def seed(self, seed: int | None = None) -> None:
        """Reseed every existing stream, in creation order, from RandomState(seed)
        (default: the constructor's seed); `gen_seedgen` goes on unchanged."""
        seedgen = np.random.RandomState(self.default_instance_seed if seed is None else seed)
        for old_r, _ in self.state_updates:
            old_r.set_value(np.random.RandomState(int(seedgen.randint(2**30))), borrow=True)

    def __getitem__(self, item: SharedVariable) -> Any:
        return item.get_value(borrow=True)

    def __setitem__(self, item: SharedVariable, val: Any) -> None:
        item.set_value(val, borrow=True)

    def gen(
        self, op: Callable[..., tuple[Variable, Variable]], *args: Any, **kwargs: Any
    ) -> Variable:
        """A new stream drawing `op(rng, *args, **kwargs)` (shared_randomstreams.py l.142-171)."""
        seed = int(self.gen_seedgen.randint(2**30))
        rng = RandomStateSharedVariable(np.random.RandomState(seed))
        new_r, out = op(rng, *args, **kwargs)
        out.rng = rng  # type: ignore[attr-defined]
        out.update = (rng, new_r)  # type: ignore[attr-defined]
        self.state_updates.append((rng, new_r))
        rng.default_update = new_r  # type: ignore[attr-defined]
        return out

    def uniform(self, size: Any = None, low: Any = 0.0, high: Any = 1.0, ndim: int | None = None,
                dtype: str | None = None) -> Variable:  # fmt: skip
        """Uniform in [low, high)."""
        return self.gen(uniform, size, low, high, ndim=ndim, dtype=dtype)

    def normal(self, size: Any = None, avg: Any = 0.0, std: Any = 1.0, ndim: int | None = None,
               dtype: str | None = None) -> Variable:  # fmt: skip
        """Normal with mean avg and standard deviation std."""
        return self.gen(normal, size, avg, std, ndim=ndim, dtype=dtype)

    def binomial(self, size: Any = None, n: Any = 1, p: Any = 0.5, ndim: int | None = None,
                 dtype: str = "int64", prob: Any = None) -> Variable:  # fmt: skip
        """The number of successes of n trials of probability p."""
        return self.gen(binomial, size, n, p if prob is None else prob, ndim=ndim, dtype=dtype)

    def random_integers(self, size: Any = None, low: Any = 0, high: Any = 1,
                        ndim: int | None = None, dtype: str = "int64") -> Variable:  # fmt: skip
        """Integers in [low, high], both inclusive."""
        return self.gen(random_integers, size, low, high, ndim=ndim, dtype=dtype)

    def choice(self, size: Any = None, a: Any = 2, replace: Any = True, p: Any = None,
               ndim: int | None = None, dtype: str = "int64") -> Variable:  # fmt: skip
        """Values of a (or of range(a)), with or without replacement."""
        return self.gen(choice, size, a, replace, p, ndim=ndim, dtype=dtype)

    def poisson(self, size: Any = None, lam: Any = None, ndim: int | None = None,
                dtype: str = "int64") -> Variable:  # fmt: skip
        """Poisson draws of expectation lam."""
        return self.gen(poisson, size, lam, ndim=ndim, dtype=dtype)

    def permutation(self, size: Any = None, n: Any = 1, ndim: int | None = None,
                    dtype: str = "int64") -> Variable:  # fmt: skip
        """Permutations of range(n), size + (n,)."""
        return self.gen(permutation, size, n, ndim=ndim, dtype=dtype)

    def multinomial(self, size: Any = None, n: Any = 1, pvals: Any = (0.5, 0.5),
                    ndim: int | None = None, dtype: str = "int64") -> Variable:  # fmt: skip
        """Counts of n draws from the distributions of pvals' last dim, size + (L,)."""
        return self.gen(multinomial, size, n, pvals, ndim=ndim, dtype=dtype)


# the device-side (Philox) streams, kept importable here for code written against them
from arignote.tensor.philox_randomstreams import RandomDraw, advanced_state  # noqa: E402

__all__ = [
    "RandomStreams", "RandomStateSharedVariable", "RandomFunction", "encode_state",
    "decode_state", "random_callback", "uniform", "normal", "binomial", "random_integers",
    "choice", "poisson", "permutation", "multinomial", "RandomDraw", "advanced_state",
]  # fmt: skip
