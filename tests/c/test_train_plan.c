/* test_train_plan.c: the augmented training set (core/train/plan.c) and the frozen-feature
 * cache (core/train/cache.c) on their own, in every build (wasm too):
 *   - balance: each class ends with half of N images, every study once unrotated, copies
 *     spread evenly over a class's studies, angles inside [-45, 45];
 *   - determinism: the same seed gives the same plan, another seed another;
 *   - the cache returns what was put, in memory and in the spill file alike, and the spill
 *     file is already gone from its folder while open. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/train/cache.h"
#include "../../core/train/plan.h"
#include "check.h"
#include "polarcad.h"

static void test_plan(void)
{
    pc_ctx *ctx = pc_ctx_create();
    int labels[20];
    for (int i = 0; i < 20; i++) labels[i] = i < 14;   /* studies 0..13 CAD, 14..19 no CAD */
    train_plan a, b, c;
    CHECK_INT(train_plan_build(ctx, labels, 20, 41, 45.0, 7, &a), PC_STATUS_OK);
    CHECK_INT(a.count, 41);
    CHECK_INT(a.originals, 20);
    CHECK_INT(a.per_class[0], 21);   /* the odd image goes to no CAD */
    CHECK_INT(a.per_class[1], 20);
    int copies[20] = {0}, unrotated[20] = {0};
    for (int i = 0; i < a.count; i++) {
        const train_item *it = &a.items[i];
        CHECK(it->label == labels[it->study]);
        CHECK(fabs(it->angle) <= 45.0);
        if (i < 20) CHECK(it->angle == 0.0 && it->study == i);
        else copies[it->study]++;
        unrotated[it->study] += it->angle == 0.0;
    }
    for (int i = 0; i < 20; i++) CHECK_INT(unrotated[i], 1);
    /* no CAD: 15 copies over 6 studies -> 2 or 3 each; CAD: 6 copies over 14 -> 0 or 1. */
    for (int i = 14; i < 20; i++) CHECK(copies[i] == 2 || copies[i] == 3);
    for (int i = 0; i < 14; i++) CHECK(copies[i] == 0 || copies[i] == 1);
    CHECK_INT(train_plan_build(ctx, labels, 20, 41, 45.0, 7, &b), PC_STATUS_OK);
    CHECK(memcmp(a.items, b.items, sizeof *a.items * (size_t)a.count) == 0);
    CHECK_INT(train_plan_build(ctx, labels, 20, 41, 45.0, 8, &c), PC_STATUS_OK);
    CHECK(memcmp(a.items, c.items, sizeof *a.items * (size_t)a.count) != 0);
    train_plan_free(&a), train_plan_free(&b), train_plan_free(&c);
    /* augment 0 (or below the class sizes): the studies as they are. */
    CHECK_INT(train_plan_build(ctx, labels, 20, 0, 45.0, 7, &a), PC_STATUS_OK);
    CHECK_INT(a.count, 20);
    train_plan_free(&a);
    /* One class only: refused with a message. */
    for (int i = 0; i < 20; i++) labels[i] = 1;
    CHECK_INT(train_plan_build(ctx, labels, 20, 40, 45.0, 7, &a), PC_STATUS_INVALID_ARGUMENT);
    CHECK(strstr(pc_ctx_last_error(ctx), "no case of label 0") != NULL);
    pc_ctx_free(ctx);
}

static void test_cache(void)
{
    pc_ctx *ctx = pc_ctx_create();
    train_cache c;
    const size_t elems = 100;
    /* Room in memory for 3 of the 8 images: 5 go to the spill file. */
    CHECK_INT(train_cache_open(ctx, elems, 8, 3 * elems * sizeof(float) + 10, ".", &c), PC_STATUS_OK);
    CHECK_INT(c.in_memory, 3);
    float x[100], y[100];
    for (long i = 0; i < 8; i++) {
        for (size_t j = 0; j < elems; j++) x[j] = (float)(i * 1000 + (long)j);
        CHECK_INT(train_cache_put(ctx, &c, i, x), PC_STATUS_OK);
    }
    for (long i = 7; i >= 0; i--) {
        CHECK_INT(train_cache_get(ctx, &c, i, y), PC_STATUS_OK);
        CHECK(y[0] == (float)(i * 1000) && y[99] == (float)(i * 1000 + 99));
    }
    CHECK(access("polarcad-frozen-XXXXXX", F_OK) != 0);
    train_cache_close(&c);
    pc_ctx_free(ctx);
}

int main(void)
{
    test_plan();
    test_cache();
    return check_finish("test_train_plan");
}
