/* checked.h: overflow-checked size arithmetic for sizes that come from files.
 *
 * Every width, height, count or length read from untrusted bytes goes through these
 * before it sizes an allocation or a loop (stb's stbi__mul2sizes_valid idea).
 * Each returns 1 and writes *out on success, 0 (leaving *out alone) on overflow. */
#ifndef PC_BASE_CHECKED_H
#define PC_BASE_CHECKED_H

#include <stddef.h>
#include <stdint.h>

static inline int pc_size_mul(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a) return 0;
    *out = a * b;
    return 1;
}

static inline int pc_size_add(size_t a, size_t b, size_t *out)
{
    if (b > SIZE_MAX - a) return 0;
    *out = a + b;
    return 1;
}

static inline int pc_size_mul3(size_t a, size_t b, size_t c, size_t *out)
{
    size_t ab;
    return pc_size_mul(a, b, &ab) && pc_size_mul(ab, c, out);
}

#endif
