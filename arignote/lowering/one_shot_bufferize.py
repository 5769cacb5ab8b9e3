"""one-shot-bufferize: tensors to memrefs, destination passing, function boundaries included.

Input: functions whose tensor values come from `tensor.empty`, `linalg.generic` on
tensors, `arith.constant dense<...>` and function arguments, read by `tensor.dim`,
`linalg.generic` and `func.return` (the output of convert-tt-to-linalg/fuse-elementwise).
Output: no tensor value remains.
- Arguments and results become memrefs with the identity layout (contiguous row-major).
  Arguments are read-only: nothing is ever written into a caller's buffer.
- `tensor.empty` -> `memref.alloc {alignment = 64}`; `tensor.dim` -> `memref.dim`.
- `linalg.generic` writes into its init's buffer (destination passing).  In place where
  safe: when the init is a fresh `tensor.empty` and an input of the same type read
  through the identity map is an intermediate (not an argument or a constant) whose
  only use is this op, the op writes into that input's buffer instead and no new buffer
  is allocated.  An init that is not fresh is copied first (`memref.copy`).
- `tensor.cast` -> `memref.cast`, `tensor.collapse_shape` -> `memref.collapse_shape`: views
  of the source's buffer.  An op writes in place into a view (or a buffer viewed) only
  when nothing else reads the viewed tensor; a view returned with its source is copied.
- `arith.constant dense<...>` -> a private constant `memref.global` + `memref.get_global`.
- `host.call` on tensors -> `host.call` on the operands' buffers, returning new buffers
  (never written in place by a later op: on a GPU they stay on the host).
- `loop.scan` / `loop.if` (outlined loops and conditionals) become the same ops on
  buffers; their results are buffers they allocate.
- Results are buffers the caller owns: a returned argument, constant or a buffer
  returned twice is copied into a fresh allocation.
Buffers are not freed here (buffer-placement inserts deallocations).
Any other op on tensors is a diagnostic naming it.
"""

from __future__ import annotations

from xdsl.context import Context
from xdsl.dialects import arith, func, memref, scf, tensor
from xdsl.dialects.linalg import ops as linalg
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    DenseIntOrFPElementsAttr,
    FunctionType,
    IntegerAttr,
    MemRefType,
    ModuleOp,
    StringAttr,
    TensorType,
    UnitAttr,
    i64,
)
from xdsl.ir import Attribute, Operation, OpResult, SSAValue
from xdsl.ir.affine import AffineMap
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from arignote.dialects import memref as amemref
from arignote.dialects.memref import GlobalOp as MemrefGlobalOp
from arignote.dialects.tensor import reassociation_groups
from arignote.errors import InternalError, PassError
from arignote.ir import diagnostic

PASS_NAME = "one-shot-bufferize"


def memref_type_of(t: Attribute) -> Attribute:
    """tensor<...xE> -> memref<...xE> (identity layout, default memory space)."""
    if isinstance(t, TensorType):
        return MemRefType(t.element_type, t.get_shape())
    return t


def _has_tensor(op: Operation) -> bool:
    return any(isinstance(v.type, TensorType) for v in (*op.operands, *op.results))


def dynamic_sizes_before(buf: SSAValue, before: Operation) -> list[SSAValue]:
    """The dynamic sizes of memref `buf`, read with `memref.dim` just before `before`."""
    t = buf.type
    assert isinstance(t, MemRefType)
    sizes: list[SSAValue] = []
    for i, s in enumerate(t.get_shape()):
        if s == DYNAMIC_INDEX:
            c = arith.ConstantOp(IntegerAttr.from_index_int_value(i))
            d = memref.DimOp(buf, c)
            Rewriter.insert_op([c, d], InsertPoint.before(before))
            sizes.append(d.result)
    return sizes


