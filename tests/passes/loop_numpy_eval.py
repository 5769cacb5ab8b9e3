"""A scalar-at-a-time NumPy evaluator of loop-level and linalg-level IR, for tests.

`LoopEvaluator(module).call("f", *args)` runs a `func.func` on NumPy arrays (memrefs,
mutated in place) and scalars, and returns the function's results.  It understands:

* `func.func` / `func.call` / `func.return`;
* `scf.for` (with iter_args), `scf.parallel` (no reductions), `scf.if`, `scf.yield`,
  `scf.reduce`;
* `memref.load` / `store` / `dim` / `alloc` / `alloca` / `dealloc` / `copy`, with bounds
  checks (a negative or too large index raises `IndexError`);
* `arith` and `math` on index (Python int), integers and floats (NumPy scalars of the
  element type, so f32 arithmetic rounds like f32);
* the reference semantics of linalg ops on memrefs (`linalg.generic`, the named
  structured ops through xDSL's indexing maps, `linalg.reduce`, `linalg.broadcast`):
  every point of the iteration space in lexicographic order, operands read through the
  indexing maps, the body evaluated, the yielded values written back.  This is written
  from linalg's definition, independently of `convert-linalg-to-parallel-loops`, and
  is the "before" side of numeric tests of that pass.

`scf.parallel` runs its iterations in reverse lexicographic order (`parallel_order =
"reverse"`, or "forward"): a lowering whose iterations depend on each other gives
different numbers than the linalg reference.  Alloc'ed float buffers start as NaN so a
read before a write shows.  An op it does not know raises `ValueError` naming it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from xdsl.dialects import arith, func, scf
from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    IndexType,
    IntegerAttr,
    IntegerType,
    MemRefType,
    ModuleOp,
    ShapedType,
)
from xdsl.dialects.linalg.abstract_ops import LinalgStructuredOperation
from xdsl.dialects.linalg.ops import BroadcastOp, IndexOp, ReduceOp
from xdsl.ir import Attribute, Block, Operation, SSAValue
from xdsl.ir.affine import AffineConstantExpr, AffineDimExpr, AffineMap

Value = Any


def np_dtype(t: Attribute) -> Any:
    """The NumPy dtype of an element type."""
    if isinstance(t, Float32Type):
        return np.float32
    if isinstance(t, Float64Type):
        return np.float64
    if isinstance(t, Float16Type):
        return np.float16
    if isinstance(t, BFloat16Type):
        raise ValueError("loop_numpy_eval: bf16 is not supported")
    if isinstance(t, IntegerType):
        width = t.width.data
        if width == 1:
            return np.bool_
        return {8: np.int8, 16: np.int16, 32: np.int32, 64: np.int64}[width]
    if isinstance(t, IndexType):
        return np.int64
    raise ValueError(f"loop_numpy_eval: no dtype for {t}")


def _scalar(t: Attribute, v: Any) -> Value:
    if isinstance(t, IndexType):
        return int(v)
    return np_dtype(t)(v)


def _is_float(t: Attribute) -> bool:
    return isinstance(t, Float16Type | Float32Type | Float64Type)


def _trunc_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return -q if (a < 0) != (b < 0) else q


def _erf(x: Any) -> Any:
    return type(x)(math.erf(float(x)))


_CMPF: dict[int, Callable[[Any, Any], bool]] = {
    0: lambda a, b: False,
    1: lambda a, b: a == b,
    2: lambda a, b: a > b,
    3: lambda a, b: a >= b,
    4: lambda a, b: a < b,
    5: lambda a, b: a <= b,
    6: lambda a, b: a != b and not (np.isnan(a) or np.isnan(b)),
    7: lambda a, b: not (np.isnan(a) or np.isnan(b)),
    8: lambda a, b: bool(np.isnan(a) or np.isnan(b) or a == b),
    9: lambda a, b: bool(np.isnan(a) or np.isnan(b) or a > b),
    10: lambda a, b: bool(np.isnan(a) or np.isnan(b) or a >= b),
    11: lambda a, b: bool(np.isnan(a) or np.isnan(b) or a < b),
    12: lambda a, b: bool(np.isnan(a) or np.isnan(b) or a <= b),
    13: lambda a, b: bool(np.isnan(a) or np.isnan(b) or a != b),
    14: lambda a, b: bool(np.isnan(a) or np.isnan(b)),
    15: lambda a, b: True,
}


def _unsigned(v: Any, width: int) -> int:
    return int(v) & ((1 << width) - 1)


def _int_width(t: Attribute) -> int:
    return t.width.data if isinstance(t, IntegerType) else 64


_FLOAT_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "arith.addf": lambda a, b: a + b,
    "arith.subf": lambda a, b: a - b,
    "arith.mulf": lambda a, b: a * b,
    "arith.divf": lambda a, b: a / b,
    "arith.remf": lambda a, b: np.fmod(a, b),
    "arith.maximumf": lambda a, b: np.maximum(a, b),
    "arith.minimumf": lambda a, b: np.minimum(a, b),
    "arith.maxnumf": lambda a, b: np.fmax(a, b),
    "arith.minnumf": lambda a, b: np.fmin(a, b),
    "math.powf": lambda a, b: np.power(a, b),
    "math.atan2": lambda a, b: np.arctan2(a, b),
    "math.copysign": lambda a, b: np.copysign(a, b),
}

_INT_BINARY: dict[str, Callable[[int, int], int]] = {
    "arith.addi": lambda a, b: a + b,
    "arith.subi": lambda a, b: a - b,
    "arith.muli": lambda a, b: a * b,
    "arith.divsi": _trunc_div,
    "arith.remsi": lambda a, b: a - _trunc_div(a, b) * b,
    "arith.floordivsi": lambda a, b: a // b,
    "arith.ceildivsi": lambda a, b: -((-a) // b),
    "arith.maxsi": max,
    "arith.minsi": min,
    "arith.andi": lambda a, b: a & b,
    "arith.ori": lambda a, b: a | b,
    "arith.xori": lambda a, b: a ^ b,
    "arith.shli": lambda a, b: a << b,
    "arith.shrsi": lambda a, b: a >> b,
}

_FLOAT_UNARY: dict[str, Callable[[Any], Any]] = {
    "arith.negf": lambda a: -a,
    "math.exp": np.exp,
    "math.exp2": np.exp2,
    "math.expm1": np.expm1,
    "math.log": np.log,
    "math.log2": np.log2,
    "math.log10": np.log10,
    "math.log1p": np.log1p,
    "math.sqrt": np.sqrt,
    "math.rsqrt": lambda a: type(a)(1) / np.sqrt(a),
    "math.tanh": np.tanh,
    "math.sin": np.sin,
    "math.cos": np.cos,
    "math.tan": np.tan,
    "math.atan": np.arctan,
    "math.absf": np.abs,
    "math.floor": np.floor,
    "math.ceil": np.ceil,
    "math.round": lambda a: np.sign(a) * np.floor(np.abs(a) + type(a)(0.5)),
    "math.roundeven": np.rint,
    "math.trunc": np.trunc,
    "math.erf": _erf,
}


def _wrap(t: Attribute, v: int) -> Value:
    """An integer result of type `t` (index stays a Python int; iN wraps)."""
    if isinstance(t, IndexType):
        return v
    width = _int_width(t)
    if width == 1:
        return np.bool_(v & 1)
    v &= (1 << width) - 1
    if v >= 1 << (width - 1):
        v -= 1 << width
    return np_dtype(t)(v)


class LoopEvaluator:
    """Runs the functions of a module on NumPy values (see the module docstring)."""

    def __init__(self, module: ModuleOp, *, parallel_order: str = "reverse") -> None:
        self.funcs: dict[str, func.FuncOp] = {
            op.sym_name.data: op for op in module.walk() if isinstance(op, func.FuncOp)
        }
        self.parallel_order = parallel_order
        self.calls: list[str] = []
        """the names of the functions called so far, in order (callee of func.call)"""
        self._points: list[tuple[int, ...]] = []

    # ---------------------------------------------------------------- functions
    def call(self, name: str, *args: Value) -> list[Value]:
        f = self.funcs.get(name)
        if f is None or not f.body.blocks:
            raise ValueError(f"loop_numpy_eval: no function body for @{name}")
        block = f.body.blocks.first
        assert block is not None
        if len(args) != len(block.args):
            raise ValueError(f"@{name} takes {len(block.args)} arguments, got {len(args)}")
        env: dict[SSAValue, Value] = {}
        for arg, value in zip(block.args, args, strict=True):
            env[arg] = self._check_arg(arg.type, value, name)
        result = self._run_block(block, env)
        return list(result) if result is not None else []

    @staticmethod
    def _check_arg(t: Attribute, value: Value, name: str) -> Value:
        if isinstance(t, MemRefType):
            if not isinstance(value, np.ndarray):
                raise TypeError(f"@{name}: a memref argument must be a NumPy array")
            shape = t.get_shape()
            if value.ndim != len(shape) or any(
                s >= 0 and s != v for s, v in zip(shape, value.shape, strict=True)
            ):
                raise ValueError(f"@{name}: array of shape {value.shape} for {t}")
            if value.dtype != np.dtype(np_dtype(t.get_element_type())):
                raise ValueError(f"@{name}: array of dtype {value.dtype} for {t}")
            return value
        return _scalar(t, value)

    # ---------------------------------------------------------------- blocks
    def _run_block(
        self, block: Block, env: dict[SSAValue, Value]
    ) -> Sequence[Value] | None:
        """Run `block`'s ops; return the operands of its terminator (yield/return)."""
        for op in block.ops:
            name = op.name
            if name in ("func.return", "scf.yield", "linalg.yield"):
                return [env[v] for v in op.operands]
            if name == "scf.reduce":
                if op.operands:
                    raise ValueError("loop_numpy_eval: scf.reduce with operands")
                return []
            results = self._run_op(op, env)
            for res, value in zip(op.results, results, strict=True):
                env[res] = value
        return None

    def _run_op(self, op: Operation, env: dict[SSAValue, Value]) -> Sequence[Value]:
        name = op.name
        ins = [env[v] for v in op.operands]
        if isinstance(op, arith.ConstantOp):
            return [self._constant(op)]
        if name == "func.call":
            callee = op.properties["callee"]
            callee_name = callee.root_reference.data  # type: ignore[attr-defined]
            self.calls.append(callee_name)
            return self.call(callee_name, *ins)
        if isinstance(op, scf.ForOp):
            return self._for(op, env)
        if isinstance(op, scf.ParallelOp):
            return self._parallel(op, env)
        if isinstance(op, scf.IfOp):
            region = op.true_region if ins[0] else op.false_region
            if not region.blocks:
                return []
            out = self._run_block(region.block, env)
            return list(out or [])
        if name.startswith("memref."):
            return self._memref(op, ins)
        if isinstance(op, LinalgStructuredOperation | ReduceOp | BroadcastOp):
            self._linalg(op, env)
            return []
        if isinstance(op, IndexOp):
            return [self._points[-1][op.dim.value.data]]
        return [self._scalar_op(op, ins)]

    @staticmethod
    def _constant(op: arith.ConstantOp) -> Value:
        v = op.value
        t = op.result.type
        if isinstance(v, IntegerAttr):
            return _wrap(t, int(v.value.data)) if not isinstance(t, IndexType) else int(
                v.value.data
            )
        if isinstance(v, FloatAttr):
            return np_dtype(t)(v.value.data)
        raise ValueError(f"loop_numpy_eval: constant {v} is not supported")

    # ---------------------------------------------------------------- scf
    def _for(self, op: scf.ForOp, env: dict[SSAValue, Value]) -> list[Value]:
        lb, ub, step = env[op.lb], env[op.ub], env[op.step]
        iters = [env[v] for v in op.iter_args]
        block = op.body.block
        i = lb
        while i < ub:
            env[block.args[0]] = i
            for arg, value in zip(block.args[1:], iters, strict=True):
                env[arg] = value
            out = self._run_block(block, env)
            iters = list(out or [])
            i += step
        return iters

    def _parallel(self, op: scf.ParallelOp, env: dict[SSAValue, Value]) -> list[Value]:
        if op.initVals:
            raise ValueError("loop_numpy_eval: scf.parallel with reductions")
        ranges = [
            range(env[lb], env[ub], env[st])
            for lb, ub, st in zip(op.lowerBound, op.upperBound, op.step, strict=True)
        ]
        points = list(itertools.product(*ranges))
        if self.parallel_order == "reverse":
            points.reverse()
        block = op.body.block
        for point in points:
            for arg, value in zip(block.args, point, strict=True):
                env[arg] = value
            self._run_block(block, env)
        return []

    # ---------------------------------------------------------------- memref
    @staticmethod
    def _index(buf: np.ndarray, idx: Sequence[int]) -> tuple[int, ...]:
        if len(idx) != buf.ndim:
            raise IndexError(f"{len(idx)} indices into a rank-{buf.ndim} buffer")
        for i, n in zip(idx, buf.shape, strict=True):
            if not 0 <= i < n:
                raise IndexError(f"index {tuple(idx)} out of bounds for shape {buf.shape}")
        return tuple(int(i) for i in idx)

    def _memref(self, op: Operation, ins: list[Value]) -> list[Value]:
        name = op.name
        if name == "memref.load":
            buf = ins[0]
            return [buf[self._index(buf, ins[1:])][()]]
        if name == "memref.store":
            value, buf = ins[0], ins[1]
            buf[self._index(buf, ins[2:])] = value
            return []
        if name == "memref.dim":
            return [int(ins[0].shape[ins[1]])]
        if name in ("memref.alloc", "memref.alloca"):
            t = op.results[0].type
            assert isinstance(t, MemRefType)
            dyn = iter(ins)
            shape = tuple(next(dyn) if s < 0 else s for s in t.get_shape())
            dtype = np_dtype(t.get_element_type())
            fill = np.nan if np.issubdtype(dtype, np.floating) else 0
            return [np.full(shape, fill, dtype=dtype)]
        if name == "memref.dealloc":
            return []
        if name == "memref.copy":
            ins[1][...] = ins[0]
            return []
        raise ValueError(f"loop_numpy_eval: op {name} is not supported")

    # ---------------------------------------------------------------- scalars
    def _scalar_op(self, op: Operation, ins: list[Value]) -> Value:
        name = op.name
        t = op.results[0].type if op.results else None
        with np.errstate(all="ignore"):
            if name in _FLOAT_BINARY:
                return _FLOAT_BINARY[name](ins[0], ins[1])
            if name in _FLOAT_UNARY:
                return _FLOAT_UNARY[name](ins[0])
            if name == "math.fma":
                return ins[0] * ins[1] + ins[2]
            if name in _INT_BINARY:
                assert t is not None
                return _wrap(t, _INT_BINARY[name](int(ins[0]), int(ins[1])))
            if name in ("arith.divui", "arith.remui", "arith.shrui", "arith.maxui", "arith.minui"):
                assert t is not None
                w = _int_width(t)
                a, b = _unsigned(ins[0], w), _unsigned(ins[1], w)
                r = {
                    "arith.divui": lambda: a // b,
                    "arith.remui": lambda: a % b,
                    "arith.shrui": lambda: a >> b,
                    "arith.maxui": lambda: max(a, b),
                    "arith.minui": lambda: min(a, b),
                }[name]()
                return _wrap(t, r)
            if name == "arith.cmpi":
                pred = op.properties["predicate"].value.data  # type: ignore[attr-defined]
                w = _int_width(op.operands[0].type)
                a, b = int(ins[0]), int(ins[1])
                if pred >= 6:
                    a, b = _unsigned(a, w), _unsigned(b, w)
                signed = [a == b, a != b, a < b, a <= b, a > b, a >= b]
                res = (signed + signed[2:])[pred]
                return np.bool_(res)
            if name == "arith.cmpf":
                pred = op.properties["predicate"].value.data  # type: ignore[attr-defined]
                return np.bool_(_CMPF[pred](ins[0], ins[1]))
            if name == "arith.select":
                return ins[1] if ins[0] else ins[2]
            assert t is not None
            if name in ("arith.index_cast", "arith.index_castui"):
                return int(ins[0]) if isinstance(t, IndexType) else _wrap(t, int(ins[0]))
            if name in ("arith.extsi", "arith.trunci"):
                return _wrap(t, int(ins[0]))
            if name == "arith.extui":
                return _wrap(t, _unsigned(ins[0], _int_width(op.operands[0].type)))
            if name in ("arith.sitofp",):
                return np_dtype(t)(int(ins[0]))
            if name == "arith.uitofp":
                return np_dtype(t)(_unsigned(ins[0], _int_width(op.operands[0].type)))
            if name in ("arith.fptosi", "arith.fptoui"):
                return _wrap(t, int(np.trunc(ins[0])))
            if name in ("arith.extf", "arith.truncf"):
                return np_dtype(t)(ins[0])
            if name == "arith.bitcast":
                return np.array(ins[0]).view(np_dtype(t))[()]
        raise ValueError(f"loop_numpy_eval: op {name} is not supported")

    # ---------------------------------------------------------------- linalg reference
    def _linalg(self, op: Operation, env: dict[SSAValue, Value]) -> None:
        inputs, outputs, maps, block = _linalg_parts(op)
        operands = [env[v] for v in (*inputs, *outputs)]
        n_loops = maps[0].num_dims if maps else 0
        sizes: list[int | None] = [None] * n_loops
        for value, m in zip(operands, maps, strict=True):
            if not isinstance(value, np.ndarray):
                continue
            for j, expr in enumerate(m.results):
                if isinstance(expr, AffineDimExpr) and sizes[expr.position] is None:
                    sizes[expr.position] = value.shape[j]
        if any(s is None for s in sizes):
            raise ValueError(f"loop_numpy_eval: cannot infer the loop ranges of {op.name}")
        n_in = len(inputs)
        for point in itertools.product(*(range(s) for s in sizes if s is not None)):
            benv: dict[SSAValue, Value] = dict(env)
            for k, (value, m) in enumerate(zip(operands, maps, strict=True)):
                arg = block.args[k]
                if isinstance(value, np.ndarray):
                    benv[arg] = value[self._index(value, _eval_map(m, point))][()]
                else:
                    benv[arg] = value
            self._points.append(point)
            try:
                yielded = self._run_block(block, benv)
            finally:
                self._points.pop()
            assert yielded is not None
            for i, y in enumerate(yielded):
                out = operands[n_in + i]
                out[self._index(out, _eval_map(maps[n_in + i], point))] = y


