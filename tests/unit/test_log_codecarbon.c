/* CodeCarbon emissions.csv: every header generation and trap in
 * notes/codecarbon-let.md, fed whole and byte by byte. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gt_logs.h"
#include "log_fixture.h"

/* Parses data in chunks of `chunk` bytes (0 = all at once). */
static void parse(struct lf *f, const char *data, size_t chunk)
{
    lf_init(f, "e.csv");
    struct gt_stream *s = gt_cc_open(&f->ctx);
    assert_non_null(s);
    struct gt_error err = {0};
    size_t len = strlen(data);
    size_t step = chunk ? chunk : (len ? len : 1);
    for (size_t off = 0; off < len; off += step)
        assert_int_equal(gt_cc_feed(s, data + off, off + step > len ? len - off : step, &err),
                         GT_OK);
    assert_int_equal(gt_cc_finish(s, &err), GT_OK);
}

static const char *extra(const struct gt_record *r, const char *key)
{
    for (size_t i = 0; i < r->nextras; i++)
        if (strcmp(r->extras[i].key, key) == 0)
            return r->extras[i].value;
    return NULL;
}

static void test_2020_reordered_no_run_id(void **state)
{
    (void)state;
    struct lf f;
    parse(&f,
          "timestamp,experiment_id,project_name,duration,emissions,energy_consumed,country_name,"
          "country_iso_code,region,on_cloud,cloud_provider,cloud_region\n"
          "2020-03-23T09:26:11,68f53844-f3af-48fb-971a-ffab844a6b6f,project_gamma,34,8,8,USA,USA,"
          "Ohio,Y,aws,us-east-2\n"
          "2020-03-24T15:26:11,9288b395-c196-45c3-9c5e-05a8c127f753,project_delta,16,1,3,Taiwan,"
          "TWN,Changhua County,Y,gcp,asia-east1\n",
          0);
    assert_int_equal(f.nrecs, 2);
    assert_int_equal(f.nrejects, 0);
    const struct gt_record *r = f.recs[0];
    assert_string_equal(r->run_key, "");
    assert_int_equal(r->anon_run, 0);
    assert_string_equal(r->project, "project_gamma");
    assert_string_equal(r->experiment, "68f53844-f3af-48fb-971a-ffab844a6b6f");
    assert_true(r->duration_s == 34 && r->energy_kwh == 8 && r->co2e_g == 8000);
    assert_true(r->pue == 1.0); /* no pue column: CodeCarbon applied none */
    assert_true(isnan(r->cpu_kwh));
    assert_int_equal(r->tz, GT_TZ_LOCAL);
    assert_float_equal(r->end, 1584955571.0, 0);
    assert_float_equal(r->start, 1584955571.0 - 34, 0);
    assert_string_equal(r->cloud_provider, "aws");
    assert_string_equal(r->region, "Ohio");
    assert_int_equal(r->line, 2);
    assert_int_equal(f.recs[1]->line, 3);
    assert_string_equal(f.recs[1]->country_iso, "TWN");
    assert_string_equal(extra(r, "on_cloud"), "Y");
    lf_release(&f);
}

static void test_bom_index_column_country_alias(void **state)
{
    (void)state;
    struct lf f;
    parse(&f,
          "\xEF\xBB\xBF,timestamp,experiment_id,project_name,duration,emissions,energy_consumed,"
          "country,region,on_cloud,cloud_provider,cloud_region\n"
          "0,2020-07-23T09:26:11,68f5,project_3,34,8,8,USA,Ohio,Y,aws,us-east-2\n",
          0);
    assert_int_equal(f.nrecs, 1);
    assert_string_equal(f.recs[0]->country, "USA");
    assert_string_equal(f.recs[0]->project, "project_3");
    assert_int_equal(f.recs[0]->nextras, 1); /* on_cloud; the index column is dropped */
    assert_null(extra(f.recs[0], ""));
    lf_release(&f);
}

