/* io/read/pathname.h — file names as people see them: in messages, on the terminal and in
 * every output.
 *
 * A Linux file name is any bytes but '/' and NUL, so it need not be UTF-8 and may hold
 * control characters (an ESC that recolours the terminal, a newline that splits a TSV
 * line). rodedraad opens files by their raw bytes and shows them by their *shown* form:
 *   - valid UTF-8 is kept as it is, except
 *   - bytes that are not valid UTF-8, the C0 controls (0x00-0x1F) and DEL: \xHH
 *     (upper-case hex), e.g. the bytes FF FE are shown as \xFF\xFE;
 *   - the C1 controls U+0080-U+009F, the line and paragraph separators U+2028 and U+2029
 *     and the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
 *     U+2066-U+2069), which can make a name read as another: \uHHHH;
 *   - a backslash that is followed by 'x' or 'u': \x5C, so that a name which literally
 *     holds the text "\xFF" never looks like one holding the byte FF.
 * The shown form is valid UTF-8 without control characters, and two different names never
 * look the same (the mapping is one to one). Names that need none of this are shown as
 * they are, so ordinary names never change. model.json keeps the raw bytes of escaped
 * names in base64 (rd_pathname_base64).
 *
 * rd_pathname_safe is the same net for a whole message line about to be printed: invalid
 * bytes and controls escaped, backslashes left alone (so it never changes a message twice). */
#ifndef RD_PATHNAME_H
#define RD_PATHNAME_H

#include <stddef.h>

/* 1 when raw is shown as it is (nothing to escape). */
int rd_pathname_plain(const char *raw);

/* The shown form of raw, malloc'd (caller frees); NULL when memory runs out. */
char *rd_pathname_show(const char *raw);

/* The shown form of raw into out[0..cap) (cap >= 1), cut at a character boundary when it
 * does not fit; returns out. For messages, where a stack buffer is enough. */
const char *rd_pathname_show_into(const char *raw, char *out, size_t cap);

/* s with invalid UTF-8 and control characters (C0 but tab, DEL, C1) escaped as in the
 * shown form, backslashes kept, malloc'd; NULL when memory runs out. */
char *rd_pathname_safe(const char *s);

/* The bytes of raw in standard base64 (RFC 4648, with padding), malloc'd; NULL when memory
 * runs out. */
char *rd_pathname_base64(const char *raw);

#endif
