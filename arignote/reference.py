"""NumPy reference evaluation of `tt`-level functions: the oracle of the numeric tests.

`evaluate(func_op, args)` runs a `func.func` of tt ops (plus `arith` on scalars and
index values, `tensor.dim`, `tensor.cast`, `cf.assert`) on NumPy arrays, op by op, with
each op's `reference`.  It is deliberately simple and slow: it defines what the compiled
code must compute.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from xdsl.dialects import arith, cf, func, tensor
from xdsl.dialects.builtin import (
    DenseIntOrFPElementsAttr,
    FloatAttr,
    IntegerAttr,
    ModuleOp,
    TensorType,
)
from xdsl.ir import Block, Operation, SSAValue

from arignote.dialects import tt
from arignote.errors import ShapeError

_INDEX_BINOPS = {
    arith.AddiOp: lambda a, b: a + b,
    arith.SubiOp: lambda a, b: a - b,
    arith.MuliOp: lambda a, b: a * b,
    arith.FloorDivSIOp: lambda a, b: a // b,
    arith.DivSIOp: lambda a, b: int(a / b),
    arith.DivUIOp: lambda a, b: a // b,
    arith.CeilDivUIOp: lambda a, b: -(-a // b),
    arith.CeilDivSIOp: lambda a, b: -(-a // b),
    arith.RemUIOp: lambda a, b: a % b,
    arith.MaxSIOp: max,
    arith.MinSIOp: min,
    arith.MaxUIOp: max,
    arith.MinUIOp: min,
}
_CMPI = {
    0: lambda a, b: a == b, 1: lambda a, b: a != b, 2: lambda a, b: a < b,
    3: lambda a, b: a <= b, 4: lambda a, b: a > b, 5: lambda a, b: a >= b,
    6: lambda a, b: a < b, 7: lambda a, b: a <= b, 8: lambda a, b: a > b, 9: lambda a, b: a >= b,
}  # fmt: skip


def find_function(module: ModuleOp, name: str | None = None) -> func.FuncOp:
    funcs = [o for o in module.walk() if isinstance(o, func.FuncOp) and o.body.blocks]
    if name is None:
        if len(funcs) != 1:
            raise ValueError(f"module has {len(funcs)} functions; name the one to evaluate")
        return funcs[0]
    for f in funcs:
        if f.sym_name.data == name:
            return f
    raise ValueError(f"no function @{name} in the module")


def evaluate(f: func.FuncOp, args: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Run the tt-level function `f` on NumPy `args`; returns its results."""
    block = f.body.blocks[0]
    if len(args) != len(block.args):
        raise ValueError(f"@{f.sym_name.data} takes {len(block.args)} arguments, got {len(args)}")
    env: dict[SSAValue, object] = {}
    for a, v in zip(block.args, args):
        t = a.type
        if isinstance(t, TensorType):
            v = np.asarray(v, dtype=tt.numpy_dtype(t.element_type))
        env[a] = v
    for op in block.ops:
        if isinstance(op, func.ReturnOp):
            return [np.asarray(env[v]) for v in op.arguments]
        try:
            _check_static_size(op)
            _step(op, env)
        except MemoryError as e:  # a result too large for this machine: say which op
            _too_large(op, str(e))
    raise ValueError(f"@{f.sym_name.data} has no func.return")


# more elements than NumPy can index (its iterators and sizes are signed 64-bit): such a
# result type is refused before NumPy fails inside (a ValueError from its internals)
_MAX_ELEMENTS = 1 << 62


def _check_static_size(op: Operation) -> None:
    for r in op.results:
        t = r.type
        if isinstance(t, TensorType):
            n = 1
            for d in t.get_shape():
                n *= max(d, 1)  # a dynamic dim (-1) counts as one
            if n > _MAX_ELEMENTS:
                _too_large(op, f"a result of type {t} has {n} elements")


def _too_large(op: Operation, why: str) -> None:
    from arignote.errors import ArignoteError
    from arignote.ir import location_str

    raise ArignoteError(
        f"{location_str(op)}: error: the NumPy reference cannot evaluate '{op.name}': {why}"
    ) from None


