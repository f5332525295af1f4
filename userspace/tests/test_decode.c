// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * The library's message decoders fed synthetic messages: alert
 * notifications (valid, truncated, wrong attribute types and lengths,
 * unknown attributes, nested garbage), the datagram walker, nlctrl replies,
 * acknowledgements with and without extended ack text, and get-info.
 *
 * Every message under test is copied into a heap block of exactly its size,
 * so that under AddressSanitizer a single byte read past the end fails.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"
#include "nlbuild.h"
#include "tap.h"

static char buf[NLB_BUFSZ] __attribute__((aligned(8)));
static char buf2[NLB_BUFSZ] __attribute__((aligned(8)));

static void *exact_copy(const void *src, size_t len)
{
	void *p = malloc(len ? len : 1);

	if (!p)
		abort();
	memcpy(p, src, len);
	return p;
}

/* Decode a copy of @nlh that holds exactly nlmsg_len bytes. */
static int decode_event_exact(const struct nlmsghdr *nlh,
			      struct ktls_alert_event *ev, struct kta_err *e)
{
	struct nlmsghdr *copy = exact_copy(nlh, nlh->nlmsg_len);
	int ret = kta_decode_event(copy, ev, e);

	free(copy);
	return ret;
}

#define EVHAS(ev, a)	KTLS_ALERT_HAS(ev, KTLS_ALERT_A_EVENT_##a)

static void check_sample(const struct ktls_alert_event *ev, bool v6,
			 uint64_t seq)
{
	CHECK(ev->class == S_CLASS);
	CHECK(ev->level == S_LEVEL);
	CHECK(ev->description == S_DESC);
	CHECK(ev->known);
	CHECK(!ev->reserved);
	CHECK(ev->length == S_LENGTH);
	CHECK(ev->tls_version == S_VERSION);
	CHECK(ev->cipher == S_CIPHER);
	CHECK(ev->family == (v6 ? AF_INET6 : AF_INET));
	CHECK(ev->local_addr_len == (v6 ? 16 : 4));
	CHECK(ev->peer_addr_len == (v6 ? 16 : 4));
	CHECK(!memcmp(ev->local_addr, v6 ? nlb_v6_local : nlb_v4_local,
		      ev->local_addr_len));
	CHECK(!memcmp(ev->peer_addr, v6 ? nlb_v6_peer : nlb_v4_peer,
		      ev->peer_addr_len));
	CHECK(ev->local_port == S_LPORT);
	CHECK(ev->peer_port == S_PPORT);
	CHECK(ev->sock_cookie == S_COOKIE);
	CHECK(ev->netns_ino == S_NETNS_INO);
	CHECK(ev->netns_cookie == S_NETNS_COOKIE);
	CHECK(ev->pid == S_PID);
	CHECK(ev->tid == S_TID);
	CHECK_STR(ev->comm, S_COMM);
	CHECK(ev->uid == S_UID);
	CHECK(ev->timestamp_ns == S_TIMESTAMP);
	CHECK(ev->seq == seq);
}

