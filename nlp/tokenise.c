/* nlp/tokenise.c — see tokenise.h.
 *
 * One left-to-right pass over code points. At each position where a token can start we
 * try the recognisers from most to least specific — URL, e-mail, date, time, phone,
 * amount, number, clitic, word — and take the first that matches. Every recogniser
 * returns the end of its match (or 0) and never looks back before its start, so the pass
 * is linear apart from the bounded look-ahead of the recognisers.
 * ASCII bytes are classified through a table; other code points through utf8proc. */
#include "nlp/tokenise.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "engine/grow.h"
#include "nlp/normalise.h"
#include "nlp/utf8.h"

enum { C_OTHER = 0, C_SPACE, C_LETTER, C_DIGIT, C_APOS, C_HYPH };

/* ASCII classes, a constant table: the tokeniser has no shared mutable state. */
static const unsigned char ascii_cls[128] = {
    ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE, ['\r'] = C_SPACE,
    [' '] = C_SPACE, ['\''] = C_APOS, ['-'] = C_HYPH,
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT,
    ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
    ['A'] = C_LETTER, ['B'] = C_LETTER, ['C'] = C_LETTER, ['D'] = C_LETTER, ['E'] = C_LETTER,
    ['F'] = C_LETTER, ['G'] = C_LETTER, ['H'] = C_LETTER, ['I'] = C_LETTER, ['J'] = C_LETTER,
    ['K'] = C_LETTER, ['L'] = C_LETTER, ['M'] = C_LETTER, ['N'] = C_LETTER, ['O'] = C_LETTER,
    ['P'] = C_LETTER, ['Q'] = C_LETTER, ['R'] = C_LETTER, ['S'] = C_LETTER, ['T'] = C_LETTER,
    ['U'] = C_LETTER, ['V'] = C_LETTER, ['W'] = C_LETTER, ['X'] = C_LETTER, ['Y'] = C_LETTER,
    ['Z'] = C_LETTER,
    ['a'] = C_LETTER, ['b'] = C_LETTER, ['c'] = C_LETTER, ['d'] = C_LETTER, ['e'] = C_LETTER,
    ['f'] = C_LETTER, ['g'] = C_LETTER, ['h'] = C_LETTER, ['i'] = C_LETTER, ['j'] = C_LETTER,
    ['k'] = C_LETTER, ['l'] = C_LETTER, ['m'] = C_LETTER, ['n'] = C_LETTER, ['o'] = C_LETTER,
    ['p'] = C_LETTER, ['q'] = C_LETTER, ['r'] = C_LETTER, ['s'] = C_LETTER, ['t'] = C_LETTER,
    ['u'] = C_LETTER, ['v'] = C_LETTER, ['w'] = C_LETTER, ['x'] = C_LETTER, ['y'] = C_LETTER,
    ['z'] = C_LETTER,
};

/* Byte tables for callers that run the tokeniser's fast path themselves (tokenise.h). */
const unsigned char rd__tok_letter[256] = {
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};

/* ASCII bytes after which a run of letters is certainly a whole word. */
const unsigned char rd__tok_word_stop[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1, [','] = 1,
    [';'] = 1, ['!'] = 1, ['?'] = 1, [')'] = 1, ['"'] = 1, ['('] = 1, ['['] = 1, [']'] = 1,
    ['*'] = 1, ['<'] = 1, ['>'] = 1, ['='] = 1, ['|'] = 1,
};

/* ASCII bytes at which no token starts: every byte but letters, digits, the apostrophe
 * and '+' (where step() below finds no token and moves on by one byte). A unit test
 * checks this table against the classes. */
