/* benchmarks/roofline.c — what this machine can do, measured beside the benchmark:
 *
 *     rd_roofline -j 2
 *
 * gemm   single-precision GEMM through the BLAS rodedraad links (OpenBLAS) on J threads:
 *        C = A·B with A, B, C square of order 2,048 (row-major), the best of 5 timed calls
 *        after one untimed: 2·n³ floating-point operations per call.
 * triad  memory bandwidth, STREAM's triad a[i] = b[i] + s·c[i] over three arrays of 2^24
 *        floats (64 MB each, far beyond the caches), the index range cut into J parts,
 *        one thread each; the best of 5 after one untimed pass: 12 bytes per element
 *        (two reads, one write; the write-allocate read is not counted, as in STREAM).
 *
 * Prints one line, "threads=J gemm_gflops=G triad_gbs=B" (10^9 per second), and exits 0;
 * 1 with a message when memory runs out. benchmarks/run divides each engine stage's work
 * (engine/work.h, RODEDRAAD_TIMINGS=1) by its time and by these two numbers: the
 * roofline. */
#include <cblas.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void openblas_set_num_threads(int n);

enum { ORDER = 2048, TRIALS = 5, MAX_THREADS = 64 };
#define TRIAD_N ((size_t)1 << 24)

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double gemm_gflops(void)
{
    size_t n = ORDER;
    float *a = malloc(n * n * sizeof *a), *b = malloc(n * n * sizeof *b),
          *c = malloc(n * n * sizeof *c);
    if (!a || !b || !c) {
        fprintf(stderr, "rd_roofline: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < n * n; i++) {
        a[i] = (float)(i % 7) * 0.25f;
        b[i] = (float)(i % 5) * 0.5f;
    }
    double best = 0.0;
    for (int t = 0; t <= TRIALS; t++) {
        double t0 = now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0f, a,
                    (int)n, b, (int)n, 0.0f, c, (int)n);
        double dt = now() - t0;
        double rate = 2.0 * (double)n * (double)n * (double)n / dt / 1e9;
        if (t > 0 && rate > best) /* the first call is untimed: it warms the library */
            best = rate;
    }
    free(a);
    free(b);
    free(c);
    return best;
}

typedef struct {
    float *a;
    const float *b, *c;
    size_t lo, hi;
    pthread_barrier_t *go;
    double *seconds; /* per trial, set by part 0 */
} triad_part;

static void *triad_run(void *p)
{
    triad_part *t = p;
    for (int r = 0; r <= TRIALS; r++) {
        pthread_barrier_wait(t->go);
        double t0 = now();
        for (size_t i = t->lo; i < t->hi; i++)
            t->a[i] = t->b[i] + 3.0f * t->c[i];
        pthread_barrier_wait(t->go);
        if (t->seconds)
            t->seconds[r] = now() - t0;
    }
    return NULL;
}

static double triad_gbs(int threads)
{
    size_t n = TRIAD_N;
    float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
    if (!a || !b || !c) {
        fprintf(stderr, "rd_roofline: out of memory\n");
        exit(1);
    }
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, (unsigned)threads);
    triad_part part[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    double seconds[TRIALS + 1];
    for (int j = 0; j < threads; j++) {
        size_t lo = n * (size_t)j / (size_t)threads, hi = n * (size_t)(j + 1) / (size_t)threads;
        for (size_t i = lo; i < hi; i++) { /* first touch by the thread that uses the page */
            a[i] = 0.0f;
            b[i] = 1.0f;
            c[i] = 2.0f;
        }
        part[j] = (triad_part){a, b, c, lo, hi, &go, j == 0 ? seconds : NULL};
    }
    for (int j = 1; j < threads; j++)
        pthread_create(&tid[j], NULL, triad_run, &part[j]);
    triad_run(&part[0]);
    for (int j = 1; j < threads; j++)
        pthread_join(tid[j], NULL);
    pthread_barrier_destroy(&go);
    double best = 0.0;
    for (int r = 1; r <= TRIALS; r++) {
        double rate = 12.0 * (double)n / seconds[r] / 1e9;
        best = rate > best ? rate : best;
    }
    if (a[n / 2] != 7.0f) { /* 1 + 3·2: the loop ran */
        fprintf(stderr, "rd_roofline: triad gave %g\n", (double)a[n / 2]);
        exit(1);
    }
    free(a);
    free(b);
    free(c);
    return best;
}

int main(int argc, char **argv)
{
    int threads = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-j") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: rd_roofline [-j THREADS]\n");
            return 2;
        }
    }
    if (threads < 1)
        threads = 1;
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    openblas_set_num_threads(threads);
    double g = gemm_gflops();
    double b = triad_gbs(threads);
    printf("threads=%d gemm_gflops=%.2f triad_gbs=%.2f\n", threads, g, b);
    return 0;
}
