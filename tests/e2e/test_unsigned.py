"""Unsigned integer tensors (uint8 ... uint64), end to end on cpu and on the PTX emulator.

Theano's rules (Theano 1.0.5, ../shared/research/theano-semantics.md §4, §7):
- `upcast` is NumPy's promotion of the dtypes (theano/scalar/basic.py l.59-87):
  uint8 + int8 is int16, uint64 + int64 is float64;
- a Python number is autocast (`NumpyAutocaster`, l.161-213, `convert` l.252-283): an
  int becomes the smallest of int8 ... int64 that holds it, a float floatX (float32);
- float-only ops on uint8/uint16 run in float32, on uint32/uint64 in float64
  (`upgrade_to_float`, l.855-870); `true_div` of integers gives floatX (l.1890);
- comparisons give bool (`LogicalComparison`).
Every result is compared with NumPy computing in the unsigned dtype, on fresh random
inputs that use the whole unsigned range (values above the signed maximum included).
"""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T

DEVICES = ["cpu", "emu"]
UINTS = ["uint8", "uint16", "uint32", "uint64"]


@pytest.fixture(params=DEVICES)
def device(request):  # type: ignore[no-untyped-def]
    old = theano.config.device
    theano.config.device = request.param
    yield request.param
    theano.config.device = old


