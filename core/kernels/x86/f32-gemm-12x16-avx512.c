/* f32-gemm-12x16-avx512.c: the AVX-512 micro-kernel the Winograd GEMMs run on when the CPU
 * has AVX-512F (chosen at run time, kernels.c; compiled with -mavx512f -mfma).
 *
 * Why a second micro-kernel: on a core with full-width 512-bit FMA units (AMD Zen 5, the
 * project machine; Intel server cores) one zmm FMA does the work of two ymm FMAs in the same
 * cycle, so the FP32 peak doubles (measured on the project machine, one thread, CPU time:
 * 266 GFLOP/s with zmm against 133 with ymm). The AVX2 6x16 tile (x86/f32-gemm-6x16-avx2.c)
 * is already at its ymm peak, so only wider registers make the Winograd GEMMs faster.
 *
 * Tile: 12 rows x 16 columns of C in 12 zmm accumulators (enough independent FMAs to cover
 * the FMA latency on two pipes); per k step one load of the packed B panel (16
 * floats, 64-byte aligned by the packing but loaded unaligned so nothing depends on it), twelve
 * broadcasts of A and twelve FMAs. A comes as two packed panels of 6 rows
 * ([k][6] each, the layout the AVX2 kernel reads), B as the same 16-float panel, so the
 * Winograd code packs nothing differently for this kernel.
 *
 * Same arithmetic as the AVX2 kernel: C[i][j] starts from 0 (or from C when accumulate) and
 * gets one fused multiply-add per k step, in k order. So every output is bitwise the
 * result of the AVX2 kernel (test_kernels checks it), and a model trains to the same bytes
 * on an AVX2-only CPU as here.
 * Edges: rows >= mr are computed and not stored; columns >= nr are masked off in the loads
 * and stores (no stack tile). mr <= 6 runs a 6-row body that reads only the first panel. */
#include <immintrin.h>

#include "x86.h"

#define PC_ZMM_ROW(r, pa)                                                                                     \
    c##r = _mm512_fmadd_ps(_mm512_set1_ps((pa)[(r) % 6]), b0, c##r)

/* rows = 12 (two panels) or 6 (the first panel only): a compile-time constant after inlining. */
static inline __attribute__((always_inline)) void gemm_12x16p(const int rows, size_t kc, const float *pa0,
                                                              const float *pa1, const float *b, size_t mr,
                                                              size_t nr, int accumulate, float *c, size_t ldc)
{
    const __mmask16 cols = (__mmask16)(nr >= 16 ? 0xffffu : (1u << nr) - 1u);
    __m512 c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
    c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = c8 = c9 = c10 = c11 = _mm512_setzero_ps();
    if (accumulate) {
        /* rows i >= mr of C may not exist: they start from zero and are never stored */
#define PC_ZMM_LOAD(r) if ((r) < mr) c##r = _mm512_maskz_loadu_ps(cols, c + (r) * ldc)
        PC_ZMM_LOAD(0); PC_ZMM_LOAD(1); PC_ZMM_LOAD(2); PC_ZMM_LOAD(3); PC_ZMM_LOAD(4); PC_ZMM_LOAD(5);
        if (rows == 12) {
            PC_ZMM_LOAD(6); PC_ZMM_LOAD(7); PC_ZMM_LOAD(8); PC_ZMM_LOAD(9); PC_ZMM_LOAD(10); PC_ZMM_LOAD(11);
        }
#undef PC_ZMM_LOAD
    }
    for (size_t k = 0; k < kc; k++, b += 16, pa0 += 6, pa1 += 6) {
        const __m512 b0 = _mm512_loadu_ps(b);   /* B panels are 64-byte aligned in practice; not required */
        PC_ZMM_ROW(0, pa0); PC_ZMM_ROW(1, pa0); PC_ZMM_ROW(2, pa0);
        PC_ZMM_ROW(3, pa0); PC_ZMM_ROW(4, pa0); PC_ZMM_ROW(5, pa0);
        if (rows == 12) {
            PC_ZMM_ROW(6, pa1); PC_ZMM_ROW(7, pa1); PC_ZMM_ROW(8, pa1);
            PC_ZMM_ROW(9, pa1); PC_ZMM_ROW(10, pa1); PC_ZMM_ROW(11, pa1);
        }
    }
#define PC_ZMM_STORE(r) if ((r) < mr) _mm512_mask_storeu_ps(c + (r) * ldc, cols, c##r)
    PC_ZMM_STORE(0); PC_ZMM_STORE(1); PC_ZMM_STORE(2); PC_ZMM_STORE(3); PC_ZMM_STORE(4); PC_ZMM_STORE(5);
    if (rows == 12) {
        PC_ZMM_STORE(6); PC_ZMM_STORE(7); PC_ZMM_STORE(8); PC_ZMM_STORE(9); PC_ZMM_STORE(10); PC_ZMM_STORE(11);
    }
#undef PC_ZMM_STORE
}

void pc_f32_gemm_12x16p__avx512(size_t kc, const float *pa0, const float *pa1, const float *b, size_t mr, size_t nr,
                                int accumulate, float *c, size_t ldc)
{
    if (mr > 6)
        gemm_12x16p(12, kc, pa0, pa1, b, mr, nr, accumulate, c, ldc);
    else
        gemm_12x16p(6, kc, pa0, pa0, b, mr, nr, accumulate, c, ldc);
}
