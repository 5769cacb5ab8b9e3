"""`ir.verify_module`: every op by default; without the device code on the compile path
(`device_code=False`), whose translation LLVM's verifier checks."""

from __future__ import annotations

import pytest

from arignote.errors import IRVerifyError
from arignote.ir import parse_module, verify_module

# an llvm.func whose body uses a value before defining it, and a host function
BAD_KERNEL = """
llvm.func @k(%a: i64) {
  %c = llvm.add %b, %a : i64
  %b = llvm.add %a, %a : i64
  llvm.return
}
func.func @host(%x: index) -> index {
  func.return %x : index
}
"""


def _module(text: str):  # type: ignore[no-untyped-def]
    from arignote.ir import LocatedParser  # (parse without the verifier's dominance check)
    from arignote.registry import make_context

    return LocatedParser(make_context(), text, "k.mlir").parse_module(True)


def test_device_code_is_left_to_llvm_on_the_compile_path() -> None:
    m = _module(BAD_KERNEL)
    with pytest.raises(IRVerifyError, match="does not dominate this use"):
        verify_module(m)
    verify_module(m, device_code=False)  # (the kernel's body is LLVM's to check)


def test_host_code_is_always_verified() -> None:
    host = "%y = arith.addi %z, %x : index\n  %z = arith.addi %x, %x : index\n  func.return %y : index"
    m = _module(BAD_KERNEL.replace("func.return %x : index", host))
    for device_code in (True, False):
        with pytest.raises(IRVerifyError, match="does not dominate this use"):
            verify_module(m, device_code=device_code)


def test_a_good_module_verifies_both_ways() -> None:
    m = parse_module(BAD_KERNEL.replace("%c = llvm.add %b, %a : i64\n  %b", "%b"))
    verify_module(m)
    verify_module(m, device_code=False)


def test_a_dim_out_of_range_verifies_but_does_not_compile() -> None:
    """Upstream MLIR (since LLVM 17) and xDSL accept `tensor.dim` of a constant index
    outside the rank (undefined when run); the compiler refuses it with a diagnostic
    naming the op, where it used to fail with an IndexError when run."""
    from arignote import compiler

    m = parse_module(
        "func.func @f(%x: tensor<?xf32>) -> tensor<?xf32> {\n"
        "  %c2 = arith.constant 2 : index\n"
        "  %d = tensor.dim %x, %c2 : tensor<?xf32>\n"
        "  %e = tensor.empty(%d) : tensor<?xf32>\n"
        "  func.return %e : tensor<?xf32>\n}",
        "dim.mlir",
    )
    verify_module(m)
    with pytest.raises(IRVerifyError, match=r"dim.mlir:3:3: error: 'tensor.dim' index 2 is out "
                       r"of range for tensor<\?xf32> \(valid IR, but undefined"):
        compiler.compile_module(m, "f", "cpu")
