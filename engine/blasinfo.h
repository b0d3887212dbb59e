/* engine/blasinfo.h — which BLAS the engine runs on, for --version and the run manifest. */
#ifndef RD_BLASINFO_H
#define RD_BLASINFO_H

/* "OpenBLAS <config> (core <name>)"; a static string, valid for the program's life. */
const char *rd_blas_info(void);

/* Sets the number of BLAS threads; 1 also stops the worker threads OpenBLAS started when
 * it was loaded, so that they do not spin against the text workers. */
void rd_blas_set_threads(int n);

#endif
