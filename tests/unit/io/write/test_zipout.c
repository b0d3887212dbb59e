/* tests/unit/io/write/test_zipout.c — the zip writer, checked by an independent reader:
 * Debian's python3 zipfile module, run as /usr/bin/python3. Checked: an archive with a raw
 * stored entry, a raw deflated entry (made with zlib's compress), an empty, a small and a
 * 3 MB streamed entry (written in pieces of odd sizes, crossing many chunk boundaries), an
 * entry of exactly two chunks: testzip() finds nothing, every entry's SHA-256 is that of
 * the bytes written, the local headers agree with the central directory (no flags, DOS
 * date 1980-01-01, no extra fields) at levels 0, 6 and 9, and the big entry is within 0.5 %
 * of zlib's one stream; threads 1, 2 and 4 give byte-identical files at levels 6, 1, 0 and
 * -1 (and 3 at level 6); a full disk (/dev/full) is RD_EIO "/dev/full: No space left on
 * device" with nothing on stderr, at whichever call meets it; calls in the wrong order and
 * bad arguments are RD_EINVAL, and sticky; the 65,535 entries limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "io/write/zipout.h"
#include "tests/unit/tmpdir.h"

#define PY "/usr/bin/python3"
#define BIG (3u * 1000u * 1000u + 4321u)

/* Prints what zipfile sees:
 *   T ok | T <first bad entry>          testzip()
 *   E <name> <method> <flag_bits> <date_time> <extract_version> <create_version>
 *     <create_system> <external_attr> <extra bytes> <comment bytes> <file_size>
 *     <compress_size> <L: local header agrees | badlocal> <sha256 of the content>
 *   C <archive comment bytes>
 * With a second argument "count": only N <number of entries>. */
static const char script[] =
    "import sys, zipfile, hashlib, struct\n"
    "raw = open(sys.argv[1], 'rb').read()\n"
    "z = zipfile.ZipFile(sys.argv[1])\n"
    "if len(sys.argv) > 2:\n"
    "    print('N', len(z.infolist()))\n"
    "    sys.exit(0)\n"
    "bad = z.testzip()\n"
    "print('T', 'ok' if bad is None else bad)\n"
    "for i in z.infolist():\n"
    "    o = i.header_offset\n"
    "    sig, ver, flag, meth, tm, dt, crc, cs, us, nl, el = "
    "struct.unpack('<IHHHHHIIIHH', raw[o:o + 30])\n"
    "    ok = (sig == 0x04034b50 and ver == 20 and flag == 0 and meth == i.compress_type\n"
    "          and tm == 0 and dt == 0x21 and crc == i.CRC and cs == i.compress_size\n"
    "          and us == i.file_size and el == 0\n"
    "          and raw[o + 30:o + 30 + nl] == i.filename.encode('ascii'))\n"
    "    print('E', i.filename, i.compress_type, i.flag_bits,\n"
    "          '%d-%d-%d-%d-%d-%d' % i.date_time, i.extract_version, i.create_version,\n"
    "          i.create_system, i.external_attr, len(i.extra), len(i.comment),\n"
    "          i.file_size, i.compress_size, 'L' if ok else 'badlocal',\n"
    "          hashlib.sha256(z.read(i)).hexdigest())\n"
    "print('C', len(z.comment))\n";

/* ---- the data ---- */

static uint64_t rng_state;

static uint32_t rnd(void)
{
    uint64_t x = rng_state; /* xorshift64* */
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return (uint32_t)((x * 0x2545F4914F6CDD1DULL) >> 32);
}

/* n bytes of sheet-like XML: pseudo-random but compressible text, the same every call. */
static unsigned char *make_text(size_t n)
{
    static const char *words[] = {"huur", "woning", "buren", "gemeente", "wachtlijst",
                                  "onderhoud", "lift", "trap", "verwarming", "schimmel"};
    unsigned char *b = malloc(n);
    size_t k = 0;
    unsigned row = 1;
    assert_non_null(b);
    rng_state = 0x9E3779B97F4A7C15ULL;
    while (k < n) {
        char line[256];
        int m = snprintf(line, sizeof line,
                         "<row r=\"%u\"><c r=\"A%u\" s=\"2\"><v>0.%04u</v></c><c r=\"B%u\" "
                         "t=\"inlineStr\"><is><t>%s %s</t></is></c></row>\n",
                         row, row, rnd() % 10000, row, words[rnd() % 10], words[rnd() % 10]);
        for (int i = 0; i < m && k < n; i++)
            b[k++] = (unsigned char)line[i];
        row++;
    }
    return b;
}

