/* nlp/journey.c — see journey.h. The cue words' stems live in one rd_strtab; each cue is a
 * run of word ids; per word id a chain of the cues that start with it, longest first, so
 * that the first cue of the chain that matches is the longest one. */
#include "nlp/journey.h"

#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "nlp/stem.h"
#include "nlp/stopwords.h"
#include "nlp/strtab.h"
#include "nlp/tokenise.h"
#include "nlp/utf8.h"
#include "nlp/wordlist.h"

extern const unsigned char rd__builtin_journey[];
extern const size_t rd__builtin_journey_len;

#define NONE UINT32_MAX
#define UNSEEN (UINT32_MAX - 1)

struct rd_journey {
    size_t n_stages;
    char *key[RD_JOURNEY_MAX_STAGES];
    char *title[RD_JOURNEY_MAX_STAGES];
    size_t n_cues_of[RD_JOURNEY_MAX_STAGES];
    rd_strtab *words;   /* the cue words' stems */
    uint32_t *head;     /* per word id: first cue starting with it, or NONE */
    size_t cap_head;
    uint32_t *stage, *off, *len, *next; /* per cue */
    size_t n_cues, cap_cues;
    uint32_t *seq;      /* the cues' word ids, cue c at seq[off[c] .. off[c] + len[c]) */
    size_t n_seq, cap_seq;
    char *text;         /* the list it was loaded from (rd_journey_text) */
    size_t text_n;
};

struct rd_journey_scan {
    const rd_journey *j;
    rd_stemmer *st;
    uint32_t *fw;       /* per form of the analyser: its word id, NONE, or UNSEEN */
    size_t cap_fw;
};

void rd_journey_free(rd_journey *j)
{
    if (!j)
        return;
    for (size_t s = 0; s < j->n_stages; s++) {
        free(j->key[s]);
        free(j->title[s]);
    }
    rd_strtab_free(j->words);
    free(j->text);
    free(j->head);
    free(j->stage);
    free(j->off);
    free(j->len);
    free(j->next);
    free(j->seq);
    free(j);
}

size_t rd_journey_stages(const rd_journey *j) { return j->n_stages; }
const char *rd_journey_key(const rd_journey *j, size_t s) { return j->key[s]; }
const char *rd_journey_title(const rd_journey *j, size_t s) { return j->title[s]; }
size_t rd_journey_cues(const rd_journey *j, size_t s) { return j->n_cues_of[s]; }

