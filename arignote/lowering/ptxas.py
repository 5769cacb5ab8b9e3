"""Assemble PTX with NVIDIA's ptxas and read its resource report (no GPU needed).

`assemble(ptx, arch, opt_level=3)` writes the PTX to a temporary `kernel.ptx`, runs
`ptxas -arch=<arch> -v -O<n> kernel.ptx -o kernel.cubin` and returns a `PtxasReport`:
the cubin bytes, ptxas's raw log, the module's global-memory bytes and one
`KernelResources` per `.entry` (registers, spills, stack, shared/local/constant memory,
barriers), parsed from the `-v` lines

    ptxas info    : Compiling entry function 'k' for 'sm_80'
    ptxas info    : Function properties for k
        0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
    ptxas info    : Used 20 registers, used 1 barriers, 2048 bytes smem, 372 bytes cmem[0]

ptxas is found with `cuda.pathfinder.find_nvidia_binary_utility("ptxas")` (the pip wheel
`nvidia-cuda-nvcc-cu12`, or a CUDA toolkit under CUDA_HOME).  Errors from ptxas raise
`CompileError` with ptxas's own message, which names the PTX line (the line's text is
appended).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache

from arignote.errors import CompileError

PTXAS_WHEEL = "nvidia-cuda-nvcc-cu12"
_ARCH_RE = re.compile(r"(sm|compute)_\d+[af]?")


@dataclass(frozen=True)
class KernelResources:
    """What ptxas allocated for one kernel (bytes unless named otherwise)."""

    registers: int = 0
    spill_stores: int = 0
    spill_loads: int = 0
    stack_bytes: int = 0
    shared_bytes: int = 0
    local_bytes: int = 0
    constant_bytes: int = 0  # summed over the cmem[N] banks ptxas reports
    barriers: int = 0


@dataclass
class PtxasReport:
    """The result of one ptxas run."""

    arch: str
    kernels: dict[str, KernelResources]
    log: str
    cubin: bytes = b""
    global_bytes: int = 0  # module-scope `.global` data (e.g. libdevice's tables)
    functions: dict[str, KernelResources] = field(default_factory=dict)  # non-entry .func

    def __getitem__(self, kernel: str) -> KernelResources:
        try:
            return self.kernels[kernel]
        except KeyError:
            raise KeyError(
                f"no kernel {kernel!r} in the ptxas report (kernels: {', '.join(self.kernels)})"
            ) from None


@lru_cache(maxsize=1)
def find_ptxas() -> str:
    """The path of the ptxas binary; CompileError naming the wheel when there is none."""
    path: str | None = None
    try:
        from cuda.pathfinder import find_nvidia_binary_utility

        path = find_nvidia_binary_utility("ptxas")
    except ImportError:
        path = None
    if not path:
        raise CompileError(
            f"ptxas not found: install the {PTXAS_WHEEL} wheel "
            f"(pip install {PTXAS_WHEEL}) or point CUDA_HOME at a CUDA toolkit"
        )
    return path


@lru_cache(maxsize=1)
def ptxas_version() -> str:
    """ptxas's version, e.g. '12.9.86'."""
    out = _run([find_ptxas(), "--version"], timeout=60)
    m = re.search(r"V(\d+\.\d+\.\d+)", out.stdout) or re.search(r"release ([\d.]+)", out.stdout)
    if m is None:
        raise CompileError(f"ptxas --version printed no version: {out.stdout.strip()!r}")
    return m.group(1)


