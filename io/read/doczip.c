/* io/read/doczip.c — see doczip.h.
 *
 * libzip opens the bytes in memory read-only and without ZIP_CHECKCONS: that check rejects
 * archives whose local headers differ harmlessly from the central directory, which some
 * writers produce, while what matters for us, the CRC and the length of the one entry we
 * read, is verified while reading it (document.c refuses a stream longer than its
 * directory entry says, and libzip checks the CRC at its end). */
#include "io/read/doczip.h"

#include <stdlib.h>
#include <string.h>

#include "io/read/document.h"

enum {
    MIMETYPE_MAX = 256,     /* the ODT `mimetype` entry */
    MANIFEST_MAX = 1 << 20  /* META-INF/manifest.xml, read to spot encryption */
};

#define ODT_MIMETYPE "application/vnd.oasis.opendocument.text"

const char *rd__doczip_part(int kind)
{
    return kind == RD_DOCUMENT_WORD ? "word/document.xml" : "content.xml";
}

rd_status rd__doczip_fail(rd_err *err, int code, const char *what, const char *msg)
{
    if (code == ZIP_ER_MEMORY)
        return rd_fail(err, RD_ENOMEM, "reading the zip archive");
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
        return rd_fail(err, RD_EDATA, "%s is encrypted (a password-protected document)", what);
    if (code == ZIP_ER_COMPNOTSUPP)
        return rd_fail(err, RD_EDATA, "%s uses a compression method that cannot be read (%s)",
                       what, msg);
    return rd_fail(err, RD_EDATA, "damaged or truncated zip archive (%s: %s)", what, msg);
}

/* Reads a small entry whole: at most max bytes, checked against its directory entry. */
static rd_status read_small(zip_t *za, zip_int64_t idx, const char *name, size_t max, char *buf,
                            size_t *len, rd_err *err)
{
    rd_status rc = RD_OK;
    zip_file_t *zf = NULL;
    zip_stat_t zs;
    *len = 0;
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE)) {
        rc = rd__doczip_fail(err, zip_error_code_zip(zip_get_error(za)), name,
                             zip_error_strerror(zip_get_error(za)));
        goto done;
    }
    if (zs.size > max) {
        rc = rd_fail(err, RD_EDATA, "%s is %llu bytes, more than expected (at most %zu)", name,
                     (unsigned long long)zs.size, max);
        goto done;
    }
    if (!(zf = zip_fopen_index(za, (zip_uint64_t)idx, 0))) {
        rc = rd__doczip_fail(err, zip_error_code_zip(zip_get_error(za)), name,
                             zip_error_strerror(zip_get_error(za)));
        goto done;
    }
    size_t got = 0;
    for (;;) {
        zip_int64_t k = zip_fread(zf, buf + got, max + 1 - got);
        if (k < 0) {
            rc = rd__doczip_fail(err, zip_error_code_zip(zip_file_get_error(zf)), name,
                                 zip_error_strerror(zip_file_get_error(zf)));
            goto done;
        }
        if (k == 0)
            break;
        got += (size_t)k;
        if (got > max || got > zs.size)
            break;
    }
    if (got != zs.size) {
        rc = rd_fail(err, RD_EDATA, "damaged or truncated zip archive (%s: %zu bytes where the "
                     "directory says %llu)", name, got, (unsigned long long)zs.size);
        goto done;
    }
    *len = got;
done:
    if (zf)
        zip_fclose(zf);
    return rc;
}

static int has_prefix(const void *data, size_t n, const char *magic, size_t k)
{
    return n >= k && memcmp(data, magic, k) == 0;
}

