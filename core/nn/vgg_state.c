/* vgg_state.c: what training changes besides the parameters (Adam's moments and step
 * count, the dropout generator), exposed so a checkpoint can save it and a resumed run
 * continue bit-identically (core/train/checkpoint.c). */
#include "vgg_internal.h"

void pc_vgg_train_state_get(pc_vgg *m, pc_vgg_train_state *out)
{
    out->adam_steps = m->adam_t;
    out->dropout_rng[0] = m->dropout_rng.state;
    out->dropout_rng[1] = m->dropout_rng.inc;
    out->moments = m->plan.mem.trainable;
    out->adam_m = m->adam_m;
    out->adam_v = m->adam_v;
}

void pc_vgg_train_state_set(pc_vgg *m, long adam_steps, const uint64_t dropout_rng[2])
{
    m->adam_t = adam_steps;
    m->dropout_rng.state = dropout_rng[0];
    m->dropout_rng.inc = dropout_rng[1];
}
