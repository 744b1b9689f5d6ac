/* wasm.h: the project's own WebAssembly SIMD128 kernels (wasm_simd128.h), WebAssembly builds
 * only.
 *
 * Files in this folder are compiled by emcc with -msimd128 (CMakeLists.txt lists them under
 * EMSCRIPTEN). A module built with them needs an engine with SIMD128: every current browser
 * and Node >= 16. Relaxed SIMD (f32x4 fused multiply-add) is behind a flag in Node 20 (V8
 * 11.3) and not in every browser, so the kernels multiply and add.
 * Kernels only assert their preconditions; unaligned v128 loads cost nothing extra on the
 * engines we target, so no buffer needs more than float alignment. */
#ifndef PC_KERNELS_WASM_H
#define PC_KERNELS_WASM_H

#include <stddef.h>

#include "../kernels.h"

/* The register-blocked micro-kernel: a 4 x 8 tile of C from ks "taps" of kc steps each.
 *
 *     C[i][j] = init[i][j] + sum_{s < ks} sum_{k < kc} A_s(i, k) * b[(s * kc + k) * 8 + j]
 *     A_s(i, k) = a[s * 4 + i][a_off + k * a_stride]
 *
 * a holds 4 row pointers per tap (an indirection buffer, as XNNPACK's igemm). b is a packed
 * panel of 8 floats per k step, zero-padded past the last column, always read whole. init is
 * C itself when accumulate, else bias[j] (bias NULL: zero; at least nr floats). relu clamps
 * the result at 0. Only the first mr rows and nr columns of C are written; all 4 row
 * pointers must be readable (callers repeat a valid row). ks >= 1. */
void pc_f32_gemm_4x8__wasmsimd(size_t ks, size_t kc, const float *const *a, size_t a_off, size_t a_stride,
                               const float *b, const float *bias, size_t mr, size_t nr, int accumulate, int relu,
                               float *c, size_t ldc);
/* The same tile with A packed as one panel: 4 floats per k step (row i of step k at
 * packed_a[4 k + i]), full tiles only (mr = 4, nr = 8), no bias. */
void pc_f32_gemm_4x8p__wasmsimd(size_t kc, const float *packed_a, const float *b, int accumulate, float *c, size_t ldc);

/* The dispatch table's GEMM (kernels.h pc_gemm_fn) on that micro-kernel: B packed per call,
 * in chunks, into a panel on the stack. */
void pc_f32_gemm_4x8_table__wasmsimd(const pc_kernels *k, int trans_a, int trans_b, size_t m, size_t n, size_t kk,
                                     const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c,
                                     size_t ldc);

/* 3x3 convolution, implicit GEMM on the micro-kernel (f32-conv3x3-direct-wasmsimd.c). */
size_t pc_f32_conv3x3_packed_size_direct__wasmsimd(size_t ci, size_t co);
void pc_f32_conv3x3_pack_direct__wasmsimd(const float *w, size_t ci, size_t co, float *packed);
size_t pc_f32_conv3x3_workspace_direct__wasmsimd(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                 size_t co);
void pc_f32_conv3x3_forward_direct__wasmsimd(const pc_kernels *k, const float *in, const float *packed,
                                             const float *bias, size_t n, size_t h, size_t w, size_t ci, size_t co,
                                             int relu, void *ws, float *out);

/* 3x3 convolution by Winograd F(2x2, 3x3) (f32-conv3x3-winograd2x2-wasmsimd.c) and F(4x4, 3x3)
 * (f32-conv3x3-winograd4x4-wasmsimd.c), both on the driver in f32-conv3x3-winograd-wasmsimd.c;
 * layers with fewer than 8 input channels use the direct kernel above. */
size_t pc_f32_conv3x3_packed_size_winograd2x2__wasmsimd(size_t ci, size_t co);
void pc_f32_conv3x3_pack_winograd2x2__wasmsimd(const float *w, size_t ci, size_t co, float *packed);
size_t pc_f32_conv3x3_workspace_winograd2x2__wasmsimd(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                      size_t co);
void pc_f32_conv3x3_forward_winograd2x2__wasmsimd(const pc_kernels *k, const float *in, const float *packed,
                                                  const float *bias, size_t n, size_t h, size_t w, size_t ci,
                                                  size_t co, int relu, void *ws, float *out);
size_t pc_f32_conv3x3_packed_size_winograd4x4__wasmsimd(size_t ci, size_t co);
void pc_f32_conv3x3_pack_winograd4x4__wasmsimd(const float *w, size_t ci, size_t co, float *packed);
size_t pc_f32_conv3x3_workspace_winograd4x4__wasmsimd(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                      size_t co);
void pc_f32_conv3x3_forward_winograd4x4__wasmsimd(const pc_kernels *k, const float *in, const float *packed,
                                                  const float *bias, size_t n, size_t h, size_t w, size_t ci,
                                                  size_t co, int relu, void *ws, float *out);

#endif
