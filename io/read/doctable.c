/* io/read/doctable.c — see doctable.h.
 *
 * A finished table is written in three steps: which rows are headers (marked ones, and a
 * first row of header words), whether it is a speaker table and in which column its
 * labels stand (the first, or the second after a timestamp column), and then its rows,
 * either as speaker lines or as the cells' own lines. */
#include "io/read/doctable.h"

#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "io/read/docmodel.h"
#include "io/read/labels.h"
#include "io/read/timestamp.h"

/* --- building ------------------------------------------------------------------------ */

static void cell_free(rd__doctable_cell *c)
{
    free(c->plain.s);
    free(c->lines.s);
    memset(c, 0, sizeof *c);
}

static int open_cell_used(const rd__doctable *t) { return t->open.plain.n || t->open.lines.n; }

static int begin_row(rd__doctable *t)
{
    if (RD_GROW_MIN(t->rows, t->cap_rows, t->n_rows + 1, 8))
        return -1;
    t->rows[t->n_rows++] = (rd__doctable_row){t->n_cells, 0, t->header_rows > 0};
    t->in_row = 1;
    return 0;
}

int rd__doctable_cell_end(rd__doctable *t)
{
    if (!t->in_row && begin_row(t))
        return -1;
    if (RD_GROW_MIN(t->cells, t->cap_cells, t->n_cells + 1, 16))
        return -1;
    t->cells[t->n_cells++] = t->open;
    memset(&t->open, 0, sizeof t->open);
    t->rows[t->n_rows - 1].n++;
    return 0;
}

int rd__doctable_close(rd__doctable *t)
{
    return open_cell_used(t) ? rd__doctable_cell_end(t) : 0;
}

int rd__doctable_row_begin(rd__doctable *t)
{
    if (rd__doctable_close(t))
        return -1;
    return begin_row(t);
}

int rd__doctable_row_end(rd__doctable *t)
{
    int rc = rd__doctable_close(t);
    t->in_row = 0;
    return rc;
}

void rd__doctable_free(rd__doctable *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_cells; i++)
        cell_free(&t->cells[i]);
    free(t->cells);
    free(t->rows);
    cell_free(&t->open);
    memset(t, 0, sizeof *t);
}

/* --- which rows are headers ---------------------------------------------------------- */

/* Lower-cased, trimmed, without a trailing ':': is s[0..n) one of the words? */
static int is_word_of(const char *s, size_t n, const char *const *words)
{
    size_t a = 0, b = n;
    rd__doc_trim(s, &a, &b);
    if (b > a && s[b - 1] == ':')
        b--;
    rd__doc_trim(s, &a, &b);
    for (; *words; words++) {
        size_t k = strlen(*words);
        if (k != b - a)
            continue;
        size_t i = 0;
        while (i < k) {
            char c = s[a + i];
            if ((char)(c >= 'A' && c <= 'Z' ? c + 32 : c) != (*words)[i])
                break;
            i++;
        }
        if (i == k)
            return 1;
    }
    return 0;
}

static const char *const speaker_heads[] = {"spreker", "sprekers", "speaker", "speakers", NULL};
static const char *const label_heads[] = {"naam", "name", "wie", "persoon", "rol", "role",
                                          "deelnemer", "participant", NULL};
static const char *const text_heads[] = {"tekst", "text", "transcript", "transcriptie", "uitspraak",
                                         "inhoud", "citaat", "quote", "fragment", "wat", NULL};
static const char *const time_heads[] = {"tijd", "time", "tijdcode", "timecode", "timestamp",
                                         "tijdstip", NULL};

/* header[r] for every row: marked as a header, or (the first row only) header words:
 * "Spreker" alone, or a label-column word with a text or time word beside it. */
static void find_headers(const rd__doctable *t, int *header)
{
    for (size_t r = 0; r < t->n_rows; r++)
        header[r] = t->rows[r].header;
    if (header[0])
        return;
    const rd__doctable_row *w = &t->rows[0];
    int lab = 0, other = 0;
    for (size_t k = 0; k < w->n; k++) {
        const rd_buf *p = &t->cells[w->first + k].plain;
        const char *s = p->s ? p->s : "";
        if (k < 2 && is_word_of(s, p->n, speaker_heads))
            header[0] = 1;
        else if (k < 2 && is_word_of(s, p->n, label_heads))
            lab = 1;
        else if (is_word_of(s, p->n, text_heads) || is_word_of(s, p->n, time_heads))
            other = 1;
    }
    header[0] |= lab && other;
}

/* --- which column holds the speakers ------------------------------------------------- */

