// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink fuzzer for the ktls_alert family: randomised and mutated generic
 * netlink messages, every command id (unknown ones too), attributes of
 * wrong types and lengths, nested garbage, truncated headers, dump requests
 * and odd flags. selftests/fuzz.sh runs it as root and, through setpriv, as
 * an unprivileged user.
 *
 *   fuzz_netlink [--count N] [--seed S] [--unprivileged]
 *
 * What must hold, and is checked:
 *  - every message that asks for an answer (NLM_F_ACK or NLM_F_DUMP, or a
 *    malformed one) gets one within 5 s: no hang;
 *  - unprivileged: every reset-stats request is refused, and every attempt
 *    to join the "alerts" group fails with EPERM;
 *  - the module's counters are exactly the same afterwards (no message
 *    here is a valid reset-stats from root: root's reset-stats messages
 *    always carry an attribute, which the family refuses);
 *  - the family still answers get-info afterwards.
 * A kernel splat fails the VM run on its own (scripts/vm-run).
 * TAP output.
 */
#include <errno.h>
#include <getopt.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <ktls_alert/ktls_alert.h>

#include "lib/fuzz.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

/*
 * Everything a reset would change. "missed" is module-wide, but nothing
 * else runs during the fuzz.
 */
static int stats_equal(const struct ktls_alert_stats *a,
		       const struct ktls_alert_stats *b)
{
	return !memcmp(a->class_count, b->class_count, sizeof(a->class_count)) &&
	       !memcmp(a->desc_count, b->desc_count, sizeof(a->desc_count)) &&
	       !memcmp(a->malformed, b->malformed, sizeof(a->malformed)) &&
	       !memcmp(a->control, b->control, sizeof(a->control)) &&
	       a->undelivered == b->undelivered && a->missed == b->missed;
}

#define BUFSZ	8192

/* Append one attribute; may lie about its length on purpose. */
static size_t put_attr(uint8_t *p, size_t room, uint16_t type, size_t len,
		       int lie)
{
	struct nlattr *a = (struct nlattr *)p;
	size_t total = NLA_ALIGN(NLA_HDRLEN + len), i;

	if (total > room)
		return 0;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (lie)
		a->nla_len = below(2) ? below(NLA_HDRLEN) : a->nla_len + 1 + below(64);
	for (i = 0; i < len; i++)
		p[NLA_HDRLEN + i] = rnd();
	return total;
}

/* Random attributes, sometimes nested, sometimes with lying lengths. */
static size_t put_attrs(uint8_t *p, size_t room, int depth)
{
	size_t used = 0, n = below(6), k, got;

	for (k = 0; k < n; k++) {
		uint16_t type = below(4) ? 1 + below(30) : rnd();
		size_t len = below(3) ? below(17) : below(200);

		if (depth < 3 && below(4) == 0) {
			struct nlattr *a = (struct nlattr *)(p + used);

			if (room - used < NLA_HDRLEN)
				break;
			got = put_attrs(p + used + NLA_HDRLEN,
					room - used - NLA_HDRLEN, depth + 1);
			a->nla_type = type | NLA_F_NESTED;
			a->nla_len = NLA_HDRLEN + got;
			used += NLA_ALIGN(NLA_HDRLEN + got);
			continue;
		}
		got = put_attr(p + used, room - used, type, len, below(10) == 0);
		if (!got)
			break;
		used += got;
	}
	return used;
}

static const uint16_t flag_choices[] = {
	NLM_F_REQUEST,
	NLM_F_REQUEST | NLM_F_ACK,
	NLM_F_REQUEST | NLM_F_DUMP,
	NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP,
	NLM_F_REQUEST | NLM_F_ECHO,
	NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE,
	NLM_F_REQUEST | NLM_F_ACK | NLM_F_APPEND,
	NLM_F_REQUEST | NLM_F_ACK | NLM_F_ROOT,
	NLM_F_ACK,
};

struct msg {
	size_t len;		/* bytes to send */
	uint8_t cmd;
	int wants_answer;	/* the kernel must say something */
};

