/* tensor.h: shape arithmetic of the network engine (internal; the layout itself is
 * described in shape.h). */
#ifndef PC_NN_TENSOR_H
#define PC_NN_TENSOR_H

#include <stddef.h>

#include "../base/checked.h"
#include "shape.h"

/* Elements in one image (H * W * C), or 0 on overflow. */
static inline size_t pc_shape_image_elems(pc_shape s)
{
    size_t out;
    return pc_size_mul3(s.h, s.w, s.c, &out) ? out : 0;
}

/* Elements in the whole batch (N * H * W * C), or 0 on overflow. */
static inline size_t pc_shape_elems(pc_shape s)
{
    size_t out;
    return pc_size_mul(s.n, pc_shape_image_elems(s), &out) ? out : 0;
}

/* Output side of a 2x2 stride-2 max-pool: floor division, as Keras "valid" and
 * PyTorch's default (an odd last row or column is dropped). */
static inline size_t pc_pool2_out(size_t side)
{
    return side / 2;
}

#endif
