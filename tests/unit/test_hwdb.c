/* hwdb: loading, normalisation, matching real model strings, user files, checks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gt_hwdb.h"
#include "hwdb_internal.h"

#include "hwdb_fixture.h"

static void test_normalize(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", "xeon gold 6248"},
        {"AMD EPYC 7742 64-Core Processor", "epyc 7742"},
        {"Tesla V100-PCIE-32GB", "v100 pcie 32gb"},
        {"1 x NVIDIA A100-SXM4-40GB", "a100 sxm4 40gb"},
        {"12th Gen Intel(R) Core(TM) i7-1265U", "core i7 1265u"},
        {"NVIDIA GeForce GTX 1660 Ti with Max-Q Design", "gtx 1660 ti maxq"},
        {"Xeon E5-2683 v4", "xeon e5 2683 v4"},
        {"A100 80 GB PCI-E", "a100 80gb pcie"},
        {"Xeon Platinum 8480+", "xeon platinum 8480+"},
        {"  ", ""},
    };
    char out[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gt_hwdb_normalize(cases[i].in, out, sizeof out);
        assert_string_equal(out, cases[i].out);
    }
}

static void test_find_cpu(void **state)
{
    (void)state;
    static const struct {
        const char *query, *model;
        double tdp_per_core;
    } cases[] = {
        {"Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", "Xeon Gold 6248", 7.5},
        {"Xeon Gold 6248R", "Xeon Gold 6248R", 205.0 / 24},
        {"AMD EPYC 7742 64-Core Processor", "EPYC 7742", 225.0 / 64},
        {"Intel(R) Core(TM) i7-4790 CPU @ 3.60GHz", "Core i7-4790", 21.0},
        {"AMD 7552", "EPYC 7552", 4.2},
        {"Intel(R) Xeon(R) CPU E5-2698 v4 @ 2.20GHz", "Xeon E5-2698 v4", 135.0 / 20},
        {"Xeon E5-2683 v4", "Xeon E5-2683 v4", 7.5},
        {"xeon e5-2683 V4", "Xeon E5-2683 v4", 7.5},
        {"Gold 6142", "Xeon Gold 6142", 9.4},
        {"Any", "Any", 12.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gt_hw_match m;
        struct gt_error err = {0};
        enum gt_status st = gt_hwdb_find_cpu(&db, cases[i].query, &m, &err);
        if (st != GT_OK)
            fail_msg("'%s': %s", cases[i].query, err.msg);
        assert_string_equal(db.cpus.v[m.index].model, cases[i].model);
        assert_true(fabs(db.cpus.v[m.index].tdp_per_core_w - cases[i].tdp_per_core) < 1e-9);
    }
}

static void test_find_gpu(void **state)
{
    (void)state;
    static const struct {
        const char *query, *model;
        double tdp;
    } cases[] = {
        {"Tesla V100-PCIE-32GB", "Tesla V100 PCIe 32GB", 250},
        {"Tesla V100-SXM2-32GB", "Tesla V100 SXM2 32GB", 300},
        {"NVIDIA A100-SXM4-40GB", "A100 SXM4 40GB", 400},
        {"1 x NVIDIA A100-SXM4-40GB", "A100 SXM4 40GB", 400},
        {"NVIDIA A100 80GB PCIe", "NVIDIA A100 80GB PCIe", 300},
        {"NVIDIA GeForce RTX 3090", "GeForce RTX 3090", 350},
        {"Tesla T4", "NVIDIA Tesla T4", 70},
        {"NVIDIA Tesla V100", "NVIDIA Tesla V100", 300},
        {"GTX 1080ti", "NVIDIA GTX 1080 Ti", 250},
        {"NVIDIA GeForce GTX 1660 Ti with Max-Q Design", "GeForce GTX 1660 Ti Max-Q", 60},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gt_hw_match m;
        struct gt_error err = {0};
        enum gt_status st = gt_hwdb_find_gpu(&db, cases[i].query, &m, &err);
        if (st != GT_OK)
            fail_msg("'%s': %s", cases[i].query, err.msg);
        assert_string_equal(db.gpus.v[m.index].model, cases[i].model);
        assert_true(fabs(db.gpus.v[m.index].tdp_w - cases[i].tdp) < 1e-9);
    }
}

static void test_never_guess(void **state)
{
    (void)state;
    struct gt_hw_match m;
    struct gt_error err = {0};
    assert_int_equal(gt_hwdb_find_gpu(&db, "A100", &m, &err), GT_E_AMBIGUOUS);
    assert_string_equal(err.msg, "ambiguous gpu 'A100': it matches 'A100 SXM4 40GB', 'A100 SXM4 "
                                 "80GB', 'NVIDIA A100 40GB PCIe', 'NVIDIA A100 80GB PCIe'; be "
                                 "more specific");
    assert_int_equal(m.ncand, 4);
    /* a V100 form factor we do not know must not fall back to the bare V100 row */
    assert_int_equal(gt_hwdb_find_gpu(&db, "Tesla V100-FHHL-16GB", &m, &err), GT_E_NOTFOUND);
    assert_true(strncmp(err.msg,
                        "unknown gpu 'Tesla V100-FHHL-16GB'; closest: 'Tesla V100 PCIe 16GB'",
                        66) == 0);
    /* 6248 and 6248R are different parts */
    assert_int_equal(gt_hwdb_find_cpu(&db, "Xeon Gold 6248X", &m, &err), GT_E_NOTFOUND);
    assert_int_equal(gt_hwdb_find_cpu(&db, "Xeon Gold", &m, &err), GT_E_AMBIGUOUS);
    assert_int_equal(gt_hwdb_find_cpu(&db, "", &m, &err), GT_E_NOTFOUND);
    assert_string_equal(err.msg, "empty cpu name ''");
    assert_int_equal(gt_hwdb_find_cpu(&db, "zzzz qqqq", &m, &err), GT_E_NOTFOUND);
    assert_string_equal(err.msg, "unknown cpu 'zzzz qqqq'");
}

