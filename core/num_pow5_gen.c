/* num_pow5_gen.c - writes core/num_pow5.h, the table of 128-bit truncated
 * powers of five that gt_num_parse's Eisel-Lemire path multiplies by (a build
 * tool, not part of gt_core; run by the test unit.num_pow5_table, which
 * regenerates the table and compares it with the committed header).
 *
 * For every q in [GT_POW5_MIN, GT_POW5_MAX] the entry is the integer
 * T(q) in [2^127, 2^128) with
 *
 *     T(q) = floor(5^q / 2^g(q)),   g(q) = floor(log2(5^q)) - 127,
 *
 * computed with exact big-integer arithmetic: for q >= 0 the top 128 bits of
 * 5^q (exact for q <= 55, truncated above), for q < 0 the quotient
 * floor(2^(L+127) / 5^-q) by long division, L the bit length of 5^-q. Every
 * entry is therefore at most the true scaled power, and above it by less
 * than one unit: T(q) <= 5^q / 2^g(q) < T(q) + 1, equal only for 0 <= q <= 55.
 * The tool also checks the exponent formula num.c uses instead of a second
 * table: floor(log2(10^q)) = floor(q x 217706 / 2^16) over the whole range,
 * and exits non-zero if it ever differs.
 *
 *   num_pow5_gen OUT.h        write the header
 *   num_pow5_gen --check H    exit 0 iff H is exactly what would be written */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POW5_MIN (-342)
#define POW5_MAX 308
#define WORDS    48 /* 1536 bits: 2^(L+127) for 5^342 (L = 795) fits */

struct big {
    uint32_t w[WORDS]; /* little-endian 32-bit limbs */
};

static void big_set(struct big *a, uint32_t v)
{
    memset(a, 0, sizeof *a);
    a->w[0] = v;
}

