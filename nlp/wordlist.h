/* nlp/wordlist.h — the line format of rodedraad's word lists (stop words, fillers, cues in
 * nlp/data/, and the user's --stopwords and --cues files): one entry per line, '#' starts a
 * comment, blanks (space, tab, CR) around an entry are ignored, blank lines are skipped by
 * the readers. */
#ifndef RD_WORDLIST_H
#define RD_WORDLIST_H

#include <stddef.h>

/* The next line of text[*i..n) with its '#' comment cut off and surrounding blanks trimmed,
 * as [*b, *e) (empty for a blank or comment line); advances *i past the line. Returns 0
 * when text is exhausted. */
int rd_wordlist_line(const char *text, size_t n, size_t *i, size_t *b, size_t *e);

#endif
