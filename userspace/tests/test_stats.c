// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * The get-stats reply decoder: counters by class, by description x class,
 * malformed by reason, other control records by content type, undelivered
 * and missed; plus what it must refuse.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "nlbuild.h"
#include "tap.h"

static char buf[NLB_BUFSZ] __attribute__((aligned(8)));
static struct ktls_alert_stats st;
static struct kta_err last;

#define STHAS(a)	KTLS_ALERT_HAS(&st, KTLS_ALERT_A_STATS_##a)

static struct nlmsghdr *stats_msg(void)
{
	return nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_GET_STATS);
}

/* Decode a copy that holds exactly the message. */
static int decode(const struct nlmsghdr *nlh)
{
	struct nlmsghdr *copy = malloc(nlh->nlmsg_len);
	int ret;

	if (!copy)
		abort();
	memcpy(copy, nlh, nlh->nlmsg_len);
	last.msg[0] = '\0';
	ret = kta_decode_stats(copy, &st, &last);
	free(copy);
	return ret;
}

/* The counters the module sends for a namespace that saw a bit of all. */
static struct nlmsghdr *typical_reply(void)
{
	struct nlmsghdr *nlh = stats_msg();
	int c;

	for (c = 1; c <= 4; c++)
		nlb_class_count(nlh, c, 10 * c);
	nlb_desc_count(nlh, 0, KTLS_ALERT_CLASS_CLOSURE, 10);
	nlb_desc_count(nlh, 40, KTLS_ALERT_CLASS_FATAL, 25);
	nlb_desc_count(nlh, 100, KTLS_ALERT_CLASS_WARNING, 20);
	nlb_desc_count(nlh, 200, KTLS_ALERT_CLASS_FATAL, 5);
	nlb_desc_count(nlh, 7, KTLS_ALERT_CLASS_MALFORMED, 40);
	nlb_reason_count(nlh, KTLS_ALERT_MALFORMED_EMPTY, 1);
	nlb_reason_count(nlh, KTLS_ALERT_MALFORMED_TRUNCATED, 2);
	nlb_reason_count(nlh, KTLS_ALERT_MALFORMED_OVERSIZED, 3);
	nlb_reason_count(nlh, KTLS_ALERT_MALFORMED_BAD_LEVEL, 34);
	nlb_type_count(nlh, 22, 6);
	nlb_type_count(nlh, 20, 1);
	nlb_put_u64(nlh, KTLS_ALERT_A_STATS_UNDELIVERED, KTLS_ALERT_A_STATS_PAD,
		    17, true);
	nlb_put_u64(nlh, KTLS_ALERT_A_STATS_MISSED, KTLS_ALERT_A_STATS_PAD,
		    1ULL << 33, true);
	return nlh;
}

static uint64_t matrix_sum(void)
{
	uint64_t sum = 0;
	int d, c;

	for (d = 0; d < 256; d++)
		for (c = 0; c <= KTLS_ALERT_NR_CLASSES; c++)
			sum += st.desc_count[d][c];
	return sum;
}

static void test_typical(void)
{
	TEST_BEGIN("a typical reply fills every counter it carries");
	CHECKF(decode(typical_reply()) == 0, "%s", last.msg);
	CHECK(st.class_count[KTLS_ALERT_CLASS_CLOSURE] == 10);
	CHECK(st.class_count[KTLS_ALERT_CLASS_WARNING] == 20);
	CHECK(st.class_count[KTLS_ALERT_CLASS_FATAL] == 30);
	CHECK(st.class_count[KTLS_ALERT_CLASS_MALFORMED] == 40);
	CHECK(st.class_count[0] == 0);
	CHECK(st.malformed[KTLS_ALERT_MALFORMED_EMPTY] == 1);
	CHECK(st.malformed[KTLS_ALERT_MALFORMED_TRUNCATED] == 2);
	CHECK(st.malformed[KTLS_ALERT_MALFORMED_OVERSIZED] == 3);
	CHECK(st.malformed[KTLS_ALERT_MALFORMED_BAD_LEVEL] == 34);
	CHECK(st.control[22] == 6 && st.control[20] == 1);
	CHECK(st.control[23] == 0 && st.control[21] == 0);
	CHECK(st.undelivered == 17);
	CHECK(st.missed == 1ULL << 33);
	CHECK(STHAS(CLASS) && STHAS(DESCRIPTION) && STHAS(MALFORMED) &&
	      STHAS(CONTROL) && STHAS(UNDELIVERED) && STHAS(MISSED));
	TEST_END();

	TEST_BEGIN("the description x class matrix has exactly the cells sent");
	CHECKF(decode(typical_reply()) == 0, "%s", last.msg);
	CHECK(st.desc_count[0][KTLS_ALERT_CLASS_CLOSURE] == 10);
	CHECK(st.desc_count[40][KTLS_ALERT_CLASS_FATAL] == 25);
	CHECK(st.desc_count[100][KTLS_ALERT_CLASS_WARNING] == 20);
	CHECK(st.desc_count[200][KTLS_ALERT_CLASS_FATAL] == 5);
	CHECK(st.desc_count[7][KTLS_ALERT_CLASS_MALFORMED] == 40);
	CHECK(st.desc_count[40][KTLS_ALERT_CLASS_WARNING] == 0);
	CHECKF(matrix_sum() == 100, "sum %llu",
	       (unsigned long long)matrix_sum());
	TEST_END();

	TEST_BEGIN("an empty reply leaves everything zero and absent");
	CHECKF(decode(stats_msg()) == 0, "%s", last.msg);
	CHECK(st.present == 0);
	CHECK(matrix_sum() == 0 && st.undelivered == 0 && st.missed == 0);
	TEST_END();
}

