// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * How events, counters and registry entries look on the terminal and in
 * JSON. Every name comes from the library's tables.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "cli.h"

#define HAS(ev, a)	KTLS_ALERT_HAS(ev, KTLS_ALERT_A_EVENT_##a)

/* RFC 3339 in UTC with nanoseconds: 2025-01-31T23:59:59.123456789Z */
void fmt_time(char *buf, size_t len, uint64_t ns)
{
	time_t sec = (time_t)(ns / 1000000000ULL);
	struct tm tm;
	size_t n;

	if (!gmtime_r(&sec, &tm)) {
		snprintf(buf, len, "%" PRIu64, ns);
		return;
	}
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%09uZ",
		 (unsigned int)(ns % 1000000000ULL));
}

/* An address as inet_ntop writes it; IPv6 in brackets when a port follows. */
void fmt_addr(char *buf, size_t len, const uint8_t *addr, unsigned int alen,
	      unsigned int port, bool with_port)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(alen == 4 ? AF_INET : AF_INET6, addr, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	if (!with_port)
		snprintf(buf, len, "%s", a);
	else if (alen == 16)
		snprintf(buf, len, "[%s]:%u", a, port);
	else
		snprintf(buf, len, "%s:%u", a, port);
}

static const char *fmt_family(unsigned int family)
{
	switch (family) {
	case AF_INET:
		return "inet";
	case AF_INET6:
		return "inet6";
	}
	return "unknown";
}

static void kv_u64_if(struct json *j, const char *key, bool has, uint64_t v)
{
	if (has)
		json_kv_u64(j, key, v);
	else
		json_kv_null(j, key);
}

static void kv_str_if(struct json *j, const char *key, bool has,
		      const char *s)
{
	json_kv_str(j, key, has ? s : NULL);
}

static void kv_addr(struct json *j, const char *key, bool has,
		    const uint8_t *addr, unsigned int alen)
{
	char a[INET6_ADDRSTRLEN + 8];

	if (!has) {
		json_kv_null(j, key);
		return;
	}
	fmt_addr(a, sizeof(a), addr, alen, 0, false);
	json_kv_str(j, key, a);
}

void fmt_event_json(struct json *j, const struct ktls_alert_event *ev)
{
	char t[64];

	json_obj_begin(j);
	if (HAS(ev, TIMESTAMP)) {
		fmt_time(t, sizeof(t), ev->timestamp_ns);
		json_kv_str(j, "time", t);
		json_kv_u64(j, "time_ns", ev->timestamp_ns);
	} else {
		json_kv_null(j, "time");
		json_kv_null(j, "time_ns");
	}
	kv_u64_if(j, "netns", HAS(ev, NETNS_INO), ev->netns_ino);
	kv_u64_if(j, "netns_cookie", HAS(ev, NETNS_COOKIE), ev->netns_cookie);
	json_kv_str(j, "class", ktls_alert_class_name(ev->class));
	kv_str_if(j, "level", HAS(ev, LEVEL), ktls_alert_level_name(ev->level));
	kv_u64_if(j, "level_raw", HAS(ev, LEVEL), ev->level);
	kv_str_if(j, "description", HAS(ev, DESCRIPTION),
		  ktls_alert_desc_name(ev->description));
	kv_u64_if(j, "code", HAS(ev, DESCRIPTION), ev->description);
	json_kv_bool(j, "known", ev->known);
	json_kv_bool(j, "reserved", ev->reserved);
	kv_str_if(j, "malformed", HAS(ev, MALFORMED),
		  ktls_alert_malformed_name(ev->malformed));
	kv_u64_if(j, "length", HAS(ev, LENGTH), ev->length);
	kv_str_if(j, "tls_version", HAS(ev, TLS_VERSION),
		  ktls_alert_tls_version_name(ev->tls_version));
	kv_u64_if(j, "tls_version_raw", HAS(ev, TLS_VERSION), ev->tls_version);
	kv_str_if(j, "cipher", HAS(ev, CIPHER),
		  ktls_alert_cipher_name(ev->cipher));
	kv_u64_if(j, "cipher_raw", HAS(ev, CIPHER), ev->cipher);
	kv_str_if(j, "family", HAS(ev, FAMILY), fmt_family(ev->family));
	kv_addr(j, "local", HAS(ev, LOCAL_ADDR), ev->local_addr,
		ev->local_addr_len);
	kv_u64_if(j, "local_port", HAS(ev, LOCAL_PORT), ev->local_port);
	kv_addr(j, "peer", HAS(ev, PEER_ADDR), ev->peer_addr,
		ev->peer_addr_len);
	kv_u64_if(j, "peer_port", HAS(ev, PEER_PORT), ev->peer_port);
	kv_u64_if(j, "pid", HAS(ev, PID), ev->pid);
	kv_u64_if(j, "tid", HAS(ev, TID), ev->tid);
	kv_str_if(j, "comm", HAS(ev, COMM), ev->comm);
	kv_u64_if(j, "uid", HAS(ev, UID), ev->uid);
	kv_u64_if(j, "cookie", HAS(ev, SOCK_COOKIE), ev->sock_cookie);
	kv_u64_if(j, "seq", HAS(ev, SEQ), ev->seq);
	json_obj_end(j);
}

