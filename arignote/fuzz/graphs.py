"""The differential front-end fuzzer: random Theano graphs against a NumPy interpreter.

`random_graph(seed, index)` builds a graph with `arignote.tensor` (as a Theano user would)
and, op by op, the value the graph must compute, by NumPy evaluating Theano's semantics
(dtype rules: theano/scalar/basic.py `upcast`, `upgrade_to_float`; reductions:
tensor/elemwise.py `CAReduceDtype._output_dtype`; see research/theano-semantics.md §7).
`run_graph` compiles it on a device and compares every output: the dtype and shape exactly,
the values exactly for bool/ints and within `TOLERANCE` for floats.  A valid graph must
be accepted: any error is a failure (`internal` for non-arignote errors, `mismatch` for a
wrong number, dtype or shape, or a refusal of a graph Theano accepts).

Ops: elementwise arithmetic (+ - * / // max min), comparisons, switch, unary math,
casts, broadcasting with declared size-1 dims, reductions (sum prod max min mean
argmax argmin; axis None/int/tuple; keepdims), reshape, dimshuffle, basic slicing
(negative steps), integer and advanced indexing, dot.  dtypes: float32 float64
int8..int64 uint8 bool; dims of size 0, 1 and more.  Values that make the result
undefined (a float cast to an int out of range) are not generated.
"""

from __future__ import annotations

import traceback
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

DTYPES = ("float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool")
FLOATS = ("float32", "float64")
#: (rtol, atol relative to the output's largest magnitude) per dtype
TOLERANCE = {"float32": (2e-4, 2e-5), "float64": (1e-9, 1e-11), "float16": (1e-2, 1e-3)}
#: theano/scalar/basic.py upgrade_to_float (l.~1000): the float an int op computes in
UPGRADE_TO_FLOAT = {"bool": "float32", "int8": "float32", "uint8": "float32", "int16": "float32",
                    "uint16": "float32", "int32": "float64", "uint32": "float64",
                    "int64": "float64", "uint64": "float64"}  # fmt: skip


@dataclass(eq=False)
class Node:
    var: Any  # an arignote Variable
    val: np.ndarray  # what Theano computes
    text: str  # how the graph built it (the reproducer)


@dataclass
class Graph:
    seed: int
    index: int
    inputs: list[Node] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    outputs: list[Node] = field(default_factory=list)

    def program(self) -> str:
        """The graph as a Python program (the reproducer)."""
        lines = [f"# random graph (seed {self.seed}, case {self.index})"]
        lines += [f"{n.text}  # {n.val.dtype}{list(n.val.shape)}" for n in self.nodes]
        lines.append("outputs = [" + ", ".join(n.var.name or "?" for n in self.outputs) + "]")
        return "\n".join(lines)


def _upcast(*dtypes: str) -> str:
    """theano.scalar.upcast: NumPy's promotion of 0-d arrays (of the same kind: of arrays)."""
    return str(np.result_type(*[np.zeros((), d) for d in dtypes]).name) if len(dtypes) > 1 \
        else dtypes[0]


