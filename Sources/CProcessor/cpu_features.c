// See include/cpu_features.h. __builtin_cpu_supports also checks that the operating system saves
// the wider registers (XGETBV), so a feature it reports can be used.
#include "cpu_features.h"

#if defined(__x86_64__) || defined(__i386__)
int mi_cpu_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
}

int mi_cpu_has_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("fma") != 0;
}

int mi_cpu_has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl");
}
#else
int mi_cpu_has_avx2(void) { return 0; }
int mi_cpu_has_fma(void) { return 0; }
int mi_cpu_has_avx512(void) { return 0; }
#endif
