/* gt_agg: one run counts once; accounting; groups, filters, harmonisation. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gt_agg.h"
#include "gt_time.h"

/* The record of a listed run (gt_agg_run_record), valid until 8 more calls. */
static const struct gt_record *REC(const struct gt_run *r)
{
    static struct gt_run_rec b[8];
    static unsigned k;
    return gt_agg_run_record(r, &b[k++ & 7u]);
}

static struct gt_record rec(const char *file, long line, const char *run_key, double end,
                            double dur, double kwh, double g)
{
    struct gt_record r;
    gt_record_init(&r);
    r.file = file;
    r.line = line;
    r.tool = GT_TOOL_CODECARBON;
    r.format = "codecarbon-csv";
    r.run_key = run_key;
    r.run_id = run_key;
    r.project = "p";
    r.tz = GT_TZ_LOCAL;
    r.end = end;
    r.duration_s = dur;
    r.start = end - dur;
    r.energy_kwh = kwh;
    r.co2e_g = g;
    r.pue = 1.0;
    return r;
}

static struct gt_agg_result *finish(struct gt_agg *a)
{
    struct gt_agg_result *res = NULL;
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    const struct gt_accounting *c = &res->acc;
    assert_int_equal(c->rows_read,
                     c->rows_used + c->rows_superseded + c->rows_rejected + c->rows_excluded);
    return res;
}

static const double T0 = 1717150000.0;

/* Cumulative flush rows: the last row per run counts, across a file and its
 * .bak; a run without run_id column counts each row. */
static void test_last_row_per_run(void **state)
{
    (void)state;
    struct gt_agg_opts o = {0};
    struct gt_agg *a = gt_agg_new(&o);
    struct gt_record r;
    r = rec("emissions.csv.bak", 2, "A", T0 + 10, 10, 0.001, 0.5);
    assert_int_equal(gt_agg_add(a, &r), GT_OK);
    r = rec("emissions.csv.bak", 3, "A", T0 + 20, 20, 0.002, 1.0);
    gt_agg_add(a, &r);
    r = rec("emissions.csv", 2, "A", T0 + 30, 30, 0.003, 1.5); /* latest: counts */
    gt_agg_add(a, &r);
    r = rec("emissions.csv", 3, "B", T0 + 5, 5, 0.010, 2.0);
    gt_agg_add(a, &r);
    r = rec("old.csv", 2, "", T0, 5, 1.0, 100.0); /* no run id column */
    gt_agg_add(a, &r);
    r = rec("old.csv", 3, "", T0, 5, 1.0, 100.0);
    gt_agg_add(a, &r);
    gt_agg_count_rejected(a, 2);
    struct gt_agg_result *res = finish(a);
    assert_int_equal(res->nruns, 4);
    assert_int_equal(res->acc.rows_read, 8);
    assert_int_equal(res->acc.rows_used, 4);
    assert_int_equal(res->acc.rows_superseded, 2);
    assert_int_equal(res->acc.rows_rejected, 2);
    assert_int_equal(res->totals.runs, 4);
    assert_float_equal(res->totals.energy_kwh, 0.003 + 0.010 + 2.0, 1e-12);
    assert_float_equal(res->totals.co2e_g, 1.5 + 2.0 + 200.0, 1e-12);
    assert_float_equal(res->totals.duration_s, 30 + 5 + 10, 1e-12);
    assert_int_equal(res->totals.no_cpu, 4);
    assert_int_equal(res->totals.local_time, 4);
    /* ordered by start: old.csv rows (T0-5), A (T0), B (T0) */
    assert_string_equal(REC(&res->runs[0])->file, "old.csv");
    gt_agg_result_free(res);
}

/* Rows with an empty run_id: same project and start within 2 s are one run;
 * a last row without energy never counts as zero. */
