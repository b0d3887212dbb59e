/* io/decode.h — from a file's bytes to UTF-8 text.
 *
 *   - UTF-8, with or without a byte order mark (the BOM is dropped);
 *   - UTF-16 LE or BE with a byte order mark: converted (an unpaired surrogate or an odd
 *     byte count is RD_EUTF8 "invalid UTF-16 at byte N");
 *   - otherwise, bytes that are not valid UTF-8 but read as sensible Windows-1252 text
 *     are converted, and *converted set to say so (the caller warns, naming the file).
 *     "Sensible": no byte of the five cp1252 leaves undefined (0x81 0x8D 0x8F 0x90
 *     0x9D), no C0 control other than tab, CR, LF and form feed, and at least 90 % of
 *     the non-ASCII bytes are letters (Latin-1 letters, or cp1252's Š š Ž ž Œ œ Ÿ ƒ) or
 *     typographic punctuation (quotes, dashes, ellipsis, euro, bullet, nbsp, °, ·, «, »);
 *   - anything else is RD_EUTF8 "invalid UTF-8 at byte N (line L)".
 * A NUL byte (outside UTF-16) is RD_EDATA "binary file (NUL byte at byte N)". */
#ifndef RD_DECODE_H
#define RD_DECODE_H

#include <stddef.h>

#include "engine/status.h"

typedef enum { RD_ENC_UTF8 = 0, RD_ENC_UTF16LE, RD_ENC_UTF16BE, RD_ENC_CP1252 } rd_encoding;

/* Decodes buf[0..n) into UTF-8. When the bytes are already UTF-8 (BOM or not), *out
 * points into buf (no copy; *owned = 0); otherwise *out is malloc'd (*owned = 1). The
 * text is NUL-terminated in both cases (buf must have a NUL at buf[n], as rd_file_read
 * gives). *enc says what the input was. Errors name the byte, not the path. */
rd_status rd_decode(const char *buf, size_t n, const char **out, size_t *out_n, int *owned,
                    rd_encoding *enc, rd_err *err);

const char *rd_encoding_name(rd_encoding e); /* "UTF-8", "UTF-16LE", "UTF-16BE", "Windows-1252" */

#endif
