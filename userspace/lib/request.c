// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * Request and reply on the handle's control socket: get-info, get-stats,
 * reset-stats, and the nlctrl lookup that open does. Every request asks for
 * an acknowledgement, so the exchange always ends with an NLMSG_ERROR
 * message, whose extended ack text (if any) becomes the handle's error.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

const char *kta_strerror(int err, char *buf, size_t len)
{
	/* GNU strerror_r may return a static string instead of filling @buf;
	 * copy it so that @buf always holds the text.
	 */
	const char *s = strerror_r(err, buf, len);

	if (s != buf)
		snprintf(buf, len, "%s", s);
	return buf;
}

struct nlmsghdr *kta_req_start(void *buf, uint16_t type, uint8_t cmd,
			       uint8_t version)
{
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;

	memset(buf, 0, KTA_REQ_BUF);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/* Make the receive buffer hold at least @need bytes. */
static int kta_rxbuf_fit(struct ktls_alert *h, size_t need)
{
	void *p;

	if (need <= h->rxbuf_len)
		return 0;
	p = realloc(h->rxbuf, need);
	if (!p) {
		kta_seterr(&h->err, "out of memory for a %zu byte reply", need);
		return -ENOMEM;
	}
	h->rxbuf = p;
	h->rxbuf_len = need;
	return 0;
}

/* Receive one datagram from the control socket into h->rxbuf. */
static ssize_t kta_ctl_recv(struct ktls_alert *h, const char *what)
{
	int fd = mnl_socket_get_fd(h->ctl);
	char sbuf[64];
	ssize_t n;
	int err;

	/* Size the datagram first: a stats reply can be tens of KiB. */
	n = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
	if (n >= 0) {
		err = kta_rxbuf_fit(h, (size_t)n);
		if (err)
			return err;
		n = recv(fd, h->rxbuf, h->rxbuf_len, 0);
	}
	if (n >= 0)
		return n;

	err = errno;
	if (err == EAGAIN || err == EWOULDBLOCK) {
		kta_seterr(&h->err, "%s: no answer from the kernel within %d s",
			   what, KTA_REQ_TIMEOUT);
		return -ETIMEDOUT;
	}
	if (err == ENOBUFS) {
		kta_seterr(&h->err, "%s: the reply was dropped (receive buffer full)",
			   what);
		return -ENOBUFS;
	}
	kta_seterr(&h->err, "%s: receiving the reply: %s", what,
		   kta_strerror(err, sbuf, sizeof(sbuf)));
	return -err;
}

int kta_req_run(struct ktls_alert *h, struct nlmsghdr *nlh, const char *what,
		kta_reply_cb on_reply, void *data)
{
	uint16_t type = nlh->nlmsg_type;
	int reply_err = 0, code, ret;
	struct kta_err ext;
	char sbuf[64];
	uint32_t seq;
	ssize_t n;

	h->err.msg[0] = '\0';
	seq = ++h->seq;
	if (!seq)
		seq = ++h->seq;
	nlh->nlmsg_seq = seq;

	if (mnl_socket_sendto(h->ctl, nlh, nlh->nlmsg_len) < 0) {
		int err = errno;

		kta_seterr(&h->err, "%s: sending the request: %s", what,
			   kta_strerror(err, sbuf, sizeof(sbuf)));
		return -err;
	}

	for (;;) {
		const char *p;
		size_t off = 0;

		n = kta_ctl_recv(h, what);
		if (n < 0)
			return (int)n;
		p = h->rxbuf;

		while (off < (size_t)n) {
			const struct nlmsghdr *m = (const void *)(p + off);
			size_t left = (size_t)n - off;

			if (left < sizeof(*m) || m->nlmsg_len < sizeof(*m) ||
			    m->nlmsg_len > left) {
				kta_seterr(&h->err, "%s: truncated reply", what);
				return -EBADMSG;
			}
			off += NLMSG_ALIGN(m->nlmsg_len);

			/* Replies carry our sequence number and our port id;
			 * anything else is a leftover and not ours to read.
			 */
			if (m->nlmsg_seq != seq ||
			    (m->nlmsg_pid && m->nlmsg_pid != h->ctl_portid))
				continue;

			if (m->nlmsg_type == NLMSG_ERROR) {
				ret = kta_decode_ack(m, &code, &ext);
				if (ret) {
					kta_seterr(&h->err, "%s: %s", what,
						   ext.msg);
					return ret;
				}
				/* A reply that did not decode keeps its text. */
				if (!code)
					return reply_err;
				kta_strerror(-code, sbuf, sizeof(sbuf));
				if (ext.msg[0])
					kta_seterr(&h->err, "%s: %s: %s", what,
						   sbuf, ext.msg);
				else
					kta_seterr(&h->err, "%s: %s", what,
						   sbuf);
				return code;
			}
			if (m->nlmsg_type == NLMSG_DONE)
				return reply_err;
			if (m->nlmsg_type != type || !on_reply || reply_err)
				continue;
			reply_err = on_reply(m, data, &h->err);
		}
	}
}

/* ---- the three requests of the ktls_alert family ---- */

static int kta_info_reply(const struct nlmsghdr *nlh, void *data,
			  struct kta_err *e)
{
	return kta_decode_info(nlh, data, e);
}

static int kta_stats_reply(const struct nlmsghdr *nlh, void *data,
			   struct kta_err *e)
{
	return kta_decode_stats(nlh, data, e);
}

/* Fails the request when the kernel acked without sending a reply. */
static int kta_require_reply(struct ktls_alert *h, uint32_t present,
			     const char *what)
{
	if (present)
		return 0;
	kta_seterr(&h->err, "%s: the kernel acknowledged without a reply",
		   what);
	return -EBADMSG;
}

KTA_EXPORT int ktls_alert_get_info(struct ktls_alert *h,
				   struct ktls_alert_info *info)
{
	char buf[KTA_REQ_BUF];
	struct nlmsghdr *nlh;
	int ret;

	memset(info, 0, sizeof(*info));
	nlh = kta_req_start(buf, h->fam.id, KTLS_ALERT_CMD_GET_INFO,
			    KTLS_ALERT_FAMILY_VERSION);
	ret = kta_req_run(h, nlh, "get-info", kta_info_reply, info);
	if (ret)
		return ret;
	return kta_require_reply(h, info->present, "get-info");
}

KTA_EXPORT int ktls_alert_get_stats(struct ktls_alert *h,
				    struct ktls_alert_stats *stats)
{
	char buf[KTA_REQ_BUF];
	struct nlmsghdr *nlh;
	int ret;

	memset(stats, 0, sizeof(*stats));
	nlh = kta_req_start(buf, h->fam.id, KTLS_ALERT_CMD_GET_STATS,
			    KTLS_ALERT_FAMILY_VERSION);
	ret = kta_req_run(h, nlh, "get-stats", kta_stats_reply, stats);
	if (ret)
		return ret;
	return kta_require_reply(h, stats->present, "get-stats");
}

KTA_EXPORT int ktls_alert_reset_stats(struct ktls_alert *h)
{
	char buf[KTA_REQ_BUF];
	struct nlmsghdr *nlh;
	int ret;

	nlh = kta_req_start(buf, h->fam.id, KTLS_ALERT_CMD_RESET_STATS,
			    KTLS_ALERT_FAMILY_VERSION);
	ret = kta_req_run(h, nlh, "reset-stats", NULL, NULL);
	if (ret == -EPERM && !strstr(h->err.msg, "CAP_NET_ADMIN")) {
		struct kta_err was = h->err;

		kta_seterr(&h->err, "%s (resetting the counters needs CAP_NET_ADMIN)",
			   was.msg);
	}
	return ret;
}
