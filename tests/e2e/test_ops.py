"""Every elementwise tt op, compiled for `cpu` and `emu`, against its NumPy reference.

Fresh random inputs (plus special values for floats: ±0, ±inf, NaN, tiny and huge
numbers where the op is defined there), dynamic sizes not divisible by the GPU block.
Tolerances, per element: float32 |out - ref| <= 1e-5 |ref| + 1e-6 (arignote's
polynomial exp/log/sin/cos/tanh on the CPU and libdevice on the GPU are within a few
ulp of NumPy's own float32 functions); float64 1e-12 relative; float16 1e-3 relative
(computed in float32, rounded once); integers and booleans exactly; NaN where NumPy
gives NaN.
"""

from __future__ import annotations

import numpy as np
import pytest

from arignote.compiler import compile_module
from arignote.dialects import tt
from arignote.ir import parse_module
from arignote.reference import evaluate, find_function

DEVICES = ["cpu", "emu"]
N = 301  # not a multiple of the block size

TOL = {
    "float16": dict(rtol=1e-3, atol=1e-3),
    "float32": dict(rtol=1e-5, atol=1e-6),
    "float64": dict(rtol=1e-12, atol=1e-300),
}
MLIR_EL = {
    "float16": "f16", "float32": "f32", "float64": "f64", "bool": "i1",
    "int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64",
}  # fmt: skip

#: the input domain of each float op: (low, high) for the random part
DOMAIN = {
    "log": (1e-3, 1e3), "sqrt": (0.0, 1e3), "log1p": (-0.99, 1e3), "pow": (0.1, 4.0),
    "exp": (-80.0, 80.0), "sin": (-100.0, 100.0), "cos": (-100.0, 100.0),
    "asin": (-1.0, 1.0), "acos": (-1.0, 1.0), "atanh": (-1.0, 1.0), "acosh": (1.0, 1e3),
}  # fmt: skip
SPECIAL = np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 1e-30, -1e-30, 3.0e4])


def _floats(rng: np.random.Generator, dtype: str, op: str) -> np.ndarray:
    lo, hi = DOMAIN.get(op, (-10.0, 10.0))
    x = rng.uniform(lo, hi, N).astype(dtype)
    special = SPECIAL.astype(dtype)
    x[: len(special)] = special
    return x


def _ints(rng: np.random.Generator, dtype: str) -> np.ndarray:
    if dtype == "bool":
        return rng.integers(0, 2, N).astype(bool)
    info = np.iinfo(dtype)
    x = rng.integers(-100, 100, N).astype(dtype)
    edge = np.array([0, -1, 1, info.min, info.max, 7, -7], dtype)
    x[: len(edge)] = edge
    return x


def _run(src: str, name: str, args: list[np.ndarray], device: str) -> tuple[np.ndarray, np.ndarray]:
    module = parse_module(src, f"{name}.mlir")
    (want,) = evaluate(find_function(module), args)
    (got,) = compile_module(module, name, device).run(*args)
    return got, want


def _compare(got: np.ndarray, want: np.ndarray, what: str) -> None:
    assert got.dtype == want.dtype and got.shape == want.shape, what
    if want.dtype.kind == "f":
        np.testing.assert_allclose(got, want, err_msg=what, equal_nan=True, **TOL[want.dtype.name])
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


