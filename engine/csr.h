/* engine/csr.h — compressed sparse row matrices of float32 values.
 *
 * Rows are documents (passages), columns terms. Within a row, column indices are strictly
 * increasing. indptr has n_rows + 1 entries (int64, so nnz may exceed 2^31). */
#ifndef RD_CSR_H
#define RD_CSR_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"

typedef struct {
    size_t n_rows, n_cols, nnz;
    int64_t *indptr;  /* n_rows + 1 */
    int32_t *indices; /* nnz */
    float *data;      /* nnz */
} rd_csr;

/* Allocates an n_rows × n_cols matrix with room for nnz entries; indptr zeroed.
 * On success *out is owned by the caller (rd_csr_free). */
rd_status rd_csr_new(size_t n_rows, size_t n_cols, size_t nnz, rd_csr **out, rd_err *err);
void rd_csr_free(rd_csr *m); /* NULL is a no-op */

/* Checks the invariants (monotone indptr, sorted in-range indices, finite values). */
rd_status rd_csr_check(const rd_csr *m, rd_err *err);

/* The transpose as a new CSR matrix (so Aᵀ·B is a row-parallel rd_csr_mm too). Entries
 * of each output row keep ascending column order. *out is owned by the caller. */
rd_status rd_csr_transpose(const rd_csr *a, rd_csr **out, rd_err *err);
/* The same on up to `threads` threads (one below a million entries): the same bytes. */
rd_status rd_csr_transpose_mt(const rd_csr *a, int threads, rd_csr **out, rd_err *err);

/* Y = A·B: B is dense, a->n_cols × k row-major; Y is a->n_rows × k row-major and is
 * overwritten. Rows of Y are split over `threads` threads by non-zeros; each row is
 * summed in column order, so the bytes do not depend on the thread count. */
void rd_csr_mm(const rd_csr *a, const float *b, size_t k, float *y, int threads);

/* Y = Aᵀ·B without building Aᵀ: B is a->n_rows × k, Y a->n_cols × k, both row-major, Y
 * overwritten. Bit for bit rd_csr_mm on rd_csr_transpose(a), for any thread count: the
 * columns are split over the threads by non-zeros (the plan, made once for a matrix and
 * used for every product with it), and each thread reads all of a and B in row order and
 * adds into its own columns' rows of Y. */
enum { RD_CSR_MAXP = 64 };
typedef struct {
    size_t cuts[RD_CSR_MAXP + 1]; /* part p owns columns [cuts[p], cuts[p + 1]) */
    int parts;                    /* 1 .. RD_CSR_MAXP; 1 below 100,000 entries */
} rd_csr_tplan;
/* The plan for `threads` threads. RD_ENOMEM only (the column counts). */
rd_status rd_csr_tmm_plan(const rd_csr *a, int threads, rd_csr_tplan *plan, rd_err *err);
void rd_csr_tmm(const rd_csr *a, const rd_csr_tplan *plan, const float *b, size_t k, float *y);

/* A new matrix of the rows rows[0..n) of a, in that order. *out is owned by the caller. */
rd_status rd_csr_rows(const rd_csr *a, const size_t *rows, size_t n, rd_csr **out, rd_err *err);

/* Rows in their context: for rows[0..n) of a (every row, in order, when rows is NULL and
 * n == a->n_rows), row i plus c × each neighbour i − 1 and i + 1 that has the same group
 * (group[i ± 1] == group[i]), scaled to unit length. A row that is empty in a stays empty:
 * its neighbours lend words to a row that has some, never make one. On up to `threads`
 * threads (one below 100,000 entries), the same bytes for any count. *out is owned by the
 * caller. */
rd_status rd_csr_context_rows(const rd_csr *a, const uint32_t *group, float c,
                              const size_t *rows, size_t n, int threads, rd_csr **out,
                              rd_err *err);

/* The columns of a that hold an entry or are marked in keep (n_cols flags, or NULL), as a
 * new matrix with only those columns, renumbered in ascending order: *cols (*n_kept ids,
 * ascending) gives each new column's old id. When every column is kept, *out and *cols
 * are NULL and *n_kept is a->n_cols (use a itself). Owned by the caller (rd_csr_free,
 * free). Large corpora fit their themes on a sample of passages that uses a small part
 * of the vocabulary (a million generated passages: 20,000 of them use 27,339 of 304,778
 * terms, 5,000 use 9,905); the factorisation's cost grows with the columns. */
rd_status rd_csr_narrow(const rd_csr *a, const unsigned char *keep, rd_csr **out,
                        uint32_t **cols, size_t *n_kept, rd_err *err);

/* Moves the entries of the columns marked in `mark` out of a, in place (a keeps its other
 * entries in order; its arrays are not shrunk), into *side: a's shape with only those
 * entries. *side is NULL when a has none. The themes and segments are fitted on words,
 * and a multi-word term's entries only tell which words are said in it
 * (engine/analysis.h). */
rd_status rd_csr_split_cols(rd_csr *a, const unsigned char *mark, rd_csr **side, rd_err *err);

/* Squared Frobenius norm, summed in double. */
double rd_csr_sqnorm(const rd_csr *a);

#endif
