#define _GNU_SOURCE
#include "BLASBridge.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct { bool trans_a, trans_b; int m, n, k; float alpha, beta; } Product;

// Shapes that reach the kernels' different paths: tiny and odd edges, each transpose, alpha and
// beta other than 1 and 0, the thin products of a first convolution (small m·k, many columns,
// where AVX-512 builds take an unpacked "direct" path) and depths past one packing block.
static const Product products[] = {
    {false, false, 64, 64, 64, 1, 0},
    {true, false, 37, 29, 53, 0.5f, 2},
    {false, true, 33, 130, 17, 1, 1},
    {true, true, 8, 9, 300, -1, 0.25f},
    {false, false, 32, 1024, 48, 1, 0},
    {false, false, 3, 777, 5, 1, 0},
    {false, false, 64, 96, 700, 1, 0},
    {false, true, 48, 100, 363, 1, 0},
};

static uint64_t random_state;

static float next_uniform(void) {   // [-1, 1), the same sequence in every run
    random_state = random_state * 6364136223846793005ull + 1442695040888963407ull;
    return (float)((random_state >> 40) * (1.0 / (1ull << 23))) - 1.0f;
}

/// The worst error of one product, relative to Σ|alpha·a·b| + |beta·c| of each element.
static double check_product(const Product *p) {
    int lda = p->trans_a ? p->m : p->k, ldb = p->trans_b ? p->k : p->n;
    size_t a_count = (size_t)p->m * p->k, b_count = (size_t)p->k * p->n, c_count = (size_t)p->m * p->n;
    float *a = malloc(a_count * sizeof *a), *b = malloc(b_count * sizeof *b), *c = malloc(c_count * sizeof *c);
    float *c0 = malloc(c_count * sizeof *c0);
    if (!a || !b || !c || !c0) return INFINITY;
    for (size_t i = 0; i < a_count; i++) a[i] = next_uniform();
    for (size_t i = 0; i < b_count; i++) b[i] = next_uniform();
    for (size_t i = 0; i < c_count; i++) c[i] = c0[i] = next_uniform();
    blas_bridge_sgemm(p->trans_a, p->trans_b, p->m, p->n, p->k, p->alpha, a, lda, b, ldb, p->beta, c, p->n);
    double worst = 0;
    for (int i = 0; i < p->m; i++) {
        for (int j = 0; j < p->n; j++) {
            double sum = 0, magnitude = 0;
            for (int l = 0; l < p->k; l++) {
                double x = p->trans_a ? a[(size_t)l * lda + i] : a[(size_t)i * lda + l];
                double y = p->trans_b ? b[(size_t)j * ldb + l] : b[(size_t)l * ldb + j];
                sum += x * y;
                magnitude += fabs(x * y);
            }
            double scaled_c = (double)p->beta * c0[(size_t)i * p->n + j];
            double expected = p->alpha * sum + scaled_c;
            double scale = fabs(p->alpha) * magnitude + fabs(scaled_c) + 1e-30;
            double error = fabs(c[(size_t)i * p->n + j] - expected) / scale;
            if (isnan(error)) error = INFINITY;
            if (error > worst) worst = error;
        }
    }
    free(a); free(b); free(c); free(c0);
    return worst;
}

static double check_all(void) {
    random_state = 20261203;
    double worst = 0;
    for (size_t i = 0; i < sizeof products / sizeof *products; i++) {
        double error = check_product(&products[i]);
        if (error > worst) worst = error;
    }
    return worst;
}

static bool read_fully(int descriptor, void *bytes, size_t count) {
    size_t filled = 0;
    while (filled < count) {
        ssize_t got = read(descriptor, (char *)bytes + filled, count - filled);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        filled += (size_t)got;
    }
    return true;
}

