/* check.h: the tiny assertion kit of the C unit tests.
 *
 * Each CHECK records a failure with file, line and the values involved, and the test
 * goes on so one run shows every problem. check_finish() prints the tally and returns
 * the process exit code: 0 only when nothing failed (a test cannot pass by printing). */
#ifndef PC_TEST_CHECK_H
#define PC_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct check_state {
    int checks;
    int failures;
} check_state;

static check_state check_tally;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        check_tally.checks++;                                                              \
        if (!(cond)) {                                                                     \
            check_tally.failures++;                                                        \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);       \
        }                                                                                  \
    } while (0)

#define CHECK_INT(actual, expected)                                                        \
    do {                                                                                   \
        long long a_ = (long long)(actual), e_ = (long long)(expected);                    \
        check_tally.checks++;                                                              \
        if (a_ != e_) {                                                                    \
            check_tally.failures++;                                                        \
            fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__,      \
                    #actual, a_, e_);                                                      \
        }                                                                                  \
    } while (0)

#define CHECK_NEAR(actual, expected, tol)                                                  \
    do {                                                                                   \
        double a_ = (double)(actual), e_ = (double)(expected);                             \
        check_tally.checks++;                                                              \
        if (!(fabs(a_ - e_) <= (tol))) {                                                   \
            check_tally.failures++;                                                        \
            fprintf(stderr, "%s:%d: %s is %.9g, expected %.9g (tolerance %g)\n", __FILE__, \
                    __LINE__, #actual, a_, e_, (double)(tol));                             \
        }                                                                                  \
    } while (0)

/* The message in ctx contains every one of the given fragments. */
#define CHECK_MESSAGE(ctx, fragment)                                                       \
    do {                                                                                   \
        const char *m_ = pc_ctx_last_error(ctx);                                           \
        check_tally.checks++;                                                              \
        if (!strstr(m_, (fragment))) {                                                     \
            check_tally.failures++;                                                        \
            fprintf(stderr, "%s:%d: message \"%s\" lacks \"%s\"\n", __FILE__, __LINE__,    \
                    m_, (fragment));                                                       \
        }                                                                                  \
    } while (0)

static inline int check_finish(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, check_tally.checks, check_tally.failures);
    if (check_tally.checks == 0) {
        printf("%s: no checks ran\n", name);
        return 1;
    }
    return check_tally.failures ? 1 : 0;
}

#endif
