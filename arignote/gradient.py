"""Reverse-mode automatic differentiation of front-end graphs (Theano's `grad`).

`grad(cost, wrt)` walks the graph of a scalar `cost` from the output back to the inputs,
applying each op's vector-Jacobian product rule (`VJP[type(op)]`, or for elementwise ops
`ELEMWISE_VJP[tt op class]`) and summing the contributions reaching each variable.  The
result is a symbolic graph like any other: compile it, differentiate it again, print it.
Broadcasting is undone by summing over the broadcast dims (`unbroadcast`).

`verify_grad(fun, pt)` checks a graph's gradient against central finite differences of
a random projection of its output, as Theano's verify_grad did.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from arignote.config import config

from arignote.dialects import tt as ttd
from arignote.errors import ArignoteError
from arignote.graph import Apply, Constant, Variable, ancestors, describe
from arignote.tensor.basic import TensorOp

Grads = list[Variable | None]
VJP: dict[type, Callable[[Any, Apply, Variable], Grads]] = {}
ELEMWISE_VJP: dict[type, Callable[[Apply, Variable], Grads]] = {}


class DisconnectedInputError(ArignoteError, ValueError):
    """`grad` was asked for the gradient w.r.t. a variable the cost does not depend on."""


class NullTypeGradError(ArignoteError, TypeError):
    """The gradient goes through an op that has none (e.g. a second derivative of conv2d)."""


class GradientError(ArignoteError, AssertionError):
    """`verify_grad`: the symbolic gradient disagrees with finite differences."""


def _T() -> Any:
    from arignote import tensor

    return tensor


# --------------------------------------------------------------------------- helpers


def is_float(v: Variable) -> bool:
    return v.dtype in ("float16", "float32", "float64")


def unbroadcast(g: Variable, like: Variable) -> Variable:
    """g summed over the dims `like` broadcast into (leading dims and its broadcastable
    dims), cast to like's dtype, with like's broadcastable pattern."""
    T = _T()
    lead = g.ndim - like.ndim
    axes = list(range(lead)) + [
        lead + d for d, b in enumerate(like.broadcastable) if b and not g.broadcastable[lead + d]
    ]
    if axes:
        g = T.sum(g, axis=axes, keepdims=True)
    if lead:
        g = T.dimshuffle(g, *range(lead, g.ndim))
    if is_float(like):
        g = T.cast(g, like.dtype)
    return T.patternbroadcast(g, like.broadcastable)


def _as_output(gz: Variable, out: Variable) -> Variable:
    """gz with the dtype and broadcastable pattern of the output it is the gradient of."""
    T = _T()
    if gz.dtype != out.dtype and is_float(out):
        gz = T.cast(gz, out.dtype)
    if gz.ndim != out.ndim:
        raise ArignoteError(f"internal: gradient {describe(gz)} for output {describe(out)}")
    return (
        T.patternbroadcast(gz, out.broadcastable) if gz.broadcastable != out.broadcastable else gz
    )


def _expand(g: Variable, x: Variable, axes: Sequence[int], keepdims: bool) -> Variable:
    """A reduction's output gradient broadcast back to x's shape."""
    T = _T()
    if not keepdims:
        order: list[Any] = []
        k = 0
        for d in range(x.ndim):
            if d in axes:
                order.append("x")
            else:
                order.append(k)
                k += 1
        g = T.dimshuffle(g, *order)
    return T.fill(x, g)


# --------------------------------------------------------------------------- gradient blocks


class GradientBlock(TensorOp):
    """Identity in the forward pass; in `grad`, no gradient (`consider_constant`,
    `disconnected_grad`) or a zero gradient (`zero_grad`) flows through it."""

    def __init__(self, kind: str):
        self.kind = kind

    def __str__(self) -> str:
        return self.kind

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[Any]:
        return [inputs[0].type]

    def emit(self, em: Any, node: Apply, inputs: Sequence[Any]) -> list[Any]:
        return [inputs[0]]


def consider_constant(x: Any) -> Variable:
    """x, through which `grad` passes no gradient (Theano's consider_constant)."""
    return GradientBlock("consider_constant")(x)


def disconnected_grad(x: Any) -> Variable:
    """x, through which `grad` passes no gradient."""
    return GradientBlock("disconnected_grad")(x)


def zero_grad(x: Any) -> Variable:
    """x, whose gradient is zero (the variables below it are still connected)."""
    return GradientBlock("zero_grad")(x)


class GradClip(TensorOp):
    """Identity in the forward pass; its gradient is the output's gradient clipped to
    [lower, upper] (Theano's gradient.py l.2176-2223)."""

    def __init__(self, lower: float, upper: float):
        if upper < lower:
            raise ValueError(f"grad_clip: the upper bound {upper} is below the lower {lower}")
        self.lower, self.upper = lower, upper

    def __str__(self) -> str:
        return f"GradClip{{{self.lower}, {self.upper}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[Any]:
        return [inputs[0].type]

    def emit(self, em: Any, node: Apply, inputs: Sequence[Any]) -> list[Any]:
        return [inputs[0]]


def grad_clip(x: Any, lower_bound: float, upper_bound: float) -> Variable:
    """x, whose gradient is clipped to [lower_bound, upper_bound]."""
    return GradClip(lower_bound, upper_bound)(x)


def _grad_clip_vjp(op: GradClip, node: Apply, gz: Variable) -> Grads:
    return [_T().clip(gz, op.lower, op.upper)]


VJP[GradClip] = _grad_clip_vjp


# --------------------------------------------------------------------------- grad


def grad(
    cost: Variable,
    wrt: Variable | Sequence[Variable],
    consider_constant: Sequence[Variable] | None = None,
    disconnected_inputs: str = "raise",
    add_names: bool = True,
    known_grads: dict[Variable, Any] | None = None,
    return_disconnected: str = "zero",
    null_gradients: str = "raise",
) -> Any:
    """d cost / d wrt for each wrt (a list for a list).  cost must be a scalar unless
    `known_grads` gives the gradients of some variables."""
    T = _T()
    single = isinstance(wrt, Variable)
    wrt_list = [wrt] if single else list(wrt)  # type: ignore[list-item]
    for w in wrt_list:
        if not isinstance(w, Variable):
            raise TypeError(f"grad: wrt must be symbolic variables, got {w!r}")
    if disconnected_inputs not in ("raise", "warn", "ignore"):
        raise ValueError(f"grad: disconnected_inputs={disconnected_inputs!r}")
    seeds: dict[int, Variable] = {}
    roots: list[Variable] = []
    if cost is not None:
        cost = T.as_tensor_variable(cost)
        if cost.ndim != 0:
            raise TypeError(f"grad: the cost must be a scalar, got {describe(cost)}")
        # an integer cost is allowed: its gradients are zeros (Theano seeds floatX ones,
        # gradient.py l.527, and ops with discrete outputs pass no gradient back)
        seed_dtype = cost.dtype if is_float(cost) else config.floatX
        seeds[cost.id] = T.constant(np.asarray(1, seed_dtype))
        roots.append(cost)
    for v, g in (known_grads or {}).items():
        seeds[v.id] = _as_output(T.as_tensor_variable(g), v)
        roots.append(v)
    if not roots:
        raise ValueError("grad: give a cost or known_grads")
    constant_ids = {v.id for v in consider_constant or []}
    nodes = ancestors(roots)
    # which variables lead to a root (through non-constant paths)
    grads: dict[int, Variable] = dict(seeds)
    for node in reversed(nodes):
        outs = [grads.get(o.id) for o in node.outputs]
        if all(g is None for g in outs):
            continue
        if getattr(node.op, "no_gradient", False):
            _refuse_undefined(node, wrt_list, nodes, constant_ids)
            continue  # (a random draw's host call: nothing reaches its inputs)
        vjp_multi = getattr(node.op, "vjp_multi", None)
        if vjp_multi is not None:  # an op with several outputs (scan): all their gradients
            in_grads = vjp_multi(
                node, [None if g is None else _as_output(g, o) for g, o in zip(outs, node.outputs)]
            )
        elif len(node.outputs) != 1:
            raise ArignoteError(f"internal: grad of multi-output op {node.op}")
        else:
            gz = _as_output(outs[0], node.outputs[0])  # type: ignore[arg-type]
            in_grads = _vjp(node, gz)
        for inp, g in zip(node.inputs, in_grads):
            if g is None or inp.id in constant_ids or isinstance(inp, Constant):
                continue
            if not is_float(inp):
                continue
            g = unbroadcast(g, inp)
            prev = grads.get(inp.id)
            grads[inp.id] = g if prev is None else T.add(prev, g)
    out: list[Any] = []
    for w in wrt_list:
        g = grads.get(w.id)
        if g is None:
            connected = w.id in seeds or any(
                w is i
                for n in nodes
                if not (isinstance(n.op, GradientBlock) and n.op.kind != "zero_grad")
                for i in n.inputs
            )
            if not connected:
                msg = (
                    f"grad: the cost does not depend on {describe(w)} (pass "
                    "disconnected_inputs='ignore' to get zeros)"
                )
                if disconnected_inputs == "raise":
                    raise DisconnectedInputError(msg)
                if disconnected_inputs == "warn":
                    warnings.warn(msg, stacklevel=2)
                if return_disconnected == "None":
                    out.append(None)
                    continue
            g = T.zeros_like(w, dtype=w.dtype if is_float(w) else None)
            if not is_float(w):
                g = T.zeros_like(w, dtype=config.floatX)
        if add_names and g.name is None and w.name:
            g.name = f"(d{cost.name if cost is not None and cost.name else 'cost'}/d{w.name})"
        out.append(g)
    return out[0] if single else out


def _refuse_undefined(
    node: Apply, wrt: Sequence[Variable], nodes: Sequence[Apply], constant_ids: set[int]
) -> None:
    """An op without gradient (a random draw) whose float input depends on a wrt variable
    is an error, as Theano's grad_undefined (raw_random.py RandomFunction.grad, l.294-297)."""
    dep = {w.id for w in wrt}
    for n in nodes:
        if n is node:
            break
        blocked = isinstance(n.op, GradientBlock) and n.op.kind != "zero_grad"
        if not blocked and any(i.id in dep and i.id not in constant_ids for i in n.inputs):
            dep.update(o.id for o in n.outputs)
    for k, inp in enumerate(node.inputs):
        if inp.id in dep and inp.id not in constant_ids and is_float(inp):
            f, line = node.location
            raise NullTypeGradError(
                f"grad: {node.op} (at {f}:{line}) has no gradient with respect to its input "
                f"{k}, {describe(inp)}, which depends on the variables of grad"
            )


def _vjp(node: Apply, gz: Variable) -> Grads:
    from arignote.tensor.basic import Elemwise

    op = node.op
    if isinstance(op, Elemwise):
        rule = ELEMWISE_VJP.get(op.tt_op)
        if rule is None:
            raise NullTypeGradError(f"grad: {op} has no gradient")
        return rule(node, gz)
    if isinstance(op, GradientBlock):
        return [_T().zeros_like(gz)] if op.kind == "zero_grad" else [None]
    rule2 = next((VJP[c] for c in type(op).__mro__ if c in VJP), None)
    if rule2 is None:
        f, line = node.location
        raise NullTypeGradError(f"grad: {op} (at {f}:{line}) has no gradient")
    return rule2(op, node, gz)


# --------------------------------------------------------------------------- elementwise


def _ew(
    tt_op: type,
) -> Callable[[Callable[[Apply, Variable], Grads]], Callable[[Apply, Variable], Grads]]:  # noqa: E501
    def register(fn: Callable[[Apply, Variable], Grads]) -> Callable[[Apply, Variable], Grads]:
        ELEMWISE_VJP[tt_op] = fn
        return fn

    return register


def _zero_ew(*tt_ops: type) -> None:
    for t in tt_ops:
        ELEMWISE_VJP[t] = lambda node, gz: [None] * len(node.inputs)


_zero_ew(
    ttd.FloorOp, ttd.CeilOp, ttd.RoundOp, ttd.SignOp, ttd.IsNanOp, ttd.IsInfOp, ttd.NotOp,
    ttd.AndOp, ttd.OrOp, ttd.XorOp, ttd.ShlOp, ttd.ShrOp, ttd.EqOp, ttd.NeOp, ttd.LtOp,
    ttd.LeOp, ttd.GtOp, ttd.GeOp, ttd.IntDivOp,
)  # fmt: skip


@_ew(ttd.AddOp)
def _add(node: Apply, gz: Variable) -> Grads:
    return [gz, gz]


@_ew(ttd.SubOp)
def _sub(node: Apply, gz: Variable) -> Grads:
    return [gz, _T().neg(gz)]


@_ew(ttd.MulOp)
def _mul(node: Apply, gz: Variable) -> Grads:
    a, b = node.inputs
    T = _T()
    return [T.mul(gz, b), T.mul(gz, a)]


@_ew(ttd.TrueDivOp)
def _div(node: Apply, gz: Variable) -> Grads:
    a, b = node.inputs
    T = _T()
    return [T.true_div(gz, b), T.neg(T.true_div(T.mul(gz, node.outputs[0]), b))]


@_ew(ttd.ModOp)
def _mod(node: Apply, gz: Variable) -> Grads:
    a, b = node.inputs
    T = _T()
    return [gz, T.neg(T.mul(gz, T.floor(T.true_div(a, b))))]


@_ew(ttd.PowOp)
def _pow(node: Apply, gz: Variable) -> Grads:
    a, b = node.inputs
    T = _T()
    ga = T.mul(gz, T.mul(b, T.pow(a, T.sub(b, 1))))
    gb = T.mul(gz, T.mul(node.outputs[0], T.log(a))) if is_float(b) else None
    return [ga, gb]


@_ew(ttd.MaximumOp)
def _maximum(node: Apply, gz: Variable) -> Grads:
    a, b = node.inputs
    out = node.outputs[0]
    T = _T()
    return [T.mul(gz, T.eq(out, a)), T.mul(gz, T.eq(out, b))]


ELEMWISE_VJP[ttd.MinimumOp] = _maximum


@_ew(ttd.NegOp)
def _neg(node: Apply, gz: Variable) -> Grads:
    return [_T().neg(gz)]


@_ew(ttd.AbsOp)
def _abs(node: Apply, gz: Variable) -> Grads:
    T = _T()
    return [T.mul(gz, T.sgn(node.inputs[0]))]


@_ew(ttd.ExpOp)
def _exp(node: Apply, gz: Variable) -> Grads:
    return [_T().mul(gz, node.outputs[0])]


@_ew(ttd.ExpM1Op)
def _expm1(node: Apply, gz: Variable) -> Grads:
    T = _T()
    return [T.mul(gz, T.add(node.outputs[0], 1))]


@_ew(ttd.LogOp)
def _log(node: Apply, gz: Variable) -> Grads:
    return [_T().true_div(gz, node.inputs[0])]


@_ew(ttd.Log1pOp)
def _log1p(node: Apply, gz: Variable) -> Grads:
    T = _T()
    return [T.true_div(gz, T.add(node.inputs[0], 1))]


@_ew(ttd.SqrtOp)
def _sqrt(node: Apply, gz: Variable) -> Grads:
    T = _T()
    return [T.true_div(T.mul(gz, 0.5), node.outputs[0])]


@_ew(ttd.SinOp)
def _sin(node: Apply, gz: Variable) -> Grads:
    T = _T()
    return [T.mul(gz, T.cos(node.inputs[0]))]


@_ew(ttd.CosOp)
def _cos(node: Apply, gz: Variable) -> Grads:
    T = _T()
    return [T.neg(T.mul(gz, T.sin(node.inputs[0])))]


@_ew(ttd.TanhOp)
def _tanh(node: Apply, gz: Variable) -> Grads:
    T = _T()
    y = node.outputs[0]
    return [T.mul(gz, T.sub(1, T.mul(y, y)))]


@_ew(ttd.SigmoidOp)
def _sigmoid(node: Apply, gz: Variable) -> Grads:
    T = _T()
    y = node.outputs[0]
    return [T.mul(gz, T.mul(y, T.sub(1, y)))]


@_ew(ttd.SoftplusOp)
def _softplus(node: Apply, gz: Variable) -> Grads:
    T = _T()
    return [T.mul(gz, T.sigmoid(node.inputs[0]))]


@_ew(ttd.ErfOp)
def _erf(node: Apply, gz: Variable) -> Grads:
    T = _T()
    x = node.inputs[0]
    return [T.mul(gz, T.mul(2.0 / np.sqrt(np.pi), T.exp(T.neg(T.mul(x, x)))))]


def _over(gz: Variable, denominator: Variable) -> Variable:
    return _T().true_div(gz, denominator)


# the inverse trigonometric functions (theano/scalar/basic.py: ArcSin.grad, ArcTan2.grad, ...)
@_ew(ttd.AsinOp)
def _asin(node: Apply, gz: Variable) -> Grads:
    T, x = _T(), node.inputs[0]
    return [_over(gz, T.sqrt(T.sub(1.0, T.mul(x, x))))]


@_ew(ttd.AcosOp)
def _acos(node: Apply, gz: Variable) -> Grads:
    T, x = _T(), node.inputs[0]
    return [T.neg(_over(gz, T.sqrt(T.sub(1.0, T.mul(x, x)))))]


@_ew(ttd.AtanOp)
def _atan(node: Apply, gz: Variable) -> Grads:
    T, x = _T(), node.inputs[0]
    return [_over(gz, T.add(1.0, T.mul(x, x)))]


@_ew(ttd.AsinhOp)
def _asinh(node: Apply, gz: Variable) -> Grads:
    T, x = _T(), node.inputs[0]
    return [_over(gz, T.sqrt(T.add(T.mul(x, x), 1.0)))]


@_ew(ttd.AcoshOp)
def _acosh(node: Apply, gz: Variable) -> Grads:
    T, x = _T(), node.inputs[0]
    return [_over(gz, T.sqrt(T.sub(T.mul(x, x), 1.0)))]


@_ew(ttd.AtanhOp)
def _atanh(node: Apply, gz: Variable) -> Grads:
    T, x = _T(), node.inputs[0]
    return [_over(gz, T.sub(1.0, T.mul(x, x)))]


@_ew(ttd.Atan2Op)
def _atan2(node: Apply, gz: Variable) -> Grads:
    T = _T()
    y, x = node.inputs
    r2 = T.add(T.mul(x, x), T.mul(y, y))
    return [_over(T.mul(gz, x), r2), T.neg(_over(T.mul(gz, y), r2))]


@_ew(ttd.WhereOp)
def _where(node: Apply, gz: Variable) -> Grads:
    c = node.inputs[0]
    T = _T()
    zero = T.zeros_like(gz)
    return [None, T.switch(c, gz, zero), T.switch(c, zero, gz)]


# --------------------------------------------------------------------------- other ops


def _rule(*op_types: type) -> Callable[[Callable[[Any, Apply, Variable], Grads]], Any]:
    def register(fn: Callable[[Any, Apply, Variable], Grads]) -> Any:
        for t in op_types:
            VJP[t] = fn
        return fn

    return register


def _register_all() -> None:  # noqa: C901 - one rule per op
    import importlib

    from arignote.tensor import blas, reduction, subtensor

    shape = importlib.import_module("arignote.tensor.shape")  # (T.shape is the function)
    from arignote.tensor.basic import Cast
    from arignote.tensor.nnet.abstract_conv import Conv2d, Conv2dGradInputs, Conv2dGradWeights
    from arignote.tensor.nnet.nnet import Softmax
    from arignote.tensor.host_call import HostCall
    from arignote.tensor.philox_randomstreams import RandomDraw
    from arignote.tensor.signal.pool import Pool, PoolGrad

    T = _T()

    @_rule(Cast)
    def _cast(op: Any, node: Apply, gz: Variable) -> Grads:
        x = node.inputs[0]
        return [T.cast(gz, x.dtype) if is_float(x) else None]

    @_rule(reduction.Reduce)
    def _reduce(op: Any, node: Apply, gz: Variable) -> Grads:
        x = node.inputs[0]
        out = node.outputs[0]
        if op.kind == "sum":
            return [_expand(gz, x, op.axes, op.keepdims)]
        if op.kind == "prod":
            return [T.true_div(T.mul(_expand(gz, x, op.axes, op.keepdims),
                                     _expand(out, x, op.axes, op.keepdims)), x)]  # fmt: skip
        if op.kind in ("max", "min"):
            hit = T.eq(x, _expand(out, x, op.axes, op.keepdims))
            return [T.mul(_expand(gz, x, op.axes, op.keepdims), hit)]
        return [None]

    @_rule(shape.Shape_i, shape.ARange, RandomDraw)
    def _none(op: Any, node: Apply, gz: Variable) -> Grads:
        return [None] * len(node.inputs)

    @_rule(shape.SpecifyShape)
    def _specify_shape(op: Any, node: Apply, gz: Variable) -> Grads:
        return [gz] + [None] * (len(node.inputs) - 1)

    @_rule(HostCall)
    def _host_call(op: Any, node: Apply, gz: Variable) -> Grads:
        # Print passes the gradient through (theano/printing.py:Print.grad, l.322-323)
        return [gz] if op.gradient == "identity" else [None] * len(node.inputs)

    @_rule(shape.MakeVector)
    def _make_vector(op: Any, node: Apply, gz: Variable) -> Grads:
        return [gz[i] for i in range(len(node.inputs))]

    @_rule(shape.DimShuffle)
    def _dimshuffle(op: Any, node: Apply, gz: Variable) -> Grads:
        x = node.inputs[0]
        order = list(op.new_order)
        # drop the inserted dims of gz: keep only positions of x's dims
        kept_positions = [i for i, d in enumerate(order) if d != "x"]
        g = T.dimshuffle(gz, *kept_positions)  # now in x's kept-dim order
        # g's dim j is x's dim order[kept_positions[j]]
        src = [order[i] for i in kept_positions]
        final = [src.index(d) if d in src else "x" for d in range(x.ndim)]
        return [T.dimshuffle(g, *final)]

    @_rule(shape.Reshape)
    def _reshape(op: Any, node: Apply, gz: Variable) -> Grads:
        x = node.inputs[0]
        g = shape.Reshape(x.ndim)(gz, *[shape.Shape_i(d)(x) for d in range(x.ndim)])
        return [T.patternbroadcast(g, x.broadcastable), *[None] * (len(node.inputs) - 1)]

    @_rule(shape.Rebroadcast)
    def _rebroadcast(op: Any, node: Apply, gz: Variable) -> Grads:
        return [T.patternbroadcast(gz, node.inputs[0].broadcastable)]

    @_rule(shape.Join)
    def _join(op: Any, node: Apply, gz: Variable) -> Grads:
        out: Grads = []
        offset: Any = 0
        for x in node.inputs:
            n = shape.Shape_i(op.axis)(x)
            end = n if isinstance(offset, int) and offset == 0 else T.add(offset, n)
            key = tuple([slice(None)] * op.axis + [slice(offset, end)])
            out.append(T.patternbroadcast(gz[key], x.broadcastable)
                       if gz[key].broadcastable != x.broadcastable else gz[key])  # fmt: skip
            offset = end
        return out

    @_rule(shape.Alloc)
    def _alloc(op: Any, node: Apply, gz: Variable) -> Grads:
        value = node.inputs[0]
        lead = gz.ndim - value.ndim
        axes = list(range(lead)) + [
            lead + d
            for d, b in enumerate(value.broadcastable)
            if b and not gz.broadcastable[lead + d]
        ]
        g = T.sum(gz, axis=axes, keepdims=True) if axes else gz
        if lead:
            g = T.dimshuffle(g, *range(lead, g.ndim))
        return [T.patternbroadcast(g, value.broadcastable), *[None] * (len(node.inputs) - 1)]

    @_rule(subtensor.Subtensor)
    def _subtensor(op: Any, node: Apply, gz: Variable) -> Grads:
        x = node.inputs[0]
        g = subtensor.IncSubtensor(op.spec, "add")(T.zeros_like(x), gz, *node.inputs[1:])
        return [g, *[None] * (len(node.inputs) - 1)]

    @_rule(subtensor.AdvancedSubtensor)
    def _adv_subtensor(op: Any, node: Apply, gz: Variable) -> Grads:
        x = node.inputs[0]
        g = subtensor.AdvancedIncSubtensor(op.axis, "add")(T.zeros_like(x), gz, *node.inputs[1:])
        return [g, *[None] * (len(node.inputs) - 1)]

    @_rule(subtensor.IncSubtensor)
    def _inc_subtensor(op: Any, node: Apply, gz: Variable) -> Grads:
        y = node.inputs[1]
        scalars = node.inputs[2:]
        gy = subtensor.Subtensor(op.spec)(gz, *scalars)
        if op.mode == "add":
            gx = gz
        else:
            gx = subtensor.IncSubtensor(op.spec, "set")(gz, T.zeros_like(gy), *scalars)
        return [gx, T.patternbroadcast(gy, y.broadcastable), *[None] * len(scalars)]

    @_rule(subtensor.AdvancedIncSubtensor)
    def _adv_inc_subtensor(op: Any, node: Apply, gz: Variable) -> Grads:
        y = node.inputs[1]
        idx = node.inputs[2:]
        gy = subtensor.AdvancedSubtensor(op.axis)(gz, *idx)
        if op.mode == "add":
            gx = gz
        else:
            gx = subtensor.AdvancedIncSubtensor(op.axis, "set")(gz, T.zeros_like(gy), *idx)
        return [gx, T.patternbroadcast(gy, y.broadcastable), *[None] * len(idx)]

    @_rule(blas.Matmul)
    def _matmul(op: Any, node: Apply, gz: Variable) -> Grads:
        a, b = node.inputs
        return [blas.Matmul()(gz, T.transpose(b)), blas.Matmul()(T.transpose(a), gz)]

    @_rule(blas.BatchedMatmul)
    def _bmm(op: Any, node: Apply, gz: Variable) -> Grads:
        a, b = node.inputs
        return [
            blas.BatchedMatmul()(gz, T.dimshuffle(b, 0, 2, 1)),
            blas.BatchedMatmul()(T.dimshuffle(a, 0, 2, 1), gz),
        ]

    @_rule(Conv2d)
    def _conv(op: Any, node: Apply, gz: Variable) -> Grads:
        x, w = node.inputs
        a = (op.strides, op.padding, op.dilation, op.flip)
        xs = [shape.Shape_i(d)(x) for d in range(4)]
        ws = [shape.Shape_i(d)(w) for d in range(4)]
        return [Conv2dGradInputs(*a)(gz, w, *xs), Conv2dGradWeights(*a)(x, gz, *ws)]

    # The convolution gradients are linear in each operand, and adjoint to the forward
    # convolution: <gx(gy, w), g> = <gy, conv(g, w)> and <gw(x, gy), g> = <gy, conv(x, g)>.
    @_rule(Conv2dGradInputs)
    def _conv_gi(op: Any, node: Apply, gz: Variable) -> Grads:
        gy, w = node.inputs[:2]
        a = (op.strides, op.padding, op.dilation, op.flip)
        ws = [shape.Shape_i(d)(w) for d in range(4)]
        return [Conv2d(*a)(gz, w), Conv2dGradWeights(*a)(gz, gy, *ws), None, None, None, None]

    @_rule(Conv2dGradWeights)
    def _conv_gw(op: Any, node: Apply, gz: Variable) -> Grads:
        x, gy = node.inputs[:2]
        a = (op.strides, op.padding, op.dilation, op.flip)
        xs = [shape.Shape_i(d)(x) for d in range(4)]
        return [Conv2dGradInputs(*a)(gy, gz, *xs), Conv2d(*a)(x, gz), None, None, None, None]

    @_rule(PoolGrad)
    def _pool_grad(op: Any, node: Apply, gz: Variable) -> Grads:
        a = (op.ws, op.ignore_border, op.stride, op.pad)
        if op.mode == "max":
            # PoolGrad_max(x, gy) sends gy[w] to the cells of window w equal to its max
            # (piecewise constant in x).  Its adjoint in gy sums g over those cells; with
            # windows that do not overlap, each cell is in at most one window, so "equal to
            # its window's max" is a per-cell mask: x == the max spread back over its window
            if op.stride[0] < op.ws[0] or op.stride[1] < op.ws[1]:
                raise NullTypeGradError(
                    "grad: second derivatives through the max-pooling gradient need windows "
                    f"that do not overlap (stride >= ws; got ws={list(op.ws)}, stride="
                    f"{list(op.stride)}) (at {node.location[0]}:{node.location[1]})"
                )
            x = node.inputs[0]
            spread = PoolGrad(*a, "sum")(x, Pool(*a, "max")(x))
            mask = T.cast(T.eq(x, spread), gz.dtype)
            return [None, Pool(*a, "sum")(T.mul(gz, mask))]
        # sum/average pooling is linear, and PoolGrad is its adjoint: d<PoolGrad(gy), g>/dgy
        # = Pool(g); PoolGrad does not depend on x's values
        return [None, Pool(*a, op.mode)(gz)]

    @_rule(Pool)
    def _pool(op: Any, node: Apply, gz: Variable) -> Grads:
        x = node.inputs[0]
        return [PoolGrad(op.ws, op.ignore_border, op.stride, op.pad, op.mode)(x, gz)]

    from arignote.tensor.opt import Assert

    @_rule(Assert)
    def _assert(op: Any, node: Apply, gz: Variable) -> Grads:
        # theano/tensor/opt.py l.2385: the gradient goes to the value, the conditions are
        # disconnected
        return [gz] + [None] * (len(node.inputs) - 1)

    from arignote.tensor.extra_ops import CumOp
    from arignote.tensor.sort import ArgSortOp

    @_rule(CumOp)
    def _cumop(op: Any, node: Apply, gz: Variable) -> Grads:
        # theano/tensor/extra_ops.py l.280: the running sums of the reversed gradient,
        # reversed (times the products, over x, for cumprod)
        x = node.inputs[0]
        if not is_float(x):
            return [None]
        flip = tuple(slice(None, None, -1) if d == op.axis else slice(None) for d in range(x.ndim))
        if op.mode == "add":
            return [CumOp(op.axis, "add")(gz[flip])[flip]]
        fx = node.outputs[0]
        return [T.true_div(CumOp(op.axis, "add")(T.mul(fx, gz)[flip])[flip], x)]

    @_rule(ArgSortOp)
    def _argsort(op: Any, node: Apply, gz: Variable) -> Grads:
        return [None]

    @_rule(Softmax)
    def _softmax(op: Any, node: Apply, gz: Variable) -> Grads:
        y = node.outputs[0]
        last = y.ndim - 1
        if op.log:
            return [T.sub(gz, T.mul(T.exp(y), T.sum(gz, axis=last, keepdims=True)))]
        return [T.mul(T.sub(gz, T.sum(T.mul(gz, y), axis=last, keepdims=True)), y)]


# --------------------------------------------------------------------------- verify_grad


def numeric_grad(f: Callable[..., float], pt: Sequence[np.ndarray], eps: float) -> list[np.ndarray]:
    """Central finite differences of the scalar function f at pt."""
    out = []
    for i, p in enumerate(pt):
        g = np.zeros_like(p, dtype=np.float64)
        flat = p.reshape(-1)
        for k in range(flat.size):
            old = flat[k]
            flat[k] = old + eps
            hi = f(*pt)
            flat[k] = old - eps
            lo = f(*pt)
            flat[k] = old
            g.reshape(-1)[k] = (hi - lo) / (2 * eps)
        out.append(g)
        assert pt[i] is p
    return out


def verify_grad(
    fun: Callable[..., Variable],
    pt: Sequence[Any],
    n_tests: int = 2,
    rng: Any = None,
    eps: float | None = None,
    out_type: Any = None,
    abs_tol: float | None = None,
    rel_tol: float | None = None,
    mode: Any = None,
    cast_to_output_type: bool = False,
    no_debug_ref: bool = True,
) -> None:
    """Check `grad` of fun(*inputs) at the point `pt` (a list of arrays) against central
    finite differences of a random projection of the output; raise GradientError."""
    from arignote import function
    from arignote.tensor import TensorType

    T = _T()
    rng = rng if rng is not None else np.random.default_rng()
    pt = [np.array(p, dtype=np.asarray(p).dtype if np.asarray(p).dtype.kind == "f" else "float64")
          for p in pt]  # fmt: skip
    low = any(p.dtype != np.float64 for p in pt)
    eps = eps if eps is not None else (1e-3 if low else 1e-6)
    abs_tol = abs_tol if abs_tol is not None else (1e-2 if low else 1e-4)
    rel_tol = rel_tol if rel_tol is not None else (1e-2 if low else 1e-4)
    # (as Theano's verify_grad: size-1 dims of the point are broadcastable)
    inputs = [
        TensorType(p.dtype, tuple(n == 1 for n in p.shape))(f"input{i}") for i, p in enumerate(pt)
    ]
    out = T.as_tensor_variable(fun(*inputs))
    for _ in range(n_tests):
        proj = rng.random(_shape_of(function(inputs, out), pt)).astype(out.dtype) + 0.5
        cost = T.sum(T.mul(out, T.constant(proj)))
        cost_fn = function(inputs, cost, on_unused_input="ignore")
        grads = grad(cost, inputs, disconnected_inputs="ignore")
        grad_fn = function(inputs, grads, on_unused_input="ignore")
        analytic = grad_fn(*pt)
        numeric = numeric_grad(lambda *a, c=cost_fn: float(c(*a)), pt, eps)
        for i, (a, n) in enumerate(zip(analytic, numeric)):
            err = np.abs(np.asarray(a, np.float64) - n)
            bad = err > abs_tol + rel_tol * np.abs(n)
            if bad.any():
                k = int(np.argmax(err - rel_tol * np.abs(n)))
                raise GradientError(
                    f"verify_grad: the gradient w.r.t. input {i} (shape {pt[i].shape}) differs "
                    f"from finite differences at flat index {k}: symbolic "
                    f"{np.asarray(a).reshape(-1)[k]!r}, numeric {n.reshape(-1)[k]!r} "
                    f"(abs_tol={abs_tol}, rel_tol={rel_tol}, eps={eps})"
                )


def _shape_of(f: Any, pt: Sequence[np.ndarray]) -> tuple[int, ...]:
    return tuple(np.shape(f(*pt)))


_register_all()

# --------------------------------------------------------------------------- L_op, R_op


def _listed(x: Any) -> tuple[list[Any], bool]:
    return (list(x), False) if isinstance(x, list | tuple) else ([x], True)


def _check_points(wrt: list[Variable], points: list[Any], what: str) -> list[Variable]:
    T = _T()
    if len(points) != len(wrt):
        raise ValueError(f"{what}: {len(wrt)} variables but {len(points)} eval_points")
    out = []
    for w, p in zip(wrt, points, strict=True):
        pv = T.as_tensor_variable(p)
        if pv.ndim != w.ndim:
            raise ValueError(
                f"{what}: the eval point {describe(pv)} must have the rank of {describe(w)}"
            )
        out.append(pv if pv.dtype == w.dtype else T.cast(pv, w.dtype))
    return out


def Lop(  # noqa: N802 - Theano's name
    f: Any, wrt: Any, eval_points: Any, consider_constant: Any = None,
    disconnected_inputs: str = "raise",
) -> Any:  # fmt: skip
    """The vector-Jacobian product: the gradient w.r.t. `wrt` of sum(f_i * eval_points_i),
    without building the sum (Theano's `Lop`)."""
    fs, _ = _listed(f)
    points = _check_points(fs, _listed(eval_points)[0], "Lop")
    wrts, single = _listed(wrt)
    out = grad(
        None, wrts, consider_constant=consider_constant,  # type: ignore[arg-type]
        disconnected_inputs=disconnected_inputs, known_grads=dict(zip(fs, points, strict=True)),
    )  # fmt: skip
    return out[0] if single else out


def Rop(  # noqa: N802 - Theano's name
    f: Any, wrt: Any, eval_points: Any, disconnected_outputs: str = "raise",
    return_disconnected: str = "zero",
) -> Any:  # fmt: skip
    """The Jacobian-vector product: how f changes when `wrt` moves along `eval_points`
    (Theano's `Rop`), by transposing the vector-Jacobian product: Lop(f, wrt, u) is linear
    in a cotangent u, so the gradient of <Lop(f, wrt, u), v> w.r.t. u is J v."""
    from arignote.graph_rewrite import clone_replace

    T = _T()
    fs, single = _listed(f)
    wrts = _listed(wrt)[0]
    points = _check_points(wrts, _listed(eval_points)[0], "Rop")
    us = [fi.type.make_variable(f"u_{fi.name or 'f'}") for fi in fs]
    vjps = Lop(fs, wrts, us, disconnected_inputs="ignore")
    inner = sum((T.sum(g * v) for g, v in zip(vjps, points, strict=True)), T.constant(0.0))
    jvps = grad(inner, us, disconnected_inputs=disconnected_outputs)
    # the result does not depend on the values of u: give it zeros of f's shape
    out = clone_replace(jvps, {u: T.zeros_like(fi) for u, fi in zip(us, fs, strict=True)})
    return out[0] if single else out



# --------------------------------------------------------------------------- jacobian, hessian


def _format_as(use_list: bool, use_tuple: bool, outputs: Any) -> Any:
    """A list, a tuple or a single variable, as `wrt` was given (gradient.py l.44-70)."""
    outs = list(outputs) if isinstance(outputs, list | tuple) else [outputs]
    if use_list:
        return outs
    if use_tuple:
        return tuple(outs)
    return outs[0]


def jacobian(
    expression: Variable,
    wrt: Any,
    consider_constant: Sequence[Variable] | None = None,
    disconnected_inputs: str = "raise",
) -> Any:
    """The Jacobian of a vector `expression`, row by row: a scan over its indices whose
    step is the gradient of one element (Theano's gradient.py l.1842-1919)."""
    from arignote.scan_module.scan import scan

    T = _T()
    expression = T.as_tensor_variable(expression)
    if expression.ndim >= 2:
        raise TypeError(
            f"jacobian: the expression must be a vector (flatten it), got {describe(expression)}"
        )
    use_list, use_tuple = isinstance(wrt, list), isinstance(wrt, tuple)
    wrt_list = list(wrt) if isinstance(wrt, list | tuple) else [wrt]
    if expression.ndim == 0:
        g = grad(expression, wrt_list, consider_constant, disconnected_inputs)
        return _format_as(use_list, use_tuple, g)

    def row(i: Variable, expr: Variable, *inputs: Variable) -> list[Variable]:
        return [
            grad(expr[i], x, consider_constant, disconnected_inputs=disconnected_inputs)
            for x in inputs
        ]

    jacobs, updates = scan(
        row, sequences=T.arange(expression.shape[0]), non_sequences=[expression, *wrt_list]
    )
    assert not updates
    return _format_as(use_list, use_tuple, jacobs)


def hessian(
    cost: Variable,
    wrt: Any,
    consider_constant: Sequence[Variable] | None = None,
    disconnected_inputs: str = "raise",
) -> Any:
    """The Hessian of a scalar `cost` with respect to vectors: the Jacobian of each
    gradient, by a scan (Theano's gradient.py l.1922-1990)."""
    from arignote.scan_module.scan import scan

    T = _T()
    cost = T.as_tensor_variable(cost)
    if cost.ndim != 0:
        raise TypeError(f"hessian: the cost must be a scalar, got {describe(cost)}")
    use_list, use_tuple = isinstance(wrt, list), isinstance(wrt, tuple)
    wrt_list = list(wrt) if isinstance(wrt, list | tuple) else [wrt]
    hessians = []
    for x in wrt_list:
        if not isinstance(x, Variable) or x.ndim != 1:
            raise TypeError(f"hessian: wrt must be vectors, got {x!r}")
        expr = grad(cost, x, consider_constant, disconnected_inputs=disconnected_inputs)
        hess, updates = scan(
            lambda i, y, v: grad(y[i], v, consider_constant, disconnected_inputs="ignore"),
            sequences=T.arange(expr.shape[0]), non_sequences=[expr, x],
        )  # fmt: skip
        assert not updates
        hessians.append(hess)
    return _format_as(use_list, use_tuple, hessians)

__all__ = [
    "Lop", "Rop", "grad", "verify_grad", "numeric_grad", "unbroadcast", "VJP", "ELEMWISE_VJP",
    "consider_constant", "disconnected_grad", "zero_grad", "GradientBlock",
    "DisconnectedInputError", "NullTypeGradError", "GradientError", "jacobian", "hessian",
    "grad_clip", "GradClip",
]  # fmt: skip
