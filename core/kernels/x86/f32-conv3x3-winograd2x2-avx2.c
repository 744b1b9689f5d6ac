/* f32-conv3x3-winograd2x2-avx2.c: 3x3 "same" convolution by Winograd's minimal filtering
 * F(2x2, 3x3) (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", 2016),
 * forward and weight gradient, on the 6x16 AVX2 micro-kernel, or on the 12x16 AVX-512 one
 * (x86/f32-gemm-12x16-avx512.c, same bits) when the CPU has AVX-512F (pc_kernels.x86_avx512).
 *
 * Each 2x2 block of outputs ("tile") is computed from the 4x4 input patch around it:
 *     Y = A^T [ U (.) V ] A,   U = G g G^T (per input/output channel pair),  V = B^T d B
 * so the 36 multiplications per output pair-of-channels and 2x2 tile become 16: the work
 * is 16 GEMMs, one per position xi of the 4x4 transformed tile,
 *     M[xi] (tiles, CO) = V[xi] (tiles, CI) x U[xi] (CI, CO),
 * 2.25 times fewer FLOPs than the direct convolution (FLOP rates elsewhere are quoted for
 * the direct count). The transforms only add and halve (matrices of 0, +-1, +-1/2), cost
 * O(CI + CO) per tile, and run as plain loops over the channel (innermost, vectorised).
 * Weight gradient: Y is linear in U, so dU[xi] = V[xi]^T (CI, tiles) x dM[xi] (tiles, CO)
 * with dM = A dY A^T per tile, summed over all tiles, then dW += G^T dU G (3x3).
 * Tiles beyond an odd edge read zeros and their extra outputs are dropped; the padding of
 * "same" is the zero rows around the image, as in the direct form.
 *
 * Work is done in blocks of tiles sized so that the transformed block (16 x tiles x
 * (CI + CO) floats) stays around 32 MB (BLOCK_BUDGET); each block runs in three parallel phases:
 * input transform (tasks: groups of tiles), the 16 GEMMs (tasks: (xi, 16-column block)),
 * output transform (groups of tiles). Every output element is owned by one task and
 * summed in a fixed order, so results do not depend on the thread count.
 * Layers with fewer than 8 input channels (block1_conv1: 3) gain nothing from the
 * transform (a GEMM with K = 3); they use the direct AVX2 kernel.
 * The transforms run 8 channels at a time in AVX2 registers; a channel count that is not a
 * multiple of 8 finishes through zero-padded 8-wide copies (same code, no scalar twin).
 * Packed weights: U as 16 B panels, [xi][co_block][ci][16].
 * Numerics: the transforms grow magnitudes by at most 4x; errors stay at the float32
 * level of the direct kernel (test_kernels, PyTorch parity). */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "x86.h"

enum {
    MR = 6,
    NR = 16,
    KC = 256,              /* k steps per micro-kernel call */
    MIN_CI = 8,            /* below: the direct kernel */
    TILE_GROUP = 16,       /* tiles per transform task */
    FWD_GROUP = 3 * 6,     /* tiles per forward input-transform task (whole 6-row panels) */
    FILT_GROUP = 4,        /* 6-row tiles of dU per weight-gradient task */
};
/* Floats of transformed data per block: 32 MB (64 MB for the weight gradient, whose dU is
 * summed per block). Each block costs three barriers, and on a loaded shared machine a
 * barrier waits for whichever thread was descheduled: 4x the earlier 8 MB blocks cut a
 * VGG16-4 step's CPU time on 2 threads (the waiting included) from 1.90 to 1.53 s at load
 * 20, with the one-thread time unchanged (1.40 / 1.36 s: a GEMM task's V[xi] is still
 * <= 1 MB at 512 channels). The sums do not depend on the block size (the same bits). */
#define BLOCK_BUDGET ((size_t)8 << 20)
#define FILT_BUDGET ((size_t)16 << 20)

typedef __m256 v8;
#define V_LD(p) _mm256_loadu_ps(p)
#define V_ST(p, v) _mm256_storeu_ps((p), (v))
#define V_ADD(a, b) _mm256_add_ps((a), (b))
#define V_SUB(a, b) _mm256_sub_ps((a), (b))
#define V_HALF(a) _mm256_mul_ps((a), _mm256_set1_ps(0.5f))

/* Runs fn on 8-channel groups of [0, c): in place for whole groups, through zero-padded
 * scratch copies for the tail. n_in input rows and n_out output rows of c floats each; an
 * output row that is NULL is computed into a dummy and dropped. */
