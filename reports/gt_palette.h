/* gt_palette.h - the colours of every report (PDF, XLSX, HTML), 0xRRGGBB.
 * Series colours are Tableau 10; text colours pass WCAG AA on white. */
#ifndef GT_PALETTE_H
#define GT_PALETTE_H

#define GT_PAL_CPU    0x4E79A7 /* blue */
#define GT_PAL_GPU    0xF28E2B /* orange */
#define GT_PAL_RAM    0x59A14F /* green */
#define GT_PAL_OTHER  0xBAB0AC /* grey: energy not split into components */
#define GT_PAL_MONTH  0x4E79A7 /* CO2e by month */
#define GT_PAL_SHARE  0x76B7B2 /* share of CO2e */
#define GT_PAL_ACCENT 0x4E79A7 /* bullets */
#define GT_PAL_INK    0x1F3A5F /* titles, table headers, figures */
#define GT_PAL_GRAY   0x555555 /* notes (7.5:1 on white) */
#define GT_PAL_LABEL  0x333333 /* chart labels */
#define GT_PAL_GRID   0xDDDDDD
#define GT_PAL_AXIS   0x555555
#define GT_PAL_CARD   0xEEF2F7 /* headline cards */
#define GT_PAL_SHADE  0xF3F5F8 /* every other table row */
#define GT_PAL_TOTAL  0xDDE4EE /* totals row */

/* the component series, in the order CPU, GPU, RAM, other */
#define GT_PAL_COMPONENTS                                                                          \
    {                                                                                              \
        GT_PAL_CPU, GT_PAL_GPU, GT_PAL_RAM, GT_PAL_OTHER                                           \
    }

#endif
