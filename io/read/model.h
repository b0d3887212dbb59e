/* io/read/model.h — the saved model: what `run` keeps so that `classify` can place new
 * respondents on its segments and themes (and a later wave can start from them), and how
 * it is read back.
 *
 * File `rodedraad.model` in the run's output folder. Binary, little-endian, written
 * deterministically (io/write/model.h):
 *
 *   magic    16 bytes  "RODEDRAAD-MODEL\n"
 *   version  u32       RD_MODEL_VERSION (the format; a reader refuses any other)
 *   sections u32       how many follow
 *   section  tag (4 bytes ASCII), u32 0, u64 length, then `length` bytes of payload
 *   digest   32 bytes  SHA-256 of every byte before it
 *
 * Sections, in this order, each exactly once:
 *   META  UTF-8 text, lines "key=value": program, version, the Snowball algorithm and
 *         libstemmer version, Unicode version, the run's options and sizes (for people;
 *         classify checks the stemmer algorithm and its own ability to read the rest)
 *   STOP  the stop-word, filler and frame lists the analysis used (built-in and
 *         --stopwords), as list text (nlp/stopwords.h)
 *   FRAM  what the run learned from the corpus: frame and formula words, phrases
 *         (nlp/frames.h: rd_frames_save), names of people left out
 *   JRNY  the journey's list text (nlp/journey.h), empty with --journey none
 *   CARD  u64 cards; per card: name (NUL-terminated), u64 terms, the terms (each
 *         NUL-terminated)
 *   TERM  u64 n; the n vocabulary terms (stem keys, NUL-terminated, distinct), in column
 *         order; then n f64: the passages' idf
 *   LSA   u64 dims (0: the run had no LSA); then n f64 (the respondents' idf) and n × dims
 *         f32 (the basis, row per term)
 *   THEM  u64 T; f32 the context weight the themes read passages with (engine/themes.h;
 *         0: each alone); T × n f32 (the themes' term weights, rows sum to 1); T labels
 *   SEGM  u32 representation (0 profile, 1 lsa, 2 both), u32 0, u64 k, u64 d; k × d f32
 *         centres; k f32 fit thresholds for respondents and k f32 for a single passage
 *         (engine/classify.h); k u64 sizes; k names
 *         (NUL-terminated, empty where the researcher gave none)
 * No passage text, no respondent ids, no names of people. Strings are valid UTF-8;
 * floats finite. */
#ifndef RD_READ_MODEL_H
#define RD_READ_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"
#include "nlp/strtab.h"

#define RD_MODEL_FILE "rodedraad.model"
#define RD_MODEL_MAGIC "RODEDRAAD-MODEL\n"
enum { RD_MODEL_VERSION = 2, RD_MODEL_MAX_BYTES = 1 << 30 };

typedef struct {
    const char *meta, *stop, *frames, *journey; /* texts (NUL-terminated) */
    size_t meta_n, stop_n, frames_n, journey_n;
    size_t n_cards;
    const char *const *card_name; /* n_cards */
    const size_t *card_off;       /* n_cards + 1: card c's terms are card_term[off[c]..off[c+1]) */
    const char *const *card_term;
    size_t terms;
    const char *const *term;      /* terms */
    rd_strtab *term_index;        /* the terms by string: id = column (distinct, checked) */
    const double *idf;            /* terms */
    size_t dims;
    const double *lsa_idf;        /* terms (dims > 0) */
    const float *v;               /* terms × dims */
    size_t themes;
    const float *h;               /* themes × terms */
    float context;                /* the themes' context weight (engine/themes.h), 0..1 */
    const char *const *theme_label; /* themes */
    uint32_t rep;
    size_t k, d;
    const float *centres;         /* k × d */
    const float *threshold;       /* k */
    const float *passage_threshold; /* k */
    const uint64_t *size;         /* k */
    const char *const *seg_name;  /* k */
    void *own;                    /* loaded: the storage everything points into */
} rd_model;

/* Reads path (shown as `shown` in messages) into *m. RD_ENOINPUT when it cannot be
 * opened, RD_EDATA when it is not a model, is damaged (digest), of another format version,
 * or made with another Snowball algorithm than this program stems with (META
 * stemmer_algorithm, nlp/stem.h), each message naming the file and the byte or section. */
rd_status rd_model_read(const char *path, const char *shown, rd_model *m, rd_err *err);
/* The same from memory (buf is copied). check_digest 0 skips the digest (fuzzing the
 * sections behind it). */
rd_status rd_model_parse(const char *shown, const unsigned char *buf, size_t n, int check_digest,
                         rd_model *m, rd_err *err);
void rd_model_free(rd_model *m); /* zeroed structs are fine */

/* The value of key in META ("key=value" lines) into out (cap bytes, NUL-terminated);
 * 0 when absent. */
int rd_model_meta(const rd_model *m, const char *key, char *out, size_t cap);

#endif
