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
from arignote.errors import DTypeError, ShapeError

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


@pytest.mark.parametrize("dtype", UINTS)
def test_reductions(device: str, dtype: str, rng: np.random.Generator) -> None:
    """sum/prod of unsigned ints accumulate in and return uint64
    (`CAReduceDtype._output_dtype`/`_acc_dtype`, tensor/elemwise.py l.1721-1780); max/min
    keep the dtype and argmax/argmin give int64 (`MaxAndArgmax`, tensor/basic.py
    l.1300-1302), comparing as unsigned: values above the signed maximum are the largest."""
    x = T.matrix(dtype=dtype)
    outs = [T.sum(x), T.sum(x, axis=0), T.prod(x, axis=1), T.max(x), T.min(x, axis=1)]
    outs += [T.argmax(x, axis=1), T.argmin(x, axis=0), T.max(x, axis=0, keepdims=True)]
    assert [o.dtype for o in outs[:3]] == ["uint64"] * 3
    f = theano.function([x], outs)
    for _ in range(2):
        a = _full_range(rng, dtype, (6, 9))
        u = a.astype(np.uint64)
        refs = [u.sum(), u.sum(axis=0), u.prod(axis=1), a.max(), a.min(axis=1)]
        refs += [a.argmax(axis=1), a.argmin(axis=0), a.max(axis=0, keepdims=True)]
        for got, ref in zip(f(a), refs, strict=True):
            assert got.dtype == np.asarray(ref).dtype
            np.testing.assert_array_equal(got, ref)


def test_max_argmax_above_the_signed_range(device: str) -> None:
    """A value above the signed maximum is the largest (a signed compare would call it
    negative): the unsigned `maxui`/`cmpi ugt` of the lowering."""
    for dtype in UINTS:
        x = T.vector(dtype=dtype)
        f = theano.function([x], [T.max(x), T.argmax(x), T.min(x), T.argmin(x)])
        top = np.iinfo(dtype).max // 2 + 1  # 2^(n-1): -2^(n-1) when read as signed
        v = np.array([5, top, 7, 0, 1], dtype=dtype)
        mx, amx, mn, amn = f(v)
        assert (mx, amx, mn, amn) == (top, 1, 0, 3)
        assert mx.dtype == np.dtype(dtype) and amx.dtype == np.int64


def test_indexing_with_unsigned_indices(device: str, rng: np.random.Generator) -> None:
    """Integer indices may be unsigned (Theano's advanced indexing takes every integer
    dtype, `integer_dtypes` in tensor/basic.py); they are zero-extended, so a uint8 index
    of 200 reads row 200 (not -56), and an index past the end is refused."""
    x = T.matrix()
    i, j = T.vector(dtype="uint8"), T.vector(dtype="uint64")
    k = T.scalar(dtype="uint16")
    outs = [x[i], x[k], x[:, j], T.inc_subtensor(x[i], 1.0), x[k - 1 : k + 1]]
    f = theano.function([x, i, j, k], outs)
    xv = rng.standard_normal((300, 4)).astype("float32")
    iv = np.array([200, 0, 255, 7, 200], np.uint8)
    jv = np.array([3, 0, 3], np.uint64)
    got = f(xv, iv, jv, np.uint16(299))
    inc = xv.copy()
    np.add.at(inc, iv, 1.0)
    for g, ref in zip(got, [xv[iv], xv[299], xv[:, jv], inc, xv[298:300]], strict=True):
        np.testing.assert_array_equal(g, ref)
    with pytest.raises(ShapeError, match="tt.take at .*test_unsigned.py:.*out of bounds"):
        f(xv[:100], iv, jv, np.uint16(3))
    with pytest.raises(ShapeError, match="out of bounds"):  # 2^63 is no negative index
        f(xv, iv, np.array([2**63], np.uint64), np.uint16(3))


def test_uint8_image_normalised_to_float(device: str, rng: np.random.Generator) -> None:
    """`x / 255.` of a uint8 image is float32 under floatX=float32 (255. is autocast to
    float32, `NumpyAutocaster` scalar/basic.py l.194-197; upcast(uint8, float32) is
    float32), and `x / 255` too (`TrueDiv.output_types`: integers give floatX)."""
    x = T.tensor4(dtype="uint8")
    y = x / 255.0
    z = (x - 128) / 128.0  # uint8 - int16 (128 autocast) is int16, then float32
    w = T.mean(x, axis=(2, 3))  # the mean of integers is float64 (tensor/basic.py l.3353)
    assert (y.dtype, z.dtype, (x / 255).dtype, w.dtype) == ("float32",) * 3 + ("float64",)
    f = theano.function([x], [y, z, x / 255, w])
    img = rng.integers(0, 256, size=(2, 3, 8, 5), dtype=np.uint8)
    got = f(img)
    f32 = img.astype(np.float32)
    refs = [f32 / np.float32(255.0), (img.astype(np.int16) - 128).astype(np.float32) / 128.0]
    refs += [f32 / np.float32(255.0), img.astype(np.float64).mean(axis=(2, 3))]
    for g, ref in zip(got, refs, strict=True):
        assert g.dtype == ref.dtype
        np.testing.assert_allclose(g, ref, rtol=1e-12 if g.dtype == np.float64 else 0)