static void test_valid_events(void)
{
	struct ktls_alert_event ev;
	struct nlmsghdr *nlh;
	struct kta_err e;
	uint64_t want;
	int a;

	TEST_BEGIN("a valid IPv4 alert notification decodes every attribute");
	nlh = nlb_event_msg(buf, false, 7);
	CHECK(decode_event_exact(nlh, &ev, &e) == 0);
	check_sample(&ev, false, 7);
	TEST_END();

	TEST_BEGIN("a valid IPv6 alert notification decodes every attribute");
	nlh = nlb_event_msg(buf, true, 1ULL << 40);
	CHECK(decode_event_exact(nlh, &ev, &e) == 0);
	check_sample(&ev, true, 1ULL << 40);
	TEST_END();

	TEST_BEGIN("presence bits list exactly the attributes that were sent");
	nlh = nlb_event_msg(buf, false, 1);
	CHECK(decode_event_exact(nlh, &ev, &e) == 0);
	want = 0;
	for (a = KTLS_ALERT_A_EVENT_CLASS; a <= KTLS_ALERT_A_EVENT_SEQ; a++)
		if (a != KTLS_ALERT_A_EVENT_RESERVED &&
		    a != KTLS_ALERT_A_EVENT_MALFORMED)
			want |= 1ULL << a;
	CHECKF(ev.present == want, "present %#llx want %#llx",
	       (unsigned long long)ev.present, (unsigned long long)want);
	TEST_END();

	TEST_BEGIN("u64 attributes decode with and without pad attributes");
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	nlb_sample_event(nlh, false, 99, false);
	CHECK(decode_event_exact(nlh, &ev, &e) == 0);
	check_sample(&ev, false, 99);
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_CLASS, S_CLASS);
	/* a run of pads, one with a payload: padding is never read */
	mnl_attr_put(nlh, KTLS_ALERT_A_EVENT_PAD, 0, NULL);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_PAD, 0xdeadbeef);
	nlb_put_u64(nlh, KTLS_ALERT_A_EVENT_SEQ, KTLS_ALERT_A_EVENT_PAD, 5,
		    true);
	CHECK(decode_event_exact(nlh, &ev, &e) == 0);
	CHECK(ev.seq == 5);
	CHECK(!EVHAS(&ev, PAD));
	TEST_END();
}

static void test_malformed_records(void)
{
	struct ktls_alert_event ev;
	struct nlmsghdr *nlh;
	struct kta_err e;

	TEST_BEGIN("an empty record's event has no level, no description");
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_CLASS,
			 KTLS_ALERT_CLASS_MALFORMED);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_MALFORMED,
			 KTLS_ALERT_MALFORMED_EMPTY);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_LENGTH, 0);
	CHECK(decode_event_exact(nlh, &ev, &e) == 0);
	CHECK(ev.class == KTLS_ALERT_CLASS_MALFORMED);
	CHECK(ev.malformed == KTLS_ALERT_MALFORMED_EMPTY);
	CHECK(EVHAS(&ev, LENGTH) && ev.length == 0);
	CHECK(!EVHAS(&ev, LEVEL) && ev.level == 0);
	CHECK(!EVHAS(&ev, DESCRIPTION) && ev.description == 0);
	CHECK(!ev.known && !ev.reserved);
	TEST_END();

	TEST_BEGIN("a truncated record's event has a level and no description");
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_CLASS,
			 KTLS_ALERT_CLASS_MALFORMED);
	mnl_attr_put_u8(nlh, KTLS_ALERT_A_EVENT_LEVEL, 2);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_MALFORMED,
			 KTLS_ALERT_MALFORMED_TRUNCATED);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_LENGTH, 1);
	CHECK(decode_event_exact(nlh, &ev, &e) == 0);
	CHECK(EVHAS(&ev, LEVEL) && ev.level == 2);
	CHECK(!EVHAS(&ev, DESCRIPTION));
	CHECK(ev.malformed == KTLS_ALERT_MALFORMED_TRUNCATED);
	TEST_END();

	TEST_BEGIN("reserved flag and a class this library does not know pass through");
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_CLASS, 9);
	mnl_attr_put_u8(nlh, KTLS_ALERT_A_EVENT_DESCRIPTION, 21);
	mnl_attr_put(nlh, KTLS_ALERT_A_EVENT_KNOWN, 0, NULL);
	mnl_attr_put(nlh, KTLS_ALERT_A_EVENT_RESERVED, 0, NULL);
	CHECK(decode_event_exact(nlh, &ev, &e) == 0);
	CHECK(ev.class == 9);
	CHECK(ev.known && ev.reserved);
	CHECK(EVHAS(&ev, RESERVED));
	TEST_END();
}

