/* arignote's emulated CUDA driver: a stand-in libcuda.so.1 for tests without a GPU.
 *
 * Every exported driver function casts its arguments to 64-bit integers and calls the
 * one dispatch function that Python registered with arignote_emu_set_dispatch (a ctypes
 * callback into arignote.runtime.cuda.emulated.driver, which runs the PTX emulator).
 * cuda-bindings resolves driver entry points with cuGetProcAddress_v2(name, version):
 * the table below maps each (name, ABI version range) to the function implementing that
 * ABI.  No CUDA header is needed: handles are pointers, CUdevice an int, CUdeviceptr a
 * 64-bit integer, enums ints.  Not a GPU; see docs/internals.md.
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

typedef int CUresult;
typedef int CUdevice;
typedef uint64_t CUdeviceptr;
typedef void *H; /* every opaque handle (CUcontext, CUstream, CUevent, ...) */

enum { SUCCESS = 0, NOT_INITIALIZED = 3, NOT_FOUND = 500 };

typedef int (*dispatch_fn)(const char *name, int nargs, const uint64_t *args);
static dispatch_fn g_dispatch;

EXPORT void arignote_emu_set_dispatch(dispatch_fn f) { g_dispatch = f; }
EXPORT int arignote_emu_is_emulated(void) { return 1; }

static CUresult forward(const char *name, int n, const uint64_t *a) {
    if (!g_dispatch) return NOT_INITIALIZED;
    return (CUresult)g_dispatch(name, n, a);
}

#define P(x) ((uint64_t)(uintptr_t)(x))   /* a pointer or handle */
#define U(x) ((uint64_t)(x))              /* an unsigned integer */
#define S(x) ((uint64_t)(int64_t)(x))     /* a signed integer */
#define FWD(name, ...)                                                   \
    do {                                                                 \
        uint64_t a_[] = {__VA_ARGS__};                                   \
        return forward(name, (int)(sizeof a_ / sizeof a_[0]), a_);       \
    } while (0)
#define FWD0(name) return forward(name, 0, NULL)

