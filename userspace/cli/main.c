// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * ktls-alert: watch and count TLS alerts on kernel TLS sockets.
 *
 * The table below lists the subcommands; each lives in its own function and
 * parses its own options. This file holds what they share: the error to
 * exit code mapping, number parsing and signal handling.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef KTA_VERSION
#define KTA_VERSION "unknown"
#endif

volatile sig_atomic_t cli_stop;

static const struct cli_cmd cli_cmds[] = {
	{ "monitor", "print alerts as they happen", cmd_monitor },
	{ "stats", "show (or reset) the alert counters", cmd_stats },
	{ "status", "show what the loaded module reports about itself", cmd_status },
	{ "list", "list every alert description in the IANA registry", cmd_list },
	{ "explain", "explain an alert description by name or number", cmd_explain },
};

#define NR_CMDS	(sizeof(cli_cmds) / sizeof(cli_cmds[0]))

void cli_version(void)
{
	printf("%s %s (libktls_alert %s)\n", PROG, KTA_VERSION,
	       ktls_alert_lib_version());
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: %s [--help | --version] COMMAND [OPTIONS]\n"
		"\n"
		"Commands:\n", PROG);
	for (i = 0; i < NR_CMDS; i++)
		fprintf(f, "  %-9s %s\n", cli_cmds[i].name, cli_cmds[i].summary);
	fprintf(f,
		"\n"
		"Run '%s COMMAND --help' for the options of a command.\n"
		"Exit codes: 0 ok, 1 usage, 2 module not loaded, 3 permission denied,\n"
		"4 other runtime error.\n", PROG);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s%s%s: ", PROG, cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s%s%s --help'.\n", PROG, cmd ? " " : "",
		cmd ? cmd : "");
	return EXIT_USAGE;
}

/*
 * After getopt_long() returned '?' or ':' (opterr is off). For a long
 * option glibc leaves its value in optopt when the option exists but its
 * argument is wrong, and 0 when no option matches (or several do).
 */
int cli_bad_option(const char *cmd, int argc, char **argv)
{
	const char *opt = optind >= 1 && optind - 1 < argc ?
			  argv[optind - 1] : "?";
	const char *eq;

	if (!strncmp(opt, "--", 2)) {
		eq = strchr(opt, '=');
		if (!optopt)
			return cli_usage_error(cmd, "unknown or ambiguous option '%.*s'",
					       eq ? (int)(eq - opt) : (int)strlen(opt),
					       opt);
		if (eq)
			return cli_usage_error(cmd, "option '%.*s' takes no value",
					       (int)(eq - opt), opt);
		return cli_usage_error(cmd, "option '%s' needs a value", opt);
	}
	/* A short one is named by its letter, which may sit in a cluster. */
	if (optopt > ' ' && optopt < 0x7f)
		return cli_usage_error(cmd, "option -%c is unknown or needs a value",
				       optopt);
	return cli_usage_error(cmd, "option '%s' is unknown", opt);
}

/* Map a library error to the documented exit code, after saying why. */
int cli_fail(struct ktls_alert *h, int err)
{
	const char *text = h ? ktls_alert_last_error(h) : "";

	if (cli_stop)
		return EXIT_OK;
	if (!text || !text[0])
		text = strerror(-err);
	fprintf(stderr, "%s: %s\n", PROG, text);
	if (err == -EPERM || err == -EACCES)
		return EXIT_PERM;
	return EXIT_RUNTIME;
}

int cli_open(struct ktls_alert **hp)
{
	char errbuf[256];
	int err;

	err = ktls_alert_open(hp, errbuf, sizeof(errbuf));
	if (!err)
		return EXIT_OK;
	fprintf(stderr, "%s: %s\n", PROG, errbuf[0] ? errbuf : strerror(-err));
	if (err == -ENOENT)
		return EXIT_NOMODULE;
	if (err == -EPERM || err == -EACCES)
		return EXIT_PERM;
	return EXIT_RUNTIME;
}

/* stdout must have reached its destination for the command to succeed. */
int cli_finish_output(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "%s: writing the output failed: %s\n", PROG,
			strerror(errno));
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

/*
 * A whole decimal (or 0x hex) number no larger than @max. A leading zero
 * is just a zero: "020" is twenty, never octal, as in ip(8) port numbers.
 */
bool cli_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	int base = 10;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!isxdigit((unsigned char)*s))
			return false;
	}
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

/* An alert description given by registry name or by number 0..255. */
int cli_parse_desc(const char *s)
{
	const struct ktls_alert_desc_info *d;
	uint64_t v;

	if (cli_parse_u64(s, 255, &v))
		return (int)v;
	d = ktls_alert_desc_by_name(s);
	return d ? d->code : -ENOENT;
}

static void on_signal(int sig)
{
	(void)sig;
	cli_stop = 1;
}

/* Ctrl-C and SIGTERM end the tool with status 0; see monitor.c for how a
 * wait is woken up.
 */
static void setup_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a blocked call returns EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* "monitor, stats, ...": the command names, from the table. */
static const char *cli_cmd_names(void)
{
	static char buf[128];
	size_t i, n = 0;

	for (i = 0; i < NR_CMDS && n < sizeof(buf); i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? ", " : "",
			      cli_cmds[i].name);
	return buf;
}

/* The command named @name exactly, or the only one it abbreviates. */
static const struct cli_cmd *find_cmd(const char *name)
{
	const struct cli_cmd *found = NULL;
	size_t i, len = strlen(name);

	for (i = 0; i < NR_CMDS; i++) {
		if (!strcmp(cli_cmds[i].name, name))
			return &cli_cmds[i];
		if (len && !strncmp(cli_cmds[i].name, name, len)) {
			if (found)
				return NULL;
			found = &cli_cmds[i];
		}
	}
	return found;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_cmd *cmd;
	int c;

	setup_signals();
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return cli_finish_output();
		case 'V':
			cli_version();
			return cli_finish_output();
		default:
			return cli_bad_option(NULL, argc, argv);
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = find_cmd(argv[optind]);
	if (!cmd)
		return cli_usage_error(NULL, "unknown or ambiguous command '%s' (commands: %s)",
				       argv[optind], cli_cmd_names());

	argc -= optind;
	argv += optind;
	optind = 0;	/* glibc: start the next getopt_long() from scratch */
	return cmd->run(argc, argv);
}
