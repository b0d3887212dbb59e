/* io/cli/pages.h — large pages for the heap, asked for once at start-up.
 *
 * Why. Every page of memory the process touches for the first time is a page fault, and
 * on the virtual machines rodedraad is measured on a fault costs about 3 µs: touching 134
 * MB in 4 KB pages took 0.41 s, in 2 MB pages 0.02 s. A million passages touch gigabytes
 * (arrays are freed and made again from stage to stage, and glibc hands large blocks back
 * to the kernel), so the faults alone were about 8 s of a 34 s run. glibc (2.35 on) asks
 * the kernel for transparent huge pages on its heap when the tunable
 * glibc.malloc.hugetlb=1 is set, but tunables are read only when a process starts.
 *
 * What. rd_cli_huge_pages, first thing in main, runs the program again in the same
 * process (execv of /proc/self/exe with the same arguments; the process id, open files
 * and exit code stay the process's) with that tunable added to GLIBC_TUNABLES, when:
 *   - the kernel gives transparent huge pages on request
 *     (/sys/kernel/mm/transparent_hugepage/enabled is "always" or "madvise");
 *   - GLIBC_TUNABLES does not already name glibc.malloc.hugetlb (so it happens once, and
 *     a user's own setting wins);
 *   - the program is not running under valgrind (LD_PRELOAD names valgrind's preload
 *     library: a new image would run outside it);
 *   - RODEDRAAD_HUGEPAGES is not "0" (the way to turn it off);
 *   - RODEDRAAD_REEXEC is not set: it is set for the new image, so the program starts
 *     anew at most once whatever glibc does with the tunable;
 *   - the program is not privileged (setuid or file capabilities: glibc drops the
 *     tunable there), was not started through the dynamic loader (ld.so PROGRAM: then
 *     /proc/self/exe is the loader) and is not a sanitizer or coverage build.
 * When exec fails the program goes on as it is. Nothing the program computes depends on
 * where its memory lies: outputs are the same bytes either way (tested). */
#ifndef RD_CLI_PAGES_H
#define RD_CLI_PAGES_H

#include <stddef.h>

/* The decision, from the environment's values (NULL: unset: GLIBC_TUNABLES, LD_PRELOAD,
 * RODEDRAAD_HUGEPAGES, RODEDRAAD_REEXEC) and the contents of the kernel's
 * transparent_hugepage/enabled file (NULL: unreadable): 1 with the new GLIBC_TUNABLES
 * value in out (cap bytes), 0 when nothing is to be done. */
int rd_cli_pages_tunables(const char *tunables, const char *preload, const char *thp,
                          const char *optout, const char *mark, char *out, size_t cap);

/* Re-runs the program with large pages when rd_cli_pages_tunables says so; returns only
 * when it does not (or exec failed). */
void rd_cli_huge_pages(char **argv);

#endif
