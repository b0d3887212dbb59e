/* io/write/json.c — see export_json.h. Builds the whole document as a jansson tree, then
 * dumps it in one pass.
 *
 * Every jansson constructor can fail (NULL, or -1 from the setters, which take the value's
 * reference even then), either because memory ran out or because a string is not valid
 * UTF-8. The helpers below return one of the J_* reasons and leave the message to the
 * caller, which knows where in the document it was (table, column, row or manifest
 * field). Invalid UTF-8 is told apart from out of memory by checking the string with
 * rd_utf8_valid, the same strict RFC 3629 rules jansson applies. */
#include "io/write/json.h"

#include "nlp/utf8.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "io/write/outfile.h"

_Static_assert(sizeof(json_int_t) >= sizeof(long long),
               "jansson must hold long long integers (RD_V_INT)");

/* Indented by one space, insertion order, doubles that round-trip, non-ASCII as is. */
#define DUMP_FLAGS (JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17))

typedef enum { J_OK = 0, J_NOMEM, J_UTF8, J_DUP } jwhy;

typedef struct {
    const char *path;
    size_t bad; /* J_UTF8: offset of the first invalid byte */
} jctx;

/* Turns a J_* reason into the caller's error: "PATH: WHERE: REASON". */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static rd_status report(const jctx *c, jwhy why, rd_err *err, const char *fmt, ...)
{
    char where[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(where, sizeof where, fmt, ap);
    va_end(ap);
    if (why == J_UTF8)
        return rd_fail(err, RD_EINVAL, "%s: %s: not valid UTF-8 (byte %zu)", c->path, where,
                       c->bad);
    if (why == J_DUP)
        return rd_fail(err, RD_EINVAL, "%s: %s: the name is used twice", c->path, where);
    return rd_fail(err, RD_ENOMEM, "%s: %s: out of memory while building model.json", c->path,
                   where);
}

/* 1 (and c->bad set) when s is not valid UTF-8. */
static int bad_utf8(jctx *c, const char *s)
{
    return !rd_utf8_valid(s, strlen(s), &c->bad);
}

/* A JSON string for s (null when s is NULL). */
static jwhy mk_str(jctx *c, const char *s, json_t **out)
{
    if (!s) {
        *out = json_null();
        return J_OK;
    }
    if ((*out = json_string(s)))
        return J_OK;
    return bad_utf8(c, s) ? J_UTF8 : J_NOMEM;
}

/* A JSON value for a table cell, option or result (see the header for the mapping). */
static jwhy mk_value(jctx *c, const rd_value *v, json_t **out)
{
    switch (v->kind) {
    case RD_V_STR:
        return mk_str(c, v->s, out);
    case RD_V_INT:
        *out = json_integer((json_int_t)v->i);
        break;
    case RD_V_NUM:
        *out = isfinite(v->d) ? json_real(v->d) : json_null();
        break;
    case RD_V_EMPTY:
    default:
        *out = json_null();
        break;
    }
    return *out ? J_OK : J_NOMEM;
}

/* o[key] = v, taking v's reference in every case (v NULL = its construction ran out of
 * memory). A key already present is refused, so nothing is silently overwritten. */
static jwhy put(jctx *c, json_t *o, const char *key, json_t *v)
{
    if (!v)
        return J_NOMEM;
    if (json_object_get(o, key)) {
        json_decref(v);
        return J_DUP;
    }
    if (json_object_set_new(o, key, v) == 0)
        return J_OK;
    return bad_utf8(c, key) ? J_UTF8 : J_NOMEM;
}

static jwhy put_str(jctx *c, json_t *o, const char *key, const char *s)
{
    json_t *v = NULL;
    jwhy why = mk_str(c, s, &v);
    return why != J_OK ? why : put(c, o, key, v);
}

/* An object of options or results, keys in the caller's order. */
static rd_status build_pairs(jctx *c, const char *name, const rd_manifest_option *kv, size_t n,
                             json_t **out, rd_err *err)
{
    rd_status rc = RD_OK;
    json_t *o = json_object(), *v = NULL;
    jwhy why = J_OK;
    if (!o) {
        rc = report(c, J_NOMEM, err, "manifest %s", name);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const char *key = kv[i].key ? kv[i].key : "";
        if ((why = mk_value(c, &kv[i].v, &v)) == J_OK)
            why = put(c, o, key, v);
        if (why != J_OK) {
            rc = report(c, why, err, "manifest %s, \"%s\"", name, key);
            goto done;
        }
    }
    *out = o;
    o = NULL;
done:
    json_decref(o);
    return rc;
}

/* Fills o with item i of one of the manifest's lists; *path names it in messages. */
typedef jwhy (*fill_fn)(jctx *c, json_t *o, const rd_manifest *m, size_t i, const char **path);

/* {"path", "path_base64" (when escaped), "bytes", "sha256"}: an input file. */
static jwhy fill_input(jctx *c, json_t *o, const rd_manifest *m, size_t i, const char **path)
{
    const rd_manifest_input *in = &m->inputs[i];
    jwhy why;
    *path = in->path;
    /* bytes were read from one file, so they fit off_t and hence json_int_t */
    if ((why = put_str(c, o, "path", in->path)) == J_OK &&
        (!in->path_base64 || (why = put_str(c, o, "path_base64", in->path_base64)) == J_OK) &&
        (why = put(c, o, "bytes", json_integer((json_int_t)in->bytes))) == J_OK)
        why = put_str(c, o, "sha256", in->sha256);
    return why;
}

/* {"path", "path_base64" (when escaped), "reason", "message"}: a file found and not used. */
static jwhy fill_unused(jctx *c, json_t *o, const rd_manifest *m, size_t i, const char **path)
{
    const rd_manifest_unused *u = &m->unused[i];
    jwhy why;
    *path = u->path;
    if ((why = put_str(c, o, "path", u->path)) == J_OK &&
        (!u->path_base64 || (why = put_str(c, o, "path_base64", u->path_base64)) == J_OK) &&
        (why = put_str(c, o, "reason", u->reason)) == J_OK)
        why = put_str(c, o, "message", u->message);
    return why;
}

/* An array of n objects, item i filled by fill; name ("inputs") for messages. */
static rd_status build_list(jctx *c, const rd_manifest *m, size_t n, fill_fn fill,
                            const char *name, json_t **out, rd_err *err)
{
    rd_status rc = RD_OK;
    json_t *a = json_array(), *o = NULL;
    jwhy why = J_OK;
    if (!a) {
        rc = report(c, J_NOMEM, err, "manifest %s", name);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const char *path = NULL;
        if (!(o = json_object()))
            why = J_NOMEM;
        else if ((why = fill(c, o, m, i, &path)) == J_OK) {
            why = json_array_append_new(a, o) == 0 ? J_OK : J_NOMEM;
            o = NULL; /* the array took it, even on failure */
        }
        if (why != J_OK) {
            rc = report(c, why, err, "manifest %s \"%s\"", name, path ? path : "");
            goto done;
        }
    }
    *out = a;
    a = NULL;
done:
    json_decref(o);
    json_decref(a);
    return rc;
}

static rd_status build_manifest(jctx *c, const rd_manifest *m, json_t **out, rd_err *err)
{
    rd_status rc = RD_OK;
    json_t *o = json_object(), *stem = json_object(), *uni = json_object(), *sub = NULL;
    const char *field = "";
    jwhy why = J_OK;
    char seed[24];
    if (!o || !stem || !uni) {
        rc = report(c, J_NOMEM, err, "manifest");
        goto done;
    }
    field = "program";
    if ((why = put_str(c, o, "program", m->program)) != J_OK)
        goto fail;
    field = "version";
    if ((why = put_str(c, o, "version", m->version)) != J_OK)
        goto fail;
    field = "command";
    if ((why = put_str(c, o, "command", m->command)) != J_OK)
        goto fail;
    field = "created";
    if (m->created && (why = put_str(c, o, "created", m->created)) != J_OK)
        goto fail;
    field = "stemmer";
    if ((why = put_str(c, stem, "algorithm", m->stemmer_algorithm)) != J_OK ||
        (why = put_str(c, stem, "library", "libstemmer")) != J_OK ||
        (why = put_str(c, stem, "version", m->libstemmer_version)) != J_OK)
        goto fail;
    why = put(c, o, "stemmer", stem);
    stem = NULL;
    if (why != J_OK)
        goto fail;
    field = "unicode";
    if ((why = put_str(c, uni, "version", m->unicode_version)) != J_OK ||
        (why = put_str(c, uni, "utf8proc_version", m->utf8proc_version)) != J_OK)
        goto fail;
    why = put(c, o, "unicode", uni);
    uni = NULL;
    if (why != J_OK)
        goto fail;
    field = "blas";
    if ((why = put_str(c, o, "blas", m->blas)) != J_OK)
        goto fail;
    /* A seed above json_int_t's range is kept exact as a decimal string (see header). */
    field = "seed";
    if (m->seed <= (uint64_t)LLONG_MAX) {
        why = put(c, o, "seed", json_integer((json_int_t)m->seed));
    } else {
        snprintf(seed, sizeof seed, "%" PRIu64, m->seed);
        why = put_str(c, o, "seed", seed);
    }
    if (why != J_OK)
        goto fail;
    field = "threads";
    if ((why = put(c, o, "threads", json_integer(m->threads))) != J_OK)
        goto fail;
    if ((rc = build_pairs(c, "options", m->options, m->n_options, &sub, err)) != RD_OK)
        goto done;
    field = "options";
    if ((why = put(c, o, "options", sub)) != J_OK)
        goto fail;
    if ((rc = build_pairs(c, "results", m->results, m->n_results, &sub, err)) != RD_OK)
        goto done;
    field = "results";
    if ((why = put(c, o, "results", sub)) != J_OK)
        goto fail;
    if ((rc = build_list(c, m, m->n_inputs, fill_input, "input", &sub, err)) != RD_OK)
        goto done;
    field = "inputs";
    if ((why = put(c, o, "inputs", sub)) != J_OK)
        goto fail;
    if ((rc = build_list(c, m, m->n_unused, fill_unused, "not_used", &sub, err)) != RD_OK)
        goto done;
    field = "not_used";
    if ((why = put(c, o, "not_used", sub)) != J_OK)
        goto fail;
    *out = o;
    o = NULL;
    goto done;
fail:
    rc = report(c, why, err, "manifest field \"%s\"", field);
done:
    json_decref(stem);
    json_decref(uni);
    json_decref(o);
    return rc;
}

/* {"sheet": ..., "columns": [...], "rows": [{col: value, ...}, ...]} */
static rd_status build_table(jctx *c, const rd_table *t, json_t **out, rd_err *err)
{
    rd_status rc = RD_OK;
    json_t *o = json_object(), *cols = json_array(), *rows = json_array(), *row = NULL;
    json_t *v = NULL;
    jwhy why = J_OK;
    size_t r = 0, j = 0;
    if (!o || !cols || !rows) {
        rc = report(c, J_NOMEM, err, "table \"%s\"", t->name);
        goto done;
    }
    if ((why = put_str(c, o, "sheet", t->sheet)) != J_OK) {
        rc = report(c, why, err, "table \"%s\", sheet name", t->name);
        goto done;
    }
    /* Column names are checked here (UTF-8, unique) once, so the rows can use the
     * unchecked setter. */
    for (j = 0; j < t->n_cols; j++) {
        why = J_OK;
        for (size_t k = 0; why == J_OK && k < j; k++)
            if (strcmp(t->cols[k], t->cols[j]) == 0)
                why = J_DUP;
        if (why == J_OK && (why = mk_str(c, t->cols[j], &v)) == J_OK)
            why = json_array_append_new(cols, v) == 0 ? J_OK : J_NOMEM;
        if (why != J_OK) {
            rc = report(c, why, err, "table \"%s\", column \"%s\"", t->name, t->cols[j]);
            goto done;
        }
    }
    for (r = 0; r < t->n_rows; r++) {
        if (!(row = json_object())) {
            rc = report(c, J_NOMEM, err, "table \"%s\", row %zu", t->name, r + 1);
            goto done;
        }
        for (j = 0; j < t->n_cols; j++) {
            if ((why = mk_value(c, rd_table_at(t, r, j), &v)) == J_OK)
                why = json_object_set_new_nocheck(row, t->cols[j], v) == 0 ? J_OK : J_NOMEM;
            if (why != J_OK) {
                rc = report(c, why, err, "table \"%s\", column \"%s\", row %zu", t->name,
                            t->cols[j], r + 1);
                goto done;
            }
        }
        why = json_array_append_new(rows, row) == 0 ? J_OK : J_NOMEM;
        row = NULL; /* the array took it, even on failure */
        if (why != J_OK) {
            rc = report(c, why, err, "table \"%s\", row %zu", t->name, r + 1);
            goto done;
        }
    }
    why = put(c, o, "columns", cols);
    cols = NULL;
    if (why == J_OK) {
        why = put(c, o, "rows", rows);
        rows = NULL;
    }
    if (why != J_OK) {
        rc = report(c, why, err, "table \"%s\"", t->name);
        goto done;
    }
    *out = o;
    o = NULL;
done:
    json_decref(row);
    json_decref(rows);
    json_decref(cols);
    json_decref(o);
    return rc;
}

static rd_status build_doc(jctx *c, const rd_table *const *tables, size_t n,
                           const rd_manifest *m, json_t **out, rd_err *err)
{
    rd_status rc = RD_OK;
    json_t *doc = json_object(), *tabs = json_object(), *sub = NULL;
    jwhy why = J_OK;
    if (!doc || !tabs || (why = put_str(c, doc, "format", "rodedraad-model")) != J_OK ||
        (why = put(c, doc, "format_version", json_integer(1))) != J_OK) {
        rc = report(c, why == J_OK ? J_NOMEM : why, err, "document");
        goto done;
    }
    if ((rc = build_manifest(c, m, &sub, err)) != RD_OK)
        goto done;
    if ((why = put(c, doc, "manifest", sub)) != J_OK) {
        rc = report(c, why, err, "manifest");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const rd_table *t = tables[i];
        if (!t || !t->name) {
            rc = rd_fail(err, RD_EINVAL, "%s: table %zu is missing or has no name", c->path, i);
            goto done;
        }
        if (!rd_table_ok(t)) {
            rc = rd_fail(err, RD_ENOMEM, "%s: table \"%s\" is incomplete (memory ran out while "
                         "it was built)", c->path, t->name);
            goto done;
        }
        if ((rc = build_table(c, t, &sub, err)) != RD_OK)
            goto done;
        if ((why = put(c, tabs, t->name, sub)) != J_OK) {
            rc = report(c, why, err, "table \"%s\"", t->name);
            goto done;
        }
    }
    why = put(c, doc, "tables", tabs);
    tabs = NULL;
    if (why != J_OK) {
        rc = report(c, why, err, "tables");
        goto done;
    }
    *out = doc;
    doc = NULL;
done:
    json_decref(tabs);
    json_decref(doc);
    return rc;
}

/* Dumps doc to path followed by a newline. A failed dump with the stream's error flag
 * set is a write error (errno of the failed write); without it, jansson ran out of memory
 * while dumping. Errors as every writer words them (io/write/outfile.h). */
static rd_status write_doc(const char *path, const json_t *doc, rd_err *err)
{
    FILE *f = rd__outfile_open(path, err);
    int failed = 0;
    if (!f)
        return RD_EOUTPUT;
    errno = 0;
    if (json_dumpf(doc, f, DUMP_FLAGS) != 0 && !ferror(f)) {
        rd__outfile_close(f, 0, path, NULL);
        return rd_fail(err, RD_ENOMEM, "%s: out of memory while writing model.json", path);
    }
    if (ferror(f) || putc('\n', f) == EOF)
        failed = rd__outfile_errno();
    return rd__outfile_close(f, failed, path, err);
}

rd_status rd_json_write(const char *path, const rd_table *const *tables, size_t n,
                         const rd_manifest *m, rd_err *err)
{
    rd_status rc = RD_OK;
    json_t *doc = NULL;
    jctx c = {path, 0};
    if (!m || (n > 0 && !tables)) {
        rc = rd_fail(err, RD_EINVAL, "%s: model.json needs a manifest and the tables", path);
        goto done;
    }
    if ((rc = build_doc(&c, tables, n, m, &doc, err)) != RD_OK)
        goto done;
    rc = write_doc(path, doc, err);
done:
    json_decref(doc);
    return rc;
}