/* A command name with anything unprintable or blank as \xNN. */
static void fmt_comm(FILE *f, const char *comm)
{
	const unsigned char *s = (const unsigned char *)comm;

	for (; *s; s++) {
		if (*s <= 0x20 || *s >= 0x7f || *s == '\\')
			fprintf(f, "\\x%02x", *s);
		else
			fputc(*s, f);
	}
}

/*
 * One line per event, key=value after the time and class, so that a
 * person can read it and grep can find things in it:
 *
 * 2025-01-31T23:59:59.123456789Z fatal desc=handshake_failure(40)
 *   level=fatal(2) tls=1.3 cipher=aes-gcm-128 local=10.0.0.1:443
 *   peer=10.0.0.2:51000 pid=812 tid=815 comm=nginx uid=33 seq=1 cookie=4097
 *   netns=4026531840
 */
void fmt_event_text(FILE *f, const struct ktls_alert_event *ev)
{
	char buf[INET6_ADDRSTRLEN + 16];

	if (HAS(ev, TIMESTAMP)) {
		fmt_time(buf, sizeof(buf), ev->timestamp_ns);
		fputs(buf, f);
	} else {
		fputs("-", f);
	}
	fprintf(f, " %s", ktls_alert_class_name(ev->class));
	if (HAS(ev, MALFORMED))
		fprintf(f, " reason=%s",
			ktls_alert_malformed_name(ev->malformed));
	if (HAS(ev, DESCRIPTION))
		fprintf(f, " desc=%s(%u%s)",
			ktls_alert_desc_name(ev->description),
			ev->description, ev->reserved ? ",reserved" : "");
	if (HAS(ev, LEVEL))
		fprintf(f, " level=%s(%u)", ktls_alert_level_name(ev->level),
			ev->level);
	if (HAS(ev, LENGTH) && (ev->length != 2 || HAS(ev, MALFORMED)))
		fprintf(f, " length=%u", ev->length);
	if (HAS(ev, TLS_VERSION))
		fprintf(f, " tls=%s", ktls_alert_tls_version_name(ev->tls_version));
	if (HAS(ev, CIPHER))
		fprintf(f, " cipher=%s", ktls_alert_cipher_name(ev->cipher));
	if (HAS(ev, LOCAL_ADDR)) {
		fmt_addr(buf, sizeof(buf), ev->local_addr, ev->local_addr_len,
			 ev->local_port, HAS(ev, LOCAL_PORT));
		fprintf(f, " local=%s", buf);
	}
	if (HAS(ev, PEER_ADDR)) {
		fmt_addr(buf, sizeof(buf), ev->peer_addr, ev->peer_addr_len,
			 ev->peer_port, HAS(ev, PEER_PORT));
		fprintf(f, " peer=%s", buf);
	}
	if (HAS(ev, PID))
		fprintf(f, " pid=%u", ev->pid);
	if (HAS(ev, TID))
		fprintf(f, " tid=%u", ev->tid);
	if (HAS(ev, COMM)) {
		fputs(" comm=", f);
		fmt_comm(f, ev->comm);
	}
	if (HAS(ev, UID))
		fprintf(f, " uid=%u", ev->uid);
	if (HAS(ev, SEQ))
		fprintf(f, " seq=%" PRIu64, ev->seq);
	if (HAS(ev, SOCK_COOKIE))
		fprintf(f, " cookie=%" PRIu64, ev->sock_cookie);
	if (HAS(ev, NETNS_INO))
		fprintf(f, " netns=%u", ev->netns_ino);
	fputc('\n', f);
}

