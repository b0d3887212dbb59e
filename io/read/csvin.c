/* io/read/csvin.c — see csvin.h.
 *
 * libcsv does the quoting; this file decides the delimiter, counts lines, keeps records
 * and picks the columns.
 *
 * Line numbers. libcsv reports fields and record ends but no positions, so the text is fed
 * one physical line at a time (a line ends at LF, CR LF or a lone CR, as libcsv's record
 * ends do). Each line ends in exactly one line break, and libcsv ends a record at a line
 * break unless it is inside a quoted field. So after feeding a line the parser is between
 * records exactly when the record callback fired during that line, or when it was already
 * between records and the line held only spaces (libcsv skips those without a callback).
 * A record starts on the first line fed while between records; a field starts on the line
 * where the field before it ended (the delimiter is on that line), or with its record.
 * The last line gets a line break added when it has none: if that break is swallowed,
 * the file ended inside a quoted field.
 *
 * Cost. Every byte is scanned a fixed number of times. libcsv grows its field buffer by a
 * fixed block (128 bytes by default), which is quadratic for long fields; before each
 * csv_parse call the block is set to the current buffer size and at least the bytes fed,
 * so the buffer at most doubles per call and grows at most once within one. Long lines
 * are fed in pieces of 1 MiB so that the buffer stays near the size of the field.
 *
 * Storage. A record's field values are gathered in one text buffer; at the record's end
 * they are copied into one block holding the n_col pointers followed by the texts, so a
 * row is one allocation (row[i].field) and padding fields all point at one "". */
#include "io/read/csvin.h"

#include <csv.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "engine/strbuf.h"

enum { MAX_COLS = 10000, COLS_TEXT = 360, NAME_TEXT = 60 };
#define MAX_FIELD ((size_t)64 << 20)
#define PIECE ((size_t)1 << 20)

static const char *const text_names[] = {"antwoord", "tekst", "text", "bericht", "opmerking",
                                         "toelichting", "reactie", "comment", "message",
                                         "answer", NULL};
static const char *const id_names[] = {"respondent", "respondentnummer", "respondent_id", "id",
                                       "nr", "nummer", NULL};

/* Words of a header that say its column holds personal data, by kind (the header folded:
 * lower case, a '-' or '.' between letters dropped: "E-mail" "email", "Tel.nr" "telnr"). */
static const struct {
    const char *word;
    rd_csvin_kind kind;
} personal_words[] = {
    {"naam", RD_CSVIN_NAMES}, {"name", RD_CSVIN_NAMES}, {"namen", RD_CSVIN_NAMES},
    {"voornaam", RD_CSVIN_NAMES}, {"voornamen", RD_CSVIN_NAMES}, {"achternaam", RD_CSVIN_NAMES},
    {"roepnaam", RD_CSVIN_NAMES}, {"tussenvoegsel", RD_CSVIN_NAMES}, {"firstname", RD_CSVIN_NAMES},
    {"lastname", RD_CSVIN_NAMES}, {"surname", RD_CSVIN_NAMES}, {"fullname", RD_CSVIN_NAMES},
    {"email", RD_CSVIN_EMAIL}, {"emailadres", RD_CSVIN_EMAIL}, {"emailaddress", RD_CSVIN_EMAIL},
    {"mail", RD_CSVIN_EMAIL}, {"mailadres", RD_CSVIN_EMAIL}, {"telefoon", RD_CSVIN_PHONE},
    {"telefoonnummer", RD_CSVIN_PHONE}, {"tel", RD_CSVIN_PHONE}, {"telnr", RD_CSVIN_PHONE},
    {"mobiel", RD_CSVIN_PHONE}, {"mobielnummer", RD_CSVIN_PHONE}, {"mobiele", RD_CSVIN_PHONE},
    {"gsm", RD_CSVIN_PHONE}, {"phone", RD_CSVIN_PHONE}, {"mobile", RD_CSVIN_PHONE},
    {"telephone", RD_CSVIN_PHONE}, {"geboortedatum", RD_CSVIN_BIRTH},
    {"gebdatum", RD_CSVIN_BIRTH}, {"geboortedag", RD_CSVIN_BIRTH}, {"birthdate", RD_CSVIN_BIRTH},
    {"dob", RD_CSVIN_BIRTH}, {"bsn", RD_CSVIN_BSN}, {"burgerservicenummer", RD_CSVIN_BSN},
    {"sofinummer", RD_CSVIN_BSN}};

