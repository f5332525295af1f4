// SPDX-License-Identifier: GPL-2.0
/*
 * Who may use the ktls_alert family:
 *
 *   request              needs                                 otherwise
 *   get-info, get-stats  nothing                               -
 *   join "alerts"        CAP_NET_ADMIN over the netns's userns EPERM
 *   reset-stats          CAP_NET_ADMIN over the netns's userns EPERM + extack
 *
 *   fresh netns
 *   +------------------------------------------------------------------+
 *   | this test (root): listener            probe (dropped privileges) |
 *   |   sees the probe's alert  <------ kTLS pair, one alert, read     |
 *   |   with the probe's uid/pid/comm       open/info/stats: allowed   |
 *   |                                       join/reset: EPERM          |
 *   +------------------------------------------------------------------+
 *
 * The probe drops privileges four ways: setpriv(1) to nobody, setresuid()
 * to nobody, root keeping its uid but losing CAP_NET_ADMIN, and nobody
 * owning a new user and network namespace, who may do everything there
 * but still nothing in the namespace it came from. The probe prints
 * key=value lines; the test checks them.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libmnl/libmnl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/tls.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/expect.h"
#include "lib/ktls.h"
#include "lib/listen.h"
#include "lib/module.h"
#include "lib/netns.h"

#define NOBODY	65534

enum drop {
	DROP_SETPRIV,		/* exec setpriv(1) ... permissions --probe */
	DROP_SETRESUID,		/* setresuid() to nobody: no capabilities */
	DROP_CAP_NET_ADMIN,	/* uid 0, every capability but CAP_NET_ADMIN */
	DROP_USERNS,		/* nobody, owning a new user+net namespace */
};

/* ---- the probe: runs with dropped privileges ---- */

/* Effective capabilities of this task, from /proc/self/status. */
static unsigned long long cap_eff(void)
{
	unsigned long long v = ~0ULL;
	char line[256];
	FILE *f;

	f = fopen("/proc/self/status", "r");
	if (!f)
		return v;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* Generic netlink: the family id and the "alerts" group id, by hand. */
struct raw_family {
	uint16_t id;
	uint32_t grp;
};

static int raw_grp_cb(const struct nlattr *a, void *data)
{
	struct raw_family *f = data;
	const struct nlattr *g;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(g, a) {
		if (mnl_attr_get_type(g) == CTRL_ATTR_MCAST_GRP_NAME)
			name = mnl_attr_get_str(g);
		else if (mnl_attr_get_type(g) == CTRL_ATTR_MCAST_GRP_ID)
			id = mnl_attr_get_u32(g);
	}
	if (name && !strcmp(name, KTLS_ALERT_MCGRP_ALERTS))
		f->grp = id;
	return MNL_CB_OK;
}

static int raw_family_attr(const struct nlattr *a, void *data)
{
	struct raw_family *f = data;
	const struct nlattr *n;

	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
		f->id = mnl_attr_get_u16(a);
	if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GROUPS)
		mnl_attr_for_each_nested(n, a)
			raw_grp_cb(n, f);
	return MNL_CB_OK;
}

static int raw_family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, GENL_HDRLEN, raw_family_attr, data);
}

/* Extended ack text of an NLMSG_ERROR, into @ext. */
static void raw_extack(const struct nlmsghdr *nlh, char *ext, size_t len)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const char *end = (const char *)nlh + nlh->nlmsg_len;
	const struct nlattr *a;
	size_t off = sizeof(*e);

	ext[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	/* Not capped: the request is echoed after the error code. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	for (a = (const void *)((const char *)e + MNL_ALIGN(off));
	     mnl_attr_ok(a, (int)(end - (const char *)a));
	     a = mnl_attr_next(a))
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(ext, len, "%s", mnl_attr_get_str(a));
}

/*
 * One request on a fresh socket: returns the kernel's errno (0, -EPERM...)
 * and its extack text; fills @f for CTRL_CMD_GETFAMILY.
 */
static int raw_request(uint16_t type, uint8_t cmd, struct raw_family *f,
		       char *ext, size_t extlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	struct genlmsghdr *g;
	struct nlmsghdr *nlh;
	int one = 1, ret = -EIO;
	ssize_t got;
	int n;

	ext[0] = '\0';
	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl)
		return -errno;
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto out;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	if (type == GENL_ID_CTRL)
		mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME,
				  KTLS_ALERT_FAMILY_NAME);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		goto out;
	for (;;) {
		got = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (got <= 0)
			break;
		n = (int)got;
		for (nlh = (void *)buf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				ret = ((struct nlmsgerr *)
				       mnl_nlmsg_get_payload(nlh))->error;
				raw_extack(nlh, ext, extlen);
				goto out;
			}
			if (f && nlh->nlmsg_type == GENL_ID_CTRL)
				raw_family_cb(nlh, f);
		}
	}
