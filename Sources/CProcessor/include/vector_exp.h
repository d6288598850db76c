// The row loops of softmax and layer normalisation with AVX2 (the softmax's e^ sixteen lanes at a time
// with AVX-512): the same operations, in the same order, as the portable Swift code (MITensor's
// VectorExp.exp and the loops of Variable+Fused.swift; no FMA), so the results are the same bits; chosen
// at run time on processors that have AVX2 (AVX-512).
#ifndef MI_VECTOR_EXP_H
#define MI_VECTOR_EXP_H

/// Softmax of each of `rows` rows of n floats (out may be in): each row shifted by its largest value
/// (0 when that is not finite; NaN ignored), e^ (VectorExp.exp's polynomial and ends) in blocks of
/// eight with the tail padded by -infinity, the lanes summed in lane order, and every value times
/// 1 / sum. The same steps, in the same order, as MITensor's softmaxLastAxis row loop, so the same
/// bits, without a call per row.
/// Call only when mi_cpu_has_avx2().
void mi_softmax_rows_avx2(const float *in, float *out, long rows, long n);

/// The same with e^ sixteen lanes at a time (the sums still eight lanes at a time, in the same order):
/// the same bits. Call only when mi_cpu_has_avx512().
void mi_softmax_rows_avx512(const float *in, float *out, long rows, long n);

/// Layer normalisation of `rows` rows of n floats, the steps of MITensor's normalizedRows: the mean and
/// 1 / sqrt(var + eps) (biased variance; each sum eight lanes at a time, the lanes added in order, then
/// the tail) into rstd[row]; then out = ((x - mean) * rstd) * gamma + beta, keeping (x - mean) * rstd in
/// xhat when xhat is not NULL; without gamma (NULL), out = (x - mean) * rstd. Call only when
/// mi_cpu_has_avx2().
void mi_layer_norm_rows_avx2(const float *in, float *out, float *xhat, float *rstd, const float *gamma, const float *beta,
                             long rows, long n, float eps);

#endif
