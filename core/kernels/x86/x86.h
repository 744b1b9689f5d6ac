/* x86.h: the project's own x86-64 kernels (AVX2 + FMA, and one AVX-512 micro-kernel),
 * native builds only.
 *
 * Files in this folder are compiled with -mavx2 -mfma (the *-avx512.c ones with -mavx512f)
 * and must only be called after pc_x86_has_avx2_fma() (pc_x86_has_avx512f()) said yes:
 * kernels.c asks once and records the answer in the table (pc_kernels.x86_avx512). */
#ifndef PC_KERNELS_X86_H
#define PC_KERNELS_X86_H

#include <stddef.h>

#include "../kernels.h"

#include <stdint.h>

/* Small size helpers the x86 kernel files share. */
static inline size_t pc_x86_round_up(size_t x, size_t m)
{
    return (x + m - 1) / m * m;
}

static inline size_t pc_x86_min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* The first 64-byte boundary at or after p (buffers are allocated with 63 bytes of slack). */
static inline float *pc_x86_align64(void *p)
{
    return (float *)(((uintptr_t)p + 63) & ~(uintptr_t)63);
}

/* 1 when the CPU (and OS) support AVX2 and FMA. Compiled without -mavx2. */
int pc_x86_has_avx2_fma(void);
/* 1 when the CPU (and OS) also support AVX-512F (the zmm micro-kernel below). */
int pc_x86_has_avx512f(void);

/* The register-blocked micro-kernel: a 6 x 16 tile of C from ks "taps" of kc steps each.
 *
 *     C[i][j] = init[i][j] + sum_{s < ks} sum_{k < kc} A_s(i, k) * b[(s * kc + k) * 16 + j]
 *     A_s(i, k) = a[s * 6 + i][a_off + k * a_stride]
 *
 * a holds 6 row pointers per tap (an indirection buffer, as XNNPACK's igemm): rows of a
 * convolution's input pixels (a_stride 1), or one packed panel [k][6] (a + i, a_stride 6).
 * b is a packed panel, 16 floats per k step, 32-byte aligned. init is C itself when
 * accumulate, else bias[j] (bias NULL: zero). relu clamps the result at 0. Only the first
 * mr rows and nr columns of C are written (C rows i >= mr may not exist); all 6 row
 * pointers must be readable (callers repeat a valid row). ks >= 1. */
void pc_f32_gemm_6x16__avx2(size_t ks, size_t kc, const float *const *a, size_t a_off, size_t a_stride, const float *b,
                            const float *bias, size_t mr, size_t nr, int accumulate, int relu, float *c, size_t ldc);

/* The same tile with A packed as one panel: 6 floats per k step (row i of step k at
 * packed_a[6 k + i]), as BLIS packs A. */
void pc_f32_gemm_6x16p__avx2(size_t kc, const float *packed_a, const float *b, const float *bias, size_t mr, size_t nr,
                             int accumulate, int relu, float *c, size_t ldc);

/* The AVX-512 tile (f32-gemm-12x16-avx512.c, compiled with -mavx512f; call it only when
 * pc_x86_has_avx512f() said yes): 12 rows from two packed A panels of 6 ([k][6] each, pa1
 * unread when mr <= 6) times one packed 16-float B panel, into C (mr <= 12 rows, nr <= 16
 * columns written). Starts from zero, or from C when accumulate; no bias, no ReLU. Each
 * output is bitwise what pc_f32_gemm_6x16p__avx2 computes for the same rows. */
void pc_f32_gemm_12x16p__avx512(size_t kc, const float *pa0, const float *pa1, const float *b, size_t mr, size_t nr,
                                int accumulate, float *c, size_t ldc);

/* 3x3 convolution on the micro-kernel (see f32-conv3x3-direct-avx2.c for the blocking). */
size_t pc_f32_conv3x3_packed_size_direct__avx2(size_t ci, size_t co);
void pc_f32_conv3x3_pack_direct__avx2(const float *w, size_t ci, size_t co, float *packed);
size_t pc_f32_conv3x3_workspace_direct__avx2(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci, size_t co);
void pc_f32_conv3x3_forward_direct__avx2(const pc_kernels *k, const float *in, const float *packed, const float *bias,
                                         size_t n, size_t h, size_t w, size_t ci, size_t co, int relu, void *ws,
                                         float *out);
size_t pc_f32_conv3x3_filter_workspace_direct__avx2(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                    size_t co);
void pc_f32_conv3x3_backward_filter_direct__avx2(const pc_kernels *k, const float *in, const float *dout, size_t n,
                                                 size_t h, size_t w, size_t ci, size_t co, void *ws, float *dw);

/* 3x3 convolution by Winograd F(2x2, 3x3) (f32-conv3x3-winograd2x2-avx2.c); layers with fewer
 * than 8 input channels fall through to the direct kernels above. */
size_t pc_f32_conv3x3_packed_size_winograd2x2__avx2(size_t ci, size_t co);
void pc_f32_conv3x3_pack_winograd2x2__avx2(const float *w, size_t ci, size_t co, float *packed);
size_t pc_f32_conv3x3_workspace_winograd2x2__avx2(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                  size_t co);
void pc_f32_conv3x3_forward_winograd2x2__avx2(const pc_kernels *k, const float *in, const float *packed,
                                              const float *bias, size_t n, size_t h, size_t w, size_t ci, size_t co,
                                              int relu, void *ws, float *out);
size_t pc_f32_conv3x3_filter_workspace_winograd2x2__avx2(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                         size_t co);
void pc_f32_conv3x3_backward_filter_winograd2x2__avx2(const pc_kernels *k, const float *in, const float *dout, size_t n,
                                                      size_t h, size_t w, size_t ci, size_t co, void *ws, float *dw);

#endif