typedef struct {
    rd_csvin *out;
    rd_err *err;
    rd_status rc;          /* first failure; the caller stops feeding after the piece */
    const char *want_id, *want_text;
    uint32_t line;         /* the line being fed */
    uint32_t rec_line;     /* where the current record started */
    uint32_t field_line;   /* where the current field started */
    int ended;             /* a record ended while feeding this line */
    int have_header;
    rd_buf text;           /* the record's values so far, each followed by a NUL */
    size_t *off;           /* where each value starts in text */
    size_t n_field, cap_field;
    size_t n_extra;        /* fields beyond the header's count (counted, not kept) */
    int filled;            /* some value of the record is not empty */
    size_t cap_row;
} reader;

/* libcsv trims these around unquoted fields. libcsv 3.0.3 already never takes the delimiter
 * for a space; the tab-free function keeps that true for a tab delimiter regardless. */
static int space_only(unsigned char c) { return c == ' '; }
static int space_or_tab(unsigned char c) { return c == ' ' || c == '\t'; }

static int is_trim(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

static int same_fold(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn)
        return 0;
    for (size_t i = 0; i < an; i++)
        if (fold((unsigned char)a[i]) != fold((unsigned char)b[i]))
            return 0;
    return 1;
}

/* s[*a..*b) without surrounding ASCII white space. */
static void trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && is_trim((unsigned char)s[*a]))
        (*a)++;
    while (*b > *a && is_trim((unsigned char)s[*b - 1]))
        (*b)--;
}

/* ---- the delimiter ------------------------------------------------------------------- */

/* The header line: the first line with a byte that can be part of a header name (so
 * blank lines and ";;;" rows before it do not count), else the first line that is not
 * empty. Its tabs, semicolons and commas are counted up to the first line break outside
 * quotes; a quote opens quoting only at the start of a field, where every candidate
 * delimiter counts as a field start. */
static char sniff(const char *s, size_t n)
{
    size_t i = 0, first = n, cnt[3] = {0, 0, 0};
    for (size_t ls = 0; ls < n; ls = i) {
        int content = 0, any = 0;
        for (i = ls; i < n && s[i] != '\n' && s[i] != '\r'; i++) {
            any |= s[i] != ' ';
            content |= !strchr(" \t;,\"", s[i]) || s[i] == '\0';
        }
        if (any && first == n)
            first = ls;
        if (content) {
            first = ls;
            break;
        }
        while (i < n && (s[i] == '\n' || s[i] == '\r'))
            i++;
    }
    i = first;
    int inq = 0, at_start = 1;
    for (; i < n; i++) {
        char c = s[i];
        if (inq) {
            if (c == '"') {
                if (i + 1 < n && s[i + 1] == '"')
                    i++;
                else
                    inq = 0;
            }
            continue;
        }
        if (c == '\n' || c == '\r')
            break;
        if (c == '"' && at_start) {
            inq = 1;
            at_start = 0;
        } else if (c == '\t' || c == ';' || c == ',') {
            cnt[c == '\t' ? 0 : c == ';' ? 1 : 2]++;
            at_start = 1;
        } else if (c != ' ') {
            at_start = 0;
        }
    }
    if (cnt[0] >= cnt[1] && cnt[0] >= cnt[2])
        return '\t';
    return cnt[1] >= cnt[2] ? ';' : ',';
}

