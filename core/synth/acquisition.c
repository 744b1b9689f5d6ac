/* acquisition.c: what the camera and the software do to the true uptake
 * (docs/domain.md 1.1, 6.3): count noise (Poisson-like, relative SD falling with
 * sqrt(counts)), limited resolution (a Gaussian blur, done as a normalised convolution
 * inside the disc so the rim is not darkened by the empty outside), and normalisation of
 * each map to its own hottest point (= 100%). */
#include "detmath.h"
#include "model.h"

void synth_noise_field(pc_rng *rng, double *out)
{
    for (int i = 0; i < SYNTH_NN; i++) out[i] = pc_dm_normal(rng);
}

static int gaussian_kernel(double sigma, double *k)
{
    int r = (int)(3.0 * sigma + 1.0);
    if (r > SYNTH_KERNEL_MAX) r = SYNTH_KERNEL_MAX;
    double sum = 0.0;
    for (int d = -r; d <= r; d++) {
        k[d + r] = pc_dm_exp(-0.5 * (d / sigma) * (d / sigma));
        sum += k[d + r];
    }
    for (int d = 0; d <= 2 * r; d++) k[d] /= sum;
    return r;
}

/* Separable blur of a (SYNTH_N x SYNTH_N) field, zero outside the grid; tmp is scratch. */
static void blur(const double *k, int r, const double *in, double *tmp, double *out)
{
    for (int y = 0; y < SYNTH_N; y++) {
        const double *row = in + y * SYNTH_N;
        for (int x = 0; x < SYNTH_N; x++) {
            int lo = x - r < 0 ? -x : -r, hi = x + r >= SYNTH_N ? SYNTH_N - 1 - x : r;
            double acc = 0.0;
            for (int d = lo; d <= hi; d++) acc += k[d + r] * row[x + d];
            tmp[y * SYNTH_N + x] = acc;
        }
    }
    for (int y = 0; y < SYNTH_N; y++) {
        int lo = y - r < 0 ? -y : -r, hi = y + r >= SYNTH_N ? SYNTH_N - 1 - y : r;
        double *dst = out + y * SYNTH_N;
        for (int x = 0; x < SYNTH_N; x++) dst[x] = 0.0;
        for (int d = lo; d <= hi; d++) {
            const double *src = tmp + (y + d) * SYNTH_N;
            double w = k[d + r];
            for (int x = 0; x < SYNTH_N; x++) dst[x] += w * src[x];
        }
    }
}

void synth_blur_init(synth_blur *b, const synth_grid *g, double blur_rho, double *work)
{
    b->radius = gaussian_kernel(blur_rho * SYNTH_N / 2.0, b->kernel);
    b->k2 = 0.0;
    for (int d = 0; d <= 2 * b->radius; d++) b->k2 += b->kernel[d] * b->kernel[d];
    for (int i = 0; i < SYNTH_NN; i++) work[i] = g->inside[i] ? 1.0 : 0.0;
    blur(b->kernel, b->radius, work, work + SYNTH_NN, b->mask);
}

void synth_acquire(const synth_grid *g, const synth_blur *b, const double *signal, const double *noise,
                   double noise_sd, double *work, double *out)
{
    /* White noise of SD sigma_e has SD sigma_e * sum(k^2) after the separable blur, so
     * scale it to give noise_sd (relative to full counts) in the final map. */
    double scale = noise_sd / b->k2;
    double *num = work, *tmp = work + SYNTH_NN;
    for (int i = 0; i < SYNTH_NN; i++) {
        double v = 0.0;
        if (g->inside[i]) {
            v = signal[i] > 0.0 ? signal[i] : 0.0;
            if (noise) v += scale * pc_dm_sqrt(v) * noise[i];
        }
        num[i] = v;
    }
    blur(b->kernel, b->radius, num, tmp, out);   /* normalised convolution: blur(s m) / blur(m) */
    double peak = 0.0;
    for (int i = 0; i < SYNTH_NN; i++) {
        out[i] = b->mask[i] > 1e-3 ? out[i] / b->mask[i] : 0.0;
        if (out[i] < 0.0) out[i] = 0.0;
        if (g->inside[i] && out[i] > peak) peak = out[i];
    }
    if (peak > 0.0)
        for (int i = 0; i < SYNTH_NN; i++) out[i] /= peak;
}
