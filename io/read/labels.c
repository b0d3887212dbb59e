/* io/read/labels.c — see labels.h.
 *
 * A label is looked at word by word (it has at most five, split at single spaces). The
 * role lists are compared on a key: the label lower-cased (ASCII), cut at '(', without
 * trailing blanks and dots and without a leading "de ". A trailing number is dropped from
 * the key only in the two ways labels.h names, and the rest must then be a role word, so
 * the number never turns a word that merely starts with a role letter into that role. */
#include "io/read/labels.h"

#include <string.h>

#include <utf8proc.h>

#include "nlp/stopwords.h"

enum { MAX_LABEL = RD_LABELS_MAX_BYTES, MAX_LABEL_WORDS = RD_LABELS_MAX_WORDS };
enum { KEY_CAP = MAX_LABEL * 2 + 8, MAX_ATTACHED_DIGITS = 2 };

static const char *const interviewer_labels[] = {
    "interviewer", "interviewster", "interviewers", "onderzoeker", "onderzoekster",
    "gespreksleider", "gespreksleidster", "moderator", "facilitator", "begeleider",
    "begeleidster", "int", "intv", "interv", "iv", "i", "q", "vraag", "vragensteller",
    "vragenstelster", "researcher", "voorzitter", "voorzitster", NULL};

static const char *const respondent_labels[] = {
    "r", "resp", "respondent", "respondente", "a", "antwoord", "bewoner", "bewoonster",
    "huurder", "huurster", "deelnemer", "deelneemster", "geïnterviewde", "partner", "spreker",
    "b", "p", NULL};

static const char *const particles[] = {"van", "de", "der", "den", "ter", "ten", "te", "het",
                                        "'t", "op", "in", "el", "al", "la", "le", "du",
                                        "da", "di", "von", NULL};

/* Titles before a name, one or two words, compared in lower case (ASCII). */
static const char *const titles[] = {
    "de heer", "heer", "mevrouw", "meneer", "mevr", "mevr.", "mw", "mw.", "mvr", "mvr.",
    "dhr", "dhr.", "hr.", "mr.", "dr.", "drs.", "ir.", "ing.", "prof.", "professor",
    "minister", "minister-president", "premier", "staatssecretaris", "burgemeester",
    "wethouder", "gedeputeerde", "commissaris", "kamerlid", "senator", "voorzitter",
    "juffrouw", "juf", "meester", "dokter", "zuster", "pastoor", "dominee", NULL};

/* --- roles --------------------------------------------------------------------------- */

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int ascii_alpha(unsigned char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static char lower(char c) { return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c); }

/* The key of a label (see the top of the file), NUL-terminated in out[0..KEY_CAP). */
static size_t label_key(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < KEY_CAP && s[i] != '('; i++)
        out[k++] = lower(s[i]);
    while (k > 0 && (out[k - 1] == ' ' || out[k - 1] == '\t' || out[k - 1] == '.'))
        k--;
    size_t b = 0;
    while (b < k && (out[b] == ' ' || out[b] == '\t'))
        b++;
    if (k - b > 3 && memcmp(out + b, "de ", 3) == 0)
        b += 3;
    memmove(out, out + b, k - b);
    k -= b;
    out[k] = '\0';
    return k;
}

/* The key without its trailing number, when labels.h allows dropping it; else 0. */
static size_t drop_number(char *key, size_t k)
{
    size_t d = k;
    while (d > 0 && is_digit(key[d - 1]))
        d--;
    if (d == k || d == 0)
        return 0;
    size_t r = d;
    int apart = 0;
    while (r > 0 && (key[r - 1] == ' ' || key[r - 1] == '-' || key[r - 1] == '.' ||
                     key[r - 1] == '_' || key[r - 1] == '#')) {
        r--;
        apart = 1;
    }
    if (r == 0 || (!apart && k - d > MAX_ATTACHED_DIGITS))
        return 0;
    key[r] = '\0';
    return r;
}

static int in_list(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(*list, key) == 0)
            return 1;
    return 0;
}

/* The label's key without its number where labels.h allows dropping it, in out. */
static size_t base_key(const char *label, size_t n, char *out)
{
    size_t k = label_key(label, n, out);
    size_t b = k ? drop_number(out, k) : 0;
    return b ? b : k;
}

