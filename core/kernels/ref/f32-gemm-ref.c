/* f32-gemm-ref.c: the reference GEMM, C = beta * C + op(A) op(B), row-major.
 *
 * Written for clarity, like llm.c's matmul_forward_naive: one output at a time, the
 * sum in the natural k order, in float (as the optimised kernels accumulate). It is the
 * truth for the other GEMMs, and the WebAssembly build's GEMM (there are no wasm SIMD128
 * kernels yet). */
#include <assert.h>

#include "../kernels.h"

void pc_f32_gemm__ref(const pc_kernels *k, int trans_a, int trans_b, size_t m, size_t n, size_t kk,
                      const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc)
{
    (void)k;
    assert(beta == 0.0f || beta == 1.0f);
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < n; j++) {
            float sum = 0.0f;
            for (size_t p = 0; p < kk; p++) {
                float av = trans_a ? a[p * lda + i] : a[i * lda + p];
                float bv = trans_b ? b[j * ldb + p] : b[p * ldb + j];
                sum += av * bv;
            }
            c[i * ldc + j] = beta == 0.0f ? sum : c[i * ldc + j] + sum;
        }
    }
}
