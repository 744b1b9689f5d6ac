/* colormap.h: the clinical colour tables, the only place polarcad defines them.
 *
 * Each table maps an index 0..255 (0 = no counts / deepest defect, 255 = the map's
 * maximum) to RGB. The tables are rebuilt by linear interpolation between the anchor
 * points of the ImageJ/Fiji LUT files listed in docs/domain.md 5.1, which
 * reproduces each to within a few levels. The synthetic generator renders with these
 * tables and preprocessing inverts them, so both always agree. */
#ifndef PC_IMAGE_COLORMAP_H
#define PC_IMAGE_COLORMAP_H

#include <stddef.h>
#include <stdint.h>

typedef enum pc_colormap {
    PC_COLORMAP_GRAY = 0,   /* black -> white */
    PC_COLORMAP_THERMAL,    /* "hot": black -> red -> orange -> yellow -> white */
    PC_COLORMAP_COOL,       /* ImageJ nuclear "cool" (QPS-like): black -> teal -> violet -> orange -> white */
    PC_COLORMAP_CEQUAL,     /* Cedars-Emory "CEqual" (non-monotonic luminance) */
    PC_COLORMAP_SIEMENS,    /* navy -> blue -> purple -> red -> yellow -> white; 254-255 black */
    PC_COLORMAP_SPET,       /* rainbow; maximum is red, not white */
    PC_COLORMAP_COUNT
} pc_colormap;

/* "gray", "thermal", "cool", "cequal", "siemens", "spet". */
const char *pc_colormap_name(pc_colormap map);
/* Returns 1 and sets *out for a known name, 0 otherwise. */
int pc_colormap_parse(const char *name, pc_colormap *out);
/* Comma-separated list of the names, for help texts and error messages. */
const char *pc_colormap_names(void);
/* The tables of mask (bit 1u << pc_colormap each) as "a, b, c", every name between quote and
 * quote ("" for prose, "\"" for a JSON list's items); cut at cap bytes with the NUL. */
void pc_colormap_list(unsigned mask, const char *quote, char *out, size_t cap);

/* Fills table_out with the 256 RGB entries of the table. */
void pc_colormap_table(pc_colormap map, uint8_t table_out[256][3]);

/* Index of the table entry nearest to (r, g, b) in RGB (squared distance in *dist2_out,
 * may be NULL). Ties go to the higher index, so a saturated entry that repeats (Siemens
 * 254-255, CEqual 240-255) reads as the maximum. */
int pc_colormap_nearest(const uint8_t table[256][3], uint8_t r, uint8_t g, uint8_t b, int *dist2_out);

#endif