def _eval_map(m: AffineMap, point: Sequence[int]) -> list[int]:
    out: list[int] = []
    for expr in m.results:
        if isinstance(expr, AffineDimExpr):
            out.append(point[expr.position])
        elif isinstance(expr, AffineConstantExpr):
            out.append(expr.value)
        else:
            out.append(m.eval(list(point), [])[len(out)])
    return out


def _linalg_parts(
    op: Operation,
) -> tuple[list[SSAValue], list[SSAValue], list[AffineMap], Block]:
    """(inputs, outputs, indexing maps, body) of a linalg op, from linalg's definitions."""
    if isinstance(op, LinalgStructuredOperation):
        maps = [m.data for m in op.get_indexing_maps().data]
        return list(op.inputs), list(op.outputs), maps, op.body.block
    if isinstance(op, ReduceOp):
        t = op.input.type
        assert isinstance(t, ShapedType)
        rank = len(t.get_shape())
        dims = set(op.dimensions.get_values())
        out_map = AffineMap(
            rank, 0, tuple(AffineDimExpr(d) for d in range(rank) if d not in dims)
        )
        return [op.input], [op.init], [AffineMap.identity(rank), out_map], op.region.block
    assert isinstance(op, BroadcastOp)
    t = op.init.type
    assert isinstance(t, ShapedType)
    rank = len(t.get_shape())
    dims = set(op.dimensions.get_values())
    in_map = AffineMap(rank, 0, tuple(AffineDimExpr(d) for d in range(rank) if d not in dims))
    return [op.input], [op.init], [in_map, AffineMap.identity(rank)], op.hidden_region.block


__all__ = ["LoopEvaluator", "np_dtype"]
