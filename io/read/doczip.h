/* io/read/doczip.h — the zip container of Word and OpenDocument files: internal to
 * io/read's document reader (document.c; see docmodel.h for how the reader is cut).
 *
 * It opens the bytes in memory and finds the main part, checked before a byte of it is
 * read: present (word/document.xml, case-insensitively as OPC part names are; or
 * content.xml), not encrypted, at most RD_DOCUMENT_MAX_XML bytes uncompressed, no larger
 * compressed than the file, and expanding at most RD_DOCUMENT_MAX_RATIO times (zip bombs).
 * An ODT's `mimetype`, when present, must name a text document, and its
 * META-INF/manifest.xml must not declare encrypted entries (LibreOffice's password
 * protection). Reading the part itself is the caller's (it streams it into the parser).
 * Messages leave out the path, which the reader's caller adds. */
#ifndef RD_DOCZIP_H
#define RD_DOCZIP_H

#include <stddef.h>

#include <zip.h>

#include "engine/status.h"

/* The main part of a document of kind RD_DOCUMENT_WORD or RD_DOCUMENT_ODT. */
const char *rd__doczip_part(int kind);

/* Opens data[0..n) (borrowed: it must outlive *out) as a zip archive into *out, released
 * with zip_discard. RD_EDATA "not a zip archive (…)" / "damaged or truncated zip archive
 * (…)", or RD_ENOMEM; *out is then NULL. kind words the message for an OLE file. */
rd_status rd__doczip_open(const void *data, size_t n, int kind, zip_t **out, rd_err *err);

/* Finds and checks the main part of kind in za, an archive of n bytes: its index and
 * uncompressed size by the directory in *idx and *size. RD_EDATA saying why not. */
rd_status rd__doczip_main_part(zip_t *za, size_t n, int kind, zip_int64_t *idx,
                               zip_uint64_t *size, rd_err *err);

/* The status and message for libzip error code while reading entry `what` (msg: libzip's
 * words for it): RD_ENOMEM, or RD_EDATA for encryption, an unknown compression method or
 * damage. */
rd_status rd__doczip_fail(rd_err *err, int code, const char *what, const char *msg);

#endif