static void test_full_matrix(void)
{
	struct nlmsghdr *nlh = stats_msg();
	uint64_t want = 0;
	bool ok = true;
	int d, c;

	TEST_BEGIN("a full 256 x 4 matrix reply (tens of KiB) decodes cell by cell");
	for (d = 0; d < 256; d++)
		for (c = 1; c <= 4; c++) {
			nlb_desc_count(nlh, d, c, d * 4 + c);
			want += d * 4 + c;
		}
	for (d = 0; d < 256; d++)
		nlb_type_count(nlh, d, d + 1);
	CHECKF(nlh->nlmsg_len > 32 * 1024, "only %u bytes", nlh->nlmsg_len);
	CHECKF(decode(nlh) == 0, "%s", last.msg);
	for (d = 0; d < 256; d++) {
		for (c = 1; c <= 4; c++)
			if (st.desc_count[d][c] != (uint64_t)(d * 4 + c))
				ok = false;
		if (st.control[d] != (uint64_t)(d + 1))
			ok = false;
	}
	CHECK(ok);
	CHECK(matrix_sum() == want);
	TEST_END();
}

static void test_forward_compat(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	TEST_BEGIN("repeated entries add up");
	nlh = stats_msg();
	nlb_class_count(nlh, KTLS_ALERT_CLASS_FATAL, 5);
	nlb_class_count(nlh, KTLS_ALERT_CLASS_FATAL, 6);
	nlb_desc_count(nlh, 50, KTLS_ALERT_CLASS_FATAL, 1);
	nlb_desc_count(nlh, 50, KTLS_ALERT_CLASS_FATAL, 2);
	CHECKF(decode(nlh) == 0, "%s", last.msg);
	CHECK(st.class_count[KTLS_ALERT_CLASS_FATAL] == 11);
	CHECK(st.desc_count[50][KTLS_ALERT_CLASS_FATAL] == 3);
	TEST_END();

	TEST_BEGIN("classes and reasons newer than the library are skipped, not stored out of bounds");
	nlh = stats_msg();
	nlb_class_count(nlh, 0, 99);
	nlb_class_count(nlh, KTLS_ALERT_NR_CLASSES + 1, 99);
	nlb_class_count(nlh, 0xffffffff, 99);
	nlb_desc_count(nlh, 255, KTLS_ALERT_NR_CLASSES + 1, 99);
	nlb_desc_count(nlh, 255, 0, 99);
	nlb_reason_count(nlh, KTLS_ALERT_NR_REASONS + 1, 99);
	nlb_reason_count(nlh, 0, 99);
	nlb_class_count(nlh, KTLS_ALERT_CLASS_CLOSURE, 1);
	CHECKF(decode(nlh) == 0, "%s", last.msg);
	CHECK(st.class_count[KTLS_ALERT_CLASS_CLOSURE] == 1);
	CHECK(st.class_count[0] == 0);
	CHECK(matrix_sum() == 0);
	CHECK(st.malformed[0] == 0);
	TEST_END();

	TEST_BEGIN("unknown attributes at the top and inside entries are skipped");
	nlh = stats_msg();
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_STATS_MAX + 1, 7);
	nest = mnl_attr_nest_start(nlh, KTLS_ALERT_A_STATS_CLASS);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_CLASS_COUNT_MAX + 3, 1);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_CLASS_COUNT_CLASS, 2);
	mnl_attr_put(nlh, KTLS_ALERT_A_CLASS_COUNT_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, KTLS_ALERT_A_CLASS_COUNT_COUNT, 8);
	mnl_attr_put(nlh, 60, 3, "xyz");
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put(nlh, KTLS_ALERT_A_STATS_PAD, 0, NULL);
	CHECKF(decode(nlh) == 0, "%s", last.msg);
	CHECK(st.class_count[2] == 8);
	TEST_END();
}

