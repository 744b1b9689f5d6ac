/* f32-conv3x3-winograd-wasmsimd.c: the driver of the WebAssembly Winograd convolutions
 * F(m x m, 3x3) (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", 2016),
 * forward only, on the 4x8 SIMD128 micro-kernel. The algorithms themselves (their transform
 * matrices) are f32-conv3x3-winograd2x2-wasmsimd.c and f32-conv3x3-winograd4x4-wasmsimd.c.
 *
 * Each m x m tile of outputs comes from the alpha x alpha input patch around it
 * (alpha = m + 2): Y = A^T [U (.) V] A with U = G g G^T per channel pair and V = B^T d B, so
 * the work is alpha^2 GEMMs, one per point xi of the transformed tile,
 *     M[xi] (tiles, CO) = V[xi] (tiles, CI) x U[xi] (CI, CO),
 * 9 m^2 / alpha^2 times fewer multiplications than the direct form (2.25 for F(2x2), 4 for
 * F(4x4)). Tiles past an edge read zeros and their extra outputs are dropped.
 *
 * Layouts (all in floats):
 *   packed U   [xi][co_block][ci][8]      the micro-kernel's B panels, CO padded to 8 with zeros
 *   V (ws)     [xi][tile / 4][ci4][4]     its A panels, ci4 = CI rounded up to 4 (the pad
 *                                         channels are written, never read by the GEMM)
 *   M (ws)     [xi][tile][co_pad]         the GEMM's output, co_pad = CO rounded up to 8
 * Work goes in blocks of tb tiles (a multiple of 4) sized so that one block's V and M stay
 * within 8 MB and one 256-step chunk of V[xi] within 512 KB (L2, reread once per column
 * block). Each block runs three phases: the input transform (4 tiles at a time, 4 channels
 * per v128, transposed 4 x 4 into the panels), the alpha^2 GEMMs (k chunk, column block,
 * row tiles: the 8 KB B panel stays in L1), the output transform (+ bias, ReLU).
 * Layers with fewer than 8 input channels (block1_conv1: 3) gain nothing from the transform;
 * they run the direct kernel (the packed form is then the direct one).
 * Over-reads: none. Channel tails (CI or CO not a multiple of 4) go through zero-padded
 * copies on the stack. Results do not depend on the block size: each output is the same sum
 * in the same order. */
#include <string.h>

#include "winograd-wasmsimd.h"

enum {
    MR = 4,
    NR = 8,
    KC = 256,        /* k steps per micro-kernel call */
    MIN_CI = 8,      /* below: the direct kernel */
    TF_TILES = 16,   /* tiles per transform task */
};
#define BLOCK_BUDGET ((size_t)2 << 20)   /* floats of V + M per block (8 MB) */
#define CHUNK_BUDGET ((size_t)128 << 10) /* floats of one chunk of V[xi] (512 KB) */

static int use_direct(size_t ci)
{
    return ci < MIN_CI;
}

static const pc_wasm_winograd *pick(const pc_wasm_winograd *wg, size_t co)
{
    return wg->wide && co > wg->max_co ? wg->wide : wg;
}

typedef struct geometry {
    size_t n, h, w, th, tw, tiles;   /* tiles: n * th * tw, m x m outputs each */
} geometry;

static geometry make_geometry(const pc_wasm_winograd *wg, size_t n, size_t h, size_t w)
{
    geometry g = {n, h, w, (h + wg->m - 1) / wg->m, (w + wg->m - 1) / wg->m, 0};
    g.tiles = n * g.th * g.tw;
    return g;
}

static size_t block_tiles(const pc_wasm_winograd *wg, size_t tiles, size_t ci4, size_t co_pad)
{
    size_t tb = BLOCK_BUDGET / (wg->alpha * wg->alpha * (ci4 + co_pad));
    tb = pc_kernel_min(tb, CHUNK_BUDGET / KC) / MR * MR;
    if (tb < 4 * MR) tb = 4 * MR;
    return pc_kernel_min(tb, pc_kernel_round_up(tiles, MR));
}

