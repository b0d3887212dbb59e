/* engine/blasinfo.h — which BLAS the engine runs on, for --version and the run manifest. */
#ifndef RD_BLASINFO_H
#define RD_BLASINFO_H

/* "OpenBLAS <config> (core <name>)"; a static string, valid for the program's life. */
const char *rd_blas_info(void);

/* Sets the number of BLAS threads (1 for stages that do no linear algebra, so that idle
 * BLAS threads do not compete with the text workers). */
void rd_blas_set_threads(int n);

#endif