static void test_refused(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	TEST_BEGIN("an entry without its count is refused");
	nlh = stats_msg();
	nest = mnl_attr_nest_start(nlh, KTLS_ALERT_A_STATS_MALFORMED);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_REASON_COUNT_REASON, 1);
	mnl_attr_nest_end(nlh, nest);
	CHECK(decode(nlh) == -EBADMSG);
	TEST_END();

	TEST_BEGIN("an entry without its key is refused");
	nlh = stats_msg();
	nest = mnl_attr_nest_start(nlh, KTLS_ALERT_A_STATS_CONTROL);
	mnl_attr_put_u64(nlh, KTLS_ALERT_A_TYPE_COUNT_COUNT, 1);
	mnl_attr_nest_end(nlh, nest);
	CHECK(decode(nlh) == -EBADMSG);
	TEST_END();

	TEST_BEGIN("a description entry without its class is refused");
	nlh = stats_msg();
	nest = mnl_attr_nest_start(nlh, KTLS_ALERT_A_STATS_DESCRIPTION);
	mnl_attr_put_u8(nlh, KTLS_ALERT_A_DESC_COUNT_DESCRIPTION, 40);
	mnl_attr_put_u64(nlh, KTLS_ALERT_A_DESC_COUNT_COUNT, 1);
	mnl_attr_nest_end(nlh, nest);
	CHECK(decode(nlh) == -EBADMSG);
	TEST_END();

	TEST_BEGIN("a count of the wrong size is refused");
	nlh = stats_msg();
	nest = mnl_attr_nest_start(nlh, KTLS_ALERT_A_STATS_CLASS);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_CLASS_COUNT_CLASS, 1);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_CLASS_COUNT_COUNT, 1);
	mnl_attr_nest_end(nlh, nest);
	CHECK(decode(nlh) == -EBADMSG);
	nlh = stats_msg();
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_STATS_UNDELIVERED, 1);
	CHECK(decode(nlh) == -EBADMSG);
	TEST_END();

	TEST_BEGIN("a key of the wrong size is refused");
	nlh = stats_msg();
	nest = mnl_attr_nest_start(nlh, KTLS_ALERT_A_STATS_DESCRIPTION);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_DESC_COUNT_DESCRIPTION, 300);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_DESC_COUNT_CLASS, 1);
	mnl_attr_put_u64(nlh, KTLS_ALERT_A_DESC_COUNT_COUNT, 1);
	mnl_attr_nest_end(nlh, nest);
	CHECK(decode(nlh) == -EBADMSG);
	TEST_END();

	TEST_BEGIN("nests whose payload is garbage are refused");
	nlh = stats_msg();
	mnl_attr_put(nlh, KTLS_ALERT_A_STATS_CLASS, 7, "\x05\x00\x01\x00\xff\xff\xff");
	CHECK(decode(nlh) == -EBADMSG);
	nlh = stats_msg();
	mnl_attr_put(nlh, KTLS_ALERT_A_STATS_CONTROL, 3, "abc");
	CHECK(decode(nlh) == -EBADMSG);
	nlh = stats_msg();
	/* an inner attribute claiming more than the nest holds */
	mnl_attr_put(nlh, KTLS_ALERT_A_STATS_MALFORMED, 8,
		     "\x40\x00\x01\x00\x01\x00\x00\x00");
	CHECK(decode(nlh) == -EBADMSG);
	TEST_END();
}

/* Whether a cut after @len bytes falls between two top-level attributes
 * (trailing padding included), where the stream is still whole.
 */
static bool cut_between_attrs(const struct nlmsghdr *nlh, size_t len)
{
	const struct nlattr *attr;
	size_t start;

	if (len == NLMSG_HDRLEN + GENL_HDRLEN)
		return true;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		start = (const char *)attr - (const char *)nlh;
		if (len >= start + attr->nla_len &&
		    len <= start + MNL_ALIGN(attr->nla_len))
			return true;
	}
	return false;
}

static void test_truncated(void)
{
	struct nlmsghdr *nlh = typical_reply();
	size_t full = nlh->nlmsg_len, len;
	struct nlmsghdr *copy;
	struct kta_err e;
	int ret, want;

	TEST_BEGIN("a reply cut inside any attribute or entry is refused; between them it parses");
	for (len = NLMSG_HDRLEN + GENL_HDRLEN; len < full; len++) {
		copy = malloc(len);
		if (!copy)
			abort();
		memcpy(copy, nlh, len);
		copy->nlmsg_len = len;
		ret = kta_decode_stats(copy, &st, &e);
		free(copy);
		want = cut_between_attrs(nlh, len) ? 0 : -EBADMSG;
		CHECKF(ret == want, "cut %zu: got %d want %d", len, ret, want);
	}
	TEST_END();
}

int main(void)
{
	test_typical();
	test_full_matrix();
	test_forward_compat();
	test_refused();
	test_truncated();
	return tap_done();
}
