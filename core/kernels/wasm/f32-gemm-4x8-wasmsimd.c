/* f32-gemm-4x8-wasmsimd.c: the WebAssembly SIMD128 micro-kernel every own wasm GEMM and
 * convolution runs on, and the dispatch table's GEMM built on it.
 *
 * Computes a 4 x 8 tile of C (wasm.h has the formula): 8 f32x4 accumulators; per k step two
 * loads of the packed B panel (8 floats), four load-and-splat of A (v128.load32_splat, which
 * V8 emits as one vbroadcastss from memory on x86: a load, no shuffle), eight multiplies and
 * eight adds. 8 + 2 + 1 + 1 = 12 of the 15 xmm registers V8 allocates on x86-64, so nothing
 * spills; a 6 x 8 tile needs 16 (XNNPACK's wasmsimd 4x8 "loadsplat" gemm makes the same
 * choice for x86, src/f32-gemm/gen/f32-gemm-4x8-minmax-wasmsimd-x86-loadsplat.c). There is
 * no fused multiply-add in plain SIMD128 (relaxed SIMD is off in Node 20).
 * Packed B: 8 floats per k step, zero-padded past the last column; read whole even when
 * nr < 8. A is read through row pointers (any stride) or from one packed panel of 4 floats
 * per k step; rows >= mr are computed and thrown away, so they must point at readable
 * memory. Edge tiles (mr < 4 or nr < 8) go through a 4 x 8 buffer on the stack.
 * Over-reads: none beyond what the caller passes (B panels are whole by contract).
 *
 * The table's GEMM (pc_f32_gemm_4x8_table__wasmsimd, dense layers, < 0.1 % of a VGG's work):
 * op(B) is packed into 8-column panels of up to 256 k steps on the stack (this also takes
 * care of trans_b), A is read in place through row pointers (stride lda when transposed). */
#include <assert.h>
#include <string.h>
#include <wasm_simd128.h>

#include "wasm.h"

enum { MR = 4, NR = 8, KC = 256 };

#define PC_MAC_ROW(r, av)                                                                                      \
    do {                                                                                                       \
        const v128_t x_ = (av);                                                                                \
        c##r##0 = wasm_f32x4_add(c##r##0, wasm_f32x4_mul(x_, b0));                                             \
        c##r##1 = wasm_f32x4_add(c##r##1, wasm_f32x4_mul(x_, b1));                                             \
    } while (0)

/* One body for both A layouts: rows through pointers (packed_a NULL) or one packed panel. */
static inline __attribute__((always_inline)) void gemm_4x8(size_t ks, size_t kc, const float *const *a, size_t a_off,
                                                            size_t a_stride, const float *packed_a, const float *b,
                                                            const float *bias, size_t mr, size_t nr, int accumulate,
                                                            int relu, float *c, size_t ldc)
{
    float tile[MR * NR], bias_pad[NR];
    float *cc = c;
    size_t ldcc = ldc;
    const int partial = mr < MR || nr < NR;
    if (partial) {
        cc = tile, ldcc = NR;
        memset(tile, 0, sizeof tile);
        if (accumulate)
            for (size_t i = 0; i < mr; i++) memcpy(tile + i * NR, c + i * ldc, nr * sizeof(float));
        if (bias) {
            memset(bias_pad, 0, sizeof bias_pad);
            memcpy(bias_pad, bias, nr * sizeof(float));
            bias = bias_pad;
        }
    }
    v128_t c00, c01, c10, c11, c20, c21, c30, c31;
    if (accumulate) {
        c00 = wasm_v128_load(cc), c01 = wasm_v128_load(cc + 4);
        c10 = wasm_v128_load(cc + ldcc), c11 = wasm_v128_load(cc + ldcc + 4);
        c20 = wasm_v128_load(cc + 2 * ldcc), c21 = wasm_v128_load(cc + 2 * ldcc + 4);
        c30 = wasm_v128_load(cc + 3 * ldcc), c31 = wasm_v128_load(cc + 3 * ldcc + 4);
    } else {
        const v128_t v0 = bias ? wasm_v128_load(bias) : wasm_f32x4_splat(0.0f);
        const v128_t v1 = bias ? wasm_v128_load(bias + 4) : wasm_f32x4_splat(0.0f);
        c00 = c10 = c20 = c30 = v0;
        c01 = c11 = c21 = c31 = v1;
    }

    if (packed_a) {
        /* one stream of 4 floats per k step */
        const float *pa = packed_a;
        for (size_t k = 0; k < kc; k++, pa += MR, b += NR) {
            const v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
            PC_MAC_ROW(0, wasm_v128_load32_splat(pa));
            PC_MAC_ROW(1, wasm_v128_load32_splat(pa + 1));
            PC_MAC_ROW(2, wasm_v128_load32_splat(pa + 2));
            PC_MAC_ROW(3, wasm_v128_load32_splat(pa + 3));
        }
    } else {
        for (size_t s = 0; s < ks; s++, a += MR) {
            const float *a0 = a[0] + a_off, *a1 = a[1] + a_off, *a2 = a[2] + a_off, *a3 = a[3] + a_off;
            /* the contiguous case on its own: V8 keeps one increment per pointer */
            const size_t step = a_stride;
            for (size_t k = 0; k < kc; k++, b += NR, a0 += step, a1 += step, a2 += step, a3 += step) {
                const v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
                PC_MAC_ROW(0, wasm_v128_load32_splat(a0));
                PC_MAC_ROW(1, wasm_v128_load32_splat(a1));
                PC_MAC_ROW(2, wasm_v128_load32_splat(a2));
                PC_MAC_ROW(3, wasm_v128_load32_splat(a3));
            }
        }
    }

    if (relu) {
        const v128_t z = wasm_f32x4_splat(0.0f);
        c00 = wasm_f32x4_pmax(c00, z), c01 = wasm_f32x4_pmax(c01, z), c10 = wasm_f32x4_pmax(c10, z);
        c11 = wasm_f32x4_pmax(c11, z), c20 = wasm_f32x4_pmax(c20, z), c21 = wasm_f32x4_pmax(c21, z);
        c30 = wasm_f32x4_pmax(c30, z), c31 = wasm_f32x4_pmax(c31, z);
    }
    wasm_v128_store(cc, c00), wasm_v128_store(cc + 4, c01);
    wasm_v128_store(cc + ldcc, c10), wasm_v128_store(cc + ldcc + 4, c11);
    wasm_v128_store(cc + 2 * ldcc, c20), wasm_v128_store(cc + 2 * ldcc + 4, c21);
    wasm_v128_store(cc + 3 * ldcc, c30), wasm_v128_store(cc + 3 * ldcc + 4, c31);
    if (partial)
        for (size_t i = 0; i < mr; i++) memcpy(c + i * ldc, tile + i * NR, nr * sizeof(float));
}