static void test_anonymous_rows_and_energy_gap(void **state)
{
    (void)state;
    struct gt_agg_opts o = {0};
    struct gt_agg *a = gt_agg_new(&o);
    struct gt_record r = rec("e.csv", 2, "", T0 + 100, 100, 0.1, 10);
    r.anon_run = 1;
    gt_agg_add(a, &r);
    r = rec("e.csv", 3, "", T0 + 201.5, 200, 0.2, 20); /* start 1.5 s later: same run */
    r.anon_run = 1;
    gt_agg_add(a, &r);
    r = rec("e.csv", 4, "", T0 + 305, 300, 0.3, 30); /* start 5 s later: another run */
    r.anon_run = 1;
    gt_agg_add(a, &r);
    r = rec("e.csv", 5, "", T0 + 405, 400, NAN, NAN); /* that run's last row: no energy */
    r.anon_run = 1;
    gt_agg_add(a, &r);
    struct gt_agg_result *res = finish(a);
    assert_int_equal(res->nruns, 2);
    assert_int_equal(REC(&res->runs[0])->line, 3);
    assert_int_equal(REC(&res->runs[1])->line, 4);
    assert_int_equal(res->runs[1].gap_line, 5);
    assert_int_equal(res->gap_runs, 1);
    assert_float_equal(res->totals.energy_kwh, 0.5, 1e-12);
    assert_int_equal(res->acc.rows_superseded, 2);
    gt_agg_result_free(res);
}

static void test_predicted_and_methods(void **state)
{
    (void)state;
    for (int inc = 0; inc < 2; inc++) {
        struct gt_agg_opts o = {0};
        o.include_predicted = inc;
        struct gt_agg *a = gt_agg_new(&o);
        struct gt_record r = rec("x_carbontracker_output.log", 5, "x", T0, 60, 0.5, 50);
        r.tool = GT_TOOL_CARBONTRACKER;
        r.kind = GT_KIND_PREDICTED;
        gt_agg_add(a, &r);
        r = rec("x_carbontracker_output.log", 12, "x", T0 + 50, 50, 0.4, 40);
        r.tool = GT_TOOL_CARBONTRACKER; /* actual: counts over the prediction */
        gt_agg_add(a, &r);
        r = rec("y_carbontracker_output.log", 5, "y", T0, 60, 0.7, 70);
        r.tool = GT_TOOL_CARBONTRACKER; /* prediction only */
        r.kind = GT_KIND_PREDICTED;
        gt_agg_add(a, &r);
        /* one EnergyTracker run folder measured three ways */
        r = rec("co2/d1/codecarbon_emissions.csv", 2, "cc1", T0, 60, 0.03, 3);
        r.group_key = "co2/d1";
        gt_agg_add(a, &r);
        r = rec("co2/d1/eco2ai_emissions.csv", 2, "e1", T0, 60, 0.02, 2);
        r.tool = GT_TOOL_ECO2AI;
        r.group_key = "co2/d1";
        gt_agg_add(a, &r);
        r = rec("co2/d1/GreenAlgorithm_emissions.txt", 1, "", T0, 60, 0.01, 1);
        r.tool = GT_TOOL_ENERGYTRACKER;
        r.group_key = "co2/d1";
        gt_agg_add(a, &r);
        struct gt_agg_result *res = finish(a);
        assert_int_equal(res->nruns, inc ? 3 : 2);
        assert_int_equal(res->excluded_predicted, inc ? 0 : 1);
        assert_int_equal(res->multi_method_runs, 1);
        assert_float_equal(res->totals.energy_kwh, 0.4 + 0.01 + (inc ? 0.7 : 0), 1e-12);
        assert_int_equal(res->totals.predicted, inc);
        assert_int_equal(res->acc.rows_read, 6);
        assert_int_equal(res->acc.rows_superseded, 3); /* prediction + two other methods */
        assert_int_equal(res->acc.rows_excluded, inc ? 0 : 1);
        for (size_t i = 0; i < res->nruns; i++)
            if (REC(&res->runs[i])->tool == GT_TOOL_ENERGYTRACKER) {
                assert_int_equal(res->runs[i].nmethods, 2);
                assert_int_equal(res->runs[i].methods[0]->tool, GT_TOOL_ECO2AI);
            }
        gt_agg_result_free(res);
    }
}

