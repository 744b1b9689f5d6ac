/* act.c: ReLU, forward and backward (Keras "relu", PyTorch relu). The conv and dense
 * layers fuse the forward into their kernels and call the backward for the mask. */
#include "layers.h"

void pc_relu_forward(const float *in, size_t count, float *out)
{
    for (size_t i = 0; i < count; i++) out[i] = in[i] > 0.0f ? in[i] : 0.0f;
}

/* dout is read whatever the mask says: a load that depends on the mask is a branch the
 * compiler cannot vectorise, and one mispredicted on half the pixels (it was 8 % of a
 * training step); read first and selected, the loop is a vector compare and blend. */
void pc_relu_backward(const float *out, const float *dout, size_t count, float *din)
{
    for (size_t i = 0; i < count; i++) {
        const float g = dout[i];
        din[i] = out[i] > 0.0f ? g : 0.0f;
    }
}
