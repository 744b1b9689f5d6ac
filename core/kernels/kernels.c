/* kernels.c: the one place that decides which kernel runs (see kernels.h), and the
 * thread pool the kernels share.
 *
 * What AUTO picks, and why. Measured with `bench_nn layers 150 150 --threads 2` on the
 * 2-core AMD EPYC (Zen 4, AVX2 + FMA used) of the project machine, GFLOP/s counted as the
 * direct convolution's 2 x MACs, forward / weight gradient, ranges over the 13 VGG16 layers
 * except block1_conv1 (that command prints the per-layer table):
 *     Winograd F(2x2, 3x3), own AVX2    139-253 / 93-254
 *     direct implicit GEMM, own AVX2     82-132 / 75-122
 *     OpenBLAS 0.3.21, im2col + sgemm    74-131 / 72-128
 *     XNNPACK (Debian 2022-02), forward  34-68   (its f32 igemm spills a register in the
 *                                                 inner loop in Debian's build)
 * so the convolutions (forward, input gradient, weight gradient) use Winograd, which itself
 * falls back to the direct AVX2 kernel for layers with fewer than 8 input channels
 * (block1_conv1). Dense layers (< 0.1 % of the work) use the reference GEMM, not OpenBLAS:
 * OpenBLAS picks its sgemm by CPU model (OPENBLAS_CORETYPE=Haswell and =Sandybridge train a
 * different model file from the same seed on one machine), so with it a base pretrained on
 * one machine was not the base another machine made from the same recipe; the reference sums
 * in one fixed order on every CPU, and `bench_nn train` (VGG16-4, 300 x 300, batch 16, 2
 * threads) measured it no slower: 1.96 s a step against OpenBLAS's 2.34 s. Without AVX2 +
 * FMA the reference kernels run. XNNPACK and OpenBLAS stay selectable (pc_kernels_options)
 * and are tested like the rest.
 * On a CPU with AVX-512F the Winograd GEMMs (most of the work) run a 12x16 zmm tile instead
 * of the 6x16 ymm one, with the same bits (x86/f32-gemm-12x16-avx512.c). Measured with
 * `bench_nn layers 300 300 --threads 1 --batch 16 --first 9` (CPU time, so robust to the
 * shared machine's load) on the Zen 5 EPYC: block4_conv3..block5_conv3 forward 217-234 ->
 * 369-400 GFLOP/s, weight gradient 222-237 -> 333-359 (zmm FMA peak 266 real GFLOP/s a
 * core against 133 for ymm). pc_kernels_options.no_avx512 keeps AVX2 (tests, timing).
 *
 * Under WebAssembly (kernels/wasm/, SIMD128, one thread; the browser only infers): measured
 * with `scripts/bench-wasm --layers 150x150` in Node 20 (the 13 VGG16 convs, ms summed,
 * GFLOP/s as the direct count, on the same 2-core machine shared with other jobs):
 *     Winograd F(4x4, 3x3)   264 ms   56-84 GFLOP/s in blocks 1-3
 *     Winograd F(2x2, 3x3)   311 ms   42-52
 *     direct implicit GEMM   547 ms   25-30   (the reference kernels: ~1000 ms)
 * and in blocks 4-5 (512 channels, 18x18 and 9x9) F(4x4) was no faster than F(2x2), so AUTO
 * takes "winograd4x4", which runs F(4x4) up to 256 output channels, F(2x2) above and the
 * direct kernel below 8 input channels (block1_conv1). Dense layers use the 4x8 micro-kernel.
 * The weight gradient keeps the reference kernel (training runs natively).
 * Threads: pthreadpool (Debian libpthreadpool, the pool XNNPACK itself uses). */
#define _POSIX_C_SOURCE 200809L   /* sysconf */
#include "kernels.h"

#include <stdlib.h>
#include <string.h>

#ifdef PC_HAVE_PTHREADPOOL
#include <pthreadpool.h>
#include <unistd.h>
#endif
#ifdef PC_HAVE_AVX2
#include "x86/x86.h"
#endif
#ifdef PC_HAVE_OPENBLAS
#include "blas/blas.h"
#endif
#ifdef PC_HAVE_XNNPACK
#include "xnnpack/xnnpack.h"
#endif
#ifdef PC_HAVE_WASMSIMD
#include "wasm/wasm.h"
/* AUTO's convolution under WebAssembly (measurements in the opening comment). */
#define WASM_AUTO_CONV PC_KERNEL_WINOGRAD4X4
#endif

static const char *const impl_names[PC_KERNEL_IMPL_COUNT] = {"auto",     "ref",      "avx2",        "openblas",
                                                              "xnnpack",  "winograd", "wasmsimd", "winograd4x4"};

const char *pc_kernel_impl_name(pc_kernel_impl impl)
{
    return (unsigned)impl < PC_KERNEL_IMPL_COUNT ? impl_names[impl] : "unknown";
}

