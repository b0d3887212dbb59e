/* io/read/transcript.c — see transcript.h.
 *
 * Two passes over the lines: the first finds label candidates and counts them, the second
 * builds turns with the accepted labels and splits each turn into passages. Strings are
 * collected in one pool by offset and turned into pointers at the end, when the pool no
 * longer moves. */
#include "io/read/transcript.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "nlp/strtab.h"
#include "nlp/tokenise.h"

enum { MAX_LABEL = 40, MAX_LABEL_WORDS = 5, TARGET_WORDS = 150 };

static const char *const interviewer_labels[] = {
    "interviewer", "interviewster", "interviewers", "onderzoeker", "onderzoekster",
    "gespreksleider", "gespreksleidster", "moderator", "facilitator", "begeleider",
    "begeleidster", "int", "intv", "interv", "iv", "i", "q", "vraag", "vragensteller",
    "vragenstelster", "researcher", NULL};

static const char *const respondent_labels[] = {
    "r", "resp", "respondent", "respondente", "a", "antwoord", "bewoner", "bewoonster",
    "huurder", "huurster", "deelnemer", "deelneemster", "geïnterviewde", "partner", "spreker",
    "b", "p", NULL};

static const char *const particles[] = {"van", "de", "der", "den", "ter", "ten", "te", "het",
                                        "'t", "op", "in", "el", "al", "la", "le", "du",
                                        "da", "di", "von", NULL};

typedef struct {
    size_t off, n;     /* label within the text */
    size_t body;       /* where the turn text starts on that line */
    int has_ts;        /* a timestamp came before the label */
    int caps;          /* every word capitalised, a name particle, a number or "(…)" */
} cand;

/* Normalised key of a label: lowercased ASCII, "(…)" and a trailing number dropped. */
static size_t label_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '(')
            break;
        out[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    while (k > 0 && (out[k - 1] == ' ' || out[k - 1] == '.' || (out[k - 1] >= '0' && out[k - 1] <= '9')))
        k--;
    out[k] = '\0';
    return k;
}

static int in_list(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(*list, key) == 0)
            return 1;
    return 0;
}

int rd_transcript_is_interviewer(const char *label, size_t n, const rd_transcript_opts *opts)
{
    char key[MAX_LABEL * 2 + 8], k2[MAX_LABEL * 2 + 8];
    label_key(label, n, key, sizeof key);
    if (in_list(key, interviewer_labels))
        return 1;
    for (size_t i = 0; opts && i < opts->n_interviewers; i++) {
        label_key(opts->interviewers[i], strlen(opts->interviewers[i]), k2, sizeof k2);
        if (strcmp(key, k2) == 0)
            return 1;
    }
    return 0;
}

static int is_respondent_label(const char *s, size_t n)
{
    char key[MAX_LABEL * 2 + 8];
    label_key(s, n, key, sizeof key);
    return in_list(key, respondent_labels);
}

/* A heading: the first non-blank character of the line is '#'. */
static int is_heading(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
        i++;
    return i < n && s[i] == '#';
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* [hh:mm:ss], [mm:ss], (hh:mm:ss), hh:mm:ss with optional .mmm and a trailing " -";
 * returns the offset after it and its trailing spaces, or 0. */
static size_t timestamp(const char *s, size_t n)
{
    size_t i = 0;
    char close = 0;
    if (n && (s[0] == '[' || s[0] == '(')) {
        close = s[0] == '[' ? ']' : ')';
        i = 1;
    }
    int groups = 0;
    for (;;) {
        size_t d = i;
        while (i < n && is_digit(s[i]))
            i++;
        if (i - d < 1 || i - d > 2)
            return 0;
        groups++;
        if (i < n && s[i] == ':' && groups < 3) {
            i++;
            continue;
        }
        break;
    }
    if (groups < 2)
        return 0;
    if (i < n && (s[i] == '.' || s[i] == ',') && i + 1 < n && is_digit(s[i + 1])) {
        i++;
        while (i < n && is_digit(s[i]))
            i++;
    }
    if (close) {
        if (i >= n || s[i] != close)
            return 0;
        i++;
    } else if (i < n && s[i] != ' ' && s[i] != '\t') {
        return 0;
    }
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i + 1 < n && s[i] == '-' && s[i + 1] == ' ') {
        i += 2;
        while (i < n && s[i] == ' ')
            i++;
    }
    return i;
}

