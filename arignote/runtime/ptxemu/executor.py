"""SIMT execution of a decoded kernel on a batch of CTAs.

A batch is a run of consecutive CTAs executed together, one NumPy lane per thread
(lane = cta_in_batch * threads_per_cta + linear thread id, so lanes are in thread order
and a warp is 32 consecutive lanes of one CTA).  Registers are arrays of raw bits.

Scheduling: every lane has a PC; each step runs the instruction at the minimum PC for
the lanes at that PC (min-PC scheduling: divergent paths run one after the other and
reconverge where their PCs meet).  A converged group keeps running straight-line code
without rescheduling until it would pass the next-lowest PC of the other lanes.
`bar.sync` parks lanes until every live lane of the CTA is parked; `.sync` warp
instructions (shfl, vote, ...) wait until every live lane of their member mask has
arrived.  Exited lanes no longer count; a state where nothing can run is a deadlock.

Memory: `Ctx.load`/`store`/`atomic` bounds- and alignment-check every access (faults
name the kernel, instruction, PTX line, address and thread/block ids) and count global
bytes, warp requests, 32-byte sectors and shared-memory bank conflicts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from arignote.runtime.device import KernelStats
from arignote.runtime.ptxemu import fpu
from arignote.runtime.ptxemu.errors import PTXEmuError
from arignote.runtime.ptxemu.memory import (
    GLOBAL_BASE,
    LOCAL_WINDOW,
    PARAM_WINDOW,
    SHARED_WINDOW,
    WINDOW_SIZE,
    GlobalMemory,
)

if TYPE_CHECKING:
    from arignote.runtime.ptxemu.decode import KernelProgram, Op

BIG = 1 << 62
POISON = 0xFF  # the initial byte of shared and local memory
ALL = slice(None)
Lanes = slice | np.ndarray

K_OP, K_BRA, K_RET, K_EXIT, K_BAR, K_CALL, K_WARP = range(7)

_UINT = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}
#: the value a register holds before its first write (all bits set)
_POISON = {np.dtype(np.bool_): True, **{np.dtype(t): np.iinfo(t).max for t in _UINT.values()}}
_SHIFT = {1: 0, 2: 1, 4: 2, 8: 3}


class Ctx:
    """State of one batch of CTAs: registers, memories, scheduler and counters."""

    #: a Generator when atomics on one address resolve in a random order (EmuDevice's
    #: atomic_order="shuffled"); None: in thread order
    atomic_rng: np.random.Generator | None = None

    def __init__(
        self,
        prog: KernelProgram,
        mem: GlobalMemory,
        stats: KernelStats,
        kparam: np.ndarray,
        grid: tuple[int, int, int],
        block: tuple[int, int, int],
        cta0: int,
        ncta: int,
        dyn_shared: int,
    ) -> None:
        self.prog = prog
        self.mem = mem
        self.stats = stats
        self.kparam = kparam
        self.grid = grid
        self.block = block
        self.cta0 = cta0
        self.ncta = ncta
        T = block[0] * block[1] * block[2]
        self.T = T
        N = T * ncta
        self.N = N
        self.all_idx = np.arange(N, dtype=np.int64)
        tl = self.all_idx % T
        self.cta = self.all_idx // T
        wpc = (T + 31) // 32
        self.warps_per_cta = wpc
        self.warp = self.cta * wpc + tl // 32
        self.nwarps_total = ncta * wpc
        lane = (tl % 32).astype(np.uint32)
        self.laneid = lane
        # registers start poisoned (all bits set: NaN, -1, true), not zero: a kernel that
        # reads a register before writing it shows it, as it would on a GPU (garbage)
        self.R: list[np.ndarray] = [
            np.full(N, _POISON[np.dtype(dt)], dt) for dt in prog.slot_dtypes
        ]
        # special registers
        ctal = self.cta + cta0
        gx, gy, _ = grid
        bx, by, _ = block
        spec = {
            "%tid.x": tl % bx,
            "%tid.y": (tl // bx) % by,
            "%tid.z": tl // (bx * by),
            "%ctaid.x": ctal % gx,
            "%ctaid.y": (ctal // gx) % gy,
            "%ctaid.z": ctal // (gx * gy),
            "%laneid": lane,
            "%warpid": tl // 32,
            "%lanemask_eq": np.left_shift(np.uint32(1), lane),
            "%lanemask_lt": np.left_shift(np.uint32(1), lane) - np.uint32(1),
            "%lanemask_le": (np.left_shift(np.uint64(1), lane.astype(np.uint64) + np.uint64(1))
                             - np.uint64(1)).astype(np.uint32),
        }  # fmt: skip
        spec["%lanemask_gt"] = ~spec["%lanemask_le"]
        spec["%lanemask_ge"] = ~spec["%lanemask_lt"]
        for name, slot in prog.special_slots.items():
            self.R[slot][:] = spec[name]
        # memories
        self.sh_size = prog.shared_static + dyn_shared
        self.sh_stride = (self.sh_size + 15) // 16 * 16
        # shared and local memory start out as 0xFF bytes (NaN / -1), not zeros, so a
        # kernel that reads them before writing shows it
        self.shared = np.full(max(self.sh_stride * ncta, 8), POISON, np.uint8)
        sh_regions = list(prog.shared_regions)
        if prog.dyn_shared_offset is not None and dyn_shared > 0:
            start = prog.dyn_shared_offset
            sh_regions.append((start, start + dyn_shared, "dynamic shared memory"))
        self.sh_regions = sorted(sh_regions)
        self.lo_stride = prog.local_size
        self.local = np.full(max(self.lo_stride * N, 8), POISON, np.uint8)
        self.tp_stride = prog.tparam_size
        self.tparam = np.zeros(max(self.tp_stride * N, 8), np.uint8)
        self.retpc = {f: np.zeros(N, np.int64) for f in prog.functions_called}
        # scheduler
        self.sched = np.full(N, prog.entry_pc, np.int64)
        self.exited = np.zeros(N, bool)
        self.parked = np.zeros(N, bool)
        self.barid = np.zeros(N, np.int64)
        self.barcnt = np.zeros(N, np.int64)
        self.barpc = np.zeros(N, np.int64)
        self.waitpc = np.full(N, -1, np.int64)
        self.n_waiting = 0
        full = np.zeros(self.nwarps_total, np.uint64)
        np.bitwise_or.at(full, self.warp, np.left_shift(np.uint64(1), lane.astype(np.uint64)))
        self.alive_bits = full.astype(np.uint32)
        self.uniform = {
            "%ntid.x": np.uint32(block[0]), "%ntid.y": np.uint32(block[1]),
            "%ntid.z": np.uint32(block[2]), "%nctaid.x": np.uint32(grid[0]),
            "%nctaid.y": np.uint32(grid[1]), "%nctaid.z": np.uint32(grid[2]),
            "%nwarpid": np.uint32(wpc), "%smid": np.uint32(0), "%nsmid": np.uint32(1),
            "%gridid": np.uint64(0), "%dynamic_smem_size": np.uint32(dyn_shared),
            "%total_smem_size": np.uint32(self.sh_size), "WARP_SZ": np.uint32(32),
        }  # fmt: skip
        self.cur_op: Op | None = None

    # ------------------------------------------------------------------ helpers
    def idx(self, L: Lanes) -> np.ndarray:
        return self.all_idx if isinstance(L, slice) else L

    def count(self, L: Lanes) -> int:
        return self.N if isinstance(L, slice) else len(L)

    def nwarps(self, L: Lanes) -> int:
        if isinstance(L, slice):
            return self.nwarps_total
        if len(L) == 0:
            return 0
        w = self.warp[L]
        return 1 + int(np.count_nonzero(w[1:] != w[:-1]))

    def clock(self) -> np.uint64:
        return np.uint64(self.stats.instructions)

    def thread_desc(self, lane: int) -> str:
        t = lane % self.T
        c = self.cta0 + lane // self.T
        bx, by, _ = self.block
        gx, gy, _ = self.grid
        return (
            f"thread ({t % bx},{(t // bx) % by},{t // (bx * by)}) of block "
            f"({c % gx},{(c // gx) % gy},{c // (gx * gy)})"
        )

    def fault(self, op: Op, lanes: np.ndarray, msg: str) -> PTXEmuError:
        """An error at the first lane (in thread order) of `lanes`."""
        first = int(lanes[0])
        more = f" (and {len(lanes) - 1} more threads)" if len(lanes) > 1 else ""
        return PTXEmuError(
            f"kernel {self.prog.name!r}: {msg}; {self.thread_desc(first)}{more}; "
            f"instruction '{op.src.text}' at PTX line {op.src.line}"
        )

    # ------------------------------------------------------------------ memory
    def _as_addr(self, addr: np.ndarray | int, n: int) -> np.ndarray:
        if isinstance(addr, np.ndarray):
            return addr.astype(np.uint64, copy=False)
        return np.full(n, addr, np.uint64)

    def _check_align(self, op: Op, addr: np.ndarray, total: int, L: Lanes, what: str) -> None:
        if total > 1:
            bad = (addr & np.uint64(total - 1)) != 0
            if bad.any():
                where = self.idx(L)[bad]
                a = int(addr[bad][0])
                raise self.fault(
                    op, where, f"misaligned {what} of {total} bytes at address 0x{a:x}"
                )

    def _global_index(
        self, op: Op, addr: np.ndarray, w: int, nv: int, L: Lanes, what: str
    ) -> np.ndarray:
        total = w * nv
        self._check_align(op, addr, total, L, f"global {what}")
        mem = self.mem
        if not mem.check_fast(addr, total):
            bad = mem.bad_lanes(addr, total)
            if bad.any():
                a = int(addr[bad][0])
                raise self.fault(
                    op,
                    self.idx(L)[bad],
                    f"out-of-bounds global {what} of {total} bytes at address 0x{a:x} "
                    f"({mem.nearest(a)})",
                )
        return ((addr - np.uint64(GLOBAL_BASE)) >> np.uint64(_SHIFT[w])).astype(np.intp)

    def _count_global(self, L: Lanes, addr: np.ndarray, nbytes: int, store: bool) -> None:
        n = len(addr)
        if n == 0:
            return
        st = self.stats
        reqs = self.nwarps(L)
        w = self.warp[L].astype(np.uint64)
        keys = (w << np.uint64(36)) | ((addr >> np.uint64(5)) & np.uint64((1 << 36) - 1))
        if n > 1 and not bool(np.all(keys[1:] >= keys[:-1])):
            keys = np.sort(keys)
        sectors = 1 + int(np.count_nonzero(keys[1:] != keys[:-1]))
        if store:
            st.global_store_bytes += n * nbytes
            st.global_store_requests += reqs
            st.global_store_sectors += sectors
        else:
            st.global_load_bytes += n * nbytes
            st.global_load_requests += reqs
            st.global_load_sectors += sectors

    def _shared_index(
        self, op: Op, off: np.ndarray, w: int, nv: int, L: Lanes, what: str
    ) -> np.ndarray:
        total = w * nv
        self._check_align(op, off, total, L, f"shared {what}")
        ok = np.zeros(len(off), bool)
        for lo, hi, _name in self.sh_regions:
            ok |= (off >= np.uint64(lo)) & (off + np.uint64(total) <= np.uint64(hi))
        if not ok.all():
            bad = ~ok
            a = int(off[bad][0])
            regions = ", ".join(f"{n} [{lo}, {hi})" for lo, hi, n in self.sh_regions) or "none"
            raise self.fault(
                op,
                self.idx(L)[bad],
                f"out-of-bounds shared {what} of {total} bytes at shared address 0x{a:x} "
                f"(shared variables: {regions})",
            )
        self._count_banks(L, off, total)
        flat = self.cta[L].astype(np.uint64) * np.uint64(self.sh_stride) + off
        return (flat >> np.uint64(_SHIFT[w])).astype(np.intp)

    def _count_banks(self, L: Lanes, off: np.ndarray, total: int) -> None:
        """Extra shared-memory wavefronts: per warp, the most distinct 4-byte words that
        fall in one of the 32 banks, minus the ideal ceil(distinct words / 32)."""
        n = len(off)
        if n == 0:
            return
        nwords = max(1, total // 4)
        words = off >> np.uint64(2)
        if isinstance(L, slice) and self.T % 32 == 0:
            mat = words.reshape(-1, 32)
        else:
            w = self.warp[L]
            new = np.r_[True, w[1:] != w[:-1]]
            starts = np.flatnonzero(new)
            row = np.cumsum(new) - 1
            mat = np.repeat(words[starts], 32).reshape(-1, 32)
            mat[row, self.laneid[L]] = words
        if nwords > 1:
            mat = (mat[:, :, None] + np.arange(nwords, dtype=np.uint64)).reshape(len(mat), -1)
        srt = np.sort(mat, axis=1)
        distinct = np.ones(srt.shape, bool)
        distinct[:, 1:] = srt[:, 1:] != srt[:, :-1]
        rows = len(srt)
        bank = (srt & np.uint64(31)).astype(np.int64)
        key = (np.arange(rows, dtype=np.int64)[:, None] * 32 + bank).reshape(-1)
        per_bank = np.bincount(key, weights=distinct.reshape(-1), minlength=rows * 32)
        wavefronts = per_bank.reshape(rows, 32).max(axis=1)
        ideal = (distinct.sum(axis=1) + 31) // 32
        self.stats.shared_bank_conflicts += int((wavefronts - ideal).sum())

    def _local_index(
        self, op: Op, off: np.ndarray, w: int, nv: int, L: Lanes, what: str
    ) -> np.ndarray:
        total = w * nv
        self._check_align(op, off, total, L, f"local {what}")
        ok = np.zeros(len(off), bool)
        for lo, hi, _name in self.prog.local_regions:
            ok |= (off >= np.uint64(lo)) & (off + np.uint64(total) <= np.uint64(hi))
        if not ok.all():
            bad = ~ok
            a = int(off[bad][0])
            raise self.fault(
                op,
                self.idx(L)[bad],
                f"out-of-bounds local {what} of {total} bytes at local address 0x{a:x} "
                f"(local memory of {self.lo_stride} bytes per thread)",
            )
        flat = self.idx(L).astype(np.uint64) * np.uint64(self.lo_stride) + off
        return (flat >> np.uint64(_SHIFT[w])).astype(np.intp)

    def _tparam_index(self, op: Op, off: np.ndarray | int, w: int, nv: int, L: Lanes) -> np.ndarray:
        total = w * nv
        offs = self._as_addr(off, self.count(L))
        if (offs + np.uint64(total) > np.uint64(self.tp_stride)).any():
            raise self.fault(op, self.idx(L), "out-of-bounds access to a function parameter")
        flat = self.idx(L).astype(np.uint64) * np.uint64(self.tp_stride) + offs
        return (flat >> np.uint64(_SHIFT[w])).astype(np.intp)

    def _kparam_read(self, op: Op, off: np.ndarray | int, w: int, nv: int, L: Lanes) -> list:
        total = w * nv
        buf = self.kparam
        if isinstance(off, np.ndarray):
            if ((off + np.uint64(total)) > np.uint64(buf.size)).any() or (off % np.uint64(w)).any():
                raise self.fault(
                    op, self.idx(L), "out-of-bounds or misaligned kernel parameter read"
                )
            v = buf.view(_UINT[w])
            i = (off >> np.uint64(_SHIFT[w])).astype(np.intp)
            return [v[i + k] for k in range(nv)]
        if off + total > buf.size or off % w:
            raise self.fault(
                op, self.idx(L), f"kernel parameter read at offset {off} is out of bounds"
            )
        v = buf.view(_UINT[w])
        return [v[off // w + k] for k in range(nv)]

    def _split_generic(self, addr: np.ndarray) -> dict[str, np.ndarray]:
        sh = (addr >= np.uint64(SHARED_WINDOW)) & (addr < np.uint64(SHARED_WINDOW + WINDOW_SIZE))
        lo = (addr >= np.uint64(LOCAL_WINDOW)) & (addr < np.uint64(LOCAL_WINDOW + WINDOW_SIZE))
        pa = (addr >= np.uint64(PARAM_WINDOW)) & (addr < np.uint64(PARAM_WINDOW + WINDOW_SIZE))
        gl = ~(sh | lo | pa)
        return {"global": gl, "shared": sh, "local": lo, "kparam": pa}

    _BASE = {"global": 0, "shared": SHARED_WINDOW, "local": LOCAL_WINDOW, "kparam": PARAM_WINDOW}

    def load(self, op: Op, space: str, addr: np.ndarray | int, w: int, nv: int, L: Lanes) -> list:
        """Read nv consecutive elements of w bytes per lane; raw unsigned arrays."""
        if space == "kparam":
            return self._kparam_read(op, addr, w, nv, L)
        if space == "tparam":
            i = self._tparam_index(op, addr, w, nv, L)
            v = self.tparam.view(_UINT[w])
            return [v[i + k] for k in range(nv)]
        n = self.count(L)
        a = self._as_addr(addr, n)
        if space in ("global", "const"):
            i = self._global_index(op, a, w, nv, L, "load")
            if space == "global":  # .const reads go through the constant cache
                self._count_global(L, a, w * nv, store=False)
            v = self.mem.view(w)
            return [v[i + k] for k in range(nv)]
        if space == "shared":
            i = self._shared_index(op, a, w, nv, L, "load")
            v = self.shared.view(_UINT[w])
            return [v[i + k] for k in range(nv)]
        if space == "local":
            i = self._local_index(op, a, w, nv, L, "load")
            v = self.local.view(_UINT[w])
            return [v[i + k] for k in range(nv)]
        if space == "generic":
            out = [np.zeros(n, _UINT[w]) for _ in range(nv)]
            idx = self.idx(L)
            for sp, m in self._split_generic(a).items():
                if not m.any():
                    continue
                sub = a[m] - np.uint64(self._BASE[sp])
                vals = self.load(op, sp, sub, w, nv, idx[m])
                for k in range(nv):
                    out[k][m] = vals[k]
            return out
        raise PTXEmuError(f"internal: load from unknown space {space}")  # pragma: no cover

    def store(
        self, op: Op, space: str, addr: np.ndarray | int, w: int, vals: list, L: Lanes
    ) -> None:
        nv = len(vals)
        if space == "tparam":
            i = self._tparam_index(op, addr, w, nv, L)
            v = self.tparam.view(_UINT[w])
            for k in range(nv):
                v[i + k] = vals[k]
            return
        if space in ("kparam", "const"):
            raise self.fault(op, self.idx(L), f"store to the read-only {space} state space")
        n = self.count(L)
        a = self._as_addr(addr, n)
        if space == "global":
            i = self._global_index(op, a, w, nv, L, "store")
            self._count_global(L, a, w * nv, store=True)
            v = self.mem.view(w)
        elif space == "shared":
            i = self._shared_index(op, a, w, nv, L, "store")
            v = self.shared.view(_UINT[w])
        elif space == "local":
            i = self._local_index(op, a, w, nv, L, "store")
            v = self.local.view(_UINT[w])
        elif space == "generic":
            idx = self.idx(L)
            for sp, m in self._split_generic(a).items():
                if not m.any():
                    continue
                sub = a[m] - np.uint64(self._BASE[sp])
                self.store(
                    op, sp, sub, w, [x[m] if np.ndim(x) else x for x in vals], idx[m]
                )
            return
        else:  # pragma: no cover
            raise PTXEmuError(f"internal: store to unknown space {space}")
        for k in range(nv):
            v[i + k] = vals[k]

    def atomic(
        self,
        op: Op,
        space: str,
        addr: np.ndarray | int,
        w: int,
        L: Lanes,
        update: Callable[[np.ndarray, Any, Any], np.ndarray],
        b: Any,
        c: Any,
        assoc: str | None,
    ) -> np.ndarray:
        """Read-modify-write in thread order; returns the old values (raw bits).

        `update(old, b, c)` works on raw unsigned arrays; `assoc` names an associative
        accumulate ufunc path ("add_int", "add_f32", "add_f64", "and", "or", "xor",
        "min", "max", "exch") usable for long same-address chains."""
        n = self.count(L)
        a = self._as_addr(addr, n)
        if space == "generic":
            out = np.zeros(n, _UINT[w])
            idx = self.idx(L)
            for sp, m in self._split_generic(a).items():
                if not m.any():
                    continue
                if sp not in ("global", "shared"):
                    raise self.fault(op, idx[m], f"atomic on the {sp} state space")
                sub = a[m] - np.uint64(self._BASE[sp])
                bm = b[m] if np.ndim(b) else b
                cm = c[m] if np.ndim(c) else c
                out[m] = self.atomic(op, sp, sub, w, idx[m], update, bm, cm, assoc)
            return out
        if space == "global":
            i = self._global_index(op, a, w, 1, L, "atomic")
            v = self.mem.view(w)
        elif space == "shared":
            i = self._shared_index(op, a, w, 1, L, "atomic")
            v = self.shared.view(_UINT[w])
        else:
            raise self.fault(op, self.idx(L), f"atomic on the {space} state space")
        b = np.broadcast_to(np.asarray(b), (n,)) if n else np.asarray(b)
        c = np.broadcast_to(np.asarray(c), (n,)) if c is not None and n else c
        old = np.zeros(n, _UINT[w])
        if n == 0:
            return old
        if self.atomic_rng is not None:  # same-address atomics in a varying order
            perm = self.atomic_rng.permutation(n)
            order = perm[np.argsort(i[perm], kind="stable")]
        else:
            order = np.argsort(i, kind="stable")
        si = i[order]
        starts = np.flatnonzero(np.r_[True, si[1:] != si[:-1]])
        sizes = np.diff(np.r_[starts, n])
        maxc = int(sizes.max())
        if maxc == 1:
            o = v[i]
            v[i] = update(o, b, c)
            return o
        if assoc == "cas" and maxc > 32:
            for s, z in zip(starts.tolist(), sizes.tolist(), strict=True):
                lanes = order[s : s + z]
                k = int(si[s])
                old[lanes] = _cas_chain(v, k, b[lanes], c[lanes])  # type: ignore[index]
            return old
        if assoc not in (None, "cas") and maxc > 32 and len(starts) < maxc:
            for s, z in zip(starts.tolist(), sizes.tolist(), strict=True):
                lanes = order[s : s + z]
                k = int(si[s])
                seq_old = _accumulate(assoc, v[k], b[lanes], w)
                old[lanes] = seq_old[:-1]
                v[k] = seq_old[-1]
            return old
        rank = np.arange(n) - np.repeat(starts, sizes)
        for r in range(maxc):
            sel = order[rank == r]
            o = v[i[sel]]
            v[i[sel]] = update(o, b[sel], None if c is None else c[sel])
            old[sel] = o
        return old

    # ------------------------------------------------------------------ scheduling
    def exit_lanes(self, lanes: np.ndarray) -> None:
        self.exited[lanes] = True
        self.sched[lanes] = BIG
        bits = np.left_shift(np.uint32(1), self.laneid[lanes])
        np.bitwise_and.at(self.alive_bits, self.warp[lanes], ~bits)

    def release(self) -> bool:
        """Release CTA barriers and warp-sync waits that can complete; True if any did."""
        released = False
        if self.parked.any():
            pl = np.flatnonzero(self.parked)
            alive = np.bincount(self.cta[~self.exited], minlength=self.ncta)
            key = self.cta[pl] * 64 + self.barid[pl]
            ukey, inv, cnt = np.unique(key, return_inverse=True, return_counts=True)
            need = alive[ukey // 64]
            want = np.zeros(len(ukey), np.int64)
            np.maximum.at(want, inv, self.barcnt[pl])
            need = np.where(want > 0, np.minimum(want, need), need)
            ok = cnt >= need
            if ok.any():
                rel = pl[ok[inv]]
                self.parked[rel] = False
                self.sched[rel] = self.barpc[rel]
                released = True
        if not released and self.n_waiting:
            wl = np.flatnonzero(self.waitpc >= 0)
            for pc in np.unique(self.waitpc[wl]).tolist():
                lanes = wl[self.waitpc[wl] == pc]
                ok = _warp_complete(self, self.prog.ops[pc], lanes)
                if ok.any():
                    go = lanes[ok]
                    self.waitpc[go] = -1
                    self.n_waiting -= len(go)
                    self.sched[go] = pc
                    released = True
        return released


def _cas_chain(v: np.ndarray, k: int, cmp: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Sequential compare-and-swaps on v[k]; one NumPy scan per successful swap."""
    mem = v[k]
    old = np.empty(len(cmp), v.dtype)
    pos = 0
    while pos < len(cmp):
        hits = np.flatnonzero(cmp[pos:] == mem)
        if len(hits) == 0:
            old[pos:] = mem
            break
        h = pos + int(hits[0])
        old[pos : h + 1] = mem
        mem = new[h]
        pos = h + 1
    v[k] = mem
    return old