typedef void (*v8_fn)(void *ctx, const float *const *in, float *const *out);
static void for_each_8(v8_fn fn, void *ctx, const float *const *in, int n_in, float *const *out, int n_out, size_t c,
                       int out_accumulates)
{
    const float *ip[17];
    float *op[16];
    float dummy[8];
    size_t k = 0;
    for (; k + 8 <= c; k += 8) {
        for (int i = 0; i < n_in; i++) ip[i] = in[i] + k;
        for (int o = 0; o < n_out; o++) op[o] = out[o] ? out[o] + k : dummy;
        fn(ctx, ip, op);
    }
    if (k == c) return;
    float tin[17][8], tout[16][8];
    const size_t rest = c - k;
    for (int i = 0; i < n_in; i++) {
        memset(tin[i], 0, sizeof tin[i]);
        memcpy(tin[i], in[i] + k, rest * sizeof(float));
        ip[i] = tin[i];
    }
    for (int o = 0; o < n_out; o++) {
        memset(tout[o], 0, sizeof tout[o]);
        if (out_accumulates && out[o]) memcpy(tout[o], out[o] + k, rest * sizeof(float));
        op[o] = tout[o];
    }
    fn(ctx, ip, op);
    for (int o = 0; o < n_out; o++)
        if (out[o]) memcpy(out[o] + k, tout[o], rest * sizeof(float));
}

static int use_direct(size_t ci)
{
    return ci < MIN_CI;
}

/* Tiles per block: a multiple of 6, transformed data within the budget. */
static size_t block_tiles(size_t tiles, size_t ci, size_t co_pad, size_t budget)
{
    size_t tb = budget / (16 * (ci + co_pad));
    tb = tb / MR * MR;
    if (tb < 4 * MR) tb = 4 * MR;
    return pc_x86_min_size(tb, pc_x86_round_up(tiles, MR));
}

/* ---- weights ---------------------------------------------------------------------------- */

size_t pc_f32_conv3x3_packed_size_winograd2x2__avx2(size_t ci, size_t co)
{
    return use_direct(ci) ? pc_f32_conv3x3_packed_size_direct__avx2(ci, co) : 16 * ci * pc_x86_round_up(co, NR);
}

/* U = G g G^T for 8 output channels: in[9] = the 3x3 taps, out[16] = the transformed tile. */
static void weight_tf8(void *ctx, const float *const *in, float *const *out)
{
    (void)ctx;
    v8 g[3][3], t[4][3];
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) g[a][b] = V_LD(in[a * 3 + b]);
    for (int b = 0; b < 3; b++) {   /* t = G g */
        t[0][b] = g[0][b];
        t[1][b] = V_HALF(V_ADD(V_ADD(g[0][b], g[1][b]), g[2][b]));
        t[2][b] = V_HALF(V_ADD(V_SUB(g[0][b], g[1][b]), g[2][b]));
        t[3][b] = g[2][b];
    }
    for (int a = 0; a < 4; a++) {   /* u = t G^T */
        V_ST(out[a * 4 + 0], t[a][0]);
        V_ST(out[a * 4 + 1], V_HALF(V_ADD(V_ADD(t[a][0], t[a][1]), t[a][2])));
        V_ST(out[a * 4 + 2], V_HALF(V_ADD(V_SUB(t[a][0], t[a][1]), t[a][2])));
        V_ST(out[a * 4 + 3], t[a][2]);
    }
}

void pc_f32_conv3x3_pack_winograd2x2__avx2(const float *w, size_t ci, size_t co, float *packed)
{
    if (use_direct(ci)) {
        pc_f32_conv3x3_pack_direct__avx2(w, ci, co, packed);
        return;
    }
    const size_t co_pad = pc_x86_round_up(co, NR), nbs = co_pad / NR;
    float u[16][NR];
    for (size_t i = 0; i < ci; i++)
        for (size_t nb = 0; nb < nbs; nb++) {
            const size_t width = pc_x86_min_size(NR, co - nb * NR);
            const float *in[9];
            float *out[16];
            for (int s = 0; s < 9; s++) in[s] = w + ((size_t)s * ci + i) * co + nb * NR;
            for (int xi = 0; xi < 16; xi++) memset(u[xi], 0, sizeof u[xi]), out[xi] = u[xi];
            for_each_8(weight_tf8, NULL, in, 9, out, 16, width, 0);
            for (int xi = 0; xi < 16; xi++) memcpy(packed + (((size_t)xi * nbs + nb) * ci + i) * NR, u[xi], sizeof u[xi]);
        }
}