static int ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int ascii_alpha(unsigned char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }

int rd_transcript_label_shape(const char *s, size_t n, int *caps)
{
    if (n == 0 || n > MAX_LABEL)
        return 0;
    unsigned char first = (unsigned char)s[0];
    if (first >= 0x80) {
        utf8proc_int32_t cp;
        if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp) < 1)
            return 0;
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat != UTF8PROC_CATEGORY_LU && cat != UTF8PROC_CATEGORY_LL &&
            cat != UTF8PROC_CATEGORY_LT && cat != UTF8PROC_CATEGORY_LM &&
            cat != UTF8PROC_CATEGORY_LO)
            return 0;
    } else if (!ascii_alpha(first)) {
        return 0;
    }
    size_t words = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ') {
            if (i + 1 == n || s[i + 1] == ' ')
                return 0;
            words++;
            continue;
        }
        if (!(ascii_alpha(ch) || ch >= 0x80 || is_digit((char)ch) || ch == '.' || ch == '-' ||
              ch == '\'' || ch == '(' || ch == ')' || ch == '/'))
            return 0;
    }
    if (words > MAX_LABEL_WORDS)
        return 0;
    if (!caps)
        return 1;
    *caps = 1;
    for (size_t w = 0; w < n;) {
        size_t e = w;
        while (e < n && s[e] != ' ')
            e++;
        unsigned char ch = (unsigned char)s[w];
        int ok = ascii_upper(ch) || ch >= 0x80 || is_digit((char)ch) || ch == '(';
        if (!ok && w > 0) {
            char word[16];
            size_t wl = e - w;
            if (wl < sizeof word) {
                memcpy(word, s + w, wl);
                word[wl] = '\0';
                ok = in_list(word, particles);
            }
        }
        if (!ok) {
            *caps = 0;
            break;
        }
        w = e + 1;
    }
    return 1;
}

/* A label candidate on line s[0..n) by its shape: fills c and returns 1, or returns 0.
 * Whether it is a known label is decided once per distinct label by the caller. */
static int find_candidate(const char *s, size_t n, cand *c)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    size_t ts = timestamp(s + i, n - i);
    c->has_ts = ts > 0;
    i += ts;
    size_t b = i;
    const char *colon = memchr(s + b, ':', n - b < MAX_LABEL + 1 ? n - b : MAX_LABEL + 1);
    if (!colon)
        return 0;
    i = (size_t)(colon - s);
    if (!rd_transcript_label_shape(s + b, i - b, &c->caps))
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

/* --- pool ------------------------------------------------------------------------- */

static int pool_put(rd_transcript *t, const char *s, size_t n, size_t *off)
{
    if (t->pool_n + n + 1 > t->pool_cap) {
        size_t nc = t->pool_cap ? t->pool_cap : 4096;
        while (nc < t->pool_n + n + 1)
            nc *= 2;
        char *np = realloc(t->pool, nc);
        if (!np)
            return -1;
        t->pool = np;
        t->pool_cap = nc;
    }
    *off = t->pool_n;
    memcpy(t->pool + t->pool_n, s, n);
    t->pool[t->pool_n + n] = '\0';
    t->pool_n += n + 1;
    return 0;
}

/* While parsing, passage speaker and text hold pool offsets cast to pointers' places. */
typedef struct {
    size_t speaker_off, text_off, text_n;
    uint32_t line;
    rd_role role;
} praw;

typedef struct {
    praw *v;
    size_t n, cap;
} prawlist;

/* --- turns ------------------------------------------------------------------------ */

typedef struct {
    char *text;
    size_t n, cap;
    size_t *seg_off;   /* start of each joined line within text */
    uint32_t *seg_line;
    size_t n_seg, cap_seg;
} turnbuf;

