/* median.h: the 5 x 5 median of masked 8-bit values (colour-table indices).
 *
 * For every pixel with mask[i] != 0, out[i] = the median of the masked values in its
 * 5 x 5 neighbourhood (clipped at the edges): with m values sorted, the one of rank
 * (m - 1) / 2 (the lower median when m is even). Pixels with a zero mask, or fewer than
 * 5 masked neighbours, get their own value. Two kernels, same output:
 *   pc_median5x5_u8__ref  sorts each window (the reference, plain and obvious);
 *   pc_median5x5_u8       slides a 256-bin histogram along each row (Huang 1979), a few
 *                         operations a pixel on smooth maps. */
#ifndef PC_PREPROCESS_MEDIAN_H
#define PC_PREPROCESS_MEDIAN_H

#include <stdint.h>

void pc_median5x5_u8__ref(const uint8_t *values, const uint8_t *mask, int width, int height, uint8_t *out);
void pc_median5x5_u8(const uint8_t *values, const uint8_t *mask, int width, int height, uint8_t *out);

#endif
