/* tests/fuzz/fuzz_codebook.c — libFuzzer target for the topic-card parsers
 * (io/read/codebook.h): any bytes as a text card file (when valid UTF-8), as CSV with ',' and
 * ';', and as a REFI-QDA codebook. Each either fails with a message or gives cards that all
 * have a name and words. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/read/codebook.h"
#include "nlp/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(rd_status rc, const rd_codebook *cb, const rd_err *err)
{
    if (rc != RD_OK) {
        if (!err->msg[0] || cb->n)
            abort();
        return;
    }
    if (!cb->n)
        abort();
    for (size_t i = 0; i < cb->n; i++)
        if (!cb->v[i].name || !cb->v[i].name[0] || !cb->v[i].words.n || !cb->v[i].line)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    rd_codebook cb;
    rd_err err = {0};
    size_t bad;
    if (rd_utf8_valid(s, size, &bad)) {
        check(rd_codebook_parse_text("f.txt", s, size, &cb, &err), &cb, &err);
        rd_codebook_free(&cb);
        check(rd_codebook_parse_csv("f.csv", s, size, ',', &cb, &err), &cb, &err);
        rd_codebook_free(&cb);
        check(rd_codebook_parse_csv("f.csv", s, size, ';', &cb, &err), &cb, &err);
        rd_codebook_free(&cb);
    }
    check(rd_codebook_parse_qdc("f.qdc", s, size, &cb, &err), &cb, &err);
    rd_codebook_free(&cb);
    return 0;
}
