/* f32-gemm-6x16-avx2.c: the AVX2 + FMA micro-kernel every own x86 GEMM and convolution
 * runs on (XNNPACK's f32-igemm 6x16 idea, written once by hand).
 *
 * Tile: 6 rows x 16 columns of C in 12 ymm accumulators; per k step two aligned loads
 * of the packed B panel (16 floats), six broadcasts of A and twelve FMAs, which leaves
 * one register for the broadcast (15 of 16 ymm in use, no spills: checked with objdump).
 * Packed B: 16 floats per k step, zero-padded beyond the last column; it may be read
 * whole even when nr < 16. A is read through row pointers (see x86.h), or from one packed
 * panel of 6 floats per k step (the "p" variant); rows >= mr are computed and thrown
 * away, so they must point at readable memory.
 * Edge tiles (mr < 6 or nr < 16) go through a 6x16 buffer on the stack. */
#include <immintrin.h>
#include <string.h>

#include "x86.h"

#define PC_FMA_ROW(r)                                                                                          \
    do {                                                                                                       \
        __m256 x_ = _mm256_broadcast_ss(a##r);                                                                 \
        c##r##0 = _mm256_fmadd_ps(x_, b0, c##r##0);                                                            \
        c##r##1 = _mm256_fmadd_ps(x_, b1, c##r##1);                                                            \
    } while (0)

/* One body, two A layouts: rows through pointers (packed_a NULL) or one packed panel [k][6]. */
static inline __attribute__((always_inline)) void gemm_6x16(size_t ks, size_t kc, const float *const *a,
                                                             size_t a_off, size_t a_stride, const float *packed_a,
                                                             const float *b, float *c, size_t ldc, size_t mr,
                                                             size_t nr, const float *bias, int accumulate, int relu)
{
    float tile[6 * 16];
    float bias_pad[16];
    float *cc = c;
    size_t ldcc = ldc;
    const int partial = mr < 6 || nr < 16;
    if (partial) {
        cc = tile;
        ldcc = 16;
        if (accumulate) {
            memset(tile, 0, sizeof tile);
            for (size_t i = 0; i < mr; i++) memcpy(tile + i * 16, c + i * ldc, nr * sizeof(float));
        }
        if (bias && nr < 16) {
            memset(bias_pad, 0, sizeof bias_pad);
            memcpy(bias_pad, bias, nr * sizeof(float));
            bias = bias_pad;
        }
    }

    __m256 c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    if (accumulate) {
        c00 = _mm256_loadu_ps(cc + 0 * ldcc), c01 = _mm256_loadu_ps(cc + 0 * ldcc + 8);
        c10 = _mm256_loadu_ps(cc + 1 * ldcc), c11 = _mm256_loadu_ps(cc + 1 * ldcc + 8);
        c20 = _mm256_loadu_ps(cc + 2 * ldcc), c21 = _mm256_loadu_ps(cc + 2 * ldcc + 8);
        c30 = _mm256_loadu_ps(cc + 3 * ldcc), c31 = _mm256_loadu_ps(cc + 3 * ldcc + 8);
        c40 = _mm256_loadu_ps(cc + 4 * ldcc), c41 = _mm256_loadu_ps(cc + 4 * ldcc + 8);
        c50 = _mm256_loadu_ps(cc + 5 * ldcc), c51 = _mm256_loadu_ps(cc + 5 * ldcc + 8);
    } else {
        __m256 v0 = bias ? _mm256_loadu_ps(bias) : _mm256_setzero_ps();
        __m256 v1 = bias ? _mm256_loadu_ps(bias + 8) : _mm256_setzero_ps();
        c00 = c10 = c20 = c30 = c40 = c50 = v0;
        c01 = c11 = c21 = c31 = c41 = c51 = v1;
    }

    if (packed_a) {
        /* one pointer, six consecutive floats per k step: a single stream for the prefetcher */
        const float *pa = packed_a;
        for (size_t k = 0; k < kc; k++, pa += 6) {
            const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
            b += 16;
            const float *a0 = pa, *a1 = pa + 1, *a2 = pa + 2, *a3 = pa + 3, *a4 = pa + 4, *a5 = pa + 5;
            PC_FMA_ROW(0);
            PC_FMA_ROW(1);
            PC_FMA_ROW(2);
            PC_FMA_ROW(3);
            PC_FMA_ROW(4);
            PC_FMA_ROW(5);
        }
    } else {
        for (size_t s = 0; s < ks; s++, a += 6) {
            const float *a0 = a[0] + a_off, *a1 = a[1] + a_off, *a2 = a[2] + a_off;
            const float *a3 = a[3] + a_off, *a4 = a[4] + a_off, *a5 = a[5] + a_off;
            if (a_stride == 1) {
                for (size_t k = 0; k < kc; k++) {
                    const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
                    b += 16;
                    PC_FMA_ROW(0);
                    PC_FMA_ROW(1);
                    PC_FMA_ROW(2);
                    PC_FMA_ROW(3);
                    PC_FMA_ROW(4);
                    PC_FMA_ROW(5);
                    a0++, a1++, a2++, a3++, a4++, a5++;
                }
            } else {
                for (size_t k = 0; k < kc; k++) {
                    const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
                    b += 16;
                    PC_FMA_ROW(0);
                    PC_FMA_ROW(1);
                    PC_FMA_ROW(2);
                    PC_FMA_ROW(3);
                    PC_FMA_ROW(4);
                    PC_FMA_ROW(5);
                    a0 += a_stride, a1 += a_stride, a2 += a_stride, a3 += a_stride, a4 += a_stride,
                        a5 += a_stride;
                }
            }
        }
    }

    if (relu) {
        const __m256 z = _mm256_setzero_ps();
        c00 = _mm256_max_ps(c00, z), c01 = _mm256_max_ps(c01, z), c10 = _mm256_max_ps(c10, z);
        c11 = _mm256_max_ps(c11, z), c20 = _mm256_max_ps(c20, z), c21 = _mm256_max_ps(c21, z);
        c30 = _mm256_max_ps(c30, z), c31 = _mm256_max_ps(c31, z), c40 = _mm256_max_ps(c40, z);
        c41 = _mm256_max_ps(c41, z), c50 = _mm256_max_ps(c50, z), c51 = _mm256_max_ps(c51, z);
    }
    _mm256_storeu_ps(cc + 0 * ldcc, c00), _mm256_storeu_ps(cc + 0 * ldcc + 8, c01);
    _mm256_storeu_ps(cc + 1 * ldcc, c10), _mm256_storeu_ps(cc + 1 * ldcc + 8, c11);
    _mm256_storeu_ps(cc + 2 * ldcc, c20), _mm256_storeu_ps(cc + 2 * ldcc + 8, c21);
    _mm256_storeu_ps(cc + 3 * ldcc, c30), _mm256_storeu_ps(cc + 3 * ldcc + 8, c31);
    _mm256_storeu_ps(cc + 4 * ldcc, c40), _mm256_storeu_ps(cc + 4 * ldcc + 8, c41);
    _mm256_storeu_ps(cc + 5 * ldcc, c50), _mm256_storeu_ps(cc + 5 * ldcc + 8, c51);
    if (partial)
        for (size_t i = 0; i < mr; i++) memcpy(c + i * ldc, tile + i * 16, nr * sizeof(float));
}

void pc_f32_gemm_6x16__avx2(size_t ks, size_t kc, const float *const *a, size_t a_off, size_t a_stride, const float *b,
                            const float *bias, size_t mr, size_t nr, int accumulate, int relu, float *c, size_t ldc)
{
    gemm_6x16(ks, kc, a, a_off, a_stride, NULL, b, c, ldc, mr, nr, bias, accumulate, relu);
}

void pc_f32_gemm_6x16p__avx2(size_t kc, const float *packed_a, const float *b, const float *bias, size_t mr, size_t nr,
                             int accumulate, int relu, float *c, size_t ldc)
{
    gemm_6x16(1, kc, NULL, 0, 1, packed_a, b, c, ldc, mr, nr, bias, accumulate, relu);
}
