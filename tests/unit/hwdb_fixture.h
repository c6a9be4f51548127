/* hwdb_fixture.h - cmocka group fixture: the embedded hwdb in `db`.
 * Include once per test program, after cmocka.h. */
#ifndef GT_TEST_HWDB_FIXTURE_H
#define GT_TEST_HWDB_FIXTURE_H

#include "gt_hwdb.h"

static struct gt_hwdb db;

static int setup(void **state)
{
    (void)state;
    gt_hwdb_init(&db);
    struct gt_error err = {0};
    return gt_hwdb_load_embedded(&db, &err) == GT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gt_hwdb_release(&db);
    return 0;
}

#endif