static int key_ok(const char *k, size_t n)
{
    if (n == 0 || n > 32)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = k[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

/* The stem of form f of an (its word id key in ids), through st. */
static rd_status form_stem(rd_an *an, rd_stemmer *st, uint32_t f, const char **stem,
                           size_t *sn, rd_err *err)
{
    size_t wn;
    const char *w = rd_an_form_str(an, f, &wn);
    uint32_t id;
    rd_status rc = rd_stem_id(st, w, rd_an_stem_len(w, wn), &id, err);
    if (rc == RD_OK)
        *stem = rd_stem_str(st, id, sn);
    return rc;
}

/* Adds the cue of the analyser's last run (over line text) to stage s. */
static rd_status add_cue(rd_journey *j, rd_an *an, rd_stemmer *st, size_t s, const char *origin,
                         size_t line, rd_err *err)
{
    size_t nt = rd_an_count(an), nw = 0;
    const rd_token *tk = rd_an_tokens(an);
    const uint32_t *form = rd_an_forms(an);
    uint32_t ids[RD_JOURNEY_MAX_WORDS];
    for (size_t k = 0; k < nt; k++) {
        if (tk[k].kind != RD_TOK_WORD || form[k] == RD_AN_NOFORM)
            return rd_fail(err, RD_EDATA,
                           "%s:%zu: a cue holds only words (no numbers, dates, addresses or "
                           "abbreviations with a dot)",
                           origin, line);
        if (nw == RD_JOURNEY_MAX_WORDS)
            return rd_fail(err, RD_EDATA, "%s:%zu: a cue has at most %d words", origin, line,
                           RD_JOURNEY_MAX_WORDS);
        const char *stem;
        size_t sn;
        rd_status rc = form_stem(an, st, form[k], &stem, &sn, err);
        if (rc != RD_OK)
            return rc;
        if ((ids[nw++] = rd_strtab_intern(j->words, stem, sn, NULL)) == RD_STRTAB_NONE)
            return rd_fail(err, RD_ENOMEM, "journey cues");
    }
    if (nw == 0)
        return rd_fail(err, RD_EDATA, "%s:%zu: a cue without a word", origin, line);
    size_t nwords = rd_strtab_count(j->words);
    if (nwords > j->cap_head) {
        size_t old = j->cap_head;
        if (RD_GROW_MIN(j->head, j->cap_head, nwords, 256))
            return rd_fail(err, RD_ENOMEM, "journey cues");
        for (size_t i = old; i < j->cap_head; i++)
            j->head[i] = NONE;
    }
    if (j->n_cues + 1 > j->cap_cues) {
        size_t nc = rd_grow_cap(j->cap_cues, j->n_cues + 1, 256);
        if (!nc || RD_RESIZE(j->stage, nc) || RD_RESIZE(j->off, nc) || RD_RESIZE(j->len, nc) ||
            RD_RESIZE(j->next, nc))
            return rd_fail(err, RD_ENOMEM, "journey cues");
        j->cap_cues = nc;
    }
    if (RD_GROW_MIN(j->seq, j->cap_seq, j->n_seq + nw, 1024))
        return rd_fail(err, RD_ENOMEM, "journey cues");
    uint32_t c = (uint32_t)j->n_cues++;
    j->stage[c] = (uint32_t)s;
    j->off[c] = (uint32_t)j->n_seq;
    j->len[c] = (uint32_t)nw;
    memcpy(j->seq + j->n_seq, ids, nw * sizeof *ids);
    j->n_seq += nw;
    /* into its first word's chain, after the longer (and equally long, earlier) cues */
    uint32_t *at = &j->head[ids[0]];
    while (*at != NONE && j->len[*at] >= nw)
        at = &j->next[*at];
    j->next[c] = *at;
    *at = c;
    j->n_cues_of[s]++;
    return RD_OK;
}

/* A "stage KEY Title" line at [b, e) of text: the new stage. */
static rd_status add_stage(rd_journey *j, const char *text, size_t b, size_t e,
                           const char *origin, size_t line, rd_err *err)
{
    size_t k = b + 5;
    while (k < e && (text[k] == ' ' || text[k] == '\t'))
        k++;
    size_t kb = k;
    while (k < e && text[k] != ' ' && text[k] != '\t')
        k++;
    size_t ke = k;
    while (k < e && (text[k] == ' ' || text[k] == '\t'))
        k++;
    if (!key_ok(text + kb, ke - kb))
        return rd_fail(err, RD_EDATA,
                       "%s:%zu: expected \"stage KEY Title\" with a KEY of 1 to 32 letters, "
                       "digits, '-' or '_'",
                       origin, line);
    for (size_t s = 0; s < j->n_stages; s++)
        if (strlen(j->key[s]) == ke - kb && memcmp(j->key[s], text + kb, ke - kb) == 0)
            return rd_fail(err, RD_EDATA, "%s:%zu: stage '%s' is given twice", origin, line,
                           j->key[s]);
    if (j->n_stages == RD_JOURNEY_MAX_STAGES)
        return rd_fail(err, RD_EDATA, "%s:%zu: more than %d stages", origin, line,
                       RD_JOURNEY_MAX_STAGES);
    size_t s = j->n_stages;
    if (!(j->key[s] = strndup(text + kb, ke - kb)) ||
        !(j->title[s] = k < e ? strndup(text + k, e - k) : strndup(text + kb, ke - kb))) {
        free(j->key[s]);
        j->key[s] = NULL;
        return rd_fail(err, RD_ENOMEM, "journey stages");
    }
    j->n_cues_of[s] = 0;
    j->n_stages++;
    return RD_OK;
}

static int is_stage_line(const char *t, size_t b, size_t e)
{
    return e - b >= 5 && memcmp(t + b, "stage", 5) == 0 &&
           (e - b == 5 || t[b + 5] == ' ' || t[b + 5] == '\t');
}

rd_status rd_journey_load(const char *text, size_t n, const char *origin, const char *algo,
                          rd_journey **out, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_journey *j = NULL;
    rd_stop *none = NULL;
    rd_an *an = NULL;
    rd_stemmer *st = NULL;
    size_t bad, line = 0, stage_line = 0, i = 0, b, e;
    *out = NULL;
    if (!rd_utf8_valid(text, n, &bad))
        return rd_fail(err, RD_EUTF8, "%s: invalid UTF-8 at byte %zu (line %zu)", origin, bad,
                       rd_utf8_line_of(text, bad));
    if (!(j = calloc(1, sizeof *j)) || !(j->words = rd_strtab_new(512)) ||
        !(j->text = malloc(n + 1))) {
        rc = rd_fail(err, RD_ENOMEM, "journey");
        goto done;
    }
    memcpy(j->text, text, n);
    j->text[n] = '\0';
    j->text_n = n;
    if ((rc = rd_stop_new(&none, err)) != RD_OK || (rc = rd_an_new(none, algo, &an, err)) != RD_OK ||
        (rc = rd_stemmer_new(algo, &st, err)) != RD_OK)
        goto done;
    while (rd_wordlist_line(text, n, &i, &b, &e)) {
        line++;
        if (b == e)
            continue;
        if (is_stage_line(text, b, e)) {
            if (j->n_stages && j->n_cues_of[j->n_stages - 1] == 0) {
                rc = rd_fail(err, RD_EDATA, "%s:%zu: stage '%s' has no cues (a cue per line "
                             "after its \"stage\" line)", origin, stage_line,
                             j->key[j->n_stages - 1]);
                goto done;
            }
            if ((rc = add_stage(j, text, b, e, origin, line, err)) != RD_OK)
                goto done;
            stage_line = line;
            continue;
        }
        if (j->n_stages == 0) {
            rc = rd_fail(err, RD_EDATA, "%s:%zu: a cue before the first \"stage KEY Title\" line",
                         origin, line);
            goto done;
        }
        if ((rc = rd_an_run(an, text + b, e - b, err)) != RD_OK ||
            (rc = add_cue(j, an, st, j->n_stages - 1, origin, line, err)) != RD_OK)
            goto done;
    }
    if (j->n_stages == 0) {
        rc = rd_fail(err, RD_EDATA, "%s:%zu: no stage: a journey file holds \"stage KEY Title\" "
                     "lines, each followed by its cues", origin, line ? line : 1);
        goto done;
    }
    if (j->n_cues_of[j->n_stages - 1] == 0) {
        rc = rd_fail(err, RD_EDATA, "%s:%zu: stage '%s' has no cues (a cue per line after its "
                     "\"stage\" line)", origin, stage_line, j->key[j->n_stages - 1]);
        goto done;
    }
    *out = j;
    j = NULL;
done:
    rd_journey_free(j);
    rd_an_free(an);
    rd_stop_free(none);
    rd_stemmer_free(st);
    return rc;
}

rd_status rd_journey_load_builtin(const char *algo, rd_journey **out, rd_err *err)
{
    return rd_journey_load((const char *)rd__builtin_journey, rd__builtin_journey_len,
                           "nlp/data/journey-nl.txt", algo, out, err);
}

rd_status rd_journey_scan_new(const rd_journey *j, const char *algo, rd_journey_scan **out,
                              rd_err *err)
{
    rd_status rc;
    rd_journey_scan *sc = calloc(1, sizeof *sc);
    *out = NULL;
    if (!sc)
        return rd_fail(err, RD_ENOMEM, "journey scan");
    sc->j = j;
    if ((rc = rd_stemmer_new(algo, &sc->st, err)) != RD_OK) {
        free(sc);
        return rc;
    }
    *out = sc;
    return RD_OK;
}

void rd_journey_scan_free(rd_journey_scan *sc)
{
    if (!sc)
        return;
    rd_stemmer_free(sc->st);
    free(sc->fw);
    free(sc);
}

/* The word id of form f (NONE: no cue word), stemmed once per form. A cue's words are
 * stemmed as written (add_cue); a corpus word matches one when its stem, or the stem of
 * the word without a plural ending, is the cue word's stem. */
static rd_status word_of(rd_journey_scan *sc, rd_an *an, uint32_t f, uint32_t *id, rd_err *err)
{
    if (f >= sc->cap_fw) {
        size_t old = sc->cap_fw;
        if (RD_GROW_MIN(sc->fw, sc->cap_fw, (size_t)f + 1, 4096))
            return rd_fail(err, RD_ENOMEM, "journey scan");
        for (size_t i = old; i < sc->cap_fw; i++)
            sc->fw[i] = UNSEEN;
    }
    if (sc->fw[f] == UNSEEN) {
        size_t wn;
        const char *w = rd_an_form_str(an, f, &wn);
        uint32_t wid = NONE;
        /* the word, then without a plural ending: Snowball's Dutch stemmer keeps the s of
         * "lekkages" and "reparaties" (after a vowel), so that they would not meet their
         * singular; "-s", "-'s" and "-en" are tried off */
        static const char *const ends[] = {"", "'s", "s", "en"};
        for (size_t k = 0; wid == NONE && k < sizeof ends / sizeof *ends; k++) {
            size_t en = strlen(ends[k]);
            if (k > 0 && (wn < en + 3 || memcmp(w + wn - en, ends[k], en) != 0))
                continue;
            uint32_t sid;
            rd_status rc = rd_stem_id(sc->st, w, k ? wn - en : rd_an_stem_len(w, wn), &sid, err);
            if (rc != RD_OK)
                return rc;
            size_t sn;
            const char *stem = rd_stem_str(sc->st, sid, &sn);
            wid = rd_strtab_find(sc->j->words, stem, sn);
        }
        sc->fw[f] = wid;
    }
    *id = sc->fw[f];
    return RD_OK;
}

rd_status rd_journey_scan_count(rd_journey_scan *sc, rd_an *an, const char *s,
                                uint16_t *counts, rd_err *err)
{
    const rd_journey *j = sc->j;
    size_t nt = rd_an_count(an);
    const rd_token *tk = rd_an_tokens(an);
    const uint32_t *form = rd_an_forms(an);
    for (size_t st = 0; st < j->n_stages; st++)
        counts[st] = 0;
    for (size_t k = 0; k < nt; k++) {
        uint32_t w;
        rd_status rc;
        if (tk[k].kind != RD_TOK_WORD || form[k] == RD_AN_NOFORM)
            continue;
        if ((rc = word_of(sc, an, form[k], &w, err)) != RD_OK)
            return rc;
        if (w == NONE || w >= j->cap_head)
            continue;
        uint32_t matched = 0;
        for (uint32_t c = j->head[w]; c != NONE; c = j->next[c]) {
            uint32_t L = j->len[c];
            if (matched && L < matched)
                break; /* the chain is longest first: only cues as long as the match count */
            size_t i = 1;
            for (; i < L; i++) {
                size_t q = k + i;
                uint32_t wq;
                if (q >= nt || tk[q].kind != RD_TOK_WORD || form[q] == RD_AN_NOFORM ||
                    rd_tok_gap_ends(s, tk[q - 1].off + tk[q - 1].len, tk[q].off))
                    break;
                if ((rc = word_of(sc, an, form[q], &wq, err)) != RD_OK)
                    return rc;
                if (wq != j->seq[j->off[c] + i])
                    break;
            }
            if (i < L)
                continue;
            matched = L;
            if (counts[j->stage[c]] < UINT16_MAX)
                counts[j->stage[c]]++;
        }
        if (matched)
            k += matched - 1;
    }
    return RD_OK;
}

const char *rd_journey_text(const rd_journey *j, size_t *n)
{
    *n = j->text_n;
    return j->text;
}
