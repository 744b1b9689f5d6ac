/* f32-gemm-openblas-native.c: GEMM on OpenBLAS's sgemm (Debian libopenblas), and the
 * library's thread count. The 3x3 convolution on the same sgemm is in
 * f32-conv3x3-openblas-native.c.
 * OpenBLAS runs its own threads (set once by pc_openblas_set_threads); results repeat run
 * to run for one thread count, but not across thread counts (kernels.c runs the dense
 * layers on one OpenBLAS thread for that reason). */
#include <cblas.h>
#include <string.h>

#include "blas.h"

void pc_openblas_set_threads(int threads)
{
    openblas_set_num_threads(threads);
}

void pc_f32_gemm_openblas__native(const pc_kernels *k, int trans_a, int trans_b, size_t m, size_t n, size_t kk,
                                  const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c,
                                  size_t ldc)
{
    (void)k;
    if (m == 0 || n == 0) return;
    if (kk == 0) {
        if (beta == 0.0f)
            for (size_t i = 0; i < m; i++) memset(c + i * ldc, 0, n * sizeof(float));
        return;
    }
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, (int)m,
                (int)n, (int)kk, 1.0f, a, (int)lda, b, (int)ldb, beta, c, (int)ldc);
}