static void test_unknown_attrs(void)
{
	struct ktls_alert_event ev;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct kta_err e;
	uint8_t junk[37];

	memset(junk, 0xa5, sizeof(junk));
	TEST_BEGIN("unknown attributes, even nests of garbage, are skipped");
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put(nlh, KTLS_ALERT_A_EVENT_MAX + 1, sizeof(junk), junk);
	nest = mnl_attr_nest_start(nlh, KTLS_ALERT_A_EVENT_MAX + 7);
	mnl_attr_put(nlh, 1, sizeof(junk), junk);
	mnl_attr_nest_end(nlh, nest);
	/* a "nest" whose payload is not attributes at all */
	mnl_attr_put(nlh, 300 | NLA_F_NESTED, 3, junk);
	mnl_attr_put(nlh, 0, 5, junk);	/* type 0 is unused */
	nlb_sample_event(nlh, false, 3, true);
	mnl_attr_put(nlh, 0x7fff, sizeof(junk), junk);
	CHECK(decode_event_exact(nlh, &ev, &e) == 0);
	check_sample(&ev, false, 3);
	CHECK(!(ev.present >> (KTLS_ALERT_A_EVENT_MAX + 1)));
	TEST_END();

	TEST_BEGIN("a known attribute with NLA_F_NESTED set is still checked by type");
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_CLASS | NLA_F_NESTED, 3);
	CHECK(decode_event_exact(nlh, &ev, &e) == 0);
	CHECK(ev.class == 3);
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put(nlh, KTLS_ALERT_A_EVENT_CLASS | NLA_F_NESTED, 3, junk);
	CHECK(decode_event_exact(nlh, &ev, &e) == -EBADMSG);
	TEST_END();
}

/* One attribute of the wrong size must fail the whole event. */
struct bad_attr {
	const char *what;
	uint16_t type;
	uint16_t len;
};

static void test_bad_attrs(void)
{
	static const struct bad_attr bad[] = {
		{ "u32 class of 2 bytes", KTLS_ALERT_A_EVENT_CLASS, 2 },
		{ "u32 class of 8 bytes", KTLS_ALERT_A_EVENT_CLASS, 8 },
		{ "u32 class of 0 bytes", KTLS_ALERT_A_EVENT_CLASS, 0 },
		{ "u8 level of 4 bytes", KTLS_ALERT_A_EVENT_LEVEL, 4 },
		{ "u8 level of 0 bytes", KTLS_ALERT_A_EVENT_LEVEL, 0 },
		{ "u8 description of 2 bytes", KTLS_ALERT_A_EVENT_DESCRIPTION, 2 },
		{ "flag known with a payload", KTLS_ALERT_A_EVENT_KNOWN, 1 },
		{ "flag reserved with a payload", KTLS_ALERT_A_EVENT_RESERVED, 4 },
		{ "u32 malformed of 1 byte", KTLS_ALERT_A_EVENT_MALFORMED, 1 },
		{ "u32 length of 3 bytes", KTLS_ALERT_A_EVENT_LENGTH, 3 },
		{ "u16 tls-version of 4 bytes", KTLS_ALERT_A_EVENT_TLS_VERSION, 4 },
		{ "u16 cipher of 1 byte", KTLS_ALERT_A_EVENT_CIPHER, 1 },
		{ "u16 family of 8 bytes", KTLS_ALERT_A_EVENT_FAMILY, 8 },
		{ "local-addr of 5 bytes", KTLS_ALERT_A_EVENT_LOCAL_ADDR, 5 },
		{ "local-addr of 0 bytes", KTLS_ALERT_A_EVENT_LOCAL_ADDR, 0 },
		{ "peer-addr of 17 bytes", KTLS_ALERT_A_EVENT_PEER_ADDR, 17 },
		{ "u16 local-port of 4 bytes", KTLS_ALERT_A_EVENT_LOCAL_PORT, 4 },
		{ "u16 peer-port of 0 bytes", KTLS_ALERT_A_EVENT_PEER_PORT, 0 },
		{ "u64 sock-cookie of 4 bytes", KTLS_ALERT_A_EVENT_SOCK_COOKIE, 4 },
		{ "u64 sock-cookie of 12 bytes", KTLS_ALERT_A_EVENT_SOCK_COOKIE, 12 },
		{ "u32 netns-ino of 8 bytes", KTLS_ALERT_A_EVENT_NETNS_INO, 8 },
		{ "u64 netns-cookie of 7 bytes", KTLS_ALERT_A_EVENT_NETNS_COOKIE, 7 },
		{ "u32 pid of 2 bytes", KTLS_ALERT_A_EVENT_PID, 2 },
		{ "u32 tid of 6 bytes", KTLS_ALERT_A_EVENT_TID, 6 },
		{ "empty comm", KTLS_ALERT_A_EVENT_COMM, 0 },
		{ "comm of 100 characters", KTLS_ALERT_A_EVENT_COMM, 100 },
		{ "u32 uid of 0 bytes", KTLS_ALERT_A_EVENT_UID, 0 },
		{ "u64 timestamp of 1 byte", KTLS_ALERT_A_EVENT_TIMESTAMP, 1 },
		{ "u64 seq of 16 bytes", KTLS_ALERT_A_EVENT_SEQ, 16 },
	};
	struct ktls_alert_event ev;
	char name[128], payload[128];
	struct nlmsghdr *nlh;
	struct kta_err e;
	size_t i;

	memset(payload, 'x', sizeof(payload));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(name, sizeof(name), "an event with a %s is refused",
			 bad[i].what);
		TEST_BEGIN(name);
		nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
		nlb_sample_event(nlh, false, 1, true);
		mnl_attr_put(nlh, bad[i].type, bad[i].len, payload);
		e.msg[0] = '\0';
		CHECK(decode_event_exact(nlh, &ev, &e) == -EBADMSG);
		CHECKF(e.msg[0] != '\0', "no error text");
		TEST_END();
	}
}

