/* io/read/text.c — see text.h.
 *
 * Two passes over the lines: the first finds label candidates and gathers the evidence for
 * each (lines it starts, timestamps, its first line and whether that line's text opens a
 * sentence); then io/read/labels.h's rule decides which are speakers; the second pass
 * builds turns with them through the transcript builder. */
#include "io/read/text.h"

#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "io/read/timestamp.h"
#include "nlp/strtab.h"

enum { MAX_LABEL = RD_LABELS_MAX_BYTES };

typedef struct {
    size_t off, n;     /* label within the text */
    size_t body;       /* where the turn text starts on that line */
    int has_ts;        /* a timestamp came before the label */
    int header;        /* a header line `Label  0:03` */
} cand;

/* A heading: the first non-blank character of the line is '#'. */
static int is_heading(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
        i++;
    return i < n && s[i] == '#';
}

/* A label candidate on line s[0..n) by its shape: fills c and returns 1, or returns 0.
 * Whether it is a known label is decided once per distinct label by the caller. */
static int find_candidate(const char *s, size_t n, cand *c)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    size_t ts = rd_timestamp_line(s + i, n - i);
    c->has_ts = ts > 0;
    c->header = 0;
    i += ts;
    size_t b = i;
    const char *colon = memchr(s + b, ':', n - b < MAX_LABEL + 1 ? n - b : MAX_LABEL + 1);
    if (!colon)
        return 0;
    i = (size_t)(colon - s);
    if (!rd_labels_shape(s + b, i - b, NULL))
        return 0;
    if (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t')
        return 0; /* 14:30, http: */
    c->off = b;
    c->n = i - b;
    c->body = i + 1;
    while (c->body < n && (s[c->body] == ' ' || s[c->body] == '\t'))
        c->body++;
    return 1;
}

static int blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

/* A header line on s[0..n): a label, blanks and a timestamp mark, nothing else
 * (`Jan de Vries   0:03`, `Interviewer [00:01:02]`), as Teams and other exports write the
 * speaker and the time on a line of their own with the words on the next lines. Fills c
 * (the text is empty: it follows on the next lines) and returns 1, or returns 0. Cheap on
 * other lines: it looks further only when the line ends in a digit, ']' or ')'. */
static int find_header(const char *s, size_t n, cand *c)
{
    size_t b = 0, e = n;
    while (e > 0 && blank(s[e - 1]))
        e--;
    if (e == 0 || !((s[e - 1] >= '0' && s[e - 1] <= '9') || s[e - 1] == ']' || s[e - 1] == ')'))
        return 0;
    while (b < e && blank(s[b]))
        b++;
    for (size_t p = b + 1; p < e && p <= b + MAX_LABEL; p++) {
        if (!blank(s[p]) || blank(s[p - 1]) || !rd_timestamp_cell(s + p, e - p))
            continue;
        if (!rd_labels_shape(s + b, p - b, NULL))
            return 0;
        *c = (cand){b, p - b, n, 1, 1};
        return 1;
    }
    return 0;
}

/* The distinct label candidates of one file: found by a linear search while there are
 * few (the usual two to five), through a string table once there are more. */
enum { FEW_LABELS = 16 };

typedef struct {
    rd_labels_cand c; /* the label in the text, its evidence, first line (offset), verdict */
    uint32_t huses;   /* header lines `Label  0:03` it starts (saturating) */
    uint8_t iv;       /* an interviewer label */
    size_t spk;       /* the builder's speaker handle, (size_t)-1 until kept */
} label;

struct rd_text_ws {
    rd_transcript_builder *b;
    label *lab;
    size_t n_lab, cap_lab;
    rd_strtab *index; /* label -> id, when there are more than FEW_LABELS */
    size_t talk;      /* where the conversation starts: the first line of a label accepted
                         without it, SIZE_MAX when none is */
    size_t n_header;  /* header lines (find_header) in the file */
};

rd_status rd_text_ws_new(rd_text_ws **out, rd_err *err)
{
    rd_text_ws *ws = calloc(1, sizeof *ws);
    *out = NULL;
    if (!ws)
        return rd_fail(err, RD_ENOMEM, "transcript workspace");
    rd_status rc = rd_transcript_build_new(&ws->b, err);
    if (rc != RD_OK) {
        free(ws);
        return rc;
    }
    *out = ws;
    return RD_OK;
}

