/* nlp/tokenise.h — a tokeniser for Dutch as people write and transcribe it.
 *
 * Keeps together what Dutch writers treat as one word:
 *   clitics and elisions      z'n  m'n  d'r  zo'n  's  't  'k  's avonds  's-Hertogenbosch
 *   apostrophe plurals        foto's  macro's  cd's
 *   hyphenated compounds      e-mail  WhatsApp-berichten  sociale-mediakanalen  4-kamerwoning
 *                             c.v.-ketel  HR++-glas  hoofd- (as in "hoofd- en bijzaken")
 *   abbreviations             bijv.  d.w.z.  o.a.  t.a.v.  t/m  (kind RD_TOK_ABBREV)
 * and recognises numbers (1.250,50  3,1%  2e  '80), amounts (€ 45,-  €1.250,00  45,-),
 * dates (12-03-2025  2025-03-12), times (14.30  00:01:02), URLs, e-mail addresses and Dutch
 * phone numbers (06-12345678  020 123 4567  +31 6 12345678  +31 (0)20 1234567) as single
 * tokens of their own kind, which the analysis keeps out of the terms.
 * Punctuation and symbols are not tokens. Input must be valid UTF-8.
 * The rules are listed in README.md ("The text pipeline") and tested in
 * tests/unit/nlp/test_tokenise.c. */
#ifndef RD_TOKENISE_H
#define RD_TOKENISE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"

typedef enum {
    RD_TOK_WORD = 0,
    RD_TOK_ABBREV,
    RD_TOK_NUMBER,
    RD_TOK_AMOUNT,
    RD_TOK_DATE,
    RD_TOK_TIME,
    RD_TOK_URL,
    RD_TOK_EMAIL,
    RD_TOK_PHONE,
    RD_TOK__COUNT
} rd_tok_kind;

enum {
    RD_TOKF_UPPER = 1,    /* starts with an uppercase letter */
    RD_TOKF_SENT_END = 2, /* a sentence ends after this token */
    RD_TOKF_ASCII = 4     /* plain ASCII letters only (the fast path) */
};

typedef struct {
    uint32_t off, len; /* bytes in the input */
    uint8_t kind;      /* rd_tok_kind */
    uint8_t flags;     /* RD_TOKF_* */
} rd_token;

/* A growable token array owned by the caller; zero-initialise, free with rd_tokens_free. */
typedef struct {
    rd_token *v;
    size_t n, cap;
} rd_tokens;

/* Tokenises s[0..n) (valid UTF-8, n < 4 GiB) into out (previous contents dropped),
 * with the RD_TOKF_UPPER and RD_TOKF_SENT_END flags set. */
rd_status rd_tok_run(const char *s, size_t n, rd_tokens *out, rd_err *err);

/* The same tokens without those two flags (faster: for counting words). */
rd_status rd_tok_words(const char *s, size_t n, rd_tokens *out, rd_err *err);
void rd_tokens_free(rd_tokens *t); /* frees the array, not t; NULL is a no-op */
/* Room for `more` tokens after out->n (RD_ENOMEM otherwise). */
rd_status rd_tokens_reserve(rd_tokens *out, size_t more, rd_err *err);

/* The pass one token at a time: from byte *i (a place the pass reaches: 0, or the end of
 * a token, or any byte a token cannot start at or continue through), finds the next
 * token into *tk and returns 1, or returns 0 at the end of s[0..n). *i moves past the
 * token (or to n). Tokens come without RD_TOKF_UPPER and RD_TOKF_SENT_END, exactly as
 * rd_tok_words gives them. n < 4 GiB. */
int rd_tok_next(const char *s, size_t n, size_t *i, rd_token *tk);

/* 1 when w[0..n) (lower case) is one of the words that take a dot as an abbreviation
 * ("bijv", "enz", "mevr", ...): "bijv." is then one RD_TOK_ABBREV token. */
int rd_tok_listed_abbrev(const char *w, size_t n);

/* The tokeniser's byte tables, for a caller that runs its fast path fused with its own
 * work (nlp/analyse.c), indexed by byte value:
 *   rd__tok_letter     ASCII letters;
 *   rd__tok_word_stop  bytes after which a run of ASCII letters is a whole word token
 *                      (RD_TOK_WORD with RD_TOKF_ASCII), as rd_tok_next would give it;
 *   rd__tok_skip       ASCII bytes at which no token starts (rd_tok_next steps over them).
 * Anything else is left to rd_tok_next. */
extern const unsigned char rd__tok_letter[256];
extern const unsigned char rd__tok_word_stop[256];
extern const unsigned char rd__tok_skip[256];

/* The one sentence rule's test of the gap s[a..b) between two tokens (used for
 * RD_TOKF_SENT_END): 2 when it holds '!' or '?' (a sentence ends there), 1 when it holds
 * '.' or '…' (a sentence ends when the next token starts with a capital or a digit), else
 * 0. */
int rd_tok_gap_ends(const char *s, size_t a, size_t b);

/* "word", "abbrev", "number", ... */
const char *rd_tok_kind_name(rd_tok_kind k);

#endif
