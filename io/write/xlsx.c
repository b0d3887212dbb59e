/* io/write/xlsx.c — see xlsx.h.
 *
 * How a workbook is written. The cheap checks on every table (size, reserved and empty
 * sheet names) run before libxlsxwriter is called at all. Then each sheet is added after
 * libxlsxwriter's own name check (workbook_validate_sheet_name: Excel's length and
 * character rules, and names already used, compared ASCII case-insensitively as Excel
 * does) and given its layout: a table sheet its column widths (planned from every cell
 * first), header row, autofilter and print setup, its data rows only after the workbook
 * is closed (below); the other sheets are filled in one pass over their cells, each
 * column remembering its widest cell in characters, the widths set when the sheet is
 * complete (libxlsxwriter keeps the whole workbook in memory until workbook_close).
 *
 * Errors. libxlsxwriter 1.1.4 reports a failure by printing "[ERROR] ..." lines on stderr
 * (fprintf) and returning an lxw_error that carries no errno ("Zip generic error
 * ZIP_ERRNO"). So the library assembles the workbook in a memory file (memfd_create, which
 * libxlsxwriter opens as /proc/self/fd/N; without memfd or /proc a temporary file in
 * $TMPDIR or /tmp), and path is written by our own writes (io/write/zipout.h), whose errno
 * we keep: a full disk reads "PATH: No space left on device", a file that cannot be made
 * "PATH: cannot create: ..." (io/write/outfile.h), and path is opened only after every
 * check passed. Around the library calls that still touch files — adding a sheet opens
 * its temporary file (constant_memory), workbook_close writes the temporary files and the
 * zip — file descriptor 2 points at a second memory file (see `quiet`), so no raw [ERROR]
 * line reaches the user, and the errno the library printed is read back from it. After
 * each sheet its temporary file is flushed and checked, because libxlsxwriter does not
 * check the row writes into it (a full /tmp would otherwise give a workbook with rows
 * missing).
 *
 * Speed. The table sheets' data rows and the run sheet's input files are written into the
 * package by rodedraad, deflated on several threads: see "the table sheets' data rows"
 * below.
 *
 * Determinism. libxlsxwriter 1.1.4 puts the clock in exactly one place: the created and
 * modified dates of docProps/core.xml, taken from time(NULL) unless
 * lxw_doc_properties.created is set (checked by writing a workbook twice two seconds
 * apart and comparing the bytes). Its zip entries already carry the fixed DOS date
 * 1980-01-01 00:00:00, so that date is used for core.xml too: FIXED_CREATED. The date
 * is formatted with gmtime, so the time zone does not matter either. */
#define _GNU_SOURCE /* memfd_create */
#include "io/write/xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "io/write/columns.h"
#include "io/write/csv.h"
#include "io/write/outfile.h"
#include "io/write/zipout.h"

int rd__xlsx_fault;

/* Excel's limit on the text of one cell, in UTF-16 code units (what Excel calls
 * characters). libxlsxwriter counts code points, never more than UTF-16 units, so text
 * within this limit also passes the library's check. */
#define CELL_MAX 32767
#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 "…": 3 bytes, 1 UTF-16 unit */

/* Column widths in Excel's units (about one digit each). */
#define WIDTH_PAD 2
#define WIDTH_MIN 8
#define WIDTH_MAX 60

#define MAX_DEC 10 /* decimals in a number format; more is noise in a table */

/* The zlib level the table sheets and the run sheet are deflated at (libxlsxwriter
 * deflates the rest, a few kB, at zlib's default, 6). Level 2: on 40,000 generated
 * respondents the workbook is 10.4 MB instead of 8.6 MB at level 6, and writing it takes
 * 0.41 instead of 0.67 s (zlib's fast levels 1-3 against its lazy matching from 4 on;
 * level 1 gave 11.0 MB for the same time, 3 and 4 9.9 and 9.7 MB for 0.49 s). */
#define XLSX_DEFLATE_LEVEL 2

/* 1980-01-01T00:00:00Z, the date libxlsxwriter gives every zip entry. */
#define FIXED_CREATED ((time_t)315532800)

/* 2^53: integers up to here are exact in a double, and so in a number cell. */
#define EXACT_MAX ((uint64_t)1 << 53)

/* The workbook and what every sheet shares. */
typedef struct {
    lxw_workbook *wb;
    lxw_format *bold;               /* header rows: bold, wrapped, at the top */
    lxw_format *wrap;               /* wrapped text, at the top */
    lxw_format *top;                /* other text and integers, at the top of tall rows */
    lxw_format *pct;                /* shares: "0.0%" */
    lxw_format *ratio;              /* lift, indices: "0.00" */
    lxw_format *fixed[MAX_DEC + 1]; /* "0", "0.0", "0.00", …: made on first use */
    /* The formats' style numbers (s="N" in the sheets' XML), fixed before the workbook is
     * closed (register_styles) for the rows written after it (write_rows). */
    int32_t xf_bold, xf_top, xf_wrap, xf_pct, xf_ratio, xf_fixed[MAX_DEC + 1];
    size_t n_sheets;     /* worksheets added so far: sheet N is xl/worksheets/sheetN.xml */
    struct pending *pend; /* the table sheets whose data rows are still to be written */
    size_t n_pend, cap_pend;
    rd_table *explain;   /* the explanation sheet's table, kept until its rows are written */
    const char *path;
    rd_err *err;
} book;

/* Widest cell seen so far in one column, in characters. `code` is text that must stay
 * on one line (hashes): the column grows to hold it, past WIDTH_MAX. */
typedef struct {
    size_t chars, code;
} colw;

typedef struct {
    lxw_worksheet *ws;
    const char *name; /* for messages */
    size_t n_cols;
    colw *w;          /* n_cols */
} sheet;

/* How text is laid out: an ordinary cell (wraps when longer than WIDTH_MAX), a cell that
 * wraps (its column is narrower than it), a header cell (bold, wraps), or a code that
 * must not wrap. */
typedef enum { T_CELL, T_WRAP, T_HEAD, T_CODE } text_style;

static rd_status lxw_status(const book *b, const sheet *sh, lxw_error e)
{
    if (e == LXW_NO_ERROR)
        return RD_OK;
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return rd_fail(b->err, RD_ENOMEM, "%s: sheet %s: out of memory", b->path, sh->name);
    /* Every argument was checked before the call: this is a bug, not bad input. */
    return rd_fail(b->err, RD_EINVAL, "%s: sheet %s: %s", b->path, sh->name, lxw_strerror(e));
}

/* ---- libxlsxwriter's reports ------------------------------------------------------
 * While a library call that may print runs, file descriptor 2 points at a memory file;
 * afterwards it is put back, and the errno named in what was printed ("System error =
 * No space left on device", the strerror text of this process's locale, in which the
 * library printed it) is looked up. Process-wide: another thread's output in that moment
 * is lost too (rodedraad's progress line misses a redraw; its signal messages have a
 * descriptor of their own). */
typedef struct {
    int mem;   /* the memory file, or -1: nothing is redirected */
    int saved; /* a duplicate of fd 2 as it was, or -1 when fd 2 was closed */
} quiet;

static void quiet_on(quiet *q)
{
    q->mem = q->saved = -1;
    if (rd__xlsx_fault & RD__XLSX_LOUD)
        return;
    fflush(stderr);
    int mem = memfd_create("rodedraad-xlsx-messages", MFD_CLOEXEC);
    int saved = mem < 0 ? -1 : fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (mem >= 0 && (saved >= 0 || errno == EBADF) && dup2(mem, STDERR_FILENO) >= 0) {
        q->mem = mem;
        q->saved = saved;
    } else {
        if (saved >= 0)
            close(saved);
        if (mem >= 0)
            close(mem);
    }
}

/* The errno whose strerror text follows "System error = " in text, or 0. */
static int named_errno(const char *text)
{
    static const char key[] = "System error = ";
    const char *p = strstr(text, key);
    if (!p)
        return 0;
    p += sizeof key - 1;
    size_t len = strcspn(p, "\r\n");
    for (int e = 1; e < 256; e++) {
        const char *s = strerror(e);
        if (strlen(s) == len && memcmp(s, p, len) == 0)
            return e;
    }
    return 0;
}

/* Puts fd 2 back; the errno the library named meanwhile, or 0. */
static int quiet_off(quiet *q)
{
    char text[4096];
    ssize_t n;
    if (q->mem < 0)
        return 0;
    fflush(stderr);
    if (q->saved >= 0) {
        dup2(q->saved, STDERR_FILENO);
        close(q->saved);
    } else {
        close(STDERR_FILENO);
    }
    n = pread(q->mem, text, sizeof text - 1, 0);
    close(q->mem);
    text[n > 0 ? n : 0] = '\0';
    return named_errno(text);
}

/* Where libxlsxwriter assembles the workbook before it is copied into path with the data
 * rows (assemble): a memory file (memfd_create, which libxlsxwriter opens as
 * /proc/self/fd/N), or without memfd or /proc a temporary file of its own in $TMPDIR (or
 * /tmp), where libxlsxwriter keeps its sheets' temporary files too. */
typedef struct {
    int fd;        /* the memory file or the temporary file, or -1: none could be made */
    int tmp;       /* 1: name is a temporary file, removed at the end */
    char name[4200];
} memout;

static void memout_open(memout *m)
{
    m->tmp = 0;
    m->fd = (rd__xlsx_fault & RD__XLSX_NO_MEMFD) ? -1 : memfd_create("rodedraad.xlsx", MFD_CLOEXEC);
    if (m->fd >= 0) {
        snprintf(m->name, sizeof m->name, "/proc/self/fd/%d", m->fd);
        int probe = open(m->name, O_WRONLY | O_CLOEXEC); /* /proc is there, and reopens it */
        if (probe >= 0) {
            close(probe);
            return;
        }
        close(m->fd);
    }
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    int k = snprintf(m->name, sizeof m->name, "%s/rodedraad-xlsx-XXXXXX", dir);
    m->fd = k > 0 && (size_t)k < sizeof m->name ? mkostemp(m->name, O_CLOEXEC) : -1;
    m->tmp = m->fd >= 0;
}

static void memout_close(memout *m)
{
    if (m->fd >= 0)
        close(m->fd);
    if (m->tmp)
        unlink(m->name);
    m->fd = -1;
    m->tmp = 0;
}

