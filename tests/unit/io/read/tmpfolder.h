/* tests/unit/io/read/tmpfolder.h — a mkdtemp folder per test, for the tests of io/read that
 * read files (test_files.c, test_reader.c): tmp_setup and tmp_teardown as cmocka's setup
 * and teardown, at() for paths inside it, put() to write files. Include after <cmocka.h>. */
#ifndef RD_TEST_TMPFOLDER_H
#define RD_TEST_TMPFOLDER_H

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
static inline void rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[PATH_MAX];
            int k = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            if (k > 0 && (size_t)k < sizeof sub)
                rm_rf(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static inline int tmp_setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(tmp_base, sizeof tmp_base, "%s/rd_read_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(tmp_base) ? 0 : -1;
}

static inline int tmp_teardown(void **state)
{
    (void)state;
    rm_rf(tmp_base);
    return 0;
}

#endif