static void test_locations(void **state)
{
    (void)state;
    static const struct {
        const char *query, *dataset, *code, *want_dataset;
        double ci;
    } cases[] = {
        {"GB", NULL, "GB", "ga-v3.0", 231.12},
        {"gbr", NULL, "GB", "ga-v3.0", 231.12},
        {"France", NULL, "FR", "ga-v3.0", 51.28},
        {"WORLD", NULL, "WORLD", "ga-v3.0", 475},
        {"US-CA", NULL, "US-CA", "ga-v3.0", -1},
        {"California", NULL, "US-CA", "ga-v3.0", -1},
        {"DE", NULL, "DE", "ga-v3.0", 338.66},
        {"SE", NULL, "SE", "ga-v3.0", 5.67},
        {"FR", "codecarbon", "FR", "codecarbon", 56.039},
        {"DEU", "codecarbon", "DE", "codecarbon", 380.95},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t idx;
        struct gt_error err = {0};
        if (gt_hwdb_find_location(&db, cases[i].query, cases[i].dataset, &idx, &err) != GT_OK)
            fail_msg("'%s': %s", cases[i].query, err.msg);
        const struct gt_hw_location *l = &db.locations.v[idx];
        assert_string_equal(l->code, cases[i].code);
        assert_string_equal(l->dataset, cases[i].want_dataset);
        if (cases[i].ci >= 0)
            assert_true(fabs(l->ci_g_per_kwh - cases[i].ci) < 1e-9);
    }
    size_t idx;
    struct gt_error err = {0};
    assert_int_equal(gt_hwdb_find_location(&db, "Atlantis", NULL, &idx, &err), GT_E_NOTFOUND);
    assert_string_equal(err.msg, "unknown location 'Atlantis': give a code such as GB, US-CA or "
                                 "WORLD, an ISO alpha-3 code or a country name (see 'greentally "
                                 "hwdb list location')");
}

static void test_providers_cloud(void **state)
{
    (void)state;
    size_t i;
    struct gt_error err = {0};
    assert_int_equal(gt_hwdb_find_provider(&db, "unknown", &i, &err), GT_OK);
    assert_true(fabs(db.providers.v[i].pue - 1.56) < 1e-12);
    assert_int_equal(gt_hwdb_find_provider(&db, "GCP", &i, &err), GT_OK);
    assert_true(fabs(db.providers.v[i].pue - 1.12) < 1e-12);
    assert_int_equal(gt_hwdb_find_provider(&db, "personal", &i, &err), GT_OK);
    assert_true(fabs(db.providers.v[i].pue - 1.0) < 1e-12);
    assert_int_equal(gt_hwdb_find_cloud(&db, "gcp", "europe-west1", &i, &err), GT_OK);
    assert_string_equal(db.clouds.v[i].location, "BE");
    assert_true(fabs(db.clouds.v[i].pue - 1.08) < 1e-12);
    assert_int_equal(gt_hwdb_find_cloud(&db, "azure", "uk south", &i, &err), GT_OK);
    assert_string_equal(db.clouds.v[i].location, "GB");
    assert_int_equal(gt_hwdb_find_cloud(&db, "gcp", "mars-north1", &i, &err), GT_E_NOTFOUND);
    assert_string_equal(err.msg, "unknown region 'mars-north1' for provider 'gcp' (see "
                                 "'greentally hwdb list cloud')");
}

