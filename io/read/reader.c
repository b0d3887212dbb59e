/* io/read/reader.c — see reader.h. */
#include "io/read/reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "io/read/csvcols.h"
#include "io/read/csvin.h"
#include "io/read/decode.h"
#include "io/read/document.h"
#include "io/read/files.h"
#include "io/read/pathname.h"
#include "io/read/pdf.h"
#include "io/read/subtitle.h"
#include "nlp/strtab.h"

typedef enum {
    FMT_TEXT, FMT_DOCX, FMT_ODT, FMT_VTT, FMT_SRT, FMT_CSV, FMT_TSV, FMT_PDF, FMT_DOC, FMT_RTF
} fmt;

/* The format by extension (io/read/files.c's list); anything else is text. */
static fmt format_of(const char *path)
{
    static const struct {
        const char *ext;
        fmt f;
    } by_ext[] = {{".docx", FMT_DOCX}, {".odt", FMT_ODT}, {".vtt", FMT_VTT},
                  {".srt", FMT_SRT},   {".csv", FMT_CSV}, {".tsv", FMT_TSV},
                  {".pdf", FMT_PDF},   {".doc", FMT_DOC}, {".rtf", FMT_RTF}};
    const char *e = rd_files_transcript_ext(path);
    for (size_t i = 0; e && i < sizeof by_ext / sizeof *by_ext; i++)
        if (strcmp(e, by_ext[i].ext) == 0)
            return by_ext[i].f;
    return FMT_TEXT;
}

enum { MAX_LINE = RD_READER_MAX_LINE };

static int line_too_long(const char *t, size_t n, size_t *line, size_t *len)
{
    size_t ln = 1;
    for (size_t i = 0; i < n;) {
        const char *e = memchr(t + i, '\n', n - i);
        size_t end = e ? (size_t)(e - t) : n;
        if (end - i > MAX_LINE) {
            *line = ln;
            *len = end - i;
            return 1;
        }
        ln++;
        i = end + 1;
    }
    return 0;
}

/* A warning about the file (a later one replaces an earlier one). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void set_note(rd_source *f, rd_status code, const char *msg_fmt, ...)
{
    if (!f->note && !(f->note = malloc(sizeof *f->note)))
        return; /* without memory the warning is lost, not the file */
    va_list ap;
    f->note->code = code;
    va_start(ap, msg_fmt);
    vsnprintf(f->note->msg, sizeof f->note->msg, msg_fmt, ap);
    va_end(ap);
}

static rd_unit *add_unit(rd_source *f, size_t *cap)
{
    if (RD_GROW_MIN(f->u, *cap, f->n_u + 1, 1))
        return NULL;
    rd_unit *d = &f->u[f->n_u++];
    memset(d, 0, sizeof *d);
    return d;
}

static int any_text(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 1;
    return 0;
}

/* Adds v to the unit's personal names ('\n' between) unless it is empty or there. */
static int add_name(rd_unit *d, const char *v)
{
    size_t a = 0, e = strlen(v), have = d->names ? strlen(d->names) : 0;
    while (a < e && (v[a] == ' ' || v[a] == '\t' || v[a] == '\n'))
        a++;
    while (e > a && (v[e - 1] == ' ' || v[e - 1] == '\t' || v[e - 1] == '\n'))
        e--;
    if (a == e || memchr(v + a, '\n', e - a))
        return 0;
    for (const char *p = d->names; p && *p;) { /* already there? */
        size_t l = strcspn(p, "\n");
        if (l == e - a && memcmp(p, v + a, l) == 0)
            return 0;
        p += l + (p[l] == '\n');
    }
    char *nn = realloc(d->names, have + (e - a) + 2);
    if (!nn)
        return -1;
    if (have)
        nn[have++] = '\n';
    memcpy(nn + have, v + a, e - a);
    nn[have + (e - a)] = '\0';
    d->names = nn;
    return 0;
}

/* Is column k an attribute (neither id, text nor personal)? */
static int is_attr(const rd_csvin *c, const rd_csvcols *cols, size_t k)
{
    return k != cols->id_col && k != c->text_col && !cols->kind[k];
}