static void sha256_hex(const void *p, size_t n, char hex[65])
{
    unsigned char md[32];
    unsigned len = 0;
    assert_int_equal(EVP_Digest(p, n, md, &len, EVP_sha256(), NULL), 1);
    assert_int_equal(len, 32);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

static const char stored_text[] = "opgeslagen zoals het is\n";
static const char small_text[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst count=\"0\"/>";

/* The odd piece sizes the big entry is written in, in turn (0 included). */
static const size_t pieces[] = {1, 7, 300000, 0, 13, 262143, 262144, 262145, 65536, 31,
                                1000003, 32767, 32769, 2};

/* The test archive: stored.txt (raw, stored), xl/deflated.xml (raw, deflated with
 * compress), empty.xml, small.xml, xl/worksheets/sheet1.xml (BIG bytes in pieces),
 * exact.xml (2 chunks in one write). */
static void write_archive(const char *path, int level, int threads, const unsigned char *big)
{
    rd_err err = {RD_OK, ""};
    rd_zipout *z = NULL;
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(rd_zipout_new(f, path, level, threads, &err, &z), RD_OK);
    assert_non_null(z);

    uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)stored_text, sizeof stored_text - 1);
    assert_int_equal(rd_zipout_raw(z, "stored.txt", 0, crc, sizeof stored_text - 1,
                                   sizeof stored_text - 1, stored_text),
                     RD_OK);

    /* compress gives a zlib stream: 2 bytes of header, raw deflate, 4 of Adler-32 */
    uLong ulen = 100000, clen = compressBound(ulen);
    unsigned char *c = malloc(clen);
    assert_non_null(c);
    assert_int_equal(compress(c, &clen, big, ulen), Z_OK);
    assert_true(clen > 6);
    crc = (uint32_t)crc32(0L, big, (uInt)ulen);
    assert_int_equal(rd_zipout_raw(z, "xl/deflated.xml", 8, crc, clen - 6, ulen, c + 2),
                     RD_OK);
    free(c);

    assert_int_equal(rd_zipout_begin(z, "empty.xml"), RD_OK);
    assert_int_equal(rd_zipout_write(z, NULL, 0), RD_OK);
    assert_int_equal(rd_zipout_end(z), RD_OK);

    assert_int_equal(rd_zipout_begin(z, "small.xml"), RD_OK);
    assert_int_equal(rd_zipout_write(z, small_text, sizeof small_text - 1), RD_OK);
    assert_int_equal(rd_zipout_end(z), RD_OK);

    assert_int_equal(rd_zipout_begin(z, "xl/worksheets/sheet1.xml"), RD_OK);
    for (size_t k = 0, i = 0; k < BIG; i++) {
        size_t n = pieces[i % (sizeof pieces / sizeof *pieces)];
        if (n > BIG - k)
            n = BIG - k;
        assert_int_equal(rd_zipout_write(z, big + k, n), RD_OK);
        k += n;
    }
    assert_int_equal(rd_zipout_end(z), RD_OK);

    assert_int_equal(rd_zipout_begin(z, "exact.xml"), RD_OK);
    assert_int_equal(rd_zipout_write(z, big + 17, 2 * RD_ZIPOUT_CHUNK), RD_OK);
    assert_int_equal(rd_zipout_end(z), RD_OK);

    assert_int_equal(rd_zipout_finish(z), RD_OK);
    rd_zipout_free(z);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(err.code, RD_OK);
}

static void need_python(void)
{
    if (access(PY, X_OK) != 0)
        fail_msg("%s is needed to read the archive back: apt-get install python3", PY);
}

/* Runs the script on path (args: extra arguments); its output into out (cap bytes). */
static void run_script(const char *path, const char *args, char *out, size_t cap)
{
    char cmd[2 * PATH_MAX], *py = tmpdir_at("check.py");
    need_python();
    FILE *s = fopen(py, "w");
    assert_non_null(s);
    fputs(script, s);
    assert_int_equal(fclose(s), 0);
    assert_true(snprintf(cmd, sizeof cmd, "%s '%s' '%s' %s", PY, py, path, args) <
                (int)sizeof cmd);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    assert_int_equal(pclose(p), 0);
}

