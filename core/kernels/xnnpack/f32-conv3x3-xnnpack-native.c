/* f32-conv3x3-xnnpack-native.c: the 3x3 "same" convolution through XNNPACK's operator API
 * (Debian's libxnnpack-dev is the 2022-02-16 snapshot: create, setup, run, delete, no
 * reshape; see /usr/include/xnnpack.h).
 *
 * Measured on this machine (kernels.c has the numbers): Debian's build of XNNPACK's
 * f32 igemm spills an accumulator to the stack in its inner loop (objdump: a
 * vfmadd213ps with a stack operand and a store back, every iteration) and reaches about
 * half of the own direct AVX2 kernel and a third of the Winograd one, so AUTO does not
 * pick it. It stays selectable (PC_KERNEL_XNNPACK) and is tested like every kernel.
 * If an operator cannot be created (out of memory), the output is filled with NaN so the
 * failure cannot pass unnoticed; the kernel interface has no status by design. */
#include <math.h>
#include <string.h>
#include <xnnpack.h>

#include "xnnpack.h"

int pc_xnnpack_init(void)
{
    return xnn_initialize(NULL) == xnn_status_success;
}

size_t pc_f32_conv3x3_packed_size_xnnpack__native(size_t ci, size_t co)
{
    return 9 * ci * co;
}

void pc_f32_conv3x3_pack_xnnpack__native(const float *w, size_t ci, size_t co, float *packed)
{
    for (size_t o = 0; o < co; o++)
        for (size_t s = 0; s < 9; s++)
            for (size_t i = 0; i < ci; i++) packed[(o * 9 + s) * ci + i] = w[(s * ci + i) * co + o];
}

size_t pc_f32_conv3x3_workspace_xnnpack__native(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci, size_t co)
{
    (void)k, (void)n, (void)h, (void)w, (void)ci;
    return co * sizeof(float);   /* zero bias when the layer has none */
}

void pc_f32_conv3x3_forward_xnnpack__native(const pc_kernels *k, const float *in, const float *packed,
                                            const float *bias, size_t n, size_t h, size_t w, size_t ci, size_t co,
                                            int relu, void *ws, float *out)
{
    xnn_operator_t op = NULL;
    if (!bias) {
        memset(ws, 0, co * sizeof(float));
        bias = ws;
    }
    pthreadpool_t pool = (pthreadpool_t)k->pool;
    if (xnn_create_convolution2d_nhwc_f32(1, 1, 1, 1, 3, 3, 1, 1, 1, 1, 1, ci, co, ci, co, packed, bias,
                                          relu ? 0.0f : -INFINITY, INFINITY, 0, &op) != xnn_status_success ||
        xnn_setup_convolution2d_nhwc_f32(op, n, h, w, in, out, pool) != xnn_status_success ||
        xnn_run_operator(op, pool) != xnn_status_success) {
        for (size_t i = 0; i < n * h * w * co; i++) out[i] = NAN;
    }
    if (op) xnn_delete_operator(op);
}