const unsigned char rd__tok_skip[256] = {
    [0] = 1, [1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [6] = 1, [7] = 1, [8] = 1, [9] = 1,
    [10] = 1, [11] = 1, [12] = 1, [13] = 1, [14] = 1, [15] = 1, [16] = 1, [17] = 1, [18] = 1,
    [19] = 1, [20] = 1, [21] = 1, [22] = 1, [23] = 1, [24] = 1, [25] = 1, [26] = 1, [27] = 1,
    [28] = 1, [29] = 1, [30] = 1, [31] = 1, [' '] = 1, ['!'] = 1, ['"'] = 1, ['#'] = 1,
    ['$'] = 1, ['%'] = 1, ['&'] = 1, ['('] = 1, [')'] = 1, ['*'] = 1, [','] = 1, ['-'] = 1,
    ['.'] = 1, ['/'] = 1, [':'] = 1, [';'] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1, ['?'] = 1,
    ['@'] = 1, ['['] = 1, ['\\'] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['{'] = 1,
    ['|'] = 1, ['}'] = 1, ['~'] = 1, [127] = 1,
};

typedef struct {
    const char *s;
    size_t n;
} text;

static int cp_class(int32_t cp)
{
    if (cp < 128)
        return ascii_cls[cp];
    int32_t f = rd_norm_fold_punct(cp);
    if (f == '\'')
        return C_APOS;
    if (f == '-')
        return C_HYPH;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_LETTER;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return C_SPACE;
    default:
        return cp == 0x85 ? C_SPACE : C_OTHER;
    }
}

static int cls_at_slow(const text *t, size_t i, size_t *len);

/* Class of the code point at i (C_SPACE past the end); *len gets its byte length. */
static inline int cls_at(const text *t, size_t i, size_t *len)
{
    if (i < t->n && (unsigned char)t->s[i] < 0x80) {
        if (len)
            *len = 1;
        return ascii_cls[(unsigned char)t->s[i]];
    }
    return cls_at_slow(t, i, len);
}

static int cls_at_slow(const text *t, size_t i, size_t *len)
{
    if (i >= t->n) {
        if (len)
            *len = 0;
        return C_SPACE;
    }
    int32_t cp;
    size_t l = rd_utf8_decode(t->s + i, t->n - i, &cp);
    if (len)
        *len = l;
    return cp_class(cp);
}

/* Class of the code point that ends just before i (i >= 1). */
static int prev_cls(const text *t, size_t i)
{
    unsigned char b = (unsigned char)t->s[i - 1];
    if (b < 0x80)
        return ascii_cls[b];
    int32_t cp;
    rd_utf8_decode_back(t->s, i, &cp);
    return cp_class(cp);
}

static int byte_at(const text *t, size_t i)
{
    return i < t->n ? (unsigned char)t->s[i] : -1;
}

static int is_alnum_at(const text *t, size_t i)
{
    int c = cls_at(t, i, NULL);
    return c == C_LETTER || c == C_DIGIT;
}

static int is_digit_at(const text *t, size_t i)
{
    int b = byte_at(t, i);
    return b >= '0' && b <= '9';
}

static size_t digits_end(const text *t, size_t i)
{
    while (is_digit_at(t, i))
        i++;
    return i;
}

static int lower_ascii(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int prefix_ci(const text *t, size_t i, const char *p)
{
    for (; *p; p++, i++)
        if (lower_ascii(byte_at(t, i)) != *p)
            return 0;
    return 1;
}

/* Trailing characters that close a sentence or a bracket rather than belong to a URL. */
static int url_trailer(int b)
{
    return b && strchr(".,;:!?)]}'\">", b) != NULL;
}

static size_t try_url(const text *t, size_t i)
{
    size_t j;
    if (prefix_ci(t, i, "https://"))
        j = i + 8;
    else if (prefix_ci(t, i, "http://"))
        j = i + 7;
    else if (prefix_ci(t, i, "www."))
        j = i + 4;
    else
        return 0;
    if (!is_alnum_at(t, j))
        return 0;
    while (j < t->n && cls_at(t, j, NULL) != C_SPACE) {
        size_t l;
        cls_at(t, j, &l);
        j += l;
    }
    while (j > i && url_trailer(byte_at(t, j - 1)))
        j--;
    return j;
}

static int email_local(int b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
           b == '.' || b == '_' || b == '%' || b == '+' || b == '-';
}

/* An address has a local part of at most 64 bytes and a domain of at most 255 (RFC 5321,
 * 4.5.3.1). The scan stops there: a step is tried at every word start, and an unbounded
 * scan would read a long run of local-part bytes ("abc.abc.abc...") again from each of
 * its words, which is quadratic in the run. */
enum { EMAIL_LOCAL_MAX = 64, EMAIL_DOMAIN_MAX = 255 };

static size_t try_email(const text *t, size_t i)
{
    size_t j = i;
    while (j - i <= EMAIL_LOCAL_MAX && email_local(byte_at(t, j)))
        j++;
    if (j == i || j - i > EMAIL_LOCAL_MAX || byte_at(t, j) != '@')
        return 0;
    size_t d = ++j, last_dot = 0;
    for (;; j++) {
        int b = byte_at(t, j);
        if (j - d > EMAIL_DOMAIN_MAX)
            return 0;
        if (b == '.')
            last_dot = j;
        else if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
                   b == '-'))
            break;
    }
    while (j > d && byte_at(t, j - 1) == '.')
        j--;
    last_dot = 0;
    for (size_t k = d; k < j; k++)
        if (t->s[k] == '.')
            last_dot = k;
    if (!last_dot || last_dot + 2 >= j || last_dot == d)
        return 0; /* needs domain.tld with a tld of two letters or more */
    return j;
}

