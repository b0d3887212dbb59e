/* engine/select.c — see select.h. */
#include "engine/select.h"

#include <math.h>

size_t rd_select_lsa_dims(size_t n_docs, size_t n_terms)
{
    if (n_docs < 2)
        return 0;
    size_t dims = n_docs - 1 < 100 ? n_docs - 1 : 100;
    return dims > n_terms ? n_terms : dims;
}

rd_themes_opts rd_select_themes(size_t n_rows, size_t wanted, size_t segments, uint64_t seed,
                                int threads)
{
    /* Automatic T: between one and two themes per segment (at least 3, up to 8), or without
     * segments 3 up to one theme per 30 passages (at least 8, at most 20). */
    size_t t_min = 3, t_max;
    if (segments) {
        t_min = segments > 3 ? segments : 3;
        t_max = 2 * segments > 8 ? 2 * segments : 8;
    } else {
        t_max = n_rows / 30;
        t_max = t_max < 8 ? 8 : t_max > 20 ? 20 : t_max;
    }
    return (rd_themes_opts){.themes = wanted, .t_min = t_min, .t_max = t_max, .boot = 5,
                            .select_rows = 5000, .fit_rows = 20000,
                            .max_iter = 200, .tol = 1e-4, .threads = threads, .seed = seed};
}

rd_segments_opts rd_select_segments(size_t n_docs, size_t wanted, uint64_t seed, int threads)
{
    /* Candidates 2 .. 2·√n (at least 10, at most 60), a segment holding at least 2 % of the
     * respondents (at least 3). */
    size_t min_size = (n_docs + 49) / 50, k_max = (size_t)lround(2.0 * sqrt((double)n_docs));
    k_max = k_max < 10 ? 10 : k_max > 60 ? 60 : k_max;
    return (rd_segments_opts){.k = wanted, .k_max = k_max, .min_size = min_size < 3 ? 3 : min_size,
                              .n_init = n_docs <= 5000 ? 10 : 3, .select_init = 3,
                              .power_iters = 20, .boot = n_docs <= 5000 ? 10 : 5, .select_n = 5000,
                              .bag_runs = n_docs <= 1000 ? 30 : n_docs <= 5000 ? 10 : 5,
                              .threads = threads, .seed = seed};
}
