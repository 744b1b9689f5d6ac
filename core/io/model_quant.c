/* model_quant.c: binary16 and int8 conversions of the model file (model_quant.h).
 * Bit layouts: IEEE 754-2008 binary32 (1 sign, 8 exponent bias 127, 23 fraction) and
 * binary16 (1, 5 bias 15, 10); the rounding is the standard's default, to nearest even. */
#include "model_quant.h"

#include <math.h>
#include <string.h>

int pc_f16_from_f32(float f, uint16_t *out)
{
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    const uint16_t sign = (uint16_t)((x >> 16) & 0x8000u);
    const uint32_t ax = x & 0x7FFFFFFFu;
    /* Infinity or NaN, or at least 65520 (halfway above 65504: the tie goes to the even
     * neighbour, which is the infinity). */
    if (ax >= 0x477FF000u) return 0;
    if (ax < 0x38800000u) {   /* below 2^-14: a subnormal (or zero) binary16, unit 2^-24 */
        if (ax <= 0x33000000u) {   /* at most 2^-25, half a unit: rounds to (signed) zero */
            *out = sign;
            return 1;
        }
        const uint32_t e = ax >> 23, m = (ax & 0x7FFFFFu) | 0x800000u;
        const uint32_t shift = 126u - e;   /* value = m * 2^(e - 150) = (m >> shift) units */
        uint32_t q = m >> shift;
        const uint32_t rem = m & ((1u << shift) - 1u), half = 1u << (shift - 1u);
        if (rem > half || (rem == half && (q & 1u))) q++;   /* may carry into the smallest normal */
        *out = (uint16_t)(sign | q);
        return 1;
    }
    const uint32_t e = (ax >> 23) - 127u + 15u, m = ax & 0x7FFFFFu;
    uint32_t h = (e << 10) | (m >> 13);
    const uint32_t rem = m & 0x1FFFu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) h++;   /* a carry moves into the exponent, as it should */
    *out = (uint16_t)(sign | h);
    return 1;
}

float pc_f32_from_f16(uint16_t h)
{
    const uint32_t sign = (uint32_t)(h & 0x8000u) << 16, e = (h >> 10) & 0x1Fu, m = h & 0x3FFu;
    uint32_t x;
    if (e == 0) {
        float v = (float)m * 5.9604644775390625e-8f;   /* m * 2^-24, exact in binary32 */
        memcpy(&x, &v, sizeof x);
        x |= sign;
    } else if (e == 31) {
        x = sign | 0x7F800000u | (m << 13);
    } else {
        x = sign | ((e - 15u + 127u) << 23) | (m << 13);
    }
    float f;
    memcpy(&f, &x, sizeof f);
    return f;
}

void pc_int8_quantize(const float *w, size_t rows, size_t cols, float *scales_out, int8_t *q_out)
{
    for (size_t j = 0; j < cols; j++) scales_out[j] = 0.0f;
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) {
            float a = fabsf(w[i * cols + j]);
            if (a > scales_out[j]) scales_out[j] = a;
        }
    for (size_t j = 0; j < cols; j++) scales_out[j] /= 127.0f;
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) {
            const float s = scales_out[j];
            long q = s > 0.0f ? lrintf(w[i * cols + j] / s) : 0;
            q = q > 127 ? 127 : q < -127 ? -127 : q;   /* w / s can round a hair past 127 */
            q_out[i * cols + j] = (int8_t)q;
        }
}