def _accumulate(assoc: str, init: Any, vals: np.ndarray, w: int) -> np.ndarray:
    """[init, init op v0, (init op v0) op v1, ...] as raw bits, sequential in order."""
    ut = _UINT[w]
    if assoc == "add_int":
        seq = np.concatenate([[init], vals]).astype(ut)
        return np.cumsum(seq, dtype=ut)
    if assoc in ("add_f32", "add_f64", "add_f32_ftz"):
        ft = np.float64 if assoc == "add_f64" else np.float32
        seq = np.concatenate([np.asarray([init], ut), vals.astype(ut)]).view(ft)
        if assoc == "add_f32_ftz":  # global f32 atomics flush subnormal inputs and results
            seq = fpu.ftz(seq, "f32")
        out = np.cumsum(seq, dtype=ft)  # sequential, in order
        if assoc == "add_f32_ftz":
            tiny = (out != 0) & (np.abs(out) < fpu.MIN_NORMAL["f32"])
            if tiny.any():  # a subnormal partial sum: redo one by one, flushing each
                acc = seq[0]
                for k in range(1, len(seq)):
                    acc = fpu.ftz(np.float32(acc + seq[k]), "f32")
                    out[k] = acc
        return out.view(ut)
    if assoc == "exch":
        return np.concatenate([[init], vals]).astype(ut)
    if assoc in ("and", "or", "xor"):
        uf = {"and": np.bitwise_and, "or": np.bitwise_or, "xor": np.bitwise_xor}[assoc]
        return uf.accumulate(np.concatenate([[init], vals]).astype(ut))
    kind, st = assoc.split("_")  # min_s32, max_u64, ...
    dt = {"s32": np.int32, "u32": np.uint32, "s64": np.int64, "u64": np.uint64}[st]
    uf = np.minimum if kind == "min" else np.maximum
    seq = np.concatenate([np.asarray([init], ut), vals.astype(ut)]).view(dt)
    return uf.accumulate(seq).view(ut)