static int turn_append(turnbuf *tb, const char *s, size_t n, uint32_t line)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    while (n && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        n--;
    }
    if (!n)
        return 0;
    if (tb->n + n + 2 > tb->cap) {
        size_t nc = tb->cap ? tb->cap : 1024;
        while (nc < tb->n + n + 2)
            nc *= 2;
        char *nt = realloc(tb->text, nc);
        if (!nt)
            return -1;
        tb->text = nt;
        tb->cap = nc;
    }
    if (tb->n_seg == tb->cap_seg) {
        size_t nc = tb->cap_seg ? tb->cap_seg * 2 : 16;
        size_t *no = realloc(tb->seg_off, nc * sizeof *no);
        if (!no)
            return -1;
        tb->seg_off = no;
        uint32_t *nl = realloc(tb->seg_line, nc * sizeof *nl);
        if (!nl)
            return -1;
        tb->seg_line = nl;
        tb->cap_seg = nc;
    }
    if (tb->n)
        tb->text[tb->n++] = ' ';
    tb->seg_off[tb->n_seg] = tb->n;
    tb->seg_line[tb->n_seg++] = line;
    char *d = tb->text + tb->n;
    memcpy(d, s, n);
    for (size_t i = 0; i < n; i++) /* tab, VT, FF, CR (a line holds no LF) become spaces */
        if ((unsigned char)d[i] <= '\r' && (unsigned char)d[i] >= '\t')
            d[i] = ' ';
    tb->n += n;
    tb->text[tb->n] = '\0';
    return 0;
}

