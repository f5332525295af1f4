/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * Minimal TAP for the host tests. A test is a block between TEST_BEGIN and
 * TEST_END; CHECK() records a failure with the line and the failed
 * expression as a TAP diagnostic and goes on, so one run shows every broken
 * expectation. TEST_END prints "ok N - name" or "not ok N - name".
 * tap_done() prints the plan and returns the exit status.
 */
#ifndef _KTLS_ALERT_TAP_H
#define _KTLS_ALERT_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed, tap_cur_fail;
static const char *tap_cur;

#define TEST_BEGIN(name)			\
	do {					\
		tap_cur = (name);		\
		tap_cur_fail = 0;		\
	} while (0)

#define CHECK(expr)							\
	do {								\
		if (!(expr)) {						\
			tap_cur_fail++;					\
			printf("# %s:%d: failed: %s\n", __FILE__,	\
			       __LINE__, #expr);			\
		}							\
	} while (0)

/* CHECK with a printf-style diagnostic when it fails. */
#define CHECKF(expr, ...)						\
	do {								\
		if (!(expr)) {						\
			tap_cur_fail++;					\
			printf("# %s:%d: failed: %s: ", __FILE__,	\
			       __LINE__, #expr);			\
			printf(__VA_ARGS__);				\
			printf("\n");					\
		}							\
	} while (0)

#define CHECK_STR(a, b)							\
	CHECKF(!strcmp((a), (b)), "got \"%s\", want \"%s\"", (a), (b))

#define TEST_END()							\
	do {								\
		tap_n++;						\
		if (tap_cur_fail)					\
			tap_failed++;					\
		printf("%sok %d - %s\n", tap_cur_fail ? "not " : "",	\
		       tap_n, tap_cur);					\
	} while (0)

#define TEST_SKIP(name, reason)						\
	do {								\
		tap_n++;						\
		printf("ok %d - %s # SKIP %s\n", tap_n, (name), (reason)); \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif /* _KTLS_ALERT_TAP_H */