def _step(op: Operation, env: dict[SSAValue, object]) -> None:
    vals = [env[v] for v in op.operands]
    if isinstance(op, tt.HostCallOp):
        for r, out_value in zip(op.results, op.reference_all(*vals)):
            env[r] = out_value
        return
    match op:
        case tt.ScanOp():
            env.update(zip(op.results, _scan(op, vals)))
            return
        case tt.IfOp():
            block = op.then_region.block if bool(vals[0]) else op.else_region.block
            env.update(zip(op.results, _run_block(block, vals[1:])))
            return
        case tt.TTOp():
            out: object = op.reference(*vals)
        case arith.ConstantOp():
            out = _constant(op)
        case tensor.DimOp():
            out = int(np.shape(vals[0])[int(vals[1])])  # type: ignore[arg-type]
        case tensor.CastOp():
            out = vals[0]
        case arith.CmpiOp():
            out = _CMPI[op.predicate.value.data](*vals)
        case arith.SelectOp():
            out = vals[1] if vals[0] else vals[2]
        case arith.IndexCastOp():
            out = int(vals[0])  # type: ignore[call-overload]
        case cf.AssertOp():
            if not vals[0]:
                raise ShapeError(op.msg.data)
            return
        case _ if type(op) in _INDEX_BINOPS:
            out = _INDEX_BINOPS[type(op)](*vals)  # type: ignore[operator]
        case _:
            raise ValueError(f"the reference evaluator does not know {op.name}")
    if len(op.results) > 1:  # a multi-result op's reference returns one value per result
        env.update(zip(op.results, out))  # type: ignore[call-overload]
        return
    env[op.results[0]] = out


def _run_block(block: Block, args: Sequence[object]) -> list[object]:
    """Run a tt.scan / tt.if region's block on `args`; the values its tt.yield gives."""
    env: dict[SSAValue, object] = dict(zip(block.args, args))
    for op in block.ops:
        if isinstance(op, tt.YieldOp):
            return [np.asarray(env[v]) for v in op.values]
        _step(op, env)
    raise ValueError("a region without tt.yield")


def _scan(op: tt.ScanOp, vals: list[object]) -> list[np.ndarray]:
    """tt.scan step by step: the state buffers grow by one row per step, the outputs are
    stacked; with `until` the loop stops after the step whose condition is true."""
    n = int(vals[0])  # type: ignore[call-overload]
    ns, nst = len(op.sequences), len(op.states)
    seqs = [np.asarray(v) for v in vals[1 : 1 + ns]]
    taps = op.state_taps()
    ms = [max(-k for k in ks) for ks in taps]
    init = [np.asarray(v) for v in vals[1 + ns : 1 + ns + nst]]
    for k, (v, m) in enumerate(zip(init, ms)):
        if len(v) < m:
            raise ShapeError(
                f"tt.scan: the initial value of state {k} has {len(v)} rows; its taps "
                f"{taps[k]} need {m}"
            )
    # the first m rows are the initial ones, more are not read (Theano's scan slices
    # the initial value to init[:m], scan_module/scan.py l.685)
    bufs = [list(v[:m]) for v, m in zip(init, ms)]
    consts = vals[1 + ns + nst :]
    rows: list[list[np.ndarray]] = [[] for _ in range(op.n_outputs())]
    for t in range(n):
        for s in seqs:
            if t >= len(s):
                raise ShapeError(f"tt.scan: a sequence has {len(s)} rows, step {t} needs more")
        args: list[object] = [s[t] for s in seqs]
        for buf, ks, m in zip(bufs, taps, ms):
            args += [buf[t + m + k] for k in ks]
        ys = _run_block(op.body.block, [*args, *consts])
        for buf, y in zip(bufs, ys):
            buf.append(y)
        for r, y in zip(rows, ys[nst:]):
            r.append(y)
        if op.until is not None and bool(ys[-1]):
            break
    out = [np.stack(b) for b in bufs]
    for r, res in zip(rows, op.res[nst:]):
        shape = [0, *[d if d >= 0 else 0 for d in res.type.get_shape()[1:]]]  # type: ignore[attr-defined]
        dtype = tt.numpy_dtype(res.type.element_type)  # type: ignore[attr-defined]
        out.append(np.stack(r) if r else np.zeros(shape, dtype))
    return out


def _constant(op: arith.ConstantOp) -> object:
    v = op.value
    if isinstance(v, IntegerAttr):
        return int(v.value.data)
    if isinstance(v, FloatAttr):
        return float(v.value.data)
    if isinstance(v, DenseIntOrFPElementsAttr):
        return tt.ConstantOp(v).to_numpy()
    raise ValueError(f"unsupported constant {v}")
