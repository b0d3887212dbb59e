/* engine/stats/attributes.h — respondent attributes summarised per segment, with a test of
 * whether the segments differ on each (the attributes table, exported as attributes.csv,
 * a workbook sheet and sentences on the report's persona cards).
 *
 * Typing: an attribute is numeric when every non-empty value is a plain decimal number
 * (optional sign, digits, a decimal point or a Dutch decimal comma: "7,4"; a 1–10 score
 * counts), categorical otherwise, and empty when no respondent has a value. Values are
 * trimmed of spaces; empty values are counted per segment as missing, never dropped
 * silently.
 *
 * Numeric: per segment n, mean, median, first and third quartile (linear interpolation
 * between order statistics, R's type 7), the mean of all other respondents; the
 * Kruskal–Wallis test over the segments, effect epsilon-squared.
 * Categorical: the RD_ATTR_TOP most frequent values (ties: the one that sorts first by
 * bytes) each get rows, the rest are counted together as "overig" (the note says how many
 * values); per segment and value the count, the share among the segment's respondents
 * with a value and the share among the other respondents; Pearson's chi-square test on
 * segments × values (a seeded permutation test when an expected count is below 5),
 * effect Cramér's V. When more than RD_ATTR_TOP + 1 values are given and more than half of
 * the respondents with a value have one of their own (a date, a remark), there is no test
 * (the note says so): "overig" would be a bin of singletons.
 * p_adjusted: Benjamini–Hochberg over every attribute's test of the run.
 *
 * Columns (one row per attribute × segment, and × value when categorical):
 *   attribute, kind (numeric|categorical|empty), segment, n, missing, value, count, share,
 *   share_rest, mean, mean_rest, median, q1, q3, test, statistic, df, p, p_adjusted,
 *   effect, effect_size, note */
#ifndef RD_STATS_ATTRIBUTES_H
#define RD_STATS_ATTRIBUTES_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"
#include "engine/table.h"

enum { RD_ATTR_TOP = 8 };

typedef struct {
    size_t n;                    /* respondents */
    const size_t *segment;       /* per respondent: its segment, 0 .. k-1 */
    size_t k;                    /* segments */
    size_t n_attr;
    const char *const *name;     /* n_attr attribute names */
    const char *const *value;    /* n × n_attr values (row-major); NULL or "" is missing */
    uint64_t seed;               /* the permutation tests' seed (forked per attribute) */
} rd_attr_in;

/* Parses a plain decimal number with a point or a comma ("7,4", "-3", " 12.5 "); 1 when s
 * is one (*out set), 0 otherwise ("", "1e3", "nan", "7,4,1", "1.000,5" are not). */
int rd_attr_number(const char *s, double *out);

/* Builds the attributes table (name "attributes", sheet "Kenmerken"). On failure *out is
 * NULL. RD_ENOMEM or RD_EINVAL (a segment ≥ k). */
rd_status rd_attr_table(const rd_attr_in *in, rd_table **out, rd_err *err);

#endif
