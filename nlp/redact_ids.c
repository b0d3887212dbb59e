/* nlp/redact_ids.c — see redact_ids.h; the rules are in nlp/redact.h.
 *
 * BSN. Digits in groups: one group of 9, or 2-4 groups of 2-4 digits with one separator
 * throughout (space, no-break space, '.' or '-'), 9 digits in all, and the weighted sum
 * 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11 (the "elfproef" of the Wet algemene bepalingen
 * burgerservicenummer); not all zeros. The digits must not go on: not the same separator
 * and a digit, a decimal or time (",5", ":30"), a letter, '%'; an amount is never a BSN:
 * "€" before, or "euro", "eur" or ",-" after. A 9-digit number passes the test one time in
 * eleven, so 9-digit amounts and counts without € or euro can be masked: the price of
 * masking BSNs written without a keyword, as they usually are.
 *
 * Dates of birth. A full date — day, month and year: 12-03-1954, 12/3/54, 12.3.1954,
 * 1954-03-12, 3 maart 1961, 3 mrt. 1961, 3 maart '61 — is masked when a birth word stands
 * within four words before it (geboren, geboorte…, geb, gebdat, verjaardag, born, birth…,
 * dob) or within three words after it ("op 3 maart 1961 geboren", "12-03-1954 ben ik
 * geboren"), not across '!', '?', a line break or the '.' that ends a sentence (a '.'
 * after a word of four letters or more; "geb." does not end one); or right after '°'
 * (°12-03-1954). Only the date is replaced; the birth word stays. Dates elsewhere stay.
 *
 * Licence plates. The RDW side codes 1-14, letters L, digits D:
 *   LL-DD-DD DD-DD-LL DD-LL-DD LL-DD-LL LL-LL-DD DD-LL-LL DD-LLL-D D-LLL-DD LL-DDD-L
 *   L-DDD-LL LLL-DD-L L-DD-LLL D-LL-DDD DDD-LL-D
 * With dashes and capital letters anywhere (no other code in Dutch text has these shapes);
 * within three words after kenteken…, nummerbord… or nummerplaat… also in lower case and
 * without dashes (kenteken 12abc3), where a bare 6-character code would otherwise be a
 * postcode (3511AB), a product code or a word.
 *
 * Every look-around is bounded (LOOK bytes), so each scanner costs O(1) per start. */
#include "nlp/redact_ids.h"

#include <stdint.h>
#include <string.h>

enum { LOOK = 80 };

static int byte_at(const char *s, size_t n, size_t i)
{
    return i < n ? (unsigned char)s[i] : -1;
}

static int is_digit(int b)
{
    return b >= '0' && b <= '9';
}

static int is_upper(int b)
{
    return b >= 'A' && b <= 'Z';
}

static int is_lower(int b)
{
    return b >= 'a' && b <= 'z';
}

static int is_alpha(int b)
{
    return is_upper(b) || is_lower(b);
}

static int lower(int b)
{
    return is_upper(b) ? b + 32 : b;
}

static size_t digits_end(const char *s, size_t n, size_t i)
{
    while (is_digit(byte_at(s, n, i)))
        i++;
    return i;
}

/* Does the ASCII word s[a..e) begin with prefix (ignoring case)? */
static int starts(const char *s, size_t a, size_t e, const char *prefix)
{
    size_t m = strlen(prefix);
    if (e - a < m)
        return 0;
    for (size_t k = 0; k < m; k++)
        if (lower((unsigned char)s[a + k]) != prefix[k])
            return 0;
    return 1;
}

static int equals(const char *s, size_t a, size_t e, const char *w)
{
    return e - a == strlen(w) && starts(s, a, e, w);
}

/* Space or no-break space at i: its length, else 0. */
static size_t space_len(const char *s, size_t n, size_t i)
{
    if (byte_at(s, n, i) == ' ')
        return 1;
    return byte_at(s, n, i) == 0xC2 && byte_at(s, n, i + 1) == 0xA0 ? 2 : 0;
}

/* ---- words around a match ------------------------------------------------------------ */

