/* shipped.h: where the CLI finds the files polarcad ships in model/: the trained model
 * (model/model.pcm, model/README.md is its card) and the vendor-style normal database
 * (model/normals-low-likelihood.db, model/README-normals.md). Both are found the same way,
 * so that `polarcad predict` and `polarcad score` need no options on the shipped defaults. */
#ifndef PC_CLI_SHIPPED_H
#define PC_CLI_SHIPPED_H

#include <stddef.h>

#define SHIPPED_MODEL "model.pcm"
#define SHIPPED_NORMALS "normals-low-likelihood.db"

/* Looks for the shipped file called name; first hit wins:
 *   1. $POLARCAD_MODEL_DIR/name, when that variable is set (and only there);
 *   2. beside the executable E (its real path; argv0 when that cannot be read):
 *      E/model/, E/../model/, E/../../model/ (the source tree's model/ from build/<kind>/),
 *      E/../share/polarcad/ (an installed layout).
 * Returns 1 with the path in out, or 0 with out describing where it looked (for a message). */
int shipped_file(const char *argv0, const char *name, char *out, size_t size);

#endif