/* A CSV file: one unit per respondent id (see the header). */
static rd_status csv_units(const rd_reader_opts *o, rd_source *f, const char *path,
                           const char *text, size_t n, int tsv, rd_err *err)
{
    rd_csvin c = {0};
    rd_csvcols cols = {0};
    rd_strtab *ids = NULL;
    rd_transcript_builder **bs = NULL;
    size_t cap = 0, cap_b = 0, empty = 0;
    rd_status rc = rd_csvin_parse(text, n, tsv, o->csv_id, o->csv_text, &c, err);
    if (rc != RD_OK || (rc = rd_csvcols_decide(&c, o->csv_id != NULL, o->lex, &cols, err)) != RD_OK)
        goto done;
    for (size_t k = 0; k < c.n_col; k++)
        if (is_attr(&c, &cols, k))
            f->n_attr++;
    if (!(f->attr_name = calloc(f->n_attr ? f->n_attr : 1, sizeof *f->attr_name)))
        goto nomem;
    for (size_t k = 0, a = 0; k < c.n_col; k++)
        if (is_attr(&c, &cols, k) && !(f->attr_name[a++] = strdup(c.col[k])))
            goto nomem;
    if (!(ids = rd_strtab_new(c.n_row + 1)))
        goto nomem;
    for (size_t r = 0; r < c.n_row; r++) {
        const rd_csvin_row *row = &c.row[r];
        const char *answer = row->field[c.text_col];
        size_t an = strlen(answer);
        if (an > MAX_LINE) {
            rc = rd_fail(err, RD_EDATA, "line %u: the answer is %zu bytes, over the limit of %u "
                         "MB per field", (unsigned)row->line, an, MAX_LINE >> 20);
            goto done;
        }
        if (!any_text(answer)) {
            empty++;
            continue;
        }
        char num[32];
        const char *id = num;
        if (cols.id_col != RD_CSVIN_NONE && any_text(row->field[cols.id_col]))
            id = row->field[cols.id_col];
        else
            snprintf(num, sizeof num, "rij%zu", r + 1);
        int is_new;
        uint32_t u = rd_strtab_intern(ids, id, strlen(id), &is_new);
        if (u == RD_STRTAB_NONE)
            goto nomem;
        if (is_new) {
            rd_unit *d = add_unit(f, &cap);
            if (!d)
                goto nomem;
            if (RD_GROW_MIN(bs, cap_b, f->n_u, 1)) /* grows as f->u does */
                goto nomem;
            bs[u] = NULL;
            if (!(d->id = strdup(id)) ||
                !(d->attr = calloc(f->n_attr ? f->n_attr : 1, sizeof *d->attr)))
                goto nomem;
            d->id_personal = cols.id_personal && id != num;
            if (d->id_personal && add_name(d, id))
                goto nomem;
            if ((rc = rd_transcript_build_new(&bs[u], err)) != RD_OK)
                goto done;
        }
        rd_unit *d = &f->u[u];
        for (size_t k = 0; k < c.n_col; k++)
            if (cols.kind[k] == RD_CSVIN_NAMES && k != cols.id_col && add_name(d, row->field[k]))
                goto nomem;
        for (size_t k = 0, a = 0; k < c.n_col; k++) {
            if (!is_attr(&c, &cols, k))
                continue;
            if ((!d->attr[a] || !d->attr[a][0]) && row->field[k][0]) {
                free(d->attr[a]);
                if (!(d->attr[a] = strdup(row->field[k])))
                    goto nomem;
            }
            a++;
        }
        if ((rc = rd_transcript_build_turn(bs[u], RD_TRANSCRIPT_NO_SPEAKER, RD_ROLE_RESPONDENT, err)) != RD_OK ||
            (rc = rd_transcript_build_text(bs[u], answer, an, row->line, err)) != RD_OK)
            goto done;
    }
    for (size_t u = 0; u < f->n_u; u++) {
        if ((rc = rd_transcript_build_finish(bs[u], &f->u[u].tr, err)) != RD_OK)
            goto done;
        for (size_t a = 0; a < f->n_attr; a++)
            if (!f->u[u].attr[a] && !(f->u[u].attr[a] = strdup("")))
                goto nomem;
    }
    if (f->n_u == 0) {
        rc = rd_fail(err, RD_EDATA, "no answers: column '%s' is empty in all %zu rows",
                     c.col[c.text_col], c.n_row);
        goto done;
    }
    if (empty || cols.note[0])
        set_note(f, RD_EDATA, "%s: %s%s%zu row%s with an empty '%s' left out", path, cols.note,
                 cols.note[0] ? "; " : "", empty, empty == 1 ? "" : "s", c.col[c.text_col]);
    if (!empty && cols.note[0])
        set_note(f, RD_EDATA, "%s: %s", path, cols.note);
    goto done;
nomem:
    rc = rd_fail(err, RD_ENOMEM, "CSV rows");
done:
    rd_csvcols_free(&cols);
    for (size_t u = 0; bs && u < f->n_u; u++)
        rd_transcript_build_free(bs[u]);
    free(bs);
    rd_strtab_free(ids);
    rd_csvin_free(&c);
    return rc;
}