/* The E line python should print for an entry of these bytes; returns its compressed
 * size. */
static size_t expect_entry(const char *got, const char *name, int method, const void *p,
                           size_t n)
{
    size_t csize = 0;
    char hex[65], want[512];
    sha256_hex(p, n, hex);
    snprintf(want, sizeof want, "E %s %d 0 1980-1-1-0-0-0 20 20 0 0 0 0 %zu ", name, method,
             n);
    const char *line = strstr(got, want);
    if (!line)
        fail_msg("no entry line starting \"%s\" in:\n%s", want, got);
    const char *eol = strchr(line, '\n');
    assert_non_null(eol);
    char tail[100];
    snprintf(tail, sizeof tail, " L %s", hex);
    if ((size_t)(eol - line) < strlen(tail) ||
        strncmp(eol - strlen(tail), tail, strlen(tail)) != 0)
        fail_msg("entry %s: expected \"...%s\", got: %.*s", name, tail, (int)(eol - line),
                 line);
    assert_int_equal(sscanf(line + strlen(want), "%zu", &csize), 1);
    return csize;
}

/* The size of data deflated as one raw stream, as zlib does it alone. */
static size_t one_stream(const unsigned char *p, size_t n, int level)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    assert_int_equal(deflateInit2(&s, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&s, n);
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    s.next_in = (unsigned char *)p;
    s.avail_in = (uInt)n;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
    size_t got = s.total_out;
    deflateEnd(&s);
    free(out);
    return got;
}

/* level: the streamed entries' level; the big entry's size must be within 0.5 % of zlib's
 * one stream (primed chunks: 12 chunks without their dictionaries cost 1 % at level 6). */
static void check_archive(const char *path, const unsigned char *big, int level)
{
    static char got[8192];
    run_script(path, "", got, sizeof got);
    if (strncmp(got, "T ok\n", 5) != 0)
        fail_msg("testzip: %s", got);
    expect_entry(got, "stored.txt", 0, stored_text, sizeof stored_text - 1);
    expect_entry(got, "xl/deflated.xml", 8, big, 100000);
    expect_entry(got, "empty.xml", 8, "", 0);
    expect_entry(got, "small.xml", 8, small_text, sizeof small_text - 1);
    size_t csize = expect_entry(got, "xl/worksheets/sheet1.xml", 8, big, BIG);
    size_t one = one_stream(big, BIG, level);
    if (csize > one + one / 200)
        fail_msg("level %d: %zu bytes deflated in chunks, %zu in one stream", level, csize, one);
    expect_entry(got, "exact.xml", 8, big + 17, 2 * RD_ZIPOUT_CHUNK);
    /* in the order written, nothing else */
    const char *order[] = {"stored.txt", "xl/deflated.xml", "empty.xml", "small.xml",
                           "xl/worksheets/sheet1.xml", "exact.xml"};
    const char *at = got;
    for (size_t i = 0; i < 6; i++) {
        char key[64];
        snprintf(key, sizeof key, "\nE %s ", order[i]);
        const char *next = strstr(at, key);
        if (!next)
            fail_msg("entry %s missing or out of order:\n%s", order[i], got);
        at = next + 1;
    }
    assert_non_null(strstr(got, "\nC 0\n"));
    size_t lines = 0;
    for (const char *q = got; *q; q++)
        lines += *q == '\n';
    assert_int_equal(lines, 8);
}

static void test_read_back(void **state)
{
    (void)state;
    unsigned char *big = make_text(BIG);
    const char *path = tmpdir_at("read_back.zip");
    write_archive(path, 6, 2, big);
    check_archive(path, big, 6);
    /* stored deflate blocks, and the best compression, read back too */
    write_archive(path, 0, 3, big);
    check_archive(path, big, 0);
    write_archive(path, 9, 1, big);
    check_archive(path, big, 9);
    unlink(path);
    free(big);
}

