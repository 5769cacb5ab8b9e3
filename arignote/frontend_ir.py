"""From the front end's symbolic graph to a `tt`-level function.

`build_module(name, inputs, outputs)` emits `func.func @name(inputs...) -> outputs` in
the tt dialect: each Apply of the graph becomes tt ops (with Theano's implicit
broadcasting made explicit with `tt.broadcast` and dtype conversions with `tt.cast`),
each carrying the user's file:line as its location.  Broadcastable dims are static 1,
all other dims dynamic (`?`), so one compiled function serves every size.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from xdsl.dialects import arith, func, tensor
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    FileLineColLoc,
    IndexType,
    IntAttr,
    IntegerAttr,
    ModuleOp,
    StringAttr,
)
from xdsl.dialects.builtin import TensorType as IRTensorType
from xdsl.ir import Block, Operation, Region, SSAValue

from arignote.dialects import tt
from arignote.errors import ArignoteError
from arignote.graph import Apply, Constant, TensorType, Variable, ancestors


def ir_type(t: TensorType) -> IRTensorType:
    el = tt.element_type_of_dtype(t.dtype)
    return IRTensorType(el, [1 if b else DYNAMIC_INDEX for b in t.broadcastable])


class Emitter:
    """Builds one function body; `elementwise`/`cast` are called by the ops' `emit`."""

    def __init__(self, inputs: Sequence[Variable]):
        self.block = Block(arg_types=[ir_type(v.type) for v in inputs])
        self.values: dict[int, SSAValue] = {}
        for v, arg in zip(inputs, self.block.args):
            self.values[v.id] = arg
            if v.name and v.name.isidentifier():
                arg.name_hint = v.name
        self.sizes: dict[tuple[SSAValue, int], SSAValue] = {}
        self.consts: dict[int, SSAValue] = {}
        self.loc: FileLineColLoc | None = None

    # ------------------------------------------------------------------ plumbing
    def add(self, op: Operation) -> SSAValue:
        if self.loc is not None:
            op.location = self.loc
        self.block.add_op(op)
        return op.results[0] if op.results else None  # type: ignore[return-value]

    def index(self, i: int) -> SSAValue:
        if i not in self.consts:
            self.consts[i] = self.add(arith.ConstantOp(IntegerAttr(i, IndexType())))
        return self.consts[i]

    def size(self, value: SSAValue, dim: int) -> SSAValue:
        key = (value, dim)
        if key not in self.sizes:
            self.sizes[key] = self.add(tensor.DimOp(value, self.index(dim)))
        return self.sizes[key]

    def value(self, v: Variable) -> SSAValue:
        if v.id in self.values:
            return self.values[v.id]
        if isinstance(v, Constant):
            self.values[v.id] = self.constant(v)
            return self.values[v.id]
        raise ArignoteError(
            f"{v!r} is an input of the graph but not of the function; list it in the inputs "
            "(or make it a shared variable)"
        )

    def constant(self, c: Constant) -> SSAValue:
        data = np.asarray(c.data, dtype=c.dtype)
        if any(n != 1 for n in data.shape):
            raise ArignoteError(
                f"constant {c!r} of shape {data.shape}: only scalar (or all-size-1) constants "
                "are supported in graphs for now; pass the array as an input or a shared variable"
            )
        return self.add(tt.ConstantOp.from_numpy(data))

    # ------------------------------------------------------------------ ops
    def broadcast_to(
        self, value: SSAValue, out_type: IRTensorType, sizes: list[SSAValue | None]
    ) -> SSAValue:
        """Broadcast `value` (right-aligned) to `out_type` whose dynamic dims have `sizes`."""
        in_t = value.type
        assert isinstance(in_t, IRTensorType)
        if in_t == out_type:
            return value
        r_in, r_out = in_t.get_num_dims(), out_type.get_num_dims()
        dims = [r_out - r_in + k for k in range(r_in)]
        in_shape = in_t.get_shape()
        out_shape = out_type.get_shape()
        size_ops: list[SSAValue] = []
        for r in range(r_out):
            new_or_expanded = r not in dims or in_shape[dims.index(r)] == 1
            if new_or_expanded and out_shape[r] == DYNAMIC_INDEX:
                s = sizes[r]
                assert s is not None
                size_ops.append(s)
        return self.same_sizes(
            self.add(tt.BroadcastOp(value, dims, out_type, size_ops)), None, sizes
        )

    def same_sizes(
        self, result: SSAValue, like: SSAValue | None, sizes: Sequence[SSAValue | None] = ()
    ) -> SSAValue:
        """Record that `result` has the sizes of `like` (or `sizes`): no tensor.dim needed."""
        t = result.type
        assert isinstance(t, IRTensorType)
        for d in range(t.get_num_dims()):
            s = sizes[d] if sizes else self.sizes.get((like, d)) if like is not None else None
            if s is not None:
                self.sizes[(result, d)] = s
        return result

    def cast_value(self, value: SSAValue, dtype: str) -> SSAValue:
        t = value.type
        assert isinstance(t, IRTensorType)
        el = tt.element_type_of_dtype(dtype)
        if t.element_type == el:
            return value
        return self.same_sizes(self.add(tt.CastOp(value, IRTensorType(el, t.get_shape()))), value)

    def cast(self, value: SSAValue, dtype: str) -> SSAValue:
        return self.cast_value(value, dtype)

    def elementwise(
        self, node: Apply, op_cls: type[tt.ElementwiseOp], inputs: Sequence[SSAValue]
    ) -> SSAValue:
        out_var = node.outputs[0]
        pattern = out_var.broadcastable
        rank = len(pattern)
        # the size of each dynamic result dim, from the first operand that has it
        sizes: list[SSAValue | None] = []
        for d in range(rank):
            if pattern[d]:
                sizes.append(None)
                continue
            for var, val in zip(node.inputs, inputs):
                k = d - (rank - var.ndim)
                if k >= 0 and not var.broadcastable[k]:
                    sizes.append(self.size(val, k))
                    break
        compute = node.compute_dtype  # type: ignore[attr-defined]
        operands: list[SSAValue] = []
        for i, val in enumerate(inputs):
            want = "bool" if (op_cls is tt.WhereOp and i == 0) else compute
            val = self.cast_value(val, want)
            el = tt.element_type_of_dtype(want)
            shape = [1 if b else DYNAMIC_INDEX for b in pattern]
            operands.append(self.broadcast_to(val, IRTensorType(el, shape), sizes))
        if op_cls is tt.WhereOp:
            return self.same_sizes(self.add(tt.WhereOp(*operands)), None, sizes)
        result = self.same_sizes(self.add(op_cls(*operands)), None, sizes)  # type: ignore[call-arg]
        return self.cast_value(result, out_var.dtype)


def build_module(name: str, inputs: Sequence[Variable], outputs: Sequence[Variable]) -> ModuleOp:
    """A module holding `func.func @name(inputs) -> outputs` in the tt dialect."""
    em = Emitter(inputs)
    for node in ancestors(outputs):
        file, line = node.location
        em.loc = FileLineColLoc(StringAttr(file), IntAttr(line), IntAttr(0))
        results = node.op.emit(em, node, [em.value(v) for v in node.inputs])
        for var, val in zip(node.outputs, results):
            em.values[var.id] = val
    em.loc = None
    results = [em.value(v) for v in outputs]
    em.add(func.ReturnOp(*results))
    f = func.FuncOp(
        name,
        ([a.type for a in em.block.args], [r.type for r in results]),
        Region(em.block),
    )
    return ModuleOp([f])
