// SPDX-License-Identifier: GPL-2.0
/*
 * Events and statistics are per network namespace: a listener sees only
 * alerts on sockets of its own namespace, wherever the reading task is,
 * and each namespace counts only its own.
 *
 *   netns T (the test runs here)   netns A              netns B
 *   +------------------------+     +---------------+    +---------------+
 *   | listener LT            |     | listener LA   |    | listener LB   |
 *   | reads PA and PB -------+---->| kTLS pair PA  |    | kTLS pair PB  |
 *   +------------------------+     +---------------+    +---------------+
 *
 * One process moves between the three with setns(); sockets and netlink
 * handles stay in the namespace they were created in. Every namespace is
 * new per test and goes away with it.
 */
#include <errno.h>
#include <linux/tls.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/expect.h"
#include "lib/ktls.h"
#include "lib/listen.h"
#include "lib/module.h"
#include "lib/netns.h"

struct ns {
	int fd;				/* the namespace */
	struct kta_listener l;
	struct ktls_pair p;
	struct kta_sock_id sock;	/* of p.server */
};

FIXTURE(netns) {
	struct ns t, a, b;
};

/* Make a new namespace @n with a listener and (unless @is_t) a pair. */
static void ns_make(struct __test_metadata *_metadata, struct ns *n,
		    bool is_t)
{
	char why[256];

	ASSERT_EQ(0, kta_netns_new(why, sizeof(why))) TH_LOG("%s", why);
	n->fd = kta_netns_fd();
	ASSERT_LE(0, n->fd);
	ASSERT_EQ(0, kta_listen_open(&n->l, true)) TH_LOG("%s", n->l.err);
	n->p.client = n->p.server = -1;
	if (is_t)
		return;
	ASSERT_EQ(0, ktls_pair_open(&n->p, KTLS_INET4, TLS_1_3_VERSION,
				    TLS_CIPHER_AES_GCM_128, 0, why,
				    sizeof(why)))
		TH_LOG("%s", why);
	ASSERT_EQ(0, kta_sock_id_of(n->p.server, &n->sock));
}

static void ns_free(struct ns *n)
{
	kta_listen_close(&n->l);
	ktls_pair_close(&n->p);
	if (n->fd >= 0)
		close(n->fd);
}

FIXTURE_SETUP(netns)
{
	ASSERT_EQ(0, kta_module_status) TH_LOG("%s", kta_module_why);
	self->t.fd = self->a.fd = self->b.fd = -1;
	ns_make(_metadata, &self->t, true);
	ns_make(_metadata, &self->a, false);
	ASSERT_EQ(0, setns(self->t.fd, CLONE_NEWNET));
	ns_make(_metadata, &self->b, false);
	ASSERT_EQ(0, setns(self->t.fd, CLONE_NEWNET));
	/* Three distinct namespaces. */
	ASSERT_NE(self->a.sock.netns_ino, self->b.sock.netns_ino);
	ASSERT_NE(self->a.sock.netns_cookie, self->b.sock.netns_cookie);
}

FIXTURE_TEARDOWN(netns)
{
	ns_free(&self->a);
	ns_free(&self->b);
	ns_free(&self->t);
}

/* @count alerts (2, @desc) through @n's pair, read by this task in T. */
static void send_alerts(struct __test_metadata *_metadata, struct ns *n,
			int count, uint8_t desc)
{
	uint8_t rec[2] = { 2, desc }, buf[16], type;
	int i;

	for (i = 0; i < count; i++) {
		ASSERT_EQ(2, ktls_send_record(n->p.client, 21, rec, 2));
		ASSERT_EQ(2, ktls_recv_record(n->p.server, buf, sizeof(buf),
					      &type, 0));
	}
}

/* @n's listener holds exactly @count events, all from @n's socket. */
static void expect_own(struct __test_metadata *_metadata, struct ns *n,
		       int count, uint8_t desc)
{
	size_t i;

	ASSERT_EQ(count, kta_listen_wait(&n->l, count, 2000))
		TH_LOG("%s", n->l.err);
	for (i = 0; i < n->l.n; i++) {
		EXPECT_EQ(desc, n->l.ev[i].description);
		EXPECT_EQ(n->sock.cookie, n->l.ev[i].sock_cookie);
		EXPECT_EQ(n->sock.netns_ino, n->l.ev[i].netns_ino);
		EXPECT_EQ(n->sock.netns_cookie, n->l.ev[i].netns_cookie);
		EXPECT_EQ(i, n->l.ev[i].seq);
	}
	EXPECT_EQ(0, kta_listen_quiet(&n->l, 100));
}

static void stats_of(struct __test_metadata *_metadata, struct ns *n,
		     struct ktls_alert_stats *st)
{
	ASSERT_EQ(0, ktls_alert_get_stats(n->l.h, st))
		TH_LOG("%s", ktls_alert_last_error(n->l.h));
}

