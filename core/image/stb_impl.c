/* stb_impl.c: the one translation unit that compiles stb_image (decode) and, natively,
 * stb_image_write (PNG/JPEG output for the CLI and the synthetic cohort).
 * Only the formats polarcad accepts are compiled in, which keeps the attack surface
 * and the wasm small. Headers come from Debian's libstb-dev (/usr/include/stb). */
#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_STDIO             /* decode from memory only: file reading is the caller's */
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_NO_FAILURE_STRINGS_IF_NOT_NEEDED

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wtype-limits"
#pragma GCC diagnostic ignored "-Wshift-negative-value"
#endif

#include "stb_image.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include "stb_image_write.h"

#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/* stb keeps its last failure reason until the next failure sets another, and some failures
 * (data running out inside the PNG decompressor) set none: decode.c clears it before each
 * call so that it never reports a reason left over from another file. */
void pc_stbi_failure_clear(void);
void pc_stbi_failure_clear(void)
{
    stbi__g_failure_reason = NULL;
}