/* One pass over NUL-terminated UTF-8: code points (for the width), UTF-16 code units
 * (what Excel's cell limit counts: a 4-byte sequence is a surrogate pair, 2 units) and
 * `keep`, the byte length of the longest prefix of at most CELL_MAX − 1 units, which
 * leaves room for the ellipsis. Prefixes end before a lead byte, so a cut never splits
 * a character. */
typedef struct {
    size_t points, units, keep;
} text_len;

static text_len measure(const char *s)
{
    text_len t = {0, 0, 0};
    int cut = 0;
    size_t i = 0;
    for (; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) == 0x80)
            continue; /* continuation byte */
        size_t u = c >= 0xF0 ? 2 : 1;
        if (!cut && t.units + u > CELL_MAX - 1) {
            t.keep = i;
            cut = 1;
        }
        t.units += u;
        t.points++;
    }
    if (!cut)
        t.keep = i;
    return t;
}

static void widen(sheet *sh, size_t col, size_t chars, text_style st)
{
    if (!sh->w || col >= sh->n_cols)
        return; /* a sheet whose widths are set beforehand */
    size_t *w = st == T_CODE ? &sh->w[col].code : &sh->w[col].chars;
    if (chars > *w)
        *w = chars;
}

/* Always worksheet_write_string: the text is stored as a shared string, so "=1+1" is
 * shown as typed and never evaluated (spreadsheet injection). */
static rd_status put_text(book *b, sheet *sh, size_t row, size_t col, const char *s,
                          text_style st)
{
    rd_status rc = RD_OK;
    char *cut = NULL;
    const char *out = s;
    lxw_format *f = NULL;
    text_len t = measure(s);
    if (t.units > CELL_MAX) {
        if (!(cut = malloc(t.keep + sizeof ELLIPSIS))) {
            rc = rd_fail(b->err, RD_ENOMEM, "%s: sheet %s: %zu bytes for a long text",
                         b->path, sh->name, t.keep + sizeof ELLIPSIS);
            goto done;
        }
        memcpy(cut, s, t.keep);
        memcpy(cut + t.keep, ELLIPSIS, sizeof ELLIPSIS);
        out = cut;
        t.points = CELL_MAX; /* any count above WIDTH_MAX gives the same layout */
    }
    f = b->top;
    if (st == T_HEAD)
        f = b->bold;
    else if (st == T_WRAP || (st == T_CELL && t.points > WIDTH_MAX))
        f = b->wrap;
    rc = lxw_status(b, sh, worksheet_write_string(sh->ws, (lxw_row_t)row, (lxw_col_t)col,
                                                  out, f));
    widen(sh, col, t.points, st);
done:
    free(cut);
    return rc;
}

/* Decimals that show about `digits` significant digits of v in fixed notation, or −1
 * for Excel's General format (see export_xlsx.h). k counts integer digits; a value
 * below 1 counts k = 1, so digits 4 gives "0.000" for shares and fits. */
static int decimals(double v, int digits)
{
    double a = fabs(v), tiny = 1.0;
    if (digits <= 0 || a >= 1e15)
        return -1;
    int k = 1;
    for (double p = 10.0; a >= p; p *= 10.0)
        k++;
    int dec = digits > k ? digits - k : 0;
    if (dec > MAX_DEC)
        dec = MAX_DEC;
    for (int i = 0; i < dec; i++)
        tiny /= 10.0;
    return a > 0.0 && a < tiny ? -1 : dec;
}

static lxw_format *fixed_format(book *b, int dec)
{
    if (!b->fixed[dec]) {
        char nf[2 + MAX_DEC + 1] = "0.";
        lxw_format *f = workbook_add_format(b->wb);
        if (!f)
            return NULL;
        memset(nf + 2, '0', (size_t)dec);
        nf[dec ? 2 + dec : 1] = '\0';
        format_set_num_format(f, nf); /* copied into the format */
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        b->fixed[dec] = f;
    }
    return b->fixed[dec];
}

/* The length of printf("%.*f", dec, v) (dec ≤ MAX_DEC), without printing it: one number
 * of the respondents' sheet in two needs only its width. A product too near a half (where
 * printf's exact rounding could carry otherwise) or too large is printed. */
static int fixed_len(double v, int dec)
{
    static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11};
    _Static_assert(MAX_DEC + 1 < (int)(sizeof p10 / sizeof *p10), "p10 covers MAX_DEC");
    double x = fabs(v) * p10[dec], q = nearbyint(x);
    if (!(x < 1e15) || fabs(fabs(x - q) - 0.5) < 1e-6) {
        char buf[512];
        int n = snprintf(buf, sizeof buf, "%.*f", dec, v);
        return n > 0 ? n : 0;
    }
    int k = 1; /* integer digits */
    for (double t = p10[dec] * 10.0; q >= t; t *= 10.0)
        k++;
    return (v < 0.0) + k + (dec ? 1 + dec : 0);
}

/* How number v is shown in a column with RD_COL_* flags, without the workbook: the length
 * of the text Excel shows (for the width), and in *dec its number format: NUM_PCT (shares
 * as percentages with one decimal, "27.4%"), NUM_RATIO (ratios with two, "1.47"),
 * NUM_GENERAL or the decimals of a fixed format (as described in xlsx.h). */
enum { NUM_GENERAL = -1, NUM_PCT = -2, NUM_RATIO = -3 };

static int number_shown(unsigned flags, double v, int digits, int *dec)
{
    if (flags & RD_COL_SHARE) {
        *dec = NUM_PCT;
        return fixed_len(v * 100.0, 1) + 1;
    }
    if (flags & RD_COL_RATIO) {
        *dec = NUM_RATIO;
        return fixed_len(v, 2);
    }
    *dec = decimals(v, digits); /* NUM_GENERAL or the decimals */
    if (*dec >= 0)
        return fixed_len(v, *dec);
    char shown[64];
    int n = snprintf(shown, sizeof shown, "%.6g", v);
    return n > 0 ? n : 0;
}

/* The same with its format (*f, made on first use), or -1 when out of memory. */
static int shown_number(book *b, unsigned flags, double v, int digits, lxw_format **f)
{
    int dec, n = number_shown(flags, v, digits, &dec);
    *f = dec == NUM_PCT ? b->pct : dec == NUM_RATIO ? b->ratio : b->top;
    if (dec >= 0 && !(*f = fixed_format(b, dec)))
        return -1;
    return n;
}

/* A number cell; NaN and infinities leave the cell blank. The width counts the
 * characters Excel will show (General shows at most about 11). */
static rd_status put_number(book *b, sheet *sh, size_t row, size_t col, double v, int digits,
                            unsigned flags)
{
    lxw_format *f = NULL;
    if (!isfinite(v))
        return RD_OK;
    if (v == 0.0)
        v = 0.0; /* -0 → 0, as in the CSV files */
    int n = shown_number(b, flags, v, digits, &f);
    if (n < 0)
        return rd_fail(b->err, RD_ENOMEM, "%s: sheet %s: out of memory", b->path, sh->name);
    widen(sh, col, (size_t)n, T_CELL);
    return lxw_status(b, sh, worksheet_write_number(sh->ws, (lxw_row_t)row, (lxw_col_t)col,
                                                    v, f));
}

static rd_status put_int(book *b, sheet *sh, size_t row, size_t col, long long v)
{
    char shown[32];
    int n = snprintf(shown, sizeof shown, "%lld", v);
    widen(sh, col, n > 0 ? (size_t)n : 0, T_CELL);
    return lxw_status(b, sh, worksheet_write_number(sh->ws, (lxw_row_t)row, (lxw_col_t)col,
                                                    (double)v, b->top));
}

/* Counts that may exceed 2^53 (a seed, a byte count): exact as text when they would
 * not be exact as a number. */
static rd_status put_u64(book *b, sheet *sh, size_t row, size_t col, uint64_t v)
{
    char text[32];
    if (v <= EXACT_MAX)
        return put_int(b, sh, row, col, (long long)v);
    snprintf(text, sizeof text, "%llu", (unsigned long long)v);
    return put_text(b, sh, row, col, text, T_CELL);
}

static rd_status put_value(book *b, sheet *sh, size_t row, size_t col, const rd_value *v)
{
    switch (v->kind) {
    case RD_V_STR: return v->s ? put_text(b, sh, row, col, v->s, T_CELL) : RD_OK;
    case RD_V_INT: return put_int(b, sh, row, col, v->i);
    case RD_V_NUM: return put_number(b, sh, row, col, v->d, v->digits, 0);
    case RD_V_EMPTY: break;
    }
    return RD_OK;
}

/* `owner` names what asked for the sheet in the message ("table themes"). In
 * constant_memory mode adding a sheet makes its temporary file: quietly (see quiet). */
static rd_status add_sheet(book *b, sheet *sh, const char *owner)
{
    quiet q;
    lxw_error e = workbook_validate_sheet_name(b->wb, sh->name);
    if (e != LXW_NO_ERROR)
        return rd_fail(b->err, RD_EINVAL, "%s: sheet name \"%s\": %s", owner, sh->name,
                       lxw_strerror(e));
    quiet_on(&q);
    errno = 0;
    sh->ws = workbook_add_worksheet(b->wb, sh->name);
    int after = errno, named = quiet_off(&q), why = named ? named : after ? after : ENOMEM;
    if (!sh->ws && why == ENOMEM)
        return rd_fail(b->err, RD_ENOMEM, "%s: sheet %s: out of memory", b->path, sh->name);
    if (!sh->ws)
        return rd_fail(b->err, RD_EIO, "%s: cannot make the temporary file of sheet %s: %s",
                       b->path, sh->name, strerror(why));
    b->n_sheets++;
    return RD_OK;
}

/* Widths from content (when `widths`: the sheets whose widths were not planned), header
 * row frozen. */
