/* nlp/source.c — see source.h. */
#include "nlp/source.h"

#include <stdlib.h>
#include <string.h>

void rd_source_free(rd_source *f)
{
    if (!f)
        return;
    for (size_t u = 0; u < f->n_u; u++) {
        rd_transcript_free(&f->u[u].tr);
        free(f->u[u].id);
        free(f->u[u].names);
        for (size_t a = 0; f->u[u].attr && a < f->n_attr; a++)
            free(f->u[u].attr[a]);
        free(f->u[u].attr);
    }
    free(f->u);
    for (size_t a = 0; f->attr_name && a < f->n_attr; a++)
        free(f->attr_name[a]);
    free(f->attr_name);
    free(f->note);
    memset(f, 0, sizeof *f);
}