/* ---- input transform: V[xi][tile][ci] = (B^T d B)[xi] ----------------------------------------- */

typedef struct geometry {
    size_t n, h, w, th, tw, tiles;   /* tiles: n * th * tw, 2x2 outputs each */
} geometry;

static geometry make_geometry(size_t n, size_t h, size_t w)
{
    geometry g = {n, h, w, (h + 1) / 2, (w + 1) / 2, 0};
    g.tiles = n * g.th * g.tw;
    return g;
}

/* V = B^T d B for 8 channels: in[16] = the 4x4 patch (row-major), out[16] = V. */
static void input_tf8(void *ctx, const float *const *in, float *const *out)
{
    (void)ctx;
    v8 t[4][4];
    for (int j = 0; j < 4; j++) {   /* B^T d */
        v8 d0 = V_LD(in[0 * 4 + j]), d1 = V_LD(in[1 * 4 + j]), d2 = V_LD(in[2 * 4 + j]), d3 = V_LD(in[3 * 4 + j]);
        t[0][j] = V_SUB(d0, d2);
        t[1][j] = V_ADD(d1, d2);
        t[2][j] = V_SUB(d2, d1);
        t[3][j] = V_SUB(d1, d3);
    }
    for (int i = 0; i < 4; i++) {   /* (B^T d) B */
        V_ST(out[i * 4 + 0], V_SUB(t[i][0], t[i][2]));
        V_ST(out[i * 4 + 1], V_ADD(t[i][1], t[i][2]));
        V_ST(out[i * 4 + 2], V_SUB(t[i][2], t[i][1]));
        V_ST(out[i * 4 + 3], V_SUB(t[i][1], t[i][3]));
    }
}

/* V for tiles [t0, t1) (global indices) into v (16, tb, c): row (t - tb0). */
static void input_transform(float *v, size_t tb, size_t tb0, const float *in, const float *zero, const geometry *g,
                            size_t c, size_t t0, size_t t1)
{
    for (size_t t = t0; t < t1; t++) {
        size_t row = t - tb0;
        if (t >= g->tiles) {   /* padding rows of the last block: zeros */
            for (int xi = 0; xi < 16; xi++) memset(v + ((size_t)xi * tb + row) * c, 0, c * sizeof(float));
            continue;
        }
        const size_t b = t / (g->th * g->tw), ty = t / g->tw % g->th, tx = t % g->tw;
        const float *d[4][4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) {
                size_t y = 2 * ty + (size_t)i, x = 2 * tx + (size_t)j;   /* + 1 offset: inside when 1..h */
                d[i][j] = y >= 1 && y <= g->h && x >= 1 && x <= g->w ? in + ((b * g->h + y - 1) * g->w + x - 1) * c
                                                                     : zero;
            }
        float *o[16];
        for (int xi = 0; xi < 16; xi++) o[xi] = v + ((size_t)xi * tb + row) * c;
        for_each_8(input_tf8, NULL, &d[0][0], 16, o, 16, c, 0);
    }
}

/* rows (MR = 6 tiles x 8 channels) stored channel-major, dst[q * 6 + i] = rows[i][q], for
 * q < 8: an 8x8 register transpose (two zero rows) and overlapping 8-wide stores, each
 * row's two extra lanes overwritten by the next, the last stored through a 6-lane mask.
 * It replaced 48 scalar moves that were half of the input transform's time. */
static void store_panel_6x8(float *dst, const float rows[MR][8])
{
    const __m256 zero = _mm256_setzero_ps();
    const __m256 r0 = V_LD(rows[0]), r1 = V_LD(rows[1]), r2 = V_LD(rows[2]), r3 = V_LD(rows[3]);
    const __m256 r4 = V_LD(rows[4]), r5 = V_LD(rows[5]);
    const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    const __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    const __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    /* (a0 b0 c0 d0 | a4 b4 c4 d4) and so on: channels q and q + 4 in the two 128-bit halves */
    const __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xee);
    const __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xee);
    const __m256 s4 = _mm256_shuffle_ps(t4, zero, 0x44), s5 = _mm256_shuffle_ps(t4, zero, 0xee);
    const __m256 s6 = _mm256_shuffle_ps(t5, zero, 0x44), s7 = _mm256_shuffle_ps(t5, zero, 0xee);
    V_ST(dst + 0 * MR, _mm256_permute2f128_ps(s0, s4, 0x20));
    V_ST(dst + 1 * MR, _mm256_permute2f128_ps(s1, s5, 0x20));
    V_ST(dst + 2 * MR, _mm256_permute2f128_ps(s2, s6, 0x20));
    V_ST(dst + 3 * MR, _mm256_permute2f128_ps(s3, s7, 0x20));
    V_ST(dst + 4 * MR, _mm256_permute2f128_ps(s0, s4, 0x31));
    V_ST(dst + 5 * MR, _mm256_permute2f128_ps(s1, s5, 0x31));
    V_ST(dst + 6 * MR, _mm256_permute2f128_ps(s2, s6, 0x31));
    const __m256i six = _mm256_setr_epi32(-1, -1, -1, -1, -1, -1, 0, 0);
    _mm256_maskstore_ps(dst + 7 * MR, six, _mm256_permute2f128_ps(s3, s7, 0x31));
}

