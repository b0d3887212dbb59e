/* nlp/transcript.c — see transcript.h.
 *
 * Strings (speakers, passage texts) are collected in one pool by offset and turned into
 * pointers when the transcript is finished, when the pool no longer moves. A turn's lines
 * are gathered in a turn buffer that remembers where each line starts, so each passage
 * gets the line where its text starts. */
#include "nlp/transcript.h"

#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "nlp/tokenise.h"

enum { TARGET_WORDS = RD_TRANSCRIPT_TARGET_WORDS };

/* While building, passage speaker and text are pool offsets. */
typedef struct {
    size_t speaker_off, text_off, text_n;
    uint32_t line;
    rd_role role;
} praw;

/* The turn in progress: its text (lines joined by spaces) and where each line starts. */
typedef struct {
    char *text;
    size_t n, cap;
    size_t *seg_off;   /* start of each joined line within text */
    uint32_t *seg_line;
    size_t n_seg, cap_seg;
} turnbuf;

struct rd_transcript_builder {
    rd_transcript t;   /* the pool grows here; passages are published at the end */
    praw *pv;          /* the passages so far */
    size_t pn, pcap;
    turnbuf tb;
    rd_tokens toks;
    size_t spk;        /* pool offset of the current speaker */
    rd_role role;
    int labelled;
};

