"""Tests of `math-polynomial-approximation`.

Each expansion is run by the NumPy evaluator (`arith_numpy_eval`, float32 semantics with
a correctly rounded fma) on dense sweeps of its interesting range, fresh random float32
bit patterns over every exponent, and the special values, and compared in ulps with the
float64 NumPy (or `math.erf`) result rounded to float32.  The bounds are the pass's
`MAX_ULP`.  The expansions are also compiled by LLVM and must agree with the evaluator
bit for bit (that catches fast-math or fma-contraction differences between the two):
once through a direct op-by-op translation in this file (llvmlite, O3, vectorised loop),
and once as users get them, in CPU kernels through `convert-to-llvm`, `translate_llvm`
and `arignote.runtime.cpu`.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from arith_numpy_eval import PoisonError, evaluate, fma_f32  # noqa: E402

from arignote.errors import PassError  # noqa: E402
from arignote.ir import parse_module, print_module, verify_module  # noqa: E402
from arignote.passes.math_polynomial_approximation import (  # noqa: E402
    MAX_ULP,
    PATTERNS,
    MathPolynomialApproximationPass,
)
from arignote.passmanager import parse_pipeline, run_passes  # noqa: E402
from arignote.registry import make_context  # noqa: E402

Array = np.ndarray[Any, Any]
NAMES = list(PATTERNS)


def _erf64(x: Array) -> Array:
    return np.frompyfunc(math.erf, 1, 1)(x).astype(np.float64)


REFERENCE: dict[str, Callable[[Array], Array]] = {
    "exp": np.exp, "expm1": np.expm1, "log": np.log, "log2": np.log2, "log1p": np.log1p,
    "sin": np.sin, "cos": np.cos, "tanh": np.tanh, "erf": _erf64, "atan": np.arctan,
}


def reference(name: str, x: Array) -> Array:
    """The float64 result rounded to float32 (correctly rounded but for rare ties)."""
    with np.errstate(all="ignore"):
        return REFERENCE[name](np.asarray(x, np.float32).astype(np.float64)).astype(np.float32)


def ulp_distance(y: Array, ref: Array) -> Array:
    """Number of float32 steps between y and ref (0 for two NaNs, inf for one NaN)."""
    def ordered(v: Array) -> Array:
        b = np.asarray(v, np.float32).view(np.int32).astype(np.int64)
        return np.where(b < 0, -(b & 0x7FFFFFFF), b)

    d = np.abs(ordered(y) - ordered(ref)).astype(np.float64)
    ynan, rnan = np.isnan(y), np.isnan(ref)
    d[ynan & rnan] = 0
    d[ynan ^ rnan] = np.inf
    return d


def one_op_module(name: str, ty: str = "f32") -> ModuleOp:
    return parse_module(
        f"func.func @f(%x: {ty}) -> {ty} {{\n"
        f"  %y = math.{name} %x : {ty}\n"
        f"  func.return %y : {ty}\n"
        "}\n"
    )


def expanded(name: str, ty: str = "f32") -> func.FuncOp:
    module = one_op_module(name, ty)
    run_passes(make_context(), module, [MathPolynomialApproximationPass(ops=(name,))])
    op = module.body.block.first_op
    assert isinstance(op, func.FuncOp)
    return op


def run_expanded(name: str, x: Array) -> Array:
    return evaluate(expanded(name), np.asarray(x, np.float32))[0]


def random_bits(rng: np.random.Generator, n: int) -> Array:
    """Uniformly random float32 bit patterns: every exponent, NaNs and infinities."""
    return rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32).view(np.float32)


def all_positive_floats(step: int) -> Array:
    """Every `step`-th positive float32 from the smallest subnormal to the largest."""
    return np.arange(1, 0x7F800000, step, dtype=np.uint32).view(np.float32)


def sweep(name: str) -> Array:
    """Dense inputs over the interesting range of each function."""
    lin = lambda a, b, n=200_001: np.linspace(a, b, n, dtype=np.float32)  # noqa: E731
    pos = all_positive_floats(4099)
    small = np.concatenate([pos[pos < 1], -pos[pos < 1]])
    sweeps = {
        "exp": [lin(-110, 95), lin(-1, 1), small],
        "expm1": [lin(-20, 90), lin(-1, 1), small],
        "log": [pos, lin(0.5, 2.0)],
        "log2": [pos, lin(0.5, 2.0)],
        "log1p": [lin(-1, 3), small[small > -1], pos],
        "sin": [lin(-1e5, 1e5, 400_001), lin(-10, 10), small],
        "cos": [lin(-1e5, 1e5, 400_001), lin(-10, 10), small],
        "tanh": [lin(-12, 12), small],
        "erf": [lin(-5, 5), small],
        "atan": [lin(-5, 5), small, pos, -pos],
    }
    return np.concatenate(sweeps[name])


#: special inputs whose results must be bit-identical to NumPy's (sign of zero included)
SPECIALS: dict[str, list[float]] = {
    "exp": [0.0, -0.0, math.inf, -math.inf, math.nan, 88.72283, 88.72284, 89.0, 1e30,
            -87.33654, -87.5, -100.0, -103.27893, -103.972, -103.98, -104.0, -1e30,
            1e-45, -1e-45, 1e-40],
    "expm1": [0.0, -0.0, math.inf, -math.inf, math.nan, 1e-45, -1e-45, 1e-38, -1e-38,
              1e-10, -1e-10, 88.72283, 88.72284, 89.0, -18.0, -88.0, -1e30],
    "log": [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, -1e-45, 1e-45, 2e-45,
            1e-40, 1.17549435e-38, 3.4028235e38, 2.0, 0.5],
    "log2": [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 1e-45, 1e-40, 2.0,
             0.5, 1024.0, 2.0**-126, 2.0**-149, 3.4028235e38],
    "log1p": [0.0, -0.0, math.inf, -math.inf, math.nan, -1.0, -1.0000001, -2.0, 1e-45,
              -1e-45, 1e-30, -1e-30, -0.99999994, 3.4028235e38, 1.0],
    "sin": [0.0, -0.0, math.inf, -math.inf, math.nan, 1e-45, -1e-45, 1e-30, -1e-30],
    "cos": [0.0, -0.0, math.inf, -math.inf, math.nan, 1e-45, -1e-30],
    "tanh": [0.0, -0.0, math.inf, -math.inf, math.nan, 1e-45, -1e-45, 1e-20, -1e-20,
             9.1, -9.1, 10.0, 50.0, -1e30],
    "erf": [0.0, -0.0, math.inf, -math.inf, math.nan, 1e-45, -1e-45, 1e-20, -1e-20,
            3.92, 4.0, -4.5, 10.0, -1e30],
    "atan": [0.0, -0.0, math.inf, -math.inf, math.nan, 1e-45, -1e-45, 1e-20, 1.0, -1.0,
             1e30, -1e30, 3.4028235e38],
}


# ---------------------------------------------------------------------------------------
# the evaluator's correctly rounded fma


def test_fma_f32_rounds_ties_created_by_float64() -> None:
    """(1 + 2^-12)^2 is a float32 midpoint; a tiny c decides the rounding direction."""
    a = np.array([1 + 2.0**-12] * 3, np.float32)
    c = np.array([2.0**-80, -(2.0**-80), 0.0], np.float32)
    got = fma_f32(a, a, c)
    want = np.array([1 + 2.0**-11 + 2.0**-23, 1 + 2.0**-11, 1 + 2.0**-11], np.float32)
    assert got.view(np.int32).tolist() == want.view(np.int32).tolist()


def test_fma_f32_matches_exact_rational_arithmetic(rng: np.random.Generator) -> None:
    from fractions import Fraction

    n = 3000
    a = (rng.standard_normal(n) * 2.0 ** rng.integers(-30, 30, n)).astype(np.float32)
    b = (rng.standard_normal(n) * 2.0 ** rng.integers(-30, 30, n)).astype(np.float32)
    c = np.where(rng.random(n) < 0.5,
                 -(a.astype(np.float64) * b).astype(np.float32),  # cancellation
                 rng.standard_normal(n) * 2.0 ** rng.integers(-60, 60, n)).astype(np.float32)
    got = fma_f32(a, b, c)
    for i in range(n):
        exact = Fraction(float(a[i])) * Fraction(float(b[i])) + Fraction(float(c[i]))
        want = _round_fraction_to_f32(exact)
        assert got[i] == want, (a[i], b[i], c[i], got[i], want)


def _round_fraction_to_f32(v: Any) -> np.float32:
    """Correct round-to-nearest-even of a rational to float32 (normal range)."""
    from fractions import Fraction

    if v == 0:
        return np.float32(0.0)
    lo = np.float32(float(v))  # within one float32 ulp of v
    cands = [np.nextafter(lo, np.float32(-np.inf)), lo, np.nextafter(lo, np.float32(np.inf))]
    dists = [abs(Fraction(float(cnd)) - v) for cnd in cands]
    best = min(dists)
    ties = [cnd for cnd, d in zip(cands, dists, strict=True) if d == best]
    if len(ties) > 1:
        return next(t for t in ties if int(np.float32(t).view(np.int32)) % 2 == 0)
    return np.float32(ties[0])


def test_evaluator_reports_poison() -> None:
    module = parse_module(
        "func.func @f(%x: f32) -> i32 {\n"
        "  %i = arith.fptosi %x : f32 to i32\n"
        "  func.return %i : i32\n"
        "}\n"
    )
    fn = module.body.block.first_op
    assert isinstance(fn, func.FuncOp)
    assert evaluate(fn, np.array([2.5, -3.5], np.float32))[0].tolist() == [2, -3]
    with pytest.raises(PoisonError, match="fptosi"):
        evaluate(fn, np.array([np.nan], np.float32))


# ---------------------------------------------------------------------------------------
# accuracy


@pytest.mark.parametrize("name", NAMES)
def test_max_ulp_error_on_sweeps_and_random_inputs(name: str, rng: np.random.Generator) -> None:
    x = np.concatenate([sweep(name), random_bits(rng, 100_000)])
    if name in ("sin", "cos"):
        x = np.concatenate([x, rng.uniform(-1e5, 1e5, 100_000).astype(np.float32),
                            rng.uniform(-(2.0**21), 2.0**21, 50_000).astype(np.float32)])
    y = run_expanded(name, x)
    ref = reference(name, x)
    d = ulp_distance(y, ref)
    if name in ("sin", "cos"):  # the accurate range; beyond it: finite and in [-1, 1]
        far = np.isfinite(x) & (np.abs(x) >= 2.0**21)
        assert np.all(np.abs(y[far]) <= 1), x[far][np.abs(y[far]) > 1][:5]
        d = d[~far]
        x = x[~far]
    worst = int(np.argmax(d))
    assert d[worst] <= MAX_ULP[name], (
        f"{name}({x[worst]!r}) = {y[worst]!r}, "
        f"reference {ref[worst]!r}: {d[worst]} ulp"
    )
    assert not np.isinf(d).any(), "NaN where the reference is a number, or the reverse"


@pytest.mark.parametrize("name", NAMES)
def test_special_values_match_numpy_exactly(name: str) -> None:
    x = np.array(SPECIALS[name], np.float32)
    y = run_expanded(name, x)
    ref = reference(name, x)
    for xi, yi, ri in zip(x, y, ref, strict=True):
        if np.isnan(ri):
            assert np.isnan(yi), f"{name}({xi!r}) = {yi!r}, NumPy gives NaN"
        else:
            assert yi.view(np.int32) == ri.view(np.int32), (
                f"{name}({xi!r}) = {yi!r}, NumPy gives {ri!r}"
            )


def test_exp_subnormal_results_are_correctly_rounded() -> None:
    x = np.linspace(-103.99, -87.0, 100_001, dtype=np.float32)
    d = ulp_distance(run_expanded("exp", x), reference("exp", x))
    assert d.max() <= 1


def test_tanh_and_erf_are_relatively_accurate_near_zero() -> None:
    x = np.float32(2.0) ** -np.arange(10, 150, dtype=np.float32)
    x = np.concatenate([x, -x])
    for name in ("tanh", "erf", "sin", "atan", "expm1", "log1p"):
        d = ulp_distance(run_expanded(name, x), reference(name, x))
        assert d.max() <= 1, name


@pytest.mark.parametrize("name", ["sin", "cos"])
def test_sin_cos_beyond_the_accurate_range_stay_in_unit_interval(
    name: str, rng: np.random.Generator
) -> None:
    x = (rng.uniform(1, 2, 20_000) * 2.0 ** rng.integers(17, 128, 20_000)).astype(np.float32)
    x = np.concatenate([x, -x, np.float32([3.4028235e38, -3.4028235e38])])
    y = run_expanded(name, x)
    assert np.all(np.isfinite(y)) and np.all(np.abs(y) <= 1)


# ---------------------------------------------------------------------------------------
# vectors, other types, the ops option


@pytest.mark.parametrize("name", NAMES)
def test_vector_expansion_equals_scalar_expansion(name: str, rng: np.random.Generator) -> None:
    """The vector form (bit masks instead of cmpf/select) gives bit-identical results."""
    x = np.concatenate([random_bits(rng, 8 * 4000), np.float32(SPECIALS[name] * 8)[: 8 * 8]])
    x = x[: (x.size // 8) * 8]
    scalar = run_expanded(name, x)
    vector = evaluate(expanded(name, "vector<8xf32>"), x.reshape(-1, 8))[0].reshape(-1)
    same = (scalar.view(np.int32) == vector.view(np.int32)) | (np.isnan(scalar) & np.isnan(vector))
    assert same.all(), (x[~same][:4], scalar[~same][:4], vector[~same][:4])


def test_vector_form_uses_no_i1_conditions() -> None:
    text = print_module(expanded("log1p", "vector<8xf32>"))
    assert "math.log1p" not in text
    assert "arith.cmpf" not in text and "arith.select" not in text
    assert "vector<8xi32>" in text


EXPANDED_OPS = {
    "arith.constant", "arith.addf", "arith.subf", "arith.mulf", "arith.divf", "arith.negf",
    "arith.maximumf", "arith.minimumf", "arith.bitcast", "arith.addi", "arith.subi",
    "arith.andi", "arith.ori", "arith.xori", "arith.shli", "arith.shrsi", "arith.minsi",
    "arith.sitofp", "arith.cmpf", "arith.cmpi", "arith.select",
    "math.fma", "math.absf", "math.copysign", "func.return",
}


@pytest.mark.parametrize("name", NAMES)
def test_expansion_uses_only_vectorisable_ops_without_fastmath(name: str) -> None:
    fn = expanded(name)
    names = {op.name for op in fn.body.walk()} - {"func.func"}
    assert names <= EXPANDED_OPS, names - EXPANDED_OPS
    assert f"math.{name} " not in print_module(fn)
    assert "fastmath" not in print_module(fn)


@pytest.mark.parametrize("ty", ["f64", "f16", "bf16", "vector<4xf64>", "tensor<4xf32>"])
def test_other_types_are_left_alone(ty: str) -> None:
    body = "\n".join(f"  %{n} = math.{n} %x : {ty}" for n in NAMES)
    module = parse_module(f"func.func @f(%x: {ty}) {{\n{body}\n  func.return\n}}\n")
    before = print_module(module)
    run_passes(make_context(), module, [MathPolynomialApproximationPass()])
    assert print_module(module) == before


def test_other_ops_are_left_alone_and_all_uses_are_rewired() -> None:
    module = parse_module(
        "func.func @f(%x: f32, %d: f64) -> (f32, f64) {\n"
        "  %s = math.sqrt %x : f32\n"
        "  %e = math.exp %s : f32\n"
        "  %t = math.tanh %e : f32\n"
        "  %p = math.powf %t, %x : f32\n"
        "  %y = arith.addf %p, %e : f32\n"
        "  %z = math.exp %d : f64\n"
        "  func.return %y, %z : f32, f64\n"
        "}\n"
    )
    run_passes(make_context(), module, [MathPolynomialApproximationPass()])
    verify_module(module)
    text = print_module(module)
    assert "math.sqrt" in text and "math.powf" in text and "math.exp %d : f64" in text
    assert "math.exp %s : f32" not in text and "math.tanh" not in text


def test_ops_in_nested_regions_are_expanded() -> None:
    """Math ops inside loop bodies (CPU kernels) and linalg bodies are rewritten too."""
    module = parse_module(
        "func.func @k(%m: memref<?xf32>, %n: index) {\n"
        "  %c0 = arith.constant 0 : index\n"
        "  %c1 = arith.constant 1 : index\n"
        "  scf.for %i = %c0 to %n step %c1 {\n"
        "    %v = memref.load %m[%i] : memref<?xf32>\n"
        "    %e = math.erf %v : f32\n"
        "    memref.store %e, %m[%i] : memref<?xf32>\n"
        "  }\n"
        "  func.return\n"
        "}\n"
    )
    run_passes(make_context(), module, [MathPolynomialApproximationPass()])
    text = print_module(module)
    assert "math.erf" not in text and "scf.for" in text and "math.fma" in text


def test_ops_option_restricts_the_rewrite() -> None:
    module = parse_module(
        "func.func @f(%x: f32) -> f32 {\n"
        "  %a = math.exp %x : f32\n"
        "  %b = math.sin %a : f32\n"
        "  %c = math.log %b : f32\n"
        "  func.return %c : f32\n"
        "}\n"
    )
    run_passes(make_context(), module,
               parse_pipeline('math-polynomial-approximation{ops=sin,"math.log"}'))
    text = print_module(module)
    assert "math.exp" in text and "math.sin" not in text and "math.log" not in text


def test_unknown_op_name_in_ops_is_a_clear_error() -> None:
    module = one_op_module("exp")
    with pytest.raises(PassError, match=r"unknown op 'sqrt' in ops=.*supported: exp, "):
        run_passes(make_context(), module, [MathPolynomialApproximationPass(ops=("sqrt",))])


def test_expression_from_the_brief_evaluates_like_numpy(rng: np.random.Generator) -> None:
    """exp(-x*x)*sin(3x) + 0.5*tanh(x) - x/(1+x*x), within float32 tolerances."""
    module = parse_module(
        "func.func @f(%x: f32) -> f32 {\n"
        "  %c05 = arith.constant 0.5 : f32\n"
        "  %c1 = arith.constant 1.0 : f32\n"
        "  %c3 = arith.constant 3.0 : f32\n"
        "  %xx = arith.mulf %x, %x : f32\n"
        "  %nxx = arith.negf %xx : f32\n"
        "  %e = math.exp %nxx : f32\n"
        "  %x3 = arith.mulf %c3, %x : f32\n"
        "  %s = math.sin %x3 : f32\n"
        "  %es = arith.mulf %e, %s : f32\n"
        "  %t = math.tanh %x : f32\n"
        "  %ht = arith.mulf %c05, %t : f32\n"
        "  %a = arith.addf %es, %ht : f32\n"
        "  %d = arith.addf %c1, %xx : f32\n"
        "  %q = arith.divf %x, %d : f32\n"
        "  %y = arith.subf %a, %q : f32\n"
        "  func.return %y : f32\n"
        "}\n"
    )
    run_passes(make_context(), module, [MathPolynomialApproximationPass()])
    fn = module.body.block.first_op
    assert isinstance(fn, func.FuncOp)
    x = rng.uniform(-4, 4, 100_000).astype(np.float32)
    y = evaluate(fn, x)[0]
    x64 = x.astype(np.float64)
    ref = np.exp(-x64 * x64) * np.sin(3 * x64) + 0.5 * np.tanh(x64) - x64 / (1 + x64 * x64)
    np.testing.assert_allclose(y, ref, rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------------------------------
# through real LLVM: the expansions compiled by llvmlite in a vectorised loop

_FCMP = {1: "oeq", 2: "ogt", 3: "oge", 4: "olt", 5: "ole", 6: "one", 7: "ord", 8: "ueq",
         9: "ugt", 10: "uge", 11: "ult", 12: "ule", 13: "une", 14: "uno"}
_ICMP = {0: "eq", 1: "ne", 2: "slt", 3: "sle", 4: "sgt", 5: "sge", 6: "ult", 7: "ule",
         8: "ugt", 9: "uge"}
_LLVM_BINARY = {"arith.addf": "fadd", "arith.subf": "fsub", "arith.mulf": "fmul",
                "arith.divf": "fdiv", "arith.addi": "add", "arith.subi": "sub",
                "arith.andi": "and", "arith.ori": "or", "arith.xori": "xor",
                "arith.shli": "shl", "arith.shrsi": "ashr"}
_LLVM_INTRINSIC = {"arith.maximumf": "llvm.maximum.f32", "arith.minimumf": "llvm.minimum.f32",
                   "math.fma": "llvm.fma.f32", "math.absf": "llvm.fabs.f32",
                   "math.copysign": "llvm.copysign.f32", "arith.minsi": "llvm.smin.i32"}
_LLVM_TYPE = {"f32": "float", "i32": "i32", "i1": "i1"}


def _llvm_ir(fn: func.FuncOp) -> str:
    """LLVM IR of a scalar f32 -> f32 expansion, and `kernel(in, out, n)` mapping it.

    A direct op-by-op translation (one LLVM instruction or intrinsic per op, no
    fast-math flags), independent of arignote's own lowering.
    """
    import struct

    block = fn.body.block
    names: dict[Any, str] = {block.args[0]: "%x"}
    lines: list[str] = []
    for k, op in enumerate(block.ops):
        if op.name == "func.return":
            lines.append(f"ret float {names[op.operands[0]]}")
            break
        ty = _LLVM_TYPE[str(op.results[0].type)]
        if op.name == "arith.constant":
            value = op.properties["value"].value.data  # type: ignore[union-attr]
            if ty == "float":
                bits = struct.unpack("<Q", struct.pack("<d", value))[0]
                names[op.results[0]] = f"0x{bits:016X}"
            else:
                names[op.results[0]] = str(value)
            continue
        a = [names[v] for v in op.operands]
        r = names[op.results[0]] = f"%v{k}"
        if op.name in _LLVM_BINARY:
            lines.append(f"{r} = {_LLVM_BINARY[op.name]} {ty} {a[0]}, {a[1]}")
        elif op.name in _LLVM_INTRINSIC:
            args = ", ".join(f"{ty} {v}" for v in a)
            lines.append(f"{r} = call {ty} @{_LLVM_INTRINSIC[op.name]}({args})")
        elif op.name == "arith.negf":
            lines.append(f"{r} = fneg float {a[0]}")
        elif op.name == "arith.bitcast":
            src = _LLVM_TYPE[str(op.operands[0].type)]
            lines.append(f"{r} = bitcast {src} {a[0]} to {ty}")
        elif op.name == "arith.sitofp":
            lines.append(f"{r} = sitofp i32 {a[0]} to float")
        elif op.name == "arith.cmpf":
            pred = _FCMP[op.properties["predicate"].value.data]  # type: ignore[union-attr]
            lines.append(f"{r} = fcmp {pred} float {a[0]}, {a[1]}")
        elif op.name == "arith.cmpi":
            pred = _ICMP[op.properties["predicate"].value.data]  # type: ignore[union-attr]
            lines.append(f"{r} = icmp {pred} i32 {a[0]}, {a[1]}")
        elif op.name == "arith.select":
            lines.append(f"{r} = select i1 {a[0]}, {ty} {a[1]}, {ty} {a[2]}")
        else:
            raise AssertionError(f"no LLVM translation for {op.name}")
    body = "\n  ".join(lines)
    decls = "\n".join(
        f"declare {t} @{n}({', '.join([t] * (3 if 'fma' in n else 1 if 'fabs' in n else 2))})"
        for n in _LLVM_INTRINSIC.values() for t in ["i32" if n.endswith("i32") else "float"]
    )
    return f"""{decls}
