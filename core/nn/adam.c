/* adam.c: the Adam optimiser as Keras implements it (tf.keras.optimizers.Adam, which
 * calls TensorFlow's ApplyAdam):
 *     alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 *     m = beta1 m + (1 - beta1) g
 *     v = beta2 v + (1 - beta2) g^2
 *     p -= alpha * m / (sqrt(v) + epsilon)
 * epsilon is added to the UNcorrected sqrt(v) (Kingma & Ba's "epsilon hat" form), which
 * differs from torch.optim.Adam (epsilon after bias correction); the PyTorch reference
 * writes this update by hand (docs/pipeline.md 5). Defaults are Keras': 1e-3, 0.9, 0.999, 1e-7. */
#include <math.h>

#include "layers.h"

pc_adam_config pc_adam_config_default(void)
{
    pc_adam_config c = {1e-3f, 0.9f, 0.999f, 1e-7f};
    return c;
}

void pc_adam_update(const float *grad, size_t count, const pc_adam_config *cfg, long t, float *param, float *m,
                    float *v)
{
    const double b1t = pow((double)cfg->beta1, (double)t), b2t = pow((double)cfg->beta2, (double)t);
    const float alpha = (float)((double)cfg->lr * sqrt(1.0 - b2t) / (1.0 - b1t));
    const float b1 = cfg->beta1, b2 = cfg->beta2, eps = cfg->epsilon;
    for (size_t i = 0; i < count; i++) {
        const float g = grad[i];
        m[i] = b1 * m[i] + (1.0f - b1) * g;
        v[i] = b2 * v[i] + (1.0f - b2) * g * g;
        param[i] -= alpha * m[i] / (sqrtf(v[i]) + eps);
    }
}
