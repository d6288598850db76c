// What this processor (and its operating system) can run: for MITensor's AVX2 and AVX-512 kernels
// (VectorExp.swift, Variable+Fused.swift) and its choice of OpenBLAS kernels (BLASLibrary.swift).
#ifndef MI_CPU_FEATURES_H
#define MI_CPU_FEATURES_H

/// 1 when AVX2 runs here, else 0.
int mi_cpu_has_avx2(void);

/// 1 when FMA runs here, else 0.
int mi_cpu_has_fma(void);

/// 1 when AVX-512 F, CD, BW, DQ and VL all run here (what OpenBLAS's SkylakeX kernels use), else 0.
int mi_cpu_has_avx512(void);

#endif