static void build(uint8_t *buf, struct msg *m, uint16_t family,
		  uint32_t seq, int root)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	uint8_t *attrs = (uint8_t *)g + GENL_HDRLEN;
	size_t room = BUFSZ - NLMSG_HDRLEN - GENL_HDRLEN, alen;
	unsigned int shape = below(10);

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = flag_choices[below(sizeof(flag_choices) /
					      sizeof(flag_choices[0]))];
	if (below(8) == 0)
		nlh->nlmsg_flags |= rnd() & 0xffc0;
	nlh->nlmsg_seq = seq;
	/* Mostly the real commands and their neighbours, sometimes any id. */
	g->cmd = below(3) ? below(8) : rnd();
	g->version = below(4) ? 1 : rnd();
	g->reserved = below(10) ? 0 : rnd();

	alen = below(3) ? 0 : put_attrs(attrs, room, 0);
	/* Root never sends a valid reset-stats: give it an attribute. */
	if (root && g->cmd == KTLS_ALERT_CMD_RESET_STATS && !alen)
		alen = put_attr(attrs, room, 1 + below(8), 4, 0);
	nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + alen;
	m->len = nlh->nlmsg_len;

	switch (shape) {
	case 0:	/* truncated generic netlink header */
		nlh->nlmsg_len = NLMSG_HDRLEN + below(GENL_HDRLEN);
		m->len = nlh->nlmsg_len;
		break;
	case 1:	/* header claims more than was sent, or less */
		if (below(2))
			nlh->nlmsg_len = m->len + 1 + below(512);
		else if (m->len > NLMSG_HDRLEN + GENL_HDRLEN)
			nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN +
					 below(m->len - NLMSG_HDRLEN - GENL_HDRLEN);
		break;
	case 2:	/* a few bits flipped anywhere after the length */
		for (int i = 0; i < 1 + (int)below(4); i++)
			buf[4 + below(m->len - 4)] ^= 1 << below(8);
		if (root && g->cmd == KTLS_ALERT_CMD_RESET_STATS && !alen)
			g->cmd = KTLS_ALERT_CMD_GET_STATS;
		/* Keep it addressed to the family, and its answer findable. */
		nlh->nlmsg_type = family;
		nlh->nlmsg_seq = seq;
		break;
	default:
		break;
	}
	/*
	 * What the kernel parses is nlmsg_len, not what was sent: a
	 * reset-stats whose nlmsg_len stops right after the generic header is
	 * valid. Root must not send one.
	 */
	if (root && g->cmd == KTLS_ALERT_CMD_RESET_STATS &&
	    nlh->nlmsg_len <= NLMSG_HDRLEN + GENL_HDRLEN)
		g->cmd = KTLS_ALERT_CMD_GET_STATS;
	/* Without NLM_F_REQUEST the core acks without running the command. */
	m->cmd = (nlh->nlmsg_flags & NLM_F_REQUEST) ? g->cmd : 0;
	/*
	 * The kernel answers a request that fails, and acks one that asks.
	 * A message whose nlmsg_len is shorter than its header, or longer
	 * than what was sent, is dropped by the netlink core without a word.
	 */
	m->wants_answer = (nlh->nlmsg_flags & NLM_F_REQUEST) &&
			  (nlh->nlmsg_flags & NLM_F_ACK) &&
			  nlh->nlmsg_len >= NLMSG_HDRLEN &&
			  nlh->nlmsg_len <= m->len;
}