void pc_f32_gemm_4x8__wasmsimd(size_t ks, size_t kc, const float *const *a, size_t a_off, size_t a_stride,
                               const float *b, const float *bias, size_t mr, size_t nr, int accumulate, int relu,
                               float *c, size_t ldc)
{
    gemm_4x8(ks, kc, a, a_off, a_stride, NULL, b, bias, mr, nr, accumulate, relu, c, ldc);
}

void pc_f32_gemm_4x8p__wasmsimd(size_t kc, const float *packed_a, const float *b, int accumulate, float *c, size_t ldc)
{
    gemm_4x8(1, kc, NULL, 0, 1, packed_a, b, NULL, MR, NR, accumulate, 0, c, ldc);
}

void pc_f32_gemm_4x8_table__wasmsimd(const pc_kernels *k, int trans_a, int trans_b, size_t m, size_t n, size_t kk,
                                     const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c,
                                     size_t ldc)
{
    (void)k;
    assert(beta == 0.0f || beta == 1.0f);
    if (m == 0 || n == 0) return;
    if (kk == 0) {   /* C = beta * C: nothing to add */
        if (beta == 0.0f)
            for (size_t i = 0; i < m; i++) memset(c + i * ldc, 0, n * sizeof(float));
        return;
    }
    float panel[KC * NR];
    const float *rows[MR];
    const size_t a_stride = trans_a ? lda : 1;
    for (size_t k0 = 0; k0 < kk; k0 += KC) {
        const size_t kc = pc_kernel_min(KC, kk - k0);
        const int accumulate = k0 > 0 || beta != 0.0f;
        for (size_t j0 = 0; j0 < n; j0 += NR) {
            const size_t nr = pc_kernel_min(NR, n - j0);
            for (size_t p = 0; p < kc; p++)
                for (size_t j = 0; j < NR; j++)
                    panel[p * NR + j] = j < nr ? (trans_b ? b[(j0 + j) * ldb + k0 + p] : b[(k0 + p) * ldb + j0 + j])
                                               : 0.0f;
            for (size_t i0 = 0; i0 < m; i0 += MR) {
                const size_t mr = pc_kernel_min(MR, m - i0);
                for (size_t i = 0; i < MR; i++) {   /* rows past m repeat the first (computed, dropped) */
                    const size_t row = i < mr ? i0 + i : i0;
                    rows[i] = trans_a ? a + k0 * lda + row : a + row * lda + k0;
                }
                pc_f32_gemm_4x8__wasmsimd(1, kc, rows, 0, a_stride, panel, NULL, mr, nr, accumulate, 0,
                                          c + i0 * ldc + j0, ldc);
            }
        }
    }
}