TEST_F(netns, each_namespace_sees_only_its_own_events)
{
	send_alerts(_metadata, &self->a, 3, 40);
	send_alerts(_metadata, &self->b, 5, 42);
	expect_own(_metadata, &self->a, 3, 40);
	expect_own(_metadata, &self->b, 5, 42);
	/* T read both sockets, and its listener saw neither. */
	EXPECT_EQ(0, kta_listen_quiet(&self->t.l, 100));
}

TEST_F(netns, each_namespace_counts_only_its_own_alerts)
{
	struct ktls_alert_stats st;

	send_alerts(_metadata, &self->a, 3, 40);
	send_alerts(_metadata, &self->b, 5, 42);

	stats_of(_metadata, &self->a, &st);
	EXPECT_EQ(3, st.class_count[KTLS_ALERT_CLASS_FATAL]);
	EXPECT_EQ(3, st.desc_count[40][KTLS_ALERT_CLASS_FATAL]);
	EXPECT_EQ(0, st.desc_count[42][KTLS_ALERT_CLASS_FATAL]);
	stats_of(_metadata, &self->b, &st);
	EXPECT_EQ(5, st.class_count[KTLS_ALERT_CLASS_FATAL]);
	EXPECT_EQ(5, st.desc_count[42][KTLS_ALERT_CLASS_FATAL]);
	EXPECT_EQ(0, st.desc_count[40][KTLS_ALERT_CLASS_FATAL]);
	stats_of(_metadata, &self->t, &st);
	EXPECT_EQ(0, st.class_count[KTLS_ALERT_CLASS_FATAL]);

	/* A reset in A leaves B alone. */
	ASSERT_EQ(0, ktls_alert_reset_stats(self->a.l.h));
	stats_of(_metadata, &self->a, &st);
	EXPECT_EQ(0, st.class_count[KTLS_ALERT_CLASS_FATAL]);
	stats_of(_metadata, &self->b, &st);
	EXPECT_EQ(5, st.class_count[KTLS_ALERT_CLASS_FATAL]);
}

/*
 * Namespaces that exist before the module loads get counters at load, and
 * one that dies while the module is loaded frees them.
 */
TEST_F(netns, namespaces_outlive_a_module_reload)
{
	struct ktls_alert_stats st;
	char why[256];
	int status;
	pid_t pid;

	send_alerts(_metadata, &self->a, 2, 40);
	/* A namespace that lives and dies while the module is loaded. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		static const uint8_t rec[2] = { 2, 50 };
		struct kta_listener l;
		struct ktls_pair p;
		uint8_t buf[16], type;
		int i;

		if (kta_netns_new(why, sizeof(why)) || kta_listen_open(&l, true) ||
		    ktls_pair_open(&p, KTLS_INET4, TLS_1_2_VERSION,
				   TLS_CIPHER_AES_GCM_256, 0, why, sizeof(why)))
			_exit(2);
		for (i = 0; i < 4; i++)
			if (ktls_send_record(p.client, 21, rec, 2) != 2 ||
			    ktls_recv_record(p.server, buf, sizeof(buf), &type,
					     0) != 2)
				_exit(3);
		/* _exit(), not exit(): that would unload the module. */
		_exit(kta_listen_wait(&l, 4, 2000) == 4 ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);

	kta_listen_close(&self->a.l);
	kta_listen_close(&self->b.l);
	kta_listen_close(&self->t.l);
	ASSERT_EQ(0, kta_module_unload(why, sizeof(why))) TH_LOG("%s", why);
	ASSERT_EQ(0, kta_module_load(why, sizeof(why))) TH_LOG("%s", why);

	ASSERT_EQ(0, setns(self->a.fd, CLONE_NEWNET));
	ASSERT_EQ(0, kta_listen_open(&self->a.l, true)) TH_LOG("%s", self->a.l.err);
	ASSERT_EQ(0, setns(self->b.fd, CLONE_NEWNET));
	ASSERT_EQ(0, kta_listen_open(&self->b.l, true)) TH_LOG("%s", self->b.l.err);
	ASSERT_EQ(0, setns(self->t.fd, CLONE_NEWNET));
	ASSERT_EQ(0, kta_listen_open(&self->t.l, true)) TH_LOG("%s", self->t.l.err);

	/* Fresh counters, and the old connection is still watched. */
	stats_of(_metadata, &self->a, &st);
	EXPECT_EQ(0, st.class_count[KTLS_ALERT_CLASS_FATAL]);
	send_alerts(_metadata, &self->a, 1, 51);
	ASSERT_EQ(1, kta_listen_wait(&self->a.l, 1, 2000));
	EXPECT_EQ(51, self->a.l.ev[0].description);
	EXPECT_EQ(2, self->a.l.ev[0].seq);
	EXPECT_EQ(self->a.sock.netns_ino, self->a.l.ev[0].netns_ino);
	stats_of(_metadata, &self->a, &st);
	EXPECT_EQ(1, st.class_count[KTLS_ALERT_CLASS_FATAL]);
	EXPECT_EQ(0, kta_listen_quiet(&self->b.l, 50));
	EXPECT_EQ(0, kta_listen_quiet(&self->t.l, 50));
}

int main(int argc, char **argv)
{
	kta_module_for_this_program();
	return test_harness_run(argc, argv);
}