/* The line of the joined segment holding byte off (segments are in offset order). */
static uint32_t line_at(const turnbuf *tb, size_t off)
{
    size_t lo = 0, hi = tb->n_seg; /* the answer is the last k with seg_off[k] <= off */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (tb->seg_off[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return tb->seg_line[lo];
}

static int push_passage(rd_transcript *t, prawlist *pl, size_t spk, rd_role role,
                        const turnbuf *tb, size_t a, size_t b)
{
    while (b > a && tb->text[b - 1] == ' ')
        b--;
    while (a < b && tb->text[a] == ' ')
        a++;
    if (a >= b)
        return 0;
    if (pl->n == pl->cap) {
        size_t nc = pl->cap ? pl->cap * 2 : 32;
        praw *nv = realloc(pl->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        pl->v = nv;
        pl->cap = nc;
    }
    praw *p = &pl->v[pl->n];
    if (pool_put(t, tb->text + a, b - a, &p->text_off))
        return -1;
    p->text_n = b - a;
    p->speaker_off = spk;
    p->line = line_at(tb, a);
    p->role = role;
    pl->n++;
    return 0;
}

/* Splits the finished turn into passages (see the header for the rule). */
static rd_status flush_turn(rd_transcript *t, prawlist *pl, turnbuf *tb, size_t spk,
                            rd_role role, rd_tokens *toks, rd_err *err)
{
    rd_status rc = RD_OK;
    if (!tb->n)
        goto done;
    /* A turn well under the target length is one passage: no need to find sentences. */
    size_t spaces = 0;
    for (size_t i = 0; i < tb->n; i++)
        spaces += tb->text[i] == ' ';
    if (spaces + 1 < TARGET_WORDS * 4 / 5) {
        if (push_passage(t, pl, spk, role, tb, 0, tb->n))
            goto nomem;
        goto done;
    }
    if ((rc = rd_tok_run(tb->text, tb->n, toks, err)) != RD_OK)
        goto done;
    size_t nt = toks->n;
    if (nt == 0) { /* text without words ("...") stays one passage, as short turns do */
        if (push_passage(t, pl, spk, role, tb, 0, tb->n))
            goto nomem;
        goto done;
    }
    size_t words = 0, sent_start = 0;
    size_t pstart = 0; /* byte where the current passage starts */
    for (size_t k = 0; k < nt; k++) {
        int end = (toks->v[k].flags & RD_TOKF_SENT_END) || k + 1 == nt;
        size_t in_sentence = k + 1 - sent_start;
        if (!end && in_sentence >= 2 * TARGET_WORDS && words == 0) {
            end = 1; /* a run-on sentence: cut it */
        }
        if (!end)
            continue;
        size_t w = k + 1 - sent_start;
        if (words > 0 && words + w > TARGET_WORDS * 3 / 2 && words >= TARGET_WORDS / 2) {
            size_t cut = toks->v[sent_start].off;
            if (push_passage(t, pl, spk, role, tb, pstart, cut))
                goto nomem;
            pstart = cut;
            words = 0;
        }
        words += w;
        sent_start = k + 1;
        if (words >= TARGET_WORDS && k + 1 < nt) {
            size_t cut = toks->v[k + 1].off;
            if (push_passage(t, pl, spk, role, tb, pstart, cut))
                goto nomem;
            pstart = cut;
            words = 0;
        }
    }
    if (push_passage(t, pl, spk, role, tb, pstart, tb->n))
        goto nomem;
    goto done;
nomem:
    rc = rd_fail(err, RD_ENOMEM, "passages");
done:
    tb->n = 0;
    tb->n_seg = 0;
    return rc;
}

/* Turns the pool offsets of pl into the passages of t. */
static int publish(rd_transcript *t, const prawlist *pl, int labelled)
{
    if (pl->n > t->cap || !t->v) {
        size_t nc = pl->n ? pl->n : 1;
        rd_passage *nv = realloc(t->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        t->v = nv;
        t->cap = nc;
    }
    t->n = pl->n;
    t->labelled = labelled;
    t->n_respondent = 0;
    for (size_t k = 0; k < pl->n; k++) {
        t->v[k] = (rd_passage){t->pool + pl->v[k].speaker_off, t->pool + pl->v[k].text_off,
                               pl->v[k].text_n, pl->v[k].line, pl->v[k].role};
        t->n_respondent += pl->v[k].role == RD_ROLE_RESPONDENT;
    }
    return 0;
}

void rd_transcript_free(rd_transcript *t)
{
    if (!t)
        return;
    if (!t->borrowed) {
        free(t->v);
        free(t->pool);
    }
    memset(t, 0, sizeof *t);
}

/* --- parsing with a reusable workspace --------------------------------------------- */

/* The distinct label candidates of one file: found by a linear search while there are
 * few (the usual two to five), through a string table once there are more. */
enum { FEW_LABELS = 16 };

typedef struct {
    const char *s;    /* in the text being parsed */
    uint32_t n;
    uint32_t count;   /* evidence: 2 per known or timestamped use, 1 per capitalised use */
    uint8_t known;    /* bit 1: a known role label, bit 2: an interviewer label */
    size_t spk;       /* pool offset of the speaker string, (size_t)-1 until pooled */
} label;

struct rd_transcript_ws {
    rd_transcript t;  /* pool and passages, reused */
    prawlist pl;
    turnbuf tb;
    rd_tokens toks;
    label *lab;
    size_t n_lab, cap_lab;
    rd_strtab *index; /* label -> id, when there are more than FEW_LABELS */
};

rd_status rd_transcript_ws_new(rd_transcript_ws **out, rd_err *err)
{
    if (!(*out = calloc(1, sizeof **out)))
        return rd_fail(err, RD_ENOMEM, "transcript workspace");
    return RD_OK;
}

void rd_transcript_ws_free(rd_transcript_ws *ws)
{
    if (!ws)
        return;
    free(ws->t.v);
    free(ws->t.pool);
    free(ws->pl.v);
    free(ws->tb.text);
    free(ws->tb.seg_off);
    free(ws->tb.seg_line);
    rd_tokens_free(&ws->toks);
    free(ws->lab);
    rd_strtab_free(ws->index);
    free(ws);
}

/* The id of label s[0..n) among the file's candidates, or UINT32_MAX. */
static uint32_t label_find(const rd_transcript_ws *ws, const char *s, size_t n)
{
    if (ws->index) {
        uint32_t id = rd_strtab_find(ws->index, s, n);
        return id == RD_STRTAB_NONE ? UINT32_MAX : id;
    }
    for (size_t k = 0; k < ws->n_lab; k++)
        if (ws->lab[k].n == n && memcmp(ws->lab[k].s, s, n) == 0)
            return (uint32_t)k;
    return UINT32_MAX;
}

/* Adds label s[0..n) (not yet known); its id, or UINT32_MAX when out of memory. */
static uint32_t label_add(rd_transcript_ws *ws, const char *s, size_t n,
                          const rd_transcript_opts *opts)
{
    if (ws->n_lab == ws->cap_lab) {
        size_t nc = ws->cap_lab ? ws->cap_lab * 2 : FEW_LABELS;
        label *nl = realloc(ws->lab, nc * sizeof *nl);
        if (!nl)
            return UINT32_MAX;
        ws->lab = nl;
        ws->cap_lab = nc;
    }
    if (ws->n_lab == FEW_LABELS) { /* many candidates: index them from now on */
        if (!(ws->index = rd_strtab_new(64)))
            return UINT32_MAX;
        for (size_t k = 0; k < ws->n_lab; k++)
            if (rd_strtab_intern(ws->index, ws->lab[k].s, ws->lab[k].n, NULL) == RD_STRTAB_NONE)
                return UINT32_MAX;
    }
    if (ws->index && rd_strtab_intern(ws->index, s, n, NULL) == RD_STRTAB_NONE)
        return UINT32_MAX;
    int iv = rd_transcript_is_interviewer(s, n, opts);
    ws->lab[ws->n_lab] = (label){s, (uint32_t)n, 0, (uint8_t)(iv ? 3 : is_respondent_label(s, n)),
                                 (size_t)-1};
    return (uint32_t)ws->n_lab++;
}

rd_status rd_transcript_parse_ws(const char *text, size_t n, const rd_transcript_opts *opts,
                                 rd_transcript_ws *ws, rd_transcript *out, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_transcript *t = &ws->t;
    prawlist *pl = &ws->pl;
    turnbuf *tb = &ws->tb;
    size_t empty_off = 0;

    memset(out, 0, sizeof *out);
    t->pool_n = 0;
    t->n = 0;
    pl->n = 0;
    tb->n = tb->n_seg = 0;
    ws->n_lab = 0;
    rd_strtab_free(ws->index);
    ws->index = NULL;
    if (n >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF) {
        text += 3; /* byte order mark */
        n -= 3;
    }
    if (pool_put(t, "", 0, &empty_off))
        goto nomem;

    /* Pass 1: count label candidates. */
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - text) : n;
        cand c;
        if (!is_heading(text + i, e - i) && find_candidate(text + i, e - i, &c)) {
            const char *lb = text + i + c.off;
            uint32_t id = label_find(ws, lb, c.n);
            if (id == UINT32_MAX && (id = label_add(ws, lb, c.n, opts)) == UINT32_MAX)
                goto nomem;
            label *L = &ws->lab[id];
            if (L->known || c.caps)
                L->count += c.has_ts || L->known ? 2 : 1;
        }
        i = e + 1;
    }

    /* Pass 2: turns. A labelled file skips the lines before its first label. */
    int labelled = 0, in_turn = 0;
    for (size_t k = 0; k < ws->n_lab; k++)
        labelled |= ws->lab[k].count >= 2;
    size_t spk = empty_off;
    rd_role role = RD_ROLE_RESPONDENT;
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
        } else if (labelled && find_candidate(s, ln, &c) &&
                   (id = label_find(ws, s + c.off, c.n)) != UINT32_MAX && ws->lab[id].count >= 2) {
            label *L = &ws->lab[id];
            if ((rc = flush_turn(t, pl, tb, spk, role, &ws->toks, err)) != RD_OK)
                break;
            in_turn = 1;
            if (L->spk == (size_t)-1 && pool_put(t, s + c.off, c.n, &L->spk))
                goto nomem;
            spk = L->spk;
            role = (L->known & 2) ? RD_ROLE_INTERVIEWER : RD_ROLE_RESPONDENT;
            if (turn_append(tb, s + c.body, ln - c.body, line))
                goto nomem;
        } else if (lead == ln) {
            /* blank line: in an unlabelled file it ends a paragraph-turn */
            if (!labelled && (rc = flush_turn(t, pl, tb, spk, role, &ws->toks, err)) != RD_OK)
                break;
        } else if (in_turn || !labelled) {
            if (turn_append(tb, s, ln, line))
                goto nomem;
        }
        i = e + 1;
    }
    if (rc == RD_OK)
        rc = flush_turn(t, pl, tb, spk, role, &ws->toks, err);
    if (rc != RD_OK)
        goto done;
    if (publish(t, pl, labelled))
        goto nomem;
    *out = *t;
    out->borrowed = 1;
    goto done;
nomem:
    rc = rd_fail(err, RD_ENOMEM, "parsing a transcript of %zu bytes", n);
done:
    return rc;
}