void fmt_lost_json(struct json *j, uint64_t now_ns, uint64_t lost)
{
	char t[64];

	fmt_time(t, sizeof(t), now_ns);
	json_obj_begin(j);
	json_kv_str(j, "time", t);
	json_kv_u64(j, "time_ns", now_ns);
	json_kv_u64(j, "lost", lost);
	json_obj_end(j);
}

void fmt_lost_text(FILE *f, uint64_t now_ns, uint64_t lost)
{
	char t[64];

	fmt_time(t, sizeof(t), now_ns);
	fprintf(f, "%s lost %" PRIu64 " event%s: receive buffer overrun (try --rcvbuf)\n",
		t, lost, lost == 1 ? "" : "s");
}

/* ---- statistics ---- */

static bool desc_row_used(const struct ktls_alert_stats *st, unsigned int d)
{
	unsigned int c;

	for (c = 1; c <= KTLS_ALERT_NR_CLASSES; c++)
		if (st->desc_count[d][c])
			return true;
	return false;
}

#define STATS_HAS(st, a)	KTLS_ALERT_HAS(st, KTLS_ALERT_A_STATS_##a)

void fmt_stats_json(struct json *j, const struct ktls_alert_stats *st)
{
	unsigned int c, d, r, t;

	json_obj_begin(j);
	json_key(j, "class");
	json_obj_begin(j);
	for (c = 1; c <= KTLS_ALERT_NR_CLASSES; c++)
		json_kv_u64(j, ktls_alert_class_name(c), st->class_count[c]);
	json_obj_end(j);

	json_key(j, "description");
	json_arr_begin(j);
	for (d = 0; d < 256; d++) {
		if (!desc_row_used(st, d))
			continue;
		json_obj_begin(j);
		json_kv_u64(j, "code", d);
		json_kv_str(j, "name", ktls_alert_desc_name(d));
		for (c = 1; c <= KTLS_ALERT_NR_CLASSES; c++)
			json_kv_u64(j, ktls_alert_class_name(c),
				    st->desc_count[d][c]);
		json_obj_end(j);
	}
	json_arr_end(j);

	json_key(j, "malformed");
	json_obj_begin(j);
	for (r = 1; r <= KTLS_ALERT_NR_REASONS; r++)
		json_kv_u64(j, ktls_alert_malformed_name(r), st->malformed[r]);
	json_obj_end(j);

	json_key(j, "control");
	json_arr_begin(j);
	for (t = 0; t < 256; t++) {
		if (!st->control[t])
			continue;
		json_obj_begin(j);
		json_kv_u64(j, "content_type", t);
		json_kv_str(j, "name", ktls_alert_content_type_name(t));
		json_kv_u64(j, "count", st->control[t]);
		json_obj_end(j);
	}
	json_arr_end(j);

	kv_u64_if(j, "undelivered", STATS_HAS(st, UNDELIVERED),
		  st->undelivered);
	kv_u64_if(j, "missed", STATS_HAS(st, MISSED), st->missed);
	json_obj_end(j);
}

