// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * The library against real netlink sockets, on a host without the module:
 *
 * - ktls_alert_open() on a kernel without the family gives -ENOENT;
 * - ktls_alert_dispatch() and the lost-event accounting run on a real
 *   socket that a sender floods. NETLINK_USERSOCK lets a user process
 *   multicast to a group, so the sender stands in for the module: it sends
 *   genuine ktls_alert notifications, the receiving socket overruns, and
 *   the kernel's drop counter is what the library reads.
 *
 *   sender (usersock) --multicast group 5--> handle's event socket
 *                                             (small receive buffer)
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "nlbuild.h"
#include "tap.h"

#define GROUP	5

static char buf[NLB_BUFSZ] __attribute__((aligned(8)));

static void test_open_without_module(void)
{
	struct ktls_alert *h = (void *)1;
	char err[256] = "";
	struct stat st;
	int ret;

	if (!stat("/sys/module/ktls_alert", &st)) {
		TEST_SKIP("open without the module loaded gives -ENOENT",
			  "the module is loaded on this machine");
		return;
	}
	TEST_BEGIN("open without the module loaded gives -ENOENT and says modprobe");
	ret = ktls_alert_open(&h, err, sizeof(err));
	CHECKF(ret == -ENOENT, "ret %d: %s", ret, err);
	CHECK(h == NULL);
	CHECKF(strstr(err, "modprobe ktls_alert") != NULL, "text: %s", err);
	TEST_END();
}

/* A handle whose event socket is a usersock socket in group GROUP. */
static struct ktls_alert *usersock_handle(int rcvbuf)
{
	int grp = GROUP;
	struct ktls_alert *h;

	h = calloc(1, sizeof(*h));
	if (!h)
		abort();
	h->rxbuf_len = KTA_RXBUF;
	h->rxbuf = malloc(h->rxbuf_len);
	h->fam.id = NLB_FAMILY_ID;
	h->ev = mnl_socket_open(NETLINK_USERSOCK);
	if (!h->rxbuf || !h->ev ||
	    mnl_socket_bind(h->ev, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    setsockopt(mnl_socket_get_fd(h->ev), SOL_NETLINK,
		       NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)) < 0 ||
	    (rcvbuf && ktls_alert_set_rcvbuf(h, rcvbuf) < 0)) {
		ktls_alert_close(h);
		return NULL;
	}
	kta_read_drops(h, &h->drops_seen);
	return h;
}

static struct mnl_socket *sender(void)
{
	struct mnl_socket *s = mnl_socket_open(NETLINK_USERSOCK);

	if (s && mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) < 0) {
		mnl_socket_close(s);
		return NULL;
	}
	return s;
}

/* Multicast @n alert notifications numbered from @first; returns how many
 * the kernel took.
 */
static int flood(struct mnl_socket *s, uint64_t first, int n)
{
	struct sockaddr_nl to = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1U << (GROUP - 1),
	};
	struct nlmsghdr *nlh;
	int i, sent = 0;

	for (i = 0; i < n; i++) {
		nlh = nlb_event_msg(buf, i % 2, first + i);
		/* The kernel multicasts first, then tries port 0, where no
		 * usersock listens: ECONNREFUSED means the multicast went.
		 */
		if (sendto(mnl_socket_get_fd(s), nlh, nlh->nlmsg_len, 0,
			   (struct sockaddr *)&to, sizeof(to)) ==
		    (ssize_t)nlh->nlmsg_len || errno == ECONNREFUSED)
			sent++;
		else
			printf("# sendto: %s\n", strerror(errno));
	}
	return sent;
}

struct tally {
	int events;
	uint64_t lost;
	int lost_calls;
	uint64_t last_seq;
	bool in_order;
	bool fields_ok;
	int stop_after;
};

static int tally_event(const struct ktls_alert_event *ev, void *data)
{
	struct tally *t = data;

	if (t->events && ev->seq <= t->last_seq)
		t->in_order = false;
	if (ev->class != S_CLASS || ev->description != S_DESC ||
	    ev->pid != S_PID || strcmp(ev->comm, S_COMM))
		t->fields_ok = false;
	t->last_seq = ev->seq;
	t->events++;
	return t->stop_after && t->events >= t->stop_after ? 1 : 0;
}

static int tally_lost(uint64_t lost, void *data)
{
	struct tally *t = data;

	t->lost += lost;
	t->lost_calls++;
	return 0;
}

static void tally_init(struct tally *t)
{
	memset(t, 0, sizeof(*t));
	t->in_order = true;
	t->fields_ok = true;
}

