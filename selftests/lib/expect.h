/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a ktls_alert event must say about an alert record, worked out by the
 * tests themselves from the RFCs (RFC 8446 section 6, RFC 5246 section 7.2)
 * and the IANA TLS Alerts registry, independently of the module's parser:
 * a test that shared the module's tables could not catch their mistakes.
 */
#ifndef KTLS_TEST_EXPECT_H
#define KTLS_TEST_EXPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ktls_alert/ktls_alert.h>

/* The assigned alert descriptions, in ascending order, and their count. */
extern const uint8_t kta_iana_codes[];
extern const size_t kta_iana_ncodes;
bool kta_iana_known(uint8_t code);
bool kta_iana_reserved(uint8_t code);

/* What the event for one alert record must carry. */
struct kta_want {
	uint32_t class;		/* enum ktls_alert_class */
	uint32_t malformed;	/* enum ktls_alert_malformed, or 0 */
	uint32_t length;
	bool has_level, has_desc, known, reserved;
	uint8_t level, desc;
};

/* The expectation for a record of @len plaintext bytes at @rec. */
void kta_want_of(uint16_t tls_version, const uint8_t *rec, size_t len,
		 struct kta_want *w);

/* The receiving socket, as the application sees it. */
struct kta_sock_id {
	uint16_t family;
	uint8_t local[16], peer[16];
	uint8_t addr_len;		/* 4 or 16 */
	uint16_t local_port, peer_port;
	uint64_t cookie;		/* SO_COOKIE */
	uint64_t netns_ino;		/* of the socket's namespace (SIOCGSKNS) */
	uint64_t netns_cookie;		/* SO_NETNS_COOKIE */
};

/* getsockname/getpeername/SO_COOKIE/SIOCGSKNS of @fd. */
int kta_sock_id_of(int fd, struct kta_sock_id *id);

/* The reading task, as it sees itself. */
struct kta_task_id {
	uint32_t pid, tid, uid;
	char comm[16];
};

void kta_task_id_self(struct kta_task_id *t);

/* Everything else an event is checked against. */
struct kta_ctx {
	uint16_t tls_version;
	uint16_t cipher;
	uint64_t seq;			/* record sequence number */
	uint64_t t0, t1;		/* CLOCK_REALTIME ns around the read */
};

/* CLOCK_REALTIME in ns, for kta_ctx.t0/t1. */
uint64_t kta_realtime_ns(void);

/*
 * Compare every field of @ev with what it must be. Returns the number of
 * fields that differ, and describes each in @buf ("level: got 3, want 2").
 */
int kta_event_mismatch(const struct ktls_alert_event *ev,
		       const struct kta_want *w, const struct kta_sock_id *sock,
		       const struct kta_task_id *task,
		       const struct kta_ctx *ctx, char *buf, size_t len);

#endif
