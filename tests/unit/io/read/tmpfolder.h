/* tests/unit/io/read/tmpfolder.h — a mkdtemp folder per test, for the tests of io/read that
 * read files (test_files.c, test_reader.c): tmp_setup and tmp_teardown as cmocka's setup
 * and teardown, at() for paths inside it, put() to write files. Include after <cmocka.h>. */
#ifndef RD_TEST_TMPFOLDER_H
#define RD_TEST_TMPFOLDER_H

#include "tests/unit/tmpdir.h"

static char tmp_base[PATH_MAX];

/* tmp_base/rel, in one of a few rotating buffers. */
static inline const char *at(const char *rel)
{
    static char bufs[8][PATH_MAX + 64];
    static int k;
    char *p = bufs[k++ % 8];
    snprintf(p, PATH_MAX + 64, "%s/%s", tmp_base, rel);
    return p;
}

static inline void put_n(const char *rel, const void *data, size_t n)
{
    FILE *f = fopen(at(rel), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static inline void put(const char *rel, const char *text) { put_n(rel, text, strlen(text)); }

/* Removes path and everything under it, following no symlink. */
static inline void rm_rf(const char *path) { tmpdir_remove(path); }

static inline int tmp_setup(void **state)
{
    (void)state;
    return tmpdir_make(tmp_base);
}

static inline int tmp_teardown(void **state)
{
    (void)state;
    tmpdir_remove(tmp_base);
    return 0;
}

#endif
