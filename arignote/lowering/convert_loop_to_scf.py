"""convert-loop-to-scf: on the CPU, a `loop.scan` whose body is kernels becomes an `scf.for`.

Input: loop-level IR (docs/internals.md, level 4) with `loop.scan` ops on memrefs calling
private body functions (from `outline-tt-loops`, bufferized and lowered to loops).

Output: each `loop.scan` whose body qualifies (docs/internals.md, "Native loops on the
CPU") is replaced, in place, by
- `cf.assert`s of what the host runner checks (at least one step, every sequence long
  enough, every initial state with its rows and the row shape of the body's state result),
- the body's invariant ops (index arithmetic, dims, its own checks, its temporary
  allocations), computed once before the loop,
- the result buffers (`memref.alloc`: `m + n` rows per state, `n` per output), the initial
  rows copied in by an `scf.parallel`,
- `scf.for %t = 0 to %n` holding the body's per-step ops (loop nests, `libcall.gemm`)
  on `loop.row` views of the sequences and state taps, every result written in place into
  its row of the result buffer,
- the deallocations of the hoisted temporaries after the loop;
and its body function is erased when nothing else calls it.  `cpu-kernel-outlining` then
makes the whole loop one native kernel.

A body qualifies when its top-level ops are: `arith` ops, `memref.dim` (constant dim),
`memref.alloc`, `memref.get_global` and `cf.assert` on invariant values; `scf.parallel` /
`scf.for` nests without results; `libcall.gemm` with provider `cpu-blas` on f32/f64 without
bias or epilogue, when a 64-bit CBLAS is available to call natively; `memref.dealloc` of a
temporary; `memref.cast` of an allocation or argument; `memref.collapse_shape` of a
temporary (a view: made once before the loop, beside the temporary); `func.return` of
distinct allocations of the body, each possibly through a `memref.cast` to the result
type, or of a collapsed view of one (that allocation is then a temporary, and each step
ends with a copy of the view into its row of the result buffer).
Any other loop (`until`, a host callback in the body, a value-dependent shape, a
`loop.if`, a body called twice) is left alone, for the host runtime's loop.  The pass
emits no diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from xdsl.context import Context
from xdsl.dialects import cf, func, memref, scf
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    IntegerAttr,
    MemRefType,
    ModuleOp,
    i64,
)
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from arignote.dialects import memref as amemref
from arignote.dialects import loop
from arignote.dialects.tensor import reassociation_groups
from arignote.ir import location_str
from arignote.lowering.kernel_abi import callable_natively
from arignote.lowering.ir_builder import INDEX, Emit, static_index

PASS = "convert-loop-to-scf"


def native_gemm_available() -> bool:
    """Whether kernels can call a CBLAS gemm natively (a 64-bit-integer CBLAS is loaded)."""
    from arignote.runtime.libcall.blas import load_cblas

    lib = load_cblas()
    return lib is not None and lib.int_bits == 64


@dataclass
class BodyPlan:
    """The body function of one loop, split into what runs once and what runs per step."""

    body: func.FuncOp
    hoisted: list[Operation] = field(default_factory=list)
    per_step: list[Operation] = field(default_factory=list)
    temporaries: list[memref.AllocOp] = field(default_factory=list)
    #: views of temporaries (`memref.collapse_shape`), made after them
    views: list[Operation] = field(default_factory=list)
    #: per result: the allocation a step writes into its row in place, or the view of a
    #: temporary the step copies into its row
    results: list[Operation] = field(default_factory=list)


def _is_native_gemm(op: Operation, gemm_ok: bool) -> bool:
    return gemm_ok and callable_natively(op)


def plan_body(body: func.FuncOp, gemm_ok: bool) -> BodyPlan | None:
    """The plan of a qualifying body (see the module docstring), else None."""
    if len(body.body.blocks) != 1:
        return None
    block = body.body.block
    ret = block.last_op
    if not isinstance(ret, func.ReturnOp):
        return None
    results = [_uncast(v).owner for v in ret.arguments]
    owners = [r.src.owner if isinstance(r, memref.CollapseShapeOp) else r for r in results]
    if not all(isinstance(r, memref.AllocOp) for r in owners) or len(set(owners)) != len(owners):
        return None
    plan = BodyPlan(body, results=results)  # type: ignore[arg-type]
    args = set(block.args)
    invariant: set[SSAValue] = set()
    allocs: set[SSAValue] = set()
    views: set[SSAValue] = set()
    for op in block.ops:
        if op is ret:
            break
        kind = _classify(op, args, invariant, allocs, views, gemm_ok)
        if kind is None:
            return None
        if kind == "hoist":
            plan.hoisted.append(op)
            invariant.update(op.results)
        elif kind == "step":
            plan.per_step.append(op)
        elif kind == "alloc":
            allocs.add(op.results[0])
            if op not in results:
                plan.temporaries.append(op)  # type: ignore[arg-type]
        elif kind == "view":
            views.add(op.results[0])
            plan.views.append(op)
        # "free": a temporary's dealloc, moved after the loop
    temporaries = {a.memref for a in plan.temporaries}
    if any(v.src not in temporaries for v in plan.views):  # type: ignore[attr-defined]
        return None  # (a view of a result: the step's rows are not views)
    return plan


def _uncast(v: SSAValue) -> SSAValue:
    """The allocation a returned value is cast from (`memref.cast` to the result type)."""
    owner = v.owner
    return owner.source if isinstance(owner, memref.CastOp) else v


def _classify(
    op: Operation, args: set[SSAValue], invariant: set[SSAValue], allocs: set[SSAValue],
    views: set[SSAValue], gemm_ok: bool,
) -> str | None:  # fmt: skip
    def inv(vs: object) -> bool:
        return all(v in invariant for v in vs)  # type: ignore[attr-defined]

    match op:
        case memref.AllocOp() if inv(op.dynamic_sizes) and not op.symbol_operands:
            return "alloc"
        case memref.DeallocOp() if op.memref in allocs:
            return "free"
        case memref.CastOp() if op.source in args or op.source in allocs:
            return "step"
        case memref.CollapseShapeOp() if op.src in allocs:
            return "view"
        case memref.DimOp() if (
            op.source in args or op.source in allocs or op.source in views
        ) and static_index(op.index) is not None:
            return "hoist"
        case memref.GetGlobalOp():
            return "hoist"
        case cf.AssertOp() if op.arg in invariant:
            return "hoist"
        case scf.ParallelOp() | scf.ForOp() if not op.results:
            return "step"
        case _ if _is_native_gemm(op, gemm_ok):
            return "step"
        case _ if op.dialect_name() == "arith" and not op.regions and inv(op.operands):
            return "hoist"
    return None


class _Rewrite:
    """Replaces one `loop.scan` by the native loop of its planned body."""

    def __init__(self, op: loop.ScanOp, plan: BodyPlan):
        self.op, self.plan = op, plan
        self.e = Emit(before=op)
        self.where = f"scan at {location_str(op)}"
        self.taps = op.state_taps()
        self.m = [max(-k for k in t) for t in self.taps]
        self.vmap: dict[SSAValue, SSAValue] = {}
        # body argument -> (parent buffer, whether it is a row of that buffer)
        self.source: list[tuple[SSAValue, bool]] = [(s, True) for s in op.sequences]
        for k, taps in enumerate(self.taps):
            self.source += [(op.states[k], True)] * len(taps)
        self.source += [(c, False) for c in op.consts]

    def run(self) -> None:
        self.n = self.op.n_steps
        self._checks()
        for h in self.plan.hoisted:
            self._hoist(h)
        temps = [self._temporary(a) for a in self.plan.temporaries]
        self.vmap.update({a.memref: t for a, t in zip(self.plan.temporaries, temps)})
        for view in self.plan.views:
            self._hoist(view)
        buffers = self._result_buffers()
        self._loop(buffers)
        after = self.op
        for t in temps:
            dealloc = memref.DeallocOp.get(t)
            dealloc.location = self.op.location
            Rewriter.insert_op(dealloc, InsertPoint.after(after))
            after = dealloc
        Rewriter.replace_op(self.op, [], buffers)

    # checks ------------------------------------------------------------------
    def _assert(self, cond: SSAValue, what: str) -> None:
        self.e.add(cf.AssertOp(cond, f"{self.where}: {what}"))

    def _checks(self) -> None:
        e, n = self.e, self.n
        self._assert(
            e.cmpi(n, e.index(0), "sgt"),
            "n_steps is {lhs}; scan runs at least one step (Theano raises for 0 and "
            "negative step counts)",
        )
        for i, s in enumerate(self.op.sequences):
            self._assert(
                e.cmpi(self._dim(s, 0), n, "sge"),
                f"sequence {i} has {{lhs}} steps, shorter than the {{rhs}} steps required",
            )
        for k, s in enumerate(self.op.states):
            rows = s.type.get_shape()[0]  # type: ignore[attr-defined]
            if rows != DYNAMIC_INDEX and rows >= self.m[k]:
                continue
            self._assert(
                e.cmpi(self._dim(s, 0), e.index(self.m[k]), "sge"),
                f"the initial value of state {k} has {{lhs}} rows; its taps {self.taps[k]} "
                f"need {self.m[k]}",
            )

    def _dim(self, v: SSAValue, k: int) -> SSAValue:
        t = v.type
        assert isinstance(t, MemRefType)
        size = t.get_shape()[k]
        if size != DYNAMIC_INDEX:
            return self.e.index(size)
        return self.e.add(memref.DimOp(v, self.e.index(k)))

    # invariant ops -------------------------------------------------------------
    def _hoist(self, op: Operation) -> None:
        if isinstance(op, memref.DimOp):
            self.vmap[op.result] = self._body_dim(op.source, static_index(op.index) or 0)
            return
        clone = op.clone(value_mapper=self.vmap)
        self.e.add(clone)
        self.vmap.update(zip(op.results, clone.results))

    def _body_dim(self, v: SSAValue, k: int) -> SSAValue:
        """Dim k of a body argument or allocation, as a value before the loop."""
        block = self.plan.body.body.block
        if v.owner is block:
            buf, is_row = self.source[v.index]  # type: ignore[attr-defined]
            return self._dim(buf, k + 1 if is_row else k)
        owner = v.owner
        if isinstance(owner, memref.CollapseShapeOp):
            return self._view_size(owner, k)
        assert isinstance(owner, memref.AllocOp)
        return self._alloc_size(owner, k)

    def _view_size(self, view: memref.CollapseShapeOp, k: int) -> SSAValue:
        """Dim k of a collapsed view: the product of its group's dims of the allocation."""
        alloc = view.src.owner
        assert isinstance(alloc, memref.AllocOp)
        size = self.e.index(1)
        for d in reassociation_groups(view.reassociation)[k]:
            size = self.e.muli(size, self._alloc_size(alloc, d))
        return size

    def _alloc_size(self, alloc: memref.AllocOp, k: int) -> SSAValue:
        shape = alloc.memref.type.get_shape()
        if shape[k] != DYNAMIC_INDEX:
            return self.e.index(shape[k])
        j = sum(1 for d in shape[:k] if d == DYNAMIC_INDEX)
        return self.vmap[alloc.dynamic_sizes[j]]

    def _temporary(self, alloc: memref.AllocOp) -> SSAValue:
        new = alloc.clone(value_mapper=self.vmap)
        self.e.add(new)
        return new.memref

    # result buffers --------------------------------------------------------------
    def _result_buffers(self) -> list[SSAValue]:
        e, n, op = self.e, self.n, self.op
        buffers = []
        for k, result in enumerate(self.plan.results):
            rows = result.results[0].type.get_shape()  # type: ignore[attr-defined]
            row = [self._body_dim(result.results[0], j) for j in range(len(rows))]
            lead = e.addi(n, e.index(self.m[k])) if k < len(op.states) else n
            if k < len(op.states):
                self._check_state_rows(k, row)
            buffers.append(self._alloc(op.res[k].type, [lead, *row]))
        for k, init in enumerate(op.states):
            self._copy_initial(init, buffers[k], self.m[k])
        return buffers

    def _check_state_rows(self, k: int, row: list[SSAValue]) -> None:
        init = self.op.states[k]
        for j, size in enumerate(row):
            self._assert(
                self.e.cmpi(size, self._dim(init, j + 1), "eq"),
                f"dim {j} of state {k} of fn is {{lhs}}, its initial value's is {{rhs}}; the "
                "shape of a scan output may not change between steps",
            )

    def _alloc(self, t: MemRefType, sizes: list[SSAValue]) -> SSAValue:
        dynamic = []
        for j, size in enumerate(t.get_shape()):
            if size == DYNAMIC_INDEX:
                dynamic.append(sizes[j])
            else:
                self._assert(
                    self.e.cmpi(sizes[j], self.e.index(size), "eq"),
                    f"dim {j} of a result is {{lhs}}, its type {t} says {{rhs}}",
                )
        return self.e.add(amemref.AllocOp(dynamic, [], t, IntegerAttr(64, i64)))

    def _copy_initial(self, init: SSAValue, buf: SSAValue, m: int) -> None:
        t = init.type
        assert isinstance(t, MemRefType)
        uppers = [self.e.index(m)] + [self._dim(init, j) for j in range(1, t.get_num_dims())]
        _copy(self.e, init, buf, uppers)

    # the loop ------------------------------------------------------------------
    def _loop(self, buffers: list[SSAValue]) -> None:
        body = Block(arg_types=[INDEX])
        t = body.args[0]
        inner = Emit(block=body)
        inner.location = self.op.location
        mapping = dict(self.vmap)
        block = self.plan.body.body.block
        n_seqs = len(self.op.sequences)
        arg = 0
        for i in range(n_seqs):
            mapping[block.args[arg]] = self._row(inner, self.op.sequences[i], t, block.args[arg])
            arg += 1
        for k, taps in enumerate(self.taps):
            for tap in taps:
                at = inner.addi(t, inner.index(self.m[k] + tap))
                mapping[block.args[arg]] = self._row(inner, buffers[k], at, block.args[arg])
                arg += 1
        for c in self.op.consts:
            mapping[block.args[arg]] = c
            arg += 1
        copies = []
        for k, result in enumerate(self.plan.results):
            at = inner.addi(t, inner.index(self.m[k])) if k < len(self.op.states) else t
            value = result.results[0]
            row = self._row(inner, buffers[k], at, value)
            if isinstance(result, memref.CollapseShapeOp):
                copies.append((self.vmap[value], row))
            else:
                mapping[value] = row
        for op in self.plan.per_step:
            inner.add(op.clone(value_mapper=mapping))
        for view, row in copies:
            self._copy_row(inner, view, row)
        body.add_op(scf.YieldOp())
        zero, one = self.e.index(0), self.e.index(1)
        self.e.add(scf.ForOp(zero, self.n, one, [], Region(body)))

    def _copy_row(self, e: Emit, src: SSAValue, dst: SSAValue) -> None:
        """`dst[...] = src[...]`: the row of a result a view returned, each step."""
        t = src.type
        assert isinstance(t, MemRefType)
        uppers = [
            e.index(d) if d != DYNAMIC_INDEX else e.add(memref.DimOp(src, e.index(j)))
            for j, d in enumerate(t.get_shape())
        ]
        _copy(e, src, dst, uppers)

    @staticmethod
    def _row(e: Emit, buf: SSAValue, at: SSAValue, like: SSAValue) -> SSAValue:
        return e.add(loop.RowOp(buf, at, like.type))


