/* cpu-x86.c: run-time CPU feature detection for the x86 kernels (compiled without
 * -mavx2 so that it runs on any x86-64). GCC's __builtin_cpu_supports checks CPUID and
 * that the OS saves the ymm registers (XGETBV). */
#include "x86.h"

int pc_x86_has_avx2_fma(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

int pc_x86_has_avx512f(void)
{
    __builtin_cpu_init();
    return pc_x86_has_avx2_fma() && __builtin_cpu_supports("avx512f");
}
