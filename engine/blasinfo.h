/* engine/blasinfo.h — which BLAS the engine runs on, for --version and the run manifest. */
#ifndef RD_BLASINFO_H
#define RD_BLASINFO_H

/* "OpenBLAS <config> (core <name>)"; a static string, valid for the program's life. */
const char *rd_blas_info(void);

#endif
