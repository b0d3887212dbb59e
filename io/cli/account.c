/* io/cli/account.c — see account.h. */
#include "io/cli/account.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/grow.h"
#include "io/read/pathname.h"

/* Prints "rodedraad: <prefix><msg>" with the message's controls and invalid bytes escaped. */
static void say(const char *prefix, const char *msg)
{
    char *safe = rd_pathname_safe(msg);
    fprintf(stderr, "rodedraad: %s%s\n", prefix, safe ? safe : msg);
    free(safe);
}

void rd_cli_say(const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    say("", line);
}

rd_status rd_cli_account_found(const rd_cli_opts *op, const rd_files_set *fs)
{
    size_t problems = 0;
    for (size_t i = 0; i < fs->n_aside; i++) {
        const rd_files_aside *a = &fs->aside[i];
        if (a->problem)
            problems++;
        else if (a->why != RD_FILES_OTHER)
            say("warning: not read: ", a->e.msg);
    }
    for (size_t i = 0; i < fs->path.n && fs->n_escaped; i++)
        if (fs->shown[i])
            fprintf(stderr, "rodedraad: warning: %s: the file name is not valid UTF-8 or holds "
                    "control characters; it is shown escaped (model.json keeps its bytes "
                    "as path_base64)\n", fs->shown[i]);
    for (size_t i = 0; i < fs->n_aside; i++)
        if (fs->aside[i].problem)
            say(op->skip_bad ? "warning: skipped " : "", fs->aside[i].e.msg);
    if (problems && !op->skip_bad) {
        fprintf(stderr, "rodedraad: %zu file%s or folder%s could not be read; fix %s, or rerun "
                "with --skip-bad to leave %s out\n", problems, problems == 1 ? "" : "s",
                problems == 1 ? "" : "s", problems == 1 ? "it" : "them",
                problems == 1 ? "it" : "them");
        return RD_ENOINPUT;
    }
    return RD_OK;
}

/* Files of other types counted by extension (lower case, at most 15 bytes). */
typedef struct {
    char ext[16];
    size_t n;
} ext_count;

static int cmp_ext(const void *a, const void *b)
{
    return strcmp(((const ext_count *)a)->ext, ((const ext_count *)b)->ext);
}

/* "(.jpg 2, .xlsx 1)" for the files of other types, into buf. */
static void other_types(const rd_files_set *fs, char *buf, size_t cap)
{
    ext_count e[16];
    size_t ne = 0, more = 0, k = 0;
    for (size_t i = 0; i < fs->n_aside; i++) {
        if (fs->aside[i].why != RD_FILES_OTHER)
            continue;
        const char *b = strrchr(fs->aside[i].path, '/');
        b = b ? b + 1 : fs->aside[i].path;
        const char *dot = strrchr(b, '.');
        char x[16];
        snprintf(x, sizeof x, "%s", dot && dot != b && strlen(dot) < sizeof x ? dot : "other");
        for (char *c = x; *c; c++)
            *c = (char)((*c >= 'A' && *c <= 'Z') ? *c - 'A' + 'a' : *c);
        size_t j = 0;
        while (j < ne && strcmp(e[j].ext, x) != 0)
            j++;
        if (j == ne && ne == sizeof e / sizeof *e) {
            more++;
            continue;
        }
        if (j == ne)
            e[ne++] = (ext_count){{0}, 0};
        memcpy(e[j].ext, x, sizeof x);
        e[j].n++;
    }
    qsort(e, ne, sizeof *e, cmp_ext);
    for (size_t j = 0; j < ne && k + 1 < cap; j++) {
        char *safe = rd_pathname_safe(e[j].ext);
        int w = snprintf(buf + k, cap - k, "%s%s %zu", j ? ", " : " (", safe ? safe : "?", e[j].n);
        free(safe);
        k += w > 0 ? (size_t)w : 0;
    }
    if (more && k + 1 < cap) {
        int w = snprintf(buf + k, cap - k, ", %zu more", more);
        k += w > 0 ? (size_t)w : 0;
    }
    if (ne && k + 1 < cap)
        snprintf(buf + k, cap - k, ")");
}

/* Appends ", N what" (or "N what" first) to buf when n > 0. */
static void part(char *buf, size_t cap, size_t n, const char *one, const char *many)
{
    size_t k = strlen(buf);
    if (n && k + 1 < cap)
        snprintf(buf + k, cap - k, "%s%zu %s", k ? ", " : "", n, n == 1 ? one : many);
}

void rd_cli_account_tally(const rd_files_set *fs, const rd_ts_result *res)
{
    size_t count[RD_FILES_TOO_LONG + 1] = {0}, left = res ? res->skipped.n : 0;
    char parts[600] = "", types[300] = "";
    for (size_t i = 0; i < fs->n_aside; i++) {
        if (fs->aside[i].problem)
            left++;
        else
            count[fs->aside[i].why]++;
    }
    size_t found = fs->path.n + fs->n_aside;
    size_t used = fs->path.n - (res ? res->skipped.n : 0);
    if (used == found)
        return;
    part(parts, sizeof parts, left, "left out (--skip-bad)", "left out (--skip-bad)");
    part(parts, sizeof parts, count[RD_FILES_LOCK], "lock file", "lock files");
    part(parts, sizeof parts, count[RD_FILES_SETTINGS], "settings file (--codebook, "
         "--attributes, --journey)", "settings files (--codebook, --attributes, --journey)");
    part(parts, sizeof parts, count[RD_FILES_LINK], "broken link", "broken links");
    part(parts, sizeof parts, count[RD_FILES_SPECIAL], "special file", "special files");
    part(parts, sizeof parts, count[RD_FILES_UNREADABLE], "unreadable", "unreadable");
    part(parts, sizeof parts, count[RD_FILES_TOO_LONG], "with too long a path",
         "with too long a path");
    other_types(fs, types, sizeof types);
    part(parts, sizeof parts, count[RD_FILES_OTHER], "of another type", "of other types");
    fprintf(stderr, "rodedraad: warning: %zu of %zu files used; not used: %s%s\n", used, found,
            parts, types);
}

