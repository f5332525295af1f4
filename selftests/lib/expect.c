// SPDX-License-Identifier: GPL-2.0
/*
 * The tests' own reading of the alert rules; see expect.h. Deliberately
 * written without looking at module/parse.c or include/ktls_alert/.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/sockios.h>
#include <linux/tls.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef SO_COOKIE
#define SO_COOKIE 57
#endif
#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

#include "expect.h"

/* IANA "TLS Alerts" registry, as of RFC 8446bis and TLS ECH. */
const uint8_t kta_iana_codes[] = {
	0, 10, 20, 21, 22, 30, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51,
	52, 60, 70, 71, 80, 86, 90, 100, 109, 110, 111, 112, 113, 114, 115,
	116, 117, 120, 121,
};
const size_t kta_iana_ncodes = sizeof(kta_iana_codes);

/*
 * Marked reserved ("must not be sent") by the registry: decryption_failed,
 * decompression_failure, no_certificate, export_restriction,
 * certificate_unobtainable, bad_certificate_hash_value. no_renegotiation
 * (100) is not: IANA lists it as assigned; only RFC 8446 reserves it for
 * TLS 1.3, and the flag describes the registry, not the version.
 */
static const uint8_t kta_iana_reserved_codes[] = { 21, 30, 41, 60, 111, 114 };

bool kta_iana_known(uint8_t code)
{
	size_t i;

	for (i = 0; i < kta_iana_ncodes; i++)
		if (kta_iana_codes[i] == code)
			return true;
	return false;
}

bool kta_iana_reserved(uint8_t code)
{
	size_t i;

	for (i = 0; i < sizeof(kta_iana_reserved_codes); i++)
		if (kta_iana_reserved_codes[i] == code)
			return true;
	return false;
}

void kta_want_of(uint16_t tls_version, const uint8_t *rec, size_t len,
		 struct kta_want *w)
{
	*w = (struct kta_want){ .length = (uint32_t)len };
	w->has_level = len >= 1;
	w->has_desc = len >= 2;
	if (w->has_level)
		w->level = rec[0];
	if (w->has_desc) {
		w->desc = rec[1];
		w->known = kta_iana_known(w->desc);
		w->reserved = kta_iana_reserved(w->desc);
	}

	/* An alert is exactly two bytes, level 1 (warning) or 2 (fatal). */
	if (len == 0)
		w->malformed = KTLS_ALERT_MALFORMED_EMPTY;
	else if (len == 1)
		w->malformed = KTLS_ALERT_MALFORMED_TRUNCATED;
	else if (len > 2)
		w->malformed = KTLS_ALERT_MALFORMED_OVERSIZED;
	else if (rec[0] != 1 && rec[0] != 2)
		w->malformed = KTLS_ALERT_MALFORMED_BAD_LEVEL;

	if (w->malformed)
		w->class = KTLS_ALERT_CLASS_MALFORMED;
	else if (w->desc == 0 || w->desc == 90)
		/* close_notify, user_canceled: closure at either level */
		w->class = KTLS_ALERT_CLASS_CLOSURE;
	else if (tls_version == TLS_1_3_VERSION)
		/* RFC 8446 6.2: all other alerts are errors, any level */
		w->class = KTLS_ALERT_CLASS_FATAL;
	else if (rec[0] == 1)
		w->class = KTLS_ALERT_CLASS_WARNING;
	else
		w->class = KTLS_ALERT_CLASS_FATAL;
}

int kta_sock_id_of(int fd, struct kta_sock_id *id)
{
	struct sockaddr_storage l, p;
	socklen_t ll = sizeof(l), pl = sizeof(p);
	socklen_t sl = sizeof(id->cookie);
	struct stat st;
	int nsfd;

	memset(id, 0, sizeof(*id));
	if (getsockname(fd, (struct sockaddr *)&l, &ll) ||
	    getpeername(fd, (struct sockaddr *)&p, &pl))
		return -errno;
	id->family = l.ss_family;
	if (l.ss_family == AF_INET) {
		const struct sockaddr_in *a = (void *)&l, *b = (void *)&p;

		id->addr_len = 4;
		memcpy(id->local, &a->sin_addr, 4);
		memcpy(id->peer, &b->sin_addr, 4);
		id->local_port = ntohs(a->sin_port);
		id->peer_port = ntohs(b->sin_port);
	} else {
		const struct sockaddr_in6 *a = (void *)&l, *b = (void *)&p;

		id->addr_len = 16;
		memcpy(id->local, &a->sin6_addr, 16);
		memcpy(id->peer, &b->sin6_addr, 16);
		id->local_port = ntohs(a->sin6_port);
		id->peer_port = ntohs(b->sin6_port);
	}
	if (getsockopt(fd, SOL_SOCKET, SO_COOKIE, &id->cookie, &sl))
		return -errno;
	sl = sizeof(id->netns_cookie);
	if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &id->netns_cookie,
		       &sl))
		return -errno;
	nsfd = ioctl(fd, SIOCGSKNS);
	if (nsfd < 0)
		return -errno;
	if (fstat(nsfd, &st)) {
		close(nsfd);
		return -errno;
	}
	close(nsfd);
	id->netns_ino = st.st_ino;
	return 0;
}

