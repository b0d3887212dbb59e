/* engine/work.h — the work of the engine's numerical kernels, counted: floating-point
 * operations (a multiply-add counts 2) and the bytes a kernel must at least move between
 * memory and the cores (each operand read once, the result written once). The benchmark
 * divides a stage's counts by its time and compares them with the machine's measured
 * GEMM rate and memory bandwidth (benchmarks/run, "roofline").
 *
 * Counted: every BLAS and LAPACK call (LAPACK by the usual leading-order operation counts,
 * Golub & Van Loan, "Matrix Computations", 4th ed., §5.2 and Table 8.6.1) and every sparse
 * product (rd_csr_mm). Not counted: the element loops around them (HALS's row updates,
 * k-means's assignments, TF-IDF, transposes), so a stage's rates are lower bounds.
 * Process-wide counters, added atomically; they never change a result. */
#ifndef RD_WORK_H
#define RD_WORK_H

#include <stddef.h>
#include <stdint.h>

void rd_work_add(double flops, double bytes);
/* The totals so far. */
void rd_work_get(double *flops, double *bytes);

/* A single-precision product of an m × k and a k × n matrix into m × n (C read and
 * written). */
static inline void rd_work_gemm(size_t m, size_t n, size_t k)
{
    rd_work_add(2.0 * (double)m * (double)n * (double)k,
                4.0 * ((double)m * (double)k + (double)k * (double)n + 2.0 * (double)m * (double)n));
}

#endif