static rd_status finish_sheet(book *b, sheet *sh, int widths)
{
    rd_status rc = RD_OK;
    for (size_t c = 0; widths && c < sh->n_cols && rc == RD_OK; c++) {
        size_t w = sh->w[c].chars + WIDTH_PAD;
        w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
        if (sh->w[c].code && sh->w[c].code + WIDTH_PAD > w)
            w = sh->w[c].code + WIDTH_PAD;
        rc = lxw_status(b, sh, worksheet_set_column(sh->ws, (lxw_col_t)c, (lxw_col_t)c,
                                                    (double)w, NULL));
    }
    worksheet_freeze_panes(sh->ws, 1, 0);
    /* The rows so far are in the sheet's temporary file; libxlsxwriter does not check
     * those writes, so a full temporary folder would silently drop rows. */
    FILE *tmp = sh->ws->optimize_tmpfile;
    if (rc == RD_OK && tmp) {
        errno = 0;
        int e = fflush(tmp) != 0 ? rd__outfile_errno() : ferror(tmp) ? EIO : 0;
        if (e)
            rc = rd_fail(b->err, RD_EIO, "%s: cannot write the temporary file of sheet %s: %s",
                         b->path, sh->name, strerror(e));
    }
    return rc;
}

/* ---- row heights ------------------------------------------------------------------
 * libxlsxwriter cannot autofit, and in constant_memory mode a row's height must be set
 * before its cells are written; so each row's height is computed from its wrapped texts
 * and its columns' widths first. A wrapped text takes the lines of a greedy break at
 * spaces (as Excel and LibreOffice break lines), a word longer than a line broken in
 * pieces, a line feed starting a new line. A line holds LINE_FILL × width characters:
 * the width unit is the width of a digit of the default font (Calibri 11), and running
 * Dutch text is narrower on average (LibreOffice, drawing the samples' quotes with its
 * substitute font, fits about 1.2 characters per unit), so one character per unit leaves
 * room for text with many capitals or wide letters without wasting a page in three. Each
 * line gets LINE_PT points (Excel's default row height for Calibri 11), the row at most
 * Excel's limit ROW_MAX_PT. */
#define LINE_FILL 1.0
#define LINE_PT 15.0
#define ROW_MAX_PT 409.0