rd_status rd_reader_load(const char *path, const rd_reader_opts *o, rd_source *f, rd_err *err)
{
    char *raw = NULL;
    size_t cap = 0;
    rd_status rc = rd_reader_load_into(path, o, &raw, &cap, f, err);
    free(raw);
    return rc;
}

rd_status rd_reader_load_into(const char *path, const rd_reader_opts *o, char **buf, size_t *cap,
                            rd_source *f, rd_err *err)
{
    size_t n = 0;
    /* Messages name the file as it is shown (io/read/pathname.h); it is opened by its bytes. */
    int plain = rd_pathname_plain(path);
    char *shown = plain ? NULL : rd_pathname_show(path);
    if (!plain && !shown)
        return rd_fail(err, RD_ENOMEM, "file name");
    rd_status rc = rd_files_read_into(path, o->max_bytes, buf, cap, &n, err);
    if (rc == RD_OK)
        rc = rd_reader_parse(shown ? shown : path, *buf, n, o, f, err);
    free(shown);
    return rc;
}

rd_status rd_reader_parse(const char *path, const char *raw, size_t n, const rd_reader_opts *o,
                        rd_source *f, rd_err *err)
{
    char *conv = NULL;
    const char *text = NULL;
    size_t tn = 0, cap = 0, line, len;
    int owned = 0;
    rd_encoding enc = RD_ENC_UTF8;
    rd_err e = {0};
    rd_status rc = RD_OK;
    fmt k = format_of(path);

    f->bytes = n;
    if (n == 0) {
        rc = rd_fail(err, RD_EDATA, "%s: empty file (0 bytes)", path);
        goto done;
    }
    if (k == FMT_DOCX || k == FMT_ODT) {
        rc = rd_document_text(raw, n, k == FMT_ODT ? RD_DOCUMENT_ODT : RD_DOCUMENT_WORD, &conv, &tn,
                              &e);
        text = conv;
    } else if (k == FMT_PDF) {
        rd_pdf_opts po = {.max_text = o->max_bytes};
        rc = rd_pdf_text(raw, n, &po, &conv, &tn, &e);
        text = conv;
    } else if (k == FMT_DOC || k == FMT_RTF) {
        rc = rd_fail(&e, RD_EDATA, "%s: open it in Word or LibreOffice, save it as .docx "
                     "and run again", k == FMT_DOC ? "an old Word document (.doc, Word "
                     "97-2003)" : "an RTF document");
    } else {
        rc = rd_decode(raw, n, &text, &tn, &owned, &enc, &e);
        if (owned)
            conv = (char *)text;
        if (rc == RD_OK && enc == RD_ENC_CP1252)
            set_note(f, RD_EUTF8, "%s: not valid UTF-8; read as Windows-1252 and converted "
                    "(save it as UTF-8 to silence this)", path);
    }
    if (rc != RD_OK) {
        rc = rd_fail(err, rc, "%s: %s", path, e.msg);
        goto done;
    }
    if (k != FMT_CSV && k != FMT_TSV && line_too_long(text, tn, &line, &len)) {
        rc = rd_fail(err, RD_EDATA, "%s: line %zu is %zu bytes long, over the limit of %zu MB "
                     "per line (not a transcript?)", path, line, len, RD_READER_MAX_LINE >> 20);
        goto done;
    }
    if (k == FMT_CSV || k == FMT_TSV) {
        rc = csv_units(o, f, path, text, tn, k == FMT_TSV, &e);
    } else {
        rd_unit *d = add_unit(f, &cap);
        if (!d)
            rc = rd_fail(&e, RD_ENOMEM, "documents");
        else if (k == FMT_VTT || k == FMT_SRT)
            rc = rd_subtitle_parse(text, tn, k == FMT_SRT ? RD_SUB_SRT : RD_SUB_VTT, &o->labels,
                                   &d->tr, &e);
        else if (o->tws)
            rc = rd_text_parse_ws(text, tn, &o->labels, o->tws, &d->tr, &e);
        else
            rc = rd_text_parse(text, tn, &o->labels, &d->tr, &e);
    }
    if (rc != RD_OK) {
        rc = rd_fail(err, rc, "%s: %s", path, e.msg);
        goto done;
    }
    for (size_t u = 0; u < f->n_u; u++) {
        const rd_unit *d = &f->u[u];
        const char *who = d->id ? d->id : "";
        const char *sep = d->id ? ": respondent " : "";
        if (d->tr.n == 0) {
            rc = rd_fail(err, RD_EDATA, "%s%s%s: no text (only headings or blank lines)", path,
                         sep, who);
            goto done;
        }
        if (d->tr.n_respondent == 0) {
            rc = rd_fail(err, RD_EDATA,
                         "%s%s%s: no respondent text: every turn is by an interviewer", path, sep,
                         who);
            goto done;
        }
    }
done:
    free(conv);
    return rc;
}

