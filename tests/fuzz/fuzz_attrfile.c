/* tests/fuzz/fuzz_attrfile.c — the --attributes reader (io/read/attrfile.h) over any bytes,
 * and, when the file is accepted, the attributes table (engine/stats) over its values with
 * the rows spread over three segments, so that typing, the summaries and the tests see
 * whatever a file can hold. RD_FUZZ_EXT picks ".csv" or ".tsv". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/stats/attributes.h"
#include "io/read/attrfile.h"

#ifndef RD_FUZZ_EXT
#define RD_FUZZ_EXT ".csv"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    if (size)
        memcpy(buf, data, size);
    buf[size] = '\0';
    rd_attrfile a;
    rd_err err = {0};
    rd_status rc = rd_attrfile_parse("fuzz" RD_FUZZ_EXT, buf, size, NULL, &a, &err);
    if (rc == RD_OK) {
        /* ids are non-empty and distinct, lines increase */
        for (size_t r = 0; r < a.n_row; r++) {
            if (!a.id[r][0] || (r && a.line[r] <= a.line[r - 1]))
                abort();
            for (size_t q = 0; q < r; q++)
                if (strcmp(a.id[q], a.id[r]) == 0)
                    abort();
        }
        size_t *seg = malloc((a.n_row + 1) * sizeof *seg);
        rd_table *t = NULL;
        if (seg) {
            for (size_t r = 0; r < a.n_row; r++)
                seg[r] = r % 3;
            rd_attr_in in = {a.n_row, seg, 3, a.n_attr, a.name, a.value, 1};
            if (rd_attr_table(&in, &t, &err) == RD_OK && a.n_attr && !t)
                abort();
        }
        rd_table_free(t);
        free(seg);
    } else if (err.msg[0] == '\0') {
        abort(); /* every failure says why */
    }
    rd_attrfile_free(&a);
    free(buf);
    return 0;
}
