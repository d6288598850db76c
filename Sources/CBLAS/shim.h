#ifndef MI_CBLAS_SHIM_H
#define MI_CBLAS_SHIM_H
// pkg-config openblas puts OpenBLAS's include directory first, so this is OpenBLAS's cblas.h
// (it also declares openblas_set_num_threads and openblas_get_corename).
#include <cblas.h>
#include <stddef.h>

// Debian's OpenBLAS exports the Fortran LAPACK symbols itself (it is built without LAPACKE), so we
// declare the few we call. gfortran passes each CHARACTER argument's length as a trailing size_t.
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);
void spotrf_(const char *uplo, const int *n, float *a, const int *lda, int *info, size_t uplo_len);
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
            double *work, const int *lwork, int *info, size_t jobz_len, size_t uplo_len);
void ssyev_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda, float *w,
            float *work, const int *lwork, int *info, size_t jobz_len, size_t uplo_len);
void dtrtrs_(const char *uplo, const char *trans, const char *diag, const int *n, const int *nrhs,
             const double *a, const int *lda, double *b, const int *ldb, int *info,
             size_t uplo_len, size_t trans_len, size_t diag_len);
#endif
