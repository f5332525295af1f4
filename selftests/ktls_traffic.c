// SPDX-License-Identifier: GPL-2.0
/*
 * ktls_traffic: kTLS loopback traffic with alerts, for the shell selftests
 * and for benchmarks, and a few one-shot ktls_alert requests.
 *
 *   ktls_traffic [send] [options]  send records over kTLS loopback pairs,
 *                                  read each back and check it
 *   ktls_traffic listen [options]  count ktls_alert events
 *   ktls_traffic info              get-info, as key=value lines
 *   ktls_traffic stats             get-stats, non-zero counters as key=value
 *   ktls_traffic reset             reset-stats
 *
 * send:
 *   -c N        connections, one thread each (1)
 *   -n N        records per connection (10; with -d, 0 means no limit)
 *   -d SEC      stop after SEC seconds
 *   -V 1.2|1.3  TLS version (1.3)
 *   -C NAME     cipher: aes-gcm-128 (default), aes-gcm-256, aes-ccm-128,
 *               chacha20-poly1305, ...
 *   -f FAMILY   inet (default), inet6 or mapped (v4-mapped IPv6)
 *   -k KIND     alert (default), data, control, malformed, or mixed
 *   -a L:D      the alert's level and description bytes (2:40)
 *   -s BYTES    data record size (1024)
 *   -r N        new connection after every N records (0: keep it)
 *   -i USEC     pause between records, per connection (0)
 *   -e          expect events: subscribe first, require exactly one event
 *               per alert record sent, from this process, none lost
 *   -p          print each receiving socket (cookie, family, ports, pid)
 * listen:
 *   -d SEC      listen for SEC seconds (10)
 *   -x N        stop once N events arrived
 *   -R          reopen the handle every 200 ms and whenever the module is
 *               away, to keep listening across rmmod/insmod
 *
 * SIGINT or SIGTERM ends send and listen early, with the summary. The
 * last line of send and listen is a summary of key=value pairs. Exit
 * status: 0 success, 1 a check failed or an I/O error, 2 usage, 3 the
 * ktls_alert module is not loaded (info, stats, reset, send -e).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/tls.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ktls_alert/ktls_alert.h>

#include "lib/ktls.h"

enum kind { KIND_ALERT, KIND_DATA, KIND_CONTROL, KIND_MALFORMED, KIND_MIXED };

static struct {
	int connections;
	long records;
	double seconds;
	uint16_t version;
	uint16_t cipher;
	enum ktls_family family;
	enum kind kind;
	uint8_t alert[2];
	size_t size;
	long reconnect;
	long interval_us;
	int expect;
	int print;
	long stop_after;
	int reopen;
} opt = {
	.connections = 1,
	.records = -1,
	.version = TLS_1_3_VERSION,
	.cipher = TLS_CIPHER_AES_GCM_128,
	.family = KTLS_INET4,
	.kind = KIND_ALERT,
	.alert = { 2, 40 },
	.size = 1024,
};

static atomic_ullong n_records, n_alerts, n_data, n_control, n_bytes,
		     n_conns;
static atomic_int failed;
static double deadline;
/* SIGINT/SIGTERM: finish the record in hand, print the summary, exit. */
static volatile sig_atomic_t stopping;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void fail(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&print_lock);
	fprintf(stderr, "ktls_traffic: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	pthread_mutex_unlock(&print_lock);
	atomic_store(&failed, 1);
}

/* The record number @i of a connection: content type and bytes. */
static size_t record_of(long i, uint8_t *type, uint8_t *buf)
{
	static const enum kind mix[8] = {
		KIND_ALERT, KIND_DATA, KIND_DATA, KIND_CONTROL,
		KIND_DATA, KIND_MALFORMED, KIND_DATA, KIND_ALERT,
	};
	enum kind k = opt.kind == KIND_MIXED ? mix[i % 8] : opt.kind;

	switch (k) {
	case KIND_ALERT:
		*type = 21;
		buf[0] = opt.alert[0];
		buf[1] = opt.alert[1];
		return 2;
	case KIND_MALFORMED:
		/* Truncated, then oversized, in turn. */
		*type = 21;
		memset(buf, 2, 3);
		return i % 2 ? 3 : 1;
	case KIND_CONTROL:
		/* A handshake record that is not a KeyUpdate. */
		*type = 22;
		memset(buf, 0, 4);
		buf[0] = 4;
		return 4;
	default:
		*type = 23;
		memset(buf, (int)(i & 0xff), opt.size);
		return opt.size;
	}
}

