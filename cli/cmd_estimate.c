#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gt_ci_cli.h"
#include "gt_cli.h"
#include "gt_defaults.h"
#include "gt_methods_out.h"
#include "gt_out.h"
#include "gt_agg.h"
#include "gt_estimate_out.h"
#include "gt_report_cli.h"
#include "gt_resolve.h"
#include "gt_sink.h"

static const struct gt_option options[] = {
    {"runtime", 't', GT_OPT_VALUE, "DURATION",
     "run time: 12h, 12h30m, 90m, 45s, 2d, 1:30:00, 2-03:00:00 (SLURM) or seconds (required)"},
    {"cpu", 0, GT_OPT_VALUE, "NAME",
     "CPU model as any tool logs it, e.g. 'Xeon Gold 6248', 'Intel(R) Xeon(R) Gold 6248 CPU @ "
     "2.50GHz' or eco2ai's 'NAME/1 device(s), TDP:45.0' (its TDP is used when the hwdb lacks "
     "NAME)"},
    {"cores", 'c', GT_OPT_VALUE, "N", "CPU cores used (default: all cores of --cpu)"},
    {"cpu-usage", 0, GT_OPT_VALUE, "F", "CPU usage factor in [0,1] (default 1)"},
    {"cpu-tdp-per-core", 0, GT_OPT_VALUE, "W", "TDP per core, replaces the hwdb value"},
    {"cpu-tdp", 0, GT_OPT_VALUE, "W", "TDP of the whole chip, divided by its core count"},
    {"gpu", 0, GT_OPT_VALUE, "NAME",
     "GPU model as any tool logs it, e.g. 'A100 SXM4 40GB', CodeCarbon's '4 x NVIDIA L4' or its "
     "mixed '1 x NVIDIA A101 x Tesla T4'; '0 device(s)' or '' is no GPU"},
    {"gpus", 'g', GT_OPT_VALUE, "N",
     "GPUs used (default: the count in --gpu, else 1 when a GPU is given)"},
    {"gpu-usage", 0, GT_OPT_VALUE, "F", "GPU usage factor in [0,1] (default 1)"},
    {"gpu-tdp", 0, GT_OPT_VALUE, "W", "TDP of one GPU, replaces the hwdb value"},
    {"gpu-power", 0, GT_OPT_VALUE, "W",
     "measured mean power of one GPU (measured mode: P = gpus x (power - idle))"},
    {"gpu-idle", 0, GT_OPT_VALUE, "W",
     "idle power of one GPU, subtracted in measured mode (default 0)"},
    {"memory", 'm', GT_OPT_VALUE, "GB", "memory available to the job, GB (default: not counted)"},
    {"memory-power", 0, GT_OPT_VALUE, "W_PER_GB",
     "memory power per GB (default 0.3725, Green Algorithms)"},
    {"platform", 0, GT_OPT_VALUE, "KIND",
     "personal, local or cloud: picks the default PUE (default local; cloud with --provider)"},
    {"provider", 0, GT_OPT_VALUE, "P", "cloud provider: gcp, aws, azure, ovhcloud, oracle"},
    {"region", 0, GT_OPT_VALUE, "R",
     "cloud region, e.g. europe-west1, 'UK South', eu-west-3: its location and PUE"},
    {"pue", 0, GT_OPT_VALUE, "X", "power usage effectiveness >= 1, replaces the platform default"},
    {"location", 'l', GT_OPT_VALUE, "CODE|NAME",
     "where the electricity comes from: GB, US-CA, FRA, France (default WORLD)"},
    {"ci", 0, GT_OPT_VALUE, "G_PER_KWH", "carbon intensity in gCO2e/kWh, replaces the location's"},
    {"ci-dataset", 0, GT_OPT_VALUE, "NAME",
     "carbon-intensity table: ga-v3.0 (default) or codecarbon"},
    GT_CI_SERIES_OPTIONS,
    {"start", 0, GT_OPT_VALUE, "ISO8601",
     "when the run started, with Z or an offset (needed with --ci-series)"},
    {"flops", 0, GT_OPT_VALUE, "F",
     "the work in FLOPs, e.g. 3.15e23: the runtime is F / (gpus x peak x MFU) (replaces "
     "--runtime)"},
    {"macs", 0, GT_OPT_VALUE, "M",
     "the work in multiply-accumulates as layer-counting tools print them (2 FLOPs each)"},
    {"params", 0, GT_OPT_VALUE, "N", "transformer parameters, with --tokens: FLOPs = 6 x N x T"},
    {"tokens", 0, GT_OPT_VALUE, "T", "tokens trained on (or generated, with --inference)"},
    {"inference", 0, GT_OPT_FLAG, NULL, "with --params/--tokens: 2 x N FLOPs per token"},
    {"mfu", 0, GT_OPT_VALUE, "U",
     "model FLOPs utilisation in (0,1] (default 0.3, PaLM paper's published range 0.213-0.462)"},
    {"precision", 0, GT_OPT_VALUE, "P",
     "fp64, fp32, tf32, bf16, fp16 or fp8: which dense peak (default bf16, else fp16, else "
     "fp32)"},
    {"peak-tflops", 0, GT_OPT_VALUE, "X", "dense peak of one GPU in TFLOPS, replaces the hwdb's"},
    {"embodied", 0, GT_OPT_FLAG, NULL,
     "also the embodied (manufacturing) emissions of the hardware's share, shown apart"},
    {"lifetime", 0, GT_OPT_VALUE, "YEARS",
     "hardware lifetime the embodied emissions are spread over (default 6, Luccioni et al. "
     "2022)"},
    {"hw-utilization", 0, GT_OPT_VALUE, "U",
     "share of its lifetime the hardware is busy, in (0,1] (default 1)"},
    {"machines", 0, GT_OPT_VALUE, "N",
     "machines (servers, laptops) the job occupied, for --embodied (default 0: not counted)"},
    {"machine-class", 0, GT_OPT_VALUE, "CLASS",
     "server (GPUs counted apart), laptop or desktop (whole device) (default server)"},
    {"compare-locations", 0, GT_OPT_OPTIONAL, "LIST",
     "the same work under other places' intensity (and cloud regions' PUE): codes or "
     "provider:region, comma-separated (default WORLD,US,CN,IN,DE,GB,FR,SE)"},
    {"best-start", 0, GT_OPT_FLAG, NULL,
     "with --ci-series: the start time of least CO2e for this runtime, and the saving against "
     "--start (default now)"},
    {"node-static-w", 0, GT_OPT_VALUE, "W",
     "a node's fixed (static) draw while the job holds it, shared by the job's share of the node "
     "(default 0: off; seed 000)"},
    {"node-cores", 0, GT_OPT_VALUE, "N",
     "cores of the node, for the job's share of --node-static-w (--cores / N; default: the "
     "whole node)"},
    {"methods", 0, GT_OPT_VALUE, "all",
     "also every peer tool's method on the same inputs, as `greentally compare` (table, json)"},
    {"psf", 0, GT_OPT_VALUE, "X",
     "multiplicative factor >= 1, e.g. how many times the job ran (default 1)"},
    {"format", 'f', GT_OPT_VALUE, "FMT",
     "table, json, csv, or a report: pdf, html, xlsx (default table; -o "
     "FILE.pdf|.html|.xlsx|.json|.csv picks it)"},
    {"output", 'o', GT_OPT_VALUE, "FILE", "write to FILE (atomically) instead of standard output"},
    {"equivalents", 0, GT_OPT_VALUE, "LIST",
     "in a PDF or HTML report: all, none, or of tree, car, flight, ct-car, household, miles, tv "
     "(default tree,car,flight)"},
    {"hwdb-file", 0, GT_OPT_LIST, "FILE",
     "add or override hwdb rows from FILE (repeatable; our tables, CodeCarbon cpu_power.csv, Green "
     "Algorithms TDP_cpu.csv/TDP_gpu.csv)"},
    GT_OPT_END};