void rd_text_ws_free(rd_text_ws *ws)
{
    if (!ws)
        return;
    rd_transcript_build_free(ws->b);
    free(ws->lab);
    rd_strtab_free(ws->index);
    free(ws);
}

/* The id of label s[0..n) among the file's candidates, or UINT32_MAX. */
static uint32_t label_find(const rd_text_ws *ws, const char *s, size_t n)
{
    if (ws->index) {
        uint32_t id = rd_strtab_find(ws->index, s, n);
        return id == RD_STRTAB_NONE ? UINT32_MAX : id;
    }
    for (size_t k = 0; k < ws->n_lab; k++)
        if (ws->lab[k].c.n == n && memcmp(ws->lab[k].c.s, s, n) == 0)
            return (uint32_t)k;
    return UINT32_MAX;
}

/* Adds label s[0..n) (not yet known), first used on the line at offset first; its id, or
 * UINT32_MAX when out of memory. */
static uint32_t label_add(rd_text_ws *ws, const char *s, size_t n, size_t first,
                          const rd_labels_opts *opts)
{
    if (RD_GROW_MIN(ws->lab, ws->cap_lab, ws->n_lab + 1, FEW_LABELS))
        return UINT32_MAX;
    if (ws->n_lab == FEW_LABELS) { /* many candidates: index them from now on */
        if (!(ws->index = rd_strtab_new(64)))
            return UINT32_MAX;
        for (size_t k = 0; k < ws->n_lab; k++)
            if (rd_strtab_intern(ws->index, ws->lab[k].c.s, ws->lab[k].c.n, NULL) == RD_STRTAB_NONE)
                return UINT32_MAX;
    }
    if (ws->index && rd_strtab_intern(ws->index, s, n, NULL) == RD_STRTAB_NONE)
        return UINT32_MAX;
    label *L = &ws->lab[ws->n_lab];
    memset(L, 0, sizeof *L);
    L->c.s = s;
    L->c.n = (uint32_t)n;
    L->c.first = first;
    L->iv = (uint8_t)rd_labels_is_interviewer(s, n, opts);
    L->spk = (size_t)-1;
    return (uint32_t)ws->n_lab++;
}

/* Pass 1: finds the label candidates of text[0..n) and what the file says about each:
 * how many lines each starts, whether a timestamp stood before it, where it is first used
 * and whether its first text opens a sentence. 0, or -1 when out of memory. */
static int count_labels(rd_text_ws *ws, const char *text, size_t n, const rd_labels_opts *opts)
{
    ws->n_header = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - text) : n;
        cand c;
        if (!is_heading(text + i, e - i) &&
            (find_candidate(text + i, e - i, &c) || find_header(text + i, e - i, &c))) {
            const char *lb = text + i + c.off;
            uint32_t id = label_find(ws, lb, c.n);
            if (id == UINT32_MAX) {
                if ((id = label_add(ws, lb, c.n, i, opts)) == UINT32_MAX)
                    return -1;
                ws->lab[id].c.ev.opens = rd_labels_opens(text + i + c.body, e - i - c.body);
            }
            label *L = &ws->lab[id];
            if (c.header) {
                L->huses += L->huses < UINT32_MAX;
                ws->n_header++;
            } else {
                L->c.ev.uses += L->c.ev.uses < UINT32_MAX;
                L->c.ev.timestamped |= c.has_ts;
            }
        }
        i = e + 1;
    }
    return 0;
}

/* Header lines count when the file has two or more of them (a lone "Dinsdag 14:30" is a
 * line of text): then each is a use with a timestamp. */
static void count_headers(rd_text_ws *ws)
{
    for (size_t k = 0; ws->n_header >= 2 && k < ws->n_lab; k++) {
        label *L = &ws->lab[k];
        uint32_t u = L->c.ev.uses;
        if (L->huses) {
            L->c.ev.uses = u + L->huses < u ? UINT32_MAX : u + L->huses;
            L->c.ev.timestamped = 1;
        }
    }
}

/* Which candidates are speakers (rd_labels_decide; a name used once that would go on an
 * interviewer's turn is decided in pass 2, where turns are known). 1 when some label is a
 * speaker (the file is labelled), else 0. */