static void remember(void *ctx, const char *msg)
{
    snprintf(ctx, 512, "%s", msg);
}

static void test_user_files(void **state)
{
    (void)state;
    struct gt_hwdb d;
    gt_hwdb_init(&d);
    struct gt_error err = {0};
    assert_int_equal(gt_hwdb_load_embedded(&d, &err), GT_OK);
    size_t ncpu = d.cpus.n;
    enum gt_hw_table kind;

    /* CodeCarbon cpu_power.csv: Name,TDP (no core count) */
    const char *cc = "Name,TDP\nMade Up CPU X1,77\n";
    assert_int_equal(gt_hwdb_add_csv(&d, cc, strlen(cc), "cpu_power.csv", &kind, &err), GT_OK);
    assert_int_equal(kind, GT_HW_CODECARBON_CPU);
    assert_int_equal(d.cpus.n, ncpu + 1);
    struct gt_hw_match m;
    assert_int_equal(gt_hwdb_find_cpu(&d, "Made Up CPU X1", &m, &err), GT_OK);
    assert_true(fabs(d.cpus.v[m.index].tdp_w - 77) < 1e-12);
    assert_true(isnan(d.cpus.v[m.index].tdp_per_core_w));
    assert_string_equal(d.cpus.v[m.index].source,
                        "user file 'cpu_power.csv' line 2 (CodeCarbon cpu_power.csv format)");

    /* Green Algorithms TDP_cpu.csv with its units row; overrides by name */
    const char *ga = "index,in Watt,,,,in nm,in cm2,\n"
                     "model,TDP,n_cores,TDP_per_core,Release_year,feature_size,die_area,source\n"
                     "Xeon Gold 6248,160,20,8.0,2019,,,my lab measurement\n";
    assert_int_equal(gt_hwdb_add_csv(&d, ga, strlen(ga), "TDP_cpu.csv", &kind, &err), GT_OK);
    assert_int_equal(kind, GT_HW_GA_CPU);
    assert_int_equal(d.cpus.n, ncpu + 1);
    assert_int_equal(gt_hwdb_find_cpu(&d, "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", &m, &err),
                     GT_OK);
    assert_true(fabs(d.cpus.v[m.index].tdp_per_core_w - 8.0) < 1e-12);
    assert_string_equal(d.cpus.v[m.index].source, "my lab measurement");
    assert_string_equal(d.cpus.v[m.index].origin.file, "TDP_cpu.csv");
    assert_int_equal(d.cpus.v[m.index].origin.line, 3);

    /* our gpus table */
    const char *gp = "model,vendor,family,variant,tdp_w,memory_gb,year,aliases,source\n"
                     "Tesla V100 FHHL 16GB,NVIDIA,V100,FHHL,150,16,2018,,NVIDIA V100 datasheet\n";
    assert_int_equal(gt_hwdb_add_csv(&d, gp, strlen(gp), "gpus.csv", &kind, &err), GT_OK);
    assert_int_equal(kind, GT_HW_GPUS);
    assert_int_equal(gt_hwdb_find_gpu(&d, "Tesla V100-FHHL-16GB", &m, &err), GT_OK);
    assert_true(fabs(d.gpus.v[m.index].tdp_w - 150) < 1e-12);

    char v[64];
    gt_hwdb_version(&d, v, sizeof v);
    assert_non_null(strstr(v, "+user"));

    /* other tools' tables: a malformed row is skipped, named by file and line */
    char warned[512] = "";
    d.warn = remember;
    d.warn_ctx = warned;
    const char *bad = "Name,TDP\nGood,10\nBad,ten\n";
    assert_int_equal(gt_hwdb_add_csv(&d, bad, strlen(bad), "x.csv", &kind, &err), GT_OK);
    assert_int_equal(d.skipped, 1);
    assert_string_equal(warned, "cannot parse 'TDP' in 'x.csv' at line 3: 'ten'");
    assert_int_equal(gt_hwdb_find_cpu(&d, "Good", &m, &err), GT_OK);
    /* our own tables: the same is an error naming file and line */
    const char *bad2 = "model,vendor,cores,threads,tdp_w,tdp_per_core_w,year,aliases,source\n"
                       "Chip A,Acme,4,8,ten,,2020,,s\n";
    assert_int_equal(gt_hwdb_add_csv(&d, bad2, strlen(bad2), "w.csv", &kind, &err), GT_E_PARSE);
    assert_string_equal(err.msg, "cannot parse 'tdp_w' in 'w.csv' at line 2: 'ten'");
    assert_int_equal(err.line, 2);
    const char *unk = "foo,bar\n1,2\n";
    assert_int_equal(gt_hwdb_add_csv(&d, unk, strlen(unk), "y.csv", &kind, &err), GT_E_DATA);
    assert_int_equal(kind, GT_HW_UNKNOWN);
    assert_string_equal(err.msg, "cannot tell which hwdb table 'y.csv' holds from its header "
                                 "(expected one of greentally's hwdb tables, CodeCarbon's "
                                 "cpu_power.csv 'Name,TDP', or Green Algorithms' "
                                 "TDP_cpu.csv/TDP_gpu.csv)");
    const char *quote = "Name,TDP\n\"Unclosed,10\n";
    assert_int_equal(gt_hwdb_add_csv(&d, quote, strlen(quote), "z.csv", &kind, &err), GT_E_PARSE);
    assert_string_equal(err.msg, "cannot parse CSV 'z.csv' at line 2: unterminated quoted field");
    gt_hwdb_release(&d);
}

