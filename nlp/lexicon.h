/* nlp/lexicon.h — a Hunspell dictionary (a .dic word list with its .aff affix file) in
 * memory, asked two things about a word: is it an ordinary word, and is it a proper noun
 * (and then: a place?). Used to tell ids that carry a person's name (nlp/idname.h) and,
 * later, to keep names out of themes. The buffers come from io/read/lexfile.h; this
 * module touches no file.
 *
 * What is read. From the .aff: FLAG (single characters by default, "long" two-character
 * flags, "num" comma-separated numbers, "UTF-8" code points), AF aliases, FORBIDDENWORD,
 * ONLYINCOMPOUND and the SFX suffix rules (strip, affix, condition). From the .dic: one
 * entry per line, "word/FLAGS" ("\/" is a slash in the word), fields after a tab or a
 * space ignored, the count line first; entries holding a space (multi-word) are skipped.
 * Prefixes and compounding are not followed: "wijkteam" is known only when the .dic has
 * it (it does), a compound the .dic lacks is unknown.
 *
 * Spelling. Entries and questions are compared in lower case (utf8proc, code point by code
 * point) with the ligature "ĳ" (U+0133, U+0132), which OpenTaal's nl.dic uses for every
 * "ij" (Meĳer, wĳk), read as the two letters "ij": "Meijer" finds "Meĳer".
 *
 * OpenTaal's Dutch dictionary (Debian hunspell-nl, nl.aff 2.20): no flag says "person"; the
 * flag PN (the possessive of proper names: Jansen → Jansens, Anna → Anna's) is on 18,000
 * capitalised entries, first names and surnames, but also places (Amsterdam/PNSvCAPI,
 * Utrecht/PNSvPIGl, Ĳsselstein/PN); PI, PJ and PK (inhabitants: Utrechtse, Eindhovenaar,
 * Hoofddorper) are only on places (about 700). Many places and neighbourhoods carry no
 * flag at all (Zwolle, Kanaleneiland), and many surnames are not entries but ordinary
 * words (bakker, visser, boer). So: RD_LEX_PROPER means "a name, of a person or a place",
 * RD_LEX_PLACE "certainly a place", and a capitalised entry without PN is most likely a
 * place or an organisation. */
#ifndef RD_LEXICON_H
#define RD_LEXICON_H

#include <stddef.h>

#include "engine/status.h"

typedef struct rd_lex rd_lex;

/* Which flags mark proper nouns and places: space-separated flag names as the .aff writes
 * them. NULL (or NULL fields) means OpenTaal's: proper "PN", place "PI PJ PK". */
typedef struct {
    const char *proper;
    const char *place;
} rd_lex_marks;

/* Parses the .aff text aff[0..an) and the .dic text dic[0..dn) (UTF-8; the .aff's SET
 * must be UTF-8 or absent). Lines that are not understood are skipped; RD_EDATA when the
 * .dic holds no entry or the .aff is not UTF-8. *out is owned by the caller (rd_lex_free);
 * NULL on failure. The buffers are not kept. */
rd_status rd_lex_new(const char *aff, size_t an, const char *dic, size_t dn,
                     const rd_lex_marks *marks, rd_lex **out, rd_err *err);
void rd_lex_free(rd_lex *lx); /* NULL is a no-op */

/* Entries read (forbidden ones not counted). */
size_t rd_lex_size(const rd_lex *lx);

enum {
    RD_LEX_WORD = 1,   /* an ordinary word: a lower-case entry, or one with a suffix its
                          flags allow ("huizen" from "huis"), not forbidden or compound-only */
    RD_LEX_NAME = 2,   /* a capitalised entry (person, place, organisation, brand, ...) */
    RD_LEX_PROPER = 4, /* a capitalised entry with a proper-noun flag (PN) */
    RD_LEX_PLACE = 8   /* a capitalised entry with a place flag (PI, PJ, PK) */
};

/* The spelling entries and questions are compared in: w[0..n) (valid UTF-8) in lower case
 * with "ĳ"/"Ĳ" as "ij", into out (cap bytes). The length, or SIZE_MAX when it does not
 * fit. */
size_t rd_lex_fold(const char *w, size_t n, char *out, size_t cap);

/* What the lexicon knows of w[0..n) (valid UTF-8, one word, any case): RD_LEX_* bits, 0
 * when it is unknown. A NULL lexicon knows nothing. */
unsigned rd_lex_lookup(const rd_lex *lx, const char *w, size_t n);

#endif
