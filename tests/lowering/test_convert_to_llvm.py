"""convert-to-llvm end to end: hand-written CPU kernels -> llvm dialect -> LLVM IR -> JIT,
called through ctypes on NumPy arrays (fresh random inputs) and compared with NumPy.

Tolerances: integer results and casts exactly; f32 elementwise arithmetic exactly
(no fast-math, no contraction); f32 libm/intrinsic math rtol 2e-6 (libm vs NumPy's own
implementations differ by an ulp or two); f64 rtol 1e-13 (sums: 1e-12); f16 via f32
rtol 2e-3 (conftest.RTOL).
"""

from __future__ import annotations

import ctypes
import math
import re
from typing import Any

import numpy as np
import pytest
from xdsl.dialects import func
from xdsl.dialects import llvm as xllvm
from xdsl.dialects.builtin import DYNAMIC_INDEX, IndexType, IntegerType, MemRefType, ModuleOp

from arignote.errors import PassError
from arignote.ir import parse_module, verify_module
from arignote.lowering.convert_to_llvm import ConvertToLlvmPass
from arignote.lowering.translate_llvm import translate_module
from arignote.passmanager import run_passes
from arignote.registry import make_context
from arignote.runtime.cpu import CpuModule, compile_llvm_ir, host_data_layout, host_triple

_CTYPES = {"f32": ctypes.c_float, "f64": ctypes.c_double, "i32": ctypes.c_int32, "i64": ctypes.c_int64}


class Kernels:
    """The kernels of a module, lowered with convert-to-llvm and JIT-compiled."""

    def __init__(self, text: str) -> None:
        module = parse_module(text)
        self.signatures = {
            op.sym_name.data: list(op.function_type.inputs.data)
            for op in module.body.block.ops
            if isinstance(op, func.FuncOp)
        }
        run_passes(make_context(), module, [ConvertToLlvmPass()])
        verify_module(module)
        self.module: ModuleOp = module
        self.llvm_ir = translate_module(module, triple=host_triple(), data_layout=host_data_layout())
        self.native: CpuModule = compile_llvm_ir(self.llvm_ir)

    def __call__(self, name: str, *args: Any) -> None:
        """Call kernel `name` with arrays for memrefs and Python numbers for scalars."""
        types, values = [], []
        for t, a in zip(self.signatures[name], args, strict=True):
            if isinstance(t, MemRefType):
                assert isinstance(a, np.ndarray) and a.flags.c_contiguous
                static = t.get_shape()
                assert len(static) == a.ndim and all(
                    s in (DYNAMIC_INDEX, n) for s, n in zip(static, a.shape)
                )
                types.append(ctypes.c_void_p)
                values.append(a.ctypes.data)
                for s, n in zip(static, a.shape):
                    if s == DYNAMIC_INDEX:
                        types.append(ctypes.c_int64)
                        values.append(n)
            elif isinstance(t, IndexType):
                types.append(ctypes.c_int64)
                values.append(int(a))
            else:
                types.append(_CTYPES[str(t)])
                values.append(a)
        self.native.function(name, types)(*values)


def test_running_example_matches_numpy_and_vectorises(rng: np.random.Generator) -> None:
    k = Kernels(
        """
func.func @f_kernel_0(%x: memref<?xf32>, %s: memref<f32>, %o: memref<?xf32>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %x[%i] : memref<?xf32>
    %b = memref.load %s[] : memref<f32>
    %m = arith.mulf %b, %a : f32
    %r = arith.addf %a, %m : f32
    memref.store %r, %o[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}"""
    )
    kernel = next(op for op in k.module.body.block.ops if isinstance(op, xllvm.FuncOp))
    assert all(op.dialect_name() == "llvm" for op in kernel.walk() if op is not kernel)
    n = int(rng.integers(1000, 3000))
    x = rng.standard_normal(n).astype(np.float32)
    s = np.array(rng.standard_normal(), dtype=np.float32)
    o = np.full(n, np.nan, dtype=np.float32)
    k("f_kernel_0", x, s, o, n)
    np.testing.assert_array_equal(o, x + s * x)
    # the loop vectorises: wide loads/stores of float in the optimised IR
    widths = {int(w) for w in re.findall(r"load <(\d+) x float>", k.native.optimized_ir)}
    assert widths and max(widths) >= 4, k.native.optimized_ir