/* The estimate as one run, and a report of it. */
static int write_report(const struct gt_args *a, enum gt_format fmt, const struct gt_hwdb *db,
                        const struct gt_estimate_report *e)
{
    struct gt_record rec;
    gt_record_init(&rec);
    rec.file = "(estimate)";
    rec.format = "greentally-estimate";
    rec.tool = GT_TOOL_GREENTALLY;
    rec.tool_version = GT_VERSION;
    rec.run_id = "estimate";
    rec.duration_s = e->runtime_s;
    rec.energy_kwh = e->res.e_kwh;
    rec.cpu_kwh = e->res.e_cpu_kwh;
    rec.gpu_kwh = e->res.e_gpu_kwh;
    rec.ram_kwh = e->res.e_mem_kwh;
    rec.pue = e->in.pue;
    rec.co2e_g = e->res.c_g;
    rec.ci_g_per_kwh = e->in.ci_g_per_kwh;
    rec.cpu_power_w = e->res.p_cpu_w;
    rec.gpu_power_w = e->res.p_gpu_w;
    rec.ram_power_w = e->res.p_mem_w;
    rec.cpu_model = e->cpu_query ? e->cpu_query : "";
    rec.gpu_model = e->gpu_query ? e->gpu_query : "";
    rec.cpu_count = e->in.n_cores;
    rec.gpu_count = e->in.n_gpus;
    rec.ram_gb = e->in.memory_gb;
    struct gt_agg_opts opts;
    memset(&opts, 0, sizeof opts);
    struct gt_agg *agg = gt_agg_new(&opts);
    struct gt_agg_result *res = NULL;
    if (!agg || gt_agg_add(agg, &rec) != GT_OK || gt_agg_finish(agg, &res) != GT_OK)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    /* the estimate's range comes from its inputs (gt_unc_estimate), not from
     * a tool's record: the one run and the total carry it */
    struct gt_run *run = &res->runs[0];
    run->energy_kwh_lo = res->totals.energy_kwh_lo = e->e_range.lo;
    run->energy_kwh_hi = res->totals.energy_kwh_hi = e->e_range.hi;
    run->co2e_g_lo = res->totals.co2e_g_lo = e->c_range.lo;
    run->co2e_g_hi = res->totals.co2e_g_hi = e->c_range.hi;
    struct gt_report r;
    memset(&r, 0, sizeof r);
    struct gt_summary_doc doc = {.res = res, .tool_version = GT_VERSION};
    r.sum = doc;
    r.title = "Carbon footprint estimate";
    r.estimate = e;
    struct gt_error err = {0};
    int rc = gt_report_set_time(&r);
    if (!rc)
        rc = gt_report_set_equivalents(&r, gt_arg(a, "equivalents"));
    if (!rc && gt_report_build(&r, db, &err) != GT_OK)
        rc = gt_fail_err(&err);
    if (!rc)
        rc = gt_report_emit(gt_arg(a, "output"), fmt, &r, 0);
    gt_report_release(&r);
    gt_agg_result_free(res);
    return rc;
}