static size_t wrap_lines(const char *s, double width)
{
    size_t cap = (size_t)(width * LINE_FILL), lines = 1, len = 0;
    if (cap < 1)
        cap = 1;
    for (const char *p = s; *p;) {
        if (*p == '\n') {
            lines++, len = 0, p++;
            continue;
        }
        if (*p == ' ' || *p == '\r' || *p == '\t') {
            p++;
            continue;
        }
        size_t k = 0; /* code points of the word */
        for (; *p && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t'; p++)
            k += ((unsigned char)*p & 0xC0) != 0x80;
        if (len && len + 1 + k <= cap) {
            len += 1 + k;
        } else {
            lines += (len ? 1 : 0) + (k - 1) / cap;
            len = (k - 1) % cap + 1;
        }
    }
    return lines;
}

static double row_points(size_t lines)
{
    double h = LINE_PT * (double)lines;
    return h > ROW_MAX_PT ? ROW_MAX_PT : h;
}

static rd_status set_height(book *b, sheet *sh, size_t row, size_t lines)
{
    if (lines <= 1)
        return RD_OK;
    return lxw_status(b, sh, worksheet_set_row(sh->ws, (lxw_row_t)row, row_points(lines), NULL));
}

/* The longest word of s, in code points: a header is never narrower. */
static size_t longest_word(const char *s)
{
    size_t best = 0, k = 0;
    for (; *s; s++) {
        if (*s == ' ') {
            k = 0;
            continue;
        }
        k += ((unsigned char)*s & 0xC0) != 0x80;
        if (k > best)
            best = k;
    }
    return best;
}

/* Print setup of a table sheet: A4 landscape, one page wide (as many long as it takes),
 * the header row on every page, the sheet name and page number in the margins. */
static void print_setup(sheet *sh, int repeat_header)
{
    worksheet_set_landscape(sh->ws);
    worksheet_set_paper(sh->ws, 9); /* A4 */
    worksheet_set_margins(sh->ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_fit_to_pages(sh->ws, 1, 0);
    if (repeat_header)
        worksheet_repeat_rows(sh->ws, 0, 0);
    worksheet_set_header(sh->ws, "&L&A");
    worksheet_set_footer(sh->ws, "&RPagina &P van &N");
}

/* How a table's column is shown: its title, flags (io/write/columns.h) and width. */
typedef struct {
    const char *title;
    char buf[48]; /* "Thema 12" */
    unsigned flags;
    double width;
} colplan;

/* A table sheet whose data rows are written after libxlsxwriter closed the workbook
 * (write_rows): the sheet's number, the table (borrowed) and its column plan (owned). */
struct pending {
    size_t sheet; /* xl/worksheets/sheetN.xml */
    const rd_table *t;
    colplan *cp;  /* t->n_cols */
    const rd_manifest *m; /* instead of t: the run sheet's inputs and files not used, */
    size_t row;           /* from this row (0-based) */
};

/* Titles, flags and widths of t's columns, before any row is written (the row heights
 * need the widths). Width: the widest cell as shown (numbers in their format) + 2,
 * at least the title's longest word + 2 (titles wrap), within [8, 60]; long columns
 * (quotes, lists) at most 45 (quotes) or 36 (lists), file paths 30, so a sheet prints on
 * few pages at a readable scale. */
static rd_status plan_columns(book *b, const rd_table *t, colplan *cp)
{
    char shown[512];
    for (size_t c = 0; c < t->n_cols; c++) {
        const rd_column_info *ci = rd_columns_find(t->name, t->cols[c]);
        cp[c].flags = ci ? ci->flags : 0;
        cp[c].title = t->cols[c];
        if (ci && ci->col[strlen(ci->col) - 1] == '_') { /* theme_3 → "Thema 3" */
            snprintf(cp[c].buf, sizeof cp[c].buf, "%s%s", ci->title, t->cols[c] + strlen(ci->col));
            cp[c].title = cp[c].buf;
        } else if (ci) {
            cp[c].title = ci->title;
        }
        size_t w = 0;
        for (size_t r = 0; r < t->n_rows; r++) {
            const rd_value *v = rd_table_at(t, r, c);
            size_t k = 0;
            lxw_format *f;
            if (v->kind == RD_V_STR && v->s) {
                k = measure(v->s).points;
            } else if (v->kind == RD_V_INT) {
                k = (size_t)snprintf(shown, sizeof shown, "%lld", v->i);
            } else if (v->kind == RD_V_NUM && isfinite(v->d)) {
                int n = shown_number(b, cp[c].flags, rd_table_shown(v->d, v->digits),
                                     v->digits, &f);
                if (n < 0)
                    return rd_fail(b->err, RD_ENOMEM, "%s: sheet %s: out of memory", b->path,
                                   t->sheet);
                k = (size_t)n;
            }
            if (k > w)
                w = k;
        }
        size_t hw = longest_word(cp[c].title) + WIDTH_PAD;
        size_t cap = (cp[c].flags & RD_COL_PATH)   ? 30
                     : !(cp[c].flags & RD_COL_LONG) ? WIDTH_MAX
                     : (cp[c].flags & RD_COL_LIST)  ? 36
                                                    : 45;
        w += WIDTH_PAD;
        w = w < hw ? hw : w;
        w = w < WIDTH_MIN ? WIDTH_MIN : w > cap ? cap : w;
        cp[c].width = (double)w;
    }
    return RD_OK;
}

/* Lines the tallest wrapped cell of data row r needs. */
static size_t row_lines(const rd_table *t, size_t r, const colplan *cp)
{
    size_t lines = 1;
    for (size_t c = 0; c < t->n_cols; c++) {
        const rd_value *v = rd_table_at(t, r, c);
        if (v->kind != RD_V_STR || !v->s)
            continue;
        size_t pts = measure(v->s).points;
        if ((double)(pts + WIDTH_PAD) > cp[c].width || strchr(v->s, '\n')) {
            size_t k = wrap_lines(v->s, cp[c].width);
            lines = k > lines ? k : lines;
        }
    }
    return lines;
}

/* Rows of the sheet added last, to be written after the close (b->pend). */
static rd_status push_pending(book *b, struct pending p, const char *sheet_name)
{
    if (b->n_pend == b->cap_pend) {
        size_t cap = b->cap_pend ? 2 * b->cap_pend : 8;
        struct pending *grown = realloc(b->pend, cap * sizeof *grown);
        if (!grown)
            return rd_fail(b->err, RD_ENOMEM, "%s: sheet %s: out of memory", b->path,
                           sheet_name);
        b->pend = grown;
        b->cap_pend = cap;
    }
    b->pend[b->n_pend++] = p;
    return RD_OK;
}

/* The sheet's data rows go to b->pend; cp moves there (*cp is set to NULL). */
static rd_status defer_rows(book *b, const rd_table *t, colplan **cp)
{
    rd_status rc = push_pending(b, (struct pending){b->n_sheets, t, *cp, NULL, 0}, t->sheet);
    if (rc == RD_OK)
        *cp = NULL;
    return rc;
}

/* A table sheet: libxlsxwriter writes its layout and header row now; its data rows are
 * written into the package later (write_rows). t must stay valid until then. */
static rd_status write_table(book *b, const rd_table *t)
{
    rd_status rc = RD_OK;
    char owner[300];
    colplan *cp = NULL;
    sheet sh = {NULL, t->sheet, t->n_cols, NULL};
    snprintf(owner, sizeof owner, "table %s", t->name);
    if (!(sh.w = calloc(t->n_cols ? t->n_cols : 1, sizeof *sh.w)) ||
        !(cp = calloc(t->n_cols ? t->n_cols : 1, sizeof *cp))) {
        rc = rd_fail(b->err, RD_ENOMEM, "table %s: widths of %zu columns", t->name, t->n_cols);
        goto done;
    }
    if ((rc = add_sheet(b, &sh, owner)) || (rc = plan_columns(b, t, cp)))
        goto done;
    for (size_t c = 0; c < t->n_cols && rc == RD_OK; c++)
        rc = lxw_status(b, &sh, worksheet_set_column(sh.ws, (lxw_col_t)c, (lxw_col_t)c,
                                                     cp[c].width, NULL));
    size_t head = 1;
    for (size_t c = 0; c < t->n_cols; c++) {
        size_t k = wrap_lines(cp[c].title, cp[c].width);
        head = k > head ? k : head;
    }
    if (rc == RD_OK)
        rc = set_height(b, &sh, 0, head);
    for (size_t c = 0; c < t->n_cols && rc == RD_OK; c++)
        rc = put_text(b, &sh, 0, c, cp[c].title, T_HEAD);
    if (rc == RD_OK && t->n_cols > 0)
        rc = lxw_status(b, &sh, worksheet_autofilter(sh.ws, 0, 0, (lxw_row_t)t->n_rows,
                                                     (lxw_col_t)(t->n_cols - 1)));
    if (rc == RD_OK) {
        print_setup(&sh, 1);
        rc = finish_sheet(b, &sh, 0);
    }
    if (rc == RD_OK && t->n_rows > 0 && t->n_cols > 0)
        rc = defer_rows(b, t, &cp);
done:
    free(cp);
    free(sh.w);
    return rc;
}

/* ---- the segment × theme matrix, the charts, the explanation -----------------------
 * Built from the tables named "segment_themes" (segment, theme, label, share_segment,
 * share_all, lift) and "segments" (segment, name, size) when they are given; a workbook
 * of other tables gets none of these. */

/* The matrix: rows segments, columns themes, in order of first appearance. */
typedef struct {
    size_t k, T;
    long long *seg, *theme;  /* k, T ids */
    const char **label;      /* T theme labels (borrowed from the table) */
    double *share, *lift;    /* k × T, NaN where missing */
    double *all;             /* T: share_all */
} matrix;

static void matrix_free(matrix *m)
{
    free(m->seg), free(m->theme), free((void *)m->label), free(m->share), free(m->lift),
        free(m->all);
}

static size_t find_id(const long long *v, size_t n, long long x)
{
    size_t i = 0;
    while (i < n && v[i] != x)
        i++;
    return i;
}

/* 1 when t has the columns of segment_themes and m was filled; 0 when t is not such a
 * table; -1 when out of memory. */
static int matrix_of(const rd_table *t, matrix *m)
{
    memset(m, 0, sizeof *m);
    size_t cs = rd_table_col(t, "segment"), ct = rd_table_col(t, "theme"),
           cl = rd_table_col(t, "label"), csh = rd_table_col(t, "share_segment"),
           ca = rd_table_col(t, "share_all"), cli = rd_table_col(t, "lift"), n = t->n_rows;
    if (strcmp(t->name, "segment_themes") != 0 || cs == t->n_cols || ct == t->n_cols ||
        cl == t->n_cols || csh == t->n_cols || ca == t->n_cols || cli == t->n_cols || n == 0)
        return 0;
    if (!(m->seg = calloc(n, sizeof *m->seg)) || !(m->theme = calloc(n, sizeof *m->theme)) ||
        !(m->label = calloc(n, sizeof *m->label)) || !(m->all = calloc(n, sizeof *m->all)))
        return -1;
    for (size_t r = 0; r < n; r++) {
        const rd_value *s = rd_table_at(t, r, cs), *th = rd_table_at(t, r, ct);
        if (s->kind != RD_V_INT || th->kind != RD_V_INT)
            return 0;
        if (find_id(m->seg, m->k, s->i) == m->k)
            m->seg[m->k++] = s->i;
        if (find_id(m->theme, m->T, th->i) == m->T) {
            const rd_value *l = rd_table_at(t, r, cl), *a = rd_table_at(t, r, ca);
            m->label[m->T] = l->kind == RD_V_STR && l->s ? l->s : "";
            m->all[m->T] = a->kind == RD_V_NUM ? a->d : NAN;
            m->theme[m->T++] = th->i;
        }
    }
    if (!(m->share = malloc(m->k * m->T * sizeof *m->share)) ||
        !(m->lift = malloc(m->k * m->T * sizeof *m->lift)))
        return -1;
    for (size_t i = 0; i < m->k * m->T; i++)
        m->share[i] = m->lift[i] = NAN;
    for (size_t r = 0; r < n; r++) {
        size_t i = find_id(m->seg, m->k, rd_table_at(t, r, cs)->i),
               j = find_id(m->theme, m->T, rd_table_at(t, r, ct)->i);
        const rd_value *sh = rd_table_at(t, r, csh), *li = rd_table_at(t, r, cli);
        m->share[i * m->T + j] = sh->kind == RD_V_NUM ? sh->d : NAN;
        m->lift[i * m->T + j] = li->kind == RD_V_NUM ? li->d : NAN;
    }
    return 1;
}

/* "S2" or "S2 De Zoekers" (the name from the segments table), into buf. */
static const char *segment_label(const rd_table *segs, long long id, char *buf, size_t cap)
{
    const char *name = "";
    if (segs) {
        size_t cs = rd_table_col(segs, "segment"), cn = rd_table_col(segs, "name");
        for (size_t r = 0; cs < segs->n_cols && cn < segs->n_cols && r < segs->n_rows; r++) {
            const rd_value *v = rd_table_at(segs, r, cs), *nm = rd_table_at(segs, r, cn);
            if (v->kind == RD_V_INT && v->i == id && nm->kind == RD_V_STR && nm->s)
                name = nm->s;
        }
    }
    snprintf(buf, cap, "S%lld%s%s", id, *name ? " " : "", name);
    return buf;
}

/* One block of the matrix sheet at row r0: a header row (title, then "T3 label" per
 * theme), one row per segment (values[i*T + j] in format f), an optional last row
 * ("Alle respondenten", all[j]); a colour scale over the segment rows. */
static rd_status matrix_block(book *b, sheet *sh, size_t r0, const char *title, const matrix *m,
                              const rd_table *segs, const double *values, const double *all,
                              unsigned flags, int diverging, const double *cw)
{
    rd_status rc = RD_OK;
    char lab[400];
    size_t head = wrap_lines(title, cw[0]);
    for (size_t j = 0; j < m->T; j++) {
        snprintf(lab, sizeof lab, "T%lld %s", m->theme[j], m->label[j]);
        size_t k = wrap_lines(lab, cw[1]);
        head = k > head ? k : head;
    }
    if ((rc = set_height(b, sh, r0, head)) || (rc = put_text(b, sh, r0, 0, title, T_HEAD)))
        return rc;
    for (size_t j = 0; j < m->T && rc == RD_OK; j++) {
        snprintf(lab, sizeof lab, "T%lld %s", m->theme[j], m->label[j]);
        rc = put_text(b, sh, r0, 1 + j, lab, T_HEAD);
    }
    for (size_t i = 0; i < m->k && rc == RD_OK; i++) {
        const char *sl = segment_label(segs, m->seg[i], lab, sizeof lab);
        int wrap = (double)(measure(sl).points + WIDTH_PAD) > cw[0];
        if ((rc = set_height(b, sh, r0 + 1 + i, wrap ? wrap_lines(sl, cw[0]) : 1)) ||
            (rc = put_text(b, sh, r0 + 1 + i, 0, sl, wrap ? T_WRAP : T_CELL)))
            break;
        for (size_t j = 0; j < m->T && rc == RD_OK; j++)
            rc = put_number(b, sh, r0 + 1 + i, 1 + j, rd_table_shown(values[i * m->T + j], 4),
                            4, flags);
    }
    if (rc == RD_OK && all) {
        rc = put_text(b, sh, r0 + 1 + m->k, 0, "Alle respondenten", T_HEAD);
        for (size_t j = 0; j < m->T && rc == RD_OK; j++)
            rc = put_number(b, sh, r0 + 1 + m->k, 1 + j, rd_table_shown(all[j], 4), 4, flags);
    }
    if (rc == RD_OK) {
        /* Sequential white → blue for shares; diverging red - white - blue around 1 for
         * lift (ColorBrewer RdBu, readable with the common colour-vision deficiencies). */
        lxw_conditional_format cf;
        memset(&cf, 0, sizeof cf);
        if (diverging) {
            cf.type = LXW_CONDITIONAL_3_COLOR_SCALE;
            cf.min_color = 0xEF8A62;
            cf.mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
            cf.mid_value = 1.0;
            cf.mid_color = 0xF7F7F7;
            cf.max_color = 0x67A9CF;
        } else {
            cf.type = LXW_CONDITIONAL_2_COLOR_SCALE;
            cf.min_color = 0xF7FBFF;
            cf.max_color = 0x6BAED6;
        }
        rc = lxw_status(b, sh, worksheet_conditional_format_range(
                                   sh->ws, (lxw_row_t)(r0 + 1), 1, (lxw_row_t)(r0 + m->k),
                                   (lxw_col_t)m->T, &cf));
    }
    return rc;
}

#define MATRIX_SHEET "Matrix segment x thema"
#define CHART_SHEET "Grafieken"
#define EXPLAIN_SHEET "Uitleg"

/* The matrix sheet: the share of each theme in what each segment says (and everyone),
 * then the lift, each with a colour scale. */
static rd_status write_matrix(book *b, const matrix *m, const rd_table *segs)
{
    rd_status rc = RD_OK;
    sheet sh = {NULL, MATRIX_SHEET, 0, NULL};
    double cw[2] = {24, 16};
    char lab[400];
    if ((rc = add_sheet(b, &sh, "the matrix sheet")))
        return rc;
    for (size_t i = 0; i < m->k; i++) {
        double w = (double)(measure(segment_label(segs, m->seg[i], lab, sizeof lab)).points +
                            WIDTH_PAD);
        cw[0] = w > cw[0] ? (w > WIDTH_MAX ? WIDTH_MAX : w) : cw[0];
    }
    if ((rc = lxw_status(b, &sh, worksheet_set_column(sh.ws, 0, 0, cw[0], NULL))) ||
        (rc = lxw_status(b, &sh, worksheet_set_column(sh.ws, 1, (lxw_col_t)m->T, cw[1], NULL))))
        return rc;
    if ((rc = matrix_block(b, &sh, 0, "Aandeel van het thema in wat het segment zegt", m, segs,
                           m->share, m->all, RD_COL_SHARE, 0, cw)) ||
        (rc = matrix_block(b, &sh, m->k + 3,
                           "Lift: aandeel in het segment ÷ aandeel bij allen (boven 1: meer "
                           "dan gemiddeld)",
                           m, segs, m->lift, NULL, RD_COL_RATIO, 1, cw)))
        return rc;
    print_setup(&sh, 0);
    return finish_sheet(b, &sh, 0);
}

/* Colour-blind-safe series colours (Okabe & Ito 2008). */
static const lxw_color_t OKABE_ITO[] = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7,
                                        0x56B4E9, 0xD55E00, 0xF0E442, 0x000000};

/* The charts sheet: segment sizes (from the segments sheet) and each theme's share per
 * segment (from the matrix sheet). */
static rd_status write_charts(book *b, const rd_table *segs, const matrix *m)
{
    rd_status rc = RD_OK;
    sheet sh = {NULL, CHART_SHEET, 0, NULL};
    lxw_col_t at = 0;
    if ((rc = add_sheet(b, &sh, "the charts sheet")))
        return rc;
    size_t cs = segs ? rd_table_col(segs, "segment") : 0, cz = segs ? rd_table_col(segs, "size") : 0;
    if (segs && segs->n_rows > 0 && cs < segs->n_cols && cz < segs->n_cols) {
        lxw_chart *c = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
        lxw_chart_series *se = c ? chart_add_series(c, NULL, NULL) : NULL;
        if (!se)
            return rd_fail(b->err, RD_ENOMEM, "%s: charts: out of memory", b->path);
        chart_series_set_categories(se, segs->sheet, 1, (lxw_col_t)cs, (lxw_row_t)segs->n_rows,
                                    (lxw_col_t)cs);
        chart_series_set_values(se, segs->sheet, 1, (lxw_col_t)cz, (lxw_row_t)segs->n_rows,
                                (lxw_col_t)cz);
        lxw_chart_fill fill = {.color = OKABE_ITO[0]};
        chart_series_set_fill(se, &fill);
        chart_series_set_labels(se);
        chart_title_set_name(c, "Grootte van de segmenten (respondenten)");
        chart_axis_set_name(c->x_axis, "Segment");
        chart_axis_set_name(c->y_axis, "Aantal respondenten");
        chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
        lxw_chart_options o = {.x_scale = 1.0, .y_scale = 1.5};
        if ((rc = lxw_status(b, &sh, worksheet_insert_chart_opt(sh.ws, 1, at, c, &o))))
            return rc;
        at += 8; /* the next chart beside it: 8 default columns = 512 px */
    }
    if (m && m->k > 0 && m->T > 0) {
        lxw_chart *c = workbook_add_chart(b->wb, LXW_CHART_BAR_STACKED);
        if (!c)
            return rd_fail(b->err, RD_ENOMEM, "%s: charts: out of memory", b->path);
        for (size_t j = 0; j < m->T; j++) {
            lxw_chart_series *se = chart_add_series(c, NULL, NULL);
            if (!se)
                return rd_fail(b->err, RD_ENOMEM, "%s: charts: out of memory", b->path);
            chart_series_set_categories(se, MATRIX_SHEET, 1, 0, (lxw_row_t)m->k, 0);
            chart_series_set_values(se, MATRIX_SHEET, 1, (lxw_col_t)(1 + j), (lxw_row_t)m->k,
                                    (lxw_col_t)(1 + j));
            chart_series_set_name_range(se, MATRIX_SHEET, 0, (lxw_col_t)(1 + j));
            lxw_chart_fill fill = {.color = OKABE_ITO[j % (sizeof OKABE_ITO / sizeof *OKABE_ITO)]};
            chart_series_set_fill(se, &fill);
        }
        chart_title_set_name(c, "Aandeel van de thema's per segment");
        /* In a bar chart libxlsxwriter's x axis is the horizontal value axis and the y
         * axis the vertical category axis. */
        chart_axis_set_name(c->y_axis, "Segment");
        chart_axis_set_name(c->x_axis, "Aandeel van wat het segment zegt");
        chart_axis_set_num_format(c->x_axis, "0%");
        chart_axis_set_max(c->x_axis, 1.0);
        chart_axis_set_reverse(c->y_axis);      /* S1 at the top, */
        chart_axis_set_crossing_max(c->y_axis); /* the percentages still below */
        chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
        lxw_chart_options o = {.x_scale = 1.2, .y_scale = 1.5};
        if ((rc = lxw_status(b, &sh, worksheet_insert_chart_opt(sh.ws, 1, at, c, &o))))
            return rc;
    }
    print_setup(&sh, 0);
    return finish_sheet(b, &sh, 0);
}

/* The explanation sheet: each table's columns with the Dutch title, machine name and
 * meaning, then the sheets that are not tables. Written as a table. */
static rd_status write_explain(book *b, const rd_table *const *tables, size_t n, int matrix_sheet,
                               int chart_sheet)
{
    static const char *const cols[] = {"Blad", "Kolom", "Naam in CSV en JSON", "Betekenis"};
    rd_status rc = RD_OK;
    rd_table *e = rd_table_new("uitleg", EXPLAIN_SHEET, 4, cols);
    char buf[600];
    if (!e)
        return rd_fail(b->err, RD_ENOMEM, "%s: explanation sheet: out of memory", b->path);
    for (size_t i = 0; i < n; i++) {
        const rd_table *t = tables[i];
        for (size_t c = 0; c < t->n_cols; c++) {
            const rd_column_info *ci = rd_columns_find(t->name, t->cols[c]);
            size_t r = rd_table_add_row(e);
            rd_table_str(e, r, 0, t->sheet);
            if (ci && ci->col[strlen(ci->col) - 1] == '_') {
                snprintf(buf, sizeof buf, "%s%s", ci->title, t->cols[c] + strlen(ci->col));
                rd_table_str(e, r, 1, buf);
            } else {
                rd_table_str(e, r, 1, ci ? ci->title : t->cols[c]);
            }
            rd_table_str(e, r, 2, t->cols[c]);
            rd_table_str(e, r, 3, ci ? ci->meaning
                                  : strcmp(t->name, "respondents") == 0
                                      ? "Kolom uit de invoer (een kenmerk van de respondent)."
                                      : "");
        }
    }
    const struct {
        int on;
        const char *sheet, *meaning;
    } extra[] = {
        {matrix_sheet, MATRIX_SHEET,
         "Het blad Segmenten x thema's als matrix: per segment (rij) en thema (kolom) het "
         "aandeel en de lift, met kleuren (donkerder blauw: meer; rood: minder dan gemiddeld)."},
        {chart_sheet, CHART_SHEET,
         "De grootte van de segmenten en het aandeel van elk thema per segment, als grafiek."},
        {1, RD_XLSX_RUN_SHEET,
         "Hoe de analyse liep: programma en versies, opdracht, opties, resultaten (T, k) en de "
         "invoerbestanden met hun SHA-256; ook in model.json."},
    };
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) {
        if (!extra[i].on)
            continue;
        size_t r = rd_table_add_row(e);
        rd_table_str(e, r, 0, extra[i].sheet);
        rd_table_str(e, r, 3, extra[i].meaning);
    }
    rc = rd_table_ok(e) ? write_table(b, e)
                        : rd_fail(b->err, RD_ENOMEM, "%s: explanation sheet: out of memory", b->path);
    if (rc == RD_OK)
        b->explain = e; /* its rows are written with the other tables' */
    else
        rd_table_free(e);
    return rc;
}

