/*
 * oom.h — an allocator that fails on the N-th call, for the unit tests only
 * (after SQLite's test_malloc.c). The unit-test binaries are linked with
 * -Wl,--wrap=malloc,... (see the Makefile), so every malloc, calloc,
 * realloc, strdup, strndup, asprintf, vasprintf and open_memstream made by
 * phuluc's own objects goes through tests/unit/oom.c; the libraries'
 * allocations (libharu, libxlsxwriter, libcsv...) do not.
 *
 * A sweep runs an operation with oom_fail_at(1), oom_fail_at(2), ... until
 * oom_failed() says no call was failed: then the operation has been run once
 * with each of its allocations failing, and once with none failing.
 *
 *   for (long n = 1;; n++) {
 *           oom_fail_at(n);
 *           int rc = operation();
 *           bool failed = oom_failed();
 *           oom_fail_at(0);
 *           ... check rc: success, or a clean out-of-memory error ...
 *           if (!failed)
 *                   break;
 *   }
 *
 * It holds global state (a counter): tests only, one thread.
 */
#ifndef PHULUC_TEST_OOM_H
#define PHULUC_TEST_OOM_H

#include <stdbool.h>

/* Counts allocation calls from 0 again; the n-th from now fails (only that one). 0: none fails. */
void oom_fail_at(long n);

/*
 * Site mode: counts from 0 again; the first call made from a site not failed
 * before fails (only that one). A site is where the call comes from, by its
 * innermost return addresses (backtrace). Sweeping until a run fails nothing
 * takes each allocation site reached once, in far fewer runs than N = 1, 2, ...
 */
void oom_fail_new_site(void);

/* Forgets the sites failed so far; oom_sites() is how many there are. */
void oom_forget_sites(void);
long oom_sites(void);

/* Allocation calls since the last oom_fail_at or oom_fail_new_site. */
long oom_calls(void);

/* Whether a call has been failed since the last oom_fail_at or oom_fail_new_site. */
bool oom_failed(void);

/* The number of the call failed last (1: the first since oom_fail_*). */
long oom_failed_call(void);

/* The stack of the call failed last, one frame a line (addr2line -e BINARY +OFFSET names them). */
void oom_print_failed_site(int fd);

#endif
