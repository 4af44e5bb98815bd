/*
 * oom.c — the failing allocator of oom.h: --wrap'ed malloc, calloc, realloc,
 * strdup, strndup, asprintf, vasprintf and open_memstream that count their
 * calls and fail the chosen one as the C library does when memory runs out
 * (NULL or -1, errno ENOMEM), else call the real function.
 */
#include "oom.h"

#include <errno.h>
#include <execinfo.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
int __real_vasprintf(char **out, const char *fmt, va_list ap);
FILE *__real_open_memstream(char **buf, size_t *size);

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
int __wrap_vasprintf(char **out, const char *fmt, va_list ap);
int __wrap_asprintf(char **out, const char *fmt, ...);
FILE *__wrap_open_memstream(char **buf, size_t *size);

static long calls, fail_at;
static bool failed, new_site_mode;

/* The call sites failed so far in site mode: an open-addressed set of their keys (0: empty). */
#define SITES 65536
static uint64_t sites[SITES];
static long n_sites;

/* Where the failed call came from, for oom_print_failed_site. */
static void *failed_frames[16];
static int n_failed_frames;
static long failed_call;

void oom_fail_at(long n)
{
	calls = 0;
	fail_at = n;
	failed = false;
	new_site_mode = false;
}

void oom_fail_new_site(void)
{
	oom_fail_at(0);
	new_site_mode = true;
}

void oom_forget_sites(void)
{
	memset(sites, 0, sizeof sites);
	n_sites = 0;
}

void oom_print_failed_site(int fd)
{
	if (n_failed_frames > 1)
		backtrace_symbols_fd(failed_frames + 1, n_failed_frames - 1, fd);
}

long oom_failed_call(void)
{
	return failed_call;
}

long oom_sites(void)
{
	return n_sites;
}

/*
 * The key of this call's site: a hash of the innermost return addresses, so
 * that two callers of one helper (vec_reserve, a reader) are two sites.
 */
static uint64_t site_key(void)
{
	void *frames[7];
	int n = backtrace(frames, 7);
	uint64_t h = 1469598103934665603u;
	for (int i = 0; i < n; i++) {
		h ^= (uint64_t)(uintptr_t)frames[i];
		h *= 1099511628211u;
	}
	return h ? h : 1;
}

/* Adds key to the set; false if it was there already (or the set is full). */
static bool site_add(uint64_t key)
{
	if (n_sites >= SITES / 2)
		return false;
	size_t i = key % SITES;
	while (sites[i] && sites[i] != key)
		i = (i + 1) % SITES;
	if (sites[i])
		return false;
	sites[i] = key;
	n_sites++;
	return true;
}

long oom_calls(void)
{
	return calls;
}

bool oom_failed(void)
{
	return failed;
}

/* Counts one call; true if this one is to fail (errno is then ENOMEM). */
static bool fail_now(void)
{
	calls++;
	if (new_site_mode) {
		if (failed || !site_add(site_key()))
			return false;
	} else if (fail_at == 0 || calls != fail_at) {
		return false;
	}
	failed = true;
	failed_call = calls;
	n_failed_frames = backtrace(failed_frames, 16);
	errno = ENOMEM;
	return true;
}

void *__wrap_malloc(size_t size)
{
	return fail_now() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	return fail_now() ? NULL : __real_realloc(p, size);
}

char *__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_now() ? NULL : __real_strndup(s, n);
}

int __wrap_vasprintf(char **out, const char *fmt, va_list ap)
{
	return fail_now() ? -1 : __real_vasprintf(out, fmt, ap);
}

/* asprintf is counted once, as itself, and made by the real vasprintf. */
int __wrap_asprintf(char **out, const char *fmt, ...)
{
	if (fail_now())
		return -1;
	va_list ap;
	va_start(ap, fmt);
	int n = __real_vasprintf(out, fmt, ap);
	va_end(ap);
	return n;
}

FILE *__wrap_open_memstream(char **buf, size_t *size)
{
	return fail_now() ? NULL : __real_open_memstream(buf, size);
}
