// See include/vector_exp.h. Constants and steps mirror Sources/MITensor/VectorExp.swift line by line,
// and the row loops those of Tensor.softmaxLastAxis and normalizedRows (Variable+Fused.swift).
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

__attribute__((target("avx512f"))) static inline __m512 exp16(__m512 x) {
    /* exp8's operations on sixteen lanes (comparisons to masks, blends by mask): the same bits. */
    const __m512 low = _mm512_set1_ps(-87.33654f), high = _mm512_set1_ps(88.37626f);
    const __m512 shiftConstant = _mm512_set1_ps(12582912.0f);
    const __mmask16 below = _mm512_cmp_ps_mask(x, low, _CMP_LT_OQ), above = _mm512_cmp_ps_mask(x, high, _CMP_GT_OQ);
    __m512 clamped = _mm512_mask_blend_ps(below, x, low);
    clamped = _mm512_mask_blend_ps(above, clamped, high);
    __m512 shifted = _mm512_add_ps(_mm512_mul_ps(clamped, _mm512_set1_ps(1.44269504f)), shiftConstant);
    __m512 n = _mm512_sub_ps(shifted, shiftConstant);
    __m512 r = _mm512_sub_ps(_mm512_sub_ps(clamped, _mm512_mul_ps(n, _mm512_set1_ps(0.693359375f))),
                             _mm512_mul_ps(n, _mm512_set1_ps(-2.1219444e-4f)));
    __m512 p = _mm512_set1_ps(1.98756915e-4f);
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(5.0000001201e-1f));
    __m512 er = _mm512_add_ps(_mm512_add_ps(_mm512_mul_ps(p, _mm512_mul_ps(r, r)), r), _mm512_set1_ps(1.0f));
    __m512i n32 = _mm512_sub_epi32(_mm512_castps_si512(shifted), _mm512_castps_si512(shiftConstant));
    __m512i bits = _mm512_slli_epi32(_mm512_add_epi32(n32, _mm512_set1_epi32(127)), 23);
    __m512 y = _mm512_mul_ps(er, _mm512_castsi512_ps(bits));
    y = _mm512_mask_blend_ps(below, y, _mm512_setzero_ps());
    y = _mm512_mask_blend_ps(above, y, _mm512_set1_ps(__builtin_inff()));
    y = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, x, _CMP_NEQ_UQ), y, _mm512_set1_ps(__builtin_nanf("")));
    return y;
}

/* The lanes of v added in lane order (as Swift's SIMD8 sum()). */
__attribute__((target("avx2"))) static inline float lane_sum(__m256 v) {
    float lanes[8];
    _mm256_storeu_ps(lanes, v);
    float s = 0;
    for (int l = 0; l < 8; l++) s += lanes[l];
    return s;
}

/* A row's largest value, eight lanes at a time (a lane takes v only where v > it: NaN never is), then
   the tail; 0 when it is not finite. */
__attribute__((target("avx2"))) static inline float row_max(const float *x, long n) {
    const long blocks = n / 8;
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
    return __builtin_isfinite(m) ? m : 0;
}

/* The rest of a row's softmax from block `b` on (the blocks before it are in z and in sum): e^(x - m)
   eight lanes at a time, the tail padded by -infinity, the lanes summed in order, the row times 1 / sum. */
__attribute__((target("avx2"))) static inline void finish_row(const float *x, float *z, long n, float m, long b, __m256 sum) {
    const long blocks = n / 8;
    const __m256 s = _mm256_set1_ps(m);
    for (; b < blocks; b++) {
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
    const float inv = 1 / lane_sum(sum);
    for (long j = 0; j < n; j++) z[j] *= inv;
}

__attribute__((target("avx2"))) void mi_softmax_rows_avx2(const float *in, float *out, long rows, long n) {
    for (long row = 0; row < rows; row++) {
        const float *x = in + row * n;
        finish_row(x, out + row * n, n, row_max(x, n), 0, _mm256_setzero_ps());
    }
}

/* The same with e^ sixteen lanes at a time over pairs of blocks; the sum still takes eight lanes at a
   time in block order (each low half, then its high half), so the same bits. */
__attribute__((target("avx512f"))) void mi_softmax_rows_avx512(const float *in, float *out, long rows, long n) {
    const long blocks = n / 8;
    for (long row = 0; row < rows; row++) {
        const float *x = in + row * n;
        float *z = out + row * n;
        const float m = row_max(x, n);
        const __m512 s16 = _mm512_set1_ps(m);
        __m256 sum = _mm256_setzero_ps();
        long b = 0;
        for (; b + 2 <= blocks; b += 2) {
            __m512 v = exp16(_mm512_sub_ps(_mm512_loadu_ps(x + 8 * b), s16));
            _mm512_storeu_ps(z + 8 * b, v);
            sum = _mm256_add_ps(sum, _mm512_castps512_ps256(v));
            sum = _mm256_add_ps(sum, _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
        }
        finish_row(x, z, n, m, b, sum);
    }
}

__attribute__((target("avx2"))) void mi_layer_norm_rows_avx2(const float *in, float *out, float *xhat, float *rstd, const float *gamma,
                                                              const float *beta, long rows, long n, float eps) {
    const long full = n / 8 * 8;
    for (long row = 0; row < rows; row++) {
        const float *x = in + row * n;
        float *z = out + row * n;
        __m256 acc = _mm256_setzero_ps();
        for (long j = 0; j < full; j += 8) acc = _mm256_add_ps(acc, _mm256_loadu_ps(x + j));
        float s = lane_sum(acc);
        for (long j = full; j < n; j++) s += x[j];
        const float mean = s / (float)n;
        const __m256 m8 = _mm256_set1_ps(mean);
        acc = _mm256_setzero_ps();
        for (long j = 0; j < full; j += 8) {
            __m256 d = _mm256_sub_ps(_mm256_loadu_ps(x + j), m8);
            acc = _mm256_add_ps(acc, _mm256_mul_ps(d, d));
        }
        float v = lane_sum(acc);
        for (long j = full; j < n; j++) {
            float d = x[j] - mean;
            v += d * d;
        }
        const float inv = 1 / __builtin_sqrtf(v / (float)n + eps);
        rstd[row] = inv;
        const __m256 i8 = _mm256_set1_ps(inv);
        float *h = xhat ? xhat + row * n : 0;
        long j = 0;
        for (; j < full; j += 8) {
            __m256 y = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + j), m8), i8);
            if (h) _mm256_storeu_ps(h + j, y);
            if (gamma) y = _mm256_add_ps(_mm256_mul_ps(y, _mm256_loadu_ps(gamma + j)), _mm256_loadu_ps(beta + j));
            _mm256_storeu_ps(z + j, y);
        }
        for (; j < n; j++) {
            float y = (x[j] - mean) * inv;
            if (h) h[j] = y;
            z[j] = gamma ? y * gamma[j] + beta[j] : y;
        }
    }
}

#else
void mi_softmax_rows_avx512(const float *in, float *out, long rows, long n) {
    (void)in; (void)out; (void)rows; (void)n;
}
void mi_layer_norm_rows_avx2(const float *in, float *out, float *xhat, float *rstd, const float *gamma, const float *beta,
                             long rows, long n, float eps) {
    (void)in; (void)out; (void)xhat; (void)rstd; (void)gamma; (void)beta; (void)rows; (void)n; (void)eps;
}
void mi_softmax_rows_avx2(const float *in, float *out, long rows, long n) {
    (void)in; (void)out; (void)rows; (void)n;
}
#endif