/* The same V, packed as the micro-kernel's A panels: vp[xi][tile / 6][c][6], so each GEMM
 * call streams one contiguous panel. Tiles [t0, t1), t0 - tb0 a multiple of 6; six tiles
 * are transformed together and interleaved through a small stack buffer. */
static void input_transform_packed(float *vp, size_t tb, size_t tb0, const float *in, const float *zero,
                                   const geometry *g, size_t c, size_t t0, size_t t1)
{
    for (size_t t = t0; t < t1; t += MR) {
        const size_t grp = (t - tb0) / MR;
        const float *d[MR][16];
        for (size_t i = 0; i < MR; i++) {
            const size_t tile = t + i;
            for (int q = 0; q < 16; q++) d[i][q] = zero;
            if (tile >= g->tiles) continue;   /* padding rows of the last block: zeros */
            const size_t b = tile / (g->th * g->tw), ty = tile / g->tw % g->th, tx = tile % g->tw;
            for (int q = 0; q < 16; q++) {
                size_t y = 2 * ty + (size_t)(q / 4), x = 2 * tx + (size_t)(q % 4);   /* + 1 offset */
                if (y >= 1 && y <= g->h && x >= 1 && x <= g->w) d[i][q] = in + ((b * g->h + y - 1) * g->w + x - 1) * c;
            }
        }
        for (size_t k = 0; k < c; k += 8) {
            const size_t width = pc_x86_min_size(8, c - k);
            float tmp[16][MR][8], pad[16][8];
            for (size_t i = 0; i < MR; i++) {
                const float *ip[16];
                float *op[16];
                for (int q = 0; q < 16; q++) {
                    if (width == 8) {
                        ip[q] = d[i][q] + k;
                    } else {   /* the last, partial channel group: zero-padded copies */
                        memset(pad[q], 0, sizeof pad[q]);
                        memcpy(pad[q], d[i][q] + k, width * sizeof(float));
                        ip[q] = pad[q];
                    }
                    op[q] = tmp[q][i];
                }
                input_tf8(NULL, ip, op);
            }
            for (int xi = 0; xi < 16; xi++) {
                float *dst = vp + (size_t)xi * tb * c + (grp * c + k) * MR;
                if (width == 8) {
                    store_panel_6x8(dst, tmp[xi]);
                    continue;
                }
                for (size_t q = 0; q < width; q++)   /* a partial group: only its channels */
                    for (size_t i = 0; i < MR; i++) dst[q * MR + i] = tmp[xi][i][q];
            }
        }
    }
}

/* ---- forward ------------------------------------------------------------------------------------ */

size_t pc_f32_conv3x3_workspace_winograd2x2__avx2(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                  size_t co)
{
    if (use_direct(ci)) return pc_f32_conv3x3_workspace_direct__avx2(k, n, h, w, ci, co);
    const geometry g = make_geometry(n, h, w);
    const size_t co_pad = pc_x86_round_up(co, NR), tb = block_tiles(g.tiles, ci, co_pad, BLOCK_BUDGET);
    return (16 * tb * (ci + co_pad) + pc_x86_round_up(ci > co ? ci : co, NR)) * sizeof(float) + 64;
}

typedef struct fwd_job {
    float *out, *v, *m;
    const float *in, *packed, *bias, *zero;
    geometry g;
    size_t ci, co, co_pad, nbs, tb, tb0, tb1;   /* block: tiles [tb0, tb1), tb rows per xi */
    int relu;
    int avx512;   /* the GEMMs on the AVX-512 tile (pc_kernels.x86_avx512) */
} fwd_job;