static int open_pair(struct ktls_pair *p)
{
	char why[256];
	uint64_t cookie = 0;
	int err;

	err = ktls_pair_open(p, opt.family, opt.version, opt.cipher, 0, why,
			     sizeof(why));
	if (err) {
		fail("%s", why);
		return err;
	}
	atomic_fetch_add(&n_conns, 1);
	if (opt.print) {
		struct sockaddr_storage l, r;
		socklen_t ll = sizeof(l), rl = sizeof(r);

		ktls_sock_cookie(p->server, &cookie);
		getsockname(p->server, (struct sockaddr *)&l, &ll);
		getpeername(p->server, (struct sockaddr *)&r, &rl);
		pthread_mutex_lock(&print_lock);
		printf("socket sock_cookie=%llu family=%u local_port=%u peer_port=%u pid=%d\n",
		       (unsigned long long)cookie, l.ss_family,
		       ntohs(((struct sockaddr_in *)&l)->sin_port),
		       ntohs(((struct sockaddr_in *)&r)->sin_port), getpid());
		fflush(stdout);
		pthread_mutex_unlock(&print_lock);
	}
	return 0;
}

static void *sender(void *arg)
{
	size_t cap = opt.size > 16 ? opt.size : 16;
	uint8_t *out = malloc(cap), *in = malloc(cap + 64), type, got;
	struct ktls_pair p = { .client = -1, .server = -1 };
	long i, in_conn = 0;
	ssize_t n;
	size_t len;

	(void)arg;
	if (!out || !in) {
		fail("out of memory");
		goto out;
	}
	if (open_pair(&p))
		goto out;
	for (i = 0; opt.records <= 0 || i < opt.records; i++) {
		if (stopping || (deadline && now() >= deadline))
			break;
		if (opt.reconnect && in_conn == opt.reconnect) {
			ktls_pair_close(&p);
			if (open_pair(&p))
				goto out;
			in_conn = 0;
		}
		len = record_of(in_conn, &type, out);
		n = ktls_send_record(p.client, type, out, len);
		if (n != (ssize_t)len) {
			fail("send of a %zu byte record of type %u: %s", len,
			     type, n < 0 ? strerror(-n) : "short");
			goto out;
		}
		n = ktls_recv_record(p.server, in, cap + 64, &got, 0);
		if (n != (ssize_t)len || got != type || memcmp(in, out, len)) {
			fail("record %ld of type %u came back as %zd bytes of type %u%s",
			     i, type, n, got, n < 0 ? strerror(-n) : "");
			goto out;
		}
		in_conn++;
		if (opt.interval_us)
			usleep(opt.interval_us);
		atomic_fetch_add(&n_records, 1);
		atomic_fetch_add(&n_bytes, len);
		if (type == 21)
			atomic_fetch_add(&n_alerts, 1);
		else if (type == 23)
			atomic_fetch_add(&n_data, 1);
		else
			atomic_fetch_add(&n_control, 1);
	}
out:
	ktls_pair_close(&p);
	free(out);
	free(in);
	return NULL;
}

struct event_check {
	unsigned long long events;
	unsigned long long lost;
	unsigned long long foreign;
};

static int on_event(const struct ktls_alert_event *ev, void *data)
{
	struct event_check *c = data;

	c->events++;
	if (ev->pid != (uint32_t)getpid() || !ev->class ||
	    ev->tls_version != opt.version || ev->cipher != opt.cipher)
		c->foreign++;
	return 0;
}

static int on_lost(uint64_t lost, void *data)
{
	((struct event_check *)data)->lost += lost;
	return 0;
}

static int open_handle(struct ktls_alert **h, int subscribe)
{
	char why[256];
	int err;

	err = ktls_alert_open(h, why, sizeof(why));
	if (err) {
		fprintf(stderr, "ktls_traffic: %s\n", why);
		return err == -ENOENT ? 3 : 1;
	}
	if (subscribe && ktls_alert_subscribe(*h)) {
		fprintf(stderr, "ktls_traffic: %s\n", ktls_alert_last_error(*h));
		ktls_alert_close(*h);
		return 1;
	}
	return 0;
}

