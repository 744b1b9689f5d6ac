/* f32-conv3x3-winograd2x2-wasmsimd.c: 3x3 "same" convolution by Winograd F(2x2, 3x3), forward,
 * WebAssembly SIMD128: the transform matrices; the blocking, layouts and GEMMs are the
 * driver's (f32-conv3x3-winograd-wasmsimd.c).
 *
 * 2x2 outputs per 4x4 input patch, 16 GEMMs, 2.25 times fewer multiplications than the
 * direct form. The matrices (Lavin & Gray 2016, section 4.1) hold only 0, +-1 and +-1/2, so
 * the transforms add and halve and the results stay at the direct kernel's float32 level
 * (test_kernels uses the direct tolerance). Packed weights: U [16][co_block][ci][8]. */
#include "winograd-wasmsimd.h"

static const float BT[4 * 4] = {
    1, 0, -1, 0,
    0, 1, 1, 0,
    0, -1, 1, 0,
    0, 1, 0, -1,
};
static const double G[4 * 3] = {
    1, 0, 0,
    0.5, 0.5, 0.5,
    0.5, -0.5, 0.5,
    0, 0, 1,
};
static const float AT[2 * 4] = {
    1, 1, 1, 0,
    0, 1, -1, -1,
};

static void input_tf(const v128_t *d, v128_t *v)
{
    pc_wasm_tf_2d(BT, 4, 4, d, v);
}

static void output_tf(const v128_t *mm, v128_t *y)
{
    pc_wasm_tf_2d(AT, 2, 4, mm, y);
}

const pc_wasm_winograd pc_wasm_winograd_f2x2 = {2, 4, G, input_tf, output_tf, 0, NULL};

PC_WASM_WINOGRAD_ENTRY_POINTS(winograd2x2, pc_wasm_winograd_f2x2)
