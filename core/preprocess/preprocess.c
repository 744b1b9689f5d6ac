/* preprocess.c: preprocessing of a study's maps (see preprocess.h): the steps in order,
 * each done by its own file (disc.c, tile.c, invert.c, montage.c). */
#include "preprocess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disc.h"
#include "invert.h"
#include "montage.h"
#include "tile.h"

void pc_preprocess_options_default(pc_preprocess_options *opt)
{
    opt->tile_size = PC_TILE_SIZE;
    opt->table = -1;
    pc_invert_options_default(&opt->invert);
}

pc_status pc_map_tile(pc_ctx *ctx, const pc_image *image, const char *name, int size, pc_image *tile_out,
                      pc_disc_fit *disc_out)
{
    pc_disc_fit fit;
    pc_status status = pc_disc_find(ctx, image, name, &fit);
    if (status) return status;
    status = pc_tile_from_disc(ctx, image, &fit.disc, size, tile_out);
    if (status) return pc_fail_prefix(ctx, name && name[0] ? name : "image");
    if (disc_out) *disc_out = fit;
    return PC_STATUS_OK;
}

/* A disc cut off by the image edge: which tile pixels have no image behind them, and the
 * warning a reader of the results must see (the CLI prints it, the page shows it). */
static pc_status map_mark_missing(pc_ctx *ctx, const pc_image *image, const char *name, int size, pc_study *s,
                                  pc_map m)
{
    long missing = 0;
    pc_status status = pc_tile_missing_create(ctx, &s->disc[m].disc, image->width, image->height, size,
                                              &s->missing[m], &missing);
    if (status) return pc_fail_prefix(ctx, name);
    if (!s->missing[m]) return PC_STATUS_OK;
    pc_disc own = pc_disc_of_tile(size);
    long disc = 0;
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) disc += pc_disc_contains_pixel(&own, x, y);
    s->missing_share[m] = disc ? (double)missing / (double)disc : 0.0;
    snprintf(s->warning[m], sizeof s->warning[m],
             "%s: part of the disc is outside the image (%.0f%% of its rim is inside, about %.1f%% of its area is "
             "cut off): that part is left out of the counts and black in the network's input; capture the whole "
             "map if you can", name, 100.0 * s->disc[m].visible_rim, 100.0 * s->missing_share[m]);
    return PC_STATUS_OK;
}

void pc_study_free(pc_study *study)
{
    if (!study) return;
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        pc_image_free(&study->tile[m]);
        pc_counts_free(&study->counts[m]);
        free(study->missing[m]);
    }
    memset(study, 0, sizeof *study);
}

pc_status pc_study_preprocess(pc_ctx *ctx, const pc_inverter *inv, const pc_image *const images[PC_MAP_COUNT],
                              const char *const names[PC_MAP_COUNT], const pc_preprocess_options *opt,
                              pc_study *out)
{
    if (!inv || !images || !opt || !out) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "preprocess: no study given");
    pc_study s;
    memset(&s, 0, sizeof s);
    pc_status status = PC_STATUS_OK;
    int any = 0;
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        if (!images[m]) continue;
        const char *name = names && names[m] ? names[m] : pc_map_name((pc_map)m);
        status = pc_map_tile(ctx, images[m], name, opt->tile_size, &s.tile[m], &s.disc[m]);
        if (status) goto fail;
        s.present[m] = 1;
        any = 1;
        status = map_mark_missing(ctx, images[m], name, opt->tile_size, &s, (pc_map)m);
        if (status) goto fail;
    }
    if (!any) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "preprocess: the study has no maps");
    /* Two maps of a study are different acquisitions (stress and rest, with and without
     * attenuation correction): identical pixels mean one file was given twice, which would
     * otherwise go on to a plausible, wrong analysis. Checked after each map's own checks, so
     * that a map with no disc is named as such first. */
    for (int m = 0; m < PC_MAP_COUNT; m++)
        for (int k = m + 1; images[m] && k < PC_MAP_COUNT; k++)
            if (images[k] && images[k]->width == images[m]->width && images[k]->height == images[m]->height &&
                memcmp(images[k]->rgb, images[m]->rgb, (size_t)images[m]->width * (size_t)images[m]->height * 3) == 0) {
                status = pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                                 "%s and %s are the same image (the same map given twice? the %s and %s maps are "
                                 "different acquisitions)", names && names[m] ? names[m] : pc_map_name((pc_map)m),
                                 names && names[k] ? names[k] : pc_map_name((pc_map)k), pc_map_name((pc_map)m),
                                 pc_map_name((pc_map)k));
                goto fail;
            }

    if (opt->table >= 0 && opt->table < PC_COLORMAP_COUNT) {
        s.table = (pc_colormap)opt->table;
    } else {
        for (int m = 0; m < PC_MAP_COUNT; m++) {
            if (!s.present[m]) continue;
            pc_table_fit fits[PC_COLORMAP_COUNT];
            pc_tables_fit_masked(inv, &s.tile[m], s.missing[m], &opt->invert, fits);
            for (int t = 0; t < PC_COLORMAP_COUNT; t++) {
                /* Mean distances are combined weighted by matched pixels. */
                double dist = s.fits[t].mean_dist * s.fits[t].matched + fits[t].mean_dist * fits[t].matched;
                s.fits[t].matched += fits[t].matched;
                s.fits[t].pixels += fits[t].pixels;
                s.fits[t].loss += fits[t].loss;
                s.fits[t].mean_dist = s.fits[t].matched ? dist / s.fits[t].matched : 0.0;
            }
        }
        s.table = pc_tables_best(s.fits);
    }
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        if (!s.present[m]) continue;
        const char *name = names && names[m] ? names[m] : pc_map_name((pc_map)m);
        status = pc_counts_from_tile_masked(ctx, inv, &s.tile[m], s.missing[m], s.table, &opt->invert, name,
                                            &s.counts[m]);
        if (status) goto fail;
    }
    *out = s;
    return PC_STATUS_OK;
fail:
    pc_study_free(&s);
    return status;
}

pc_status pc_study_montage(pc_ctx *ctx, const pc_study *study, pc_dataset dataset, pc_image *out)
{
    const pc_image *tiles[PC_MAP_COUNT];
    for (int m = 0; m < PC_MAP_COUNT; m++) tiles[m] = study->present[m] ? &study->tile[m] : NULL;
    return pc_montage_assemble(ctx, dataset, tiles, out);
}
