"""Device providers of libcall ops on the CUDA runtime: `cublas` and `cudnn`.

`make_device_executor(op, device)` is called once, when the host program is built, for
every libcall op whose provider is `cublas` or `cudnn`; it returns run(*buffers) that
takes the op's operand buffers (DeviceArray, operand order) and overwrites the
destination.  Everything runs on the device's stream, so the calls order with the
generated kernels without synchronisation, and record themselves in the profile
(`libcall:<op> (cublas)`), timed with events like kernels.

- `cublas` (gemm, batched_gemm without bias/epilogue; `unserved` sends the others to
  generated kernels): `cublasGemmStridedBatchedEx` through nvmath-python's bindings.
  cuBLAS is column-major; a row-major C[m, n] is a column-major C^T[n, m] = op(B)^T
  op(A)^T, so the call passes B first, A second, both with their own transpose flags.
  f16 and f32 compute in f32 (COMPUTE_32F: no TF32 unless `config.allow_tf32`), f64 in
  f64; alpha and beta are host scalars of the compute type.  Leading dimensions are at
  least 1 (cuBLAS refuses 0, which k = 0 gave).
- `cudnn` (conv2d with bias / relu epilogue, conv2d_backward_data, _filter; f16, f32):
  one cuDNN frontend graph per op and shape (conv_fprop [-> bias -> relu], conv_dgrad,
  conv_wgrad; `convolution_mode` CONVOLUTION for flip, CROSS_CORRELATION otherwise;
  asymmetric padding as pre/post padding), built on first use and cached, executed with
  the device pointers and a workspace from the device's allocator (passed as its address:
  the frontend's backend path takes an int or a DLPack tensor).  float32 convolutions
  exclude TF32 engines (numerical notes TENSOR_CORE, DOWN_CONVERT_INPUTS) unless
  `config.allow_tf32`.

The handles (one cuBLAS, one cuDNN per device), their workspaces and their stream belong
to the device (`Libraries`, closed with it); handles are created and graphs planned with
the device's context current.  A missing binding or a library failure
raises DeviceError naming the op and its location.  These paths need a GPU: the tests
marked `gpu` run them; on the emulator the same ops run their NumPy references.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from arignote.errors import DeviceError, InternalError, ShapeError

#: bytes of cuBLAS workspace (cuBLAS's recommendation for Hopper is 32 MiB; Ampere 4 MiB)
CUBLAS_WORKSPACE = 32 << 20


class _Workspace:
    """A device buffer of the cuDNN workspace (its address is what `execute` is given)."""

    def __init__(self, ptr: int, nbytes: int) -> None:
        self.ptr, self.nbytes = ptr, nbytes


def workspace_argument(ws: _Workspace | None) -> int | None:
    """The workspace as cudnn-frontend's `execute` takes it on every path: the device
    address as an int (an object with only __cuda_array_interface__ was refused by the
    backend path, which wants an int or a DLPack tensor)."""
    return None if ws is None else int(ws.ptr)


def gemm_compute_type(cublas: Any, dt: np.dtype, allow_tf32: bool) -> Any:
    """cuBLAS's compute type for a gemm of `dt`: f64 in f64; f16 and f32 in f32, with
    TF32 tensor cores only when allowed."""
    ct = cublas.ComputeType
    if dt == np.float64:
        return ct.COMPUTE_64F
    if allow_tf32 and dt == np.float32:
        return ct.COMPUTE_32F_FAST_TF32
    return ct.COMPUTE_32F


def plan_conv_graph(g: Any, cudnn: Any, dt: np.dtype, allow_tf32: bool) -> int:
    """Validate, lower and plan a cuDNN frontend graph; its workspace bytes.  A float32
    graph leaves out TF32 engines unless allowed."""
    g.validate()
    g.build_operation_graph()
    g.create_execution_plans([cudnn.heur_mode.A, cudnn.heur_mode.FALLBACK])
    if dt == np.float32 and not allow_tf32:
        notes = cudnn.numerical_note
        g.deselect_numeric_notes([notes.TENSOR_CORE, notes.DOWN_CONVERT_INPUTS])
    g.check_support()
    g.build_plans()
    return int(g.get_workspace_size())


class Libraries:
    """The cuBLAS and cuDNN handles of one CudaDevice, made on first use, bound to the
    device's stream, with workspaces from its allocator."""

    def __init__(self, device: Any) -> None:
        self.device = device
        self._cublas: int | None = None
        self._cublas_ws = 0
        self._cudnn: Any = None
        self._cudnn_ws: _Workspace | None = None

    def cublas(self, where: str) -> Any:
        """(module, handle) of cuBLAS."""
        mod = _import("nvmath.bindings.cublas", "cuBLAS", "nvmath-python", where)
        if self._cublas is None:
            with self.device.lock:
                self.device.activate()
                h = _library_call(where, "cublasCreate", mod.create)
                try:
                    stream = int(self.device.stream)
                    _library_call(where, "cublasSetStream", mod.set_stream, h, stream)
                    ws = self.device.alloc(CUBLAS_WORKSPACE)
                    _library_call(
                        where, "cublasSetWorkspace", mod.set_workspace, h, ws, CUBLAS_WORKSPACE
                    )
                except Exception:
                    mod.destroy(h)
                    raise
                self._cublas, self._cublas_ws = h, ws
        return mod, self._cublas

    def cudnn(self, where: str) -> Any:
        """(module, handle) of cuDNN."""
        mod = _import("cudnn", "cuDNN", "nvidia-cudnn-frontend", where)
        if self._cudnn is None:
            with self.device.lock:
                self.device.activate()
                h = _library_call(where, "cudnnCreate", mod.create_handle)
                _library_call(
                    where,
                    "cudnnSetStream",
                    lambda: mod.set_stream(handle=h, stream=int(self.device.stream)),
                )
                self._cudnn = h
        return mod, self._cudnn

    def cudnn_workspace(self, nbytes: int) -> _Workspace | None:
        """A workspace of at least `nbytes` (grown, never shrunk; None for 0)."""
        if nbytes <= 0:
            return None
        if self._cudnn_ws is None or self._cudnn_ws.nbytes < nbytes:
            if self._cudnn_ws is not None:
                self.device.free(self._cudnn_ws.ptr)
            self._cudnn_ws = _Workspace(self.device.alloc(nbytes), nbytes)
        return self._cudnn_ws

    def close(self) -> None:
        """Destroy the handles and free the workspaces (best effort, at device close)."""
        if self._cublas is not None:
            try:
                import nvmath.bindings.cublas as cublas

                cublas.destroy(self._cublas)
                self.device.free(self._cublas_ws)
            except Exception:  # noqa: BLE001 - teardown after a fault fails the same way
                pass
            self._cublas = None
        if self._cudnn is not None:
            try:
                import cudnn

                cudnn.destroy_handle(self._cudnn)
            except Exception:  # noqa: BLE001
                pass
            self._cudnn = None
        if self._cudnn_ws is not None:
            try:
                self.device.free(self._cudnn_ws.ptr)
            except Exception:  # noqa: BLE001
                pass
            self._cudnn_ws = None