struct problems {
    int n;
    char first[512];
};

static void collect(void *ctx, const struct gt_hw_origin *o, const char *msg)
{
    struct problems *p = ctx;
    if (p->n++ == 0)
        snprintf(p->first, sizeof p->first, "%s:%ld: %s", o->file, o->line, msg);
}

static void test_check(void **state)
{
    (void)state;
    struct problems p = {0};
    assert_int_equal(gt_hwdb_check(&db, collect, &p), 0);

    struct gt_hwdb d;
    gt_hwdb_init(&d);
    struct gt_error err = {0};
    assert_int_equal(gt_hwdb_load_embedded(&d, &err), GT_OK);
    /* a user row without source, an impossible TDP, and a duplicate by normalised name */
    const char *rows = "model,vendor,cores,threads,tdp_w,tdp_per_core_w,year,aliases,source\n"
                       "Quux 1,Acme,8,16,5000,,2020,,\n";
    assert_int_equal(gt_hwdb_add_csv(&d, rows, strlen(rows), "u.csv", NULL, &err), GT_OK);
    const char *loc = "code,country,region,type,ci_g_per_kwh,year,dataset,source\n"
                      "XX,Nowhere,,planet,-5,2020,mine,me\n";
    assert_int_equal(gt_hwdb_add_csv(&d, loc, strlen(loc), "l.csv", NULL, &err), GT_OK);
    memset(&p, 0, sizeof p);
    /* missing source, TDP, TDP per core, location type, carbon intensity */
    assert_int_equal(gt_hwdb_check(&d, collect, &p), 5);
    assert_string_equal(p.first, "u.csv:2: cpu 'Quux 1': missing source");
    gt_hwdb_release(&d);
}

struct all_problems {
    int n;
    char msg[4][512];
};

static void collect_all(void *ctx, const struct gt_hw_origin *o, const char *msg)
{
    struct all_problems *p = ctx;
    if (p->n < 4)
        snprintf(p->msg[p->n], sizeof p->msg[0], "%s:%ld: %s", o->file, o->line, msg);
    p->n++;
}

/* duplicates can only come from tables loaded without replacement (the
 * build-time path): names that normalise alike, each earlier row named */
