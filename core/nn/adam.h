/* adam.h: the settings of Adam as Keras implements it (public; the update itself is
 * pc_adam_update in layers.h). */
#ifndef PC_NN_ADAM_H
#define PC_NN_ADAM_H

typedef struct pc_adam_config {
    float lr;        /* 1e-3 */
    float beta1;     /* 0.9 */
    float beta2;     /* 0.999 */
    float epsilon;   /* 1e-7, added to sqrt(v) before bias correction (Keras' "epsilon hat") */
} pc_adam_config;

/* Keras' defaults above. */
pc_adam_config pc_adam_config_default(void);

#endif
