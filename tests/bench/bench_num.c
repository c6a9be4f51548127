/* Benchmark: prints medians, asserts nothing.
 *   bench_num [ROUNDS]
 * Nanoseconds per number for gt_num_parse (core/num.c: the one-pass reader,
 * Clinger's fast path, Eisel-Lemire, strtod as the last resort) and for
 * strtod on the same strings, over sets of 65 536 strings shaped like the
 * numbers greentally reads: the short decimals of a CodeCarbon file written
 * with few digits, Python reprs (17 significant digits, "%.17g", and the
 * shortest that reads back, as gt_num_fmt writes them) of energies, rates
 * and powers, exponent forms, 19-digit integers, reprs over the whole range
 * of doubles and 25-digit decimals. Each figure is the median of ROUNDS
 * (default 7) passes over the set, and the best pass (the least disturbed
 * on a shared machine); the checksum keeps the compiler from dropping the
 * work. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gt_num.h"

#define NSTR  65536
#define WIDTH 48

static uint64_t rng = 0x62656e63686e756dull;

static uint64_t next64(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* a value of the size CodeCarbon's figures have: 1e-9 .. 1e4 */
static double emission_like(void)
{
    uint64_t r = next64();
    return (double)(r >> 11) / 9007199254740992.0 * pow(10, (int)(r % 14) - 9);
}

enum shape { SHORT, REPR17, SHORTEST, EXPO, INT19, WIDE17, LONG25, NSHAPES };

static const char *const shape_name[NSHAPES] = {
    "short decimals (1007.70, 0.0007669323705)",
    "17-digit reprs (0.0043653456924309785)",
    "shortest reprs (gt_num_fmt)",
    "exponent form (9.6371792e-05)",
    "19-digit integers",
    "17-digit reprs, any double",
    "25 significant digits",
};

static void fill(enum shape sh, char (*s)[WIDTH], size_t *len)
{
    for (int i = 0; i < NSTR; i++) {
        int n = 0;
        uint64_t r = next64();
        switch (sh) {
        case SHORT:
            n = snprintf(s[i], WIDTH, "%.*g", 3 + (int)(r % 11), emission_like());
            if (strchr(s[i], 'e')) /* as CodeCarbon's files write small ones */
                n = snprintf(s[i], WIDTH, "%.*f", 6 + (int)(r % 8), emission_like() + 1e-4);
            break;
        case REPR17:
            n = snprintf(s[i], WIDTH, "%.17g", emission_like());
            break;
        case SHORTEST:
            gt_num_fmt(emission_like(), s[i], WIDTH);
            n = (int)strlen(s[i]);
            break;
        case EXPO:
            n = snprintf(s[i], WIDTH, "%.*e", 4 + (int)(r % 13), emission_like() * 1e-3);
            break;
        case INT19:
            n = snprintf(s[i], WIDTH, "%llu",
                         (unsigned long long)(1000000000000000000ull + r % 9000000000000000000ull));
            break;
        case WIDE17: {
            double v;
            do {
                r = next64();
                memcpy(&v, &r, sizeof v);
            } while (!isfinite(v));
            n = snprintf(s[i], WIDTH, "%.17g", v);
            break;
        }
        default:
            n = snprintf(s[i], WIDTH, "%.24e", emission_like());
            break;
        }
        len[i] = (size_t)n;
    }
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t sink; /* the bits of every value, xored */

static double pass_gt(char (*s)[WIDTH], const size_t *len)
{
    double t = now_ns();
    uint64_t acc = 0;
    for (int i = 0; i < NSTR; i++) {
        double v = 0;
        uint64_t b;
        if (gt_num_parse(s[i], len[i], &v) == 0) {
            memcpy(&b, &v, sizeof b);
            acc ^= b;
        }
    }
    t = now_ns() - t;
    sink ^= acc;
    return t / NSTR;
}

static double pass_strtod(char (*s)[WIDTH])
{
    double t = now_ns();
    uint64_t acc = 0;
    for (int i = 0; i < NSTR; i++) {
        double v = strtod(s[i], NULL);
        uint64_t b;
        memcpy(&b, &v, sizeof b);
        acc ^= b;
    }
    t = now_ns() - t;
    sink ^= acc;
    return t / NSTR;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 7;
    if (rounds < 1 || rounds > 1000)
        rounds = 7;
    char(*s)[WIDTH] = malloc(sizeof *s * NSTR);
    size_t *len = malloc(sizeof *len * NSTR);
    double *a = malloc(sizeof *a * (size_t)rounds), *b = malloc(sizeof *b * (size_t)rounds);
    if (!s || !len || !a || !b)
        return 1;
    printf("bench_num: ns per number, median of %d passes over %d strings each\n", rounds, NSTR);
    printf("%-44s %12s %10s %8s %10s %10s\n", "strings", "gt_num_parse", "strtod", "ratio",
           "best gt", "best strtod");
    for (int sh = 0; sh < NSHAPES; sh++) {
        fill((enum shape)sh, s, len);
        pass_gt(s, len); /* warm the caches */
        for (int r = 0; r < rounds; r++) {
            a[r] = pass_gt(s, len);
            b[r] = pass_strtod(s);
        }
        double ma = median(a, rounds), mb = median(b, rounds);
        printf("%-44s %12.1f %10.1f %7.2fx %10.1f %10.1f\n", shape_name[sh], ma, mb, mb / ma, a[0],
               b[0]); /* median() sorted them */
    }
    printf("(checksum %016llx; the machine may be shared: compare medians of runs, not one run)\n",
           (unsigned long long)sink);
    free(s);
    free(len);
    free(a);
    free(b);
    return 0;
}
