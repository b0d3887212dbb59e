/* io/write/json.c — see json.h. Writes the document piece by piece as it is made (see
 * write_doc below): the manifest, a table's columns and each row are small jansson trees,
 * dumped at their depth and freed.
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
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "engine/strbuf.h"
#include "io/write/csv.h"
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
    /* "inputs" and "not_used" follow, written item by item (write_manifest) */
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

/* The document is written as it is made: the frame by hand, every piece (the manifest,
 * a table's columns, one row) built as a small jansson tree and dumped at its depth, so
 * that no more than one row of a table is ever held as JSON. The bytes are those a dump of
 * the whole tree would give: with JSON_INDENT(1) a value at depth d has d spaces after
 * every line break inside it (strings hold no raw line break: jansson escapes them). */
typedef struct {
    FILE *f;
    int failed;   /* errno of the first failed write, or 0 */
    int nomem;    /* a dump ran out of memory */
} jout;

static void out_str(jout *o, const char *s)
{
    if (!o->failed && fputs(s, o->f) == EOF)
        o->failed = rd__outfile_errno();
}

static void out_bytes(jout *o, const char *s, size_t n)
{
    if (!o->failed && n && fwrite(s, 1, n, o->f) != n)
        o->failed = rd__outfile_errno();
}

static void out_indent(jout *o, size_t depth)
{
    static const char spaces[] = "                                ";
    for (size_t left = depth; left > 0 && !o->failed;) {
        size_t k = left < sizeof spaces - 1 ? left : sizeof spaces - 1;
        out_bytes(o, spaces, k);
        left -= k;
    }
}

typedef struct {
    jout *o;
    size_t depth;
} jdump;

/* json_dump_callback's sink: the bytes to the file, depth spaces after each line break. */
static int dump_chunk(const char *buf, size_t n, void *data)
{
    jdump *d = data;
    jout *o = d->o;
    for (size_t i = 0; i < n && !o->failed;) {
        const char *nl = memchr(buf + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - buf) + 1 : n;
        out_bytes(o, buf + i, end - i);
        if (nl)
            out_indent(o, d->depth);
        i = end;
    }
    return o->failed ? -1 : 0;
}

/* v dumped at depth (its first line where the cursor is). */
static void out_value(jout *o, const json_t *v, size_t depth, size_t flags)
{
    jdump d = {o, depth};
    if (o->failed || o->nomem)
        return;
    if (json_dump_callback(v, dump_chunk, &d, flags) != 0 && !o->failed)
        o->nomem = 1;
}

/* "key": at depth (a line break and the indent first; a comma before it unless first). */
static void out_key(jout *o, const char *key, size_t depth, int first)
{
    json_t *k = json_string(key);
    out_str(o, first ? "\n" : ",\n");
    out_indent(o, depth);
    if (!k) {
        o->nomem = 1;
        return;
    }
    out_value(o, k, depth, JSON_ENCODE_ANY);
    json_decref(k);
    out_str(o, ": ");
}

/* v dumped with flags into a NUL-terminated string of our own malloc (*n its length), or
 * NULL when memory ran out. */
static char *dump_str(const json_t *v, size_t flags, size_t *n)
{
    size_t len = json_dumpb(v, NULL, 0, flags);
    char *d = len ? malloc(len + 1) : NULL;
    if (!d || json_dumpb(v, d, len, flags) != len) {
        free(d);
        return NULL;
    }
    d[len] = '\0';
    *n = len;
    return d;
}

/* The array of n objects at depth 2 (its items at 3), item i filled by fill and dumped
 * as it is made: a manifest lists every input file (40,000 at 40,000 documents), too many
 * to hold as one tree. name ("input") for messages. */
static rd_status write_list(jctx *c, jout *o, const rd_manifest *m, size_t n, fill_fn fill,
                            const char *name, rd_err *err)
{
    out_str(o, n ? "[" : "[]");
    for (size_t i = 0; i < n && !o->failed && !o->nomem; i++) {
        const char *path = NULL;
        json_t *it = json_object();
        jwhy why = it ? fill(c, it, m, i, &path) : J_NOMEM;
        if (why != J_OK) {
            json_decref(it);
            return report(c, why, err, "manifest %s \"%s\"", name, path ? path : "");
        }
        out_str(o, i ? ",\n" : "\n");
        out_indent(o, 3);
        out_value(o, it, 3, DUMP_FLAGS);
        json_decref(it);
    }
    if (n) {
        out_str(o, "\n");
        out_indent(o, 2);
        out_str(o, "]");
    }
    return RD_OK;
}

/* The manifest at depth 1: man (every field but the two lists) as jansson dumps it, its
 * closing brace held back, then "inputs" and "not_used" item by item: the bytes a dump of
 * the whole manifest gives. */