int pc_kernel_impl_parse(const char *name, pc_kernel_impl *out)
{
    for (int i = 0; i < PC_KERNEL_IMPL_COUNT; i++)
        if (name && strcmp(name, impl_names[i]) == 0) {
            *out = (pc_kernel_impl)i;
            return 1;
        }
    return 0;
}

int pc_kernel_impl_available(pc_kernel_impl impl)
{
    switch (impl) {
    case PC_KERNEL_AUTO:
    case PC_KERNEL_REF: return 1;
    case PC_KERNEL_AVX2:
#ifdef PC_HAVE_AVX2
        return pc_x86_has_avx2_fma();
#else
        return 0;
#endif
    case PC_KERNEL_WINOGRAD:
#if defined(PC_HAVE_AVX2)
        return pc_x86_has_avx2_fma();
#elif defined(PC_HAVE_WASMSIMD)
        return 1;
#else
        return 0;
#endif
    case PC_KERNEL_WASMSIMD:
    case PC_KERNEL_WINOGRAD4X4:
#ifdef PC_HAVE_WASMSIMD
        return 1;
#else
        return 0;
#endif
    case PC_KERNEL_OPENBLAS:
#ifdef PC_HAVE_OPENBLAS
        return 1;
#else
        return 0;
#endif
    case PC_KERNEL_XNNPACK:
#ifdef PC_HAVE_XNNPACK
        return pc_xnnpack_init();
#else
        return 0;
#endif
    case PC_KERNEL_IMPL_COUNT: break;
    }
    return 0;
}

static pc_status check_impl(pc_ctx *ctx, const char *family, pc_kernel_impl impl)
{
    if ((unsigned)impl >= PC_KERNEL_IMPL_COUNT)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "kernels: unknown implementation %d for %s", (int)impl,
                       family);
    if (!pc_kernel_impl_available(impl))
        return pc_fail(ctx, PC_STATUS_UNSUPPORTED, "kernels: %s implementation '%s' is not available in this %s",
                       family, pc_kernel_impl_name(impl),
                       impl == PC_KERNEL_AVX2 || impl == PC_KERNEL_WINOGRAD ? "build or CPU (needs x86-64 with AVX2 and FMA)"
                       : impl == PC_KERNEL_WASMSIMD || impl == PC_KERNEL_WINOGRAD4X4 ? "build (WebAssembly only)"
                                                                                    : "build");
    return PC_STATUS_OK;
}

static void set_gemm(pc_kernels *k, pc_kernel_impl impl)
{
    k->gemm_impl = PC_KERNEL_REF;
    k->gemm = pc_f32_gemm__ref;
#ifdef PC_HAVE_WASMSIMD
    if (impl == PC_KERNEL_WASMSIMD || impl == PC_KERNEL_AUTO) {
        k->gemm_impl = PC_KERNEL_WASMSIMD;
        k->gemm = pc_f32_gemm_4x8_table__wasmsimd;
    }
#endif
#ifdef PC_HAVE_OPENBLAS
    if (impl == PC_KERNEL_OPENBLAS) {   /* never AUTO: its bits depend on the CPU model */
        k->gemm_impl = PC_KERNEL_OPENBLAS;
        k->gemm = pc_f32_gemm_openblas__native;
    }
#endif
    (void)impl;
}

