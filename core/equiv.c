#include "gt_equiv.h"

const char *gt_flight_name(enum gt_flight f)
{
    switch (f) {
    case GT_FLIGHT_PAR_DUB:
        return "Paris-Dublin";
    case GT_FLIGHT_NY_SF:
        return "New York-San Francisco";
    case GT_FLIGHT_NYC_MEL:
        return "New York-Melbourne";
    }
    return "?";
}

void gt_equiv_compute(double g, const struct gt_equiv_factors *f, struct gt_equivalents *out)
{
    out->tree_months = g / f->ga_tree_year_g * 12.0;
    out->tree_as_years = out->tree_months >= 24.0;
    out->ga_car_km = g / f->ga_car_eu_g_per_km;
    /* Green Algorithms v3.0 (blueprints/metrics/utils.py): below half a
     * NY-SF flight show Paris-Dublin, below half NYC-MEL show NY-SF. */
    if (g < 0.5 * f->ga_flight_ny_sf_g) {
        out->flight = GT_FLIGHT_PAR_DUB;
        out->flight_count = g / f->ga_flight_par_dub_g;
    } else if (g < 0.5 * f->ga_flight_nyc_mel_g) {
        out->flight = GT_FLIGHT_NY_SF;
        out->flight_count = g / f->ga_flight_ny_sf_g;
    } else {
        out->flight = GT_FLIGHT_NYC_MEL;
        out->flight_count = g / f->ga_flight_nyc_mel_g;
    }
    out->ct_car_km = g / f->ct_car_g_per_km;
    out->cc_household_pct = g / f->cc_household_week_g * 100.0;
    out->cc_miles = g / f->cc_mile_g;
    out->cc_tv_minutes = g / f->cc_tv_hour_g * 60.0;
}
