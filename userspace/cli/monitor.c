// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * ktls-alert monitor: one line per alert, as it happens.
 *
 * SIGINT and SIGTERM stay blocked except inside ppoll(), so a signal either
 * arrives while the tool waits (and ends the wait) or is seen by the check
 * before the next wait; it is never lost between the two.
 */
#define _GNU_SOURCE	/* ppoll() */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"

struct monitor {
	bool json;
	uint64_t count;			/* stop after this many; 0: never */
	uint64_t shown;
	uint32_t classes;		/* bit per class value; 0: all */
	bool desc_filter;
	uint8_t descs[256 / 8];
	unsigned int nr_ports;
	uint16_t ports[64];
	struct json j;
};

static void monitor_usage(FILE *f)
{
	fprintf(f,
		"Usage: %s monitor [OPTIONS]\n"
		"\n"
		"Print one line per TLS alert seen on kTLS sockets of this network\n"
		"namespace. Needs CAP_NET_ADMIN.\n"
		"\n"
		"Options:\n"
		"  -j, --json                one JSON object per line (JSON Lines)\n"
		"  -c, --count N             stop after N alerts\n"
		"  -t, --timeout SEC         stop after SEC seconds (fractions allowed)\n"
		"      --class CLASS         only alerts of CLASS: closure, warning, fatal,\n"
		"                            malformed (repeat or separate with commas)\n"
		"      --description DESC    only this description, by name or number\n"
		"                            (repeat or separate with commas)\n"
		"      --port PORT           only sockets with this local or peer port\n"
		"                            (repeat or separate with commas)\n"
		"      --rcvbuf BYTES        receive buffer of the event socket\n"
		"  -q, --quiet               no \"listening\" notice on standard error\n"
		"  -h, --help                this text\n"
		"  -V, --version             the version\n"
		"\n"
		"Lost events are reported in the stream: a line with \"lost N events\",\n"
		"or in JSON an object with a \"lost\" key.\n", PROG);
}

static uint64_t now_realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static bool monitor_wants(const struct monitor *m,
			  const struct ktls_alert_event *ev)
{
	unsigned int i;

	if (m->classes &&
	    (ev->class >= 32 || !(m->classes & (1U << ev->class))))
		return false;
	if (m->desc_filter) {
		if (!KTLS_ALERT_HAS(ev, KTLS_ALERT_A_EVENT_DESCRIPTION))
			return false;
		if (!(m->descs[ev->description / 8] &
		      (1U << (ev->description % 8))))
			return false;
	}
	if (m->nr_ports) {
		for (i = 0; i < m->nr_ports; i++) {
			if (KTLS_ALERT_HAS(ev, KTLS_ALERT_A_EVENT_LOCAL_PORT) &&
			    ev->local_port == m->ports[i])
				return true;
			if (KTLS_ALERT_HAS(ev, KTLS_ALERT_A_EVENT_PEER_PORT) &&
			    ev->peer_port == m->ports[i])
				return true;
		}
		return false;
	}
	return true;
}

static int monitor_event(const struct ktls_alert_event *ev, void *data)
{
	struct monitor *m = data;

	if (!monitor_wants(m, ev))
		return 0;
	if (m->json) {
		fmt_event_json(&m->j, ev);
		fputc('\n', stdout);
	} else {
		fmt_event_text(stdout, ev);
	}
	m->shown++;
	return m->count && m->shown >= m->count ? 1 : 0;
}

static int monitor_lost(uint64_t lost, void *data)
{
	struct monitor *m = data;

	if (m->json) {
		fmt_lost_json(&m->j, now_realtime_ns(), lost);
		fputc('\n', stdout);
	} else {
		fmt_lost_text(stdout, now_realtime_ns(), lost);
	}
	return 0;
}

/* Apply @fn to every comma-separated item of @arg. */
static int for_each_item(const char *arg, struct monitor *m,
			 int (*fn)(const char *item, struct monitor *m))
{
	char item[128];
	const char *p = arg, *comma;
	size_t len;
	int ret;

	for (;;) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (!len || len >= sizeof(item))
			return cli_usage_error("monitor", "bad list '%s'", arg);
		memcpy(item, p, len);
		item[len] = '\0';
		ret = fn(item, m);
		if (ret)
			return ret;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

static int add_class(const char *item, struct monitor *m)
{
	int class = ktls_alert_class_by_name(item);

	if (class < 0)
		return cli_usage_error("monitor",
				       "unknown class '%s' (closure, warning, fatal, malformed)",
				       item);
	m->classes |= 1U << class;
	return 0;
}

static int add_desc(const char *item, struct monitor *m)
{
	int code = cli_parse_desc(item);

	if (code < 0)
		return cli_usage_error("monitor",
				       "unknown description '%s' (see '%s list')",
				       item, PROG);
	m->descs[code / 8] |= 1U << (code % 8);
	m->desc_filter = true;
	return 0;
}

static int add_port(const char *item, struct monitor *m)
{
	uint64_t port;

	if (!cli_parse_u64(item, 65535, &port))
		return cli_usage_error("monitor", "bad port '%s'", item);
	if (m->nr_ports >= sizeof(m->ports) / sizeof(m->ports[0]))
		return cli_usage_error("monitor", "too many ports");
	m->ports[m->nr_ports++] = (uint16_t)port;
	return 0;
}

static bool parse_seconds(const char *s, struct timespec *ts)
{
	double v;
	char *end;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !(v >= 0) || v > 1e9)
		return false;
	ts->tv_sec = (time_t)v;
	ts->tv_nsec = (long)((v - (double)ts->tv_sec) * 1e9);
	return true;
}