static void test_check_duplicates(void **state)
{
    (void)state;
    struct gt_hwdb d;
    gt_hwdb_init(&d);
    struct gt_error err = {0};
    const char *rows = "model,vendor,cores,threads,tdp_w,tdp_per_core_w,year,aliases,source\n"
                       "Xeon Gold 6248,Intel,20,40,150,,2019,,s\n"
                       "Other 1,Acme,4,8,40,,2020,,s\n"
                       "Intel Xeon Gold 6248,Intel,20,40,150,,2019,,s\n"
                       "Intel(R) Xeon(R) Gold 6248 CPU,Intel,20,40,150,,2019,,s\n";
    assert_int_equal(gt_hwdb_add_table(&d, rows, strlen(rows), "d.csv", 0, NULL, &err), GT_OK);
    struct all_problems p = {0};
    gt_hwdb_check(&d, collect_all, &p);
    /* + the constants every estimate needs and the 9 uncertainty factors
     * are missing from this tiny db */
    assert_string_equal(p.msg[0], "d.csv:4: cpu 'Intel Xeon Gold 6248': duplicate of 'Xeon Gold "
                                  "6248' (d.csv:2)");
    assert_string_equal(p.msg[1], "d.csv:5: cpu 'Intel(R) Xeon(R) Gold 6248 CPU': duplicate of "
                                  "'Xeon Gold 6248' (d.csv:2)");
    assert_string_equal(p.msg[2], "d.csv:5: cpu 'Intel(R) Xeon(R) Gold 6248 CPU': duplicate of "
                                  "'Intel Xeon Gold 6248' (d.csv:4)");
    assert_int_equal(p.n, 3 + 10 + 9 + 4); /* + the a-priori and embodied constants */
    gt_hwdb_release(&d);
}

/* peer_ci.csv: each tool's rule (eco2ai: the region's row, else the whole
 * country's; carbontracker: the country's), and its checks */
static void test_peer_ci(void **state)
{
    (void)state;
    const struct gt_hw_peer_ci *p = gt_hwdb_peer_ci(&db, "eco2ai", "us", "california");
    assert_non_null(p);
    assert_true(p->ci_g_per_kwh == 175.62);
    assert_string_equal(p->region, "California");
    p = gt_hwdb_peer_ci(&db, "eco2ai", "US", "Atlantis");
    assert_non_null(p);
    assert_true(p->ci_g_per_kwh == 369.571);
    assert_string_equal(p->region, "");
    p = gt_hwdb_peer_ci(&db, "carbontracker", "FR", "Normandie");
    assert_non_null(p);
    assert_true(p->ci_g_per_kwh == 44.179085);
    assert_int_equal(p->year, 2024);
    assert_null(gt_hwdb_peer_ci(&db, "eco2ai", "XK", NULL)); /* Kosovo: in neither table */
    assert_null(gt_hwdb_peer_ci(&db, "carbontracker", "XK", NULL));
    assert_null(gt_hwdb_peer_ci(&db, "eco2ai", "", NULL));
    assert_null(gt_hwdb_peer_ci(&db, "codecarbon", "FR", NULL));

    struct gt_hwdb d;
    gt_hwdb_init(&d);
    struct gt_error err = {0};
    const char *rows = "tool,code,country,region,ci_g_per_kwh,year,source\n"
                       "eco2ai,US,United States,Ohio,600,,s\n"
                       "eco2ai,US,United States,ohio,601,,s\n";
    assert_int_equal(gt_hwdb_add_table(&d, rows, strlen(rows), "p.csv", 0, NULL, &err), GT_OK);
    struct all_problems pr = {0};
    gt_hwdb_check(&d, collect_all, &pr);
    assert_string_equal(pr.msg[0], "p.csv:3: peer intensity 'eco2ai US ohio': duplicate (p.csv:2)");
    gt_hwdb_release(&d);
}

static const struct gt_hw_gpu *gpu(const char *name)
{
    struct gt_hw_match m;
    struct gt_error err = {0};
    assert_int_equal(gt_hwdb_find_gpu(&db, name, &m, &err), GT_OK);
    return &db.gpus.v[m.index];
}