def run_batch(c: Ctx, max_steps: int) -> None:
    """Run the batch to completion (every lane exited)."""
    prog = c.prog
    ops = prog.ops
    sched = c.sched
    R = c.R
    N = c.N
    stats = c.stats
    n_inst = 0
    n_thr = 0
    steps = 0
    while True:
        P = int(sched.min())
        if P >= BIG:
            if c.release():
                continue
            break
        mask = sched == P
        cnt = int(np.count_nonzero(mask))
        L: Lanes
        if cnt == N:
            L = ALL
            other = BIG
        else:
            L = np.flatnonzero(mask)
            other = int(np.where(mask, BIG, sched).min())
        nw = c.nwarps(L)
        while True:
            op = ops[P]
            steps += 1
            n_inst += nw
            n_thr += cnt
            if steps > max_steps:
                stats.instructions += n_inst
                stats.thread_instructions += n_thr
                raise c.fault(
                    op, c.idx(L), f"no exit after {max_steps} instruction steps (an infinite loop?)"
                )
            Lg: Lanes | None = L
            if op.guard >= 0:
                pv = R[op.guard][L]
                if op.gneg:
                    pv = ~pv
                non = int(np.count_nonzero(pv))
                if non == cnt:
                    Lg = L
                elif non == 0:
                    Lg = None
                else:
                    Lg = c.idx(L)[pv]
            kind = op.kind
            if kind == K_OP:
                if Lg is not None:
                    c.cur_op = op
                    op.fn(c, Lg)
                P += 1
                if P < other:
                    continue
                sched[L] = P
                break
            if kind == K_BRA:
                if Lg is None:
                    P += 1
                elif Lg is L:
                    P = op.target
                else:
                    sched[L] = P + 1
                    sched[Lg] = op.target
                    break
                if P < other:
                    continue
                sched[L] = P
                break
            if kind == K_WARP:
                c.cur_op = op
                _warp_sync(c, op, P, L)
                break
            # the remaining kinds end the straight-line run
            rest: Lanes | None
            if Lg is None:
                sched[L] = P + 1
                break
            if Lg is L:
                rest = None
            else:
                keep = np.ones(cnt, bool)
                keep[np.searchsorted(c.idx(L), Lg)] = False
                rest = c.idx(L)[keep]
            lg = c.idx(Lg)
            if rest is not None:
                sched[rest] = P + 1
            if kind == K_EXIT:
                c.exit_lanes(lg)
            elif kind == K_RET:
                if op.func == prog.name:
                    c.exit_lanes(lg)
                else:
                    sched[lg] = c.retpc[op.func][lg]
            elif kind == K_BAR:
                c.cur_op = op
                bid, bcnt = op.fn(c, Lg)
                c.parked[lg] = True
                c.barid[lg] = bid
                c.barcnt[lg] = bcnt
                c.barpc[lg] = P + 1
                sched[lg] = BIG
            elif kind == K_CALL:
                c.retpc[op.func_callee][lg] = P + 1
                sched[lg] = op.target
            break
    if c.parked.any() or c.n_waiting:
        stuck = np.flatnonzero(c.parked | (c.waitpc >= 0))
        where = c.barpc[stuck[0]] - 1 if c.parked[stuck[0]] else c.waitpc[stuck[0]]
        op = ops[int(where)]
        stats.instructions += n_inst
        stats.thread_instructions += n_thr
        raise c.fault(
            op,
            stuck,
            "deadlock: threads wait at a barrier or warp-synchronous instruction that the "
            "other threads of their block/warp never reach",
        )
    stats.instructions += n_inst
    stats.thread_instructions += n_thr