EXPORT CUresult cuGetErrorString(CUresult e, const char **s) { FWD("cuGetErrorString", S(e), P(s)); }
EXPORT CUresult cuGetErrorName(CUresult e, const char **s) { FWD("cuGetErrorName", S(e), P(s)); }
EXPORT CUresult cuInit(unsigned f) { FWD("cuInit", U(f)); }
EXPORT CUresult cuDriverGetVersion(int *v) { FWD("cuDriverGetVersion", P(v)); }
EXPORT CUresult cuDeviceGet(CUdevice *d, int ordinal) { FWD("cuDeviceGet", P(d), S(ordinal)); }
EXPORT CUresult cuDeviceGetCount(int *n) { FWD("cuDeviceGetCount", P(n)); }
EXPORT CUresult cuDeviceGetName(char *s, int len, CUdevice d) { FWD("cuDeviceGetName", P(s), S(len), S(d)); }
EXPORT CUresult cuDeviceTotalMem_v2(size_t *b, CUdevice d) { FWD("cuDeviceTotalMem", P(b), S(d)); }
EXPORT CUresult cuDeviceGetAttribute(int *v, int attr, CUdevice d) { FWD("cuDeviceGetAttribute", P(v), S(attr), S(d)); }
EXPORT CUresult cuDeviceGetUuid(void *u, CUdevice d) { FWD("cuDeviceGetUuid", P(u), S(d)); }
EXPORT CUresult cuDevicePrimaryCtxRetain(H *c, CUdevice d) { FWD("cuDevicePrimaryCtxRetain", P(c), S(d)); }
EXPORT CUresult cuDevicePrimaryCtxRelease_v2(CUdevice d) { FWD("cuDevicePrimaryCtxRelease", S(d)); }
EXPORT CUresult cuDevicePrimaryCtxGetState(CUdevice d, unsigned *f, int *active) { FWD("cuDevicePrimaryCtxGetState", S(d), P(f), P(active)); }
EXPORT CUresult cuCtxSetCurrent(H c) { FWD("cuCtxSetCurrent", P(c)); }
EXPORT CUresult cuCtxGetCurrent(H *c) { FWD("cuCtxGetCurrent", P(c)); }
EXPORT CUresult cuCtxGetDevice(CUdevice *d) { FWD("cuCtxGetDevice", P(d)); }
EXPORT CUresult cuCtxSynchronize(void) { FWD0("cuCtxSynchronize"); }
EXPORT CUresult cuModuleLoadData(H *m, const void *image) { FWD("cuModuleLoadDataEx", P(m), P(image), 0, 0, 0); }
EXPORT CUresult cuModuleLoadDataEx(H *m, const void *image, unsigned n, int *opts, void **vals) { FWD("cuModuleLoadDataEx", P(m), P(image), U(n), P(opts), P(vals)); }
EXPORT CUresult cuModuleUnload(H m) { FWD("cuModuleUnload", P(m)); }
EXPORT CUresult cuModuleGetFunction(H *f, H m, const char *name) { FWD("cuModuleGetFunction", P(f), P(m), P(name)); }
EXPORT CUresult cuFuncGetAttribute(int *v, int attr, H f) { FWD("cuFuncGetAttribute", P(v), S(attr), P(f)); }
EXPORT CUresult cuMemGetInfo_v2(size_t *free_, size_t *total) { FWD("cuMemGetInfo", P(free_), P(total)); }
EXPORT CUresult cuMemAlloc_v2(CUdeviceptr *p, size_t n) { FWD("cuMemAlloc", P(p), U(n)); }
EXPORT CUresult cuMemFree_v2(CUdeviceptr p) { FWD("cuMemFree", U(p)); }
EXPORT CUresult cuMemcpyHtoD_v2(CUdeviceptr d, const void *s, size_t n) { FWD("cuMemcpyHtoDAsync", U(d), P(s), U(n), 0); }
EXPORT CUresult cuMemcpyDtoH_v2(void *d, CUdeviceptr s, size_t n) { FWD("cuMemcpyDtoHAsync", P(d), U(s), U(n), 0); }
EXPORT CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr d, const void *s, size_t n, H st) { FWD("cuMemcpyHtoDAsync", U(d), P(s), U(n), P(st)); }
EXPORT CUresult cuMemcpyDtoHAsync_v2(void *d, CUdeviceptr s, size_t n, H st) { FWD("cuMemcpyDtoHAsync", P(d), U(s), U(n), P(st)); }
EXPORT CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr d, CUdeviceptr s, size_t n, H st) { FWD("cuMemcpyDtoDAsync", U(d), U(s), U(n), P(st)); }
EXPORT CUresult cuMemcpyAsync(CUdeviceptr d, CUdeviceptr s, size_t n, H st) { FWD("cuMemcpyDtoDAsync", U(d), U(s), U(n), P(st)); }
EXPORT CUresult cuMemsetD8Async(CUdeviceptr d, unsigned char v, size_t n, H st) { FWD("cuMemsetAsync", U(d), U(v), U(n), P(st), 1); }
EXPORT CUresult cuMemsetD32Async(CUdeviceptr d, unsigned v, size_t n, H st) { FWD("cuMemsetAsync", U(d), U(v), U(n), P(st), 4); }
EXPORT CUresult cuPointerGetAttribute(void *data, int attr, CUdeviceptr p) { FWD("cuPointerGetAttribute", P(data), S(attr), U(p)); }
EXPORT CUresult cuStreamCreate(H *s, unsigned f) { FWD("cuStreamCreate", P(s), U(f)); }
EXPORT CUresult cuStreamDestroy_v2(H s) { FWD("cuStreamDestroy", P(s)); }
EXPORT CUresult cuStreamSynchronize(H s) { FWD("cuStreamSynchronize", P(s)); }
EXPORT CUresult cuStreamQuery(H s) { FWD("cuStreamQuery", P(s)); }
EXPORT CUresult cuStreamBeginCapture_v2(H s, int mode) { FWD("cuStreamBeginCapture", P(s), S(mode)); }
EXPORT CUresult cuStreamEndCapture(H s, H *g) { FWD("cuStreamEndCapture", P(s), P(g)); }
EXPORT CUresult cuStreamIsCapturing(H s, int *status) { FWD("cuStreamIsCapturing", P(s), P(status)); }
EXPORT CUresult cuThreadExchangeStreamCaptureMode(int *mode) { FWD("cuThreadExchangeStreamCaptureMode", P(mode)); }
EXPORT CUresult cuEventCreate(H *e, unsigned f) { FWD("cuEventCreate", P(e), U(f)); }
EXPORT CUresult cuEventRecord(H e, H s) { FWD("cuEventRecord", P(e), P(s)); }
EXPORT CUresult cuEventQuery(H e) { FWD("cuEventQuery", P(e)); }
EXPORT CUresult cuEventSynchronize(H e) { FWD("cuEventSynchronize", P(e)); }
EXPORT CUresult cuEventDestroy_v2(H e) { FWD("cuEventDestroy", P(e)); }
EXPORT CUresult cuEventElapsedTime(float *ms, H a, H b) { FWD("cuEventElapsedTime", P(ms), P(a), P(b)); }
EXPORT CUresult cuLaunchKernel(H f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                               unsigned bz, unsigned shared, H s, void **params, void **extra) {
    FWD("cuLaunchKernel", P(f), U(gx), U(gy), U(gz), U(bx), U(by), U(bz), U(shared), P(s), P(params), P(extra));
}
EXPORT CUresult cuGraphInstantiateWithFlags(H *ge, H g, unsigned long long f) { FWD("cuGraphInstantiate", P(ge), P(g), U(f)); }
EXPORT CUresult cuGraphLaunch(H ge, H s) { FWD("cuGraphLaunch", P(ge), P(s)); }
EXPORT CUresult cuGraphExecDestroy(H ge) { FWD("cuGraphExecDestroy", P(ge)); }
EXPORT CUresult cuGraphDestroy(H g) { FWD("cuGraphDestroy", P(g)); }

