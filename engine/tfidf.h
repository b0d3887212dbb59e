/* engine/tfidf.h — TF-IDF weighting of a count matrix, in place.
 *
 *   w(d,t) = (1 + ln tf(d,t)) · idf(t),   idf(t) = ln((1 + n) / (1 + df(t))) + 1
 *
 * (sublinear tf, smooth idf: the variant scikit-learn's TfidfVectorizer computes with
 * sublinear_tf=True, smooth_idf=True), then every non-empty row scaled to unit L2 norm.
 * n is the number of rows, df(t) the number of rows where column t is non-zero. */
#ifndef RD_TFIDF_H
#define RD_TFIDF_H

#include "engine/csr.h"

/* m holds raw counts (> 0) on entry and TF-IDF weights on return. If idf is not NULL it
 * receives the n_cols idf values (caller-allocated). */
rd_status rd_tfidf_apply(rd_csr *m, double *idf, rd_err *err);

/* The same weighting with given idf values (n_cols of them, e.g. a saved run's): new rows
 * weighted exactly as the run weighted its own. RD_EINVAL when a count is not positive. */
rd_status rd_tfidf_weigh(rd_csr *m, const double *idf, rd_err *err);

#endif