def test_shared_uint8_variables_with_updates(device: str, rng: np.random.Generator) -> None:
    """`shared(np.uint8 array)` keeps the array's dtype (tensor/sharedvar.py
    `tensor_constructor` l.28-57); an update must have that dtype; the new value wraps
    modulo 256; `set_value` refuses values that do not fit (`TensorType.filter`,
    tensor/type.py l.74-199: negative Python ints, int8 arrays)."""
    init = rng.integers(0, 256, size=(4, 6), dtype=np.uint8)
    flags = theano.shared(init.copy(), name="flags")
    counter = theano.shared(np.uint64(2**63 + 5), name="counter")
    assert flags.dtype == "uint8" and counter.dtype == "uint64"
    step = np.uint8(7)
    f = theano.function(
        [], [flags.sum(), T.max(flags)],
        updates=[(flags, flags + step), (counter, counter + np.uint64(1))],
    )  # fmt: skip
    want = init.copy()
    want64 = np.uint64(2**63 + 5)
    for _ in range(3):
        total, top = f()
        assert total.dtype == np.uint64 and top.dtype == np.uint8
        assert int(total) == int(want.astype(np.uint64).sum()) and int(top) == int(want.max())
        want = want + step
        want64 = want64 + np.uint64(1)
        value = flags.get_value()
        assert value.dtype == np.uint8
        np.testing.assert_array_equal(value, want)
        assert counter.get_value().dtype == np.uint64 and counter.get_value() == want64
    flags.set_value(np.full((4, 6), 250, np.uint8))
    assert int(f()[0]) == 250 * 24
    np.testing.assert_array_equal(flags.get_value(), np.full((4, 6), 1, np.uint8))  # wrapped
    with pytest.raises(DTypeError):
        flags.set_value(np.full((4, 6), 3, np.int8))
    u = T.scalar(dtype="uint8")
    g = theano.function([u], u + u)
    assert g(200) == np.uint8(144) and g(200).dtype == np.uint8  # exact Python ints pass
    assert g(np.int16(3)) == 6  # a NumPy scalar too, when its value fits (rule 7)
    for bad in (-1, 256, np.int16(-3), np.array(3, np.int8)):
        with pytest.raises(DTypeError, match="uint8"):
            g(bad)


_IR = """
func.func @f(%a: tensor<?xui32>, %b: tensor<?xui32>, %i: tensor<3xui64>, %x: tensor<?xf32>)
    -> (tensor<?xui32>, tensor<?xi1>, tensor<?xui32>, tensor<?xf32>, tensor<3xf32>, tensor<ui32>) {
  %s = tt.add %a, %b : tensor<?xui32>
  %lt = tt.lt %a, %b : tensor<?xui32>
  %d = tt.int_div %a, %b : tensor<?xui32>
  %f = tt.cast %a : tensor<?xui32> to tensor<?xf32>
  %g = tt.take %x [%i] axis 0 : tensor<?xf32>, tensor<3xui64> -> tensor<3xf32>
  %m = tt.reduce max %a axes [0] : tensor<?xui32> -> tensor<ui32>
  func.return %s, %lt, %d, %f, %g, %m
      : tensor<?xui32>, tensor<?xi1>, tensor<?xui32>, tensor<?xf32>, tensor<3xf32>, tensor<ui32>
}
"""


