/* nlp/vocab.h — the corpus vocabulary: stems as terms, with document and term frequency
 * and a readable label per term (its most frequent surface form; ties go to the form
 * that sorts first by bytes).
 *
 * Built single-threaded from the per-thread analysers' lexicons; nothing in the result
 * depends on the order of the calls, so it does not depend on the number of threads.
 * Term ids are dense and in first-seen order until rd_vocab_prune, which keeps the terms within the df bounds and renumbers
 * them in byte order of their stems. */
#ifndef RD_VOCAB_H
#define RD_VOCAB_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"
#include "nlp/strtab.h"

#define RD_VOCAB_NONE UINT32_MAX

typedef struct rd_vocab rd_vocab;

rd_status rd_vocab_new(rd_vocab **out, rd_err *err);
void rd_vocab_free(rd_vocab *v); /* NULL is a no-op */

/* Registers surface form `form` of term `stem`, used `uses` more times; *term gets the
 * term's id. Only before rd_vocab_prune. */
rd_status rd_vocab_add_form(rd_vocab *v, const char *stem, size_t sn, const char *form,
                            size_t fn, uint64_t uses, uint32_t *term, rd_err *err);

/* The term of `stem` (registered once; later calls give the same id). */
rd_status rd_vocab_add_term(rd_vocab *v, const char *stem, size_t sn, uint32_t *term,
                            rd_err *err);

/* A vocabulary over existing tables, for a merge that starts from one thread's own
 * (nlp/analyse.h's rd_an_take_tables): stems and forms become
 * owned by the vocabulary (freed on failure too); their strings keep their ids as term
 * and form ids, with zero counts, and no form belongs to a term until
 * rd_vocab_form_uses says so. Terms with df 0 are never kept by rd_vocab_prune. */
rd_status rd_vocab_adopt(rd_strtab *stems, rd_strtab *forms, rd_vocab **out, rd_err *err);
/* The id of a form (interned when new; no term yet). */
rd_status rd_vocab_intern_form(rd_vocab *v, const char *form, size_t fn, uint32_t *id,
                               rd_err *err);
/* Form `form` (an id) belongs to `term` and was used `uses` more times. A form always
 * belongs to one term. */
void rd_vocab_form_uses(rd_vocab *v, uint32_t form, uint32_t term, uint64_t uses);
/* rd_vocab_add_term (with rd_vocab_add_counts) and rd_vocab_intern_form touch disjoint
 * parts of the vocabulary: one thread may add terms while another interns forms. */

/* The forms registered so far (ids below rd_vocab_form_count), their strings (borrowed
 * until rd_vocab_free) and their uses. */
size_t rd_vocab_form_count(const rd_vocab *v);
const char *rd_vocab_form_str(const rd_vocab *v, uint32_t form, size_t *n);
uint64_t rd_vocab_form_total(const rd_vocab *v, uint32_t form);

/* Form `form` is no word of the terms (a person's name: nlp/people.h). Before
 * rd_vocab_prune, which then never takes it as a label and does not keep a term whose
 * dropped forms make up half of its forms' uses or more. RD_ENOMEM only. */
rd_status rd_vocab_drop_form(rd_vocab *v, uint32_t form, rd_err *err);

/* Adds document and term frequencies counted by the caller: df += df, tf += tf. */
void rd_vocab_add_counts(rd_vocab *v, uint32_t term, uint64_t df, uint64_t tf);

/* Keeps the terms with min_df <= df <= max(max_df * n_docs, min_df) (max_df a fraction in
 * (0, 1]; the upper bound never falls below min_df, so tiny corpora keep their terms),
 * renumbers them by stem bytes and picks labels. *map (owned by the caller, free())
 * maps every old id to its new id or RD_VOCAB_NONE; *n_old gets its length. */
rd_status rd_vocab_prune(rd_vocab *v, size_t n_docs, uint64_t min_df, double max_df,
                         uint32_t **map, size_t *n_old, rd_err *err);

size_t rd_vocab_size(const rd_vocab *v);
/* Borrowed strings, valid until rd_vocab_free. */
const char *rd_vocab_term(const rd_vocab *v, uint32_t id, size_t *n);
const char *rd_vocab_label(const rd_vocab *v, uint32_t id, size_t *n);
uint64_t rd_vocab_df(const rd_vocab *v, uint32_t id);
uint64_t rd_vocab_tf(const rd_vocab *v, uint32_t id);

/* The term of stem s[0..n) after rd_vocab_prune (terms are then sorted by stem bytes), or
 * RD_VOCAB_NONE. */
uint32_t rd_vocab_find(const rd_vocab *v, const char *s, size_t n);

/* The multi-word terms after rd_vocab_prune (a key with a space between two stems, "slimm
 * meter"): phrase[t] = 1 for one, with its two words' terms in first[t] and second[t]
 * (RD_VOCAB_NONE for a word that is no term, and for every term that is a word). Each
 * array has rd_vocab_size(v) entries, owned by the caller (free()). */
rd_status rd_vocab_phrases(const rd_vocab *v, unsigned char **phrase, uint32_t **first,
                           uint32_t **second, rd_err *err);

/* Ids ordered by tf descending, then term bytes: the order of `rodedraad vocab`.
 * *order is owned by the caller (free()). */
rd_status rd_vocab_by_tf(const rd_vocab *v, uint32_t **order, rd_err *err);

#endif
