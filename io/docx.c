/* io/docx.c — see docx.h. */
#include "io/docx.h"

rd_status rd_docx_text(const void *data, size_t n, int kind, char **text, size_t *text_n,
                       rd_err *err)
{
    (void)data; (void)n; (void)kind; (void)text; (void)text_n;
    return rd_fail(err, RD_EDATA, "documents are not read yet");
}