static void test_groups_filters_harmonise(void **state)
{
    (void)state;
    struct gt_agg_opts o = {0};
    struct gt_error err = {0};
    assert_int_equal(gt_key_parse_list("project,month", o.by, GT_AGG_MAX_KEYS, &o.nby, &err), 0);
    assert_int_equal(gt_key_parse_list("project,colour", o.by, GT_AGG_MAX_KEYS, &o.nby, &err), -1);
    assert_string_equal(err.msg, "unknown grouping 'colour' (use tool, project, experiment, run, "
                                 "host, user, cpu, gpu, country, region, day, week, month, year, "
                                 "account, partition, state, job, array)");
    assert_int_equal(gt_key_parse_list("project,month", o.by, GT_AGG_MAX_KEYS, &o.nby, &err), 0);
    o.has_since = 1;
    o.since = gt_time_from_civil(2024, 5, 1, 0, 0, 0);
    o.set_pue = 1;
    o.pue = 1.5;
    o.set_ci = 1;
    o.ci_g_per_kwh = 100;
    struct gt_agg *a = gt_agg_new(&o);
    struct gt_record r = rec("a", 2, "1", gt_time_from_civil(2024, 5, 31, 10, 0, 0), 60, 1, 1);
    r.pue = 1.2;
    gt_agg_add(a, &r);
    r = rec("a", 3, "2", gt_time_from_civil(2024, 6, 2, 10, 0, 0), 60, 2, 1);
    r.pue = NAN; /* unknown PUE: energy kept, CO2e recomputed */
    gt_agg_add(a, &r);
    r = rec("a", 4, "3", gt_time_from_civil(2024, 6, 3, 10, 0, 0), 60, 4, 1);
    r.project = "q";
    gt_agg_add(a, &r);
    r = rec("a", 5, "4", gt_time_from_civil(2024, 4, 30, 10, 0, 0), 60, 8, 1); /* too early */
    gt_agg_add(a, &r);
    struct gt_agg_result *res = finish(a);
    assert_int_equal(res->nruns, 3);
    assert_int_equal(res->excluded_filter, 1);
    assert_int_equal(res->ngroups, 3);
    assert_string_equal(res->groups[0].key[0], "p");
    assert_string_equal(res->groups[0].key[1], "2024-05");
    assert_string_equal(res->groups[1].key[1], "2024-06");
    assert_string_equal(res->groups[2].key[0], "q");
    assert_float_equal(res->groups[0].t.energy_kwh, 1.0 / 1.2 * 1.5, 1e-12);
    assert_float_equal(res->groups[0].t.co2e_g, 1.0 / 1.2 * 1.5 * 100, 1e-9);
    assert_float_equal(res->groups[1].t.energy_kwh, 2.0, 0);
    assert_float_equal(res->groups[1].t.co2e_g, 200.0, 1e-9);
    assert_float_equal(res->groups[2].t.energy_kwh, 6.0, 1e-12);
    assert_int_equal(res->totals.recomputed, 3);
    assert_string_equal(res->runs[0].recompute_note,
                        "energy: PUE 1.2 replaced by 1.5; CO2e: 100 gCO2e/kWh");
    assert_string_equal(res->runs[1].recompute_note,
                        "energy kept: the PUE the tool applied is unknown; CO2e: 100 gCO2e/kWh");
    /* each kind of recomputation counted: CO2e of all 3, energy of the 2
     * whose tool's PUE is known, 1 keeping its energy */
    assert_int_equal(res->totals.recomputed_co2e, 3);
    assert_int_equal(res->totals.recomputed_energy, 2);
    assert_int_equal(res->totals.pue_kept, 1);
    char what[256];
    gt_agg_recompute_text(&res->totals, what, sizeof what);
    assert_string_equal(what, "3 of 3 runs recomputed (CO2e of 3, energy of 2); 1 keeps the "
                              "tool's energy: the PUE it applied is unknown");
    char buf[64];
    assert_string_equal(gt_agg_key_value(REC(&res->runs[0]), GT_KEY_WEEK, buf, sizeof buf),
                        "2024-W22");
    assert_string_equal(gt_agg_key_value(REC(&res->runs[0]), GT_KEY_DAY, buf, sizeof buf),
                        "2024-05-31");
    gt_agg_result_free(res);
}

