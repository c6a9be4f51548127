/* gt_tradeoff: the front, STREP indices, ratings and compound on a table
 * worked by hand; the join; the metric-source parsers. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gt_agg.h"
#include "gt_metrics.h"
#include "gt_time.h"
#include "gt_tradeoff.h"

#define EPS 1e-9

/* The hand-worked table (weights energy 1, accuracy 2, latency 1):
 *
 *   item    energy kWh  accuracy  latency ms
 *   large   4.0         0.92      40
 *   medium  2.0         0.90      25
 *   small   1.0         0.80      10
 *   bad     3.0         0.85      50    (medium beats it on every axis)
 *   tiny    0.8         0.46      12
 *
 * References (the best of each axis): energy 0.8, accuracy 0.92, latency 10.
 * Indices: min axes ref/value, max axes value/ref:
 *   energy   large 0.8/4 = 0.2       medium 0.4      small 0.8   bad 0.8/3     tiny 1
 *   accuracy large 1                 medium .9/.92   small .8/.92 bad .85/.92  tiny .5
 *   latency  large 10/40 = 0.25      medium 0.4      small 1     bad 0.2       tiny 10/12
 * Ratings at 0.9/0.8/0.7/0.6:
 *   energy   E E B E A;  accuracy A A B A E;  latency E E A E B
 * Compound (1 x energy + 2 x accuracy + 1 x latency) / 4:
 *   large  (0.2 + 2 + 0.25) / 4                 = 0.6125      D
 *   medium (0.4 + 2 x 0.978261 + 0.4) / 4       = 0.689130    D
 *   small  (0.8 + 2 x 0.869565 + 1) / 4         = 0.884783    B
 *   bad    (0.266667 + 2 x 0.923913 + 0.2) / 4  = 0.578623    E
 *   tiny   (1 + 2 x 0.5 + 0.833333) / 4         = 0.708333    C
 * Front: large, medium, small, tiny (bad is beaten by medium). */
enum { NI = 5, NA = 3 };
static const char *labels[NI] = {"large", "medium", "small", "bad", "tiny"};
static const double tab[NI][NA] = {
    {4.0, 0.92, 40}, {2.0, 0.90, 25}, {1.0, 0.80, 10}, {3.0, 0.85, 50}, {0.8, 0.46, 12}};

struct fixture {
    struct gt_item it[NI];
    double val[NI][NA], idx[NI][NA];
    char rat[NI][NA];
    struct gt_axis axes[NA];
    struct gt_axis_score ax[NA + 1];
};

static void setup(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    struct gt_error err = {0};
    assert_int_equal(gt_axis_parse("energy:min", &f->axes[0], &err), 0);
    assert_int_equal(gt_axis_parse("accuracy:max:2", &f->axes[1], &err), 0);
    assert_int_equal(gt_axis_parse("latency_ms:min", &f->axes[2], &err), 0);
    for (int i = 0; i < NI; i++) {
        f->it[i].label = labels[i];
        f->it[i].energy_kwh = tab[i][0];
        f->it[i].val = f->val[i];
        f->it[i].index = f->idx[i];
        f->it[i].rating = f->rat[i];
        for (int a = 0; a < NA; a++)
            f->val[i][a] = tab[i][a];
    }
}

static void score(struct fixture *f, const char *ref, struct gt_bounds b)
{
    struct gt_score_opts o = {f->axes, NA, ref, b};
    struct gt_error err = {0};
    assert_int_equal(gt_tradeoff_score(f->it, NI, &o, f->ax, &err), GT_OK);
}