class _Builder:
    def __init__(self, seed: int, index: int) -> None:
        import arignote.tensor as T

        self.T = T
        self.rng = np.random.default_rng([seed, index, 7])
        self.g = Graph(seed, index)
        self.k = 0

    # -- helpers
    def pick(self, items: Any) -> Any:
        return items[int(self.rng.integers(len(items)))]

    def add(self, var: Any, val: np.ndarray, text: str) -> Node:
        name = f"v{self.k}"
        self.k += 1
        var.name = name
        n = Node(var, np.asarray(val), f"{name} = {text}")
        self.g.nodes.append(n)
        return n

    def input(self) -> Node:
        T, rng = self.T, self.rng
        dtype = self.pick(DTYPES)
        ndim = int(rng.choice([0, 1, 1, 2, 2, 3]))
        shape = tuple(int(rng.choice([0, 1, 1, 2, 3, 4, 5], p=[.05, .2, .1, .2, .2, .15, .1]))
                      for _ in range(ndim))  # fmt: skip
        bcast = tuple(bool(s == 1 and rng.random() < 0.7) for s in shape)
        var = T.TensorType(dtype, bcast)()
        if dtype == "bool":
            val = rng.random(shape) < 0.5
        elif dtype in FLOATS:
            val = rng.standard_normal(shape).astype(dtype)
        else:
            lo = 0 if dtype.startswith("u") else -6
            val = rng.integers(lo, 7, shape).astype(dtype)
        n = self.add(var, val, f"T.TensorType({dtype!r}, {bcast})()  # input {shape}")
        self.g.inputs.append(n)
        return n

    # -- ops: each returns a new Node or None when the operands do not fit
    def binary(self, a: Node, b: Node) -> Node | None:
        op = self.pick(["add", "sub", "mul", "true_div", "int_div", "maximum", "minimum",
                        "lt", "gt", "le", "ge", "eq", "neq", "mod"])  # fmt: skip
        shape = _broadcast(a, b)
        if shape is None:
            return None
        da, db = a.val.dtype.name, b.val.dtype.name
        if "uint64" in (da, db) or ("uint8" in (da, db) and op in ("sub", "int_div")):
            return None  # (uint wrap-around under sub is NumPy's; keep the fuzzer's rules few)
        if op == "sub" and "bool" in (da, db):
            return None  # Theano: TypeError (upcast_out_nobool)
        T = self.T
        out = _upcast(da, db)
        x, y = a.val, b.val
        with np.errstate(all="ignore"):
            if op in ("lt", "gt", "le", "ge", "eq", "neq"):
                fn = {"lt": np.less, "gt": np.greater, "le": np.less_equal,
                      "ge": np.greater_equal, "eq": np.equal, "neq": np.not_equal}[op]  # fmt: skip
                val = fn(x, y)
                var = getattr(T, op)(a.var, b.var)
            elif op == "true_div":
                if out not in FLOATS:
                    from arignote.config import config

                    out = config.floatX  # TrueDiv.output_types: discrete / discrete is floatX
                val = np.true_divide(x.astype(out), y.astype(out)).astype(out)
                var = a.var / b.var
            elif op == "int_div":
                if out == "bool":
                    return None
                if out in FLOATS:
                    val = np.floor_divide(x.astype(out), y.astype(out))
                else:
                    yy = y.astype(out)
                    safe = np.where(yy == 0, 1, yy)  # x // 0 is 0 for ints (NumPy, Theano)
                    val = np.where(yy == 0, 0, np.floor_divide(x.astype(out), safe))
                var = a.var // b.var
            elif op == "mod":
                yy = np.broadcast_to(y, shape)
                if out == "bool" or (out not in FLOATS and (yy == 0).any()):
                    return None  # Theano: integer modulo by zero is a ZeroDivisionError
                val = np.mod(x.astype(out), y.astype(out))  # Python's sign (Mod.c_code)
                var = a.var % b.var
            elif op in ("add", "mul") and out == "bool":
                val = (x | y) if op == "add" else (x & y)
                var = a.var + b.var if op == "add" else a.var * b.var
            else:
                fn = {"add": np.add, "sub": np.subtract, "mul": np.multiply,
                      "maximum": np.maximum, "minimum": np.minimum}[op]  # fmt: skip
                val = fn(x.astype(out), y.astype(out))
                var = {"add": lambda: a.var + b.var, "sub": lambda: a.var - b.var,
                       "mul": lambda: a.var * b.var,
                       "maximum": lambda: T.maximum(a.var, b.var),
                       "minimum": lambda: T.minimum(a.var, b.var)}[op]()  # fmt: skip
        assert np.asarray(val).shape == shape
        return self.add(var, np.asarray(val).astype(val.dtype), f"{op}({a.var.name}, {b.var.name})")

    def unary(self, a: Node) -> Node | None:
        T = self.T
        op = self.pick(["neg", "abs", "exp", "log", "sqrt", "tanh", "sin", "sqr", "sgn"])
        d = a.val.dtype.name
        with np.errstate(all="ignore"):
            if op in ("neg", "sgn") and (d == "bool" or d.startswith("u")):
                return None  # Theano: neg(bool) is a TypeError
            if op in ("abs", "neg", "sqr", "sgn"):
                if d == "bool" and op == "sqr":
                    return None
                npf = {"abs": np.abs, "neg": np.negative, "sqr": np.square, "sgn": np.sign}[op]
                val = npf(a.val)
                var = getattr(T, "abs_" if op == "abs" else op)(a.var)
            else:
                f = UPGRADE_TO_FLOAT.get(d, d)
                if op == "exp" and (np.abs(a.val) > 30).any():
                    return None
                val = getattr(np, op)(a.val.astype(f)).astype(f)
                var = getattr(T, op)(a.var)
        return self.add(var, val, f"T.{op}({a.var.name})")

    def cast(self, a: Node) -> Node | None:
        to = self.pick(DTYPES)
        if a.val.dtype.kind == "f" and to not in FLOATS:
            info = np.iinfo(to) if to != "bool" else None
            v = a.val
            if info is not None and (~np.isfinite(v) | (v < info.min) | (v > info.max)).any():
                return None  # undefined in C (Theano's C code); NumPy's answer is the platform's
            frac = np.abs(v - np.round(v))
            if ((frac > 0) & (frac < 1e-3 * np.maximum(1, np.abs(v)))).any():
                return None  # (a rounding difference upstream would flip the integer)
        return self.add(self.T.cast(a.var, to), a.val.astype(to), f"T.cast({a.var.name}, {to!r})")

    def switch(self, c: Node, a: Node, b: Node) -> Node | None:
        if _broadcast(c, a) is None or _broadcast(a, b) is None or _broadcast3(c, a, b) is None:
            return None
        if c.val.dtype != np.bool_:
            return None
        out = _upcast(a.val.dtype.name, b.val.dtype.name)
        val = np.where(c.val, a.val.astype(out), b.val.astype(out))
        return self.add(self.T.switch(c.var, a.var, b.var), val,
                        f"T.switch({c.var.name}, {a.var.name}, {b.var.name})")

    def reduce(self, a: Node) -> Node | None:
        op = self.pick(["sum", "prod", "max", "min", "mean", "argmax", "argmin"])
        nd = a.val.ndim
        r = self.rng.random()
        if nd == 0 or r < 0.25:
            axis: Any = None
        elif r < 0.75:
            axis = int(self.rng.integers(nd))
        else:
            axis = tuple(sorted(set(int(i) for i in self.rng.integers(0, nd, 2))))
        if op in ("argmax", "argmin") and isinstance(axis, tuple):
            axis = axis[0]
        keep = bool(self.rng.random() < 0.3) and op not in ("argmax", "argmin")
        d = a.val.dtype.name
        axes = tuple(range(nd)) if axis is None else (axis,) if isinstance(axis, int) else axis
        if op in ("max", "min", "argmax", "argmin") and any(a.val.shape[i] == 0 for i in axes):
            return None  # zero-size reduction: an error in Theano (and NumPy)
        x = a.val
        with np.errstate(all="ignore"):
            if op in ("sum", "prod"):
                acc = {"bool": "int64", "int8": "int64", "int16": "int64", "int32": "int64",
                       "uint8": "uint64"}.get(d, "float64" if d in FLOATS else d)  # fmt: skip
                out = acc if d not in FLOATS else d
                fn = np.sum if op == "sum" else np.prod
                val = fn(x.astype(acc), axis=axis, keepdims=keep).astype(out)
            elif op in ("max", "min"):
                val = (np.max if op == "max" else np.min)(x, axis=axis, keepdims=keep)
            elif op == "mean":
                out = d if d in FLOATS else "float64"
                with warnings.catch_warnings():  # (the mean of nothing is nan, as Theano's)
                    warnings.simplefilter("ignore", RuntimeWarning)
                    val = np.mean(x.astype("float64"), axis=axis, keepdims=keep).astype(out)
            else:
                fn = np.argmax if op == "argmax" else np.argmin
                val = fn(x.reshape(-1) if axis is None else x, axis=None if axis is None else axis)
                val = np.asarray(val, dtype="int64")
        var = getattr(self.T, op)(a.var, axis=axis, **({"keepdims": True} if keep else {}))
        return self.add(var, val, f"T.{op}({a.var.name}, axis={axis!r}"
                        + (", keepdims=True)" if keep else ")"))

    def reshape(self, a: Node) -> Node | None:
        n = a.val.size
        shape = _factor(n, int(self.rng.integers(0, 4)), self.rng)
        if shape is None:
            return None
        if shape and self.rng.random() < 0.3 and n > 0:
            shape[int(self.rng.integers(len(shape)))] = -1
        val = a.val.reshape(shape)
        return self.add(self.T.reshape(a.var, shape), val, f"T.reshape({a.var.name}, {shape})")

    def dimshuffle(self, a: Node) -> Node | None:
        nd = a.val.ndim
        bc = a.var.broadcastable
        keep = [i for i in range(nd) if not (bc[i] and self.rng.random() < 0.5)]
        order: list[Any] = [int(i) for i in self.rng.permutation(keep)]
        for _ in range(int(self.rng.integers(0, 2))):
            order.insert(int(self.rng.integers(len(order) + 1)), "x")
        val = a.val.reshape([s for i, s in enumerate(a.val.shape) if i in keep])
        val = np.transpose(val, [keep.index(i) for i in order if i != "x"]) if keep else val
        shape = list(val.shape)
        for pos, o in enumerate(order):
            if o == "x":
                shape.insert(pos, 1)
        val = val.reshape(shape)
        return self.add(a.var.dimshuffle(*order), val, f"{a.var.name}.dimshuffle{tuple(order)}")

    def index(self, a: Node) -> Node | None:
        nd = a.val.ndim
        if nd == 0:
            return None
        n = a.val.shape[0]
        r = self.rng.random()
        if r < 0.4:
            lo, hi = (int(v) if self.rng.random() < 0.7 else None
                      for v in self.rng.integers(-n - 2, n + 3, 2))  # fmt: skip
            step = int(self.pick([1, 1, 2, -1, -2, 3]))
            key: Any = slice(lo, hi, step)
            text = f"{a.var.name}[{lo}:{hi}:{step}]"
        elif r < 0.65:
            if n == 0:
                return None
            key = int(self.rng.integers(-n, n))
            text = f"{a.var.name}[{key}]"
        else:
            if n == 0:
                return None
            key = self.rng.integers(-n, n, int(self.rng.integers(0, 5))).astype("int64")
            text = f"{a.var.name}[np.array({key.tolist()}, 'int64')]"
        return self.add(a.var[key], a.val[key], text)

    def dot(self, a: Node, b: Node) -> Node | None:
        if not (1 <= a.val.ndim <= 2 and 1 <= b.val.ndim <= 2):
            return None
        if a.val.shape[-1] != b.val.shape[0]:
            return None
        if a.val.dtype.name not in FLOATS or b.val.dtype.name not in FLOATS:
            return None
        out = _upcast(a.val.dtype.name, b.val.dtype.name)
        val = np.dot(a.val.astype("float64"), b.val.astype("float64")).astype(out)
        return self.add(self.T.dot(a.var, b.var), val, f"T.dot({a.var.name}, {b.var.name})")

    def concatenate(self, a: Node, b: Node) -> Node | None:
        sa, sb = a.val.shape, b.val.shape
        if len(sa) != len(sb) or not sa:
            return None
        axis = int(self.rng.integers(len(sa)))
        if any(x != y for k, (x, y) in enumerate(zip(sa, sb)) if k != axis):
            return None
        out = _upcast(a.val.dtype.name, b.val.dtype.name)
        val = np.concatenate([a.val.astype(out), b.val.astype(out)], axis=axis)
        return self.add(self.T.concatenate([a.var, b.var], axis=axis), val,
                        f"T.concatenate([{a.var.name}, {b.var.name}], axis={axis})")

    def update(self, a: Node) -> Node | None:
        """set_subtensor / inc_subtensor of a slice or an index array (repeated indices
        accumulate under inc, Theano's AdvancedIncSubtensor1) by a function of the part."""
        if a.val.ndim == 0 or a.val.shape[0] == 0 or a.val.dtype == np.bool_:
            return None
        n = a.val.shape[0]
        if self.rng.random() < 0.5:
            key: Any = self.rng.integers(-n, n, int(self.rng.integers(1, 5))).astype("int64")
            ktext = f"np.array({key.tolist()}, 'int64')"
        else:
            lo, hi = sorted(int(v) for v in self.rng.integers(0, n + 1, 2))
            key, ktext = slice(lo, hi), f"{lo}:{hi}"
        inc = bool(self.rng.random() < 0.5)
        if not inc and isinstance(key, np.ndarray):
            key = np.unique(key % n)  # (set with repeated indices: the order is unspecified)
            ktext = f"np.array({key.tolist()}, 'int64')"
        part = a.val[key]
        with np.errstate(all="ignore"):
            y = (part * 2).astype(part.dtype) if inc else (part + 1).astype(part.dtype)
        yv = a.var[key] * 2 if inc else a.var[key] + 1
        if yv.dtype != a.var.dtype:
            return None  # (a constant that upcasts the part; keep the dtype)
        val = a.val.copy()
        if inc:
            np.add.at(val, key, y)
            var = self.T.inc_subtensor(a.var[key], yv)
        else:
            val[key] = y
            var = self.T.set_subtensor(a.var[key], yv)
        fn = "inc_subtensor" if inc else "set_subtensor"
        how = "* 2" if inc else "+ 1"
        return self.add(var, val, f"T.{fn}({a.var.name}[{ktext}], {a.var.name}[{ktext}] {how})")

    def step(self) -> None:
        pool = self.g.nodes
        kind = self.pick(["binary", "binary", "unary", "cast", "switch", "reduce", "reshape",
                          "dimshuffle", "index", "dot", "concatenate", "update"])  # fmt: skip
        arity = {"binary": 2, "switch": 3, "dot": 2, "concatenate": 2}.get(kind, 1)
        args = [self.pick(pool) for _ in range(arity)]
        getattr(self, kind)(*args)