/* ---- column names in messages -------------------------------------------------------- */

/* Appends s to buf[*k..cap) when it fits, cut at NAME_TEXT bytes on a UTF-8 boundary;
 * returns 0 when it does not fit. */
static int put_name(char *buf, size_t cap, size_t *k, const char *s)
{
    size_t n = strlen(s);
    if (n > NAME_TEXT) {
        n = NAME_TEXT;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    int cut = n < strlen(s);
    size_t need = n + (cut ? 3 : 0);
    if (*k + need + 1 > cap)
        return 0;
    memcpy(buf + *k, s, n);
    *k += n;
    if (cut) {
        memcpy(buf + *k, "\xE2\x80\xA6", 3); /* … */
        *k += 3;
    }
    buf[*k] = '\0';
    return 1;
}

/* "a, b, c" of the header names, ending in ", …" when they do not all fit. */
static void list_cols(const rd_csvin *o, char *buf, size_t cap)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < o->n_col; i++) {
        size_t k0 = k;
        if ((i > 0 && !put_name(buf, cap - 8, &k, ", ")) || !put_name(buf, cap - 8, &k, o->col[i])) {
            k = k0;
            buf[k] = '\0';
            put_name(buf, cap, &k, i > 0 ? ", \xE2\x80\xA6" : "\xE2\x80\xA6");
            break;
        }
    }
}

/* ---- personal columns ---------------------------------------------------------------- */

