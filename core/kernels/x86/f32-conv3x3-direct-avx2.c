/* f32-conv3x3-direct-avx2.c: 3x3 "same" convolution (forward and weight gradient) on the 6x16
 * AVX2 micro-kernel, without im2col.
 *
 * Forward = implicit GEMM (XNNPACK's igemm): out (P = N*H*W pixels, CO) = A (P, 9*CI) x B (9*CI, CO)
 * where row p of A is never built: the micro-kernel gets, per tap, six pointers to the
 * input pixels under the tap (or to a row of zeros outside the image), and reads CI
 * contiguous channels from each. Weights are packed once per update as
 *     packed[co_block][tap][ci][16]   (CO rounded up to 16 with zero columns)
 * so one k-chunk of one 16-column block is a contiguous panel.
 * Blocking (BLIS's loops): a task takes up to 16 tiles of 6 pixels (and, when there are
 * few pixels, a group of column blocks, so both cores have work); inside, for each
 * k-chunk (whole taps while CI is small, halves of a tap when CI > 256), for each column
 * block, the tiles run over the same B panel (at most 256 x 16 floats = 16 KB, stays in
 * L1). When CO >= 128 the task first packs its tiles' A rows for the chunk into one
 * [tile][k][6] panel on its stack (one sequential stream per micro-kernel call; the
 * copy is paid back over >= 8 column blocks); with fewer output channels the rows are
 * read in place through the pointers. Chunks after the first accumulate into the
 * output; bias starts the first, ReLU ends the last. The input gradient is this same forward with the
 * flipped, transposed kernel (kernels.h pc_conv3x3_transpose_weights).
 *
 * Weight gradient: dW (9*CI, CO) += A' (9*CI, P) x dOut (P, CO), A'[(tap, ci)][p] = the
 * input under tap at pixel p. Pixels go in chunks of 256: dOut's chunk is packed into
 * 16-column panels (shared by all tasks), then each task owns 4 x 6 rows of dW (one
 * tap, 24 input channels), packs its rows of A' as [k][6] panels on its stack, and runs
 * the micro-kernel over every column block. Each element of dW is owned by one task
 * and summed chunk after chunk in pixel order, so the result does not depend on the
 * number of threads. */
#include <stdint.h>
#include <string.h>

#include "x86.h"

enum {
    MR = 6,
    NR = 16,
    FWD_KC_MAX = 256,     /* k steps per chunk of the forward (B panel 16 KB) */
    FWD_TILES = 16,       /* 6-pixel tiles per forward task */
    FILT_KC = 256,        /* pixels per chunk of the weight gradient */
    FILT_TILES = 4,       /* 6-row tiles of dW per weight-gradient task */
    PACK_MIN_CO = 128,    /* pack A (BLIS-style) when every packed value serves >= 8 column blocks */
};

size_t pc_f32_conv3x3_packed_size_direct__avx2(size_t ci, size_t co)
{
    return 9 * ci * pc_x86_round_up(co, NR);
}

void pc_f32_conv3x3_pack_direct__avx2(const float *w, size_t ci, size_t co, float *packed)
{
    const size_t nbs = pc_x86_round_up(co, NR) / NR;
    for (size_t nb = 0; nb < nbs; nb++)
        for (size_t r = 0; r < 9 * ci; r++) {
            float *dst = packed + (nb * 9 * ci + r) * NR;
            for (size_t j = 0; j < NR; j++) dst[j] = nb * NR + j < co ? w[r * co + nb * NR + j] : 0.0f;
        }
}

/* ---- forward ------------------------------------------------------------------------ */

size_t pc_f32_conv3x3_workspace_direct__avx2(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci, size_t co)
{
    (void)k, (void)n, (void)h, (void)w, (void)co;
    return pc_x86_round_up(ci, NR) * sizeof(float) + 64;   /* the row of zeros, 64-byte aligned */
}

typedef struct fwd_job {
    float *out;
    const float *in, *packed, *bias, *zero;
    size_t n, h, w, ci, co;
    int relu;
    size_t pixels, tiles, tiles_per_task, nbs, nb_per_group, groups;
    size_t taps_per_chunk;   /* > 0: chunks of whole taps; 0: each tap split into ci_parts */
    size_t ci_parts;
    int pack_a;
} fwd_job;

