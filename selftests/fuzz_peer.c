// SPDX-License-Identifier: GPL-2.0
/*
 * Peer-byte fuzzer: alert records of random lengths (0 to 64 bytes, and a
 * few up to the 16 KiB record limit) holding random bytes, encrypted under
 * the receiving socket's keys, over TLS 1.2 and TLS 1.3, read back through
 * the three receive paths: recvmsg with a control buffer; read() that gets
 * EIO and then recvmsg; splice() that gets EINVAL and then recvmsg.
 *
 *   fuzz_peer [--count N] [--seed S]
 *
 * Checks, with the expected verdict of every record computed here from the
 * RFC rules: each record gives exactly one event, in order, with the
 * expected class, reason and length; and afterwards the namespace's
 * counters equal the expected tallies exactly (per class, per malformed
 * reason, per description and class), so the sum over the classes equals
 * the number of records sent. Runs as root with the module loaded
 * (selftests/fuzz.sh). TAP output.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/tls.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ktls_alert/ktls_alert.h>

#include "lib/fuzz.h"
#include "lib/ktls.h"

#define MAXREC	16384

struct verdict {
	unsigned int class, reason, length;
};

/* RFC 8446 section 6 and RFC 5246 section 7.2, written out again here. */
static struct verdict expect(const uint8_t *b, size_t len, int tls13)
{
	struct verdict v = { .length = len };

	if (len == 0)
		v.reason = KTLS_ALERT_MALFORMED_EMPTY;
	else if (len == 1)
		v.reason = KTLS_ALERT_MALFORMED_TRUNCATED;
	else if (len > 2)
		v.reason = KTLS_ALERT_MALFORMED_OVERSIZED;
	else if (b[0] != 1 && b[0] != 2)
		v.reason = KTLS_ALERT_MALFORMED_BAD_LEVEL;
	if (v.reason)
		v.class = KTLS_ALERT_CLASS_MALFORMED;
	else if (b[1] == 0 || b[1] == 90)
		v.class = KTLS_ALERT_CLASS_CLOSURE;
	else if (tls13 || b[0] == 2)
		v.class = KTLS_ALERT_CLASS_FATAL;
	else
		v.class = KTLS_ALERT_CLASS_WARNING;
	return v;
}

struct run {
	struct verdict *want;
	unsigned long sent, seen, mismatched, lost;
};

static int on_event(const struct ktls_alert_event *ev, void *data)
{
	struct run *r = data;
	const struct verdict *w;

	if (r->seen >= r->sent) {
		r->mismatched++;
		return 0;
	}
	w = &r->want[r->seen++];
	if (ev->class != w->class || ev->length != w->length ||
	    (w->reason && ev->malformed != w->reason) ||
	    (!w->reason && KTLS_ALERT_HAS(ev, KTLS_ALERT_A_EVENT_MALFORMED))) {
		if (r->mismatched++ < 5)
			printf("# event %lu: class %u length %u reason %u, "
			       "expected %u %u %u\n", r->seen - 1, ev->class,
			       ev->length, ev->malformed, w->class, w->length,
			       w->reason);
	}
	return 0;
}

static int on_lost(uint64_t lost, void *data)
{
	((struct run *)data)->lost += lost;
	return 0;
}