static int read_int(const text *t, size_t i, size_t e)
{
    int v = 0;
    for (; i < e; i++)
        v = v * 10 + (t->s[i] - '0');
    return v;
}

/* d{1,2} S d{1,2} S (d{2}|d{4}) with S one of - / . used twice, or d{4}-d{2}-d{2}. */
static size_t try_date(const text *t, size_t i)
{
    size_t a = digits_end(t, i), la = a - i;
    int sep = byte_at(t, a);
    if (sep != '-' && sep != '/' && sep != '.')
        return 0;
    size_t b = digits_end(t, a + 1), lb = b - (a + 1);
    if (byte_at(t, b) != sep)
        return 0;
    size_t c = digits_end(t, b + 1), lc = c - (b + 1);
    if (is_alnum_at(t, c) || (byte_at(t, c) == sep && is_digit_at(t, c + 1)))
        return 0;
    if (la == 4 && sep == '-' && lb == 2 && lc == 2) {
        int m = read_int(t, a + 1, b), d = read_int(t, b + 1, c);
        return (m >= 1 && m <= 12 && d >= 1 && d <= 31) ? c : 0;
    }
    if (la < 1 || la > 2 || lb < 1 || lb > 2 || (lc != 2 && lc != 4))
        return 0;
    int d = read_int(t, i, a), m = read_int(t, a + 1, b);
    if (d < 1 || d > 31 || m < 1 || m > 31 || (d > 12 && m > 12))
        return 0;
    return c;
}

/* h{1,2} [:.] mm ([:] ss)? — 14.30, 9:05, 00:01:02; not part of a longer number. */
static size_t try_time(const text *t, size_t i)
{
    size_t a = digits_end(t, i);
    int sep = byte_at(t, a);
    if (a - i > 2 || (sep != ':' && sep != '.'))
        return 0;
    size_t b = digits_end(t, a + 1);
    if (b - (a + 1) != 2 || read_int(t, i, a) > 23 || read_int(t, a + 1, b) > 59)
        return 0;
    if (sep == ':' && byte_at(t, b) == ':' && digits_end(t, b + 1) == b + 3 &&
        read_int(t, b + 1, b + 3) <= 59)
        b += 3;
    if (is_alnum_at(t, b))
        return 0;
    if ((byte_at(t, b) == '.' || byte_at(t, b) == ',' || byte_at(t, b) == ':') &&
        is_digit_at(t, b + 1))
        return 0;
    return b;
}

/* Dutch phone numbers: 0 followed by 9 more digits (06-12345678, 020 123 4567),
 * 0800/0900/0906/0909 with 8 or 11 digits, +31 with 11 digits ("(0)" allowed after +31).
 * Digits may be separated by single spaces or hyphens. */
