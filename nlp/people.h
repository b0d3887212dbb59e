/* nlp/people.h — people's names in the corpus: which word forms name persons, so that they
 * never become terms (so no theme, label or segment term holds one) and are masked as
 * "[naam]" in exported text. Places and organisations stay terms.
 *
 * Evidence is counted in the text stage (nlp/textstage.h), by each worker over its own
 * analyser's forms (nlp/analyse.h), for every kept word written with a capital first
 * letter; nothing is kept per token, only a few counters per form that is ever capitalised:
 *   start   it starts a sentence: it is the passage's first token, or the gap before it holds
 *           '.', '!', '?' or '…' (the tokeniser's sentence rule, rd_tok_gap_ends);
 *   mid     it does not;
 *   person  (mid only) the word before the name is a person cue: a title (mevrouw, mevr.,
 *           meneer, dhr., familie, juf, oma, ...: nlp/idname.h), a word for kin,
 *           neighbours or someone's role (dochter, zoon, man, vrouw, moeder, buurvrouw,
 *           collega, huismeester, ...), or heet, heette, genaamd; or a capitalised word
 *           comes before lower-case surname particles ("Gerrit van der Wal", "G. de
 *           Boer"). The name's words are the capitalised words and surname particles
 *           before it in the same sentence (the tokeniser's rule): "mijn dochter Noor",
 *           "mevrouw van der Berg", "meneer Jan Hofman";
 *   place   (mid only, no person cue) the word before the name is a place preposition
 *           (in, uit, naar, te, vanuit, richting, nabij: nlp/idname.h) or an article
 *           (een, 's, ...), or the name starts with an article ("bij de Belastingdienst",
 *           "van de Hofstede", "in het Stationskwartier", "Woonstichting De Linde"),
 *           unless the word is a common surname that is also an ordinary word ("de Boer",
 *           "De Vries": nlp/idname.h);
 *           At a sentence start the one person cue is a verb of saying or thinking right
 *           after the word ("Elif zegt", "Kyano vond": the list is in people.c);
 *   caps    it is written in capitals (GGD) or has a capital right after a lower-case
 *           letter (WhatsApp, DigiD).
 * Its other uses are in lower case: low = its kept uses (the analyser counts them) - start
 * - mid.
 *
 * Decision, per form w (for the lexicon, nlp/lexicon.h, without a possessive 's), by the
 * first rule that applies. A name is masked in exported text; a name that is not also used
 * as an ordinary word as often leaves the terms too ("drops": every term holding it in at
 * least half of its uses is not kept, nlp/vocab.h):
 *   1. never capitalised mid-sentence (mid = 0): a name (drops) only when the corpus never
 *      writes it in lower case, and the lexicon knows w as a proper noun and not as an
 *      ordinary word or a place, or, unknown to a lexicon (there is one) as a word or place,
 *      it has a person cue (a verb after it) and is letters only, not in capitals;
 *   2. caps in at least half of its capitalised uses, or not all letters (hyphens and
 *      apostrophes inside allowed): not a name (an abbreviation, a brand, HR++-glas);
 *   3. more person cues than place cues: a name; it drops when mid >= low;
 *   4. a place by the lexicon (a place flag, or a capitalised entry without the
 *      proper-noun flag: Utrecht, Zwolle, Kanaleneiland, Belastingdienst; or, unknown
 *      to it, such a name plus e, se, s, er, ers or en: Turkse, Marokkaanse), or ending like
 *      a place or an organisation (…straat, …laan, …plein, …buurt, …wijk, …kwartier,
 *      …dienst, …bank, …stichting, …wonen, …zorg, ...; the list is in people.c): not a name;
 *   5. place cues in at least half of its mid-sentence uses, and more place cues than person
 *      cues: not a name (a place or an organisation in this corpus: "in Brederwold", "bij
 *      De Linde");
 *   6. a proper noun by the lexicon and not an ordinary word (Jansen, Samira, Jayden): a
 *      name; it drops when mid >= low;
 *   7. not mostly at sentence starts (4 × mid >= start: one capital after a colon or a dash
 *      is no evidence against sixteen sentence starts), and a proper noun by the lexicon
 *      (Roos, Bas, Jan), unknown to it (Kowalczyk, Zofia; every word when there is no
 *      lexicon) or a common surname that is an ordinary word (Bakker, Visser, Boer): a name
 *      that drops when capitalised nearly everywhere it is not at a sentence start (mid >=
 *      9 × low), or, for a proper noun of the lexicon, in most such uses (mid >= low), else
 *      a name (that stays a term) when capitalised mid-sentence twice or more; but not a
 *      name (rule 5's decision) when place cues, more than person cues, are in a quarter of
 *      its mid-sentence uses ("naar Menzis gebeld": an organisation it does not know);
 *   8. otherwise not a name: an ordinary word that is capitalised here (Jumbo, Portaal).
 * A name is masked in any case when the lexicon knows it as a proper noun and not as an
 * ordinary word and the corpus never writes it in lower case; otherwise only where it is
 * capitalised ("Roos" the girl, not "roos" the flower).
 *
 * Everything is summed over the workers by form string, so the names do not depend on -j.
 * Not thread-safe, except rd_people_scan: one worker index per thread. */
