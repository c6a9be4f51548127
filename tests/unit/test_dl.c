/* Libraries loaded on first use (reports/gt_dl.h): the messages when one is
 * missing or incomplete, and libxlsxwriter, libharu and libcurl not in the
 * process until their loader runs (this test binary links gt_cli as
 * greentally does). */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gt_curl.h"
#include "gt_dl.h"
#include "gt_hpdf.h"
#include "gt_lxw.h"

struct math_api {
    double (*cos)(double);
    double (*sqrt)(double);
};

static const char *const libm_names[] = {"libm.so.6", NULL};

static void test_missing_library(void **state)
{
    (void)state;
    static const char *const names[] = {"libgreentally-absent.so.0", "libgreentally-absent.so",
                                        NULL};
    static const struct gt_dl_sym syms[] = {{"cos", offsetof(struct math_api, cos)}};
    struct math_api t = {0};
    const struct gt_dl_lib lib = {"libabsent", "libabsent0", names, syms, 1, &t};
    char why[160];
    assert_int_equal(gt_dl_load(&lib, why, sizeof why), -1);
    assert_string_equal(why, "libabsent (libgreentally-absent.so.0) is not installed (Debian 12: "
                             "apt-get install libabsent0)");
    assert_null(t.cos);
}

static void test_missing_symbol(void **state)
{
    (void)state;
    static const struct gt_dl_sym syms[] = {{"cos", offsetof(struct math_api, cos)},
                                            {"gt_no_such_function", 0}};
    struct math_api t = {0};
    const struct gt_dl_lib lib = {"libm", "libc6", libm_names, syms, 2, &t};
    char why[160];
    assert_int_equal(gt_dl_load(&lib, why, sizeof why), -1);
    assert_string_equal(why, "libm (libm.so.6) lacks gt_no_such_function");
}

static void test_loaded(void **state)
{
    (void)state;
    static const struct gt_dl_sym syms[] = {{"cos", offsetof(struct math_api, cos)},
                                            {"sqrt", offsetof(struct math_api, sqrt)}};
    struct math_api t = {0};
    const struct gt_dl_lib lib = {"libm", "libc6", libm_names, syms, 2, &t};
    char why[160] = "";
    assert_int_equal(gt_dl_load(&lib, why, sizeof why), 0);
    assert_string_equal(why, "");
    assert_true(t.cos(0.0) == 1.0);
    assert_true(t.sqrt(6.25) == 2.5);
}

/* in the process already (RTLD_NOLOAD: looked up, never loaded) */
static int resident(const char *soname)
{
    void *h = dlopen(soname, RTLD_NOW | RTLD_NOLOAD);
    if (h)
        dlclose(h);
    return h != NULL;
}

static void test_writers_on_first_use(void **state)
{
    (void)state;
    assert_false(resident(GT_LXW_SONAME));
    assert_false(resident(GT_HPDF_SONAME));
    assert_false(resident("libcurl.so.4"));
    assert_false(resident("libcrypto.so.3"));

    struct gt_error err = {0};
    assert_int_equal(gt_hpdf_load(&err), GT_OK);
    assert_true(resident(GT_HPDF_SONAME));
    assert_false(resident(GT_LXW_SONAME));
#define NONNULL(f) assert_non_null(gt_hpdf.f);
    GT_HPDF_FUNCTIONS(NONNULL)
#undef NONNULL
    HPDF_Doc doc = gt_hpdf.New(NULL, NULL);
    assert_non_null(doc);
    assert_non_null(gt_hpdf.AddPage(doc));
    gt_hpdf.Free(doc);

    assert_int_equal(gt_lxw_load(&err), GT_OK);
    assert_true(resident(GT_LXW_SONAME));
#define NONNULL(f) assert_non_null(gt_lxw.f);
    GT_LXW_FUNCTIONS(NONNULL)
#undef NONNULL
    char cell[16];
    gt_lxw.lxw_rowcol_to_cell(cell, 9, 27);
    assert_string_equal(cell, "AB10");
    assert_false(resident("libcurl.so.4"));

    /* a second call does not load again */
    assert_int_equal(gt_lxw_load(&err), GT_OK);
    assert_int_equal(gt_hpdf_load(&err), GT_OK);
    assert_int_equal(err.code, GT_OK);

    const char *why = "unset";
    const struct gt_curl *cu = gt_curl_load(&why);
    assert_non_null(cu);
    assert_null(why);
    assert_true(resident("libcurl.so.4"));
    assert_string_equal(cu->easy_strerror(CURLE_OK), "No error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_library), cmocka_unit_test(test_missing_symbol),
        cmocka_unit_test(test_loaded), cmocka_unit_test(test_writers_on_first_use)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