/* "prefix" + key as one label cell. */
static rd_status put_label(book *b, sheet *sh, size_t row, const char *prefix, const char *key)
{
    rd_status rc = RD_OK;
    size_t np = strlen(prefix), nk = strlen(key);
    char *label = malloc(np + nk + 1);
    if (!label) {
        rc = rd_fail(b->err, RD_ENOMEM, "%s: label for %s", b->path, key);
        goto done;
    }
    memcpy(label, prefix, np);
    memcpy(label + np, key, nk + 1);
    rc = put_text(b, sh, row, 0, label, T_CELL);
done:
    free(label);
    return rc;
}

/* Lines of a run-sheet cell: text longer than WIDTH_MAX wraps in a column WIDTH_MAX wide
 * (finish_sheet caps it there). */
static size_t run_lines(const char *s)
{
    return s && measure(s).points > WIDTH_MAX ? wrap_lines(s, WIDTH_MAX) : 1;
}

static size_t max3(size_t a, size_t b, size_t c)
{
    return a > b ? (a > c ? a : c) : (b > c ? b : c);
}

static const char *value_text(const rd_value *v)
{
    return v->kind == RD_V_STR ? v->s : NULL;
}

/* The widths of the run sheet's rows that write_run_rows writes (the inputs and the files
 * not used), as put_text and put_u64 would widen them. */
static void run_rows_widths(sheet *sh, const rd_manifest *m)
{
    char num[32];
    for (size_t i = 0; i < m->n_inputs; i++) {
        const rd_manifest_input *in = &m->inputs[i];
        if (!in->path)
            continue;
        widen(sh, 0, measure(in->path).points, T_CELL);
        widen(sh, 1, (size_t)snprintf(num, sizeof num, "%llu", (unsigned long long)in->bytes),
              T_CELL);
        widen(sh, 2, measure(in->sha256).points, T_CODE);
    }
    if (m->n_unused == 0)
        return;
    widen(sh, 0, measure("niet gebruikt").points, T_HEAD);
    widen(sh, 1, measure("reden").points, T_HEAD);
    widen(sh, 2, measure("melding").points, T_HEAD);
    for (size_t i = 0; i < m->n_unused; i++) {
        const rd_manifest_unused *u = &m->unused[i];
        widen(sh, 0, measure(u->path ? u->path : "").points, T_CELL);
        widen(sh, 1, measure(u->reason ? u->reason : "").points, T_CELL);
        widen(sh, 2, measure(u->message ? u->message : "").points, T_CELL);
    }
}

/* The run sheet: properties, options and results as label/value rows, then the inputs
 * and the files not used (see export_xlsx.h for the layout). */