/* Many rows of few runs: the result holds one record per run. */
static void test_many_rows(void **state)
{
    (void)state;
    struct gt_agg_opts o = {0};
    struct gt_agg *a = gt_agg_new(&o);
    char key[16];
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "run%d", i % 1000);
        struct gt_record r = rec("big.csv", i + 2, key, T0 + i, 1 + i / 1000, i, i);
        assert_int_equal(gt_agg_add(a, &r), GT_OK);
    }
    struct gt_agg_result *res = finish(a);
    assert_int_equal(res->nruns, 1000);
    assert_int_equal(res->acc.rows_superseded, 19000);
    /* last row of run k is i = 19000 + k */
    assert_float_equal(res->totals.energy_kwh, 1000.0 * 19000 + 999 * 1000 / 2, 0);
    gt_agg_result_free(res);
}

/* A run keeps its line in 32 bits and its row count in 32 bits; beyond that
 * (a file of more than 4 G lines, a run of more than 4 G rows) both are kept
 * aside, exactly: rows read, lines named and the accounting stay right. */
static void test_wide_lines_and_rows(void **state)
{
    (void)state;
    struct gt_agg_opts o = {0};
    o.notable_runs_only = 1; /* the compact records */
    struct gt_agg *a = gt_agg_new(&o);
    struct gt_record r = rec("huge.csv", 5000000000L, "W", T0 + 10, 10, 0.5, 50);
    r.nrows = 4294967290L;
    assert_int_equal(gt_agg_add(a, &r), GT_OK);
    r = rec("huge.csv", 5000000007L, "W", T0 + 20, 20, NAN, NAN); /* no energy: a gap */
    r.nrows = 10;
    assert_int_equal(gt_agg_add(a, &r), GT_OK);
    r = rec("huge.csv", 4294967295L, "X", T0 + 5, 5, 0.25, 25); /* the largest 32-bit line */
    assert_int_equal(gt_agg_add(a, &r), GT_OK);
    r = rec("huge.csv", 4294967296L, "X", T0 + 6, 6, NAN, NAN); /* the first beyond */
    assert_int_equal(gt_agg_add(a, &r), GT_OK);
    struct gt_agg_result *res = finish(a);
    assert_int_equal(res->nruns, 2); /* both have a gap: listed (same start: by line) */
    assert_string_equal(REC(&res->runs[0])->run_key, "X");
    assert_int_equal(REC(&res->runs[0])->line, 4294967295L);
    assert_int_equal(res->runs[0].gap_line, 4294967296L);
    assert_int_equal(res->runs[0].rows, 2);
    assert_string_equal(REC(&res->runs[1])->run_key, "W");
    assert_int_equal(REC(&res->runs[1])->line, 5000000000L);
    assert_int_equal(res->runs[1].gap_line, 5000000007L);
    assert_int_equal(res->runs[1].gap_rec->line, 5000000007L);
    assert_int_equal(res->runs[1].rows, 4294967300L);
    assert_int_equal(res->acc.rows_read, 4294967302L);
    assert_int_equal(res->acc.rows_used, 4294967291L);
    assert_int_equal(res->acc.rows_superseded, 11);
    gt_agg_result_free(res);
}

/* The same through a merge (parallel parts): the part's lines are moved past
 * 32 bits by the offset, and a run new to the target keeps its row count. */