static void test_semantics(void)
{
	struct ktls_alert_event ev;
	struct nlmsghdr *nlh;
	struct kta_err e;
	char comm[KTLS_ALERT_COMM_MAX];

	TEST_BEGIN("an event without a class is refused");
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put_u8(nlh, KTLS_ALERT_A_EVENT_LEVEL, 1);
	CHECK(decode_event_exact(nlh, &ev, &e) == -EBADMSG);
	CHECK(strstr(e.msg, "class") != NULL);
	TEST_END();

	TEST_BEGIN("an address whose size contradicts the family is refused");
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_CLASS, 1);
	mnl_attr_put_u16(nlh, KTLS_ALERT_A_EVENT_FAMILY, AF_INET);
	mnl_attr_put(nlh, KTLS_ALERT_A_EVENT_PEER_ADDR, 16, nlb_v6_peer);
	CHECK(decode_event_exact(nlh, &ev, &e) == -EBADMSG);
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_CLASS, 1);
	mnl_attr_put(nlh, KTLS_ALERT_A_EVENT_LOCAL_ADDR, 4, nlb_v4_local);
	mnl_attr_put_u16(nlh, KTLS_ALERT_A_EVENT_FAMILY, AF_INET6);
	CHECK(decode_event_exact(nlh, &ev, &e) == -EBADMSG);
	TEST_END();

	TEST_BEGIN("a comm without a terminating NUL is taken as it is");
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_CLASS, 1);
	mnl_attr_put(nlh, KTLS_ALERT_A_EVENT_COMM, 5, "abcde");
	CHECK(decode_event_exact(nlh, &ev, &e) == 0);
	CHECK_STR(ev.comm, "abcde");
	TEST_END();

	TEST_BEGIN("the longest comm that fits is kept whole; one more byte is refused");
	memset(comm, 'c', sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_CLASS, 1);
	mnl_attr_put_strz(nlh, KTLS_ALERT_A_EVENT_COMM, comm);
	CHECK(decode_event_exact(nlh, &ev, &e) == 0);
	CHECK(strlen(ev.comm) == sizeof(comm) - 1);
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_CLASS, 1);
	memset(comm, 'c', sizeof(comm));	/* 64 bytes, no NUL */
	mnl_attr_put(nlh, KTLS_ALERT_A_EVENT_COMM, sizeof(comm), comm);
	CHECK(decode_event_exact(nlh, &ev, &e) == -EBADMSG);
	TEST_END();
}

/*
 * Whether an attribute stream cut after @len bytes still parses: the cut
 * must fall between the end of one attribute's data and the start of the
 * next (inside trailing padding is fine, as for the kernel's nla_ok()).
 */
