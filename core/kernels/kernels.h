/* kernels.h: the compute kernels of the network engine and the one table that picks them.
 *
 * Two families carry almost all the arithmetic of a VGG:
 *   gemm     C (M, N) = beta * C + op(A) op(B), row-major, for the dense layers;
 *   conv3x3  a 3x3 "same" convolution on NHWC tensors with HWIO weights: the forward
 *            pass (+ bias, + fused ReLU), which with flipped and transposed weights is
 *            also the input gradient, and the weight gradient.
 * Every family has a plain C reference in kernels/ref/ (the truth the others are
 * checked against) and optimised versions: kernels/x86/ (own AVX2 + FMA micro-kernels, direct
 * and Winograd F(2x2, 3x3), whose GEMMs take an AVX-512 tile when the CPU has AVX-512F),
 * kernels/blas/ (OpenBLAS, im2col + sgemm), kernels/xnnpack/ (Debian's XNNPACK, forward
 * only), kernels/wasm/ (own WebAssembly SIMD128 micro-kernels: GEMM, direct and Winograd
 * F(2x2, 3x3) and F(4x4, 3x3) convolutions, forward only). kernels.c fills a pc_kernels table once (XNNPACK's configs/ idea): which
 * version runs is decided there and nowhere else. Pooling, ReLU and the other
 * memory-bound ops are plain loops in core/nn/ that the compiler vectorises.
 *
 * Threads: a table may carry a thread pool (native builds, POSIX threads). Kernels
 * split their OUTPUT into tasks and each task computes its part of the output alone, in
 * a fixed order, so results are bitwise identical for any thread count and schedule
 * (OpenBLAS, when selected, keeps its own threads; see kernels.c).
 *
 * Kernels only assert their preconditions; the layers in core/nn/ validate sizes once.
 *
 * Names (XNNPACK's convention): pc_<type>_<kernel>[_<algo>]__<isa>
 *   type    f32;
 *   kernel  the operation: gemm, conv3x3_forward, conv3x3_backward_filter, and the
 *           helpers that go with a conv (conv3x3_pack, _packed_size, _workspace,
 *           _filter_workspace);
 *   algo    how it is computed: a micro-kernel tile (6x16), direct (implicit GEMM on
 *           that tile), winograd2x2 (F(2x2, 3x3)), or the library that does the
 *           arithmetic (openblas, xnnpack); omitted for the reference, which is the
 *           definition itself;
 *   isa     what the code is written for: ref (portable C, the reference), avx2 (AVX2 +
 *           FMA intrinsics), wasmsimd (WebAssembly SIMD128, wasm_simd128.h), native (portable C calling a library that picks its own
 *           code for the host CPU; native builds only).
 * e.g. pc_f32_gemm__ref, pc_f32_gemm_6x16__avx2, pc_f32_conv3x3_forward_winograd2x2__avx2,
 * pc_f32_gemm_openblas__native. Files are named the same way with dashes, one family and
 * algorithm per file: x86/f32-conv3x3-winograd2x2-avx2.c. The names users choose with
 * (pc_kernel_impl_parse: "avx2", "winograd", ...) name an implementation, not a file.
 *
 * Argument order: see polarcad.h ("Conventions"). */
#ifndef PC_KERNELS_KERNELS_H
#define PC_KERNELS_KERNELS_H

#include <stddef.h>

#include "../base/status.h"
#include "choice.h"   /* pc_kernels, pc_kernel_impl, pc_kernels_options: the public part */

/* C = beta * C + op(A) op(B); op(X) = X or X^T by trans_x; A is (M, K) after op, B (K, N).
 * beta is 0 (C is written, not read) or 1 (accumulate). lda/ldb/ldc are row strides.
 * Arguments in BLAS's order (cblas_sgemm's, without the layout), which also ends with C. */
typedef void (*pc_gemm_fn)(const pc_kernels *k, int trans_a, int trans_b, size_t m, size_t n, size_t kk,
                           const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c,
                           size_t ldc);

/* Floats of the packed form of a (3, 3, ci, co) kernel for this backend; 0 means the
 * backend takes the HWIO kernel as it is (no copy, conv_pack unused). */
