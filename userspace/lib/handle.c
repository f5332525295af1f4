// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * The handle: two generic netlink sockets in the caller's network
 * namespace. The control socket carries requests and their replies; the
 * event socket only ever receives notifications, so a burst of alerts can
 * never push a reply out of the way, and a reply can never be mistaken for
 * an event.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/sock_diag.h>

#include "internal.h"

#ifndef KTA_VERSION
#define KTA_VERSION "unknown"
#endif

KTA_EXPORT const char *ktls_alert_lib_version(void)
{
	return KTA_VERSION;
}

static struct mnl_socket *kta_socket(struct kta_err *e, const char *role,
				     int *err)
{
	struct mnl_socket *nl;
	char sbuf[64];

	nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!nl) {
		*err = errno;
		kta_seterr(e, "opening the %s netlink socket: %s", role,
			   kta_strerror(*err, sbuf, sizeof(sbuf)));
		return NULL;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		*err = errno;
		kta_seterr(e, "binding the %s netlink socket: %s", role,
			   kta_strerror(*err, sbuf, sizeof(sbuf)));
		mnl_socket_close(nl);
		return NULL;
	}
	return nl;
}

static int kta_family_reply(const struct nlmsghdr *nlh, void *data,
			    struct kta_err *e)
{
	return kta_decode_family(nlh, data, e);
}

static int kta_resolve(struct ktls_alert *h)
{
	char buf[KTA_REQ_BUF];
	struct nlmsghdr *nlh;
	int ret;

	nlh = kta_req_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, KTLS_ALERT_FAMILY_NAME);
	ret = kta_req_run(h, nlh, "family lookup", kta_family_reply, &h->fam);
	if (ret == -ENOENT) {
		kta_seterr(&h->err,
			   "module ktls_alert is not loaded (no generic netlink family \"%s\"): modprobe ktls_alert",
			   KTLS_ALERT_FAMILY_NAME);
		return ret;
	}
	if (ret)
		return -kta_not_enoent(-ret);
	if (!h->fam.has_id) {
		kta_seterr(&h->err, "family lookup: nlctrl sent no reply");
		return -EPROTO;
	}
	if (!h->fam.has_alerts_grp) {
		kta_seterr(&h->err,
			   "family %s has no \"%s\" multicast group: module and library do not match",
			   KTLS_ALERT_FAMILY_NAME, KTLS_ALERT_MCGRP_ALERTS);
		return -EPROTO;
	}
	return 0;
}

/* The kernel's drop counter of the event socket, or -errno. */
int kta_read_drops(struct ktls_alert *h, uint32_t *drops)
{
	uint32_t mem[SK_MEMINFO_VARS];
	socklen_t len = sizeof(mem);

	memset(mem, 0, sizeof(mem));
	if (getsockopt(mnl_socket_get_fd(h->ev), SOL_SOCKET, SO_MEMINFO, mem,
		       &len) < 0)
		return -errno;
	if (len <= SK_MEMINFO_DROPS * sizeof(mem[0]))
		return -EOPNOTSUPP;
	*drops = mem[SK_MEMINFO_DROPS];
	return 0;
}

