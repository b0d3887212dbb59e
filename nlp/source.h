/* nlp/source.h — one input source as the text stage sees it (nlp/textstage.h): one or
 * more respondents ("units"), each with a transcript, and the source's attribute columns.
 *
 * A transcript file is one unit with id NULL; a CSV file of survey answers is one unit per
 * respondent id (io/read/reader.h says how readers fill it). */
#ifndef RD_SOURCE_H
#define RD_SOURCE_H

#include <stddef.h>

#include "engine/status.h"
#include "nlp/transcript.h"

typedef struct {
    rd_transcript tr;
    char *id;       /* the respondent id as written in the source, or NULL (a file) */
    char **attr;    /* n_attr values (never NULL entries) when the source has attributes */
    char *names;    /* personal names from columns left out (CSV), '\n' between, or NULL:
                       masked in this respondent's quotes, never exported */
    int id_personal; /* the id is personal data itself (a name column named by --csv-id):
                        the respondent always gets a pseudonym */
} rd_unit;

typedef struct {
    rd_unit *u;
    size_t n_u;
    char **attr_name; /* the attribute columns (CSV: the columns that are neither id nor text) */
    size_t n_attr;
    size_t bytes;     /* bytes read */
    rd_err *note;     /* a warning, or NULL (converted encoding, rows left out); the
                         message starts with the source's name */
} rd_source;

void rd_source_free(rd_source *s); /* frees the contents, not s; NULL is a no-op */

#endif