/* peaks by family and variant, else the family's row without variant */
static void test_peaks(void **state)
{
    (void)state;
    const struct gt_hw_peak *p = gt_hwdb_find_peak(&db, gpu("NVIDIA Tesla V100"));
    assert_non_null(p);
    assert_true(p->tflops[GT_PREC_FP16] == 125 && isnan(p->tflops[GT_PREC_BF16]));
    p = gt_hwdb_find_peak(&db, gpu("Tesla V100 PCIe 32GB"));
    assert_true(p->tflops[GT_PREC_FP16] == 112 && p->tflops[GT_PREC_FP32] == 14);
    p = gt_hwdb_find_peak(&db, gpu("Tesla V100 SXM2 32GB"));
    assert_true(p->tflops[GT_PREC_FP16] == 125);
    p = gt_hwdb_find_peak(&db, gpu("H100 SXM5 80GB"));
    assert_true(p->tflops[GT_PREC_BF16] == 989.5 && p->tflops[GT_PREC_FP8] == 1979);
    p = gt_hwdb_find_peak(&db, gpu("H100 PCIe 80GB"));
    assert_true(p->tflops[GT_PREC_BF16] == 756.5);
    p = gt_hwdb_find_peak(&db, gpu("A100 SXM4 40GB"));
    assert_true(p->tflops[GT_PREC_TF32] == 156 && isnan(p->tflops[GT_PREC_FP8]));
    assert_null(gt_hwdb_find_peak(&db, gpu("GeForce RTX 2070")));
    assert_null(gt_hwdb_find_peak(&db, NULL));
    enum gt_precision pr;
    assert_int_equal(gt_precision_parse("BF16", &pr), 0);
    assert_int_equal(pr, GT_PREC_BF16);
    assert_int_equal(gt_precision_parse("fp4", &pr), -1);
    assert_string_equal(gt_precision_name(GT_PREC_FP8), "fp8");
}

static void test_embodied(void **state)
{
    (void)state;
    int def = -1;
    const struct gt_hw_embodied *e = gt_hwdb_find_embodied(&db, "gpu", "A100", &def);
    assert_non_null(e);
    assert_true(e->kgco2e == 150 && def == 0);
    e = gt_hwdb_find_embodied(&db, "gpu", "V100", &def);
    assert_true(e->kgco2e == 150 && def == 1 && !strcmp(e->item, "default"));
    e = gt_hwdb_find_embodied(&db, "server", NULL, &def);
    assert_true(e->kgco2e == 2500 && def == 1);
    assert_null(gt_hwdb_find_embodied(&db, "phone", NULL, &def));

    /* the checks of both tables */
    struct gt_hwdb d;
    gt_hwdb_init(&d);
    struct gt_error err = {0};
    const char *peaks = "family,variant,fp64_tflops,fp32_tflops,tf32_tflops,bf16_tflops,"
                        "fp16_tflops,fp8_tflops,source\n"
                        "X1,,1,2,,,,,s\n"
                        "X1,,1,2,,,,,s\n"
                        "X2,,,,,,,,\n";
    const char *emb = "kind,item,kgco2e,source\n"
                      "phone,default,50,s\n"
                      "gpu,default,0,s\n";
    assert_int_equal(gt_hwdb_add_table(&d, peaks, strlen(peaks), "p.csv", 0, NULL, &err), GT_OK);
    assert_int_equal(gt_hwdb_add_table(&d, emb, strlen(emb), "e.csv", 0, NULL, &err), GT_OK);
    struct all_problems p = {0};
    gt_hwdb_check(&d, collect_all, &p);
    assert_string_equal(p.msg[0], "p.csv:3: gpu peak 'X1 ': duplicate");
    assert_string_equal(p.msg[1], "p.csv:4: gpu peak 'X2 ': no throughput");
    assert_string_equal(p.msg[2], "e.csv:2: embodied 'phone default': unknown kind (cpu, gpu, "
                                  "server, laptop or desktop)");
    assert_string_equal(p.msg[3], "e.csv:3: embodied 'default': impossible kgco2e 0 (expected "
                                  "0.1 to 100000)");
    gt_hwdb_release(&d);
}

/* name looked up by gt_hwdb_find_cpu/gpu and by token sets alone
 * (gt_hwdb_find_tokens): the same answer, the same message */
static void same_answer(const struct gt_hwdb *d, int gpu, const char *name, int *exact)
{
    struct gt_hw_match a, b;
    struct gt_error ea = {0}, eb = {0};
    enum gt_status sa =
        gpu ? gt_hwdb_find_gpu(d, name, &a, &ea) : gt_hwdb_find_cpu(d, name, &a, &ea);
    enum gt_status sb = gt_hwdb_find_tokens(d, gpu, name, &b, &eb);
    if (sa != sb || ea.code != eb.code || strcmp(ea.msg, eb.msg) || a.ncand != b.ncand ||
        (sa == GT_OK && (a.index != b.index || a.how != b.how)) ||
        memcmp(a.cand, b.cand, a.ncand * sizeof a.cand[0]))
        fail_msg("%s '%s': %d '%s' against %d '%s'", gpu ? "gpu" : "cpu", name, sa, ea.msg, sb,
                 eb.msg);
    *exact += sa == GT_OK && a.how == 0;
}

