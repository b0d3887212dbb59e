/* io/read/timestamp.c — see timestamp.h.
 *
 * One scanner (rd_timestamp_scan) reads the grammar; a range is two scans around a
 * separator, a mark a range or scan inside optional brackets, and each context is a
 * thin wrapper around a mark or a scan. Where the three readers disagreed before, the
 * rule chosen for real transcripts is: any number of digits per group (long recordings
 * write `105:12`; WebVTT allows hours above 99), two to four groups (SMPTE timecodes),
 * ranges in speaker lines and table cells alike (transcription exports with a
 * `00:00:01 - 00:00:05` column), and a timestamp cell exactly what a speaker line reads
 * back. */
#include "io/read/timestamp.h"

#include <string.h>

enum { MAX_GROUPS = 4 };

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_blank(char c) { return c == ' ' || c == '\t'; }

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
    while (i < n && is_blank(s[i]))
        i++;
    return i;
}

size_t rd_timestamp_scan(const char *s, size_t n)
{
    size_t i = 0;
    int groups = 0;
    for (;;) {
        size_t d = i;
        while (i < n && is_digit(s[i]))
            i++;
        if (i == d)
            return 0;
        groups++;
        if (groups < MAX_GROUPS && i + 1 < n && s[i] == ':' && is_digit(s[i + 1])) {
            i++;
            continue;
        }
        break;
    }
    if (groups < 2)
        return 0;
    if (i + 1 < n && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1])) {
        i++;
        while (i < n && is_digit(s[i]))
            i++;
    }
    return i;
}

/* The length of a range separator at s[0..n): "-->", "–" or "-"; 0 when none. */
static size_t separator(const char *s, size_t n)
{
    if (n >= 3 && memcmp(s, "-->", 3) == 0)
        return 3;
    if (n >= 3 && memcmp(s, "\xE2\x80\x93", 3) == 0)
        return 3;
    return n >= 1 && s[0] == '-' ? 1 : 0;
}

/* A timestamp, or a range of two: the length, or 0. A separator without a second
 * timestamp after it is not part of the mark ("00:01:02 - Jan"). */
static size_t range(const char *s, size_t n)
{
    size_t a = rd_timestamp_scan(s, n);
    if (!a)
        return 0;
    size_t j = skip_blanks(s, n, a);
    size_t k = separator(s + j, n - j);
    if (!k)
        return a;
    j = skip_blanks(s, n, j + k);
    size_t b = rd_timestamp_scan(s + j, n - j);
    return b ? j + b : a;
}

/* A mark at the start of s[0..n): its length, or 0. *bare says it had no brackets. */
static size_t mark(const char *s, size_t n, int *bare)
{
    char close = 0;
    size_t i = 0;
    if (n && (s[0] == '[' || s[0] == '(')) {
        close = s[0] == '[' ? ']' : ')';
        i = skip_blanks(s, n, 1);
    }
    size_t k = range(s + i, n - i);
    if (!k)
        return 0;
    i += k;
    *bare = !close;
    if (close) {
        i = skip_blanks(s, n, i);
        if (i >= n || s[i] != close)
            return 0;
        i++;
    }
    return i;
}

size_t rd_timestamp_line(const char *s, size_t n)
{
    /* most lines start with a letter: no mark can start there */
    if (!n || !(is_digit(s[0]) || s[0] == '[' || s[0] == '('))
        return 0;
    int bare = 0;
    size_t i = mark(s, n, &bare);
    if (!i || (bare && i < n && !is_blank(s[i])))
        return 0;
    i = skip_blanks(s, n, i);
    if (i + 1 < n && s[i] == '-' && is_blank(s[i + 1]))
        i = skip_blanks(s, n, i + 2);
    return i;
}

int rd_timestamp_cue(const char *s, size_t n)
{
    size_t i = skip_blanks(s, n, 0);
    size_t t = rd_timestamp_scan(s + i, n - i);
    if (!t)
        return 0;
    i = skip_blanks(s, n, i + t);
    return i + 3 <= n && memcmp(s + i, "-->", 3) == 0;
}

int rd_timestamp_cell(const char *s, size_t n)
{
    size_t a = skip_blanks(s, n, 0), b = n;
    while (b > a && is_blank(s[b - 1]))
        b--;
    return b > a && rd_timestamp_line(s + a, b - a) == b - a;
}