out:
	mnl_socket_close(nl);
	return ret;
}

/* Join @grp with bind(2)'s group mask, the other way in. */
static int raw_bind_join(uint32_t grp)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd, ret = 0;

	if (grp == 0 || grp > 32)
		return 1;	/* not expressible as a mask: not tried */
	sa.nl_groups = 1U << (grp - 1);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		ret = -errno;
	close(fd);
	return ret;
}

/* Everything an unprivileged task tries in its current namespace. */
static void probe_requests(FILE *out, const char *tag)
{
	struct ktls_alert_info info;
	struct ktls_alert_stats st;
	struct raw_family f = { 0 };
	struct ktls_alert *h;
	char why[256], ext[256];
	int err;

	err = ktls_alert_open(&h, why, sizeof(why));
	fprintf(out, "%sopen=%d\n", tag, err);
	if (err) {
		fprintf(out, "%sopen_error=%s\n", tag, why);
		return;
	}
	err = ktls_alert_get_info(h, &info);
	fprintf(out, "%sinfo=%d\n%shook_attached=%d\n", tag, err, tag,
		info.hook_attached);
	fprintf(out, "%sstats=%d\n", tag, ktls_alert_get_stats(h, &st));
	fprintf(out, "%ssubscribe=%d\n", tag, ktls_alert_subscribe(h));
	err = ktls_alert_reset_stats(h);
	fprintf(out, "%sreset=%d\n%sreset_error=%s\n", tag, err, tag,
		ktls_alert_last_error(h));

	/* The same, without the library in between. */
	err = raw_request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, &f, ext,
			  sizeof(ext));
	fprintf(out, "%sraw_family=%d\n", tag, err);
	fprintf(out, "%sraw_bind_join=%d\n", tag, raw_bind_join(f.grp));
	err = raw_request(f.id, KTLS_ALERT_CMD_RESET_STATS, NULL, ext,
			  sizeof(ext));
	fprintf(out, "%sraw_reset=%d\n%sraw_reset_extack=%s\n", tag, err, tag,
		ext);
	err = raw_request(f.id, KTLS_ALERT_CMD_GET_STATS, NULL, ext,
			  sizeof(ext));
	fprintf(out, "%sraw_stats=%d\n", tag, err);
	ktls_alert_close(h);
}

/* One alert on a kTLS pair of this task, read by this task. */
static void probe_alert(FILE *out, const char *tag)
{
	static const uint8_t rec[2] = { 2, 40 };
	struct kta_task_id me;
	struct ktls_pair p;
	uint8_t buf[16], type = 0;
	char why[256];
	uint64_t cookie = 0;
	int err;

	err = ktls_pair_open(&p, KTLS_INET4, TLS_1_3_VERSION,
			     TLS_CIPHER_AES_GCM_128, 0, why, sizeof(why));
	fprintf(out, "%spair=%d\n", tag, err);
	if (err) {
		fprintf(out, "%spair_error=%s\n", tag, why);
		return;
	}
	ktls_sock_cookie(p.server, &cookie);
	kta_task_id_self(&me);
	fprintf(out, "%salert_sent=%zd\n", tag,
		ktls_send_record(p.client, 21, rec, 2));
	fprintf(out, "%salert_read=%zd\n", tag,
		ktls_recv_record(p.server, buf, sizeof(buf), &type, 0));
	fprintf(out, "%sreader_cookie=%llu\n%sreader_pid=%u\n%sreader_tid=%u\n"
		"%sreader_uid=%u\n%sreader_comm=%s\n",
		tag, (unsigned long long)cookie, tag, me.pid, tag, me.tid, tag,
		me.uid, tag, me.comm);
	ktls_pair_close(&p);
}