def _full_range(rng: np.random.Generator, dtype: str, shape: tuple[int, ...]) -> np.ndarray:
    """Uniform over the whole range of `dtype`, with the extremes and the values just
    above the signed maximum planted."""
    info = np.iinfo(dtype)
    v = rng.integers(0, int(info.max), size=shape, dtype=dtype, endpoint=True)
    flat = v.reshape(-1)
    special = [0, 1, int(info.max), int(info.max) // 2 + 1, int(info.max) // 2]
    flat[: len(special)] = np.array(special, dtype=dtype)
    return v


def test_dtype_rules_follow_theano() -> None:
    """theano/scalar/basic.py `upcast` (l.59-87: NumPy's promotion of 0-d arrays),
    `NumpyAutocaster` (l.161-213), `upgrade_to_float` (l.855), `TrueDiv.output_types`
    (l.1890): the result dtypes of Theano 1.0.5 with floatX=float32."""
    u8, u16, u32, u64 = (T.vector(dtype=d) for d in UINTS)
    i8, i64 = T.vector(dtype="int8"), T.vector(dtype="int64")
    f32 = T.vector(dtype="float32")
    cases = {
        "uint8 + int8": (u8 + i8, "int16"),
        "uint8 + uint16": (u8 + u16, "uint16"),
        "uint64 + int64": (u64 + i64, "float64"),
        "uint32 + int8": (u32 + i8, "int64"),
        "uint8 + float32": (u8 + f32, "float32"),
        "uint8 + 1": (u8 + 1, "int16"),
        "uint16 * 2": (u16 * 2, "int32"),
        "uint8 / 255.": (u8 / 255.0, "float32"),
        "uint32 / 255.": (u32 / 255.0, "float64"),
        "uint8 / uint8": (u8 / u8, "float32"),
        "exp(uint8)": (T.exp(u8), "float32"),
        "exp(uint16)": (T.exp(u16), "float32"),
        "exp(uint32)": (T.exp(u32), "float64"),
        "uint8 // uint8": (u8 // u8, "uint8"),
        "uint8 < uint8": (u8 < u8, "bool"),
        "-uint8": (-u8, "uint8"),
        "abs(uint8)": (abs(u8), "uint8"),
    }
    got = {k: v.dtype for k, (v, _) in cases.items()}
    assert got == {k: want for k, (_, want) in cases.items()}


def test_constructors_accept_uint_dtypes() -> None:
    """Theano has no prefix letters for unsigned types; TensorType, the dtype= argument
    and astype make them (tensor/type.py `TensorType.dtype_specs` l.259-265 lists uint8
    ... uint64)."""
    assert T.scalar(dtype="uint8").type == T.TensorType("uint8", ())
    assert T.matrix(dtype="uint16").dtype == "uint16"
    assert T.TensorType("uint32", (False, True))().broadcastable == (False, True)
    assert T.vector().astype("uint64").dtype == "uint64"
    assert T.cast(T.vector(), "uint8").dtype == "uint8"


@pytest.mark.parametrize("dtype", UINTS)
def test_elementwise_add_compare_cast(device: str, dtype: str, rng: np.random.Generator) -> None:
    """Arithmetic wraps modulo 2^n; comparisons are unsigned (values above the signed
    maximum compare greater); casts to float are unsigned (`uitofp`)."""
    x, y = T.matrix(dtype=dtype), T.matrix(dtype=dtype)
    outs = [x + y, x - y, x * y, x < y, x >= y, T.eq(x, y), T.maximum(x, y), T.minimum(x, y)]
    outs += [T.cast(x, "float64"), T.cast(x, "float32"), T.cast(x, "int64")]
    f = theano.function([x, y], outs)
    for _ in range(2):
        a, b = _full_range(rng, dtype, (5, 7)), _full_range(rng, dtype, (5, 7))
        b[0, 0] = a[0, 0]
        refs = [a + b, a - b, a * b, a < b, a >= b, a == b, np.maximum(a, b), np.minimum(a, b)]
        refs += [a.astype("float64"), a.astype("float32"), a.astype("int64")]
        for got, ref in zip(f(a, b), refs, strict=True):
            assert got.dtype == ref.dtype
            np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("dtype", UINTS)
def test_division_modulo_shifts_neg_abs(device: str, dtype: str, rng: np.random.Generator) -> None:
    """`//` is `int_div` and `%` is `mod` (tensor/basic.py l.3598; floor and C semantics
    coincide for unsigned: `divui`/`remui`), x // 0 and x % 0 are 0 as in NumPy; `neg`
    wraps (`Neg(same_out_nobool)`, scalar/basic.py l.2716) and `abs` is the identity
    (`Abs(same_out)`, l.2465); `>>` on unsigned is a logical shift (NumPy's right_shift)."""
    x, y, s = T.vector(dtype=dtype), T.vector(dtype=dtype), T.vector(dtype=dtype)
    outs = [x // y, x % y, -x, abs(x), T.sgn(x), T.shr(x, s), T.shl(x, s), ~x, x & y, x | y]
    outs.append(x ^ y)
    f = theano.function([x, y, s], outs)
    bits = np.iinfo(dtype).bits
    a, b = _full_range(rng, dtype, (64,)), _full_range(rng, dtype, (64,))
    b[:8] = np.array([0, 1, 2, 3, 7, 255, 0, 1], dtype=dtype)
    sh = rng.integers(0, bits, size=64).astype(dtype)
    sh[:3] = np.array([0, bits - 1, 1], dtype=dtype)
    safe = np.where(b == 0, 1, b).astype(dtype)
    with np.errstate(all="ignore"):
        refs = [
            np.where(b == 0, 0, a // safe), np.where(b == 0, 0, a % safe), -a, a,
            np.sign(a), a >> sh, a << sh, ~a, a & b, a | b, a ^ b,
        ]  # fmt: skip
    for got, ref in zip(f(a, b, sh), refs, strict=True):
        assert got.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(got, ref.astype(dtype))


def test_shifts_by_the_width_or_more_give_zero(device: str) -> None:
    """An unsigned shift by the width or more is 0 (arignote's tt.shl/tt.shr: never
    poison; NumPy's result on x86-64 differs by the instruction, so it is pinned here)."""
    x, s = T.vector(dtype="uint8"), T.vector(dtype="uint8")
    f = theano.function([x, s], [T.shr(x, s), T.shl(x, s)])
    r, l_ = f(np.array([255, 128, 7], np.uint8), np.array([8, 200, 255], np.uint8))
    np.testing.assert_array_equal(r, [0, 0, 0])
    np.testing.assert_array_equal(l_, [0, 0, 0])


@pytest.mark.parametrize("dtype", UINTS)
@pytest.mark.parametrize("ftype", ["float32", "float64"])
def test_casts_between_floats_and_unsigned(
    device: str, dtype: str, ftype: str, rng: np.random.Generator
) -> None:
    """`T.cast` is NumPy's astype (tensor/basic.py `cast`, l.1205): float to unsigned
    truncates toward zero (`fptoui`), unsigned to float rounds to nearest (`uitofp`),
    values at and above 2^31 and 2^63 included."""
    u, v = T.vector(dtype=dtype), T.vector(dtype=ftype)
    f = theano.function([u, v], [T.cast(u, ftype), T.cast(v, dtype)])
    a = _full_range(rng, dtype, (200,))
    # the largest float of ftype the unsigned type holds (uint32's max rounds up to 2^32
    # in float32): values in [0, hi] convert exactly (truncated toward zero)
    hi = np.array(np.iinfo(dtype).max, ftype)
    if int(hi) > np.iinfo(dtype).max:
        hi = np.nextafter(hi, np.array(0, ftype))
    w = (rng.random(200) * hi).astype(ftype)
    w[:6] = np.array([0.0, 0.5, 1.99, 2.0**31 if hi > 2.0**31 else 3.0, hi, 255.75], ftype)
    w = np.minimum(w, hi)
    got_f, got_u = f(a, w)
    assert got_f.dtype == np.dtype(ftype) and got_u.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(got_f, a.astype(ftype))
    np.testing.assert_array_equal(got_u, w.astype(dtype))