static void fwd_in_task(void *arg, size_t task)
{
    const fwd_job *j = arg;
    size_t t0 = j->tb0 + task * FWD_GROUP, t1 = pc_x86_min_size(t0 + FWD_GROUP, j->tb1);
    input_transform_packed(j->v, j->tb, j->tb0, j->in, j->zero, &j->g, j->ci, t0, t1);
}

static void fwd_gemm_task(void *arg, size_t task)
{
    const fwd_job *j = arg;
    const size_t xi = task / j->nbs, nb = task % j->nbs, rows = j->tb1 - j->tb0;
    const size_t nr = pc_x86_min_size(NR, j->co - nb * NR);
    const float *vx = j->v + xi * j->tb * j->ci;
    const float *u = j->packed + (xi * j->nbs + nb) * j->ci * NR;
    float *mx = j->m + xi * j->tb * j->co_pad + nb * NR;
    for (size_t k0 = 0; k0 < j->ci; k0 += KC) {
        const size_t kc = pc_x86_min_size(KC, j->ci - k0);
        if (j->avx512) {   /* two 6-row panels a call; a last odd panel alone (same bits) */
            for (size_t r = 0; r < rows; r += 2 * MR) {
                const float *pa0 = vx + (r / MR * j->ci + k0) * MR, *pa1 = r + MR < rows ? pa0 + j->ci * MR : pa0;
                pc_f32_gemm_12x16p__avx512(kc, pa0, pa1, u + k0 * NR, pc_x86_min_size(2 * MR, rows - r), nr, k0 > 0,
                                           mx + r * j->co_pad, j->co_pad);
            }
            continue;
        }
        for (size_t r = 0; r < rows; r += MR)   /* rows is a multiple of 6 */
            pc_f32_gemm_6x16p__avx2(kc, vx + (r / MR * j->ci + k0) * MR, u + k0 * NR, NULL, MR, nr, k0 > 0, 0,
                                    mx + r * j->co_pad, j->co_pad);
    }
}

/* Y = A^T M A (+ bias, ReLU) for 8 output channels: in[16] = M, in[16] = the bias (or
 * zeros), out[4] = the 2x2 outputs (row-major; outputs outside the image go to scratch). */
static void output_tf8(void *ctx, const float *const *in, float *const *out)
{
    const int relu = *(const int *)ctx;
    v8 s[2][4];
    for (int c = 0; c < 4; c++) {   /* A^T M */
        v8 m0 = V_LD(in[0 * 4 + c]), m1 = V_LD(in[1 * 4 + c]), m2 = V_LD(in[2 * 4 + c]), m3 = V_LD(in[3 * 4 + c]);
        s[0][c] = V_ADD(V_ADD(m0, m1), m2);
        s[1][c] = V_SUB(V_SUB(m1, m2), m3);
    }
    const v8 bias = V_LD(in[16]), zero = _mm256_setzero_ps();
    for (int a = 0; a < 2; a++) {   /* (A^T M) A */
        v8 y0 = V_ADD(V_ADD(V_ADD(s[a][0], s[a][1]), s[a][2]), bias);
        v8 y1 = V_ADD(V_SUB(V_SUB(s[a][1], s[a][2]), s[a][3]), bias);
        if (relu) y0 = _mm256_max_ps(y0, zero), y1 = _mm256_max_ps(y1, zero);
        V_ST(out[a * 2 + 0], y0);
        V_ST(out[a * 2 + 1], y1);
    }
}

static void fwd_out_task(void *arg, size_t task)
{
    const fwd_job *j = arg;
    const geometry *g = &j->g;
    size_t t0 = j->tb0 + task * TILE_GROUP, t1 = pc_x86_min_size(t0 + TILE_GROUP, j->tb1);
    for (size_t t = t0; t < t1 && t < g->tiles; t++) {
        const size_t row = t - j->tb0, b = t / (g->th * g->tw), ty = t / g->tw % g->th, tx = t % g->tw;
        const float *in[17];
        for (int xi = 0; xi < 16; xi++) in[xi] = j->m + ((size_t)xi * j->tb + row) * j->co_pad;
        in[16] = j->bias ? j->bias : j->zero;
        float *o[4];
        for (int a = 0; a < 2; a++)
            for (int c = 0; c < 2; c++) {
                size_t y = 2 * ty + (size_t)a, x = 2 * tx + (size_t)c;
                o[a * 2 + c] = y < g->h && x < g->w ? j->out + ((b * g->h + y) * g->w + x) * j->co : NULL;
            }
        int relu = j->relu;
        for_each_8(output_tf8, &relu, in, 17, o, 4, j->co, 0);
    }
}

