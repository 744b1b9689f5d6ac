/* median.c: masked 5 x 5 medians (see median.h). */
#include "median.h"

void pc_median5x5_u8__ref(const uint8_t *values, const uint8_t *mask, int width, int height, uint8_t *out)
{
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++) {
            long i = (long)y * width + x;
            out[i] = values[i];
            if (!mask[i]) continue;
            uint8_t v[25];
            int m = 0;
            for (int dy = -2; dy <= 2; dy++)
                for (int dx = -2; dx <= 2; dx++) {
                    int xx = x + dx, yy = y + dy;
                    if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
                    long j = (long)yy * width + xx;
                    if (mask[j]) v[m++] = values[j];
                }
            if (m < 5) continue;
            for (int a = 1; a < m; a++) {   /* insertion sort: 25 values at most */
                uint8_t t = v[a];
                int b = a - 1;
                while (b >= 0 && v[b] > t) { v[b + 1] = v[b]; b--; }
                v[b + 1] = t;
            }
            out[i] = v[(m - 1) / 2];
        }
}

void pc_median5x5_u8(const uint8_t *values, const uint8_t *mask, int width, int height, uint8_t *out)
{
    for (int y = 0; y < height; y++) {
        int hist[256] = {0};
        int count = 0, med = 0, below = 0;   /* below = values in the window smaller than med */
        int y0 = y - 2 < 0 ? 0 : y - 2, y1 = y + 2 >= height ? height - 1 : y + 2;
        /* Window columns x-2 .. x+2: start with columns 0..1, add column x+2 each step. */
        for (int x = -2; x < width; x++) {
            int add = x + 2, drop = x - 3;
            if (add < width)
                for (int yy = y0; yy <= y1; yy++) {
                    long j = (long)yy * width + add;
                    if (!mask[j]) continue;
                    hist[values[j]]++;
                    count++;
                    below += values[j] < med;
                }
            if (drop >= 0)
                for (int yy = y0; yy <= y1; yy++) {
                    long j = (long)yy * width + drop;
                    if (!mask[j]) continue;
                    hist[values[j]]--;
                    count--;
                    below -= values[j] < med;
                }
            if (x < 0) continue;
            long i = (long)y * width + x;
            out[i] = values[i];
            if (!mask[i] || count < 5) continue;
            int rank = (count - 1) / 2;
            while (below > rank) below -= hist[--med];
            while (below + hist[med] <= rank) below += hist[med++];
            out[i] = (uint8_t)med;
        }
    }
}