def _warp_complete(c: Ctx, op: Op, idx: np.ndarray) -> np.ndarray:
    """Per lane of idx (sorted): have all live lanes of its member mask arrived?"""
    w = c.warp[idx]
    bits = np.left_shift(np.uint32(1), c.laneid[idx])
    starts = np.flatnonzero(np.r_[True, w[1:] != w[:-1]])
    present_w = np.bitwise_or.reduceat(bits, starts)
    present = np.repeat(present_w, np.diff(np.r_[starts, len(idx)]))
    mask = np.asarray(op.mask_fn(c, idx), np.uint32)
    need = mask & c.alive_bits[w]
    return (need & ~present) == 0


def _warp_sync(c: Ctx, op: Op, P: int, L: Lanes) -> None:
    """Run a `.sync` warp instruction for the warps whose member lanes have all arrived.

    Lanes of incomplete warps wait (off the schedule) until the rest arrive; presence
    counts every lane at this PC, execution only the lanes whose guard holds."""
    idx = c.idx(L)
    if c.n_waiting:
        wl = np.flatnonzero(c.waitpc == P)
        if len(wl):
            c.waitpc[wl] = -1
            c.n_waiting -= len(wl)
            idx = np.union1d(idx, wl)
    ok = _warp_complete(c, op, idx)
    if not ok.all():
        waiting = idx[~ok]
        c.waitpc[waiting] = P
        c.sched[waiting] = BIG
        c.n_waiting += len(waiting)
        idx = idx[ok]
    run: Lanes = idx
    if op.guard >= 0:
        g = c.R[op.guard][idx]
        if op.gneg:
            g = ~g
        run = idx[g]
    if len(run) == c.N:
        run = ALL
    if c.count(run):
        op.fn(c, run)
    c.sched[idx] = P + 1