static size_t try_phone(const text *t, size_t i)
{
    char dg[16];
    size_t nd = 0, j = i, end = 0;
    int plus = byte_at(t, i) == '+';
    if (plus)
        j++;
    if (!is_digit_at(t, j))
        return 0;
    for (;;) {
        int b = byte_at(t, j);
        if (b >= '0' && b <= '9') {
            if (nd == sizeof dg)
                return 0;
            dg[nd++] = (char)b;
            j++;
            end = j;
            if (!plus && nd == 10 && !(dg[1] == '8' || dg[1] == '9'))
                break;
            if (nd == 11)
                break;
            continue;
        }
        if (plus && nd == 2 && (b == ' ' || b == '(') ) {
            size_t k = b == ' ' ? j + 1 : j;
            if (byte_at(t, k) == '(' && byte_at(t, k + 1) == '0' && byte_at(t, k + 2) == ')') {
                j = k + 3;
                if (byte_at(t, j) == ' ' || byte_at(t, j) == '-')
                    j++;
                continue;
            }
        }
        if ((b == ' ' || b == '-') && is_digit_at(t, j + 1)) {
            j++;
            continue;
        }
        break;
    }
    if (is_alnum_at(t, end))
        return 0;
    if (plus) {
        if (nd == 11 && dg[0] == '3' && dg[1] == '1')
            return end;
        return 0;
    }
    if (dg[0] != '0')
        return 0;
    int service = nd >= 4 && dg[1] == '8' && dg[2] == '0' && dg[3] == '0';
    service |= nd >= 4 && dg[1] == '9' && dg[2] == '0' && (dg[3] == '0' || dg[3] == '6' || dg[3] == '9');
    if (service && (nd == 8 || nd == 11))
        return end;
    if (nd == 10 && dg[1] != '0')
        return end;
    return 0;
}

/* digits ([.,] digits)* — Dutch uses the comma for decimals and the dot for thousands. */
static size_t number_end(const text *t, size_t i)
{
    size_t j = digits_end(t, i);
    while ((byte_at(t, j) == '.' || byte_at(t, j) == ',') && is_digit_at(t, j + 1))
        j = digits_end(t, j + 1);
    return j;
}

/* ",-" ",--" ",=" after an amount. */
static size_t price_suffix(const text *t, size_t j)
{
    if (byte_at(t, j) == ',' && (byte_at(t, j + 1) == '-' || byte_at(t, j + 1) == '=')) {
        j += 2;
        if (byte_at(t, j) == '-')
            j++;
    }
    return j;
}

static int euro_at(const text *t, size_t i)
{
    return byte_at(t, i) == 0xE2 && byte_at(t, i + 1) == 0x82 && byte_at(t, i + 2) == 0xAC;
}

static size_t try_amount(const text *t, size_t i)
{
    size_t j = i + 3;
    if (byte_at(t, j) == ' ')
        j++;
    else if (byte_at(t, j) == 0xC2 && byte_at(t, j + 1) == 0xA0) /* no-break space */
        j += 2;
    if (!is_digit_at(t, j))
        return 0;
    j = price_suffix(t, number_end(t, j));
    return is_alnum_at(t, j) ? 0 : j;
}

static const char *const abbrevs[] = {
    /* words that take a dot as an abbreviation; dotted initials (d.w.z., o.a.) are
     * recognised by shape instead */
    "bijv", "bv", "bijvoorbeeld", "enz", "etc", "mevr", "mw", "dhr", "hr", "nr", "blz", "incl",
    "excl", "ca", "evt", "resp", "jl", "vlg", "zgn", "ivm", "mbt", "tel", "str", "afd", "ong",
    "max", "min", "gem", "jr", "mr", "dr", "ir", "drs", "prof", "ing", "vs", "zo'n", "vnl",
    "ed", "e.d", "pag", "nl", "ihkv", NULL};

int rd_tok_listed_abbrev(const char *w, size_t n)
{
    for (const char *const *a = abbrevs; *a; a++)
        if (strlen(*a) == n && memcmp(*a, w, n) == 0)
            return 1;
    return 0;
}

/* s[i..e) lower-cased is a listed abbreviation (entries are at most 12 bytes). */
static int is_listed_abbrev(const text *t, size_t i, size_t e)
{
    char low[12];
    size_t n = e - i;
    if (n == 0 || n > sizeof low)
        return 0;
    for (size_t k = 0; k < n; k++)
        low[k] = (char)lower_ascii((unsigned char)t->s[i + k]);
    return rd_tok_listed_abbrev(low, n);
}

static size_t letters_end(const text *t, size_t i)
{
    size_t l;
    while (cls_at(t, i, &l) == C_LETTER)
        i += l;
    return i;
}

