/* The hardware-string table: real CPU/GPU model strings as CodeCarbon,
 * eco2ai and the hardware itself log them (tests/unit/data/hw_strings.tsv),
 * each with the hwdb row it must resolve to. Every line is an assertion:
 * a row name must be found exactly, "none" must name no device, "?" (a
 * string that names no single model) and "gap:..." (a part the hwdb lacks)
 * must stay unresolved. The resolution rate over the strings that name one
 * model must be >= 95 %, with no wrong row. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_hwdb.h"

#include "hwdb_fixture.h"

/* What the string resolves to, in the table's notation: "none", "MODEL",
 * "N x MODEL", "A + B" for mixed devices, "N x tdp:W" for eco2ai's logged
 * TDP, "?" when a model is not found. */
static void resolve(const char *kind, const char *s, char *out, size_t size)
{
    struct gt_hw_devices d;
    int gpu = !strcmp(kind, "gpu");
    gt_hwdb_parse_devices(&db, gpu, s, &d);
    out[0] = '\0';
    if (d.n == 0) {
        snprintf(out, size, "none");
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < d.n && n < size; i++) {
        struct gt_hw_match m;
        struct gt_error err = {0};
        enum gt_status st = gpu ? gt_hwdb_find_gpu(&db, d.dev[i].name, &m, &err)
                                : gt_hwdb_find_cpu(&db, d.dev[i].name, &m, &err);
        const char *model = NULL;
        char tdp[40];
        if (st == GT_OK)
            model = gpu ? db.gpus.v[m.index].model : db.cpus.v[m.index].model;
        else if (!isnan(d.logged_tdp_w)) {
            snprintf(tdp, sizeof tdp, "tdp:%g", d.logged_tdp_w);
            model = tdp;
        } else
            model = "?";
        char count[32] = "";
        if (!isnan(d.dev[i].count))
            snprintf(count, sizeof count, "%g x ", d.dev[i].count);
        n += (size_t)snprintf(out + n, size - n, "%s%s%s", i ? " + " : "", count, model);
    }
}

static void test_table(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/unit/data/hw_strings.tsv", GT_SOURCE_DIR);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[1024];
    int lineno = 0, named = 0, ok = 0, wrong = 0, gaps = 0, real = 0, failures = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\n")] = '\0';
        char *kind = line, *s = strchr(kind, '\t');
        assert_non_null(s);
        *s++ = '\0';
        char *want = strchr(s, '\t');
        assert_non_null(want);
        *want++ = '\0';
        char *origin = strchr(want, '\t');
        assert_non_null(origin);
        *origin++ = '\0';
        char got[600];
        resolve(kind, s, got, sizeof got);
        int is_gap = !strncmp(want, "gap:", 4);
        int unnamed = !strcmp(want, "?");
        if (strncmp(origin, "vendor", 6))
            real++;
        if (!unnamed)
            named++;
        int pass;
        if (is_gap || unnamed) {
            /* unresolved: "?" or "N x ?" */
            size_t gl = strlen(got);
            pass = gl && got[gl - 1] == '?' && !strchr(got, '+');
            gaps += is_gap;
        } else {
            pass = !strcmp(got, want);
            ok += pass;
            /* a row found, but not the one expected */
            wrong += !pass && !strchr(got, '?');
        }
        if (!pass) {
            failures++;
            print_error("hw_strings.tsv:%d: %s '%s': expected '%s', got '%s'\n", lineno, kind, s,
                        want, got);
        }
    }
    fclose(f);
    print_message("hw_strings: %d strings (%d from real logs), %d name one model: %d resolve "
                  "(%.1f %%), %d known gaps, %d wrong\n",
                  lineno - 1, real, named, ok, named ? 100.0 * ok / named : 0, gaps, wrong);
    assert_int_equal(failures, 0);
    assert_int_equal(wrong, 0);
    assert_true(real >= 150);
    assert_true(ok * 100 >= named * 95);
}

/* the rules real strings need, one by one */
static void test_parse_devices(void **state)
{
    (void)state;
    struct gt_hw_devices d;
    gt_hwdb_parse_devices(&db, 1, "1 x NVIDIA GeForce RTX 40601 x NVIDIA GeForce RTX 3080 Ti", &d);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.dev[0].name, "NVIDIA GeForce RTX 4060");
    assert_true(d.dev[0].count == 1);
    assert_string_equal(d.dev[1].name, "NVIDIA GeForce RTX 3080 Ti");
    assert_true(d.dev[1].count == 1);
    assert_string_equal(d.format, "CodeCarbon");
    /* a two-digit count after a name that ends in digits: the db decides */
    gt_hwdb_parse_devices(&db, 1, "2 x NVIDIA L412 x NVIDIA GeForce RTX 4060", &d);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.dev[0].name, "NVIDIA L4");
    assert_true(d.dev[1].count == 12);
    /* "0 x" is no count: the 0 belongs to the name */
    gt_hwdb_parse_devices(&db, 1, "1 x NVIDIA GeForce RTX 30901 x Tesla T4", &d);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.dev[0].name, "NVIDIA GeForce RTX 3090");
    assert_string_equal(d.dev[1].name, "Tesla T4");
    gt_hwdb_parse_devices(&db, 1, "2 x Tesla T4, 1 x NVIDIA L4", &d);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.dev[0].name, "Tesla T4");
    assert_true(d.dev[0].count == 2);
    /* eco2ai */
    gt_hwdb_parse_devices(&db, 0, "Some Lab Chip @ 2.30GHz/2 device(s), TDP:45.0", &d);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.dev[0].name, "Some Lab Chip @ 2.30GHz");
    assert_true(d.dev[0].count == 2);
    assert_true(d.logged_tdp_w == 45);
    assert_string_equal(d.format, "eco2ai");
    gt_hwdb_parse_devices(&db, 1, " 0 device(s)", &d);
    assert_int_equal(d.n, 0);
    assert_string_equal(d.format, "eco2ai");
    gt_hwdb_parse_devices(&db, 1, "   ", &d);
    assert_int_equal(d.n, 0);
    gt_hwdb_parse_devices(&db, 1, "NVIDIA L4", &d);
    assert_int_equal(d.n, 1);
    assert_true(isnan(d.dev[0].count));
    assert_null(d.format);
}

/* suggestions stay in the family of the model asked for */
static void test_suggestions_same_family(void **state)
{
    (void)state;
    struct gt_hw_match m;
    struct gt_error err = {0};
    assert_int_equal(gt_hwdb_find_gpu(&db, "NVIDIA H21", &m, &err), GT_E_NOTFOUND);
    for (size_t k = 0; k < m.ncand; k++)
        assert_null(strstr(db.gpus.v[m.cand[k]].model, "H200"));
    assert_string_equal(err.msg, "unknown gpu 'NVIDIA H21'; closest: 'H20'");
    assert_int_equal(gt_hwdb_find_gpu(&db, "Apple M9", &m, &err), GT_E_NOTFOUND);
    for (size_t k = 0; k < m.ncand; k++)
        assert_null(strstr(db.gpus.v[m.cand[k]].model, "SXM"));
    assert_int_equal(gt_hwdb_find_cpu(&db, "Apple M9", &m, &err), GT_E_NOTFOUND);
    for (size_t k = 0; k < m.ncand; k++)
        assert_non_null(strstr(db.cpus.v[m.cand[k]].model, "Apple M"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_parse_devices),
        cmocka_unit_test(test_suggestions_same_family),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