static void test_experiment_name_and_empty_trailing_names(void **state)
{
    (void)state;
    struct lf f;
    parse(&f,
          "timestamp,experiment_name,duration,emissions,emissions_rate,cpu_power,gpu_power,"
          "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,"
          "country_iso_code,region,on_cloud,cloud_provider,cloud_region,,,,\n"
          "2020-03-24T15:26:11,experiment_delta,16,1,0.5,3,0,1.234535034,3,0,0.156533207,3,"
          "Taiwan,TWN,Changhua County,Y,gcp,asia-east1,,,,\n",
          0);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.nrejects, 0);
    const struct gt_record *r = f.recs[0];
    assert_string_equal(r->project, "experiment_delta");
    assert_true(r->cpu_kwh == 3 && r->gpu_kwh == 0 && r->ram_kwh == 0.156533207);
    assert_true(r->energy_kwh == 3);
    assert_true(r->cpu_power_w == 3 && r->ram_power_w == 1.234535034);
    lf_release(&f);
}

/* 2.0.0-2.1.4 wrote emissions_rate in g/s: 0.0004490989249167 kg over
 * 161.2038 s is 2.78590e-06 kg/s = 0.0027859 g/s, as logged. */
static void test_rate_units(void **state)
{
    (void)state;
    struct lf f;
    parse(&f,
          "timestamp,project_name,run_id,duration,emissions,emissions_rate,energy_consumed,"
          "codecarbon_version\n"
          "2021-09-23T15:04:51,codecarbon,0a57,161.20380687713623,0.0004490989249167,"
          "0.0027859076880178,0.00057442898176,2.1.3\n"
          "2024-05-31T10:39:13,codecarbon,409f,355.46638011932373,3.435810400385386e-05,"
          "9.665640951000897e-08,0.0004047892176375,2.4.3rc1\n",
          0);
    assert_int_equal(f.nrecs, 2);
    assert_true(f.recs[0]->flags & GT_REC_RATE_G_PER_S);
    assert_true(f.recs[0]->co2e_rate_g_per_s == 0.0027859076880178);
    assert_false(f.recs[1]->flags & GT_REC_RATE_G_PER_S);
    assert_float_equal(f.recs[1]->co2e_rate_g_per_s, 9.665640951000897e-05, 1e-18);
    assert_string_equal(f.recs[0]->tool_version, "2.1.3");
    assert_string_equal(f.recs[0]->run_key, "0a57");
    assert_true(f.recs[0]->pue == 1.0);
    lf_release(&f);
}

static void test_space_padded_cells(void **state)
{
    (void)state;
    struct lf f;
    parse(&f,
          "timestamp           ,project_name ,run_id  ,duration     ,emissions     ,"
          "energy_consumed ,cpu_model          ,gpu_count ,pue\n"
          "2024-05-30T11:03:37 ,codecarbon   ,40ab    ,  106.18     ,2.95e-05      ,"
          "0.0124          ,Intel(R) Xeon(R)   ,      1.0 ,1.0\n",
          0);
    assert_int_equal(f.nrecs, 1);
    const struct gt_record *r = f.recs[0];
    assert_string_equal(r->project, "codecarbon");
    assert_string_equal(r->run_id, "40ab");
    assert_string_equal(r->cpu_model, "Intel(R) Xeon(R)");
    assert_true(r->duration_s == 106.18 && r->gpu_count == 1.0 && r->energy_kwh == 0.0124);
    lf_release(&f);
}

#define H38                                                                                        \
    "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,"     \
    "gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,"         \
    "country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,"          \
    "codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,"               \
    "ram_total_size,tracking_mode,cpu_utilization_percent,gpu_utilization_percent,"                \
    "ram_utilization_percent,ram_used_gb,on_cloud,pue,wue\n"

/* 3.2.9+ offline: region, longitude and latitude are None and dropped from
 * the row, so 35 cells shift left under a 38-column header. */