/* The label's key is in list, as it is or without its number. */
static int is_role(const char *label, size_t n, const char *const *list)
{
    char key[KEY_CAP];
    size_t k = label_key(label, n, key);
    return k && (in_list(key, list) || (drop_number(key, k) && in_list(key, list)));
}

int rd_labels_is_interviewer(const char *label, size_t n, const rd_labels_opts *opts)
{
    if (is_role(label, n, interviewer_labels))
        return 1;
    char key[KEY_CAP], extra[KEY_CAP];
    if (!opts || !opts->n_interviewers || !base_key(label, n, key))
        return 0;
    for (size_t i = 0; i < opts->n_interviewers; i++)
        if (base_key(opts->interviewers[i], strlen(opts->interviewers[i]), extra) &&
            strcmp(key, extra) == 0)
            return 1;
    return 0;
}

int rd_labels_is_respondent(const char *s, size_t n) { return is_role(s, n, respondent_labels); }

/* --- shape --------------------------------------------------------------------------- */

/* The letter case of the code point at s[0] (n > 0): 'U' upper case or a letter without
 * case (title case counts as upper), 'L' lower case, 0 anything else (also invalid). */
static int letter_case(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? 'U' : c >= 'a' && c <= 'z' ? 'L' : 0;
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp) < 1)
        return 0;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_LM:
        return 'U';
    case UTF8PROC_CATEGORY_LL:
        return 'L';
    default:
        return 0;
    }
}

static int is_particle(const char *s, size_t n)
{
    char word[8];
    if (n >= sizeof word)
        return 0;
    for (size_t i = 0; i < n; i++)
        word[i] = s[i];
    word[n] = '\0';
    return in_list(word, particles);
}

int rd_labels_shape(const char *s, size_t n, int *caps)
{
    if (n == 0 || n > MAX_LABEL || !letter_case(s, n))
        return 0;
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
        int ok = letter_case(s + w, e - w) == 'U' || is_digit(s[w]) || s[w] == '(' ||
                 (w > 0 && is_particle(s + w, e - w));
        if (!ok) {
            *caps = 0;
            break;
        }
        w = e + 1;
    }
    return 1;
}

/* --- kinds --------------------------------------------------------------------------- */

typedef struct {
    size_t b, e;
} span;

/* s[0..n) is one of the built-in stop words or fillers, in lower case. */
static int common_word(const char *s, size_t n)
{
    char low[MAX_LABEL * 4 + 4];
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (l < 1)
            return 0;
        k += (size_t)utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)low + k);
        i += (size_t)l;
    }
    return rd_stop_builtin_has(low, k);
}

static int has_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_digit(s[i]))
            return 1;
    return 0;
}

/* A capitalised word of letters (and - ' .), no digit. */
static int cap_word(const char *s, span w)
{
    return letter_case(s + w.b, w.e - w.b) == 'U' && !has_digit(s + w.b, w.e - w.b) &&
           !memchr(s + w.b, '(', w.e - w.b) && !memchr(s + w.b, ')', w.e - w.b) &&
           !memchr(s + w.b, '/', w.e - w.b);
}

/* Words w[0..nw) are a name: capitalised words with particles between, at least one word,
 * the first and the last capitalised and no common word, but the first may be a
 * capitalised particle ("De Vries", "Van Dijk"); after a title, any particle ("Mevrouw de
 * Vries"). */
static int is_name(const char *s, const span *w, size_t nw, int after_title)
{
    if (nw == 0 || !cap_word(s, w[nw - 1]) || common_word(s + w[nw - 1].b, w[nw - 1].e - w[nw - 1].b))
        return 0;
    for (size_t i = 0; i + 1 < nw; i++) {
        size_t len = w[i].e - w[i].b;
        char low[8];
        int particle = 0;
        if (len < sizeof low) {
            for (size_t j = 0; j < len; j++)
                low[j] = lower(s[w[i].b + j]);
            particle = is_particle(low, len);
        }
        if (i == 0 && !after_title ? !cap_word(s, w[i]) || (!particle && common_word(s + w[i].b, len))
                                   : !particle && !cap_word(s, w[i]))
            return 0;
    }
    return 1;
}

/* How many leading words of w[0..nw) are a title (0, 1 or 2). */
static size_t title_words(const char *s, const span *w, size_t nw)
{
    for (size_t k = nw < 2 ? nw : 2; k > 0; k--) {
        char low[KEY_CAP];
        size_t len = w[k - 1].e - w[0].b;
        if (len + 1 > sizeof low)
            continue;
        for (size_t j = 0; j < len; j++)
            low[j] = lower(s[w[0].b + j]);
        low[len] = '\0';
        if (in_list(low, titles))
            return k;
    }
    return 0;
}