/* The same calls give the same bytes whatever the thread count. */
static void test_threads_identical(void **state)
{
    (void)state;
    unsigned char *big = make_text(BIG);
    const int levels[] = {6, 1, 0, -1};
    const int threads[] = {1, 2, 4, 3};
    for (size_t l = 0; l < sizeof levels / sizeof *levels; l++) {
        unsigned char *first = NULL;
        size_t n_first = 0;
        for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
            if (levels[l] != 6 && threads[t] == 3)
                continue; /* 1, 2, 4 at every level; 3 at level 6 */
            char name[64];
            snprintf(name, sizeof name, "l%d-t%d.zip", levels[l], threads[t]);
            const char *path = tmpdir_at(name);
            size_t n;
            write_archive(path, levels[l], threads[t], big);
            unsigned char *b = (unsigned char *)tmpdir_slurp_n(path, &n);
            assert_non_null(b);
            if (!first) {
                first = b;
                n_first = n;
            } else {
                if (n != n_first || memcmp(b, first, n) != 0)
                    fail_msg("level %d: threads %d gives %zu bytes, threads 1 %zu, or they "
                             "differ", levels[l], threads[t], n, n_first);
                free(b);
            }
            unlink(path);
        }
        free(first);
    }
    free(big);
}

/* ---- a full disk ---- */

/* Runs the calls of `how` on /dev/full with stderr captured: the first call that fails
 * gives RD_EIO "/dev/full: No space left on device", every call after it the same status
 * with the message untouched, and nothing is printed.
 * how: 'r' a small raw entry, 's' a small streamed entry, 'b' a 3 MB streamed entry. */
static void full_disk(char how, int threads, const unsigned char *big)
{
    rd_err err = {RD_OK, ""};
    rd_zipout *z = NULL;
    char want[128], *errpath = tmpdir_at("stderr");
    FILE *f = fopen("/dev/full", "wb");
    assert_non_null(f);
    fflush(stderr);
    int saved = dup(STDERR_FILENO), fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    assert_true(dup2(fd, STDERR_FILENO) >= 0);
    close(fd);

    rd_status rc[8];
    size_t n = 0;
    assert_int_equal(rd_zipout_new(f, "/dev/full", 6, threads, &err, &z), RD_OK);
    if (how == 'r') {
        rc[n++] = rd_zipout_raw(z, "a.txt", 0, (uint32_t)crc32(0L, (const Bytef *)"abc", 3),
                                3, 3, "abc");
    } else {
        rc[n++] = rd_zipout_begin(z, "a.xml");
        if (how == 's')
            rc[n++] = rd_zipout_write(z, small_text, sizeof small_text - 1);
        else
            for (size_t k = 0; k < BIG; k += 300000)
                if ((rc[n] = rd_zipout_write(z, big + k, BIG - k < 300000 ? BIG - k : 300000)) !=
                    RD_OK) {
                    n++;
                    break;
                }
        rc[n++] = rd_zipout_end(z);
    }
    rc[n++] = rd_zipout_finish(z);
    rc[n++] = rd_zipout_begin(z, "later.xml"); /* sticky */
    rd_zipout_free(z);
    fclose(f);

    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    size_t n_printed;
    char *printed = tmpdir_slurp_n(errpath, &n_printed);
    assert_non_null(printed);
    if (n_printed)
        fail_msg("printed on stderr: %s", printed);
    free(printed);
    unlink(errpath);

    size_t first = 0;
    while (first < n && rc[first] == RD_OK)
        first++;
    assert_true(first < n);
    for (size_t i = first; i < n; i++)
        assert_int_equal(rc[i], RD_EIO);
    assert_int_equal(err.code, RD_EIO);
    snprintf(want, sizeof want, "/dev/full: %s", strerror(ENOSPC));
    assert_string_equal(err.msg, want);
    assert_non_null(strstr(err.msg, "No space left on device"));
}

static void test_full_disk(void **state)
{
    (void)state;
    if (access("/dev/full", W_OK) != 0)
        skip();
    unsigned char *big = make_text(BIG);
    full_disk('r', 1, big); /* fails at the flush in rd_zipout_finish */
    full_disk('s', 2, big); /* at the seek back to the header in rd_zipout_end */
    full_disk('b', 1, big); /* at a chunk's write in rd_zipout_write */
    full_disk('b', 4, big);
    free(big);
}

