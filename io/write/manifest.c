/* io/write/manifest.c — see manifest.h. SHA-256 of the input files for the run manifest.
 *
 * Each file is streamed through OpenSSL's EVP digest interface in 64 KiB reads, so memory
 * does not grow with file size. Files are hashed `threads` at a time by rd_pool_run; every
 * worker owns one read buffer and one digest context, allocated before the loop. The
 * calling thread looks at the files in path order as they finish and stops at the first
 * one that failed, so the error reported does not depend on the thread count or timing.
 * `bytes` is the number of bytes actually hashed, so it always agrees with `sha256`. */
#include "io/write/manifest.h"

#include "engine/pool.h"
#include "io/read/pathname.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#define READ_CHUNK ((size_t)64 * 1024)

/* Per-file outcome, written by the worker that hashed it, read by the calling thread. */
typedef enum { H_OK = 0, H_READ, H_DIGEST } hash_fail;

typedef struct {
    hash_fail fail;
    int errnum; /* H_READ: errno of the failed open/read */
} hash_res;

typedef struct {
    rd_manifest_input *in;        /* n inputs; path set before the loop, bytes/sha256 by workers */
    hash_res *res;       /* n outcomes */
    unsigned char **buf; /* one READ_CHUNK buffer per worker */
    EVP_MD_CTX **md;     /* one digest context per worker */
} hash_job;

static void to_hex(const unsigned char *d, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 0x0f];
    }
    out[2 * n] = '\0';
}

/* Hashes one file into in->bytes and in->sha256; the outcome goes to *res. */
static void hash_file(rd_manifest_input *in, unsigned char *buf, EVP_MD_CTX *md, hash_res *res)
{
    unsigned char dig[EVP_MAX_MD_SIZE];
    unsigned int dn = 0;
    uint64_t total = 0;
    int fd = -1;
    *res = (hash_res){H_OK, 0};
    if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
        res->fail = H_DIGEST;
        goto done;
    }
    do
        fd = open(in->path, O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        *res = (hash_res){H_READ, errno};
        goto done;
    }
    for (;;) {
        ssize_t got = read(fd, buf, READ_CHUNK);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            *res = (hash_res){H_READ, errno};
            goto done;
        }
        if (got == 0)
            break;
        if (EVP_DigestUpdate(md, buf, (size_t)got) != 1) {
            res->fail = H_DIGEST;
            goto done;
        }
        total += (uint64_t)got;
    }
    if (EVP_DigestFinal_ex(md, dig, &dn) != 1 || dn != 32) {
        res->fail = H_DIGEST;
        goto done;
    }
    to_hex(dig, dn, in->sha256);
    in->bytes = total;
done:
    if (fd >= 0)
        close(fd); /* read-only: nothing to lose if close reports an error */
}

static void hash_one(void *ctx, size_t item, int worker)
{
    hash_job *j = ctx;
    hash_file(&j->in[item], j->buf[worker], j->md[worker], &j->res[item]);
}

/* Called in path order on the calling thread: the first failure stops the loop. */
static rd_status check_one(void *ctx, size_t item, rd_err *err)
{
    hash_job *j = ctx;
    const hash_res *r = &j->res[item];
    char path[512];
    rd_pathname_show_into(j->in[item].path, path, sizeof path);
    if (r->fail == H_READ)
        return rd_fail(err, RD_EIO, "%s: cannot read for the manifest checksum: %s", path,
                       strerror(r->errnum));
    if (r->fail == H_DIGEST)
        return rd_fail(err, RD_ENOMEM, "%s: OpenSSL could not compute SHA-256 (out of memory?)",
                       path);
    return RD_OK;
}

static void free_inputs(rd_manifest_input *in, size_t n)
{
    if (!in)
        return;
    for (size_t i = 0; i < n; i++) {
        free(in[i].path);
        free(in[i].path_base64);
    }
    free(in);
}

rd_status rd_manifest_hash_inputs(rd_manifest *m, const char *const *paths, size_t n,
                                  int threads, rd_err *err)
{
    rd_status rc = RD_OK;
    hash_job j = {0};
    size_t workers = threads < 1 ? 1 : (size_t)threads;
    m->inputs = NULL;
    m->n_inputs = 0;
    if (n == 0)
        goto done;
    if (workers > n)
        workers = n;
    if (!(j.in = calloc(n, sizeof *j.in)) || !(j.res = calloc(n, sizeof *j.res)) ||
        !(j.buf = calloc(workers, sizeof *j.buf)) || !(j.md = calloc(workers, sizeof *j.md))) {
        rc = rd_fail(err, RD_ENOMEM, "manifest checksums for %zu files", n);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (!(j.in[i].path = strdup(paths[i]))) {
            rc = rd_fail(err, RD_ENOMEM, "manifest checksums: copying %zu paths", n);
            goto done;
        }
    for (size_t w = 0; w < workers; w++)
        if (!(j.buf[w] = malloc(READ_CHUNK)) || !(j.md[w] = EVP_MD_CTX_new())) {
            rc = rd_fail(err, RD_ENOMEM, "manifest checksums: buffers for %zu threads", workers);
            goto done;
        }
    if ((rc = rd_pool_run(n, (int)workers, hash_one, check_one, &j, err)) != RD_OK)
        goto done;
    for (size_t i = 0; i < n; i++) { /* the raw bytes kept, the name shown */
        char *shown;
        if (rd_pathname_plain(j.in[i].path))
            continue;
        if (!(shown = rd_pathname_show(j.in[i].path)) ||
            !(j.in[i].path_base64 = rd_pathname_base64(j.in[i].path))) {
            free(shown);
            rc = rd_fail(err, RD_ENOMEM, "manifest: %zu file names", n);
            goto done;
        }
        free(j.in[i].path);
        j.in[i].path = shown;
    }
    m->inputs = j.in; /* ownership moves to m (rd_manifest_free_inputs) */
    m->n_inputs = n;
    j.in = NULL;
done:
    free_inputs(j.in, n);
    free(j.res);
    for (size_t w = 0; j.buf && w < workers; w++)
        free(j.buf[w]);
    for (size_t w = 0; j.md && w < workers; w++)
        EVP_MD_CTX_free(j.md[w]); /* NULL is a no-op */
    free(j.buf);
    free(j.md);
    return rc;
}

void rd_manifest_free_inputs(rd_manifest *m)
{
    if (!m)
        return;
    free_inputs(m->inputs, m->n_inputs);
    m->inputs = NULL;
    m->n_inputs = 0;
}
