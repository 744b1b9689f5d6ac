/* xnnpack.h (polarcad): 3x3 convolution forward on Debian's XNNPACK (native builds with
 * PC_WITH_XNNPACK). Inference only: XNNPACK has no gradients. */
#ifndef PC_KERNELS_XNNPACK_H
#define PC_KERNELS_XNNPACK_H

#include "../kernels.h"

/* Initialises XNNPACK once per process (xnn_initialize is idempotent and thread-safe). */
int pc_xnnpack_init(void);
/* Packed form: the kernel in XNNPACK's OHWI order (co, 3, 3, ci). */
size_t pc_f32_conv3x3_packed_size_xnnpack__native(size_t ci, size_t co);
void pc_f32_conv3x3_pack_xnnpack__native(const float *w, size_t ci, size_t co, float *packed);
size_t pc_f32_conv3x3_workspace_xnnpack__native(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                size_t co);
/* Creates an operator from the packed weights, runs it and deletes it (XNNPACK repacks
 * the weights into its own layout at creation: a cost of 9 * ci * co copies per call). */
void pc_f32_conv3x3_forward_xnnpack__native(const pc_kernels *k, const float *in, const float *packed,
                                            const float *bias, size_t n, size_t h, size_t w, size_t ci, size_t co,
                                            int relu, void *ws, float *out);

#endif