static rd_status write_run_sheet(book *b, const rd_manifest *m)
{
    rd_status rc = RD_OK;
    colw w[3] = {{0, 0}, {0, 0}, {0, 0}};
    sheet sh = {NULL, RD_XLSX_RUN_SHEET, 3, w};
    size_t row = 0;
    const struct {
        const char *key, *val;
    } props[] = {
        {"program", m->program},
        {"version", m->version},
        {"command", m->command},
        {"created", m->created},
        {"stemmer_algorithm", m->stemmer_algorithm},
        {"libstemmer_version", m->libstemmer_version},
        {"unicode_version", m->unicode_version},
        {"utf8proc_version", m->utf8proc_version},
        {"blas", m->blas},
    };
    if ((rc = add_sheet(b, &sh, "the run sheet")))
        goto done;
    if ((rc = put_text(b, &sh, row, 0, "eigenschap", T_HEAD)) ||
        (rc = put_text(b, &sh, row, 1, "waarde", T_HEAD)))
        goto done;
    row++;
    for (size_t i = 0; i < sizeof props / sizeof *props; i++) {
        if (!props[i].val)
            continue;
        if ((rc = set_height(b, &sh, row, run_lines(props[i].val))) ||
            (rc = put_text(b, &sh, row, 0, props[i].key, T_CELL)) ||
            (rc = put_text(b, &sh, row, 1, props[i].val, T_CELL)))
            goto done;
        row++;
    }
    if ((rc = put_text(b, &sh, row, 0, "seed", T_CELL)) ||
        (rc = put_u64(b, &sh, row, 1, m->seed)))
        goto done;
    row++;
    if ((rc = put_text(b, &sh, row, 0, "threads", T_CELL)) ||
        (rc = put_int(b, &sh, row, 1, m->threads)))
        goto done;
    row++;
    for (size_t i = 0; i < m->n_options; i++) {
        if (!m->options[i].key)
            continue;
        if ((rc = set_height(b, &sh, row, run_lines(value_text(&m->options[i].v)))) ||
            (rc = put_label(b, &sh, row, "optie: ", m->options[i].key)) ||
            (rc = put_value(b, &sh, row, 1, &m->options[i].v)))
            goto done;
        row++;
    }
    for (size_t i = 0; i < m->n_results; i++) {
        if (!m->results[i].key)
            continue;
        if ((rc = set_height(b, &sh, row, run_lines(value_text(&m->results[i].v)))) ||
            (rc = put_label(b, &sh, row, "resultaat: ", m->results[i].key)) ||
            (rc = put_value(b, &sh, row, 1, &m->results[i].v)))
            goto done;
        row++;
    }
    row++; /* blank row between the properties and the inputs */
    if ((rc = put_text(b, &sh, row, 0, "invoerbestand", T_HEAD)) ||
        (rc = put_text(b, &sh, row, 1, "bytes", T_HEAD)) ||
        (rc = put_text(b, &sh, row, 2, "sha256", T_HEAD)))
        goto done;
    row++;
    run_rows_widths(&sh, m); /* the rows themselves are written later (write_run_rows) */
    print_setup(&sh, 0);
    if ((rc = finish_sheet(b, &sh, 1)))
        goto done;
    rc = push_pending(b, (struct pending){b->n_sheets, NULL, NULL, m, row}, RD_XLSX_RUN_SHEET);
done:
    return rc;
}

/* ---- the table sheets' data rows ---------------------------------------------------
 * libxlsxwriter prints every cell with fprintf into a temporary file and deflates the whole
 * package on one thread when the workbook is closed (1.1.4 has no option for either): on
 * 40,000 respondents that was about 1.6 s, more than the rest of the run's outputs
 * together. So libxlsxwriter writes every sheet's layout, the header rows, the matrix,
 * charts, explanation and run sheets' cells and the rest of the package, and rodedraad
 * writes the table sheets' data rows itself: when the workbook is closed, the package is
 * copied entry by entry into path (io/write/zipout.h); every entry as libxlsxwriter
 * deflated it, except the table sheets, whose XML is streamed with the data rows put in
 * before </sheetData> and the sheet's dimension (the range its cells span) widened to
 * them, deflated on `threads` threads. The rows are the XML libxlsxwriter writes in its
 * constant-memory mode: <row r="N"> (with ht="H" customHeight="1" for a taller row),
 * inline strings <c r="A2" s="S" t="inlineStr"><is><t>…</t></is></c> (&, <, > escaped,
 * control characters other than tab and line feed as _xHHHH_, xml:space="preserve" when
 * the text starts or ends with white space; the empty text a blank cell with its style),
 * numbers <c r="B2" s="S"><v>…</v></c>. A number is the shortest text that reads back as
 * the same double libxlsxwriter's "%.16G" gave (the table's significant digits,
 * rd_csv_num_text, with an upper-case exponent): the same bytes for all but the rare value
 * whose 16-digit form shows a last-place error. The style numbers are those libxlsxwriter
 * gave the formats (register_styles, before the close). */

/* Styles of every format a data row can use, while the workbook is still open. */
static void register_styles(book *b)
{
    b->xf_bold = lxw_format_get_xf_index(b->bold);
    b->xf_top = lxw_format_get_xf_index(b->top);
    b->xf_wrap = lxw_format_get_xf_index(b->wrap);
    b->xf_pct = lxw_format_get_xf_index(b->pct);
    b->xf_ratio = lxw_format_get_xf_index(b->ratio);
    for (int d = 0; d <= MAX_DEC; d++)
        b->xf_fixed[d] = b->fixed[d] ? lxw_format_get_xf_index(b->fixed[d]) : -1;
}

/* Buffered output into the open entry of a zip. */
#define XBUF (1u << 16)

typedef struct {
    rd_zipout *z;
    char *buf; /* XBUF */
    size_t n;
    rd_status rc;
} xout;

static void x_flush(xout *x)
{
    if (x->rc == RD_OK && x->n)
        x->rc = rd_zipout_write(x->z, x->buf, x->n);
    x->n = 0;
}

static void x_put(xout *x, const char *s, size_t n)
{
    if (x->n + n > XBUF) {
        x_flush(x);
        if (n > XBUF) {
            if (x->rc == RD_OK)
                x->rc = rd_zipout_write(x->z, s, n);
            return;
        }
    }
    memcpy(x->buf + x->n, s, n);
    x->n += n;
}

static void x_str(xout *x, const char *s)
{
    x_put(x, s, strlen(s));
}

static void x_uint(xout *x, uint64_t v)
{
    char d[24];
    size_t i = sizeof d;
    do
        d[--i] = (char)('0' + v % 10);
    while (v /= 10);
    x_put(x, d + i, sizeof d - i);
}

/* Text as XML character data, as libxlsxwriter escapes it (see above). */
static void x_text(xout *x, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char ctl[8];
        const char *rep = NULL;
        if (c == '&')
            rep = "&amp;";
        else if (c == '<')
            rep = "&lt;";
        else if (c == '>')
            rep = "&gt;";
        else if (c < 0x20 && c != '\t' && c != '\n')
            snprintf(ctl, sizeof ctl, "_x%04X_", c), rep = ctl;
        if (!rep)
            continue;
        x_put(x, s + from, i - from);
        x_str(x, rep);
        from = i + 1;
    }
    x_put(x, s + from, n - from);
}

/* Excel's column letters of column c (0-based) into buf (at least 4 bytes). */
static size_t col_letters(size_t c, char *buf)
{
    char tmp[4];
    size_t n = 0;
    for (c++; c > 0 && n < sizeof tmp; c = (c - 1) / 26)
        tmp[n++] = (char)('A' + (c - 1) % 26);
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    return n;
}

/* `<row r="N">`, with the height of a row of more than one line. */
static void x_row_start(xout *x, const char *row, size_t nrow, size_t lines)
{
    x_put(x, "<row r=\"", 8);
    x_put(x, row, nrow);
    if (lines > 1) {
        char ht[64];
        int k = snprintf(ht, sizeof ht, "\" ht=\"%g\" customHeight=\"1", row_points(lines));
        x_put(x, ht, k > 0 ? (size_t)k : 0);
    }
    x_put(x, "\">", 2);
}

/* `<c r="A12" s="7"`: a cell's start. */
static void x_cell(xout *x, const char *col, size_t ncol, const char *row, size_t nrow, int32_t xf)
{
    x_put(x, "<c r=\"", 6);
    x_put(x, col, ncol);
    x_put(x, row, nrow);
    if (xf > 0) {
        x_put(x, "\" s=\"", 5);
        x_uint(x, (uint64_t)xf);
    }
    x_put(x, "\"", 1);
}

static int has_cell(const rd_value *v)
{
    return (v->kind == RD_V_STR && v->s) || v->kind == RD_V_INT ||
           (v->kind == RD_V_NUM && isfinite(rd_table_shown(v->d, v->digits)));
}

/* The style of a number shown with dec (number_shown), or -1 for a format never made. */
static int32_t number_xf(const book *b, int dec)
{
    return dec == NUM_PCT ? b->xf_pct : dec == NUM_RATIO ? b->xf_ratio
           : dec < 0      ? b->xf_top
                          : b->xf_fixed[dec];
}

/* A text cell written as put_text would: cut at Excel's limit, style by st (t: measure(s)). */
static void x_inline(const book *b, xout *x, const char *col, size_t ncol, const char *row,
                     size_t nrow, const char *s, size_t len, const text_len *t, text_style st)
{
    size_t shown = t->units > CELL_MAX ? CELL_MAX : t->points;
    int32_t xf = st == T_HEAD                                    ? b->xf_bold
                 : st == T_WRAP || (st == T_CELL && shown > WIDTH_MAX) ? b->xf_wrap
                                                               : b->xf_top;
    x_cell(x, col, ncol, row, nrow, xf);
    if (len == 0) {
        x_put(x, "/>", 2);
        return;
    }
    size_t keep = t->units > CELL_MAX ? t->keep : len;
    const char *end = t->units > CELL_MAX ? ELLIPSIS : "";
    char first = s[0], last = *end ? '.' : s[keep - 1];
    int preserve = first == ' ' || first == '\t' || first == '\n' || last == ' ' ||
                   last == '\t' || last == '\n';
    x_str(x, preserve ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                      : " t=\"inlineStr\"><is><t>");
    x_text(x, s, keep);
    x_str(x, end);
    x_put(x, "</t></is></c>", 13);
}

/* Scratch text for a list cell with decimal commas. */
typedef struct {
    char *p;
    size_t cap;
} scratch;

/* One data cell of a planned column (see write_table's header row): numbers in their
 * column's format, text that wraps when wider than its column, cut at Excel's limit. */
