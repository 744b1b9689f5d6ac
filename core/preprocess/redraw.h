/* redraw.h: a study's tiles drawn again in another colour table.
 *
 * The network reads colours, not counts: a model trained on maps in one table sees noise in
 * another (docs/results.md, "Robustness": AUC 0.86 in the training table, 0.42 in grey
 * scale). The preprocessing already knows the table a study is in (preprocess.h), so a map
 * in a table the model never saw can be drawn again in one it did: every disc pixel goes to
 * its nearest entry of the study's table, and that index takes the new table's colour at the
 * same index, i.e. the same relative count. This is per pixel, with no median filter, so
 * edges, noise and JPEG smear carry over as they were; pixels farther than `tolerance`
 * from every entry (text, grid lines) keep their colour, as do pixels outside the disc and
 * those cut off by the image edge (black). */
#ifndef PC_PREPROCESS_REDRAW_H
#define PC_PREPROCESS_REDRAW_H

#include "../base/status.h"
#include "../image/colormap.h"
#include "../image/image.h"
#include "preprocess.h"

/* The study's present tiles, copied into tiles_out (index pc_map; absent maps stay empty
 * images) and drawn in table `to` instead of study->table; the tolerance is the colour
 * detection's default (pc_invert_options). On failure nothing is allocated. Free each with
 * pc_image_free. */
pc_status pc_study_redraw_tiles(pc_ctx *ctx, const pc_study *study, pc_colormap to, pc_image tiles_out[PC_MAP_COUNT]);

#endif
