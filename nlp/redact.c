/* nlp/redact.c — see redact.h.
 *
 * One left-to-right pass over code points. At each position that starts a word (the code
 * point before it is not a letter, digit or mark) and is not white space, the scanners
 * are tried from most to least specific — e-mail, IBAN, licence plate, street address,
 * name, then for digits BSN, date of birth, licence plate (those three in
 * nlp/redact_ids.c), phone or postcode address — and the first that matches replaces its
 * span.
 * Unmatched text is copied in runs, so text with nothing to mask comes back unchanged.
 *
 * Every scanner looks ahead a bounded distance (a phone number at most 17 digits, an IBAN
 * 34 characters, a street five words), except the local part of an e-mail address, whose
 * failed scan is remembered (email_dead) so that no byte is scanned twice for it; the
 * pass is linear in the text. Names are kept sorted by their first folded code point and
 * looked up by binary search. */
#include "nlp/redact.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "engine/grow.h"
#include "nlp/normalise.h"
#include "nlp/redact_ids.h"
#include "nlp/utf8.h"

#define NO_CAP SIZE_MAX

typedef struct {
    int32_t *cp;   /* folded code points; ' ' stands for a run of white space */
    size_t n_cp;
    char *repl;
    size_t repl_n;
    size_t cap_at; /* cp[cap_at] must be upper case in the text, or NO_CAP */
    int derived;   /* a part of a longer name rather than a name as added */
    int lasting;   /* a corpus name (rd_redact_add_lasting), kept by rd_redact_clear_names */
    size_t seq;    /* order of adding, for ties */
} name_ent;

struct rd_redactor {
    name_ent *names;
    size_t n_names, cap_names, seq;
    int sorted;
    char *buf; /* the output of the last rd_redact_apply */
    size_t len, cap;
    int oom;           /* an append failed during this apply */
    size_t email_dead; /* no e-mail address starts before this offset */
};

/* ---- characters ---------------------------------------------------------------------- */

enum { K_OTHER = 0, K_SPACE, K_WORD };

typedef struct {
    const char *s;
    size_t n;
} text;

static int cp_kind(int32_t cp)
{
    if (cp < 128) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
            return K_WORD;
        return (cp == ' ' || (cp >= '\t' && cp <= '\r')) ? K_SPACE : K_OTHER;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return K_WORD;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return K_SPACE;
    default:
        return cp == 0x85 ? K_SPACE : K_OTHER;
    }
}

