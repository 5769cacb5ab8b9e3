"""One CUDA major version across cuda-bindings, the library wheels and the driver.

cuda-bindings 13.x needs a CUDA 13 driver (R580+); the `[cuda]` extra's libraries are
CUDA 12 wheels (nvidia-cublas-cu12, nvidia-cudnn-cu12), and nvmath-python's cu12 extra
pins cuda-bindings<13.  A mix loads, then fails at the first call with an error that
does not say why.  `check_wheels()` runs when `arignote.runtime.cuda` is imported and
raises ImportError naming the packages and the fix; `check_driver()` runs when a device
is opened and raises DeviceError when the driver is older than the bindings' CUDA.
Offline tools (nvidia-cuda-nvcc-cuNN: ptxas for the PTX tests) are not counted.
"""

from __future__ import annotations

import importlib.metadata as md
import re

from arignote.errors import DeviceError

#: the runtime's CUDA libraries, as wheels of CUDA 12 (suffix) and 13 (no suffix)
LIBRARY_WHEELS = ("nvidia-cublas", "nvidia-cudnn", "nvidia-cuda-runtime", "nvidia-cuda-nvrtc")


def installed() -> dict[str, str]:
    """{distribution: version} of cuda-bindings and the library wheels installed."""
    out = {}
    names = ["cuda-bindings"]
    for base in LIBRARY_WHEELS:
        names += [base, f"{base}-cu12", f"{base}-cu13"]
    for name in names:
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            continue
    return out


def cuda_major(name: str, version: str) -> int | None:
    """The CUDA major version a distribution is built for (None when unknown)."""
    m = re.search(r"-cu(\d+)$", name)
    if m is not None:
        return int(m.group(1))
    if name == "nvidia-cudnn":  # cuDNN's own version (9.x) is not CUDA's
        return None
    v = re.match(r"(\d+)", version)
    return int(v.group(1)) if v else None


def check_wheels(dists: dict[str, str] | None = None) -> None:
    """ImportError when cuda-bindings and the library wheels target different CUDA majors."""
    dists = installed() if dists is None else dists
    majors = {n: cuda_major(n, v) for n, v in dists.items()}
    majors = {n: m for n, m in majors.items() if m is not None}
    if len(set(majors.values())) <= 1:
        return
    listing = ", ".join(f"{n} {dists[n]} (CUDA {m})" for n, m in sorted(majors.items()))
    bindings = majors.get("cuda-bindings")
    libs = sorted({m for n, m in majors.items() if n != "cuda-bindings"})
    fix = (
        f"pip install 'cuda-bindings>={libs[0]}.0,<{libs[0] + 1}'"
        if bindings is not None and len(libs) == 1
        else "install the packages of one CUDA major version"
    )
    raise ImportError(
        f"arignote's cuda runtime: mixed CUDA major versions: {listing}; "
        f"the bindings and the libraries must agree ({fix}; arignote[cuda] is CUDA 12)"
    )


def check_driver(driver_version: int, bindings_version: str | None = None) -> None:
    """DeviceError when the driver is older than the CUDA major of cuda-bindings."""
    if bindings_version is None:
        try:
            bindings_version = md.version("cuda-bindings")
        except md.PackageNotFoundError:
            return
    major = int(bindings_version.split(".")[0])
    if driver_version // 1000 < major:
        raise DeviceError(
            f"cuda-bindings {bindings_version} needs a CUDA {major} driver, but the "
            f"installed driver is CUDA {driver_version // 1000}.{driver_version % 1000 // 10}: "
            f"pip install 'cuda-bindings<{major}' (arignote[cuda] is CUDA 12) or update "
            "the NVIDIA driver"
        )


__all__ = ["LIBRARY_WHEELS", "check_driver", "check_wheels", "cuda_major", "installed"]
