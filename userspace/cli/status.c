// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * ktls-alert status: what the loaded module says about itself (get-info).
 */
#include <getopt.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cli.h"

#define INFO_HAS(i, a)	KTLS_ALERT_HAS(i, KTLS_ALERT_A_INFO_##a)

static void status_usage(FILE *f)
{
	fprintf(f,
		"Usage: %s status [OPTIONS]\n"
		"\n"
		"Show the module version, the kernel release, whether the receive hook\n"
		"is attached and whether tls.ko is loaded.\n"
		"\n"
		"Options:\n"
		"  -j, --json      one JSON object\n"
		"  -h, --help      this text\n"
		"  -V, --version   the version\n", PROG);
}

static void status_json(struct ktls_alert *h, const struct ktls_alert_info *in)
{
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j);
	json_kv_str(&j, "module_version",
		    INFO_HAS(in, VERSION) ? in->version : NULL);
	json_kv_str(&j, "kernel_release",
		    INFO_HAS(in, RELEASE) ? in->release : NULL);
	if (INFO_HAS(in, HOOK_ATTACHED))
		json_kv_bool(&j, "hook_attached", in->hook_attached);
	else
		json_kv_null(&j, "hook_attached");
	json_kv_str(&j, "hook", INFO_HAS(in, HOOK) ? in->hook : NULL);
	if (INFO_HAS(in, TLS_LOADED))
		json_kv_bool(&j, "tls_loaded", in->tls_loaded);
	else
		json_kv_null(&j, "tls_loaded");
	json_kv_u64(&j, "family_id", ktls_alert_family_id(h));
	json_kv_u64(&j, "family_version", ktls_alert_family_version(h));
	json_kv_str(&j, "library_version", ktls_alert_lib_version());
	json_obj_end(&j);
	fputc('\n', stdout);
}

static const char *yes_no(bool has, bool v, const char *yes, const char *no)
{
	if (!has)
		return "unknown";
	return v ? yes : no;
}

static void status_text(struct ktls_alert *h, const struct ktls_alert_info *in)
{
	printf("module:   ktls_alert %s\n",
	       INFO_HAS(in, VERSION) ? in->version : "(version unknown)");
	printf("kernel:   %s\n", INFO_HAS(in, RELEASE) ? in->release : "unknown");
	printf("hook:     %s",
	       yes_no(INFO_HAS(in, HOOK_ATTACHED), in->hook_attached,
		      "attached", "not attached"));
	if (INFO_HAS(in, HOOK) && in->hook[0])
		printf(" (%s)", in->hook);
	putchar('\n');
	printf("tls.ko:   %s\n",
	       yes_no(INFO_HAS(in, TLS_LOADED), in->tls_loaded, "loaded",
		      "not loaded"));
	printf("family:   %s, id %u, version %u\n", KTLS_ALERT_FAMILY_NAME,
	       ktls_alert_family_id(h), ktls_alert_family_version(h));
	printf("library:  libktls_alert %s\n", ktls_alert_lib_version());
}

/*
 * Without the module there is no get-info, but what the host can tell is
 * still worth printing: the kernel and whether tls.ko is there.
 */
static void status_no_module(void)
{
	struct utsname u;

	printf("module:   not loaded\n");
	printf("kernel:   %s\n", uname(&u) ? "unknown" : u.release);
	printf("tls.ko:   %s\n",
	       access("/sys/module/tls", F_OK) ? "not loaded" : "loaded");
	printf("library:  libktls_alert %s\n", ktls_alert_lib_version());
}

int cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ktls_alert_info info;
	struct ktls_alert *h = NULL;
	bool json = false;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "jhV", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			status_usage(stdout);
			return cli_finish_output();
		case 'V':
			cli_version();
			return cli_finish_output();
		default:
			return cli_bad_option("status", argc, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("status", "unexpected argument '%s'",
				       argv[optind]);

	ret = cli_open(&h);
	if (ret == EXIT_NOMODULE && !json) {
		status_no_module();
		cli_finish_output();
	}
	if (ret)
		return ret;
	ret = ktls_alert_get_info(h, &info);
	if (ret) {
		ret = cli_fail(h, ret);
		ktls_alert_close(h);
		return ret;
	}
	if (json)
		status_json(h, &info);
	else
		status_text(h, &info);
	ktls_alert_close(h);
	return cli_finish_output();
}
