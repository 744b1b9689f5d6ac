/* shape.h: the one tensor layout of the network engine, and the shape type (public).
 *
 * Activations are float32 NHWC, as Keras and XNNPACK store them: the channel index C
 * is innermost, so element (n, h, w, c) of an (N, H, W, C) tensor is at
 *     ((n * H + h) * W + w) * C + c.
 * Convolution kernels are HWIO, Keras' layout: (KH, KW, CI, CO), CO innermost, so a
 * 3x3 kernel read as a matrix is (9 * CI) rows by CO columns. Dense kernels are
 * (I, O), also as Keras stores them. Tensors are plain pointers plus sizes passed
 * alongside (llm.c's style); nothing here owns memory. */
#ifndef PC_NN_SHAPE_H
#define PC_NN_SHAPE_H

#include <stddef.h>

/* An NHWC shape. Sizes are size_t so products of large sizes never wrap silently
 * (every product that comes from a file or a config goes through checked.h first). */
typedef struct pc_shape {
    size_t n, h, w, c;
} pc_shape;

static inline pc_shape pc_shape_make(size_t n, size_t h, size_t w, size_t c)
{
    pc_shape s = {n, h, w, c};
    return s;
}

#endif