/* The estimate's inputs for the peers' methods. */
static void method_input(const struct gt_hwdb *db, const struct gt_estimate_report *r,
                         struct gt_method_input *mi)
{
    const struct gt_estimate_input *in = &r->in;
    memset(mi, 0, sizeof *mi);
    mi->runtime_h = in->runtime_h;
    mi->cpu_tdp_w = r->cpu ? r->cpu->tdp_w : NAN;
    mi->cpu_tdp_per_core_w = in->cpu_tdp_per_core_w;
    mi->cores = in->n_cores;
    mi->cpu_usage = in->cpu_usage;
    mi->gpus = in->n_gpus;
    mi->gpu_tdp_w = in->gpu_mode == GT_GPU_TDP ? in->gpu_tdp_w : r->gpu ? r->gpu->tdp_w : NAN;
    mi->gpu_usage = in->gpu_mode == GT_GPU_TDP ? in->gpu_usage : NAN;
    mi->cpu_measured_w = NAN;
    mi->gpu_measured_w = in->gpu_mode == GT_GPU_MEASURED ? in->n_gpus * in->gpu_power_w : NAN;
    mi->ram_gb = in->memory_gb > 0 ? in->memory_gb : NAN;
    mi->pue_logged = in->pue;
    mi->pue_stated = r->pue_kind == GT_UNC_PUEK_STATED;
    mi->pue_ga = in->pue; /* the estimate is Green Algorithms' method: its PUE */
    mi->ci_logged = in->ci_g_per_kwh;
    mi->ci_alt = r->ci_alt; /* as the estimate's own range */
    gt_methods_locate(db, r->location ? r->location->code : "", "", mi);
}