static void test_wide_merge(void **state)
{
    (void)state;
    struct gt_agg_opts o = {0};
    o.notable_runs_only = 1;
    struct gt_agg *dst = gt_agg_new(&o);
    struct gt_record r = rec("big.csv", 3, "M", T0 + 10, 10, 0.5, 50);
    assert_int_equal(gt_agg_add(dst, &r), GT_OK);
    struct gt_agg *src = gt_agg_new_like(dst);
    r = rec("big.csv", 4294967293L, "M", T0 + 20, 20, NAN, NAN); /* dst's run, no energy */
    assert_int_equal(gt_agg_add(src, &r), GT_OK);
    r = rec("big.csv", 100, "N", T0 + 30, 30, 1.5, 150);
    r.nrows = 4000000000L;
    assert_int_equal(gt_agg_add(src, &r), GT_OK);
    r = rec("big.csv", 200, "N", T0 + 40, 40, NAN, NAN);
    r.nrows = 500000000L;
    assert_int_equal(gt_agg_add(src, &r), GT_OK);
    assert_int_equal(gt_agg_merge(dst, src, 10), GT_OK);
    struct gt_agg_result *res = finish(dst);
    assert_int_equal(res->nruns, 2);
    assert_string_equal(REC(&res->runs[0])->run_key, "M");
    assert_int_equal(REC(&res->runs[0])->line, 3);
    assert_int_equal(res->runs[0].gap_line, 4294967303L);
    assert_int_equal(res->runs[0].rows, 2);
    assert_string_equal(REC(&res->runs[1])->run_key, "N");
    assert_int_equal(REC(&res->runs[1])->line, 110);
    assert_int_equal(res->runs[1].gap_line, 210);
    assert_int_equal(res->runs[1].rows, 4500000000L);
    assert_int_equal(res->acc.rows_read, 4500000002L);
    assert_int_equal(res->acc.rows_superseded, 500000001L);
    gt_agg_result_free(res);
}

/* Run keys written as lowercase UUIDs are stored in 16 bytes: they come
 * back exactly, as the run key, the run id and a group; keys that only look
 * like one (upper case, a hyphen moved, a letter past f, a character more) are
 * kept as written and are other runs. Also through a merge. */
static void test_uuid_keys(void **state)
{
    (void)state;
    static const char *const keys[] = {
        "6f5b667d-e82f-4d61-b0b0-2b26b87f63fe", /* stored as 16 bytes */
        "6F5B667D-E82F-4D61-B0B0-2B26B87F63FE", /* the others as written */
        "6f5b667de-82f-4d61-b0b0-2b26b87f63fe",  "6f5b667d-e82f-4d61-b0b0-2b26b87f63fg",
        "6f5b667d-e82f-4d61-b0b0-2b26b87f63fe0", "00000000-0000-0000-0000-000000000000",
    };
    const size_t n = sizeof keys / sizeof keys[0];
    struct gt_agg_opts o = {0};
    o.notable_runs_only = 1;
    o.by[0] = GT_KEY_RUN;
    o.nby = 1;
    struct gt_agg *a = gt_agg_new(&o);
    struct gt_agg *b = gt_agg_new_like(a);
    for (size_t i = 0; i < n; i++) {
        /* each run: a row with energy, then one without (a gap: listed); the
         * second row goes to a part merged later for half of them */
        struct gt_record r =
            rec("u.csv", (long)(2 * i + 2), keys[i], T0 + 10 + (double)i, 10, 0.5, 50);
        assert_int_equal(gt_agg_add(a, &r), GT_OK);
        r = rec("u.csv", (long)(2 * i + 3), keys[i], T0 + 20 + (double)i, 20, NAN, NAN);
        assert_int_equal(gt_agg_add(i % 2 ? b : a, &r), GT_OK);
    }
    assert_int_equal(gt_agg_merge(a, b, 0), GT_OK);
    struct gt_agg_result *res = finish(a);
    assert_int_equal(res->nruns, n);
    assert_int_equal(res->ngroups, n);
    for (size_t i = 0; i < n; i++) { /* in start order: the order written */
        assert_string_equal(REC(&res->runs[i])->run_key, keys[i]);
        assert_string_equal(REC(&res->runs[i])->run_id, keys[i]);
        assert_string_equal(res->runs[i].gap_rec->run_key, keys[i]);
        assert_int_equal(res->runs[i].gap_line, (long)(2 * i + 3));
        assert_string_equal(res->runs[i].key[GT_KEY_RUN], keys[i]);
    }
    /* groups: in byte order of their key value */
    static const size_t order[] = {5, 1, 0, 4, 3, 2};
    for (size_t g = 0; g < n; g++) {
        assert_string_equal(res->groups[g].key[0], keys[order[g]]);
        assert_int_equal(res->groups[g].t.runs, 1);
    }
    gt_agg_result_free(res);
}

