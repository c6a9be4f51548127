/* gt_lxw.h - libxlsxwriter, loaded by the first XLSX writer (see gt_dl.h).
 * The writers call the library through the table gt_lxw, e.g.
 * gt_lxw.worksheet_write_number(ws, row, col, v, fmt), after gt_lxw_load()
 * succeeded. Each pointer has the type of the function <xlsxwriter.h>
 * declares (__typeof__, which GCC and clang have in every -std mode), so the
 * compiler checks every call as it would a direct one. A function the
 * writers start to use is added to GT_LXW_FUNCTIONS (the link then fails
 * until it is: the binary does not link libxlsxwriter). */
#ifndef GT_LXW_H
#define GT_LXW_H

#include <xlsxwriter.h>

#include "gt_error.h"

/* What is loaded: the SONAME of the library the build found (CMake). */
#ifndef GT_LXW_SONAME
#define GT_LXW_SONAME "libxlsxwriter.so.4"
#endif

/* Every libxlsxwriter function greentally calls. */
#define GT_LXW_FUNCTIONS(X)                                                                        \
    X(chart_add_series)                                                                            \
    X(chart_axis_set_crossing_max)                                                                 \
    X(chart_axis_set_major_unit)                                                                   \
    X(chart_axis_set_max)                                                                          \
    X(chart_axis_set_min)                                                                          \
    X(chart_axis_set_name)                                                                         \
    X(chart_axis_set_num_font)                                                                     \
    X(chart_axis_set_reverse)                                                                      \
    X(chart_legend_set_position)                                                                   \
    X(chart_series_set_categories)                                                                 \
    X(chart_series_set_fill)                                                                       \
    X(chart_series_set_labels)                                                                     \
    X(chart_series_set_labels_custom)                                                              \
    X(chart_series_set_labels_position)                                                            \
    X(chart_series_set_line)                                                                       \
    X(chart_series_set_marker_fill)                                                                \
    X(chart_series_set_marker_line)                                                                \
    X(chart_series_set_marker_size)                                                                \
    X(chart_series_set_marker_type)                                                                \
    X(chart_series_set_name)                                                                       \
    X(chart_series_set_values)                                                                     \
    X(chart_set_series_gap)                                                                        \
    X(chart_title_set_name)                                                                        \
    X(format_set_align)                                                                            \
    X(format_set_bg_color)                                                                         \
    X(format_set_bold)                                                                             \
    X(format_set_bottom)                                                                           \
    X(format_set_font_size)                                                                        \
    X(format_set_num_format)                                                                       \
    X(format_set_text_wrap)                                                                        \
    X(lxw_rowcol_to_cell)                                                                          \
    X(lxw_strerror)                                                                                \
    X(workbook_add_chart)                                                                          \
    X(workbook_add_format)                                                                         \
    X(workbook_add_worksheet)                                                                      \
    X(workbook_close)                                                                              \
    X(workbook_new)                                                                                \
    X(workbook_new_opt)                                                                            \
    X(workbook_set_properties)                                                                     \
    X(worksheet_autofilter)                                                                        \
    X(worksheet_fit_to_pages)                                                                      \
    X(worksheet_freeze_panes)                                                                      \
    X(worksheet_insert_chart_opt)                                                                  \
    X(worksheet_merge_range)                                                                       \
    X(worksheet_repeat_rows)                                                                       \
    X(worksheet_set_column)                                                                        \
    X(worksheet_set_h_pagebreaks)                                                                  \
    X(worksheet_set_landscape)                                                                     \
    X(worksheet_set_row)                                                                           \
    X(worksheet_write_boolean)                                                                     \
    X(worksheet_write_number)                                                                      \
    X(worksheet_write_string)

struct gt_lxw_api {
#define GT_LXW_FIELD(f) __typeof__(f) *f;
    GT_LXW_FUNCTIONS(GT_LXW_FIELD)
#undef GT_LXW_FIELD
};

/* Filled by gt_lxw_load(); read-only for everyone else. */
extern struct gt_lxw_api gt_lxw;

/* Loads libxlsxwriter on the first call. GT_OK, or GT_E_IO with err naming
 * the library and the package that installs it. */
enum gt_status gt_lxw_load(struct gt_error *err);

#endif