/* Dotted initials: (L{1,2} '.'){2,} with an optional last segment without dot — d.w.z.,
 * o.a., t.a.v., a.u.b., c.v. Returns the end or 0. */
static size_t try_initials(const text *t, size_t i)
{
    size_t j = i, segs = 0;
    for (;;) {
        size_t e = letters_end(t, j);
        if (e == j || e - j > 2 || is_digit_at(t, e))
            break;
        if (byte_at(t, e) == '.') {
            j = e + 1;
            segs++;
            continue;
        }
        if (segs >= 2 && cls_at(t, e, NULL) != C_LETTER) {
            j = e; /* d.w.z without a final dot */
            segs++;
        }
        break;
    }
    if (segs < 2)
        return 0;
    return j;
}

/* The body of a word starting at a letter or digit: letters, digits and marks, joined
 * across an apostrophe between letters (foto's, z'n) and a hyphen before a letter or
 * digit (e-mail, 4-kamerwoning); "++" directly after letters (HR++). */
static size_t word_end(const text *t, size_t i)
{
    size_t j = i, l;
    for (;;) {
        int c = cls_at(t, j, &l);
        if (c == C_LETTER || c == C_DIGIT) {
            j += l;
            continue;
        }
        if (j > i && c == C_APOS && (prev_cls(t, j) == C_LETTER || prev_cls(t, j) == C_DIGIT)) {
            size_t l2;
            if (cls_at(t, j + l, &l2) == C_LETTER) {
                j += l;
                continue;
            }
        }
        if (j > i && c == C_HYPH && is_alnum_at(t, j + l)) {
            j += l;
            continue;
        }
        if (j > i && byte_at(t, j) == '+' && prev_cls(t, j) == C_LETTER) {
            size_t k = j;
            while (byte_at(t, k) == '+')
                k++;
            int after = cls_at(t, k, &l);
            if (after == C_HYPH && is_alnum_at(t, k + l)) {
                j = k + l;
                continue;
            }
            if (after != C_LETTER && after != C_DIGIT) {
                j = k;
                break;
            }
        }
        break;
    }
    return j;
}

/* A word followed by "- en", "- of", "-," keeps its hyphen: hoofd- en bijzaken. */
static size_t elliptic_hyphen(const text *t, size_t j)
{
    size_t l;
    if (cls_at(t, j, &l) != C_HYPH)
        return j;
    size_t k = j + l;
    if (byte_at(t, k) == ',')
        return k;
    if (byte_at(t, k) != ' ')
        return j;
    k++;
    if ((prefix_ci(t, k, "en") && !is_alnum_at(t, k + 2)) ||
        (prefix_ci(t, k, "of") && !is_alnum_at(t, k + 2)))
        return j + l;
    return j;
}

static int is_upper_at(const text *t, size_t i)
{
    int b = byte_at(t, i);
    if (b < 0x80)
        return b >= 'A' && b <= 'Z';
    int32_t cp;
    rd_utf8_decode(t->s + i, t->n - i, &cp);
    return utf8proc_isupper(cp);
}

/* Marks sentence ends: the last token, and a token followed by ! or ?, or by . or …
 * when the next token starts with a capital or a digit. */
static void mark_sentences(const text *t, rd_tokens *out)
{
    for (size_t k = 0; k < out->n; k++) {
        rd_token *tk = &out->v[k];
        if (is_upper_at(t, tk->off))
            tk->flags |= RD_TOKF_UPPER;
    }
    for (size_t k = 0; k < out->n; k++) {
        size_t g = out->v[k].off + out->v[k].len;
        size_t ge = k + 1 < out->n ? out->v[k + 1].off : t->n;
        int gap = rd_tok_gap_ends(t->s, g, ge);
        /* An abbreviation holds its own dot, so "o.a. de" does not end a sentence (nor,
         * accepted as the lesser harm, does "enz. Toen"). */
        if (k + 1 == out->n || gap == 2 ||
            (gap == 1 && ((out->v[k + 1].flags & RD_TOKF_UPPER) || is_digit_at(t, out->v[k + 1].off))))
            out->v[k].flags |= RD_TOKF_SENT_END;
    }
}

