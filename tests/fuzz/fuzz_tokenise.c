/* tests/fuzz/fuzz_tokenise.c — libFuzzer target for the Dutch tokeniser and the analyser
 * behind it (normalisation, stop words, stemming): any valid UTF-8 text. Token offsets
 * must lie inside the text and not overlap, and the analyser (which runs the tokeniser's
 * fast path fused with its lookups) must find exactly rd_tok_words' tokens. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/analyse.h"
#include "nlp/stopwords.h"
#include "nlp/tokenise.h"
#include "nlp/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static rd_an *an;
static rd_stop *stop;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t bad;
    const char *s = (const char *)data;
    if (!rd_utf8_valid(s, size, &bad))
        return 0; /* the readers hand the tokeniser valid UTF-8 only */
    rd_err err = {0};
    if (!an) {
        if (rd_stop_new(&stop, &err) != RD_OK || rd_stop_load_builtin(stop, &err) != RD_OK ||
            rd_an_new(stop, "dutch", &an, &err) != RD_OK)
            abort();
    }
    char *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    if (size)
        memcpy(buf, data, size);
    rd_tokens toks = {0};
    if (rd_tok_run(buf, size, &toks, &err) == RD_OK) {
        size_t end = 0;
        for (size_t i = 0; i < toks.n; i++) {
            if (toks.v[i].off < end || toks.v[i].len == 0 || toks.v[i].off + toks.v[i].len > size)
                abort();
            end = toks.v[i].off + toks.v[i].len;
        }
    }
    if (rd_tok_words(buf, size, &toks, &err) != RD_OK)
        toks.n = (size_t)-1;
    if (rd_an_run(an, buf, size, &err) == RD_OK) {
        size_t nt = rd_an_count(an);
        const rd_token *at = rd_an_tokens(an);
        if (toks.n != nt)
            abort();
        for (size_t i = 0; i < nt; i++)
            if (at[i].off != toks.v[i].off || at[i].len != toks.v[i].len ||
                at[i].kind != toks.v[i].kind || at[i].flags != toks.v[i].flags)
                abort();
        for (size_t t = 0; t < nt; t++) {
            const char *nm;
            size_t nn;
            if (rd_an_norm(an, t, &nm, &nn, &err) != RD_OK)
                break;
        }
    }
    rd_tokens_free(&toks);
    free(buf);
    return 0;
}
