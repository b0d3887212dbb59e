/* tests/unit/tmpdir.h — temporary folders and small files for the unit tests that touch
 * files (io/read, io/write, io/cli): a fresh mkdtemp folder, removed with everything in it. */
#ifndef RD_TEST_TMPDIR_H
#define RD_TEST_TMPDIR_H

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Makes a new folder /tmp/rd-unit-XXXXXX into dir (PATH_MAX bytes); 0 or -1. */
static inline int tmpdir_make(char *dir)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, PATH_MAX, "%s/rd-unit-XXXXXX", base && *base ? base : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

/* Removes path and, for a folder, everything below it (symbolic links are not followed). */
static inline void tmpdir_remove(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[PATH_MAX];
            int k = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            if (k > 0 && (size_t)k < sizeof sub)
                tmpdir_remove(sub);
        }
        if (d)
            closedir(d);
        chmod(path, 0700);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* dir/name into out (PATH_MAX bytes); returns out (aborts when it does not fit). */
static inline char *tmpdir_path(char *out, const char *dir, const char *name)
{
    int k = snprintf(out, PATH_MAX, "%s/%s", dir, name);
    if (k < 0 || k >= PATH_MAX)
        abort();
    return out;
}

/* One folder per test program, made and removed by cmocka group fixtures:
 *     cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown) */
__attribute__((unused)) static char test_dir[PATH_MAX];

static inline int tmpdir_setup(void **state)
{
    (void)state;
    return tmpdir_make(test_dir);
}

static inline int tmpdir_teardown(void **state)
{
    (void)state;
    tmpdir_remove(test_dir);
    return 0;
}

/* test_dir/rel, in one of 8 rotating buffers (so several can be used in one call). */
static inline char *tmpdir_at(const char *rel)
{
    static char b[8][PATH_MAX];
    static int i;
    i = (i + 1) % 8;
    return tmpdir_path(b[i], test_dir, rel);
}

/* Writes n bytes of s to dir/name; 0 or -1. */
static inline int tmpdir_put(const char *dir, const char *name, const char *s, size_t n)
{
    char p[PATH_MAX];
    FILE *f = fopen(tmpdir_path(p, dir, name), "wb");
    if (!f)
        return -1;
    int ok = fwrite(s, 1, n, f) == n;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* The same for a NUL-terminated text. */
static inline int tmpdir_puts(const char *dir, const char *name, const char *s)
{
    return tmpdir_put(dir, name, s, strlen(s));
}

/* The whole file at path, NUL-terminated (free()), its length in *n (may be NULL: the
 * bytes may hold NULs), or NULL when it cannot be read. */
static inline char *tmpdir_slurp_n(const char *path, size_t *n)
{
    struct stat st;
    FILE *f = fopen(path, "rb");
    char *s = NULL;
    size_t got = 0;
    if (f && fstat(fileno(f), &st) == 0 && (s = malloc((size_t)st.st_size + 1)) != NULL) {
        got = fread(s, 1, (size_t)st.st_size, f);
        s[got] = '\0';
    }
    if (f)
        fclose(f);
    if (n)
        *n = got;
    return s;
}

/* The whole file at path, NUL-terminated (free()), or NULL when it cannot be read. */
static inline char *tmpdir_slurp(const char *path)
{
    return tmpdir_slurp_n(path, NULL);
}

#endif