static bool write_fully(int descriptor, const void *bytes, size_t count) {
    return write(descriptor, bytes, count) == (ssize_t)count;   // below PIPE_BUF: one write
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/// Seconds per call of an m×n×k product (no transposes) through the loaded kernels, on one
/// thread: the best of `repetitions` timed batches of calls lasting at least `minimum_seconds`.
static double time_product(int m, int n, int k, int repetitions, double minimum_seconds) {
    float *a = calloc((size_t)m * k, sizeof *a), *b = calloc((size_t)k * n, sizeof *b);
    float *c = calloc((size_t)m * n, sizeof *c);
    if (!a || !b || !c) { free(a); free(b); free(c); return INFINITY; }
    random_state = 7;
    for (size_t i = 0; i < (size_t)m * k; i++) a[i] = next_uniform();
    for (size_t i = 0; i < (size_t)k * n; i++) b[i] = next_uniform();
    int threads = blas_bridge_threads();
    blas_bridge_set_threads(1);
    blas_bridge_sgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n);   // warm the caches and packing buffers
    double best = INFINITY;
    for (int r = 0; r < repetitions; r++) {
        int calls = 0;
        double start = now(), elapsed;
        do {
            blas_bridge_sgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n);
            calls++;
            elapsed = now() - start;
        } while (elapsed < minimum_seconds);
        if (elapsed / calls < best) best = elapsed / calls;
    }
    blas_bridge_set_threads(threads);
    free(a); free(b); free(c);
    return best;
}

BLASBridgeTrial blas_bridge_trial(const char *core_type, double tolerance,
                                  const int *timed, int timed_count, double *gflops) {
    BLASBridgeTrial result = {BLASBridgeCrashed, "", "", 0, INFINITY};
    int channel[2];
    if (pipe(channel) != 0) return result;
    pid_t child = fork();
    if (child == 0) {
        close(channel[0]);
        int quiet = open("/dev/null", O_WRONLY);
        if (quiet >= 0) dup2(quiet, STDERR_FILENO);
        alarm(60);                   // a kernel that hangs is reported as crashed too
        char error[256];
        BLASBridgeTrial report = {BLASBridgeNotLoaded, "", "", 0, INFINITY};
        if (blas_bridge_load(core_type, error, sizeof error)) {
            // The name first, marked crashed until the outcome follows: a crash in the products
            // still tells which core it was.
            snprintf(report.core, sizeof report.core, "%s", blas_bridge_core_name());
            char *resolved = realpath(blas_bridge_library_path(), NULL);
            snprintf(report.library, sizeof report.library, "%s", resolved ? resolved : blas_bridge_library_path());
            free(resolved);
            report.outcome = BLASBridgeCrashed;
            if (!write_fully(channel[1], &report, sizeof report)) _exit(1);
            blas_bridge_set_threads(1);
            report.worst_error = check_all();
            report.outcome = report.worst_error <= tolerance ? BLASBridgePassed : BLASBridgeWrong;
        }
        if (!write_fully(channel[1], &report, sizeof report)) _exit(1);
        for (int i = 0; report.outcome == BLASBridgePassed && i < timed_count; i++) {
            double seconds = time_product(timed[3 * i], timed[3 * i + 1], timed[3 * i + 2], 3, 0.005);
            double rate = 2.0 * timed[3 * i] * timed[3 * i + 1] * timed[3 * i + 2] / seconds / 1e9;
            if (!write_fully(channel[1], &rate, sizeof rate)) _exit(1);
        }
        _exit(0);
    }
    close(channel[1]);
    if (child < 0) { close(channel[0]); return result; }
    BLASBridgeTrial report;
    size_t reports = 0;
    bool timed_all = true;
    while (read_fully(channel[0], &report, sizeof report)) {   // a named report, then the outcome
        reports++;
        memcpy(result.core, report.core, sizeof result.core);
        memcpy(result.library, report.library, sizeof result.library);
        if (report.outcome != BLASBridgeCrashed) {
            result = report;
            for (int i = 0; result.outcome == BLASBridgePassed && i < timed_count; i++)
                timed_all = timed_all && read_fully(channel[0], &gflops[i], sizeof *gflops);
            break;
        }
    }
    close(channel[0]);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    if (WIFSIGNALED(status)) {
        result.outcome = BLASBridgeCrashed;
        result.signal = WTERMSIG(status);
    } else if (reports == 0 || !timed_all || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        result.outcome = BLASBridgeCrashed;
    }
    return result;
}
