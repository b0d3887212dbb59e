/* tests/fuzz/fuzz_model.c — libFuzzer target for the saved model's reader
 * (io/read/model.h): any bytes, read with the digest checked and, to reach the sections
 * behind it, without. Each either fails with a message naming the file or gives a model
 * whose parts fit together; a model's word lists and learned frames then load or fail
 * with a message too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/read/model.h"
#include "nlp/frames.h"
#include "nlp/stopwords.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(rd_status rc, const rd_model *m, const rd_err *err)
{
    if (rc != RD_OK) {
        if (!strstr(err->msg, "m.model") || m->own)
            abort();
        return;
    }
    if (!m->terms || !m->themes || !m->k || !m->term || !m->idf || !m->h || !m->centres ||
        !m->threshold || !m->passage_threshold || !m->seg_name || !m->theme_label || (m->dims && (!m->v || !m->lsa_idf)))
        abort();
    size_t want = m->rep == 0 ? m->themes : m->rep == 1 ? m->dims : m->themes + m->dims;
    if (m->d != want)
        abort();
    for (size_t i = 0; i < m->terms; i++)
        if (!m->term[i])
            abort();
    for (size_t c = 0; c < m->n_cards; c++)
        if (m->card_off[c] > m->card_off[c + 1])
            abort();
    rd_err e2 = {0};
    rd_frames *fr = NULL;
    if (rd_frames_restore(m->frames, m->frames_n, "m.model", &fr, &e2) != RD_OK && !e2.msg[0])
        abort();
    rd_frames_free(fr);
    rd_stop *st = NULL;
    if (rd_stop_new(&st, &e2) == RD_OK)
        (void)rd_stop_load(st, m->stop, m->stop_n, "m.model", &e2);
    rd_stop_free(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rd_model m;
    rd_err err = {0};
    check(rd_model_parse("m.model", data, size, 1, &m, &err), &m, &err);
    rd_model_free(&m);
    check(rd_model_parse("m.model", data, size, 0, &m, &err), &m, &err);
    rd_model_free(&m);
    return 0;
}
