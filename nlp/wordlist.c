/* nlp/wordlist.c — see wordlist.h. */
#include "nlp/wordlist.h"

#include <string.h>

int rd_wordlist_line(const char *text, size_t n, size_t *i, size_t *b, size_t *e)
{
    if (*i >= n)
        return 0;
    size_t s = *i, end = s;
    while (end < n && text[end] != '\n')
        end++;
    *i = end + 1;
    const char *hash = memchr(text + s, '#', end - s);
    size_t f = hash ? (size_t)(hash - text) : end;
    while (s < f && (text[s] == ' ' || text[s] == '\t' || text[s] == '\r'))
        s++;
    while (f > s && (text[f - 1] == ' ' || text[f - 1] == '\t' || text[f - 1] == '\r'))
        f--;
    *b = s;
    *e = f;
    return 1;
}