/* ---- weights --------------------------------------------------------------------------- */

size_t pc_wasm_winograd_packed_size(const pc_wasm_winograd *wg, size_t ci, size_t co)
{
    wg = pick(wg, co);
    if (use_direct(ci)) return pc_f32_conv3x3_packed_size_direct__wasmsimd(ci, co);
    return wg->alpha * wg->alpha * ci * pc_kernel_round_up(co, NR);
}

void pc_wasm_winograd_pack(const pc_wasm_winograd *wg, const float *w, size_t ci, size_t co, float *packed)
{
    wg = pick(wg, co);
    if (use_direct(ci)) {
        pc_f32_conv3x3_pack_direct__wasmsimd(w, ci, co, packed);
        return;
    }
    const size_t a = wg->alpha, co_pad = pc_kernel_round_up(co, NR), nbs = co_pad / NR;
    for (size_t i = 0; i < ci; i++)
        for (size_t o = 0; o < co_pad; o++) {
            /* U = G g G^T in double: the F(4x4) coefficients (1/6, 1/24, ...) are not exact in float */
            double u[PC_WASM_WINOGRAD_MAX_ALPHA][PC_WASM_WINOGRAD_MAX_ALPHA], t[PC_WASM_WINOGRAD_MAX_ALPHA][3];
            for (size_t r = 0; r < a; r++)
                for (size_t c = 0; c < 3; c++) {
                    t[r][c] = 0.0;
                    if (o < co)
                        for (size_t q = 0; q < 3; q++) t[r][c] += wg->g[r * 3 + q] * w[((q * 3 + c) * ci + i) * co + o];
                }
            for (size_t r = 0; r < a; r++)
                for (size_t c = 0; c < a; c++) {
                    u[r][c] = 0.0;
                    for (size_t q = 0; q < 3; q++) u[r][c] += t[r][q] * wg->g[c * 3 + q];
                    packed[(((r * a + c) * nbs + o / NR) * ci + i) * NR + o % NR] = (float)u[r][c];
                }
        }
}

/* ---- forward ---------------------------------------------------------------------------- */

size_t pc_wasm_winograd_workspace(const pc_wasm_winograd *wg, const pc_kernels *k, size_t n, size_t h, size_t w,
                                  size_t ci, size_t co)
{
    wg = pick(wg, co);
    if (use_direct(ci)) return pc_f32_conv3x3_workspace_direct__wasmsimd(k, n, h, w, ci, co);
    const geometry g = make_geometry(wg, n, h, w);
    const size_t ci4 = pc_kernel_round_up(ci, MR), co_pad = pc_kernel_round_up(co, NR);
    const size_t tb = block_tiles(wg, g.tiles, ci4, co_pad);
    /* V and M of one block, a row of zeros (input padding), the bias padded to co_pad */
    return (wg->alpha * wg->alpha * tb * (ci4 + co_pad) + ci4 + co_pad) * sizeof(float);
}

typedef struct wino_job {
    const pc_wasm_winograd *wg;
    float *out, *v, *m;
    const float *in, *packed, *bias, *zero;   /* bias: padded to co_pad (zeros when none) */
    geometry g;
    size_t ci, ci4, co, co_pad, nbs, tb, tb0, tb1;   /* block: tiles [tb0, tb1), tb rows per xi */
    int relu;
} wino_job;

/* 4 x 4 transpose: r[q] lane i = x[i] lane q. */
static inline void transpose4(const v128_t x[4], v128_t r[4])
{
    const v128_t t0 = wasm_i32x4_shuffle(x[0], x[1], 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(x[0], x[1], 2, 6, 3, 7);
    const v128_t t2 = wasm_i32x4_shuffle(x[2], x[3], 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(x[2], x[3], 2, 6, 3, 7);
    r[0] = wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5), r[1] = wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7);
    r[2] = wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5), r[3] = wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7);
}