UNARY_FLOAT = [
    "neg", "abs", "exp", "log", "log1p", "sqrt", "sin", "cos", "tanh", "sigmoid",
    "expm1", "erf", "softplus", "floor", "ceil", "round", "sign",
    "asin", "acos", "atan", "asinh", "acosh", "atanh",
]  # fmt: skip
BINARY_FLOAT = [
    "add", "sub", "mul", "true_div", "int_div", "mod", "pow", "maximum", "minimum", "atan2",
]  # fmt: skip
BINARY_INT = [
    "add", "sub", "mul", "int_div", "mod", "maximum", "minimum", "and", "or", "xor", "shl", "shr",
]  # fmt: skip
COMPARE = ["eq", "ne", "lt", "le", "gt", "ge"]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
@pytest.mark.parametrize("op", UNARY_FLOAT)
def test_unary_float(op: str, dtype: str, device: str, rng: np.random.Generator) -> None:
    el = MLIR_EL[dtype]
    src = f"""func.func @u(%x: tensor<?x{el}>) -> tensor<?x{el}> {{
      %r = tt.{op} %x : tensor<?x{el}>
      func.return %r : tensor<?x{el}>
    }}"""
    got, want = _run(src, "u", [_floats(rng, dtype, op)], device)
    _compare(got, want, f"tt.{op} {dtype} on {device}")


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("op", BINARY_FLOAT)
def test_binary_float(op: str, dtype: str, device: str, rng: np.random.Generator) -> None:
    el = MLIR_EL[dtype]
    src = f"""func.func @b(%x: tensor<?x{el}>, %y: tensor<?x{el}>) -> tensor<?x{el}> {{
      %r = tt.{op} %x, %y : tensor<?x{el}>
      func.return %r : tensor<?x{el}>
    }}"""
    x, y = _floats(rng, dtype, op), _floats(rng, dtype, op)
    rng.shuffle(y)
    got, want = _run(src, "b", [x, y], device)
    _compare(got, want, f"tt.{op} {dtype} on {device}")


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64"])
@pytest.mark.parametrize("op", [*BINARY_INT, *COMPARE])
def test_binary_int(op: str, dtype: str, device: str, rng: np.random.Generator) -> None:
    el = MLIR_EL[dtype]
    rt = "i1" if op in COMPARE else el
    src = f"""func.func @i(%x: tensor<?x{el}>, %y: tensor<?x{el}>) -> tensor<?x{rt}> {{
      %r = tt.{op} %x, %y : tensor<?x{el}>
      func.return %r : tensor<?x{rt}>
    }}"""
    x, y = _ints(rng, dtype), _ints(rng, dtype)
    got, want = _run(src, "i", [x, y[::-1].copy()], device)
    _compare(got, want, f"tt.{op} {dtype} on {device}")


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("op", [*COMPARE])
@pytest.mark.parametrize("dtype", ["float32", "bool"])
def test_compare(op: str, dtype: str, device: str, rng: np.random.Generator) -> None:
    el = MLIR_EL[dtype]
    src = f"""func.func @c(%x: tensor<?x{el}>, %y: tensor<?x{el}>) -> tensor<?xi1> {{
      %r = tt.{op} %x, %y : tensor<?x{el}>
      func.return %r : tensor<?xi1>
    }}"""
    make = (lambda: _floats(rng, dtype, op)) if dtype != "bool" else (lambda: _ints(rng, "bool"))
    x, y = make(), make()
    y[:5] = x[:5]  # some equal pairs
    got, want = _run(src, "c", [x, y], device)
    _compare(got, want, f"tt.{op} {dtype} on {device}")


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("op", ["isnan", "isinf"])
def test_float_predicates(op: str, device: str, rng: np.random.Generator) -> None:
    src = f"""func.func @p(%x: tensor<?xf64>) -> tensor<?xi1> {{
      %r = tt.{op} %x : tensor<?xf64>
      func.return %r : tensor<?xi1>
    }}"""
    got, want = _run(src, "p", [_floats(rng, "float64", op)], device)
    _compare(got, want, f"tt.{op} on {device}")


