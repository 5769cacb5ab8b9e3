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
from xdsl.dialects import arith, cf, func, tensor
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    ArrayAttr,
    DictionaryAttr,
    FileLineColLoc,
    IndexType,
    IntAttr,
    IntegerAttr,
    ModuleOp,
    StringAttr,
    UnitAttr,
)
from xdsl.dialects.builtin import TensorType as IRTensorType
from xdsl.ir import Block, Operation, Region, SSAValue

from arignote.dialects import tt
from arignote.errors import ArignoteError
from arignote.graph import Apply, Constant, TensorType, Variable, ancestors


def ir_type(t: TensorType) -> IRTensorType:
    el = tt.element_type_of_dtype(t.dtype)
    return tt.tensor_type(el, [1 if b else DYNAMIC_INDEX for b in t.broadcastable])


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
        self.index_values: dict[SSAValue, int] = {}
        self.nonneg: set[SSAValue] = set()  # index values known to be >= 0
        self.loc: FileLineColLoc | None = None
        #: ids of the variables the function reads (None: all); an op may leave out an
        #: output nobody reads (a loop's per-step output) by giving None for it
        self.used: set[int] | None = None

    # ------------------------------------------------------------------ plumbing
    def add(self, op: Operation) -> SSAValue:
        if self.loc is not None:
            op.location = self.loc
        self.block.add_op(op)
        return op.results[0] if op.results else None  # type: ignore[return-value]

    def index(self, i: int) -> SSAValue:
        i = int(i)
        if i not in self.consts:
            self.consts[i] = self.add(arith.ConstantOp(IntegerAttr(i, IndexType())))
            self.index_values[self.consts[i]] = i
            if i >= 0:
                self.nonneg.add(self.consts[i])
        return self.consts[i]

    def size(self, value: SSAValue, dim: int) -> SSAValue:
        """The size of dim `dim` of a tensor value, as an index (a constant if static)."""
        key = (value, dim)
        if key not in self.sizes:
            t = value.type
            assert isinstance(t, IRTensorType)
            static = t.get_shape()[dim]
            if static != DYNAMIC_INDEX:
                self.sizes[key] = self.index(static)
            else:
                self.sizes[key] = self.add(tensor.DimOp(value, self.index(dim)))
                self.nonneg.add(self.sizes[key])
        return self.sizes[key]

    def shape_of(self, value: SSAValue) -> list[SSAValue]:
        t = value.type
        assert isinstance(t, IRTensorType)
        return [self.size(value, d) for d in range(t.get_num_dims())]

    # ------------------------------------------------------------------ index arithmetic
    # (host-side scalar code: sizes, offsets; folded when the operands are constants)
    def const_index(self, v: SSAValue) -> int | None:
        return self.index_values.get(v)

    def index_of(self, var: Variable, value: SSAValue) -> SSAValue:
        """A rank-0 integer variable as an `index` value (tt.to_index, or a constant)."""
        if isinstance(var, Constant):
            return self.index(int(var.data))
        owner = var.owner
        if owner is not None and type(owner.op).__name__ == "Shape_i":
            return self.size(self.value(owner.inputs[0]), owner.op.axis)  # type: ignore[attr-defined]
        if (
            value.type != IRTensorType(tt.element_type_of_dtype("int64"), [])
            and var.dtype != "int32"
        ):
            value = self.cast_value(value, "int64")
        return self.add(tt.ToIndexOp(value))

    def _fold(self, a: SSAValue, b: SSAValue, fn, op_cls) -> SSAValue:  # type: ignore[no-untyped-def]
        ca, cb = self.const_index(a), self.const_index(b)
        if ca is not None and cb is not None:
            return self.index(fn(ca, cb))
        return self.add(op_cls(a, b))

    def i_add(self, a: SSAValue, b: SSAValue) -> SSAValue:
        if self.const_index(b) == 0:
            return a
        if self.const_index(a) == 0:
            return b
        return self._fold(a, b, lambda x, y: x + y, arith.AddiOp)

    def i_sub(self, a: SSAValue, b: SSAValue) -> SSAValue:
        if self.const_index(b) == 0:
            return a
        return self._fold(a, b, lambda x, y: x - y, arith.SubiOp)

    def i_mul(self, a: SSAValue, b: SSAValue) -> SSAValue:
        if self.const_index(b) == 1:
            return a
        if self.const_index(a) == 1:
            return b
        return self._fold(a, b, lambda x, y: x * y, arith.MuliOp)

    def i_floordiv(self, a: SSAValue, b: SSAValue) -> SSAValue:
        if self.const_index(b) == 1:
            return a
        return self._fold(a, b, lambda x, y: x // y, arith.FloorDivSIOp)

    def i_ceildiv(self, a: SSAValue, b: SSAValue) -> SSAValue:
        if self.const_index(b) == 1:
            return a
        return self._fold(a, b, lambda x, y: -(-x // y), arith.CeilDivSIOp)

    def i_max(self, a: SSAValue, b: SSAValue) -> SSAValue:
        if self.const_index(b) == 0 and a in self.nonneg:
            return a
        return self._fold(a, b, max, arith.MaxSIOp)

    def i_min(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self._fold(a, b, min, arith.MinSIOp)

    def i_lt(self, a: SSAValue, b: SSAValue) -> SSAValue | bool:
        """a < b as an i1 value, or a Python bool when it is known."""
        ca, cb = self.const_index(a), self.const_index(b)
        if ca is not None and cb is not None:
            return ca < cb
        if cb == 0 and a in self.nonneg:
            return False
        return self.add(arith.CmpiOp(a, b, "slt"))

    def i_select(self, c: SSAValue | bool, a: SSAValue, b: SSAValue) -> SSAValue:
        if isinstance(c, bool):
            return a if c else b
        return self.add(arith.SelectOp(c, a, b))

    def coerce(self, value: SSAValue, var: Variable) -> SSAValue:
        """`value` with the IR type of `var` (static and dynamic sizes reconciled)."""
        want = ir_type(var.type)
        if value.type == want:
            return value
        t = value.type
        assert isinstance(t, IRTensorType)
        if t.element_type != want.element_type or t.get_num_dims() != want.get_num_dims():
            raise ArignoteError(f"internal: {var!r} was emitted as {t}, its type is {var.type}")
        self._check_broadcastable(value, var)
        return self.same_sizes(self.add(tensor.CastOp(value, want)), value)

    def assert_equal(self, a: SSAValue, b: SSAValue, message: str) -> None:
        """A run-time check that two index values are equal (cf.assert with `message`,
        prefixed by the current source location); nothing when both are known."""
        ca, cb = self.const_index(a), self.const_index(b)
        if ca is not None and cb is not None:
            if ca != cb:
                raise ArignoteError(message)
            return
        where = f"{self.loc.filename.data}:{self.loc.line.data}: " if self.loc else ""
        ok = self.add(arith.CmpiOp(a, b, "eq"))
        self.add(cf.AssertOp(ok, where + message))

    def _check_broadcastable(self, value: SSAValue, var: Variable) -> None:
        """Run-time checks that the dims `var`'s type declares broadcastable have size 1
        where the value's sizes are not known to be 1 (a tensor.cast of a larger size would
        silently read the first slice)."""
        shape = value.type.get_shape()  # type: ignore[attr-defined]
        for d, b in enumerate(var.broadcastable):
            if b and shape[d] != 1:
                size = self.add(tensor.DimOp(value, self.index(d)))
                ok = self.add(arith.CmpiOp(size, self.index(1), "eq"))
                where = f" at {self.loc.filename.data}:{self.loc.line.data}" if self.loc else ""
                self.add(
                    cf.AssertOp(
                        ok,
                        f"{var!r}{where}: dim {d} must have size 1 "
                        f"(its type {var.type} declares it broadcastable)",
                    )
                )

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
        data = np.array(c.data, dtype=c.dtype, order="C")
        value = self.add(tt.ConstantOp.from_numpy(data))
        return self.coerce(value, c)

    # ------------------------------------------------------------------ ops
    def broadcast_to(
        self,
        value: SSAValue,
        out_type: IRTensorType,
        sizes: list[SSAValue | None],
        what: str | None = None,
    ) -> SSAValue:
        """Broadcast `value` (right-aligned) to `out_type` whose dynamic dims have `sizes`.

        With `what` (the op, for the message), each dim `value` keeps is checked at run
        time to have the size given for it: an Alloc or a set_subtensor of a value whose
        sizes differ from the target's is an error, as numpy's broadcasting assignment in
        Theano's Alloc.perform / IncSubtensor.perform.  (Theano's assignment also broadcasts
        a dim of run-time size 1 that its type does not declare broadcastable; here that is
        the same clear error, since the IR's broadcasting is static.)  Without `what` the
        caller checks (an elementwise op compares its operands' sizes itself)."""
        in_t = value.type
        assert isinstance(in_t, IRTensorType)
        r_in, r_out = in_t.get_num_dims(), out_type.get_num_dims()
        dims = [r_out - r_in + k for k in range(r_in)]
        in_shape = in_t.get_shape()
        out_shape = out_type.get_shape()
        if what is not None:
            for k, r in enumerate(dims):
                s = sizes[r] if r < len(sizes) else None
                if in_shape[k] == 1 or s is None or self.sizes.get((value, k)) is s:
                    continue
                self.assert_equal(
                    self.size(value, k),
                    s,
                    f"{what}: dim {k} of the value has size {{lhs}} where the target's "
                    f"dim {r} has size {{rhs}} (a size-1 dim broadcasts only when its type "
                    "says so: T.addbroadcast)",
                )
        if in_t == out_type:
            return value
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
        return self.same_sizes(self.add(tt.CastOp(value, tt.tensor_type(el, t.get_shape()))), value)

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
            operands.append(self.broadcast_to(val, tt.tensor_type(el, shape), sizes))
        if op_cls is tt.WhereOp:
            return self.same_sizes(self.add(tt.WhereOp(*operands)), None, sizes)
        result = self.same_sizes(self.add(op_cls(*operands)), None, sizes)  # type: ignore[call-arg]
        return self.cast_value(result, out_var.dtype)


def used_ids(nodes: Sequence[Apply], outputs: Sequence[Variable]) -> set[int]:
    """The ids of the variables that `nodes` read or that are `outputs`."""
    used = {v.id for v in outputs}
    for node in nodes:
        used.update(v.id for v in node.inputs)
    return used


def build_module(
    name: str,
    inputs: Sequence[Variable],
    outputs: Sequence[Variable],
    *,
    resident_inputs: Sequence[int] = (),
    resident_outputs: Sequence[int] = (),
) -> ModuleOp:
    """A module holding `func.func @name(inputs) -> outputs` in the tt dialect.

    Arguments and results whose positions are in `resident_inputs`/`resident_outputs`
    carry the unit attribute `arignote.resident`: on a GPU they stay in device memory
    (shared variables and their new values, see `buffer-placement`)."""
    em = Emitter(inputs)
    nodes = ancestors(outputs)
    em.used = used_ids(nodes, outputs)
    for node in nodes:
        file, line = node.location
        em.loc = FileLineColLoc(StringAttr(file), IntAttr(line), IntAttr(0))
        results = node.op.emit(em, node, [em.value(v) for v in node.inputs])
        for var, val in zip(node.outputs, results):
            if val is not None:  # None: an output the op left out (nothing reads it)
                em.values[var.id] = em.coerce(val, var)
    em.loc = None
    results = [em.value(v) for v in outputs]
    em.add(func.ReturnOp(*results))
    f = func.FuncOp(
        name,
        ([a.type for a in em.block.args], [r.type for r in results]),
        Region(em.block),
    )
    if resident_inputs or resident_outputs:
        from arignote.passes.buffer_placement import RESIDENT

        mark = DictionaryAttr({RESIDENT: UnitAttr()})
        none = DictionaryAttr({})
        f.arg_attrs = ArrayAttr(
            [mark if i in resident_inputs else none for i in range(len(em.block.args))]
        )
        f.res_attrs = ArrayAttr(
            [mark if i in resident_outputs else none for i in range(len(results))]
        )
    return ModuleOp([f])
