// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * The module's pure parse/classify code (module/parse.c), built for the
 * host. The expected verdicts come from the rules of RFC 8446 section 6
 * and RFC 5246 section 7.2 as written out below, with this file's own
 * list of assigned, reserved and closure codes; nothing is taken from the
 * code under test or from registry.h.
 *
 * The record bytes handed to the parser sit in a heap block of exactly
 * min(length, 2) bytes, so under AddressSanitizer any read beyond what the
 * parser may look at fails the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/ktls_alert.h>

#include "../../module/parse.h"
#include "tap.h"

/* IANA TLS Alerts: the assigned values. */
static const unsigned char assigned[] = {
	0, 10, 20, 21, 22, 30, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50,
	51, 52, 60, 70, 71, 80, 86, 90, 100, 109, 110, 111, 112, 113, 114,
	115, 116, 117, 120, 121,
};
/* ... of which the registry marks these "reserved" (not to be sent). */
static const unsigned char reserved_codes[] = { 21, 30, 41, 60, 111, 114 };

static bool in(const unsigned char *set, size_t n, unsigned int v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set[i] == v)
			return true;
	return false;
}

static bool is_assigned(unsigned int d)
{
	return in(assigned, sizeof(assigned), d);
}

static bool is_reserved(unsigned int d)
{
	return in(reserved_codes, sizeof(reserved_codes), d);
}

/* close_notify and user_canceled end a connection gracefully. */
static bool is_closure(unsigned int d)
{
	return d == 0 || d == 90;
}

struct expect {
	unsigned int class;
	unsigned int malformed;
	bool has_level, has_description, known, reserved;
};

/*
 * What a record of @len bytes starting @level, @desc must give:
 * - exactly two bytes with level 1 or 2 is a valid alert, anything else
 *   is malformed: no bytes "empty", one "truncated", more than two
 *   "oversized", two with another level "bad level";
 * - a valid closure alert is "closure" in both versions;
 * - TLS 1.3 treats every other alert as fatal whatever its level;
 * - TLS 1.2 lets the level decide: 1 warning, 2 fatal.
 */
static struct expect rfc_verdict(unsigned int level, unsigned int desc,
				 unsigned int len, unsigned int version)
{
	struct expect e = { 0 };

	e.has_level = len >= 1;
	e.has_description = len >= 2;
	e.known = len >= 2 && is_assigned(desc);
	e.reserved = len >= 2 && is_reserved(desc);

	if (len == 0)
		e.malformed = KTLS_ALERT_MALFORMED_EMPTY;
	else if (len == 1)
		e.malformed = KTLS_ALERT_MALFORMED_TRUNCATED;
	else if (len > 2)
		e.malformed = KTLS_ALERT_MALFORMED_OVERSIZED;
	else if (level != 1 && level != 2)
		e.malformed = KTLS_ALERT_MALFORMED_BAD_LEVEL;

	if (e.malformed)
		e.class = KTLS_ALERT_CLASS_MALFORMED;
	else if (is_closure(desc))
		e.class = KTLS_ALERT_CLASS_CLOSURE;
	else if (version == 0x0304)
		e.class = KTLS_ALERT_CLASS_FATAL;
	else if (level == 1)
		e.class = KTLS_ALERT_CLASS_WARNING;
	else
		e.class = KTLS_ALERT_CLASS_FATAL;
	return e;
}

static const unsigned int levels[] = { 0, 1, 2, 3, 255 };

/* Classify every description at every level for one version and length;
 * returns the number of mismatches (the first few are printed).
 */
static int sweep(unsigned int version, unsigned int len)
{
	unsigned int d, li, level, nbytes = len < 2 ? len : 2;
	struct ktls_alert_verdict v;
	struct expect e;
	int bad = 0;
	__u8 *head;

	for (li = 0; li < sizeof(levels) / sizeof(levels[0]); li++) {
		level = levels[li];
		for (d = 0; d < 256; d++) {
			head = malloc(nbytes ? nbytes : 1);
			if (!head)
				abort();
			if (nbytes >= 1)
				head[0] = level;
			if (nbytes >= 2)
				head[1] = d;
			/* with no bytes, hand over a block of none */
			memset(&v, 0xa5, sizeof(v));
			ktls_alert_classify(nbytes ? head : head + 1, len,
					    version, &v);
			free(head);

			e = rfc_verdict(level, d, len, version);
			if (v.class != e.class || v.malformed != e.malformed ||
			    v.length != len || v.has_level != e.has_level ||
			    v.has_description != e.has_description ||
			    v.known != e.known || v.reserved != e.reserved ||
			    (e.has_level && v.level != level) ||
			    (e.has_description && v.description != d) ||
			    (!e.has_level && v.level != 0) ||
			    (!e.has_description && v.description != 0)) {
				if (bad++ < 5)
					printf("# v%#x len %u level %u desc %u: class %u/%u malformed %u/%u known %d/%d reserved %d/%d\n",
					       version, len, level, d, v.class,
					       e.class, v.malformed, e.malformed,
					       v.known, e.known, v.reserved,
					       e.reserved);
			}
			/* Below two bytes the description does not exist:
			 * one pass over the levels is all there is.
			 */
			if (len < 2)
				break;
		}
		if (len == 0)
			break;
	}
	return bad;
}