EXPORT CUresult cuGetProcAddress_v2(const char *symbol, void **pfn, int version, uint64_t flags, int *status);

struct entry { const char *name; int min_version, max_version; void *fn; };
#define ANY 0, 1 << 30
static const struct entry TABLE[] = {
    {"cuGetErrorString", ANY, (void *)cuGetErrorString},
    {"cuGetErrorName", ANY, (void *)cuGetErrorName},
    {"cuInit", ANY, (void *)cuInit},
    {"cuDriverGetVersion", ANY, (void *)cuDriverGetVersion},
    {"cuGetProcAddress", 12000, 1 << 30, (void *)cuGetProcAddress_v2},
    {"cuDeviceGet", ANY, (void *)cuDeviceGet},
    {"cuDeviceGetCount", ANY, (void *)cuDeviceGetCount},
    {"cuDeviceGetName", ANY, (void *)cuDeviceGetName},
    {"cuDeviceTotalMem", 3020, 1 << 30, (void *)cuDeviceTotalMem_v2},
    {"cuDeviceGetAttribute", ANY, (void *)cuDeviceGetAttribute},
    {"cuDeviceGetUuid", ANY, (void *)cuDeviceGetUuid},
    {"cuDevicePrimaryCtxRetain", ANY, (void *)cuDevicePrimaryCtxRetain},
    {"cuDevicePrimaryCtxRelease", 11000, 1 << 30, (void *)cuDevicePrimaryCtxRelease_v2},
    {"cuDevicePrimaryCtxGetState", ANY, (void *)cuDevicePrimaryCtxGetState},
    {"cuCtxSetCurrent", ANY, (void *)cuCtxSetCurrent},
    {"cuCtxGetCurrent", ANY, (void *)cuCtxGetCurrent},
    {"cuCtxGetDevice", 0, 13000, (void *)cuCtxGetDevice},
    {"cuCtxSynchronize", 0, 13000, (void *)cuCtxSynchronize},
    {"cuModuleLoadData", ANY, (void *)cuModuleLoadData},
    {"cuModuleLoadDataEx", ANY, (void *)cuModuleLoadDataEx},
    {"cuModuleUnload", ANY, (void *)cuModuleUnload},
    {"cuModuleGetFunction", ANY, (void *)cuModuleGetFunction},
    {"cuFuncGetAttribute", ANY, (void *)cuFuncGetAttribute},
    {"cuMemGetInfo", 3020, 1 << 30, (void *)cuMemGetInfo_v2},
    {"cuMemAlloc", 3020, 1 << 30, (void *)cuMemAlloc_v2},
    {"cuMemFree", 3020, 1 << 30, (void *)cuMemFree_v2},
    {"cuMemcpyHtoD", 3020, 1 << 30, (void *)cuMemcpyHtoD_v2},
    {"cuMemcpyDtoH", 3020, 1 << 30, (void *)cuMemcpyDtoH_v2},
    {"cuMemcpyHtoDAsync", 3020, 1 << 30, (void *)cuMemcpyHtoDAsync_v2},
    {"cuMemcpyDtoHAsync", 3020, 1 << 30, (void *)cuMemcpyDtoHAsync_v2},
    {"cuMemcpyDtoDAsync", 3020, 1 << 30, (void *)cuMemcpyDtoDAsync_v2},
    {"cuMemcpyAsync", ANY, (void *)cuMemcpyAsync},
    {"cuMemsetD8Async", 3020, 1 << 30, (void *)cuMemsetD8Async},
    {"cuMemsetD32Async", 3020, 1 << 30, (void *)cuMemsetD32Async},
    {"cuPointerGetAttribute", ANY, (void *)cuPointerGetAttribute},
    {"cuStreamCreate", ANY, (void *)cuStreamCreate},
    {"cuStreamDestroy", 4000, 1 << 30, (void *)cuStreamDestroy_v2},
    {"cuStreamSynchronize", ANY, (void *)cuStreamSynchronize},
    {"cuStreamQuery", ANY, (void *)cuStreamQuery},
    {"cuStreamBeginCapture", 10010, 1 << 30, (void *)cuStreamBeginCapture_v2},
    {"cuStreamEndCapture", ANY, (void *)cuStreamEndCapture},
    {"cuStreamIsCapturing", ANY, (void *)cuStreamIsCapturing},
    {"cuThreadExchangeStreamCaptureMode", ANY, (void *)cuThreadExchangeStreamCaptureMode},
    {"cuEventCreate", ANY, (void *)cuEventCreate},
    {"cuEventRecord", ANY, (void *)cuEventRecord},
    {"cuEventQuery", ANY, (void *)cuEventQuery},
    {"cuEventSynchronize", ANY, (void *)cuEventSynchronize},
    {"cuEventDestroy", 4000, 1 << 30, (void *)cuEventDestroy_v2},
    {"cuEventElapsedTime", ANY, (void *)cuEventElapsedTime},
    {"cuLaunchKernel", ANY, (void *)cuLaunchKernel},
    {"cuGraphInstantiateWithFlags", ANY, (void *)cuGraphInstantiateWithFlags},
    {"cuGraphLaunch", ANY, (void *)cuGraphLaunch},
    {"cuGraphExecDestroy", ANY, (void *)cuGraphExecDestroy},
    {"cuGraphDestroy", ANY, (void *)cuGraphDestroy},
};

EXPORT CUresult cuGetProcAddress_v2(const char *symbol, void **pfn, int version, uint64_t flags,
                                    int *status) {
    (void)flags;
    if (pfn) *pfn = NULL;
    for (size_t k = 0; k < sizeof TABLE / sizeof TABLE[0]; k++) {
        const struct entry *e = &TABLE[k];
        if (strcmp(e->name, symbol) == 0 && e->min_version <= version && version < e->max_version) {
            if (pfn) *pfn = e->fn;
            if (status) *status = 0; /* CU_GET_PROC_ADDRESS_SUCCESS */
            return SUCCESS;
        }
    }
    if (status) *status = 1; /* CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND */
    return NOT_FOUND;
}

EXPORT CUresult cuGetProcAddress(const char *symbol, void **pfn, int version, uint64_t flags) {
    return cuGetProcAddress_v2(symbol, pfn, version, flags, NULL);
}
