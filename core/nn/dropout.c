/* dropout.c: inverted dropout (Keras Dropout(rate), PyTorch nn.Dropout(p)), forward and
 * backward. Active only in training; inference skips the layer. The mask comes from the
 * project's PCG32 (base/rng.h), never from rand(), so a seed gives the same mask on every
 * machine, and the PyTorch reference can replay it (tests/ref/pcg32.py). */
#include "layers.h"

void pc_dropout_forward(const float *in, size_t count, float rate, pc_rng *rng, float *out, uint8_t *mask)
{
    const float scale = 1.0f / (1.0f - rate);
    for (size_t i = 0; i < count; i++) {
        mask[i] = pc_rng_uniform(rng) >= rate;
        out[i] = mask[i] ? in[i] * scale : 0.0f;
    }
}

void pc_dropout_backward(const float *dout, const uint8_t *mask, size_t count, float rate, float *din)
{
    const float scale = 1.0f / (1.0f - rate);
    for (size_t i = 0; i < count; i++) din[i] = mask[i] ? dout[i] * scale : 0.0f;
}