static rd_status write_manifest(jctx *c, jout *o, const json_t *man, const rd_manifest *m,
                                rd_err *err)
{
    size_t n;
    char *d = dump_str(man, DUMP_FLAGS, &n);
    if (!d)
        return report(c, J_NOMEM, err, "manifest");
    /* "{\n \"program\": ...\n}": keep all but the last line break and brace */
    size_t keep = n >= 2 && d[n - 1] == '}' && d[n - 2] == '\n' ? n - 2 : n - 1;
    jdump dd = {o, 1};
    if (dump_chunk(d, keep, &dd) != 0 && !o->failed)
        o->nomem = 1;
    free(d);
    rd_status rc;
    out_key(o, "inputs", 2, 0);
    if ((rc = write_list(c, o, m, m->n_inputs, fill_input, "input", err)) != RD_OK)
        return rc;
    out_key(o, "not_used", 2, 0);
    if ((rc = write_list(c, o, m, m->n_unused, fill_unused, "not_used", err)) != RD_OK)
        return rc;
    out_str(o, "\n");
    out_indent(o, 1);
    out_str(o, "}");
    return RD_OK;
}

/* s as a JSON string, the bytes jansson's dump gives (no escaped slash, non-ASCII as
 * is): most strings need no escape and are copied; the others go through jansson. */
static jwhy put_string(jctx *c, rd_buf *l, const char *s)
{
    size_t n = strlen(s), dn;
    if (!rd_utf8_valid(s, n, &c->bad))
        return J_UTF8;
    size_t i = 0;
    while (i < n && s[i] != '"' && s[i] != '\\' && (unsigned char)s[i] >= 0x20)
        i++;
    if (i == n) {
        rd_buf_put(l, "\"", 1);
        rd_buf_put(l, s, n);
        rd_buf_put(l, "\"", 1);
        return l->oom ? J_NOMEM : J_OK;
    }
    json_t *j = json_string(s);
    char *d = j ? dump_str(j, JSON_ENCODE_ANY, &dn) : NULL;
    json_decref(j);
    if (!d)
        return J_NOMEM;
    rd_buf_put(l, d, dn);
    free(d);
    return l->oom ? J_NOMEM : J_OK;
}

/* A table cell as JSON (see the header for the mapping). A number is written as the CSV
 * writes it (rd_csv_num_text: the table's digits; beyond ±1e300 in full), with ".0" when
 * it would read as an integer, as jansson writes a real. */
static jwhy put_cell(jctx *c, rd_buf *l, const rd_value *v)
{
    char buf[RD_CSV_NUM_MAX + 4];
    size_t n;
    switch (v->kind) {
    case RD_V_STR:
        if (v->s)
            return put_string(c, l, v->s);
        break;
    case RD_V_INT:
        n = (size_t)snprintf(buf, sizeof buf, "%lld", v->i);
        rd_buf_put(l, buf, n);
        return l->oom ? J_NOMEM : J_OK;
    case RD_V_NUM:
        if (!isfinite(v->d))
            break;
        if (fabs(v->d) > 1e300) /* its rounding could overflow: the double itself */
            n = (size_t)snprintf(buf, sizeof buf, "%.17g", v->d);
        else
            n = rd_csv_num_text(v->d, v->digits, buf);
        if (!memchr(buf, '.', n) && !memchr(buf, 'e', n)) {
            memcpy(buf + n, ".0", 2);
            n += 2;
        }
        rd_buf_put(l, buf, n);
        return l->oom ? J_NOMEM : J_OK;
    case RD_V_EMPTY:
    default:
        break;
    }
    rd_buf_put(l, "null", 4);
    return l->oom ? J_NOMEM : J_OK;
}

/* Table t as "NAME": {"sheet": ..., "columns": [...], "rows": [{col: value, ...}, ...]} at
 * depth 2; each row by hand, as jansson would indent it at depth 4. */
