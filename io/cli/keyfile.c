/* io/cli/keyfile.c — see keyfile.h. */
#include "io/cli/keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

/* Creates path with RD_KEY_MIN random bytes. 1 when made, 0 when it already exists, -1 on
 * failure (printed). */
static int create(const char *path, rd_cli_key *k)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST)
        return 0;
    if (fd < 0) {
        fprintf(stderr, "rodedraad: --key-file %s: cannot create it: %s\n", path, strerror(errno));
        return -1;
    }
    size_t got = 0;
    while (got < RD_KEY_MIN) {
        ssize_t r = getrandom(k->key + got, RD_KEY_MIN - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            fprintf(stderr, "rodedraad: --key-file %s: no random bytes: %s\n", path, strerror(errno));
            goto fail;
        }
        got += (size_t)r;
    }
    if (write(fd, k->key, RD_KEY_MIN) != RD_KEY_MIN || fsync(fd) != 0) {
        fprintf(stderr, "rodedraad: --key-file %s: cannot write it: %s\n", path, strerror(errno));
        goto fail;
    }
    if (close(fd) != 0) {
        fd = -1;
        fprintf(stderr, "rodedraad: --key-file %s: cannot write it: %s\n", path, strerror(errno));
        goto fail;
    }
    k->n = RD_KEY_MIN;
    k->created = 1;
    return 1;
fail:
    if (fd >= 0)
        close(fd);
    unlink(path);
    rd_cli_key_clear(k);
    return -1;
}

rd_status rd_cli_key_open(const char *path, rd_cli_key *k)
{
    struct stat st;
    memset(k, 0, sizeof *k);
    int made = create(path, k);
    if (made < 0)
        return RD_EOUTPUT;
    if (made)
        return RD_OK;
    /* O_NONBLOCK: a FIFO named as the key file must not block open();
       it is refused below as not a regular file. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 || fstat(fd, &st) != 0) {
        fprintf(stderr, "rodedraad: --key-file %s: cannot read it: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return RD_ENOINPUT;
    }
    if (!S_ISREG(st.st_mode) || st.st_size < RD_KEY_MIN || st.st_size > RD_KEY_MAX) {
        char what[64];
        close(fd);
        if (S_ISREG(st.st_mode))
            snprintf(what, sizeof what, "%lld bytes", (long long)st.st_size);
        else
            snprintf(what, sizeof what, "%s", S_ISDIR(st.st_mode) ? "a folder" : "not a regular file");
        fprintf(stderr, "rodedraad: --key-file %s: not a key file (%s; a key file holds %d to %d "
                "bytes, and one is made when FILE does not exist)\n", path, what, RD_KEY_MIN,
                RD_KEY_MAX);
        return RD_EDATA;
    }
    ssize_t r = read(fd, k->key, (size_t)st.st_size);
    int e = errno;
    close(fd);
    if (r != st.st_size) {
        fprintf(stderr, "rodedraad: --key-file %s: cannot read it: %s\n", path,
                r < 0 ? strerror(e) : "it changed while being read");
        rd_cli_key_clear(k);
        return r < 0 ? RD_ENOINPUT : RD_EDATA;
    }
    k->n = (size_t)r;
    if (st.st_mode & (S_IRWXG | S_IRWXO))
        fprintf(stderr, "rodedraad: warning: --key-file %s can be read by others; whoever has "
                "it can link pseudonyms to names (chmod 600 it)\n", path);
    return RD_OK;
}

void rd_cli_key_clear(rd_cli_key *k)
{
    if (!k)
        return;
    volatile unsigned char *p = k->key; /* not optimised away */
    for (size_t i = 0; i < sizeof k->key; i++)
        p[i] = 0;
    k->n = 0;
}

rd_status rd_cli_key_mac(void *ctx, const char *msg, size_t n, unsigned char mac[32], rd_err *err)
{
    const rd_cli_key *k = ctx;
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), k->key, (int)k->n, (const unsigned char *)msg, n, mac, &len) ||
        len != 32)
        return rd_fail(err, RD_ENOMEM, "HMAC-SHA256 failed (OpenSSL)");
    return RD_OK;
}
