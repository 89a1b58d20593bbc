#define _GNU_SOURCE
#include "BLASBridge.h"

#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

BLASBridgeSGEMM blas_bridge_cblas_sgemm = NULL;

static void *library = NULL;
static char *(*get_corename)(void) = NULL;
static char *(*get_config)(void) = NULL;
static int (*get_num_threads)(void) = NULL;
static void (*set_num_threads)(int) = NULL;

// Debian's alternatives point libopenblas.so.0 at the pthread, OpenMP or serial build;
// VAE_CLI_OPENBLAS names another build (a newer OpenBLAS compiled by the user).
static const char *const library_names[] = {"libopenblas.so.0", "libopenblas.so"};

static void unload(void) {
    if (library) dlclose(library);
    library = NULL;
    blas_bridge_cblas_sgemm = NULL;
    get_corename = NULL;
    get_config = NULL;
    get_num_threads = NULL;
    set_num_threads = NULL;
}

bool blas_bridge_load(const char *core_type, char *error, size_t error_size) {
    unload();
    const char *variable = "OPENBLAS_CORETYPE";
    char *saved = getenv(variable) ? strdup(getenv(variable)) : NULL;
    if (core_type) setenv(variable, core_type, 1); else unsetenv(variable);
    const char *chosen = getenv("VAE_CLI_OPENBLAS");
    const char *const *names = library_names;
    size_t count = sizeof library_names / sizeof *library_names;
    if (chosen && *chosen) { names = &chosen; count = 1; }
    const char *last_error = "";
    for (size_t i = 0; i < count && !library; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (!library) last_error = dlerror();
    }
    if (saved) setenv(variable, saved, 1); else unsetenv(variable);
    free(saved);
    if (!library) {
        snprintf(error, error_size, "cannot load OpenBLAS (%s): %s; install libopenblas0 "
                 "(Scripts/install-dependencies does) or name a library in VAE_CLI_OPENBLAS", names[0], last_error);
        return false;
    }
    blas_bridge_cblas_sgemm = (BLASBridgeSGEMM)dlsym(library, "cblas_sgemm");
    get_corename = (char *(*)(void))dlsym(library, "openblas_get_corename");
    get_config = (char *(*)(void))dlsym(library, "openblas_get_config");
    get_num_threads = (int (*)(void))dlsym(library, "openblas_get_num_threads");
    set_num_threads = (void (*)(int))dlsym(library, "openblas_set_num_threads");
    if (!blas_bridge_cblas_sgemm || !get_corename || !get_config || !get_num_threads || !set_num_threads) {
        snprintf(error, error_size, "%s is not OpenBLAS: it lacks cblas_sgemm or openblas_get_corename",
                 blas_bridge_library_path());
        unload();
        return false;
    }
    return true;
}

const char *blas_bridge_library_path(void) {
    struct link_map *map = NULL;
    if (!library || dlinfo(library, RTLD_DI_LINKMAP, &map) != 0 || !map) return "";
    return map->l_name;
}

const char *blas_bridge_config(void) { return get_config ? get_config() : ""; }
const char *blas_bridge_core_name(void) { return get_corename ? get_corename() : ""; }
int blas_bridge_threads(void) { return get_num_threads ? get_num_threads() : 0; }
void blas_bridge_set_threads(int threads) { if (set_num_threads) set_num_threads(threads); }