struct rd_reader {
    const rd_strlist *files;
    const rd_reader_opts *o;
    int workers, scratch;
    char **raw;          /* per worker: the file's bytes */
    size_t *raw_cap;
    rd_text_ws **tws;    /* per worker: text transcripts parsed here */
    const char **shown;  /* per file: its name as shown (io/read/pathname.h): the file's
                            path, or a copy of ours where it needed escaping */
};

rd_status rd_reader_new(const rd_strlist *files, const rd_reader_opts *o, int workers,
                        int scratch, rd_reader **out, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_reader *r = calloc(1, sizeof *r);
    *out = NULL;
    if (workers < 1)
        workers = 1;
    if (!r || (scratch && (!(r->raw = calloc((size_t)workers, sizeof *r->raw)) ||
                           !(r->raw_cap = calloc((size_t)workers, sizeof *r->raw_cap)) ||
                           !(r->tws = calloc((size_t)workers, sizeof *r->tws))))) {
        rd_reader_free(r);
        return rd_fail(err, RD_ENOMEM, "file reader");
    }
    r->files = files;
    r->o = o;
    r->workers = workers;
    r->scratch = scratch;
    if (!(r->shown = calloc(files->n ? files->n : 1, sizeof *r->shown))) {
        rd_reader_free(r);
        return rd_fail(err, RD_ENOMEM, "file reader");
    }
    for (size_t i = 0; i < files->n; i++) {
        const char *p = files->v[i];
        if (!(r->shown[i] = rd_pathname_plain(p) ? p : rd_pathname_show(p))) {
            rd_reader_free(r);
            return rd_fail(err, RD_ENOMEM, "file names");
        }
    }
    for (int w = 0; scratch && w < workers; w++)
        if ((rc = rd_text_ws_new(&r->tws[w], err)) != RD_OK) {
            rd_reader_free(r);
            return rc;
        }
    *out = r;
    return RD_OK;
}

void rd_reader_free(rd_reader *r)
{
    if (!r)
        return;
    for (int w = 0; r->tws && w < r->workers; w++)
        rd_text_ws_free(r->tws[w]);
    for (int w = 0; r->raw && w < r->workers; w++)
        free(r->raw[w]);
    for (size_t i = 0; r->shown && i < r->files->n; i++)
        if (r->shown[i] != r->files->v[i])
            free((char *)r->shown[i]);
    free(r->shown);
    free(r->tws);
    free(r->raw);
    free(r->raw_cap);
    free(r);
}

static rd_status load_source(void *ctx, size_t i, int worker, rd_source *out, rd_err *err)
{
    rd_reader *r = ctx;
    const char *path = r->files->v[i];
    if (!r->scratch)
        return rd_reader_load(path, r->o, out, err);
    rd_reader_opts ro = *r->o;
    ro.tws = r->tws[worker];
    return rd_reader_load_into(path, &ro, &r->raw[worker], &r->raw_cap[worker], out, err);
}

rd_ts_sources rd_reader_sources(rd_reader *r)
{
    return (rd_ts_sources){.n = r->files->n, .name = r->shown, .load = load_source, .ctx = r};
}
