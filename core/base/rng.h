/* rng.h: the project's own deterministic random number generator.
 *
 * Synthetic data, augmentation, dropout masks and initialisation must give the same
 * bits on every machine and compiler for a given seed, so nothing uses rand() or the
 * time. This is PCG32 (O'Neill, pcg-random.org, "pcg32_random_r"): 64-bit state,
 * 32-bit output, with independent streams. Floating-point helpers use only exact
 * integer-to-float conversions and IEEE operations, so they are bit-reproducible. */
#ifndef PC_BASE_RNG_H
#define PC_BASE_RNG_H

#include <stdint.h>

typedef struct pc_rng {
    uint64_t state;
    uint64_t inc;   /* stream selector, always odd */
} pc_rng;

/* seed picks the sequence, stream picks one of 2^63 independent sequences. */
void pc_rng_seed(pc_rng *rng, uint64_t seed, uint64_t stream);
uint32_t pc_rng_u32(pc_rng *rng);
/* Uniform in [0, bound) without modulo bias; bound > 0. */
uint32_t pc_rng_below(pc_rng *rng, uint32_t bound);
/* Uniform in [0, 1) with 24 random bits (exact in float). */
float pc_rng_uniform(pc_rng *rng);
/* Uniform in [lo, hi). */
float pc_rng_range(pc_rng *rng, float lo, float hi);
/* Uniform in [0, 1) with 53 random bits. */
double pc_rng_uniform_double(pc_rng *rng);
/* Standard normal (Box-Muller on doubles; uses log/sqrt/cos, which are correctly
 * rounded enough in practice that glibc and musl/emscripten agree for our use; the
 * synth tests check determinism on each build). */
double pc_rng_normal(pc_rng *rng);

#endif