static void test_hand_worked(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    score(&f, NULL, gt_strep_bounds);
    assert_true(fabs(f.ax[0].ref - 0.8) < EPS);
    assert_true(fabs(f.ax[1].ref - 0.92) < EPS);
    assert_true(fabs(f.ax[2].ref - 10) < EPS);
    static const double want_idx[NI][NA] = {{0.2, 1.0, 0.25},
                                            {0.4, 0.90 / 0.92, 0.4},
                                            {0.8, 0.80 / 0.92, 1.0},
                                            {0.8 / 3, 0.85 / 0.92, 0.2},
                                            {1.0, 0.5, 10.0 / 12}};
    static const char *want_rat[NI] = {"EAE", "EAE", "BBA", "EAE", "AEB"};
    static const double want_comp[NI] = {0.6125, 0.689130434782609, 0.884782608695652,
                                         0.578623188405797, 0.708333333333333};
    static const char want_crat[NI + 1] = "DDBEC";
    static const int want_front[NI] = {1, 1, 1, 0, 1};
    for (int i = 0; i < NI; i++) {
        for (int a = 0; a < NA; a++) {
            assert_true(fabs(f.idx[i][a] - want_idx[i][a]) < EPS);
            assert_int_equal(f.rat[i][a], want_rat[i][a]);
        }
        assert_true(fabs(f.it[i].compound - want_comp[i]) < 1e-12);
        assert_int_equal(f.it[i].compound_rating, want_crat[i]);
        assert_int_equal(f.it[i].pareto, want_front[i]);
    }
    char buf[400];
    assert_int_equal(gt_tradeoff_statement(f.it, NI, f.axes, NA, buf, sizeof buf), 0);
    assert_string_equal(buf, "'tiny' reaches 0.46 lower accuracy than 'large' (0.46 against "
                             "0.92) with 5.0x less energy (800.00 Wh against 4.00 kWh).");
}

/* --reference medium: indices against medium's values (above 1 where
 * another run is better). */
static void test_reference(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    score(&f, "medium", gt_strep_bounds);
    assert_true(fabs(f.idx[0][0] - 0.5) < EPS);        /* large: 2/4 */
    assert_true(fabs(f.idx[4][0] - 2.5) < EPS);        /* tiny: 2/0.8 */
    assert_true(fabs(f.idx[0][1] - 0.92 / 0.9) < EPS); /* large accuracy */
    assert_true(fabs(f.idx[2][2] - 2.5) < EPS);        /* small latency 25/10 */
    assert_int_equal(f.rat[1][0], 'A');
    assert_int_equal(f.rat[0][0], 'E'); /* 0.5 */
    struct gt_score_opts o = {f.axes, NA, "nope", gt_strep_bounds};
    struct gt_error err = {0};
    assert_int_equal(gt_tradeoff_score(f.it, NI, &o, f.ax, &err), GT_E_NOTFOUND);
    assert_string_equal(err.msg, "--reference 'nope' is not a run in the table");
}

/* Quantile boundaries on the energy indices 0.2, 0.266667, 0.4, 0.8, 1:
 * 80th percentile at h = 3.2: 0.8 + 0.2 x 0.2 = 0.84; 60th at 2.4: 0.4 +
 * 0.4 x 0.4 = 0.56; 40th at 1.6: 0.266667 + 0.6 x 0.133333 = 0.346667; 20th
 * at 0.8: 0.2 + 0.8 x 0.066667 = 0.253333. Ratings tiny A, small B, medium
 * C, bad D, large E. */
static void test_quantiles(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    struct gt_bounds b;
    struct gt_error err = {0};
    assert_int_equal(gt_bounds_parse("quantiles", &b, &err), 0);
    score(&f, NULL, b);
    assert_true(fabs(f.ax[0].b[0] - 0.84) < EPS);
    assert_true(fabs(f.ax[0].b[1] - 0.56) < EPS);
    assert_true(fabs(f.ax[0].b[2] - (0.8 / 3 + 0.6 * (0.4 - 0.8 / 3))) < EPS);
    assert_true(fabs(f.ax[0].b[3] - (0.2 + 0.8 * (0.8 / 3 - 0.2))) < EPS);
    const char want[NI + 1] = "ECBDA";
    for (int i = 0; i < NI; i++)
        assert_int_equal(f.rat[i][0], want[i]);
}

