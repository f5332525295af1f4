// SPDX-License-Identifier: GPL-2.0
/*
 * Test listener on libktls_alert; see listen.h.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "listen.h"

int kta_listen_open(struct kta_listener *l, bool subscribe)
{
	char why[256] = "";
	int err;

	memset(l, 0, sizeof(*l));
	err = ktls_alert_open(&l->h, why, sizeof(why));
	if (err) {
		snprintf(l->err, sizeof(l->err), "ktls_alert_open: %s (%s)",
			 why, strerror(-err));
		return err;
	}
	if (subscribe) {
		err = ktls_alert_subscribe(l->h);
		if (err) {
			snprintf(l->err, sizeof(l->err),
				 "ktls_alert_subscribe: %s (%s)",
				 ktls_alert_last_error(l->h), strerror(-err));
			kta_listen_close(l);
			return err;
		}
	}
	return 0;
}

void kta_listen_close(struct kta_listener *l)
{
	ktls_alert_close(l->h);
	free(l->ev);
	l->h = NULL;
	l->ev = NULL;
	l->n = l->cap = 0;
}

void kta_listen_clear(struct kta_listener *l)
{
	l->n = 0;
}

static int kta_listen_on_event(const struct ktls_alert_event *ev, void *data)
{
	struct kta_listener *l = data;
	struct ktls_alert_event *p;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		p = realloc(l->ev, l->cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		l->ev = p;
	}
	l->ev[l->n++] = *ev;
	return 0;
}

static int kta_listen_on_lost(uint64_t lost, void *data)
{
	struct kta_listener *l = data;

	l->lost += lost;
	return 0;
}

int kta_listen_take(struct kta_listener *l)
{
	int n;

	n = ktls_alert_dispatch(l->h, kta_listen_on_event, kta_listen_on_lost,
				l);
	if (n < 0)
		snprintf(l->err, sizeof(l->err), "ktls_alert_dispatch: %s (%s)",
			 ktls_alert_last_error(l->h), strerror(-n));
	return n;
}

static long long kta_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int kta_listen_wait(struct kta_listener *l, size_t want, int timeout_ms)
{
	long long end = kta_now_ms() + timeout_ms;
	struct pollfd pfd = { .fd = ktls_alert_fd(l->h), .events = POLLIN };
	long long left;
	int n;

	for (;;) {
		n = kta_listen_take(l);
		if (n < 0)
			return n;
		if (l->n >= want)
			break;
		left = end - kta_now_ms();
		if (left <= 0)
			break;
		poll(&pfd, 1, (int)left);
	}
	return (int)l->n;
}

int kta_listen_quiet(struct kta_listener *l, int quiet_ms)
{
	size_t before = l->n;
	int n;

	n = kta_listen_wait(l, (size_t)-1, quiet_ms);
	return n < 0 ? n : (int)(l->n - before);
}
