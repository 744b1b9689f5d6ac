/* f32-conv3x3-winograd4x4-wasmsimd.c: 3x3 "same" convolution by Winograd F(4x4, 3x3), forward,
 * WebAssembly SIMD128: the transform matrices; the blocking, layouts and GEMMs are the
 * driver's (f32-conv3x3-winograd-wasmsimd.c).
 *
 * 4x4 outputs per 6x6 input patch, 36 GEMMs, 4 times fewer multiplications than the direct
 * form (F(2x2) saves 2.25). The price is precision: the interpolation points 0, +-1, +-2 and
 * infinity (Lavin & Gray 2016, section 4.2) give B^T entries up to 5 and A^T entries up to 8,
 * so rounding errors grow; U is computed in double and rounded once. Measured against the
 * double-precision reference (test_kernels winograd4x4): see the tolerance there. Packed
 * weights: U [36][co_block][ci][8], 4 times the HWIO kernel (F(2x2): 16/9). */
#include "winograd-wasmsimd.h"

static const float BT[6 * 6] = {
    4, 0, -5, 0, 1, 0,
    0, -4, -4, 1, 1, 0,
    0, 4, -4, -1, 1, 0,
    0, -2, -1, 2, 1, 0,
    0, 2, -1, -2, 1, 0,
    0, 4, 0, -5, 0, 1,
};
static const double G[6 * 3] = {
    1.0 / 4, 0, 0,
    -1.0 / 6, -1.0 / 6, -1.0 / 6,
    -1.0 / 6, 1.0 / 6, -1.0 / 6,
    1.0 / 24, 1.0 / 12, 1.0 / 6,
    1.0 / 24, -1.0 / 12, 1.0 / 6,
    0, 0, 1,
};
static const float AT[4 * 6] = {
    1, 1, 1, 1, 1, 0,
    0, 1, -1, 2, -2, 0,
    0, 1, 1, 4, 4, 0,
    0, 1, -1, 8, -8, 1,
};

static void input_tf(const v128_t *d, v128_t *v)
{
    pc_wasm_tf_2d(BT, 6, 6, d, v);
}

static void output_tf(const v128_t *mm, v128_t *y)
{
    pc_wasm_tf_2d(AT, 4, 6, mm, y);
}

static const pc_wasm_winograd F4 = {4, 6, G, input_tf, output_tf};

size_t pc_f32_conv3x3_packed_size_winograd4x4__wasmsimd(size_t ci, size_t co)
{
    return pc_wasm_winograd_packed_size(&F4, ci, co);
}

void pc_f32_conv3x3_pack_winograd4x4__wasmsimd(const float *w, size_t ci, size_t co, float *packed)
{
    pc_wasm_winograd_pack(&F4, w, ci, co, packed);
}

size_t pc_f32_conv3x3_workspace_winograd4x4__wasmsimd(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                      size_t co)
{
    return pc_wasm_winograd_workspace(&F4, k, n, h, w, ci, co);
}

void pc_f32_conv3x3_forward_winograd4x4__wasmsimd(const pc_kernels *k, const float *in, const float *packed,
                                                  const float *bias, size_t n, size_t h, size_t w, size_t ci,
                                                  size_t co, int relu, void *ws, float *out)
{
    pc_wasm_winograd_forward(&F4, k, in, packed, bias, n, h, w, ci, co, relu, ws, out);
}
