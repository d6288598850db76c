// What this processor (and its operating system) can run, for MITensor's choice of OpenBLAS
// kernels (BLASLibrary.swift).
#ifndef MI_CPU_FEATURES_H
#define MI_CPU_FEATURES_H

/// 1 when AVX-512 F, CD, BW, DQ and VL all run here (what OpenBLAS's SkylakeX kernels use), else 0.
int mi_cpu_has_avx512(void);

/// 1 when AVX2 and FMA run here (OpenBLAS's Haswell kernels), else 0.
int mi_cpu_has_avx2_fma(void);

#endif