static int accept_labels(rd_text_ws *ws, const rd_labels_opts *opts)
{
    int labelled = 0;
    count_headers(ws);
    ws->talk = SIZE_MAX;
    if (ws->n_lab)
        ws->talk = rd_labels_decide(&ws->lab[0].c, ws->n_lab, sizeof *ws->lab, SIZE_MAX, opts);
    for (size_t k = 0; k < ws->n_lab; k++)
        labelled |= ws->lab[k].c.speaker;
    return labelled;
}

/* Pass 2: turns. A labelled file skips the lines before its first label. */
static rd_status build_turns(rd_text_ws *ws, const char *text, size_t n, int labelled,
                             const rd_labels_opts *opts, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_transcript_builder *b = ws->b;
    int in_turn = 0, by_interviewer = 0;
    uint32_t line = 0;
    for (size_t i = 0; i < n && rc == RD_OK;) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - text) : n;
        line++;
        const char *s = text + i;
        size_t ln = e - i;
        size_t lead = 0;
        while (lead < ln && (s[lead] == ' ' || s[lead] == '\t' || s[lead] == '\r'))
            lead++;
        cand c;
        uint32_t id;
        if (is_heading(s, ln)) {
            /* heading: skipped */
        } else if (labelled &&
                   (find_candidate(s, ln, &c) || (ws->n_header >= 2 && find_header(s, ln, &c))) &&
                   (id = label_find(ws, s + c.off, c.n)) != UINT32_MAX &&
                   (ws->lab[id].c.speaker ||
                    (by_interviewer && rd_labels_decide_late(&ws->lab[id].c, ws->talk, opts)))) {
            label *L = &ws->lab[id];
            in_turn = 1;
            by_interviewer = L->iv;
            if (L->spk == (size_t)-1 &&
                (rc = rd_transcript_build_speaker(b, s + c.off, c.n, &L->spk, err)) != RD_OK)
                break;
            rd_role role = L->iv ? RD_ROLE_INTERVIEWER : RD_ROLE_RESPONDENT;
            if ((rc = rd_transcript_build_turn(b, L->spk, role, err)) != RD_OK ||
                (rc = rd_transcript_build_line(b, s + c.body, ln - c.body, line, err)) != RD_OK)
                break;
        } else if (lead == ln) {
            /* blank line: in an unlabelled file it ends a paragraph-turn */
            if (!labelled)
                rc = rd_transcript_build_break(b, err);
        } else if (in_turn || !labelled) {
            rc = rd_transcript_build_line(b, s, ln, line, err);
        }
        i = e + 1;
    }
    return rc;
}

/* Both passes; the transcript is then in ws's builder, ready to be borrowed or taken. */
static rd_status parse(const char *text, size_t n, const rd_labels_opts *opts, rd_text_ws *ws,
                       rd_err *err)
{
    rd_status rc;
    ws->n_lab = 0;
    rd_strtab_free(ws->index);
    ws->index = NULL;
    if (n >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF) {
        text += 3; /* byte order mark */
        n -= 3;
    }
    if ((rc = rd_transcript_build_reset(ws->b, err)) != RD_OK)
        return rc;
    if (count_labels(ws, text, n, opts) < 0)
        return rd_fail(err, RD_ENOMEM, "parsing a transcript of %zu bytes", n);
    return build_turns(ws, text, n, accept_labels(ws, opts), opts, err);
}

rd_status rd_text_parse_ws(const char *text, size_t n, const rd_labels_opts *opts,
                           rd_text_ws *ws, rd_transcript *out, rd_err *err)
{
    memset(out, 0, sizeof *out);
    rd_status rc = parse(text, n, opts, ws, err);
    return rc != RD_OK ? rc : rd_transcript_build_borrow(ws->b, out, err);
}

rd_status rd_text_parse(const char *text, size_t n, const rd_labels_opts *opts,
                        rd_transcript *out, rd_err *err)
{
    rd_text_ws *ws = NULL;
    rd_transcript_free(out);
    rd_status rc = rd_text_ws_new(&ws, err);
    if (rc == RD_OK && (rc = parse(text, n, opts, ws, err)) == RD_OK)
        rc = rd_transcript_build_finish(ws->b, out, err);
    rd_text_ws_free(ws);
    return rc;
}
