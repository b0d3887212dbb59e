/* io/write/model.c — see model.h. Written as a stream: the sections are produced twice,
 * once only to count each one's length (a section's header carries it) and once into the
 * file through a 64 KiB buffer, the SHA-256 updated with every byte on the way; so the
 * model (155 MB for a million passages) is never held in memory. */
#include "io/write/model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "io/write/outfile.h"

enum { N_SEC = 9, BUF = 1 << 16 };

typedef struct {
    FILE *f;            /* NULL: counting only */
    EVP_MD_CTX *md;
    unsigned char buf[BUF];
    size_t n;           /* bytes in buf */
    uint64_t total;     /* bytes produced */
    int failed;         /* errno of the first failed write */
    int md_failed;
} wr;

static void flush(wr *w)
{
    if (!w->f || !w->n)
        return;
    if (EVP_DigestUpdate(w->md, w->buf, w->n) != 1)
        w->md_failed = 1;
    if (!w->failed && fwrite(w->buf, 1, w->n, w->f) != w->n)
        w->failed = rd__outfile_errno();
    w->n = 0;
}

static void put(wr *w, const void *p, size_t n)
{
    const unsigned char *s = p;
    w->total += n;
    if (!w->f)
        return;
    while (n) {
        size_t k = BUF - w->n < n ? BUF - w->n : n;
        memcpy(w->buf + w->n, s, k);
        w->n += k;
        s += k;
        n -= k;
        if (w->n == BUF)
            flush(w);
    }
}

static void put_u(wr *w, uint64_t v, int n)
{
    unsigned char x[8];
    for (int i = 0; i < n; i++)
        x[i] = (unsigned char)(v >> (8 * i));
    put(w, x, (size_t)n);
}

static void put_f32(wr *w, const float *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &v[i], 4);
        put_u(w, u, 4);
    }
}

static void put_f64(wr *w, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t u;
        memcpy(&u, &v[i], 8);
        put_u(w, u, 8);
    }
}

static void put_str(wr *w, const char *s)
{
    put(w, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* The payload of section s. */
static void section(wr *w, const rd_model *m, int s)
{
    switch (s) {
    case 0: put(w, m->meta, m->meta_n); break;
    case 1: put(w, m->stop, m->stop_n); break;
    case 2: put(w, m->frames, m->frames_n); break;
    case 3: put(w, m->journey, m->journey_n); break;
    case 4:
        put_u(w, m->n_cards, 8);
        for (size_t c = 0; c < m->n_cards; c++) {
            put_str(w, m->card_name[c]);
            put_u(w, m->card_off[c + 1] - m->card_off[c], 8);
            for (size_t t = m->card_off[c]; t < m->card_off[c + 1]; t++)
                put_str(w, m->card_term[t]);
        }
        break;
    case 5:
        put_u(w, m->terms, 8);
        for (size_t t = 0; t < m->terms; t++)
            put_str(w, m->term[t]);
        put_f64(w, m->idf, m->terms);
        break;
    case 6:
        put_u(w, m->dims, 8);
        if (m->dims) {
            put_f64(w, m->lsa_idf, m->terms);
            put_f32(w, m->v, m->terms * m->dims);
        }
        break;
    case 7:
        put_u(w, m->themes, 8);
        put_f32(w, &m->context, 1);
        put_f32(w, m->h, m->themes * m->terms);
        for (size_t j = 0; j < m->themes; j++)
            put_str(w, m->theme_label[j]);
        break;
    default:
        put_u(w, m->rep, 4);
        put_u(w, 0, 4);
        put_u(w, m->k, 8);
        put_u(w, m->d, 8);
        put_f32(w, m->centres, m->k * m->d);
        put_f32(w, m->threshold, m->k);
        put_f32(w, m->passage_threshold, m->k);
        for (size_t j = 0; j < m->k; j++)
            put_u(w, m->size[j], 8);
        for (size_t j = 0; j < m->k; j++)
            put_str(w, m->seg_name[j]);
        break;
    }
}

rd_status rd_model_write(const char *path, const rd_model *m, rd_err *err)
{
    static const char tags[N_SEC][5] = {"META", "STOP", "FRAM", "JRNY", "CARD", "TERM", "LSA ",
                                        "THEM", "SEGM"};
    uint64_t len[N_SEC];
    wr *w = calloc(1, sizeof *w);
    if (!w)
        return rd_fail(err, RD_ENOMEM, "%s: writing the model", path);
    for (int s = 0; s < N_SEC; s++) { /* the lengths first */
        w->total = 0;
        section(w, m, s);
        len[s] = w->total;
    }
    if (!(w->md = EVP_MD_CTX_new()) || EVP_DigestInit_ex(w->md, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(w->md);
        free(w);
        return rd_fail(err, RD_ENOMEM, "%s: OpenSSL could not compute SHA-256", path);
    }
    if (!(w->f = rd__outfile_open(path, err))) {
        EVP_MD_CTX_free(w->md);
        free(w);
        return RD_EOUTPUT;
    }
    put(w, RD_MODEL_MAGIC, 16);
    put_u(w, RD_MODEL_VERSION, 4);
    put_u(w, N_SEC, 4);
    for (int s = 0; s < N_SEC; s++) {
        put(w, tags[s], 4);
        put_u(w, 0, 4);
        put_u(w, len[s], 8);
        section(w, m, s);
    }
    flush(w);
    unsigned char dig[EVP_MAX_MD_SIZE];
    unsigned dn = 0;
    if (EVP_DigestFinal_ex(w->md, dig, &dn) != 1 || dn != 32)
        w->md_failed = 1;
    if (!w->failed && !w->md_failed && fwrite(dig, 1, 32, w->f) != 32)
        w->failed = rd__outfile_errno();
    rd_status rc;
    if (w->md_failed) {
        rd__outfile_close(w->f, 0, path, NULL);
        rc = rd_fail(err, RD_ENOMEM, "%s: OpenSSL could not compute SHA-256", path);
    } else {
        rc = rd__outfile_close(w->f, w->failed, path, err);
    }
    EVP_MD_CTX_free(w->md);
    free(w);
    return rc;
}
