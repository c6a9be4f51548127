/* gt_hpdf.h - libharu, loaded by the first PDF writer (see gt_dl.h). The
 * writers call the library through the table gt_hpdf, named without the
 * HPDF_ prefix, e.g. gt_hpdf.Page_Fill(page) for HPDF_Page_Fill(page), after
 * gt_hpdf_load() succeeded. Each pointer has the type of the function
 * <hpdf.h> declares (__typeof__), so the compiler checks every call as it
 * would a direct one. A function the writers start to use is added to
 * GT_HPDF_FUNCTIONS (the link then fails until it is: the binary does not
 * link libharu). */
#ifndef GT_HPDF_H
#define GT_HPDF_H

#include <hpdf.h>

#include "gt_error.h"

/* What is loaded: the SONAME of the library the build found (CMake). */
#ifndef GT_HPDF_SONAME
#define GT_HPDF_SONAME "libhpdf-2.3.0.so"
#endif

/* Every libharu function greentally calls, without its HPDF_ prefix. */
#define GT_HPDF_FUNCTIONS(X)                                                                       \
    X(AddPage)                                                                                     \
    X(Font_TextWidth)                                                                              \
    X(Free)                                                                                        \
    X(GetFont)                                                                                     \
    X(New)                                                                                         \
    X(Page_BeginText)                                                                              \
    X(Page_Circle)                                                                                 \
    X(Page_EndText)                                                                                \
    X(Page_Fill)                                                                                   \
    X(Page_LineTo)                                                                                 \
    X(Page_MoveTo)                                                                                 \
    X(Page_Rectangle)                                                                              \
    X(Page_SetFontAndSize)                                                                         \
    X(Page_SetLineWidth)                                                                           \
    X(Page_SetRGBFill)                                                                             \
    X(Page_SetRGBStroke)                                                                           \
    X(Page_SetSize)                                                                                \
    X(Page_Stroke)                                                                                 \
    X(Page_TextOut)                                                                                \
    X(ReadFromStream)                                                                              \
    X(ResetStream)                                                                                 \
    X(SaveToStream)                                                                                \
    X(SetCompressionMode)                                                                          \
    X(SetInfoAttr)                                                                                 \
    X(SetInfoDateAttr)

struct gt_hpdf_api {
#define GT_HPDF_FIELD(f) __typeof__(HPDF_##f) *f;
    GT_HPDF_FUNCTIONS(GT_HPDF_FIELD)
#undef GT_HPDF_FIELD
};

/* Filled by gt_hpdf_load(); read-only for everyone else. */
extern struct gt_hpdf_api gt_hpdf;

/* Loads libharu on the first call. GT_OK, or GT_E_IO with err naming the
 * library and the package that installs it. */
enum gt_status gt_hpdf_load(struct gt_error *err);

#endif