static void set_conv(pc_kernels *k, pc_kernel_impl impl)
{
#ifdef PC_HAVE_WASMSIMD
    if (impl == PC_KERNEL_AUTO) impl = WASM_AUTO_CONV;
#endif
    if (impl == PC_KERNEL_AUTO)
        impl = pc_kernel_impl_available(PC_KERNEL_WINOGRAD) ? PC_KERNEL_WINOGRAD : PC_KERNEL_REF;
    k->conv_impl = PC_KERNEL_REF;
    k->conv_packed_size = pc_f32_conv3x3_packed_size__ref;
    k->conv_pack = pc_f32_conv3x3_pack__ref;
    k->conv_forward = pc_f32_conv3x3_forward__ref;
    k->conv_workspace = pc_f32_conv3x3_workspace__ref;
#ifdef PC_HAVE_AVX2
    if (impl == PC_KERNEL_AVX2) {
        k->conv_impl = impl;
        k->conv_packed_size = pc_f32_conv3x3_packed_size_direct__avx2;
        k->conv_pack = pc_f32_conv3x3_pack_direct__avx2;
        k->conv_forward = pc_f32_conv3x3_forward_direct__avx2;
        k->conv_workspace = pc_f32_conv3x3_workspace_direct__avx2;
    }
    if (impl == PC_KERNEL_WINOGRAD) {
        k->conv_impl = impl;
        k->conv_packed_size = pc_f32_conv3x3_packed_size_winograd2x2__avx2;
        k->conv_pack = pc_f32_conv3x3_pack_winograd2x2__avx2;
        k->conv_forward = pc_f32_conv3x3_forward_winograd2x2__avx2;
        k->conv_workspace = pc_f32_conv3x3_workspace_winograd2x2__avx2;
    }
#endif
#ifdef PC_HAVE_WASMSIMD
    if (impl == PC_KERNEL_WASMSIMD) {
        k->conv_impl = impl;
        k->conv_packed_size = pc_f32_conv3x3_packed_size_direct__wasmsimd;
        k->conv_pack = pc_f32_conv3x3_pack_direct__wasmsimd;
        k->conv_forward = pc_f32_conv3x3_forward_direct__wasmsimd;
        k->conv_workspace = pc_f32_conv3x3_workspace_direct__wasmsimd;
    }
    if (impl == PC_KERNEL_WINOGRAD) {
        k->conv_impl = impl;
        k->conv_packed_size = pc_f32_conv3x3_packed_size_winograd2x2__wasmsimd;
        k->conv_pack = pc_f32_conv3x3_pack_winograd2x2__wasmsimd;
        k->conv_forward = pc_f32_conv3x3_forward_winograd2x2__wasmsimd;
        k->conv_workspace = pc_f32_conv3x3_workspace_winograd2x2__wasmsimd;
    }
    if (impl == PC_KERNEL_WINOGRAD4X4) {
        k->conv_impl = impl;
        k->conv_packed_size = pc_f32_conv3x3_packed_size_winograd4x4__wasmsimd;
        k->conv_pack = pc_f32_conv3x3_pack_winograd4x4__wasmsimd;
        k->conv_forward = pc_f32_conv3x3_forward_winograd4x4__wasmsimd;
        k->conv_workspace = pc_f32_conv3x3_workspace_winograd4x4__wasmsimd;
    }
#endif
#ifdef PC_HAVE_OPENBLAS
    if (impl == PC_KERNEL_OPENBLAS) {
        k->conv_impl = impl;
        k->conv_forward = pc_f32_conv3x3_forward_openblas__native;   /* packed = HWIO, as the reference */
        k->conv_workspace = pc_f32_conv3x3_workspace_openblas__native;
    }
#endif
#ifdef PC_HAVE_XNNPACK
    if (impl == PC_KERNEL_XNNPACK) {
        k->conv_impl = impl;
        k->conv_packed_size = pc_f32_conv3x3_packed_size_xnnpack__native;
        k->conv_pack = pc_f32_conv3x3_pack_xnnpack__native;
        k->conv_forward = pc_f32_conv3x3_forward_xnnpack__native;
        k->conv_workspace = pc_f32_conv3x3_workspace_xnnpack__native;
    }
#endif
}

int pc_kernels_filter_available(pc_kernel_impl impl)
{
    if (impl == PC_KERNEL_XNNPACK || impl == PC_KERNEL_WASMSIMD || impl == PC_KERNEL_WINOGRAD4X4) return 0;
#ifndef PC_HAVE_AVX2
    if (impl == PC_KERNEL_WINOGRAD) return 0;   /* the wasm Winograd is forward only */
#endif
    return pc_kernel_impl_available(impl);
}

static void set_conv_filter(pc_kernels *k, pc_kernel_impl impl)
{
    if (impl == PC_KERNEL_AUTO)
        impl = pc_kernels_filter_available(PC_KERNEL_WINOGRAD) ? PC_KERNEL_WINOGRAD : PC_KERNEL_REF;
    k->conv_filter_impl = PC_KERNEL_REF;
    k->conv_backward_filter = pc_f32_conv3x3_backward_filter__ref;
    k->conv_filter_workspace = pc_f32_conv3x3_workspace__ref;
#ifdef PC_HAVE_AVX2
    if (impl == PC_KERNEL_AVX2) {
        k->conv_filter_impl = impl;
        k->conv_backward_filter = pc_f32_conv3x3_backward_filter_direct__avx2;
        k->conv_filter_workspace = pc_f32_conv3x3_filter_workspace_direct__avx2;
    }
    if (impl == PC_KERNEL_WINOGRAD) {
        k->conv_filter_impl = impl;
        k->conv_backward_filter = pc_f32_conv3x3_backward_filter_winograd2x2__avx2;
        k->conv_filter_workspace = pc_f32_conv3x3_filter_workspace_winograd2x2__avx2;
    }
#endif
#ifdef PC_HAVE_OPENBLAS
    if (impl == PC_KERNEL_OPENBLAS) {
        k->conv_filter_impl = impl;
        k->conv_backward_filter = pc_f32_conv3x3_backward_filter_openblas__native;
        k->conv_filter_workspace = pc_f32_conv3x3_workspace_openblas__native;
    }
#endif
}

