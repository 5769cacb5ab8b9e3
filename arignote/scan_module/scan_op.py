"""The front end's `Scan` op: one loop over an inner graph, emitted as `tt.scan`.

A `Scan` node's inputs are `[n_steps, *sequences, *state_inits, *consts]`:
- each sequence is already aligned (Theano's per-tap slicing, reversal and truncation
  happen outside, in `scan.py`): step `t` reads its row `t`;
- each state init holds the state's `m` initial rows (`m` its largest |tap|);
- the consts are read as they are by every step.
Its outputs are, per state, the whole buffer (`m + steps` rows) and, per per-step output,
its stacked rows.  The inner graph goes from `inner_inputs` (one variable per sequence,
per state tap, per const, in that order) to `inner_outputs` (the new state rows, then the
per-step outputs, then, with `until`, the stop condition).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xdsl.dialects import arith, cf
from xdsl.dialects.builtin import FileLineColLoc, IntAttr, StringAttr
from xdsl.ir import SSAValue

from arignote.dialects import tt
from arignote.graph import Apply, Constant, Op, TensorType, Variable, ancestors


def inner_nodes(outputs: Sequence[Variable], stop: set[int]) -> list[Apply]:
    """The Apply nodes computing `outputs` from the variables whose ids are in `stop`
    (not above them), inputs first."""
    return ancestors(outputs, stop)


def free_variables(outputs: Sequence[Variable], bound: set[int]) -> list[Variable]:
    """The owner-less, non-constant variables `outputs` read that are not `bound`."""
    out: list[Variable] = []
    seen: set[int] = set(bound)
    for v in outputs:
        if v.owner is None and not isinstance(v, Constant) and v.id not in seen:
            seen.add(v.id)
            out.append(v)
    for node in inner_nodes(outputs, bound):
        for v in node.inputs:
            if v.owner is None and not isinstance(v, Constant) and v.id not in seen:
                seen.add(v.id)
                out.append(v)
    return out


class Scan(Op):
    """A loop (see the module docstring); `taps` per state, `n_outputs` per-step outputs."""

    def __init__(
        self,
        inner_inputs: Sequence[Variable],
        inner_outputs: Sequence[Variable],
        *,
        n_seqs: int,
        taps: Sequence[Sequence[int]],
        n_consts: int,
        until: bool,
        name: str | None = None,
        truncate_gradient: int = -1,
    ):
        self.inner_inputs = list(inner_inputs)
        self.inner_outputs = list(inner_outputs)
        self.n_seqs = n_seqs
        self.taps = [list(t) for t in taps]
        self.n_consts = n_consts
        self.until = until
        self.name = name
        self.truncate_gradient = truncate_gradient
        #: the message of the run-time check that the step count is positive (set when
        #: the sequences give the step count: too short for their taps, none is left)
        self.n_check: str | None = None

    def __str__(self) -> str:
        return f"Scan{{{self.name or 'scan_fn'}}}"

    @property
    def n_states(self) -> int:
        return len(self.taps)

    @property
    def n_outputs(self) -> int:
        return len(self.inner_outputs) - self.n_states - (1 if self.until else 0)

    def output_types(self) -> list[TensorType]:
        outs = self.inner_outputs[: self.n_states + self.n_outputs]
        return [TensorType(v.dtype, (False, *v.broadcastable)) for v in outs]

    def make_node(self, *inputs: Variable) -> Apply:
        outs = [t.make_variable() for t in self.output_types()]
        node = Apply(self, list(inputs), outs)
        for i, o in enumerate(outs):
            o.owner, o.index = node, i
        return node

    def vjp_multi(self, node: Apply, output_grads: list[Variable | None]) -> list:
        """The gradients of the inputs: a reverse scan (scan_grad.py)."""
        from arignote.scan_module.scan_grad import scan_vjp

        return scan_vjp(self, node, output_grads)

    # ---------------------------------------------------------------- tt IR
    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        from arignote.frontend_ir import Emitter, ir_type

        n = em.index_of(node.inputs[0], inputs[0])
        if self.n_check is not None:
            ok = em.add(arith.CmpiOp(n, em.index(0), "sgt"))
            em.add(cf.AssertOp(ok, self.n_check))
        ns, nst = self.n_seqs, self.n_states
        seqs = list(inputs[1 : 1 + ns])
        states = list(inputs[1 + ns : 1 + ns + nst])
        consts = list(inputs[1 + ns + nst :])
        # per-step outputs nobody reads are left out of the loop (Theano's scan
        # optimisations remove them too): e.g. the gradient of a sequence not asked for
        used = getattr(em, "used", None)
        keep = [
            j for j in range(self.n_outputs)
            if used is None or node.outputs[nst + j].id in used
        ]  # fmt: skip
        inner_outs = self.inner_outputs[:nst] + [self.inner_outputs[nst + j] for j in keep]
        if self.until:
            inner_outs.append(self.inner_outputs[-1])
        sub = Emitter(self.inner_inputs)
        yields = emit_inner(sub, self.inner_inputs, inner_outs)
        if self.until:
            yields[-1] = sub.cast_value(yields[-1], "bool")
        body = _block_region(sub)  # the emitter's block: its arguments are the inner inputs
        body.block.add_op(tt.YieldOp(*yields))
        types = self.output_types()
        result_types = [ir_type(t) for t in types[:nst] + [types[nst + j] for j in keep]]
        op = tt.ScanOp(n, seqs, states, self.taps, consts, result_types, body, self.until)
        em.add(op)
        results: list[SSAValue | None] = list(op.results[:nst])
        by_output = dict(zip(keep, op.results[nst:]))
        results += [by_output.get(j) for j in range(self.n_outputs)]
        return results


def emit_inner(sub: Any, inner_inputs: Sequence[Variable], outputs: Sequence[Variable]) -> list:
    """Emit the inner graph into `sub` (an Emitter whose block arguments are
    `inner_inputs`); the SSA values of `outputs`."""
    from arignote.frontend_ir import used_ids

    stop = {v.id for v in inner_inputs}
    nodes = inner_nodes(outputs, stop)
    sub.used = used_ids(nodes, outputs)
    for inner in nodes:
        file, line = inner.location
        sub.loc = FileLineColLoc(StringAttr(file), IntAttr(line), IntAttr(0))
        results = inner.op.emit(sub, inner, [sub.value(v) for v in inner.inputs])
        for var, val in zip(inner.outputs, results):
            if val is not None:
                sub.values[var.id] = sub.coerce(val, var)
    sub.loc = None
    return [sub.coerce(sub.value(v), v) for v in outputs]


def _block_region(sub: Any) -> Any:
    from xdsl.ir import Region

    block = sub.block
    if block.parent is not None:
        block.parent.detach_block(block)
    return Region(block)


__all__ = ["Scan", "inner_nodes", "free_variables", "emit_inner"]
