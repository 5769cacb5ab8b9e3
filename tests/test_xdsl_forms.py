"""`arignote.xdsl_forms`: under --xdsl-compat our ops print in xDSL's forms (and return
to ours afterwards); by default they print upstream's."""

from __future__ import annotations

from arignote.ir import parse_module, print_module

SRC = """func.func @f(%a: f32, %b: f32) -> f32 {
  %m = memref.alloc() alignment = 64 : memref<8xf32>
  %r = arith.remf %a, %b : f32
  func.return %r : f32
}"""


def test_upstream_forms_by_default_xdsl_forms_under_the_switch() -> None:
    m = parse_module(SRC)
    ours = print_module(m)
    assert "memref.alloc() alignment = 64 : memref<8xf32>" in ours  # upstream's
    assert "arith.remf %a, %b : f32" in ours
    classes = [type(op) for op in m.walk()]
    xdsl = print_module(m, xdsl_forms=True)
    assert "memref.alloc() {alignment = 64 : i64} : memref<8xf32>" in xdsl  # xDSL's
    assert '"arith.remf"(%a, %b) <{fastmath = #arith.fastmath<none>}>' in xdsl  # generic
    assert [type(op) for op in m.walk()] == classes  # our classes back
    assert print_module(m) == ours
    # xDSL's text reads back into the same module
    assert print_module(parse_module(xdsl)) == ours
