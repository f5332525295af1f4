// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * ktls-alert list and ktls-alert explain: the IANA TLS Alerts registry as
 * the library knows it. Neither needs the module.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static void list_usage(FILE *f)
{
	fprintf(f,
		"Usage: %s list [OPTIONS]\n"
		"\n"
		"List every alert description of the IANA TLS Alerts registry: code,\n"
		"name, defining document, flags and a one-line explanation.\n"
		"\n"
		"Options:\n"
		"  -j, --json      a JSON array of objects\n"
		"  -h, --help      this text\n"
		"  -V, --version   the version\n", PROG);
}

static void explain_usage(FILE *f)
{
	fprintf(f,
		"Usage: %s explain [OPTIONS] NAME|CODE...\n"
		"\n"
		"Explain alert descriptions, given by registry name (handshake_failure)\n"
		"or by number (40, 0x28). Numbers 0..255 that the registry does not\n"
		"assign are explained as unknown.\n"
		"\n"
		"Options:\n"
		"  -j, --json      one JSON object per description, one per line\n"
		"  -h, --help      this text\n"
		"  -V, --version   the version\n", PROG);
}

/* Parse the options both commands share: --json, --help, --version. */
static int parse_simple(int argc, char **argv, const char *cmd,
			void (*usage)(FILE *f), bool *json, bool *done)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	*done = false;
	while ((c = getopt_long(argc, argv, "jhV", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			usage(stdout);
			*done = true;
			return cli_finish_output();
		case 'V':
			cli_version();
			*done = true;
			return cli_finish_output();
		default:
			*done = true;
			return cli_bad_option(cmd, argc, argv);
		}
	}
	return EXIT_OK;
}

static void flags_text(char *buf, size_t len,
		       const struct ktls_alert_desc_info *d)
{
	snprintf(buf, len, "%s%s%s", d->closure ? "closure" : "",
		 d->closure && d->reserved ? "," : "",
		 d->reserved ? "reserved" : "");
	if (!buf[0])
		snprintf(buf, len, "-");
}

int cmd_list(int argc, char **argv)
{
	const struct ktls_alert_desc_info *d;
	bool json = false, done;
	char flags[32];
	struct json j;
	size_t i;
	int ret;

	ret = parse_simple(argc, argv, "list", list_usage, &json, &done);
	if (done)
		return ret;
	if (optind < argc)
		return cli_usage_error("list", "unexpected argument '%s'",
				       argv[optind]);

	if (json) {
		json_init(&j, stdout);
		json_arr_begin(&j);
		for (i = 0; (d = ktls_alert_desc_at(i)); i++)
			fmt_desc_json(&j, d->code);
		json_arr_end(&j);
		fputc('\n', stdout);
		return cli_finish_output();
	}

	printf("%4s  %-32s %-12s %-9s %s\n", "code", "name", "reference",
	       "flags", "explanation");
	for (i = 0; (d = ktls_alert_desc_at(i)); i++) {
		flags_text(flags, sizeof(flags), d);
		printf("%4u  %-32s %-12s %-9s %s\n", d->code, d->name,
		       d->reference, flags, d->explanation);
	}
	return cli_finish_output();
}

int cmd_explain(int argc, char **argv)
{
	bool json = false, done;
	struct json j;
	int i, code, ret;

	ret = parse_simple(argc, argv, "explain", explain_usage, &json, &done);
	if (done)
		return ret;
	if (optind >= argc)
		return cli_usage_error("explain", "which description? Give a name or a number");

	/* Check them all before printing anything. */
	for (i = optind; i < argc; i++)
		if (cli_parse_desc(argv[i]) < 0)
			return cli_usage_error("explain",
					       "'%s' is neither a registry name nor a number 0..255 (see '%s list')",
					       argv[i], PROG);

	json_init(&j, stdout);
	for (i = optind; i < argc; i++) {
		code = cli_parse_desc(argv[i]);
		if (json) {
			fmt_desc_json(&j, (unsigned int)code);
			fputc('\n', stdout);
		} else {
			if (i > optind)
				putchar('\n');
			fmt_desc_text(stdout, (unsigned int)code);
		}
	}
	return cli_finish_output();
}
