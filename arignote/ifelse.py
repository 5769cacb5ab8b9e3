"""`theano.ifelse.ifelse`: a lazy conditional, emitted as `tt.if`.

    from theano.ifelse import ifelse
    z = ifelse(T.lt(a, b), T.mean(x), T.mean(y))

Only the branch taken runs (Theano's lazy IfElse under its default VM, ifelse.py
l.239-287): each branch's graph, from the graph inputs, shared variables and constants
it reads, is the body of one region of a `tt.if`, outlined into a function the host
calls when the condition says so.  The rules are Theano 1.0.5's: the condition is a
scalar of any dtype (nonzero is true; ifelse.py l.189-192); both branches have as many
outputs and the same types, dtype and broadcastable pattern, with no upcasting
(l.346-376); the result follows the form of `then_branch` (a list, a tuple or a single
variable, l.329-401).  The gradient of a branch output flows to the taken branch only
(l.198-237), itself through an `ifelse`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xdsl.ir import Region, SSAValue

from arignote.dialects import tt
from arignote.graph import Apply, Op, Variable, describe, user_location
from arignote.scan_module.scan_op import emit_inner, free_variables


class IfElse(Op):
    """(cond, *roots) -> the outputs of one branch; the branches are graphs over roots."""

    def __init__(
        self,
        then_outs: Sequence[Variable],
        else_outs: Sequence[Variable],
        roots: Sequence[Variable],
        name: str | None = None,
    ):
        self.then_outs, self.else_outs = list(then_outs), list(else_outs)
        self.roots = list(roots)
        self.name = name

    def __str__(self) -> str:
        return f"if{{{self.name}}}" if self.name else "if"

    def make_node(self, *inputs: Variable) -> Apply:
        outs = [v.type.make_variable() for v in self.then_outs]
        node = Apply(self, list(inputs), outs)
        for i, o in enumerate(outs):
            o.owner, o.index = node, i
        return node

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        from arignote.frontend_ir import Emitter, ir_type

        cond = em.cast_value(inputs[0], "bool")
        args = list(inputs[1:])
        regions = []
        for outs in (self.then_outs, self.else_outs):
            sub = Emitter(self.roots)
            values = emit_inner(sub, self.roots, outs)
            sub.block.add_op(tt.YieldOp(*values))
            regions.append(Region(sub.block))
        types = [ir_type(v.type) for v in self.then_outs]
        op = tt.IfOp(cond, args, types, regions[0], regions[1])
        em.add(op)
        return list(op.results)

    def vjp_multi(self, node: Apply, output_grads: list[Variable | None]) -> list:
        """d/d roots: the gradient of the taken branch (an ifelse of the two)."""
        from arignote import tensor as T
        from arignote.gradient import grad
        from arignote.graph_rewrite import clone_replace

        roots = node.inputs[1:]
        float_roots = [r for r in self.roots if r.dtype.startswith("float")]
        if not float_roots:
            return [None] * len(node.inputs)
        branch_grads = []
        for outs in (self.then_outs, self.else_outs):
            known = {
                o: g for o, g in zip(outs, output_grads)
                if g is not None and o.dtype.startswith("float")
            }  # fmt: skip
            if not known:
                branch_grads.append([T.zeros_like(r) for r in float_roots])
                continue
            gs = grad(None, float_roots, known_grads=known, disconnected_inputs="ignore")
            branch_grads.append(gs)
        replace = {a: b for a, b in zip(self.roots, roots) if a is not b}
        then_g = clone_replace(branch_grads[0], replace) if replace else branch_grads[0]
        else_g = clone_replace(branch_grads[1], replace) if replace else branch_grads[1]
        picked = ifelse(node.inputs[0], list(then_g), list(else_g))
        by_root = {r.id: g for r, g in zip(float_roots, picked)}
        return [None, *[by_root.get(r.id) for r in self.roots]]


def ifelse(condition: Any, then_branch: Any, else_branch: Any, name: str | None = None) -> Any:
    """The outputs of `then_branch` when `condition` is nonzero, else of `else_branch`;
    only the branch taken is computed (see the module docstring)."""
    from arignote import tensor as T

    loc = user_location()
    where = f"ifelse at {loc[0]}:{loc[1]}"
    cond = T.as_tensor_variable(condition)
    if cond.ndim != 0:
        raise TypeError(f"{where}: the condition must be a scalar, got {describe(cond)}")
    as_list = isinstance(then_branch, list | tuple)
    thens = list(then_branch) if as_list else [then_branch]
    elses = list(else_branch) if isinstance(else_branch, list | tuple) else [else_branch]
    if len(thens) != len(elses):
        raise ValueError(
            f"{where}: then_branch has {len(thens)} outputs, else_branch {len(elses)}"
        )
    thens = [T.as_tensor_variable(v) for v in thens]
    elses = [T.as_tensor_variable(v) for v in elses]
    for i, (a, b) in enumerate(zip(thens, elses)):
        if a.type != b.type:
            raise TypeError(
                f"{where}: output {i} has type {a.type} in then_branch but {b.type} in "
                "else_branch; the branches must have the same types (cast them)"
            )
    roots = free_variables([*thens, *elses], set())
    node = IfElse(thens, elses, roots, name).make_node(cond, *roots)
    node.location = loc
    outs = list(node.outputs)
    if not as_list:
        return outs[0]
    return tuple(outs) if isinstance(then_branch, tuple) else outs


__all__ = ["ifelse", "IfElse"]
