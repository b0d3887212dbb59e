/* io/write/report.h — report.html: the run as one self-contained Dutch page a researcher
 * opens with a double-click, reads top to bottom and prints.
 *
 * What it shows, in this order: an overview (what was read, files left out and why, the
 * number of themes T and segments k with why and how stable, warnings), one persona card
 * per segment, the segment × theme heat map, a map of respondents, the top terms of every
 * theme, and the model-selection curves. Every number comes from the run's tables
 * (engine/describe/describe.h) — the same rows the CSV files, the workbook and model.json
 * hold — so the page never disagrees with them; quotes are the tables' (already masked)
 * text.
 *
 * The file needs nothing else: CSS in a <style> element, charts as inline SVG (written
 * here, io/write/svg.h), no script, no font, no image to fetch; a Content-Security-Policy
 * meta tag forbids every network load. Charts have a title, axis labels, a text
 * alternative (role="img" with <title> and <desc>) and the Okabe–Ito palette (colour-blind
 * safe), with marker shapes as a second cue. The page reflows to phone width and prints on
 * A4 (charts are never split across pages).
 *
 * Same input, same bytes: no clock, no locale (numbers are formatted by hand with fixed
 * precision, a decimal comma in the text and a point inside SVG and data-* attributes).
 * Machine-readable hooks for tests: every card, heat-map cell and map mark carries data-*
 * attributes with the value of the table it shows. */
#ifndef RD_REPORT_H
#define RD_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"
#include "engine/table.h"
#include "io/write/manifest.h"

/* The map draws at most this many respondents; above it, an evenly spaced sample (every
 * n/RD_REPORT_MAP_MAX-th respondent in table order), which the page states. */
enum { RD_REPORT_MAP_MAX = 5000 };

typedef struct {
    const rd_table *const *t;   /* the run's tables, found by name: themes, segments,
                                   respondents, segment_themes, quotes, selection */
    size_t n_tables;
    size_t respondents, passages, terms;
    int themes_auto, segments_auto; /* T, k chosen by rodedraad (else given by the user) */
    double ari;                 /* segment stability: mean ARI of the stability runs */
    double silhouette;
    const float *map;           /* respondents × 2 in the respondents table's row order, or
                                   NULL: the map then shows the shares of themes 1 and 2 */
    const char *projection;     /* what map holds, in Dutch ("de eerste twee LSA-…") */
    const rd_manifest_unused *unused; /* files found and not used; borrowed */
    size_t n_unused;
    const char *version;        /* rodedraad's version */
    size_t wave_returning, wave_kept; /* --previous: respondents in both waves, and those
                                         who kept their segment (a "shifts" table among t
                                         adds a section on what changed) */
    uint64_t seed;
} rd_report_in;

/* Writes the report to path (created or replaced). RD_ENOMEM; RD_EOUTPUT when the file
 * cannot be made, RD_EIO when writing fails (io/write/outfile.h wording); RD_EINVAL when a
 * table is missing. */
rd_status rd_report_write(const char *path, const rd_report_in *in, rd_err *err);

/* The report in memory (*out malloc'd, NUL-terminated, *n_out bytes; the caller frees),
 * for tests. On failure *out is NULL. */
rd_status rd_report_render(const rd_report_in *in, char **out, size_t *n_out, rd_err *err);

#endif
