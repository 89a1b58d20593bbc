#include "MPIBridge.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

// Open MPI's handle types are pointers to its structs; the bridge only passes them through.
typedef void *Handle;

static struct {
    int (*init_thread)(int *, char ***, int, int *);
    int (*comm_rank)(Handle, int *);
    int (*comm_size)(Handle, int *);
    int (*allreduce)(const void *, void *, int, Handle, Handle, Handle);
    int (*allgather)(const void *, int, Handle, void *, int, Handle, Handle);
    int (*bcast)(void *, int, Handle, int, Handle);
    int (*gatherv)(const void *, int, Handle, void *, const int *, const int *, Handle, int, Handle);
    int (*ibarrier)(Handle, Handle *);
    int (*test)(Handle *, int *, void *);
    int (*abort)(Handle, int);
    int (*finalize)(void);
    Handle world, floatType, doubleType, byteType, sum;
} mpi;

// Open MPI's MPI_IN_PLACE and MPI_THREAD_FUNNELED (mpi.h).
static void *const inPlace = (void *)1;
static const int threadFunneled = 1;

int mpi_bridge_start(char *error, size_t capacity) {
    const char *name = getenv("VAE_CLI_MPI_LIBRARY");
    if (name == NULL || name[0] == 0) name = "libmpi.so.40";
    // RTLD_GLOBAL: Open MPI's own plugins, loaded later, resolve symbols of libmpi.
    void *library = dlopen(name, RTLD_NOW | RTLD_GLOBAL);
    if (library == NULL) {
        snprintf(error, capacity, "cannot load Open MPI's %s (%s); install openmpi-bin and libopenmpi-dev", name, dlerror());
        return -1;
    }
#define LOOK_UP(field, symbol)                                                                  \
    do {                                                                                        \
        *(void **)(&mpi.field) = dlsym(library, symbol);                                        \
        if (mpi.field == NULL) {                                                                \
            snprintf(error, capacity, "%s has no %s: vae-cli needs Open MPI's library", name, symbol); \
            return -1;                                                                          \
        }                                                                                       \
    } while (0)
    LOOK_UP(init_thread, "MPI_Init_thread");
    LOOK_UP(comm_rank, "MPI_Comm_rank");
    LOOK_UP(comm_size, "MPI_Comm_size");
    LOOK_UP(allreduce, "MPI_Allreduce");
    LOOK_UP(allgather, "MPI_Allgather");
    LOOK_UP(bcast, "MPI_Bcast");
    LOOK_UP(gatherv, "MPI_Gatherv");
    LOOK_UP(ibarrier, "MPI_Ibarrier");
    LOOK_UP(test, "MPI_Test");
    LOOK_UP(abort, "MPI_Abort");
    LOOK_UP(finalize, "MPI_Finalize");
    // The predefined handles are the addresses of these globals.
    LOOK_UP(world, "ompi_mpi_comm_world");
    LOOK_UP(floatType, "ompi_mpi_float");
    LOOK_UP(doubleType, "ompi_mpi_double");
    LOOK_UP(byteType, "ompi_mpi_byte");
    LOOK_UP(sum, "ompi_mpi_op_sum");
#undef LOOK_UP
    int provided = 0;
    if (mpi.init_thread(NULL, NULL, threadFunneled, &provided) != 0) {
        snprintf(error, capacity, "MPI_Init_thread failed");
        return -1;
    }
    return 0;
}

int mpi_bridge_rank(void) {
    int rank = 0;
    mpi.comm_rank(mpi.world, &rank);
    return rank;
}

int mpi_bridge_size(void) {
    int size = 1;
    mpi.comm_size(mpi.world, &size);
    return size;
}

// MPI counts are ints: long buffers go in pieces of at most 2^30 elements.
static const int64_t largestPiece = 1 << 30;

void mpi_bridge_allreduce_sum_float(float *values, int64_t count) {
    for (int64_t start = 0; start < count; start += largestPiece) {
        int64_t n = count - start < largestPiece ? count - start : largestPiece;
        mpi.allreduce(inPlace, values + start, (int)n, mpi.floatType, mpi.sum, mpi.world);
    }
}

void mpi_bridge_allreduce_sum_double(double *values, int64_t count) {
    for (int64_t start = 0; start < count; start += largestPiece) {
        int64_t n = count - start < largestPiece ? count - start : largestPiece;
        mpi.allreduce(inPlace, values + start, (int)n, mpi.doubleType, mpi.sum, mpi.world);
    }
}

void mpi_bridge_allgather_bytes(const void *bytes, int64_t count, void *gathered) {
    if (count > INT_MAX) mpi_bridge_abort(1);   // digests and flags only: never this long
    mpi.allgather(bytes, (int)count, mpi.byteType, gathered, (int)count, mpi.byteType, mpi.world);
}

void mpi_bridge_broadcast_bytes(void *bytes, int64_t count, int root) {
    char *start = bytes;
    for (int64_t done = 0; done < count; done += largestPiece) {
        int64_t n = count - done < largestPiece ? count - done : largestPiece;
        mpi.bcast(start + done, (int)n, mpi.byteType, root, mpi.world);
    }
}

void mpi_bridge_gather(const void *values, int64_t count, void *gathered,
                       const int64_t *counts, const int64_t *offsets, int root, int bytes) {
    Handle type = bytes ? mpi.byteType : mpi.floatType;
    int size = mpi_bridge_size(), rank = mpi_bridge_rank();
    int *intCounts = NULL, *intOffsets = NULL;
    if (rank == root) {
        intCounts = malloc(sizeof(int) * size);
        intOffsets = malloc(sizeof(int) * size);
        for (int r = 0; r < size; r++) {
            intCounts[r] = (int)counts[r];
            intOffsets[r] = (int)offsets[r];
        }
    }
    mpi.gatherv(values, (int)count, type, gathered, intCounts, intOffsets, type, root, mpi.world);
    free(intCounts);
    free(intOffsets);
}

void mpi_bridge_quiet_barrier(int sleepMicroseconds) {
    Handle request;
    mpi.ibarrier(mpi.world, &request);
    int done = 0;
    for (;;) {
        mpi.test(&request, &done, NULL);   // NULL: MPI_STATUS_IGNORE
        if (done) return;
        usleep(sleepMicroseconds);
    }
}

void mpi_bridge_abort(int code) { mpi.abort(mpi.world, code); }

void mpi_bridge_finish(void) { mpi.finalize(); }
