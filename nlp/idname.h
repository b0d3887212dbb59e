/* nlp/idname.h — does a respondent id (a file name, a CSV id value) carry a person's name,
 * and does a CSV column hold names, e-mail addresses or phone numbers?
 *
 * The words of an id are its runs of letters (a digit, '_', '-', '.', a space or any other
 * character ends a word; "InterviewMulder" is split where a lower-case letter meets a
 * capital). Words of one letter, titles, particles and generic id words ("interview",
 * "gesprek", "bewoner", "resp", ...; the built-in list is for when there is no lexicon)
 * are not names themselves. A word is a name when, in this order:
 *   1. it follows a title (mevrouw, mevr, mw, meneer, mnr, dhr, heer, familie, fam, mej,
 *      dr, ...), particles skipped: "mevrouw Jansen", "dhr. Bakker", "familie El Amrani",
 *      "fam. de Boer" — any case, unless it is an ordinary word in lower case ("mevrouw en
 *      meneer");
 *   2. all in capitals and at most four letters: an abbreviation (GGD, VVE), not a name;
 *   3. the lexicon (nlp/lexicon.h) says it is a place (a place flag, or capitalised
 *      without the proper-noun flag: Utrecht, Zwolle, Kanaleneiland), or the corpus does
 *      (at least half its capitalised uses follow in/uit/naar/te/vanuit/richting/nabij):
 *      not a name;
 *   4. the lexicon knows it as a proper noun and not as an ordinary word (Jansen, Karin,
 *      Fatima, Yilmaz): a name, in any case ("interview_sanne");
 *   5. capitalised, and a proper noun that is also an ordinary word (Mulder, Kees), a
 *      common Dutch surname that is an ordinary word (Bakker, Visser, de Boer, Dekker: a
 *      built-in list), or unknown to the lexicon (Kowalczyk; every word when there is no
 *      lexicon): a name, unless the corpus writes it in lower case at least as often as
 *      capitalised mid-sentence (then it is a word: "Gesprek Wijkteam" when the
 *      transcripts say "het wijkteam");
 *   6. capitalised ordinary word otherwise (Interview, Tuin, Wijkteam): a name only when
 *      the corpus shows it as one: in a speaker label that is not generic, or capitalised
 *      mid-sentence in nine of ten uses or more;
 *   7. anything else in lower case: not a name.
 * The name parts of an id (runs of name words with particles between, and the title
 * before them: "Karin de Vries", "mevrouw Jansen") are what quotes mask along with the
 * speakers' names.
 *
 * Corpus evidence (rd_idn_ev) is counted for the id words that need it (capitalised words
 * that are not titles, particles or generic), over every passage and speaker label, in
 * parallel (one counter set per worker). A word counts as mid-sentence unless it is the
 * first of the text or of a line, or follows '.', '!', '?', ':' or ';' (quotes and
 * brackets between are skipped). */
#ifndef RD_IDNAME_H
#define RD_IDNAME_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"
#include "nlp/lexicon.h"
#include "nlp/redact.h"

typedef struct rd_idn_ev rd_idn_ev;

/* How a word is written in the corpus (all counts summed over the workers). */
typedef struct {
    uint32_t cap_mid; /* capitalised, not at the start of a sentence or line */
    uint32_t low;     /* in lower case */
    uint32_t place;   /* capitalised right after in, uit, naar, te, vanuit, richting, nabij */
    uint32_t label;   /* a word of a speaker label that is not generic */
} rd_idn_counts;

/* workers: how many threads may scan at once (each with its own index). */
rd_status rd_idn_ev_new(int workers, rd_idn_ev **out, rd_err *err);
void rd_idn_ev_free(rd_idn_ev *ev); /* NULL is a no-op */
/* Adds the words of id[0..n) that the rules may need the corpus for. Not thread-safe;
 * call before any scan. */