static void test_overrun(void)
{
	struct mnl_socket *s;
	struct ktls_alert *h;
	struct tally t;
	int sent, ret;

	h = usersock_handle(4096);
	s = sender();
	if (!h || !s) {
		TEST_SKIP("an overrun is reported as lost events, and delivered plus lost equals sent",
			  "no NETLINK_USERSOCK multicast here");
		TEST_SKIP("the handle keeps working after an overrun",
			  "no NETLINK_USERSOCK multicast here");
		TEST_SKIP("dispatch never blocks on an empty socket",
			  "no NETLINK_USERSOCK multicast here");
		TEST_SKIP("a callback can stop dispatch; the rest waits for the next call",
			  "no NETLINK_USERSOCK multicast here");
		TEST_SKIP("a bad notification is an error, and the next call goes on",
			  "no NETLINK_USERSOCK multicast here");
		if (s)
			mnl_socket_close(s);
		ktls_alert_close(h);
		return;
	}

	TEST_BEGIN("an overrun is reported as lost events, and delivered plus lost equals sent");
	sent = flood(s, 1, 3000);
	tally_init(&t);
	ret = ktls_alert_dispatch(h, tally_event, tally_lost, &t);
	CHECKF(ret == t.events, "dispatch %d, events %d: %s", ret, t.events,
	       ktls_alert_last_error(h));
	CHECKF(sent == 3000, "sent %d", sent);
	CHECKF(t.lost > 0, "nothing lost of %d with a 4 KiB buffer", sent);
	CHECKF(t.events > 0, "nothing delivered");
	CHECKF((uint64_t)t.events + t.lost == (uint64_t)sent,
	       "%d delivered + %llu lost != %d sent", t.events,
	       (unsigned long long)t.lost, sent);
	CHECK(ktls_alert_lost_total(h) == t.lost);
	CHECK(t.lost_calls >= 1);
	CHECK(t.in_order);
	CHECK(t.fields_ok);
	TEST_END();

	TEST_BEGIN("the handle keeps working after an overrun");
	sent = flood(s, 5000, 5);
	tally_init(&t);
	ret = ktls_alert_dispatch(h, tally_event, tally_lost, &t);
	CHECKF(ret == 5 && t.events == 5 && t.lost == 0,
	       "ret %d events %d lost %llu", ret, t.events,
	       (unsigned long long)t.lost);
	CHECK(t.last_seq == 5004);
	TEST_END();

	TEST_BEGIN("dispatch never blocks on an empty socket");
	tally_init(&t);
	ret = ktls_alert_dispatch(h, tally_event, NULL, &t);
	CHECK(ret == 0 && t.events == 0);
	TEST_END();

	TEST_BEGIN("a callback can stop dispatch; the rest waits for the next call");
	flood(s, 100, 5);
	tally_init(&t);
	t.stop_after = 2;
	ret = ktls_alert_dispatch(h, tally_event, NULL, &t);
	CHECKF(ret == 2, "first call %d", ret);
	tally_init(&t);
	ret = ktls_alert_dispatch(h, tally_event, NULL, &t);
	CHECKF(ret == 3 && t.last_seq == 104, "second call %d", ret);
	TEST_END();

	TEST_BEGIN("a bad notification is an error, and the next call goes on");
	{
		struct sockaddr_nl to = {
			.nl_family = AF_NETLINK,
			.nl_groups = 1U << (GROUP - 1),
		};
		struct nlmsghdr *nlh;

		flood(s, 200, 1);
		nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
		mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_CLASS, 1);
		mnl_attr_put_u16(nlh, KTLS_ALERT_A_EVENT_LOCAL_PORT, 1);
		/* the port attribute claims 2 bytes more than there are */
		((struct nlattr *)((char *)nlh + nlh->nlmsg_len - 8))->nla_len += 4;
		sendto(mnl_socket_get_fd(s), nlh, nlh->nlmsg_len, 0,
		       (struct sockaddr *)&to, sizeof(to));
		flood(s, 201, 1);
	}
	tally_init(&t);
	ret = ktls_alert_dispatch(h, tally_event, NULL, &t);
	CHECKF(ret == -EBADMSG && t.events == 1, "first call %d, %d events",
	       ret, t.events);
	CHECK(ktls_alert_last_error(h)[0] != '\0');
	tally_init(&t);
	ret = ktls_alert_dispatch(h, tally_event, NULL, &t);
	CHECKF(ret == 1 && t.last_seq == 201, "second call %d", ret);
	CHECK_STR(ktls_alert_last_error(h), "");
	TEST_END();

	mnl_socket_close(s);
	ktls_alert_close(h);
}

static void test_rcvbuf(void)
{
	struct ktls_alert *h = usersock_handle(0);
	socklen_t len = sizeof(int);
	int size = 0;

	if (!h) {
		TEST_SKIP("the receive buffer can be set", "no NETLINK_USERSOCK");
		return;
	}
	TEST_BEGIN("the receive buffer can be set, and a bad size is refused");
	CHECK(ktls_alert_set_rcvbuf(h, 1 << 20) == 0);
	getsockopt(ktls_alert_fd(h), SOL_SOCKET, SO_RCVBUF, &size, &len);
	/* The kernel doubles the request; without privilege it may cap it
	 * at rmem_max, but never below the default.
	 */
	CHECKF(size >= 200000, "SO_RCVBUF %d", size);
	CHECK(ktls_alert_set_rcvbuf(h, 0) == -EINVAL);
	CHECK(ktls_alert_set_rcvbuf(h, -5) == -EINVAL);
	CHECK(ktls_alert_last_error(h)[0] != '\0');
	TEST_END();
	ktls_alert_close(h);
}

int main(void)
{
	test_open_without_module();
	test_overrun();
	test_rcvbuf();
	return tap_done();
}
