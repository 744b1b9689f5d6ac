/* rng.c: PCG32 (see rng.h). */
#include "rng.h"

#include <math.h>

void pc_rng_seed(pc_rng *rng, uint64_t seed, uint64_t stream)
{
    rng->state = 0u;
    rng->inc = (stream << 1u) | 1u;
    (void)pc_rng_u32(rng);
    rng->state += seed;
    (void)pc_rng_u32(rng);
}

uint32_t pc_rng_u32(pc_rng *rng)
{
    uint64_t old = rng->state;
    rng->state = old * 6364136223846793005ULL + rng->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

uint32_t pc_rng_below(pc_rng *rng, uint32_t bound)
{
    /* Reject the low values that would make the modulo uneven (pcg32_boundedrand_r). */
    uint32_t threshold = (0u - bound) % bound;
    for (;;) {
        uint32_t r = pc_rng_u32(rng);
        if (r >= threshold) return r % bound;
    }
}

float pc_rng_uniform(pc_rng *rng)
{
    return (float)(pc_rng_u32(rng) >> 8) * (1.0f / 16777216.0f);
}

float pc_rng_range(pc_rng *rng, float lo, float hi)
{
    return lo + (hi - lo) * pc_rng_uniform(rng);
}

double pc_rng_uniform_double(pc_rng *rng)
{
    uint64_t hi = pc_rng_u32(rng) >> 5;   /* 27 bits */
    uint64_t lo = pc_rng_u32(rng) >> 6;   /* 26 bits */
    return (double)((hi << 26) | lo) * (1.0 / 9007199254740992.0);
}

double pc_rng_normal(pc_rng *rng)
{
    /* 1 - u keeps the argument of log in (0, 1]. */
    double u1 = 1.0 - pc_rng_uniform_double(rng);
    double u2 = pc_rng_uniform_double(rng);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