def test_tt_module_references_and_compiled_code_agree(device: str, rng: np.random.Generator) -> None:
    """At the tt level: the NumPy references (`arignote.reference.evaluate`) compute in
    the unsigned dtypes, and the compiled host program takes and returns uint arrays."""
    from arignote.compiler import compile_module
    from arignote.ir import parse_module
    from arignote.reference import evaluate, find_function

    module = parse_module(_IR, "unsigned.mlir")
    a, b = _full_range(rng, "uint32", (40,)), _full_range(rng, "uint32", (40,))
    b[b == 0] = 1
    i = np.array([39, 0, 17], np.uint64)
    x = rng.standard_normal(40).astype(np.float32)
    refs = [a + b, a < b, a // b, a.astype(np.float32), x[i.astype(np.int64)], a.max()]
    want = evaluate(find_function(module), [a, b, i, x])
    got = compile_module(module, "f", device).run(a, b, i, x)
    for w, g, r in zip(want, got, refs, strict=True):
        assert w.dtype == g.dtype == np.asarray(r).dtype
        np.testing.assert_array_equal(w, r)
        np.testing.assert_array_equal(g, r)
    with pytest.raises(ShapeError, match="out of bounds"):
        evaluate(find_function(module), [a, b, np.array([2**63, 0, 0], np.uint64), x])


def test_uint_results_from_the_disk_cache(device: str) -> None:
    """A function loaded from the compile cache (host.mlir is signless) still returns
    uint arrays: the unsigned results come from the tt signature, not the lowered one."""
    from arignote import compiler
    from arignote.ir import parse_module

    src = """func.func @g(%a: tensor<?xui8>) -> tensor<?xui8> {
      %s = tt.add %a, %a : tensor<?xui8>
      func.return %s : tensor<?xui8>
    }"""
    compiler.compile_module(parse_module(src), "g", device).wait_optimized()
    compiler._cache.clear()
    again = compiler.compile_module(parse_module(src), "g", device)
    assert again.from_disk
    (out,) = again.run(np.array([200, 3], np.uint8))
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(out, [144, 6])


def test_constants_switch_and_structural_ops_on_uint8(
    device: str, rng: np.random.Generator
) -> None:
    """Constants above the signed maximum (a NumPy array keeps its dtype: `constant`,
    tensor/basic.py l.217), switch (`upcast` of the branches), slicing from a uint16
    start, inc_subtensor (wrapping adds, repeated indices accumulate) and set_subtensor,
    concatenate, reshape/transpose, alloc: all keep uint8 and its values."""
    x, y = T.vector(dtype="uint8"), T.vector(dtype="uint8")
    k, i = T.scalar(dtype="uint16"), T.vector(dtype="int64")
    c = rng.integers(128, 256, size=5, dtype=np.uint8)
    outs = [
        x + c, x + np.uint8(200), T.switch(x < y, x, y), x[k:],
        T.inc_subtensor(x[i], y[:3]), T.set_subtensor(x[1:3], np.uint8(250)),
        T.concatenate([x, y]), x.reshape((5, 1)).T, T.alloc(np.uint8(201), 2, 3),
    ]  # fmt: skip
    f = theano.function([x, y, k, i], outs)
    for _ in range(2):
        a, b = _full_range(rng, "uint8", (5,)), _full_range(rng, "uint8", (5,))
        rng.shuffle(a)
        iv = np.array([4, 4, int(rng.integers(0, 5))])
        start = int(rng.integers(0, 6))
        inc, st = a.copy(), a.copy()
        np.add.at(inc, iv, b[:3])
        st[1:3] = 250
        refs = [
            a + c, a + np.uint8(200), np.where(a < b, a, b), a[start:], inc, st,
            np.concatenate([a, b]), a.reshape(5, 1).T, np.full((2, 3), 201, np.uint8),
        ]  # fmt: skip
        for got, ref in zip(f(a, b, np.uint16(start), iv), refs, strict=True):
            assert got.dtype == np.uint8
            np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize(
    ("udt", "sdt", "want"),
    [("uint8", "int8", "int16"), ("uint16", "int16", "int32"), ("uint32", "int8", "int64"),
     ("uint64", "int64", "float64"), ("uint8", "uint32", "uint32")],
)  # fmt: skip
def test_mixed_signedness_computes_in_the_upcast(
    device: str, udt: str, sdt: str, want: str, rng: np.random.Generator
) -> None:
    """Mixed operands are cast to `upcast` (theano/scalar/basic.py l.59-87, NumPy's
    promotion) before the op: an unsigned operand is zero-extended (or converted with
    uitofp), a signed one sign-extended, so values compare and add as NumPy's do."""
    x, y = T.vector(dtype=udt), T.vector(dtype=sdt)
    outs = [x + y, x * y, x < y, T.maximum(x, y), T.eq(x, y)]
    assert outs[0].dtype == want
    f = theano.function([x, y], outs)
    a = _full_range(rng, udt, (50,))
    info = np.iinfo(sdt)
    b = rng.integers(int(info.min), int(info.max), size=50, endpoint=True).astype(sdt)
    b[:3] = np.array([info.min, info.max, 0], dtype=sdt)
    a2, b2 = a.astype(want), b.astype(want)
    with np.errstate(all="ignore"):
        refs = [a2 + b2, a2 * b2, a2 < b2, np.maximum(a2, b2), a2 == b2]
    for got, ref in zip(f(a, b), refs, strict=True):
        assert got.dtype == ref.dtype
        np.testing.assert_array_equal(got, ref)


def test_training_step_on_uint8_images_and_labels(device: str, rng: np.random.Generator) -> None:
    """A softmax regression step on uint8 images (normalised with `/ 255.`) and uint8
    labels used as indices: the new weights equal NumPy's step (float32, rtol 1e-5)."""
    x, y = T.matrix(dtype="uint8"), T.vector(dtype="uint8")
    w0 = (rng.standard_normal((6, 3)) * 0.1).astype(np.float32)
    w = theano.shared(w0.copy())
    p = T.nnet.softmax(T.dot(x / 255.0, w))
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    f = theano.function([x, y], cost, updates=[(w, w - 0.5 * theano.grad(cost, w))])
    xs = rng.integers(0, 256, (10, 6), dtype=np.uint8)
    ys = rng.integers(0, 3, 10).astype(np.uint8)
    got_cost = f(xs, ys)
    xf = xs.astype(np.float32) / np.float32(255.0)
    z = xf @ w0
    pn = np.exp(z - z.max(axis=1, keepdims=True))
    pn /= pn.sum(axis=1, keepdims=True)
    onehot = np.eye(3, dtype=np.float32)[ys]
    want_w = w0 - 0.5 * (xf.T @ (pn - onehot) / 10)
    np.testing.assert_allclose(got_cost, -np.log(pn[np.arange(10), ys]).mean(), rtol=1e-5)
    np.testing.assert_allclose(w.get_value(), want_w, rtol=1e-5, atol=1e-6)
    # uint8 labels are integer targets of categorical_crossentropy (nnet/nnet.py l.2098)
    w.set_value(w0)
    xent = theano.function([x, y], T.nnet.categorical_crossentropy(p, y))
    np.testing.assert_allclose(xent(xs, ys), -np.log(pn[np.arange(10), ys]), rtol=1e-4)


def test_filter_of_unsigned_inputs() -> None:
    """`TensorType.filter` (tensor/type.py l.74-199): an ndarray is accepted when
    upcast(type, array dtype) is the type (uint8 into uint16/int16/float32; not int8 or
    int16 into uint8, not uint32 into float32); Python values when they fit exactly;
    allow_input_downcast casts as NumPy's astype (wrapping)."""
    ok = [
        ("uint16", np.array([3], np.uint8)), ("int16", np.array([200], np.uint8)),
        ("float32", np.array([7], np.uint16)), ("uint8", [0, 255]), ("uint64", 2**64 - 1),
    ]  # fmt: skip
    for dtype, value in ok:
        got = T.TensorType(dtype, (False,) * np.ndim(value)).filter(value)
        assert got.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(got, value)
    refused = [
        ("uint8", np.array([3], np.int8)), ("uint8", np.array([3], np.int16)),
        ("int8", np.array([3], np.uint8)), ("float32", np.array([3], np.uint32)),
        ("uint8", [-1]), ("uint8", [256]), ("uint32", 2.5),
    ]  # fmt: skip
    for dtype, value in refused:
        with pytest.raises(DTypeError, match=dtype):
            T.TensorType(dtype, (False,) * np.ndim(value)).filter(value)
    t = T.TensorType("uint8", (False,))
    np.testing.assert_array_equal(t.filter(np.array([300, -1]), allow_downcast=True), [44, 255])
    np.testing.assert_array_equal(t.filter(np.array([2.7, 255.0]), allow_downcast=True), [2, 255])


def test_arange_with_unsigned_bounds(device: str) -> None:
    """Theano's arange (tensor/basic.py l.5584-5590): the upcast of the bounds widened
    to int64, or uint64 when it is unsigned; unsigned bounds are zero-extended."""
    k, s = T.scalar(dtype="uint16"), T.scalar(dtype="uint8")
    a1, a2 = T.arange(k), T.arange(s, k, np.uint8(3))
    assert (a1.dtype, a2.dtype) == ("int64", "uint64")
    r1, r2 = theano.function([k, s], [a1, a2])(np.uint16(300), np.uint8(250))
    np.testing.assert_array_equal(r1, np.arange(300))
    assert r2.dtype == np.uint64
    np.testing.assert_array_equal(r2, np.arange(250, 300, 3))


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_sorting_unsigned_values_above_the_signed_range(device: str, rng: np.random.Generator) -> None:
    """argsort/sort compare unsigned elements as unsigned (values >= 128 for uint8 were
    ordered as negative before the merge of the two branches met)."""
    old = theano.config.device
    theano.config.device = device
    try:
        x = T.vector(dtype="uint8")
        f = theano.function([x], [T.argsort(x), T.sort(x)])
        v = rng.integers(0, 256, 40).astype(np.uint8)
        a, s = f(v)
        np.testing.assert_array_equal(a, np.argsort(v, kind="stable"))
        np.testing.assert_array_equal(s, np.sort(v))
    finally:
        theano.config.device = old
