// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * ktls-alert stats: the counters of this network namespace, or --reset.
 */
#include <getopt.h>
#include <stdlib.h>

#include "cli.h"

static void stats_usage(FILE *f)
{
	fprintf(f,
		"Usage: %s stats [OPTIONS]\n"
		"\n"
		"Show the alert counters of this network namespace: by class, by\n"
		"description and class, malformed records by reason, other control\n"
		"records by content type, and notifications that were not delivered.\n"
		"\n"
		"Options:\n"
		"  -j, --json      one JSON object\n"
		"  -r, --reset     set the counters to zero instead (needs CAP_NET_ADMIN)\n"
		"  -h, --help      this text\n"
		"  -V, --version   the version\n", PROG);
}

int cmd_stats(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "reset", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ktls_alert_stats *st = NULL;
	bool json = false, reset = false;
	struct ktls_alert *h = NULL;
	struct json j;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "jrhV", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'r':
			reset = true;
			break;
		case 'h':
			stats_usage(stdout);
			return cli_finish_output();
		case 'V':
			cli_version();
			return cli_finish_output();
		default:
			return cli_bad_option("stats", argc, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("stats", "unexpected argument '%s'",
				       argv[optind]);
	if (json && reset)
		return cli_usage_error("stats", "--reset prints nothing; drop --json");

	ret = cli_open(&h);
	if (ret)
		return ret;

	if (reset) {
		ret = ktls_alert_reset_stats(h);
		if (ret)
			goto fail;
		ktls_alert_close(h);
		return EXIT_OK;
	}

	/* About 10 KiB: too big to be polite on the stack. */
	st = malloc(sizeof(*st));
	if (!st) {
		ktls_alert_close(h);
		fprintf(stderr, "%s: out of memory\n", PROG);
		return EXIT_RUNTIME;
	}
	ret = ktls_alert_get_stats(h, st);
	if (ret)
		goto fail;
	if (json) {
		json_init(&j, stdout);
		fmt_stats_json(&j, st);
		fputc('\n', stdout);
	} else {
		fmt_stats_text(stdout, st);
	}
	free(st);
	ktls_alert_close(h);
	return cli_finish_output();

fail:
	ret = cli_fail(h, ret);
	free(st);
	ktls_alert_close(h);
	return ret;
}