int rd_tok_gap_ends(const char *s, size_t a, size_t b)
{
    int dot = 0;
    for (size_t p = a; p < b; p++) {
        unsigned char c = (unsigned char)s[p];
        if (c == '!' || c == '?')
            return 2;
        if (c == '.' || (c == 0xE2 && p + 2 < b && (unsigned char)s[p + 1] == 0x80 &&
                         (unsigned char)s[p + 2] == 0xA6))
            dot = 1; /* . or … */
    }
    return dot;
}

/* One step of the left-to-right pass from byte i: finds the token that starts at i, if
 * any, into *tk (returning 1), and sets *next to where the pass goes on. Depends on i
 * alone (and the text), so the pass can be resumed anywhere a step would have put it. */
static int step(const text *t, size_t i, rd_token *tk, size_t *next)
{
    const char *s = t->s;
    size_t n = t->n, l, e;
    int c = cls_at(t, i, &l);
    if (c == C_LETTER && l == 1) {
        /* Fast path: a run of ASCII letters ended by a byte that cannot continue a word,
         * an abbreviation, a URL or an e-mail address. */
        size_t j = i + 1;
        while (j < n && (unsigned char)s[j] < 0x80 && ascii_cls[(unsigned char)s[j]] == C_LETTER)
            j++;
        if (j == n || rd__tok_word_stop[(unsigned char)s[j]]) {
            *tk = (rd_token){(uint32_t)i, (uint32_t)(j - i), RD_TOK_WORD, RD_TOKF_ASCII};
            *next = j;
            return 1;
        }
    }
    if (c == C_LETTER || c == C_DIGIT) {
        rd_tok_kind k;
        if ((e = try_url(t, i))) {
            k = RD_TOK_URL;
        } else if ((e = try_email(t, i))) {
            k = RD_TOK_EMAIL;
        } else if (c == C_DIGIT) {
            k = RD_TOK_NUMBER;
            if ((e = try_date(t, i))) {
                k = RD_TOK_DATE;
            } else if ((e = try_time(t, i))) {
                k = RD_TOK_TIME;
            } else if (s[i] == '0' && (e = try_phone(t, i))) {
                k = RD_TOK_PHONE;
            } else {
                e = number_end(t, i);
                size_t ll;
                if (cls_at(t, e, &ll) == C_HYPH && cls_at(t, e + ll, NULL) == C_LETTER) {
                    e = elliptic_hyphen(t, word_end(t, i)); /* 4-kamerwoning */
                    k = RD_TOK_WORD;
                } else if (byte_at(t, e) == '%') {
                    e++;
                } else if (euro_at(t, e)) {
                    e += 3;
                    k = RD_TOK_AMOUNT;
                } else if (price_suffix(t, e) != e) {
                    e = price_suffix(t, e);
                    k = RD_TOK_AMOUNT;
                } else if (cls_at(t, e, NULL) == C_LETTER) {
                    e = word_end(t, e); /* 2e, 3de, 60m2, 10km */
                }
            }
        } else {
            k = RD_TOK_WORD;
            size_t w = letters_end(t, i);
            if (w - i <= 2 && byte_at(t, w) == '.' && (e = try_initials(t, i))) {
                k = RD_TOK_ABBREV;
                size_t ll;
                if (cls_at(t, e, &ll) == C_HYPH && cls_at(t, e + ll, NULL) == C_LETTER) {
                    e = word_end(t, e + ll); /* c.v.-ketel */
                    k = RD_TOK_WORD;
                }
            } else if (w - i == 1 && byte_at(t, w) == '/' && cls_at(t, w + 1, NULL) == C_LETTER &&
                       letters_end(t, w + 1) == w + 2) {
                e = w + 2; /* t/m, m/v */
                k = RD_TOK_ABBREV;
            } else {
                e = word_end(t, i);
                if (byte_at(t, e) == '.' && is_listed_abbrev(t, i, e)) {
                    e++;
                    k = RD_TOK_ABBREV;
                } else {
                    e = elliptic_hyphen(t, e);
                }
            }
        }
        *tk = (rd_token){(uint32_t)i, (uint32_t)(e - i), (uint8_t)k, 0};
        *next = e;
        return 1;
    }
    int prev_alnum = 0;
    if ((c == C_APOS || byte_at(t, i) == '+') && i > 0) {
        int pc = prev_cls(t, i);
        prev_alnum = pc == C_LETTER || pc == C_DIGIT;
    }
    if (c == C_APOS && !prev_alnum) {
        size_t a = i + l;
        int b = lower_ascii(byte_at(t, a));
        if (is_digit_at(t, a) && digits_end(t, a) == a + 2 && !is_alnum_at(t, a + 2)) {
            *tk = (rd_token){(uint32_t)i, (uint32_t)(a + 2 - i), RD_TOK_NUMBER, 0}; /* '80 */
            *next = a + 2;
            return 1;
        }
        if ((b == 's' || b == 't' || b == 'k' || b == 'n') && !is_alnum_at(t, a + 1)) {
            size_t ll;
            e = a + 1;
            if (b == 's' && cls_at(t, e, &ll) == C_HYPH && cls_at(t, e + ll, NULL) == C_LETTER) {
                e = word_end(t, e + ll); /* 's-Hertogenbosch */
            } else if (b == 's' && byte_at(t, e) == ' ' && cls_at(t, e + 1, NULL) == C_LETTER &&
                       !is_upper_at(t, e + 1)) {
                size_t we = letters_end(t, e + 1);
                if (we - (e + 1) >= 3 && byte_at(t, we - 1) == 's' && !is_alnum_at(t, we))
                    e = we; /* 's avonds, 's nachts, 's zomers */
            }
            *tk = (rd_token){(uint32_t)i, (uint32_t)(e - i), RD_TOK_WORD, 0};
            *next = e;
            return 1;
        }
    }
    if (byte_at(t, i) == '+' && !prev_alnum && (e = try_phone(t, i))) {
        *tk = (rd_token){(uint32_t)i, (uint32_t)(e - i), RD_TOK_PHONE, 0};
        *next = e;
        return 1;
    }
    if (euro_at(t, i) && (e = try_amount(t, i))) {
        *tk = (rd_token){(uint32_t)i, (uint32_t)(e - i), RD_TOK_AMOUNT, 0};
        *next = e;
        return 1;
    }
    *next = i + (l ? l : 1);
    return 0;
}