/* Numbers equal bit for bit (NAN too) and strings by content. */
static void same_num(double a, double b)
{
    assert_memory_equal(&a, &b, sizeof a);
}

static void same_rec(const struct gt_record *a, const struct gt_record *b)
{
    assert_string_equal(a->file, b->file);
    assert_int_equal(a->line, b->line);
    assert_int_equal(a->nrows, b->nrows);
    assert_string_equal(a->format, b->format);
    assert_int_equal(a->tool, b->tool);
    assert_string_equal(a->tool_version, b->tool_version);
    assert_int_equal(a->flags, b->flags);
    assert_string_equal(a->run_key, b->run_key);
    assert_int_equal(a->anon_run, b->anon_run);
    assert_string_equal(a->run_id, b->run_id);
    const char *const sa[] = {a->project,        a->experiment,   a->user,        a->host,
                              a->group_key,      a->country,      a->country_iso, a->region,
                              a->cloud_provider, a->cloud_region, a->os,          a->cpu_model,
                              a->gpu_model};
    const char *const sb[] = {b->project,        b->experiment,   b->user,        b->host,
                              b->group_key,      b->country,      b->country_iso, b->region,
                              b->cloud_provider, b->cloud_region, b->os,          b->cpu_model,
                              b->gpu_model};
    for (size_t i = 0; i < sizeof sa / sizeof sa[0]; i++)
        assert_string_equal(sa[i], sb[i]);
    assert_int_equal(a->tz, b->tz);
    const double na[] = {a->start,       a->end,
                         a->duration_s,  a->energy_kwh,
                         a->cpu_kwh,     a->gpu_kwh,
                         a->ram_kwh,     a->pue,
                         a->co2e_g,      a->ci_g_per_kwh,
                         a->cpu_power_w, a->gpu_power_w,
                         a->ram_power_w, a->co2e_rate_g_per_s,
                         a->cpu_count,   a->gpu_count,
                         a->ram_gb};
    const double nb[] = {b->start,       b->end,
                         b->duration_s,  b->energy_kwh,
                         b->cpu_kwh,     b->gpu_kwh,
                         b->ram_kwh,     b->pue,
                         b->co2e_g,      b->ci_g_per_kwh,
                         b->cpu_power_w, b->gpu_power_w,
                         b->ram_power_w, b->co2e_rate_g_per_s,
                         b->cpu_count,   b->gpu_count,
                         b->ram_gb};
    for (size_t i = 0; i < sizeof na / sizeof na[0]; i++)
        same_num(na[i], nb[i]);
    assert_int_equal(a->kind, b->kind);
    assert_int_equal(a->epochs, b->epochs);
    assert_int_equal(a->early_stop, b->early_stop);
    assert_int_equal(a->nextras, b->nextras);
    for (size_t i = 0; i < a->nextras; i++) {
        assert_string_equal(a->extras[i].key, b->extras[i].key);
        assert_string_equal(a->extras[i].value, b->extras[i].value);
    }
    assert_int_equal(a->nseries, 0);
    assert_int_equal(b->nseries, 0);
}

/* Every run listed (report, statement, JSON): a run read from rows without
 * series keeps no whole row; gt_agg_run_record gives its best row back as it
 * was read, field by field and every extra (bytes 1 and 2, empty keys and
 * values, long values, more than a gt_run_rec holds), also after a better
 * row and through a merge with moved lines; a run with an energy gap keeps
 * its record. */