def _broadcast(a: Node, b: Node) -> tuple[int, ...] | None:
    """The shape of a (op) b under Theano's rules: a size-1 dim broadcasts only when the
    variable declares it broadcastable; None when they do not fit."""
    sa, sb = a.val.shape, b.val.shape
    ba, bb = a.var.broadcastable, b.var.broadcastable
    n = max(len(sa), len(sb))
    sa, sb = (1,) * (n - len(sa)) + sa, (1,) * (n - len(sb)) + sb
    ba, bb = (True,) * (n - len(ba)) + tuple(ba), (True,) * (n - len(bb)) + tuple(bb)
    out = []
    for x, y, fx, fy in zip(sa, sb, ba, bb):
        if fx:
            out.append(y)
        elif fy or x == y:
            out.append(x)
        else:
            return None  # sizes that differ, neither declared broadcastable
    return tuple(out)


def _broadcast3(c: Node, a: Node, b: Node) -> tuple[int, ...] | None:
    return _broadcast(c, a) if _broadcast(c, b) is not None else None


def _factor(n: int, ndim: int, rng: np.random.Generator) -> list[int] | None:
    if ndim == 0:
        return [] if n == 1 else None
    shape = [1] * ndim
    rest = n
    for i in range(ndim - 1):
        divs = [d for d in range(1, rest + 1) if rest % d == 0] if rest else [0, 1, 2]
        shape[i] = int(rng.choice(divs))
        rest = rest // shape[i] if shape[i] else rest
    shape[-1] = rest if n else (0 if 0 not in shape[:-1] else int(rng.integers(0, 3)))
    return shape if int(np.prod(shape)) == n else None