/* ---- wrong order, bad arguments ---- */

typedef struct {
    FILE *f;
    rd_zipout *z;
    rd_err err;
} fresh;

static void open_fresh(fresh *x)
{
    memset(x, 0, sizeof *x);
    x->f = fopen(tmpdir_at("order.zip"), "wb");
    assert_non_null(x->f);
    assert_int_equal(rd_zipout_new(x->f, "order.zip", 6, 2, &x->err, &x->z), RD_OK);
}

/* rc is RD_EINVAL with a message holding want; later calls return it too, doing nothing
 * and leaving the message. */
static void close_fresh(fresh *x, rd_status rc, const char *want)
{
    char msg[sizeof x->err.msg];
    assert_int_equal(rc, RD_EINVAL);
    assert_int_equal(x->err.code, RD_EINVAL);
    if (!strstr(x->err.msg, want))
        fail_msg("message \"%s\" lacks \"%s\"", x->err.msg, want);
    memcpy(msg, x->err.msg, sizeof msg);
    assert_int_equal(rd_zipout_raw(x->z, "x", 0, 0, 0, 0, NULL), RD_EINVAL);
    assert_int_equal(rd_zipout_begin(x->z, "y"), RD_EINVAL);
    assert_int_equal(rd_zipout_write(x->z, "z", 1), RD_EINVAL);
    assert_int_equal(rd_zipout_end(x->z), RD_EINVAL);
    assert_int_equal(rd_zipout_finish(x->z), RD_EINVAL);
    assert_string_equal(x->err.msg, msg);
    rd_zipout_free(x->z);
    fclose(x->f);
}

