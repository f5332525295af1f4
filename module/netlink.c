// SPDX-License-Identifier: GPL-2.0
/*
 * The ktls_alert generic netlink family (Documentation/netlink/specs/
 * ktls_alert.yaml): alert notifications on the "alerts" group, and the
 * get-info, get-stats and reset-stats requests. Network namespace aware:
 * notifications go to the socket's namespace, requests see the caller's.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sock_diag.h>
#include <linux/utsname.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

#include "ktls_alert.h"

enum ktls_alert_mcgrp {
	KTLS_ALERT_MCGRP_IDX_ALERTS,
};

static const struct genl_multicast_group ktls_alert_mcgrps[] = {
	[KTLS_ALERT_MCGRP_IDX_ALERTS] = {
		.name = KTLS_ALERT_MCGRP_ALERTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

static struct genl_family ktls_alert_family;

/* Upper bound of one notification's payload; see ktls_alert_fill_event(). */
static size_t ktls_alert_event_size(void)
{
	return nla_total_size(sizeof(u32)) +		/* class */
	       2 * nla_total_size(sizeof(u8)) +		/* level, description */
	       2 * nla_total_size(0) +			/* known, reserved */
	       2 * nla_total_size(sizeof(u32)) +	/* malformed, length */
	       5 * nla_total_size(sizeof(u16)) +	/* version, cipher, family, ports */
	       2 * nla_total_size(sizeof(struct in6_addr)) +
	       4 * nla_total_size_64bit(sizeof(u64)) +	/* cookies, time, seq */
	       4 * nla_total_size(sizeof(u32)) +	/* netns, pid, tid, uid */
	       nla_total_size(TASK_COMM_LEN);
}

static int ktls_alert_put_addrs(struct sk_buff *msg, const struct sock *sk)
{
	if (nla_put_u16(msg, KTLS_ALERT_A_EVENT_FAMILY, sk->sk_family) ||
	    nla_put_u16(msg, KTLS_ALERT_A_EVENT_LOCAL_PORT, sk->sk_num) ||
	    nla_put_u16(msg, KTLS_ALERT_A_EVENT_PEER_PORT, ntohs(sk->sk_dport)))
		return -EMSGSIZE;

	switch (sk->sk_family) {
	case AF_INET:
		if (nla_put_in_addr(msg, KTLS_ALERT_A_EVENT_LOCAL_ADDR,
				    sk->sk_rcv_saddr) ||
		    nla_put_in_addr(msg, KTLS_ALERT_A_EVENT_PEER_ADDR,
				    sk->sk_daddr))
			return -EMSGSIZE;
		break;
#if IS_ENABLED(CONFIG_IPV6)
	case AF_INET6:
		if (nla_put_in6_addr(msg, KTLS_ALERT_A_EVENT_LOCAL_ADDR,
				     &sk->sk_v6_rcv_saddr) ||
		    nla_put_in6_addr(msg, KTLS_ALERT_A_EVENT_PEER_ADDR,
				     &sk->sk_v6_daddr))
			return -EMSGSIZE;
		break;
#endif
	}
	return 0;
}