static int do_send(void)
{
	struct event_check ec = { 0 };
	struct ktls_alert *h = NULL;
	pthread_t *th;
	double t0;
	int i, ret;

	if (opt.records < 0)
		opt.records = opt.seconds ? 0 : 10;
	if (opt.expect) {
		ret = open_handle(&h, 1);
		if (ret)
			return ret;
		ktls_alert_set_rcvbuf(h, 8 << 20);
	}
	th = calloc(opt.connections, sizeof(*th));
	if (!th)
		return 1;
	t0 = now();
	deadline = opt.seconds ? t0 + opt.seconds : 0;
	for (i = 0; i < opt.connections; i++)
		if (pthread_create(&th[i], NULL, sender, NULL)) {
			fail("pthread_create failed");
			opt.connections = i;
			break;
		}
	if (h) {
		/* Read events while the senders run: the buffer stays small. */
		struct pollfd pfd = { .fd = ktls_alert_fd(h), .events = POLLIN };

		while (atomic_load(&n_records) < (unsigned long long)
		       opt.records * opt.connections || opt.records == 0) {
			if (stopping || (deadline && now() > deadline + 1))
				break;
			if (atomic_load(&failed))
				break;
			poll(&pfd, 1, 20);
			if (ktls_alert_dispatch(h, on_event, on_lost, &ec) < 0)
				fail("%s", ktls_alert_last_error(h));
		}
	}
	for (i = 0; i < opt.connections; i++)
		pthread_join(th[i], NULL);
	free(th);
	if (h) {
		/* Every event is queued before its read returned. */
		if (ktls_alert_dispatch(h, on_event, on_lost, &ec) < 0)
			fail("%s", ktls_alert_last_error(h));
		if (ec.events != atomic_load(&n_alerts) || ec.lost || ec.foreign)
			fail("%llu alert records sent but %llu events (%llu lost, %llu not ours)",
			     atomic_load(&n_alerts), ec.events, ec.lost,
			     ec.foreign);
		ktls_alert_close(h);
	}
	printf("records=%llu alerts=%llu data=%llu control=%llu bytes=%llu connections=%llu seconds=%.3f",
	       atomic_load(&n_records), atomic_load(&n_alerts),
	       atomic_load(&n_data), atomic_load(&n_control),
	       atomic_load(&n_bytes), atomic_load(&n_conns), now() - t0);
	if (opt.expect)
		printf(" events=%llu lost=%llu", ec.events, ec.lost);
	printf("\n");
	return atomic_load(&failed) ? 1 : 0;
}

static int do_listen(void)
{
	unsigned long long opens = 0, open_errors = 0;
	struct event_check ec = { 0 };
	struct ktls_alert *h = NULL;
	double end, opened = 0;
	char why[256];
	int err;

	end = now() + (opt.seconds ? opt.seconds : 10);
	while (now() < end && !stopping) {
		struct pollfd pfd;

		if (opt.stop_after && ec.events >= (unsigned long long)opt.stop_after)
			break;
		if (h && opt.reopen && now() - opened > 0.2) {
			ktls_alert_close(h);
			h = NULL;
		}
		if (!h) {
			err = ktls_alert_open(&h, why, sizeof(why));
			if (!err)
				err = ktls_alert_subscribe(h);
			if (err) {
				ktls_alert_close(h);
				h = NULL;
				if (!opt.reopen) {
					fprintf(stderr, "ktls_traffic: %s\n", why);
					return err == -ENOENT ? 3 : 1;
				}
				/* The module is away, or going, or coming. */
				open_errors++;
				usleep(20000);
				continue;
			}
			ktls_alert_set_rcvbuf(h, 4 << 20);
			opens++;
			opened = now();
		}
		pfd.fd = ktls_alert_fd(h);
		pfd.events = POLLIN;
		poll(&pfd, 1, 50);
		err = ktls_alert_dispatch(h, on_event, on_lost, &ec);
		if (err < 0) {
			fail("%s", ktls_alert_last_error(h));
			break;
		}
	}
	ktls_alert_close(h);
	printf("events=%llu lost=%llu opens=%llu open_retries=%llu\n",
	       ec.events, ec.lost, opens, open_errors);
	return atomic_load(&failed) ? 1 : 0;
}

static int do_info(void)
{
	struct ktls_alert_info info;
	struct ktls_alert *h;
	int ret;

	ret = open_handle(&h, 0);
	if (ret)
		return ret;
	if (ktls_alert_get_info(h, &info)) {
		fprintf(stderr, "ktls_traffic: %s\n", ktls_alert_last_error(h));
		ktls_alert_close(h);
		return 1;
	}
	printf("version=%s\nrelease=%s\nhook_attached=%d\ntls_loaded=%d\nhook=%s\n",
	       info.version, info.release, info.hook_attached,
	       info.tls_loaded, info.hook);
	ktls_alert_close(h);
	return 0;
}