static void test_sweeps(void)
{
	static const unsigned int lengths[] = { 0, 1, 2, 3, 64, 16384 };
	static const unsigned int versions[] = { 0x0303, 0x0304 };
	unsigned int vi, li;
	char name[160];

	for (vi = 0; vi < 2; vi++) {
		for (li = 0; li < sizeof(lengths) / sizeof(lengths[0]); li++) {
			snprintf(name, sizeof(name),
				 "TLS 1.%c, %u-byte records: every code at levels 0,1,2,3,255 is classified by the RFC rules",
				 versions[vi] == 0x0304 ? '3' : '2',
				 lengths[li]);
			TEST_BEGIN(name);
			CHECK(sweep(versions[vi], lengths[li]) == 0);
			TEST_END();
		}
	}
}

static void test_specific(void)
{
	struct ktls_alert_verdict v;
	__u8 rec[2];

	TEST_BEGIN("TLS 1.3: a warning-level handshake_failure is fatal");
	rec[0] = 1;
	rec[1] = 40;
	ktls_alert_classify(rec, 2, 0x0304, &v);
	CHECK(v.class == KTLS_ALERT_CLASS_FATAL && v.malformed == 0);
	TEST_END();

	TEST_BEGIN("TLS 1.2: a warning-level no_renegotiation is a warning");
	rec[0] = 1;
	rec[1] = 100;
	ktls_alert_classify(rec, 2, 0x0303, &v);
	CHECK(v.class == KTLS_ALERT_CLASS_WARNING);
	CHECK(v.known && !v.reserved);
	TEST_END();

	TEST_BEGIN("close_notify and user_canceled are closure at either level and version");
	rec[0] = 2;
	rec[1] = 0;
	ktls_alert_classify(rec, 2, 0x0303, &v);
	CHECK(v.class == KTLS_ALERT_CLASS_CLOSURE);
	rec[0] = 1;
	rec[1] = 90;
	ktls_alert_classify(rec, 2, 0x0304, &v);
	CHECK(v.class == KTLS_ALERT_CLASS_CLOSURE);
	TEST_END();

	TEST_BEGIN("an unknown description in TLS 1.3 is fatal, and unknown");
	rec[0] = 1;
	rec[1] = 200;
	ktls_alert_classify(rec, 2, 0x0304, &v);
	CHECK(v.class == KTLS_ALERT_CLASS_FATAL && !v.known && !v.reserved);
	TEST_END();

	TEST_BEGIN("a reserved code is flagged known and reserved");
	rec[0] = 2;
	rec[1] = 21;
	ktls_alert_classify(rec, 2, 0x0303, &v);
	CHECK(v.known && v.reserved && v.class == KTLS_ALERT_CLASS_FATAL);
	TEST_END();

	TEST_BEGIN("close_notify with level 0 is malformed (bad level), not closure");
	rec[0] = 0;
	rec[1] = 0;
	ktls_alert_classify(rec, 2, 0x0304, &v);
	CHECK(v.class == KTLS_ALERT_CLASS_MALFORMED);
	CHECK(v.malformed == KTLS_ALERT_MALFORMED_BAD_LEVEL);
	TEST_END();
}

static void test_flags(void)
{
	unsigned int d;
	int bad = 0;

	TEST_BEGIN("ktls_alert_desc_known() is true exactly for the assigned codes");
	for (d = 0; d < 256; d++)
		if (ktls_alert_desc_known(d) != is_assigned(d) && bad++ < 5)
			printf("# code %u\n", d);
	CHECK(bad == 0);
	TEST_END();

	bad = 0;
	TEST_BEGIN("ktls_alert_desc_reserved() is true exactly for the reserved codes");
	for (d = 0; d < 256; d++)
		if (ktls_alert_desc_reserved(d) != is_reserved(d) && bad++ < 5)
			printf("# code %u\n", d);
	CHECK(bad == 0);
	TEST_END();
}

int main(void)
{
	test_sweeps();
	test_specific();
	test_flags();
	return tap_done();
}