static int estimate(struct gt_args *a)
{
    if (a->npos)
        return gt_fail(GT_EXIT_USAGE, "estimate takes no arguments, got '%s'", a->pos[0]);
    enum gt_format fmt;
    const char *fs = gt_arg(a, "format");
    int unknown, rc;
    if (fs && (!strcmp(fs, "pdf") || !strcmp(fs, "xlsx") || !strcmp(fs, "html")))
        fmt = !strcmp(fs, "pdf") ? GT_FMT_PDF : !strcmp(fs, "html") ? GT_FMT_HTML : GT_FMT_XLSX;
    else if (!fs && !gt_opt_report_format(a, &fmt, &unknown) &&
             (fmt == GT_FMT_PDF || fmt == GT_FMT_XLSX || fmt == GT_FMT_HTML))
        ;
    else if ((rc = gt_opt_format(a, &fmt)))
        return GT_EXIT_USAGE;
    struct gt_hwdb db;
    struct gt_error err = {0};
    if (gt_load_hwdb(&db, a, &err) != GT_OK) {
        gt_hwdb_release(&db);
        return gt_fail_err(&err);
    }
    struct gt_estimate_report r;
    struct gt_estimate_extra x;
    rc = gt_resolve_estimate(a, &db, &r, &x);
    if (rc) {
        gt_hwdb_release(&db);
        return rc;
    }
    r.tool_version = GT_VERSION;
    if (fmt == GT_FMT_PDF || fmt == GT_FMT_XLSX || fmt == GT_FMT_HTML) {
        rc = write_report(a, fmt, &db, &r);
        gt_hwdb_release(&db);
        return rc;
    }
    const char *methods = gt_arg(a, "methods");
    struct gt_method_consts k;
    const struct gt_hw_constant *used[GT_METHODS_NCONST];
    struct gt_method_input mi;
    if (methods) {
        if (strcmp(methods, "all") != 0)
            rc = gt_fail(GT_EXIT_USAGE, "--methods takes 'all', got '%s'", methods);
        else if (fmt != GT_FMT_TABLE && fmt != GT_FMT_JSON)
            rc = gt_fail(GT_EXIT_USAGE, "--methods all is printed as a table or JSON only");
        else if (gt_methods_load(&db, &k, used, &err) != GT_OK)
            rc = gt_fail_err(&err);
        if (rc) {
            gt_hwdb_release(&db);
            return rc;
        }
        method_input(&db, &r, &mi);
    }
    struct gt_sink sink;
    if (gt_sink_open(&sink, gt_arg(a, "output"), &err) != GT_OK) {
        gt_hwdb_release(&db);
        return gt_fail_err(&err);
    }
    int w;
    if (fmt == GT_FMT_JSON && methods) {
        cJSON *o = gt_estimate_json(&r);
        if (o) {
            cJSON_AddItemToObject(o, "methods", gt_methods_json_rows(&mi, &k, r.res.e_kwh));
            cJSON_AddItemToObject(o, "method_constants", gt_methods_json_constants(used));
        }
        w = o ? gt_out_json_print(sink.f, o) : -1;
    } else
        w = fmt == GT_FMT_JSON  ? gt_estimate_write_json(sink.f, &r)
            : fmt == GT_FMT_CSV ? gt_estimate_write_csv(sink.f, &r)
                                : gt_estimate_write_table(sink.f, &r);
    if (!w && methods && fmt == GT_FMT_TABLE) {
        fprintf(sink.f, "\nEvery peer's method on the same inputs (as greentally compare; x "
                        "logged = against the estimate above)\n");
        gt_methods_write_rows(sink.f, "  ", &mi, &k, r.res.e_kwh);
        fputc('\n', sink.f);
        gt_methods_write_constants(sink.f, used);
        w = ferror(sink.f) ? -1 : 0;
    }
    gt_hwdb_release(&db);
    if (w != 0) {
        const char *p = gt_arg(a, "output");
        gt_sink_abort(&sink);
        return gt_fail(GT_EXIT_DATA, "cannot write '%s'", p ? p : "standard output");
    }
    if (gt_sink_commit(&sink, &err) != GT_OK)
        return gt_fail_err(&err);
    return GT_EXIT_OK;
}

/* the defaults of the environment and config file, then the estimate */
static int run(struct gt_args *a)
{
    struct gt_defaults d;
    int rc = gt_defaults_load(&d);
    if (!rc) {
        gt_defaults_apply(&d, a);
        rc = estimate(a);
        for (int i = 0; rc && a->opts[i].name && i < GT_MAX_OPTS; i++)
            if (a->val[i].set && a->origin[i][0])
                fprintf(stderr, "greentally: note: --%s %s came from %s\n", a->opts[i].name,
                        a->val[i].value, a->origin[i]);
    }
    gt_defaults_release(&d);
    return rc;
}

const struct cmd_entry gt_cmd_estimate = {
    "estimate",
    "--runtime DURATION | --flops F | --params N --tokens T [--cpu NAME] [--cores N] [--gpu "
    "NAME] [--gpus N] [--memory GB] [--location CODE] [--embodied] [--compare-locations[=LIST]] "
    "[options]",
    "Estimate the energy and carbon footprint of a computation from its runtime and hardware. "
    "The model is Green Algorithms v3.0 (Lannelongue et al. 2021).",
    "Model: P_cpu = cores x TDP_per_core x usage_cpu; P_gpu = gpus x TDP_gpu x usage_gpu (or gpus "
    "x (measured - idle)); P_mem = memory_GB x 0.3725 W/GB; E = runtime x (P_cpu + P_gpu + P_mem) "
    "x PUE x PSF; CO2e = E x carbon intensity.\n"
    "Before the run: with --flops (or --macs, or --params and --tokens: 6 x N x T) the runtime is "
    "FLOPs / (gpus x dense peak at --precision x MFU). --embodied adds the hardware's share of "
    "its manufacturing emissions (count x kgCO2e x hours / (lifetime x 8760 x utilisation)), "
    "shown apart and never added to the operational CO2e. --compare-locations prints the same "
    "work elsewhere; --best-start with --ci-series finds the start of least CO2e. See "
    "docs/method.md.\n"
    "Defaults as the Green Algorithms calculator: usage 1, PSF 1, PUE 1.56 for a local server (1 "
    "for a personal computer, the provider's or data centre's for cloud), location WORLD (475 "
    "gCO2e/kWh). Every number printed carries its source.\n"
    "Exit status: 0 ok, 1 usage error, 2 data error (unknown hardware, bad value).",
    options,
    run,
};
