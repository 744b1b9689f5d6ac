/* detmath.h: elementary functions that give the same bits on every IEEE-754 machine.
 *
 * The synthetic cohort promises byte-identical files for a seed on any machine
 * (docs/synthetic.md, "Determinism"). libm's exp, log, sin, cos and atan2 are not
 * correctly rounded, and glibc, musl (emscripten) and macOS disagree in the last bit now
 * and then; a last-bit difference can flip a rounded colour index. These versions use
 * only +, -, *, /, floor, frexp and ldexp, which IEEE-754 defines exactly, so they give
 * identical results wherever doubles are IEEE binary64 with round-to-nearest, no x87
 * excess precision (FLT_EVAL_METHOD 0: x86-64 SSE2, AArch64, wasm) and no fused
 * multiply-add contraction (CMake builds core/synth with -ffp-contract=off). Accuracy is
 * a few ulp, far below anything the generator can see; tests/c/test_synth_model.c
 * compares them with libm. Not for hot kernels elsewhere: they are slower than libm. */
#ifndef PC_SYNTH_DETMATH_H
#define PC_SYNTH_DETMATH_H

#include "../base/rng.h"

double pc_dm_exp(double x);
double pc_dm_log(double x);            /* x <= 0 gives -inf (0) or NaN (< 0) */
double pc_dm_sin(double x);            /* accurate for |x| < 1e6 */
double pc_dm_cos(double x);
double pc_dm_atan2(double y, double x);/* result in (-pi, pi], as atan2 */
double pc_dm_sqrt(double x);           /* IEEE sqrt is exactly rounded everywhere: a plain wrapper */

/* Standard normal from the rng (Box-Muller with the functions above). */
double pc_dm_normal(pc_rng *rng);
/* Normal with mean and sd, clipped to [lo, hi]. */
double pc_dm_normal_clip(pc_rng *rng, double mean, double sd, double lo, double hi);
/* Uniform double in [lo, hi). */
double pc_dm_uniform(pc_rng *rng, double lo, double hi);
/* 1 with probability p. */
int pc_dm_chance(pc_rng *rng, double p);

#define PC_DM_PI 3.14159265358979323846

#endif
