/* io/read/pdf.h — the text layer of a PDF, through poppler's pdftotext in a child process.
 *
 * Why a child process and not libpoppler in ours: a PDF parser is a large attack surface
 * (poppler has had many crash and memory bugs on crafted files) and a transcript folder is
 * input from anywhere. In a child, a crash, a hang or a memory blow-up in the parser costs
 * that one file, never rodedraad's process, its other threads or its staged output. The
 * child gets the PDF's bytes on standard input from an anonymous in-memory file (it never
 * sees the path, nor any other file descriptor of ours), writes UTF-8 text to a pipe, and
 * runs under limits: address space (RLIMIT_AS), CPU seconds (RLIMIT_CPU), no core file, no
 * file writes (RLIMIT_FSIZE 0), killed when its parent thread dies (PR_SET_PDEATHSIG), and
 * killed (SIGKILL) when it overruns the wall-clock timeout or its text the size limit.
 *
 * The text: `pdftotext -enc UTF-8 -eol unix - -` (poppler's reading order: paragraphs as
 * the PDF lays them out, one text line per line, a blank line between blocks), pages in
 * order. The form feed pdftotext puts after each page is dropped, so line N of the result
 * is line N of what `pdftotext -enc UTF-8 -eol unix FILE -` prints; NUL and the other
 * control characters but tab and newline become spaces. The result then goes through the
 * text transcript reader (io/read/text.h) like a .txt file. */
#ifndef RD_PDF_H
#define RD_PDF_H

#include <stddef.h>

#include "engine/status.h"

#define RD_PDF_TIMEOUT_S 60u                   /* wall-clock seconds per PDF */
#define RD_PDF_MEM_BYTES ((size_t)1 << 30)     /* the child's address space: 1 GiB */

typedef struct {
    const char *tool;   /* NULL: "pdftotext", looked up on PATH */
    unsigned timeout_s; /* 0: RD_PDF_TIMEOUT_S; also the child's CPU-second limit */
    size_t mem_bytes;   /* 0: RD_PDF_MEM_BYTES */
    size_t max_text;    /* 0: no limit of ours; else more text than this stops the child */
} rd_pdf_opts;

/* Extracts the text layer of the PDF data[0..n) into *out (malloc'd, NUL-terminated, valid
 * UTF-8; the caller frees it), *out_n its length. o may be NULL (the defaults). On failure
 * *out is NULL and err says why, without a path (the caller puts the file name in front):
 *   RD_EDATA     "not a PDF file (no %PDF- header in its first 1024 bytes)",
 *                "no text layer (a scanned PDF?): run OCR first …",
 *                "damaged PDF: pdftotext could not read it (…)", "password-protected PDF …",
 *                "pdftotext took longer than N s on this PDF (stopped)", its memory or
 *                text limit, "pdftotext crashed on this PDF (signal N)"
 *   RD_ENOINPUT  pdftotext cannot be found or run ("… install poppler-utils")
 *   RD_EIO       a pipe, the in-memory file or the child could not be made
 *   RD_ENOMEM    out of memory */
rd_status rd_pdf_text(const char *data, size_t n, const rd_pdf_opts *o, char **out,
                      size_t *out_n, rd_err *err);

#endif
