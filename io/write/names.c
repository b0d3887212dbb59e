/* io/write/names.c — see names.h. */
#include "io/write/names.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "io/write/csv.h"
#include "io/read/decode.h"
#include "io/read/files.h"
#include "nlp/utf8.h"

enum { NAMES_MAX_BYTES = 4 << 20 };

static char *dup_trim(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static void free_name(rd_name *nm)
{
    free(nm->name);
    for (size_t i = 0; i < nm->n_terms; i++)
        free(nm->terms[i]);
    free(nm->terms);
}

void rd_names_free(rd_names *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++)
        free_name(&n->v[i]);
    free(n->v);
    n->v = NULL;
    n->n = 0;
}

/* Skips the formula guard rodedraad wrote in front of a field (see names.h): a ' after
 * leading blanks, followed by what rd_csv_formula_like calls a formula. */
static void unguard(const char **s, size_t *n)
{
    size_t i = 0;
    while (i < *n && ((*s)[i] == ' ' || (*s)[i] == '\t'))
        i++;
    if (i < *n && (*s)[i] == '\'' && rd_csv_formula_like(*s + i + 1, *n - i - 1)) {
        *s += i + 1;
        *n -= i + 1;
    }
}

/* Splits "a; b; c" into trimmed non-empty terms. */
static int split_terms(const char *s, size_t n, rd_name *nm)
{
    size_t i = 0, cap = 0; /* nm->terms starts empty: split_terms is its only writer */
    while (i <= n) {
        size_t e = i;
        while (e < n && s[e] != ';')
            e++;
        char *t = dup_trim(s + i, e - i);
        if (!t)
            return -1;
        if (!*t) {
            free(t);
        } else {
            if (RD_GROW_MIN(nm->terms, cap, nm->n_terms + 1, 1)) {
                free(t);
                return -1;
            }
            nm->terms[nm->n_terms++] = t;
        }
        i = e + 1;
    }
    return 0;
}

/* The header line, as rodedraad writes it (more after top_terms is allowed). */
static int is_header(const char *const *f, const size_t *fl, size_t nf)
{
    return nf == 3 && fl[0] == 7 && !memcmp(f[0], "segment", 7) && fl[1] == 4 &&
           !memcmp(f[1], "name", 4) && fl[2] >= 9 && !memcmp(f[2], "top_terms", 9);
}

/* The fields f[0..nf) of data line `line` as *nm: RD_OK (the name may be empty: not named
 * yet), RD_EDATA for too few fields or a segment that is not a number of at least 1,
 * RD_ENOMEM. On failure *nm holds nothing to free. */
static rd_status parse_entry(const char *path, size_t line, const char *const *f,
                             const size_t *fl, size_t nf, rd_name *nm, rd_err *err)
{
    char *end, num[32];
    *nm = (rd_name){.line = line};
    if (nf < 3)
        return rd_fail(err, RD_EDATA,
                       "%s:%zu: expected three tab-separated fields (segment, name, "
                       "top_terms), found %zu",
                       path, line, nf);
    size_t nl = fl[0] < sizeof num - 1 ? fl[0] : sizeof num - 1;
    memcpy(num, f[0], nl);
    num[nl] = '\0';
    errno = 0;
    nm->segment = strtol(num, &end, 10);
    if (errno || end == num || *end || nm->segment < 1)
        return rd_fail(err, RD_EDATA, "%s:%zu: segment \"%s\" is not a number of at least 1",
                       path, line, num);
    const char *name = f[1], *terms = f[2];
    size_t name_n = fl[1], terms_n = fl[2];
    unguard(&name, &name_n);
    unguard(&terms, &terms_n);
    if (!(nm->name = dup_trim(name, name_n)) || split_terms(terms, terms_n, nm) != 0) {
        free_name(nm);
        *nm = (rd_name){.line = line};
        return rd_fail(err, RD_ENOMEM, "%s: names", path);
    }
    return RD_OK;
}

/* Appends *nm to r, which takes it over (on failure it is freed): RD_EDATA when r already
 * holds its name, RD_ENOMEM. cap: r->v's capacity. */
static rd_status add_name(rd_names *r, size_t *cap, rd_name *nm, const char *path, rd_err *err)
{
    rd_status rc = RD_OK;
    for (size_t k = 0; k < r->n && rc == RD_OK; k++)
        if (strcmp(r->v[k].name, nm->name) == 0)
            rc = rd_fail(err, RD_EDATA,
                         "%s:%zu: the name \"%s\" is also on line %zu; give each segment its "
                         "own name",
                         path, nm->line, nm->name, r->v[k].line);
    if (rc == RD_OK && RD_GROW(r->v, *cap, r->n + 1))
        rc = rd_fail(err, RD_ENOMEM, "%s: names", path);
    if (rc == RD_OK)
        r->v[r->n++] = *nm;
    else
        free_name(nm);
    return rc;
}

rd_status rd_names_read(const char *path, rd_names *out, rd_err *err)
{
    rd_status rc = RD_OK;
    char *buf = NULL;
    const char *s = NULL;
    size_t n = 0, cap = 0, line = 0;
    int owned = 0;
    rd_encoding enc = RD_ENC_UTF8;
    rd_err why = {0};
    rd_names r = {0};
    if ((rc = rd_files_read(path, NAMES_MAX_BYTES, &buf, &n, err)) != RD_OK)
        goto done;
    /* As transcripts are read (io/read/reader.c): UTF-8 with or without BOM, UTF-16 with
     * BOM (Excel's "Unicode-tekst"), Windows-1252 (Excel's "Tekst (tab-gescheiden)")
     * with the same warning. */
    if ((rc = rd_decode(buf, n, &s, &n, &owned, &enc, &why)) != RD_OK) {
        rc = rd_fail(err, rc, "%s: %s; save the names file as UTF-8 text (tab-separated)",
                     path, why.msg);
        goto done;
    }
    if (enc == RD_ENC_CP1252)
        snprintf(r.note, sizeof r.note,
                 "%s: not valid UTF-8; read as Windows-1252 and converted (save it as UTF-8 "
                 "to silence this)",
                 path);
    for (size_t i = 0; i < n && rc == RD_OK;) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        size_t len = e;
        if (len > i && s[len - 1] == '\r')
            len--;
        line++;
        const char *f[3];
        size_t fl[3], nf = 0, b = i;
        for (size_t k = i; k <= len && nf < 3; k++)
            if (k == len || s[k] == '\t') {
                f[nf] = s + b;
                fl[nf++] = k - b;
                b = k + 1;
            }
        int blank = len == i;
        i = e + 1;
        rd_name nm;
        if (line == 1) {
            if (!is_header(f, fl, nf))
                rc = rd_fail(err, RD_EDATA,
                             "%s:1: expected the header \"segment<TAB>name<TAB>top_terms\" as "
                             "rodedraad writes it in names.tsv",
                             path);
        } else if (!blank && (rc = parse_entry(path, line, f, fl, nf, &nm, err)) == RD_OK) {
            if (*nm.name)
                rc = add_name(&r, &cap, &nm, path, err);
            else
                free_name(&nm); /* not named yet */
        }
    }
    if (rc == RD_OK && line == 0)
        rc = rd_fail(err, RD_EDATA,
                     "%s: empty; expected the header \"segment<TAB>name<TAB>top_terms\"", path);
done:
    if (owned)
        free((char *)s);
    free(buf);
    if (rc != RD_OK)
        rd_names_free(&r);
    *out = r;
    return rc;
}
