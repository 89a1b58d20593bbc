#ifndef MPI_BRIDGE_H
#define MPI_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

// Open MPI's libmpi.so.40, loaded with dlopen only when the process was started by mpirun, so
// that vae-cli builds without Open MPI and a process on its own never loads it. The handles
// (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, ...) are Open MPI's exported globals, looked up by name:
// this is Open MPI's ABI, not MPICH's (whose handles are integers and whose library is
// libmpi.so.12).

// Loads the library and MPI_Init_thread(MPI_THREAD_FUNNELED)s it. Returns 0, or -1 with a
// message in `error` (at most `capacity` bytes).
int mpi_bridge_start(char *error, size_t capacity);

int mpi_bridge_rank(void);
int mpi_bridge_size(void);

// In place, over every rank: values[i] = the sum of values[i] across ranks.
void mpi_bridge_allreduce_sum_float(float *values, int64_t count);
void mpi_bridge_allreduce_sum_double(double *values, int64_t count);
// Every rank's `count` bytes, rank after rank, into `gathered` (count x size bytes) on every rank.
void mpi_bridge_allgather_bytes(const void *bytes, int64_t count, void *gathered);
// `count` bytes from `root` to every rank.
void mpi_bridge_broadcast_bytes(void *bytes, int64_t count, int root);
// Rank r's `count` elements (floats, or bytes when `bytes` is nonzero) into `gathered` at
// `offsets[r]` on `root` (counts and offsets are read on root only; `gathered` may be NULL
// elsewhere). Each count and offset must fit an int, MPI_Gatherv's limit.
void mpi_bridge_gather(const void *values, int64_t count, void *gathered,
                       const int64_t *counts, const int64_t *offsets, int root, int bytes);
// Waits at a barrier without spinning: tests it and sleeps `sleepMicroseconds` between tests, so
// that waiting ranks leave the cores to a rank that works alone (rank 0 writing pictures).
void mpi_bridge_quiet_barrier(int sleepMicroseconds);
// Ends every rank of the job with `code` (MPI_Abort).
void mpi_bridge_abort(int code);
void mpi_bridge_finish(void);

#endif