static int is_letter_cp(int32_t cp)
{
    if (cp < 128)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
           c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_MN ||
           c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

static int is_upper_cp(int32_t cp)
{
    if (cp < 128)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* The form names are compared in: simple lower case, typographic apostrophes as '. */
static int32_t fold_cp(int32_t cp)
{
    return utf8proc_tolower(rd_norm_fold_punct(cp));
}

/* Code point at i and its byte length in *len; past the end 0 (not a letter), length 0. */
static int32_t cp_at(const text *t, size_t i, size_t *len)
{
    int32_t cp = 0;
    *len = i < t->n ? rd_utf8_decode(t->s + i, t->n - i, &cp) : 0;
    return cp;
}

static int kind_at(const text *t, size_t i)
{
    size_t l;
    return i < t->n ? cp_kind(cp_at(t, i, &l)) : K_SPACE;
}

static int kind_before(const text *t, size_t i)
{
    int32_t cp;
    if (i == 0)
        return K_SPACE;
    rd_utf8_decode_back(t->s, i, &cp);
    return cp_kind(cp);
}

int rd__redact_word_at(const char *s, size_t n, size_t i)
{
    text t = {s, n};
    return i < n && kind_at(&t, i) == K_WORD;
}

static int byte_at(const text *t, size_t i)
{
    return i < t->n ? (unsigned char)t->s[i] : -1;
}

static int is_digit_b(int b)
{
    return b >= '0' && b <= '9';
}

static int is_alpha_b(int b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

static int is_alnum_b(int b)
{
    return is_digit_b(b) || is_alpha_b(b);
}

static int lower_b(int b)
{
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
}

static int upper_b(int b)
{
    return b >= 'a' && b <= 'z' ? b - 32 : b;
}

/* "€" (E2 82 AC) at i */
static int euro_at(const text *t, size_t i)
{
    return byte_at(t, i) == 0xE2 && byte_at(t, i + 1) == 0x82 && byte_at(t, i + 2) == 0xAC;
}

static size_t digits_end(const text *t, size_t i)
{
    while (is_digit_b(byte_at(t, i)))
        i++;
    return i;
}

/* Length of one space (' ' or a no-break space) at i, else 0. */
static size_t space1(const text *t, size_t i)
{
    if (byte_at(t, i) == ' ')
        return 1;
    if (byte_at(t, i) == 0xC2 && byte_at(t, i + 1) == 0xA0)
        return 2;
    return 0;
}

/* Is t[i..e) equal to one of the lower-case ASCII words in list, ignoring ASCII case? */
static int in_list(const text *t, size_t i, size_t e, const char *const *list)
{
    for (; *list; list++) {
        size_t k = 0, m = strlen(*list);
        if (m != e - i)
            continue;
        while (k < m && lower_b((unsigned char)t->s[i + k]) == (unsigned char)(*list)[k])
            k++;
        if (k == m)
            return 1;
    }
    return 0;
}

/* ---- output -------------------------------------------------------------------------- */

static void put(rd_redactor *r, const char *p, size_t k)
{
    if (r->oom || k == 0)
        return;
    /* rd_redact_apply has made room for the text itself (cap > 0): from there the buffer
     * doubles when replacements are longer than what they replace */
    if (RD_GROW_MIN(r->buf, r->cap, r->len + k + 1, 1)) {
        r->oom = 1;
        return;
    }
    memcpy(r->buf + r->len, p, k);
    r->len += k;
}

/* ---- e-mail -------------------------------------------------------------------------- */

static int email_local_b(int b)
{
    return is_alnum_b(b) || b == '.' || b == '_' || b == '%' || b == '+' || b == '-';
}

/* local '@' label ('.' label)+ with a last label of two letters or more. A local part
 * that reaches no '@', or an '@' without a domain, fails the same way from any start
 * inside it: the failure is remembered up to the '@' (or the end of the run). */
static size_t scan_email(rd_redactor *r, const text *t, size_t i)
{
    if (i < r->email_dead)
        return 0;
    size_t j = i;
    while (email_local_b(byte_at(t, j)))
        j++;
    if (byte_at(t, j) != '@') {
        r->email_dead = j;
        return 0;
    }
    size_t k = j + 1, labels = 0, last = k, end = k;
    for (;;) {
        size_t a = k;
        while (is_alnum_b(byte_at(t, k)) || byte_at(t, k) == '-')
            k++;
        if (k == a)
            break;
        labels++;
        last = a;
        end = k;
        if (byte_at(t, k) == '.' && is_alnum_b(byte_at(t, k + 1))) {
            k++;
            continue;
        }
        break;
    }
    int tld = end - last >= 2;
    for (size_t q = last; q < end && tld; q++)
        tld = is_alpha_b((unsigned char)t->s[q]);
    if (labels < 2 || !tld || kind_at(t, end) == K_WORD || byte_at(t, end) == '@') {
        r->email_dead = j;
        return 0;
    }
    return end;
}

/* ---- IBAN ---------------------------------------------------------------------------- */

/* ISO 13616: move the first four characters to the end, read letters as 10..35, and the
 * resulting number mod 97 must be 1. Computed digit by digit. c is upper case. */
static int iban_mod97(const char *c, size_t len)
{
    unsigned rem = 0;
    for (size_t k = 0; k < len; k++) {
        unsigned char ch = (unsigned char)c[(k + 4) % len];
        if (is_digit_b(ch))
            rem = (rem * 10 + (unsigned)(ch - '0')) % 97;
        else
            rem = (rem * 100 + (unsigned)(ch - 'A' + 10)) % 97;
    }
    return rem == 1;
}

static int iban_ok(const char *c, size_t len)
{
    if (len < 15 || len > 34 || !is_alpha_b(c[0]) || !is_alpha_b(c[1]) || !is_digit_b(c[2]) ||
        !is_digit_b(c[3]))
        return 0;
    if (iban_mod97(c, len))
        return 1;
    /* the Dutch shape NLkk BBBB 0123 4567 89, masked whatever its check digits */
    if (len != 18 || c[0] != 'N' || c[1] != 'L')
        return 0;
    for (size_t k = 4; k < 18; k++)
        if (k < 8 ? !is_alpha_b(c[k]) : !is_digit_b(c[k]))
            return 0;
    return 1;
}

/* Compact (one run of 15-34 letters and digits) or in groups of four separated by single
 * spaces, the last group 1-4 long; grouped IBANs are upper case, so a following word in
 * lower case is never taken for a group. The longest valid grouping wins. */
static size_t scan_iban(const text *t, size_t i)
{
    char c[34];
    size_t len = 0, j = i, best = 0;
    if (!is_alpha_b(byte_at(t, i)) || !is_alpha_b(byte_at(t, i + 1)) ||
        !is_digit_b(byte_at(t, i + 2)) || !is_digit_b(byte_at(t, i + 3)))
        return 0;
    for (;;) {
        size_t a = j;
        int lower = 0;
        while (is_alnum_b(byte_at(t, j)) && len + (j - a) < sizeof c) {
            lower |= byte_at(t, j) >= 'a';
            j++;
        }
        size_t g = j - a;
        if (kind_at(t, j) == K_WORD)
            return best; /* longer than an IBAN, or glued to a word */
        if (a == i && g != 4) {
            for (size_t k = 0; k < g; k++)
                c[k] = (char)upper_b((unsigned char)t->s[a + k]);
            return iban_ok(c, g) ? j : 0;
        }
        if (lower || g == 0)
            return best;
        memcpy(c + len, t->s + a, g);
        len += g;
        if (iban_ok(c, len))
            best = j;
        if (g < 4 || len == sizeof c || byte_at(t, j) != ' ' || !is_alnum_b(byte_at(t, j + 1)))
            return best;
        j++;
    }
}

/* ---- phone numbers ------------------------------------------------------------------- */

/* Length of a hyphen or dash at i: '-', U+2010, U+2011, U+2013 (en dash); else 0. */
static size_t dash_len(const text *t, size_t i)
{
    int b = byte_at(t, i), c = byte_at(t, i + 2);
    if (b == '-')
        return 1;
    if (b == 0xE2 && byte_at(t, i + 1) == 0x80 && (c == 0x90 || c == 0x91 || c == 0x93))
        return 3;
    return 0;
}

/* Digits in groups separated by one space, hyphen or dash (or " - "), dot, slash or
 * no-break space; after the first group of an international number "(0)" may follow.
 * The candidates are the ends of the groups; the longest valid one wins (see redact.h
 * for the rules). */
static size_t scan_phone(const text *t, size_t i)
{
    enum { MAXD = 17, MAXG = 17 };
    char dg[MAXD];
    size_t gend[MAXG], gdig[MAXG], gsum[MAXG];
    int gsep[MAXG];
    size_t nd = 0, ng = 0, j = i;
    int plus = 0, paren = 0;
    if (byte_at(t, j) == '+') {
        plus = 1;
        j++;
        if (!is_digit_b(byte_at(t, j)))
            return 0;
    } else if (byte_at(t, j) == '(') {
        size_t e = digits_end(t, j + 1);
        if (byte_at(t, j + 1) != '0' || e - (j + 1) < 2 || e - (j + 1) > 4 || byte_at(t, e) != ')')
            return 0;
        for (size_t k = j + 1; k < e; k++)
            dg[nd++] = t->s[k];
        gend[0] = e + 1;
        gdig[0] = gsum[0] = nd;
        gsep[0] = ' ';
        ng = 1;
        paren = 1;
        j = e + 1 + space1(t, e + 1);
        if (!is_digit_b(byte_at(t, j)))
            return 0;
    }
    for (;;) {
        size_t a = j;
        while (is_digit_b(byte_at(t, j))) {
            if (nd == MAXD)
                return 0; /* too long for a phone number */
            dg[nd++] = t->s[j++];
        }
        gend[ng] = j;
        gdig[ng] = j - a;
        gsum[ng] = nd;
        gsep[ng] = 0;
        ng++;
        if (ng == MAXG)
            break;
        int intl_first = ng == 1 && (plus || (nd >= 3 && dg[0] == '0' && dg[1] == '0'));
        size_t k = j + space1(t, j);
        if (intl_first && byte_at(t, k) == '(' && byte_at(t, k + 1) == '0' &&
            byte_at(t, k + 2) == ')') {
            k += 3; /* the trunk prefix "(0)", not dialled from abroad */
            if (byte_at(t, k) == ' ' || byte_at(t, k) == '-')
                k++;
            if (!is_digit_b(byte_at(t, k)))
                break;
            gsep[ng - 1] = ' ';
            j = k;
            continue;
        }
        int sep = 0;
        size_t sl = space1(t, j), dl;
        if (sl) {
            sep = ' ';
            if ((dl = dash_len(t, j + sl)) && space1(t, j + sl + dl)) {
                sep = '-'; /* 020 - 1234567 */
                sl += dl + space1(t, j + sl + dl);
            }
        } else if ((sl = dash_len(t, j))) {
            sep = '-';
        } else if (byte_at(t, j) == '.' || byte_at(t, j) == '/') {
            sep = byte_at(t, j);
            sl = 1;
        }
        if (!sl || !is_digit_b(byte_at(t, j + sl)))
            break;
        gsep[ng - 1] = sep;
        j += sl;
    }
    /* what follows the last group must not continue it as a word, time or decimal */
    size_t last = gend[ng - 1];
    int after = byte_at(t, last);
    int last_ok = kind_at(t, last) != K_WORD &&
                  !((after == ':' || after == ',' || after == '.') &&
                    is_digit_b(byte_at(t, last + 1)));
    int intl = plus || (dg[0] == '0' && nd > 1 && dg[1] == '0');
    const char *d = plus ? dg : dg + 2;     /* the digits after + or 00 */
    size_t off = plus ? 0 : 2;
    for (size_t g = ng; g-- > 0;) {
        size_t c = gsum[g];
        if (g == ng - 1 && !last_ok)
            continue;
        if (intl) {
            if (c < off + 2)
                continue;
            size_t m = c - off;
            if (d[0] == '3' && d[1] == '1') {
                if (m == 11 || (m == 12 && d[2] == '0'))
                    return gend[g];
            } else if (d[0] != '0' && m >= 8 && m <= 15) {
                return gend[g];
            }
            continue;
        }
        if (dg[0] != '0' || nd < 2 || dg[1] == '0')
            return 0;
        int service = c >= 4 && ((dg[1] == '8' && dg[2] == '0' && dg[3] == '0') ||
                                 (dg[1] == '9' && dg[2] == '0' &&
                                  (dg[3] == '0' || dg[3] == '6' || dg[3] == '9')));
        if (service ? (c != 8 && c != 11) : c != 10)
            continue;
        int groups_ok = 1;
        for (size_t q = (size_t)paren; q <= g; q++)
            groups_ok &= gdig[q] >= 2;
        /* 01-03-2024 10: a date followed by something, not a number */
        int date = g >= 2 && gdig[0] <= 2 && gdig[1] <= 2 && gdig[2] == 4 && gsep[0] == gsep[1] &&
                   (gsep[0] == '-' || gsep[0] == '/' || gsep[0] == '.');
        if (groups_ok && !date)
            return gend[g];
    }
    return 0;
}

/* ---- addresses ----------------------------------------------------------------------- */

static const char *const street_suffixes[] = {
    "straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "hof", "park",
    "pad", "steeg", "dreef", "baan", "markt", "erf", "veld", "wal", "haven", "kanaal",
    "boulevard", "brink", "plantsoen", "allee", "vaart", "weide", NULL};

/* capitalised function words that do not start a street name (sentence starts) */
static const char *const street_stop[] = {
    "aan", "achter", "als", "bij", "binnen", "dan", "dat", "daar", "die", "dit", "deze", "door",
    "dus", "een", "en", "hier", "hij", "hoe", "hun", "haar", "ik", "in", "is", "ja", "je", "jij",
    "langs", "maar", "met", "mijn", "na", "naar", "naast", "nee", "nou", "nu", "of", "om",
    "onder", "ons", "onze", "ook", "op", "over", "richting", "rond", "sinds", "te", "tegenover",
    "toen", "tot", "tussen", "uit", "vanaf", "vanuit", "via", "voor", "waar", "wat", "we", "wel",
    "wij", "zij", "ze", "zo", "zijn", "hoek", "nabij", "tijdens", "omdat", NULL};

static const char *const street_particles[] = {
    "van", "de", "der", "den", "het", "ter", "ten", "la", "le", NULL};

static const char *const number_words[] = {"nr", "nummer", "no", "huisnummer", "hnr", "huisnr",
                                           NULL};

/* words after a number that make it a count rather than a house number */
static const char *const unit_words[] = {
    "jaar", "jaren", "jaartjes", "euro", "eur", "keer", "maal", "uur", "uurtjes", "minuten",
    "minuut", "min", "seconden", "dag", "dagen", "week", "weken", "maand", "maanden", "meter",
    "m", "m2", "km", "cm", "kilometer", "procent", "cent", "kilo", "kg", "graden", "stuks",
    "mensen", "personen", "man", "mannen", "vrouwen", "kinderen", "bewoners", "huurders",
    "gezinnen", "woningen", "huizen", "flats", "kamers", "verdiepingen", "treden", "trappen",
    "hoog", "jarigen", "plus", NULL};

/* upper-case pairs after four digits that are abbreviations more often than postcodes */
static const char *const postcode_stop[] = {
    "eu", "ok", "tv", "pc", "nl", "bv", "cv", "wc", "kb", "mb", "gb", "tb", "km", "cm", "mm",
    "kg", "pk", "am", "pm", "id", "hr", "vs", "uk", "us", "vw", "sa", "sd", "ss", NULL};

/* A street word: letters and marks, with a hyphen or apostrophe between letters
 * (Willem-Alexanderlaan). Returns its end (i when there is none). */
static size_t street_word_end(const text *t, size_t i)
{
    size_t j = i, l;
    while (j < t->n) {
        int32_t cp = cp_at(t, j, &l);
        if (is_letter_cp(cp)) {
            j += l;
            continue;
        }
        int32_t f = rd_norm_fold_punct(cp);
        size_t l2;
        if (j > i && (f == '-' || f == '\'') && is_letter_cp(cp_at(t, j + l, &l2))) {
            j += l;
            continue;
        }
        break;
    }
    return j;
}

static int has_street_suffix(const text *t, size_t i, size_t e, int alone_ok)
{
    for (const char *const *s = street_suffixes; *s; s++) {
        size_t m = strlen(*s);
        if (e - i < m || (e - i == m && !alone_ok))
            continue;
        if (in_list(t, e - m, e, (const char *const[]){*s, NULL}))
            return 1;
    }
    return 0;
}

/* 4 digits (the first not 0), an optional space, 2 capital letters; returns the end. */
static size_t scan_postcode(const text *t, size_t i)
{
    int b = byte_at(t, i);
    if (b < '1' || b > '9' || digits_end(t, i) != i + 4)
        return 0;
    size_t k = i + 4 + space1(t, i + 4);
    int c0 = byte_at(t, k), c1 = byte_at(t, k + 1);
    if (c0 < 'A' || c0 > 'Z' || c1 < 'A' || c1 > 'Z')
        return 0;
    size_t e = k + 2;
    size_t l;
    if (kind_at(t, e) == K_WORD ||
        (e < t->n && rd_norm_fold_punct(cp_at(t, e, &l)) == '-' && kind_at(t, e + l) == K_WORD))
        return 0;
    return e;
}

/* A house number at i: 1-4 digits not starting with 0 and an optional addition (12a,
 * 12bis, 12-2, 12/A); not a decimal, time, percentage or count ("12 jaar"). */
static size_t scan_house_number(const text *t, size_t i)
{
    int b = byte_at(t, i);
    if (b < '1' || b > '9')
        return 0;
    size_t k = digits_end(t, i);
    if (k - i > 4)
        return 0;
    int addition = 0;
    if (is_alpha_b(byte_at(t, k))) {
        size_t l = k;
        while (is_alpha_b(byte_at(t, l)))
            l++;
        if (l - k > 3 || kind_at(t, l) == K_WORD)
            return 0;
        k = l;
        addition = 1;
    } else if ((byte_at(t, k) == '-' || byte_at(t, k) == '/') && is_alnum_b(byte_at(t, k + 1))) {
        size_t l = k + 1;
        while (is_alnum_b(byte_at(t, l)))
            l++;
        if (l - (k + 1) <= 4 && kind_at(t, l) != K_WORD) {
            k = l;
            addition = 1;
        }
    }
    int a = byte_at(t, k);
    if (kind_at(t, k) == K_WORD || a == '%' || euro_at(t, k) ||
        ((a == ',' || a == '.' || a == ':') &&
         (is_digit_b(byte_at(t, k + 1)) || byte_at(t, k + 1) == '-')))
        return 0;
    size_t sl = space1(t, k);
    if (!addition && sl) {
        size_t w = k + sl, we = w;
        while (is_alnum_b(byte_at(t, we)))
            we++;
        if (we > w && kind_at(t, we) != K_WORD && in_list(t, w, we, unit_words))
            return 0;
        if (euro_at(t, w) || byte_at(t, w) == '%')
            return 0;
    }
    return k;
}

/* [","] [" "] postcode after a house number ending at h; at least one separator. */
static size_t postcode_after(const text *t, size_t h)
{
    size_t k = h;
    if (byte_at(t, k) == ',')
        k++;
    k += space1(t, k);
    return k > h ? scan_postcode(t, k) : 0;
}

/* [" " ("nr." | "nummer" | ...)] " " house number, after a street word ending at e. */
static size_t number_after_word(const text *t, size_t e)
{
    size_t k = e, sl = space1(t, e);
    if (!sl)
        return 0;
    k += sl;
    if (is_alpha_b(byte_at(t, k))) {
        size_t w = k;
        while (is_alpha_b(byte_at(t, w)))
            w++;
        if (!in_list(t, k, w, number_words))
            return 0;
        if (byte_at(t, w) == '.')
            w++;
        if (!(sl = space1(t, w)))
            return 0;
        k = w + sl;
    }
    return scan_house_number(t, k);
}

/* A street of 1-5 words starting at the capital at i, then a house number, then
 * optionally a postcode; without a street suffix the postcode is required. */
static size_t scan_street_address(const text *t, size_t i)
{
    size_t j = i, l;
    for (int k = 0; k < 5; k++) {
        size_t e = street_word_end(t, j);
        if (e == j)
            return 0;
        int cap = is_upper_cp(cp_at(t, j, &l));
        if (k == 0 && (!cap || in_list(t, j, e, street_stop)))
            return 0;
        if (!cap && !in_list(t, j, e, street_particles))
            return 0;
        if (cap && kind_at(t, e) != K_WORD) {
            size_t h = number_after_word(t, e);
            if (h) {
                size_t p = postcode_after(t, h);
                if (p)
                    return p;
                return has_street_suffix(t, j, e, k > 0) ? h : 0;
            }
        }
        size_t sl = space1(t, e);
        if (!sl || !is_letter_cp(cp_at(t, e + sl, &l)))
            return 0;
        j = e + sl;
    }
    return 0;
}

/* At a digit 1-9: postcode + house number, number + postcode, or a lone postcode.
 * *lone is set when only a postcode matched. */
static size_t scan_digit_address(const text *t, size_t i, int *lone)
{
    size_t p = scan_postcode(t, i), h;
    *lone = 0;
    if (p) {
        size_t k = p;
        if (byte_at(t, k) == ',')
            k++;
        if (space1(t, k)) {
            k += space1(t, k);
            if ((h = is_digit_b(byte_at(t, k)) ? scan_house_number(t, k) : 0))
                return h;
            size_t w = k;
            while (is_alpha_b(byte_at(t, w)))
                w++;
            if (w > k && in_list(t, k, w, number_words)) {
                if (byte_at(t, w) == '.')
                    w++;
                if (space1(t, w) && (h = scan_house_number(t, w + space1(t, w))))
                    return h;
            }
        }
        if (in_list(t, p - 2, p, postcode_stop))
            return 0;
        *lone = 1;
        return p;
    }
    if ((h = scan_house_number(t, i)) && (p = postcode_after(t, h)))
        return p;
    return 0;
}

/* ---- names --------------------------------------------------------------------------- */

static int ent_cmp(const void *a, const void *b)
{
    const name_ent *x = a, *y = b;
    if (x->cp[0] != y->cp[0])
        return x->cp[0] < y->cp[0] ? -1 : 1;
    if (x->n_cp != y->n_cp)
        return x->n_cp > y->n_cp ? -1 : 1; /* longest first */
    for (size_t k = 0; k < x->n_cp; k++)
        if (x->cp[k] != y->cp[k])
            return x->cp[k] < y->cp[k] ? -1 : 1;
    if (x->lasting != y->lasting)
        return x->lasting - y->lasting; /* a speaker's name and its parts before corpus names */
    if (x->derived != y->derived)
        return x->derived - y->derived; /* names as added before parts */
    if (x->seq == y->seq)
        return 0;
    /* the last added name wins, the first added part */
    return (x->seq < y->seq) == (x->derived != 0) ? -1 : 1;
}

/* Matches entry e at i; returns the end of the match (with a possessive 's or s) and
 * sets *name_end to the end of the name itself, or returns 0. */
static size_t match_name(const name_ent *e, const text *t, size_t i, size_t *name_end)
{
    size_t j = i, l;
    int32_t c = 0;
    for (size_t k = 0; k < e->n_cp; k++) {
        if (j >= t->n)
            return 0;
        c = cp_at(t, j, &l);
        if (e->cp[k] == ' ') {
            if (cp_kind(c) != K_SPACE)
                return 0;
            while (j < t->n && cp_kind(cp_at(t, j, &l)) == K_SPACE)
                j += l;
            continue;
        }
        if (fold_cp(c) != e->cp[k] || (k == e->cap_at && !is_upper_cp(c)))
            return 0;
        j += l;
    }
    *name_end = j;
    if (cp_kind(c) != K_WORD || kind_at(t, j) != K_WORD) {
        /* possessive 's after a name that ends a word */
        if (cp_kind(c) == K_WORD && j < t->n && rd_norm_fold_punct(cp_at(t, j, &l)) == '\'' &&
            lower_b(byte_at(t, j + l)) == 's' && kind_at(t, j + l + 1) != K_WORD)
            return j + l + 1;
        return j;
    }
    size_t l0;
    if (lower_b(byte_at(t, j)) == 's' && kind_at(t, j + 1) != K_WORD &&
        is_upper_cp(cp_at(t, i, &l0)))
        return j + 1;
    return 0;
}

static size_t scan_name(const rd_redactor *r, const text *t, size_t i, const name_ent **hit,
                        size_t *name_end)
{
    size_t l;
    int32_t f = fold_cp(cp_at(t, i, &l));
    size_t lo = 0, hi = r->n_names;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->names[mid].cp[0] < f)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < r->n_names && r->names[k].cp[0] == f; k++) {
        size_t e = match_name(&r->names[k], t, i, name_end);
        if (e) {
            *hit = &r->names[k];
            return e;
        }
    }
    return 0;
}

/* ---- the pass ------------------------------------------------------------------------ */

/* Tries every scanner at the word start i. Returns the end of the match (0: none) and the
 * replacement; text from *keep to the end is copied after it (a possessive ending). */
static size_t try_mask(rd_redactor *r, const text *t, size_t i, const char **rep,
                       size_t *rep_n, size_t *keep)
{
    size_t l, e;
    int32_t cp = cp_at(t, i, &l);
    int b = (unsigned char)t->s[i];
    const char *what = NULL;
    if (is_alnum_b(b) && (e = scan_email(r, t, i)))
        what = "[e-mail]";
    else if (is_alpha_b(b) && (e = scan_iban(t, i)))
        what = "[IBAN]";
    else if (is_alpha_b(b) && (e = rd__redact_plate(t->s, t->n, i)))
        what = "[kenteken]";
    else if (is_upper_cp(cp) && (e = scan_street_address(t, i)))
        what = "[adres]";
    if (what) {
        *rep = what;
        *rep_n = strlen(what);
        *keep = e;
        return e;
    }
    if (r->n_names) {
        const name_ent *hit = NULL;
        size_t ne = 0;
        if ((e = scan_name(r, t, i, &hit, &ne))) {
            *rep = hit->repl;
            *rep_n = hit->repl_n;
            *keep = ne;
            return e;
        }
    }
    /* digits inside a number, date or time (1.250, 12-03-2024, 10:30) start nothing */
    int in_number = i >= 2 && is_digit_b((unsigned char)t->s[i - 2]) && t->s[i - 1] &&
                    strchr(".,:/-", t->s[i - 1]);
    int lone = 0;
    if (is_digit_b(b) && !in_number)
        what = rd__redact_number(t->s, t->n, i, &e);
    if (!what && (b == '+' || b == '(' || (b == '0' && !in_number))) {
        if ((e = scan_phone(t, i)))
            what = "[telefoon]";
    } else if (!what && b >= '1' && b <= '9' && !in_number &&
               (e = scan_digit_address(t, i, &lone))) {
        what = lone ? "[postcode]" : "[adres]";
    }
    if (!what)
        return 0;
    *rep = what;
    *rep_n = strlen(what);
    *keep = e;
    return e;
}

rd_status rd_redact_apply(rd_redactor *r, const char *s, size_t n, const char **out,
                          size_t *out_n, rd_err *err)
{
    size_t bad;
    *out = NULL;
    *out_n = 0;
    if (!r || (!s && n))
        return rd_fail(err, RD_EINVAL, "rd_redact_apply: no redactor or no text");
    if (!rd_utf8_valid(s, n, &bad))
        return rd_fail(err, RD_EUTF8, "text to redact: invalid UTF-8 at byte %zu", bad);
    if (!r->sorted && r->n_names) {
        qsort(r->names, r->n_names, sizeof *r->names, ent_cmp);
        r->sorted = 1;
    }
    if (!s)
        s = "";
    r->len = 0;
    r->oom = 0;
    r->email_dead = 0;
    if (r->cap < n + 1) { /* exactly the text: most texts come back as they are */
        if (RD_RESIZE(r->buf, n + 1))
            return rd_fail(err, RD_ENOMEM, "redacting %zu bytes of text", n);
        r->cap = n + 1;
    }
    text t = {s, n};
    size_t i = 0, from = 0;
    int prev_word = 0;
    while (i < n && !r->oom) {
        size_t l;
        int k = cp_kind(cp_at(&t, i, &l));
        if (!prev_word && k != K_SPACE) {
            const char *rep = NULL;
            size_t rep_n = 0, keep = 0, e = try_mask(r, &t, i, &rep, &rep_n, &keep);
            if (e) {
                put(r, s + from, i - from);
                put(r, rep, rep_n);
                put(r, s + keep, e - keep);
                i = from = e;
                prev_word = kind_before(&t, i) == K_WORD;
                continue;
            }
        }
        prev_word = k == K_WORD;
        i += l;
    }
    put(r, s + from, n - from); /* put keeps room for the terminator */
    if (r->oom) {
        r->len = 0;
        return rd_fail(err, RD_ENOMEM, "redacting %zu bytes of text", n);
    }
    r->buf[r->len] = '\0';
    *out = r->buf;
    *out_n = r->len;
    return RD_OK;
}

/* ---- names: adding ------------------------------------------------------------------- */

static const char *const name_particles[] = {
    "van", "de", "der", "den", "het", "t", "ter", "ten", "te", "in", "op", "aan", "la", "le",
    "du", "da", "di", "del", "della", "von", "vom", "zu", "y", "el", "al", "dos", "das", "do",
    "uit", "vd", NULL};

static const char *const name_titles[] = {
    "mevrouw", "meneer", "mevr", "mw", "mr", "dhr", "heer", "hr", "dr", "drs", "ir", "ing",
    "prof", "juffrouw", "juf", "meester", "zuster", "broeder", "pastoor", "dominee", "oom",
    "tante", "opa", "oma", "sr", "jr", "mej", "mejuffrouw", "mvr", "mnr", NULL};

/* Role words of generic speaker labels (also never a distinctive part of a name). */
static const char *const role_words[] = {
    "r", "i", "p", "d", "s", "b", "h", "m", "v", "q", "a", "o", "int", "resp", "res",
    "respondent", "respondente", "interviewer", "interviewster", "interviewee",
    "geïnterviewde", "onderzoeker", "onderzoekster", "moderator", "gespreksleider",
    "gespreksleidster", "bewoner", "bewoonster", "huurder", "huurster", "deelnemer",
    "deelneemster", "spreker", "spreekster", "speaker", "participant", "man", "vrouw",
    "meneer", "mevrouw", "heer", "partner", "echtgenoot", "echtgenote", "zoon", "dochter",
    "vader", "moeder", "kind", "buurman", "buurvrouw", "tolk", "medewerker", "medewerkster",
    "huismeester", "wijkbeheerder", "consulent", "consulente", "corporatie", "onbekend",
    "unknown", "iedereen", "allen", "vraag", "antwoord", "notulist", "observator", NULL};

static void ent_free(name_ent *e)
{
    free(e->cp);
    free(e->repl);
}

/* Adds name[0..n) as an entry; cap_byte is the offset in name of the code point that must
 * be upper case in the text (NO_CAP: none). */
static rd_status add_entry(rd_redactor *r, const char *name, size_t n, const char *repl,
                           size_t cap_byte, int derived)
{
    if (RD_GROW(r->names, r->cap_names, r->n_names + 1))
        return RD_ENOMEM;
    name_ent e = {0};
    size_t rn = strlen(repl);
    e.cp = malloc((n ? n : 1) * sizeof *e.cp);
    e.repl = malloc(rn + 1);
    if (!e.cp || !e.repl) {
        ent_free(&e);
        return RD_ENOMEM;
    }
    memcpy(e.repl, repl, rn + 1);
    e.repl_n = rn;
    e.cap_at = NO_CAP;
    text t = {name, n};
    for (size_t j = 0, l; j < n; j += l) {
        int32_t cp = cp_at(&t, j, &l);
        if (cp_kind(cp) == K_SPACE) {
            if (e.n_cp && e.cp[e.n_cp - 1] != ' ')
                e.cp[e.n_cp++] = ' ';
            continue;
        }
        if (j == cap_byte)
            e.cap_at = e.n_cp;
        e.cp[e.n_cp++] = fold_cp(cp);
    }
    while (e.n_cp && e.cp[e.n_cp - 1] == ' ')
        e.n_cp--;
    e.derived = derived;
    e.seq = r->seq++;
    r->names[r->n_names++] = e;
    r->sorted = 0;
    return RD_OK;
}

typedef struct {
    size_t b, e;
} part;

/* Is name[p.b..p.e) in the lower-case list? (ASCII lowering; role words may hold ï) */
static int part_in(const char *name, part p, const char *const *list)
{
    text t = {name, p.e};
    return in_list(&t, p.b, p.e, list);
}

rd_status rd_redact_add_name(rd_redactor *r, const char *name, size_t n, const char *repl,
                             rd_err *err)
{
    enum { MAXP = 32 };
    part parts[MAXP];
    size_t np = 0, bad, n0, last = SIZE_MAX;
    rd_status rc = RD_OK;
    if (!r || (!name && n))
        return rd_fail(err, RD_EINVAL, "rd_redact_add_name: no redactor or no name");
    if (!repl)
        repl = "[naam]";
    if (!rd_utf8_valid(name, n, &bad))
        return rd_fail(err, RD_EUTF8, "name to redact: invalid UTF-8 at byte %zu", bad);
    if (!rd_utf8_valid(repl, strlen(repl), &bad))
        return rd_fail(err, RD_EUTF8, "replacement for a name: invalid UTF-8 at byte %zu", bad);
    text t = {name, n};
    size_t b = 0, e = n, l;
    while (b < e && kind_at(&t, b) == K_SPACE)
        b += (cp_at(&t, b, &l), l);
    while (e > b && kind_before(&t, e) == K_SPACE) {
        int32_t cp;
        e -= rd_utf8_decode_back(name, e, &cp);
    }
    /* the parts: runs of letters and digits, apostrophes inside kept (D'Ancona) */
    for (size_t j = b; j < e;) {
        int32_t cp = cp_at(&t, j, &l);
        if (cp_kind(cp) != K_WORD) {
            j += l;
            continue;
        }
        size_t pb = j;
        for (;;) {
            if (j < e && kind_at(&t, j) == K_WORD) {
                j += (cp_at(&t, j, &l), l);
                continue;
            }
            if (j < e && rd_norm_fold_punct(cp_at(&t, j, &l)) == '\'' && j + l < e &&
                kind_at(&t, j + l) == K_WORD) {
                j += l;
                continue;
            }
            break;
        }
        if (np < MAXP)
            parts[np++] = (part){pb, j};
    }
    if (np == 0)
        return rd_fail(err, RD_EINVAL, "name to redact has no letters: \"%.*s\"",
                       (int)(n < 80 ? n : 80), name ? name : "");
    n0 = r->n_names;
    if ((rc = add_entry(r, name + b, e - b, repl, NO_CAP, 0)) != RD_OK)
        goto done;
    for (size_t k = 0; k < np; k++) {
        part p = parts[k];
        size_t ncp = 0;
        for (size_t j = p.b; j < p.e; j += (cp_at(&t, j, &l), l))
            ncp++;
        int distinct = ncp >= 2 && byte_at(&t, p.e) != '.' && !part_in(name, p, name_particles) &&
                       !part_in(name, p, name_titles) && !part_in(name, p, role_words);
        int all_digits = 1;
        for (size_t j = p.b; j < p.e; j++)
            all_digits &= is_digit_b((unsigned char)name[j]);
        if (!distinct || all_digits)
            continue;
        last = k;
        if ((p.b != b || p.e != e) &&
            (rc = add_entry(r, name + p.b, p.e - p.b, repl, 0, 1)) != RD_OK)
            goto done;
    }
    /* the surname with the particles before it: "de Vries" in "Karin de Vries" */
    if (last != SIZE_MAX) {
        size_t f = last;
        while (f > 0 && part_in(name, parts[f - 1], name_particles) &&
               kind_at(&t, parts[f - 1].e) == K_SPACE)
            f--;
        if (f < last && (parts[f].b != b || parts[last].e != e))
            rc = add_entry(r, name + parts[f].b, parts[last].e - parts[f].b, repl,
                           parts[last].b - parts[f].b, 1);
    }
done:
    if (rc != RD_OK) {
        while (r->n_names > n0)
            ent_free(&r->names[--r->n_names]);
        rc = rd_fail(err, rc, "adding a name to redact");
    }
    return rc;
}

rd_status rd_redact_add_lasting(rd_redactor *r, const char *w, size_t n, const char *repl,
                                int capitalised, rd_err *err)
{
    size_t bad, l;
    if (!r || (!w && n))
        return rd_fail(err, RD_EINVAL, "rd_redact_add_lasting: no redactor or no word");
    if (!repl)
        repl = "[naam]";
    if (!rd_utf8_valid(w, n, &bad))
        return rd_fail(err, RD_EUTF8, "name to redact: invalid UTF-8 at byte %zu", bad);
    if (!rd_utf8_valid(repl, strlen(repl), &bad))
        return rd_fail(err, RD_EUTF8, "replacement for a name: invalid UTF-8 at byte %zu", bad);
    text t = {w, n};
    for (size_t j = 0; j < n; j += l)
        if (cp_kind(cp_at(&t, j, &l)) == K_SPACE)
            return rd_fail(err, RD_EINVAL, "a lasting name is one word: \"%.*s\"",
                           (int)(n < 80 ? n : 80), w);
    if (n == 0 || !is_letter_cp(cp_at(&t, 0, &l)))
        return rd_fail(err, RD_EINVAL, "a lasting name starts with a letter: \"%.*s\"",
                       (int)(n < 80 ? n : 80), w ? w : "");
    if (add_entry(r, w, n, repl, capitalised ? 0 : NO_CAP, 0) != RD_OK)
        return rd_fail(err, RD_ENOMEM, "adding a name to redact");
    r->names[r->n_names - 1].lasting = 1;
    return RD_OK;
}

void rd_redact_clear_names(rd_redactor *r)
{
    if (!r)
        return;
    size_t kept = 0;
    for (size_t k = 0; k < r->n_names; k++) {
        if (r->names[k].lasting)
            r->names[kept++] = r->names[k]; /* a sorted array stays sorted */
        else
            ent_free(&r->names[k]);
    }
    r->n_names = kept;
    r->sorted = r->sorted || kept == 0;
}

void rd_redact_clear_lasting(rd_redactor *r)
{
    if (!r)
        return;
    for (size_t k = 0; k < r->n_names; k++)
        r->names[k].lasting = 0;
    rd_redact_clear_names(r);
}

rd_status rd_redact_new(rd_redactor **out, rd_err *err)
{
    rd_redactor *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return rd_fail(err, RD_ENOMEM, "redactor");
    r->sorted = 1;
    *out = r;
    return RD_OK;
}

void rd_redact_free(rd_redactor *r)
{
    if (!r)
        return;
    rd_redact_clear_lasting(r);
    free(r->names);
    free(r->buf);
    free(r);
}

/* ---- speaker labels ------------------------------------------------------------------ */

/* An id after a role word: 1-4 digits, one letter, or 1-2 letters and 1-3 digits. */
static int label_id_ok(const char *s, size_t n)
{
    size_t a = 0, d;
    if (n == 0)
        return 1;
    while (a < n && is_alpha_b((unsigned char)s[a]))
        a++;
    for (d = a; d < n && is_digit_b((unsigned char)s[d]); d++)
        ;
    if (d != n)
        return 0;
    size_t nd = n - a;
    if (a == 0)
        return nd <= 4;
    if (nd == 0)
        return a == 1;
    return a <= 2 && nd <= 3;
}

int rd_redact_is_generic_label(const char *label, size_t n)
{
    text t = {label, n};
    size_t b = 0, e = n, l;
    if (!label)
        return 1;
    while (b < e && kind_at(&t, b) == K_SPACE)
        b += (cp_at(&t, b, &l), l);
    if (e > b && label[e - 1] == ':')
        e--;
    while (e > b && (label[e - 1] == ' ' || label[e - 1] == '\t'))
        e--;
    if (b == e)
        return 1;
    /* the role word: ASCII letters and any non-ASCII bytes (geïnterviewde) */
    size_t w = b;
    while (w < e && (is_alpha_b((unsigned char)label[w]) || (unsigned char)label[w] >= 0x80))
        w++;
    if (w == b)
        return label_id_ok(label + b, e - b);
    if (!in_list(&t, b, w, role_words))
        return 0;
    size_t k = w;
    if (k + 1 < e && label[k] && strchr(" -_#.", label[k]))
        k++;
    return label_id_ok(label + k, e - k);
}
