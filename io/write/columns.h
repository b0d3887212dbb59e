/* io/write/columns.h — what each column of the run's tables is called in Dutch, what it
 * means, and how it is shown: the one place the workbook's titles and its sheet "Uitleg"
 * and the CSV dialects (io/write/csv.h) take their knowledge of columns from.
 *
 * The CSV files and model.json keep the machine names (engine/describe: "share"); the
 * workbook shows the Dutch title ("Aandeel") and lists both in "Uitleg". A column this
 * table does not know (an attribute column of a survey, named by the user) is shown
 * under its own name as plain text. The respondents' theme_1 … theme_T columns are known
 * by their prefix. */
#ifndef RD_COLUMNS_H
#define RD_COLUMNS_H

#include <stddef.h>

/* How a column is shown. */
enum {
    RD_COL_LIST = 1,  /* text: items joined by "; " (terms, themes, respondents) */
    RD_COL_SHARE = 2, /* number in [0, 1]: a share, shown as a percentage */
    RD_COL_RATIO = 4, /* number around 1 (lift, index): shown with two decimals */
    RD_COL_LONG = 8,  /* long text (quotes, lists): a fixed wide column that wraps */
    RD_COL_PATH = 16  /* a file path (source): a narrow column that wraps, so a long
                         folder name does not widen the printed page */
};

typedef struct {
    const char *table;   /* "themes" */
    const char *col;     /* "share_respondents"; for a prefix entry, the prefix "theme_" */
    const char *title;   /* "Aandeel respondenten" */
    const char *meaning; /* one Dutch sentence */
    unsigned flags;      /* RD_COL_* */
} rd_column_info;

/* The entry of column col of table `table`, or NULL when it is not known. Borrowed,
 * static. */
const rd_column_info *rd_columns_find(const char *table, const char *col);

/* Every entry, in the tables' order: for "Uitleg". */
const rd_column_info *rd_columns_all(size_t *n);

#endif