rd_status rd_transcript_parse(const char *text, size_t n, const rd_transcript_opts *opts,
                              rd_transcript *out, rd_err *err)
{
    rd_transcript_ws *ws = NULL;
    rd_transcript tmp;
    rd_transcript_free(out);
    rd_status rc = rd_transcript_ws_new(&ws, err);
    if (rc == RD_OK && (rc = rd_transcript_parse_ws(text, n, opts, ws, &tmp, err)) == RD_OK) {
        /* the workspace's pool and passages become the caller's */
        *out = tmp;
        out->borrowed = 0;
        ws->t.v = NULL;
        ws->t.pool = NULL;
    }
    rd_transcript_ws_free(ws);
    return rc;
}

/* --- building from turns ------------------------------------------------------------ */

struct rd_tbuild {
    const rd_transcript_opts *opts;
    rd_transcript t;     /* the pool grows here; passages are published at the end */
    prawlist pl;
    turnbuf tb;
    rd_tokens toks;
    size_t spk;          /* pool offset of the current speaker */
    rd_role role;
    int labelled;
};

rd_status rd_tbuild_new(const rd_transcript_opts *opts, rd_tbuild **out, rd_err *err)
{
    rd_tbuild *b = calloc(1, sizeof *b);
    if (!b || pool_put(&b->t, "", 0, &b->spk)) {
        free(b);
        return rd_fail(err, RD_ENOMEM, "transcript builder");
    }
    b->opts = opts;
    b->role = RD_ROLE_RESPONDENT;
    *out = b;
    return RD_OK;
}