static void test_parse_options(void **state)
{
    (void)state;
    struct gt_axis a;
    struct gt_error err = {0};
    assert_int_equal(gt_axis_parse("accuracy", &a, &err), -1);
    assert_string_equal(err.msg, "--metric 'accuracy': say whether higher or lower is better "
                                 "(accuracy:max or accuracy:min)");
    assert_int_equal(gt_axis_parse("acc:up", &a, &err), -1);
    assert_string_equal(err.msg, "--metric 'acc:up': expected max or min after 'acc:'");
    assert_int_equal(gt_axis_parse("acc:max:0", &a, &err), -1);
    assert_string_equal(err.msg, "--metric 'acc:max:0': the weight must be a number > 0");
    assert_int_equal(gt_axis_parse("energy:max", &a, &err), -1);
    assert_string_equal(err.msg, "--metric 'energy:max': less energy is better (energy:min)");
    assert_int_equal(gt_axis_parse("co2e:min:3", &a, &err), 0);
    assert_int_equal(a.kind, GT_AXIS_CO2E);
    assert_true(a.weight == 3);
    struct gt_bounds b;
    assert_int_equal(gt_bounds_parse("0.95,0.9,0.85,0.8", &b, &err), 0);
    assert_true(b.b[3] == 0.8 && !b.quantiles);
    assert_int_equal(gt_bounds_parse("0.9,0.9,0.7,0.6", &b, &err), -1);
    assert_string_equal(err.msg, "--boundaries '0.9,0.9,0.7,0.6': expected four decreasing "
                                 "numbers (e.g. 0.9,0.8,0.7,0.6) or 'quantiles'");
    assert_int_equal(gt_bounds_parse("0.9,0.8,0.7", &b, &err), -1);
    assert_int_equal(gt_bounds_parse("0.9,0.8,0.7,0.6,0.5", &b, &err), -1);
    assert_int_equal(gt_tradeoff_rating(NAN, gt_strep_bounds.b), '-');
    assert_int_equal(gt_tradeoff_rating(0.9, gt_strep_bounds.b), 'A');
    assert_int_equal(gt_tradeoff_rating(0.5999, gt_strep_bounds.b), 'E');
}

/* --- the join ---------------------------------------------------------------------- */

static const double T0 = 1717150000.0; /* 2024-05-31T10:06:40Z */

static struct gt_record run(const char *id, const char *exp, double start, double dur, double kwh,
                            enum gt_tz tz)
{
    struct gt_record r;
    gt_record_init(&r);
    r.file = "emissions.csv";
    r.line = 2;
    r.tool = GT_TOOL_CODECARBON;
    r.format = "codecarbon-csv";
    r.run_key = id;
    r.run_id = id;
    r.project = "p";
    r.experiment = exp;
    r.tz = tz;
    r.start = start;
    r.duration_s = dur;
    r.end = start + dur;
    r.energy_kwh = kwh;
    r.co2e_g = kwh * 50;
    return r;
}

static struct gt_agg_result *agg(const struct gt_record *r, size_t n)
{
    struct gt_agg_opts o = {0};
    struct gt_agg *a = gt_agg_new(&o);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(gt_agg_add(a, &r[i]), GT_OK);
    struct gt_agg_result *res = NULL;
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    return res;
}

static void add_row(struct gt_mset *m, const char *id, const char *exp, double s, double e,
                    const char *host)
{
    struct gt_mrow *r = gt_mset_add(m, "metrics.csv", (long)m->n + 2, "csv");
    assert_non_null(r);
    gt_mrow_set(&r->run_id, id, strlen(id));
    gt_mrow_set(&r->experiment, exp, strlen(exp));
    gt_mrow_set(&r->host, host, strlen(host));
    r->start = s;
    r->end = e;
}

