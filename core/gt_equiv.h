/* gt_equiv.h - everyday equivalents of a carbon footprint, as the peer tools
 * compute them. The factors are data (hwdb constants.csv, with sources). */
#ifndef GT_EQUIV_H
#define GT_EQUIV_H

struct gt_equiv_factors {
    double ga_tree_year_g;     /* Green Algorithms treeYear, g CO2e per tree-year */
    double ga_car_eu_g_per_km; /* Green Algorithms passengerCar_EU_perkm */
    double ga_flight_par_dub_g;
    double ga_flight_ny_sf_g;
    double ga_flight_nyc_mel_g;
    double ct_car_g_per_km;     /* carbontracker eu_new_car_2024 */
    double cc_household_week_g; /* CodeCarbon weekly US household */
    double cc_mile_g;           /* CodeCarbon miles driven */
    double cc_tv_hour_g;        /* CodeCarbon 32-inch LCD TV hour */
};

enum gt_flight { GT_FLIGHT_PAR_DUB, GT_FLIGHT_NY_SF, GT_FLIGHT_NYC_MEL };

struct gt_equivalents {
    double tree_months;      /* CE / treeYear x 12 */
    int tree_as_years;       /* Green Algorithms shows tree-years from 24 months */
    double ga_car_km;        /* CE / passengerCar_EU_perkm */
    enum gt_flight flight;   /* the calculator's ladder */
    double flight_count;     /* CE / that flight */
    double ct_car_km;        /* carbontracker: CE / 106.8 g/km */
    double cc_household_pct; /* CodeCarbon: % of a US household's weekly emissions */
    double cc_miles;         /* CodeCarbon: miles driven */
    double cc_tv_minutes;    /* CodeCarbon: minutes of 32-inch LCD TV */
};

/* Static description of a flight rung, e.g. "Paris-Dublin". */
const char *gt_flight_name(enum gt_flight f);

/* Computes the equivalents of co2e_g with the given factors (all > 0). */
void gt_equiv_compute(double co2e_g, const struct gt_equiv_factors *f, struct gt_equivalents *out);

#endif