static void fwd_task(void *arg, size_t task)
{
    const fwd_job *j = arg;
    const size_t t0 = task / j->groups * j->tiles_per_task, t1 = pc_x86_min_size(t0 + j->tiles_per_task, j->tiles);
    const size_t nb0 = task % j->groups * j->nb_per_group, nb1 = pc_x86_min_size(nb0 + j->nb_per_group, j->nbs);
    const size_t hw = j->h * j->w;
    const float *ind[FWD_TILES * 9 * MR];

    /* Indirection: for tile t, tap s, row i, the input pixel under the tap or zeros.
     * Rows past the last pixel repeat the tile's first pixel (computed, not stored). */
    for (size_t t = t0; t < t1; t++)
        for (size_t i = 0; i < MR; i++) {
            size_t p = t * MR + i < j->pixels ? t * MR + i : t * MR;
            size_t b = p / hw, y = p % hw / j->w, x = p % j->w;
            for (size_t s = 0; s < 9; s++) {
                size_t yy = y + s / 3, xx = x + s % 3;   /* +1 offset: inside when 1 <= yy <= h */
                int inside = yy >= 1 && yy <= j->h && xx >= 1 && xx <= j->w;
                ind[((t - t0) * 9 + s) * MR + i] =
                    inside ? j->in + ((b * j->h + yy - 1) * j->w + xx - 1) * j->ci : j->zero;
            }
        }

    const size_t chunks = j->taps_per_chunk ? (9 + j->taps_per_chunk - 1) / j->taps_per_chunk : 9 * j->ci_parts;
    const size_t part = j->taps_per_chunk ? 0 : (j->ci + j->ci_parts - 1) / j->ci_parts;
    /* Packed A for this task's tiles and one chunk: [tile][k][6] (on the stack: 96 KB). */
    float apack[FWD_TILES * FWD_KC_MAX * MR] __attribute__((aligned(64)));
    for (size_t c = 0; c < chunks; c++) {
        size_t tap, ks, kc, a_off;
        if (j->taps_per_chunk) {
            tap = c * j->taps_per_chunk;
            ks = pc_x86_min_size(j->taps_per_chunk, 9 - tap);
            kc = j->ci;
            a_off = 0;
        } else {
            tap = c / j->ci_parts;
            ks = 1;
            a_off = c % j->ci_parts * part;
            kc = pc_x86_min_size(part, j->ci - a_off);
        }
        const int first = c == 0, last = c + 1 == chunks;
        if (j->pack_a)
            for (size_t t = t0; t < t1; t++) {
                float *dst = apack + (t - t0) * ks * kc * MR;
                for (size_t s = 0; s < ks; s++)
                    for (size_t i = 0; i < MR; i++) {
                        const float *src = ind[((t - t0) * 9 + tap + s) * MR + i] + a_off;
                        float *d = dst + s * kc * MR + i;
                        for (size_t q = 0; q < kc; q++) d[q * MR] = src[q];
                    }
            }
        for (size_t nb = nb0; nb < nb1; nb++) {
            const float *bp = j->packed + (nb * 9 * j->ci + tap * j->ci + a_off) * NR;
            const size_t nr = pc_x86_min_size(NR, j->co - nb * NR);
            const float *bias = first && j->bias ? j->bias + nb * NR : NULL;
            for (size_t t = t0; t < t1; t++) {
                const size_t mr = pc_x86_min_size(MR, j->pixels - t * MR);
                float *c_tile = j->out + t * MR * j->co + nb * NR;
                if (j->pack_a)
                    pc_f32_gemm_6x16p__avx2(ks * kc, apack + (t - t0) * ks * kc * MR, bp, bias, mr, nr, !first,
                                            last && j->relu, c_tile, j->co);
                else
                    pc_f32_gemm_6x16__avx2(ks, kc, &ind[((t - t0) * 9 + tap) * MR], a_off, 1, bp, bias, mr, nr, !first,
                                           last && j->relu, c_tile, j->co);
            }
        }
    }
}

void pc_f32_conv3x3_forward_direct__avx2(const pc_kernels *k, const float *in, const float *packed, const float *bias,
                                         size_t n, size_t h, size_t w, size_t ci, size_t co, int relu, void *ws,
                                         float *out)
{
    fwd_job j = {out, in, packed, bias, pc_x86_align64(ws), n, h, w, ci, co, relu, 0, 0, 0, 0, 0, 0, 0, 0, co >= PACK_MIN_CO};
    memset((void *)j.zero, 0, ci * sizeof(float));
    j.pixels = n * h * w;
    j.tiles = (j.pixels + MR - 1) / MR;
    j.tiles_per_task = pc_x86_min_size(FWD_TILES, j.tiles);
    j.nbs = pc_x86_round_up(co, NR) / NR;
    const size_t mblocks = (j.tiles + j.tiles_per_task - 1) / j.tiles_per_task;
    const size_t want = 4 * (size_t)(k->threads > 0 ? k->threads : 1);   /* tasks, for load balance */
    size_t groups = mblocks >= want || k->threads <= 1 ? 1 : pc_x86_min_size(j.nbs, (want + mblocks - 1) / mblocks);
    j.nb_per_group = (j.nbs + groups - 1) / groups;
    j.groups = (j.nbs + j.nb_per_group - 1) / j.nb_per_group;
    if (ci <= FWD_KC_MAX) {
        j.taps_per_chunk = FWD_KC_MAX / ci;
    } else {
        j.taps_per_chunk = 0;
        j.ci_parts = (ci + FWD_KC_MAX - 1) / FWD_KC_MAX;
    }
    pc_parallel_for(k, mblocks * j.groups, fwd_task, &j);
}

