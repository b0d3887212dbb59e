/* benchmarks/text_floor.c — the least work any text stage over a corpus must do, timed.
 *
 *     rd_text_floor -j 2 LISTFILE      (LISTFILE: one path per line)
 *
 * With J threads taking files in turn: open and read every file, walk every byte once to
 * find the runs of ASCII letters, lowercase each run, hash it and count it in a
 * per-thread table (a direct-mapped cache of 8,192 recent words in front of an exact
 * open-addressing table, as rodedraad's analyser has). Nothing else: no UTF-8 check, no
 * speaker turns, no stop words, no stemming, no merge, no matrix, no output beyond one
 * line. benchmarks/text_stage.py runs it beside rodedraad and scikit-learn to show how
 * much of a speed-up over scikit-learn this machine allows a text stage written in plain
 * C this way: scikit-learn's time divided by this floor's is the `ceiling`. It is an
 * estimate, not a proof (a cleverer floor, e.g. with SIMD scanning, would raise it), but a
 * text stage that also checks UTF-8, parses turns, drops stop words, stems, merges and
 * writes its table does strictly more work than this.
 *
 * Prints "seconds=S files=F bytes=B words=W distinct=D" (D summed over threads). Exit 0,
 * or 1 with a message when a file cannot be read or memory runs out. */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { KEY_BYTES = 24, HOT_BITS = 13, MAX_THREADS = 64 };

typedef struct {
    uint64_t w[KEY_BYTES / 8];
    uint32_t n;     /* 0 = empty */
    uint32_t count; /* exact table: occurrences */
    uint32_t slot;  /* hot cache: the word's slot in the exact table */
    uint32_t more;  /* hot cache: occurrences not yet added to that slot */
} entry;

typedef struct {
    entry *hot;     /* 1 << HOT_BITS, direct-mapped */
    entry *tab;     /* exact, linear probing, load at most 1/2 */
    size_t tab_bits, tab_n;
    uint64_t words, bytes, files;
    char *buf;
    size_t cap;
    int failed;
} worker;

static char **paths;
static size_t n_paths;
static atomic_size_t next_file;
static atomic_int failed;

static uint64_t hash_key(const uint64_t *k, size_t n)
{
    uint64_t h = (k[0] * 0x9E3779B97F4A7C15u) ^ (k[1] * 0xC2B2AE3D27D4EB4Fu) ^
                 (k[2] * 0x165667B19E3779F9u) ^ n;
    h ^= h >> 32;
    return h * 0xD6E8FEB86659FD93u;
}

/* Adds the hot cache's pending counts to the exact table. */
static void flush_hot(worker *w)
{
    for (size_t i = 0; w->hot && i < ((size_t)1 << HOT_BITS); i++) {
        entry *c = &w->hot[i];
        if (c->n && c->more) {
            w->tab[c->slot].count += c->more;
            c->more = 0;
        }
    }
}

static int tab_grow(worker *w)
{
    flush_hot(w);
    size_t bits = w->tab_bits ? w->tab_bits + 1 : 16, ns = (size_t)1 << bits;
    entry *t = calloc(ns, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; w->tab && i < ((size_t)1 << w->tab_bits); i++) {
        const entry *e = &w->tab[i];
        if (!e->n)
            continue;
        size_t j = hash_key(e->w, e->n) >> (64 - bits);
        while (t[j].n)
            j = (j + 1) & (ns - 1);
        t[j] = *e;
    }
    free(w->tab);
    w->tab = t;
    w->tab_bits = bits;
    if (w->hot) /* slots moved: forget the cached ones (flushed by the caller) */
        memset(w->hot, 0, ((size_t)1 << HOT_BITS) * sizeof *w->hot);
    return 0;
}

/* Counts one lowercased, zero-padded word: a recent word in its cache entry (added to the
 * exact table when the entry is reused), any other in the exact table. */
static int count_word(worker *w, const uint64_t *k, size_t n)
{
    uint64_t h = hash_key(k, n);
    entry *c = &w->hot[h >> (64 - HOT_BITS)];
    if (c->n == n && c->w[0] == k[0] && c->w[1] == k[1] && c->w[2] == k[2]) {
        c->more++;
        return 0;
    }
    if ((w->tab_n + 1) * 2 > ((size_t)1 << w->tab_bits) && tab_grow(w) != 0)
        return -1;
    if (c->n && c->more) /* c was cleared if the table grew */
        w->tab[c->slot].count += c->more;
    size_t mask = ((size_t)1 << w->tab_bits) - 1, j = h >> (64 - w->tab_bits);
    for (;;) {
        entry *e = &w->tab[j];
        if (!e->n) {
            memcpy(e->w, k, KEY_BYTES);
            e->n = (uint32_t)n;
            w->tab_n++;
            break;
        }
        if (e->n == n && e->w[0] == k[0] && e->w[1] == k[1] && e->w[2] == k[2])
            break;
        j = (j + 1) & mask;
    }
    w->tab[j].count++;
    memcpy(c->w, k, KEY_BYTES);
    c->n = (uint32_t)n;
    c->slot = (uint32_t)j;
    c->more = 0;
    return 0;
}