void pc_f32_conv3x3_forward_winograd2x2__avx2(const pc_kernels *k, const float *in, const float *packed,
                                              const float *bias, size_t n, size_t h, size_t w, size_t ci, size_t co,
                                              int relu, void *ws, float *out)
{
    if (use_direct(ci)) {
        pc_f32_conv3x3_forward_direct__avx2(k, in, packed, bias, n, h, w, ci, co, relu, ws, out);
        return;
    }
    fwd_job j;
    memset(&j, 0, sizeof j);
    j.out = out, j.in = in, j.packed = packed, j.bias = bias, j.relu = relu;
    j.avx512 = k->x86_avx512;
    j.g = make_geometry(n, h, w);
    j.ci = ci, j.co = co, j.co_pad = pc_x86_round_up(co, NR), j.nbs = j.co_pad / NR;
    j.tb = block_tiles(j.g.tiles, ci, j.co_pad, BLOCK_BUDGET);
    float *base = pc_x86_align64(ws);
    j.v = base;
    j.m = base + 16 * j.tb * ci;
    float *zero = j.m + 16 * j.tb * j.co_pad;
    memset(zero, 0, pc_x86_round_up(ci > co ? ci : co, NR) * sizeof(float));
    j.zero = zero;   /* the padding of the input, and the bias when there is none */
    for (j.tb0 = 0; j.tb0 < j.g.tiles; j.tb0 += j.tb) {
        j.tb1 = pc_x86_min_size(j.tb0 + j.tb, pc_x86_round_up(j.g.tiles, MR));   /* rows up to a multiple of 6 */
        const size_t groups = (j.tb1 - j.tb0 + TILE_GROUP - 1) / TILE_GROUP;
        pc_parallel_for(k, (j.tb1 - j.tb0 + FWD_GROUP - 1) / FWD_GROUP, fwd_in_task, &j);
        pc_parallel_for(k, 16 * j.nbs, fwd_gemm_task, &j);
        pc_parallel_for(k, groups, fwd_out_task, &j);
    }
}

/* ---- weight gradient -------------------------------------------------------------------------------- */

size_t pc_f32_conv3x3_filter_workspace_winograd2x2__avx2(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                         size_t co)
{
    if (use_direct(ci)) return pc_f32_conv3x3_filter_workspace_direct__avx2(k, n, h, w, ci, co);
    const geometry g = make_geometry(n, h, w);
    const size_t co_pad = pc_x86_round_up(co, NR), tb = block_tiles(g.tiles, ci, co_pad, FILT_BUDGET);
    /* V block, packed dM block, dU, a row of zeros */
    return (16 * tb * (ci + co_pad) + 16 * ci * co_pad + pc_x86_round_up(ci > co ? ci : co, NR)) * sizeof(float) + 64;
}

typedef struct filt_job {
    float *dw, *v, *dm, *du;
    const float *in, *dout, *zero;
    geometry g;
    size_t ci, co, co_pad, nbs, tb, tb0, tb1, ci_tiles, groups;
    int avx512;   /* the GEMMs on the AVX-512 tile (pc_kernels.x86_avx512) */
} filt_job;

static void filt_in_task(void *arg, size_t task)
{
    const filt_job *j = arg;
    size_t t0 = j->tb0 + task * TILE_GROUP, t1 = pc_x86_min_size(t0 + TILE_GROUP, j->tb1);
    input_transform(j->v, j->tb, j->tb0, j->in, j->zero, &j->g, j->ci, t0, t1);
}

/* dM = A dY A^T for 8 output channels: in[4] = the 2x2 output gradients, out[16] = dM. */
static void dy_tf8(void *ctx, const float *const *in, float *const *out)
{
    (void)ctx;
    v8 r[4][2];
    for (int c = 0; c < 2; c++) {   /* A dY */
        v8 d0 = V_LD(in[0 * 2 + c]), d1 = V_LD(in[1 * 2 + c]);
        r[0][c] = d0, r[1][c] = V_ADD(d0, d1), r[2][c] = V_SUB(d0, d1), r[3][c] = V_SUB(_mm256_setzero_ps(), d1);
    }
    for (int i = 0; i < 4; i++) {   /* (A dY) A^T */
        V_ST(out[i * 4 + 0], r[i][0]);
        V_ST(out[i * 4 + 1], V_ADD(r[i][0], r[i][1]));
        V_ST(out[i * 4 + 2], V_SUB(r[i][0], r[i][1]));
        V_ST(out[i * 4 + 3], V_SUB(_mm256_setzero_ps(), r[i][1]));
    }
}