typedef int (*word_test)(const char *s, size_t a, size_t e);

/* Looks at up to max_words ASCII words before i (within LOOK bytes) for one that passes
 * test. Stops at '!', '?', a line break, and at a '.' that ends a sentence: one followed
 * by white space after a word of four letters or more. */
static int word_before(const char *s, size_t i, int max_words, word_test test)
{
    size_t j = i, stop = i > LOOK ? i - LOOK : 0;
    int words = 0;
    while (j > stop && words < max_words) {
        int b = (unsigned char)s[j - 1];
        if (b == '!' || b == '?' || b == '\n' || b == '\r')
            return 0;
        if (!is_alpha(b)) {
            if (b == '.' && j < i && (s[j] == ' ' || s[j] == '\n')) {
                size_t w = j - 1;
                while (w > stop && is_alpha((unsigned char)s[w - 1]))
                    w--;
                if (j - 1 - w >= 4)
                    return 0;
            }
            j--;
            continue;
        }
        size_t e = j;
        while (j > stop && is_alpha((unsigned char)s[j - 1]))
            j--;
        if (j > stop && (unsigned char)s[j - 1] >= 0x80) { /* a word with non-ASCII letters */
            while (j > stop && ((unsigned char)s[j - 1] >= 0x80 || is_alpha((unsigned char)s[j - 1])))
                j--;
            words++;
            continue;
        }
        if (test(s, j, e))
            return 1;
        words++;
    }
    return 0;
}

/* Looks at up to max_words ASCII words from i (within LOOK bytes), not past the end of the
 * sentence ('.', '!', '?', ';', a line break). */
