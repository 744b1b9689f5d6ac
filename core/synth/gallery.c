/* gallery.c: a contact sheet of a cohort, for people to look at.
 *
 * Each study is a block: its four maps side by side (stress NAC, rest NAC, stress AC,
 * rest AC), then its case id, label and sex/age, then a one-line truth (wrapped onto a
 * second line when long). Blocks go two to a row. The cases are exactly those of the
 * cohort with the same seed, size and options (patients do not depend on the image
 * size), rendered here in the export style at a small tile size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

enum { TILE = 112, GAP = 4, MARGIN = 12, BLOCK_GAP_X = 20, BLOCK_GAP_Y = 12, LINE = 10, COLUMNS = 2 };

static const uint8_t background[3] = {28, 28, 32};
static const uint8_t ink[3] = {225, 225, 225};
static const uint8_t dim[3] = {150, 150, 160};
static const uint8_t cad_ink[3] = {255, 120, 100};
static const uint8_t normal_ink[3] = {120, 220, 140};

static void blit(pc_image *dst, const pc_image *src, int x0, int y0)
{
    for (int y = 0; y < src->height && y0 + y < dst->height; y++)
        memcpy(dst->rgb + ((size_t)(y0 + y) * dst->width + x0) * 3, src->rgb + (size_t)y * src->width * 3,
               (size_t)src->width * 3);
}

/* Draws text cut to max_chars; returns how many characters it drew. */
static int draw_clipped(pc_image *img, int x, int y, const char *text, int max_chars, const uint8_t rgb[3])
{
    char line[256];
    int n = (int)strlen(text);
    if (n > max_chars) {
        /* break at the last space that fits */
        int cut = max_chars;
        while (cut > max_chars / 2 && text[cut] != ' ') cut--;
        n = cut > max_chars / 2 ? cut : max_chars;
    }
    if (n > (int)sizeof line - 1) n = (int)sizeof line - 1;
    memcpy(line, text, (size_t)n);
    line[n] = '\0';
    synth_text_draw(img, x, y, line, 1, rgb);
    return n;
}

pc_status pc_synth_gallery_render(pc_ctx *ctx, const pc_synth_options *opt, pc_image *out)
{
    pc_synth_options o = *opt;
    o.style = PC_SYNTH_STYLE_EXPORT;
    o.size = TILE;
    pc_synth_plan *plan = NULL;
    pc_status status = pc_synth_plan_create(ctx, &o, &plan);
    if (status) return status;
    int n = o.cases;
    int block_w = 4 * TILE + 3 * GAP, block_h = TILE + 4 + 3 * LINE;
    int columns = n < COLUMNS ? n : COLUMNS, rows = (n + columns - 1) / columns;
    int header = 2 * LINE + 8 + LINE;
    int width = 2 * MARGIN + columns * block_w + (columns - 1) * BLOCK_GAP_X;
    int height = 2 * MARGIN + header + rows * block_h + (rows - 1) * BLOCK_GAP_Y;
    pc_image sheet = {0};
    if ((status = pc_image_create(ctx, width, height, &sheet))) {
        pc_synth_plan_free(plan);
        return status;
    }
    synth_fill_rect(&sheet, 0, 0, width, height, background);
    char line[256];
    snprintf(line, sizeof line, "POLARCAD SYNTHETIC COHORT  SEED %llu  %d CASES  MODEL V%d%s  COLOUR %s",
             (unsigned long long)o.seed, n, o.model_version,
             o.population == PC_SYNTH_POPULATION_LOW_LIKELIHOOD ? " LOW-LIKELIHOOD" : "",
             o.colormap == PC_SYNTH_MIXED ? "MIXED" : pc_colormap_name((pc_colormap)o.colormap));
    synth_text_draw(&sheet, MARGIN, MARGIN, line, 1, ink);
    synth_text_draw(&sheet, MARGIN, MARGIN + LINE, "SYNTHETIC DATA, NOT PATIENT DATA, NOT FOR DIAGNOSIS", 1, dim);
    static const char *const heads[PC_MAP_COUNT] = {"STRESS NAC", "REST NAC", "STRESS AC", "REST AC"};
    for (int c = 0; c < columns; c++)
        for (int m = 0; m < PC_MAP_COUNT; m++)
            synth_text_draw(&sheet, MARGIN + c * (block_w + BLOCK_GAP_X) + m * (TILE + GAP) + 2,
                            MARGIN + 2 * LINE + 8, heads[m], 1, dim);

    int max_chars = (block_w + 1) / 6;
    for (int i = 0; i < n && status == PC_STATUS_OK; i++) {
        int bx = MARGIN + (i % columns) * (block_w + BLOCK_GAP_X);
        int by = MARGIN + header + (i / columns) * (block_h + BLOCK_GAP_Y);
        pc_synth_patient p;
        pc_synth_patient_sample(plan, i, &p);
        pc_synth_study study = {0};
        if ((status = pc_synth_study_render(ctx, plan, &p, &study))) break;
        for (int m = 0; m < PC_MAP_COUNT; m++) blit(&sheet, &study.maps[m], bx + m * (TILE + GAP), by);
        int ty = by + TILE + 4;
        snprintf(line, sizeof line, "%s  %s  %s %dY  %s  %s", p.case_id, p.label ? "CAD" : "NO CAD",
                 p.sex == PC_SYNTH_MALE ? "M" : "F", p.age,
                 p.stress == PC_SYNTH_STRESS_ADENOSINE ? "ADENOSINE" : "EXERCISE", study.summary.support);
        draw_clipped(&sheet, bx, ty, line, max_chars, p.label ? cad_ink : normal_ink);
        pc_synth_truth_line(&p, &study.summary, line, sizeof line);
        int used = draw_clipped(&sheet, bx, ty + LINE, line, max_chars, ink);
        const char *rest = line + used;
        while (*rest == ' ') rest++;
        if (*rest) draw_clipped(&sheet, bx, ty + 2 * LINE, rest, max_chars, ink);
        pc_synth_study_free(&study);
    }
    pc_synth_plan_free(plan);
    if (status) {
        pc_image_free(&sheet);
        return status;
    }
    *out = sheet;
    return PC_STATUS_OK;
}
