/* f32-conv3x3-winograd4x4-wasmsimd.c: 3x3 "same" convolution by Winograd F(4x4, 3x3), forward,
 * WebAssembly SIMD128: the transform matrices; the blocking, layouts and GEMMs are the
 * driver's (f32-conv3x3-winograd-wasmsimd.c).
 *
 * 4x4 outputs per 6x6 input patch, 36 GEMMs, 4 times fewer multiplications than the direct
 * form (F(2x2) saves 2.25). The price is precision: the interpolation points 0, +-1, +-2 and
 * infinity (Lavin & Gray 2016, section 4.2) give B^T entries up to 5 and A^T entries up to 8,
 * so rounding errors grow; U is computed in double and rounded once. Measured against the
 * double-precision reference (test_kernels winograd4x4): see the tolerance there. Packed
 * weights: U [36][co_block][ci][8], 4 times the HWIO kernel (F(2x2): 16/9).
 * Layers with more than 256 output channels (VGG16's blocks 4 and 5: 512 channels at 18x18
 * and 9x9 for a 150x150 input) run F(2x2) instead: there F(4x4)'s 4-pixel tiles waste up
 * to 78 % of their area (9x9 -> 12x12), its weights are read from memory for only a few
 * tiles each (36 x 512 x 512 floats = 38 MB per layer, against F(2x2)'s 17 MB), it measured
 * no faster, and the packed weights of those layers take 92 MB instead of 208 MB, which
 * the page's memory needs more. */
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

/* F(4x4) up to 256 output channels, F(2x2) above: see the opening comment. */
static const pc_wasm_winograd F4 = {4, 6, G, input_tf, output_tf, 256, &pc_wasm_winograd_f2x2};

PC_WASM_WINOGRAD_ENTRY_POINTS(winograd4x4, F4)
