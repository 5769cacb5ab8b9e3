"""The IR mutation fuzzer: token-level mutants of the lit inputs through arignote-opt/-run.

The corpus is every `// -----` chunk of filecheck/**/*.mlir.  A mutant applies 1-3 random
mutations (`MUTATIONS`) to a chunk, then `run_mutant` drives the tools in-process:

1. `arignote-opt` parse + verify + print;
2. every `-p` pipeline of the file's own `RUN:` lines (with its flags);
3. `tt-to-cpu -t llvm` and `tt-to-ptx -t ptx` when the chunk is tt-level (a `func.func`
   of `tt` ops, no `expected-error`);
4. `arignote-run --check --dim 3` on the first function of a tt-level chunk whose
   arguments are small tensors or indices (cpu).

The first step that does not accept the mutant decides its outcome (see arignote.fuzz).
Case `i` of seed `s` is reproducible: `mutant(corpus, s, i)`.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SPLIT_MARKER = "// -----"
NAME = "mutant.mlir"

#: the repository's lit inputs
CORPUS_DIR = Path(__file__).resolve().parents[2] / "filecheck"


@dataclass(frozen=True)
class Chunk:
    """One `// -----` chunk of a lit input and what to drive it through."""

    path: str
    index: int
    text: str
    pipelines: tuple[tuple[str, ...], ...] = field(default=())  # extra arignote-opt argv
    tt_level: bool = False


def _run_pipelines(text: str) -> tuple[tuple[str, ...], ...]:
    """The `arignote-opt` flags (-p ..., --allow-unregistered-dialect) of the RUN lines."""
    out: list[tuple[str, ...]] = []
    for line in text.splitlines():
        # (lines run under `not` test bad options, whose errors are not about the input)
        m = re.match(r"\s*//\s*RUN:\s*arignote-opt\s+(.*?)(?:\||2>|$)", line)
        if not m:
            continue
        try:
            argv = shlex.split(m.group(1))
        except ValueError:
            continue
        keep: list[str] = []
        for k, a in enumerate(argv):
            if a in ("-p", "--passes", "--pass-pipeline") and k + 1 < len(argv):
                keep += ["-p", argv[k + 1]]
            elif a in ("--allow-unregistered-dialect", "--disable-verify"):
                keep.append(a)
            elif a.startswith("-t") or a == "--target":
                keep += argv[k : k + 2] if a in ("-t", "--target") else [a]
        if any(a == "-p" for a in keep) and tuple(keep) not in out:
            out.append(tuple(keep))
    return tuple(out)


def load_corpus(root: Path = CORPUS_DIR) -> list[Chunk]:
    chunks: list[Chunk] = []
    for path in sorted(root.rglob("*.mlir")):
        if ".lit_out" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        pipelines = _run_pipelines(text)
        for k, part in enumerate(text.split(SPLIT_MARKER)):
            if not part.strip():
                continue
            tt = bool(re.search(r"\btt\.\w+", part)) and "func.func" in part
            tt = tt and "expected-error" not in part and "!llvm" not in part
            tt = tt and "XFAIL" not in text  # (a known bug, its own test)
            code = "\n".join("" if ln.lstrip().startswith("//") else ln
                             for ln in part.splitlines()) + "\n"  # fmt: skip
            if code.strip():  # (comments dropped: mutating them would test nothing)
                chunks.append(Chunk(str(path.relative_to(root)), k, code, pipelines, tt))
    return chunks


# --------------------------------------------------------------------------- mutations

_TOKEN = re.compile(
    r'"(?:[^"\\\n]|\\.)*"'  # string literal
    r"|//[^\n]*"  # comment
    r"|[%@^#!][\w.$\-]*"  # value, symbol, block, attribute/type alias
    r"|-?\d+\.\d*(?:[eE][+-]?\d+)?|0x[0-9A-Fa-f]+|-?\d+"  # numbers
    r"|[A-Za-z_][\w.$]*"  # identifiers, keywords, op names
    r"|->|::|\S"  # punctuation
)
BOUNDARY_INTS = ("0", "-1", "1", "2", "2147483648", "2147483647", "-2147483648",
                 "9223372036854775807", "-9223372036854775808", "18446744073709551616",
                 "4294967296", "65536", "255", "-129")  # fmt: skip
ELEMENT_TYPES = ("i1", "i8", "i16", "i32", "i64", "f16", "f32", "f64", "index", "ui8", "bf16")
DIMS = ("0", "1", "2", "?", "3", "65536", "4294967296", "9223372036854775807")
DELIMS = set("{}()[]<>\"")


def _tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text) if not m.group().startswith("//")]


def _splice(text: str, span: tuple[int, int], new: str) -> str:
    return text[: span[0]] + new + text[span[1] :]


def _pick(rng: np.random.Generator, items: list) -> object:  # type: ignore[type-arg]
    return items[int(rng.integers(len(items)))]


def m_delete(text: str, rng: np.random.Generator) -> str:
    toks = _tokens(text)
    return _splice(text, _pick(rng, toks), "") if toks else text  # type: ignore[arg-type]


def m_duplicate(text: str, rng: np.random.Generator) -> str:
    toks = _tokens(text)
    if not toks:
        return text
    s, e = _pick(rng, toks)  # type: ignore[misc]
    return text[:e] + " " + text[s:e] + text[e:]


def m_swap(text: str, rng: np.random.Generator) -> str:
    toks = _tokens(text)
    if len(toks) < 2:
        return text
    k = int(rng.integers(len(toks) - 1))
    j = k + 1 if rng.random() < 0.6 else int(rng.integers(len(toks)))
    (a, b), (c, d) = sorted([toks[k], toks[j]])
    if (a, b) == (c, d):
        return text
    return text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]


def m_integer(text: str, rng: np.random.Generator) -> str:
    spans = [(m.start(), m.end()) for m in re.finditer(r"(?<![\w.%#@^])-?\d+(?![\w.])", text)]
    return _splice(text, _pick(rng, spans), _pick(rng, list(BOUNDARY_INTS))) if spans else text  # type: ignore[arg-type]


def m_type(text: str, rng: np.random.Generator) -> str:
    pat = r"(?<![\w])(?:i1|i8|i16|i32|i64|f16|f32|f64|index|bf16|ui8)(?![\w])"
    spans = [(m.start(), m.end()) for m in re.finditer(pat, text)]
    if not spans:
        return text
    new = str(_pick(rng, list(ELEMENT_TYPES)))
    if rng.random() < 0.5:  # every occurrence of that type (keeps the file consistent)
        old = text[slice(*_pick(rng, spans))]  # type: ignore[misc]
        return re.sub(rf"(?<![\w]){old}(?![\w])", new, text)
    return _splice(text, _pick(rng, spans), new)  # type: ignore[arg-type]


def m_shape(text: str, rng: np.random.Generator) -> str:
    spans = [(m.start(1), m.end(1)) for m in re.finditer(r"(?:<|x)(\d+|\?)(?=x)", text)]
    if not spans:
        return text
    span = _pick(rng, spans)
    r = rng.random()
    if r < 0.6:
        return _splice(text, span, str(_pick(rng, list(DIMS))))  # type: ignore[arg-type]
    if r < 0.8:  # drop the dim
        return text[: span[0]] + text[span[1] + 1 :]  # type: ignore[index]
    return _splice(text, span, text[slice(*span)] + "x" + str(_pick(rng, list(DIMS))))  # type: ignore[misc]


def m_dim_all(text: str, rng: np.random.Generator) -> str:
    """Change one static size everywhere in the types (the file stays consistent): sizes 0
    and 1, dynamic, or huge, through whole pipelines."""
    sizes = sorted(set(re.findall(r"(?:<|x)(\d+)(?=x)", text)))
    if not sizes:
        return text
    old = str(_pick(rng, sizes))
    new = str(_pick(rng, ["0", "1", "2", "?", "7", "4294967296"]))
    return re.sub(rf"(?<=[<x]){old}(?=x)", new, text)


def m_delimiter(text: str, rng: np.random.Generator) -> str:
    spans = [i for i, ch in enumerate(text) if ch in DELIMS]
    if not spans:
        return text
    i = int(_pick(rng, spans))  # type: ignore[arg-type]
    if rng.random() < 0.7:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


def m_truncate(text: str, rng: np.random.Generator) -> str:
    return text[: int(rng.integers(len(text) + 1))]


def m_value(text: str, rng: np.random.Generator) -> str:
    """Replace a use of an SSA value by another value of the chunk (dominance, types)."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"%[\w.$\-#]+", text)]
    names = sorted({text[s:e] for s, e in spans})
    if len(names) < 2:
        return text
    return _splice(text, _pick(rng, spans), str(_pick(rng, names)))  # type: ignore[arg-type]


def m_opname(text: str, rng: np.random.Generator) -> str:
    """Replace an op name by another op name of the same dialect from the corpus."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\b(tt|arith|math|tensor|linalg|memref|"
                                                       r"scf|func|cf|gpu|llvm)\.\w+", text)]
    if not spans:
        return text
    span = _pick(rng, spans)
    dialect = text[span[0] : text.index(".", span[0])]  # type: ignore[index]
    names = _OP_NAMES.get(dialect, [])
    return _splice(text, span, str(_pick(rng, names))) if names else text  # type: ignore[arg-type]


_OP_NAMES: dict[str, list[str]] = {}

#: mutation operators and their weights
MUTATIONS = (
    (m_delete, 3), (m_duplicate, 2), (m_swap, 2), (m_integer, 4), (m_type, 3), (m_shape, 3),
    (m_delimiter, 2), (m_truncate, 1), (m_value, 3), (m_opname, 3), (m_dim_all, 4),
)  # fmt: skip


def _init_op_names(corpus: list[Chunk]) -> None:
    if _OP_NAMES:
        return
    names: set[str] = set()
    for c in corpus:
        names.update(re.findall(r"\b((?:tt|arith|math|tensor|linalg|memref|scf|func|cf|gpu|llvm)"
                                r"\.\w+)\b(?!\s*[:=])", c.text))
    for n in sorted(names):
        _OP_NAMES.setdefault(n.split(".")[0], []).append(n)


def _weights(corpus: list[Chunk]) -> np.ndarray:
    """Chunk weights: valid IR (no expected-error) 3, tt-level 6, negative tests 1."""
    w = np.array([6.0 if c.tt_level else 1.0 if "expected-error" in c.text else 3.0
                  for c in corpus])  # fmt: skip
    return w / w.sum()


def mutant(corpus: list[Chunk], seed: int, index: int) -> tuple[Chunk, str, list[str]]:
    """Mutant `index` of the run seeded `seed`: (the chunk, the mutated text, mutations)."""
    _init_op_names(corpus)
    rng = np.random.default_rng([seed, index])
    chunk = corpus[int(rng.choice(len(corpus), p=_weights(corpus)))]
    fns = [f for f, _ in MUTATIONS]
    weights = np.array([w for _, w in MUTATIONS], float)
    text, applied = chunk.text, []
    for _ in range(int(rng.choice([1, 1, 1, 2, 2, 3]))):
        f = fns[int(rng.choice(len(fns), p=weights / weights.sum()))]
        text = f(text, rng)
        applied.append(f.__name__[2:])
    return chunk, text, applied


# --------------------------------------------------------------------------- running

_LOCATED = re.compile(re.escape(NAME) + r":\d+")


def classify(e: BaseException) -> tuple[str, str]:
    """The outcome class of an exception a tool let through, and its description."""
    from arignote.errors import ArignoteError, InternalError

    if isinstance(e, ArignoteError) and not isinstance(e, InternalError):
        if _LOCATED.search(str(e)):
            return "diagnostic", str(e).splitlines()[0]
        return "unlocated", f"{type(e).__name__}: {e}"
    cause = e.__cause__ if isinstance(e, InternalError) and e.__cause__ is not None else e
    tb = "".join(traceback.format_exception(cause, limit=-6))
    return "internal", f"{type(e).__name__}: {e}\n{tb}"


def _opt(text: str, flags: tuple[str, ...]) -> None:
    """`arignote-opt mutant.mlir <flags>` in-process; without flags, the printed IR (custom
    and generic form) must parse and verify again."""
    from arignote.errors import ArignoteError, CompileError, InternalError
    from arignote.ir import parse_module, verify_module
    from arignote.passmanager import parse_pipeline
    from arignote.tools import opt

    ap = opt._make_parser()
    args = ap.parse_args(opt._preprocess([NAME, *flags], ap))
    parse_pipeline(opt._pipeline(args))
    try:
        printed = opt._process(text, NAME, args, 0)
    except CompileError as e:
        if "no device code" in str(e) or "no gpu.module" in str(e):
            return  # -t llvm/ptx of a function without kernels
        raise
    if flags:
        return
    generic_args = opt._make_parser().parse_args([NAME, "--print-op-generic"])
    generic = opt._process(text, NAME, generic_args, 0)
    for form, out in (("custom", printed), ("generic", generic)):
        try:
            verify_module(parse_module(out, "printed.mlir"))
        except ArignoteError as e:
            raise InternalError(
                f"the {form} form arignote-opt printed does not parse back: {e}\n{out}"
            ) from e


def _runnable(text: str) -> str | None:
    """The first function, if arignote-run can make its arguments (small tensors, indices)."""
    from xdsl.dialects.builtin import IndexType, TensorType
    from xdsl.dialects.func import FuncOp

    from arignote.ir import parse_module

    module = parse_module(text, NAME)
    f = next((op for op in module.walk() if isinstance(op, FuncOp) and op.body.blocks), None)
    if f is None:
        return None
    for t in f.function_type.inputs.data:
        if isinstance(t, IndexType):
            continue
        if not isinstance(t, TensorType):
            return None
        if int(np.prod([3 if s < 0 else s for s in t.get_shape()])) > 4096:
            return None
    return f.sym_name.data


def _run(text: str, function: str, seed: int) -> tuple[str, str]:
    from arignote.tools import run

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / NAME
        path.write_text(text, encoding="utf-8")
        argv = [str(path), "-f", function, "--check", "--dim", "3", "--seed", str(seed)]
        args = run._parser().parse_args(argv)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = run._run(args)
    if rc != 0:
        return "mismatch", "arignote-run --check: " + out.getvalue()
    return "accepted", ""


def steps(chunk: Chunk) -> list[tuple[str, tuple[str, ...]]]:
    """The steps a mutant of `chunk` goes through: ('opt', flags) or ('run', ())."""
    out: list[tuple[str, tuple[str, ...]]] = [("opt", ())]
    out += [("opt", p) for p in chunk.pipelines]
    if chunk.tt_level:
        out.append(("opt", ("-p", "tt-to-cpu", "-t", "llvm")))
        out.append(("opt", ("-p", "tt-to-ptx", "-t", "ptx")))
        out.append(("run", ()))
    return out


def run_mutant(payload: tuple[Chunk, str, int]) -> tuple[str, str]:
    """Drive the tools on one mutant; `(outcome, detail)`; detail names the failing step."""
    chunk, text, seed = payload
    result = "accepted"
    for kind, flags in steps(chunk):
        where = "arignote-run --check --dim 3" if kind == "run" else shlex.join(
            ["arignote-opt", NAME, *flags])
        try:
            if kind == "opt":
                _opt(text, flags)
            elif (function := _runnable(text)) is not None:
                outcome, detail = _run(text, function, seed)
                if outcome != "accepted":
                    return outcome, f"[{where}] {detail}"
        except RecursionError as e:
            return "internal", f"[{where}] RecursionError: {e}"
        except Exception as e:  # noqa: BLE001 - classifying is the point
            outcome, detail = classify(e)
            if outcome == "diagnostic" and kind == "opt" and not flags:
                return outcome, detail  # it does not parse/verify: the rest would say the same
            if outcome != "diagnostic":
                return outcome, f"[{where}] {detail}"
            result = "diagnostic"
    return result, ""


@dataclass
class Finding:
    seed: int
    index: int
    outcome: str
    detail: str
    chunk: Chunk
    text: str
    mutations: list[str]

    def signature(self) -> str:
        """What tells findings apart: the outcome, the step and the exception's last frame."""
        head = self.detail.splitlines()[0] if self.detail else ""
        step = head.split("]")[0] + "]" if head.startswith("[") else ""
        frames = re.findall(r'File "([^"]+)", line \d+, in (\w+)', self.detail)
        last = f"{Path(frames[-1][0]).name}:{frames[-1][1]}" if frames else ""
        exc = re.search(r"(\w+(?:Error|Exception))\b", head)
        return " ".join(x for x in (self.outcome, step, exc.group(1) if exc else "", last) if x)

    def report(self) -> str:
        return (f"{self.outcome} in IR mutant (seed {self.seed}, case {self.index}) of "
                f"{self.chunk.path} chunk {self.chunk.index}, mutations {self.mutations}:\n"
                f"{self.detail}\n--- mutant ---\n{self.text}")


def fuzz_ir(
    count: int, seed: int = 0, *, jobs: int = 1, timeout: float = 30.0,
    corpus: list[Chunk] | None = None,
) -> tuple[dict[str, int], list[Finding]]:  # fmt: skip
    """Run `count` mutants; the counts per outcome class and the failures."""
    from arignote.fuzz import OUTCOMES, GOOD
    from arignote.fuzz.pool import run_cases

    corpus = corpus if corpus is not None else load_corpus()
    made = [mutant(corpus, seed, i) for i in range(count)]
    counts = dict.fromkeys(OUTCOMES, 0)
    findings: list[Finding] = []
    cases = ((run_mutant, (c, t, seed)) for c, t, _ in made)
    for i, outcome, detail in run_cases(cases, jobs=jobs, timeout=timeout):
        counts[outcome] += 1
        if outcome not in GOOD:
            c, t, ms = made[i]
            findings.append(Finding(seed, i, outcome, detail, c, t, ms))
    return counts, findings