define internal float @elem(float %x) alwaysinline {{
  {body}
}}
define void @kernel(ptr noalias %in, ptr noalias %out, i64 %n) {{
entry:
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %loop
loop:
  %i = phi i64 [0, %entry], [%next, %loop]
  %p = getelementptr float, ptr %in, i64 %i
  %x = load float, ptr %p
  %y = call float @elem(float %x)
  %q = getelementptr float, ptr %out, i64 %i
  store float %y, ptr %q
  %next = add i64 %i, 1
  %more = icmp ult i64 %next, %n
  br i1 %more, label %loop, label %exit
exit:
  ret void
}}
"""


class _Jitted:
    """A JIT-compiled `kernel` (O3, loop and SLP vectorisation, host CPU)."""

    def __init__(self, ir: str) -> None:
        import ctypes

        import llvmlite.binding as llvm

        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        module = llvm.parse_assembly(ir)
        module.verify()
        tm = llvm.Target.from_default_triple().create_target_machine(
            cpu=llvm.get_host_cpu_name(), features=llvm.get_host_cpu_features().flatten(),
            opt=3)
        pto = llvm.create_pipeline_tuning_options(speed_level=3)
        pto.loop_vectorization = True
        pto.slp_vectorization = True
        pb = llvm.create_pass_builder(tm, pto)
        pb.getModulePassManager().run(module, pb)
        self.optimized_ir = str(module)
        self.engine = llvm.create_mcjit_compiler(module, tm)
        self.engine.finalize_object()
        kernel_t = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64)
        self._kernel = kernel_t(self.engine.get_function_address("kernel"))

    def __call__(self, x: Array) -> Array:
        x = np.ascontiguousarray(x, np.float32)
        y = np.empty_like(x)
        self._kernel(x.ctypes.data, y.ctypes.data, x.size)
        return y


@pytest.mark.parametrize("name", NAMES)
def test_llvm_compiled_expansion_matches_evaluator_bitwise(
    name: str, rng: np.random.Generator
) -> None:
    """LLVM (no fast-math, vectorised) computes exactly what the evaluator computes."""
    fn = expanded(name)
    jitted = _Jitted(_llvm_ir(fn))
    ir = jitted.optimized_ir
    assert " x float>" in ir, "the loop was not vectorised"
    for libm in ("@expf", "@logf", "@sinf", "@cosf", "@tanhf", "@erff", "@atanf", "@llvm.exp."):
        assert libm not in ir
    x = np.concatenate([random_bits(rng, 200_000), sweep(name)[::7],
                        np.float32(SPECIALS[name])])
    got = jitted(x)
    want = evaluate(fn, x)[0]
    same = (got.view(np.int32) == want.view(np.int32)) | (np.isnan(got) & np.isnan(want))
    assert same.all(), (x[~same][:4], got[~same][:4], want[~same][:4])
    ref = reference(name, x)
    keep = np.abs(x) < 2.0**21 if name in ("sin", "cos") else np.ones(x.shape, bool)
    assert ulp_distance(got[keep], ref[keep]).max() <= MAX_ULP[name]


def test_cpu_kernels_through_convert_to_llvm_and_the_jit(rng: np.random.Generator) -> None:
    """What users get: every expansion in a CPU kernel loop, lowered by convert-to-llvm,
    translated and JIT-compiled by arignote's CPU back end, vectorised, with no libm call
    left, bit-identical to the evaluator and within the ulp bounds."""
    import ctypes

    from arignote.lowering.convert_to_llvm import ConvertToLlvmPass
    from arignote.lowering.translate_llvm import translate_module
    from arignote.runtime.cpu import compile_llvm_ir, host_data_layout, host_triple

    kernels = "\n".join(
        f"func.func @k_{name}(%x: memref<?xf32>, %o: memref<?xf32>, %n: index) "
        "attributes {arignote.kernel} {\n"
        "  %c0 = arith.constant 0 : index\n"
        "  %c1 = arith.constant 1 : index\n"
        "  scf.for %i = %c0 to %n step %c1 {\n"
        "    %v = memref.load %x[%i] : memref<?xf32>\n"
        f"    %y = math.{name} %v : f32\n"
        "    memref.store %y, %o[%i] : memref<?xf32>\n"
        "  }\n"
        "  func.return\n"
        "}"
        for name in NAMES
    )
    module = parse_module(kernels)
    run_passes(make_context(), module, [MathPolynomialApproximationPass(), ConvertToLlvmPass()])
    native = compile_llvm_ir(
        translate_module(module, triple=host_triple(), data_layout=host_data_layout()))
    optimized = native.optimized_ir
    assert "x float> @llvm.fma." in optimized, "the kernels were not vectorised"
    declared = [line for line in optimized.splitlines() if line.startswith("declare")]
    assert all("@llvm." in line for line in declared), declared  # no libm calls
    argtypes = [ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64]
    for name in NAMES:
        x = np.concatenate([random_bits(rng, 100_000), sweep(name)[::11],
                            np.float32(SPECIALS[name])])
        out = np.full_like(x, np.nan)
        native.function(f"k_{name}", argtypes)(x.ctypes.data, x.size, out.ctypes.data,
                                                x.size, x.size)
        want = evaluate(expanded(name), x)[0]
        same = (out.view(np.int32) == want.view(np.int32)) | (np.isnan(out) & np.isnan(want))
        assert same.all(), (name, x[~same][:4], out[~same][:4], want[~same][:4])
        keep = np.abs(x) < 2.0**21 if name in ("sin", "cos") else np.ones(x.shape, bool)
        assert ulp_distance(out[keep], reference(name, x[keep])).max() <= MAX_ULP[name], name