rd_status rd_tbuild_turn(rd_tbuild *b, const char *speaker, size_t speaker_n, rd_err *err)
{
    rd_status rc = flush_turn(&b->t, &b->pl, &b->tb, b->spk, b->role, &b->toks, err);
    if (rc != RD_OK)
        return rc;
    while (speaker_n && (speaker[0] == ' ' || speaker[0] == '\t')) {
        speaker++;
        speaker_n--;
    }
    while (speaker_n && (speaker[speaker_n - 1] == ' ' || speaker[speaker_n - 1] == '\t'))
        speaker_n--;
    /* a speaker is shown in TSV: no tabs or newlines inside */
    size_t off;
    if (pool_put(&b->t, speaker, speaker_n, &off))
        return rd_fail(err, RD_ENOMEM, "transcript builder");
    for (size_t i = 0; i < speaker_n; i++) {
        char *c = &b->t.pool[off + i];
        if (*c == '\t' || *c == '\n' || *c == '\r' || *c == '\v' || *c == '\f')
            *c = ' ';
    }
    b->spk = off;
    b->role = speaker_n && rd_transcript_is_interviewer(speaker, speaker_n, b->opts)
                  ? RD_ROLE_INTERVIEWER
                  : RD_ROLE_RESPONDENT;
    b->labelled |= speaker_n > 0;
    return RD_OK;
}

rd_status rd_tbuild_text(rd_tbuild *b, const char *text, size_t n, uint32_t line, rd_err *err)
{
    for (size_t i = 0; i <= n;) {
        size_t e = i;
        while (e < n && text[e] != '\n')
            e++;
        if (e > i && turn_append(&b->tb, text + i, e - i, line))
            return rd_fail(err, RD_ENOMEM, "transcript builder");
        line++;
        i = e + 1;
    }
    return RD_OK;
}

rd_status rd_tbuild_finish(rd_tbuild *b, rd_transcript *out, rd_err *err)
{
    rd_status rc = flush_turn(&b->t, &b->pl, &b->tb, b->spk, b->role, &b->toks, err);
    if (rc != RD_OK)
        return rc;
    if (publish(&b->t, &b->pl, b->labelled))
        return rd_fail(err, RD_ENOMEM, "transcript builder");
    rd_transcript_free(out);
    *out = b->t;
    memset(&b->t, 0, sizeof b->t);
    b->pl.n = 0;
    return RD_OK;
}

void rd_tbuild_free(rd_tbuild *b)
{
    if (!b)
        return;
    rd_transcript_free(&b->t);
    free(b->pl.v);
    free(b->tb.text);
    free(b->tb.seg_off);
    free(b->tb.seg_line);
    rd_tokens_free(&b->toks);
    free(b);
}
