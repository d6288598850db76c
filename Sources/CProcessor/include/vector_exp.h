// e^x eight floats at a time with AVX2, for MITensor's VectorExp: the same operations, in the same
// order, as its portable SIMD8 code (no FMA), so the results are the same bits; chosen at run time
// on processors that have AVX2.
#ifndef MI_VECTOR_EXP_H
#define MI_VECTOR_EXP_H

/// out[i] = e^(in[i] - shift) for i < 8 * blocks; lanes[l] += the sum of out[8b + l] over the blocks b,
/// block by block. Call only when mi_cpu_has_avx2() (cpu_features.h).
void mi_vector_exp_shifted_avx2(const float *in, float *out, long blocks, float shift, float lanes[8]);

#endif