/* What a task that owns its user and network namespace may do there. */
static void probe_own_namespace(FILE *out)
{
	static const uint8_t rec[2] = { 1, 100 };
	struct kta_listener l;
	struct ktls_pair p;
	uint8_t buf[16], type;
	char why[256];
	int err;

	err = kta_listen_open(&l, true);
	fprintf(out, "own_subscribe=%d\n", err);
	if (err)
		return;
	fprintf(out, "own_reset=%d\n", ktls_alert_reset_stats(l.h));
	if (ktls_pair_open(&p, KTLS_INET4, TLS_1_2_VERSION,
			   TLS_CIPHER_AES_GCM_128, 0, why, sizeof(why))) {
		fprintf(out, "own_pair_error=%s\n", why);
		kta_listen_close(&l);
		return;
	}
	ktls_send_record(p.client, 21, rec, 2);
	ktls_recv_record(p.server, buf, sizeof(buf), &type, 0);
	fprintf(out, "own_events=%d\n", kta_listen_wait(&l, 1, 2000));
	if (l.n) {
		fprintf(out, "own_event_uid=%u\n", l.ev[0].uid);
		fprintf(out, "own_event_class=%u\n", l.ev[0].class);
	}
	fprintf(out, "own_getuid=%u\n", (unsigned int)getuid());
	ktls_pair_close(&p);
	kta_listen_close(&l);
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		ret = -errno;
	close(fd);
	return ret;
}

static int probe(FILE *out, enum drop how)
{
	char map[64];

	fprintf(out, "uid=%u\ncapeff=%llx\n", (unsigned int)getuid(),
		cap_eff());
	if (how != DROP_USERNS) {
		probe_requests(out, "");
		probe_alert(out, "");
		return 0;
	}
	/* Before: a handle of the namespace we come from. After unshare we
	 * have every capability, but over the new namespaces only. */
	probe_requests(out, "before_");
	if (unshare(CLONE_NEWUSER)) {
		fprintf(out, "userns=%d\nuserns_error=%s\n", -errno,
			strerror(errno));
		return 0;
	}
	fprintf(out, "userns=0\n");
	snprintf(map, sizeof(map), "0 %d 1\n", NOBODY);
	write_file("/proc/self/setgroups", "deny");
	fprintf(out, "uid_map=%d\n", write_file("/proc/self/uid_map", map));
	write_file("/proc/self/gid_map", map);
	fprintf(out, "capeff_inside=%llx\n", cap_eff());
	/* A network namespace owned by the new user namespace. */
	fprintf(out, "netns=%d\n", kta_netns_new(map, sizeof(map)));
	probe_own_namespace(out);
	return 0;
}

/* ---- the test side ---- */

struct report {
	char text[8192];
};

/* The value of @key in the probe's report, or NULL. */
static const char *val(const struct report *r, const char *key)
{
	static char v[512];
	const char *p = r->text;
	size_t kl = strlen(key);

	while (p && *p) {
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			const char *e = strchrnul(p + kl + 1, '\n');

			snprintf(v, sizeof(v), "%.*s", (int)(e - p - kl - 1),
				 p + kl + 1);
			return v;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static long num(const struct report *r, const char *key)
{
	const char *v = val(r, key);

	return v ? strtol(v, NULL, 0) : -99999;
}

static int drop_cap_net_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -errno;
	d[0].effective &= ~(1U << CAP_NET_ADMIN);
	d[0].permitted &= ~(1U << CAP_NET_ADMIN);
	d[0].inheritable &= ~(1U << CAP_NET_ADMIN);
	if (prctl(PR_CAPBSET_DROP, CAP_NET_ADMIN, 0, 0, 0) ||
	    syscall(SYS_capset, &h, d))
		return -errno;
	return 0;
}

static int become_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		return -errno;
	/* Changing uid made /proc/self root's; nobody writes its uid_map. */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		return -errno;
	return 0;
}