static rd_status put_row_cell(const book *b, xout *x, const rd_value *v, const colplan *cp,
                              const char *col, size_t ncol, const char *row, size_t nrow,
                              scratch *sc, const char *sheet_name)
{
    char num[RD_CSV_NUM_MAX + 32];
    if (v->kind == RD_V_NUM) {
        double d = rd_table_shown(v->d, v->digits);
        int dec;
        if (!isfinite(d))
            return RD_OK;
        if (d == 0.0)
            d = 0.0; /* -0 → 0, as in the CSV files */
        number_shown(cp->flags, d, v->digits, &dec);
        int32_t xf = number_xf(b, dec);
        if (xf < 0)
            return rd_fail(b->err, RD_EINVAL, "%s: sheet %s: a number format was not made "
                           "before the workbook was closed", b->path, sheet_name);
        size_t n;
        if (v->digits >= 1 && v->digits <= 15) {
            n = rd_csv_num_text(d, v->digits, num);
            for (size_t i = 0; i < n; i++)
                num[i] = num[i] == 'e' ? 'E' : num[i];
        } else {
            int k = snprintf(num, sizeof num, "%.16G", d);
            n = k > 0 ? (size_t)k : 0;
        }
        x_cell(x, col, ncol, row, nrow, xf);
        x_put(x, "><v>", 4);
        x_put(x, num, n);
        x_put(x, "</v></c>", 8);
        return RD_OK;
    }
    if (v->kind == RD_V_INT) {
        double d = (double)v->i;
        size_t n;
        if (fabs(d) < 1e15) {
            int k = snprintf(num, sizeof num, "%lld", v->i);
            n = k > 0 ? (size_t)k : 0;
        } else {
            int k = snprintf(num, sizeof num, "%.16G", d);
            n = k > 0 ? (size_t)k : 0;
        }
        x_cell(x, col, ncol, row, nrow, b->xf_top);
        x_put(x, "><v>", 4);
        x_put(x, num, n);
        x_put(x, "</v></c>", 8);
        return RD_OK;
    }
    if (v->kind != RD_V_STR || !v->s)
        return RD_OK;
    const char *s = v->s;
    size_t len = strlen(s);
    if (cp->flags & RD_COL_LIST) { /* "app 0,027": the workbook is Dutch */
        if (len + 1 > sc->cap) {
            char *p = realloc(sc->p, len + 1);
            if (!p)
                return rd_fail(b->err, RD_ENOMEM, "%s: sheet %s: out of memory", b->path, sheet_name);
            sc->p = p;
            sc->cap = len + 1;
        }
        for (size_t i = 0; i <= len; i++)
            sc->p[i] = s[i] == '.' && i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' &&
                               s[i + 1] >= '0' && s[i + 1] <= '9'
                           ? ','
                           : s[i];
        s = sc->p;
    }
    text_len t = measure(s);
    int wrap = (double)(t.points + WIDTH_PAD) > cp->width || memchr(s, '\n', len);
    x_inline(b, x, col, ncol, row, nrow, s, len, &t, wrap ? T_WRAP : T_CELL);
    return RD_OK;
}

/* One row of text cells (NULL: no cell) of the run sheet, 0-based row r. */
static void x_text_row(const book *b, xout *x, size_t r, const char *const *cells,
                       const text_style *st, size_t n, size_t lines)
{
    char row[24], col[4];
    size_t nrow = (size_t)snprintf(row, sizeof row, "%zu", r + 1);
    x_row_start(x, row, nrow, lines);
    for (size_t c = 0; c < n; c++) {
        if (!cells[c])
            continue;
        text_len t = measure(cells[c]);
        x_inline(b, x, col, col_letters(c, col), row, nrow, cells[c], strlen(cells[c]), &t, st[c]);
    }
    x_put(x, "</row>", 6);
}

/* The run sheet's rows from p->row: one per input (path, bytes, SHA-256), then, when files
 * were found but not used, a blank row, a header and one row each (see write_run_sheet). */
static rd_status write_run_rows(const book *b, const struct pending *p, xout *x)
{
    const rd_manifest *m = p->m;
    size_t r = p->row;
    for (size_t i = 0; i < m->n_inputs && x->rc == RD_OK; i++) {
        const rd_manifest_input *in = &m->inputs[i];
        if (!in->path)
            continue;
        char num[32], row[24];
        size_t nrow = (size_t)snprintf(row, sizeof row, "%zu", r + 1), lines = run_lines(in->path);
        int k = snprintf(num, sizeof num, "%llu", (unsigned long long)in->bytes);
        x_row_start(x, row, nrow, lines);
        text_len t = measure(in->path);
        x_inline(b, x, "A", 1, row, nrow, in->path, strlen(in->path), &t, T_CELL);
        if (in->bytes <= EXACT_MAX) { /* a number; exact as text beyond 2^53 */
            x_cell(x, "B", 1, row, nrow, b->xf_top);
            x_put(x, "><v>", 4);
            x_put(x, num, k > 0 ? (size_t)k : 0);
            x_put(x, "</v></c>", 8);
        } else {
            t = measure(num);
            x_inline(b, x, "B", 1, row, nrow, num, strlen(num), &t, T_CELL);
        }
        t = measure(in->sha256);
        x_inline(b, x, "C", 1, row, nrow, in->sha256, strlen(in->sha256), &t, T_CODE);
        x_put(x, "</row>", 6);
        r++;
    }
    if (m->n_unused > 0) {
        static const char *const head[] = {"niet gebruikt", "reden", "melding"};
        static const text_style hst[] = {T_HEAD, T_HEAD, T_HEAD}, cst[] = {T_CELL, T_CELL, T_CELL};
        r++; /* a blank row */
        x_text_row(b, x, r++, head, hst, 3, 1);
        for (size_t i = 0; i < m->n_unused && x->rc == RD_OK; i++) {
            const rd_manifest_unused *u = &m->unused[i];
            const char *cells[] = {u->path ? u->path : "", u->reason ? u->reason : "",
                                   u->message ? u->message : ""};
            x_text_row(b, x, r++, cells, cst, 3,
                       max3(run_lines(u->path), run_lines(u->reason), run_lines(u->message)));
        }
    }
    return x->rc;
}

/* The last row (1-based) the run sheet's deferred rows reach. */
static size_t run_last_row(const struct pending *p)
{
    size_t r = p->row; /* the inputs' header, 1-based */
    for (size_t i = 0; i < p->m->n_inputs; i++)
        r += p->m->inputs[i].path != NULL;
    return p->m->n_unused ? r + 2 + p->m->n_unused : r;
}

/* The data rows of p into the open entry, as row 2 onwards. */
static rd_status write_rows(const book *b, const struct pending *p, xout *x, scratch *sc)
{
    rd_status rc = RD_OK;
    const rd_table *t = p->t;
    char (*col)[4] = malloc(t->n_cols * sizeof *col);
    size_t *ncol = malloc(t->n_cols * sizeof *ncol);
    if (!col || !ncol) {
        rc = rd_fail(b->err, RD_ENOMEM, "%s: sheet %s: out of memory", b->path, t->sheet);
        goto done;
    }
    for (size_t c = 0; c < t->n_cols; c++)
        ncol[c] = col_letters(c, col[c]);
    for (size_t r = 0; r < t->n_rows && rc == RD_OK && x->rc == RD_OK; r++) {
        size_t c = 0;
        while (c < t->n_cols && !has_cell(rd_table_at(t, r, c)))
            c++;
        if (c == t->n_cols)
            continue; /* a row without cells is not written */
        char row[24];
        size_t nrow = (size_t)snprintf(row, sizeof row, "%zu", r + 2);
        size_t lines = row_lines(t, r, p->cp);
        x_row_start(x, row, nrow, lines);
        for (c = 0; c < t->n_cols && rc == RD_OK; c++)
            rc = put_row_cell(b, x, rd_table_at(t, r, c), &p->cp[c], col[c], ncol[c], row, nrow,
                              sc, t->sheet);
        x_put(x, "</row>", 6);
    }
    if (rc == RD_OK)
        rc = x->rc;
done:
    free(col);
    free(ncol);
    return rc;
}

/* The last row (1-based, the header row 1) holding a cell of p's sheet. */
static size_t last_row(const struct pending *p)
{
    for (size_t r = p->t->n_rows; r > 0; r--)
        for (size_t c = 0; c < p->t->n_cols; c++)
            if (has_cell(rd_table_at(p->t, r - 1, c)))
                return r + 1;
    return 1;
}

/* libxlsxwriter's XML of p's sheet (header row only, NUL-terminated) with the data rows,
 * as one deflated entry. */
static rd_status splice_sheet(const book *b, const struct pending *p, const char *name,
                              const char *xml, rd_zipout *z, xout *x, scratch *sc)
{
    static const char dim[] = "<dimension ref=\"";
    rd_status rc = RD_OK;
    const char *d = strstr(xml, dim), *dend = d ? strchr(d + sizeof dim - 1, '"') : NULL;
    const char *close = dend ? strstr(dend, "</sheetData>") : NULL;
    if (!close)
        return rd_fail(b->err, RD_EIO, "%s: sheet %s: libxlsxwriter's sheet XML has no "
                       "dimension or sheet data", b->path, p->t ? p->t->sheet : RD_XLSX_RUN_SHEET);
    char ref[48], lc[4];
    size_t ncols = p->t ? p->t->n_cols : 3, nl = col_letters(ncols - 1, lc),
           lr = p->t ? last_row(p) : run_last_row(p);
    if (lr == 1 && ncols == 1)
        snprintf(ref, sizeof ref, "A1");
    else
        snprintf(ref, sizeof ref, "A1:%.*s%zu", (int)nl, lc, lr);
    if ((rc = rd_zipout_begin(z, name)))
        return rc;
    x->n = 0;
    x_put(x, xml, (size_t)(d - xml) + sizeof dim - 1);
    x_str(x, ref);
    x_put(x, dend, (size_t)(close - dend));
    if ((rc = p->t ? write_rows(b, p, x, sc) : write_run_rows(b, p, x)))
        return rc;
    x_str(x, close);
    x_flush(x);
    if ((rc = x->rc))
        return rc;
    return rd_zipout_end(z);
}

/* The pending sheet stored as entry `name`, or NULL. */
static const struct pending *pending_of(const book *b, const char *name)
{
    static const char pre[] = "xl/worksheets/sheet";
    size_t np = sizeof pre - 1;
    if (strncmp(name, pre, np) != 0)
        return NULL;
    char *end;
    unsigned long k = strtoul(name + np, &end, 10);
    if (end == name + np || strcmp(end, ".xml") != 0)
        return NULL;
    for (size_t i = 0; i < b->n_pend; i++)
        if (b->pend[i].sheet == k)
            return &b->pend[i];
    return NULL;
}

/* Reads entry i of za whole: its raw (still compressed) bytes when raw, else its text with
 * a NUL after it. malloc'd into *data. */