static void test_listed_rows_given_back(void **state)
{
    (void)state;
    enum { N = 40 };
    static char keys[N][48], exv[N][2][2][700];
    static struct gt_kv kv[N][2][4];
    static struct gt_record want[N];
    struct gt_agg_opts o = {0};
    struct gt_agg *a = gt_agg_new(&o), *b = gt_agg_new(&o);
    assert_non_null(a);
    assert_non_null(b);
    for (int i = 0; i < N; i++) {
        if (i % 3 == 0)
            snprintf(keys[i], sizeof keys[i], "%08x-0000-4000-8000-%012x", (unsigned)i * 77u, i);
        else if (i % 3 == 1)
            snprintf(keys[i], sizeof keys[i], "%08X-0000-4000-8000-%012X", (unsigned)i * 77u, i);
        else
            snprintf(keys[i], sizeof keys[i], "run %d", i);
        /* a first row, then the row that counts (later end) */
        for (int k = 0; k < 2; k++) {
            struct gt_record r = rec(i % 2 ? "b.csv" : "a.csv", 2 + 2 * i + k, keys[i],
                                     T0 + 100 * i + 10 * k, 50 + k, 0.001 * (i + 1) + k, 0.5 * i);
            r.tool_version = k ? (i % 4 ? "2.4.2" : "") : "old";
            r.run_id = i % 5 == 4 ? "" : keys[i];
            r.anon_run = 0;
            r.experiment = i % 2 ? "exp" : "";
            r.user = "u";
            r.host = i % 3 ? "h1" : "h2";
            r.country = "France";
            r.country_iso = "FRA";
            r.region = i % 4 ? "" : "idf";
            r.cloud_provider = i % 6 ? "" : "aws";
            r.cloud_region = i % 6 ? "" : "eu-west-3";
            r.os = "Linux\x01x";
            r.cpu_model = "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz";
            r.gpu_model = i % 2 ? "4 x NVIDIA A100" : "";
            r.cpu_count = i % 7 ? 40 : NAN;
            r.gpu_count = i % 2 ? 4 : 0;
            r.ram_gb = 376.5;
            r.cpu_power_w = 40.0 + i / 7.0;
            r.gpu_power_w = i % 2 ? 800.0 + i : NAN;
            r.ram_power_w = 11.62;
            r.co2e_rate_g_per_s = 1e-7 * i;
            r.cpu_kwh = 0.01 * i;
            r.gpu_kwh = NAN;
            r.ram_kwh = 0.002;
            r.ci_g_per_kwh = i % 2 ? 56.9 : NAN;
            r.epochs = i % 3 ? -1 : 12 + i;
            r.early_stop = i % 4 == 1;
            r.kind = GT_KIND_ACTUAL;
            r.tz = i % 2 ? GT_TZ_UTC : GT_TZ_LOCAL;
            r.flags = i % 5 == 0 ? GT_REC_REALIGNED : 0;
            snprintf(exv[i][k][0], sizeof exv[i][k][0], "%d.%d\x02%s", i, k, k ? "\x01" : "");
            size_t lv = i % 3 ? 250 : 600; /* 600: more than a gt_run_rec holds */
            memset(exv[i][k][1], 'v', lv);
            exv[i][k][1][lv] = '\0';
            exv[i][k][1][i % 250] = (char)(i % 2 ? '\x02' : '\x01');
            kv[i][k][0] = (struct gt_kv){"python_version", "3.11.9"};
            kv[i][k][1] = (struct gt_kv){"cpu_utilization_percent", exv[i][k][0]};
            kv[i][k][2] = (struct gt_kv){"", i % 2 ? "" : "x\x01\x02\x01"};
            kv[i][k][3] = (struct gt_kv){"long", exv[i][k][1]};
            r.nextras = (size_t)(k ? i % 5 : 4);
            r.extras = kv[i][k];
            if (k && i == 7) /* the latest row has no energy: a gap, kept whole */
                r.energy_kwh = r.cpu_kwh = r.ram_kwh = NAN;
            /* run i's rows go to a (line as is) or b (merged with lines moved by 1000) */
            struct gt_agg *to = i % 4 == 3 ? b : a;
            if (to == b)
                r.line -= 1000;
            assert_int_equal(gt_agg_add(to, &r), GT_OK);
            if (to == b)
                r.line += 1000;
            if (i == 7 ? !k : k) /* the row that counts */
                want[i] = r;
        }
    }
    assert_int_equal(gt_agg_merge(a, b, 1000), GT_OK);
    struct gt_agg_result *res = finish(a);
    assert_int_equal(res->nruns, N);
    int seen[N] = {0};
    for (size_t j = 0; j < res->nruns; j++) {
        const struct gt_run *run = &res->runs[j];
        const struct gt_record *g = REC(run);
        int i = -1;
        for (int k = 0; k < N; k++)
            if (!strcmp(g->run_key, keys[k]))
                i = k;
        assert_true(i >= 0 && !seen[i]);
        seen[i] = 1;
        assert_int_equal(run->rows, 2);
        if (i == 7) { /* the gap: its record is kept, and counts its row with energy */
            assert_non_null(run->rec);
            assert_non_null(run->gap_rec);
            same_rec(g, &want[7]);
            continue;
        }
        assert_null(run->rec);
        struct gt_record w = want[i];
        w.nrows = 1;
        same_rec(g, &w);
        assert_string_equal(run->key[GT_KEY_RUN], w.run_id[0] ? w.run_id : w.run_key);
    }
    gt_agg_result_free(res);
}

