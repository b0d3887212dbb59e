/* io/cli/keyfile.h — `run --key-file FILE`: the secret key that keeps pseudonyms stable
 * across runs and machines (nlp/pseudonym.h).
 *
 * A missing FILE is created, exclusively (O_CREAT | O_EXCL), with mode 0600 and 32 bytes
 * from getrandom(2); an existing one is read whole and used as the HMAC key: it must hold
 * at least 32 and at most 1,024 bytes (anything else is not a key file: RD_EDATA, exit 65);
 * one that exists but cannot be read is RD_ENOINPUT (exit 66); one that cannot be created
 * is RD_EOUTPUT (exit 73). A key file that group or others may read gets a warning. Only
 * the path ever reaches an output (the manifest), never the key. The CLI speaks: problems
 * are printed here. */
#ifndef RD_CLI_KEYFILE_H
#define RD_CLI_KEYFILE_H

#include <stddef.h>

#include "engine/status.h"

enum { RD_KEY_MIN = 32, RD_KEY_MAX = 1024 };

typedef struct {
    unsigned char key[RD_KEY_MAX];
    size_t n;          /* bytes of key; 0 when there is no key */
    int created;       /* this run made the file */
} rd_cli_key;

/* Reads or creates path into *k (zeroed first). Prints what went wrong. */
rd_status rd_cli_key_open(const char *path, rd_cli_key *k);
/* Wipes the key. NULL is a no-op. */
void rd_cli_key_clear(rd_cli_key *k);
/* HMAC-SHA256 of msg[0..n) under the key (ctx: an rd_cli_key), OpenSSL libcrypto; the
 * nlp/pseudonym.h MAC. */
rd_status rd_cli_key_mac(void *ctx, const char *msg, size_t n, unsigned char mac[32], rd_err *err);

#endif
