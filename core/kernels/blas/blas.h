/* blas.h: kernels on OpenBLAS (native builds with PC_WITH_OPENBLAS). */
#ifndef PC_KERNELS_BLAS_H
#define PC_KERNELS_BLAS_H

#include "../kernels.h"

void pc_f32_gemm_openblas__native(const pc_kernels *k, int trans_a, int trans_b, size_t m, size_t n, size_t kk,
                                  const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c,
                                  size_t ldc);
/* 3x3 convolution as im2col + sgemm; packed weights are the HWIO kernel itself. */
size_t pc_f32_conv3x3_workspace_openblas__native(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                 size_t co);
void pc_f32_conv3x3_forward_openblas__native(const pc_kernels *k, const float *in, const float *packed,
                                             const float *bias, size_t n, size_t h, size_t w, size_t ci, size_t co,
                                             int relu, void *ws, float *out);
void pc_f32_conv3x3_backward_filter_openblas__native(const pc_kernels *k, const float *in, const float *dout, size_t n,
                                                     size_t h, size_t w, size_t ci, size_t co, void *ws, float *dw);
/* Sets OpenBLAS's own thread count (a process-wide setting of the library). */
void pc_openblas_set_threads(int threads);

#endif