static void test_join(void **state)
{
    (void)state;
    struct gt_record r[4] = {
        run("a", "e1", T0, 100, 1, GT_TZ_UTC), run("b", "e1", T0 + 200, 100, 2, GT_TZ_UTC),
        run("c", "e2", T0 + 400, 100, 3, GT_TZ_LOCAL), run("d", "", T0 + 600, 100, 4, GT_TZ_UTC)};
    r[1].host = "gpu01.lab.example";
    struct gt_agg_result *res = agg(r, 4);
    assert_int_equal(res->nruns, 4);
    struct gt_mset m = {0};
    add_row(&m, "a", "e1", T0 - 10, T0 + 50, "");
    add_row(&m, "b", "e1", T0 + 150, T0 + 320, "GPU01");
    add_row(&m, "x", "e2", T0 + 3600 + 390, T0 + 3600 + 700, "");
    struct gt_join_result j;
    struct gt_error err = {0};
    struct gt_join_opts o = {GT_JOIN_RUN_ID, 0, 0};
    assert_int_equal(gt_tradeoff_join(res, &m, &o, &j, &err), GT_OK);
    assert_int_equal(j.row[0], 0);
    assert_int_equal(j.row[1], 1);
    assert_int_equal(j.row[2], -1);
    assert_string_equal(j.why[2], "run_id 'c' is in no metric row");
    assert_int_equal(j.njoined, 2);
    assert_int_equal(j.nunjoined, 2);
    gt_join_release(&j);
    /* experiment e1 is in two rows: ambiguous; e2 in one */
    o.how = GT_JOIN_EXPERIMENT;
    assert_int_equal(gt_tradeoff_join(res, &m, &o, &j, &err), GT_OK);
    assert_int_equal(j.row[0], -1);
    assert_string_equal(j.why[0], "experiment 'e1' is in 2 metric rows; cannot tell which");
    assert_int_equal(j.row[2], 2);
    assert_string_equal(j.why[3], "no experiment in the log");
    assert_int_equal(j.nruns[2], 1);
    gt_join_release(&j);
    /* time: a overlaps row 0, b row 1 (host gpu01 = GPU01), c is local time
     * (joins row 2 with --utc-offset +01:00), d overlaps none */
    o.how = GT_JOIN_TIME;
    assert_int_equal(gt_tradeoff_join(res, &m, &o, &j, &err), GT_OK);
    assert_int_equal(j.row[0], 0);
    assert_int_equal(j.row[1], 1);
    assert_int_equal(j.row[2], -1);
    assert_string_equal(j.why[2], "logged local time without a zone; give --utc-offset to place "
                                  "it against the metrics' UTC times");
    assert_string_equal(j.why[3], "overlaps no metric run in time");
    gt_join_release(&j);
    o.has_offset = 1;
    o.offset_s = -3600; /* the log's wall clock is one hour behind UTC */
    assert_int_equal(gt_tradeoff_join(res, &m, &o, &j, &err), GT_OK);
    assert_int_equal(j.row[2], 2);
    gt_join_release(&j);
    /* another host */
    gt_mrow_set(&m.r[1].host, "gpu02", 5);
    o.has_offset = 0;
    assert_int_equal(gt_tradeoff_join(res, &m, &o, &j, &err), GT_OK);
    assert_int_equal(j.row[1], -1);
    assert_string_equal(j.why[1], "overlaps metric runs only on another host");
    gt_join_release(&j);
    /* two metric runs overlapping run d by the same 50 s: ambiguous; a third
     * overlapping it by 60 s wins */
    add_row(&m, "y", "", T0 + 550, T0 + 650, "");
    add_row(&m, "z", "", T0 + 650, T0 + 900, "");
    assert_int_equal(gt_tradeoff_join(res, &m, &o, &j, &err), GT_OK);
    assert_int_equal(j.row[3], -1);
    assert_string_equal(j.why[3], "overlaps 2 metric runs equally; cannot tell which");
    gt_join_release(&j);
    add_row(&m, "w", "", T0 + 640, T0 + 800, "");
    assert_int_equal(gt_tradeoff_join(res, &m, &o, &j, &err), GT_OK);
    assert_int_equal(j.row[3], 5);
    gt_join_release(&j);
    gt_mset_release(&m);
    gt_agg_result_free(res);
}

/* --- the metric parsers ------------------------------------------------------------ */

struct notes {
    char last[256];
    long line, n;
};
static void on_note(void *ud, long line, const char *msg)
{
    struct notes *n = ud;
    snprintf(n->last, sizeof n->last, "%s", msg);
    n->line = line;
    n->n++;
}

