/* check_out.c - the verdict of `greentally check` (see gt_check_out.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gt_check_out.h"
#include "gt_format.h"

/* "3.64 kg CO2e" / "18.19 kWh" */
static const char *amount(enum gt_amount_kind k, double v, char *b, size_t size)
{
    char x[64];
    if (isnan(v))
        snprintf(b, size, "-");
    else if (k == GT_AMOUNT_MASS)
        snprintf(b, size, "%s CO2e", gt_format_mass(v, x, sizeof x));
    else
        snprintf(b, size, "%s", gt_format_energy(v, x, sizeof x));
    return b;
}

/* "3.64 kg" / "18.19 kWh", for a budget column */
static const char *bare(enum gt_amount_kind k, double v, char *b, size_t size)
{
    if (isnan(v))
        snprintf(b, size, "-");
    else if (k == GT_AMOUNT_MASS)
        gt_format_mass(v, b, size);
    else
        gt_format_energy(v, b, size);
    return b;
}

static const char *pct(double used, double budget, char *b, size_t size)
{
    if (isnan(budget))
        snprintf(b, size, "-");
    else if (budget > 0)
        snprintf(b, size, "%.1f %%", 100 * used / budget);
    else
        snprintf(b, size, "%s", used > 0 ? "over a zero budget" : "0 %");
    return b;
}

/* "+0.52 kg CO2e (+16.7 %)" against the baseline, or "" when none */
static const char *change(const struct gt_check_line *l, char *b, size_t size)
{
    if (isnan(l->baseline)) {
        b[0] = 0;
        return b;
    }
    double d = l->used - l->baseline;
    if (fabs(d) <= 1e-9 * fmax(fabs(l->used), fabs(l->baseline))) {
        snprintf(b, size, "no change");
        return b;
    }
    char x[64];
    int n = snprintf(b, size, "%s%s", d >= 0 ? "+" : "-", amount(l->kind, fabs(d), x, sizeof x));
    if (l->baseline > 0 && n > 0 && (size_t)n < size)
        snprintf(b + n, size - (size_t)n, " (%+.1f %%)", 100 * d / l->baseline);
    return b;
}

static const char *label(const struct gt_check_line *l)
{
    return l->label[0] ? l->label : "(unknown)";
}

int gt_check_write_text(FILE *o, const struct gt_check_doc *d)
{
    const struct gt_check *c = d->c;
    const struct gt_check_line *t = &c->lines[0];
    char a[64], b[64], p[64], ch[128];
    fprintf(o, "%s: %s", c->over ? "over budget" : "within budget",
            amount(t->kind, t->used, a, 64));
    if (!isnan(t->budget))
        fprintf(o, " of %s (%s)", bare(t->kind, t->budget, b, 64), pct(t->used, t->budget, p, 64));
    if (c->n > 1) {
        long groups = 0;
        for (size_t i = 1; i < c->n; i++)
            groups += !isnan(c->lines[i].budget);
        fprintf(o, "; %ld of %ld %s budget%s exceeded", c->over - t->over, groups,
                d->by ? d->by : "group", groups == 1 ? "" : "s");
    }
    fprintf(o, "; %ld run%s", t->runs, t->runs == 1 ? "" : "s");
    if (t->missing)
        fprintf(o, " (%ld without %s, not counted)", t->missing,
                t->kind == GT_AMOUNT_MASS ? "CO2e" : "energy");
    fputc('\n', o);
    for (size_t i = 1; i < c->n; i++) {
        const struct gt_check_line *l = &c->lines[i];
        if (!l->over)
            continue;
        fprintf(o, "  over: %s: %s of %s (%s)", label(l), amount(l->kind, l->used, a, 64),
                bare(l->kind, l->budget, b, 64), pct(l->used, l->budget, p, 64));
        if (*change(l, ch, sizeof ch))
            fprintf(o, "; %s against the baseline", ch);
        fputc('\n', o);
    }
    if (d->baseline_file) {
        if (*change(t, ch, sizeof ch))
            fprintf(o, "against the baseline '%s': %s (baseline %s)\n", d->baseline_file, ch,
                    amount(t->kind, t->baseline, a, 64));
        else
            fprintf(o, "the baseline '%s' has no total %s\n", d->baseline_file,
                    t->kind == GT_AMOUNT_MASS ? "CO2e" : "energy");
    }
    return ferror(o) ? -1 : 0;
}

/* Text in a Markdown table cell: characters Markdown or HTML would read
 * escaped, line breaks as spaces. */
static void md(FILE *o, const char *s)
{
    for (; *s; s++) {
        if (strchr("\\`*_[]<>|~", *s))
            fputc('\\', o);
        fputc(*s == '\n' || *s == '\r' ? ' ' : *s, o);
    }
}

int gt_check_write_markdown(FILE *o, const struct gt_check_doc *d)
{
    const struct gt_check *c = d->c;
    const struct gt_check_line *t = &c->lines[0];
    char a[64], b[64], p[64], ch[128];
    fprintf(o, "### Carbon budget: %s\n\n",
            c->over ? "over budget :x:" : "within budget :white_check_mark:");
    int base = !isnan(t->baseline);
    for (size_t i = 1; i < c->n; i++)
        base |= !isnan(c->lines[i].baseline);
    fprintf(o, "| | %s | budget | used |%s\n|:--|--:|--:|--:|%s\n",
            t->kind == GT_AMOUNT_MASS ? "CO2e" : "energy", base ? " change vs baseline |" : "",
            base ? "--:|" : "");
    for (size_t i = 0; i < c->n; i++) {
        const struct gt_check_line *l = &c->lines[i];
        if (i && isnan(l->budget) && isnan(l->baseline))
            continue;
        fputs("| ", o);
        if (i)
            md(o, label(l));
        else
            fputs("**total**", o);
        fprintf(o, " | %s | %s | %s%s%s |", bare(l->kind, l->used, a, 64),
                bare(l->kind, l->budget, b, 64), l->over ? "**" : "",
                pct(l->used, l->budget, p, 64), l->over ? "** :x:" : "");
        if (base)
            fprintf(o, " %s |", *change(l, ch, sizeof ch) ? ch : "-");
        fputc('\n', o);
    }
    const struct gt_accounting *acc = &d->res->acc;
    fprintf(o, "\n%ld run%s from %ld rows in %ld files", t->runs, t->runs == 1 ? "" : "s",
            acc->rows_read, acc->files_read);
    if (acc->rows_rejected)
        fprintf(o, " (%ld rejected)", acc->rows_rejected);
    fputs(".", o);
    if (t->missing)
        fprintf(o, " %ld of %ld runs without %s are not counted.", t->missing, t->runs,
                t->kind == GT_AMOUNT_MASS ? "CO2e" : "energy");
    if (d->baseline_file) {
        fputs(" Baseline: `", o);
        for (const char *s = d->baseline_file; *s; s++)
            fputc(*s == '`' ? '\'' : *s, o);
        fputs("`.", o);
    }
    fprintf(o, "\n\n<sub>greentally %s</sub>\n", d->tool_version);
    return ferror(o) ? -1 : 0;
}