class _FunctionBufferizer:
    """Bufferizes one function in program order.

    New ops are inserted before the op they replace; ops with tensor results are
    detached and erased at the end, once every user has been bufferized.
    """

    def __init__(self, module: ModuleOp, f: func.FuncOp, globals_: dict[str, memref.GlobalOp]):
        self.module = module
        self.f = f
        self.buf: dict[SSAValue, SSAValue] = {}
        self.globals = globals_
        self.read_only: set[SSAValue] = set()  # arguments and constants (as buffers)
        self.empty: set[SSAValue] = set()  # buffers of tensor.empty (undefined contents)
        self.fresh: set[SSAValue] = set()  # ... not yet taken by a writer
        # results of host.call: a compute op never writes them in place (on a GPU they
        # stay host buffers, of which compute gets a device copy)
        self.host_results: set[SSAValue] = set()
        self.root: dict[SSAValue, SSAValue] = {}  # a view's buffer -> the buffer it views
        self.dropped: list[Operation] = []

    def run(self) -> None:
        f = self.f
        entry = f.body.blocks[0]
        old_args = [a for a in entry.args if isinstance(a.type, TensorType)]
        for arg in old_args:
            new = entry.insert_arg(memref_type_of(arg.type), arg.index)
            new.name_hint = arg.name_hint
            self.buf[arg] = new
            self.read_only.add(new)
        for block in f.body.blocks:
            for op in list(block.ops):
                self._bufferize(op)
        for op in reversed(self.dropped):
            for r in op.results:
                if r.uses:
                    user = next(iter(r.uses)).operation
                    raise InternalError(
                        diagnostic(user, PASS_NAME, "still uses a tensor after bufferization")
                    )
            op.erase()
        for arg in old_args:
            assert not arg.uses
            entry.erase_arg(arg)
        outputs = [memref_type_of(t) for t in f.function_type.outputs.data]
        f.properties["function_type"] = FunctionType.from_lists(
            [a.type for a in entry.args], outputs
        )

    def _b(self, v: SSAValue) -> SSAValue:
        return self.buf[v]

    def _drop(self, op: Operation) -> None:
        op.detach()
        self.dropped.append(op)

    def _bufferize(self, op: Operation) -> None:
        match op:
            case tensor.EmptyOp():
                alloc = amemref.AllocOp(
                    list(op.dynamic_sizes), [], memref_type_of(op.tensor.type), IntegerAttr(64, i64)
                )
                alloc.location = op.location
                Rewriter.insert_op(alloc, InsertPoint.before(op))
                self.buf[op.tensor] = alloc.memref
                self.empty.add(alloc.memref)
                self.fresh.add(alloc.memref)
                self._drop(op)
            case tensor.DimOp() if isinstance(op.source.type, TensorType):
                d = memref.DimOp(self._b(op.source), op.index)
                d.location = op.location
                Rewriter.replace_op(op, d)
            case arith.ConstantOp() if isinstance(op.result.type, TensorType):
                self._constant(op)
            case linalg.GenericOp() if _has_tensor(op):
                self._bufferize_reads(op)
                self._generic(op)
            case tensor.ExtractOp():
                load = memref.LoadOp.get(self._b(op.tensor), list(op.indices))
                load.location = op.location
                Rewriter.replace_op(op, load)
            case tensor.FromElementsOp():
                self._from_elements(op)
            case tensor.CastOp():
                cast = memref.CastOp.get(self._b(op.source), memref_type_of(op.dest.type))
                self._view(op, op.source, op.dest, cast)
            case tensor.CollapseShapeOp():
                groups = reassociation_groups(op.reassociation)
                self._view(op, op.src, op.result, amemref.CollapseShapeOp(self._b(op.src), groups))
            case scf.ForOp() if _has_tensor(op):
                self._for(op)
            case _ if op.dialect_name() == "libcall" and _has_tensor(op):
                self._destination_passing(op)
            case _ if op.name == "host.call" and _has_tensor(op):
                self._host_call(op)
            case _ if op.dialect_name() == "loop" and _has_tensor(op):
                self._loop_call(op)
            case func.ReturnOp():
                self._return(op)
            case _ if _has_tensor(op):
                raise PassError(
                    diagnostic(op, PASS_NAME, "cannot be bufferized (no bufferization rule for it)")
                )
            case _:
                pass

    def _view(self, op: Operation, source: SSAValue, result: SSAValue, view: Operation) -> None:
        """`result` (of tensor op `op`) is `view`, a view of `source`'s buffer: it shares
        the buffer's memory, so it is as read-only (or host-owned) as the buffer."""
        view.location = op.location
        Rewriter.insert_op(view, InsertPoint.before(op))
        b, vb = self._b(source), view.results[0]
        self.buf[result] = vb
        self.root[vb] = self._root(b)
        for kind in (self.read_only, self.host_results):
            if b in kind:
                kind.add(vb)
        self._drop(op)

    def _root(self, b: SSAValue) -> SSAValue:
        """The buffer whose memory `b` is (b itself when it is no view)."""
        return self.root.get(b, b)

    def _bufferize_reads(self, op: Operation) -> None:
        """tensor.extract of a captured tensor inside op's regions -> memref.load."""
        for inner in list(op.walk()):
            if inner is op:
                continue
            if isinstance(inner, tensor.ExtractOp) and inner.tensor in self.buf:
                load = memref.LoadOp.get(self._b(inner.tensor), list(inner.indices))
                load.location = inner.location
                Rewriter.replace_op(inner, load)
            elif _has_tensor(inner):
                raise PassError(
                    diagnostic(
                        inner, PASS_NAME, "inside a linalg.generic body cannot be bufferized"
                    )
                )

    def _from_elements(self, op: tensor.FromElementsOp) -> None:
        t = op.result.type
        assert isinstance(t, TensorType)
        alloc = amemref.AllocOp([], [], memref_type_of(t), IntegerAttr(64, i64))
        alloc.location = op.location
        Rewriter.insert_op(alloc, InsertPoint.before(op))
        shape = list(t.get_shape())
        for lin, v in enumerate(op.elements):
            idx = []
            rest = lin
            for n in reversed(shape):
                idx.append(rest % n)
                rest //= n
            consts = [arith.ConstantOp(IntegerAttr.from_index_int_value(i)) for i in reversed(idx)]
            store = memref.StoreOp.get(v, alloc.memref, [c.result for c in consts])
            Rewriter.insert_op([*consts, store], InsertPoint.before(op))
        self.buf[op.result] = alloc.memref
        self._drop(op)

    def _destination(self, init: SSAValue, op: Operation, *, reads: bool = True) -> SSAValue:
        """The buffer `op` writes its result for destination `init` into.

        An undefined init (tensor.empty): its allocation for the first writer, a new one
        for the others.  A value: its own buffer when this op is its only user and the
        buffer is writable (in place), else a copy.
        """
        b = self._b(init)
        if _is_empty(init):
            if b in self.fresh:
                self.fresh.discard(b)
                return b
            return self._fresh_like(b, op)
        only_user = _only_reader(init, op)
        once = sum(1 for o in op.operands if o is init) == 1
        if b not in self.read_only and b not in self.host_results and only_user and once:
            return b
        fresh = self._fresh_like(b, op)
        if reads:  # an op that only writes its destination needs no copy of it
            Rewriter.insert_op(memref.CopyOp(b, fresh), InsertPoint.before(op))
        return fresh

    def _destination_passing(self, op: Operation) -> None:
        """A libcall op on tensors -> the same op on buffers writing its destinations."""
        dests = op.destination_operands()  # type: ignore[attr-defined]
        operands = []
        out_bufs: list[SSAValue] = []
        for i, v in enumerate(op.operands):
            if i in dests:
                b = self._destination(v, op, reads=op.reads_destination())  # type: ignore[attr-defined]
                out_bufs.append(b)
                operands.append(b)
            else:
                operands.append(self._b(v) if isinstance(v.type, TensorType) else v)
        new = type(op).create(
            operands=operands,
            result_types=[],
            properties=dict(op.properties),
            attributes=dict(op.attributes),
        )
        new.location = op.location
        Rewriter.insert_op(new, InsertPoint.before(op))
        for r, b in zip(op.results, out_bufs):
            self.buf[r] = b
        self._drop(op)

    def _host_call(self, op: Operation) -> None:
        """host.call on tensors -> host.call on buffers: it reads the operands' buffers
        and returns new buffers (fresh: the runtime never returns an alias)."""
        from arignote.dialects.host import CallOp

        assert isinstance(op, CallOp)
        operands = [self._b(v) if isinstance(v.type, TensorType) else v for v in op.operands]
        new = CallOp(op.callee.data, operands, [memref_type_of(r.type) for r in op.results])
        new.attributes.update(op.attributes)
        new.location = op.location
        Rewriter.insert_op(new, InsertPoint.before(op))
        for r, b in zip(op.results, new.results):
            self.buf[r] = b
            self.host_results.add(b)
        self._drop(op)

    def _loop_call(self, op: Operation) -> None:
        """loop.scan / loop.if on tensors -> the same op on buffers; its results are
        buffers it allocates (a loop's stacked outputs), owned by this function."""
        operands = [self._b(v) if isinstance(v.type, TensorType) else v for v in op.operands]
        new = type(op).create(
            operands=operands,
            result_types=[memref_type_of(r.type) for r in op.results],
            properties=dict(op.properties),
            attributes=dict(op.attributes),
        )
        new.location = op.location
        Rewriter.insert_op(new, InsertPoint.before(op))
        for r, b in zip(op.results, new.results):
            self.buf[r] = b
        self._drop(op)

    def _for(self, op: scf.ForOp) -> None:
        """scf.for with tensor iter_args (a scatter loop) -> the loop on buffers, in place:
        tensor.extract -> memref.load, tensor.insert -> memref.store into the carried
        buffer; the loop carries no tensors."""
        carried: list[SSAValue] = []
        for init in op.iter_args:
            if not isinstance(init.type, TensorType):
                raise PassError(
                    diagnostic(op, PASS_NAME, "mixes tensor and scalar loop-carried values")
                )
            carried.append(self._destination(init, op))
        self._loop_body(op, carried)
        new = scf.ForOp(op.lb, op.ub, op.step, [], op.detach_region(op.body))
        new.location = op.location
        Rewriter.insert_op(new, InsertPoint.before(op))
        for r, b in zip(op.results, carried):
            self.buf[r] = b
        self._drop(op)

    def _loop_body(self, op: scf.ForOp, carried: list[SSAValue]) -> None:
        block = op.body.block
        for arg, b in zip(list(block.args[1:]), carried):
            self.buf[arg] = b
        for inner in list(block.ops):
            match inner:
                case tensor.ExtractOp():
                    load = memref.LoadOp.get(self._b(inner.tensor), list(inner.indices))
                    Rewriter.replace_op(inner, load)
                case tensor.InsertOp():
                    store = memref.StoreOp.get(
                        inner.scalar, self._b(inner.dest), list(inner.indices)
                    )
                    Rewriter.insert_op(store, InsertPoint.before(inner))
                    self.buf[inner.result] = self._b(inner.dest)
                    self._drop(inner)
                case scf.ForOp() if _has_tensor(inner):
                    inner_carried = [self._b(v) for v in inner.iter_args]
                    self._loop_body(inner, inner_carried)
                    new = scf.ForOp(
                        inner.lb, inner.ub, inner.step, [], inner.detach_region(inner.body)
                    )
                    Rewriter.insert_op(new, InsertPoint.before(inner))
                    for r, b in zip(inner.results, inner_carried):
                        self.buf[r] = b
                    self._drop(inner)
                case scf.YieldOp():
                    Rewriter.replace_op(inner, scf.YieldOp())
                case _ if _has_tensor(inner):
                    raise PassError(
                        diagnostic(inner, PASS_NAME, "inside a loop cannot be bufferized")
                    )
                case _:
                    pass
        for arg in reversed(list(block.args[1:])):
            block.erase_arg(arg, safe_erase=False)

    def _constant(self, op: arith.ConstantOp) -> None:
        value = op.value
        assert isinstance(value, DenseIntOrFPElementsAttr)
        t = memref_type_of(op.result.type)
        name = f"__constant_{len(self.globals)}"
        g = MemrefGlobalOp.get(StringAttr(name), t, value, constant=UnitAttr(), alignment=64)
        self.globals[name] = g
        Rewriter.insert_op(g, InsertPoint.at_end(self.module.body.block))
        get = memref.GetGlobalOp(name, t)
        get.location = op.location
        Rewriter.insert_op(get, InsertPoint.before(op))
        self.buf[op.result] = get.memref
        self.read_only.add(get.memref)
        self._drop(op)

    def _generic(self, op: linalg.GenericOp) -> None:
        maps = [m.data for m in op.indexing_maps.data]
        n_in = len(op.inputs)
        inputs = [self._b(v) if isinstance(v.type, TensorType) else v for v in op.inputs]
        outputs: list[SSAValue] = []
        for k, init in enumerate(op.outputs):
            if _is_empty(init) and self._b(init) in self.fresh:
                out_buf = self._destination(init, op)
                reuse = self._reusable_input(op, maps[n_in + k])
                if reuse is not None and all(u.operation is op for u in init.uses):
                    alloc = out_buf.owner
                    if isinstance(alloc, memref.AllocOp) and not alloc.memref.uses:
                        alloc.detach()
                        alloc.erase()
                    out_buf = reuse
            else:
                out_buf = self._destination(init, op)
            outputs.append(out_buf)
        new = linalg.GenericOp(
            inputs,
            outputs,
            op.detach_region(op.body),
            list(op.indexing_maps.data),
            list(op.iterator_types.data),
            [],
        )
        new.location = op.location
        Rewriter.insert_op(new, InsertPoint.before(op))
        for r, b in zip(op.res, outputs):
            self.buf[r] = b
        self._drop(op)

    def _reusable_input(self, op: linalg.GenericOp, out_map: AffineMap) -> SSAValue | None:
        """An input buffer the op may overwrite: same type, identity map, dead after op."""
        out_t = op.res[0].type
        for i, v in enumerate(op.inputs):
            m = op.indexing_maps.data[i].data
            if v.type != out_t or m != out_map or m != AffineMap.identity(m.num_dims):
                continue
            b = self.buf.get(v)
            if b is None or b in self.read_only or b in self.host_results:
                continue
            if not v.has_one_use() or not _only_reader(v, op):
                continue
            root = self._root(b)
            if any(self._root(self.buf.get(o, o)) is root for o in op.inputs if o is not v):
                continue
            return b
        return None

    def _fresh_like(self, like: SSAValue, before: Operation) -> SSAValue:
        t = like.type
        assert isinstance(t, MemRefType)
        alloc = amemref.AllocOp(
            dynamic_sizes_before(like, before),
            [],
            MemRefType(t.element_type, t.get_shape()),
            IntegerAttr(64, i64),
        )
        alloc.location = before.location
        Rewriter.insert_op(alloc, InsertPoint.before(before))
        return alloc.memref

    def _return(self, op: func.ReturnOp) -> None:
        seen: set[SSAValue] = set()
        new_operands: list[SSAValue] = []
        for v in op.arguments:
            if not isinstance(v.type, TensorType):
                new_operands.append(v)
                continue
            b = self._b(v)
            if b in self.read_only or self._root(b) in seen:
                fresh = self._fresh_like(b, op)
                Rewriter.insert_op(memref.CopyOp(b, fresh), InsertPoint.before(op))
                b = fresh
            seen.add(self._root(b))
            new_operands.append(b)
        ret = func.ReturnOp(*new_operands)
        ret.location = op.location
        Rewriter.replace_op(op, ret)


