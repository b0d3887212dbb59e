/* tests/unit/io/test_export_json.c — the manifest checksums (SHA-256 against published
 * vectors and against sha256sum, independent of the thread count, first failure in path
 * order) and model.json (every field and type read back with jansson, byte-identical
 * rewrites, write and UTF-8 errors, every jansson allocation failing in turn). Files go to a fresh folder under TMPDIR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "engine/rng.h"
#include "io/write/json.h"
#include "io/write/manifest.h"
#include "engine/table.h"

static char dir[256];

static void path_of(char *out, size_t cap, const char *name)
{
    int n = snprintf(out, cap, "%s/%s", dir, name);
    assert_true(n > 0 && (size_t)n < cap);
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* Whole file, malloc'ed and NUL-terminated; *n its length. */
static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long len = ftell(f);
    assert_true(len >= 0);
    rewind(f);
    char *buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    buf[len] = '\0';
    fclose(f);
    *n = (size_t)len;
    return buf;
}

/* The digest coreutils' sha256sum prints for path. */
static void sha256sum(const char *path, char out[65])
{
    char cmd[512], line[256];
    snprintf(cmd, sizeof cmd, "sha256sum '%s'", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    assert_non_null(fgets(line, sizeof line, p));
    assert_int_equal(pclose(p), 0);
    memcpy(out, line, 64);
    out[64] = '\0';
}

/* n pseudo-random bytes (fixed seed). */
static unsigned char *random_bytes(size_t n, uint64_t seed)
{
    rd_rng r;
    rd_rng_seed(&r, seed);
    unsigned char *b = malloc(n ? n : 1);
    assert_non_null(b);
    for (size_t i = 0; i < n; i++)
        b[i] = (unsigned char)(rd_rng_next(&r) >> 56);
    return b;
}

static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/rd_json_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- SHA-256 ------------------------------------------------------------------------ */

static void test_sha256_vectors(void **state)
{
    (void)state;
    char empty[300], abc[300];
    path_of(empty, sizeof empty, "empty.txt");
    path_of(abc, sizeof abc, "abc.txt");
    write_bytes(empty, "", 0);
    write_bytes(abc, "abc", 3);
    const char *paths[] = {empty, abc};
    rd_manifest m = {0};
    rd_err err = {0};
    assert_int_equal(rd_manifest_hash_inputs(&m, paths, 2, 1, &err), RD_OK);
    assert_int_equal(m.n_inputs, 2);
    /* FIPS 180-2 appendix B.1 ("abc") and the digest of the empty message */
    assert_string_equal(m.inputs[0].path, empty);
    assert_int_equal(m.inputs[0].bytes, 0);
    assert_string_equal(m.inputs[0].sha256,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_string_equal(m.inputs[1].path, abc);
    assert_int_equal(m.inputs[1].bytes, 3);
    assert_string_equal(m.inputs[1].sha256,
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    rd_manifest_free_inputs(&m);
    assert_null(m.inputs);
    assert_int_equal(m.n_inputs, 0);
    rd_manifest_free_inputs(&m); /* safe to repeat */
    rd_manifest_free_inputs(NULL);

    /* no files: nothing allocated */
    assert_int_equal(rd_manifest_hash_inputs(&m, NULL, 0, 4, &err), RD_OK);
    assert_null(m.inputs);
    assert_int_equal(m.n_inputs, 0);
}

static void test_sha256_one_mib_like_sha256sum(void **state)
{
    (void)state;
    char path[300], want[65];
    const size_t n = (size_t)1 << 20;
    unsigned char *data = random_bytes(n, 1);
    path_of(path, sizeof path, "big.bin");
    write_bytes(path, data, n);
    free(data);
    sha256sum(path, want);
    const char *paths[] = {path};
    rd_manifest m = {0};
    rd_err err = {0};
    assert_int_equal(rd_manifest_hash_inputs(&m, paths, 1, 2, &err), RD_OK);
    assert_int_equal(m.inputs[0].bytes, n);
    assert_string_equal(m.inputs[0].sha256, want);
    rd_manifest_free_inputs(&m);
}

/* Sizes around the 64 KiB read size, hashed with 1, 2 and 5 threads. */
static void test_sha256_threads_same_order(void **state)
{
    (void)state;
    static const size_t sizes[] = {65537, 0, 1, 65535, 65536, 200003, 3, 131072};
    enum { N = sizeof sizes / sizeof *sizes };
    char names[N][300];
    const char *paths[N];
    for (size_t i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "multi_%02zu.bin", i);
        path_of(names[i], sizeof names[i], name);
        unsigned char *data = random_bytes(sizes[i], 100 + i);
        write_bytes(names[i], data, sizes[i]);
        free(data);
        paths[i] = names[i];
    }
    rd_manifest one = {0}, more = {0};
    rd_err err = {0};
    assert_int_equal(rd_manifest_hash_inputs(&one, paths, N, 1, &err), RD_OK);
    assert_int_equal(one.n_inputs, N);
    for (size_t i = 0; i < N; i++) {
        char want[65];
        sha256sum(paths[i], want);
        assert_string_equal(one.inputs[i].path, paths[i]);
        assert_int_equal(one.inputs[i].bytes, sizes[i]);
        assert_string_equal(one.inputs[i].sha256, want);
    }
    const int threads[] = {2, 5, 0};
    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
        assert_int_equal(rd_manifest_hash_inputs(&more, paths, N, threads[t], &err), RD_OK);
        assert_int_equal(more.n_inputs, N);
        for (size_t i = 0; i < N; i++) {
            assert_string_equal(more.inputs[i].path, one.inputs[i].path);
            assert_int_equal(more.inputs[i].bytes, one.inputs[i].bytes);
            assert_string_equal(more.inputs[i].sha256, one.inputs[i].sha256);
        }
        rd_manifest_free_inputs(&more);
    }
    rd_manifest_free_inputs(&one);
}

/* The first unreadable file in path order is reported, whatever the thread count. */
static void test_sha256_missing_file(void **state)
{
    (void)state;
    char a[300], miss1[300], miss2[300], sub[300], z[300];
    path_of(a, sizeof a, "m_a.txt");
    path_of(miss1, sizeof miss1, "m_b_missing.txt");
    path_of(sub, sizeof sub, "m_c_folder");
    path_of(miss2, sizeof miss2, "m_d_missing.txt");
    path_of(z, sizeof z, "m_z.txt");
    write_bytes(a, "a", 1);
    write_bytes(z, "z", 1);
    assert_int_equal(mkdir(sub, 0700), 0);
    for (int threads = 1; threads <= 3; threads++) {
        const char *paths[] = {a, miss1, sub, miss2, z};
        rd_manifest_input dummy = {0};
        rd_manifest m = {.inputs = &dummy, .n_inputs = 1};
        rd_err err = {0};
        assert_int_equal(rd_manifest_hash_inputs(&m, paths, 5, threads, &err), RD_EIO);
        assert_int_equal(err.code, RD_EIO);
        assert_null(m.inputs);
        assert_int_equal(m.n_inputs, 0);
        char want[600];
        snprintf(want, sizeof want, "%s: cannot read for the manifest checksum: %s", miss1,
                 strerror(ENOENT));
        assert_string_equal(err.msg, want);

        /* a folder opens but cannot be read */
        const char *paths2[] = {a, sub, miss2};
        assert_int_equal(rd_manifest_hash_inputs(&m, paths2, 3, threads, &err), RD_EIO);
        assert_null(m.inputs);
        snprintf(want, sizeof want, "%s: cannot read for the manifest checksum: %s", sub,
                 strerror(EISDIR));
        assert_string_equal(err.msg, want);
    }
}

/* ---- model.json ------------------------------------------------------------------------ */

/* Dutch diacritics, typographic quotes and a dash, in the source's UTF-8 */
#define TEXT_NL "Zorg & vertrouwen — één ‘cliënt’: geïnteresseerd, reëel, naïef, Curaçao"
#define TEXT_QUOTES "zei \"nee\",\nen toen\r\n\tweer: \\ / \x01 klaar"

static const char *const seg_cols[] = {"segment", "label", "share", "n", "note"};

/* Two tables: one with every kind of value, one without rows. */
static void make_tables(rd_table **seg, rd_table **empty)
{
    rd_table *t = rd_table_new("segments", "Segmenten", 5, seg_cols);
    assert_non_null(t);
    size_t r = rd_table_add_row(t);
    rd_table_int(t, r, 0, 1);
    rd_table_str(t, r, 1, TEXT_NL);
    rd_table_num(t, r, 2, 0.1, 4);
    rd_table_int(t, r, 3, LLONG_MAX);
    /* column 4 left empty */
    r = rd_table_add_row(t);
    rd_table_int(t, r, 0, -42);
    rd_table_str(t, r, 1, "=1+1");
    rd_table_num(t, r, 2, NAN, 4);
    rd_table_int(t, r, 3, LLONG_MIN);
    rd_table_str(t, r, 4, TEXT_QUOTES);
    r = rd_table_add_row(t);
    rd_table_int(t, r, 0, 0);
    rd_table_str(t, r, 1, "");
    rd_table_num(t, r, 2, -2.5e-300, 4);
    rd_table_int(t, r, 3, 9007199254740993LL); /* 2^53 + 1: not a double */
    rd_table_num(t, r, 4, INFINITY, 4);
    r = rd_table_add_row(t);
    rd_table_num(t, r, 0, -INFINITY, 4);
    rd_table_num(t, r, 1, 1.0, 4);
    rd_table_num(t, r, 2, -1.0 / 3.0, 4);
    rd_table_num(t, r, 3, 1.7976931348623157e308, 4);
    rd_table_num(t, r, 4, 5e-324, 4);
    assert_true(rd_table_ok(t));
    *seg = t;
    static const char *const theme_cols[] = {"theme", "terms"};
    *empty = rd_table_new("themes", "Thema's", 2, theme_cols);
    assert_non_null(*empty);
}

static const rd_manifest_option options[] = {
    {"segments", {.kind = RD_V_INT, .i = 5}},
    {"themes", {.kind = RD_V_EMPTY}},
    {"rep", {.kind = RD_V_STR, .s = (char *)"profiel+lsa"}},
    {"min_df", {.kind = RD_V_NUM, .d = 0.25, .digits = 4}},
    {"stopwords", {.kind = RD_V_STR, .s = (char *)"woorden-één.txt"}},
};
static const rd_manifest_option results[] = {
    {"nmf_rel_err", {.kind = RD_V_NUM, .d = 0.123456789012345678, .digits = 6}},
    {"nmf_iters", {.kind = RD_V_INT, .i = 317}},
    {"silhouette", {.kind = RD_V_NUM, .d = NAN, .digits = 4}},
    {"offset", {.kind = RD_V_INT, .i = -7}},
};

static rd_manifest make_manifest(void)
{
    rd_manifest m = {
        .program = "rodedraad",
        .version = "0.1.0",
        .command = "rodedraad run --seed 42 \"interviews/Rémy.txt\"",
        .created = "2024-01-01T00:00:00Z",
        .stemmer_algorithm = "dutch",
        .libstemmer_version = "2.2.0-4",
        .unicode_version = "15.1.0",
        .utf8proc_version = "2.9.0",
        .blas = "OpenBLAS 0.3.26 (1 thread)",
        .seed = 42,
        .threads = 2,
        .options = options,
        .n_options = sizeof options / sizeof *options,
        .results = results,
        .n_results = sizeof results / sizeof *results,
    };
    return m;
}

static json_t *load(const char *path)
{
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    if (!doc)
        fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
    return doc;
}

static void check_keys(const json_t *o, const char *const *keys, size_t n)
{
    assert_true(json_is_object(o));
    assert_int_equal(json_object_size(o), n);
    size_t i = 0;
    for (void *it = json_object_iter((json_t *)o); it; it = json_object_iter_next((json_t *)o, it))
        assert_string_equal(json_object_iter_key(it), keys[i++]);
}

static void check_str(const json_t *o, const char *key, const char *want)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_string(v))
        fail_msg("\"%s\" is not a string", key);
    assert_string_equal(json_string_value(v), want);
}