static bool cut_between_attrs(const struct nlmsghdr *nlh, size_t len)
{
	const struct nlattr *attr;
	size_t start, end, next;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		start = (const char *)attr - (const char *)nlh;
		end = start + attr->nla_len;
		next = start + MNL_ALIGN(attr->nla_len);
		if (len >= end && len <= next)
			return true;
	}
	return false;
}

static void test_truncation(void)
{
	struct ktls_alert_event ev;
	struct nlmsghdr *nlh, *copy;
	size_t full, len, first;
	bool ok = true;
	struct kta_err e;
	int ret, want;

	TEST_BEGIN("an attribute stream cut anywhere fails unless cut between attributes");
	nlh = nlb_event_msg(buf, true, 11);
	full = nlh->nlmsg_len;
	first = NLMSG_HDRLEN + GENL_HDRLEN;
	for (len = first; len < full; len++) {
		/* Before the end of the first attribute (the class) the
		 * event lacks its class, which is an error too.
		 */
		want = cut_between_attrs(nlh, len) &&
		       len >= first + MNL_ATTR_HDRLEN + 4 ? 0 : -EBADMSG;
		copy = exact_copy(nlh, len);
		copy->nlmsg_len = len;
		ret = kta_decode_event(copy, &ev, &e);
		free(copy);
		if (ret != want) {
			printf("# cut at %zu: got %d, want %d (%s)\n", len, ret,
			       want, e.msg);
			ok = false;
		}
	}
	CHECK(ok);
	TEST_END();

	TEST_BEGIN("a message too short for the generic netlink header is refused");
	for (len = NLMSG_HDRLEN; len < NLMSG_HDRLEN + GENL_HDRLEN; len++) {
		copy = exact_copy(nlh, len);
		copy->nlmsg_len = len;
		CHECK(kta_decode_event(copy, &ev, &e) == -EBADMSG);
		CHECK(kta_decode_stats(copy, (void *)buf2, &e) == -EBADMSG);
		CHECK(kta_decode_info(copy, (void *)buf2, &e) == -EBADMSG);
		CHECK(kta_decode_family(copy, (void *)buf2, &e) == -EBADMSG);
		free(copy);
	}
	TEST_END();
}

/* ---- the datagram walker ---- */

struct seen {
	int n;
	uint64_t seqs[16];
	int stop_after;
	int fail_with;
};

static int on_event(const struct ktls_alert_event *ev, void *data)
{
	struct seen *s = data;

	if (s->n < 16)
		s->seqs[s->n] = ev->seq;
	s->n++;
	if (s->fail_with)
		return s->fail_with;
	return s->stop_after && s->n >= s->stop_after ? 1 : 0;
}

/* Append a copy of @nlh to the datagram at @dg, @len bytes so far. */
static size_t dg_append(char *dg, size_t len, const struct nlmsghdr *nlh)
{
	memcpy(dg + len, nlh, nlh->nlmsg_len);
	return len + NLMSG_ALIGN(nlh->nlmsg_len);
}

static void test_dispatch_buf(void)
{
	static char dg[NLB_BUFSZ] __attribute__((aligned(8)));
	size_t len, cut, bounds[16], nr_bounds = 0;
	struct ktls_alert h = { 0 };
	struct nlmsghdr *nlh;
	bool is_event[16];
	struct seen s;
	int delivered, ret;
	char *copy;

	h.fam.id = NLB_FAMILY_ID;

	TEST_BEGIN("a datagram of several messages delivers only alert notifications, in order");
	len = 0;
#define APPEND(msg, ev) do {					\
		len = dg_append(dg, len, (msg));		\
		bounds[nr_bounds] = len;			\
		is_event[nr_bounds++] = (ev);			\
	} while (0)
	APPEND(nlb_event_msg(buf, false, 1), true);
	nlh = nlb_genl(buf, NLB_FAMILY_ID + 1, KTLS_ALERT_CMD_ALERT);
	nlb_sample_event(nlh, false, 100, true);	/* another family */
	APPEND(nlh, false);
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_GET_STATS);
	APPEND(nlh, false);				/* another command */
	nlh = nlb_genl(buf, NLMSG_NOOP, 0);
	nlh->nlmsg_len = NLMSG_HDRLEN;
	APPEND(nlh, false);
	APPEND(nlb_event_msg(buf, true, 2), true);
	nlh = nlb_genl(buf, NLB_FAMILY_ID, 200);	/* a future command */
	APPEND(nlh, false);
	APPEND(nlb_event_msg(buf, false, 3), true);