/* Input pixel (or the zero row) under patch point (i, j) of tile t; NULL past the last tile. */
static const float *patch_pixel(const wino_job *j, size_t t, size_t i, size_t jj)
{
    const geometry *g = &j->g;
    if (t >= g->tiles) return NULL;
    const size_t b = t / (g->th * g->tw), ty = t / g->tw % g->th, tx = t % g->tw;
    const size_t y = j->wg->m * ty + i, x = j->wg->m * tx + jj;   /* + 1 offset: inside when 1..h, 1..w */
    return y >= 1 && y <= g->h && x >= 1 && x <= g->w ? j->in + ((b * g->h + y - 1) * g->w + x - 1) * j->ci : j->zero;
}

static void input_task(void *arg, size_t task)
{
    const wino_job *j = arg;
    const size_t a2 = j->wg->alpha * j->wg->alpha;
    const size_t t0 = j->tb0 + task * TF_TILES, t1 = pc_kernel_min(t0 + TF_TILES, j->tb1);
    for (size_t t = t0; t < t1; t += MR) {   /* t - tb0 is a multiple of 4 */
        const float *src[MR][PC_WASM_WINOGRAD_MAX_ALPHA * PC_WASM_WINOGRAD_MAX_ALPHA];
        for (size_t i = 0; i < MR; i++)
            for (size_t q = 0; q < a2; q++) {
                const float *p = patch_pixel(j, t + i, q / j->wg->alpha, q % j->wg->alpha);
                src[i][q] = p ? p : j->zero;   /* padding rows of the last block: zeros */
            }
        float *panel = j->v + (t - j->tb0) / MR * j->ci4 * MR;
        for (size_t k = 0; k < j->ci; k += 4) {
            v128_t v[MR][PC_WASM_WINOGRAD_MAX_ALPHA * PC_WASM_WINOGRAD_MAX_ALPHA];
            for (size_t i = 0; i < MR; i++) {
                v128_t d[PC_WASM_WINOGRAD_MAX_ALPHA * PC_WASM_WINOGRAD_MAX_ALPHA];
                if (k + 4 <= j->ci) {
                    for (size_t q = 0; q < a2; q++) d[q] = wasm_v128_load(src[i][q] + k);
                } else {   /* the last, partial channel group */
                    for (size_t q = 0; q < a2; q++) {
                        float pad[4] = {0.0f, 0.0f, 0.0f, 0.0f};
                        memcpy(pad, src[i][q] + k, (j->ci - k) * sizeof(float));
                        d[q] = wasm_v128_load(pad);
                    }
                }
                j->wg->input_tf(d, v[i]);
            }
            for (size_t xi = 0; xi < a2; xi++) {
                const v128_t x[4] = {v[0][xi], v[1][xi], v[2][xi], v[3][xi]};
                v128_t r[4];
                transpose4(x, r);
                float *dst = panel + xi * j->tb * j->ci4 + k * MR;
                for (int q = 0; q < 4; q++) wasm_v128_store(dst + q * MR, r[q]);
            }
        }
    }
}

static void gemm_task(void *arg, size_t xi)
{
    const wino_job *j = arg;
    const size_t rows = j->tb1 - j->tb0;   /* a multiple of 4 */
    const float *vx = j->v + xi * j->tb * j->ci4;
    float *mx = j->m + xi * j->tb * j->co_pad;
    for (size_t k0 = 0; k0 < j->ci; k0 += KC) {
        const size_t kc = pc_kernel_min(KC, j->ci - k0);
        for (size_t nb = 0; nb < j->nbs; nb++) {
            const float *u = j->packed + ((xi * j->nbs + nb) * j->ci + k0) * NR;
            for (size_t r = 0; r < rows; r += MR)
                pc_f32_gemm_4x8p__wasmsimd(kc, vx + (r * j->ci4 + k0 * MR), u, k0 > 0, mx + r * j->co_pad + nb * NR,
                                           j->co_pad);
        }
    }
}