static rd_status read_entry(const book *b, zip_t *za, zip_uint64_t i, const zip_stat_t *st,
                            int raw, char **data)
{
    zip_uint64_t n = raw ? st->comp_size : st->size;
    zip_file_t *f = NULL;
    char *buf = malloc(n + 1);
    rd_status rc = RD_OK;
    *data = NULL;
    if (!buf) {
        rc = rd_fail(b->err, RD_ENOMEM, "%s: %s: out of memory", b->path, st->name);
        goto done;
    }
    if (!(f = zip_fopen_index(za, i, raw ? ZIP_FL_COMPRESSED : 0)) ||
        zip_fread(f, buf, n) != (zip_int64_t)n) {
        rc = rd_fail(b->err, RD_EIO, "%s: cannot read back %s of the assembled workbook: %s",
                     b->path, st->name, zip_strerror(za));
        goto done;
    }
    buf[n] = '\0';
    *data = buf;
    buf = NULL;
done:
    if (f)
        zip_fclose(f);
    free(buf);
    return rc;
}

/* The package libxlsxwriter assembled in `from`, with the data rows, into out (see the
 * section's comment). */
static rd_status assemble(const book *b, const char *from, FILE *out, int threads)
{
    rd_status rc = RD_OK;
    int zerr = 0;
    zip_t *za = zip_open(from, ZIP_RDONLY, &zerr);
    rd_zipout *z = NULL;
    xout x = {NULL, NULL, 0, RD_OK};
    scratch sc = {NULL, 0};
    char *data = NULL;
    if (!za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        rc = rd_fail(b->err, RD_EIO, "%s: cannot read back the assembled workbook: %s", b->path,
                     zip_error_strerror(&ze));
        zip_error_fini(&ze);
        goto done;
    }
    if (!(x.buf = malloc(XBUF))) {
        rc = rd_fail(b->err, RD_ENOMEM, "%s: out of memory", b->path);
        goto done;
    }
    if ((rc = rd_zipout_new(out, b->path, XLSX_DEFLATE_LEVEL, threads, b->err, &z)))
        goto done;
    x.z = z;
    zip_int64_t n = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < n && rc == RD_OK; i++) {
        zip_stat_t st;
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) ||
            !(st.valid & ZIP_STAT_CRC) || !(st.valid & ZIP_STAT_SIZE) ||
            !(st.valid & ZIP_STAT_COMP_SIZE) || !(st.valid & ZIP_STAT_COMP_METHOD)) {
            rc = rd_fail(b->err, RD_EIO, "%s: cannot read back entry %lld of the assembled "
                         "workbook: %s", b->path, (long long)i, zip_strerror(za));
            break;
        }
        const struct pending *p = pending_of(b, st.name);
        if ((rc = read_entry(b, za, (zip_uint64_t)i, &st, !p, &data)))
            break;
        rc = p ? splice_sheet(b, p, st.name, data, z, &x, &sc)
               : rd_zipout_raw(z, st.name, st.comp_method, st.crc, st.comp_size, st.size, data);
        free(data);
        data = NULL;
    }
    if (rc == RD_OK)
        rc = rd_zipout_finish(z);
done:
    rd_zipout_free(z);
    if (za)
        zip_discard(za);
    free(data);
    free(sc.p);
    free(x.buf);
    return rc;
}

/* The checks that need no workbook: a table that does not fit a sheet or whose sheet
 * name cannot be right whatever else is in the workbook. */
static rd_status check_table(const rd_table *t, size_t i, rd_err *err)
{
    if (!t || !t->name || !t->sheet)
        return rd_fail(err, RD_EINVAL, "table %zu is NULL or has no name", i);
    if (!rd_table_ok(t))
        return rd_fail(err, RD_ENOMEM, "table %s is incomplete: it ran out of memory", t->name);
    if (t->n_rows > (size_t)LXW_ROW_MAX - 1)
        return rd_fail(err, RD_EINVAL, "table %s: %zu rows do not fit in a worksheet (at most %d)",
                       t->name, t->n_rows, LXW_ROW_MAX - 1);
    if (t->n_cols > (size_t)LXW_COL_MAX)
        return rd_fail(err, RD_EINVAL,
                       "table %s: %zu columns do not fit in a worksheet (at most %d)", t->name,
                       t->n_cols, LXW_COL_MAX);
    if (!t->sheet[0])
        return rd_fail(err, RD_EINVAL, "table %s has an empty sheet name", t->name);
    if (strcasecmp(t->sheet, RD_XLSX_RUN_SHEET) == 0)
        return rd_fail(err, RD_EINVAL, "table %s: sheet name \"%s\" is reserved for the run sheet",
                       t->name, t->sheet);
    if (strcasecmp(t->sheet, EXPLAIN_SHEET) == 0 || strcasecmp(t->sheet, MATRIX_SHEET) == 0 ||
        strcasecmp(t->sheet, CHART_SHEET) == 0)
        return rd_fail(err, RD_EINVAL, "table %s: sheet name \"%s\" is reserved for a sheet "
                       "rodedraad adds", t->name, t->sheet);
    return RD_OK;
}

/* Closes the workbook (libxlsxwriter assembles it in mo) quietly, and turns what went wrong
 * into err. */
static rd_status close_book(book *b)
{
    rd_status rc = RD_OK;
    quiet q;
    quiet_on(&q);
    lxw_error e = workbook_close(b->wb); /* frees the workbook, whatever the outcome */
    int named = quiet_off(&q);
    b->wb = NULL;
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED || named == ENOMEM)
        rc = rd_fail(b->err, RD_ENOMEM, "%s: out of memory while writing the workbook", b->path);
    else if (e != LXW_NO_ERROR) /* path is not written yet */
        rc = rd_fail(b->err, RD_EIO, "%s: cannot assemble the workbook in temporary files: %s",
                     b->path, named ? strerror(named) : lxw_strerror(e));
    return rc;
}

rd_status rd_xlsx_write(const char *path, const rd_table *const *tables, size_t n,
                         const rd_manifest *m, int threads, rd_err *err)
{
    rd_status rc = RD_OK;
    FILE *out = NULL;
    memout mo = {-1, 0, ""};
    matrix mx;
    int have_matrix = 0;
    const rd_table *segs = NULL; /* for the matrix's segment names and the size chart */
    book b;
    memset(&mx, 0, sizeof mx);
    memset(&b, 0, sizeof b);
    b.path = path;
    b.err = err;
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.created = FIXED_CREATED;

    if (!path || !m || (n > 0 && !tables)) {
        rc = rd_fail(err, RD_EINVAL, "rd_xlsx_write: path, tables or manifest is NULL");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if ((rc = check_table(tables[i], i, err)))
            goto done;
    for (size_t i = 0; i < n; i++)
        if (strcmp(tables[i]->name, "segments") == 0)
            segs = tables[i];

    /* constant_memory: each row goes to a temporary file as it is written, so a sheet of
     * 40,000 respondents costs a few MB instead of a few hundred (rows are written in
     * order, which is all this mode asks; text is stored inline instead of in the shared
     * string table, which Excel and LibreOffice read alike). The sheet files are opened
     * when the sheets are added, the workbook itself at workbook_close. */
    lxw_workbook_options wopt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    memout_open(&mo);
    if (mo.fd < 0) {
        rc = rd_fail(err, RD_EIO, "%s: cannot make a temporary file to assemble the workbook in: "
                     "%s", path, strerror(errno));
        goto done;
    }
    if (!(b.wb = workbook_new_opt(mo.name, &wopt))) {
        rc = rd_fail(err, RD_ENOMEM, "%s: out of memory for the workbook", path);
        goto done;
    }
    if (workbook_set_properties(b.wb, &props) != LXW_NO_ERROR ||
        !(b.bold = workbook_add_format(b.wb)) || !(b.wrap = workbook_add_format(b.wb)) ||
        !(b.top = workbook_add_format(b.wb)) || !(b.pct = workbook_add_format(b.wb)) ||
        !(b.ratio = workbook_add_format(b.wb))) {
        rc = rd_fail(err, RD_ENOMEM, "%s: out of memory for the workbook", path);
        goto done;
    }
    format_set_bold(b.bold);
    format_set_text_wrap(b.bold);
    format_set_align(b.bold, LXW_ALIGN_VERTICAL_TOP);
    format_set_align(b.top, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(b.pct, "0.0%");
    format_set_align(b.pct, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(b.ratio, "0.00");
    format_set_align(b.ratio, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(b.wrap);
    format_set_align(b.wrap, LXW_ALIGN_VERTICAL_TOP); /* long texts read from the top */

    for (size_t i = 0; i < n; i++) {
        if ((rc = write_table(&b, tables[i])))
            goto done;
        if (!have_matrix) {
            int got = matrix_of(tables[i], &mx);
            if (got < 0) {
                rc = rd_fail(err, RD_ENOMEM, "%s: the matrix sheet: out of memory", path);
                goto done;
            }
            if (got && (rc = write_matrix(&b, &mx, segs)))
                goto done;
            have_matrix = got;
            if (!got)
                matrix_free(&mx), memset(&mx, 0, sizeof mx);
        }
    }
    if (segs && (segs->n_rows == 0 || rd_table_col(segs, "segment") == segs->n_cols ||
                 rd_table_col(segs, "size") == segs->n_cols))
        segs = NULL; /* no size chart */
    if ((segs || have_matrix) && (rc = write_charts(&b, segs, have_matrix ? &mx : NULL)))
        goto done;
    if ((rc = write_explain(&b, tables, n, have_matrix, segs || have_matrix)) ||
        (rc = write_run_sheet(&b, m)))
        goto done;

    register_styles(&b);

    /* Only now is path made: a refused table leaves no file. */
    if (!(out = rd__outfile_open(path, err))) {
        rc = RD_EOUTPUT;
        goto done;
    }
    if ((rc = close_book(&b)) == RD_OK && (rc = assemble(&b, mo.name, out, threads)) == RD_OK) {
        rc = rd__outfile_close(out, 0, path, err);
        out = NULL;
    }
done:
    if (out)
        rd__outfile_close(out, 0, path, NULL); /* after a failure already reported */
    if (b.wb)
        lxw_workbook_free(b.wb); /* never closed: nothing was written */
    memout_close(&mo);
    matrix_free(&mx);
    for (size_t i = 0; i < b.n_pend; i++)
        free(b.pend[i].cp);
    free(b.pend);
    rd_table_free(b.explain);
    return rc;
}
