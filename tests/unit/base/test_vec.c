/*
 * Unit tests: the growable array and string (vec.c) — vec_reserve's growth
 * (16 first, then doubling, at least what is needed), its refusal of sizes
 * that would overflow (the array left as it was), and struct buf: appends,
 * long printf, detach handing the string over, overflow refusal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/vec.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void reserve_grows(void **state)
{
	(void)state;
	int *v = NULL, cap = 0;
	assert_int_equal(vec_reserve(&v, &cap, 1, sizeof *v), 0);
	assert_non_null(v);
	assert_int_equal(cap, 16);
	for (int i = 0; i < 16; i++)
		v[i] = i;
	assert_int_equal(vec_reserve(&v, &cap, 16, sizeof *v), 0); /* enough already */
	assert_int_equal(cap, 16);
	assert_int_equal(vec_reserve(&v, &cap, 17, sizeof *v), 0);
	assert_int_equal(cap, 32);
	assert_int_equal(vec_reserve(&v, &cap, 1000, sizeof *v), 0); /* more than double: what is needed */
	assert_int_equal(cap, 1000);
	for (int i = 0; i < 16; i++)
		assert_int_equal(v[i], i);			  /* the elements are kept */
	assert_int_equal(vec_reserve(&v, &cap, 0, sizeof *v), 0); /* never shrinks */
	assert_int_equal(cap, 1000);
	free(v);
}

static void reserve_refuses_overflow(void **state)
{
	(void)state;
	int *v = NULL, cap = 0;
	assert_int_equal(vec_reserve(&v, &cap, 4, sizeof *v), 0);
	int *before = v;
	assert_int_equal(vec_reserve(&v, &cap, 20, 0), -1);
	/* INT_MAX elements of SIZE_MAX / 8 bytes: the byte size would wrap. */
	assert_int_equal(vec_reserve(&v, &cap, INT_MAX, SIZE_MAX / 8), -1);
	assert_ptr_equal(v, before); /* left as it was */
	assert_int_equal(cap, 16);
	free(v);
}

static void buf_appends(void **state)
{
	(void)state;
	struct buf b = {0};
	assert_int_equal(buf_append_str(&b, "Toàn tỉnh"), 0);
	assert_int_equal(buf_append(&b, " 17x", 3), 0);
	assert_int_equal(buf_printf(&b, ", %d%%", 41), 0);
	assert_string_equal(b.s, "Toàn tỉnh 17, 41%");
	assert_int_equal(b.len, strlen("Toàn tỉnh 17, 41%"));
	assert_true(b.cap > b.len);
	assert_int_equal(buf_append(&b, NULL, 0), 0); /* nothing appended, still terminated */
	assert_int_equal(b.s[b.len], '\0');
	buf_free(&b);
	assert_null(b.s);
	assert_int_equal(b.len, 0);
	buf_free(&b); /* a zeroed buf is fine to free */
}

static void buf_grows_past_printf_buffer(void **state)
{
	(void)state;
	struct buf b = {0};
	char long_text[1000];
	memset(long_text, 'a', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	assert_int_equal(buf_append_str(&b, "<"), 0);
	assert_int_equal(buf_printf(&b, "%s|%s", long_text, long_text), 0); /* longer than 256 */
	assert_int_equal(b.len, 1 + 999 * 2 + 1);
	assert_int_equal(b.s[0], '<');
	assert_int_equal(b.s[1000], '|');
	assert_int_equal(b.s[b.len], '\0');
	for (int i = 0; i < 10000; i++)
		assert_int_equal(buf_append(&b, "x", 1), 0);
	assert_int_equal(b.len, 2000 + 10000);
	assert_true(b.cap > b.len);
	buf_free(&b);
}

static void buf_detach_hands_over(void **state)
{
	(void)state;
	struct buf b = {0};
	char *empty = buf_detach(&b); /* never NULL: "" when nothing was appended */
	assert_non_null(empty);
	assert_string_equal(empty, "");
	free(empty);
	assert_int_equal(buf_append_str(&b, "phụ lục"), 0);
	char *s = buf_detach(&b);
	assert_string_equal(s, "phụ lục");
	assert_null(b.s); /* the buf is empty again and can be reused */
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(buf_append_str(&b, "x"), 0);
	assert_ptr_not_equal(b.s, s);
	free(s);
	buf_free(&b);
}

static void buf_refuses_overflow(void **state)
{
	(void)state;
	struct buf b = {0};
	assert_int_equal(buf_append_str(&b, "abc"), 0);
	char *before = b.s;
	size_t cap = b.cap;
	assert_int_equal(buf_append(&b, "x", SIZE_MAX), -1);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX - 3), -1);
	assert_ptr_equal(b.s, before); /* left as it was */
	assert_int_equal(b.len, 3);
	assert_int_equal(b.cap, cap);
	assert_string_equal(b.s, "abc");
	buf_free(&b);
}

/* free_all frees every pointer it is given, NULL ones passed over (LeakSanitizer and valgrind see a miss). */
static void free_all_frees_each(void **state)
{
	(void)state;
	char *a = strdup("a"), *b = NULL, *c = strdup("c");
	int *d = malloc(4 * sizeof *d);
	assert_non_null(a);
	assert_non_null(c);
	assert_non_null(d);
	free_all(a, b, c, d);
	char *e = strdup("e");
	free_all(e);
	free_all(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reserve_grows),	     cmocka_unit_test(reserve_refuses_overflow),
	    cmocka_unit_test(buf_appends),	     cmocka_unit_test(buf_grows_past_printf_buffer),
	    cmocka_unit_test(buf_detach_hands_over), cmocka_unit_test(buf_refuses_overflow),
	    cmocka_unit_test(free_all_frees_each),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
