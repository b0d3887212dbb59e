/* io/write/manifest.h — the run manifest: what produced OUTDIR, with which libraries, options
 * and inputs. Written into model.json ("manifest") and the workbook's run sheet.
 *
 * Strings in rd_manifest are borrowed from the caller, except the inputs, which
 * rd_manifest_hash_inputs allocates and rd_manifest_free_inputs frees. */
#ifndef RD_MANIFEST_H
#define RD_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"
#include "engine/table.h"

typedef struct {
    char *path;          /* as given on the command line / found in a folder, as shown
                            (io/read/pathname.h: invalid UTF-8 and controls escaped) */
    char *path_base64;   /* the path's raw bytes in base64 when it was escaped, else NULL */
    uint64_t bytes;
    char sha256[65];     /* lower-case hex, NUL-terminated */
} rd_manifest_input;

/* A file found in the inputs and not used (io/cli/account.h builds the list). */
typedef struct {
    char *path;          /* as shown */
    char *path_base64;   /* the raw bytes in base64 when the path was escaped, else NULL */
    const char *reason;  /* "not a transcript format", "lock file", "could not be used" … */
    char *message;       /* what the user was told about it */
} rd_manifest_unused;

typedef struct {
    const char *key;     /* "segments", "min_df", ... */
    rd_value v;          /* v.s borrowed; RD_V_EMPTY = not set / automatic */
} rd_manifest_option;

typedef struct {
    const char *program;            /* "rodedraad" */
    const char *version;            /* "0.1.0" */
    const char *command;            /* the command line, arguments joined by spaces */
    const char *created;            /* not a clock time (outputs are byte-identical):
                                       NULL, or a fixed string the caller chose */
    const char *stemmer_algorithm;  /* libstemmer name passed explicitly, e.g. "dutch" */
    const char *libstemmer_version; /* Debian package version of libstemmer0d */
    const char *unicode_version;    /* utf8proc_unicode_version() */
    const char *utf8proc_version;   /* utf8proc_version() */
    const char *blas;               /* rd_blas_info() */
    uint64_t seed;
    int threads;
    const rd_manifest_option *options;       /* every option, resolved (e.g. chosen k and T) */
    size_t n_options;
    const rd_manifest_option *results;       /* run facts: themes, segments, NMF iterations, ... */
    size_t n_results;
    rd_manifest_input *inputs;               /* every input file, in analysis (path) order */
    size_t n_inputs;
    const rd_manifest_unused *unused;        /* files found but not used, by path; borrowed */
    size_t n_unused;
} rd_manifest;

/* Hashes paths[0..n) (raw bytes, as opened) with SHA-256 (OpenSSL libcrypto), `threads`
 * files at a time, and sets m->inputs / m->n_inputs, each path as shown with its raw bytes
 * in path_base64 when it needed escaping. RD_EIO names the file that could not be read. */
rd_status rd_manifest_hash_inputs(rd_manifest *m, const char *const *paths, size_t n,
                                  int threads, rd_err *err);
void rd_manifest_free_inputs(rd_manifest *m); /* frees m->inputs; safe to repeat */

#endif
