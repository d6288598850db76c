#ifndef MI_CMPI_SHIM_H
#define MI_CMPI_SHIM_H
// Open MPI (Debian's libopenmpi-dev; pkg-config ompi-c). MPI_COMM_WORLD, MPI_BYTE and friends are
// macros over addresses of library globals, which Swift cannot import: these functions return them.
#include <mpi.h>

static inline MPI_Comm mi_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype mi_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype mi_mpi_long_long(void) { return MPI_LONG_LONG; }
static inline int mi_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
static inline int mi_mpi_success(void) { return MPI_SUCCESS; }
#endif