static void check_int(const json_t *o, const char *key, long long want)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_integer(v))
        fail_msg("\"%s\" is not an integer", key);
    assert_true(json_integer_value(v) == want);
}

static void check_real(const json_t *o, const char *key, double want)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_real(v))
        fail_msg("\"%s\" is not a real", key);
    if (json_real_value(v) != want || signbit(json_real_value(v)) != signbit(want))
        fail_msg("\"%s\": %.17g, want %.17g", key, json_real_value(v), want);
}

static void check_null(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_null(v))
        fail_msg("\"%s\" is not null", key);
}

static void test_json_round_trip(void **state)
{
    (void)state;
    char in1[300], in2[300], out[300];
    path_of(in1, sizeof in1, "rt_R01.txt");
    path_of(in2, sizeof in2, "rt_R02.txt");
    path_of(out, sizeof out, "model.json");
    write_bytes(in1, "abc", 3);
    write_bytes(in2, "", 0);
    rd_table *seg, *themes;
    make_tables(&seg, &themes);
    rd_manifest m = make_manifest();
    rd_err err = {0};
    const char *paths[] = {in1, in2};
    assert_int_equal(rd_manifest_hash_inputs(&m, paths, 2, 2, &err), RD_OK);
    rd_manifest_unused unused[] = {
        {(char *)"in/foto.jpg", NULL, "not a transcript format",
         (char *)"in/foto.jpg: not a transcript format (.jpg)"},
        {(char *)"in/R\\xFF.txt", (char *)"aW4vUv8udHh0", "could not be used",
         (char *)"in/R\\xFF.txt: empty file (0 bytes)"}};
    m.unused = unused;
    m.n_unused = 2;
    const rd_table *tables[] = {seg, themes};
    assert_int_equal(rd_json_write(out, tables, 2, &m, &err), RD_OK);

    size_t n;
    char *bytes = slurp(out, &n);
    assert_true(n > 2 && bytes[n - 1] == '\n' && bytes[n - 2] == '}');
    assert_non_null(strstr(bytes, "één")); /* UTF-8 as is, not \u00e9 */
    free(bytes);

    json_t *doc = load(out);
    static const char *const top[] = {"format", "format_version", "manifest", "tables"};
    check_keys(doc, top, 4);
    check_str(doc, "format", "rodedraad-model");
    check_int(doc, "format_version", 1);

    const json_t *jm = json_object_get(doc, "manifest");
    static const char *const mkeys[] = {"program", "version", "command", "created", "stemmer",
                                        "unicode", "blas", "seed", "threads", "options",
                                        "results", "inputs", "not_used"};
    check_keys(jm, mkeys, sizeof mkeys / sizeof *mkeys);
    check_str(jm, "program", "rodedraad");
    check_str(jm, "version", "0.1.0");
    check_str(jm, "command", m.command);
    check_str(jm, "created", "2024-01-01T00:00:00Z");
    static const char *const skeys[] = {"algorithm", "library", "version"};
    const json_t *js = json_object_get(jm, "stemmer");
    check_keys(js, skeys, 3);
    check_str(js, "algorithm", "dutch");
    check_str(js, "library", "libstemmer");
    check_str(js, "version", "2.2.0-4");
    static const char *const ukeys[] = {"version", "utf8proc_version"};
    const json_t *ju = json_object_get(jm, "unicode");
    check_keys(ju, ukeys, 2);
    check_str(ju, "version", "15.1.0");
    check_str(ju, "utf8proc_version", "2.9.0");
    check_str(jm, "blas", "OpenBLAS 0.3.26 (1 thread)");
    check_int(jm, "seed", 42);
    check_int(jm, "threads", 2);

    const json_t *jo = json_object_get(jm, "options");
    static const char *const okeys[] = {"segments", "themes", "rep", "min_df", "stopwords"};
    check_keys(jo, okeys, 5);
    check_int(jo, "segments", 5);
    check_null(jo, "themes");
    check_str(jo, "rep", "profiel+lsa");
    check_real(jo, "min_df", 0.25);
    check_str(jo, "stopwords", "woorden-één.txt");
    const json_t *jr = json_object_get(jm, "results");
    static const char *const rkeys[] = {"nmf_rel_err", "nmf_iters", "silhouette", "offset"};
    check_keys(jr, rkeys, 4);
    check_real(jr, "nmf_rel_err", 0.123456789012345678);
    check_int(jr, "nmf_iters", 317);
    check_null(jr, "silhouette");
    check_int(jr, "offset", -7);

    const json_t *ji = json_object_get(jm, "inputs");
    assert_true(json_is_array(ji));
    assert_int_equal(json_array_size(ji), 2);
    static const char *const ikeys[] = {"path", "bytes", "sha256"};
    for (size_t i = 0; i < 2; i++) {
        const json_t *e = json_array_get(ji, i);
        check_keys(e, ikeys, 3);
        check_str(e, "path", paths[i]);
        check_int(e, "bytes", i == 0 ? 3 : 0);
        check_str(e, "sha256", m.inputs[i].sha256);
    }
    check_str(json_array_get(ji, 0), "sha256",
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const json_t *jn = json_object_get(jm, "not_used");
    assert_int_equal(json_array_size(jn), 2);
    static const char *const nkeys[] = {"path", "reason", "message"};
    static const char *const nkeys64[] = {"path", "path_base64", "reason", "message"};
    check_keys(json_array_get(jn, 0), nkeys, 3);
    check_str(json_array_get(jn, 0), "reason", "not a transcript format");
    check_keys(json_array_get(jn, 1), nkeys64, 4);
    check_str(json_array_get(jn, 1), "path", "in/R\\xFF.txt");
    check_str(json_array_get(jn, 1), "path_base64", "aW4vUv8udHh0");
    check_str(json_array_get(jn, 1), "message", "in/R\\xFF.txt: empty file (0 bytes)");

    const json_t *jt = json_object_get(doc, "tables");
    static const char *const tkeys[] = {"segments", "themes"};
    check_keys(jt, tkeys, 2);
    const json_t *t = json_object_get(jt, "segments");
    static const char *const tabkeys[] = {"sheet", "columns", "rows"};
    check_keys(t, tabkeys, 3);
    check_str(t, "sheet", "Segmenten");
    const json_t *cols = json_object_get(t, "columns");
    assert_int_equal(json_array_size(cols), 5);
    for (size_t j = 0; j < 5; j++)
        assert_string_equal(json_string_value(json_array_get(cols, j)), seg_cols[j]);
    const json_t *rows = json_object_get(t, "rows");
    assert_int_equal(json_array_size(rows), 4);
    for (size_t r = 0; r < 4; r++)
        check_keys(json_array_get(rows, r), seg_cols, 5);
    const json_t *r0 = json_array_get(rows, 0), *r1 = json_array_get(rows, 1);
    const json_t *r2 = json_array_get(rows, 2), *r3 = json_array_get(rows, 3);
    check_int(r0, "segment", 1);
    check_str(r0, "label", TEXT_NL);
    check_real(r0, "share", 0.1);
    check_int(r0, "n", LLONG_MAX);
    check_null(r0, "note");
    check_int(r1, "segment", -42);
    check_str(r1, "label", "=1+1");
    check_null(r1, "share");
    check_int(r1, "n", LLONG_MIN);
    check_str(r1, "note", TEXT_QUOTES);
    check_int(r2, "segment", 0);
    check_str(r2, "label", "");
    check_real(r2, "share", -2.5e-300);
    check_int(r2, "n", 9007199254740993LL);
    check_null(r2, "note");
    check_null(r3, "segment");
    check_real(r3, "label", 1.0); /* written "1.0": stays a real */
    check_real(r3, "share", -0.3333); /* the table's 4 digits, as in the CSV */
    check_real(r3, "n", 1.7976931348623157e308); /* beyond 1e300: in full */
    check_real(r3, "note", 5e-324);

    const json_t *t2 = json_object_get(jt, "themes");
    check_keys(t2, tabkeys, 3);
    check_str(t2, "sheet", "Thema's");
    assert_int_equal(json_array_size(json_object_get(t2, "columns")), 2);
    assert_true(json_is_array(json_object_get(t2, "rows")));
    assert_int_equal(json_array_size(json_object_get(t2, "rows")), 0);

    json_decref(doc);
    rd_manifest_free_inputs(&m);
    rd_table_free(seg);
    rd_table_free(themes);
}

/* created NULL: no key; a seed above LLONG_MAX: a decimal string; NULL strings: null. */
static void test_json_seed_and_optional(void **state)
{
    (void)state;
    char out[300];
    path_of(out, sizeof out, "seed.json");
    rd_manifest m = make_manifest();
    m.created = NULL;
    m.blas = NULL;
    m.seed = UINT64_MAX;
    m.n_options = 0;
    m.results = NULL;
    m.n_results = 0;
    rd_err err = {0};
    assert_int_equal(rd_json_write(out, NULL, 0, &m, &err), RD_OK);
    json_t *doc = load(out);
    const json_t *jm = json_object_get(doc, "manifest");
    assert_null(json_object_get(jm, "created"));
    check_null(jm, "blas");
    check_str(jm, "seed", "18446744073709551615");
    assert_int_equal(json_object_size(json_object_get(jm, "options")), 0);
    assert_int_equal(json_object_size(json_object_get(jm, "results")), 0);
    assert_int_equal(json_array_size(json_object_get(jm, "inputs")), 0);
    assert_int_equal(json_object_size(json_object_get(doc, "tables")), 0);
    json_decref(doc);

    m.seed = (uint64_t)LLONG_MAX; /* the largest seed still written as an integer */
    assert_int_equal(rd_json_write(out, NULL, 0, &m, &err), RD_OK);
    doc = load(out);
    check_int(json_object_get(doc, "manifest"), "seed", LLONG_MAX);
    json_decref(doc);
}

static void test_json_byte_identical(void **state)
{
    (void)state;
    char a[300], b[300], in1[300];
    path_of(a, sizeof a, "same_a.json");
    path_of(b, sizeof b, "same_b.json");
    path_of(in1, sizeof in1, "same_R01.txt");
    write_bytes(in1, "tekst", 5);
    rd_table *seg, *themes;
    make_tables(&seg, &themes);
    rd_manifest m = make_manifest();
    rd_err err = {0};
    const char *paths[] = {in1};
    assert_int_equal(rd_manifest_hash_inputs(&m, paths, 1, 1, &err), RD_OK);
    const rd_table *tables[] = {seg, themes};
    assert_int_equal(rd_json_write(a, tables, 2, &m, &err), RD_OK);
    assert_int_equal(rd_json_write(b, tables, 2, &m, &err), RD_OK);
    size_t na, nb;
    char *ba = slurp(a, &na), *bb = slurp(b, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(ba, bb, na);
    /* overwriting an existing file gives the same bytes too */
    assert_int_equal(rd_json_write(a, tables, 2, &m, &err), RD_OK);
    free(ba);
    ba = slurp(a, &na);
    assert_int_equal(na, nb);
    assert_memory_equal(ba, bb, na);
    free(ba);
    free(bb);
    rd_manifest_free_inputs(&m);
    rd_table_free(seg);
    rd_table_free(themes);
}

static void test_json_unwritable(void **state)
{
    (void)state;
    char nodir[300], isdir[300], want[700];
    path_of(nodir, sizeof nodir, "no/such/folder/model.json");
    path_of(isdir, sizeof isdir, "a_folder.json");
    assert_int_equal(mkdir(isdir, 0700), 0);
    rd_manifest m = make_manifest();
    rd_err err = {0};
    assert_int_equal(rd_json_write(nodir, NULL, 0, &m, &err), RD_EOUTPUT);
    assert_int_equal(err.code, RD_EOUTPUT);
    snprintf(want, sizeof want, "%s: cannot create: %s", nodir, strerror(ENOENT));
    assert_string_equal(err.msg, want);
    assert_int_equal(rd_json_write(isdir, NULL, 0, &m, &err), RD_EOUTPUT);
    snprintf(want, sizeof want, "%s: cannot create: %s", isdir, strerror(EISDIR));
    assert_string_equal(err.msg, want);
    if (access("/dev/full", W_OK) == 0) { /* the write itself fails (ENOSPC) */
        assert_int_equal(rd_json_write("/dev/full", NULL, 0, &m, &err), RD_EIO);
        snprintf(want, sizeof want, "/dev/full: %s", strerror(ENOSPC));
        assert_string_equal(err.msg, want);
    }
}

/* Invalid UTF-8 and clashing names are refused with a message naming the place. */
static void test_json_invalid(void **state)
{
    (void)state;
    char out[300];
    path_of(out, sizeof out, "bad.json");
    rd_table *seg, *themes;
    make_tables(&seg, &themes);
    rd_table_str(seg, 2, 4, "caf\xc3"); /* truncated sequence */
    rd_manifest m = make_manifest();
    rd_err err = {0};
    const rd_table *tables[] = {themes, seg};
    assert_int_equal(rd_json_write(out, tables, 2, &m, &err), RD_EINVAL);
    assert_non_null(strstr(err.msg, out));
    assert_non_null(strstr(err.msg, "table \"segments\", column \"note\", row 3"));
    assert_non_null(strstr(err.msg, "not valid UTF-8 (byte 3)"));
    rd_table_str(seg, 2, 4, "cafe");

    m.command = "rodedraad run \xff";
    assert_int_equal(rd_json_write(out, tables, 2, &m, &err), RD_EINVAL);
    assert_non_null(strstr(err.msg, "manifest field \"command\""));
    m = make_manifest();

    const rd_manifest_option bad_key[] = {{"\xc0\xaf", {.kind = RD_V_INT, .i = 1}}}; /* overlong */
    m.options = bad_key;
    m.n_options = 1;
    assert_int_equal(rd_json_write(out, tables, 2, &m, &err), RD_EINVAL);
    assert_non_null(strstr(err.msg, "manifest options"));
    assert_non_null(strstr(err.msg, "not valid UTF-8"));
    const rd_manifest_option dup[] = {{"k", {.kind = RD_V_INT, .i = 1}}, {"k", {.kind = RD_V_EMPTY}}};
    m.options = dup;
    m.n_options = 2;
    assert_int_equal(rd_json_write(out, tables, 2, &m, &err), RD_EINVAL);
    assert_non_null(strstr(err.msg, "manifest options, \"k\": the name is used twice"));
    m = make_manifest();

    const rd_table *twice[] = {seg, themes, seg};
    assert_int_equal(rd_json_write(out, twice, 3, &m, &err), RD_EINVAL);
    assert_non_null(strstr(err.msg, "table \"segments\": the name is used twice"));

    static const char *const dup_cols[] = {"a", "b", "a"};
    rd_table *d = rd_table_new("dup", "Dup", 3, dup_cols);
    assert_non_null(d);
    const rd_table *with_dup[] = {d};
    assert_int_equal(rd_json_write(out, with_dup, 1, &m, &err), RD_EINVAL);
    assert_non_null(strstr(err.msg, "table \"dup\", column \"a\": the name is used twice"));
    rd_table_free(d);

    rd_table_free(seg);
    rd_table_free(themes);
}

/* Fails jansson's Nth allocation, for N = 0, 1, ... until the export succeeds: every
 * failure must be reported as RD_ENOMEM with nothing of jansson's left allocated. */
static long alloc_fail_at, alloc_count, alloc_live;

static void *counting_malloc(size_t n)
{
    if (alloc_count++ == alloc_fail_at)
        return NULL;
    void *p = malloc(n);
    if (p)
        alloc_live++;
    return p;
}

static void counting_free(void *p)
{
    if (p)
        alloc_live--;
    free(p);
}

static void test_json_alloc_failures(void **state)
{
    (void)state;
    char out[300], in1[300];
    path_of(out, sizeof out, "oom.json");
    path_of(in1, sizeof in1, "oom_R01.txt");
    write_bytes(in1, "abc", 3);
    rd_table *seg, *themes;
    make_tables(&seg, &themes);
    rd_manifest m = make_manifest();
    rd_err err = {0};
    const char *paths[] = {in1};
    assert_int_equal(rd_manifest_hash_inputs(&m, paths, 1, 1, &err), RD_OK);
    const rd_table *tables[] = {seg, themes};
    json_set_alloc_funcs(counting_malloc, counting_free);
    rd_status rc = RD_ENOMEM;
    long failures = 0;
    for (alloc_fail_at = 0; rc != RD_OK && alloc_fail_at < 100000; alloc_fail_at++) {
        alloc_count = alloc_live = 0;
        rc = rd_json_write(out, tables, 2, &m, &err);
        if (rc != RD_OK) {
            if (rc != RD_ENOMEM)
                fail_msg("allocation %ld failed: status %d, %s", alloc_fail_at, rc, err.msg);
            failures++;
        }
        if (alloc_live != 0)
            fail_msg("allocation %ld failed: %ld jansson blocks leaked", alloc_fail_at,
                     alloc_live);
    }
    json_set_alloc_funcs(malloc, free);
    assert_int_equal(rc, RD_OK);
    assert_true(failures > 50); /* every value of the document is an allocation */
    rd_manifest_free_inputs(&m);
    rd_table_free(seg);
    rd_table_free(themes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_sha256_one_mib_like_sha256sum),
        cmocka_unit_test(test_sha256_threads_same_order),
        cmocka_unit_test(test_sha256_missing_file),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_json_seed_and_optional),
        cmocka_unit_test(test_json_byte_identical),
        cmocka_unit_test(test_json_unwritable),
        cmocka_unit_test(test_json_invalid),
        cmocka_unit_test(test_json_alloc_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
