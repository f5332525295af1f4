/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A ktls_alert listener for tests: a libktls_alert handle subscribed to the
 * alerts group, and every event it has received so far, in order.
 */
#ifndef KTLS_TEST_LISTEN_H
#define KTLS_TEST_LISTEN_H

#include <stdbool.h>
#include <stddef.h>

#include <ktls_alert/ktls_alert.h>

struct kta_listener {
	struct ktls_alert *h;
	struct ktls_alert_event *ev;	/* received, oldest first */
	size_t n, cap;
	unsigned long long lost;	/* reported by the lost callback */
	char err[512];
};

/*
 * Open a handle in the calling thread's network namespace; when
 * @subscribe, also join the alerts group. 0 or a negative errno, with
 * l->err saying which step failed and why.
 */
int kta_listen_open(struct kta_listener *l, bool subscribe);
void kta_listen_close(struct kta_listener *l);

/*
 * Take every event already queued, without waiting. Returns the number of
 * events taken, or a negative errno (l->err says why).
 */
int kta_listen_take(struct kta_listener *l);

/*
 * Take events until l->n reaches @want or @timeout_ms passes. Returns the
 * number held (which may be short), or a negative errno.
 */
int kta_listen_wait(struct kta_listener *l, size_t want, int timeout_ms);

/*
 * Keep taking events for @quiet_ms, for "and nothing more arrives".
 * Returns how many arrived in that time, or a negative errno.
 */
int kta_listen_quiet(struct kta_listener *l, int quiet_ms);

/* Forget the events held. */
void kta_listen_clear(struct kta_listener *l);

#endif