/* Runs come out by start (none first), tool, file, line: 3000 runs with
 * starts from a few values (many equal, some unknown) over two tools and
 * three files, added in a scrambled order. */
static void test_run_order(void **state)
{
    (void)state;
    enum { N = 3000 };
    static char keys[N][16];
    static const char *const files[] = {"b.csv", "a.csv", "c/a.csv"};
    struct gt_agg_opts o = {0};
    struct gt_agg *a = gt_agg_new(&o);
    for (int i = 0; i < N; i++) {
        int j = (i * 7919) % N; /* scrambled */
        snprintf(keys[j], sizeof keys[j], "k%d", j);
        struct gt_record r = rec(files[j % 3], 2 + j / 3, keys[j], NAN, NAN, 0.001, 1);
        r.start = j % 11 == 0 ? NAN : T0 + (double)((j * 31) % 17) - 8.5 * (j % 2);
        r.tool = j % 5 ? GT_TOOL_CODECARBON : GT_TOOL_ECO2AI;
        assert_int_equal(gt_agg_add(a, &r), GT_OK);
    }
    struct gt_agg_result *res = finish(a);
    assert_int_equal(res->nruns, N);
    long nan_seen = 0;
    for (size_t i = 0; i < res->nruns; i++) {
        const struct gt_record *y = REC(&res->runs[i]);
        nan_seen += isnan(y->start);
        if (!i)
            continue;
        const struct gt_record *x = REC(&res->runs[i - 1]);
        if (isnan(x->start) != isnan(y->start)) {
            assert_true(isnan(x->start));
            continue;
        }
        if (!isnan(x->start) && x->start != y->start) {
            assert_true(x->start < y->start);
            continue;
        }
        if (x->tool != y->tool) {
            assert_true(x->tool < y->tool);
            continue;
        }
        int c = strcmp(x->file, y->file);
        assert_true(c <= 0);
        if (!c)
            assert_true(x->line < y->line);
    }
    assert_int_equal(nan_seen, (N + 10) / 11);
    gt_agg_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_last_row_per_run),
        cmocka_unit_test(test_anonymous_rows_and_energy_gap),
        cmocka_unit_test(test_predicted_and_methods),
        cmocka_unit_test(test_groups_filters_harmonise),
        cmocka_unit_test(test_many_rows),
        cmocka_unit_test(test_wide_lines_and_rows),
        cmocka_unit_test(test_wide_merge),
        cmocka_unit_test(test_uuid_keys),
        cmocka_unit_test(test_listed_rows_given_back),
        cmocka_unit_test(test_run_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
