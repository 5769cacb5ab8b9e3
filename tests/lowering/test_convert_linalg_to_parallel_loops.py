"""convert-linalg-to-parallel-loops: structure of the loops and numbers before/after.

Numeric checks run each program twice with tests/passes/loop_numpy_eval.py: once at the
linalg level (its reference semantics of linalg ops) and once after the pass (the loops,
`scf.parallel` iterations in reverse order), on the same fresh random inputs, and compare
both with a NumPy formula.  Linalg and loops perform the same scalar operations in the
same order per output element, so they must agree exactly; the NumPy formula is compared
with rtol=1e-5, atol=1e-6 for f32 and rtol=1e-12 for f64 (NumPy's sums associate
differently).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from xdsl.dialects import arith, memref, scf
from xdsl.dialects.builtin import IntegerAttr, ModuleOp
from xdsl.ir import Operation

from arignote.errors import PassError
from arignote.ir import parse_module, verify_module
from arignote.lowering.convert_linalg_to_parallel_loops import (
    ConvertLinalgToParallelLoopsPass,
)
from arignote.passmanager import run_passes
from arignote.registry import make_context


def _load_evaluator() -> Any:
    path = Path(__file__).resolve().parents[1] / "passes" / "loop_numpy_eval.py"
    spec = importlib.util.spec_from_file_location("loop_numpy_eval", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("loop_numpy_eval", mod)
    spec.loader.exec_module(mod)
    return mod


EVAL = _load_evaluator()
F32_TOL = {"rtol": 1e-5, "atol": 1e-6}


# --------------------------------------------------------------------------- helpers


def lower(text: str) -> tuple[ModuleOp, ModuleOp]:
    """(the module as parsed, the module after the pass)."""
    ctx = make_context()
    before = parse_module(text)
    verify_module(before)
    after = parse_module(text)
    run_passes(ctx, after, [ConvertLinalgToParallelLoopsPass()])
    return before, after


def run_both(text: str, fname: str, args: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """Run `fname` at linalg level and after the pass on copies of `args`."""
    before, after = lower(text)
    a1 = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    a2 = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    EVAL.LoopEvaluator(before).call(fname, *a1)
    EVAL.LoopEvaluator(after).call(fname, *a2)
    return a1, a2


def ops_named(module: Operation, name: str) -> list[Operation]:
    return [op for op in module.walk() if op.name == name]


def assert_no_linalg(module: ModuleOp) -> None:
    left = [op.name for op in module.walk() if op.name.startswith("linalg.")]
    assert not left, f"linalg ops left: {left}"


def memref_type(shape: Sequence[int], dynamic: Sequence[bool], elem: str = "f32") -> str:
    dims = ["?" if dyn else str(n) for n, dyn in zip(shape, dynamic, strict=True)]
    return f"memref<{'x'.join([*dims, elem])}>"


def affine(rank: int, results: Sequence[str]) -> str:
    dims = ", ".join(f"d{i}" for i in range(rank))
    return f"affine_map<({dims}) -> ({', '.join(results)})>"


def static_value(v: Any) -> int | None:
    owner = v.owner
    if isinstance(owner, arith.ConstantOp) and isinstance(owner.value, IntegerAttr):
        return owner.value.value.data
    return None


def rand(rng: np.random.Generator, shape: Sequence[int], dtype: Any = np.float32) -> np.ndarray:
    return rng.standard_normal(tuple(shape)).astype(dtype)


# --------------------------------------------------------------------------- elementwise


def elementwise_program(
    shape: Sequence[int],
    out_dynamic: Sequence[bool],
    b_kinds: Sequence[str],
    b_dynamic: Sequence[bool],
) -> tuple[str, list[int]]:
    """o = a * b - tanh(a), `b` broadcast: per dim "keep", "drop" or "unit" (size 1, map 0).

    Returns the program and b's shape.
    """
    rank = len(shape)
    dims = [f"d{i}" for i in range(rank)]
    b_results, b_shape, b_dyn = [], [], []
    for d, kind in enumerate(b_kinds):
        if kind == "keep":
            b_results.append(dims[d])
            b_shape.append(shape[d])
            b_dyn.append(b_dynamic[d])
        elif kind == "unit":
            b_results.append("0")
            b_shape.append(1)
            b_dyn.append(False)
    t_out = memref_type(shape, out_dynamic)
    t_b = memref_type(b_shape, b_dyn)
    ident = affine(rank, dims)
    text = f"""