static rd_status write_table(jctx *c, jout *o, const rd_table *t, int first, rd_err *err)
{
    rd_status rc = RD_OK;
    json_t *cols = json_array(), *v = NULL;
    char **keys = calloc(t->n_cols ? t->n_cols : 1, sizeof *keys);
    size_t *klen = calloc(t->n_cols ? t->n_cols : 1, sizeof *klen);
    rd_buf l = {0}; /* one row, written with one fwrite */
    jwhy why = J_OK;
    if (!cols || !keys || !klen) {
        rc = report(c, J_NOMEM, err, "table \"%s\"", t->name);
        goto done;
    }
    if (bad_utf8(c, t->name)) {
        rc = report(c, J_UTF8, err, "table \"%s\"", t->name);
        goto done;
    }
    if ((why = mk_str(c, t->sheet, &v)) != J_OK) {
        rc = report(c, why, err, "table \"%s\", sheet name", t->name);
        goto done;
    }
    /* Column names are checked here (UTF-8, unique) once, and dumped once as the rows'
     * keys. */
    for (size_t j = 0; j < t->n_cols; j++) {
        json_t *cv = NULL;
        why = J_OK;
        for (size_t k = 0; why == J_OK && k < j; k++)
            if (strcmp(t->cols[k], t->cols[j]) == 0)
                why = J_DUP;
        if (why == J_OK && (why = mk_str(c, t->cols[j], &cv)) == J_OK &&
            !(keys[j] = dump_str(cv, JSON_ENCODE_ANY, &klen[j])))
            why = J_NOMEM;
        if (why == J_OK)
            why = json_array_append_new(cols, cv) == 0 ? J_OK : J_NOMEM;
        else
            json_decref(cv);
        if (why != J_OK) {
            rc = report(c, why, err, "table \"%s\", column \"%s\"", t->name, t->cols[j]);
            goto done;
        }
    }
    out_key(o, t->name, 2, first);
    out_str(o, "{");
    out_key(o, "sheet", 3, 1);
    out_value(o, v, 3, DUMP_FLAGS | JSON_ENCODE_ANY);
    out_key(o, "columns", 3, 0);
    out_value(o, cols, 3, DUMP_FLAGS);
    out_key(o, "rows", 3, 0);
    out_str(o, t->n_rows ? "[" : "[]");
    for (size_t r = 0; r < t->n_rows && !o->failed && !o->nomem; r++) {
        rd_buf_reset(&l);
        rd_buf_str(&l, r ? ",\n    {" : "\n    {");
        for (size_t j = 0; j < t->n_cols; j++) {
            rd_buf_str(&l, j ? ",\n     " : "\n     ");
            rd_buf_put(&l, keys[j], klen[j]);
            rd_buf_put(&l, ": ", 2);
            if ((why = put_cell(c, &l, rd_table_at(t, r, j))) != J_OK) {
                rc = report(c, why, err, "table \"%s\", column \"%s\", row %zu", t->name,
                            t->cols[j], r + 1);
                goto done;
            }
        }
        rd_buf_str(&l, t->n_cols ? "\n    }" : "}");
        if (l.oom) {
            rc = report(c, J_NOMEM, err, "table \"%s\", row %zu", t->name, r + 1);
            goto done;
        }
        if (!o->failed && fwrite(l.s, 1, l.n, o->f) != l.n)
            o->failed = rd__outfile_errno();
    }
    if (t->n_rows) {
        out_str(o, "\n");
        out_indent(o, 3);
        out_str(o, "]");
    }
    out_str(o, "\n");
    out_indent(o, 2);
    out_str(o, "}");
done:
    if (keys)
        for (size_t j = 0; j < t->n_cols; j++)
            free(keys[j]);
    free(keys);
    free(klen);
    free(l.s);
    json_decref(cols);
    json_decref(v);
    return rc;
}

/* The whole document to f, piece by piece (see above). */
static rd_status write_doc(jctx *c, jout *o, const rd_table *const *tables, size_t n,
                           const rd_manifest *m, rd_err *err)
{
    rd_status rc = RD_OK;
    json_t *man = NULL;
    for (size_t i = 0; i < n; i++) {
        const rd_table *t = tables[i];
        if (!t || !t->name)
            return rd_fail(err, RD_EINVAL, "%s: table %zu is missing or has no name", c->path, i);
        if (!rd_table_ok(t))
            return rd_fail(err, RD_ENOMEM, "%s: table \"%s\" is incomplete (memory ran out "
                           "while it was built)", c->path, t->name);
        for (size_t k = 0; k < i; k++)
            if (strcmp(tables[k]->name, t->name) == 0)
                return report(c, J_DUP, err, "table \"%s\"", t->name);
    }
    if ((rc = build_manifest(c, m, &man, err)) != RD_OK)
        return rc;
    out_str(o, "{");
    out_key(o, "format", 1, 1);
    out_str(o, "\"rodedraad-model\"");
    out_key(o, "format_version", 1, 0);
    out_str(o, "1");
    out_key(o, "manifest", 1, 0);
    rc = write_manifest(c, o, man, m, err);
    json_decref(man);
    if (rc != RD_OK)
        return rc;
    out_key(o, "tables", 1, 0);
    out_str(o, n ? "{" : "{}");
    for (size_t i = 0; i < n && rc == RD_OK && !o->failed && !o->nomem; i++)
        rc = write_table(c, o, tables[i], i == 0, err);
    if (rc == RD_OK && n) {
        out_str(o, "\n");
        out_indent(o, 1);
        out_str(o, "}");
    }
    out_str(o, "\n}\n");
    return rc;
}

rd_status rd_json_write(const char *path, const rd_table *const *tables, size_t n,
                         const rd_manifest *m, rd_err *err)
{
    jctx c = {path, 0};
    if (!m || (n > 0 && !tables))
        return rd_fail(err, RD_EINVAL, "%s: model.json needs a manifest and the tables", path);
    FILE *f = rd__outfile_open(path, err);
    if (!f)
        return RD_EOUTPUT;
    jout o = {f, 0, 0};
    errno = 0;
    rd_status rc = write_doc(&c, &o, tables, n, m, err);
    if (rc == RD_OK && o.nomem && !o.failed) {
        rd__outfile_close(f, 0, path, NULL);
        return rd_fail(err, RD_ENOMEM, "%s: out of memory while writing model.json", path);
    }
    if (rc != RD_OK) {
        rd__outfile_close(f, 0, path, NULL);
        return rc;
    }
    return rd__outfile_close(f, o.failed, path, err);
}