static rd_status tokenise(const char *s, size_t n, rd_tokens *out, int sentences, rd_err *err)
{
    text tx = {s, n};
    const text *t = &tx;
    size_t i = 0;
    out->n = 0;
    if (n >= UINT32_MAX)
        return rd_fail(err, RD_EINVAL, "text of %zu bytes is too long to tokenise", n);
    while (i < n) {
        rd_token tk;
        if (!step(t, i, &tk, &i))
            continue;
        if (out->n == out->cap && rd_tokens_reserve(out, 1, err) != RD_OK)
            return RD_ENOMEM;
        out->v[out->n++] = tk;
    }
    if (sentences)
        mark_sentences(t, out);
    return RD_OK;
}

int rd_tok_next(const char *s, size_t n, size_t *i, rd_token *tk)
{
    text tx = {s, n};
    size_t at = *i;
    while (at < n) {
        if (step(&tx, at, tk, &at)) {
            *i = at;
            return 1;
        }
    }
    *i = at;
    return 0;
}

rd_status rd_tokens_reserve(rd_tokens *out, size_t more, rd_err *err)
{
    if (more > SIZE_MAX - out->n || RD_GROW_MIN(out->v, out->cap, out->n + more, 64))
        return rd_fail(err, RD_ENOMEM, "token array of %zu + %zu", out->n, more);
    return RD_OK;
}

rd_status rd_tok_run(const char *s, size_t n, rd_tokens *out, rd_err *err)
{
    return tokenise(s, n, out, 1, err);
}

rd_status rd_tok_words(const char *s, size_t n, rd_tokens *out, rd_err *err)
{
    return tokenise(s, n, out, 0, err);
}

void rd_tokens_free(rd_tokens *t)
{
    if (!t)
        return;
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

const char *rd_tok_kind_name(rd_tok_kind k)
{
    static const char *const names[RD_TOK__COUNT] = {
        "word", "abbrev", "number", "amount", "date", "time", "url", "email", "phone"};
    return (unsigned)k < RD_TOK__COUNT ? names[k] : "?";
}
