#include "gt_apriori.h"

#include <math.h>
#include <string.h>

double gt_apriori_transformer_flops(double params, double tokens, int inference)
{
    return (inference ? 2.0 : 6.0) * params * tokens;
}

double gt_apriori_macs_flops(double macs)
{
    return 2.0 * macs;
}

static int positive(double v)
{
    return isfinite(v) && v > 0;
}

enum gt_status gt_apriori_runtime(double flops, double n_gpus, double peak_tflops, double mfu,
                                  double *runtime_s, struct gt_error *err)
{
    if (!positive(flops))
        return gt_error_set(err, GT_E_RANGE, "'flops' must be a number > 0, got %g", flops);
    if (!positive(n_gpus))
        return gt_error_set(err, GT_E_RANGE, "'gpus' must be a number > 0, got %g", n_gpus);
    if (!positive(peak_tflops))
        return gt_error_set(err, GT_E_RANGE, "'peak' must be a number > 0, got %g", peak_tflops);
    if (!positive(mfu) || mfu > 1)
        return gt_error_set(err, GT_E_RANGE, "'mfu' must be in (0, 1], got %g", mfu);
    *runtime_s = flops / (n_gpus * peak_tflops * 1e12 * mfu);
    return GT_OK;
}

enum gt_status gt_embodied_share(double kgco2e, double count, double runtime_h,
                                 double lifetime_years, double utilization, double *g,
                                 struct gt_error *err)
{
    if (!isfinite(kgco2e) || kgco2e < 0)
        return gt_error_set(err, GT_E_RANGE, "'kgco2e' must be a number >= 0, got %g", kgco2e);
    if (!isfinite(count) || count < 0)
        return gt_error_set(err, GT_E_RANGE, "'count' must be a number >= 0, got %g", count);
    if (!isfinite(runtime_h) || runtime_h < 0)
        return gt_error_set(err, GT_E_RANGE, "'runtime' must be a number >= 0, got %g", runtime_h);
    if (!positive(lifetime_years))
        return gt_error_set(err, GT_E_RANGE, "'lifetime' must be a number > 0, got %g",
                            lifetime_years);
    if (!positive(utilization) || utilization > 1)
        return gt_error_set(err, GT_E_RANGE, "'utilization' must be in (0, 1], got %g",
                            utilization);
    *g = count * kgco2e * 1000.0 * runtime_h / (lifetime_years * 8760.0 * utilization);
    return GT_OK;
}

static int covers(const struct gt_ci_series *s, double a, double b, enum gt_ci_interp m,
                  double *mean)
{
    struct gt_ci_avg avg;
    gt_ci_series_average(s, a, b, m, &avg);
    *mean = avg.mean;
    return !isnan(avg.mean) && avg.coverage >= 1.0 - 1e-12;
}

enum gt_status gt_ci_best_start(const struct gt_ci_series *s, double ref_start, double runtime_s,
                                enum gt_ci_interp m, struct gt_best_start *out,
                                struct gt_error *err)
{
    memset(out, 0, sizeof *out);
    out->ref_start = ref_start;
    out->start = NAN;
    out->mean = NAN;
    if (!positive(runtime_s))
        return gt_error_set(err, GT_E_RANGE, "'runtime' must be a number > 0, got %g", runtime_s);
    double mean;
    if (covers(s, ref_start, ref_start + runtime_s, m, &mean)) {
        out->ref_mean = mean;
        out->start = ref_start;
        out->mean = mean;
        out->candidates = 1;
    } else {
        out->ref_mean = NAN;
    }
    for (size_t i = 0; i < s->n; i++) {
        double t = s->p[i].t;
        if (t <= ref_start || isnan(s->p[i].v))
            continue;
        if (!covers(s, t, t + runtime_s, m, &mean))
            continue;
        out->candidates++;
        if (isnan(out->mean) || mean < out->mean) {
            out->start = t;
            out->mean = mean;
        }
    }
    if (!out->candidates)
        return gt_error_set(err, GT_E_DATA,
                            "no start from the reference time on lets the series cover the whole "
                            "run of %g s",
                            runtime_s);
    return GT_OK;
}

enum gt_status gt_predict(const struct gt_predict_seg *segs, size_t n, enum gt_predict_mode mode,
                          double target, struct gt_predict_result *out, struct gt_error *err)
{
    memset(out, 0, sizeof *out);
    if (n == 0)
        return gt_error_set(err, GT_E_RANGE, "nothing measured to predict from");
    double e = 0, d = 0, emin = INFINITY, emax = -INFINITY, dmin = INFINITY, dmax = -INFINITY;
    double rmin = INFINITY, rmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double ei = segs[i].energy_kwh, di = segs[i].duration_s;
        if (!isfinite(ei) || ei < 0 || !isfinite(di) || di < 0)
            return gt_error_set(err, GT_E_RANGE,
                                "segment %zu has no energy or duration >= 0 (%g kWh, %g s)", i + 1,
                                ei, di);
        e += ei;
        d += di;
        emin = fmin(emin, ei), emax = fmax(emax, ei);
        dmin = fmin(dmin, di), dmax = fmax(dmax, di);
        if (di > 0) {
            rmin = fmin(rmin, ei / di);
            rmax = fmax(rmax, ei / di);
        }
    }
    out->based_on = n;
    out->measured_kwh = e;
    out->measured_s = d;
    if (mode == GT_PREDICT_UNITS) {
        if (!isfinite(target) || target <= (double)n)
            return gt_error_set(err, GT_E_RANGE,
                                "the run's length (%g) must be more than the %zu measured", target,
                                n);
        double rem = target - (double)n;
        out->remaining = rem;
        out->energy_kwh = e + rem * (e / (double)n);
        out->energy_low_kwh = e + rem * emin;
        out->energy_high_kwh = e + rem * emax;
        out->duration_s = d + rem * (d / (double)n);
        out->duration_low_s = d + rem * dmin;
        out->duration_high_s = d + rem * dmax;
        return GT_OK;
    }
    if (!(d > 0))
        return gt_error_set(err, GT_E_RANGE, "the measured part lasts 0 s");
    if (!isfinite(target) || target <= d)
        return gt_error_set(err, GT_E_RANGE,
                            "the run's duration (%g s) must be more than the %g s measured", target,
                            d);
    double rem = target - d;
    out->remaining = rem;
    out->energy_kwh = e + rem * (e / d);
    out->energy_low_kwh = e + rem * rmin;
    out->energy_high_kwh = e + rem * rmax;
    out->duration_s = out->duration_low_s = out->duration_high_s = target;
    return GT_OK;
}