#ifndef RD_PEOPLE_H
#define RD_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"
#include "engine/strbuf.h"
#include "nlp/analyse.h"
#include "nlp/lexicon.h"
#include "nlp/vocab.h"

typedef struct rd_people rd_people;

/* workers: how many threads scan at once (each with its own index). */
rd_status rd_people_new(int workers, rd_people **out, rd_err *err);
void rd_people_free(rd_people *p); /* NULL is a no-op */

/* Where the lexicon comes from: lex(ctx), called once, when the names are decided (so that
 * the caller may still be loading it while the corpus is counted). NULL, or a NULL
 * result: corpus evidence only. */
typedef const rd_lex *(*rd_people_lex_fn)(void *ctx);
void rd_people_set_lexicon(rd_people *p, rd_people_lex_fn lex, void *ctx);

/* Counts the evidence of the last run of an (rd_an_run over s[0..n)) on worker w. */
rd_status rd_people_scan(rd_people *p, int w, const rd_an *an, const char *s, size_t n,
                         rd_err *err);

/* The evidence of worker w's forms joins the vocabulary's forms: map[f] is the vocabulary
 * form of the worker's form f (NULL: the same id), defined for every form the worker kept.
 * Once per worker, after the vocabulary has all forms and their uses. */
rd_status rd_people_gather(rd_people *p, int w, const uint32_t *map, const rd_vocab *v,
                           rd_err *err);

/* Decides every gathered form and drops the names' forms from v (rd_vocab_drop_form),
 * before rd_vocab_prune. */
rd_status rd_people_decide(rd_people *p, rd_vocab *v, rd_err *err);

/* The names found (every one masked, rd_people_rule_masks), in byte order of their forms
 * (lower case, without a possessive 's): name i (borrowed until rd_people_free), and
 * whether it is masked only where it is capitalised. */
size_t rd_people_count(const rd_people *p);
const char *rd_people_name(const rd_people *p, size_t i, size_t *n, int *capitalised);

/* The evidence of one form (summed over the workers). */
typedef struct {
    uint32_t start, mid, person, place, caps;
    uint64_t uses; /* every kept use of the form */
} rd_people_ev;

/* The rule that decided (rules 1-8 above). */
typedef enum {
    RD_PEOPLE_RARE,        /* 1: not a name */
    RD_PEOPLE_START_NAME,  /* 1: a name */
    RD_PEOPLE_SHAPE,       /* 2 */
    RD_PEOPLE_CUE_NAME,    /* 3: a name */
    RD_PEOPLE_CUE_WORD,    /* 3: a name that stays a term (lower case as often) */
    RD_PEOPLE_PLACE,       /* 4 */
    RD_PEOPLE_PLACE_CUES,  /* 5 */
    RD_PEOPLE_PROPER_NAME, /* 6: a name */
    RD_PEOPLE_PROPER_WORD, /* 6: a name that stays a term */
    RD_PEOPLE_CAPITALISED, /* 7: a name */
    RD_PEOPLE_CAPITALISED_WORD, /* 7: a name that stays a term */
    RD_PEOPLE_WORD         /* 8 */
} rd_people_rule;

/* Decides form w[0..n) (lower case, as the analyser writes forms) from its evidence with
 * lexicon lx (may be NULL). */
rd_people_rule rd_people_judge(const rd_lex *lx, const char *w, size_t n, const rd_people_ev *e);
int rd_people_rule_masks(rd_people_rule r); /* a name: masked */
int rd_people_rule_drops(rd_people_rule r); /* a name that leaves the terms */
const char *rd_people_rule_name(rd_people_rule r); /* "cue-name", "place", ... */

/* After rd_people_decide: every form ever capitalised in a kept use, with its decision, as
 * TSV lines in byte order of the forms, after a header: form, name (2: a name that leaves
 * the terms, 1: a name that stays a term, 0: no name), rule
 * (rd_people_rule_name), start, mid, low, person, place, caps. For checking what was taken
 * for a name; it holds the names themselves. */
rd_status rd_people_report(const rd_people *p, rd_buf *out, rd_err *err);

/* After rd_people_decide: the evidence and rule of the gathered form w[0..n); 0 when it
 * was never capitalised in a kept use. */
int rd_people_lookup(const rd_people *p, const char *w, size_t n, rd_people_ev *ev,
                     rd_people_rule *rule);

#endif