/* dM per tile, written as the GEMM's B panels: dm[xi][nb][row][16]. */
static void filt_dy_task(void *arg, size_t task)
{
    const filt_job *j = arg;
    const geometry *g = &j->g;
    const size_t rows = j->tb1 - j->tb0;
    size_t t0 = j->tb0 + task * TILE_GROUP, t1 = pc_x86_min_size(t0 + TILE_GROUP, j->tb1);
    for (size_t t = t0; t < t1; t++) {
        const size_t row = t - j->tb0;
        const float *dy[4] = {j->zero, j->zero, j->zero, j->zero};
        if (t < g->tiles) {
            const size_t b = t / (g->th * g->tw), ty = t / g->tw % g->th, tx = t % g->tw;
            for (int a = 0; a < 2; a++)
                for (int c = 0; c < 2; c++) {
                    size_t y = 2 * ty + (size_t)a, x = 2 * tx + (size_t)c;
                    if (y < g->h && x < g->w) dy[a * 2 + c] = j->dout + ((b * g->h + y) * g->w + x) * j->co;
                }
        }
        for (size_t k = 0; k < j->co_pad; k += 8) {   /* co_pad is a multiple of 16 */
            float pad[4][8];
            const float *in[4];
            for (int q = 0; q < 4; q++) {
                if (k + 8 <= j->co) {
                    in[q] = dy[q] + k;
                } else {   /* the last, partial group: zero-padded copies */
                    memset(pad[q], 0, sizeof pad[q]);
                    if (k < j->co) memcpy(pad[q], dy[q] + k, (j->co - k) * sizeof(float));
                    in[q] = pad[q];
                }
            }
            float *out[16];
            const size_t nb = k / NR, col = k % NR;
            for (int xi = 0; xi < 16; xi++) out[xi] = j->dm + (((size_t)xi * j->nbs + nb) * rows + row) * NR + col;
            dy_tf8(NULL, in, out);
        }
    }
}

/* dU[xi] (ci, co) += V[xi]^T dM[xi]: a task owns FILT_GROUP x 6 rows (input channels) of one xi. */
static void filt_gemm_task(void *arg, size_t task)
{
    const filt_job *j = arg;
    const size_t xi = task / j->groups, m0 = task % j->groups * FILT_GROUP, m1 = pc_x86_min_size(m0 + FILT_GROUP, j->ci_tiles);
    const size_t rows = j->tb1 - j->tb0;
    float apack[FILT_GROUP * KC * MR] __attribute__((aligned(64)));
    const float *vx = j->v + xi * j->tb * j->ci;
    for (size_t k0 = 0; k0 < rows; k0 += KC) {   /* chunks of tiles (the GEMM's k) */
        const size_t kc = pc_x86_min_size(KC, rows - k0);
        for (size_t m = m0; m < m1; m++) {   /* A' = V^T rows: 6 channels x kc tiles, [k][6] */
            float *dst = apack + (m - m0) * kc * MR;
            for (size_t r = 0; r < kc; r++)
                for (size_t i = 0; i < MR; i++) {
                    size_t c = m * MR + i;
                    dst[r * MR + i] = c < j->ci ? vx[(k0 + r) * j->ci + c] : 0.0f;
                }
        }
        const int accumulate = j->tb0 > 0 || k0 > 0;   /* the very first chunk writes dU */
        for (size_t nb = 0; nb < j->nbs; nb++) {
            const float *bp = j->dm + ((xi * j->nbs + nb) * rows + k0) * NR;
            if (j->avx512) {   /* two 6-channel panels a call (same bits as the AVX2 tile) */
                for (size_t m = m0; m < m1; m += 2) {   /* rows of this task only: panels m (and m + 1 < m1) */
                    const float *pa0 = apack + (m - m0) * kc * MR, *pa1 = m + 1 < m1 ? pa0 + kc * MR : pa0;
                    const size_t mr = pc_x86_min_size(pc_x86_min_size(2, m1 - m) * MR, j->ci - m * MR);
                    pc_f32_gemm_12x16p__avx512(kc, pa0, pa1, bp, mr, NR, accumulate,
                                               j->du + (xi * j->ci + m * MR) * j->co_pad + nb * NR, j->co_pad);
                }
                continue;
            }
            for (size_t m = m0; m < m1; m++)
                pc_f32_gemm_6x16p__avx2(kc, apack + (m - m0) * kc * MR, bp, NULL, pc_x86_min_size(MR, j->ci - m * MR),
                                        NR, accumulate, 0, j->du + (xi * j->ci + m * MR) * j->co_pad + nb * NR,
                                        j->co_pad);
        }
    }
}

