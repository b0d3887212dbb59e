/* tests/fuzz/fuzz_reader.c — one libFuzzer target per input format, over io/read/reader.c's
 * rd_reader_parse (decoding, the format's reader, transcript building, the checks), so
 * every byte string is read exactly as a file of that extension would be.
 * RD_FUZZ_EXT (set by the build) picks the format: ".txt", ".vtt", ".srt", ".csv",
 * ".docx", ".odt". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/read/reader.h"

#ifndef RD_FUZZ_EXT
#error "RD_FUZZ_EXT must name the format, e.g. \".vtt\""
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* rd_files_read's contract: a NUL after the bytes, and a buffer of exactly that size
     * so that the sanitizer sees any read past the end */
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    if (size)
        memcpy(buf, data, size);
    buf[size] = '\0';
    static char *const extra[] = {"Gespreksleider"};
    rd_reader_opts o = {(size_t)64 << 20, {extra, 1}, NULL, NULL, NULL, NULL};
    rd_source f = {0};
    rd_err err = {0};
    rd_status rc = rd_reader_parse("fuzz" RD_FUZZ_EXT, buf, size, &o, &f, &err);
    if (rc == RD_OK) {
        /* what the text stage relies on: every unit has respondent text, and every
         * passage is non-empty, tab- and newline-free text with a line number */
        if (f.n_u == 0)
            abort();
        for (size_t u = 0; u < f.n_u; u++) {
            const rd_transcript *t = &f.u[u].tr;
            if (t->n == 0 || t->n_respondent == 0 || t->n_respondent > t->n)
                abort();
            for (size_t p = 0; p < t->n; p++) {
                const rd_passage *ps = &t->v[p];
                if (ps->text_n == 0 || strlen(ps->text) != ps->text_n ||
                    memchr(ps->text, '\t', ps->text_n) || memchr(ps->text, '\n', ps->text_n) ||
                    strchr(ps->speaker, '\t') || strchr(ps->speaker, '\n') || ps->line == 0)
                    abort();
            }
        }
    } else if (err.msg[0] == '\0') {
        abort(); /* every failure says why */
    }
    rd_source_free(&f);
    free(buf);
    return 0;
}