static void test_short_row_realigned(void **state)
{
    (void)state;
    struct lf f;
    parse(&f,
          H38 "2025-09-01T10:00:00,codecarbon,r1,e1,100.0,0.002,2e-05,42.5,0.0,10.0,0.0011,0.0,"
              "0.0003,0.0014,0.0,Germany,DEU,,,Linux-6.1.0-x86_64-with-glibc2.36,3.11.2,3.2.9,8,"
              "Intel(R) Core(TM) i7-8850H CPU @ 2.60GHz,0,,16.0,machine,12.5,0.0,40.1,6.2,N,1.0,"
              "0.0\n",
          0);
    assert_int_equal(f.nrejects, 0);
    assert_int_equal(f.nrecs, 1);
    const struct gt_record *r = f.recs[0];
    assert_string_equal(r->country_iso, "DEU");
    assert_string_equal(r->region, "");
    assert_string_equal(r->cloud_provider, "");
    assert_string_equal(r->os, "Linux-6.1.0-x86_64-with-glibc2.36");
    assert_string_equal(r->tool_version, "3.2.9");
    assert_string_equal(r->cpu_model, "Intel(R) Core(TM) i7-8850H CPU @ 2.60GHz");
    assert_true(r->cpu_count == 8 && r->gpu_count == 0 && r->ram_gb == 16.0);
    assert_true(r->energy_kwh == 0.0014 && r->pue == 1.0);
    assert_int_equal(f.nwarns, 1);
    assert_string_equal(f.warns[0],
                        "2: row has 35 fields, the header 38 (CodeCarbon 3.2.9+ drops empty "
                        "fields); realigned by column type, empty: 'region', 'longitude', "
                        "'latitude'");
    lf_release(&f);
}

static void test_bad_rows_rejected(void **state)
{
    (void)state;
    struct lf f;
    parse(&f,
          "timestamp,project_name,run_id,duration,emissions,energy_consumed,region\n"
          "2024-01-01T00:00:00,p,a,10,0.1,abc,x\n"     /* 2: not a number */
          "2024-01-01T00:00:00,p,b,10,0.1,-1,x\n"      /* 3: negative */
          "2024-01-01T00:00:00,p,c,10,0.1,nan,x\n"     /* 4: NaN */
          "2024-01-01T00:00:00,p,d,10,0.1,0.2,x,y,z\n" /* 5: too long */
          "2024-01-01T00:00:00,p,e,,0.1,0.2,x\n"       /* 6: no duration */
          "2024-01-01T00:00:00,p,f,10,0.1\n"           /* 7: short, cannot realign */
          "2024-01-01T00:00:00,p,\"g,10,0.1,0.2,x\n"   /* 8: quote open at the end */
          "2024-01-01T00:00:00,p,h,10,0.1,0.2,x\n",    /* 9: read again */
          0);
    assert_int_equal(f.nrecs, 1);
    assert_string_equal(f.recs[0]->run_key, "h");
    assert_int_equal(f.nrejects, 7);
    assert_string_equal(f.rejects[0], "2: cannot parse 'energy_consumed' as a number: 'abc'");
    assert_string_equal(f.rejects[1], "3: negative 'energy_consumed': -1");
    assert_string_equal(f.rejects[2], "4: cannot parse 'energy_consumed' as a number: 'nan'");
    assert_string_equal(f.rejects[3], "5: row has 9 fields, the header 7");
    assert_string_equal(f.rejects[4], "6: empty 'duration'");
    assert_string_equal(f.rejects[5],
                        "7: row has 5 fields, the header 7; no way to realign them by column "
                        "type");
    assert_string_equal(f.rejects[6], "8: unterminated quoted field");
    lf_release(&f);
}

static void test_crlf_no_final_newline_chunks(void **state)
{
    (void)state;
    const char *data = "timestamp,project_name,run_id,duration,emissions,energy_consumed\r\n"
                       "2024-01-01T00:00:10,p,a,10,0.001,0.002\r\n"
                       "2024-01-01T00:00:20,p,a,20,0.002,0.004";
    for (size_t chunk = 0; chunk <= 7; chunk++) {
        struct lf f;
        parse(&f, data, chunk);
        assert_int_equal(f.nrecs, 2);
        assert_int_equal(f.nrejects, 0);
        assert_true(f.recs[1]->energy_kwh == 0.004 && f.recs[1]->duration_s == 20);
        assert_int_equal(f.recs[1]->line, 3);
        assert_string_equal(f.recs[1]->run_key, "a");
        lf_release(&f);
    }
}