static void output_task(void *arg, size_t task)
{
    const wino_job *j = arg;
    const geometry *g = &j->g;
    const size_t m = j->wg->m, a2 = j->wg->alpha * j->wg->alpha;
    const size_t t0 = j->tb0 + task * TF_TILES, t1 = pc_kernel_min(t0 + TF_TILES, j->tb1);
    for (size_t t = t0; t < t1 && t < g->tiles; t++) {
        const size_t row = t - j->tb0, b = t / (g->th * g->tw), ty = t / g->tw % g->th, tx = t % g->tw;
        const size_t ny = pc_kernel_min(m, g->h - m * ty), nx = pc_kernel_min(m, g->w - m * tx);
        for (size_t k = 0; k < j->co; k += 4) {
            v128_t mm[PC_WASM_WINOGRAD_MAX_ALPHA * PC_WASM_WINOGRAD_MAX_ALPHA], y[16];
            for (size_t xi = 0; xi < a2; xi++) mm[xi] = wasm_v128_load(j->m + (xi * j->tb + row) * j->co_pad + k);
            j->wg->output_tf(mm, y);
            const v128_t bias = wasm_v128_load(j->bias + k), zero = wasm_f32x4_splat(0.0f);
            const size_t width = pc_kernel_min(4, j->co - k);
            for (size_t a = 0; a < ny; a++)
                for (size_t c = 0; c < nx; c++) {
                    v128_t r = wasm_f32x4_add(y[a * m + c], bias);
                    if (j->relu) r = wasm_f32x4_pmax(r, zero);
                    float *dst = j->out + ((b * g->h + m * ty + a) * g->w + m * tx + c) * j->co + k;
                    if (width == 4) {
                        wasm_v128_store(dst, r);
                    } else {   /* the last, partial channel group */
                        float tmp[4];
                        wasm_v128_store(tmp, r);
                        memcpy(dst, tmp, width * sizeof(float));
                    }
                }
        }
    }
}

void pc_wasm_winograd_forward(const pc_wasm_winograd *wg, const pc_kernels *k, const float *in, const float *packed,
                              const float *bias, size_t n, size_t h, size_t w, size_t ci, size_t co, int relu,
                              void *ws, float *out)
{
    wg = pick(wg, co);
    if (use_direct(ci)) {
        pc_f32_conv3x3_forward_direct__wasmsimd(k, in, packed, bias, n, h, w, ci, co, relu, ws, out);
        return;
    }
    wino_job j;
    memset(&j, 0, sizeof j);
    j.wg = wg, j.out = out, j.in = in, j.packed = packed, j.relu = relu;
    j.g = make_geometry(wg, n, h, w);
    j.ci = ci, j.ci4 = pc_kernel_round_up(ci, MR), j.co = co, j.co_pad = pc_kernel_round_up(co, NR), j.nbs = j.co_pad / NR;
    j.tb = block_tiles(wg, j.g.tiles, j.ci4, j.co_pad);
    const size_t a2 = wg->alpha * wg->alpha;
    j.v = ws;
    j.m = j.v + a2 * j.tb * j.ci4;
    float *zero = j.m + a2 * j.tb * j.co_pad, *bias_pad = zero + j.ci4;
    memset(zero, 0, j.ci4 * sizeof(float));
    memset(bias_pad, 0, j.co_pad * sizeof(float));
    if (bias) memcpy(bias_pad, bias, co * sizeof(float));
    j.zero = zero, j.bias = bias_pad;
    for (j.tb0 = 0; j.tb0 < j.g.tiles; j.tb0 += j.tb) {
        j.tb1 = pc_kernel_min(j.tb0 + j.tb, pc_kernel_round_up(j.g.tiles, MR));
        const size_t tasks = (j.tb1 - j.tb0 + TF_TILES - 1) / TF_TILES;
        pc_parallel_for(k, tasks, input_task, &j);
        pc_parallel_for(k, a2, gemm_task, &j);
        pc_parallel_for(k, tasks, output_task, &j);
    }
}