def _import(module: str, library: str, package: str, where: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise DeviceError(
            f"{where}: provider needs {library} through the Python package {package} "
            f"({e}); pip install 'arignote[cuda]', or set gpu_libraries=auto to run "
            "generated kernels instead"
        ) from e


def _library_call(where: str, what: str, fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except DeviceError:
        raise
    except Exception as e:  # noqa: BLE001 - the bindings raise their own exception types
        raise DeviceError(f"{where}: {what} failed: {type(e).__name__}: {e}") from e


# ------------------------------------------------------------------------------ cuBLAS

# cudaDataType_t
_CUDA_R = {np.dtype(np.float16): 2, np.dtype(np.float32): 0, np.dtype(np.float64): 1}


def cublas_gemm_arguments(ta: bool, tb: bool, m: int, n: int, k: int) -> dict[str, Any]:
    """The column-major gemm that computes row-major C[m, n] = op(A) @ op(B).

    Row-major C is column-major C^T[n, m] = op(B)^T @ op(A)^T, and a row-major matrix
    read column-major is its transpose: so cuBLAS's "A" is our B (transposed iff
    transpose_b), its "B" is our A (transposed iff transpose_a), its (m, n) our (n, m).
    Leading dimensions are the row lengths of the stored row-major matrices; strides are
    the matrices' sizes (batched gemm on contiguous batches)."""
    return {
        "transa": tb, "transb": ta, "m": n, "n": m, "k": k,
        "lda": max(1, k if tb else n), "stride_a": k * n,
        "ldb": max(1, m if ta else k), "stride_b": m * k,
        "ldc": max(1, n), "stride_c": m * n,
    }  # fmt: skip


def _gemm_executor(op: Any, device: Any, libs: Libraries) -> Callable[..., None]:
    where = op.location_name()
    nb = op.BATCH
    ta, tb = bool(op.transpose_a.value.data), bool(op.transpose_b.value.data)
    alpha_v, beta_v = op.alpha.value.data, op.beta.value.data

    def run(a: Any, b: Any, c: Any, *rest: Any) -> None:
        if rest:
            raise InternalError(f"{where}: cublas was given a bias (select-libcall-providers)")
        dt = c.dtype
        if a.dtype != dt or b.dtype != dt or dt not in _CUDA_R:
            raise ShapeError(f"{where}: A {a.dtype}, B {b.dtype}, C {c.dtype}: unsupported types")
        m, ka = (a.shape[nb + 1], a.shape[nb]) if ta else (a.shape[nb], a.shape[nb + 1])
        kb, n = (b.shape[nb + 1], b.shape[nb]) if tb else (b.shape[nb], b.shape[nb + 1])
        batch = c.shape[0] if nb else 1
        if (
            ka != kb
            or tuple(c.shape[nb:]) != (m, n)
            or (nb and not (a.shape[0] == b.shape[0] == batch))
        ):
            raise ShapeError(f"{where}: A {a.shape}, B {b.shape} and C {c.shape} do not fit")
        cublas, h = libs.cublas(where)
        if m == 0 or n == 0:
            return
        from arignote.config import config

        compute_dt = np.float64 if dt == np.float64 else np.float32
        alpha = np.array([alpha_v], compute_dt)
        beta = np.array([beta_v], compute_dt)
        compute = gemm_compute_type(cublas, dt, bool(config.allow_tf32))
        t_of = {False: cublas.Operation.N, True: cublas.Operation.T}
        g = cublas_gemm_arguments(ta, tb, m, n, ka)
        r = _CUDA_R[dt]

        def call() -> None:  # (k = 0 is an empty sum: cuBLAS then computes C = beta * C)
            cublas.gemm_strided_batched_ex(
                h, t_of[g["transa"]], t_of[g["transb"]], g["m"], g["n"], g["k"],
                alpha.ctypes.data, b.ptr, r, g["lda"], g["stride_a"],
                a.ptr, r, g["ldb"], g["stride_b"],
                beta.ctypes.data, c.ptr, r, g["ldc"], g["stride_c"],
                batch, compute, cublas.GemmAlgo.DEFAULT,
            )  # fmt: skip

        device.library_call(
            f"libcall:{op.name} (cublas)", where, "cublasGemmStridedBatchedEx", call
        )

    return run


# ------------------------------------------------------------------------------- cuDNN


def conv_graph(op: Any, shapes: tuple[tuple[int, ...], ...], dt: np.dtype,
               handle: Any = None) -> tuple[Any, dict[str, Any]]:  # fmt: skip
    """The cuDNN frontend graph of a convolution op for operand `shapes` (operand order)
    and element type `dt`, not yet planned (building it needs no GPU); returns the graph
    and its tensors by role ("x", "w", "dy", "bias", "dest"; "inferred": the output dims
    cuDNN infers for conv_fprop)."""
    import cudnn

    from arignote.dialects.libcall import Conv2dBackwardDataOp, Conv2dBackwardFilterOp, Conv2dOp

    s, p, d, flip = op.conv_attrs()
    io = cudnn.data_type.HALF if dt == np.float16 else cudnn.data_type.FLOAT
    f32 = cudnn.data_type.FLOAT
    modes = getattr(cudnn, "convolution_mode", None)
    if modes is None:
        from cudnn import _compiled_module

        modes = _compiled_module.convolution_mode
    mode = modes.CONVOLUTION if flip else modes.CROSS_CORRELATION
    g = cudnn.pygraph(io_data_type=io, intermediate_data_type=f32, compute_data_type=f32,
                      handle=handle)  # fmt: skip

    def tensor(name: str, shape: tuple[int, ...]) -> Any:
        return g.tensor(name=name, dim=list(shape), stride=_strides(shape), data_type=io)

    kw = dict(pre_padding=[p[0], p[2]], post_padding=[p[1], p[3]], stride=list(s),
              dilation=list(d), convolution_mode=mode, compute_data_type=f32)  # fmt: skip
    names: dict[str, Any] = {}
    if isinstance(op, Conv2dOp):
        x, w, y = shapes[:3]
        names["x"], names["w"] = tensor("X", x), tensor("W", w)
        out = g.conv_fprop(image=names["x"], weight=names["w"], name="conv", **kw)
        names["inferred"] = tuple(out.get_dim())
        if len(shapes) > 3:
            names["bias"] = g.tensor(name="B", dim=[1, w[0], 1, 1], stride=[w[0], 1, 1, 1],
                                     data_type=io)  # fmt: skip
            out = g.bias(input=out, bias=names["bias"], name="bias")
        if op.epilogue.data == "relu":
            out = g.relu(input=out, name="relu")
        dest_shape = y
    elif isinstance(op, Conv2dBackwardDataOp):
        dy, w, dx = shapes
        names["dy"], names["w"] = tensor("DY", dy), tensor("W", w)
        out = g.conv_dgrad(loss=names["dy"], filter=names["w"], name="dgrad", **kw)
        dest_shape = dx
    elif isinstance(op, Conv2dBackwardFilterOp):
        x, dy, dw = shapes
        names["x"], names["dy"] = tensor("X", x), tensor("DY", dy)
        out = g.conv_wgrad(image=names["x"], loss=names["dy"], name="wgrad", **kw)
        dest_shape = dw
    else:
        raise InternalError(f"{op.location_name()}: cudnn does not run {op.name}")
    out.set_dim(list(dest_shape)).set_stride(_strides(dest_shape)).set_output(True)
    out.set_data_type(io)
    names["dest"] = out
    return g, names


def _strides(shape: tuple[int, ...]) -> list[int]:
    return [int(np.prod(shape[k + 1 :], dtype=np.int64)) for k in range(len(shape))]


def _conv_executor(op: Any, device: Any, libs: Libraries) -> Callable[..., None]:
    from arignote.dialects.libcall import Conv2dBackwardDataOp, Conv2dOp, check_conv2d_shapes

    where = op.location_name()
    s, p, d, _ = op.conv_attrs()
    graphs: dict[tuple[Any, ...], tuple[Any, dict[str, Any], int]] = {}

    def build(shapes: tuple[tuple[int, ...], ...], dt: np.dtype) -> tuple[Any, dict[str, Any], int]:  # noqa: E501
        from arignote.config import config

        cudnn, h = libs.cudnn(where)
        with device.lock:  # planned on this device's GPU
            device.activate()
            g, names = _library_call(
                where, "building the cuDNN graph", conv_graph, op, shapes, dt, h
            )
            tf32 = bool(config.allow_tf32)
            ws = _library_call(
                where, "building the cuDNN graph", plan_conv_graph, g, cudnn, dt, tf32
            )
        return g, names, ws

    def run(*bufs: Any) -> None:
        dest = bufs[op.destination_operands()[0]]
        dt = dest.dtype
        if any(b.dtype != dt for b in bufs) or dt not in (np.float16, np.float32):
            raise ShapeError(f"{where}: cudnn runs f16 and f32 convolutions, got "
                             + ", ".join(str(b.dtype) for b in bufs))  # fmt: skip
        shapes = tuple(tuple(b.shape) for b in bufs)
        xs, ws_, ys = (shapes[op.operands.index(getattr(op, f))] for f in op.GEOMETRY)
        check_conv2d_shapes(op.name, xs, ws_, ys, s, p, d)
        if 0 in dest.shape:
            return
        key = (shapes, dt.str)
        if key not in graphs:
            graphs[key] = build(shapes, dt)
        g, names, ws_bytes = graphs[key]
        _, h = libs.cudnn(where)
        if isinstance(op, Conv2dOp):
            pack = {names["x"]: bufs[0].ptr, names["w"]: bufs[1].ptr, names["dest"]: bufs[2].ptr}
            if "bias" in names:
                pack[names["bias"]] = bufs[3].ptr
        elif isinstance(op, Conv2dBackwardDataOp):
            pack = {names["dy"]: bufs[0].ptr, names["w"]: bufs[1].ptr, names["dest"]: bufs[2].ptr}
        else:
            pack = {names["x"]: bufs[0].ptr, names["dy"]: bufs[1].ptr, names["dest"]: bufs[2].ptr}
        workspace = workspace_argument(libs.cudnn_workspace(ws_bytes))
        device.library_call(
            f"libcall:{op.name} (cudnn)", where, "cudnn graph execute",
            lambda: g.execute(pack, workspace, handle=h),
        )  # fmt: skip

    return run


def make_device_executor(op: Any, device: Any) -> Callable[..., None]:
    """run(*device_buffers) for a libcall op whose provider is cublas or cudnn."""
    from xdsl.dialects.builtin import StringAttr

    from arignote.dialects.libcall import ConvBase, GemmBase

    where = op.location_name()
    attr = op.attributes.get("provider")
    provider = attr.data if isinstance(attr, StringAttr) else None
    libs = device.libraries
    if provider == "cublas" and isinstance(op, GemmBase):
        return _gemm_executor(op, device, libs)
    if provider == "cudnn" and isinstance(op, ConvBase):
        return _conv_executor(op, device, libs)
    raise InternalError(f"{where}: no device executor for provider {provider!r}")


__all__ = [
    "CUBLAS_WORKSPACE",
    "Libraries",
    "conv_graph",
    "cublas_gemm_arguments",
    "gemm_compute_type",
    "make_device_executor",
    "plan_conv_graph",
    "workspace_argument",
]