static int alnum_or_high(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

rd_csvin_kind rd_csvin_header_kind(const char *name)
{
    char f[256];
    size_t k = 0, n = strlen(name);
    for (size_t i = 0; i < n && k + 1 < sizeof f; i++) {
        unsigned char c = (unsigned char)name[i];
        if ((c == '-' || c == '.') && i > 0 && i + 1 < n && alnum_or_high((unsigned char)name[i - 1]) &&
            alnum_or_high((unsigned char)name[i + 1]))
            continue; /* e-mail, tel.nr */
        f[k++] = alnum_or_high(c) ? (char)fold(c) : ' ';
    }
    f[k] = '\0';
    for (char *w = f; *w;) {
        size_t wl = strcspn(w, " ");
        for (size_t p = 0; wl && p < sizeof personal_words / sizeof *personal_words; p++)
            if (strlen(personal_words[p].word) == wl && memcmp(w, personal_words[p].word, wl) == 0)
                return personal_words[p].kind;
        w += wl;
        w += strspn(w, " ");
    }
    return RD_CSVIN_PLAIN;
}

/* ---- picking the columns ------------------------------------------------------------- */

/* The column whose trimmed name equals the trimmed want, ignoring ASCII case. */
static size_t find_col(const rd_csvin *o, const char *want)
{
    size_t a = 0, b = strlen(want);
    trim(want, &a, &b);
    for (size_t i = 0; i < o->n_col; i++)
        if (same_fold(o->col[i], strlen(o->col[i]), want + a, b - a))
            return i;
    return RD_CSVIN_NONE;
}

/* Does name begin with word followed by something other than a letter or digit? */
static int starts_with_word(const char *name, const char *word)
{
    size_t wn = strlen(word);
    if (strlen(name) <= wn || !same_fold(name, wn, word, wn))
        return 0;
    unsigned char c = (unsigned char)name[wn];
    return !(c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/* The leftmost column (other than skip, and none that skip_mask flags) named one of words
 * (a trailing ':' ignored), else the leftmost whose name starts with one of them as a
 * word. */
static size_t recognise(const rd_csvin *o, const char *const *words, size_t skip,
                        const unsigned char *skip_mask)
{
    /* the word list is a preference order: "respondent" beats "naam" wherever the
     * columns stand; for one word, the leftmost column; exact names before prefixes */
    for (const char *const *w = words; *w; w++)
        for (size_t i = 0; i < o->n_col; i++) {
            const char *nm = o->col[i];
            size_t a = 0, b = strlen(nm);
            if (i == skip || (skip_mask && skip_mask[i]))
                continue;
            if (b > 0 && nm[b - 1] == ':')
                b--;
            trim(nm, &a, &b);
            if (same_fold(nm + a, b - a, *w, strlen(*w)))
                return i;
        }
    for (const char *const *w = words; *w; w++)
        for (size_t i = 0; i < o->n_col; i++)
            if (i != skip && !(skip_mask && skip_mask[i]) && starts_with_word(o->col[i], *w))
                return i;
    return RD_CSVIN_NONE;
}

static rd_status no_column(const reader *r, const char *want)
{
    char cols[COLS_TEXT], name[NAME_TEXT + 8];
    size_t k = 0;
    list_cols(r->out, cols, sizeof cols);
    name[0] = '\0';
    put_name(name, sizeof name, &k, want);
    return rd_fail(r->err, RD_EDATA, "no column '%s' (columns: %s)", name, cols);
}

static rd_status pick_columns(reader *r)
{
    rd_csvin *o = r->out;
    if (r->want_text && !*r->want_text) {
        o->text_col = RD_CSVIN_NONE; /* RD_CSVIN_NO_TEXT */
    } else if (r->want_text) {
        if ((o->text_col = find_col(o, r->want_text)) == RD_CSVIN_NONE)
            return no_column(r, r->want_text);
    } else if ((o->text_col = recognise(o, text_names, RD_CSVIN_NONE, NULL)) == RD_CSVIN_NONE) {
        char cols[COLS_TEXT];
        list_cols(o, cols, sizeof cols);
        return rd_fail(r->err, RD_EDATA,
                       "no text column: no header is a known answer column name (columns: %s); "
                       "name the column with --csv-text", cols);
    }
    if (r->want_id) {
        if ((o->id_col = find_col(o, r->want_id)) == RD_CSVIN_NONE)
            return no_column(r, r->want_id);
    } else {
        o->id_col = rd_csvin_pick_id(o, o->personal);
    }
    return RD_OK;
}

size_t rd_csvin_pick_id(const rd_csvin *c, const unsigned char *skip)
{
    return recognise(c, id_names, c->text_col, skip);
}

/* ---- records ------------------------------------------------------------------------- */

/* One block: n pointers followed by the n NUL-terminated texts of r->text and one more
 * NUL for padding; fields past the record's own point at that last "". */
static char **make_block(const reader *r, size_t n)
{
    size_t tn = r->text.n;
    if (n > (SIZE_MAX - tn - 1) / sizeof(char *))
        return NULL;
    char **f = malloc(n * sizeof(char *) + tn + 1);
    if (!f)
        return NULL;
    char *t = (char *)(f + n);
    if (tn)
        memcpy(t, r->text.s, tn);
    t[tn] = '\0';
    for (size_t i = 0; i < n; i++)
        f[i] = t + (i < r->n_field ? r->off[i] : tn);
    return f;
}

/* The header: names trimmed, an empty one called "kolom N"; then the columns. */
static rd_status take_header(reader *r)
{
    rd_status rc = RD_OK;
    rd_buf names = {0};
    size_t *off = NULL, n = r->n_field;
    char **col = NULL;
    if (!(off = malloc(n * sizeof *off))) {
        rc = rd_fail(r->err, RD_ENOMEM, "line %" PRIu32 ": header of %zu columns", r->rec_line, n);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const char *v = r->text.s + r->off[i];
        size_t a = 0, b = strlen(v);
        trim(v, &a, &b);
        off[i] = names.n;
        if (a == b)
            rd_buf_printf(&names, "kolom %zu", i + 1);
        else
            rd_buf_put(&names, v + a, b - a);
        rd_buf_put(&names, "", 1);
    }
    if (names.oom || n > (SIZE_MAX - names.n) / sizeof(char *) ||
        !(col = malloc(n * sizeof(char *) + names.n))) {
        rc = rd_fail(r->err, RD_ENOMEM, "line %" PRIu32 ": header of %zu columns", r->rec_line, n);
        goto done;
    }
    memcpy(col + n, names.s, names.n);
    for (size_t i = 0; i < n; i++)
        col[i] = (char *)(col + n) + off[i];
    r->out->col = col;
    r->out->n_col = n;
    r->have_header = 1;
    if (!(r->out->personal = calloc(n, 1))) {
        rc = rd_fail(r->err, RD_ENOMEM, "line %" PRIu32 ": header of %zu columns", r->rec_line, n);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        r->out->personal[i] = (unsigned char)rd_csvin_header_kind(col[i]);
    rc = pick_columns(r);
done:
    free(off);
    free(names.s);
    return rc;
}

static rd_status take_row(reader *r)
{
    rd_csvin *o = r->out;
    if (RD_GROW_MIN(o->row, r->cap_row, o->n_row + 1, 64))
        return rd_fail(r->err, RD_ENOMEM, "line %" PRIu32 ": %zu records", r->rec_line, o->n_row);
    char **f = make_block(r, o->n_col);
    if (!f)
        return rd_fail(r->err, RD_ENOMEM, "line %" PRIu32 ": record of %zu bytes", r->rec_line, r->text.n);
    o->row[o->n_row].field = f;
    o->row[o->n_row].line = r->rec_line;
    o->n_row++;
    return RD_OK;
}

/* libcsv's end of field: keep the value with line breaks made LF and NUL bytes dropped. */
static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    const char *v = s;
    if (r->rc != RD_OK)
        return;
    size_t limit = r->have_header ? r->out->n_col : MAX_COLS;
    if (r->n_field >= limit) {
        if (r->have_header)
            r->n_extra++;
        else
            r->rc = rd_fail(r->err, RD_EDATA, "line %" PRIu32 ": more than %d columns in the header",
                            r->rec_line, MAX_COLS);
    } else if (len > MAX_FIELD) {
        r->rc = rd_fail(r->err, RD_EDATA, "line %" PRIu32 ": a field longer than %zu MB",
                        r->field_line, MAX_FIELD >> 20);
    } else {
        if (RD_GROW_MIN(r->off, r->cap_field, r->n_field + 1, 16)) {
            r->rc = rd_fail(r->err, RD_ENOMEM, "line %" PRIu32 ": %zu fields", r->rec_line,
                            r->n_field + 1);
            return;
        }
        size_t start = r->text.n, run = 0;
        r->off[r->n_field++] = start;
        for (size_t i = 0; i < len; i++) {
            if (v[i] != '\r' && v[i] != '\0')
                continue;
            rd_buf_put(&r->text, v + run, i - run);
            if (v[i] == '\r' && !(i + 1 < len && v[i + 1] == '\n'))
                rd_buf_put(&r->text, "\n", 1);
            run = i + 1;
        }
        rd_buf_put(&r->text, v + run, len - run);
        if (r->text.n > start)
            r->filled = 1;
        rd_buf_put(&r->text, "", 1);
        if (r->text.oom)
            r->rc = rd_fail(r->err, RD_ENOMEM, "line %" PRIu32 ": field of %zu bytes", r->field_line, len);
    }
    r->field_line = r->line;
}

/* libcsv's end of record. A record whose values are all empty is blank and skipped. */
static void on_record(int c, void *data)
{
    reader *r = data;
    (void)c;
    r->ended = 1;
    if (r->rc == RD_OK) {
        if (r->n_extra)
            r->rc = rd_fail(r->err, RD_EDATA, "line %" PRIu32 ": %zu fields, but the header has %zu",
                            r->rec_line, r->out->n_col + r->n_extra, r->out->n_col);
        else if (!r->filled)
            ;
        else if (!r->have_header)
            r->rc = take_header(r);
        else
            r->rc = take_row(r);
    }
    r->n_field = r->n_extra = 0;
    r->filled = 0;
    rd_buf_reset(&r->text);
}

/* ---- feeding ------------------------------------------------------------------------- */

static void feed(reader *r, struct csv_parser *p, const char *s, size_t n)
{
    while (n > 0 && r->rc == RD_OK) {
        size_t k = n < PIECE ? n : PIECE, blk = csv_get_buffer_size(p);
        if (blk < k + 2)
            blk = k + 2;
        if (blk < 256)
            blk = 256;
        csv_set_blk_size(p, blk);
        if (csv_parse(p, s, k, on_field, on_record, r) != k && r->rc == RD_OK) {
            int e = csv_error(p);
            r->rc = rd_fail(r->err, e == CSV_ENOMEM ? RD_ENOMEM : RD_EDATA, "line %" PRIu32 ": %s",
                            r->field_line, csv_strerror(e));
        }
        s += k;
        n -= k;
    }
}

/* Only bytes libcsv skips between records: spaces and line breaks. */
static int blank(const char *s, size_t n, char delim)
{
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || (s[i] == '\t' && delim != '\t')))
            return 0;
    return 1;
}

rd_status rd_csvin_parse(const char *text, size_t n, int tsv, const char *want_id,
                         const char *want_text, rd_csvin *out, rd_err *err)
{
    rd_status rc = RD_OK;
    reader r = {0};
    struct csv_parser p;
    int have_p = 0, between = 1;
    size_t pos = 0;
    if (!out)
        return rd_fail(err, RD_EINVAL, "rd_csvin_parse: no output");
    memset(out, 0, sizeof *out);
    out->id_col = out->text_col = RD_CSVIN_NONE;
    if (!text) {
        if (n) {
            rc = rd_fail(err, RD_EINVAL, "rd_csvin_parse: no text");
            goto done;
        }
        text = "";
    }
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    out->delim = tsv ? '\t' : sniff(text + pos, n - pos);
    if (csv_init(&p, 0) != 0) {
        rc = rd_fail(err, RD_ENOMEM, "libcsv parser");
        goto done;
    }
    have_p = 1;
    csv_set_delim(&p, (unsigned char)out->delim);
    csv_set_space_func(&p, out->delim == '\t' ? space_only : space_or_tab);
    r.out = out;
    r.err = err;
    r.want_id = want_id;
    r.want_text = want_text;
    r.line = 1;
    while (pos < n && r.rc == RD_OK) {
        size_t eol = pos, end;
        while (eol < n && text[eol] != '\n' && text[eol] != '\r')
            eol++;
        end = eol;
        if (end < n)
            end += text[end] == '\r' && end + 1 < n && text[end + 1] == '\n' ? 2 : 1;
        if (between)
            r.rec_line = r.field_line = r.line;
        r.ended = 0;
        feed(&r, &p, text + pos, end - pos);
        if (eol == n)
            feed(&r, &p, "\n", 1);
        between = r.ended || (between && blank(text + pos, end - pos, out->delim));
        if (r.line < UINT32_MAX)
            r.line++;
        pos = end;
    }
    if ((rc = r.rc) != RD_OK)
        goto done;
    if (!between) {
        rc = rd_fail(err, RD_EDATA, "line %" PRIu32 ": quoted field never closed", r.field_line);
        goto done;
    }
    if (!r.have_header)
        rc = rd_fail(err, RD_EDATA, "no header row: the file holds no records");
done:
    if (have_p)
        csv_free(&p);
    free(r.off);
    free(r.text.s);
    if (rc != RD_OK)
        rd_csvin_free(out);
    return rc;
}

void rd_csvin_free(rd_csvin *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_row; i++)
        free(c->row[i].field);
    free(c->row);
    free(c->col);
    free(c->personal);
    memset(c, 0, sizeof *c);
}
