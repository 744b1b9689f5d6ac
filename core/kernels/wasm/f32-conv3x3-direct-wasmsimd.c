/* f32-conv3x3-direct-wasmsimd.c: 3x3 "same" convolution, forward, as an implicit GEMM on the
 * 4x8 WebAssembly SIMD128 micro-kernel (no im2col).
 *
 * out (P = N*H*W pixels, CO) = A (P, 9*CI) x B (9*CI, CO): row p of A is never built; the
 * micro-kernel gets, per tap, four pointers to the input pixels under the tap (or to a row
 * of zeros outside the image) and reads CI contiguous channels from each (XNNPACK's igemm
 * indirection buffer). Weights are packed once per update as
 *     packed[co_block][tap][ci][8]   (CO rounded up to 8 with zero columns)
 * so one chunk of k steps of one 8-column block is a contiguous panel.
 * Blocking: a task takes up to 32 tiles of 4 pixels; for each chunk of k steps (whole taps
 * while CI <= 256, else parts of a tap), for each column block, the tiles run over the same
 * B panel (at most 256 x 8 floats = 8 KB, stays in L1). Chunks after the first accumulate
 * into the output; the bias starts the first, ReLU ends the last.
 * In the WebAssembly engine this kernel runs the layers with fewer than 8 input channels
 * (block1_conv1); the others go through Winograd (kernels.c has the measurements).
 * Over-reads: none; workspace: one row of CI zeros. */
#include <string.h>

#include "wasm.h"

enum {
    MR = 4,
    NR = 8,
    KC_MAX = 256,   /* k steps per chunk (B panel 8 KB) */
    TILES = 32,     /* 4-pixel tiles per task */
};

size_t pc_f32_conv3x3_packed_size_direct__wasmsimd(size_t ci, size_t co)
{
    return 9 * ci * pc_kernel_round_up(co, NR);
}

void pc_f32_conv3x3_pack_direct__wasmsimd(const float *w, size_t ci, size_t co, float *packed)
{
    const size_t nbs = pc_kernel_round_up(co, NR) / NR;
    for (size_t nb = 0; nb < nbs; nb++)
        for (size_t r = 0; r < 9 * ci; r++)
            for (size_t j = 0; j < NR; j++)
                packed[(nb * 9 * ci + r) * NR + j] = nb * NR + j < co ? w[r * co + nb * NR + j] : 0.0f;
}

size_t pc_f32_conv3x3_workspace_direct__wasmsimd(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                 size_t co)
{
    (void)k, (void)n, (void)h, (void)w, (void)co;
    return ci * sizeof(float);   /* the row of zeros */
}

typedef struct direct_job {
    float *out;
    const float *in, *packed, *bias, *zero;
    size_t h, w, ci, co, pixels, tiles, nbs;
    size_t taps_per_chunk, ci_parts;   /* chunks: taps_per_chunk whole taps, or 1/ci_parts of a tap */
    int relu;
} direct_job;

static void direct_task(void *arg, size_t task)
{
    const direct_job *j = arg;
    const size_t t0 = task * TILES, t1 = pc_kernel_min(t0 + TILES, j->tiles), hw = j->h * j->w;
    const float *ind[TILES * 9 * MR];   /* [tile][tap][row] */
    for (size_t t = t0; t < t1; t++)
        for (size_t i = 0; i < MR; i++) {
            const size_t p = t * MR + i < j->pixels ? t * MR + i : t * MR;   /* rows past the end repeat */
            const size_t b = p / hw, y = p % hw / j->w, x = p % j->w;
            for (size_t s = 0; s < 9; s++) {
                const size_t yy = y + s / 3, xx = x + s % 3;   /* + 1 offset: inside when 1..h, 1..w */
                const int inside = yy >= 1 && yy <= j->h && xx >= 1 && xx <= j->w;
                ind[((t - t0) * 9 + s) * MR + i] = inside ? j->in + ((b * j->h + yy - 1) * j->w + xx - 1) * j->ci : j->zero;
            }
        }
    const size_t chunks = j->ci_parts ? 9 * j->ci_parts : (9 + j->taps_per_chunk - 1) / j->taps_per_chunk;
    const size_t part = j->ci_parts ? (j->ci + j->ci_parts - 1) / j->ci_parts : j->ci;
    for (size_t c = 0; c < chunks; c++) {
        const size_t tap = j->ci_parts ? c / j->ci_parts : c * j->taps_per_chunk;
        const size_t ks = j->ci_parts ? 1 : pc_kernel_min(j->taps_per_chunk, 9 - tap);
        const size_t a_off = j->ci_parts ? c % j->ci_parts * part : 0;
        const size_t kc = pc_kernel_min(part, j->ci - a_off);
        const int first = c == 0, last = c + 1 == chunks;
        for (size_t nb = 0; nb < j->nbs; nb++) {
            const float *bp = j->packed + (nb * 9 * j->ci + tap * j->ci + a_off) * NR;
            const size_t nr = pc_kernel_min(NR, j->co - nb * NR);
            const float *bias = first && j->bias ? j->bias + nb * NR : NULL;
            for (size_t t = t0; t < t1; t++)
                pc_f32_gemm_4x8__wasmsimd(ks, kc, &ind[((t - t0) * 9 + tap) * MR], a_off, 1, bp, bias,
                                          pc_kernel_min(MR, j->pixels - t * MR), nr, !first, last && j->relu,
                                          j->out + t * MR * j->co + nb * NR, j->co);
        }
    }
}

void pc_f32_conv3x3_forward_direct__wasmsimd(const pc_kernels *k, const float *in, const float *packed,
                                             const float *bias, size_t n, size_t h, size_t w, size_t ci, size_t co,
                                             int relu, void *ws, float *out)
{
    direct_job j;
    memset(&j, 0, sizeof j);
    j.out = out, j.in = in, j.packed = packed, j.bias = bias, j.zero = ws, j.relu = relu;
    j.h = h, j.w = w, j.ci = ci, j.co = co;
    j.pixels = n * h * w;
    j.tiles = (j.pixels + MR - 1) / MR;
    j.nbs = pc_kernel_round_up(co, NR) / NR;
    if (ci <= KC_MAX)
        j.taps_per_chunk = KC_MAX / ci;
    else
        j.ci_parts = (ci + KC_MAX - 1) / KC_MAX;
    memset(ws, 0, ci * sizeof(float));
    pc_parallel_for(k, (j.tiles + TILES - 1) / TILES, direct_task, &j);
}
