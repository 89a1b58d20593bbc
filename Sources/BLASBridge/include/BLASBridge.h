// OpenBLAS, loaded at run time with the kernels chosen for this processor, and the processor's
// identity as CPUID reports it.
//
// vae-cli does not link libopenblas: OpenBLAS picks its kernels once, in its library constructor,
// from OPENBLAS_CORETYPE or its own CPUID tables, and a library linked at build time is
// initialised before any of our code runs. Loading it with dlopen lets the first product in any
// process (the CLI, the test binaries, a program embedding NN) set OPENBLAS_CORETYPE first,
// without re-executing the process, which a library could not do to its host. Candidates are
// loaded and checked in child processes first (blas_bridge_trial); this process loads one core once.
#ifndef BLAS_BRIDGE_H
#define BLAS_BRIDGE_H

#include <stdbool.h>
#include <stddef.h>

// ---- The processor ------------------------------------------------------------------------------

/// What CPUID and XGETBV say about the processor. The AVX and AVX-512 flags are set only when the
/// operating system also saves the registers they need (XCR0), as OpenBLAS itself requires.
typedef struct {
    char vendor[13];          // "GenuineIntel", "AuthenticAMD", ...
    char brand[49];           // the brand string, as the hypervisor passes it on
    unsigned family, model;   // display family and model (base + extended)
    bool avx, fma, avx2;
    bool avx512f, avx512dq, avx512cd, avx512bw, avx512vl, avx512bf16;
} BLASBridgeProcessor;

/// Fills `processor` (all flags false on other architectures).
void blas_bridge_read_processor(BLASBridgeProcessor *processor);

// ---- Loading ------------------------------------------------------------------------------------

/// Loads libopenblas (or the library VAE_CLI_OPENBLAS names) with OPENBLAS_CORETYPE set to
/// `core_type`, or unset when NULL, for the duration of the load only (the process's environment
/// is restored afterwards, so child processes see the user's own setting). Unloads any earlier
/// load first (a trial's child inherits its parent's). Returns false and
/// writes a one-line reason into `error` when no OpenBLAS library can be loaded.
bool blas_bridge_load(const char *core_type, char *error, size_t error_size);

/// The loaded library's file, its configuration line and the core whose kernels it runs.
const char *blas_bridge_library_path(void);
const char *blas_bridge_config(void);
const char *blas_bridge_core_name(void);

int blas_bridge_threads(void);
void blas_bridge_set_threads(int threads);

// ---- Products -----------------------------------------------------------------------------------

/// cblas_sgemm, row-major: C [m, n] = alpha · op(A) [m, k] · op(B) [k, n] + beta · C.
typedef void (*BLASBridgeSGEMM)(int order, int trans_a, int trans_b, int m, int n, int k, float alpha,
                                const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);
extern BLASBridgeSGEMM blas_bridge_cblas_sgemm;

static inline void blas_bridge_sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha,
                                     const float *a, int lda, const float *b, int ldb,
                                     float beta, float *c, int ldc) {
    enum { row_major = 101, no_trans = 111, trans = 112 };   // CBLAS's own values
    blas_bridge_cblas_sgemm(row_major, trans_a ? trans : no_trans, trans_b ? trans : no_trans,
                            m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// ---- Trial --------------------------------------------------------------------------------------

typedef enum { BLASBridgePassed, BLASBridgeWrong, BLASBridgeCrashed, BLASBridgeNotLoaded } BLASBridgeCheckOutcome;

typedef struct {
    BLASBridgeCheckOutcome outcome;
    char core[32];             // the core the library ran (empty when it crashed before saying)
    char library[256];         // the library's file, symbolic links resolved
    int signal;                // with Crashed: the signal that ended the trial
    double worst_error;        // the largest error, relative to Σ|alpha·a·b| + |beta·c|
} BLASBridgeTrial;

/// Loads the library with OPENBLAS_CORETYPE set to `core_type` (NULL: unset) in a child process,
/// runs products of several shapes, transposes and alpha/beta through its kernels and compares
/// them with a double-precision loop. In a child, because kernels built for instructions the
/// processor lacks crash, some already in OpenBLAS's constructor: the trial reports that instead
/// of ending the process. The child's OpenBLAS messages ("Core not found") are discarded.
///
/// When the check passes and `timed_count` > 0, the child also times the `timed_count` products
/// given as (m, n, k) triples in `timed` (no transposes) on one thread, each the best of three
/// batches of calls lasting at least 5 ms, and writes their GFLOP/s into `gflops`.
BLASBridgeTrial blas_bridge_trial(const char *core_type, double tolerance,
                                  const int *timed, int timed_count, double *gflops);

#endif