rd_status rd_idn_ev_want(rd_idn_ev *ev, const char *id, size_t n, rd_err *err);
size_t rd_idn_ev_size(const rd_idn_ev *ev); /* the words wanted */
/* Counts the wanted words in text[0..n) (valid UTF-8), on worker w; workers scan at once,
 * each with its own w. A no-op when no word is wanted. */
void rd_idn_ev_scan(rd_idn_ev *ev, int w, const char *text, size_t n);
/* Counts the wanted words of a speaker label (skipped when generic, nlp/redact.h). */
void rd_idn_ev_label(rd_idn_ev *ev, int w, const char *label, size_t n);
/* The counts of word w[0..n) (any case); zeros when it was not wanted. After the scans. */
rd_idn_counts rd_idn_ev_counts(const rd_idn_ev *ev, const char *w, size_t n);

/* 1 when id[0..n) has a word the rules could take for a name: one of two letters or more
 * that is not a particle or a generic id word (so "R01", "resp_12", "Interview 3" have
 * none); the caller then needs a lexicon to decide. */
int rd_idn_may_carry(const char *id, size_t n);

/* Which of the word lists above hold the word k[0..n) (in lower case, as rd_lex_fold gives
 * it; an abbreviation without its dot): RD_IDN_* bits. Shared with nlp/people.h. */
enum {
    RD_IDN_TITLE = 1,      /* mevrouw, mevr, meneer, dhr, familie, juf, oma, tante, ... */
    RD_IDN_PARTICLE = 2,   /* van, de, der, den, ter, ten, el, ... */
    RD_IDN_PLACE_PREP = 4, /* in, uit, naar, te, vanuit, richting, nabij */
    RD_IDN_SURNAME = 8     /* a common surname that is also an ordinary word: bakker, boer */
};
unsigned rd_idn_lists(const char *k, size_t n);

typedef struct {
    const rd_lex *lex;     /* may be NULL: rules 3-5 then know nothing from a lexicon */
    const rd_idn_ev *ev;   /* may be NULL: no corpus evidence */
} rd_idn_ctx;

typedef struct {
    size_t b, e; /* bytes of the id */
} rd_idn_span;

/* The number of name parts of id[0..n) (valid UTF-8): 0 when it carries no person's name.
 * The first `max` parts go to parts (may be NULL with max 0): each runs from its first
 * name word, with the titles and particles right before it, to its last name word, with
 * only particles between ("Interview mevrouw Jansen" -> "mevrouw Jansen"; "Anna en Henk"
 * -> "Anna", "Henk"). */
size_t rd_idn_carries_name(const rd_idn_ctx *c, const char *id, size_t n, rd_idn_span *parts,
                           size_t max);

/* 1 when the value v[0..n) looks like a personal name: one to five words of letters
 * (hyphens and apostrophes inside, initials "J."), each capitalised, a particle or an
 * initial, no digits; and a title, an initial before a word, or a word that is a name by
 * rules 4-5 above with no place among them — and, for a single word, a proper noun by the
 * lexicon. "Jan de Vries", "J. Jansen", "mevr. Bakker", "Karin" (with a lexicon); not
 * "Bloemenbuurt", "De Akkers", "Utrecht", "45-64". */
int rd_idn_looks_like_person(const rd_idn_ctx *c, const char *v, size_t n);

typedef enum { RD_IDN_COL_PLAIN, RD_IDN_COL_NAMES, RD_IDN_COL_EMAIL, RD_IDN_COL_PHONE } rd_idn_col;

/* What a column's values v[0..n) (NULL entries skipped) hold: more than half of the
 * non-empty values (at most the first 500 looked at) each wholly an e-mail address or a
 * phone number as r masks it (r: a redactor without names), or personal names
 * (rd_idn_looks_like_person) when at least half of those values are distinct — a column
 * of neighbourhoods repeats its values, one of names hardly does. RD_ENOMEM only. */
rd_status rd_idn_column(const rd_idn_ctx *c, rd_redactor *r, const char *const *v, size_t n,
                        rd_idn_col *kind, rd_err *err);

#endif
