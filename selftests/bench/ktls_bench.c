// SPDX-License-Identifier: GPL-2.0
/*
 * Workloads for `make bench`, run inside the benchmark guest. Each run
 * prints one JSON object on stdout; scripts/bench and bench/run.py decide
 * what to load, interleave the runs and compare them.
 *
 *   ktls_bench bulk  --version 12|13 --record BYTES --bytes TOTAL
 *	A kTLS transfer over loopback: a sender thread writes TOTAL bytes in
 *	writes of one record each, the receiver reads them. Reports the time
 *	and throughput.
 *
 *   ktls_bench storm --version 12|13 --conns N --alerts TOTAL
 *		      [--kind warning|closure] [--listen]
 *	warning: N connections whose receiving side has kTLS RX; one thread
 *	writes TOTAL TLS 1.2 warning alert records (no_renegotiation),
 *	encrypted beforehand, round-robin in bursts, as fast as TCP takes
 *	them; another receives them with recvmsg as they become readable.
 *	closure: TOTAL connections in turn, each delivers one close_notify
 *	and is closed (connection churn).
 *	--listen: a third thread consumes the events with libktls_alert and
 *	counts delivered and lost events.
 *	Reports the total time, the receiving thread's CPU time (its recvmsg
 *	calls and the softirq work done in its context: the kernel's cost of
 *	receiving the alerts, plus what the module adds there; the listener's
 *	own work is in its thread, not here), and the listener's counts. For
 *	closure churn the one thread also connects, sends and closes.
 *
 * Times come from CLOCK_MONOTONIC; in a guest run with -icount shift=0 they
 * count guest instructions (1 ns per instruction).
 */
#include <errno.h>
#include <getopt.h>
#include <linux/tls.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <ktls_alert/ktls_alert.h>

#include "lib/ktls.h"

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static uint64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static void die(const char *what, int err)
{
	fprintf(stderr, "ktls_bench: %s: %s\n", what, strerror(err));
	exit(1);
}

struct opts {
	const char *mode;
	uint16_t version;
	size_t record;
	size_t bytes;
	unsigned int conns;
	unsigned long alerts;
	int closure;
	int listen;
};

/* ---- bulk ---- */

struct bulk_tx {
	int fd;
	size_t record, bytes;
};

static void *bulk_send(void *arg)
{
	struct bulk_tx *tx = arg;
	char *buf = calloc(1, tx->record);
	size_t left = tx->bytes;
	int err;

	if (!buf)
		die("calloc", ENOMEM);
	while (left) {
		size_t n = left < tx->record ? left : tx->record;

		err = ktls_write_all(tx->fd, buf, n);
		if (err)
			die("bulk write", -err);
		left -= n;
	}
	free(buf);
	return NULL;
}

static void run_bulk(const struct opts *o)
{
	struct bulk_tx tx = { .record = o->record, .bytes = o->bytes };
	char why[256], *buf;
	struct ktls_pair p;
	size_t got = 0;
	pthread_t th;
	uint64_t t0, t, cpu0, cpu;
	ssize_t n;
	int err;

	err = ktls_pair_open(&p, KTLS_INET4, o->version, TLS_CIPHER_AES_GCM_128,
			     0, why, sizeof(why));
	if (err)
		die(why, -err);
	buf = malloc(65536);
	if (!buf)
		die("malloc", ENOMEM);
	tx.fd = p.client;
	t0 = now_ns();
	cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	if (pthread_create(&th, NULL, bulk_send, &tx))
		die("pthread_create", errno);
	while (got < o->bytes) {
		n = read(p.server, buf, 65536);
		if (n <= 0)
			die("bulk read", n < 0 ? errno : EPIPE);
		got += n;
	}
	t = now_ns() - t0;
	pthread_join(th, NULL);
	cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	printf("{\"mode\":\"bulk\",\"version\":\"%s\",\"record\":%zu,\"bytes\":%zu,"
	       "\"ns\":%llu,\"cpu_ns\":%llu,\"mbps\":%.3f}\n",
	       o->version == TLS_1_3_VERSION ? "1.3" : "1.2", o->record,
	       o->bytes, (unsigned long long)t, (unsigned long long)cpu,
	       o->bytes * 1e3 / t);
	free(buf);
	ktls_pair_close(&p);
}

/* ---- storm ---- */

struct listener {
	struct ktls_alert *h;
	atomic_ulong delivered;
	atomic_ulong lost;
	atomic_int stop;
	int pipe[2];
};

static int count_event(const struct ktls_alert_event *ev, void *data)
{
	struct listener *l = data;

	(void)ev;
	atomic_fetch_add(&l->delivered, 1);
	return 0;
}

static int count_lost(uint64_t lost, void *data)
{
	struct listener *l = data;

	atomic_fetch_add(&l->lost, lost);
	return 0;
}