/* ---- weight gradient ------------------------------------------------------------------ */

size_t pc_f32_conv3x3_filter_workspace_direct__avx2(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                    size_t co)
{
    (void)k, (void)n, (void)h, (void)w, (void)ci;
    return FILT_KC * pc_x86_round_up(co, NR) * sizeof(float) + 64;   /* dOut's chunk, packed */
}

typedef struct filt_job {
    float *dw;
    const float *in, *dout;
    float *bpack;
    size_t n, h, w, ci, co;
    size_t p0, kc, nbs, ci_tiles, groups_per_tap;
} filt_job;

static void filt_pack_task(void *arg, size_t nb)
{
    const filt_job *j = arg;
    const size_t nr = pc_x86_min_size(NR, j->co - nb * NR);
    for (size_t k = 0; k < j->kc; k++) {
        float *dst = j->bpack + (nb * j->kc + k) * NR;
        memcpy(dst, j->dout + (j->p0 + k) * j->co + nb * NR, nr * sizeof(float));
        for (size_t c = nr; c < NR; c++) dst[c] = 0.0f;
    }
}

static void filt_task(void *arg, size_t task)
{
    const filt_job *j = arg;
    const size_t tap = task / j->groups_per_tap, dy = tap / 3, dx = tap % 3;
    const size_t m0 = task % j->groups_per_tap * FILT_TILES, m1 = pc_x86_min_size(m0 + FILT_TILES, j->ci_tiles);
    const size_t hw = j->h * j->w;
    float apack[FILT_TILES * FILT_KC * MR];

    for (size_t k = 0; k < j->kc; k++) {
        const size_t p = j->p0 + k, b = p / hw, y = p % hw / j->w + dy, x = p % j->w + dx;
        const float *src = y >= 1 && y <= j->h && x >= 1 && x <= j->w
                               ? j->in + ((b * j->h + y - 1) * j->w + x - 1) * j->ci
                               : NULL;
        for (size_t m = m0; m < m1; m++) {
            float *dst = apack + ((m - m0) * j->kc + k) * MR;
            for (size_t i = 0; i < MR; i++) {
                size_t c = m * MR + i;
                dst[i] = src && c < j->ci ? src[c] : 0.0f;
            }
        }
    }
    for (size_t nb = 0; nb < j->nbs; nb++) {
        const size_t nr = pc_x86_min_size(NR, j->co - nb * NR);
        for (size_t m = m0; m < m1; m++) {
            pc_f32_gemm_6x16p__avx2(j->kc, apack + (m - m0) * j->kc * MR, j->bpack + nb * j->kc * NR, NULL,
                                    pc_x86_min_size(MR, j->ci - m * MR), nr, 1, 0,
                                    j->dw + (tap * j->ci + m * MR) * j->co + nb * NR, j->co);
        }
    }
}

void pc_f32_conv3x3_backward_filter_direct__avx2(const pc_kernels *k, const float *in, const float *dout, size_t n,
                                                 size_t h, size_t w, size_t ci, size_t co, void *ws, float *dw)
{
    filt_job j = {dw, in, dout, pc_x86_align64(ws), n, h, w, ci, co, 0, 0, 0, 0, 0};
    const size_t pixels = n * h * w;
    j.nbs = pc_x86_round_up(co, NR) / NR;
    j.ci_tiles = (ci + MR - 1) / MR;
    j.groups_per_tap = (j.ci_tiles + FILT_TILES - 1) / FILT_TILES;
    for (j.p0 = 0; j.p0 < pixels; j.p0 += j.kc) {
        j.kc = pc_x86_min_size(FILT_KC, pixels - j.p0);
        pc_parallel_for(k, j.nbs, filt_pack_task, &j);
        pc_parallel_for(k, 9 * j.groups_per_tap, filt_task, &j);
    }
}
