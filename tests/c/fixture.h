/* fixture.h: named float64 tensors in one file, shared by the C tests and the PyTorch
 * reference scripts (tests/ref/fixture.py), as llm.c's debug state: inputs and results go
 * in the file so neither side has to reproduce the other's random numbers.
 *
 *   "PCFIX001", u32 count, then per tensor: u16 name length, name, u32 ndim, u32 dims[ndim],
 *   float64 values (little-endian). */
#ifndef PC_TEST_FIXTURE_H
#define PC_TEST_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fixture_tensor {
    char name[128];
    int ndim;
    size_t dims[8];
    size_t count;
    double *data;
} fixture_tensor;

typedef struct fixture {
    int count;
    fixture_tensor t[256];
} fixture;

static inline void fixture_add(fixture *f, const char *name, int ndim, const size_t *dims, const float *data32,
                               const double *data64)
{
    fixture_tensor *t = &f->t[f->count++];
    snprintf(t->name, sizeof t->name, "%s", name);
    t->ndim = ndim;
    t->count = 1;
    for (int d = 0; d < ndim; d++) t->dims[d] = dims[d], t->count *= dims[d];
    t->data = malloc(t->count * sizeof(double));
    for (size_t i = 0; i < t->count; i++) t->data[i] = data32 ? (double)data32[i] : data64[i];
}

static inline int fixture_write(const fixture *f, const char *path)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) return 0;
    uint32_t n = (uint32_t)f->count;
    fwrite("PCFIX001", 1, 8, fp);
    fwrite(&n, 4, 1, fp);
    for (int i = 0; i < f->count; i++) {
        const fixture_tensor *t = &f->t[i];
        uint16_t len = (uint16_t)strlen(t->name);
        uint32_t nd = (uint32_t)t->ndim;
        fwrite(&len, 2, 1, fp);
        fwrite(t->name, 1, len, fp);
        fwrite(&nd, 4, 1, fp);
        for (int d = 0; d < t->ndim; d++) {
            uint32_t v = (uint32_t)t->dims[d];
            fwrite(&v, 4, 1, fp);
        }
        fwrite(t->data, sizeof(double), t->count, fp);
    }
    return fclose(fp) == 0;
}

static inline int fixture_read(fixture *f, const char *path)
{
    FILE *fp = fopen(path, "rb");
    char magic[8];
    uint32_t n;
    memset(f, 0, sizeof *f);
    if (!fp) return 0;
    int ok = fread(magic, 1, 8, fp) == 8 && memcmp(magic, "PCFIX001", 8) == 0 && fread(&n, 4, 1, fp) == 1 &&
             n <= 256;
    for (uint32_t i = 0; ok && i < n; i++) {
        fixture_tensor *t = &f->t[i];
        uint16_t len;
        uint32_t nd;
        ok = fread(&len, 2, 1, fp) == 1 && len < sizeof t->name && fread(t->name, 1, len, fp) == len &&
             fread(&nd, 4, 1, fp) == 1 && nd <= 8;
        t->name[ok ? len : 0] = '\0';
        t->ndim = (int)nd;
        t->count = 1;
        for (uint32_t d = 0; ok && d < nd; d++) {
            uint32_t v;
            ok = fread(&v, 4, 1, fp) == 1;
            t->dims[d] = v, t->count *= v;
        }
        if (ok) {
            t->data = malloc(t->count * sizeof(double) + 1);
            ok = t->data && fread(t->data, sizeof(double), t->count, fp) == t->count;
            f->count++;
        }
    }
    fclose(fp);
    return ok;
}

static inline const fixture_tensor *fixture_find(const fixture *f, const char *name)
{
    for (int i = 0; i < f->count; i++)
        if (strcmp(f->t[i].name, name) == 0) return &f->t[i];
    return NULL;
}

static inline void fixture_free(fixture *f)
{
    for (int i = 0; i < f->count; i++) free(f->t[i].data);
    f->count = 0;
}

#endif