/* The task whose read decrypted the record, when there is one. */
static int ktls_alert_put_task(struct sk_buff *msg, struct net *net)
{
	char comm[TASK_COMM_LEN];

	if (!in_task())
		return 0;

	memcpy(comm, current->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';
	if (nla_put_u32(msg, KTLS_ALERT_A_EVENT_PID, task_tgid_nr(current)) ||
	    nla_put_u32(msg, KTLS_ALERT_A_EVENT_TID, task_pid_nr(current)) ||
	    nla_put_string(msg, KTLS_ALERT_A_EVENT_COMM, comm) ||
	    nla_put_u32(msg, KTLS_ALERT_A_EVENT_UID,
			from_kuid_munged(net->user_ns, current_uid())))
		return -EMSGSIZE;
	return 0;
}

static int ktls_alert_fill_event(struct sk_buff *msg, struct net *net,
				 const struct ktls_alert_event *ev)
{
	const struct ktls_alert_verdict *v = &ev->v;
	u32 cookie[2];

	sock_diag_save_cookie(ev->sk, cookie);

	if (nla_put_u32(msg, KTLS_ALERT_A_EVENT_CLASS, v->class) ||
	    (v->has_level &&
	     nla_put_u8(msg, KTLS_ALERT_A_EVENT_LEVEL, v->level)) ||
	    (v->has_description &&
	     nla_put_u8(msg, KTLS_ALERT_A_EVENT_DESCRIPTION, v->description)) ||
	    (v->known && nla_put_flag(msg, KTLS_ALERT_A_EVENT_KNOWN)) ||
	    (v->reserved && nla_put_flag(msg, KTLS_ALERT_A_EVENT_RESERVED)) ||
	    (v->malformed &&
	     nla_put_u32(msg, KTLS_ALERT_A_EVENT_MALFORMED, v->malformed)) ||
	    nla_put_u32(msg, KTLS_ALERT_A_EVENT_LENGTH, v->length) ||
	    nla_put_u16(msg, KTLS_ALERT_A_EVENT_TLS_VERSION, ev->version) ||
	    nla_put_u16(msg, KTLS_ALERT_A_EVENT_CIPHER, ev->cipher) ||
	    ktls_alert_put_addrs(msg, ev->sk) ||
	    nla_put_u64_64bit(msg, KTLS_ALERT_A_EVENT_SOCK_COOKIE,
			      (u64)cookie[1] << 32 | cookie[0],
			      KTLS_ALERT_A_EVENT_PAD) ||
	    nla_put_u32(msg, KTLS_ALERT_A_EVENT_NETNS_INO, net->ns.inum) ||
	    nla_put_u64_64bit(msg, KTLS_ALERT_A_EVENT_NETNS_COOKIE,
			      net->net_cookie, KTLS_ALERT_A_EVENT_PAD) ||
	    ktls_alert_put_task(msg, net) ||
	    nla_put_u64_64bit(msg, KTLS_ALERT_A_EVENT_TIMESTAMP,
			      ktime_get_real_ns(), KTLS_ALERT_A_EVENT_PAD) ||
	    nla_put_u64_64bit(msg, KTLS_ALERT_A_EVENT_SEQ, ev->seq,
			      KTLS_ALERT_A_EVENT_PAD))
		return -EMSGSIZE;
	return 0;
}

/**
 * ktls_alert_notify() - multicast one alert event to its namespace
 * @net: the namespace of the socket the alert arrived on
 * @ev: the event
 *
 * Called from the hook in atomic context. Builds nothing when nobody
 * listens; otherwise one GFP_ATOMIC message. Any failure to reach a
 * listener is counted, never retried and never waited for.
 */
void ktls_alert_notify(struct net *net, const struct ktls_alert_event *ev)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (!genl_has_listeners(&ktls_alert_family, net,
				KTLS_ALERT_MCGRP_IDX_ALERTS))
		return;

	msg = genlmsg_new(ktls_alert_event_size(), GFP_ATOMIC);
	if (!msg)
		goto lost;
	hdr = genlmsg_put(msg, 0, 0, &ktls_alert_family, 0,
			  KTLS_ALERT_CMD_ALERT);
	if (!hdr || ktls_alert_fill_event(msg, net, ev)) {
		nlmsg_free(msg);
		goto lost;
	}
	genlmsg_end(msg, hdr);

	/* -ESRCH: the last listener left meanwhile; nothing was lost. */
	err = genlmsg_multicast_netns(&ktls_alert_family, net, msg, 0,
				      KTLS_ALERT_MCGRP_IDX_ALERTS, GFP_ATOMIC);
	if (err && err != -ESRCH)
		goto lost;
	return;
lost:
	ktls_alert_count_undelivered(net);
}

static int ktls_alert_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ktls_alert_family, 0,
				KTLS_ALERT_CMD_GET_INFO);
	if (!hdr)
		goto too_big;
	if (nla_put_string(msg, KTLS_ALERT_A_INFO_VERSION, KTLS_ALERT_VERSION) ||
	    nla_put_string(msg, KTLS_ALERT_A_INFO_RELEASE, init_utsname()->release) ||
	    nla_put_u8(msg, KTLS_ALERT_A_INFO_HOOK_ATTACHED,
		       ktls_alert_hook_attached()) ||
	    nla_put_u8(msg, KTLS_ALERT_A_INFO_TLS_LOADED,
		       ktls_alert_tls_loaded()) ||
	    nla_put_string(msg, KTLS_ALERT_A_INFO_HOOK, ktls_alert_hook_point()))
		goto too_big;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