RANKS = """
func.func @rank0(%a: memref<f64>, %o: memref<f64>) attributes {arignote.kernel} {
  %v = memref.load %a[] : memref<f64>
  %two = arith.constant 2.0 : f64
  %one = arith.constant 1.0 : f64
  %m = arith.mulf %v, %two : f64
  %r = arith.addf %m, %one : f64
  memref.store %r, %o[] : memref<f64>
  func.return
}
func.func @transpose(%a: memref<3x5xi32>, %o: memref<5x3xi32>) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  "scf.parallel"(%c0, %c0, %c3, %c5, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    %v = memref.load %a[%i, %j] : memref<3x5xi32>
    memref.store %v, %o[%j, %i] : memref<5x3xi32>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  func.return
}
func.func @sum_exp_axis1(%a: memref<?x?x?xf32>, %o: memref<?x?xf64>, %n0: index, %n1: index, %n2: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f64
  "scf.parallel"(%c0, %c0, %n0, %n2, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    %s = scf.for %k = %c0 to %n1 step %c1 iter_args(%acc = %z) -> (f64) {
      %v = memref.load %a[%i, %k, %j] : memref<?x?x?xf32>
      %e = arith.extf %v : f32 to f64
      %x = math.exp %e : f64
      %t = arith.addf %acc, %x : f64
      scf.yield %t : f64
    }
    memref.store %s, %o[%i, %j] : memref<?x?xf64>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  func.return
}
"""


def test_ranks_0_to_3_static_and_dynamic(rng: np.random.Generator) -> None:
    k = Kernels(RANKS)
    a0 = np.array(rng.standard_normal())
    o0 = np.zeros(())
    k("rank0", a0, o0)
    assert o0 == a0 * 2 + 1

    a2 = rng.integers(-1000, 1000, size=(3, 5)).astype(np.int32)
    o2 = np.zeros((5, 3), np.int32)
    k("transpose", a2, o2)
    np.testing.assert_array_equal(o2, a2.T)

    shape = tuple(int(s) for s in rng.integers(2, 9, size=3))
    a3 = rng.standard_normal(shape).astype(np.float32)
    o3 = np.zeros((shape[0], shape[2]))
    k("sum_exp_axis1", a3, o3, *shape)
    np.testing.assert_allclose(o3, np.exp(a3.astype(np.float64)).sum(axis=1), rtol=1e-12)


INTEGERS = """
func.func @ints(%a: memref<?xi32>, %b: memref<?xi32>, %f: memref<?xf32>, %o: memref<9x?xi32>,
                %w: memref<?xi64>, %g: memref<?xf32>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r0 = arith.constant 0 : index
  %r1 = arith.constant 1 : index
  %r2 = arith.constant 2 : index
  %r3 = arith.constant 3 : index
  %r4 = arith.constant 4 : index
  %r5 = arith.constant 5 : index
  %r6 = arith.constant 6 : index
  %r7 = arith.constant 7 : index
  %r8 = arith.constant 8 : index
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xi32>
    %y = memref.load %b[%i] : memref<?xi32>
    %fl = arith.floordivsi %x, %y : i32
    %ce = arith.ceildivsi %x, %y : i32
    %ax = math.absi %x : i32
    %ay = math.absi %y : i32
    %cu = arith.ceildivui %ax, %ay : i32
    %rm = arith.remsi %x, %y : i32
    %dv = arith.divsi %x, %y : i32
    %fv = memref.load %f[%i] : memref<?xf32>
    %fi = arith.fptosi %fv : f32 to i32
    %tr = arith.trunci %x : i32 to i8
    %te = arith.extsi %tr : i8 to i32
    %ii = arith.index_cast %i : index to i32
    %mx = arith.maxsi %x, %y : i32
    memref.store %fl, %o[%r0, %i] : memref<9x?xi32>
    memref.store %ce, %o[%r1, %i] : memref<9x?xi32>
    memref.store %cu, %o[%r2, %i] : memref<9x?xi32>
    memref.store %rm, %o[%r3, %i] : memref<9x?xi32>
    memref.store %dv, %o[%r4, %i] : memref<9x?xi32>
    memref.store %fi, %o[%r5, %i] : memref<9x?xi32>
    memref.store %te, %o[%r6, %i] : memref<9x?xi32>
    memref.store %ii, %o[%r7, %i] : memref<9x?xi32>
    memref.store %mx, %o[%r8, %i] : memref<9x?xi32>
    %wx = arith.extsi %x : i32 to i64
    %wy = arith.extui %y : i32 to i64
    %ws = arith.addi %wx, %wy : i64
    memref.store %ws, %w[%i] : memref<?xi64>
    %sf = arith.sitofp %x : i32 to f32
    %uf = arith.uitofp %ay : i32 to f32
    %gs = arith.addf %sf, %uf : f32
    memref.store %gs, %g[%i] : memref<?xf32>
  }
  func.return
}
"""


