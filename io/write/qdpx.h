/* io/write/qdpx.h — REFI-QDA export (QDA-XML 1.0): a project `.qdpx` for NVivo, ATLAS.ti,
 * MAXQDA, QualCoder and others, and a codebook `.qdc`.
 *
 * The caller builds an rd_qdpx in memory — codes (a tree), variables, sources with their
 * plain text and coded selections, cases with variable values and their source, sets of
 * sources — and writes it:
 *
 *   rd_qdpx_write           a zip holding project.qde (namespace urn:QDA-XML:project:1.0,
 *                           valid against the REFI-QDA Project.xsd) and each source's text
 *                           as sources/<guid>.txt (UTF-8, referred to by plainTextPath
 *                           "internal://<guid>.txt");
 *   rd_qdpx_write_codebook  the codes alone as a <CodeBook> (urn:QDA-XML:codebook:1.0),
 *                           the same GUIDs as in the project.
 *
 * Same bytes for the same content: every GUID is derived from what it names (rd_qdpx_guid:
 * the object's kind, its ordinal among its kind and its content), no dates are written,
 * the zip's entries are stored in name order, deflated, each with the time 1980-01-01
 * 00:00 and Unix mode 0644, and the archive has no comment.
 *
 * Selections are given in Unicode code points into the source's text (0-based, end
 * exclusive), as REFI-QDA counts them: rd_qdpx_codepoints counts them for a byte range.
 * Strings are UTF-8; in the XML, bytes that are not valid UTF-8 and characters XML 1.0
 * cannot hold (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF) become U+FFFD, and
 * libxml2's writer escapes the rest. A source's text is written as given (it must be valid
 * UTF-8 for the positions to mean anything; RD_EINVAL otherwise).
 *
 * Memory: the sources' text is copied in and held until rd_qdpx_free; the zip is built in
 * memory and written in one go, so a failed write leaves a short file the caller's
 * staging removes (io/write/outdir.h). Errors: RD_ENOMEM, RD_EINVAL (a bad index or
 * position, named), RD_EOUTPUT "PATH: cannot create: …" (73) and RD_EIO "PATH: …" (74)
 * as every writer reports them (io/write/outfile.h). */
#ifndef RD_QDPX_H
#define RD_QDPX_H

#include <stddef.h>

#include "engine/status.h"

typedef struct rd_qdpx rd_qdpx;

#define RD_QDPX_NONE ((size_t)-1)

typedef enum { RD_QDPX_TEXT = 0, RD_QDPX_INTEGER } rd_qdpx_type;

/* project: the project's name; origin: the program that made it ("rodedraad 0.19.0"),
 * also the name of the one user every object is created by; description may be NULL. */
rd_status rd_qdpx_new(const char *project, const char *origin, const char *description,
                      rd_qdpx **out, rd_err *err);
void rd_qdpx_free(rd_qdpx *p); /* NULL is a no-op */

/* A code named name under parent (RD_QDPX_NONE: top level; parents come first);
 * description and colour ("#RRGGBB") may be NULL. *idx: its index. */
rd_status rd_qdpx_code(rd_qdpx *p, const char *name, const char *description,
                       const char *colour, size_t parent, size_t *idx, rd_err *err);
/* A case variable; description may be NULL. */
rd_status rd_qdpx_variable(rd_qdpx *p, const char *name, rd_qdpx_type type,
                           const char *description, size_t *idx, rd_err *err);
/* A text source named name with its plain text text[0..n) (copied). */
rd_status rd_qdpx_source(rd_qdpx *p, const char *name, const char *text, size_t n,
                         size_t *idx, rd_err *err);
/* The code-point range [start, end) of source src coded with code; name may be NULL. */
rd_status rd_qdpx_select(rd_qdpx *p, size_t src, size_t start, size_t end, size_t code,
                         const char *name, rd_err *err);
/* A case named name whose data is source src (RD_QDPX_NONE: none). */
rd_status rd_qdpx_case(rd_qdpx *p, const char *name, size_t src, size_t *idx, rd_err *err);
/* Case cs's value of variable var: text, or for an integer variable its decimal digits
 * (an optional '-' first). Empty values are not written. */
rd_status rd_qdpx_value(rd_qdpx *p, size_t cs, size_t var, const char *value, rd_err *err);
/* A set of sources; description may be NULL. */
rd_status rd_qdpx_set(rd_qdpx *p, const char *name, const char *description, size_t *idx,
                      rd_err *err);
rd_status rd_qdpx_member(rd_qdpx *p, size_t set, size_t src, rd_err *err);

/* The project (.qdpx zip) and the codebook (.qdc) at path. */
rd_status rd_qdpx_write(const rd_qdpx *p, const char *path, rd_err *err);
rd_status rd_qdpx_write_codebook(const rd_qdpx *p, const char *path, rd_err *err);

/* Helpers, public for the tests. */
/* The code points of s[0..n) (valid UTF-8: the bytes that do not continue a sequence). */
size_t rd_qdpx_codepoints(const char *s, size_t n);
/* A GUID for key[0..n) in out: SHA-256 of "rodedraad-qdpx-1", NUL, key; its first 16
 * bytes with the version nibble set to 5 and the RFC 4122 variant, written as lower-case
 * 8-4-4-4-12 hex (a name-based, version-5-style UUID; SHA-256 in place of SHA-1). */
void rd_qdpx_guid(const char *key, size_t n, char out[37]);

#endif