typedef size_t (*pc_conv_packed_size_fn)(size_t ci, size_t co);
/* Packs HWIO weights w (3, 3, ci, co) into packed (conv_packed_size floats). */
typedef void (*pc_conv_pack_fn)(const float *w, size_t ci, size_t co, float *packed);
/* out (n, h, w, co) = conv3x3_same(in (n, h, w, ci), weights) + bias (co) [may be NULL],
 * then max(0, .) when relu. Writes out, never reads it. ws: conv_workspace bytes. */
typedef void (*pc_conv_forward_fn)(const pc_kernels *k, const float *in, const float *packed, const float *bias,
                                   size_t n, size_t h, size_t w, size_t ci, size_t co, int relu, void *ws, float *out);
/* dw (3, 3, ci, co) += sum over n, h, w of in (shifted by each tap, zero outside) x dout (n, h, w, co).
 * Accumulates into dw. ws: conv_workspace bytes. */
typedef void (*pc_conv_backward_filter_fn)(const pc_kernels *k, const float *in, const float *dout, size_t n, size_t h,
                                           size_t w, size_t ci, size_t co, void *ws, float *dw);
/* Bytes of workspace that forward and backward_filter need for these sizes (same for both). */
typedef size_t (*pc_conv_workspace_fn)(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci, size_t co);

/* The dispatch table. Fields are read-only after pc_kernels_init. */
struct pc_kernels {
    pc_kernel_impl gemm_impl;
    pc_gemm_fn gemm;

    pc_kernel_impl conv_impl;               /* forward and input gradient */
    pc_conv_packed_size_fn conv_packed_size;
    pc_conv_pack_fn conv_pack;
    pc_conv_forward_fn conv_forward;
    pc_conv_workspace_fn conv_workspace;

    pc_kernel_impl conv_filter_impl;        /* weight gradient (XNNPACK has none) */
    pc_conv_backward_filter_fn conv_backward_filter;
    pc_conv_workspace_fn conv_filter_workspace;

    int threads;    /* worker threads kernels may use (>= 1) */
    int x86_avx512; /* 1: the own Winograd GEMMs run the AVX-512 tile (CPU has AVX-512F, not refused) */
    void *pool;     /* thread pool when threads > 1, else NULL; owned by the table */
};

/* Whether impl has a convolution weight gradient in this build (XNNPACK and the WebAssembly
 * kernels are forward only). */
int pc_kernels_filter_available(pc_kernel_impl impl);

/* Fills *out. Fails (PC_STATUS_UNSUPPORTED) when a requested implementation is not in this
 * build or not supported by this CPU. Free with pc_kernels_free. */
pc_status pc_kernels_init(pc_ctx *ctx, const pc_kernels_options *options, pc_kernels *out);
void pc_kernels_free(pc_kernels *k);

/* Runs fn(arg, i) for i in [0, n), on the table's threads when it has any. Each i must
 * write its own part of the output (see "Threads" above). Returns when all are done. */
void pc_parallel_for(const pc_kernels *k, size_t n, void (*fn)(void *arg, size_t i), void *arg);

/* Flips and transposes a 3x3 kernel so that the input gradient of a convolution is a
 * forward convolution: wt (3, 3, co, ci)[2-dh][2-dw][o][i] = w (3, 3, ci, co)[dh][dw][i][o]. */
void pc_conv3x3_transpose_weights(const float *w, size_t ci, size_t co, float *wt);

/* Size helpers for kernel files: x rounded up to a multiple of m, and the smaller of two. */
static inline size_t pc_kernel_round_up(size_t x, size_t m)
{
    return (x + m - 1) / m * m;
}

static inline size_t pc_kernel_min(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* ---- the implementations, for the kernel tests and benchmarks (use the table otherwise) ---- */

void pc_f32_gemm__ref(const pc_kernels *k, int trans_a, int trans_b, size_t m, size_t n, size_t kk,
                      const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc);
size_t pc_f32_conv3x3_packed_size__ref(size_t ci, size_t co);
void pc_f32_conv3x3_pack__ref(const float *w, size_t ci, size_t co, float *packed);
void pc_f32_conv3x3_forward__ref(const pc_kernels *k, const float *in, const float *packed, const float *bias, size_t n,
                                 size_t h, size_t w, size_t ci, size_t co, int relu, void *ws, float *out);
void pc_f32_conv3x3_backward_filter__ref(const pc_kernels *k, const float *in, const float *dout, size_t n, size_t h,
                                         size_t w, size_t ci, size_t co, void *ws, float *dw);
size_t pc_f32_conv3x3_workspace__ref(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci, size_t co);

#endif