/* Read one record through @path; returns its length or a negative errno. */
static ssize_t receive(int fd, int path, uint8_t *buf, int *path_ok)
{
	uint8_t type = 0;
	ssize_t n;
	int p[2];

	*path_ok = 1;
	if (path == 1) {
		n = read(fd, buf, MAXREC);
		*path_ok = n < 0 && errno == EIO;
	} else if (path == 2) {
		if (pipe(p))
			return -errno;
		n = splice(fd, NULL, p[1], NULL, MAXREC, 0);
		*path_ok = n < 0 && errno == EINVAL;
		close(p[0]);
		close(p[1]);
	}
	n = ktls_recv_record(fd, buf, MAXREC, &type, 0);
	if (n >= 0 && type != 21)
		return -EPROTO;
	return n;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	static struct ktls_alert_stats st;
	static uint64_t want_class[KTLS_ALERT_NR_CLASSES + 1];
	static uint64_t want_reason[KTLS_ALERT_NR_REASONS + 1];
	static uint64_t want_desc[256][KTLS_ALERT_NR_CLASSES + 1];
	static uint8_t plain[MAXREC], rec[MAXREC + 64], got[MAXREC];
	unsigned long count = 20000, bad_path = 0, bad_read = 0, per_path[3] = { 0 };
	unsigned long big = 0, i;
	struct ktls_pair pair[2];
	uint64_t seq[2] = { 0, 0 }, seed = 0, sum;
	struct run r = { 0 };
	struct ktls_alert *h;
	char why[256];
	int c, err;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 'c')
			count = strtoul(optarg, NULL, 0);
		else if (c == 's')
			seed = strtoull(optarg, NULL, 0);
		else
			return 2;
	}
	if (!count) {
		fprintf(stderr, "fuzz_peer: --count must be at least 1\n");
		return 2;
	}
	if (!seed)
		seed = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull ^ (uint64_t)time(NULL);
	fuzz_seed(seed);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("# fuzz_peer: %lu records, seed %llu\n", count,
	       (unsigned long long)seed);

	r.want = calloc(count, sizeof(*r.want));
	err = ktls_alert_open(&h, why, sizeof(why));
	if (err || !r.want) {
		tap(0, "open the ktls_alert family: %s", why);
		return 1;
	}
	if (ktls_alert_reset_stats(h) || ktls_alert_subscribe(h)) {
		tap(0, "reset and subscribe: %s", ktls_alert_last_error(h));
		return 1;
	}
	for (c = 0; c < 2; c++) {
		err = ktls_pair_open_raw(&pair[c], KTLS_INET4,
					 c ? TLS_1_3_VERSION : TLS_1_2_VERSION,
					 TLS_CIPHER_AES_GCM_128, why, sizeof(why));
		if (err) {
			tap(0, "kTLS pair: %s", why);
			return 1;
		}
	}

	for (i = 0; i < count; i++) {
		int v = rnd() & 1, path = rnd() % 3, path_ok;
		size_t len = rnd() % 65, k;
		struct verdict w;
		ssize_t n;

		/* A few records up to the record size limit. */
		if (rnd() % 200 == 0) {
			len = 65 + rnd() % (MAXREC - 64);
			big++;
		}
		for (k = 0; k < len; k++)
			plain[k] = rnd();
		/* Make the two-byte case hit valid levels and known codes too. */
		if (len == 2 && rnd() % 2) {
			plain[0] = 1 + rnd() % 2;
			plain[1] = rnd() % 4 ? plain[1] % 122 : plain[1];
		}
		n = ktls_build_record(rec, sizeof(rec),
				      v ? TLS_1_3_VERSION : TLS_1_2_VERSION,
				      TLS_CIPHER_AES_GCM_128, KTLS_DIR_C2S,
				      seq[v]++, 21, plain, len, 0);
		if (n < 0 || ktls_write_all(pair[v].client, rec, n)) {
			tap(0, "build or write record %lu", i);
			return 1;
		}
		w = expect(plain, len, v);
		r.want[r.sent++] = w;
		want_class[w.class]++;
		if (w.reason)
			want_reason[w.reason]++;
		if (len >= 2)
			want_desc[plain[1]][w.class]++;

		n = receive(pair[v].server, path, got, &path_ok);
		per_path[path]++;
		bad_path += !path_ok;
		if (n != (ssize_t)len || (len && memcmp(got, plain, len)))
			bad_read++;
		if (ktls_alert_dispatch(h, on_event, on_lost, &r) < 0)
			break;
	}
	/* The last events may still be on their way. */
	while (r.seen + r.lost < r.sent) {
		struct pollfd pfd = { .fd = ktls_alert_fd(h), .events = POLLIN };

		if (poll(&pfd, 1, 5000) <= 0)
			break;
		ktls_alert_dispatch(h, on_event, on_lost, &r);
	}

	tap(r.sent == count, "%lu alert records sent (%lu up to 16 KiB): "
	    "%lu by recvmsg, %lu by EIO then recvmsg, %lu by splice then recvmsg",
	    r.sent, big, per_path[0], per_path[1], per_path[2]);
	tap(bad_path == 0, "read() gives EIO and splice() gives EINVAL on every "
	    "alert record (%lu did not)", bad_path);
	tap(bad_read == 0, "the application reads every record back intact "
	    "(%lu differed)", bad_read);
	tap(r.lost == 0 && r.seen == r.sent,
	    "one event per record: %lu events, %lu lost, for %lu records",
	    r.seen, (unsigned long)r.lost, r.sent);
	tap(r.mismatched == 0, "every event has the expected class, reason "
	    "and length (%lu did not)", r.mismatched);

	err = ktls_alert_get_stats(h, &st);
	sum = 0;
	for (c = 1; c <= KTLS_ALERT_NR_CLASSES; c++)
		sum += st.class_count[c];
	tap(!err && sum == count, "the classes add up to the records sent "
	    "(%llu of %lu)", (unsigned long long)sum, count);
	tap(!err && !memcmp(st.class_count, want_class, sizeof(want_class)),
	    "per-class counters equal the expected tallies");
	tap(!err && !memcmp(st.malformed, want_reason, sizeof(want_reason)),
	    "per-reason counters equal the expected tallies");
	tap(!err && !memcmp(st.desc_count, want_desc, sizeof(want_desc)),
	    "description x class counters equal the expected tallies");
	for (c = 0; c < 2; c++)
		ktls_pair_close(&pair[c]);
	ktls_alert_close(h);
	free(r.want);
	return tap_plan();
}
