/* detmath.c: bit-reproducible exp, log, sin, cos, atan2 (see detmath.h).
 *
 * Classic argument reduction (Cody-Waite with split constants, as fdlibm) followed by
 * Taylor series long enough that the truncation error is below 1e-17 relative. */
#include "detmath.h"

#include <math.h>

static const double LN2_HI = 6.93147180369123816490e-01;   /* upper bits: k * LN2_HI is exact */
static const double LN2_LO = 1.90821492927058770002e-10;
static const double INV_LN2 = 1.44269504088896338700e+00;

/* Horner over coefficients c[0] + c[1] t + ... + c[n-1] t^(n-1). */
static double horner(const double *c, int n, double t)
{
    double p = c[n - 1];
    for (int i = n - 2; i >= 0; i--) p = p * t + c[i];
    return p;
}

/* 1/k! for k = 0..19 */
static const double inv_fact[20] = {
    1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
    1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0,
    1.0 / 87178291200.0, 1.0 / 1307674368000.0, 1.0 / 20922789888000.0,
    1.0 / 355687428096000.0, 1.0 / 6402373705728000.0, 1.0 / 121645100408832000.0,
};

double pc_dm_exp(double x)
{
    if (x != x) return x;
    if (x > 709.7) return HUGE_VAL;
    if (x < -745.2) return 0.0;
    double k = floor(x * INV_LN2 + 0.5);
    double r = (x - k * LN2_HI) - k * LN2_LO;          /* |r| <= 0.347 */
    double p = horner(inv_fact, 16, r);                /* to r^15: 0.347^16/16! < 1e-20 */
    return ldexp(p, (int)k);
}

double pc_dm_log(double x)
{
    if (x != x || x < 0.0) return NAN;
    if (x == 0.0) return -HUGE_VAL;
    if (x == HUGE_VAL) return x;
    int e;
    double m = frexp(x, &e);                           /* x = m 2^e, m in [0.5, 1) */
    if (m < 0.70710678118654752440) { m *= 2.0; e -= 1; }
    double f = (m - 1.0) / (m + 1.0);                  /* |f| <= 0.1716 */
    double f2 = f * f;
    /* log(m) = 2 atanh(f) = 2 (f + f^3/3 + ... + f^23/23) */
    double s = 1.0 / 23.0;
    for (int n = 21; n >= 1; n -= 2) s = s * f2 + 1.0 / n;
    double log_m = 2.0 * f * s;
    return e * LN2_HI + (e * LN2_LO + log_m);
}

/* pi/2 in three pieces, the first two with trailing zero bits (fdlibm's values). */
static const double PIO2_1 = 1.57079632673412561417e+00;
static const double PIO2_2 = 6.07710050650619224932e-11;
static const double PIO2_3 = 2.02226624879595063154e-21;
static const double TWO_OVER_PI = 6.36619772367581382433e-01;

/* sin(r) and cos(r) for |r| <= pi/4 (Taylor to r^19 and r^18). */
static double sin_small(double r)
{
    static const double c[9] = {
        -1.0 / 6, 1.0 / 120, -1.0 / 5040, 1.0 / 362880, -1.0 / 39916800,
        1.0 / 6227020800.0, -1.0 / 1307674368000.0, 1.0 / 355687428096000.0,
        -1.0 / 121645100408832000.0,
    };
    double r2 = r * r;
    return r + r * r2 * horner(c, 9, r2);
}

static double cos_small(double r)
{
    static const double c[9] = {
        1.0 / 24, -1.0 / 720, 1.0 / 40320, -1.0 / 3628800, 1.0 / 479001600,
        -1.0 / 87178291200.0, 1.0 / 20922789888000.0, -1.0 / 6402373705728000.0,
        1.0 / 2432902008176640000.0,
    };
    double r2 = r * r;
    return 1.0 - 0.5 * r2 + r2 * r2 * horner(c, 9, r2);
}

/* x = k pi/2 + r with |r| <= pi/4 (good for |x| < 1e6); returns k mod 4. */
static int reduce_pio2(double x, double *r_out)
{
    double k = floor(x * TWO_OVER_PI + 0.5);
    *r_out = ((x - k * PIO2_1) - k * PIO2_2) - k * PIO2_3;
    double q = k - 4.0 * floor(k * 0.25);
    return (int)q;
}

double pc_dm_sin(double x)
{
    if (x != x || x == HUGE_VAL || x == -HUGE_VAL) return NAN;
    double r;
    switch (reduce_pio2(x, &r)) {
    case 0: return sin_small(r);
    case 1: return cos_small(r);
    case 2: return -sin_small(r);
    default: return -cos_small(r);
    }
}

double pc_dm_cos(double x)
{
    if (x != x || x == HUGE_VAL || x == -HUGE_VAL) return NAN;
    double r;
    switch (reduce_pio2(x, &r)) {
    case 0: return cos_small(r);
    case 1: return -sin_small(r);
    case 2: return -cos_small(r);
    default: return sin_small(r);
    }
}

/* atan(z) for 0 <= z <= 1. */
static double atan_unit(double z)
{
    static const double SQRT3 = 1.73205080756887729353;
    static const double PI_6 = 0.52359877559829887308;
    double base = 0.0;
    if (z > 0.26794919243112270647) {                 /* tan(pi/12) */
        z = (z * SQRT3 - 1.0) / (SQRT3 + z);           /* atan(z) = pi/6 + atan(z') */
        base = PI_6;
    }
    /* atan(u) = u - u^3/3 + u^5/5 - ... for |u| <= 0.268: 16 terms give < 1e-18 */
    double u2 = z * z, s = 0.0;
    for (int n = 31; n >= 3; n -= 2) s = s * u2 + ((n / 2) % 2 ? -1.0 : 1.0) / n;
    return base + (z + z * u2 * s);
}

double pc_dm_atan2(double y, double x)
{
    static const double PI_2 = 1.57079632679489661923;
    if (x != x || y != y) return NAN;
    double ax = fabs(x), ay = fabs(y), a;
    if (ax == 0.0 && ay == 0.0) a = 0.0;
    else if (ay <= ax) a = atan_unit(ay / ax);
    else a = PI_2 - atan_unit(ax / ay);
    if (x < 0.0) a = PC_DM_PI - a;
    return y < 0.0 || (y == 0.0 && signbit(y)) ? -a : a;
}

double pc_dm_sqrt(double x)
{
    return sqrt(x);
}

double pc_dm_normal(pc_rng *rng)
{
    double u1 = 1.0 - pc_rng_uniform_double(rng);     /* (0, 1] */
    double u2 = pc_rng_uniform_double(rng);
    return sqrt(-2.0 * pc_dm_log(u1)) * pc_dm_cos(2.0 * PC_DM_PI * u2);
}

double pc_dm_normal_clip(pc_rng *rng, double mean, double sd, double lo, double hi)
{
    double v = mean + sd * pc_dm_normal(rng);
    return v < lo ? lo : v > hi ? hi : v;
}

double pc_dm_uniform(pc_rng *rng, double lo, double hi)
{
    return lo + (hi - lo) * pc_rng_uniform_double(rng);
}

int pc_dm_chance(pc_rng *rng, double p)
{
    return pc_rng_uniform_double(rng) < p;
}
