/* winograd-wasmsimd.h: what the two WebAssembly Winograd convolutions share (internal to
 * kernels/wasm/): the driver in f32-conv3x3-winograd-wasmsimd.c, given one algorithm
 * F(m x m, 3x3) as its transforms, and the helper the algorithm files write their transforms
 * with. */
#ifndef PC_KERNELS_WASM_WINOGRAD_H
#define PC_KERNELS_WASM_WINOGRAD_H

#include <wasm_simd128.h>

#include "wasm.h"

enum { PC_WASM_WINOGRAD_MAX_ALPHA = 6 };

/* One algorithm F(m x m, 3x3): outputs come in m x m tiles, each from an alpha x alpha input
 * patch (alpha = m + 2). The transforms work on 4 channels at a time, one v128 per point,
 * row-major: input_tf d (alpha^2) -> V = B^T d B (alpha^2); output_tf M (alpha^2) -> Y =
 * A^T M A (m^2). g is G (alpha x 3, row-major), applied in double when packing. */
typedef struct pc_wasm_winograd pc_wasm_winograd;
struct pc_wasm_winograd {
    size_t m, alpha;
    const double *g;
    void (*input_tf)(const v128_t *d, v128_t *v);
    void (*output_tf)(const v128_t *mm, v128_t *y);
    /* Layers with more than max_co output channels use the algorithm `wide` instead (NULL:
     * none); the driver's functions all decide by (ci, co) alone, as packing must. */
    size_t max_co;
    const pc_wasm_winograd *wide;
};

/* F(2x2, 3x3) (f32-conv3x3-winograd2x2-wasmsimd.c), also F(4x4)'s algorithm for wide layers. */
extern const pc_wasm_winograd pc_wasm_winograd_f2x2;

size_t pc_wasm_winograd_packed_size(const pc_wasm_winograd *wg, size_t ci, size_t co);
void pc_wasm_winograd_pack(const pc_wasm_winograd *wg, const float *w, size_t ci, size_t co, float *packed);
size_t pc_wasm_winograd_workspace(const pc_wasm_winograd *wg, const pc_kernels *k, size_t n, size_t h, size_t w,
                                  size_t ci, size_t co);
void pc_wasm_winograd_forward(const pc_wasm_winograd *wg, const pc_kernels *k, const float *in, const float *packed,
                              const float *bias, size_t n, size_t h, size_t w, size_t ci, size_t co, int relu,
                              void *ws, float *out);

/* The four entry points of one algorithm (wasm.h declares them), on the driver:
 * pc_f32_conv3x3_{packed_size,pack,workspace,forward}_<name>__wasmsimd for spec. */
#define PC_WASM_WINOGRAD_ENTRY_POINTS(name, spec)                                                             \
    size_t pc_f32_conv3x3_packed_size_##name##__wasmsimd(size_t ci, size_t co)                                \
    {                                                                                                         \
        return pc_wasm_winograd_packed_size(&(spec), ci, co);                                                 \
    }                                                                                                         \
    void pc_f32_conv3x3_pack_##name##__wasmsimd(const float *w, size_t ci, size_t co, float *packed)          \
    {                                                                                                         \
        pc_wasm_winograd_pack(&(spec), w, ci, co, packed);                                                    \
    }                                                                                                         \
    size_t pc_f32_conv3x3_workspace_##name##__wasmsimd(const pc_kernels *k, size_t n, size_t h, size_t w,     \
                                                       size_t ci, size_t co)                                  \
    {                                                                                                         \
        return pc_wasm_winograd_workspace(&(spec), k, n, h, w, ci, co);                                       \
    }                                                                                                         \
    void pc_f32_conv3x3_forward_##name##__wasmsimd(const pc_kernels *k, const float *in, const float *packed, \
                                                   const float *bias, size_t n, size_t h, size_t w,           \
                                                   size_t ci, size_t co, int relu, void *ws, float *out)      \
    {                                                                                                         \
        pc_wasm_winograd_forward(&(spec), k, in, packed, bias, n, h, w, ci, co, relu, ws, out);               \
    }

/* out[r * os] = sum_c mat[r * cols + c] * in[c * is] for r < rows. Written for a mat that is a
 * compile-time constant at the call (a static const table): once inlined and unrolled, the
 * zero coefficients vanish and +-1 become plain adds and subtracts, so one loop serves every
 * transform matrix (Lavin & Gray's tables) without a hand-expanded copy per algorithm. */
static inline __attribute__((always_inline)) void pc_wasm_tf_apply(const float *mat, int rows, int cols,
                                                                    const v128_t *in, int is, v128_t *out, int os)
{
#pragma clang loop unroll(full)
    for (int r = 0; r < rows; r++) {
        v128_t acc = wasm_f32x4_splat(0.0f);
        int any = 0;
#pragma clang loop unroll(full)
        for (int c = 0; c < cols; c++) {
            const float q = mat[r * cols + c];
            const v128_t x = in[c * is];
            if (q == 0.0f) continue;
            if (q == 1.0f)
                acc = any ? wasm_f32x4_add(acc, x) : x;
            else if (q == -1.0f)
                acc = any ? wasm_f32x4_sub(acc, x) : wasm_f32x4_neg(x);
            else
                acc = any ? wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_f32x4_splat(q), x))
                          : wasm_f32x4_mul(wasm_f32x4_splat(q), x);
            any = 1;
        }
        out[r * os] = acc;
    }
}

/* The two passes of a separable transform: t = T x (on each column), y = t T^T (on each
 * row), for x (cols x cols) and T (rows x cols), y (rows x rows). */
static inline __attribute__((always_inline)) void pc_wasm_tf_2d(const float *mat, int rows, int cols, const v128_t *x,
                                                                 v128_t *y)
{
    v128_t t[PC_WASM_WINOGRAD_MAX_ALPHA * PC_WASM_WINOGRAD_MAX_ALPHA];
#pragma clang loop unroll(full)
    for (int j = 0; j < cols; j++) pc_wasm_tf_apply(mat, rows, cols, x + j, cols, t + j, cols);
#pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++) pc_wasm_tf_apply(mat, rows, cols, t + i * cols, 1, y + i * rows, 1);
}

#endif
