// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * Draining the event socket, and telling the caller about lost events.
 *
 * When a multicast notification does not fit into a listener's receive
 * buffer the kernel drops it and adds one to the socket's drop counter
 * (SK_MEMINFO_DROPS, read with SO_MEMINFO). The first drop of an overrun
 * also makes the next recv() fail with ENOBUFS; later drops of the same
 * overrun only count. So the counter, not the ENOBUFS, says how many were
 * lost: it is read on every ENOBUFS and every time the queue runs empty,
 * and the growth since the previous read is reported.
 *
 * The kernel raises the ENOBUFS just before it bumps the counter, so a
 * reader on another CPU can see the error first. Such an ENOBUFS is
 * reported as one lost event right away and remembered as owed; the next
 * growth of the counter pays it back, so the total stays exact.
 */
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

static int kta_report_drops(struct ktls_alert *h, bool enobufs,
			    ktls_alert_lost_cb on_lost, void *data)
{
	uint64_t lost = 0, paid;
	uint32_t drops;
	int ret;

	if (!kta_read_drops(h, &drops)) {
		/* u32 arithmetic keeps the difference right across wrap. */
		lost = (uint32_t)(drops - h->drops_seen);
		h->drops_seen = drops;
		paid = lost < h->drops_owed ? lost : h->drops_owed;
		h->drops_owed -= paid;
		lost -= paid;
	}
	if (enobufs && !lost) {
		lost = 1;
		h->drops_owed++;
	}
	if (!lost)
		return 0;

	h->lost_total += lost;
	if (!on_lost)
		return 0;
	ret = on_lost(lost, data);
	if (ret < 0) {
		char sbuf[64];

		kta_seterr(&h->err, "the lost-events callback failed: %s",
			   kta_strerror(-ret, sbuf, sizeof(sbuf)));
	}
	return ret;
}

KTA_EXPORT int ktls_alert_dispatch(struct ktls_alert *h,
				   ktls_alert_event_cb on_event,
				   ktls_alert_lost_cb on_lost, void *data)
{
	int fd = mnl_socket_get_fd(h->ev);
	int delivered = 0, ret;
	char sbuf[64];
	ssize_t n;

	h->err.msg[0] = '\0';
	for (;;) {
		n = recv(fd, h->rxbuf, h->rxbuf_len, MSG_DONTWAIT | MSG_TRUNC);
		if (n < 0) {
			int err = errno;

			if (err == EINTR)
				continue;
			if (err == EAGAIN || err == EWOULDBLOCK)
				break;
			if (err == ENOBUFS) {
				ret = kta_report_drops(h, true, on_lost, data);
				if (ret < 0)
					return ret;
				if (ret > 0)
					return delivered;
				continue;
			}
			kta_seterr(&h->err, "receiving events: %s",
				   kta_strerror(err, sbuf, sizeof(sbuf)));
			return -err;
		}
		if ((size_t)n > h->rxbuf_len) {
			kta_seterr(&h->err,
				   "a %zd byte notification did not fit the %zu byte buffer",
				   n, h->rxbuf_len);
			return -EMSGSIZE;
		}
		ret = kta_dispatch_buf(h, h->rxbuf, (size_t)n, on_event, data,
				       &delivered);
		if (ret < 0)
			return ret;
		if (ret == KTA_STOP)
			return delivered;
	}

	ret = kta_report_drops(h, false, on_lost, data);
	if (ret < 0)
		return ret;
	return delivered;
}

KTA_EXPORT uint64_t ktls_alert_lost_total(const struct ktls_alert *h)
{
	return h->lost_total;
}