/* every model and alias, with a vendor, a memory size, a word less, and the
 * logged strings of the other tests; then with a user row that repeats an
 * embedded alias (a user row wins an exact tie) */
static void check_all_names(const struct gt_hwdb *d, int *exact)
{
    static const char *const logged[] = {"Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz",
                                         "AMD EPYC 7742 64-Core Processor",
                                         "Tesla V100-PCIE-32GB",
                                         "1 x NVIDIA A100-SXM4-40GB",
                                         "A100",
                                         "Any",
                                         "Xeon Gold 9999",
                                         "NVIDIA GeForce GTX 1660 Ti with Max-Q Design",
                                         "12th Gen Intel(R) Core(TM) i7-1265U",
                                         "",
                                         "  ",
                                         "Xeon"};
    for (size_t i = 0; i < sizeof logged / sizeof logged[0]; i++)
        for (int gpu = 0; gpu < 2; gpu++)
            same_answer(d, gpu, logged[i], exact);
    for (int gpu = 0; gpu < 2; gpu++) {
        size_t n = gpu ? d->gpus.n : d->cpus.n;
        for (size_t i = 0; i < n; i++) {
            const char *model = gpu ? d->gpus.v[i].model : d->cpus.v[i].model;
            const char *vendor = gpu ? d->gpus.v[i].vendor : d->cpus.v[i].vendor;
            const char *aliases = gpu ? d->gpus.v[i].aliases : d->cpus.v[i].aliases;
            char b[600];
            same_answer(d, gpu, model, exact);
            snprintf(b, sizeof b, "%s %s", vendor, model);
            same_answer(d, gpu, b, exact);
            snprintf(b, sizeof b, "%s 32GB", model);
            same_answer(d, gpu, b, exact);
            snprintf(b, sizeof b, "%s", model);
            char *sp = strrchr(b, ' ');
            if (sp) {
                *sp = '\0';
                same_answer(d, gpu, b, exact);
            }
            sp = strchr(model, ' ');
            if (sp)
                same_answer(d, gpu, sp + 1, exact);
            for (const char *p = aliases; p && *p;) {
                const char *e = strchr(p, '|');
                int l = e ? (int)(e - p) : (int)strlen(p);
                snprintf(b, sizeof b, "%.*s", l, p);
                same_answer(d, gpu, b, exact);
                if (!e)
                    break;
                p = e + 1;
            }
        }
    }
}

static void test_find_shortcut(void **state)
{
    (void)state;
    int exact = 0;
    check_all_names(&db, &exact);
    assert_true(exact > 1000); /* the shortcut was taken, and agreed */

    struct gt_hwdb d;
    struct gt_error err = {0};
    gt_hwdb_init(&d);
    assert_int_equal(gt_hwdb_load_embedded(&d, &err), GT_OK);
    const char *cpu = "model,vendor,aliases,source,cores,threads,tdp_w,year\n"
                      "My Gold,Intel,Xeon Gold 6248,my lab,20,40,150,2019\n";
    enum gt_hw_table kind;
    assert_int_equal(gt_hwdb_add_csv(&d, cpu, strlen(cpu), "cpus.csv", &kind, &err), GT_OK);
    struct gt_hw_match m;
    assert_int_equal(gt_hwdb_find_cpu(&d, "Xeon Gold 6248", &m, &err), GT_OK);
    assert_string_equal(d.cpus.v[m.index].model, "My Gold");
    exact = 0;
    check_all_names(&d, &exact);
    gt_hwdb_release(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize),        cmocka_unit_test(test_find_cpu),
        cmocka_unit_test(test_find_gpu),         cmocka_unit_test(test_never_guess),
        cmocka_unit_test(test_locations),        cmocka_unit_test(test_providers_cloud),
        cmocka_unit_test(test_user_files),       cmocka_unit_test(test_check),
        cmocka_unit_test(test_check_duplicates), cmocka_unit_test(test_peaks),
        cmocka_unit_test(test_embodied),         cmocka_unit_test(test_peer_ci),
        cmocka_unit_test(test_find_shortcut),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