def test_integer_division_and_casts(rng: np.random.Generator) -> None:
    k = Kernels(INTEGERS)
    n = 500
    a = rng.integers(-10_000, 10_000, n).astype(np.int32)
    b = rng.integers(1, 60, n).astype(np.int32) * rng.choice([-1, 1], n).astype(np.int32)
    a[:4] = [0, -7, 7, -1]
    b[:4] = [3, 2, -2, 5]
    f = (rng.standard_normal(n) * 1000).astype(np.float32)
    o = np.zeros((9, n), np.int32)
    w = np.zeros(n, np.int64)
    g = np.zeros(n, np.float32)
    k("ints", a, b, f, o, w, g, n)
    a64, b64 = a.astype(np.int64), b.astype(np.int64)
    np.testing.assert_array_equal(o[0], np.floor_divide(a64, b64))
    np.testing.assert_array_equal(o[1], -np.floor_divide(-a64, b64))
    np.testing.assert_array_equal(o[2], -(-np.abs(a64) // np.abs(b64)))
    np.testing.assert_array_equal(o[3], np.fmod(a64, b64))
    np.testing.assert_array_equal(o[4], np.trunc(a64 / b64).astype(np.int64))
    np.testing.assert_array_equal(o[5], np.trunc(f).astype(np.int32))
    np.testing.assert_array_equal(o[6], a.astype(np.int8).astype(np.int32))
    np.testing.assert_array_equal(o[7], np.arange(n))
    np.testing.assert_array_equal(o[8], np.maximum(a, b))
    np.testing.assert_array_equal(w, a64 + b.astype(np.uint32).astype(np.int64))
    np.testing.assert_array_equal(g, a.astype(np.float32) + np.abs(b).astype(np.float32))


MATH = """
func.func @math32(%x: memref<?xf32>, %y: memref<?xf32>, %o: memref<8x?xf32>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r0 = arith.constant 0 : index
  %r1 = arith.constant 1 : index
  %r2 = arith.constant 2 : index
  %r3 = arith.constant 3 : index
  %r4 = arith.constant 4 : index
  %r5 = arith.constant 5 : index
  %r6 = arith.constant 6 : index
  %r7 = arith.constant 7 : index
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<?xf32>
    %p = memref.load %y[%i] : memref<?xf32>
    %e = math.exp %v : f32
    %a = math.absf %v : f32
    %l = math.log %a : f32
    %s = math.sin %v : f32
    %t = math.tanh %v : f32
    %lp = math.log1p %a : f32
    %er = math.erf %v : f32
    %at = math.atan2 %v, %p : f32
    %pw = math.powf %a, %p : f32
    memref.store %e, %o[%r0, %i] : memref<8x?xf32>
    memref.store %l, %o[%r1, %i] : memref<8x?xf32>
    memref.store %s, %o[%r2, %i] : memref<8x?xf32>
    memref.store %t, %o[%r3, %i] : memref<8x?xf32>
    memref.store %lp, %o[%r4, %i] : memref<8x?xf32>
    memref.store %er, %o[%r5, %i] : memref<8x?xf32>
    memref.store %at, %o[%r6, %i] : memref<8x?xf32>
    memref.store %pw, %o[%r7, %i] : memref<8x?xf32>
  }
  func.return
}
func.func @math64(%x: memref<?xf64>, %o: memref<4x?xf64>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r0 = arith.constant 0 : index
  %r1 = arith.constant 1 : index
  %r2 = arith.constant 2 : index
  %r3 = arith.constant 3 : index
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<?xf64>
    %e = math.exp %v : f64
    %t = math.tanh %v : f64
    %em = math.expm1 %v : f64
    %r = math.rsqrt %e : f64
    memref.store %e, %o[%r0, %i] : memref<4x?xf64>
    memref.store %t, %o[%r1, %i] : memref<4x?xf64>
    memref.store %em, %o[%r2, %i] : memref<4x?xf64>
    memref.store %r, %o[%r3, %i] : memref<4x?xf64>
  }
  func.return
}
func.func @exp16(%x: memref<?xf16>, %o: memref<?xf16>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<?xf16>
    %e = math.exp %v : f16
    memref.store %e, %o[%i] : memref<?xf16>
  }
  func.return
}
"""


def test_math_matches_numpy(rng: np.random.Generator) -> None:
    k = Kernels(MATH)
    n = 400
    x = (rng.standard_normal(n) * 3).astype(np.float32)
    y = (rng.standard_normal(n) * 2).astype(np.float32)
    o = np.zeros((8, n), np.float32)
    k("math32", x, y, o, n)
    xd, yd, ad = x.astype(np.float64), y.astype(np.float64), np.abs(x).astype(np.float64)
    refs = [
        np.exp(xd),
        np.log(ad),
        np.sin(xd),
        np.tanh(xd),
        np.log1p(ad),
        np.array([math.erf(v) for v in xd]),
        np.arctan2(xd, yd),
        np.power(ad, yd),
    ]
    for row, ref in zip(o, refs):
        np.testing.assert_allclose(row, ref.astype(np.float32), rtol=2e-6, atol=1e-37)

    xd = rng.standard_normal(n) * 2
    od = np.zeros((4, n))
    k("math64", xd, od, n)
    np.testing.assert_allclose(od[0], np.exp(xd), rtol=1e-13)
    np.testing.assert_allclose(od[1], np.tanh(xd), rtol=1e-13)
    np.testing.assert_allclose(od[2], np.expm1(xd), rtol=1e-13)
    np.testing.assert_allclose(od[3], 1 / np.sqrt(np.exp(xd)), rtol=1e-13)

    xh = rng.uniform(-4, 4, n).astype(np.float16)
    oh = np.zeros(n, np.float16)
    k("exp16", xh, oh, n)
    np.testing.assert_allclose(oh, np.exp(xh.astype(np.float32)).astype(np.float16), rtol=2e-3)


MINMAX_CMP = """
func.func @minmax(%a: memref<?xf32>, %b: memref<?xf32>, %o: memref<4x?xf32>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf32>
    %y = memref.load %b[%i] : memref<?xf32>
    %0 = arith.maximumf %x, %y : f32
    %1 = arith.minimumf %x, %y : f32
    %2 = arith.maxnumf %x, %y : f32
    %3 = arith.minnumf %x, %y : f32
    memref.store %0, %o[%c0, %i] : memref<4x?xf32>
    memref.store %1, %o[%c1, %i] : memref<4x?xf32>
    memref.store %2, %o[%c2, %i] : memref<4x?xf32>
    memref.store %3, %o[%c3, %i] : memref<4x?xf32>
  }
  func.return
}
"""

PREDICATES = [
    "false", "oeq", "ogt", "oge", "olt", "ole", "one", "ord",
    "ueq", "ugt", "uge", "ult", "ule", "une", "uno", "true",
]  # fmt: skip


def _cmp_kernel() -> str:
    body = []
    for k, p in enumerate(PREDICATES):
        body.append(
            f"    %p{k} = arith.cmpf {p}, %x, %y : f32\n"
            f"    %e{k} = arith.extui %p{k} : i1 to i32\n"
            f"    %r{k} = arith.constant {k} : index\n"
            f"    memref.store %e{k}, %o[%r{k}, %i] : memref<16x?xi32>"
        )
    return f"""
func.func @cmp(%a: memref<?xf32>, %b: memref<?xf32>, %o: memref<16x?xi32>, %n: index) attributes {{arignote.kernel}} {{
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {{
    %x = memref.load %a[%i] : memref<?xf32>
    %y = memref.load %b[%i] : memref<?xf32>
{chr(10).join(body)}
  }}
  func.return
}}"""


def test_min_max_nan_semantics_and_every_cmpf_predicate(rng: np.random.Generator) -> None:
    n = 300
    a = rng.standard_normal(n).astype(np.float32)
    b = rng.standard_normal(n).astype(np.float32)
    b[::7] = a[::7]  # some equal pairs
    a[::5] = np.nan
    b[::11] = np.nan
    k = Kernels(MINMAX_CMP)
    o = np.zeros((4, n), np.float32)
    k("minmax", a, b, o, n)
    np.testing.assert_array_equal(o[0], np.maximum(a, b))  # NaN-propagating
    np.testing.assert_array_equal(o[1], np.minimum(a, b))
    np.testing.assert_array_equal(o[2], np.fmax(a, b))  # NaN-ignoring
    np.testing.assert_array_equal(o[3], np.fmin(a, b))

    kc = Kernels(_cmp_kernel())
    oc = np.full((16, n), 7, np.int32)
    kc("cmp", a, b, oc, n)
    with np.errstate(invalid="ignore"):
        unord = np.isnan(a) | np.isnan(b)
        ref = {
            "false": np.zeros(n, bool), "oeq": a == b, "ogt": a > b, "oge": a >= b,
            "olt": a < b, "ole": a <= b, "one": (a != b) & ~unord, "ord": ~unord,
            "ueq": (a == b) | unord, "ugt": (a > b) | unord, "uge": (a >= b) | unord,
            "ult": (a < b) | unord, "ule": (a <= b) | unord, "une": a != b, "uno": unord,
            "true": np.ones(n, bool),
        }  # fmt: skip
    for k_, p in enumerate(PREDICATES):
        np.testing.assert_array_equal(oc[k_], ref[p].astype(np.int32), err_msg=p)


CONTROL = """
func.func @collatz(%a: memref<?xi64>, %o: memref<?xi64>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i64
  %two = arith.constant 2 : i64
  %three = arith.constant 3 : i64
  %zero = arith.constant 0 : i64
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<?xi64>
    %r:2 = scf.while (%x = %v, %s = %zero) : (i64, i64) -> (i64, i64) {
      %go = arith.cmpi sgt, %x, %one : i64
      scf.condition(%go) %x, %s : i64, i64
    } do {
    ^bb0(%x: i64, %s: i64):
      %rem = arith.remsi %x, %two : i64
      %odd = arith.cmpi ne, %rem, %zero : i64
      %nx = scf.if %odd -> (i64) {
        %t = arith.muli %x, %three : i64
        %t1 = arith.addi %t, %one : i64
        scf.yield %t1 : i64
      } else {
        %h = arith.divsi %x, %two : i64
        scf.yield %h : i64
      }
      %s1 = arith.addi %s, %one : i64
      scf.yield %nx, %s1 : i64, i64
    }
    memref.store %r#1, %o[%i] : memref<?xi64>
  }
  func.return
}
func.func @sum(%a: memref<?xf64>, %o: memref<f64>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f64
  %t = "scf.parallel"(%c0, %n, %c1, %z) <{operandSegmentSizes = array<i32: 1, 1, 1, 1>}> ({
  ^bb0(%i: index):
    %v = memref.load %a[%i] : memref<?xf64>
    scf.reduce(%v : f64) {
    ^bb1(%l: f64, %r: f64):
      %s = arith.addf %l, %r : f64
      scf.reduce.return %s : f64
    }
  }) : (index, index, index, f64) -> f64
  memref.store %t, %o[] : memref<f64>
  func.return
}
func.func @scratch(%a: memref<?xf32>, %o: memref<?xf32>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %z = arith.constant 0.0 : f32
  %buf = memref.alloca() : memref<4xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<?xf32>
    scf.for %k = %c0 to %c4 step %c1 {
      %kk = arith.index_cast %k : index to i32
      %kf = arith.sitofp %kk : i32 to f32
      %w = arith.mulf %v, %kf : f32
      memref.store %w, %buf[%k] : memref<4xf32>
    }
    %s = scf.for %k = %c0 to %c4 step %c1 iter_args(%acc = %z) -> (f32) {
      %w = memref.load %buf[%k] : memref<4xf32>
      %t = arith.addf %acc, %w : f32
      scf.yield %t : f32
    }
    memref.store %s, %o[%i] : memref<?xf32>
  }
  func.return
}
"""


def _collatz_steps(v: int) -> int:
    s = 0
    while v > 1:
        v = 3 * v + 1 if v % 2 else v // 2
        s += 1
    return s


def test_while_if_parallel_reduction_and_alloca(rng: np.random.Generator) -> None:
    k = Kernels(CONTROL)
    n = 200
    a = rng.integers(1, 10_000, n).astype(np.int64)
    o = np.full(n, -1, np.int64)
    k("collatz", a, o, n)
    np.testing.assert_array_equal(o, [_collatz_steps(int(v)) for v in a])

    x = rng.standard_normal(1001)
    s = np.zeros(())
    k("sum", x, s, x.size)
    np.testing.assert_allclose(s, x.sum(), rtol=1e-12)

    y = rng.standard_normal(77).astype(np.float32)
    oy = np.zeros_like(y)
    k("scratch", y, oy, y.size)
    np.testing.assert_allclose(oy, y * 6, rtol=1e-6)


def test_host_function_untouched_and_call_site_converted() -> None:
    module = parse_module(
        """
func.func @f(%x: memref<?xf32>, %n: index) {
  %c1 = arith.constant 1 : index
  %m = arith.addi %n, %c1 : index
  func.call @f_kernel_0(%x, %m) : (memref<?xf32>, index) -> ()
  func.return
}
func.func @f_kernel_0(%x: memref<?xf32>, %n: index) attributes {arignote.kernel} {
  func.return
}"""
    )
    run_passes(make_context(), module, [ConvertToLlvmPass()])
    host = next(op for op in module.body.block.ops if isinstance(op, func.FuncOp))
    names = [op.name for op in host.body.block.ops]
    assert names == [
        "arith.constant",
        "arith.addi",
        "builtin.unrealized_conversion_cast",
        "builtin.unrealized_conversion_cast",
        "llvm.call",
        "func.return",
    ]
    call = list(host.body.block.ops)[4]
    assert [str(v.type) for v in call.operands] == ["!llvm.ptr", "i64", "i64"]


def test_full_cpu_pipeline_runs_through_these_passes(rng: np.random.Generator) -> None:
    import arignote as theano
    import arignote.tensor as tt

    saved = theano.config.device
    theano.config.device = "cpu"
    try:
        x = tt.vector("x")
        f = theano.function([x], tt.exp(-x * x) * 2 + tt.tanh(x))
        xv = rng.standard_normal(1003).astype(np.float32)
        got = f(xv)
    finally:
        theano.config.device = saved
    ref = np.exp(-xv.astype(np.float64) ** 2) * 2 + np.tanh(xv.astype(np.float64))
    np.testing.assert_allclose(got, ref.astype(np.float32), rtol=1e-5, atol=1e-6)


def test_unsupported_op_is_a_diagnostic_naming_the_pass() -> None:
    module = parse_module(
        """
func.func @k(%ok: i1) attributes {arignote.kernel} {
  cf.assert %ok, "no"
  func.return
}""",
        "k.mlir",
    )
    with pytest.raises(PassError, match=r"k\.mlir:3:3: error: convert-to-llvm: 'cf\.assert'"):
        run_passes(make_context(), module, [ConvertToLlvmPass()])


def test_kernel_signature_types_are_the_abi() -> None:
    k = Kernels(RANKS)
    funcs = {op.sym_name.data: op for op in k.module.body.block.ops if isinstance(op, xllvm.FuncOp)}
    ft = funcs["sum_exp_axis1"].function_type
    assert [str(t) for t in ft.inputs] == ["!llvm.ptr", "i64", "i64", "i64", "!llvm.ptr", "i64", "i64", "i64", "i64", "i64"]
    assert isinstance(ft.output, xllvm.LLVMVoidType)
    assert [str(t) for t in funcs["transpose"].function_type.inputs] == ["!llvm.ptr", "!llvm.ptr"]
    assert all(isinstance(t, IntegerType) for t in funcs["sum_exp_axis1"].function_type.inputs.data[-3:])