too_big:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int ktls_alert_put_classes(struct sk_buff *msg,
				  const struct ktls_alert_counters *c)
{
	struct nlattr *nest;
	int i;

	for (i = 0; i < KTLS_ALERT_NCLASS; i++) {
		nest = nla_nest_start(msg, KTLS_ALERT_A_STATS_CLASS);
		if (!nest ||
		    nla_put_u32(msg, KTLS_ALERT_A_CLASS_COUNT_CLASS, i + 1) ||
		    nla_put_u64_64bit(msg, KTLS_ALERT_A_CLASS_COUNT_COUNT,
				      c->class[i],
				      KTLS_ALERT_A_CLASS_COUNT_PAD))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

static int ktls_alert_put_descs(struct sk_buff *msg,
				const struct ktls_alert_counters *c)
{
	struct nlattr *nest;
	int d, i;

	for (d = 0; d < 256; d++) {
		for (i = 0; i < KTLS_ALERT_NCLASS; i++) {
			if (!c->desc[d][i])
				continue;
			nest = nla_nest_start(msg, KTLS_ALERT_A_STATS_DESCRIPTION);
			if (!nest ||
			    nla_put_u8(msg, KTLS_ALERT_A_DESC_COUNT_DESCRIPTION, d) ||
			    nla_put_u32(msg, KTLS_ALERT_A_DESC_COUNT_CLASS, i + 1) ||
			    nla_put_u64_64bit(msg, KTLS_ALERT_A_DESC_COUNT_COUNT,
					      c->desc[d][i],
					      KTLS_ALERT_A_DESC_COUNT_PAD))
				return -EMSGSIZE;
			nla_nest_end(msg, nest);
		}
	}
	return 0;
}

static int ktls_alert_put_reasons(struct sk_buff *msg,
				  const struct ktls_alert_counters *c)
{
	struct nlattr *nest;
	int i;

	for (i = 0; i < KTLS_ALERT_NREASON; i++) {
		nest = nla_nest_start(msg, KTLS_ALERT_A_STATS_MALFORMED);
		if (!nest ||
		    nla_put_u32(msg, KTLS_ALERT_A_REASON_COUNT_REASON, i + 1) ||
		    nla_put_u64_64bit(msg, KTLS_ALERT_A_REASON_COUNT_COUNT,
				      c->malformed[i],
				      KTLS_ALERT_A_REASON_COUNT_PAD))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

static int ktls_alert_put_controls(struct sk_buff *msg,
				   const struct ktls_alert_counters *c)
{
	struct nlattr *nest;
	int t;

	for (t = 0; t < 256; t++) {
		if (!c->control[t])
			continue;
		nest = nla_nest_start(msg, KTLS_ALERT_A_STATS_CONTROL);
		if (!nest ||
		    nla_put_u8(msg, KTLS_ALERT_A_TYPE_COUNT_CONTENT_TYPE, t) ||
		    nla_put_u64_64bit(msg, KTLS_ALERT_A_TYPE_COUNT_COUNT,
				      c->control[t],
				      KTLS_ALERT_A_TYPE_COUNT_PAD))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

/* Reply size for the counters in @c: sparse entries only where non-zero. */
static size_t ktls_alert_stats_size(const struct ktls_alert_counters *c)
{
	size_t entry = nla_total_size(0) + nla_total_size(sizeof(u32)) +
		       nla_total_size(sizeof(u8)) +
		       nla_total_size_64bit(sizeof(u64));
	size_t n = KTLS_ALERT_NCLASS + KTLS_ALERT_NREASON;
	int d, i;

	for (d = 0; d < 256; d++) {
		n += !!c->control[d];
		for (i = 0; i < KTLS_ALERT_NCLASS; i++)
			n += !!c->desc[d][i];
	}
	return n * entry + 2 * nla_total_size_64bit(sizeof(u64));
}

static int ktls_alert_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct ktls_alert_counters *c;
	struct sk_buff *msg;
	int err = -EMSGSIZE;
	void *hdr;

	c = kmalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	ktls_alert_stats_read(genl_info_net(info), c);

	msg = genlmsg_new(ktls_alert_stats_size(c), GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &ktls_alert_family, 0,
				KTLS_ALERT_CMD_GET_STATS);
	if (!hdr ||
	    ktls_alert_put_classes(msg, c) ||
	    ktls_alert_put_descs(msg, c) ||
	    ktls_alert_put_reasons(msg, c) ||
	    ktls_alert_put_controls(msg, c) ||
	    nla_put_u64_64bit(msg, KTLS_ALERT_A_STATS_UNDELIVERED,
			      c->undelivered, KTLS_ALERT_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, KTLS_ALERT_A_STATS_MISSED,
			      ktls_alert_hook_missed(), KTLS_ALERT_A_STATS_PAD)) {
		NL_SET_ERR_MSG(info->extack, "ktls_alert: statistics reply too large");
		nlmsg_free(msg);
		goto out;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
out:
	kfree(c);
	return err;
}

static int ktls_alert_reset_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);

	if (!netlink_ns_capable(skb, net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(info->extack,
			       "ktls_alert: reset-stats needs CAP_NET_ADMIN in the network namespace");
		return -EPERM;
	}
	ktls_alert_stats_reset(net);
	return 0;
}

/*
 * No request carries attributes. With resv_start_op left at 0 the core
 * rejects any attribute, reserved header bits and odd flags, with an extack
 * message, before these handlers run.
 */
static const struct genl_ops ktls_alert_ops[] = {
	{
		.cmd = KTLS_ALERT_CMD_GET_INFO,
		.doit = ktls_alert_get_info,
	},
	{
		.cmd = KTLS_ALERT_CMD_GET_STATS,
		.doit = ktls_alert_get_stats,
	},
	{
		.cmd = KTLS_ALERT_CMD_RESET_STATS,
		.doit = ktls_alert_reset_stats,
	},
};

static struct genl_family ktls_alert_family __ro_after_init = {
	.name = KTLS_ALERT_FAMILY_NAME,
	.version = KTLS_ALERT_FAMILY_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = ktls_alert_ops,
	.n_ops = ARRAY_SIZE(ktls_alert_ops),
	.mcgrps = ktls_alert_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ktls_alert_mcgrps),
};

/**
 * ktls_alert_genl_init() - register the ktls_alert family
 *
 * Return: 0 or a negative errno.
 */
int ktls_alert_genl_init(void)
{
	return genl_register_family(&ktls_alert_family);
}

/**
 * ktls_alert_genl_exit() - unregister the ktls_alert family
 */
void ktls_alert_genl_exit(void)
{
	genl_unregister_family(&ktls_alert_family);
}