/* Read every pending answer; note errors for unprivileged reset-stats. */
static int drain(int fd, uint32_t want_seq, int wait_ms, int *answered,
		 unsigned long *resets_accepted, const uint8_t *cmd_of_seq,
		 uint32_t seq_base)
{
	static uint8_t rbuf[65536];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;

	*answered = 0;
	for (;;) {
		if (poll(&pfd, 1, *answered ? 0 : wait_ms) <= 0)
			return 0;
		n = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
		if (n < 0)
			return errno == EAGAIN ? 0 : -errno;
		for (struct nlmsghdr *h = (struct nlmsghdr *)rbuf;
		     NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq == want_seq)
				*answered = 1;
			if (h->nlmsg_type == NLMSG_ERROR &&
			    h->nlmsg_seq - seq_base < 65536) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				if (cmd_of_seq[h->nlmsg_seq - seq_base] ==
				    KTLS_ALERT_CMD_RESET_STATS && e->error == 0)
					(*resets_accepted)++;
			}
		}
	}
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ "unprivileged", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long count = 50000, sent = 0, answered_ok = 0, unanswered = 0;
	unsigned long resets_accepted = 0, joins = 0, joins_refused = 0;
	struct ktls_alert_stats before, after;
	struct ktls_alert_info info;
	static uint8_t cmd_of_seq[65536];
	int unpriv = 0, c, fd, one = 1, err, answered;
	static uint8_t buf[BUFSZ];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct ktls_alert *h;
	uint64_t seed = 0;
	char why[256];
	uint16_t family;
	uint32_t seq_base = 1000;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'c':
			count = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'u':
			unpriv = 1;
			break;
		default:
			fprintf(stderr, "usage: fuzz_netlink [--count N] [--seed S] [--unprivileged]\n");
			return 2;
		}
	}
	if (!count) {
		fprintf(stderr, "fuzz_netlink: --count must be at least 1\n");
		return 2;
	}
	if (!seed)
		seed = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull ^ (uint64_t)time(NULL);
	fuzz_seed(seed);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("# fuzz_netlink: %lu messages, seed %llu, %s\n", count,
	       (unsigned long long)seed, unpriv ? "unprivileged" : "root");

	err = ktls_alert_open(&h, why, sizeof(why));
	if (err) {
		tap(0, "open the ktls_alert family: %s", why);
		return 1;
	}
	family = ktls_alert_family_id(h);
	err = ktls_alert_get_stats(h, &before);
	if (err) {
		tap(0, "get-stats before fuzzing: %s", ktls_alert_last_error(h));
		return 1;
	}

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		tap(0, "netlink socket: %s", strerror(errno));
		return 1;
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));

	for (sent = 0; sent < count; sent++) {
		uint32_t seq = seq_base + (sent % 60000);
		struct msg m;

		build(buf, &m, family, seq, !unpriv);
		cmd_of_seq[seq - seq_base] = m.cmd;
		if (send(fd, buf, m.len, 0) < 0 && errno != EINVAL &&
		    errno != EMSGSIZE && errno != EPERM && errno != ENOBUFS) {
			tap(0, "send failed: %s (message %lu)", strerror(errno), sent);
			break;
		}
		err = drain(fd, seq, m.wants_answer ? 5000 : 0, &answered,
			    &resets_accepted, cmd_of_seq, seq_base);
		if (err) {
			tap(0, "receive failed: %s", strerror(-err));
			break;
		}
		if (m.wants_answer) {
			if (answered)
				answered_ok++;
			else
				unanswered++;
		}
		/* Every so often, try to join the alerts group. */
		if (sent % 997 == 0) {
			int r = ktls_alert_subscribe(h);

			joins++;
			if (unpriv && r == -EPERM)
				joins_refused++;
			else if (!unpriv && r == 0)
				joins_refused++;	/* root: expected to work */
		}
	}
	close(fd);

	tap(sent == count, "%lu fuzzed messages sent to the family (seed %llu)",
	    sent, (unsigned long long)seed);
	tap(unanswered == 0, "every request that asked for an answer got one "
	    "within 5 s (%lu answered, %lu not)", answered_ok, unanswered);
	if (unpriv) {
		tap(resets_accepted == 0,
		    "no unprivileged reset-stats was accepted (%lu were)",
		    resets_accepted);
		tap(joins_refused == joins,
		    "joining the alerts group is refused with EPERM every time "
		    "(%lu of %lu)", joins_refused, joins);
	} else {
		tap(joins_refused == joins,
		    "root can join the alerts group throughout (%lu of %lu)",
		    joins_refused, joins);
	}
	err = ktls_alert_get_stats(h, &after);
	if (!err && !stats_equal(&before, &after))
		printf("# counters moved: closure %llu -> %llu, fatal %llu -> %llu, "
		       "undelivered %llu -> %llu, missed %llu -> %llu\n",
		       (unsigned long long)before.class_count[KTLS_ALERT_CLASS_CLOSURE],
		       (unsigned long long)after.class_count[KTLS_ALERT_CLASS_CLOSURE],
		       (unsigned long long)before.class_count[KTLS_ALERT_CLASS_FATAL],
		       (unsigned long long)after.class_count[KTLS_ALERT_CLASS_FATAL],
		       (unsigned long long)before.undelivered,
		       (unsigned long long)after.undelivered,
		       (unsigned long long)before.missed,
		       (unsigned long long)after.missed);
	tap(!err && stats_equal(&before, &after),
	    "the module's counters are unchanged by the fuzzed requests");
	err = ktls_alert_get_info(h, &info);
	tap(!err && info.hook_attached, "the family still answers get-info, hook attached");
	ktls_alert_close(h);
	return tap_plan();
}