def _copy(e: Emit, src: SSAValue, dst: SSAValue, uppers: list[SSAValue]) -> None:
    """`dst[i...] = src[i...]` for i in [0, uppers), one scf.parallel."""
    body = Block(arg_types=[INDEX] * len(uppers))
    v = memref.LoadOp.get(src, list(body.args))
    body.add_ops([v, memref.StoreOp.get(v.res, dst, list(body.args)), scf.ReduceOp()])
    zero, one = e.index(0), e.index(1)
    e.add(scf.ParallelOp([zero] * len(uppers), uppers, [one] * len(uppers), Region(body)))


def _callers(module: ModuleOp) -> dict[str, int]:
    counts: dict[str, int] = {}
    for o in module.walk():
        if isinstance(o, loop.ScanOp):
            counts[o.callee_name()] = counts.get(o.callee_name(), 0) + 1
        elif isinstance(o, func.CallOp):
            name = o.callee.root_reference.data
            counts[name] = counts.get(name, 0) + 1
    return counts


def _functions(module: ModuleOp) -> dict[str, func.FuncOp]:
    return {o.sym_name.data: o for o in module.body.block.ops if isinstance(o, func.FuncOp)}


def convert_loops(module: ModuleOp, gemm_ok: Callable[[], bool] = native_gemm_available) -> int:
    """Converts every qualifying `loop.scan` of `module`, innermost first; returns how many."""
    done = 0
    gemm = None
    while True:
        funcs, callers = _functions(module), _callers(module)
        for op in [o for o in module.walk() if isinstance(o, loop.ScanOp)]:
            body = funcs.get(op.callee_name())
            if body is None or op.until is not None or callers.get(op.callee_name()) != 1:
                continue
            if any(isinstance(o, loop.ScanOp | loop.IfOp) for o in body.walk()):
                continue  # its inner loops first
            if gemm is None:
                gemm = gemm_ok()
            plan = plan_body(body, gemm)
            if plan is None:
                continue
            _Rewrite(op, plan).run()
            body.detach()
            body.erase()
            done += 1
            break
        else:
            return done


@dataclass(frozen=True)
class ConvertLoopToScfPass(ModulePass):
    name = "convert-loop-to-scf"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        convert_loops(op)


__all__ = ["ConvertLoopToScfPass", "convert_loops", "plan_body", "native_gemm_available"]
