/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * Private to libktls_alert and its host tests. The decoders below are pure:
 * they read one netlink message from memory and fill a structure, so the
 * unit tests and the fuzzer can feed them anything.
 */
#ifndef _KTLS_ALERT_INTERNAL_H
#define _KTLS_ALERT_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>

#include <ktls_alert/ktls_alert.h>

#define KTA_EXPORT	__attribute__((visibility("default")))

#define KTA_ERR_MAX	256

/* Receive buffers start at this size; requests grow theirs to fit. */
#define KTA_RXBUF	(64 * 1024)

/* Seconds a request waits for the kernel's answer. */
#define KTA_REQ_TIMEOUT	5

/* Where a decoder reports why it refused a message. */
struct kta_err {
	char msg[KTA_ERR_MAX];
};

void kta_seterr(struct kta_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* What the nlctrl reply says about the ktls_alert family. */
struct kta_family {
	uint16_t id;
	uint32_t version;
	uint32_t alerts_grp;
	bool has_id;
	bool has_alerts_grp;
};

struct ktls_alert {
	struct mnl_socket *ctl;		/* requests and replies */
	struct mnl_socket *ev;		/* multicast notifications only */
	uint32_t ctl_portid;
	uint32_t seq;
	struct kta_family fam;
	bool subscribed;
	/* socket drop counter (SK_MEMINFO_DROPS) at the last look */
	uint32_t drops_seen;
	/* drops already reported on ENOBUFS before the counter showed them */
	uint64_t drops_owed;
	uint64_t lost_total;
	void *rxbuf;
	size_t rxbuf_len;
	struct kta_err err;
};

/*
 * kta_attr_walk() - call @cb for each attribute in @len bytes at @buf.
 * Unlike mnl_attr_parse() it refuses a stream whose tail is not a whole
 * attribute. Returns 0, the first non-zero @cb result, or -EBADMSG.
 */
typedef int (*kta_attr_cb)(const struct nlattr *attr, void *data);
int kta_attr_walk(const void *buf, size_t len, kta_attr_cb cb, void *data,
		  struct kta_err *e, const char *what);

/* Decoders. Each returns 0 or -EBADMSG with @e set. */
int kta_decode_event(const struct nlmsghdr *nlh, struct ktls_alert_event *ev,
		     struct kta_err *e);
int kta_decode_stats(const struct nlmsghdr *nlh, struct ktls_alert_stats *st,
		     struct kta_err *e);
int kta_decode_info(const struct nlmsghdr *nlh, struct ktls_alert_info *info,
		    struct kta_err *e);
int kta_decode_family(const struct nlmsghdr *nlh, struct kta_family *fam,
		      struct kta_err *e);
/*
 * kta_decode_ack() - read an NLMSG_ERROR message.
 * Returns -EBADMSG when it is malformed, else stores the (zero or negative)
 * error code in *@code and, when the kernel attached one, the extack text
 * in @e (otherwise @e->msg is set to "").
 */
int kta_decode_ack(const struct nlmsghdr *nlh, int *code, struct kta_err *e);

/*
 * kta_dispatch_buf() - deliver the alert notifications in one datagram.
 * Skips messages that are not ktls_alert alert notifications. Returns the
 * number delivered, a callback's stop request (see ktls_alert_event_cb,
 * reported as the positive KTA_STOP), or a negative errno.
 */
#define KTA_STOP	(1 << 30)
int kta_dispatch_buf(struct ktls_alert *h, const void *buf, size_t len,
		     ktls_alert_event_cb on_event, void *data, int *delivered);

/*
 * Requests (request.c): kta_req_start() lays a request header into @buf
 * (at least KTA_REQ_BUF bytes); the caller may append attributes, then
 * kta_req_run() sends it, hands every reply of type @type to @on_reply and
 * waits for the kernel's acknowledgement. @what names the request in error
 * texts. Returns 0, the kernel's negative errno, or a local one.
 */
#define KTA_REQ_BUF	512
typedef int (*kta_reply_cb)(const struct nlmsghdr *nlh, void *data,
			    struct kta_err *e);
struct nlmsghdr *kta_req_start(void *buf, uint16_t type, uint8_t cmd,
			       uint8_t version);
int kta_req_run(struct ktls_alert *h, struct nlmsghdr *nlh, const char *what,
		kta_reply_cb on_reply, void *data);

/* The kernel's drop counter of the event socket (SK_MEMINFO_DROPS). */
int kta_read_drops(struct ktls_alert *h, uint32_t *drops);

/* Thread-safe strerror() into the handle-free buffer @buf. */
const char *kta_strerror(int err, char *buf, size_t len);

/* Map a nonzero errno from a failed call inside open to one that is never
 * ENOENT, which open keeps for "family not registered".
 */
static inline int kta_not_enoent(int err)
{
	return err == ENOENT ? EIO : err;
}

#endif /* _KTLS_ALERT_INTERNAL_H */