static int do_stats(int reset)
{
	struct ktls_alert_stats *st;
	struct ktls_alert *h;
	int ret, c, d;

	ret = open_handle(&h, 0);
	if (ret)
		return ret;
	if (reset) {
		ret = ktls_alert_reset_stats(h);
		if (ret)
			fprintf(stderr, "ktls_traffic: %s\n",
				ktls_alert_last_error(h));
		ktls_alert_close(h);
		return ret ? 1 : 0;
	}
	st = malloc(sizeof(*st));
	if (!st || ktls_alert_get_stats(h, st)) {
		fprintf(stderr, "ktls_traffic: %s\n", ktls_alert_last_error(h));
		ktls_alert_close(h);
		free(st);
		return 1;
	}
	for (c = 1; c <= KTLS_ALERT_NR_CLASSES; c++)
		printf("class.%s=%llu\n", ktls_alert_class_name(c),
		       (unsigned long long)st->class_count[c]);
	for (d = 0; d < 256; d++)
		for (c = 1; c <= KTLS_ALERT_NR_CLASSES; c++)
			if (st->desc_count[d][c])
				printf("desc.%d.%s=%llu\n", d,
				       ktls_alert_class_name(c),
				       (unsigned long long)st->desc_count[d][c]);
	for (c = 1; c <= KTLS_ALERT_NR_REASONS; c++)
		printf("malformed.%s=%llu\n", ktls_alert_malformed_name(c),
		       (unsigned long long)st->malformed[c]);
	for (d = 0; d < 256; d++)
		if (st->control[d])
			printf("control.%d=%llu\n", d,
			       (unsigned long long)st->control[d]);
	printf("undelivered=%llu\nmissed=%llu\n",
	       (unsigned long long)st->undelivered,
	       (unsigned long long)st->missed);
	free(st);
	ktls_alert_close(h);
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: ktls_traffic [send] [-c N] [-n N] [-d SEC] [-V 1.2|1.3] [-C CIPHER]\n"
		"                    [-f inet|inet6|mapped] [-k alert|data|control|malformed|mixed]\n"
		"                    [-a LEVEL:DESC] [-s BYTES] [-r N] [-i USEC] [-e] [-p]\n"
		"       ktls_traffic listen [-d SEC] [-x N] [-R]\n"
		"       ktls_traffic info | stats | reset\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const char *kinds[] = { "alert", "data", "control",
				       "malformed", "mixed" };
	const char *mode = "send";
	const struct ktls_cipher *c;
	unsigned int l, d;
	size_t i;
	int ch;

	if (argc > 1 && argv[1][0] != '-') {
		mode = argv[1];
		argv++;
		argc--;
	}
	while ((ch = getopt(argc, argv, "c:n:d:V:C:f:k:a:s:r:i:x:epR")) != -1) {
		switch (ch) {
		case 'c': opt.connections = atoi(optarg); break;
		case 'n': opt.records = atol(optarg); break;
		case 'd': opt.seconds = atof(optarg); break;
		case 'V':
			if (!strcmp(optarg, "1.2"))
				opt.version = TLS_1_2_VERSION;
			else if (!strcmp(optarg, "1.3"))
				opt.version = TLS_1_3_VERSION;
			else
				return usage();
			break;
		case 'C':
			for (i = 0, c = NULL; i < ktls_ncipher; i++)
				if (!strcmp(ktls_ciphers[i].name, optarg))
					c = &ktls_ciphers[i];
			if (!c)
				return usage();
			opt.cipher = c->type;
			break;
		case 'f':
			if (!strcmp(optarg, "inet"))
				opt.family = KTLS_INET4;
			else if (!strcmp(optarg, "inet6"))
				opt.family = KTLS_INET6;
			else if (!strcmp(optarg, "mapped"))
				opt.family = KTLS_INET6_MAPPED;
			else
				return usage();
			break;
		case 'k':
			for (i = 0; i < 5 && strcmp(kinds[i], optarg); i++)
				;
			if (i == 5)
				return usage();
			opt.kind = (enum kind)i;
			break;
		case 'a':
			if (sscanf(optarg, "%u:%u", &l, &d) != 2 || l > 255 ||
			    d > 255)
				return usage();
			opt.alert[0] = l;
			opt.alert[1] = d;
			break;
		case 's': opt.size = strtoul(optarg, NULL, 0); break;
		case 'r': opt.reconnect = atol(optarg); break;
		case 'i': opt.interval_us = atol(optarg); break;
		case 'x': opt.stop_after = atol(optarg); break;
		case 'e': opt.expect = 1; break;
		case 'p': opt.print = 1; break;
		case 'R': opt.reopen = 1; break;
		default: return usage();
		}
	}
	if (optind != argc || opt.connections < 1 || opt.size < 1 ||
	    opt.size > 16384)
		return usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (!strcmp(mode, "send"))
		return do_send();
	if (!strcmp(mode, "listen"))
		return do_listen();
	if (!strcmp(mode, "info"))
		return do_info();
	if (!strcmp(mode, "stats"))
		return do_stats(0);
	if (!strcmp(mode, "reset"))
		return do_stats(1);
	return usage();
}
