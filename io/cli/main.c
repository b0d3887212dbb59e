/* io/cli/main.c — the rodedraad command line: parses the options (io/cli/options.h), runs
 * the subcommand (io/cli/run.h, io/cli/text.h) and maps its status to an exit code
 * (sysexits). The subcommands print their own problems; all the work is in the libraries. */
#include <locale.h>

#include "engine/blas.h"
#include "io/cli/options.h"
#include "io/cli/classify.h"
#include "io/cli/pages.h"
#include "io/cli/run.h"
#include "io/cli/text.h"

enum {
    EX_OK_ = 0,
    EX_USAGE_ = 64,
    EX_DATAERR_ = 65,
    EX_NOINPUT_ = 66,
    EX_SOFTWARE_ = 70,
    EX_CANTCREAT_ = 73,
    EX_IOERR_ = 74
};

static int exit_code(rd_status s)
{
    switch (s) {
    case RD_OK: return EX_OK_;
    case RD_EINVAL: return EX_USAGE_;
    case RD_EUTF8: case RD_EDATA: return EX_DATAERR_;
    case RD_ENOINPUT: return EX_NOINPUT_;
    case RD_EOUTPUT: return EX_CANTCREAT_;
    case RD_EIO: return EX_IOERR_;
    default: return EX_SOFTWARE_;
    }
}

int main(int argc, char **argv)
{
    rd_cli_opts op;
    int done = 0;
    rd_cli_huge_pages(argv); /* large pages for the heap: may start the program anew */
    /* Every command runs BLAS single-threaded (the engine splits its own work over -j);
     * stop OpenBLAS's start-up threads before they spin against the text workers. */
    rd_blas_set_threads(1);
    setlocale(LC_ALL, "C"); /* numbers are always written in the C locale */
    rd_status rc = rd_cli_parse(argc, argv, &op, &done);
    if (rc == RD_OK && !done)
        rc = op.cmd == RD_CMD_RUN        ? rd_cli_run(&op)
             : op.cmd == RD_CMD_CLASSIFY ? rd_cli_classify(&op)
                                         : rd_cli_text(&op);
    rd_cli_opts_free(&op);
    return exit_code(rc);
}