func.func @ew(%a: {t_out}, %b: {t_b}, %o: {t_out}) {{
  linalg.generic {{indexing_maps = [{ident}, {affine(rank, b_results)}, {ident}],
                  iterator_types = [{", ".join(['"parallel"'] * rank)}]}}
      ins(%a, %b : {t_out}, {t_b}) outs(%o : {t_out}) {{
  ^bb0(%x: f32, %y: f32, %out: f32):
    %m = arith.mulf %x, %y : f32
    %t = math.tanh %x : f32
    %r = arith.subf %m, %t : f32
    linalg.yield %r : f32
  }}
  func.return
}}
"""
    return text, b_shape


@pytest.mark.parametrize("rank", [0, 1, 2, 3])
@pytest.mark.parametrize("variant", range(3))
def test_elementwise_broadcast(rank: int, variant: int, rng: np.random.Generator) -> None:
    shape = [int(n) for n in rng.integers(1, 5, size=rank)]
    out_dynamic = [bool(x) for x in rng.integers(0, 2, size=rank)]
    b_kinds = [str(k) for k in rng.choice(["keep", "drop", "unit"], size=rank)]
    b_dynamic = [bool(x) for x in rng.integers(0, 2, size=rank)]
    text, b_shape = elementwise_program(shape, out_dynamic, b_kinds, b_dynamic)
    a, b = rand(rng, shape), rand(rng, b_shape)
    o = rand(rng, shape)

    # structure: one scf.parallel over every dim, bounds as the pass documents
    _, after = lower(text)
    assert_no_linalg(after)
    loops = ops_named(after, "scf.parallel")
    if rank == 0:
        assert not loops and not ops_named(after, "scf.for")
    else:
        assert len(loops) == 1
        par = loops[0]
        assert isinstance(par, scf.ParallelOp)
        assert len(par.upperBound) == rank
        assert all(static_value(v) == 0 for v in par.lowerBound)
        assert all(static_value(v) == 1 for v in par.step)
        b_dim_of = {}
        j = 0
        for d, kind in enumerate(b_kinds):
            if kind != "drop":
                if kind == "keep":
                    b_dim_of[d] = j
                j += 1
        for d, ub in enumerate(par.upperBound):
            static_somewhere = not out_dynamic[d] or (d in b_dim_of and not b_dynamic[d])
            if static_somewhere:
                assert static_value(ub) == shape[d]
            else:
                dim_op = ub.owner
                assert isinstance(dim_op, memref.DimOp)
                # the output is preferred over the inputs
                assert dim_op.source.name_hint == "o"
                assert static_value(dim_op.index) == d

    # numbers
    b_full = np.broadcast_to(
        b.reshape([shape[d] if k == "keep" else 1 for d, k in enumerate(b_kinds)]), shape
    )
    expected = a * b_full - np.tanh(a)
    ref, got = run_both(text, "ew", [a, b, o])
    np.testing.assert_array_equal(got[2], ref[2])
    np.testing.assert_allclose(got[2], expected, **F32_TOL)
    np.testing.assert_array_equal(got[0], a)  # inputs untouched


# --------------------------------------------------------------------------- reductions

ROW_SUM = """
func.func @row_sum(%x: memref<?x?xf32>, %o: memref<?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf32>) outs(%o : memref<?xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  }
  func.return
}
"""


@pytest.mark.parametrize("cols", [0, 1, 7])
def test_row_sum(cols: int, rng: np.random.Generator) -> None:
    _, after = lower(ROW_SUM)
    assert_no_linalg(after)
    (par,) = ops_named(after, "scf.parallel")
    assert isinstance(par, scf.ParallelOp) and len(par.upperBound) == 1
    (loop,) = ops_named(after, "scf.for")
    assert isinstance(loop, scf.ForOp)
    assert loop.parent_op() is par
    assert len(loop.iter_args) == 1, "the accumulator is carried in iter_args"
    # one load of the output before the loop and one store after it, none inside
    inside = {op.name for op in loop.body.walk()}
    assert "memref.store" not in inside
    x = rand(rng, (5, cols))
    o = rand(rng, (5,))
    ref, got = run_both(ROW_SUM, "row_sum", [x, o])
    np.testing.assert_array_equal(got[1], ref[1])
    np.testing.assert_allclose(got[1], o + x.sum(axis=1), **F32_TOL)


FULL_SUM = """
func.func @total(%x: memref<?x3xf64>, %o: memref<f64>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>],
                  iterator_types = ["reduction", "reduction"]}
      ins(%x : memref<?x3xf64>) outs(%o : memref<f64>) {
  ^bb0(%a: f64, %acc: f64):
    %s = arith.addf %a, %acc : f64
    linalg.yield %s : f64
  }
  func.return
}
"""


def test_full_reduction_is_a_plain_loop_nest(rng: np.random.Generator) -> None:
    _, after = lower(FULL_SUM)
    assert_no_linalg(after)
    assert not ops_named(after, "scf.parallel")
    loops = ops_named(after, "scf.for")
    assert len(loops) == 2
    assert all(not loop.results for loop in loops), "a top-level nest has no results"
    x = rand(rng, (4, 3), np.float64)
    o = rand(rng, (), np.float64)
    ref, got = run_both(FULL_SUM, "total", [x, o])
    np.testing.assert_array_equal(got[1], ref[1])
    np.testing.assert_allclose(got[1], o + x.sum(), rtol=1e-12)


# reduction dim in the middle: parallel over (d0, d2), scf.for over d1
MATMUL_GENERIC = """
func.func @mm(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1)>,
                                   affine_map<(d0, d1, d2) -> (d1, d2)>,
                                   affine_map<(d0, d1, d2) -> (d0, d2)>],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  func.return
}
"""


def test_reduction_between_parallel_dims(rng: np.random.Generator) -> None:
    _, after = lower(MATMUL_GENERIC)
    (par,) = ops_named(after, "scf.parallel")
    assert isinstance(par, scf.ParallelOp)
    # bounds of d0 and d2 come from the output %c (dims 0 and 1)
    for ub, j in zip(par.upperBound, (0, 1), strict=True):
        assert isinstance(ub.owner, memref.DimOp)
        assert ub.owner.source.name_hint == "c" and static_value(ub.owner.index) == j
    (loop,) = ops_named(after, "scf.for")
    assert isinstance(loop, scf.ForOp) and len(loop.iter_args) == 1
    # d1's bound: no output has it, so it comes from an input
    assert isinstance(loop.ub.owner, memref.DimOp) and loop.ub.owner.source.name_hint == "a"
    a, b, c = rand(rng, (3, 4)), rand(rng, (4, 5)), rand(rng, (3, 5))
    ref, got = run_both(MATMUL_GENERIC, "mm", [a, b, c])
    np.testing.assert_array_equal(got[2], ref[2])
    np.testing.assert_allclose(got[2], c + a @ b, **F32_TOL)


OUTPUT_ON_REDUCTION_DIM = """
func.func @acc(%x: memref<3x4xf32>, %o: memref<3x4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<3x4xf32>) outs(%o : memref<3x4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.mulf %a, %b : f32
    linalg.yield %s : f32
  }
  func.return
}
"""


def test_output_indexed_by_reduction_dim(rng: np.random.Generator) -> None:
    _, after = lower(OUTPUT_ON_REDUCTION_DIM)
    (loop,) = ops_named(after, "scf.for")
    assert isinstance(loop, scf.ForOp) and not loop.iter_args
    assert {"memref.load", "memref.store"} <= {op.name for op in loop.body.walk()}
    x, o = rand(rng, (3, 4)), rand(rng, (3, 4))
    ref, got = run_both(OUTPUT_ON_REDUCTION_DIM, "acc", [x, o])
    np.testing.assert_array_equal(got[1], ref[1])
    np.testing.assert_allclose(got[1], x * o, **F32_TOL)


# --------------------------------------------------------------------------- maps, index


PERMUTE = """
func.func @permute(%x: memref<?x4x?xf32>, %o: memref<?x?x4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2, d0)>,
                                   affine_map<(d0, d1, d2) -> (d0, d1, d2)>],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x : memref<?x4x?xf32>) outs(%o : memref<?x?x4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  }
  func.return
}
"""


def test_transpose_like_permutation(rng: np.random.Generator) -> None:
    _, after = lower(PERMUTE)
    (par,) = ops_named(after, "scf.parallel")
    assert isinstance(par, scf.ParallelOp)
    assert static_value(par.upperBound[2]) == 4
    # o is (d0, d1, d2) = (x dim 2, x dim 0, x dim 1)
    x = rand(rng, (3, 4, 5))
    o = rand(rng, (5, 3, 4))
    ref, got = run_both(PERMUTE, "permute", [x, o])
    np.testing.assert_array_equal(got[1], ref[1])
    np.testing.assert_array_equal(got[1], -np.transpose(x, (2, 0, 1)))


INDEX = """
func.func @ramp(%x: memref<?x?xf32>, %o: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<?x?xf32>) outs(%o : memref<?x?xf32>) {
  ^bb0(%a: f32, %b: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %ii = arith.index_cast %i : index to i32
    %jj = arith.index_cast %j : index to i32
    %c10 = arith.constant 10 : i32
    %k = arith.muli %ii, %c10 : i32
    %l = arith.addi %k, %jj : i32
    %f = arith.sitofp %l : i32 to f32
    %r = arith.addf %a, %f : f32
    linalg.yield %r : f32
  }
  func.return
}
"""


def test_linalg_index_becomes_induction_variable(rng: np.random.Generator) -> None:
    _, after = lower(INDEX)
    assert not ops_named(after, "linalg.index")
    (par,) = ops_named(after, "scf.parallel")
    casts = ops_named(after, "arith.index_cast")
    assert [c.operands[0] for c in casts] == list(par.regions[0].block.args)
    x, o = rand(rng, (4, 6)), rand(rng, (4, 6))
    ref, got = run_both(INDEX, "ramp", [x, o])
    ii, jj = np.meshgrid(np.arange(4), np.arange(6), indexing="ij")
    np.testing.assert_array_equal(got[1], ref[1])
    np.testing.assert_allclose(got[1], x + (10 * ii + jj).astype(np.float32), **F32_TOL)


# --------------------------------------------------------------------------- named ops

NAMED = """
func.func @named(%f: f32, %x: memref<?x5xf32>, %w: memref<5x3xf32>, %v: memref<5xf32>,
                 %filled: memref<2x?xf32, 1>, %copied: memref<?x5xf32>, %t: memref<5x?xf32>,
                 %mm: memref<?x3xf32>, %bc: memref<?x5xf32>, %red: memref<5xf32>) {
  linalg.fill ins(%f : f32) outs(%filled : memref<2x?xf32, 1>)
  linalg.copy ins(%x : memref<?x5xf32>) outs(%copied : memref<?x5xf32>)
  linalg.transpose ins(%x:memref<?x5xf32>) outs(%t:memref<5x?xf32>) permutation = [1, 0]
  linalg.matmul ins(%x, %w : memref<?x5xf32>, memref<5x3xf32>) outs(%mm : memref<?x3xf32>)
  linalg.broadcast ins(%v:memref<5xf32>) outs(%bc:memref<?x5xf32>) dimensions = [0]
  linalg.reduce ins(%x:memref<?x5xf32>) outs(%red:memref<5xf32>) dimensions = [0]
  (%in: f32, %init: f32) {
    %s = arith.maximumf %in, %init : f32
    linalg.yield %s : f32
  }
  func.return
}
"""


def test_named_ops(rng: np.random.Generator) -> None:
    _, after = lower(NAMED)
    assert_no_linalg(after)
    assert len(ops_named(after, "scf.parallel")) == 6
    n = 4
    f = np.float32(rng.standard_normal())
    x, w, v = rand(rng, (n, 5)), rand(rng, (5, 3)), rand(rng, (5,))
    outs = [rand(rng, s) for s in [(2, 3), (n, 5), (5, n), (n, 3), (n, 5), (5,)]]
    ref, got = run_both(NAMED, "named", [f, x, w, v, *outs])
    for r, g in zip(ref[4:], got[4:], strict=True):
        np.testing.assert_array_equal(g, r)
    filled, copied, t, mm, bc, red = got[4:]
    np.testing.assert_array_equal(filled, np.full((2, 3), f))
    np.testing.assert_array_equal(copied, x)
    np.testing.assert_array_equal(t, x.T)
    np.testing.assert_allclose(mm, outs[3] + x @ w, **F32_TOL)
    np.testing.assert_array_equal(bc, np.broadcast_to(v, (n, 5)))
    np.testing.assert_array_equal(red, np.maximum(outs[5], x.max(axis=0)))


def test_other_ops_are_kept() -> None:
    text = """
