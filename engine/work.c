/* engine/work.c — see work.h. */
#include "engine/work.h"

#include <stdatomic.h>

/* Whole operations and bytes in 64-bit integers: the additions are exact, so their
 * order (threads) does not matter. */
static _Atomic uint64_t g_flops, g_bytes;

void rd_work_add(double flops, double bytes)
{
    atomic_fetch_add_explicit(&g_flops, (uint64_t)(flops > 0 ? flops : 0), memory_order_relaxed);
    atomic_fetch_add_explicit(&g_bytes, (uint64_t)(bytes > 0 ? bytes : 0), memory_order_relaxed);
}

void rd_work_get(double *flops, double *bytes)
{
    *flops = (double)atomic_load_explicit(&g_flops, memory_order_relaxed);
    *bytes = (double)atomic_load_explicit(&g_bytes, memory_order_relaxed);
}