#undef APPEND
	memset(&s, 0, sizeof(s));
	delivered = 0;
	copy = exact_copy(dg, len);
	ret = kta_dispatch_buf(&h, copy, len, on_event, &s, &delivered);
	free(copy);
	CHECK(ret == 0);
	CHECK(delivered == 3);
	CHECK(s.n == 3 && s.seqs[0] == 1 && s.seqs[1] == 2 && s.seqs[2] == 3);
	TEST_END();

	TEST_BEGIN("a callback's positive return stops the walk after that event");
	memset(&s, 0, sizeof(s));
	s.stop_after = 2;
	delivered = 0;
	ret = kta_dispatch_buf(&h, dg, len, on_event, &s, &delivered);
	CHECK(ret == KTA_STOP);
	CHECK(delivered == 2 && s.n == 2);
	TEST_END();

	TEST_BEGIN("a callback's negative errno stops the walk and is returned");
	memset(&s, 0, sizeof(s));
	s.fail_with = -EIO;
	delivered = 0;
	ret = kta_dispatch_buf(&h, dg, len, on_event, &s, &delivered);
	CHECK(ret == -EIO);
	CHECK(delivered == 0 && s.n == 1);
	CHECK(h.err.msg[0] != '\0');
	TEST_END();

	TEST_BEGIN("a datagram cut between messages delivers what is whole; any other cut is refused");
	for (cut = 1; cut < len; cut++) {
		size_t i, events_before = 0;
		bool boundary = false;

		for (i = 0; i < nr_bounds; i++) {
			if (bounds[i] == cut)
				boundary = true;
			if (bounds[i] <= cut && is_event[i])
				events_before++;
		}
		copy = exact_copy(dg, cut);
		memset(&s, 0, sizeof(s));
		delivered = 0;
		ret = kta_dispatch_buf(&h, copy, cut, on_event, &s, &delivered);
		free(copy);
		if (boundary)
			CHECKF(ret == 0 && (size_t)delivered == events_before,
			       "cut %zu: ret %d delivered %d want %zu", cut,
			       ret, delivered, events_before);
		else
			CHECKF(ret == -EBADMSG, "cut %zu: ret %d", cut, ret);
	}
	TEST_END();

	TEST_BEGIN("an nlmsg_len smaller than the header or larger than the datagram is refused");
	nlh = nlb_event_msg(buf, false, 1);
	len = nlh->nlmsg_len;
	nlh->nlmsg_len = 8;
	delivered = 0;
	CHECK(kta_dispatch_buf(&h, buf, len, on_event, &s, &delivered) ==
	      -EBADMSG);
	nlh->nlmsg_len = len + 4;
	CHECK(kta_dispatch_buf(&h, buf, len, on_event, &s, &delivered) ==
	      -EBADMSG);
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;	/* no room for genlmsghdr */
	CHECK(kta_dispatch_buf(&h, buf, len, on_event, &s, &delivered) ==
	      -EBADMSG);
	CHECK(delivered == 0);
	TEST_END();

	TEST_BEGIN("an error message on the event socket is returned as its errno");
	nlh = nlb_genl(buf2, NLB_FAMILY_ID, KTLS_ALERT_CMD_GET_INFO);
	nlh = nlb_ack(buf, nlh, -ENOMEM, NULL, true);
	delivered = 0;
	CHECK(kta_dispatch_buf(&h, buf, nlh->nlmsg_len, on_event, &s,
			       &delivered) == -ENOMEM);
	nlh = nlb_ack(buf, nlb_genl(buf2, 1, 0), 0, NULL, true);
	CHECK(kta_dispatch_buf(&h, buf, nlh->nlmsg_len, on_event, &s,
			       &delivered) == 0);
	TEST_END();
}

