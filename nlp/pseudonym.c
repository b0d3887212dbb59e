/* nlp/pseudonym.c — see pseudonym.h. */
#include "nlp/pseudonym.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/strtab.h"

static const char domain[] = "rodedraad-pseudonym-1";

rd_status rd_pseudo_keyed(rd_pseudo_mac_fn mac, void *ctx, const char *id, size_t n, char *out,
                          rd_err *err)
{
    static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; /* Crockford */
    unsigned char m[32];
    size_t dn = sizeof domain; /* with its NUL: the domain cannot run into the id */
    char *msg = malloc(dn + n + 1);
    if (!msg)
        return rd_fail(err, RD_ENOMEM, "pseudonym");
    memcpy(msg, domain, dn);
    memcpy(msg + dn, id, n);
    rd_status rc = mac(ctx, msg, dn + n, m, err);
    free(msg);
    if (rc != RD_OK)
        return rc;
    unsigned long long bits = 0; /* the first 40 bits, 5 per character */
    for (int k = 0; k < 5; k++)
        bits = bits << 8 | m[k];
    out[0] = 'P';
    out[1] = '-';
    for (int k = 0; k < 8; k++)
        out[2 + k] = b32[(bits >> (35 - 5 * k)) & 31];
    out[RD_PSEUDO_KEYED_LEN] = '\0';
    return RD_OK;
}

/* Takes name if it is free (not in used), else name-2, name-3, ... (keyed) or, numbered,
 * the next free number from *next on; the result is malloc'd and added to used. */
static char *claim(rd_strtab *used, const char *keyed, size_t *next, int width)
{
    char buf[64];
    for (unsigned long k = 1;; k++) {
        if (keyed)
            snprintf(buf, sizeof buf, k == 1 ? "%s" : "%s-%lu", keyed, k);
        else
            snprintf(buf, sizeof buf, "P%0*zu", width, (*next)++);
        size_t bn = strlen(buf);
        if (rd_strtab_find(used, buf, bn) != RD_STRTAB_NONE)
            continue;
        if (rd_strtab_intern(used, buf, bn, NULL) == RD_STRTAB_NONE)
            return NULL;
        return strdup(buf);
    }
}

rd_status rd_pseudo_assign(const char *const *ids, const unsigned char *named, size_t n,
                           rd_pseudo_mac_fn mac, void *ctx, char **out, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t count = 0, next = 1;
    int width = 2;
    rd_strtab *used = rd_strtab_new(n);
    for (size_t k = 0; k < n; k++)
        out[k] = NULL;
    if (!used)
        return rd_fail(err, RD_ENOMEM, "pseudonyms");
    for (size_t k = 0; k < n; k++) {
        count += named[k] != 0;
        if (!named[k] && rd_strtab_intern(used, ids[k], strlen(ids[k]), NULL) == RD_STRTAB_NONE) {
            rc = rd_fail(err, RD_ENOMEM, "pseudonyms");
            goto done;
        }
    }
    for (size_t c = count; c >= 100; c /= 10)
        width++;
    for (size_t k = 0; k < n && rc == RD_OK; k++) {
        char keyed[RD_PSEUDO_KEYED_LEN + 1];
        if (!named[k])
            continue;
        if (mac && (rc = rd_pseudo_keyed(mac, ctx, ids[k], strlen(ids[k]), keyed, err)) != RD_OK)
            break;
        if (!(out[k] = claim(used, mac ? keyed : NULL, &next, width)))
            rc = rd_fail(err, RD_ENOMEM, "pseudonyms");
    }
done:
    if (rc != RD_OK)
        for (size_t k = 0; k < n; k++) {
            free(out[k]);
            out[k] = NULL;
        }
    rd_strtab_free(used);
    return rc;
}