/* Run the probe in a child that dropped privileges @how; read its report. */
static int run_probe(enum drop how, struct report *r, pid_t *pidp)
{
	char self[PATH_MAX];
	int pfd[2], status;
	ssize_t n, got = 0;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0 || pipe(pfd))
		return -errno;
	self[n] = '\0';
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		FILE *out;
		int err = 0;

		close(pfd[0]);
		if (how == DROP_SETPRIV) {
			dup2(pfd[1], STDOUT_FILENO);
			execlp("setpriv", "setpriv", "--reuid=65534",
			       "--regid=65534", "--clear-groups",
			       "--inh-caps=-all", "--bounding-set=-all", "--",
			       self, "--probe", (char *)NULL);
			dprintf(pfd[1], "exec_setpriv=%d\n", -errno);
			_exit(1);
		}
		if (how == DROP_CAP_NET_ADMIN)
			err = drop_cap_net_admin();
		else
			err = become_nobody();
		out = fdopen(pfd[1], "w");
		if (err)
			fprintf(out, "drop=%d\n", err);
		else
			probe(out, how);
		fclose(out);
		_exit(0);	/* not exit(): that would unload the module */
	}
	close(pfd[1]);
	while ((n = read(pfd[0], r->text + got, sizeof(r->text) - 1 - got)) > 0)
		got += n;
	close(pfd[0]);
	waitpid(pid, &status, 0);
	*pidp = pid;
	return 0;
}

FIXTURE(unprivileged) {
	struct kta_listener root;	/* this test's own listener */
};

FIXTURE_VARIANT(unprivileged) {
	enum drop how;
	unsigned int uid;
};

FIXTURE_VARIANT_ADD(unprivileged, nobody_via_setpriv) {
	.how = DROP_SETPRIV, .uid = NOBODY,
};

FIXTURE_VARIANT_ADD(unprivileged, nobody_via_setresuid) {
	.how = DROP_SETRESUID, .uid = NOBODY,
};

FIXTURE_VARIANT_ADD(unprivileged, root_without_cap_net_admin) {
	.how = DROP_CAP_NET_ADMIN, .uid = 0,
};

FIXTURE_SETUP(unprivileged)
{
	char why[256];

	ASSERT_EQ(0, kta_module_status) TH_LOG("%s", kta_module_why);
	ASSERT_EQ(0, kta_netns_new(why, sizeof(why))) TH_LOG("%s", why);
	ASSERT_EQ(0, kta_listen_open(&self->root, true))
		TH_LOG("%s", self->root.err);
}

FIXTURE_TEARDOWN(unprivileged)
{
	kta_listen_close(&self->root);
}