func.func @f(%n: index, %x: memref<?xf32>) -> memref<?xf32> {
  %o = memref.alloc(%n) : memref<?xf32>
  linalg.copy ins(%x : memref<?xf32>) outs(%o : memref<?xf32>)
  func.return %o : memref<?xf32>
}
"""
    _, after = lower(text)
    names = [op.name for op in after.walk()]
    assert "memref.alloc" in names and "func.return" in names
    assert names.index("memref.alloc") < names.index("scf.parallel")


# --------------------------------------------------------------------------- diagnostics


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            """
func.func @t(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = linalg.copy ins(%x : tensor<4xf32>) outs(%x : tensor<4xf32>) -> tensor<4xf32>
  func.return %r : tensor<4xf32>
}""",
            "<string>:3:3: error: convert-linalg-to-parallel-loops: 'linalg.copy' expects "
            "buffers; run one-shot-bufferize first",
        ),
        (
            """
func.func @t(%x: memref<9xf32>, %o: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0 + 1)>, affine_map<(d0) -> (d0)>],
                  iterator_types = ["parallel"]}
      ins(%x : memref<9xf32>) outs(%o : memref<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  }
  func.return
}""",
            "has result '(d0 + 1)': only loop dims and constants are supported",
        ),
    ],
)
def test_diagnostics(text: str, message: str) -> None:
    module = parse_module(text)
    with pytest.raises(PassError) as info:
        run_passes(make_context(), module, [ConvertLinalgToParallelLoopsPass()])
    assert message in str(info.value)
    # nothing was rewritten
    assert ops_named(module, "linalg.copy") or ops_named(module, "linalg.generic")


def test_evaluator_detects_order_dependent_parallel_loops(rng: np.random.Generator) -> None:
    """The reverse-order scf.parallel of the evaluator does catch a wrong lowering."""
    text = """
