/* engine/blasinfo.c — see blasinfo.h. */
#include "engine/blasinfo.h"

#include <cblas.h>
#include <stdio.h>

const char *rd_blas_info(void)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s (core %s)", openblas_get_config(), openblas_get_corename());
    return buf;
}

void rd_blas_set_threads(int n)
{
    openblas_set_num_threads(n < 1 ? 1 : n);
}