TEST_F(unprivileged, may_read_but_not_listen_or_reset)
{
	struct ktls_alert_event *ev;
	struct report r;
	pid_t pid;

	ASSERT_EQ(0, run_probe(variant->how, &r, &pid));
	TH_LOG("probe report:\n%s", r.text);
	ASSERT_EQ(NULL, val(&r, "drop"));
	ASSERT_EQ(NULL, val(&r, "exec_setpriv"));
	ASSERT_EQ(variant->uid, num(&r, "uid"));
	/* CAP_NET_ADMIN really is gone. */
	ASSERT_EQ(0, strtoull(val(&r, "capeff") ?: "1000", NULL, 16) &
		     (1ULL << CAP_NET_ADMIN));

	/* The family is there for it, and the reads work. */
	ASSERT_EQ(0, num(&r, "open")) TH_LOG("%s", val(&r, "open_error"));
	EXPECT_EQ(0, num(&r, "info"));
	EXPECT_EQ(1, num(&r, "hook_attached"));
	EXPECT_EQ(0, num(&r, "stats"));
	EXPECT_EQ(0, num(&r, "raw_stats"));
	/* Joining: EPERM, through the library and through bind(2). */
	EXPECT_EQ(-EPERM, num(&r, "subscribe"));
	EXPECT_TRUE(num(&r, "raw_bind_join") == -EPERM ||
		    num(&r, "raw_bind_join") == 1);
	/* Reset: EPERM with the kernel's own extack message. */
	EXPECT_EQ(-EPERM, num(&r, "reset"));
	EXPECT_EQ(-EPERM, num(&r, "raw_reset"));
	EXPECT_NE(NULL, strstr(val(&r, "raw_reset_extack") ?: "",
			       "CAP_NET_ADMIN"))
		TH_LOG("extack: \"%s\"", val(&r, "raw_reset_extack"));
	EXPECT_NE(NULL, strstr(val(&r, "reset_error") ?: "",
			       val(&r, "raw_reset_extack") ?: "(none)"))
		TH_LOG("the library's error text lacks the kernel's extack");

	/* Its alert is seen by root, with its identity. */
	ASSERT_EQ(2, num(&r, "alert_sent"));
	ASSERT_EQ(2, num(&r, "alert_read"));
	ASSERT_EQ(1, kta_listen_wait(&self->root, 1, 2000))
		TH_LOG("%s", self->root.err);
	ev = &self->root.ev[0];
	EXPECT_EQ(KTLS_ALERT_CLASS_FATAL, ev->class);
	EXPECT_EQ(variant->uid, ev->uid);
	EXPECT_EQ(pid, (pid_t)ev->pid);
	EXPECT_EQ(num(&r, "reader_pid"), (long)ev->pid);
	EXPECT_EQ(num(&r, "reader_tid"), (long)ev->tid);
	EXPECT_EQ(num(&r, "reader_uid"), (long)ev->uid);
	EXPECT_STREQ(val(&r, "reader_comm") ?: "", ev->comm);
	EXPECT_EQ(strtoull(val(&r, "reader_cookie") ?: "0", NULL, 0),
		  ev->sock_cookie);
	kta_listen_clear(&self->root);
	EXPECT_EQ(0, kta_listen_quiet(&self->root, 100));
}

/*
 * The capability that counts is over the namespace's owning user
 * namespace: nobody owning a new user+net namespace may listen and reset
 * there, and sees its own uid mapped; it still may not in the namespace it
 * came from, and that one's listener sees nothing of its alerts.
 */
TEST(a_user_namespace_owner_may_listen_only_in_its_own_namespace)
{
	struct kta_listener root;
	struct report r;
	char why[256];
	pid_t pid;

	ASSERT_EQ(0, kta_module_status) TH_LOG("%s", kta_module_why);
	ASSERT_EQ(0, kta_netns_new(why, sizeof(why))) TH_LOG("%s", why);
	ASSERT_EQ(0, kta_listen_open(&root, true)) TH_LOG("%s", root.err);
	ASSERT_EQ(0, run_probe(DROP_USERNS, &r, &pid));
	TH_LOG("probe report:\n%s", r.text);
	ASSERT_EQ(NULL, val(&r, "drop"));
	EXPECT_EQ(-EPERM, num(&r, "before_subscribe"));
	EXPECT_EQ(-EPERM, num(&r, "before_reset"));
	EXPECT_EQ(0, num(&r, "before_stats"));
	if (num(&r, "userns"))
		SKIP(return, "unprivileged user namespaces are not allowed here: %s",
		     val(&r, "userns_error"));
	ASSERT_EQ(0, num(&r, "uid_map"));
	ASSERT_EQ(0, num(&r, "netns"));
	EXPECT_EQ(0, num(&r, "own_subscribe"));
	EXPECT_EQ(0, num(&r, "own_reset"));
	EXPECT_EQ(1, num(&r, "own_events"));
	EXPECT_EQ(KTLS_ALERT_CLASS_WARNING, num(&r, "own_event_class"));
	/* uid 65534 outside is uid 0 in the namespace that owns the netns. */
	EXPECT_EQ(0, num(&r, "own_getuid"));
	EXPECT_EQ(0, num(&r, "own_event_uid"));
	/* Nothing of that reached the namespace the probe left. */
	EXPECT_EQ(0, kta_listen_quiet(&root, 100));
	kta_listen_close(&root);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--probe"))
		return probe(stdout, DROP_SETPRIV);
	kta_module_for_this_program();
	return test_harness_run(argc, argv);
}
