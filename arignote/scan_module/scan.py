"""`theano.scan`: Theano's loop, built as one `Scan` node (a `tt.scan` in the IR).

The rules are Theano 1.0.5's (theano/scan_module/scan.py; research note §1): argument
normalisation (l.358-466), the order of `fn`'s arguments (l.486-575, 731-766), per-tap
slicing of the sequences, `n_steps` and `go_backwards` (l.487-586), what `fn` may return
(scan_utils.get_updates_and_outputs l.460-575), shared variables and their updates
(l.809-1000: an updated shared variable is a hidden state whose last value is the
update), and the return conventions (l.1081-1153).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np

from arignote.errors import ArignoteError
from arignote.graph import Constant, Variable, describe, user_location
from arignote.scan_module.scan_op import Scan, free_variables


class ScanError(ArignoteError, ValueError):
    """Bad arguments to scan, or an `fn` whose results do not fit them."""


class until:  # noqa: N801 - Theano's name
    """`fn` returns `until(cond)` (with its outputs) to stop the loop after the step
    where `cond` is true (scan_utils.py:until l.110-127: cond must be a scalar)."""

    def __init__(self, condition: Any):
        from arignote.tensor import as_tensor_variable

        self.condition = as_tensor_variable(condition)
        if self.condition.ndim != 0:
            raise ScanError(
                f"until: the condition must be a scalar, got {describe(self.condition)}"
            )


def _wrap(x: Any) -> list[Any]:
    if x is None:
        return []
    if isinstance(x, tuple):
        return list(x)
    if not isinstance(x, list):
        return [x]
    return list(x)


def _where(loc: tuple[str, int]) -> str:
    return f"scan at {loc[0]}:{loc[1]}"


# --------------------------------------------------------------------------- normalisation


def _norm_sequences(sequences: Any, loc: tuple[str, int]) -> list[dict[str, Any]]:
    from arignote.tensor import as_tensor_variable

    out = []
    for i, s in enumerate(_wrap(sequences)):
        if isinstance(s, dict):
            if "input" not in s:
                raise ScanError(f"{_where(loc)}: sequence {i} is a dict without 'input'")
            taps = s.get("taps", [0])
            taps = [0] if taps is None else _wrap(taps)
            x = as_tensor_variable(s["input"])
        else:
            x, taps = as_tensor_variable(s), [0]
        if x.ndim == 0:
            raise ScanError(f"{_where(loc)}: sequence {i} is a scalar ({describe(x)})")
        out.append({"input": x, "taps": [int(k) for k in taps]})
    return out


def _norm_outputs_info(outputs_info: Any, loc: tuple[str, int]) -> list[dict[str, Any]]:
    from arignote.tensor import as_tensor_variable

    out: list[dict[str, Any]] = []
    for i, o in enumerate(_wrap(outputs_info)):
        if o is None:
            out.append({})
            continue
        if not isinstance(o, dict):
            out.append({"initial": as_tensor_variable(o), "taps": [-1]})
            continue
        if "return_steps" in o:
            raise ScanError(f"{_where(loc)}: outputs_info[{i}]: return_steps is not supported")
        if o.get("initial") is None:
            if o.get("taps") is not None:
                raise ScanError(
                    f"{_where(loc)}: outputs_info[{i}] has taps but no initial state"
                )
            out.append({})
            continue
        taps = o.get("taps")
        taps = [-1] if taps is None else [int(k) for k in _wrap(taps)]
        if len(set(taps)) != len(taps):
            raise ScanError(f"{_where(loc)}: outputs_info[{i}] has repeated taps {taps}")
        if any(k >= 0 for k in taps):
            raise ScanError(
                f"{_where(loc)}: outputs_info[{i}] has taps {taps}; the taps of an output "
                "must be negative (past values)"
            )
        out.append({"initial": as_tensor_variable(o["initial"]), "taps": taps})
    return out


def _get_updates_and_outputs(ls: Any, loc: tuple[str, int]) -> tuple[Any, list, list]:
    """(condition, outputs, update pairs) from what `fn` returned (scan_utils l.460-575)."""

    def is_outputs(x: Any) -> bool:
        return isinstance(x, Variable) or (
            isinstance(x, list | tuple) and all(isinstance(e, Variable) for e in x)
        )

    def is_updates(x: Any) -> bool:
        return isinstance(x, dict) or (
            isinstance(x, list | tuple)
            and len(x) > 0
            and all(isinstance(e, list | tuple) and len(e) == 2 for e in x)
        )

    def outs(x: Any) -> list:
        return [x] if isinstance(x, Variable) else list(x)

    def ups(x: Any) -> list:
        return list(x.items()) if isinstance(x, dict) else [tuple(e) for e in x]

    if is_outputs(ls):
        return None, outs(ls), []
    if is_updates(ls):
        return None, [], ups(ls)
    if isinstance(ls, until):
        return ls.condition, [], []
    if isinstance(ls, list | tuple) and len(ls) == 2:
        a, b = ls
        if isinstance(b, until):
            if is_outputs(a):
                return b.condition, outs(a), []
            if is_updates(a):
                return b.condition, [], ups(a)
        elif is_outputs(a) and is_updates(b):
            return None, outs(a), ups(b)
        elif is_updates(a) and is_outputs(b):
            raise ScanError(
                f"{_where(loc)}: fn returned (updates, outputs); always return first the "
                "outputs, then the updates, then the until condition"
            )
    if isinstance(ls, list | tuple) and len(ls) == 3:
        a, b, c = ls
        if is_outputs(a) and is_updates(b) and isinstance(c, until):
            return c.condition, outs(a), ups(b)
    raise ScanError(
        f"{_where(loc)}: fn must return outputs, updates and/or an until condition "
        f"(in that order), got {ls!r}"
    )


# --------------------------------------------------------------------------- scan


def scan(
    fn: Callable[..., Any],
    sequences: Any = None,
    outputs_info: Any = None,
    non_sequences: Any = None,
    n_steps: Any = None,
    truncate_gradient: int = -1,
    go_backwards: bool = False,
    mode: Any = None,
    name: str | None = None,
    profile: Any = False,
    allow_gc: Any = None,
    strict: bool = False,
    return_list: bool = False,
) -> tuple[Any, OrderedDict]:
    """Theano's scan: `(outputs, updates)`; see the module docstring."""
    loc = user_location()
    b = _Builder(loc, name, go_backwards, truncate_gradient)
    b.sequences(_norm_sequences(sequences, loc))
    b.states(_norm_outputs_info(outputs_info, loc))
    b.non_sequences(non_sequences)
    b.steps(n_steps)
    b.call(fn, outputs_info is not None and len(_wrap(outputs_info)) > 0, strict)
    if b.fixed_steps in (1, -1):
        return b.build_once(return_list)
    return b.build(return_list)


