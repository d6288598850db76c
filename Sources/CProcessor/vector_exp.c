// See include/vector_exp.h. Constants and steps mirror Sources/MITensor/VectorExp.swift line by line.
#include "vector_exp.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2"))) static inline __m256 exp8(__m256 x) {
    const __m256 low = _mm256_set1_ps(-87.33654f), high = _mm256_set1_ps(88.37626f);
    const __m256 shiftConstant = _mm256_set1_ps(12582912.0f);
    __m256 clamped = _mm256_blendv_ps(x, low, _mm256_cmp_ps(x, low, _CMP_LT_OQ));
    clamped = _mm256_blendv_ps(clamped, high, _mm256_cmp_ps(x, high, _CMP_GT_OQ));
    __m256 shifted = _mm256_add_ps(_mm256_mul_ps(clamped, _mm256_set1_ps(1.44269504f)), shiftConstant);
    __m256 n = _mm256_sub_ps(shifted, shiftConstant);
    __m256 r = _mm256_sub_ps(_mm256_sub_ps(clamped, _mm256_mul_ps(n, _mm256_set1_ps(0.693359375f))),
                             _mm256_mul_ps(n, _mm256_set1_ps(-2.1219444e-4f)));
    __m256 p = _mm256_set1_ps(1.98756915e-4f);
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(5.0000001201e-1f));
    __m256 er = _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(p, _mm256_mul_ps(r, r)), r), _mm256_set1_ps(1.0f));
    __m256i n32 = _mm256_sub_epi32(_mm256_castps_si256(shifted), _mm256_castps_si256(shiftConstant));
    __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(n32, _mm256_set1_epi32(127)), 23);
    __m256 y = _mm256_mul_ps(er, _mm256_castsi256_ps(bits));
    y = _mm256_blendv_ps(y, _mm256_setzero_ps(), _mm256_cmp_ps(x, low, _CMP_LT_OQ));
    y = _mm256_blendv_ps(y, _mm256_set1_ps(__builtin_inff()), _mm256_cmp_ps(x, high, _CMP_GT_OQ));
    y = _mm256_blendv_ps(y, _mm256_set1_ps(__builtin_nanf("")), _mm256_cmp_ps(x, x, _CMP_NEQ_UQ));
    return y;
}

__attribute__((target("avx2"))) void mi_vector_exp_shifted_avx2(const float *in, float *out, long blocks, float shift, float lanes[8]) {
    __m256 sum = _mm256_loadu_ps(lanes), s = _mm256_set1_ps(shift);
    for (long b = 0; b < blocks; b++) {
        __m256 v = exp8(_mm256_sub_ps(_mm256_loadu_ps(in + 8 * b), s));
        _mm256_storeu_ps(out + 8 * b, v);
        sum = _mm256_add_ps(sum, v);
    }
    _mm256_storeu_ps(lanes, sum);
}

__attribute__((target("avx2"))) void mi_softmax_rows_avx2(const float *in, float *out, long rows, long n) {
    const long blocks = n / 8;
    for (long row = 0; row < rows; row++) {
        const float *x = in + row * n;
        float *z = out + row * n;
        // The largest value, eight lanes at a time; a lane takes v only where v > it (NaN never is).
        __m256 m8 = _mm256_set1_ps(-__builtin_inff());
        for (long b = 0; b < blocks; b++) {
            __m256 v = _mm256_loadu_ps(x + 8 * b);
            m8 = _mm256_blendv_ps(m8, v, _mm256_cmp_ps(v, m8, _CMP_GT_OQ));
        }
        float lanes[8];
        _mm256_storeu_ps(lanes, m8);
        float m = -__builtin_inff();
        for (int l = 0; l < 8; l++) if (lanes[l] > m) m = lanes[l];
        for (long j = 8 * blocks; j < n; j++) if (x[j] > m) m = x[j];
        if (!__builtin_isfinite(m)) m = 0;
        __m256 s = _mm256_set1_ps(m), sum = _mm256_setzero_ps();
        for (long b = 0; b < blocks; b++) {
            __m256 v = exp8(_mm256_sub_ps(_mm256_loadu_ps(x + 8 * b), s));
            _mm256_storeu_ps(z + 8 * b, v);
            sum = _mm256_add_ps(sum, v);
        }
        if (8 * blocks < n) {
            float tail[8];
            for (int l = 0; l < 8; l++) tail[l] = -__builtin_inff();
            for (long j = 8 * blocks; j < n; j++) tail[j - 8 * blocks] = x[j] - m;
            __m256 v = exp8(_mm256_loadu_ps(tail));
            _mm256_storeu_ps(tail, v);
            for (long j = 8 * blocks; j < n; j++) z[j] = tail[j - 8 * blocks];
            sum = _mm256_add_ps(sum, v);
        }
        _mm256_storeu_ps(lanes, sum);
        float total = 0;
        for (int l = 0; l < 8; l++) total += lanes[l];
        const float inv = 1 / total;
        for (long j = 0; j < n; j++) z[j] *= inv;
    }
}

#else
void mi_softmax_rows_avx2(const float *in, float *out, long rows, long n) {
    (void)in; (void)out; (void)rows; (void)n;
}
void mi_vector_exp_shifted_avx2(const float *in, float *out, long blocks, float shift, float lanes[8]) {
    (void)in; (void)out; (void)blocks; (void)shift; (void)lanes;
}
#endif