/* The label of a cell's plain text: trimmed, a trailing ':' dropped. */
static void cell_label(const rd__doctable_cell *c, size_t *a, size_t *b)
{
    const char *s = c->plain.s ? c->plain.s : "";
    *a = 0;
    *b = c->plain.n;
    rd__doc_trim(s, a, b);
    if (*b > *a && s[*b - 1] == ':')
        (*b)--;
    rd__doc_trim(s, a, b);
}

/* Rows whose label column lc holds a label (or nothing) throughout, with column lc-1 (if
 * lc is 1) holding timestamps or nothing: 1 when every data row fits and at least one
 * has a label. Rows too short to have a text column are text rows and do not count. */
static int speaker_columns(const rd__doctable *t, const int *header, size_t lc)
{
    size_t labelled = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        const rd__doctable_row *w = &t->rows[r];
        if (header[r] || w->n < lc + 2)
            continue;
        if (lc == 1) {
            const rd__doctable_cell *ts = &t->cells[w->first];
            size_t a, b;
            cell_label(ts, &a, &b);
            if (b > a && !rd_timestamp_cell(ts->plain.s + a, b - a))
                return 0;
        }
        const rd__doctable_cell *c = &t->cells[w->first + lc];
        size_t a, b;
        cell_label(c, &a, &b);
        if (b == a)
            continue;
        if (!rd_labels_shape(c->plain.s + a, b - a, NULL))
            return 0;
        labelled++;
    }
    return labelled > 0;
}

/* --- writing rows -------------------------------------------------------------------- */

/* One data row of a speaker table with labels in column lc: `[timestamp ]Label: text`,
 * or just the text when the label cell is empty; nothing when the row is empty. */
static int speaker_row(const rd__doctable *t, const rd__doctable_row *w, size_t lc,
                       rd_buf *line, rd__doctable_emit emit, void *ctx)
{
    size_t from = 0;
    rd_buf_reset(line);
    if (w->n >= lc + 2) {
        size_t a, b;
        if (lc == 1) {
            cell_label(&t->cells[w->first], &a, &b);
            if (b > a) {
                rd_buf_put(line, t->cells[w->first].plain.s + a, b - a);
                rd_buf_put(line, " ", 1);
            }
        }
        const rd__doctable_cell *lcell = &t->cells[w->first + lc];
        cell_label(lcell, &a, &b);
        if (b > a) {
            rd_buf_put(line, lcell->plain.s + a, b - a);
            rd_buf_put(line, ":", 1);
        }
        from = lc + 1;
    }
    for (size_t k = from; k < w->n; k++) {
        const rd_buf *p = &t->cells[w->first + k].plain;
        if (!p->n)
            continue;
        if (line->n)
            rd_buf_put(line, " ", 1);
        rd_buf_put(line, p->s, p->n);
    }
    if (line->oom)
        return -1;
    return line->n ? emit(ctx, line->s, line->n, line->s, line->n) : 0;
}

/* One row of another table: each cell's lines in order. */
static int plain_row(const rd__doctable *t, const rd__doctable_row *w, rd__doctable_emit emit,
                     void *ctx)
{
    for (size_t k = 0; k < w->n; k++) {
        const rd_buf *l = &t->cells[w->first + k].lines;
        size_t i = 0;
        while (i < l->n) {
            const char *nl = memchr(l->s + i, '\n', l->n - i);
            size_t e = nl ? (size_t)(nl - l->s) : l->n;
            if (emit(ctx, l->s + i, e - i, l->s + i, e - i))
                return -1;
            i = e + 1;
        }
    }
    return 0;
}

int rd__doctable_write(const rd__doctable *t, rd_buf *line, rd__doctable_emit emit, void *ctx)
{
    int rc = 0;
    size_t ncols = 0, lc = 0;
    if (!t->n_rows)
        return 0;
    int *header = calloc(t->n_rows, sizeof *header);
    if (!header)
        return -1;
    for (size_t r = 0; r < t->n_rows; r++)
        if (t->rows[r].n > ncols)
            ncols = t->rows[r].n;
    find_headers(t, header);
    int speaker = ncols >= 2 && speaker_columns(t, header, 0);
    if (!speaker && ncols >= 3 && speaker_columns(t, header, 1)) {
        speaker = 1;
        lc = 1;
    }
    for (size_t r = 0; r < t->n_rows && rc == 0; r++) {
        if (!speaker)
            rc = plain_row(t, &t->rows[r], emit, ctx);
        else if (!header[r])
            rc = speaker_row(t, &t->rows[r], lc, line, emit, ctx);
    }
    free(header);
    return rc;
}