static void *listen_loop(void *arg)
{
	struct listener *l = arg;
	struct pollfd pfd[2] = {
		{ .fd = ktls_alert_fd(l->h), .events = POLLIN },
		{ .fd = l->pipe[0], .events = POLLIN },
	};
	int n;

	for (;;) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			die("listener poll", errno);
		n = ktls_alert_dispatch(l->h, count_event, count_lost, l);
		if (n < 0 && n != -EAGAIN)
			die(ktls_alert_last_error(l->h), -n);
		if (pfd[1].revents && n == 0)
			break;
	}
	return NULL;
}

/*
 * Alert records are built in userspace, before the clock starts, under the
 * keys the receiving sockets use: every connection starts at sequence
 * number 0, so one stream of records serves them all. Senders then only
 * write bytes, and the measured cost is the receiving side's.
 */
struct stream {
	uint8_t *buf;
	size_t *end;		/* end[i]: bytes of records 0..i */
	unsigned long n;
};

static void stream_build(struct stream *st, uint16_t version,
			 unsigned long n, uint8_t level, uint8_t desc)
{
	const uint8_t alert[2] = { level, desc };
	uint8_t rec[64];
	size_t len = 0;
	unsigned long i;
	ssize_t r;

	st->buf = malloc(n * sizeof(rec));
	st->end = malloc(n * sizeof(*st->end));
	if (!st->buf || !st->end)
		die("malloc", ENOMEM);
	for (i = 0; i < n; i++) {
		r = ktls_build_record(rec, sizeof(rec), version,
				      TLS_CIPHER_AES_GCM_128, KTLS_DIR_C2S, i,
				      21, alert, sizeof(alert), 0);
		if (r < 0)
			die("build record", (int)-r);
		memcpy(st->buf + len, rec, r);
		len += r;
		st->end[i] = len;
	}
	st->n = n;
}

static size_t stream_bytes(const struct stream *st, unsigned long from,
			   unsigned long count)
{
	return st->end[from + count - 1] - (from ? st->end[from - 1] : 0);
}

static const uint8_t *stream_at(const struct stream *st, unsigned long from)
{
	return st->buf + (from ? st->end[from - 1] : 0);
}

struct storm_tx {
	struct ktls_pair *pairs;
	const struct stream *st;
	unsigned int conns;
	unsigned long alerts;
};

/* Round-robin over the connections, a burst of records at a time. */
static void *storm_send(void *arg)
{
	struct storm_tx *tx = arg;
	unsigned long *sent = calloc(tx->conns, sizeof(*sent));
	unsigned long left = tx->alerts, per, burst;
	unsigned int c;
	int err;

	if (!sent)
		die("calloc", ENOMEM);
	while (left) {
		for (c = 0; c < tx->conns && left; c++) {
			per = tx->alerts / tx->conns + (c < tx->alerts % tx->conns);
			burst = per - sent[c] < 64 ? per - sent[c] : 64;
			if (!burst)
				continue;
			err = ktls_write_all(tx->pairs[c].client,
					     stream_at(tx->st, sent[c]),
					     stream_bytes(tx->st, sent[c], burst));
			if (err)
				die("write records", -err);
			sent[c] += burst;
			left -= burst;
		}
	}
	free(sent);
	return NULL;
}

/* Receive one alert record; 0 when no whole record was queued yet. */
static int recv_alert(int fd)
{
	uint8_t buf[64], type;
	ssize_t n = ktls_recv_record(fd, buf, sizeof(buf), &type, MSG_DONTWAIT);

	if (n == -EAGAIN)
		return 0;
	if (n != 2 || type != 21)
		die("recv alert", n < 0 ? (int)-n : EPROTO);
	return 1;
}

static void storm_warnings(const struct opts *o, const struct stream *st)
{
	struct ktls_pair *pairs = calloc(o->conns, sizeof(*pairs));
	struct storm_tx tx = { pairs, st, o->conns, o->alerts };
	struct epoll_event ev, evs[64];
	unsigned long got = 0;
	char why[256];
	unsigned int i;
	pthread_t th;
	int ep, n, k;

	ep = epoll_create1(0);
	if (!pairs || ep < 0)
		die("setup", errno ? errno : ENOMEM);
	for (i = 0; i < o->conns; i++) {
		int err = ktls_pair_open_raw(&pairs[i], KTLS_INET4, o->version,
					     TLS_CIPHER_AES_GCM_128, why,
					     sizeof(why));
		if (err)
			die(why, -err);
		ev.events = EPOLLIN;
		ev.data.u32 = i;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, pairs[i].server, &ev))
			die("epoll_ctl", errno);
	}
	if (pthread_create(&th, NULL, storm_send, &tx))
		die("pthread_create", errno);
	while (got < o->alerts) {
		n = epoll_wait(ep, evs, 64, 10000);
		if (n <= 0)
			die("storm receive stalled", n < 0 ? errno : ETIMEDOUT);
		for (k = 0; k < n; k++) {
			int fd = pairs[evs[k].data.u32].server;

			/* Every whole record queued on this socket. */
			while (got < o->alerts && recv_alert(fd))
				got++;
		}
	}
	pthread_join(th, NULL);
	for (i = 0; i < o->conns; i++)
		ktls_pair_close(&pairs[i]);
	close(ep);
	free(pairs);
}