def random_graph(seed: int, index: int) -> Graph:
    b = _Builder(seed, index)
    for _ in range(int(b.rng.integers(1, 4))):
        b.input()
    for _ in range(int(b.rng.integers(2, 9))):
        b.step()
    derived = [n for n in b.g.nodes if n not in b.g.inputs]
    outs = [b.g.nodes[-1]] + ([b.pick(derived)] if derived and b.rng.random() < 0.5 else [])
    b.g.outputs = list({id(n): n for n in outs}.values())
    return b.g


def compare(got: Any, want: np.ndarray, loose: bool = False) -> str | None:
    """Why `got` is not `want` (dtype, shape, values), or None; `loose`: a float64 value
    computed from float32 ones gets float32's tolerance."""
    got = np.asarray(got)
    if got.dtype != want.dtype:
        return f"dtype {got.dtype}, expected {want.dtype}"
    if got.shape != want.shape:
        return f"shape {got.shape}, expected {want.shape}"
    if want.dtype.kind != "f":
        bad = got != want
    else:
        rtol, atol = TOLERANCE["float32" if loose else want.dtype.name]
        finite = want[np.isfinite(want)]
        scale = float(np.abs(finite).max()) if finite.size else 1.0
        bad = ~np.isclose(got, want, rtol=rtol, atol=atol * max(scale, 1.0), equal_nan=True)
    if bad.any():
        i = tuple(int(k) for k in np.argwhere(bad)[0])
        return f"values differ at {list(i)}: got {got[i]!r}, expected {want[i]!r}"
    return None