static void test_wrong_order(void **state)
{
    (void)state;
    fresh x;

    open_fresh(&x);
    close_fresh(&x, rd_zipout_write(x.z, "abc", 3), "order.zip: rd_zipout_write without");

    open_fresh(&x);
    close_fresh(&x, rd_zipout_end(x.z), "rd_zipout_end without");

    open_fresh(&x);
    assert_int_equal(rd_zipout_begin(x.z, "a.xml"), RD_OK);
    assert_int_equal(rd_zipout_write(x.z, "abc", 3), RD_OK);
    close_fresh(&x, rd_zipout_raw(x.z, "b", 0, 0, 0, 0, NULL),
                "rd_zipout_raw while entry a.xml is open");

    open_fresh(&x);
    assert_int_equal(rd_zipout_begin(x.z, "a.xml"), RD_OK);
    close_fresh(&x, rd_zipout_begin(x.z, "b.xml"), "rd_zipout_begin while entry a.xml is open");

    open_fresh(&x);
    assert_int_equal(rd_zipout_begin(x.z, "a.xml"), RD_OK);
    close_fresh(&x, rd_zipout_finish(x.z), "rd_zipout_finish while entry a.xml is open");

    open_fresh(&x);
    assert_int_equal(rd_zipout_finish(x.z), RD_OK);
    close_fresh(&x, rd_zipout_begin(x.z, "a.xml"), "rd_zipout_begin after rd_zipout_finish");

    open_fresh(&x);
    assert_int_equal(rd_zipout_finish(x.z), RD_OK);
    close_fresh(&x, rd_zipout_finish(x.z), "rd_zipout_finish after rd_zipout_finish");

    assert_int_equal(rd_zipout_write(NULL, "a", 1), RD_EINVAL);
    assert_int_equal(rd_zipout_finish(NULL), RD_EINVAL);
    rd_zipout_free(NULL);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    fresh x;
    rd_err err = {RD_OK, ""};
    rd_zipout *z = (rd_zipout *)&err; /* must come back NULL */
    FILE *f = fopen(tmpdir_at("args.zip"), "wb");
    assert_non_null(f);
    assert_int_equal(rd_zipout_new(f, "args.zip", 6, 0, &err, &z), RD_EINVAL);
    assert_null(z);
    assert_string_equal(err.msg, "args.zip: 0 threads to deflate, at least 1 is needed");
    z = (rd_zipout *)&err;
    assert_int_equal(rd_zipout_new(f, "args.zip", 10, 1, &err, &z), RD_EINVAL);
    assert_null(z);
    assert_string_equal(err.msg, "args.zip: compression level 10, not -1 or 0 to 9");
    assert_int_equal(rd_zipout_new(f, "args.zip", -2, 1, &err, &z), RD_EINVAL);
    assert_int_equal(rd_zipout_new(NULL, "args.zip", 6, 1, &err, &z), RD_EINVAL);
    assert_int_equal(rd_zipout_new(f, NULL, 6, 1, &err, &z), RD_EINVAL);
    assert_int_equal(rd_zipout_new(f, "args.zip", 6, 1, NULL, NULL), RD_EINVAL);
    fclose(f);

    open_fresh(&x);
    close_fresh(&x, rd_zipout_begin(x.z, ""), "order.zip: a zip entry needs a name");
    open_fresh(&x);
    close_fresh(&x, rd_zipout_raw(x.z, NULL, 0, 0, 0, 0, NULL), "a zip entry needs a name");

    char *name = malloc(65537);
    assert_non_null(name);
    memset(name, 'n', 65536);
    name[65536] = '\0';
    open_fresh(&x);
    close_fresh(&x, rd_zipout_begin(x.z, name),
                "an entry name of 65536 bytes, more than the 65535 a zip holds");
    open_fresh(&x); /* 65535 is fine */
    name[65535] = '\0';
    assert_int_equal(rd_zipout_begin(x.z, name), RD_OK);
    assert_int_equal(rd_zipout_end(x.z), RD_OK);
    assert_int_equal(rd_zipout_finish(x.z), RD_OK);
    rd_zipout_free(x.z);
    fclose(x.f);
    free(name);

    open_fresh(&x);
    close_fresh(&x, rd_zipout_raw(x.z, "a", 12, 0, 3, 3, "abc"),
                "entry a: compression method 12, not 0 (stored) or 8 (deflated)");
    open_fresh(&x);
    close_fresh(&x, rd_zipout_raw(x.z, "a", 0, 0, 3, 4, "abc"),
                "entry a is stored but has 3 bytes for 4");
    open_fresh(&x);
    close_fresh(&x, rd_zipout_raw(x.z, "a", 8, 0, 3, 4, NULL), "entry a: no data");
    open_fresh(&x);
    close_fresh(&x, rd_zipout_raw(x.z, "big.xml", 8, 0, 100, 0x100000000ULL, "x"),
                "order.zip: entry big.xml is larger than 4 GiB, more than a zip without "
                "Zip64 holds");
    open_fresh(&x);
    assert_int_equal(rd_zipout_begin(x.z, "big.xml"), RD_OK);
    assert_int_equal(rd_zipout_write(x.z, "abc", 3), RD_OK);
    /* refused before a byte is read: the 4 GiB are never touched */
    close_fresh(&x, rd_zipout_write(x.z, "abc", (size_t)0xFFFFFFFFu - 2),
                "entry big.xml is larger than 4 GiB, more than a zip without Zip64 holds");
}

/* 65,535 entries are fine (python reads them back), the 65,536th is refused. */
static void test_entry_limit(void **state)
{
    (void)state;
    rd_err err = {RD_OK, ""};
    char name[32], got[64];
    const char *path = tmpdir_at("many.zip");
    for (int extra = 0; extra < 2; extra++) {
        rd_zipout *z = NULL;
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(rd_zipout_new(f, path, 6, 1, &err, &z), RD_OK);
        for (unsigned i = 0; i < 65535; i++) {
            snprintf(name, sizeof name, "e%05u", i);
            assert_int_equal(rd_zipout_raw(z, name, 0, 0, 0, 0, NULL), RD_OK);
        }
        if (extra) {
            assert_int_equal(rd_zipout_raw(z, "one-too-many", 0, 0, 0, 0, NULL), RD_EINVAL);
            assert_non_null(strstr(err.msg, "entry one-too-many would be the 65536th, more "
                                            "than a zip without Zip64 holds"));
        } else {
            assert_int_equal(rd_zipout_finish(z), RD_OK);
        }
        rd_zipout_free(z);
        assert_int_equal(fclose(f), 0);
        if (!extra) {
            run_script(path, "count", got, sizeof got);
            assert_string_equal(got, "N 65535\n");
        }
    }
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_back),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_full_disk),
        cmocka_unit_test(test_wrong_order),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_entry_limit),
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