static void timespec_sub(struct timespec *r, const struct timespec *a,
			 const struct timespec *b)
{
	r->tv_sec = a->tv_sec - b->tv_sec;
	r->tv_nsec = a->tv_nsec - b->tv_nsec;
	if (r->tv_nsec < 0) {
		r->tv_sec--;
		r->tv_nsec += 1000000000L;
	}
}

static unsigned long netns_ino(void)
{
	struct stat st;

	if (stat("/proc/self/ns/net", &st) < 0)
		return 0;
	return (unsigned long)st.st_ino;
}

enum { OPT_CLASS = 256, OPT_DESC, OPT_PORT, OPT_RCVBUF };

int cmd_monitor(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "count", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "class", required_argument, NULL, OPT_CLASS },
		{ "description", required_argument, NULL, OPT_DESC },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "rcvbuf", required_argument, NULL, OPT_RCVBUF },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct timespec timeout = { 0 }, deadline, now, left;
	bool has_timeout = false, quiet = false;
	struct ktls_alert *h = NULL;
	struct monitor m = { 0 };
	uint64_t rcvbuf = 0, v;
	sigset_t block, orig;
	struct pollfd pfd;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "jc:t:qhV", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			m.json = true;
			break;
		case 'c':
			if (!cli_parse_u64(optarg, UINT64_MAX, &v) || !v)
				return cli_usage_error("monitor",
						       "--count needs a positive number, not '%s'",
						       optarg);
			m.count = v;
			break;
		case 't':
			if (!parse_seconds(optarg, &timeout))
				return cli_usage_error("monitor",
						       "--timeout needs seconds, not '%s'",
						       optarg);
			has_timeout = true;
			break;
		case OPT_CLASS:
			ret = for_each_item(optarg, &m, add_class);
			if (ret)
				return ret;
			break;
		case OPT_DESC:
			ret = for_each_item(optarg, &m, add_desc);
			if (ret)
				return ret;
			break;
		case OPT_PORT:
			ret = for_each_item(optarg, &m, add_port);
			if (ret)
				return ret;
			break;
		case OPT_RCVBUF:
			if (!cli_parse_u64(optarg, 1U << 30, &rcvbuf) || !rcvbuf)
				return cli_usage_error("monitor",
						       "--rcvbuf needs a size in bytes, not '%s'",
						       optarg);
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			monitor_usage(stdout);
			return cli_finish_output();
		case 'V':
			cli_version();
			return cli_finish_output();
		default:
			return cli_bad_option("monitor", argc, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("monitor", "unexpected argument '%s'",
				       argv[optind]);

	/* Whoever reads a pipe wants each event when it happens. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	json_init(&m.j, stdout);

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &orig);

	ret = cli_open(&h);
	if (ret)
		return ret;
	if (rcvbuf) {
		ret = ktls_alert_set_rcvbuf(h, (int)rcvbuf);
		if (ret)
			goto fail;
	}
	ret = ktls_alert_subscribe(h);
	if (ret)
		goto fail;
	if (!quiet)
		fprintf(stderr, "%s: listening for alerts in network namespace %lu\n",
			PROG, netns_ino());

	clock_gettime(CLOCK_MONOTONIC, &now);
	deadline.tv_sec = now.tv_sec + timeout.tv_sec;
	deadline.tv_nsec = now.tv_nsec + timeout.tv_nsec;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}

	pfd.fd = ktls_alert_fd(h);
	pfd.events = POLLIN;
	while (!cli_stop) {
		ret = ktls_alert_dispatch(h, monitor_event, monitor_lost, &m);
		if (ret == -EBADMSG) {
			/* One bad notification; the ones after it still count. */
			fprintf(stderr, "%s: skipped a notification: %s\n", PROG,
				ktls_alert_last_error(h));
		} else if (ret < 0) {
			goto fail;
		}
		if (ferror(stdout))
			break;
		if (m.count && m.shown >= m.count)
			break;
		if (has_timeout) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			timespec_sub(&left, &deadline, &now);
			if (left.tv_sec < 0)
				break;
		}
		if (ret == -EBADMSG)
			continue;
		if (ppoll(&pfd, 1, has_timeout ? &left : NULL, &orig) < 0 &&
		    errno != EINTR) {
			fprintf(stderr, "%s: waiting for events: %s\n", PROG,
				strerror(errno));
			ktls_alert_close(h);
			return EXIT_RUNTIME;
		}
	}
	ktls_alert_close(h);
	return cli_finish_output();

fail:
	ret = cli_fail(h, ret);
	ktls_alert_close(h);
	return ret;
}