static int pool_put(rd_transcript *t, const char *s, size_t n, size_t *off)
{
    if (RD_GROW_MIN(t->pool, t->pool_cap, t->pool_n + n + 1, 256))
        return -1;
    *off = t->pool_n;
    memcpy(t->pool + t->pool_n, s, n);
    t->pool[t->pool_n + n] = '\0';
    t->pool_n += n + 1;
    return 0;
}

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
    if (RD_GROW_MIN(tb->text, tb->cap, tb->n + n + 2, 256))
        return -1;
    if (tb->n_seg == tb->cap_seg) {
        size_t nc = rd_grow_cap(tb->cap_seg, tb->n_seg + 1, 4);
        if (!nc || RD_RESIZE(tb->seg_off, nc) || RD_RESIZE(tb->seg_line, nc))
            return -1;
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

/* The passage tb->text[a..b), trimmed; nothing when it is blank. */
static int push_passage(rd_transcript_builder *b, size_t a, size_t e)
{
    const turnbuf *tb = &b->tb;
    while (e > a && tb->text[e - 1] == ' ')
        e--;
    while (a < e && tb->text[a] == ' ')
        a++;
    if (a >= e)
        return 0;
    if (RD_GROW_MIN(b->pv, b->pcap, b->pn + 1, 4))
        return -1;
    praw *p = &b->pv[b->pn];
    if (pool_put(&b->t, tb->text + a, e - a, &p->text_off))
        return -1;
    p->text_n = e - a;
    p->speaker_off = b->spk;
    p->line = line_at(tb, a);
    p->role = b->role;
    b->pn++;
    return 0;
}

/* Cuts the turn text[0..n) into passages at sentence ends (see the header for the rule). */
static rd_status split_turn(rd_transcript_builder *b, rd_err *err)
{
    turnbuf *tb = &b->tb;
    rd_status rc = rd_tok_run(tb->text, tb->n, &b->toks, err);
    if (rc != RD_OK)
        return rc;
    const rd_token *tk = b->toks.v;
    size_t nt = b->toks.n;
    if (nt == 0) /* text without words ("...") stays one passage, as short turns do */
        return push_passage(b, 0, tb->n) ? RD_ENOMEM : RD_OK;
    size_t words = 0, sent_start = 0;
    size_t pstart = 0; /* byte where the current passage starts */
    for (size_t k = 0; k < nt; k++) {
        int end = (tk[k].flags & RD_TOKF_SENT_END) || k + 1 == nt;
        size_t in_sentence = k + 1 - sent_start;
        if (!end && in_sentence >= 2 * TARGET_WORDS && words == 0)
            end = 1; /* a run-on sentence: cut it */
        if (!end)
            continue;
        size_t w = k + 1 - sent_start;
        if (words > 0 && words + w > TARGET_WORDS * 3 / 2 && words >= TARGET_WORDS / 2) {
            size_t cut = tk[sent_start].off;
            if (push_passage(b, pstart, cut))
                return RD_ENOMEM;
            pstart = cut;
            words = 0;
        }
        words += w;
        sent_start = k + 1;
        if (words >= TARGET_WORDS && k + 1 < nt) {
            size_t cut = tk[k + 1].off;
            if (push_passage(b, pstart, cut))
                return RD_ENOMEM;
            pstart = cut;
            words = 0;
        }
    }
    return push_passage(b, pstart, tb->n) ? RD_ENOMEM : RD_OK;
}

/* Splits the finished turn into passages and empties the turn buffer. */
static rd_status flush_turn(rd_transcript_builder *b, rd_err *err)
{
    turnbuf *tb = &b->tb;
    rd_status rc = RD_OK;
    if (!tb->n)
        return RD_OK;
    /* A turn well under the target length is one passage: no need to find sentences. */
    size_t spaces = 0;
    for (size_t i = 0; i < tb->n; i++)
        spaces += tb->text[i] == ' ';
    if (spaces + 1 < TARGET_WORDS * 4 / 5)
        rc = push_passage(b, 0, tb->n) ? RD_ENOMEM : RD_OK;
    else
        rc = split_turn(b, err);
    tb->n = 0;
    tb->n_seg = 0;
    return rc == RD_ENOMEM ? rd_fail(err, RD_ENOMEM, "passages") : rc;
}

/* Turns the pool offsets of the passages into the passages of b->t. */
static int publish(rd_transcript_builder *b)
{
    rd_transcript *t = &b->t;
    if (b->pn > t->cap || !t->v) {
        size_t nc = b->pn ? b->pn : 1;
        if (RD_RESIZE(t->v, nc))
            return -1;
        t->cap = nc;
    }
    t->n = b->pn;
    t->labelled = b->labelled;
    t->n_respondent = 0;
    for (size_t k = 0; k < b->pn; k++) {
        const praw *p = &b->pv[k];
        t->v[k] = (rd_passage){t->pool + p->speaker_off, t->pool + p->text_off, p->text_n,
                               p->line, p->role};
        t->n_respondent += p->role == RD_ROLE_RESPONDENT;
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

rd_status rd_transcript_build_new(rd_transcript_builder **out, rd_err *err)
{
    rd_transcript_builder *b = calloc(1, sizeof *b);
    *out = NULL;
    if (!b)
        return rd_fail(err, RD_ENOMEM, "transcript builder");
    rd_status rc = rd_transcript_build_reset(b, err);
    if (rc != RD_OK) {
        rd_transcript_build_free(b);
        return rc;
    }
    *out = b;
    return RD_OK;
}

void rd_transcript_build_free(rd_transcript_builder *b)
{
    if (!b)
        return;
    free(b->t.v);
    free(b->t.pool);
    free(b->pv);
    free(b->tb.text);
    free(b->tb.seg_off);
    free(b->tb.seg_line);
    rd_tokens_free(&b->toks);
    free(b);
}

rd_status rd_transcript_build_reset(rd_transcript_builder *b, rd_err *err)
{
    size_t empty;
    b->t.pool_n = 0;
    b->t.n = 0;
    b->pn = 0;
    b->tb.n = b->tb.n_seg = 0;
    b->role = RD_ROLE_RESPONDENT;
    b->labelled = 0;
    if (pool_put(&b->t, "", 0, &empty)) /* the empty speaker: RD_TRANSCRIPT_NO_SPEAKER */
        return rd_fail(err, RD_ENOMEM, "transcript builder");
    b->spk = empty;
    return RD_OK;
}

rd_status rd_transcript_build_speaker(rd_transcript_builder *b, const char *s, size_t n,
                                      size_t *spk, rd_err *err)
{
    while (n && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (pool_put(&b->t, s, n, spk))
        return rd_fail(err, RD_ENOMEM, "transcript builder");
    /* a speaker is shown in TSV: no tabs or line breaks inside */
    for (size_t i = 0; i < n; i++) {
        char *c = &b->t.pool[*spk + i];
        if (*c == '\t' || *c == '\n' || *c == '\r' || *c == '\v' || *c == '\f')
            *c = ' ';
    }
    return RD_OK;
}

rd_status rd_transcript_build_turn(rd_transcript_builder *b, size_t spk, rd_role role,
                                   rd_err *err)
{
    rd_status rc = flush_turn(b, err);
    if (rc != RD_OK)
        return rc;
    b->spk = spk;
    b->role = role;
    b->labelled |= b->t.pool[spk] != '\0';
    return RD_OK;
}

rd_status rd_transcript_build_break(rd_transcript_builder *b, rd_err *err)
{
    return flush_turn(b, err);
}

rd_status rd_transcript_build_line(rd_transcript_builder *b, const char *s, size_t n,
                                   uint32_t line, rd_err *err)
{
    return turn_append(&b->tb, s, n, line) ? rd_fail(err, RD_ENOMEM, "transcript builder")
                                           : RD_OK;
}

rd_status rd_transcript_build_text(rd_transcript_builder *b, const char *text, size_t n,
                                   uint32_t line, rd_err *err)
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

rd_status rd_transcript_build_borrow(rd_transcript_builder *b, rd_transcript *out, rd_err *err)
{
    rd_status rc = flush_turn(b, err);
    memset(out, 0, sizeof *out);
    if (rc != RD_OK)
        return rc;
    if (publish(b))
        return rd_fail(err, RD_ENOMEM, "transcript builder");
    *out = b->t;
    out->borrowed = 1;
    return RD_OK;
}

rd_status rd_transcript_build_finish(rd_transcript_builder *b, rd_transcript *out, rd_err *err)
{
    rd_transcript tmp;
    rd_status rc = rd_transcript_build_borrow(b, &tmp, err);
    if (rc != RD_OK)
        return rc;
    rd_transcript_free(out);
    *out = tmp;
    out->borrowed = 0;
    memset(&b->t, 0, sizeof b->t); /* the pool and passages are the caller's now */
    /* The scratch goes too: a CSV file keeps one builder per respondent until its last
     * row, and their token and turn buffers were most of the memory of a large export. */
    rd_tokens_free(&b->toks);
    free(b->tb.text);
    free(b->tb.seg_off);
    free(b->tb.seg_line);
    free(b->pv);
    b->tb = (turnbuf){0};
    b->pv = NULL;
    b->pcap = 0;
    return rd_transcript_build_reset(b, err);
}