static int is_letter(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }

static int scan(worker *w, const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && !is_letter(s[i]))
            i++;
        size_t a = i;
        while (i < n && is_letter(s[i]))
            i++;
        size_t len = i - a;
        if (len == 0)
            break;
        w->words++;
        uint64_t k[KEY_BYTES / 8] = {0, 0, 0};
        size_t m = len < KEY_BYTES ? len : KEY_BYTES; /* longer words count by prefix */
        unsigned char *kb = (unsigned char *)k;
        for (size_t q = 0; q < m; q++)
            kb[q] = s[a + q] | 0x20; /* letters only: setting bit 5 lowercases */
        if (count_word(w, k, m) != 0)
            return -1;
    }
    return 0;
}

static void *run(void *arg)
{
    worker *w = arg;
    for (;;) {
        if (atomic_load(&failed))
            break;
        size_t i = atomic_fetch_add(&next_file, 1);
        if (i >= n_paths)
            break;
        int fd = open(paths[i], O_RDONLY);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) != 0) {
            fprintf(stderr, "rd_text_floor: %s: cannot open\n", paths[i]);
            if (fd >= 0)
                close(fd);
            w->failed = 1;
            atomic_store(&failed, 1);
            break;
        }
        size_t want = (size_t)st.st_size;
        if (want > w->cap) {
            char *nb = realloc(w->buf, want);
            if (!nb) {
                close(fd);
                w->failed = 1;
                atomic_store(&failed, 1);
                break;
            }
            w->buf = nb;
            w->cap = want;
        }
        size_t got = 0;
        while (got < want) {
            ssize_t r = read(fd, w->buf + got, want - got);
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        close(fd);
        w->bytes += got;
        w->files++;
        if (scan(w, (const unsigned char *)w->buf, got) != 0) {
            w->failed = 1;
            atomic_store(&failed, 1);
            break;
        }
    }
    flush_hot(w);
    return NULL;
}

int main(int argc, char **argv)
{
    int threads = 1, code = 1;
    const char *list = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-j") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else
            list = argv[i];
    }
    if (!list || threads < 1 || threads > MAX_THREADS) {
        fprintf(stderr, "usage: rd_text_floor [-j THREADS] LISTFILE\n");
        return 2;
    }
    FILE *f = fopen(list, "r");
    if (!f) {
        fprintf(stderr, "rd_text_floor: %s: cannot open\n", list);
        return 1;
    }
    char *line = NULL;
    size_t lcap = 0, pcap = 0;
    ssize_t ln;
    while ((ln = getline(&line, &lcap, f)) > 0) {
        if (line[ln - 1] == '\n')
            line[--ln] = '\0';
        if (ln == 0)
            continue;
        if (n_paths == pcap) {
            pcap = pcap ? pcap * 2 : 1024;
            char **np = realloc(paths, pcap * sizeof *np);
            if (!np)
                goto done;
            paths = np;
        }
        if (!(paths[n_paths] = strdup(line)))
            goto done;
        n_paths++;
    }
    worker w[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    memset(w, 0, sizeof w);
    for (int t = 0; t < threads; t++)
        if (!(w[t].hot = calloc((size_t)1 << HOT_BITS, sizeof *w[t].hot)) || tab_grow(&w[t]) != 0)
            goto done;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int started = 0;
    for (int t = 0; t < threads; t++, started++)
        if (pthread_create(&tid[t], NULL, run, &w[t]) != 0)
            break;
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    uint64_t files = 0, bytes = 0, words = 0, distinct = 0, counted = 0;
    int bad = started == 0;
    for (int t = 0; t < threads; t++) {
        files += w[t].files;
        bytes += w[t].bytes;
        words += w[t].words;
        distinct += w[t].tab_n;
        bad |= w[t].failed;
        for (size_t i = 0; w[t].tab && i < ((size_t)1 << w[t].tab_bits); i++)
            counted += w[t].tab[i].count;
    }
    if (!bad && counted != words) {
        fprintf(stderr, "rd_text_floor: counted %llu words of %llu\n", (unsigned long long)counted,
                (unsigned long long)words);
        bad = 1;
    }
    if (!bad) {
        printf("seconds=%.6f files=%llu bytes=%llu words=%llu distinct=%llu\n",
               (double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec),
               (unsigned long long)files, (unsigned long long)bytes, (unsigned long long)words,
               (unsigned long long)distinct);
        code = 0;
    }
    for (int t = 0; t < threads; t++) {
        free(w[t].hot);
        free(w[t].tab);
        free(w[t].buf);
    }
done:
    if (code && !atomic_load(&failed))
        fprintf(stderr, "rd_text_floor: out of memory\n");
    for (size_t i = 0; i < n_paths; i++)
        free(paths[i]);
    free(paths);
    free(line);
    fclose(f);
    return code;
}