void kta_task_id_self(struct kta_task_id *t)
{
	memset(t, 0, sizeof(*t));
	t->pid = getpid();
	t->tid = syscall(SYS_gettid);
	t->uid = getuid();
	prctl(PR_GET_NAME, t->comm);
}

uint64_t kta_realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Appends one mismatch line; the buffer stays NUL terminated. */
static void kta_note(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n > 0)
		*off += (size_t)n < len - *off ? (size_t)n : len - *off - 1;
}

#define KTA_CMP(field, got, want) do {					\
	if ((unsigned long long)(got) != (unsigned long long)(want)) {	\
		bad++;							\
		kta_note(buf, len, &off, "%s: got %llu, want %llu; ",	\
			 field, (unsigned long long)(got),		\
			 (unsigned long long)(want));			\
	}								\
} while (0)

#define KTA_HAS(ev, a)	KTLS_ALERT_HAS(ev, KTLS_ALERT_A_EVENT_##a)

int kta_event_mismatch(const struct ktls_alert_event *ev,
		       const struct kta_want *w, const struct kta_sock_id *sock,
		       const struct kta_task_id *task,
		       const struct kta_ctx *ctx, char *buf, size_t len)
{
	size_t off = 0;
	int bad = 0;

	buf[0] = '\0';
	KTA_CMP("class", ev->class, w->class);
	KTA_CMP("level present", KTA_HAS(ev, LEVEL), w->has_level);
	if (w->has_level)
		KTA_CMP("level", ev->level, w->level);
	KTA_CMP("description present", KTA_HAS(ev, DESCRIPTION), w->has_desc);
	if (w->has_desc)
		KTA_CMP("description", ev->description, w->desc);
	KTA_CMP("known", ev->known, w->known);
	KTA_CMP("reserved", ev->reserved, w->reserved);
	KTA_CMP("malformed present", KTA_HAS(ev, MALFORMED), !!w->malformed);
	KTA_CMP("malformed", ev->malformed, w->malformed);
	KTA_CMP("length present", KTA_HAS(ev, LENGTH), 1);
	KTA_CMP("length", ev->length, w->length);
	KTA_CMP("tls-version", ev->tls_version, ctx->tls_version);
	KTA_CMP("cipher", ev->cipher, ctx->cipher);
	KTA_CMP("seq present", KTA_HAS(ev, SEQ), 1);
	KTA_CMP("seq", ev->seq, ctx->seq);

	KTA_CMP("family", ev->family, sock->family);
	KTA_CMP("local-addr length", ev->local_addr_len, sock->addr_len);
	KTA_CMP("peer-addr length", ev->peer_addr_len, sock->addr_len);
	if (memcmp(ev->local_addr, sock->local, sock->addr_len)) {
		bad++;
		kta_note(buf, len, &off, "local-addr differs; ");
	}
	if (memcmp(ev->peer_addr, sock->peer, sock->addr_len)) {
		bad++;
		kta_note(buf, len, &off, "peer-addr differs; ");
	}
	KTA_CMP("local-port", ev->local_port, sock->local_port);
	KTA_CMP("peer-port", ev->peer_port, sock->peer_port);
	KTA_CMP("sock-cookie present", KTA_HAS(ev, SOCK_COOKIE), 1);
	KTA_CMP("sock-cookie", ev->sock_cookie, sock->cookie);
	KTA_CMP("netns-ino", ev->netns_ino, sock->netns_ino);
	KTA_CMP("netns-cookie", ev->netns_cookie, sock->netns_cookie);

	KTA_CMP("pid present", KTA_HAS(ev, PID), 1);
	KTA_CMP("pid", ev->pid, task->pid);
	KTA_CMP("tid", ev->tid, task->tid);
	KTA_CMP("uid present", KTA_HAS(ev, UID), 1);
	KTA_CMP("uid", ev->uid, task->uid);
	if (strncmp(ev->comm, task->comm, sizeof(task->comm))) {
		bad++;
		kta_note(buf, len, &off, "comm: got \"%s\", want \"%s\"; ",
			 ev->comm, task->comm);
	}
	if (!KTA_HAS(ev, TIMESTAMP) || ev->timestamp_ns < ctx->t0 ||
	    ev->timestamp_ns > ctx->t1) {
		bad++;
		kta_note(buf, len, &off,
			 "timestamp %llu outside the read [%llu, %llu]; ",
			 (unsigned long long)ev->timestamp_ns,
			 (unsigned long long)ctx->t0,
			 (unsigned long long)ctx->t1);
	}
	return bad;
}