rd_status rd__doczip_open(const void *data, size_t n, int kind, zip_t **out, rd_err *err)
{
    zip_error_t ze;
    zip_source_t *src;
    *out = NULL;
    if (n == 0)
        return rd_fail(err, RD_EDATA, "not a zip archive (the file is empty)");
    if (has_prefix(data, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return rd_fail(err, RD_EDATA, "not a zip archive (an OLE compound file: %s)",
                       kind == RD_DOCUMENT_WORD ? "a password-protected .docx or an old .doc?"
                                                : "a password-protected or old binary document?");
    zip_error_init(&ze);
    if (!(src = zip_source_buffer_create(data, n, 0, &ze))) {
        zip_error_fini(&ze);
        return rd_fail(err, RD_ENOMEM, "reading the zip archive");
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!za) {
        zip_source_free(src);
        int code = zip_error_code_zip(&ze);
        rd_status rc;
        int pk = has_prefix(data, n, "PK\x03\x04", 4) || has_prefix(data, n, "PK\x05\x06", 4) ||
                 has_prefix(data, n, "PK\x07\x08", 4);
        if (code == ZIP_ER_MEMORY)
            rc = rd_fail(err, RD_ENOMEM, "reading the zip archive");
        else if (code == ZIP_ER_NOZIP && !pk)
            rc = rd_fail(err, RD_EDATA, "not a zip archive");
        else if (code == ZIP_ER_NOZIP)
            rc = rd_fail(err, RD_EDATA, "damaged or truncated zip archive (its central directory "
                         "is missing: the file may be cut short)");
        else
            rc = rd_fail(err, RD_EDATA, "damaged or truncated zip archive (%s)",
                         zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    *out = za;
    return RD_OK;
}

static int contains(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == w[0] && memcmp(s + i, w, k) == 0)
            return 1;
    return 0;
}

/* ODT: `mimetype`, when present, names a text document; META-INF/manifest.xml does not
 * declare encrypted entries (LibreOffice's password protection encrypts inside the zip). */
static rd_status check_odt(zip_t *za, rd_err *err)
{
    rd_status rc = RD_OK;
    char *man = NULL;
    char mt[MIMETYPE_MAX + 1];
    size_t len;
    zip_int64_t idx = zip_name_locate(za, "mimetype", 0);
    if (idx >= 0) {
        if ((rc = read_small(za, idx, "mimetype", MIMETYPE_MAX, mt, &len, err)) != RD_OK)
            goto done;
        while (len && (mt[len - 1] == '\n' || mt[len - 1] == '\r' || mt[len - 1] == ' '))
            len--;
        mt[len] = '\0';
        if (strcmp(mt, ODT_MIMETYPE) != 0 && strcmp(mt, ODT_MIMETYPE "-template") != 0) {
            for (size_t i = 0; i < len; i++)
                if ((unsigned char)mt[i] < 0x20 || (unsigned char)mt[i] >= 0x7F)
                    mt[i] = '?';
            if (len > 100)
                strcpy(mt + 97, "...");
            rc = rd_fail(err, RD_EDATA, "not an OpenDocument text (mimetype %s)",
                         len ? mt : "is empty");
            goto done;
        }
    }
    idx = zip_name_locate(za, "META-INF/manifest.xml", 0);
    if (idx >= 0) {
        if (!(man = malloc(MANIFEST_MAX + 1))) {
            rc = rd_fail(err, RD_ENOMEM, "reading META-INF/manifest.xml");
            goto done;
        }
        /* An unreadable or oversized manifest is no reason to refuse the document. */
        rd_err ignored;
        if (read_small(za, idx, "META-INF/manifest.xml", MANIFEST_MAX, man, &len, &ignored) ==
                RD_OK &&
            contains(man, len, "encryption-data")) {
            rc = rd_fail(err, RD_EDATA,
                         "the document is password-protected (content.xml is encrypted)");
            goto done;
        }
    }
done:
    free(man);
    return rc;
}

/* Looks the part up (Word: case-insensitively when the exact name is not there); says so
 * when only the other kind's part is there: a renamed file. */
static rd_status locate(zip_t *za, int kind, zip_int64_t *idx, rd_err *err)
{
    const char *part = rd__doczip_part(kind);
    *idx = zip_name_locate(za, part, 0);
    if (*idx < 0 && kind == RD_DOCUMENT_WORD)
        *idx = zip_name_locate(za, part, ZIP_FL_NOCASE);
    if (*idx >= 0)
        return RD_OK;
    if (kind == RD_DOCUMENT_WORD)
        return rd_fail(err, RD_EDATA, "not a Word document (a zip without word/document.xml%s)",
                       zip_name_locate(za, "content.xml", 0) >= 0
                           ? "; it looks like an OpenDocument file" : "");
    return rd_fail(err, RD_EDATA, "not an OpenDocument text (a zip without content.xml%s)",
                   zip_name_locate(za, "word/document.xml", ZIP_FL_NOCASE) >= 0
                       ? "; it looks like a Word document" : "");
}

rd_status rd__doczip_main_part(zip_t *za, size_t n, int kind, zip_int64_t *idx,
                               zip_uint64_t *size, rd_err *err)
{
    rd_status rc;
    const char *part = rd__doczip_part(kind);
    zip_stat_t zs;
    *size = 0;
    if (kind == RD_DOCUMENT_ODT && (rc = check_odt(za, err)) != RD_OK)
        return rc;
    if ((rc = locate(za, kind, idx, err)) != RD_OK)
        return rc;
    if (zip_stat_index(za, (zip_uint64_t)*idx, 0, &zs) != 0 ||
        (zs.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) != (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE))
        return rd__doczip_fail(err, zip_error_code_zip(zip_get_error(za)), part,
                               zip_error_strerror(zip_get_error(za)));
    if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE)
        return rd_fail(err, RD_EDATA, "%s is encrypted (a password-protected document)", part);
    if (zs.size > RD_DOCUMENT_MAX_XML)
        return rd_fail(err, RD_EDATA, "%s is %llu bytes uncompressed, over the limit of %zu",
                       part, (unsigned long long)zs.size, (size_t)RD_DOCUMENT_MAX_XML);
    if (zs.comp_size > n)
        return rd_fail(err, RD_EDATA, "damaged or truncated zip archive (%s: %llu compressed "
                       "bytes in a file of %zu)", part, (unsigned long long)zs.comp_size, n);
    if (zs.size > (zip_uint64_t)RD_DOCUMENT_MAX_RATIO * zs.comp_size)
        return rd_fail(err, RD_EDATA, "%s expands %llu times, over the limit of %d (a zip bomb?)",
                       part, (unsigned long long)(zs.size / (zs.comp_size ? zs.comp_size : 1)),
                       RD_DOCUMENT_MAX_RATIO);
    *size = zs.size;
    return RD_OK;
}
