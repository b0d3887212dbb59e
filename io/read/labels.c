/* io/read/labels.c — see labels.h. */
#include "io/read/labels.h"

#include <string.h>

#include <utf8proc.h>

enum { MAX_LABEL = RD_LABELS_MAX_BYTES, MAX_LABEL_WORDS = RD_LABELS_MAX_WORDS };

static const char *const interviewer_labels[] = {
    "interviewer", "interviewster", "interviewers", "onderzoeker", "onderzoekster",
    "gespreksleider", "gespreksleidster", "moderator", "facilitator", "begeleider",
    "begeleidster", "int", "intv", "interv", "iv", "i", "q", "vraag", "vragensteller",
    "vragenstelster", "researcher", NULL};

static const char *const respondent_labels[] = {
    "r", "resp", "respondent", "respondente", "a", "antwoord", "bewoner", "bewoonster",
    "huurder", "huurster", "deelnemer", "deelneemster", "geïnterviewde", "partner", "spreker",
    "b", "p", NULL};

static const char *const particles[] = {"van", "de", "der", "den", "ter", "ten", "te", "het",
                                        "'t", "op", "in", "el", "al", "la", "le", "du",
                                        "da", "di", "von", NULL};

/* Normalised key of a label: lowercased ASCII, "(…)" and a trailing number dropped. */
static size_t label_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '(')
            break;
        out[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    while (k > 0 && (out[k - 1] == ' ' || out[k - 1] == '.' || (out[k - 1] >= '0' && out[k - 1] <= '9')))
        k--;
    out[k] = '\0';
    return k;
}

static int in_list(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(*list, key) == 0)
            return 1;
    return 0;
}

int rd_labels_is_interviewer(const char *label, size_t n, const rd_labels_opts *opts)
{
    char key[MAX_LABEL * 2 + 8], k2[MAX_LABEL * 2 + 8];
    label_key(label, n, key, sizeof key);
    if (in_list(key, interviewer_labels))
        return 1;
    for (size_t i = 0; opts && i < opts->n_interviewers; i++) {
        label_key(opts->interviewers[i], strlen(opts->interviewers[i]), k2, sizeof k2);
        if (strcmp(key, k2) == 0)
            return 1;
    }
    return 0;
}

int rd_labels_is_respondent(const char *s, size_t n)
{
    char key[MAX_LABEL * 2 + 8];
    label_key(s, n, key, sizeof key);
    return in_list(key, respondent_labels);
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int ascii_alpha(unsigned char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }

int rd_labels_shape(const char *s, size_t n, int *caps)
{
    if (n == 0 || n > MAX_LABEL)
        return 0;
    unsigned char first = (unsigned char)s[0];
    if (first >= 0x80) {
        utf8proc_int32_t cp;
        if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp) < 1)
            return 0;
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat != UTF8PROC_CATEGORY_LU && cat != UTF8PROC_CATEGORY_LL &&
            cat != UTF8PROC_CATEGORY_LT && cat != UTF8PROC_CATEGORY_LM &&
            cat != UTF8PROC_CATEGORY_LO)
            return 0;
    } else if (!ascii_alpha(first)) {
        return 0;
    }
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
        unsigned char ch = (unsigned char)s[w];
        int ok = ascii_upper(ch) || ch >= 0x80 || is_digit((char)ch) || ch == '(';
        if (!ok && w > 0) {
            char word[16];
            size_t wl = e - w;
            if (wl < sizeof word) {
                memcpy(word, s + w, wl);
                word[wl] = '\0';
                ok = in_list(word, particles);
            }
        }
        if (!ok) {
            *caps = 0;
            break;
        }
        w = e + 1;
    }
    return 1;
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
