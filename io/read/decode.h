/* io/read/decode.h — from a file's bytes to UTF-8 text.
 *
 * rd_decode looks at the first bytes, then at the whole file:
 *   - UTF-16 LE (FF FE) or BE (FE FF) byte order mark: converted to UTF-8, the BOM
 *     dropped. An unpaired surrogate, or an odd byte count (reported at the last byte),
 *     is RD_EUTF8 "invalid UTF-16 at byte N (line L)"; a U+0000 character is RD_EDATA
 *     "binary file (NUL character at byte N), not a text transcript". The first problem
 *     by position is the one reported. There is no detection of UTF-16 without a BOM
 *     (such a file fails as binary: its ASCII characters carry NUL bytes), nor of UTF-32
 *     (a UTF-32LE BOM reads as UTF-16LE followed by U+0000, so it fails as binary).
 *   - Every other file is 8-bit: a NUL byte anywhere is RD_EDATA "binary file (NUL byte
 *     at byte N), not a text transcript".
 *   - UTF-8, with or without a byte order mark (EF BB BF, dropped): used as it is.
 *   - A file with a UTF-8 BOM that is not valid UTF-8 after it: RD_EUTF8 (the BOM says
 *     what it is meant to be; it is not second-guessed as Windows-1252).
 *   - Otherwise, bytes that are not valid UTF-8 but read as sensible Windows-1252 text
 *     are converted, and *enc set to RD_ENC_CP1252 (the caller warns, naming the file).
 *     "Sensible", judged over the whole file:
 *       (a) no byte of the five cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D);
 *       (b) no C0 control other than tab, CR, LF and form feed;
 *       (c) at least 90 % of the bytes >= 0x80 are letters (Latin-1 letters, i.e.
 *           0xC0-0xFF but × and ÷, and ª µ º; or cp1252's Š š Ž ž Œ œ Ÿ ƒ) or
 *           typographic punctuation (‘ ’ ‚ “ ” „ ‹ › « », – —, …, €, •, nbsp, °, ·);
 *       (d) it is not broken UTF-8: fewer than two valid UTF-8 multi-byte sequences
 *           outside the invalid bytes. A UTF-8 file with one corrupt byte still holds
 *           its other é's and ’'s as valid sequences, and reading it as cp1252 would
 *           turn each into mojibake ("Ã©"), so it is an error instead. A genuine cp1252
 *           file may by chance hold one such sequence (e.g. "CAFÉ”" is C9 94); two or
 *           more make it an error too: re-save it as UTF-8.
 *   - Anything else is RD_EUTF8 "invalid UTF-8 at byte N (line L)": N is the 0-based
 *     offset in buf (BOM included) of the first invalid sequence and L its line, as
 *     rd_utf8_valid and rd_utf8_line_of give them.
 * Linear time; reads only buf[0..n). */
#ifndef RD_DECODE_H
#define RD_DECODE_H

#include <stddef.h>

#include "engine/status.h"

typedef enum { RD_ENC_UTF8 = 0, RD_ENC_UTF16LE, RD_ENC_UTF16BE, RD_ENC_CP1252 } rd_encoding;

/* Decodes buf[0..n) into UTF-8 (buf may be NULL when n is 0). When the bytes are
 * already UTF-8 (BOM or not), *out points into buf (buf or buf + 3; no copy; *owned = 0)
 * and is borrowed for as long as buf lives; it is NUL-terminated only because buf must
 * have a NUL at buf[n], as rd_files_read gives (rd_decode itself never reads buf[n]).
 * Otherwise *out is malloc'd, NUL-terminated, *out_n exactly its length, *owned = 1, and
 * the caller frees it with free((char *)*out). The converted text is at most 3n + 1
 * bytes for cp1252 and 1.5 (n - 2) + 1 for UTF-16. *enc says what the input was.
 * On failure *out is NULL, *out_n and *owned 0, *enc RD_ENC_UTF8, and err says why;
 * errors name the byte, not the path (the caller adds it). RD_ENOMEM when the copy
 * cannot be allocated. err is left alone on success. */
rd_status rd_decode(const char *buf, size_t n, const char **out, size_t *out_n, int *owned,
                    rd_encoding *enc, rd_err *err);

const char *rd_decode_encoding_name(rd_encoding e); /* "UTF-8", "UTF-16LE", "UTF-16BE", "Windows-1252" */

#endif
