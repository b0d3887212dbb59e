/* io/cli/previous.h — waves: `run … --previous OLD_OUTDIR`. The new run starts its segments
 * from the previous wave's, carries their names, and says what changed (shifts.csv).
 *
 * What is read from OLD_OUTDIR, before OUTDIR is touched:
 *   rodedraad.model     required (io/read/model.h): missing 66, damaged or foreign 65;
 *   respondents.csv     respondent → segment then, for "who moved" (by respondent id);
 *   segment_themes.csv  each segment × theme's lift then;
 *   segments.csv        each segment's motivation and tension themes then.
 * The three tables are optional: without one, its part of shifts.csv stays empty and a
 * warning says so; one that is there but unreadable (not UTF-8, not a table rodedraad
 * wrote, a segment or theme the model does not have) stops the run (65) naming it. They
 * may be in either CSV dialect (io/write/csv.h).
 *
 * The steps, each a function below:
 *   place  every respondent of the new wave on the previous model: its passage counts on
 *          the model's terms by stem (rd_cli_remap, as classify counts), then the nearest
 *          previous segment (engine/classify.h) — the start of the new segmentation;
 *   match  new segments to previous ones one to one: the similarity of new segment j and
 *          previous segment p is the Jaccard index of two sets of the new wave's
 *          respondents, j's members and those the previous model placed on p; pairs are
 *          taken most similar first (engine/metrics.h: rd_metrics_match) and count only at
 *          RD_CLI_WAVE_MIN_SIM or more. A new segment without a pair is new, a previous
 *          segment without one vanished;
 *   shifts the shifts table (below) and the summary for the user.
 * Themes are matched the same way, by the cosine of their term weights over the terms
 * both runs know (by stem), one to one, at RD_CLI_WAVE_MIN_THEME_SIM or more. */
#ifndef RD_CLI_PREVIOUS_H
#define RD_CLI_PREVIOUS_H

#include <stdint.h>

#include "engine/analysis.h"
#include "engine/classify.h"
#include "engine/describe/describe.h"
#include "engine/lists.h"
#include "engine/table.h"
#include "io/read/model.h"
#include "nlp/strtab.h"
#include "nlp/textstage.h"

#define RD_CLI_WAVE_MIN_SIM 0.5       /* a new and a previous segment pair at this Jaccard */
#define RD_CLI_WAVE_MIN_THEME_SIM 0.5 /* a new and a previous theme pair at this cosine */
#define RD_CLI_WAVE_LIFT_STEP 0.25    /* a theme rose or fell: its lift changed this much
                                         (and was ≥ 1 in one of the waves) */

typedef struct {
    rd_model m;          /* the previous model */
    char *shown;         /* OLD_OUTDIR as shown in messages */
    /* respondents.csv (n_resp 0 and have_resp 0 without it) */
    int have_resp;
    size_t n_resp;
    char **resp_id;      /* n_resp ids (one allocation each) */
    int32_t *resp_seg;   /* n_resp segments then, 0-based; −1 when it had none */
    rd_strtab *resp_index; /* id → row */
    /* segment_themes.csv: k × themes lifts then (NaN where not given) */
    int have_lift;
    double *lift;
    /* segments.csv: k × themes flags: bit 1 motivation theme, bit 2 tension theme then */
    int have_mt;
    unsigned char *mt;
} rd_cli_previous;

/* Reads OLD_OUTDIR (dir) into *p (zeroed by the caller; rd_cli_previous_free releases it
 * whatever the outcome), printing one line per problem; warnings for missing optional
 * tables go to notes. RD_ENOINPUT (66): no such folder, or no rodedraad.model in it;
 * RD_EDATA (65): a model or table that cannot be used. */
rd_status rd_cli_previous_open(const char *dir, rd_cli_previous *p, rd_strlist *notes);
void rd_cli_previous_free(rd_cli_previous *p);

/* The counts of a text stage (columns: its own vocabulary) on another vocabulary's columns
 * (terms, n_terms of them): terms it does not know are left out, each row's entries sorted
 * by column. *doc_terms (res->n_docs) receives each respondent's occurrences of known
 * terms. On failure *out and *doc_terms are NULL. Shared with classify. */
rd_status rd_cli_remap(const rd_ts_result *res, const rd_strtab *terms, size_t n_terms,
                       rd_csr **out, uint32_t **doc_terms, rd_err *err);

/* Every respondent of ts (its counts, not consumed) on the previous model's segments:
 * rows (ts->n_docs). */
rd_status rd_cli_previous_place(const rd_cli_previous *p, const rd_ts_result *ts, int threads,
                                rd_classify_row *rows, rd_err *err);

/* The matching (see above): prev_of[j] (sg->k) the previous segment new segment j is paired
 * with or −1, sim[j] its Jaccard index with that segment (with the most similar one when
 * unpaired). */
rd_status rd_cli_previous_match(const rd_cli_previous *p, const rd_classify_row *place,
                                const rd_segments *sg, int32_t *prev_of, double *sim,
                                rd_err *err);

/* What a wave's comparison found, for the summary line and the manifest. */
typedef struct {
    size_t same, fresh, vanished; /* segments paired, new, previous ones that vanished */
    size_t returning, kept, moved; /* respondents in both waves (by id); kept their segment */
    size_t no_fit;                 /* respondents new to the wave that fit no previous segment */
} rd_cli_wave;

/* The shifts table (name "shifts", sheet "Verschuivingen"; columns in README "Output
 * files") of the new run (ts, an, its description rep with the names placed) against the
 * previous wave p: place and prev_of/sim as above. *out is owned by the caller. */
rd_status rd_cli_previous_shifts(const rd_cli_previous *p, const rd_ts_result *ts,
                                 const rd_analysis *an, const rd_description *rep,
                                 const rd_classify_row *place, const int32_t *prev_of,
                                 const double *sim, rd_table **out, rd_cli_wave *sum,
                                 rd_err *err);

#endif