static void test_table_csv(void **state)
{
    (void)state;
    const char *csv = "\xEF\xBB\xBFrun_id;Model;accuracy;latency_ms;notes;start\n"
                      "a;resnet50;0.91;40;fine;2024-05-31T10:00:00Z\n"
                      "b;resnet18;0,5;12;x;\n"
                      "c;vit;;30;;not a time\n"
                      "d;mlp;0.7\n";
    struct notes nt = {0};
    struct gt_parse_ctx ctx = {.file = "m.csv", .ud = &nt, .reject = on_note, .warn = on_note};
    struct gt_mset m = {0};
    struct gt_error err = {0};
    assert_int_equal(gt_metrics_table_parse(csv, strlen(csv), &ctx, &m, &err), GT_OK);
    /* accuracy has '0,5': a text column, not a metric; c's start does not
     * parse; d is short */
    assert_int_equal(nt.n, 2);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.r[0].run_id, "a");
    assert_string_equal(m.r[0].model, "resnet50");
    assert_true(isnan(gt_mrow_metric(&m.r[0], "accuracy")));
    assert_true(gt_mrow_metric(&m.r[1], "latency_ms") == 12);
    assert_true(m.r[0].start == gt_time_from_civil(2024, 5, 31, 10, 0, 0));
    assert_int_equal(m.r[0].line, 2);
    char why[200];
    assert_int_equal(gt_metrics_table_why_text(csv, strlen(csv), "accuracy", why, sizeof why), 0);
    assert_string_equal(why, "'accuracy' at line 3: '0,5'");
    gt_mset_release(&m);
}

static void test_table_json(void **state)
{
    (void)state;
    const char *js = "{\"runs\": [{\"name\": \"small\", \"experiment\": 7, \"acc\": 0.8, "
                     "\"f1\": null, \"tags\": [1]}, 3, {\"name\": \"big\", \"acc\": 0.9}]}";
    struct notes nt = {0};
    struct gt_parse_ctx ctx = {.file = "m.json", .ud = &nt, .reject = on_note, .warn = on_note};
    struct gt_mset m = {0};
    struct gt_error err = {0};
    assert_int_equal(gt_metrics_table_parse(js, strlen(js), &ctx, &m, &err), GT_OK);
    assert_int_equal(m.n, 2);
    assert_string_equal(nt.last, "run 2 of the array is not an object");
    assert_string_equal(m.r[0].experiment, "7");
    assert_int_equal(m.r[0].nv, 1);
    assert_true(gt_mrow_metric(&m.r[1], "acc") == 0.9);
    gt_mset_release(&m);
    /* lines of the entries, past strings holding brackets and commas */
    const char *js2 = "\n{\"note\": \"[a, {b}\", \"x\": [1, 2],\n \"runs\": [\n"
                      "  {\"name\": \"a,]\", \"acc\": 1},\n\n  {\"name\": \"b\", \"acc\": 2}]}\n";
    assert_int_equal(gt_metrics_table_parse(js2, strlen(js2), &ctx, &m, &err), GT_OK);
    assert_int_equal(m.n, 2);
    assert_int_equal(m.r[0].line, 4);
    assert_int_equal(m.r[1].line, 6);
    assert_string_equal(m.r[0].name, "a,]");
    gt_mset_release(&m);
    assert_int_equal(gt_metrics_table_parse("[1,", 3, &ctx, &m, &err), GT_E_PARSE);
    assert_string_equal(err.msg, "'m.json' is not valid JSON");
    assert_int_equal(gt_metrics_table_parse("{\"a\":1}", 7, &ctx, &m, &err), GT_E_PARSE);
    gt_mset_release(&m);
}

