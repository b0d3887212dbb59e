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

/* OpenBLAS (pthreads build) starts its worker threads when the library is loaded, and
 * each spins on sched_yield for about 0.1 s of CPU before it goes to sleep: on a two-core
 * machine that steals a tenth of a second from the text workers at start-up. Its exported
 * blas_thread_shutdown_ stops them (OpenBLAS restarts them by itself if a threaded call
 * ever needs them). Declared weak: a serial OpenBLAS has no such function. */
extern void blas_thread_shutdown_(void) __attribute__((weak));

void rd_blas_set_threads(int n)
{
    openblas_set_num_threads(n < 1 ? 1 : n); /* (re)starts the threads: shut down after */
    if (n <= 1 && blas_thread_shutdown_)
        blas_thread_shutdown_();
}