static void big_mul_small(struct big *a, uint32_t m)
{
    uint64_t carry = 0;
    for (int i = 0; i < WORDS; i++) {
        uint64_t t = (uint64_t)a->w[i] * m + carry;
        a->w[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry) {
        fprintf(stderr, "num_pow5_gen: big integer overflow\n");
        exit(2);
    }
}

static int big_bitlen(const struct big *a)
{
    for (int i = WORDS - 1; i >= 0; i--)
        if (a->w[i]) {
            int n = 32;
            while (!(a->w[i] >> (n - 1)))
                n--;
            return 32 * i + n;
        }
    return 0;
}

static int big_bit(const struct big *a, int k)
{
    return k >= 0 && k < 32 * WORDS && (a->w[k / 32] >> (k % 32)) & 1;
}

static int big_cmp(const struct big *a, const struct big *b)
{
    for (int i = WORDS - 1; i >= 0; i--)
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    return 0;
}

static void big_sub(struct big *a, const struct big *b) /* a -= b, a >= b */
{
    uint64_t borrow = 0;
    for (int i = 0; i < WORDS; i++) {
        uint64_t t = (uint64_t)a->w[i] - b->w[i] - borrow;
        a->w[i] = (uint32_t)t;
        borrow = (t >> 32) & 1;
    }
}

static void big_shl1(struct big *a, int bit)
{
    for (int i = WORDS - 1; i > 0; i--)
        a->w[i] = a->w[i] << 1 | a->w[i - 1] >> 31;
    a->w[0] = a->w[0] << 1 | (uint32_t)bit;
}

/* T(q) as two 64-bit halves, and g(q). */
static void entry(int q, uint64_t *hi, uint64_t *lo, int *g)
{
    struct big p;
    big_set(&p, 1);
    for (int i = 0; i < (q < 0 ? -q : q); i++)
        big_mul_small(&p, 5);
    int L = big_bitlen(&p); /* 2^(L-1) <= 5^|q| < 2^L */
    *hi = *lo = 0;
    if (q >= 0) {
        /* the top 128 bits of 5^q: bit L-1-k of 5^q is bit 127-k of T */
        for (int k = 0; k < 128; k++) {
            int b = big_bit(&p, L - 1 - k);
            if (k < 64)
                *hi |= (uint64_t)b << (63 - k);
            else
                *lo |= (uint64_t)b << (127 - k);
        }
        *g = L - 1 - 127;
    } else {
        /* floor(2^(L+127) / 5^-q), bit by bit; the quotient is below 2^128
         * (5^-q > 2^(L-1)) and at least 2^127 (5^-q < 2^L) */
        struct big r;
        big_set(&r, 1);
        for (int k = 0; k < L + 127; k++) {
            big_shl1(&r, 0);
            int b = big_cmp(&r, &p) >= 0;
            if (b)
                big_sub(&r, &p);
            *hi = *hi << 1 | *lo >> 63;
            *lo = *lo << 1 | (uint64_t)b;
        }
        *g = -L - 127; /* floor(log2(5^q)) = -L: 5^q lies in (2^-L, 2^(1-L)) */
    }
    if (!(*hi >> 63)) {
        fprintf(stderr, "num_pow5_gen: entry %d not normalised\n", q);
        exit(2);
    }
}

/* floor(q x 217706 / 2^16), as num.c computes floor(log2(10^q)). */
static int log2_10_floor(int q)
{
    long x = (long)q * 217706;
    return (int)(x >= 0 ? x / 65536 : -((-x + 65535) / 65536));
}

static char *render(size_t *len)
{
    size_t cap = 64 * 1024, n = 0;
    char *out = malloc(cap);
    if (!out)
        exit(2);
#define EMIT(...)                                                                                  \
    do {                                                                                           \
        int k_ = snprintf(out + n, cap - n, __VA_ARGS__);                                          \
        if (k_ < 0 || (size_t)k_ >= cap - n) {                                                     \
            fprintf(stderr, "num_pow5_gen: output buffer too small\n");                            \
            exit(2);                                                                               \
        }                                                                                          \
        n += (size_t)k_;                                                                           \
    } while (0)
    EMIT("/* num_pow5.h - GENERATED by core/num_pow5_gen.c; do not edit (the test\n"
         " * unit.num_pow5_table regenerates it and compares).\n"
         " *\n"
         " * 128-bit truncated powers of five for the Eisel-Lemire number reader in\n"
         " * num.c (D. Lemire, \"Number Parsing at a Gigabyte per Second\", Software:\n"
         " * Practice and Experience 51(8), 2021). Entry q - GT_POW5_MIN holds, as\n"
         " * {high 64 bits, low 64 bits}, T(q) = floor(5^q / 2^g), g = floor(log2(5^q))\n"
         " * - 127, so that 2^127 <= T(q) < 2^128, computed by the generator with exact\n"
         " * big-integer arithmetic (the top 128 bits of 5^q for q >= 0; floor(2^(L+127)\n"
         " * / 5^-q), L the bit length of 5^-q, for q < 0). T(q) <= 5^q / 2^g < T(q) + 1,\n"
         " * equal for 0 <= q <= 55 only. No entry is taken from another program. */\n"
         "#ifndef GT_NUM_POW5_H\n"
         "#define GT_NUM_POW5_H\n\n"
         "#include <stdint.h>\n\n"
         "#define GT_POW5_MIN (%d)\n"
         "#define GT_POW5_MAX %d\n\n"
         "/* clang-format off */\n"
         "static const uint64_t gt_pow5_128[%d][2] = {\n",
         POW5_MIN, POW5_MAX, POW5_MAX - POW5_MIN + 1);
    for (int q = POW5_MIN; q <= POW5_MAX; q++) {
        uint64_t hi, lo;
        int g;
        entry(q, &hi, &lo, &g);
        /* floor(log2(10^q)) = q + floor(log2(5^q)) = q + g + 127 */
        if (log2_10_floor(q) != q + g + 127) {
            fprintf(stderr, "num_pow5_gen: floor(log2(10^%d)) is %d, the formula gives %d\n", q,
                    q + g + 127, log2_10_floor(q));
            exit(2);
        }
        EMIT("    {0x%016llxu, 0x%016llxu}, /* 5^%d */\n", (unsigned long long)hi,
             (unsigned long long)lo, q);
    }
    EMIT("};\n/* clang-format on */\n\n#endif\n");
#undef EMIT
    *len = n;
    return out;
}

int main(int argc, char **argv)
{
    if (argc != 2 && !(argc == 3 && strcmp(argv[1], "--check") == 0)) {
        fprintf(stderr, "usage: num_pow5_gen OUT.h | num_pow5_gen --check HEADER.h\n");
        return 2;
    }
    size_t n;
    char *text = render(&n);
    if (argc == 3) {
        FILE *f = fopen(argv[2], "rb");
        if (!f) {
            fprintf(stderr, "num_pow5_gen: cannot open '%s'\n", argv[2]);
            return 1;
        }
        char *have = malloc(n + 2);
        size_t got = have ? fread(have, 1, n + 1, f) : 0;
        fclose(f);
        int same = have && got == n && memcmp(have, text, n) == 0;
        free(have);
        free(text);
        if (!same) {
            fprintf(stderr, "num_pow5_gen: '%s' differs from the generated table\n", argv[2]);
            return 1;
        }
        return 0;
    }
    FILE *f = fopen(argv[1], "wb");
    if (!f || fwrite(text, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "num_pow5_gen: cannot write '%s'\n", argv[1]);
        return 1;
    }
    free(text);
    return 0;
}