static void test_let_experiment_id_and_api_ids(void **state)
{
    (void)state;
    struct lf f;
    parse(&f,
          "timestamp,project_name,run_id,experiment_id,duration,emissions,energy_consumed\n"
          "2025-03-01T12:00:00,codecarbon,r1,thesis___alice___gpu01,60,0.001,0.003\n"
          "id,timestamp,duration,emissions,energy_consumed,run_id\n"
          "\"\"\"09f0\"\"\",2021-06-15 17:47:31.798113,29.0,5.2e-05,0.00012,\"\"\"731e\"\"\"\n"
          "2025-03-01T12:00:00,codecarbon,,,60,0.001,0.003\n",
          0);
    assert_int_equal(f.nrecs, 2);
    assert_string_equal(f.recs[0]->project, "thesis");
    assert_string_equal(f.recs[0]->user, "alice");
    assert_string_equal(f.recs[0]->host, "gpu01");
    assert_string_equal(f.recs[0]->experiment, "thesis___alice___gpu01");
    assert_string_equal(f.recs[1]->run_id, "731e");
    assert_string_equal(f.recs[1]->run_key, "731e");
    assert_float_equal(f.recs[1]->end, 1623779251.798113, 1e-6);
    assert_int_equal(f.nrejects, 1); /* the last row follows the second header */
    assert_string_equal(f.rejects[0], "5: row has 7 fields, the header 6");
    assert_int_equal(f.nwarns, 1);
    assert_string_equal(f.warns[0], "3: a new header starts here; the rows below follow it");
    lf_release(&f);
}

static void test_anonymous_and_empty_energy(void **state)
{
    (void)state;
    struct lf f;
    parse(&f,
          "timestamp,project_name,run_id,duration,emissions,energy_consumed,cpu_energy\n"
          "2024-05-31T10:44:29,codecarbon,,98.5,1.2e-05,0.00014,0.00005\n"
          "2024-05-31T10:45:08,codecarbon,x,23.4,,,\n",
          0);
    assert_int_equal(f.nrecs, 2);
    assert_int_equal(f.recs[0]->anon_run, 1);
    assert_string_equal(f.recs[0]->run_key, "");
    assert_true(f.recs[1]->flags & GT_REC_NO_ENERGY);
    assert_true(isnan(f.recs[1]->co2e_g));
    lf_release(&f);
}

static void test_sniff(void **state)
{
    (void)state;
    static const struct {
        const char *head;
        int want;
    } c[] = {
        {"timestamp,project_name,run_id,duration,emissions,energy_consumed", 1},
        {"\xEF\xBB\xBF,timestamp,experiment_id,project_name,duration,emissions,energy_consumed,c",
         1},
        {"timestamp ,project_name ,run_id ,duration ,emissions ,energy_consumed\n", 1},
        {"id,timestamp,duration,emissions,energy_consumed,run_id\n", 1},
        {",timestamp,run_id,duration,emissions_sum,energy_consumed,experiment_id\n", 1},
        {"id,project_name,experiment_description,epoch,start_time,duration(s),"
         "power_consumption(kWh),CO2_emissions(kg)\n",
         0},
        {"timestamp,duration,emissions\n", 0},
        {"", 0},
        {"Name,TDP\n", 0},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        assert_int_equal(gt_cc_sniff(c[i].head, strlen(c[i].head)), c[i].want);
    const struct gt_log_format *fmt = gt_log_detect(c[0].head, strlen(c[0].head));
    assert_non_null(fmt);
    assert_string_equal(fmt->name, "codecarbon-csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_2020_reordered_no_run_id),
        cmocka_unit_test(test_bom_index_column_country_alias),
        cmocka_unit_test(test_experiment_name_and_empty_trailing_names),
        cmocka_unit_test(test_rate_units),
        cmocka_unit_test(test_space_padded_cells),
        cmocka_unit_test(test_short_row_realigned),
        cmocka_unit_test(test_bad_rows_rejected),
        cmocka_unit_test(test_crlf_no_final_newline_chunks),
        cmocka_unit_test(test_let_experiment_id_and_api_ids),
        cmocka_unit_test(test_anonymous_and_empty_energy),
        cmocka_unit_test(test_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