def _is_empty(v: SSAValue) -> bool:
    return isinstance(v, OpResult) and isinstance(v.op, tensor.EmptyOp)


#: tensor ops whose result bufferizes to a view of their source's buffer
_VIEWS = (tensor.CastOp, tensor.CollapseShapeOp)


def _only_reader(v: SSAValue, op: Operation) -> bool:
    """Whether `op` is the only reader of `v`'s contents: every use of v is op, and when
    v is a view of another tensor (tensor.cast, tensor.collapse_shape), the view is that
    tensor's only use, transitively -- another reader of the viewed tensor, before or
    after op, would see what op writes into the shared buffer."""
    if not all(u.operation is op for u in v.uses):
        return False
    while isinstance(v, OpResult) and isinstance(v.op, _VIEWS):
        v = v.op.operands[0]
        if not v.has_one_use():
            return False
    return True


class OneShotBufferizePass(ModulePass):
    name = "one-shot-bufferize"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        globals_: dict[str, memref.GlobalOp] = {
            g.sym_name.data: g for g in op.walk() if isinstance(g, memref.GlobalOp)
        }
        for f in list(op.walk()):
            if isinstance(f, func.FuncOp) and f.body.blocks:
                _FunctionBufferizer(op, f, globals_).run()
            elif isinstance(f, func.FuncOp) and any(
                isinstance(t, TensorType)
                for t in (*f.function_type.inputs, *f.function_type.outputs)
            ):
                f.properties["function_type"] = FunctionType.from_lists(
                    [memref_type_of(t) for t in f.function_type.inputs],
                    [memref_type_of(t) for t in f.function_type.outputs],
                )


__all__ = ["OneShotBufferizePass", "memref_type_of"]