@pytest.mark.parametrize("device", DEVICES)
def test_logical_and_unary_int(device: str, rng: np.random.Generator) -> None:
    src = """func.func @l(%p: tensor<?xi1>, %q: tensor<?xi1>, %k: tensor<?xi32>) -> (tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi1>) {
      %a = tt.and %p, %q : tensor<?xi1>
      %o = tt.or %p, %q : tensor<?xi1>
      %n = tt.not %p : tensor<?xi1>
      %kn = tt.not %k : tensor<?xi32>
      %ng = tt.neg %k : tensor<?xi32>
      %ab = tt.abs %k : tensor<?xi32>
      %sg = tt.sign %k : tensor<?xi32>
      %bx = tt.xor %p, %q : tensor<?xi1>
      func.return %a, %o, %n, %kn, %ng, %ab, %sg, %bx : tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi1>
    }"""
    module = parse_module(src, "l.mlir")
    args = [_ints(rng, "bool"), _ints(rng, "bool"), _ints(rng, "int32")]
    wants = evaluate(find_function(module), args)
    gots = compile_module(module, "l", device).run(*args)
    for got, want, what in zip(gots, wants, ["and", "or", "not i1", "not i32", "neg i32", "abs i32", "sign i32", "xor i1"]):
        _compare(got, want, f"{what} on {device}")


CASTS = [
    ("float32", "float64"), ("float64", "float32"), ("float32", "float16"), ("float16", "float32"),
    ("float32", "int32"), ("float64", "int8"), ("int32", "float32"), ("int64", "float64"),
    ("int8", "int64"), ("int64", "int16"), ("bool", "float32"), ("bool", "int32"),
    ("float32", "bool"), ("int32", "bool"),
]  # fmt: skip


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(("src_t", "dst_t"), CASTS)
def test_cast(src_t: str, dst_t: str, device: str, rng: np.random.Generator) -> None:
    a, b = MLIR_EL[src_t], MLIR_EL[dst_t]
    src = f"""func.func @k(%x: tensor<?x{a}>) -> tensor<?x{b}> {{
      %r = tt.cast %x : tensor<?x{a}> to tensor<?x{b}>
      func.return %r : tensor<?x{b}>
    }}"""
    if src_t.startswith("float"):
        # in range of every target (float -> int of out-of-range values is undefined)
        x = rng.uniform(-100, 100, N).astype(src_t)
        x[:4] = [0.0, -0.0, 0.5, -0.5]
        if dst_t.startswith("float") or dst_t == "bool":
            x[4:7] = [np.inf, -np.inf, np.nan]
    else:
        x = _ints(rng, src_t)
        if dst_t in ("float16",):
            x = np.clip(x, -2048, 2048).astype(src_t)
    got, want = _run(src, "k", [x], device)
    _compare(got, want, f"cast {src_t} -> {dst_t} on {device}")


@pytest.mark.parametrize("device", DEVICES)
def test_where_with_broadcast_and_splat_constants(device: str, rng: np.random.Generator) -> None:
    src = """func.func @w(%x: tensor<?x?xf64>, %row: tensor<1x?xf64>) -> tensor<?x?xf64> {
      %c0 = arith.constant 0 : index
      %n = tensor.dim %x, %c0 : tensor<?x?xf64>
      %z = tt.constant dense<0.0> : tensor<f64>
      %c1 = arith.constant 1 : index
      %m = tensor.dim %x, %c1 : tensor<?x?xf64>
      %zb = tt.broadcast %z dims [] sizes(%n, %m) : tensor<f64> -> tensor<?x?xf64>
      %rb = tt.broadcast %row dims [0, 1] sizes(%n) : tensor<1x?xf64> -> tensor<?x?xf64>
      %pos = tt.gt %x, %zb : tensor<?x?xf64>
      %r = tt.where %pos, %x, %rb : tensor<?x?xf64>
      func.return %r : tensor<?x?xf64>
    }"""
    x = rng.standard_normal((7, 45))
    row = rng.standard_normal((1, 45))
    got, want = _run(src, "w", [x, row], device)
    _compare(got, want, f"where on {device}")


def test_every_elementwise_op_is_covered() -> None:
    covered = set(UNARY_FLOAT) | set(BINARY_FLOAT) | set(BINARY_INT) | set(COMPARE) | {
        "not", "where", "cast", "isnan", "isinf",
    }
    names = {cls.name.removeprefix("tt.") for cls in tt.ELEMENTWISE_OPS}
    assert names <= covered, names - covered
