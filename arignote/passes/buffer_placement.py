"""buffer-placement: a memory space for every buffer, transfers, and deallocation.

Input: bufferized functions (one-shot-bufferize output): `memref.alloc`, `memref.get_global`,
`memref.dim`, `memref.copy`, compute ops on buffers (`linalg.generic`, `libcall.*`),
`func.return` of buffers; all in the function's entry block.

Option `target`: `cpu` (default) or `gpu`.

- cpu: every buffer stays in host memory.
- gpu: compute runs on the device, so every buffer a compute op touches lives in device
  memory (memory space 1, made by `gpu.alloc`).  Compute ops are linalg and libcall ops
  and top-level `scf.for` nests that load or store buffers (the sequential scatter of
  `tt.update_take`; `wrap-sequential-loops` later makes such a nest a kernel).  An
  argument or result with the unit attribute `arignote.resident` (a shared variable and
  its new value) is a device buffer: the caller passes and receives device memory, and
  no copy is made for it.  Any other host buffer that a compute op reads (an argument, a
  host-filled buffer) is copied to the device once, before its first use (`gpu.memcpy`
  host to device), except: a constant global gets a device twin
  (`memref.global @<name>_device : memref<..., 1 : i64>`, same initial value) that the
  runtime uploads once per compiled function, and a rank-0 host buffer that a
  `linalg.generic` reads as an input is loaded on the host and passed by value (the
  kernel gets a scalar argument).  A device result is copied back into a fresh host
  buffer before the return (`gpu.memcpy` device to host).  Copies happen only where a value
  crosses; `memref.copy` between buffers becomes `gpu.memcpy` when either side is on the
  device.  Metadata (`memref.dim`) is read from the host-side value.

A `host.call` (a host callback) runs on the host on both targets: on gpu, each device
operand is copied to a new host buffer just before the call (`gpu.memcpy` device to host),
its results are host buffers (copied to the device before a compute use, like any host
buffer), and a result returned as a resident value is copied to a device buffer before
the return.

Deallocation (both targets): every buffer allocated in the function that is not returned
(by `memref.alloc`, `gpu.alloc` or as a `host.call` result) is freed right after its last
use (`memref.dealloc` / `gpu.dealloc`), so nothing leaks; returned buffers belong to the
caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xdsl.context import Context
from xdsl.dialects import func, memref, scf
from xdsl.dialects.linalg import ops as linalg
from xdsl.dialects import gpu as xgpu
from xdsl.dialects.builtin import (
    FunctionType,
    IntegerAttr,
    MemRefType,
    ModuleOp,
    StringAttr,
    UnitAttr,
    i64,
)
from xdsl.ir import Block, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from arignote.dialects import memref as amemref
from arignote.dialects.gpu import MemcpyOp
from arignote.dialects.memref import VIEWS
from arignote.dialects.memref import GlobalOp as MemrefGlobalOp
from arignote.dialects.tensor import reassociation_groups
from arignote.errors import PassError
from arignote.ir import diagnostic
from arignote.lowering.one_shot_bufferize import dynamic_sizes_before

PASS_NAME = "buffer-placement"
DEVICE_SPACE = IntegerAttr(1, i64)


def device_type(t: MemRefType) -> MemRefType:
    return MemRefType(t.element_type, t.get_shape(), memory_space=DEVICE_SPACE)


def is_device(v: SSAValue) -> bool:
    t = v.type
    return isinstance(t, MemRefType) and t.memory_space == DEVICE_SPACE


def _device_view(view: Operation, source: SSAValue) -> Operation:
    """`view` (a memref.cast or memref.collapse_shape) redone on device buffer `source`."""
    if isinstance(view, memref.CollapseShapeOp):
        return amemref.CollapseShapeOp(source, reassociation_groups(view.reassociation))
    t = view.results[0].type
    assert isinstance(t, MemRefType)
    return memref.CastOp.get(source, device_type(t))


def _is_compute(op: Operation) -> bool:
    """linalg and libcall ops, loop nests over buffers (a sequential scatter), and the
    loops and conditionals whose bodies run on the device (`loop.scan`, `loop.if`)."""
    if isinstance(op, linalg.GenericOp) or op.dialect_name() in ("libcall", "loop"):
        return True
    return isinstance(op, scf.ForOp) and any(
        isinstance(o, memref.LoadOp | memref.StoreOp) for o in op.walk()
    )


def _top_level_user(op: Operation, block: Block) -> Operation:
    """The ancestor of `op` that sits directly in `block`."""
    cur = op
    while cur.parent_block() is not block:
        parent = cur.parent_op()
        assert parent is not None
        cur = parent
    return cur


def _last_use(v: SSAValue, block: Block) -> Operation | None:
    last: Operation | None = None
    index = {op: i for i, op in enumerate(block.ops)}
    for use in v.uses:
        top = _top_level_user(use.operation, block)
        if last is None or index[top] > index[last]:
            last = top
    return last


@dataclass(frozen=True)
class BufferPlacementPass(ModulePass):
    name = "buffer-placement"

    target: str = "cpu"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.target not in ("cpu", "gpu"):
            raise PassError(
                f"error: {PASS_NAME}: unknown target {self.target!r} (use target=cpu or target=gpu)"
            )
        for f in list(op.walk()):
            if not isinstance(f, func.FuncOp) or not f.body.blocks:
                continue
            if "arignote.kernel" in f.attributes:
                continue
            if len(f.body.blocks) != 1:
                raise PassError(diagnostic(f, PASS_NAME, "expects a function with a single block"))
            if self.target == "gpu":
                _place_on_device(f)
            _insert_deallocs(f)


def _compute_uses(v: SSAValue, block: Block) -> list:  # type: ignore[type-arg]
    """Uses of v by compute ops: as operands, or inside their bodies (gathers)."""
    return [u for u in v.uses if _is_compute(_top_level_user(u.operation, block))]


def _host_written(v: SSAValue, block: Block) -> bool:
    """Whether host code (a top-level memref.store) writes buffer v."""
    return any(
        isinstance(u.operation, memref.StoreOp) and u.operation.parent_block() is block
        for u in v.uses
    )


#: the unit attribute of an argument or result that lives in device memory
RESIDENT = "arignote.resident"


def _resident(attrs: Any, n: int) -> set[int]:
    """Positions whose argument/result attributes carry `arignote.resident`."""
    if attrs is None:
        return set()
    return {i for i, d in enumerate(attrs.data) if i < n and RESIDENT in d.data}


def _place_on_device(f: func.FuncOp) -> None:
    block = f.body.blocks[0]
    ops = list(block.ops)
    # 0. resident arguments (shared variables) already live in device memory
    resident_args = _resident(f.arg_attrs, len(block.args))
    for i in sorted(resident_args):
        arg = block.args[i]
        if isinstance(arg.type, MemRefType):
            Rewriter.replace_value_with_new_type(arg, device_type(arg.type))
    # 1. buffers allocated here and written/read by compute move to the device (buffers
    #    the host fills itself stay on the host and are copied like arguments)
    for o in ops:
        if (
            isinstance(o, memref.AllocOp)
            and _compute_uses(o.memref, block)
            and not _host_written(o.memref, block)
        ):
            t = o.memref.type
            assert isinstance(t, MemRefType)
            dev = xgpu.AllocOp(device_type(t), list(o.dynamic_sizes))
            dev.location = o.location
            Rewriter.replace_op(o, dev)
    # 1a. the buffers loop.scan / loop.if allocate are device buffers
    for o in ops:
        if o.dialect_name() == "loop":
            for r in o.results:
                if isinstance(r.type, MemRefType):
                    Rewriter.replace_value_with_new_type(r, device_type(r.type))
    # 2. host buffers read by compute (arguments, globals, host-filled buffers) get one
    #    device copy each, made before their first compute use
    host_values: list[SSAValue] = [
        a for a in block.args if isinstance(a.type, MemRefType) and not is_device(a)
    ]
    host_values += [o.memref for o in ops if isinstance(o, memref.GetGlobalOp)]
    host_values += [
        o.memref
        for o in block.ops
        if isinstance(o, memref.AllocOp) and _host_written(o.memref, block)
    ]
    host_values += [r for o in ops if _is_host_call(o) for r in o.results]
    # views of those (a constant of static shape cast where the type is dynamic, a
    # flattened argument)
    host_set = set(host_values)
    for o in block.ops:
        if isinstance(o, VIEWS) and o.operands[0] in host_set:
            host_values.append(o.results[0])
            host_set.add(o.results[0])
    device_copy: dict[SSAValue, SSAValue] = {}
    for hv in host_values:
        _pass_scalar_by_value(hv, block)
        compute_uses = _compute_uses(hv, block)
        if not compute_uses:
            continue
        first = min(
            (_top_level_user(u.operation, block) for u in compute_uses),
            key=lambda o: list(block.ops).index(o),
        )
        t = hv.type
        assert isinstance(t, MemRefType)
        owner = hv.owner
        view = owner if isinstance(owner, VIEWS) else None
        source = view.operands[0].owner if view is not None else owner
        if isinstance(source, memref.GetGlobalOp):
            # a constant: a device twin of the global, uploaded once by the runtime
            twin = _device_global(f, source.name_.root_reference.data)
            gt = source.memref.type
            assert isinstance(gt, MemRefType)
            get = memref.GetGlobalOp(twin, device_type(gt))
            get.location = first.location
            new_ops: list[Operation] = [get]
            new_value: SSAValue = get.memref
            if view is not None:
                dev_view = _device_view(view, get.memref)
                dev_view.location = first.location
                new_ops.append(dev_view)
                new_value = dev_view.results[0]
            Rewriter.insert_op(new_ops, InsertPoint.before(first))
        else:
            sizes = dynamic_sizes_before(hv, first)
            dev = xgpu.AllocOp(device_type(t), sizes)
            copy = MemcpyOp(hv, dev.result)
            dev.location = copy.location = first.location
            Rewriter.insert_op([dev, copy], InsertPoint.before(first))
            new_value = dev.result
        device_copy[hv] = new_value
        for u in compute_uses:
            u.operation.operands[u.index] = new_value
        if not isinstance(source, memref.GetGlobalOp):
            _later_uses_read_device(hv, new_value, first, block)
    # 2a. views of device buffers are device buffers
    for o in list(block.ops):
        if isinstance(o, VIEWS) and is_device(o.operands[0]) and not is_device(o.results[0]):
            Rewriter.replace_op(o, _device_view(o, o.operands[0]))
    # 2b. host code reading a device buffer reads a host copy made just before
    for o in list(block.ops):
        if isinstance(o, memref.LoadOp) and is_device(o.memref):
            t = o.memref.type
            assert isinstance(t, MemRefType)
            sizes = dynamic_sizes_before(o.memref, o)
            host = amemref.AllocOp(
                sizes, [], MemRefType(t.element_type, t.get_shape()), IntegerAttr(64, i64)
            )
            copy = MemcpyOp(o.memref, host.memref)
            host.location = copy.location = o.location
            Rewriter.insert_op([host, copy], InsertPoint.before(o))
            o.operands[0] = host.memref
    # 2c. a host callback reads host copies of its device operands
    for o in list(block.ops):
        if _is_host_call(o):
            _host_operands(o)
    # 3. copies touching the device become gpu.memcpy
    for o in list(block.ops):
        if isinstance(o, memref.CopyOp) and (is_device(o.source) or is_device(o.destination)):
            Rewriter.replace_op(o, MemcpyOp(o.source, o.destination))
    # 4. device results go back to fresh host buffers, but resident results (the new
    #    values of shared variables) stay on the device
    ret = block.last_op
    assert isinstance(ret, func.ReturnOp)
    resident_results = _resident(f.res_attrs, len(ret.arguments))
    new_operands: list[SSAValue] = []
    for i, v in enumerate(ret.arguments):
        if i in resident_results and isinstance(v.type, MemRefType) and not is_device(v):
            new_operands.append(device_copy.get(v) or _upload(v, ret))
        elif is_device(v) and i not in resident_results:
            t = v.type
            assert isinstance(t, MemRefType)
            sizes = dynamic_sizes_before(v, ret)
            host = amemref.AllocOp(
                sizes, [], MemRefType(t.element_type, t.get_shape()), IntegerAttr(64, i64)
            )
            copy = MemcpyOp(v, host.memref)
            # the copy is placed by the return, but it is the result's op that users know
            host.location = copy.location = (
                v.owner.location if isinstance(v.owner, Operation) else ret.location
            )
            Rewriter.insert_op([host, copy], InsertPoint.before(ret))
            new_operands.append(host.memref)
        else:
            new_operands.append(v)
    Rewriter.replace_op(ret, func.ReturnOp(*new_operands))
    f.properties["function_type"] = FunctionType.from_lists(
        [a.type for a in block.args], [v.type for v in new_operands]
    )


def _later_uses_read_device(hv: SSAValue, dev: SSAValue, first: Operation, block: Block) -> None:
    """From its first compute use on, a host buffer's contents are its device copy's: a
    compute op may write the buffer in place (one-shot-bufferize reuses a dead input's
    buffer for the output, e.g. a rank-0 bool the host computed), so later host reads and
    the return take the device copy (copied back by steps 2b and 4), unless the host
    writes the buffer again.  `memref.dim` and casts keep the host value (metadata)."""
    order = {id(o): i for i, o in enumerate(block.ops)}
    start = order[id(first)]
    later = [
        u for u in list(hv.uses)
        if order.get(id(_top_level_user(u.operation, block)), -1) > start
        and not _is_compute(_top_level_user(u.operation, block))
    ]  # fmt: skip
    if any(isinstance(u.operation, memref.StoreOp) for u in later):
        return
    for u in later:
        if not isinstance(u.operation, (memref.DimOp, *VIEWS)):
            u.operation.operands[u.index] = dev


def _is_host_call(op: Operation) -> bool:
    return op.name == "host.call"


def _host_operands(call: Operation) -> None:
    """Each device operand of a host.call replaced by a host copy made just before it."""
    for k, v in enumerate(call.operands):
        if not is_device(v):
            continue
        t = v.type
        assert isinstance(t, MemRefType)
        sizes = dynamic_sizes_before(v, call)
        host = amemref.AllocOp(
            sizes, [], MemRefType(t.element_type, t.get_shape()), IntegerAttr(64, i64)
        )
        copy = MemcpyOp(v, host.memref)
        host.location = copy.location = call.location
        Rewriter.insert_op([host, copy], InsertPoint.before(call))
        call.operands[k] = host.memref


def _upload(v: SSAValue, before: Operation) -> SSAValue:
    """A device copy of host buffer v, made just before `before`."""
    t = v.type
    assert isinstance(t, MemRefType)
    dev = xgpu.AllocOp(device_type(t), dynamic_sizes_before(v, before))
    copy = MemcpyOp(v, dev.result)
    dev.location = copy.location = before.location
    Rewriter.insert_op([dev, copy], InsertPoint.before(before))
    return dev.result


def _pass_scalar_by_value(hv: SSAValue, block: Block) -> None:
    """A rank-0 host buffer read by top-level linalg.generics as an input is loaded on the
    host (`memref.load`) and its value used in their bodies instead: the kernel then
    receives it as a scalar argument, and no device copy of it is needed."""
    t = hv.type
    if not isinstance(t, MemRefType) or t.get_num_dims() != 0:
        return
    for use in list(hv.uses):
        g = use.operation
        if not isinstance(g, linalg.GenericOp) or g.parent_block() is not block:
            continue
        k = use.index
        if k >= len(g.inputs) or g.inputs[k] is not hv:
            continue
        load = memref.LoadOp.get(hv, [])
        load.location = g.location
        Rewriter.insert_op(load, InsertPoint.before(g))
        arg = g.body.block.args[k]
        arg.replace_all_uses_with(load.res)
        inputs = [v for i, v in enumerate(g.inputs) if i != k]
        maps = [m for i, m in enumerate(g.indexing_maps.data) if i != k]
        body = g.body.clone()
        body.block.erase_arg(body.block.args[k])
        new = linalg.GenericOp(
            inputs, list(g.outputs), body, maps, g.iterator_types,
            [r.type for r in g.res],
        )  # fmt: skip
        new.location = g.location
        Rewriter.replace_op(g, new)


def _device_global(f: func.FuncOp, name: str) -> str:
    """The name of the device twin of constant global `name` (made once per module):
    `memref.global "private" constant @<name>_device : memref<..., 1 : i64>` with the
    same initial value."""
    module = f.parent_op()
    assert module is not None
    twin = f"{name}_device"
    host = None
    for op in module.regions[0].blocks[0].ops:
        if isinstance(op, memref.GlobalOp) and op.sym_name.data == twin:
            return twin
        if isinstance(op, memref.GlobalOp) and op.sym_name.data == name:
            host = op
    assert host is not None, name
    t = host.type
    assert isinstance(t, MemRefType)
    g = MemrefGlobalOp.get(
        StringAttr(twin), device_type(t), host.initial_value, sym_visibility=StringAttr("private"),
        constant=UnitAttr(), alignment=host.alignment.value.data if host.alignment else None,
    )  # fmt: skip
    g.location = host.location
    Rewriter.insert_op(g, InsertPoint.after(host))
    return twin


def _aliases(buf: SSAValue) -> list[SSAValue]:
    """buf and the views of it (memref.cast and memref.collapse_shape results,
    transitively)."""
    out = [buf]
    for v in out:
        out.extend(u.operation.results[0] for u in v.uses if isinstance(u.operation, VIEWS))
    return out


def _allocations(block: Block) -> list[tuple[Operation, SSAValue, type]]:
    """(op, buffer, dealloc op class) of every buffer allocated in block: memref.alloc,
    gpu.alloc, the results of loop.scan / loop.if and of host.call."""
    out: list[tuple[Operation, SSAValue, type]] = []
    for o in list(block.ops):
        if isinstance(o, memref.AllocOp):
            out.append((o, o.memref, memref.DeallocOp))
        elif isinstance(o, xgpu.AllocOp):
            out.append((o, o.result, xgpu.DeallocOp))
        elif o.dialect_name() == "loop":
            for r in o.results:
                cls = xgpu.DeallocOp if is_device(r) else memref.DeallocOp
                out.append((o, r, cls))
        elif _is_host_call(o):  # its results are fresh host buffers
            bufs = [r for r in o.results if isinstance(r.type, MemRefType)]
            out.extend((o, r, memref.DeallocOp) for r in bufs)
    return out


def _insert_deallocs(f: func.FuncOp) -> None:
    block = f.body.blocks[0]
    ret = block.last_op
    returned = set(ret.operands) if isinstance(ret, func.ReturnOp) else set()
    index = {op: i for i, op in enumerate(block.ops)}
    for o, buf, dealloc_cls in _allocations(block):
        views = _aliases(buf)
        if any(v in returned for v in views):
            continue
        if any(isinstance(u.operation, memref.DeallocOp | xgpu.DeallocOp) for u in buf.uses):
            continue
        lasts = [x for x in (_last_use(v, block) for v in views) if x is not None]
        last = max(lasts, key=lambda x: index.get(x, -1)) if lasts else None
        d = memref.DeallocOp.get(buf) if dealloc_cls is memref.DeallocOp else xgpu.DeallocOp(buf)
        d.location = o.location
        if last is None:
            Rewriter.insert_op(d, InsertPoint.after(o))
        elif isinstance(last, func.ReturnOp):
            Rewriter.insert_op(d, InsertPoint.before(last))
        else:
            Rewriter.insert_op(d, InsertPoint.after(last))