class _Builder:
    """The pieces of one scan, gathered in Theano's order."""

    def __init__(self, loc: tuple[str, int], name: str | None, backwards: bool, trunc: int):
        self.loc, self.name, self.backwards, self.trunc = loc, name, backwards, trunc
        self.seq_views: list[Variable] = []  # aligned per tap (outer)
        self.seq_args: list[Variable] = []  # fn's sequence arguments (inner)
        self.lengths: list[Variable] = []
        self.outs_info: list[dict[str, Any]] = []
        self.consts: list[Variable] = []
        self.first_rows: list[Variable] = []  # the rows fn reads at the first step
        self.fixed_steps: int | None = None
        self.spans: list[str] = []  # per sequence, what its taps need
        self.n_from_sequences = False

    def fail(self, msg: str) -> ScanError:
        return ScanError(f"{_where(self.loc)}: {msg}")

    # ---------------------------------------------------------------- sequences
    def sequences(self, seqs: list[dict[str, Any]]) -> None:
        from arignote.tensor import getitem

        for s in seqs:
            x, taps = s["input"], s["taps"]
            lo, hi = min(min(taps), 0), max(max(taps), 0)
            for k in taps:
                stop = None if k == hi else -(hi - k)
                view = x if (k == lo and stop is None) else getitem(x, slice(k - lo, stop))
                if self.backwards:
                    view = getitem(view, slice(None, None, -1))
                self.seq_views.append(view)
                self.first_rows.append(getitem(x, k - lo))
                inner = view.type.__class__(x.dtype, x.broadcastable[1:]).make_variable(
                    name=f"{x.name}[t{k:+d}]" if x.name else None
                )
                _copy_test_value(view, inner, row=True)
                self.seq_args.append(inner)
            self.lengths.append(x.shape[0] - (hi - lo) if hi > lo else x.shape[0])
            self.spans.append(f"taps {taps} need more than {hi - lo} rows")

    # ---------------------------------------------------------------- states
    def states(self, outs_info: list[dict[str, Any]]) -> None:
        self.outs_info = outs_info
        self.state_args: list[list[Variable]] = []
        for i, o in enumerate(outs_info):
            if not o:
                self.state_args.append([])
                continue
            init, taps = o["initial"], o["taps"]
            if taps == [-1]:
                row_t = init.type
            else:
                if init.ndim == 0:
                    raise self.fail(
                        f"outputs_info[{i}] has taps {taps}: its initial value must have a "
                        f"leading dim of past values, got {describe(init)}"
                    )
                row_t = init.type.__class__(init.dtype, init.broadcastable[1:])
            args = []
            for k in taps:
                v = row_t.make_variable(name=f"{init.name}[t{k}]" if init.name else None)
                _copy_test_value(init, v, row=taps != [-1])
                args.append(v)
            o["row_type"] = row_t
            self.state_args.append(args)

    def non_sequences(self, non_sequences: Any) -> None:
        from arignote.tensor import as_tensor_variable

        for x in _wrap(non_sequences):
            v = x if isinstance(x, Variable) else as_tensor_variable(x)
            self.consts.append(v)

    # ---------------------------------------------------------------- steps
    def steps(self, n_steps: Any) -> None:
        from arignote.tensor import as_tensor_variable, cast, minimum

        if n_steps is None or (
            isinstance(n_steps, float | np.floating) and not np.isfinite(n_steps)
        ):
            if not self.lengths:
                raise self.fail("give n_steps, or at least one sequence to iterate over")
            n: Variable = self.lengths[0]
            for m in self.lengths[1:]:
                n = minimum(n, m)
            self.n = cast(n, "int64")
            self.n_from_sequences = True
            return
        v = as_tensor_variable(n_steps)
        if v.ndim != 0 or v.dtype not in ("int8", "int16", "int32", "int64"):
            raise self.fail(f"n_steps must be an integer scalar, got {describe(v)}")
        if isinstance(v, Constant):
            self.fixed_steps = int(v.data)
        if self.fixed_steps in (1, -1):  # fn applied once, no loop (scan.py l.386-806)
            self.n = cast(v, "int64")
            return
        if isinstance(v, Constant) and int(v.data) <= 0:
            raise self.fail(
                f"n_steps is {int(v.data)}: scan runs at least one step (Theano raises for 0 "
                "and negative step counts, scan_op.py l.1150-1158)"
            )
        self.n = cast(v, "int64")

    # ---------------------------------------------------------------- fn
    def call(self, fn: Callable[..., Any], info_given: bool, strict: bool) -> None:
        args = [*self.seq_args, *[a for sa in self.state_args for a in sa], *self.consts]
        cond, outputs, updates = _get_updates_and_outputs(fn(*args), self.loc)
        from arignote.tensor import as_tensor_variable

        outputs = [as_tensor_variable(o) for o in outputs]
        if info_given and len(outputs) != len(self.outs_info):
            raise self.fail(
                f"fn returned {len(outputs)} outputs but outputs_info has "
                f"{len(self.outs_info)} entries (give None in outputs_info for any output "
                "that is not fed back)"
            )
        if not info_given:
            self.outs_info = [{} for _ in outputs]
            self.state_args = [[] for _ in outputs]
        self.cond = cond
        self.strict = strict
        self.outputs = outputs
        self.updates = [(s, as_tensor_variable(u)) for s, u in updates]

    # ---------------------------------------------------------------- the node
    def build(self, return_list: bool) -> tuple[Any, OrderedDict]:
        from arignote.graph_rewrite import clone_replace
        from arignote.compile.sharedvalue import SharedVariable

        bound = {v.id for v in (*self.seq_args, *self.consts)}
        bound |= {a.id for sa in self.state_args for a in sa}
        # shared variables updated in the loop (fn's updates, then default updates of the
        # shared variables the body reads) become hidden states
        updates: list[tuple[Any, Variable]] = list(self.updates)
        for s, _ in updates:
            if not isinstance(s, SharedVariable):
                raise self.fail(f"fn returned an update for {s!r}, which is not shared")
        roots = [*self.outputs, *(u for _, u in updates)]
        if self.cond is not None:
            roots.append(self.cond)
        updated = {s.id for s, _ in updates}
        for v in free_variables(roots, bound):
            du = getattr(v, "default_update", None)
            if isinstance(v, SharedVariable) and du is not None and v.id not in updated:
                updates.append((v, du))
                updated.add(v.id)
                roots.append(du)
        for v in free_variables(roots, bound):  # default updates may read more of them
            du = getattr(v, "default_update", None)
            if isinstance(v, SharedVariable) and du is not None and v.id not in updated:
                updates.append((v, du))
                updated.add(v.id)
        hidden = [s.type.make_variable(name=s.name) for s, _ in updates]
        replace = {s: h for (s, _), h in zip(updates, hidden)}
        new_outputs = self._check_outputs()
        upd_exprs = [self._state_value(u, s, f"the update of {s!r}") for s, u in updates]
        everything = [*new_outputs, *upd_exprs]
        if self.cond is not None:
            everything.append(self.cond)
        if replace:
            everything = clone_replace(everything, replace)
        bound |= {h.id for h in hidden}
        implicit = free_variables(everything, bound)
        if self.strict:
            missing = [v for v in implicit if isinstance(v, SharedVariable)]
            if missing:
                raise self.fail(
                    "strict=True: fn reads the shared variables "
                    f"{', '.join(repr(v) for v in missing)} without their being listed in "
                    "non_sequences (Theano's MissingInputError, scan.py l.958-969)"
                )
        consts = [*self.consts, *implicit]
        return self._node(everything, updates, hidden, consts, return_list)

    def build_once(self, return_list: bool) -> tuple[Any, OrderedDict]:
        """A constant n_steps of 1 or -1: fn applied once to the first rows of the
        sequences (ignoring go_backwards) and the initial states, each output given a
        leading dim of 1, the until condition ignored, fn's own updates returned
        (Theano's scan.py l.386-396, 783-806)."""
        import warnings

        from arignote.graph_rewrite import clone_replace
        from arignote.tensor import getitem, shape_padleft, unbroadcast

        if self.cond is not None:
            warnings.warn(
                f"{_where(self.loc)}: n_steps is fixed to 1, the until condition is ignored",
                stacklevel=3,
            )
        replace: dict[Variable, Variable] = dict(zip(self.seq_args, self.first_rows))
        for info, args in zip(self.outs_info, self.state_args):
            if not info:
                continue
            init, taps = info["initial"], info["taps"]
            if taps == [-1]:
                replace[args[0]] = init
            else:
                m = max(-k for k in taps)
                replace.update((a, getitem(init, k + m)) for a, k in zip(args, taps))
        values = [*self.outputs, *(u for _, u in self.updates)]
        values = clone_replace(values, replace) if replace else values
        n_out = len(self.outputs)
        outs = [unbroadcast(shape_padleft(o), 0) for o in values[:n_out]]
        ups: OrderedDict = OrderedDict(
            (s, u) for (s, _), u in zip(self.updates, values[n_out:])
        )
        if not outs:
            return [], ups  # type: ignore[return-value]
        if len(outs) == 1 and return_list is not True:
            return outs[0], ups
        return outs, ups

    def _check_outputs(self) -> list[Variable]:
        outs = []
        for i, (o, info) in enumerate(zip(self.outputs, self.outs_info)):
            if info:
                outs.append(self._state_value(o, info["initial"], f"output {i}", info["row_type"]))
            else:
                outs.append(o)
        return outs

    def _state_value(self, out: Variable, init: Any, what: str, row_t: Any = None) -> Variable:
        """`out` as the next value of a state whose rows have type `row_t`: the same dtype
        and number of dims (scan_op.py l.353-360, 505-512); a broadcastable dim of `out`
        where the state's is not is relaxed (unbroadcast)."""
        from arignote.tensor import patternbroadcast

        row_t = row_t if row_t is not None else init.type
        if out.dtype != row_t.dtype or out.ndim != row_t.ndim:
            raise self.fail(
                f"{what} of fn has type {out.type} but its state (initial value "
                f"{describe(init)}) has rows of type {row_t}; a state may not change dtype "
                "or number of dims between steps (cast the initial value or the output)"
            )
        for d, (bo, bs) in enumerate(zip(out.broadcastable, row_t.broadcastable)):
            if bs and not bo:
                raise self.fail(
                    f"{what} of fn has type {out.type}, not broadcastable in dim {d} as its "
                    f"state's rows ({row_t}) are (use tensor.addbroadcast)"
                )
        return patternbroadcast(out, row_t.broadcastable)

    def _node(
        self,
        everything: list[Variable],
        updates: list[tuple[Any, Variable]],
        hidden: list[Variable],
        consts: list[Variable],
        return_list: bool,
    ) -> tuple[Any, OrderedDict]:
        from arignote.tensor import getitem, shape_padleft

        n_out = len(self.outputs)
        state_idx = [i for i, info in enumerate(self.outs_info) if info]
        nit_idx = [i for i, info in enumerate(self.outs_info) if not info]
        inner_outs = [everything[i] for i in state_idx]
        inner_outs += everything[n_out : n_out + len(updates)]
        inner_outs += [everything[i] for i in nit_idx]
        if self.cond is not None:
            inner_outs.append(everything[-1])
        taps = [self.outs_info[i]["taps"] for i in state_idx] + [[-1]] * len(updates)
        inits: list[Variable] = []
        for i in state_idx:
            init, t = self.outs_info[i]["initial"], self.outs_info[i]["taps"]
            m = max(-k for k in t)
            inits.append(shape_padleft(init) if t == [-1] else getitem(init, slice(0, m)))
        inits += [shape_padleft(s) for s, _ in updates]
        inner_inputs = [*self.seq_args, *[a for i in state_idx for a in self.state_args[i]]]
        inner_inputs += [*hidden, *consts]
        seq_views = [self._truncated(v) for v in self.seq_views]
        op = Scan(
            inner_inputs, inner_outs, n_seqs=len(seq_views), taps=taps, n_consts=len(consts),
            until=self.cond is not None, name=self.name, truncate_gradient=self.trunc,
        )  # fmt: skip
        if self.n_from_sequences:
            op.n_check = (
                f"{_where(self.loc)}: a sequence is too short for its taps, no step is left "
                f"to run ({'; '.join(self.spans)})"
            )
        node = op.make_node(self.n, *seq_views, *inits, *consts)
        node.location = self.loc
        results: list[Variable | None] = [None] * n_out
        for k, i in enumerate(state_idx):
            m = max(-t for t in taps[k])
            results[i] = getitem(node.outputs[k], slice(m, None))
        n_states = len(taps)
        for k, i in enumerate(nit_idx):
            results[i] = node.outputs[n_states + k]
        ups: OrderedDict = OrderedDict()
        for k, (s, _) in enumerate(updates):
            ups[s] = getitem(node.outputs[len(state_idx) + k], -1)
        if not results:
            return None, ups  # type: ignore[return-value]
        if len(results) == 1 and not return_list:
            return results[0], ups
        return results, ups

    def _truncated(self, view: Variable) -> Variable:
        """A sequence view cut to the number of steps (Theano slices `seq[:n_steps]`)."""
        from arignote.tensor import getitem

        return getitem(view, slice(None, self.n))


def _copy_test_value(outer: Variable, inner: Variable, row: bool) -> None:
    from arignote.config import config

    if config.compute_test_value == "off":
        return
    from arignote.test_value import get_test_value

    try:
        value = get_test_value(outer)
    except AttributeError:
        return
    inner.tag.test_value = value[0] if row else value


__all__ = ["scan", "until", "ScanError"]
