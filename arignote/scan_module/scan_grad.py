"""The gradient of a `Scan` node: backpropagation through time as a reverse scan.

Theano's rule (scan_op.py:Scan.L_op, l.1940-2567), written with scan itself.  For a
forward step `t` that reads sequence rows, state rows `t + m + tap` and constants, and
writes state rows `t + m` and per-step outputs, the reverse scan visits `t = n-1 .. 0`
(`go_backwards`) and carries, per state, the window `P` of gradient contributions
already made to the `m` rows `t+1 .. t+m` by later steps:
- the gradient of the row step `t` wrote is `G[t + m] + P[m - 1]` (`G` the gradient of
  the whole state buffer from outside);
- the vector-Jacobian product of the step body (built by `grad` on the inner graph, with
  the forward rows as inputs) gives the step's gradient for its sequence rows (a
  per-step output of the reverse scan, reversed back afterwards), for the state rows it
  read (added into the shifted window), and for the constants (accumulated as states);
- after the last reverse step the window holds the gradient of the initial rows.
`truncate_gradient=k` runs the reverse scan over the last `k` steps only: the sequence
rows before them get zero gradient, and so do the initial states (l.1940-1964).
With an `until` condition the reverse scan runs over the steps the forward loop ran (as
many as its outputs have rows, l.1958), and the sequence rows of the steps it did not run
get zero gradient (l.2557-2566).
"""

from __future__ import annotations

from typing import Any

from arignote.graph import Apply, Variable


def _replaceable(out: Variable, inner_inputs: list[Variable]) -> bool:
    """Whether an inner output can be replaced by its saved row: computed by the body
    (not a constant, not one of its inputs)."""
    return out.owner is not None and all(out is not v for v in inner_inputs)


def _is_float(v: Variable) -> bool:
    return v.dtype in ("float16", "float32", "float64")


def _shifted_window(
    P: Variable, m: int, taps: list[int], tap_vars: list[Variable], sg: dict[int, Variable]
) -> Variable:
    """The next step's window: row `r` of `P` moves to row `r + 1` (row 0 starts at
    zero) and the step's gradient for its tap `tap` is added into row `m + tap`.  Built
    row by row (`m` is static), so a window of one row is the step's gradient itself,
    with no zero buffer, concatenation or update."""
    from arignote import tensor as T

    rows: list[Variable | None] = [None, *(P[r] for r in range(m - 1))]
    for tap, v in zip(taps, tap_vars):
        if v.id in sg:
            r = m + tap
            rows[r] = sg[v.id] if rows[r] is None else rows[r] + sg[v.id]
    zero = T.zeros_like(P[0])
    # a row's gradient may broadcast (or be typed more loosely) where the row does not
    full = [zero if row is None else row if row.type == zero.type else zero + row for row in rows]
    window = T.stack(full) if m > 1 else T.shape_padleft(full[0])
    return T.patternbroadcast(window, P.broadcastable)


