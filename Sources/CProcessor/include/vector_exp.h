// e^x eight floats at a time with AVX2 (sixteen with AVX-512), for MITensor's VectorExp, and the row
// loops of softmax and layer normalisation built on it: the same operations, in the same order, as the
// portable Swift code (no FMA), so the results are the same bits; chosen at run time on processors that
// have AVX2 (AVX-512).
#ifndef MI_VECTOR_EXP_H
#define MI_VECTOR_EXP_H

/// out[i] = e^(in[i] - shift) for i < 8 * blocks; lanes[l] += the sum of out[8b + l] over the blocks b,
/// block by block. Call only when mi_cpu_has_avx2() (cpu_features.h).
void mi_vector_exp_shifted_avx2(const float *in, float *out, long blocks, float shift, float lanes[8]);

/// Softmax of each of `rows` rows of n floats (out may be in): each row shifted by its largest value
/// (0 when that is not finite; NaN ignored), e^ as above in blocks of eight with the tail padded by
/// -infinity, the lanes summed in lane order, and every value times 1 / sum. The same steps, in the
/// same order, as MITensor's softmaxLastAxis row loop, so the same bits, without a call per row.
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
