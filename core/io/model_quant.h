/* model_quant.h: the model file's reduced-precision tensors (model_file.h's dtypes 1 and 2):
 * IEEE binary16 conversions and symmetric int8 with one scale per output channel.
 *
 * Internal: model_file.c writes and reads them; the tests check them on their own. Plain
 * integer code, no F16C or _Float16, so every build (wasm too) gives the same bits. */
#ifndef PC_IO_MODEL_QUANT_H
#define PC_IO_MODEL_QUANT_H

#include <stddef.h>
#include <stdint.h>

/* f -> binary16, rounded to nearest, ties to even (subnormals included). Returns 0 when f
 * is not finite or rounds beyond fp16's largest finite value, 65504 (the writer refuses
 * such a weight rather than store an infinity); *out is then unchanged. */
int pc_f16_from_f32(float f, uint16_t *out);
/* binary16 -> the float of the same value (exact; infinities and NaNs map to theirs). */
float pc_f32_from_f16(uint16_t h);

/* Symmetric per-output-channel int8: w is (rows, cols) row-major, cols the LAST dimension
 * (a conv kernel's CO in HWIO, a dense kernel's O in (I, O)). scales_out (cols) =
 * max |w[., j]| / 127 (0 for an all-zero channel), q_out (rows, cols) =
 * round(w / scale) in -127..127 (0 where the scale is 0). Then |w - scale * q| <= scale / 2. */
void pc_int8_quantize(const float *w, size_t rows, size_t cols, float *scales_out, int8_t *q_out);

/* Largest scale a reader accepts: scale * 128 stays finite. */
#define PC_INT8_SCALE_MAX (3.4028234663852886e38f / 128.0f)

#endif
