/* loss.c: softmax (for the loss and for prediction) + categorical cross-entropy over class indices (Keras Dense(k,
 * activation="softmax") + categorical_crossentropy on one-hot labels; PyTorch
 * cross_entropy on logits, mean reduction).
 *
 * Numerics: each row's maximum is subtracted before exp, and the loss is taken as
 * log(sum exp(z - max)) - (z_label - max) rather than -log(softmax), so it stays finite
 * when a probability underflows. (Keras clips probabilities at 1e-7 when it is given
 * probabilities; on logits, as here and in TF's fused path, there is no clipping.) */
#include <math.h>

#include "layers.h"

/* p = softmax(z) for one row of k; returns log(sum exp(z - max)) and the max in *zmax. */
static double softmax_row(const float *z, size_t k, float *p, float *zmax_out)
{
    float zmax = z[0];
    for (size_t c = 1; c < k; c++)
        if (z[c] > zmax) zmax = z[c];
    double sum = 0.0;
    for (size_t c = 0; c < k; c++) sum += exp((double)z[c] - zmax);
    for (size_t c = 0; c < k; c++) p[c] = (float)(exp((double)z[c] - zmax) / sum);
    *zmax_out = zmax;
    return log(sum);
}

void pc_softmax_forward(const float *logits, size_t n, size_t k, float *probs)
{
    float zmax;
    for (size_t b = 0; b < n; b++) softmax_row(logits + b * k, k, probs + b * k, &zmax);
}

float pc_softmax_xent_forward(const float *logits, const int *labels, size_t n, size_t k, float *probs)
{
    double total = 0.0;
    for (size_t b = 0; b < n; b++) {
        const float *z = logits + b * k;
        float zmax;
        const double lse = softmax_row(z, k, probs + b * k, &zmax);
        total += lse - ((double)z[labels[b]] - zmax);
    }
    return (float)(total / (double)n);
}

void pc_softmax_xent_backward(const float *probs, const int *labels, size_t n, size_t k, float *dlogits)
{
    const float inv_n = 1.0f / (float)n;
    for (size_t b = 0; b < n; b++)
        for (size_t c = 0; c < k; c++)
            dlogits[b * k + c] = (probs[b * k + c] - ((size_t)labels[b] == c ? 1.0f : 0.0f)) * inv_n;
}
