"""`theano.compile.function_module`: compile a symbolic graph into a callable.

    f = arignote.function([x, s], x + s * x)
    f(np.ones(3, np.float32), np.float32(2))

    train = arignote.function(
        [index], cost, updates=[(w, w - lr * T.grad(cost, w))],
        givens={x: train_x[index * b:(index + 1) * b]},
    )

The signature is Theano's: `function(inputs, outputs=None, mode=None, updates=None,
givens=None, no_default_updates=False, accept_inplace=False, name=None,
rebuild_strict=True, allow_input_downcast=None, profile=None, on_unused_input=None)`.

- `inputs`: variables or `In(variable, name=, value=, borrow=, ...)`; an input with a
  `value` may be omitted in a call; arguments may be given by keyword (the input's name).
- `outputs`: a variable or a list (then a list is returned), or `Out(variable, borrow=)`;
  None or [] for a function that only updates.  Outputs are fresh arrays, never views of
  the arguments or of shared values (unless `Out(borrow=True)`).
- `updates`: (shared variable, expression) pairs as a list, dict or OrderedDict.  Every
  output and every new value is computed from the old values; then the shared variables
  take their new values (simultaneously).  An expression must have the shared variable's
  dtype and number of dimensions.  Shared variables with a `default_update` (the random
  streams' states) are updated by it unless updated explicitly or listed in
  `no_default_updates` (or it is True).
- `givens`: (variable, replacement) pairs: the graph (outputs and updates) is rebuilt with
  each variable replaced, e.g. an input matrix by a minibatch slice of a shared dataset.

The graph is lowered to tt IR, compiled for `config.device` (the `tt-to-cpu` or
`tt-to-ptx` pipeline), and the result is called with NumPy arrays.  Arguments are
checked against the input types (number, dtype, rank, broadcastable dims) and converted
when no information is lost; `allow_input_downcast=True` permits lossy dtype casts.
Shared variables the graph uses are passed their current values at each call.
`f.ir(stage)` shows the IR at any stage of the pipeline (`f.stages` lists them).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from arignote.config import config
from arignote.errors import ArgumentError, ArignoteError, DTypeError
from arignote.graph import (
    Apply,
    Constant,
    Variable,
    ancestors,
    function_builder,
    graph_inputs,
    user_location,
)
from arignote.graph_rewrite import (
    check_replacement,
    clone_replace,
    lost_broadcast_dim,
    replacement_pairs,
)
from arignote.runtime.host import DeviceArray
from arignote.compile.io import _NO_VALUE, In, Out
from arignote.compile.sharedvalue import SharedVariable

class FunctionGraph:
    """What a compiled function computes, as front-end nodes (Theano's `f.maker.fgraph`)."""

    def __init__(self, inputs: list[Variable], outputs: list[Variable]):
        self.inputs = inputs
        self.outputs = outputs

    def toposort(self) -> list[Apply]:
        return ancestors(self.outputs)

    @property
    def apply_nodes(self) -> set[Apply]:
        return set(self.toposort())


class FunctionMaker:
    def __init__(self, fgraph: FunctionGraph, inputs: list[In], outputs: list[Out]):
        self.fgraph = fgraph
        self.inputs = inputs
        self.outputs = outputs


class FunctionProfile:
    """Calls and time of a function compiled with profile=True; on a GPU device also what
    its calls moved across the bus and launched (`device`, a runtime Profile summed over
    the calls: transfer counts and bytes, kernels and library calls with their traffic)."""

    def __init__(self, name: str):
        from arignote.runtime.device import Profile

        self.name = name
        self.compile_time = 0.0
        self.calls = 0
        self.call_time = 0.0
        self.device = Profile()

    def summary(self, file: Any = None) -> str:
        per = self.call_time / self.calls if self.calls else 0.0
        text = (
            f"Function profile of {self.name}\n"
            f"  compile time: {self.compile_time:.3f} s\n"
            f"  calls: {self.calls}, total {self.call_time:.6f} s, {per * 1e6:.1f} us per call\n"
        )
        if self.device.launch_count or self.device.h2d_count or self.device.d2h_count:
            text += "  device, all calls: " + self.device.report().replace("\n", "\n  ") + "\n"
        if file is not None:
            file.write(text)
        return text


# ---------------------------------------------------------------------------- building


def _as_inputs(inputs: Any) -> list[In]:
    if isinstance(inputs, Variable | In):
        raise ArgumentError("function inputs must be a list of variables (got a single variable)")
    out = []
    for i, v in enumerate(inputs):
        inp = v if isinstance(v, In) else In(v) if isinstance(v, Variable) else None
        if inp is None:
            raise ArgumentError(f"input {i} of the function is {v!r}, not a symbolic variable")
        var = inp.variable
        if isinstance(var, SharedVariable):
            raise ArgumentError(
                f"input {i}: {var!r} is a shared variable; shared variables are not explicit "
                "inputs (the function reads their values itself)"
            )
        if isinstance(var, Constant):
            raise ArgumentError(f"input {i}: {var!r} is a constant, not an input variable")
        if var.owner is not None:
            # Theano: a computed variable given as an input cuts the graph there (its value
            # is the argument; what computes it is not run): a fresh input stands for it
            inp = copy.copy(inp)
            inp.variable = var.type.make_variable(var.name)
            inp.cuts = var  # type: ignore[attr-defined]
        out.append(inp)
    ids = [i.variable.id for i in out]
    for k, vid in enumerate(ids):
        if vid in ids[:k]:
            raise ArgumentError(f"input {k}: {out[k].variable!r} appears twice in the inputs")
    return out


def _as_outputs(outputs: Any) -> tuple[list[Out], bool]:
    from arignote.tensor import as_tensor_variable

    if outputs is None:
        return [], False
    single = not isinstance(outputs, list | tuple)
    items = [outputs] if single else list(outputs)
    out = []
    for i, o in enumerate(items):
        if isinstance(o, Out):
            out.append(Out(as_tensor_variable(o.variable), o.borrow))
            continue
        try:
            out.append(Out(as_tensor_variable(o)))
        except Exception as e:
            raise ArgumentError(
                f"output {i} of the function, {o!r}, is not a tensor: {e}"
            ) from None
    return out, single


def _as_updates(updates: Any) -> list[tuple[SharedVariable, Variable]]:
    from arignote.tensor import as_tensor_variable

    out: list[tuple[SharedVariable, Variable]] = []
    seen: set[int] = set()
    for target, expr in replacement_pairs(updates, "updates"):
        if not isinstance(target, SharedVariable):
            raise ArgumentError(
                f"updates: {target!r} is not a shared variable; only shared variables can be "
                "updated"
            )
        if target.id in seen:
            raise ArgumentError(f"updates: {target!r} is updated twice")
        seen.add(target.id)
        try:
            new = as_tensor_variable(expr)
        except Exception as e:
            raise DTypeError(f"updates: the new value of {target!r} is not a tensor: {e}") from None
        _check_update_type(target, new)
        out.append((target, new))
    return out


def _check_update_type(target: SharedVariable, new: Variable) -> None:
    if new.dtype != target.dtype or new.ndim != target.ndim:
        raise DTypeError(
            f"updates: the new value of {target!r} ({target.type}) has type {new.type}"
            f"{_where(new)}; an update must have the shared variable's dtype and number of "
            f"dimensions (use tensor.cast(..., '{target.dtype}'))"
        )
    d = lost_broadcast_dim(target, new)
    if d is not None:
        raise DTypeError(
            f"updates: {target!r} is broadcastable in dim {d} ({target.type}) but its new "
            f"value {new!r}{_where(new)} is not ({new.type}); use tensor.addbroadcast"
        )


def _where(v: Variable) -> str:
    if v.owner is None:
        return ""
    f, line = v.owner.location
    return f" (computed by {v.owner.op} at {f}:{line})"


def _first_use(v: Variable, outputs: Sequence[Variable]) -> str:
    for node in ancestors(outputs):
        if any(i is v for i in node.inputs):
            return f" (used by {node.op} at {node.location[0]}:{node.location[1]})"
    return ""


class Function:
    """A compiled function: call it with the inputs' values."""

    def __init__(
        self,
        inputs: Sequence[Any],
        outputs: Any,
        *,
        updates: Any = None,
        givens: Any = None,
        no_default_updates: Any = False,
        name: str | None = None,
        allow_input_downcast: bool | None = None,
        on_unused_input: str | None = None,
        profile: Any = None,
        device: str | None = None,
    ):
        from arignote.compile.graph_key import graph_key
        from arignote.compiler import compile_graph
        from arignote.frontend_ir import build_module

        t0 = time.perf_counter()
        # what rebuilds this function: pickling (the graph and its shared variables travel,
        # the code is rebuilt on load through the compile cache) and copy()
        self._spec: dict[str, Any] = {
            "inputs": list(inputs), "outputs": outputs, "updates": updates, "givens": givens,
            "no_default_updates": no_default_updates, "name": name,
            "allow_input_downcast": allow_input_downcast, "on_unused_input": on_unused_input,
            "device": device,
        }  # fmt: skip
        on_unused_input = on_unused_input or config.on_unused_input
        if on_unused_input not in ("raise", "warn", "ignore"):
            raise ArgumentError(
                f"on_unused_input must be 'raise', 'warn' or 'ignore', got {on_unused_input!r}"
            )
        self.name = name or "f"
        # where the function was made (Theano names a function by its caller's file:line):
        # a bad argument's error says which function it was passed to
        self.defined_at = "%s:%d" % user_location()
        self.input_specs = _as_inputs(inputs)
        self.inputs = [i.variable for i in self.input_specs]
        self.output_specs, self.single = _as_outputs(outputs)
        explicit = _as_updates(updates)

        # givens: rebuild outputs and update expressions with the replacements (first the
        # computed variables given as inputs, replaced by the inputs that stand for them)
        replaced: set[int] = set()
        given_pairs = [(i.cuts, i.variable) for i in self.input_specs if hasattr(i, "cuts")]
        for old, new in replacement_pairs(givens, "givens"):
            new_v = check_replacement(old, new, "givens")
            if old.id in replaced:
                raise ArgumentError(f"givens: {old!r} is replaced twice")
            if any(old is v for v in self.inputs):
                raise ArgumentError(
                    f"givens: {old!r} is an input of function {self.name}; an input cannot "
                    "also be replaced through givens"
                )
            replaced.add(old.id)
            given_pairs.append((old, new_v))
        outs = [o.variable for o in self.output_specs]
        exprs = [e for _, e in explicit]
        rebuilt = clone_replace([*outs, *exprs], given_pairs)
        outs, exprs = rebuilt[: len(outs)], rebuilt[len(outs) :]
        self.outputs = outs
        self.updates: list[tuple[SharedVariable, Variable]] = [
            (s, e) for (s, _), e in zip(explicit, exprs)
        ]
        self._add_default_updates(no_default_updates, given_pairs)

        # what the graph needs: explicit inputs, shared variables, constants
        everything = [*self.outputs, *(e for _, e in self.updates)]
        used = graph_inputs(everything)
        used_ids = {v.id for v in used}
        explicit_ids = {v.id for v in self.inputs}
        for v in self.inputs:
            if v.id in used_ids:
                continue
            msg = (
                f"input {v!r} of function {self.name} is not used to compute the outputs or the "
                "updates"
            )
            if on_unused_input == "raise":
                raise ArgumentError(msg + "; pass on_unused_input='ignore' to allow it")
            if on_unused_input == "warn":
                import warnings

                warnings.warn(msg, stacklevel=3)
        missing = [
            v
            for v in used
            if not isinstance(v, Constant | SharedVariable) and v.id not in explicit_ids
        ]
        if missing:
            raise ArgumentError(
                f"function {self.name}: the outputs depend on inputs that are not listed in "
                "its inputs (nor replaced by givens): "
                + ", ".join(f"{v!r}{_first_use(v, everything)}" for v in missing)
            )
        self.shared = [v for v in used if isinstance(v, SharedVariable)]
        self.allow_input_downcast = bool(allow_input_downcast)
        self.device = device or config.device
        self.maker = FunctionMaker(
            FunctionGraph([*self.inputs, *self.shared], list(everything)),
            self.input_specs,
            self.output_specs,
        )

        # the compiled module computes the outputs and the new values that are computed
        # (owner-less results -- inputs, shared values, constants -- come from the host)
        self._plan: list[tuple[str, Any]] = []  # per output and update: where its value is
        computed: list[Variable] = []
        index: dict[int, int] = {}
        arg_pos = {v.id: k for k, v in enumerate([*self.inputs, *self.shared])}
        for v in everything:
            if v.owner is None:
                if isinstance(v, Constant):
                    self._plan.append(("const", np.asarray(v.data)))
                else:
                    self._plan.append(("arg", arg_pos[v.id]))
                continue
            if v.id not in index:
                index[v.id] = len(computed)
                computed.append(v)
            self._plan.append(("result", index[v.id]))
        fname = _symbol(self.name)
        from arignote.runtime.devices import is_gpu

        self._gpu = is_gpu(self.device)
        resident_in: list[int] = []
        resident_out: list[int] = []
        if self._gpu:
            # on a GPU, shared variables and their new values stay in device memory (a
            # value that is also an output comes back to the host like any output)
            n_out = len(self.outputs)
            out_results = {p for kind, p in self._plan[:n_out] if kind == "result"}
            resident_in = list(range(len(self.inputs), len(self.inputs) + len(self.shared)))
            resident_out = sorted(
                {p for kind, p in self._plan[n_out:] if kind == "result"} - out_results
            )
        graph = ([*self.inputs, *self.shared], computed, resident_in, resident_out)
        self._build = lambda: build_module(
            fname, graph[0], graph[1], resident_inputs=graph[2], resident_outputs=graph[3]
        )  # fmt: skip
        # the compile cache is searched by the graph's digest first: a hit builds no module
        self.compiled, self._module = compile_graph(
            graph_key(fname, *graph), self._build, fname, self.device
        )
        self._run = self.compiled.host.run
        self._dev = self.compiled.host.device
        self._recorded: dict[str, str] = {}
        #: skip the argument checks and conversions (as Theano's `f.trust_input`): the
        #: arguments must then be C-contiguous arrays of the inputs' exact dtypes and ranks
        self.trust_input = False
        self._prepare_call()
        self.profile = FunctionProfile(self.name) if profile else None
        #: the GPU device whose profile this function's calls add to
        self._profiled = self._dev if profile and self._gpu else None
        if self.profile is not None:
            self.profile.compile_time = time.perf_counter() - t0

    def _add_default_updates(self, no_default_updates: Any, given_pairs: list[Any]) -> None:
        """Add the default updates of the shared variables the graph uses, transitively."""
        if no_default_updates is True:
            return
        skip = set()
        if no_default_updates:
            skip = {v.id for v in no_default_updates}
        done = {s.id for s, _ in self.updates}
        while True:
            used = graph_inputs([*self.outputs, *(e for _, e in self.updates)])
            new = [
                v
                for v in used
                if isinstance(v, SharedVariable)
                and getattr(v, "default_update", None) is not None
                and v.id not in done
                and v.id not in skip
            ]
            if not new:
                return
            for s in new:
                expr = clone_replace([s.default_update], given_pairs)[0]  # type: ignore[attr-defined]
                _check_update_type(s, expr)
                self.updates.append((s, expr))
                done.add(s.id)

    # ------------------------------------------------------------------ calling
    def _prepare_call(self) -> None:
        specs = self.input_specs
        self._n = len(specs)
        self._names = {s.name: k for k, s in enumerate(specs) if s.name}
        self._fast = [
            (np.dtype(s.variable.dtype), s.variable.ndim, tuple(
                k for k, b in enumerate(s.variable.broadcastable) if b
            ))
            for s in specs
        ]  # fmt: skip
        n_out = len(self.output_specs)
        self._out_plan = self._plan[:n_out]
        self._upd_plan = [(s, p) for (s, _), p in zip(self.updates, self._plan[n_out:])]
        self._borrow = [o.borrow for o in self.output_specs]
        self._simple = all(kind == "result" for kind, _ in self._plan) and not any(self._borrow)
        if self._simple and not self._gpu and not (self.shared or self.updates):
            # calls take a path generated for this signature (see _fast_call_class)
            self.__class__ = _fast_call_class(self)

    def _bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
        if len(args) > self._n:
            raise ArgumentError(
                f"function {self.name} takes {self._n} argument(s) "
                f"({', '.join(repr(v) for v in self.inputs)}), got {len(args)}"
            )
        values: list[Any] = list(args) + [_NO_VALUE] * (self._n - len(args))
        for key, val in kwargs.items():
            if key not in self._names:
                raise ArgumentError(
                    f"function {self.name} has no input named {key!r} "
                    f"(named inputs: {', '.join(self._names) or 'none'})"
                )
            k = self._names[key]
            if values[k] is not _NO_VALUE:
                raise ArgumentError(f"function {self.name}: input {key!r} given twice")
            values[k] = val
        for k, v in enumerate(values):
            if v is _NO_VALUE:
                default = self.input_specs[k].value
                if default is _NO_VALUE:
                    raise ArgumentError(
                        f"function {self.name} takes {self._n} argument(s) "
                        f"({', '.join(repr(v) for v in self.inputs)}), got {len(args)}"
                        + (f" and {', '.join(kwargs)}" if kwargs else "")
                        + f"; {self.inputs[k]!r} is missing"
                    )
                values[k] = default
        return values

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._call(*args, **kwargs)

    def _call(self, *args: Any, **kwargs: Any) -> Any:
        """A call, in general: keyword arguments, conversions, shared variables, updates,
        profiles, devices."""
        t0 = time.perf_counter() if self.profile is not None else 0.0
        snap = self._profiled.profile.snapshot() if self._profiled is not None else None
        if kwargs or len(args) != self._n:
            args = tuple(self._bind(args, kwargs))
        arrays = list(args) if self.trust_input else []
        for k, a in enumerate(() if self.trust_input else args):
            dt, nd, bdims = self._fast[k]
            if (
                type(a) is np.ndarray
                and a.dtype == dt
                and a.ndim == nd
                and a.flags.c_contiguous
                and (not bdims or all(a.shape[d] == 1 for d in bdims))
            ):
                arrays.append(a)
                continue
            v = self.inputs[k]
            arrays.append(
                v.type.filter(
                    a,
                    allow_downcast=self.allow_input_downcast,
                    what=f"argument {k} ({v!r}) of function {self.name} made at {self.defined_at}",
                )
            )
        if self._gpu:
            dev = self._dev
            for s in self.shared:
                arrays.append(s.device_array(dev))
        else:
            for s in self.shared:
                arrays.append(s._host_array())
        results = self._run(*arrays)
        if self._simple and not self._gpu:
            outs = results[: len(self._out_plan)]
            for k, r in enumerate(outs):
                if r.base is not None and _aliases(r, arrays):
                    outs[k] = r.copy()
            new_values = [results[p] for _, (_, p) in self._upd_plan]
        else:
            outs = [
                self._value(kind, p, results, arrays, borrow)
                for (kind, p), borrow in zip(self._out_plan, self._borrow)
            ]
            new_values = [
                results[p] if kind == "result" else self._value(kind, p, results, arrays, False)
                for _, (kind, p) in self._upd_plan
            ]
        # the new values of the shared variables: in device memory, a buffer each variable
        # owns alone; on the host, contiguous and not an output's storage
        taken: set[int] = set()
        for (s, _), r in zip(self._upd_plan, new_values):
            if isinstance(r, DeviceArray):
                own = s._device
                if r.ptr in taken or any(
                    isinstance(a, DeviceArray) and a.ptr == r.ptr and a is not own for a in arrays
                ):
                    r = r.clone()
                taken.add(r.ptr)
                s.take_device_array(r)
                continue
            if not r.flags.c_contiguous or any(r is o for o in outs) or r.base is not None:
                r = np.array(r, order="C", copy=True)
            s.take_host_array(r)
        if self.profile is not None:
            self.profile.calls += 1
            self.profile.call_time += time.perf_counter() - t0
            if snap is not None:
                self.profile.device.add(self._profiled.profile.since(snap))  # type: ignore[union-attr]
        if self.single:
            return outs[0]
        return outs

    @staticmethod
    def _value(kind: str, p: Any, results: list[Any], arrays: list[Any], borrow: bool) -> Any:
        if kind == "const":
            return p.copy()
        if kind == "arg":
            a = arrays[p]
            if isinstance(a, DeviceArray):  # a shared variable's device value
                return a.download()
            return a if borrow else a.copy()
        r = results[p]
        if isinstance(r, DeviceArray):
            return r.download()
        if not borrow and r.base is not None and _aliases(r, arrays):
            return r.copy()
        return r

    # ------------------------------------------------------------------ inspecting
    @property
    def stages(self) -> list[str]:
        from arignote.pipeline import stages_cpu, stages_gpu
        from arignote.runtime.devices import is_gpu

        return ["tt"] + [n for n, _ in (stages_gpu() if is_gpu(self.device) else stages_cpu())]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as Theano does: the graph, its shared variables (with their values) and
        the compile options travel; unpickling compiles again (through the compile cache)."""
        return (_rebuild, (self._spec,))

    def copy(
        self,
        share_memory: bool = False,
        swap: Any = None,
        delete_updates: bool = False,
        name: str | None = None,
        profile: Any = None,
    ) -> Function:
        """A new function of the same graph (Theano's `Function.copy`): `swap` maps shared
        variables of this function to shared variables of the same type used instead by
        the copy (also as update targets); `delete_updates` drops the updates (and the
        default updates); the name defaults to this one's + " copy".  `share_memory` is
        accepted: each compiled function owns its temporary buffers."""
        spec = dict(self._spec)
        swap = dict(swap or {})
        for old, new in swap.items():
            if not isinstance(old, SharedVariable) or not isinstance(new, SharedVariable):
                raise TypeError("Function.copy: swap must map shared variables to shared variables")
            if old.type != new.type:
                raise TypeError(
                    f"Function.copy: cannot swap {old} ({old.type}) for {new} ({new.type})"
                )
        if swap:
            spec["givens"] = [*replacement_pairs(spec["givens"], "givens"), *swap.items()]
        if delete_updates:
            spec["updates"], spec["no_default_updates"] = None, True
        elif swap and spec["updates"] is not None:
            spec["updates"] = [(swap.get(t, t), e) for t, e in _as_updates(spec["updates"])]
        spec["name"] = name or f"{self.name} copy"
        return _rebuild(spec, profile=profile)

    @property
    def module(self) -> Any:
        """The tt-level module of this function (built on first use when the compiled
        program came from the compile cache)."""
        if self._module is None:
            self._module = self._build()
        return self._module

    def ir(self, stage: str = "tt") -> str:
        """The IR of this function after `stage` (see `stages`), or "ptx" / "llvm-ir"."""
        from arignote.compiler import compile_module

        if not self._recorded:
            c = compile_module(self.module, self.compiled.name, self.device, record_stages=True)
            self._recorded = {**c.stages, "llvm-ir": c.llvm_ir, "ptx": c.ptx}
        if stage not in self._recorded:
            raise ValueError(f"unknown stage {stage!r}; stages: {', '.join(self._recorded)}")
        return self._recorded[stage]

    def __repr__(self) -> str:
        return f"<arignote.Function {self.name}({', '.join(map(repr, self.inputs))})>"


def _fast_call_class(fn: Function) -> type:
    """A subclass of Function whose `__call__` is generated for `fn`'s signature: on the
    host, without shared variables or updates, every output a computed result.  A call
    with positional arguments only and no profile checks each argument is a C-contiguous
    ndarray of the input's dtype and rank (size 1 in its broadcastable dims; a NumPy
    scalar of a rank-0 input's dtype is taken as its 0-d array) -- unless trust_input --,
    runs the host program and returns the outputs (copied when they may alias an
    argument); any other call goes to `Function._call` (conversions, errors)."""
    names = [f"a{k}" for k in range(fn._n)]
    env: dict[str, Any] = {
        "run": fn._run, "ndarray": np.ndarray, "aliases": _aliases, "asarray": np.asarray,
        "general": Function._call,
    }  # fmt: skip
    checks, scalars = [], []
    for k, (dt, nd, bdims) in enumerate(fn._fast):
        env[f"D{k}"] = dt
        a = names[k]
        if nd == 0:
            env[f"S{k}"] = dt.type
            scalars.append(f"    if type({a}) is S{k}:\n        {a} = asarray({a})\n")
        cond = f"type({a}) is ndarray and {a}.dtype is D{k} and {a}.ndim == {nd}"
        cond += f" and {a}.flags.c_contiguous"
        cond += "".join(f" and {a}.shape[{d}] == 1" for d in bdims)
        checks.append(f"        if not ({cond}):\n            return general(self, *args)\n")
    outs = [
        f"    r{i} = results[{p}]\n"
        f"    if r{i}.base is not None and aliases(r{i}, args):\n"
        f"        r{i} = r{i}.copy()\n"
        for i, (_, p) in enumerate(fn._out_plan)
    ]
    unpack = f"    {', '.join(names)}{',' if len(names) == 1 else ''} = args\n" if names else ""
    ret = "r0" if fn.single else f"[{', '.join(f'r{i}' for i in range(len(outs)))}]"
    src = (
        "def __call__(self, *args, **kwargs):\n"
        f"    if kwargs or len(args) != {fn._n} or self.profile is not None:\n"
        "        return general(self, *args, **kwargs)\n"
        + unpack
        + "".join(scalars)
        + ("    if not self.trust_input:\n" + "".join(checks) if checks else "")
        + f"    results = run({', '.join(names)})\n"
        + "".join(outs)
        + f"    return {ret}\n"
    )
    exec(compile(src, f"<arignote call of {fn.name}>", "exec"), env)
    return type("Function", (Function,), {"__call__": env["__call__"], "__module__": __name__})


def _aliases(r: np.ndarray, arrays: list[Any]) -> bool:
    """Whether a result may share memory with an argument or is a read-only constant."""
    return not r.flags.writeable or any(
        isinstance(a, np.ndarray) and np.may_share_memory(r, a) for a in arrays
    )


def _symbol(name: str) -> str:
    s = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    return s if s and not s[0].isdigit() else f"f_{s}"


def _rebuild(spec: dict[str, Any], profile: Any = None) -> Function:
    spec = dict(spec)
    return Function(spec.pop("inputs"), spec.pop("outputs"), profile=profile, **spec)


def function(
    inputs: Sequence[Any],
    outputs: Any = None,
    mode: Any = None,
    updates: Any = None,
    givens: Any = None,
    no_default_updates: Any = False,
    accept_inplace: bool = False,
    name: str | None = None,
    rebuild_strict: bool = True,
    allow_input_downcast: bool | None = None,
    profile: Any = None,
    on_unused_input: str | None = None,
) -> Function:
    """Compile `inputs -> outputs` (with `updates` and `givens`); see the module docstring.

    `mode` is accepted for compatibility and ignored (there is one optimising pipeline per
    device; choose the device with `config.device`)."""
    if isinstance(updates, Variable) or (
        isinstance(updates, tuple) and len(updates) == 2 and isinstance(updates[0], Variable)
    ):
        raise ArignoteError("updates must be a list of (shared variable, new value) pairs")
    return Function(
        inputs, outputs, updates=updates, givens=givens, no_default_updates=no_default_updates,
        name=name, allow_input_downcast=allow_input_downcast, on_unused_input=on_unused_input,
        profile=profile,
    )  # fmt: skip


function_builder.append(function)

__all__ = ["function", "Function", "In", "Out"]
