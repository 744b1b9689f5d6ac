/* choice.h: which kernels the network engine runs, as a user chooses them (public).
 *
 * The kernels themselves and their dispatch table are internal (kernels.h); what a user
 * of the library sees is this: the implementations by name ("auto", "ref", "avx2",
 * "openblas", "xnnpack", "winograd", "wasmsimd", "winograd4x4"), whether this build and CPU
 * has one, and the options a model is created with. */
#ifndef PC_KERNELS_CHOICE_H
#define PC_KERNELS_CHOICE_H

/* The dispatch table (opaque outside the engine; kernels.h defines it). */
typedef struct pc_kernels pc_kernels;

/* Which implementation a family uses. PC_KERNEL_AUTO lets kernels.c choose the fastest
 * one available on this CPU and build (the choice and its measurements are in kernels.c). */
typedef enum pc_kernel_impl {
    PC_KERNEL_AUTO = 0,
    PC_KERNEL_REF,        /* plain C, every build */
    PC_KERNEL_AVX2,       /* own AVX2 + FMA micro-kernels (x86-64 native, CPU checked at run time) */
    PC_KERNEL_OPENBLAS,   /* OpenBLAS sgemm (native, PC_WITH_OPENBLAS) */
    PC_KERNEL_XNNPACK,    /* XNNPACK convolution, forward only (native, PC_WITH_XNNPACK) */
    PC_KERNEL_WINOGRAD,   /* own Winograd F(2x2, 3x3) (convolutions only): on the AVX2 micro-kernel
                             natively, on the SIMD128 one under WebAssembly (forward only there) */
    PC_KERNEL_WASMSIMD,   /* own WebAssembly SIMD128 micro-kernels: GEMM, direct conv (forward only) */
    PC_KERNEL_WINOGRAD4X4, /* own Winograd F(4x4, 3x3) on SIMD128 (WebAssembly, conv forward only) */
    PC_KERNEL_IMPL_COUNT
} pc_kernel_impl;

/* "auto", "ref", "avx2", "openblas", "xnnpack", "winograd", "wasmsimd", "winograd4x4". */
const char *pc_kernel_impl_name(pc_kernel_impl impl);
/* Parses a name above; returns 1 and sets *out, or 0. */
int pc_kernel_impl_parse(const char *name, pc_kernel_impl *out);
/* Whether this build and CPU can run impl (AUTO and REF always can). */
int pc_kernel_impl_available(pc_kernel_impl impl);

/* Options for pc_kernels_init. Zero-initialised = choose everything automatically and
 * use every core. */
typedef struct pc_kernels_options {
    pc_kernel_impl gemm;          /* dense layers */
    pc_kernel_impl conv;          /* conv forward + input gradient */
    pc_kernel_impl conv_filter;   /* conv weight gradient */
    int threads;                  /* 0 = the number of online CPUs (1 under WebAssembly) */
    int no_avx512;                /* 1 = keep the own x86 kernels on AVX2 even when the CPU has
                                     AVX-512 (to test or time the AVX2 path; results are the same bits) */
} pc_kernels_options;

#endif