static const char *reason_of(rd_files_why why)
{
    switch (why) {
    case RD_FILES_OTHER: return "not a transcript format";
    case RD_FILES_LOCK: return "lock file";
    case RD_FILES_SETTINGS: return "settings file";
    case RD_FILES_SPECIAL: return "not a regular file";
    case RD_FILES_LINK: return "broken link";
    case RD_FILES_UNREADABLE: return "unreadable";
    case RD_FILES_TOO_LONG: return "path too long";
    }
    return "not used";
}

static void free_entry(rd_manifest_unused *u)
{
    free(u->path);
    free(u->path_base64);
    free(u->message);
}

/* An entry with the raw path it is sorted by. */
typedef struct {
    const char *raw;
    rd_manifest_unused u;
} pair;

static int cmp_pair(const void *a, const void *b)
{
    return strcmp(((const pair *)a)->raw, ((const pair *)b)->raw);
}

/* Adds one entry for raw path (reason static, message copied). */
static rd_status add_unused(pair **v, size_t *n, size_t *cap, const char *path,
                            const char *reason, const char *msg, rd_err *err)
{
    if (RD_GROW_MIN(*v, *cap, *n + 1, 16))
        return rd_fail(err, RD_ENOMEM, "files not used");
    pair *e = &(*v)[(*n)++];
    memset(e, 0, sizeof *e);
    e->raw = path;
    e->u.reason = reason;
    if (!(e->u.path = rd_pathname_show(path)) || !(e->u.message = strdup(msg)) ||
        (!rd_pathname_plain(path) && !(e->u.path_base64 = rd_pathname_base64(path))))
        return rd_fail(err, RD_ENOMEM, "files not used");
    return RD_OK;
}

rd_status rd_cli_account_unused(rd_files_set *fs, const rd_ts_result *res, rd_cli_unused *out,
                                rd_err *err)
{
    rd_status rc = RD_OK;
    size_t n = 0, cap = 0, k = 0;
    pair *v = NULL;
    unsigned char *used = calloc(fs->path.n + 1, 1);
    memset(out, 0, sizeof *out);
    if (!used || (rc = rd_files_index(fs, err)) != RD_OK) {
        free(used);
        return used ? rc : rd_fail(err, RD_ENOMEM, "files not used");
    }
    for (size_t d = 0; res->source && d < res->n_docs; d++) {
        size_t i = rd_files_find(fs, res->source[d]);
        if (i != (size_t)-1)
            used[i] = 1;
    }
    for (size_t i = 0; rc == RD_OK && i < fs->n_aside; i++)
        rc = add_unused(&v, &n, &cap, fs->aside[i].path, reason_of(fs->aside[i].why),
                        fs->aside[i].e.msg, err);
    for (size_t i = 0; rc == RD_OK && i < fs->path.n; i++)
        if (!used[i]) { /* left out by the text stage: its warnings are in file order */
            const char *msg = k < res->skipped.n ? res->skipped.v[k].msg : "";
            k++;
            rc = add_unused(&v, &n, &cap, fs->path.v[i], "could not be used", msg, err);
        }
    if (rc == RD_OK && n && !(out->v = calloc(n, sizeof *out->v)))
        rc = rd_fail(err, RD_ENOMEM, "files not used");
    if (rc == RD_OK && n)
        qsort(v, n, sizeof *v, cmp_pair);
    for (size_t i = 0; i < n; i++) {
        if (rc == RD_OK)
            out->v[out->n++] = v[i].u;
        else
            free_entry(&v[i].u);
    }
    free(v);
    free(used);
    if (rc != RD_OK)
        rd_cli_account_unused_free(out);
    return rc;
}

void rd_cli_account_unused_free(rd_cli_unused *u)
{
    if (!u)
        return;
    for (size_t i = 0; i < u->n; i++)
        free_entry(&u->v[i]);
    free(u->v);
    memset(u, 0, sizeof *u);
}

rd_status rd_cli_account_doc_paths(rd_files_set *fs, const rd_ts_result *res,
                                   const char ***out, rd_err *err)
{
    rd_status rc = rd_files_index(fs, err);
    *out = NULL;
    if (rc != RD_OK)
        return rc;
    if (!(*out = calloc(res->n_docs + 1, sizeof **out)))
        return rd_fail(err, RD_ENOMEM, "paths of %zu respondents", res->n_docs);
    for (size_t d = 0; d < res->n_docs; d++) {
        size_t i = rd_files_find(fs, res->source[d]);
        (*out)[d] = i == (size_t)-1 ? res->source[d] : fs->path.v[i];
    }
    return RD_OK;
}