func.func @bad(%o: memref<5xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  "scf.parallel"(%c1, %c4, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %p = arith.subi %i, %c1 : index
    %v = memref.load %o[%p] : memref<5xf32>
    memref.store %v, %o[%i] : memref<5xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}
"""
    module = parse_module(text)
    o = rand(rng, (5,))
    fwd, rev = o.copy(), o.copy()
    EVAL.LoopEvaluator(module, parallel_order="forward").call("bad", fwd)
    EVAL.LoopEvaluator(module).call("bad", rev)
    assert not np.array_equal(fwd, rev)




TWO_OUTPUTS = """
func.func @two(%x: memref<?x?xf32>, %sum: memref<?xf32>, %w: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf32>) outs(%sum, %w : memref<?xf32>, memref<?x?xf32>) {
  ^bb0(%a: f32, %acc: f32, %old: f32):
    %j = linalg.index 1 : index
    %jj = arith.index_cast %j : index to i64
    %f = arith.sitofp %jj : i64 to f32
    %r = arith.addf %a, %acc : f32
    %m = arith.mulf %a, %f : f32
    %n = arith.subf %m, %old : f32
    linalg.yield %r, %n : f32, f32
  }
  func.return
}
"""


def test_accumulator_and_plain_output_together(rng: np.random.Generator) -> None:
    """One output carried in iter_args, one stored inside; linalg.index of a reduction dim."""
    _, after = lower(TWO_OUTPUTS)
    (loop,) = ops_named(after, "scf.for")
    assert isinstance(loop, scf.ForOp) and len(loop.iter_args) == 1
    stores_inside = [op for op in loop.body.walk() if op.name == "memref.store"]
    assert len(stores_inside) == 1
    cast = ops_named(after, "arith.index_cast")[0]
    assert cast.operands[0] is loop.body.block.args[0]
    x = rand(rng, (3, 6))
    s, w = rand(rng, (3,)), rand(rng, (3, 6))
    ref, got = run_both(TWO_OUTPUTS, "two", [x, s, w])
    np.testing.assert_array_equal(got[1], ref[1])
    np.testing.assert_array_equal(got[2], ref[2])
    np.testing.assert_allclose(got[1], s + x.sum(axis=1), **F32_TOL)
    np.testing.assert_allclose(got[2], x * np.arange(6, dtype=np.float32) - w, **F32_TOL)


RANK0 = """
func.func @rank0(%x: memref<f32>, %o: memref<f32>, %f: f32) {
  linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>,
                                   affine_map<() -> ()>], iterator_types = []}
      ins(%x, %f : memref<f32>, f32) outs(%o : memref<f32>) {
  ^bb0(%a: f32, %g: f32, %out: f32):
    %m = arith.mulf %a, %g : f32
    %r = arith.addf %m, %out : f32
    linalg.yield %r : f32
  }
  func.return
}
"""


@pytest.mark.parametrize("unit", [False, True])
@pytest.mark.parametrize("case", ["rank0", "total"])
def test_ops_without_parallel_dims(unit: bool, case: str, rng: np.random.Generator) -> None:
    """Straight-line code / a plain nest by default; a 0-to-1 scf.parallel on request."""
    if case == "rank0":
        text, args = RANK0, [rand(rng, ()), rand(rng, ()), np.float32(rng.standard_normal())]
        expected, tol = args[0] * args[2] + args[1], F32_TOL
    else:
        text, args = FULL_SUM, [rand(rng, (5, 3), np.float64), rand(rng, (), np.float64)]
        expected, tol = args[1] + args[0].sum(), {"rtol": 1e-12}
    before, after = parse_module(text), parse_module(text)
    run_passes(make_context(), after, [ConvertLinalgToParallelLoopsPass(unit_parallel_loop=unit)])
    assert_no_linalg(after)
    pars = ops_named(after, "scf.parallel")
    if unit:
        (par,) = pars
        assert isinstance(par, scf.ParallelOp)
        assert [static_value(v) for v in par.upperBound] == [1]
        # every load and store is inside the loop, none left in straight-line code
        accesses = [op for op in after.walk() if op.name in ("memref.load", "memref.store")]
        assert accesses and all(par.is_ancestor(op) for op in accesses)
    else:
        assert not pars
    a1 = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    a2 = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    EVAL.LoopEvaluator(before).call(case, *a1)
    EVAL.LoopEvaluator(after).call(case, *a2)
    np.testing.assert_array_equal(a2[1], a1[1])
    np.testing.assert_allclose(a2[1], expected, **tol)
