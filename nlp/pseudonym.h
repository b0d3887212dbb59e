/* nlp/pseudonym.h — pseudonyms for respondents whose id carries a person's name
 * (nlp/idname.h decides which).
 *
 * Keyed: "P-" and 8 characters of Crockford's base32 (0-9 and A-Z without I, L, O, U),
 * the first 40 bits of HMAC-SHA256(key, "rodedraad-pseudonym-1" NUL id): the same id and
 * key give the same pseudonym on every run and machine; without the key it cannot be
 * traced back to the id, nor guessed from a list of names. The MAC comes from the caller
 * (io/ computes it with OpenSSL; nlp/ links no cryptography).
 * Numbered (no key): P01, P02, ... in the order of the ids (three digits from the 100th,
 * and so on): stable only while the same ids come in the same order.
 * A pseudonym never equals an id that is kept or another pseudonym: a clash gets "-2",
 * "-3", ... (keyed) or the next free number (numbered). */
#ifndef RD_PSEUDONYM_H
#define RD_PSEUDONYM_H

#include <stddef.h>

#include "engine/status.h"

/* HMAC-SHA256 of msg[0..n) under the caller's key into mac. */
typedef rd_status (*rd_pseudo_mac_fn)(void *ctx, const char *msg, size_t n,
                                      unsigned char mac[32], rd_err *err);

enum { RD_PSEUDO_KEYED_LEN = 10 }; /* "P-" + 8 */

/* The keyed pseudonym of id[0..n) into out (RD_PSEUDO_KEYED_LEN + 1 bytes). */
rd_status rd_pseudo_keyed(rd_pseudo_mac_fn mac, void *ctx, const char *id, size_t n, char *out,
                          rd_err *err);

/* Pseudonyms for the ids[k] (NUL-terminated) with named[k] != 0: keyed through mac, or
 * numbered when mac is NULL. out[0..n) is filled with malloc'd strings (NULL where
 * named[k] is 0); on failure every out[k] is NULL. */
rd_status rd_pseudo_assign(const char *const *ids, const unsigned char *named, size_t n,
                           rd_pseudo_mac_fn mac, void *ctx, char **out, rd_err *err);

#endif