static int word_after(const char *s, size_t n, size_t i, int max_words, word_test test)
{
    size_t j = i, stop = n - i > LOOK ? i + LOOK : n;
    int words = 0;
    while (j < stop && words < max_words) {
        int b = (unsigned char)s[j];
        if (b == '.' || b == '!' || b == '?' || b == ';' || b == '\n' || b == '\r')
            return 0;
        if (!is_alpha(b) && b < 0x80) {
            j++;
            continue;
        }
        size_t a = j;
        while (j < stop && (is_alpha((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80))
            j++;
        if (test(s, a, j))
            return 1;
        words++;
    }
    return 0;
}

/* ---- BSN ----------------------------------------------------------------------------- */

static int amount_before(const char *s, size_t i)
{
    size_t j = i;
    if (j >= 1 && s[j - 1] == ' ')
        j--;
    else if (j >= 2 && (unsigned char)s[j - 2] == 0xC2 && (unsigned char)s[j - 1] == 0xA0)
        j -= 2;
    return j >= 3 && memcmp(s + j - 3, "\xE2\x82\xAC", 3) == 0;
}

static int amount_after(const char *s, size_t n, size_t e)
{
    if (byte_at(s, n, e) == ',' && byte_at(s, n, e + 1) == '-')
        return 1;
    size_t k = e + space_len(s, n, e);
    if (k == e)
        return 0;
    if (byte_at(s, n, k) == 0xE2 && byte_at(s, n, k + 1) == 0x82 && byte_at(s, n, k + 2) == 0xAC)
        return 1;
    size_t w = k;
    while (is_alpha(byte_at(s, n, w)))
        w++;
    return !rd__redact_word_at(s, n, w) && (equals(s, k, w, "euro") || equals(s, k, w, "eur"));
}

/* The digits go on: a letter or mark, '%', a decimal or time, or another group. */
static int number_goes_on(const char *s, size_t n, size_t e, int sep)
{
    int a = byte_at(s, n, e);
    if (rd__redact_word_at(s, n, e) || a == '%')
        return 1;
    if ((a == ',' || a == '.' || a == ':' || a == '/' || a == '-') && is_digit(byte_at(s, n, e + 1)))
        return 1;
    if (sep == ' ' || sep == 0xA0) {
        size_t sl = space_len(s, n, e);
        return sl && is_digit(byte_at(s, n, e + sl));
    }
    return 0;
}

size_t rd__redact_bsn(const char *s, size_t n, size_t i)
{
    int d[9], sep = 0, groups = 0, ok = 1;
    size_t nd = 0, j = i;
    if (!is_digit(byte_at(s, n, i)) || amount_before(s, i))
        return 0;
    for (;;) {
        size_t a = j, e = digits_end(s, n, j);
        if (nd + (e - a) > 9)
            return 0;
        for (; j < e; j++)
            d[nd++] = s[j] - '0';
        groups++;
        ok &= e - a >= 2 && e - a <= 4;
        if (nd == 9)
            break;
        int c = byte_at(s, n, j);
        size_t sl = c == ' ' || c == '.' || c == '-' ? 1 : space_len(s, n, j);
        int this_sep = sl == 2 ? 0xA0 : c;
        if (!sl || !is_digit(byte_at(s, n, j + sl)) || (sep && this_sep != sep))
            return 0;
        sep = this_sep;
        j += sl;
    }
    if ((groups > 1 && (!ok || groups > 4)) || number_goes_on(s, n, j, sep) ||
        amount_after(s, n, j))
        return 0;
    int sum = 0, any = 0;
    for (int k = 0; k < 8; k++) {
        sum += (9 - k) * d[k];
        any |= d[k];
    }
    sum -= d[8];
    any |= d[8];
    return any && sum % 11 == 0 ? j : 0;
}

/* ---- dates of birth ------------------------------------------------------------------ */

static const char *const months[] = {
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december", "jan", "feb", "febr", "mrt", "mar", "maa", "apr", "jun",
    "jul", "aug", "sep", "sept", "okt", "oct", "nov", "dec", NULL};

static int month_word(const char *s, size_t a, size_t e)
{
    for (const char *const *m = months; *m; m++)
        if (equals(s, a, e, *m))
            return 1;
    return 0;
}

static unsigned num(const char *s, size_t a, size_t e)
{
    unsigned v = 0;
    for (; a < e; a++)
        v = v * 10 + (unsigned)(s[a] - '0');
    return v;
}

/* d-m-y (y of 2 or 4 digits) or y-m-d, with one of - / . throughout; the end or 0. */
static size_t numeric_date(const char *s, size_t n, size_t i)
{
    size_t a = digits_end(s, n, i), la = a - i;
    int sep = byte_at(s, n, a);
    if ((la != 1 && la != 2 && la != 4) || (sep != '-' && sep != '/' && sep != '.'))
        return 0;
    size_t b = digits_end(s, n, a + 1), lb = b - (a + 1);
    if (lb < 1 || lb > 2 || byte_at(s, n, b) != sep)
        return 0;
    size_t c = digits_end(s, n, b + 1), lc = c - (b + 1);
    unsigned day, month = num(s, a + 1, b);
    if (la == 4) {
        if (lc < 1 || lc > 2)
            return 0;
        day = num(s, b + 1, c);
    } else {
        if (lc != 2 && lc != 4)
            return 0;
        day = num(s, i, a);
    }
    if (day < 1 || day > 31 || month < 1 || month > 12)
        return 0;
    return c;
}

/* day [e|de|ste] month-word[.] year, where year is 4 digits or '61 / ’61. */
static size_t written_date(const char *s, size_t n, size_t i)
{
    size_t a = digits_end(s, n, i), k;
    unsigned day = num(s, i, a);
    if (a - i < 1 || a - i > 2 || day < 1 || day > 31)
        return 0;
    k = a;
    while (is_alpha(byte_at(s, n, k)))
        k++;
    if (k > a && !equals(s, a, k, "e") && !equals(s, a, k, "de") && !equals(s, a, k, "ste"))
        return 0; /* 3e, 2de, 1ste */
    size_t sl = space_len(s, n, k);
    if (!sl)
        return 0;
    size_t m = k + sl, me = m;
    while (is_alpha(byte_at(s, n, me)))
        me++;
    if (!month_word(s, m, me) || rd__redact_word_at(s, n, me))
        return 0;
    if (byte_at(s, n, me) == '.')
        me++;
    if (!(sl = space_len(s, n, me)))
        return 0;
    size_t y = me + sl;
    if (byte_at(s, n, y) == '\'')
        y++;
    else if (byte_at(s, n, y) == 0xE2 && byte_at(s, n, y + 1) == 0x80 && byte_at(s, n, y + 2) == 0x99)
        y += 3;
    size_t ye = digits_end(s, n, y);
    if (ye - y != (y == me + sl ? 4u : 2u))
        return 0;
    return ye;
}

static int birth_word(const char *s, size_t a, size_t e)
{
    return starts(s, a, e, "geboren") || starts(s, a, e, "geboorte") || equals(s, a, e, "geb") ||
           equals(s, a, e, "gebdat") || starts(s, a, e, "verjaardag") || equals(s, a, e, "born") ||
           starts(s, a, e, "birth") || equals(s, a, e, "dob");
}

static int born_word(const char *s, size_t a, size_t e)
{
    return starts(s, a, e, "geboren") || equals(s, a, e, "born");
}

/* "°" (C2 B0) right before i, or before one space. */
static int degree_before(const char *s, size_t i)
{
    size_t j = i;
    if (j >= 1 && s[j - 1] == ' ')
        j--;
    return j >= 2 && (unsigned char)s[j - 2] == 0xC2 && (unsigned char)s[j - 1] == 0xB0;
}

size_t rd__redact_birth_date(const char *s, size_t n, size_t i)
{
    if (!is_digit(byte_at(s, n, i)))
        return 0;
    size_t e = numeric_date(s, n, i);
    if (!e)
        e = written_date(s, n, i);
    if (!e || number_goes_on(s, n, e, 0))
        return 0;
    if (degree_before(s, i) || word_before(s, i, 4, birth_word) || word_after(s, n, e, 3, born_word))
        return e;
    return 0;
}

/* ---- licence plates ------------------------------------------------------------------ */

static const char *const sidecodes[] = {
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D",
    "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D", NULL};

/* Does shape[0..len) (letters L, digits D, dashes) spell a side code, with its dashes
 * (dashed) or without them? */
static int sidecode(const char *shape, size_t len, int dashed)
{
    for (const char *const *c = sidecodes; *c; c++) {
        char want[10];
        size_t k = 0;
        for (const char *p = *c; *p; p++)
            if (*p != '-' || dashed)
                want[k++] = *p;
        if (k == len && memcmp(want, shape, len) == 0)
            return 1;
    }
    return 0;
}

static int plate_word(const char *s, size_t a, size_t e)
{
    return starts(s, a, e, "kenteken") || starts(s, a, e, "nummerbord") ||
           starts(s, a, e, "nummerplaat");
}

size_t rd__redact_plate(const char *s, size_t n, size_t i)
{
    char shape[10];
    size_t len = 0, j = i;
    int dashed = 0, lower_seen = 0;
    for (; len < sizeof shape; j++, len++) {
        int b = byte_at(s, n, j);
        if (is_digit(b))
            shape[len] = 'D';
        else if (is_alpha(b))
            shape[len] = 'L', lower_seen |= is_lower(b);
        else if (b == '-' && len > 0 && shape[len - 1] != '-' && (is_digit(byte_at(s, n, j + 1)) ||
                                                                 is_alpha(byte_at(s, n, j + 1))))
            shape[len] = '-', dashed = 1;
        else
            break;
    }
    if (len == sizeof shape || rd__redact_word_at(s, n, j) ||
        (byte_at(s, n, j) == '-' && rd__redact_word_at(s, n, j + 1)) || !sidecode(shape, len, dashed))
        return 0;
    if (dashed && !lower_seen)
        return j;
    return word_before(s, i, 3, plate_word) ? j : 0;
}

const char *rd__redact_number(const char *s, size_t n, size_t i, size_t *e)
{
    if ((*e = rd__redact_bsn(s, n, i)))
        return "[BSN]";
    if ((*e = rd__redact_birth_date(s, n, i)))
        return "[geboortedatum]";
    if ((*e = rd__redact_plate(s, n, i)))
        return "[kenteken]";
    return NULL;
}