rd_labels_kind rd_labels_kind_of(const char *s, size_t n, const rd_labels_opts *opts)
{
    int caps;
    if (!rd_labels_shape(s, n, &caps))
        return RD_LABELS_NONE;
    if (rd_labels_is_interviewer(s, n, opts) || rd_labels_is_respondent(s, n))
        return RD_LABELS_STRONG;
    span w[MAX_LABEL_WORDS];
    size_t nw = 0, named;
    for (size_t i = 0; i < n; i++) {
        size_t e = i;
        while (e < n && s[e] != ' ')
            e++;
        w[nw++] = (span){i, e};
        i = e;
    }
    /* "(…)" words at the end: an annotation after a name */
    named = nw;
    while (named > 1 && s[w[named - 1].b] == '(')
        named--;
    int bracket = named < nw && s[w[nw - 1].e - 1] == ')';
    size_t t = title_words(s, w, named);
    if (t && t < named && is_name(s, w + t, named - t, 1))
        return RD_LABELS_STRONG;
    if (is_name(s, w, named, 0))
        return named > 1 || bracket ? RD_LABELS_STRONG : RD_LABELS_NAME;
    return caps ? RD_LABELS_WORD : nw == 1 ? RD_LABELS_WORD : RD_LABELS_PHRASE;
}

int rd_labels_accept(rd_labels_kind k, const rd_labels_evidence *e)
{
    if (k == RD_LABELS_NONE)
        return 0;
    return k == RD_LABELS_STRONG || e->uses >= 2 || (e->timestamped && k != RD_LABELS_PHRASE) ||
           (k == RD_LABELS_NAME && e->in_talk && (e->opens || e->after_interviewer));
}

/* Candidate k of rd_labels_decide. */
static rd_labels_cand *cand_at(rd_labels_cand *c, size_t k, size_t stride)
{
    return (rd_labels_cand *)(void *)((char *)c + k * stride);
}

size_t rd_labels_decide(rd_labels_cand *c, size_t n, size_t stride, size_t talk,
                        const rd_labels_opts *opts)
{
    for (size_t k = 0; k < n; k++) {
        rd_labels_cand *x = cand_at(c, k, stride);
        rd_labels_evidence ev = x->ev;
        ev.in_talk = ev.after_interviewer = 0;
        rd_labels_kind kind = ev.uses >= 2 ? RD_LABELS_WORD : rd_labels_kind_of(x->s, x->n, opts);
        x->speaker = (uint8_t)(ev.uses && rd_labels_accept(kind, &ev));
        if (x->speaker && x->first < talk)
            talk = x->first;
    }
    for (size_t k = 0; k < n; k++) {
        rd_labels_cand *x = cand_at(c, k, stride);
        if (x->speaker || !x->ev.uses || x->first <= talk || !x->ev.opens)
            continue;
        rd_labels_evidence ev = x->ev;
        ev.in_talk = 1;
        ev.after_interviewer = 0;
        x->speaker = (uint8_t)rd_labels_accept(rd_labels_kind_of(x->s, x->n, opts), &ev);
    }
    return talk;
}

int rd_labels_decide_late(rd_labels_cand *c, size_t talk, const rd_labels_opts *opts)
{
    if (c->speaker || c->ev.uses != 1 || c->first <= talk)
        return c->speaker;
    rd_labels_evidence ev = c->ev;
    ev.in_talk = ev.after_interviewer = 1;
    c->speaker = (uint8_t)rd_labels_accept(rd_labels_kind_of(c->s, c->n, opts), &ev);
    return c->speaker;
}

int rd_labels_opens(const char *s, size_t n)
{
    return n == 0 || letter_case(s, n) != 'L';
}

rd_status rd_labels_turn(rd_transcript_builder *b, const char *s, size_t n,
                         const rd_labels_opts *opts, rd_err *err)
{
    size_t spk;
    rd_status rc = rd_transcript_build_speaker(b, s, n, &spk, err);
    if (rc != RD_OK)
        return rc;
    while (n && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    rd_role role = n && rd_labels_is_interviewer(s, n, opts) ? RD_ROLE_INTERVIEWER
                                                             : RD_ROLE_RESPONDENT;
    return rd_transcript_build_turn(b, spk, role, err);
}