def run_graph(payload: tuple[int, int, str]) -> tuple[str, str]:
    """Build graph (seed, index), compile it on `device`, compare; (outcome, detail)."""
    seed, index, device = payload
    import arignote as theano
    from arignote.errors import ArignoteError

    g = None
    try:
        g = random_graph(seed, index)
        theano.config.device = device
        f = theano.function([n.var for n in g.inputs], [n.var for n in g.outputs],
                            on_unused_input="ignore")
        got = f(*[n.val for n in g.inputs])
    except ArignoteError as e:
        where = g.program() if g is not None else ""
        return "mismatch", f"refused on {device}: {type(e).__name__}: {e}\n{where}"
    except Exception as e:  # noqa: BLE001 - classifying is the point
        where = g.program() if g is not None else ""
        tb = "".join(traceback.format_exception(e, limit=-6))
        return "internal", f"on {device}: {type(e).__name__}: {e}\n{tb}\n{where}"
    for k, (out, n) in enumerate(zip(got, g.outputs)):
        why = compare(out, n.val, any(m.val.dtype == np.float32 for m in g.nodes))
        if why is not None:
            return "mismatch", f"output {k} ({n.var.name}) on {device}: {why}\n{g.program()}"
    return "accepted", ""


# --------------------------------------------------------------------------- verify_grad