/* dW += G^T dU G for 8 output channels: in[16] = dU, out[9] = the 3x3 taps (accumulated). */
static void du_tf8(void *ctx, const float *const *in, float *const *out)
{
    (void)ctx;
    v8 t[3][4];
    for (int c = 0; c < 4; c++) {   /* G^T dU */
        v8 u0 = V_LD(in[0 * 4 + c]), u1 = V_LD(in[1 * 4 + c]), u2 = V_LD(in[2 * 4 + c]), u3 = V_LD(in[3 * 4 + c]);
        t[0][c] = V_ADD(u0, V_HALF(V_ADD(u1, u2)));
        t[1][c] = V_HALF(V_SUB(u1, u2));
        t[2][c] = V_ADD(V_HALF(V_ADD(u1, u2)), u3);
    }
    for (int a = 0; a < 3; a++) {   /* (G^T dU) G */
        v8 g0 = V_ADD(t[a][0], V_HALF(V_ADD(t[a][1], t[a][2])));
        v8 g1 = V_HALF(V_SUB(t[a][1], t[a][2]));
        v8 g2 = V_ADD(V_HALF(V_ADD(t[a][1], t[a][2])), t[a][3]);
        V_ST(out[a * 3 + 0], V_ADD(V_LD(out[a * 3 + 0]), g0));
        V_ST(out[a * 3 + 1], V_ADD(V_LD(out[a * 3 + 1]), g1));
        V_ST(out[a * 3 + 2], V_ADD(V_LD(out[a * 3 + 2]), g2));
    }
}

/* dW[3][3][ci][co] += G^T dU G, for one input channel. */
static void filt_out_task(void *arg, size_t i)
{
    const filt_job *j = arg;
    const float *in[16];
    float *out[9];
    for (int xi = 0; xi < 16; xi++) in[xi] = j->du + ((size_t)xi * j->ci + i) * j->co_pad;
    for (int s = 0; s < 9; s++) out[s] = j->dw + ((size_t)s * j->ci + i) * j->co;
    for_each_8(du_tf8, NULL, in, 16, out, 9, j->co, 1);
}

void pc_f32_conv3x3_backward_filter_winograd2x2__avx2(const pc_kernels *k, const float *in, const float *dout, size_t n,
                                                      size_t h, size_t w, size_t ci, size_t co, void *ws, float *dw)
{
    if (use_direct(ci)) {
        pc_f32_conv3x3_backward_filter_direct__avx2(k, in, dout, n, h, w, ci, co, ws, dw);
        return;
    }
    filt_job j;
    memset(&j, 0, sizeof j);
    j.dw = dw, j.in = in, j.dout = dout;
    j.avx512 = k->x86_avx512;
    j.g = make_geometry(n, h, w);
    j.ci = ci, j.co = co, j.co_pad = pc_x86_round_up(co, NR), j.nbs = j.co_pad / NR;
    j.tb = block_tiles(j.g.tiles, ci, j.co_pad, FILT_BUDGET);
    j.ci_tiles = (ci + MR - 1) / MR;
    j.groups = (j.ci_tiles + FILT_GROUP - 1) / FILT_GROUP;
    float *base = pc_x86_align64(ws);
    j.v = base;
    j.dm = j.v + 16 * j.tb * ci;
    j.du = j.dm + 16 * j.tb * j.co_pad;
    float *zero = j.du + 16 * ci * j.co_pad;
    memset(zero, 0, pc_x86_round_up(ci > co ? ci : co, NR) * sizeof(float));
    j.zero = zero;
    /* dU needs no zeroing: the first block writes it, later blocks accumulate. */
    for (j.tb0 = 0; j.tb0 < j.g.tiles; j.tb0 += j.tb) {
        j.tb1 = pc_x86_min_size(j.tb0 + j.tb, j.g.tiles);
        const size_t groups = (j.tb1 - j.tb0 + TILE_GROUP - 1) / TILE_GROUP;
        pc_parallel_for(k, groups, filt_in_task, &j);
        pc_parallel_for(k, groups, filt_dy_task, &j);
        pc_parallel_for(k, 16 * j.groups, filt_gemm_task, &j);
    }
    pc_parallel_for(k, ci, filt_out_task, &j);
}