/* Connection churn: each connection delivers one close_notify and closes. */
static void storm_closures(const struct opts *o, const struct stream *st)
{
	struct ktls_pair p;
	unsigned long i;
	char why[256];
	int err;

	for (i = 0; i < o->alerts; i++) {
		struct pollfd pfd;

		err = ktls_pair_open_raw(&p, KTLS_INET4, o->version,
					 TLS_CIPHER_AES_GCM_128, why,
					 sizeof(why));
		if (err)
			die(why, -err);
		err = ktls_write_all(p.client, stream_at(st, 0),
				     stream_bytes(st, 0, 1));
		if (err)
			die("write close_notify", -err);
		pfd.fd = p.server;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 10000) != 1)
			die("close_notify never arrived", ETIMEDOUT);
		if (!recv_alert(p.server))
			die("close_notify not readable", EAGAIN);
		ktls_pair_close(&p);
	}
}

static void run_storm(const struct opts *o)
{
	struct listener l = { 0 };
	uint64_t t0, t, cpu0, cpu;
	struct stream st;
	pthread_t lth;
	char err[256];
	int ret;

	if (o->listen) {
		ret = ktls_alert_open(&l.h, err, sizeof(err));
		if (ret)
			die(err, -ret);
		ret = ktls_alert_subscribe(l.h);
		if (ret)
			die(ktls_alert_last_error(l.h), -ret);
		if (pipe(l.pipe))
			die("pipe", errno);
		if (pthread_create(&lth, NULL, listen_loop, &l))
			die("pthread_create", errno);
	}

	if (o->closure)
		stream_build(&st, o->version, 1, 1, 0);
	else
		stream_build(&st, o->version,
			     (o->alerts + o->conns - 1) / o->conns, 1, 100);

	t0 = now_ns();
	cpu0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	if (o->closure)
		storm_closures(o, &st);
	else
		storm_warnings(o, &st);
	cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
	t = now_ns() - t0;

	if (o->listen) {
		/* Let the listener drain what is queued, then stop it. */
		uint64_t deadline = now_ns() + 10000000000ull;

		while (atomic_load(&l.delivered) + atomic_load(&l.lost) < o->alerts &&
		       now_ns() < deadline)
			usleep(10000);
		if (write(l.pipe[1], "x", 1) != 1)
			die("pipe write", errno);
		pthread_join(lth, NULL);
		ktls_alert_close(l.h);
	}
	free(st.buf);
	free(st.end);
	printf("{\"mode\":\"storm\",\"kind\":\"%s\",\"version\":\"%s\",\"conns\":%u,"
	       "\"alerts\":%lu,\"ns\":%llu,\"rx_cpu_ns\":%llu,\"rate\":%.1f,"
	       "\"listen\":%s,\"delivered\":%lu,\"lost\":%lu}\n",
	       o->closure ? "closure" : "warning",
	       o->version == TLS_1_3_VERSION ? "1.3" : "1.2",
	       o->closure ? 1 : o->conns, o->alerts, (unsigned long long)t,
	       (unsigned long long)cpu, o->alerts * 1e9 / t,
	       o->listen ? "true" : "false",
	       (unsigned long)atomic_load(&l.delivered),
	       (unsigned long)atomic_load(&l.lost));
}

static void usage(void)
{
	fprintf(stderr,
		"usage: ktls_bench bulk --version 12|13 --record N --bytes N\n"
		"       ktls_bench storm --version 12|13 --conns N --alerts N\n"
		"                        [--kind warning|closure] [--listen]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "version", required_argument, NULL, 'v' },
		{ "record", required_argument, NULL, 'r' },
		{ "bytes", required_argument, NULL, 'b' },
		{ "conns", required_argument, NULL, 'c' },
		{ "alerts", required_argument, NULL, 'a' },
		{ "kind", required_argument, NULL, 'k' },
		{ "listen", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = {
		.version = TLS_1_3_VERSION,
		.record = 16384,
		.bytes = 16 << 20,
		.conns = 64,
		.alerts = 200000,
	};
	int c;

	if (argc < 2)
		usage();
	o.mode = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'v':
			o.version = !strcmp(optarg, "12") ? TLS_1_2_VERSION :
							    TLS_1_3_VERSION;
			break;
		case 'r':
			o.record = strtoul(optarg, NULL, 0);
			break;
		case 'b':
			o.bytes = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			o.conns = strtoul(optarg, NULL, 0);
			break;
		case 'a':
			o.alerts = strtoul(optarg, NULL, 0);
			break;
		case 'k':
			o.closure = !strcmp(optarg, "closure");
			break;
		case 'l':
			o.listen = 1;
			break;
		default:
			usage();
		}
	}
	if (!o.record || !o.conns || !o.alerts)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(o.mode, "bulk"))
		run_bulk(&o);
	else if (!strcmp(o.mode, "storm"))
		run_storm(&o);
	else
		usage();
	return 0;
}
