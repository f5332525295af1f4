/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * Shared pieces of the ktls-alert command line tool.
 */
#ifndef _KTLS_ALERT_CLI_H
#define _KTLS_ALERT_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <ktls_alert/ktls_alert.h>

#include "json.h"

#define PROG	"ktls-alert"

/* Exit codes; documented in ktls-alert(8). */
enum {
	EXIT_OK		= 0,
	EXIT_USAGE	= 1,
	EXIT_NOMODULE	= 2,
	EXIT_PERM	= 3,
	EXIT_RUNTIME	= 4,
};

/* Set by the SIGINT/SIGTERM handler. */
extern volatile sig_atomic_t cli_stop;

/* A subcommand: its name, a one-line summary and its function. */
struct cli_cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

int cmd_monitor(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_explain(int argc, char **argv);

/* main.c: helpers every subcommand uses */
void cli_version(void);
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cli_bad_option(const char *cmd, int argc, char **argv);
int cli_open(struct ktls_alert **hp);
int cli_fail(struct ktls_alert *h, int err);
int cli_finish_output(void);
bool cli_parse_u64(const char *s, uint64_t max, uint64_t *out);
int cli_parse_desc(const char *s);

/* format.c: how things look, in text and in JSON */
void fmt_time(char *buf, size_t len, uint64_t ns);
void fmt_addr(char *buf, size_t len, const uint8_t *addr, unsigned int alen,
	      unsigned int port, bool with_port);
void fmt_event_json(struct json *j, const struct ktls_alert_event *ev);
void fmt_event_text(FILE *f, const struct ktls_alert_event *ev);
void fmt_lost_json(struct json *j, uint64_t now_ns, uint64_t lost);
void fmt_lost_text(FILE *f, uint64_t now_ns, uint64_t lost);
void fmt_stats_json(struct json *j, const struct ktls_alert_stats *st);
void fmt_stats_text(FILE *f, const struct ktls_alert_stats *st);
void fmt_desc_json(struct json *j, unsigned int code);
void fmt_desc_text(FILE *f, unsigned int code);

#endif /* _KTLS_ALERT_CLI_H */
