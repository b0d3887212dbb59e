/* io/write/model.c — see model.h. The file is built in memory (a model is a few MB: the
 * basis and the themes dominate) and written in one go, its digest last. */
#include "io/write/model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "engine/strbuf.h"
#include "io/write/outfile.h"

static void put_u(rd_buf *b, uint64_t v, int n)
{
    unsigned char x[8];
    for (int i = 0; i < n; i++)
        x[i] = (unsigned char)(v >> (8 * i));
    rd_buf_put(b, (const char *)x, (size_t)n);
}

static void put_f32(rd_buf *b, const float *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &v[i], 4);
        put_u(b, u, 4);
    }
}

static void put_f64(rd_buf *b, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t u;
        memcpy(&u, &v[i], 8);
        put_u(b, u, 8);
    }
}

static void put_str(rd_buf *b, const char *s)
{
    rd_buf_put(b, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* A section: its tag, 0, its length (patched once the payload is written). */
static size_t open_sec(rd_buf *b, const char *tag)
{
    rd_buf_put(b, tag, 4);
    put_u(b, 0, 4);
    size_t at = b->n;
    put_u(b, 0, 8);
    return at;
}

static void close_sec(rd_buf *b, size_t at)
{
    if (b->oom)
        return;
    uint64_t len = (uint64_t)(b->n - at - 8);
    for (int i = 0; i < 8; i++)
        b->s[at + (size_t)i] = (char)(unsigned char)(len >> (8 * i));
}

rd_status rd_model_write(const char *path, const rd_model *m, rd_err *err)
{
    rd_buf b = {0};
    size_t at;
    rd_buf_put(&b, RD_MODEL_MAGIC, 16);
    put_u(&b, RD_MODEL_VERSION, 4);
    put_u(&b, 9, 4);
    at = open_sec(&b, "META");
    rd_buf_put(&b, m->meta, m->meta_n);
    close_sec(&b, at);
    at = open_sec(&b, "STOP");
    rd_buf_put(&b, m->stop, m->stop_n);
    close_sec(&b, at);
    at = open_sec(&b, "FRAM");
    rd_buf_put(&b, m->frames, m->frames_n);
    close_sec(&b, at);
    at = open_sec(&b, "JRNY");
    rd_buf_put(&b, m->journey, m->journey_n);
    close_sec(&b, at);
    at = open_sec(&b, "CARD");
    put_u(&b, m->n_cards, 8);
    for (size_t c = 0; c < m->n_cards; c++) {
        put_str(&b, m->card_name[c]);
        put_u(&b, m->card_off[c + 1] - m->card_off[c], 8);
        for (size_t t = m->card_off[c]; t < m->card_off[c + 1]; t++)
            put_str(&b, m->card_term[t]);
    }
    close_sec(&b, at);
    at = open_sec(&b, "TERM");
    put_u(&b, m->terms, 8);
    for (size_t t = 0; t < m->terms; t++)
        put_str(&b, m->term[t]);
    put_f64(&b, m->idf, m->terms);
    close_sec(&b, at);
    at = open_sec(&b, "LSA ");
    put_u(&b, m->dims, 8);
    if (m->dims) {
        put_f64(&b, m->lsa_idf, m->terms);
        put_f32(&b, m->v, m->terms * m->dims);
    }
    close_sec(&b, at);
    at = open_sec(&b, "THEM");
    put_u(&b, m->themes, 8);
    put_f32(&b, m->h, m->themes * m->terms);
    for (size_t j = 0; j < m->themes; j++)
        put_str(&b, m->theme_label[j]);
    close_sec(&b, at);
    at = open_sec(&b, "SEGM");
    put_u(&b, m->rep, 4);
    put_u(&b, 0, 4);
    put_u(&b, m->k, 8);
    put_u(&b, m->d, 8);
    put_f32(&b, m->centres, m->k * m->d);
    put_f32(&b, m->threshold, m->k);
    put_f32(&b, m->passage_threshold, m->k);
    for (size_t j = 0; j < m->k; j++)
        put_u(&b, m->size[j], 8);
    for (size_t j = 0; j < m->k; j++)
        put_str(&b, m->seg_name[j]);
    close_sec(&b, at);
    unsigned char dig[EVP_MAX_MD_SIZE];
    unsigned dn = 0;
    if (b.oom || EVP_Digest(b.s, b.n, dig, &dn, EVP_sha256(), NULL) != 1 || dn != 32) {
        free(b.s);
        return rd_fail(err, RD_ENOMEM, "%s: building the model", path);
    }
    rd_buf_put(&b, (const char *)dig, 32);
    if (b.oom) {
        free(b.s);
        return rd_fail(err, RD_ENOMEM, "%s: building the model", path);
    }
    FILE *f = rd__outfile_open(path, err);
    if (!f) {
        free(b.s);
        return err->code ? err->code : RD_EOUTPUT;
    }
    int failed = fwrite(b.s, 1, b.n, f) == b.n ? 0 : rd__outfile_errno();
    free(b.s);
    return rd__outfile_close(f, failed, path, err);
}
