"""arignote.printing: debugprint and pp on real graphs."""

from __future__ import annotations

import io

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote import printing


def test_debugprint_reuses_ids_for_shared_subgraphs() -> None:
    x, s = T.vector("x"), T.scalar("s")
    text = printing.debugprint(x + s * x, file="str")
    assert text == (
        "Elemwise{add} [id A] ''\n"
        " |x [id B]\n"
        " |Elemwise{mul} [id C] ''\n"
        "   |s [id D]\n"
        "   |x [id B]\n"
    )
    h = T.exp(x)
    h.name = "h"
    text = printing.debugprint([h * h], file="str", ids="int")
    assert (
        text
        == "Elemwise{mul} [id 0] ''\n |Elemwise{exp} [id 1] 'h'\n   |x [id 2]\n |Elemwise{exp} [id 1] 'h'\n"
    )


def test_debugprint_types_depth_constants_and_stream() -> None:
    m = T.matrix("m")
    y = T.dot(m, m.T).sum(axis=0) * 2
    text = printing.debugprint(y, file="str", print_type=True, depth=2)
    lines = text.splitlines()
    assert lines[0] == "Elemwise{mul} [id A] '' <TensorType(float32, vector)>"  # Theano's spelling of the type
    assert lines[1].startswith(" |sum{axes=[0]} [id B] ''")
    assert lines[2] == " |TensorConstant{2.0} [id C] <TensorType(float32, scalar)>"
    assert len(lines) == 3  # depth 2: the sum's inputs are not printed
    buf = io.StringIO()
    assert printing.debugprint(y, file=buf, ids="") is buf
    assert "[id" not in buf.getvalue() and "Matmul ''" in buf.getvalue()
    with pytest.raises(ValueError, match="ids must be"):
        printing.debugprint(y, ids="bad")
    with pytest.raises(TypeError, match="cannot print"):
        printing.debugprint(42)


def test_debugprint_of_a_function_shows_updates() -> None:
    x = T.vector("x")
    w = theano.shared(np.zeros(3, np.float32), name="w")
    f = theano.function([x], (x * w).sum(), updates=[(w, w + x)])
    assert printing.debugprint(f, file="str") == (
        "sum{axes=[0]} [id A] ''\n"
        " |Elemwise{mul} [id B] ''\n"
        "   |x [id C]\n"
        "   |w [id D]\n"
        "update of w:\n"
        "Elemwise{add} [id E] ''\n"
        " |w [id D]\n"
        " |x [id C]\n"
    )


def test_pp() -> None:
    x, s = T.vector("x"), T.scalar("s")
    assert printing.pp(x + s * x) == "(x + (s * x))"
    assert printing.pp(-T.exp(x) / 2) == "(-exp(x) / 2.0)"
    m, i = T.matrix("m"), T.lscalar("i")
    assert printing.pp(m[i * 2 : (i + 1) * 2]) == "m[(i * 2):((i + 1) * 2)]"
    assert printing.pp(m[1:, ::2]) == "m[1:, ::2]"
    assert printing.pp(m.T) == "m.T"
    assert printing.pp(x.dimshuffle("x", 0)) == "x.dimshuffle('x', 0)"
    h = T.tanh(T.dot(m, m))
    h.name = "h"
    assert printing.pp(h) == "tanh(Matmul(m, m))"
    assert printing.pp(h + 1) == "(h + 1.0)"
    assert printing.pp([x, s]) == "x\ns"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot's parser on pyparsing 3
def test_pydotprint_draws_the_function_graph(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    import numpy as np
    import pydot

    import arignote as theano
    import arignote.tensor as T

    x = T.fmatrix("x")
    w = theano.shared(np.ones((3, 2), np.float32), "w")
    cost = -T.log(T.nnet.softmax(T.dot(x, w))).mean()
    f = theano.function([x], cost, updates=[(w, w - 0.1 * T.grad(cost, w))], name="train")
    out = tmp_path / "train.dot"
    theano.printing.pydotprint(f, outfile=str(out), format="dot", print_output_file=False)
    (g,) = pydot.graph_from_dot_data(out.read_text())  # valid Graphviz source
    labels = {n.get_name(): (n.get_label() or "").strip('"') for n in g.get_nodes()}
    assert any(lab.startswith("x float32") for lab in labels.values())
    assert any(lab.startswith("w float32") for lab in labels.values())
    assert "Softmax" in labels.values() and "Matmul" in labels.values()
    fills = {n.get_fillcolor() for n in g.get_nodes()}
    assert {"limegreen", "lightblue", "dodgerblue"} <= fills  # input, shared, outputs
    edges = [(e.get_source(), e.get_destination()) for e in g.get_edges()]
    matmul = next(k for k, lab in labels.items() if lab == "Matmul")
    x_node = next(k for k, lab in labels.items() if lab.startswith("x float32"))
    assert (x_node, matmul) in edges
    # compact=False also draws the unnamed intermediate variables
    full = theano.printing.pydotprint(f, format="dot", compact=False, return_image=True)
    assert full.count("shape=ellipse") > out.read_text().count("shape=ellipse")
    if shutil.which("dot") is None:
        with pytest.raises(RuntimeError, match="needs Graphviz's `dot` program"):
            theano.printing.pydotprint(f, outfile=str(tmp_path / "t.png"))
    else:  # pragma: no cover - Graphviz installed
        png = theano.printing.pydotprint(f, format="png", return_image=True)
        assert png.startswith(b"\x89PNG")