#: differentiable float ops: name -> (arity, builder of the symbolic result)
_GRAD_UNARY = {
    "exp_tanh": lambda T, x: T.exp(T.tanh(x)), "tanh": lambda T, x: T.tanh(x),
    "sin": lambda T, x: T.sin(x), "sqr": lambda T, x: T.sqr(x),
    "log1p_sqr": lambda T, x: T.log(1 + T.sqr(x)), "sqrt_1p_sqr": lambda T, x: T.sqrt(1 + x * x),
    "sigmoid": lambda T, x: 1 / (1 + T.exp(-x)), "neg": lambda T, x: -x,
    "sum0": lambda T, x: x.sum(axis=0) if x.ndim else x,
    "mean_last": lambda T, x: x.mean(axis=-1, keepdims=True) if x.ndim else x,
    "transpose": lambda T, x: x.T, "flatten": lambda T, x: x.flatten(),
    "slice": lambda T, x: x[::-1] if x.ndim else x,
}  # fmt: skip
_GRAD_BINARY = {
    "add": lambda T, x, y: x + y, "sub": lambda T, x, y: x - y, "mul": lambda T, x, y: x * y,
    "div": lambda T, x, y: x / (1 + T.sqr(y)),
}  # fmt: skip


@dataclass
class GradGraph:
    seed: int
    index: int
    shapes: list[tuple[int, ...]]
    recipe: list[tuple[str, tuple[int, ...]]]

    def program(self) -> str:
        lines = [f"# random verify_grad graph (seed {self.seed}, case {self.index})",
                 f"inputs: float64 of shapes {self.shapes}"]  # fmt: skip
        lines += [f"v{len(self.shapes) + k} = {op}{tuple(f'v{i}' for i in args)}"
                  for k, (op, args) in enumerate(self.recipe)]  # fmt: skip
        return "\n".join(lines)

    def fun(self, *xs: Any) -> Any:
        import arignote.tensor as T

        vals = list(xs)
        for op, args in self.recipe:
            f = _GRAD_UNARY.get(op) or _GRAD_BINARY[op]
            vals.append(f(T, *[vals[i] for i in args]))
        return vals[-1]