static void test_mlflow(void **state)
{
    (void)state;
    const char *s = "1717150000000 0.5 0\n"
                    "1717150060000 0.8 1\n"
                    "1717150120000 nan 2\n"
                    "1717150090000 0.7 1\n"
                    "garbage\n"
                    "1717150030000 0.6\n";
    struct notes nt = {0};
    struct gt_parse_ctx ctx = {
        .file = "metrics/accuracy", .ud = &nt, .reject = on_note, .warn = on_note};
    struct gt_mlflow_series x;
    struct gt_error err = {0};
    assert_int_equal(gt_mlflow_metric_parse(s, strlen(s), &ctx, &x, &err), GT_OK);
    assert_int_equal(x.n, 4);
    assert_true(x.last == 0.7); /* step 1, latest timestamp */
    assert_true(x.max == 0.8 && x.min == 0.5);
    assert_true(x.t_first_ms == 1717150000000.0 && x.t_last_ms == 1717150090000.0);
    assert_int_equal(nt.n, 2);
    assert_int_equal(nt.line, 5);
    assert_string_equal(nt.last, "not a 'timestamp value step' line: 'garbage'");
    assert_int_equal(gt_mlflow_metric_parse("x\n", 2, &ctx, &x, &err), GT_E_DATA);
    assert_string_equal(err.msg, "no value in MLflow metric file 'metrics/accuracy'");

    const char *meta = "artifact_uri: file:///tmp/mlruns/1/abc/artifacts\n"
                       "end_time: 1717150200000\n"
                       "entry_point_name: ''\n"
                       "experiment_id: '1'\n"
                       "lifecycle_stage: active\n"
                       "run_id: abc\n"
                       "run_name: resnet-lr0.1\n"
                       "start_time: 1717150000000\n"
                       "status: 3\n"
                       "tags: []\n"
                       "user_id: ana\n";
    struct gt_mlflow_meta mm;
    assert_int_equal(gt_mlflow_meta_parse(meta, strlen(meta), "meta.yaml", &mm, &err), GT_OK);
    assert_string_equal(mm.run_id, "abc");
    assert_string_equal(mm.experiment_id, "1");
    assert_string_equal(mm.run_name, "resnet-lr0.1");
    assert_string_equal(gt_mlflow_status_name(mm.status), "FINISHED");
    assert_true(mm.start_ms == 1717150000000.0 && mm.end_ms == 1717150200000.0);
    const char *bad = "run_id: x\nend_time: soon\n";
    assert_int_equal(gt_mlflow_meta_parse(bad, strlen(bad), "meta.yaml", &mm, &err), GT_E_PARSE);
    assert_string_equal(err.msg, "cannot parse 'end_time' in 'meta.yaml': 'soon'");
    assert_int_equal(err.line, 2);
}

static void test_wandb(void **state)
{
    (void)state;
    const char *sum = "{\"val/acc\":0.91,\"_timestamp\":1717150600.5,\"train\":{\"loss\":0.2},"
                      "\"_wandb\":{\"runtime\":600},\"table\":{\"_type\":\"table-file\",\"n\":3},"
                      "\"note\":\"x\",\"_step\":9}";
    struct gt_mset m = {0};
    struct gt_mrow *r = gt_mset_add(&m, "wandb/run-x", 0, "wandb");
    double rt, end;
    struct gt_error err = {0};
    assert_int_equal(gt_wandb_summary_parse(sum, strlen(sum), "s.json", r, &rt, &end, &err), GT_OK);
    assert_int_equal(r->nv, 2);
    assert_true(gt_mrow_metric(r, "val/acc") == 0.91);
    assert_true(gt_mrow_metric(r, "train/loss") == 0.2);
    assert_true(rt == 600 && end == 1717150600.5);
    const char *md = "{\"os\":\"Linux\",\"startedAt\":\"2024-05-31T10:06:40.123456\","
                     "\"host\":\"gpu01\"}";
    assert_int_equal(gt_wandb_metadata_parse(md, strlen(md), "m.json", r, &err), GT_OK);
    assert_true(fabs(r->start - (T0 + 0.123456)) < 1e-6);
    assert_string_equal(r->host, "gpu01");
    assert_int_equal(gt_wandb_summary_parse("[]", 2, "s.json", r, &rt, &end, &err), GT_E_PARSE);
    assert_string_equal(err.msg, "'s.json' is not a JSON object (wandb-summary.json)");
    size_t n;
    const char *id = gt_wandb_folder_id("offline-run-20240531_120640-3kx9qw1z", &n);
    assert_non_null(id);
    assert_int_equal(n, 8);
    assert_memory_equal(id, "3kx9qw1z", 8);
    assert_null(gt_wandb_folder_id("latest-run", &n));
    assert_null(gt_wandb_folder_id("run-", &n));
    gt_mset_release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_worked), cmocka_unit_test(test_reference),
        cmocka_unit_test(test_quantiles),   cmocka_unit_test(test_parse_options),
        cmocka_unit_test(test_join),        cmocka_unit_test(test_table_csv),
        cmocka_unit_test(test_table_json),  cmocka_unit_test(test_mlflow),
        cmocka_unit_test(test_wandb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