void fmt_stats_text(FILE *f, const struct ktls_alert_stats *st)
{
	unsigned int c, d, r, t;
	bool any;

	fprintf(f, "alerts by class:\n");
	for (c = 1; c <= KTLS_ALERT_NR_CLASSES; c++)
		fprintf(f, "  %-10s %12" PRIu64 "\n", ktls_alert_class_name(c),
			st->class_count[c]);

	fprintf(f, "alerts by description:\n");
	any = false;
	for (d = 0; d < 256; d++) {
		if (!desc_row_used(st, d))
			continue;
		if (!any) {
			fprintf(f, "  %4s %-32s", "code", "name");
			for (c = 1; c <= KTLS_ALERT_NR_CLASSES; c++)
				fprintf(f, " %10s", ktls_alert_class_name(c));
			fputc('\n', f);
			any = true;
		}
		fprintf(f, "  %4u %-32s", d, ktls_alert_desc_name(d));
		for (c = 1; c <= KTLS_ALERT_NR_CLASSES; c++)
			fprintf(f, " %10" PRIu64, st->desc_count[d][c]);
		fputc('\n', f);
	}
	if (!any)
		fprintf(f, "  (none)\n");

	fprintf(f, "malformed records by reason:\n");
	for (r = 1; r <= KTLS_ALERT_NR_REASONS; r++)
		fprintf(f, "  %-10s %12" PRIu64 "\n",
			ktls_alert_malformed_name(r), st->malformed[r]);

	fprintf(f, "other control records by content type:\n");
	any = false;
	for (t = 0; t < 256; t++) {
		if (!st->control[t])
			continue;
		fprintf(f, "  %4u %-20s %12" PRIu64 "\n", t,
			ktls_alert_content_type_name(t), st->control[t]);
		any = true;
	}
	if (!any)
		fprintf(f, "  (none)\n");

	if (STATS_HAS(st, UNDELIVERED))
		fprintf(f, "undelivered notifications: %" PRIu64 "\n",
			st->undelivered);
	if (STATS_HAS(st, MISSED))
		fprintf(f, "missed records (module-wide): %" PRIu64 "\n",
			st->missed);
}

/* ---- registry entries ---- */

void fmt_desc_json(struct json *j, unsigned int code)
{
	const struct ktls_alert_desc_info *d = ktls_alert_desc_lookup(code);

	json_obj_begin(j);
	json_kv_u64(j, "code", code);
	json_kv_str(j, "name", d ? d->name : ktls_alert_desc_name(code));
	json_kv_bool(j, "known", d != NULL);
	json_kv_str(j, "reference", d ? d->reference : NULL);
	json_kv_bool(j, "reserved", d && d->reserved);
	json_kv_bool(j, "closure", d && d->closure);
	json_kv_str(j, "explanation", d ? d->explanation : NULL);
	json_obj_end(j);
}

void fmt_desc_text(FILE *f, unsigned int code)
{
	const struct ktls_alert_desc_info *d = ktls_alert_desc_lookup(code);

	if (!d) {
		fprintf(f, "%u: unassigned in the IANA TLS Alerts registry.\n"
			"  ktls_alert reports it as an unknown description. In TLS 1.3 it is\n"
			"  classified fatal; in TLS 1.2 its level byte decides.\n",
			code);
		return;
	}
	fprintf(f, "%s (%u), %s\n", d->name, d->code, d->reference);
	fprintf(f, "  %s\n", d->explanation);
	if (d->closure)
		fprintf(f, "  A closure alert: classified closure in TLS 1.2 and 1.3 alike.\n");
	else
		fprintf(f, "  An error alert: fatal in TLS 1.3; in TLS 1.2 its level byte decides.\n");
	if (d->reserved)
		fprintf(f, "  Reserved: a compliant peer never sends it.\n");
}