def random_grad_graph(seed: int, index: int) -> GradGraph:
    """Elementwise binaries take operands of one shape (the first input's) or a rank-0 one;
    the shape-changing unaries come last, so every binary fits."""
    rng = np.random.default_rng([seed, index, 11])
    base = tuple(int(s) for s in rng.integers(1, 4, int(rng.integers(0, 3))))
    shapes = [base if rng.random() < 0.8 else () for _ in range(int(rng.integers(1, 3)))]
    shapes[0] = base
    recipe: list[tuple[str, tuple[int, ...]]] = []
    ranks = list(shapes)
    elementwise = [k for k in _GRAD_UNARY if k not in ("sum0", "mean_last", "transpose",
                                                       "flatten", "slice")]  # fmt: skip
    for _ in range(int(rng.integers(1, 6))):
        if rng.random() < 0.5 and len(ranks) > 1:
            op = str(rng.choice(list(_GRAD_BINARY)))
            i, j = (int(v) for v in rng.integers(0, len(ranks), 2))
            if ranks[i] != ranks[j] and () not in (ranks[i], ranks[j]):
                continue
            recipe.append((op, (i, j)))
            ranks.append(max(ranks[i], ranks[j], key=len))
        else:
            i = int(rng.integers(len(ranks)))
            recipe.append((str(rng.choice(elementwise)), (i,)))
            ranks.append(ranks[i])
    deps = [{i} for i in range(len(shapes))]
    for _, args in recipe:
        deps.append(set().union(*(deps[i] for i in args)))
    for i in range(len(shapes)):
        if i not in deps[-1]:  # (Theano's verify_grad refuses an unused input too)
            recipe.append(("add", (len(ranks) - 1, i)))
            deps.append(deps[-1] | {i})
            ranks.append(max(ranks[-1], ranks[i], key=len))
    if not recipe or rng.random() < 0.5:
        recipe.append((str(rng.choice(["sum0", "mean_last", "transpose", "flatten", "slice"])),
                       (len(ranks) - 1,)))  # fmt: skip
    return GradGraph(seed, index, shapes, recipe)


def run_grad_graph(payload: tuple[int, int, str]) -> tuple[str, str]:
    """verify_grad of graph (seed, index) on `device`; (outcome, detail)."""
    seed, index, device = payload
    import arignote as theano
    from arignote.errors import ArignoteError
    from arignote.gradient import GradientError, verify_grad

    g = random_grad_graph(seed, index)
    rng = np.random.default_rng([seed, index, 13])
    points = [rng.uniform(-1.5, 1.5, s) for s in g.shapes]
    theano.config.device = device
    try:
        verify_grad(g.fun, points, rng=rng)
    except GradientError as e:
        return "mismatch", f"verify_grad on {device}: {e}\n{g.program()}"
    except ArignoteError as e:
        return "mismatch", f"refused on {device}: {type(e).__name__}: {e}\n{g.program()}"
    except Exception as e:  # noqa: BLE001 - classifying is the point
        tb = "".join(traceback.format_exception(e, limit=-6))
        return "internal", f"verify_grad on {device}: {type(e).__name__}: {e}\n{tb}\n{g.program()}"
    return "accepted", ""


# --------------------------------------------------------------------------- driver


@dataclass
class GraphFinding:
    kind: str  # graph / grad
    seed: int
    index: int
    device: str
    outcome: str
    detail: str

    def signature(self) -> str:
        head = self.detail.splitlines()[0] if self.detail else ""
        return f"{self.outcome} {self.kind} {self.device} " + " ".join(head.split()[:8])

    def report(self) -> str:
        return (f"{self.outcome} in random {self.kind} graph (seed {self.seed}, case "
                f"{self.index}, device {self.device}):\n{self.detail}")


def fuzz_graphs(
    count: int, seed: int = 0, *, device: str = "cpu", grads: int = 0, jobs: int = 1,
    timeout: float = 120.0,
) -> tuple[dict[str, int], list[GraphFinding]]:  # fmt: skip
    """`count` random graphs and `grads` verify_grad graphs on `device`."""
    from arignote.fuzz import GOOD, OUTCOMES
    from arignote.fuzz.pool import run_cases

    plan = [("graph", i) for i in range(count)] + [("grad", i) for i in range(grads)]
    fns = {"graph": run_graph, "grad": run_grad_graph}
    cases = ((fns[k], (seed, i, device)) for k, i in plan)
    counts = dict.fromkeys(OUTCOMES, 0)
    findings: list[GraphFinding] = []
    for n, outcome, detail in run_cases(cases, jobs=jobs, timeout=timeout):
        counts[outcome] += 1
        if outcome not in GOOD:
            kind, i = plan[n]
            findings.append(GraphFinding(kind, seed, i, device, outcome, detail))
    return counts, findings