def _run(argv: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except OSError as e:
        raise CompileError(f"ptxas could not be run ({argv[0]}): {e}") from e
    except subprocess.TimeoutExpired as e:
        raise CompileError(f"ptxas timed out after {timeout:.0f} s") from e


_ENTRY_RE = re.compile(r"Compiling entry function '([^']+)'")
_PROPS_RE = re.compile(r"Function properties for (\S+)")
_FRAME_RE = re.compile(
    r"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads"
)
_USED_RE = re.compile(r"Used (\d+) registers")
_GMEM_RE = re.compile(r"info\s*:\s*(\d+) bytes gmem")


def _int(pattern: str, text: str) -> int:
    m = re.search(pattern, text)
    return int(m.group(1)) if m else 0


def parse_report(log: str, arch: str = "") -> PtxasReport:
    """Per-kernel resources from the text of `ptxas -v`."""
    frames: dict[str, tuple[int, int, int]] = {}
    used: dict[str, dict[str, int]] = {}
    entries: list[str] = []
    current_entry: str | None = None
    props_of: str | None = None
    global_bytes = 0
    for line in log.splitlines():
        if m := _ENTRY_RE.search(line):
            current_entry = m.group(1)
            entries.append(current_entry)
            continue
        if m := _PROPS_RE.search(line):
            props_of = m.group(1)
            continue
        if (m := _FRAME_RE.search(line)) and props_of is not None:
            frames[props_of] = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
            props_of = None
            continue
        if _USED_RE.search(line) and current_entry is not None:
            used[current_entry] = {
                "registers": _int(r"Used (\d+) registers", line),
                "barriers": _int(r"used (\d+) barriers", line),
                "shared_bytes": _int(r"(\d+) bytes smem", line),
                "local_bytes": _int(r"(\d+) bytes lmem", line),
                "constant_bytes": sum(int(x) for x in re.findall(r"(\d+) bytes cmem\[\d+\]", line)),
            }
            continue
        if m := _GMEM_RE.search(line):
            global_bytes = int(m.group(1))

    def resources(name: str) -> KernelResources:
        stack, stores, loads = frames.get(name, (0, 0, 0))
        return KernelResources(
            stack_bytes=stack, spill_stores=stores, spill_loads=loads, **used.get(name, {})
        )

    kernels = {name: resources(name) for name in entries}
    functions = {name: resources(name) for name in frames if name not in kernels}
    return PtxasReport(arch, kernels, log, global_bytes=global_bytes, functions=functions)


def quote_ptx_lines(message: str, ptx: str) -> str:
    """ptxas's message with the text of each PTX line it names appended."""
    lines = ptx.splitlines()
    out = []
    for msg_line in message.splitlines():
        out.append(msg_line)
        m = re.search(r", line (\d+);", msg_line)
        if m and 0 < int(m.group(1)) <= len(lines):
            out.append(f"    {int(m.group(1))} | {lines[int(m.group(1)) - 1].strip()}")
    return "\n".join(out)


def assemble(ptx: str, arch: str = "sm_80", *, opt_level: int = 3) -> PtxasReport:
    """Assemble `ptx` for `arch` with ptxas -v; the report of every kernel's resources."""
    if not _ARCH_RE.fullmatch(arch):
        raise CompileError(f"ptxas: bad arch {arch!r} (expected sm_NN or compute_NN)")
    if opt_level not in (0, 1, 2, 3):
        raise CompileError(f"ptxas: opt_level must be 0..3, got {opt_level!r}")
    ptxas = find_ptxas()
    with tempfile.TemporaryDirectory(prefix="arignote-ptxas-") as tmp:
        src = os.path.join(tmp, "kernel.ptx")
        dst = os.path.join(tmp, "kernel.cubin")
        with open(src, "w") as f:
            f.write(ptx)
        proc = _run([ptxas, f"-arch={arch}", "-v", f"-O{opt_level}", src, "-o", dst], timeout=300)
        log = (proc.stdout + proc.stderr).replace(src, "kernel.ptx")
        if proc.returncode != 0:
            errors = "\n".join(
                ln for ln in log.splitlines() if "error" in ln or "fatal" in ln
            ) or log.strip()
            raise CompileError(f"ptxas ({arch}) rejected the PTX:\n{quote_ptx_lines(errors, ptx)}")
        with open(dst, "rb") as f:
            cubin = f.read()
    report = parse_report(log, arch)
    report.cubin = cubin
    return report