def scan_vjp(op: Any, node: Apply, output_grads: list[Variable | None]) -> list[Variable | None]:
    from arignote import tensor as T
    from arignote.gradient import grad
    from arignote.graph_rewrite import clone_replace
    from arignote.scan_module.scan import scan

    ns, nst, nout = op.n_seqs, op.n_states, op.n_outputs
    n = node.inputs[0]
    seqs = node.inputs[1 : 1 + ns]
    inits = node.inputs[1 + ns : 1 + ns + nst]
    consts = node.inputs[1 + ns + nst :]
    bufs, outs = node.outputs[:nst], node.outputs[nst:]
    m = [max(-k for k in taps) for taps in op.taps]
    # the steps the forward loop ran: all `n`, or with an until condition as many as its
    # outputs have rows (Theano: n_steps = outs[0].shape[0], scan_op.py l.1958)
    n_run = n if not op.until else bufs[0].shape[0] - m[0] if nst else outs[0].shape[0]
    ran = [s[:n_run] for s in seqs] if op.until else list(seqs)
    G = [g if g is not None else T.zeros_like(b) for g, b in zip(output_grads[:nst], bufs)]
    H = [g if g is not None else T.zeros_like(o) for g, o in zip(output_grads[nst:], outs)]

    # the inner graph's vector-Jacobian product, with a cotangent per inner output
    fwd_in = op.inner_inputs
    seq_in = fwd_in[:ns]
    tap_in: list[list[Variable]] = []
    k0 = ns
    for taps in op.taps:
        tap_in.append(fwd_in[k0 : k0 + len(taps)])
        k0 += len(taps)
    const_in = fwd_in[k0:]
    fwd_out = op.inner_outputs[: nst + nout]
    cots = [o.type.make_variable(name="cot") for o in fwd_out]
    wrt = [v for v in fwd_in if _is_float(v)]
    known = {o: c for o, c in zip(fwd_out, cots) if _is_float(o)}
    if not known or not wrt:
        return [None] * len(node.inputs)
    inner_grads = grad(
        None, wrt, known_grads=known, disconnected_inputs="ignore", add_names=False
    )  # type: ignore[arg-type]

    # reverse-scan sequences: forward sequence rows, state rows per tap, G and H rows
    r_seqs = list(ran)
    for k, taps in enumerate(op.taps):
        r_seqs += [bufs[k][m[k] + tap : bufs[k].shape[0] + tap] for tap in taps]
    r_seqs += [G[k][m[k] :] for k in range(nst)]
    r_seqs += list(H)
    # the rows the forward loop saved stand for the body's outputs in the reverse body
    # (the vector-Jacobian product of tanh, sigmoid, exp ... reads them): no recompute
    saved = [i for i, o in enumerate(fwd_out) if _replaceable(o, fwd_in)]
    r_seqs += [bufs[i][m[i] :] if i < nst else outs[i - nst] for i in saved]
    float_consts = [i for i, c in enumerate(consts) if _is_float(c)]
    float_seqs = [i for i, s in enumerate(seqs) if _is_float(s)]

    def step(*args: Variable) -> list[Variable]:
        it = iter(args)
        s_rows = [next(it) for _ in range(ns)]
        t_rows = [[next(it) for _ in taps] for taps in op.taps]
        g_rows = [next(it) for _ in range(nst)]
        h_rows = [next(it) for _ in range(nout)]
        o_rows = [next(it) for _ in saved]
        P = [next(it) for _ in range(nst)]
        acc = [next(it) for _ in float_consts]
        d_new = [g_rows[k] + P[k][m[k] - 1] for k in range(nst)]
        replace: dict[Variable, Variable] = {}
        replace.update(zip(seq_in, s_rows))
        for k in range(nst):
            replace.update(zip(tap_in[k], t_rows[k]))
        replace.update(zip(const_in, consts))
        replace.update(zip(cots, [*d_new, *h_rows]))
        replace.update((fwd_out[i], row) for i, row in zip(saved, o_rows))
        step_grads = clone_replace(list(inner_grads), replace)
        sg = {v.id: g for v, g in zip(wrt, step_grads)}
        new_P = [_shifted_window(P[k], m[k], taps, tap_in[k], sg) for k, taps in enumerate(op.taps)]
        new_acc = [a + sg[const_in[i].id] for a, i in zip(acc, float_consts)]
        seq_g = [sg[seq_in[i].id] for i in float_seqs]
        return [*new_P, *new_acc, *seq_g]

    n_rev = n_run if op.truncate_gradient <= 0 else T.minimum(n_run, op.truncate_gradient)
    p0 = [T.zeros_like(b[: m[k]]) for k, b in enumerate(bufs)]
    acc0 = [T.zeros_like(consts[i]) for i in float_consts]
    res, _ = scan(
        step, sequences=r_seqs, outputs_info=[*p0, *acc0, *[None] * len(float_seqs)],
        n_steps=n_rev, go_backwards=True, return_list=True, name=f"grad_of_{op.name or 'scan'}",
    )  # fmt: skip
    truncated = op.truncate_gradient > 0
    grads: list[Variable | None] = [None] * len(node.inputs)
    for k in range(nst):
        if not _is_float(inits[k]):
            continue
        g_init = res[k][-1] + G[k][: m[k]]
        if truncated:
            g_init = T.switch(T.lt(n_rev, n_run), G[k][: m[k]], g_init)
        grads[1 + ns + k] = g_init
    for j, i in enumerate(float_consts):
        grads[1 + ns + nst + i] = res[nst + j][-1]
    for j, i in enumerate(float_seqs):
        rows = res[nst + len(float_consts) + j][::-1]
        if truncated:  # the steps before the last `truncate_gradient` get zero
            rows = T.concatenate([T.zeros_like(ran[i][: n_run - n_rev]), rows])
        if op.until:  # the rows of steps the loop did not run get zero (l.2557-2566)
            rows = T.concatenate([rows, T.zeros_like(seqs[i][n_run:])])
        grads[1 + i] = rows
    return grads


__all__ = ["scan_vjp"]
