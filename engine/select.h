/* engine/select.h — model selection policy: every number that decides how large a model
 * rodedraad fits to a corpus of a given size, in one place.
 *
 *   LSA dimensions      min(100, respondents − 1, terms): scikit-learn's documented
 *                       TruncatedSVD(100), fewer when the corpus has fewer respondents or
 *                       terms (0: one respondent, nothing to project);
 *   themes (T)          given, or automatic: the most stable T (engine/themes.h, 5 subsets
 *                       per candidate) between one and two themes per segment, k .. 2k
 *                       (at least 3 .. 8), or, when the segments need the themes first
 *                       (--represent themes/both), over 3 .. max(8, min(20, passages / 30));
 *                       every T up to 12, then in steps of 2, 4 and 8 (as k); chosen on
 *                       at most 5,000 passages; H learnt
 *                       on at most 20,000 passages; NMF up to 200 iterations, stopping at a
 *                       relative decrease under 1e-4;
 *   segments (k)        given, or automatic over 2 .. clamp(2·√respondents, 10, 60)
 *                       (engine/segments.h) by modularity, a segment
 *                       holding at least max(3, ⌈respondents / 50⌉) respondents, chosen on
 *                       at most 5,000 respondents; 10 k-means restarts up to 5,000
 *                       respondents, 3 above; bagged over 30 runs up to 1,000
 *                       respondents, 10 up to 5,000, 5 above (on the labelled corpora,
 *                       93-602 respondents, 30 kept more segments under a 5 % removal
 *                       than 10 or 20, 60 no more; from about 2,500 respondents a run
 *                       costs about 40 ms, see README); 10 stability runs, 5 above 5,000
 *                       respondents;
 *   theme context       a neighbouring passage weighs RD_SELECT_THEME_CONTEXT against a
 *                       passage's own words when themes are fitted (engine/themes.h);
 *   persona names       a name moves to a segment at least RD_SELECT_NAME_MIN_SIM similar
 *                       (engine/describe/personas.h). */
#ifndef RD_SELECT_H
#define RD_SELECT_H

#include <stddef.h>
#include <stdint.h>

#include "engine/segments.h"
#include "engine/themes.h"

#define RD_SELECT_NAME_MIN_SIM 0.2
/* Themes read each passage in its context: with its neighbours in the conversation (the
 * same respondent's passage before and after it), each at this weight against its own
 * words (engine/themes.h). A quarter, so that a passage's own words always outweigh its two
 * neighbours together. `run --context W` sets it; 0 reads every passage alone. With topic
 * cards only the passages' weights read the context (engine/themes.h). */
#define RD_SELECT_THEME_CONTEXT 0.25
/* The weight of a topic card's prior against the data (engine/nmf.h: prior_weight). */
#define RD_SELECT_CARD_WEIGHT 0.5

/* LSA components for n_docs respondents and n_terms terms (0: no LSA possible). */
size_t rd_select_lsa_dims(size_t n_docs, size_t n_terms);

/* Options of the theme fit for n_rows passages; wanted 0 = automatic, in a window set by
 * the number of segments (0: not known). */
rd_themes_opts rd_select_themes(size_t n_rows, size_t wanted, size_t segments, uint64_t seed,
                                int threads);

/* Options of the segment fit for n_docs respondents; wanted 0 = automatic. */
rd_segments_opts rd_select_segments(size_t n_docs, size_t wanted, uint64_t seed, int threads);

#endif