/* ---- nlctrl family replies ---- */

static void test_family(void)
{
	static const char *const grps[] = { "other", "alerts", NULL };
	static const char *const other[] = { "events", NULL };
	struct nlmsghdr *nlh;
	struct kta_family fam;
	struct kta_err e;
	void *copy;

	TEST_BEGIN("an nlctrl reply gives the family id, version and alerts group");
	nlh = nlb_genl(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	nlb_family_reply(nlh, KTLS_ALERT_FAMILY_NAME, 0x1d, 1, grps, 9);
	copy = exact_copy(nlh, nlh->nlmsg_len);
	CHECK(kta_decode_family(copy, &fam, &e) == 0);
	free(copy);
	CHECK(fam.has_id && fam.id == 0x1d);
	CHECK(fam.version == 1);
	CHECK(fam.has_alerts_grp && fam.alerts_grp == 10);
	TEST_END();

	TEST_BEGIN("an nlctrl reply without the alerts group says so");
	nlh = nlb_genl(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	nlb_family_reply(nlh, KTLS_ALERT_FAMILY_NAME, 0x1d, 1, other, 3);
	CHECK(kta_decode_family(nlh, &fam, &e) == 0);
	CHECK(!fam.has_alerts_grp);
	nlh = nlb_genl(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	nlb_family_reply(nlh, KTLS_ALERT_FAMILY_NAME, 0x1d, 1, NULL, 0);
	CHECK(kta_decode_family(nlh, &fam, &e) == 0);
	CHECK(!fam.has_alerts_grp);
	TEST_END();

	TEST_BEGIN("an nlctrl reply about another family or without an id is refused");
	nlh = nlb_genl(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	nlb_family_reply(nlh, "nlctrl", 0x10, 2, grps, 1);
	CHECK(kta_decode_family(nlh, &fam, &e) == -EBADMSG);
	nlh = nlb_genl(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, KTLS_ALERT_FAMILY_NAME);
	CHECK(kta_decode_family(nlh, &fam, &e) == -EBADMSG);
	TEST_END();

	TEST_BEGIN("garbage in the multicast group list is refused");
	nlh = nlb_genl(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1d);
	mnl_attr_put(nlh, CTRL_ATTR_MCAST_GROUPS, 6, "\x08\x00\x01\x00zz");
	CHECK(kta_decode_family(nlh, &fam, &e) == -EBADMSG);
	nlh = nlb_genl(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1d);
	mnl_attr_put(nlh, CTRL_ATTR_MCAST_GROUPS, 2, "ab");
	CHECK(kta_decode_family(nlh, &fam, &e) == -EBADMSG);
	nlh = nlb_genl(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put(nlh, CTRL_ATTR_FAMILY_ID, 4, "abcd");
	CHECK(kta_decode_family(nlh, &fam, &e) == -EBADMSG);
	TEST_END();
}

/* ---- acknowledgements ---- */

static void test_acks(void)
{
	struct nlmsghdr *req, *nlh;
	struct nlmsgerr *err;
	struct kta_err e;
	int code;
	void *copy;

	req = nlb_genl(buf2, NLB_FAMILY_ID, KTLS_ALERT_CMD_RESET_STATS);
	mnl_attr_put_u32(req, 1, 1234);
	req->nlmsg_seq = 77;

	TEST_BEGIN("a plain ack decodes to 0 with no text");
	nlh = nlb_ack(buf, req, 0, NULL, true);
	copy = exact_copy(nlh, nlh->nlmsg_len);
	CHECK(kta_decode_ack(copy, &code, &e) == 0);
	free(copy);
	CHECK(code == 0);
	CHECK_STR(e.msg, "");
	TEST_END();

	TEST_BEGIN("an error with an extended ack gives the errno and the kernel's text");
	nlh = nlb_ack(buf, req, -EPERM, "needs CAP_NET_ADMIN", true);
	copy = exact_copy(nlh, nlh->nlmsg_len);
	CHECK(kta_decode_ack(copy, &code, &e) == 0);
	free(copy);
	CHECK(code == -EPERM);
	CHECK_STR(e.msg, "needs CAP_NET_ADMIN");
	TEST_END();

	TEST_BEGIN("the extended ack is found after an echoed (uncapped) request");
	nlh = nlb_ack(buf, req, -EINVAL, "bad thing", false);
	copy = exact_copy(nlh, nlh->nlmsg_len);
	CHECK(kta_decode_ack(copy, &code, &e) == 0);
	free(copy);
	CHECK(code == -EINVAL);
	CHECK_STR(e.msg, "bad thing");
	nlh = nlb_ack(buf, req, -EINVAL, NULL, false);
	CHECK(kta_decode_ack(nlh, &code, &e) == 0);
	CHECK(code == -EINVAL);
	CHECK_STR(e.msg, "");
	TEST_END();

	TEST_BEGIN("a truncated error message or an overlong echo is refused");
	nlh = nlb_ack(buf, req, -EPERM, NULL, true);
	nlh->nlmsg_len = NLMSG_HDRLEN + sizeof(*err) - 1;
	copy = exact_copy(nlh, nlh->nlmsg_len);
	CHECK(kta_decode_ack(copy, &code, &e) == -EBADMSG);
	free(copy);
	nlh = nlb_ack(buf, req, -EPERM, "x", false);
	err = mnl_nlmsg_get_payload(nlh);
	err->msg.nlmsg_len = 4000;
	copy = exact_copy(nlh, nlh->nlmsg_len);
	CHECK(kta_decode_ack(copy, &code, &e) == -EBADMSG);
	free(copy);
	err->msg.nlmsg_len = 3;
	CHECK(kta_decode_ack(nlh, &code, &e) == -EBADMSG);
	TEST_END();

	TEST_BEGIN("an extended ack text without its NUL is refused");
	nlh = nlb_ack(buf, req, -EPERM, NULL, true);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put(nlh, NLMSGERR_ATTR_MSG, 3, "abc");
	CHECK(kta_decode_ack(nlh, &code, &e) == -EBADMSG);
	TEST_END();
}

/* ---- get-info ---- */

static void test_info(void)
{
	struct ktls_alert_info info;
	struct nlmsghdr *nlh;
	char longstr[400];
	struct kta_err e;
	void *copy;

	TEST_BEGIN("a get-info reply decodes every attribute");
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_GET_INFO);
	nlb_sample_info(nlh);
	copy = exact_copy(nlh, nlh->nlmsg_len);
	CHECK(kta_decode_info(copy, &info, &e) == 0);
	free(copy);
	CHECK_STR(info.version, "1.0");
	CHECK_STR(info.release, "6.12.0-test");
	CHECK(info.hook_attached);
	CHECK(!info.tls_loaded);
	CHECK(KTLS_ALERT_HAS(&info, KTLS_ALERT_A_INFO_TLS_LOADED));
	CHECK_STR(info.hook, "kretprobe:tls_rx_one_record");
	TEST_END();

	TEST_BEGIN("a get-info reply with a bad attribute is refused");
	memset(longstr, 'r', sizeof(longstr) - 1);
	longstr[sizeof(longstr) - 1] = '\0';
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_GET_INFO);
	mnl_attr_put_strz(nlh, KTLS_ALERT_A_INFO_RELEASE, longstr);
	CHECK(kta_decode_info(nlh, &info, &e) == -EBADMSG);
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_GET_INFO);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_INFO_HOOK_ATTACHED, 1);
	CHECK(kta_decode_info(nlh, &info, &e) == -EBADMSG);
	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_GET_INFO);
	mnl_attr_put(nlh, KTLS_ALERT_A_INFO_VERSION, 0, NULL);
	CHECK(kta_decode_info(nlh, &info, &e) == -EBADMSG);
	TEST_END();
}

int main(void)
{
	test_valid_events();
	test_malformed_records();
	test_unknown_attrs();
	test_bad_attrs();
	test_semantics();
	test_truncation();
	test_dispatch_buf();
	test_family();
	test_acks();
	test_info();
	return tap_done();
}
