"""LLVM IR text to PTX text through llvmlite's NVPTX back end, and small PTX-text helpers.

`emit_ptx(llvm_ir, arch)`:

1. parses and verifies the LLVM IR (errors become `CompileError` with LLVM's
   `line:col` message); the triple must be NVPTX's or absent, and the data layout is
   replaced by the target machine's;
2. finds the kernels: the functions defined with the `ptx_kernel` calling convention
   (LLVM 22 also upgrades the legacy `!nvvm.annotations` `"kernel"` entries to it at
   parse time).  The per-kernel block-size bound is the function attribute
   `"nvvm.maxntid"="256,1,1"` (it prints `.maxntid 256, 1, 1`);
3. when the module references libdevice (`@__nv_*`), links `libdevice.10.bc` (found with
   `cuda.pathfinder`) with the module's triple and data layout, and always adds the
   `nvvm-reflect-ftz` module flag (0, or 1 with `fast_math`: libdevice then flushes
   f32 denormals and picks its `.ftz` paths).  `__CUDA_PREC_SQRT` reflects as 1 (IEEE
   `sqrt.rn`, nvcc's default).  Fast-math flags on instructions (`afn`, `fast`) and the
   `"denormal-fp-math-f32"` function attribute are the IR's own business;
4. internalises every defined function and global that is not a kernel, so O3 drops the
   unused libdevice code and inlines the rest;
5. optimises at O3 with the NVPTX target machine (llvmlite's new pass manager) and emits
   PTX with the lowest `.version` the arch allows (LLVM's default), unless `ptx_version`
   asks for a newer one.

The arch and PTX version are checked against `ARCH_MIN_PTX` / `PTX_VERSIONS` BEFORE a
target machine exists: LLVM aborts the whole process on a bad (cpu, PTX version) pair.

`kernel_names(ptx)` and `entry_params(ptx, kernel)` read the `.entry` declarations of PTX
text; the CUDA runtime and the PTX emulator pack kernel arguments with them.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from arignote.errors import CompileError

NVPTX_TRIPLE = "nvptx64-nvidia-cuda"

#: the archs LLVM 22's NVPTX back end knows, with the lowest PTX ISA version it allows
#: for each (measured: the `.version` LLVM emits with features="")
ARCH_MIN_PTX: dict[str, tuple[int, int]] = {
    "sm_70": (6, 0),
    "sm_72": (6, 1),
    "sm_75": (6, 3),
    "sm_80": (7, 0),
    "sm_86": (7, 1),
    "sm_87": (7, 4),
    "sm_88": (9, 0),
    "sm_89": (7, 8),
    "sm_90": (7, 8),
    "sm_90a": (8, 0),
    "sm_100": (8, 6),
    "sm_100a": (8, 6),
    "sm_100f": (8, 8),
    "sm_101": (8, 6),
    "sm_101a": (8, 6),
    "sm_103": (8, 8),
    "sm_103a": (8, 8),
    "sm_110": (9, 0),
    "sm_110a": (9, 0),
    "sm_120": (8, 7),
    "sm_120a": (8, 7),
    "sm_121": (8, 8),
    "sm_121a": (8, 8),
}

#: the newest PTX ISA version a CUDA driver JIT-compiles, by driver version (what
#: cuDriverGetVersion returns: 1000 * major + 10 * minor), from NVIDIA's PTX ISA notes
DRIVER_PTX_ISA: list[tuple[int, tuple[int, int]]] = [
    (11000, (7, 0)), (11010, (7, 1)), (11020, (7, 2)), (11030, (7, 3)), (11040, (7, 4)),
    (11050, (7, 5)), (11060, (7, 6)), (11070, (7, 7)), (11080, (7, 8)), (12000, (8, 0)),
    (12010, (8, 1)), (12020, (8, 2)), (12030, (8, 3)), (12040, (8, 4)), (12050, (8, 5)),
    (12070, (8, 6)), (12080, (8, 7)), (12090, (8, 8)), (13000, (9, 0)),
]  # fmt: skip


def driver_max_ptx(driver_version: int) -> tuple[int, int]:
    """The newest PTX ISA version a driver of `driver_version` accepts (6.0 before 11.0)."""
    best = (6, 0)
    for v, isa in DRIVER_PTX_ISA:
        if driver_version >= v:
            best = isa
    return best


def target_for_device(cc: tuple[int, int], driver_version: int) -> tuple[str, str | None]:
    """(arch, PTX version or None for LLVM's lowest) to emit for a GPU of compute
    capability `cc` under a driver of `driver_version`: the newest arch LLVM knows that
    is not newer than the GPU and whose lowest PTX version the driver accepts (PTX for
    an older arch JIT-compiles on a newer GPU; PTX for a newer one does not load)."""
    top = driver_max_ptx(driver_version)
    own = cc[0] * 10 + cc[1]
    best: str | None = None
    for arch, lowest in ARCH_MIN_PTX.items():
        m = re.fullmatch(r"sm_(\d+)", arch)  # plain archs only (no a / f variants)
        if m is None or int(m.group(1)) > own or lowest > top:
            continue
        if best is None or int(m.group(1)) > int(best[3:]):
            best = arch
    if best is None:
        raise CompileError(
            f"nvptx: no PTX target for a GPU of compute capability {cc[0]}.{cc[1]} with a "
            f"driver accepting PTX up to {_fmt(top)} (driver version {driver_version}); "
            f"the oldest arch supported is sm_70 (PTX {_fmt(ARCH_MIN_PTX['sm_70'])})"
        )
    return best, None


#: the PTX ISA versions LLVM 22 accepts as `+ptxNN` features (from 6.0 on)
PTX_VERSIONS: frozenset[tuple[int, int]] = frozenset(
    [(6, 0), (6, 1), (6, 2), (6, 3), (6, 4), (6, 5)]
    + [(7, m) for m in range(9)]
    + [(8, m) for m in range(9)]
    + [(9, 0)]
)

_LOCK = threading.Lock()  # LLVM's global context is not thread-safe
_initialised = False


def _llvm() -> Any:
    """llvmlite.binding with the targets and asm printers initialised (once)."""
    global _initialised
    import llvmlite.binding as llvm

    if not _initialised:
        llvm.initialize_all_targets()
        llvm.initialize_all_asmprinters()
        # libdevice's __nv_sqrtf asks __nvvm_reflect("__CUDA_PREC_SQRT"); LLVM 22 has no
        # module flag for it, only this (process-wide) option.  1 = IEEE sqrt.rn, nvcc's
        # default (-prec-sqrt=true); without it __nv_sqrtf becomes sqrt.approx.
        llvm.set_option("arignote", "-nvvm-reflect-add=__CUDA_PREC_SQRT=1")
        _initialised = True
    return llvm


def _fmt(v: tuple[int, int]) -> str:
    return f"{v[0]}.{v[1]}"


def check_target(arch: str, ptx_version: str | None = None) -> tuple[int, int]:
    """The PTX version to emit for `arch`; raises CompileError for a bad arch or pair."""
    if arch not in ARCH_MIN_PTX:
        known = ", ".join(ARCH_MIN_PTX)
        raise CompileError(f"nvptx: unknown GPU arch {arch!r}; supported archs: {known}")
    lowest = ARCH_MIN_PTX[arch]
    if ptx_version is None:
        return lowest
    m = re.fullmatch(r"(\d+)\.(\d)", ptx_version.strip())
    version = (int(m.group(1)), int(m.group(2))) if m else None
    if version is None or version not in PTX_VERSIONS:
        known = ", ".join(_fmt(v) for v in sorted(PTX_VERSIONS))
        raise CompileError(
            f"nvptx: unsupported PTX version {ptx_version!r}; LLVM knows {known}"
        )
    if version < lowest:
        raise CompileError(
            f"nvptx: PTX version {ptx_version} does not support {arch}; "
            f"{arch} needs PTX {_fmt(lowest)} or newer"
        )
    return version


@lru_cache(maxsize=None)
def _target_machine(arch: str, features: str, fast_math: bool) -> Any:
    """One NVPTX target machine per (arch, PTX features, fast_math), built after checking.

    llvmlite exposes no floating-point target options, so the machine itself does not
    depend on `fast_math`; the key keeps the cache honest if it ever does."""
    llvm = _llvm()
    target = llvm.Target.from_triple(NVPTX_TRIPLE)
    return target.create_target_machine(cpu=arch, features=features, opt=3)


@lru_cache(maxsize=1)
def _libdevice_bitcode() -> bytes:
    """The bytes of libdevice.10.bc (parsing them is cheaper than cloning a module)."""
    try:
        from cuda.pathfinder import find_bitcode_lib
    except ImportError as e:  # pragma: no cover - cuda-pathfinder is a dependency
        raise CompileError(f"nvptx: cuda-pathfinder is needed to find libdevice ({e})") from e
    try:
        path = find_bitcode_lib("device")
    except Exception as e:
        raise CompileError(
            "nvptx: the module calls libdevice (@__nv_*) but libdevice.10.bc was not found "
            f"({e}); install the nvidia-cuda-nvcc-cu12 wheel or set CUDA_HOME"
        ) from e
    with open(path, "rb") as f:
        return f.read()


_DEFINE_RE = re.compile(r"^define\b[^@]*@")
_LIBDEVICE_RE = re.compile(r"@__nv_\w+")


def _is_kernel(fn: Any) -> bool:
    """True for a function defined with the ptx_kernel calling convention."""
    for line in str(fn).splitlines():
        if _DEFINE_RE.match(line):
            head = line.split("@", 1)[0]
            return "ptx_kernel" in head.split()
    return False


def _parse(llvm: Any, text: str, what: str) -> Any:
    try:
        mod = llvm.parse_assembly(text)
    except RuntimeError as e:
        msg = str(e).replace("LLVM IR parsing error\n", "").strip()
        raise CompileError(f"nvptx: {what} does not parse: {msg}") from None
    try:
        mod.verify()
    except RuntimeError as e:
        raise CompileError(f"nvptx: {what} does not verify: {str(e).strip()}") from None
    return mod


def emit_ptx(
    llvm_ir: str,
    arch: str = "sm_80",
    *,
    fast_math: bool = False,
    ptx_version: str | None = None,
) -> str:
    """PTX text for the `ptx_kernel` functions of `llvm_ir` (libdevice linked, O3)."""
    version = check_target(arch, ptx_version)
    features = "" if ptx_version is None else f"+ptx{version[0]}{version[1]}"
    with _LOCK:
        llvm = _llvm()
        mod = _parse(llvm, llvm_ir, "LLVM IR")
        triple = mod.triple
        if triple and not triple.startswith("nvptx64"):
            raise CompileError(
                f"nvptx: the module's target triple is {triple!r}, expected {NVPTX_TRIPLE!r}"
            )
        tm = _target_machine(arch, features, fast_math)
        mod.triple = NVPTX_TRIPLE
        # the target machine's layout wins (LLVM 22: "e-p6:32:32-i64:64-i128:128-...");
        # an older or hand-written layout (e.g. 32-bit shared pointers) would disagree
        # with the code generator
        mod.data_layout = str(tm.target_data)
        kernels = {fn.name for fn in mod.functions if not fn.is_declaration and _is_kernel(fn)}
        if not kernels:
            raise CompileError(
                "nvptx: the module defines no kernel (a function "
                "`define ptx_kernel void @name(...)`)"
            )
        if "nvvm-reflect-ftz" not in llvm_ir:
            flags = (
                f'target triple = "{NVPTX_TRIPLE}"\n'
                f'target datalayout = "{mod.data_layout}"\n'
                "!llvm.module.flags = !{!0}\n"
                f'!0 = !{{i32 4, !"nvvm-reflect-ftz", i32 {int(fast_math)}}}\n'
            )
            mod.link_in(llvm.parse_assembly(flags))
        if _LIBDEVICE_RE.search(llvm_ir):
            lib = llvm.parse_bitcode(_libdevice_bitcode())
            lib.triple = mod.triple
            lib.data_layout = mod.data_layout
            try:
                mod.link_in(lib)
            except RuntimeError as e:
                raise CompileError(f"nvptx: linking libdevice failed: {e}") from None
        for fn in mod.functions:
            if not fn.is_declaration and fn.name not in kernels:
                fn.linkage = "internal"
        for gv in mod.global_variables:
            if not gv.is_declaration:
                gv.linkage = "internal"
        pto = llvm.create_pipeline_tuning_options(speed_level=3)
        pb = llvm.create_pass_builder(tm, pto)
        pb.getModulePassManager().run(mod, pb)
        return str(tm.emit_assembly(mod))


# ---------------------------------------------------------------------------------------
# PTX text helpers

_ENTRY_RE = re.compile(r"\.entry\s+([A-Za-z_$%][\w$]*)\s*\(([^)]*)\)", re.S)
_PARAM_TYPE_RE = re.compile(r"\.(?:[usbf](?:8|16|32|64)|pred)\b")
_ARRAY_RE = re.compile(r"\[(\d+)\]\s*$")


def kernel_names(ptx: str) -> list[str]:
    """The names of the `.entry` kernels of PTX text, in order."""
    return [m.group(1) for m in _ENTRY_RE.finditer(ptx)]


def entry_params(ptx: str, kernel: str) -> list[str]:
    """The `.param` types of `kernel`'s `.entry`, in order (e.g. ['.u64', '.u32', '.f32']).

    A byte-array parameter (`.param .align 4 .b8 k_param_3[16]`) reads '.b8[16]'."""
    for m in _ENTRY_RE.finditer(ptx):
        if m.group(1) != kernel:
            continue
        types: list[str] = []
        body = m.group(2).strip()
        if not body:
            return types
        for decl in body.split(","):
            decl = decl.strip()
            t = _PARAM_TYPE_RE.search(decl.removeprefix(".param"))
            if t is None:
                raise CompileError(f"ptx: cannot read the type of parameter {decl!r} of {kernel}")
            arr = _ARRAY_RE.search(decl)
            types.append(t.group(0) + (f"[{arr.group(1)}]" if arr else ""))
        return types
    raise CompileError(
        f"ptx: no kernel {kernel!r} in the PTX (kernels: {', '.join(kernel_names(ptx)) or 'none'})"
    )