pc_status pc_kernels_init(pc_ctx *ctx, const pc_kernels_options *options, pc_kernels *out)
{
    pc_kernels_options o = {0};
    if (options) o = *options;
    pc_status st;
    if (o.gemm == PC_KERNEL_AVX2 || o.gemm == PC_KERNEL_XNNPACK || o.gemm == PC_KERNEL_WINOGRAD ||
        o.gemm == PC_KERNEL_WINOGRAD4X4)
        return pc_fail(ctx, PC_STATUS_UNSUPPORTED, "kernels: there is no %s gemm (use ref, openblas or wasmsimd)",
                       pc_kernel_impl_name(o.gemm));
    if (o.conv_filter == PC_KERNEL_XNNPACK)
        return pc_fail(ctx, PC_STATUS_UNSUPPORTED, "kernels: XNNPACK has no convolution weight gradient");
    if ((unsigned)o.conv_filter < PC_KERNEL_IMPL_COUNT && pc_kernel_impl_available(o.conv_filter) &&
        o.conv_filter != PC_KERNEL_AUTO && !pc_kernels_filter_available(o.conv_filter))
        return pc_fail(ctx, PC_STATUS_UNSUPPORTED,
                       "kernels: '%s' has no convolution weight gradient in this build (forward only; use ref)",
                       pc_kernel_impl_name(o.conv_filter));
    if ((st = check_impl(ctx, "gemm", o.gemm)) || (st = check_impl(ctx, "conv", o.conv)) ||
        (st = check_impl(ctx, "conv weight-gradient", o.conv_filter)))
        return st;
    if (o.threads < 0 || o.threads > 256)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "kernels: thread count %d is not in 0..256", o.threads);

    pc_kernels k;
    memset(&k, 0, sizeof k);
    set_gemm(&k, o.gemm);
    set_conv(&k, o.conv);
    set_conv_filter(&k, o.conv_filter);

    int threads = o.threads;
#ifdef PC_HAVE_PTHREADPOOL
    if (threads == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus >= 1 && cpus <= 256 ? (int)cpus : 1;
    }
    if (threads > 1) {
        k.pool = pthreadpool_create((size_t)threads);
        if (!k.pool) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "kernels: cannot start %d threads", threads);
    }
#else
    threads = 1;   /* no thread pool in this build (WebAssembly): everything on the caller's thread */
#endif
    k.threads = threads;
#ifdef PC_HAVE_AVX2
    k.x86_avx512 = !o.no_avx512 && pc_x86_has_avx512f();
#endif
#ifdef PC_HAVE_OPENBLAS
    /* OpenBLAS splits the dense layers' small GEMMs differently for 1 and for 2 threads, and
     * the sums then differ in the last bit (measured: a model trained with --threads 1 and 2
     * differed from the first trainable tensor on). The dense layers are < 0.1 % of the work,
     * so they run OpenBLAS on one thread and a model's bytes do not depend on --threads.
     * Only when OpenBLAS is chosen for the convolutions (a benchmark choice) does it get the
     * threads, and then results depend on their number. */
    if (k.conv_impl == PC_KERNEL_OPENBLAS || k.conv_filter_impl == PC_KERNEL_OPENBLAS)
        pc_openblas_set_threads(threads);
    else if (k.gemm_impl == PC_KERNEL_OPENBLAS)
        pc_openblas_set_threads(1);
#endif
    *out = k;
    return PC_STATUS_OK;
}

void pc_kernels_free(pc_kernels *k)
{
    if (!k) return;
#ifdef PC_HAVE_PTHREADPOOL
    if (k->pool) pthreadpool_destroy((pthreadpool_t)k->pool);
#endif
    memset(k, 0, sizeof *k);
}

void pc_parallel_for(const pc_kernels *k, size_t n, void (*fn)(void *arg, size_t i), void *arg)
{
#ifdef PC_HAVE_PTHREADPOOL
    if (k && k->pool && n > 1) {
        /* YIELD: workers sleep between calls instead of spinning. On a shared machine a
         * spinning worker can hold a core while the thread it waits for is descheduled
         * (measured: up to 4x slower under load); the wake-up costs microseconds. */
        pthreadpool_parallelize_1d((pthreadpool_t)k->pool, fn, arg, n, PTHREADPOOL_FLAG_YIELD_WORKERS);
        return;
    }
#else
    (void)k;
#endif
    for (size_t i = 0; i < n; i++) fn(arg, i);
}

void pc_conv3x3_transpose_weights(const float *w, size_t ci, size_t co, float *wt)
{
    for (size_t s = 0; s < 9; s++)
        for (size_t i = 0; i < ci; i++)
            for (size_t o = 0; o < co; o++) wt[((8 - s) * co + o) * ci + i] = w[(s * ci + i) * co + o];
}