KTA_EXPORT int ktls_alert_open(struct ktls_alert **hp, char *errbuf,
			       size_t errlen)
{
	struct timeval tv = { .tv_sec = KTA_REQ_TIMEOUT };
	bool no_family = false;
	struct ktls_alert *h;
	int one = 1, err = 0;

	*hp = NULL;
	h = calloc(1, sizeof(*h));
	if (!h) {
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "out of memory");
		return -ENOMEM;
	}
	h->rxbuf_len = KTA_RXBUF;
	h->rxbuf = malloc(h->rxbuf_len);
	if (!h->rxbuf) {
		kta_seterr(&h->err, "out of memory");
		err = ENOMEM;
		goto fail;
	}

	h->ctl = kta_socket(&h->err, "control", &err);
	if (!h->ctl)
		goto fail;
	h->ctl_portid = mnl_socket_get_portid(h->ctl);
	/* Extended acks give the kernel's reason; capped acks keep them
	 * short. Old kernels lack both, which only costs the text.
	 */
	setsockopt(mnl_socket_get_fd(h->ctl), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(mnl_socket_get_fd(h->ctl), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	if (setsockopt(mnl_socket_get_fd(h->ctl), SOL_SOCKET, SO_RCVTIMEO,
		       &tv, sizeof(tv)) < 0) {
		err = errno;
		kta_seterr(&h->err, "setting the request timeout failed");
		goto fail;
	}

	err = -kta_resolve(h);
	no_family = err == ENOENT;
	if (err)
		goto fail;

	h->ev = kta_socket(&h->err, "event", &err);
	if (!h->ev)
		goto fail;
	/* Let the kernel tell the module when a notification did not fit
	 * into this socket: that is what its "undelivered" counter counts.
	 * Without it netlink_broadcast() hides overruns from the sender.
	 */
	setsockopt(mnl_socket_get_fd(h->ev), SOL_NETLINK,
		   NETLINK_BROADCAST_ERROR, &one, sizeof(one));
	kta_read_drops(h, &h->drops_seen);

	*hp = h;
	return 0;

fail:
	if (errbuf && errlen)
		snprintf(errbuf, errlen, "%s", h->err.msg);
	/* -ENOENT means one thing only: the family is not registered. */
	if (!no_family)
		err = kta_not_enoent(err);
	ktls_alert_close(h);
	return -err;
}

KTA_EXPORT void ktls_alert_close(struct ktls_alert *h)
{
	if (!h)
		return;
	if (h->ev)
		mnl_socket_close(h->ev);
	if (h->ctl)
		mnl_socket_close(h->ctl);
	free(h->rxbuf);
	free(h);
}

KTA_EXPORT const char *ktls_alert_last_error(const struct ktls_alert *h)
{
	return h->err.msg;
}

KTA_EXPORT uint16_t ktls_alert_family_id(const struct ktls_alert *h)
{
	return h->fam.id;
}

KTA_EXPORT uint32_t ktls_alert_family_version(const struct ktls_alert *h)
{
	return h->fam.version;
}

KTA_EXPORT int ktls_alert_fd(const struct ktls_alert *h)
{
	return mnl_socket_get_fd(h->ev);
}

KTA_EXPORT int ktls_alert_subscribe(struct ktls_alert *h)
{
	int grp = (int)h->fam.alerts_grp;
	char sbuf[64];
	int err;

	h->err.msg[0] = '\0';
	if (h->subscribed)
		return 0;
	if (setsockopt(mnl_socket_get_fd(h->ev), SOL_NETLINK,
		       NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)) < 0) {
		err = errno;
		if (err == EPERM || err == EACCES)
			kta_seterr(&h->err,
				   "joining the %s group: permission denied: it needs CAP_NET_ADMIN in this network namespace",
				   KTLS_ALERT_MCGRP_ALERTS);
		else
			kta_seterr(&h->err, "joining the %s group: %s",
				   KTLS_ALERT_MCGRP_ALERTS,
				   kta_strerror(err, sbuf, sizeof(sbuf)));
		return -err;
	}
	h->subscribed = true;
	return 0;
}

KTA_EXPORT int ktls_alert_set_rcvbuf(struct ktls_alert *h, int bytes)
{
	int fd = mnl_socket_get_fd(h->ev);
	char sbuf[64];
	int err;

	h->err.msg[0] = '\0';
	if (bytes <= 0) {
		kta_seterr(&h->err, "receive buffer size must be positive");
		return -EINVAL;
	}
	/* The forcing variant passes rmem_max but needs CAP_NET_ADMIN. */
	if (!setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)))
		return 0;
	if (!setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)))
		return 0;
	err = errno;
	kta_seterr(&h->err, "setting the receive buffer to %d bytes: %s", bytes,
		   kta_strerror(err, sbuf, sizeof(sbuf)));
	return -err;
}
